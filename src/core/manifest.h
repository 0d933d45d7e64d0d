/* manifest.h — the MANIFEST of an archive folder: what each of its files holds.
 *
 * DIR/MANIFEST is a CSV (csvio.h) with the columns path,size,sha256: one row per file
 * under DIR, at any depth, except MANIFEST itself; path relative to DIR, rows sorted by
 * path bytewise (strcmp), size in bytes, sha256 in lowercase hex (nettle's SHA-256). An
 * archive holds regular files and folders only: a symlink, a FIFO or anything else under
 * DIR is refused (die, naming it), and so is a MANIFEST that is not a regular file.
 *
 *   Manifest *m = manifest_scan("data/paper-profile/fig9");   every file, hashed
 *   manifest_write(m, "data/paper-profile/fig9/MANIFEST");    atomically
 *   int problems = manifest_compare(listed, m, dir);          prints each, named */
#ifndef ICAR_MANIFEST_H
#define ICAR_MANIFEST_H

#define MANIFEST_NAME "MANIFEST"
#define MANIFEST_HEADER "path,size,sha256"
enum { SHA256_HEX = 64 };

typedef struct {
    char *path;                 /* relative to the archive folder */
    long size;                  /* bytes */
    char sha256[SHA256_HEX + 1];
} ManifestEntry;

typedef struct {
    ManifestEntry *e;           /* [n], sorted by path */
    int n, cap;
} Manifest;

/* Every file under DIR except DIR/MANIFEST, hashed, sorted by path. Dies on anything
 * that is neither a regular file nor a folder, and on a file it cannot read. */
Manifest *manifest_scan(const char *dir);
/* The MANIFEST file at PATH; dies naming the file and row where a row is malformed (a
 * size that is not a whole number, a sha256 that is not 64 hex digits) or the paths are
 * not strictly increasing. */
Manifest *manifest_read(const char *path);
/* Writes M to PATH atomically; refuses a PATH that exists and is not a regular file. */
void manifest_write(const Manifest *m, const char *path);
/* The problems of PRESENT (a scan of DIR) against LISTED (its MANIFEST), one per file,
 * each printed on stderr as "DIR/PATH: ...": listed but missing, not listed, another
 * size, another sha256. Returns their number. */
int manifest_compare(const Manifest *listed, const Manifest *present, const char *dir);
void manifest_free(Manifest *m);
/* The SHA-256 of the file at PATH, in hex, and its size; dies if it cannot be read. */
void sha256_file(const char *path, char hex[SHA256_HEX + 1], long *size);
#endif
