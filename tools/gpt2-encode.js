#!/usr/bin/env node
// tools/gpt2-encode.js ENCODER_JS IN OUT
// The reference of claim fig4.tokenizer: encode each line of IN (one sentence per line,
// \n, \r and \\ escaped as src/text.h writes them)
// with the JavaScript GPT-2 encoder of the npm package gpt-3-encoder (ENCODER_JS is its
// Encoder.js) and write one line of space-separated ids per input line to OUT, the same
// format as `icar-bpe`. OUT appears whole or not at all.
'use strict';
const fs = require('fs');
const path = require('path');
if (process.argv.length !== 5) {
  process.stderr.write('usage: gpt2-encode.js ENCODER_JS IN OUT\n');
  process.exit(2);
}
const [encoderJs, inPath, outPath] = process.argv.slice(2);
const { encode } = require(path.resolve(encoderJs));
let text = fs.readFileSync(inPath, 'utf-8');
const lines = text.split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const unescape = l => l.replace(/\\([\s\S])/g, (m, c) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
const out = lines.map(l => encode(unescape(l)).join(' ')).join('\n') + '\n';
const tmp = `${outPath}.tmp.${process.pid}`;
fs.writeFileSync(tmp, out);
fs.renameSync(tmp, outPath);
process.stderr.write(`gpt2-encode.js: ${lines.length} lines encoded by ${encoderJs}\n`);
