/* The claims of the one-command figures computed from their output CSVs (src/derive/:
 * the functions icar-fig3, icar-fig4check, icar-fig6, icar-fig8, icar-fig9, icar-theory
 * and icar-rederive share), on made-up outputs whose claims are known; icar-rederive and
 * icar-archivecheck compare together: a re-derived fragment equals the archived one, an
 * archived fragment with one number changed fails naming the file, a claim added after
 * the archive passes, a claim the archive has and the derivation lacks fails; bad
 * inputs stop with an error. */
#include "fig3claims.h"
#include "fig4claims.h"
#include "fig6claims.h"
#include "fig8claims.h"
#include "fig9claims.h"
#include "matcsv.h"
#include "readfile.h"
#include "theoryclaims.h"
#include "test.h"

static char bindir[4096];

/* The measured value of claim ID in fragment PATH; NaN if absent. */
static double measured(const char *path, const char *id) {
    CsvTable *t = table_read(path);
    double v = NAN;
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, 0), id) == 0) v = table_num(t, r, 1);
    table_free(t);
    return v;
}

/* FN on the one table NAME, its claims into fragment OUT (both in the scratch folder). */
static void claims_of(const char *name, void (*fn)(const CsvTable *, Claims *), const char *out) {
    CsvTable *t = table_read(test_path(name));
    Claims *cl = claims_open(test_path(out));
    fn(t, cl);
    claims_close(cl);
    table_free(t);
}

static void test_fig9(void) {
    test_put(test_dir, "loss.csv", "# tool=icar-fig9\nepoch,linear,softmax,linear_mlp,softmax_mlp,test_linear,test_softmax,"
             "test_linear_mlp,test_softmax_mlp\n1,1,1,1,1,1,1,1,1\n2,1e-6,0.5,2e-6,0.1,0,0,0,0\n");
    claims_of("loss.csv", fig9_claims, "fig9-claims.csv");
    test_near("derive.fig9_ratio", measured(test_path("fig9-claims.csv"), "fig9.softmax_fails"), 0.1 / 2e-6, 1e-9);
}

static void test_fig8(void) {
    double M[9] = {1, 0.5, 0.1, 0.5, 1, 0.2, 0.1, 0.2, 2};
    test_near("derive.fig8_offdiag", fig8_offdiag_ratio(M, 3, 0), 1.6 / 4, 1e-15);
    test_near("derive.fig8_offdiag_skip", fig8_offdiag_ratio(M, 3, 2), 1.4 / 4, 1e-15);
    test_put(test_dir, "bb.csv", "i,j,init,trained\n1,1,1,2\n1,2,0.5,0.2\n2,1,0.5,0.2\n2,2,1,2\n");
    claims_of("bb.csv", fig8_claims, "fig8-claims.csv");
    test_near("derive.fig8_ratio", measured(test_path("fig8-claims.csv"), "fig8.orthogonality"), 0.1 / 0.5, 1e-15);
}

/* Figure 6's claims from made-up train, diagonals and lastrow files; LOSS300 is the
 * loss at mu = 300 (tol 0.001). */
static void fig6_claims_of(const char *loss300, const char *out) {
    char train[512];
    snprintf(train, sizeof train, "# tol=0.001\nmu,steps,loss,P_last_diag,P_last_superdiag\n50,9,0.0009,0.3,0.5\n"
             "100,9,0.0009,0.2,0.25\n300,9,%s,0.15,0.2\n", loss300);
    test_put(test_dir, "train.csv", train);
    test_put(test_dir, "diagonals.csv", "mu,k,spread_all_rows,spread_second_half\n50,0,9,9\n100,0,0.2,0.1\n100,1,0.4,0.1\n");
    test_put(test_dir, "lastrow.csv", "mu,col,value,masked\n50,1,0.5,0\n50,2,0.1,0\n50,3,0.3,0\n50,4,0.5,1\n"
             "300,1,0.1,0\n300,2,0.2,0\n300,3,0.3,0\n300,4,0.4,1\n");
    CsvTable *t[3] = {table_read(test_path("train.csv")), table_read(test_path("diagonals.csv")),
                      table_read(test_path("lastrow.csv"))};
    Claims *cl = claims_open(test_path(out));
    fig6_claims(t[0], t[1], t[2], cl);
    claims_close(cl);
    for (int k = 0; k < 3; k++) table_free(t[k]);
}

static void test_fig6(void) {
    double falls[4] = {0.1, 0.2, 0.3, 0.4}, bumpy[4] = {0.1, 0.3, 0.2, 0.4};
    test_near("derive.fig6_nonfalls_none", fig6_age_nonfalls(falls, 4), 0, 0);
    test_near("derive.fig6_nonfalls_one", fig6_age_nonfalls(bumpy, 4), 1, 0);
    fig6_claims_of("0.0005", "fig6-claims.csv");
    const char *p = test_path("fig6-claims.csv");
    test_near("derive.fig6_converged", measured(p, "fig6.converged"), 1, 0);
    test_near("derive.fig6_toeplitz", measured(p, "fig6.toeplitz"), 0.4, 0);
    test_near("derive.fig6_superdiag", measured(p, "fig6.superdiag"), 0.25, 0);
    test_near("derive.fig6_recent_first", measured(p, "fig6.recent_first"), 0, 0);
    test_near("derive.fig6_recent_grows", measured(p, "fig6.recent_grows"), 0.15 / 0.3, 1e-15);
    fig6_claims_of("0.002", "fig6-claims-late.csv");
    test_near("derive.fig6_not_converged", measured(test_path("fig6-claims-late.csv"), "fig6.converged"), 0, 0);
}

static void test_fig4(void) {
    test_put(test_dir, "hist.csv", "# bins=1\n# count_original=10\n# count_shuffled=41\nlo,hi,original,shuffled\n1,2,10,41\n");
    claims_of("hist.csv", fig4_claims, "fig4-claims.csv");
    test_near("derive.fig4_ratio", measured(test_path("fig4-claims.csv"), "fig4.count_ratio"), 4.1, 1e-15);
    test_near("derive.fig4_size", measured(test_path("fig4-claims.csv"), "fig4.count_size"), 4.1, 1e-15);
}

/* A made-up Figure 3 at d = 2, T = 3: both cases are exact minimisers (p_T' C_ii = 1,
 * P_{T'-1,T'-1} / P_{T'-1,T'} = -1/2 in the orthogonal case), and of two restarts both
 * unitary ones converged and one orthogonal one. */
static void put_fig3(const char *dir) {
    const char *set = "# d=2\n# T=3\n# max_steps=50\n# restarts=2\n# tol=1e-08\n";
    char text[1024];
    snprintf(text, sizeof text, "%scase,heads,lr,steps,final_loss,loss_at_step_100000\nunitary,2,0.01,7,1e-09,nan\n"
             "orthogonal,1,0.001,9,2e-09,nan\n", set);
    test_put(dir, "summary.csv", text);
    snprintf(text, sizeof text, "%scase,run,steps,final_loss,converged\nunitary,1,5,1e-9,1\northogonal,1,50,1,0\n"
             "unitary,2,5,1e-9,1\northogonal,2,5,1e-9,1\n", set);
    test_put(dir, "restarts.csv", text);
    test_put(dir, "unitary_C.csv", "row,col,value\n1,1,2\n1,2,0\n2,1,0\n2,2,2\n");
    test_put(dir, "unitary_P.csv", "row,col,value\n1,1,0\n1,2,0.5\n1,3,0\n2,1,0\n2,2,0\n2,3,0.5\n");
    test_put(dir, "orthogonal_C.csv", "row,col,value\n1,1,2\n1,2,2\n2,1,2\n2,2,2\n");
    test_put(dir, "orthogonal_P.csv", "row,col,value\n1,1,-0.25\n1,2,0.5\n1,3,0\n2,1,0\n2,2,-0.25\n2,3,0.5\n");
}

static void test_fig3(void) {
    put_fig3(test_dir);
    Claims *cl = claims_open(test_path("fig3-claims.csv"));
    fig3_claims(test_dir, cl);
    claims_close(cl);
    const char *p = test_path("fig3-claims.csv");
    test_near("derive.fig3_loss", measured(p, "prop3.loss"), 1e-9, 0);
    test_near("derive.fig3_offdiag", measured(p, "prop3.offdiag"), 0, 0);
    test_near("derive.fig3_pC", measured(p, "prop3.pC"), 0, 0);
    test_near("derive.fig3_p_other", measured(p, "prop3.p_other"), 0, 0);
    test_near("derive.fig3_rank", measured(p, "prop6.structure.rank"), 1, 0);
    test_near("derive.fig3_ratio", measured(p, "prop6.structure.ratio"), -0.5, 0);
    test_near("derive.fig3_block", measured(p, "prop6.structure.block"), 0, 0);
    test_near("derive.fig3_restarts_u", measured(p, "fig3.restarts_unitary"), 1, 0);
    test_near("derive.fig3_restarts_o", measured(p, "fig3.restarts_orthogonal"), 0.5, 0);
}

/* A made-up summary.csv of icar-theory (into DIR) whose claims are known. */
static void put_theory(const char *dir) {
    test_put(dir, "summary.csv", "# mc=1000\n# mc_d=6\n# mc_T=8\n# mc_heads=4\n# flow=200\nname,value\n"
             "lemma2.max_rel_diff,1e-14\nprop1.max_abs_diff,2e-15\nprop2.a3b1,0.11\nprop2.eta_star,0.1\n"
             "prop2.others,3e-7\nprop2.s0zero.a3b1,0.2\nprop2.s0zero.eta_shifted,0.25\nprop2.eta_times_Tmax_1e4,1.5\n"
             "prop4.mc,10\nprop4.mc_se,0.5\nprop4.closed_derived,11\nprop4.closed_printed,20\nprop6.mc,7\n"
             "prop6.mc_se,0.25\nprop6.closed_authors,6.5\nlemma3.closed,-3e-14\nlemma3.mc,1e-30\n"
             "prop5.converged,199\nprop7.max_abs_diff,4e-12\nprop7.top_over_T,0.9999\nprop7.top,30\nprop7.second,0.003\n");
}

static void test_theory(void) {
    put_theory(test_dir);
    claims_of("summary.csv", theory_claims, "theory-claims.csv");
    const char *p = test_path("theory-claims.csv");
    test_near("derive.theory_lemma2", measured(p, "lemma2.forward"), 1e-14, 0);
    test_near("derive.theory_prop2_eta", measured(p, "prop2.eta"), 0.1, 1e-15);
    test_near("derive.theory_prop2_s0zero", measured(p, "prop2.eta_s0zero"), 0.2, 1e-15);
    test_near("derive.theory_prop4", measured(p, "prop4.closed_vs_mc"), 2, 1e-15);
    test_near("derive.theory_prop4_printed", measured(p, "prop4.printed_erratum"), 20, 1e-15);
    test_near("derive.theory_prop6", measured(p, "prop6.closed_vs_mc"), 2, 1e-15);
    test_near("derive.theory_lemma3", measured(p, "lemma3.zero_loss"), 3e-14, 0);
    test_near("derive.theory_prop7", measured(p, "prop7.eigs"), 0.9999, 0);
    test_near("derive.theory_prop5", measured(p, "prop5.flow"), 199.0 / 200, 0);
    test_near("derive.theory_prop7_second", measured(p, "prop7.eigs.second"), 1e-4, 1e-15);
}

/* 1 iff the shell command CMD (run in the scratch folder, output to out.txt) exits 0. */
static int run(const char *cmd) {
    char full[16384];
    snprintf(full, sizeof full, "cd %s && %s > out.txt 2>&1", test_dir, cmd);
    return test_exit_status(system(full), cmd, NULL) == 0;
}

static int printed(const char *text) { return test_file_has("out.txt", text); }

/* A copy of fragment PATH (of the scratch folder) as TAMPERED, the measured value of claim
 * ID changed by its first digit (1 <-> 2, else to 1); 0 if there is no such file or claim. */
static int tamper(const char *path, const char *id, const char *tampered) {
    if (access(test_path(path), R_OK) != 0) return 0;
    size_t n;
    char *text = read_file(test_path(path), &n), row[256];
    snprintf(row, sizeof row, "\n%s,", id);
    char *at = strstr(text, row);
    if (at) {
        char *digit = at + strlen(row);
        *digit = *digit == '1' ? '2' : '1';
        test_write(test_path(tampered), text, n);
    }
    free(text);
    return at != NULL;
}

/* icar-rederive, then icar-archivecheck compare --exact of fragment ARCHIVED with it. */
static int rederived_equal(const char *figure, const char *archived) {
    char cmd[12000];
    snprintf(cmd, sizeof cmd, "%s/icar-rederive --figure %s --from . --claims derived.csv && "
             "%s/icar-archivecheck compare --id archive.rederived@x --claims cmp.csv --exact %s derived.csv",
             bindir, figure, bindir, archived);
    return run(cmd);
}

/* Every claim of the theory is derived from summary.csv: an archived fragment with the
 * share of Prop. 5's converged flows or the ratio of Prop. 7's eigenvalues changed fails,
 * naming the claim. */
static void test_theory_rederived(void) {
    char cmd[8400];
    put_theory(test_dir);
    snprintf(cmd, sizeof cmd, "%s/icar-rederive --figure theory --from . --claims theory-archived.csv", bindir);
    test_ok("rederive.theory_runs", run(cmd), "icar-rederive writes the theory's claims from its summary.csv alone");
    test_ok("rederive.theory_prop5_tampered", tamper("theory-archived.csv", "prop5.flow", "t5.csv") &&
            !rederived_equal("theory", "t5.csv") && printed("t5.csv: claim prop5.flow"),
            "an archived prop5.flow changed fails, naming the claim");
    test_ok("rederive.theory_prop7_tampered", tamper("theory-archived.csv", "prop7.eigs.second", "t7.csv") &&
            !rederived_equal("theory", "t7.csv") && printed("t7.csv: claim prop7.eigs.second"),
            "an archived prop7.eigs.second changed fails, naming the claim");
    test_put(test_dir, "summary.csv", "# mc=1000\n# mc_d=6\n# mc_T=8\n# mc_heads=4\n# flow=0\nname,value\n");
    test_ok("rederive.theory_bad_setting", !run(cmd) && printed("setting flow=0 is not a whole number"),
            "a summary.csv whose flow setting is not a count of starts stops, naming it");
}

static void test_rederive(void) {
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "%s/icar-rederive --figure fig9 --from . --claims archived.csv", bindir);
    test_ok("rederive.runs", run(cmd), "icar-rederive writes Figure 9's claims from a loss.csv");
    test_ok("rederive.same", rederived_equal("fig9", "archived.csv"), "the re-derived fragment equals the stored one");
    size_t n;
    char *text = read_file(test_path("archived.csv"), &n), *at = strstr(text, "50000");
    if (at) *at = '6';   /* the measured 50000.000... becomes 60000.000... */
    test_write(test_path("tampered.csv"), text, n);
    free(text);
    test_ok("rederive.tampered", at && !rederived_equal("fig9", "tampered.csv") && printed("tampered.csv: claim fig9.softmax_fails"),
            "an archived fragment with its number changed fails, naming the file and the claim");
    test_put(test_dir, "extra.csv", "id,measured,note\nfig9.other,1,\n");
    test_ok("rederive.missing", !rederived_equal("fig9", "extra.csv") && printed("claim fig9.other, which"),
            "an archived claim the derivation lacks fails");
    test_put(test_dir, "fewer.csv", "id,measured,note\nfig6.superdiag,0.25,\n");
    test_ok("rederive.added", rederived_equal("fig6", "fewer.csv") && printed("fig6.recent_grows is not in"),
            "a claim added after the archive is derived and listed, not counted");
    test_theory_rederived();
    snprintf(cmd, sizeof cmd, "%s/icar-rederive --figure fig5 --from . --claims f5.csv", bindir);
    test_ok("rederive.unknown_figure", !run(cmd), "a figure without a re-derivation is refused");
    snprintf(cmd, sizeof cmd, "%s/icar-rederive --figure fig8 --from . --claims f8.csv", bindir);
    test_put(test_dir, "bb.csv", "i,j,init,trained\n1,1,1,2\n2,1,0.5,0.2\n1,2,0.5,0.2\n2,2,1,2\n");
    test_ok("rederive.fig8_order", !run(cmd) && printed("bb.csv' row 2: expected i=1, j=2"), "rows out of order stop");
}

/* Modes that must stop with an error, run as a child on a file the parent wrote: "empty"
 * Figure 9's claims of a loss.csv without epochs, "outside" a matrix entry outside its
 * shape. */
static int bad_input(const char *mode, const char *path) {
    CsvTable *t = table_read(path);
    if (strcmp(mode, "empty") == 0) {
        char out[4200];
        snprintf(out, sizeof out, "%s-claims.csv", path);
        Claims *cl = claims_open(out);
        fig9_claims(t, cl);   /* dies before it commits the fragment */
    } else {
        double M[4] = {0};
        matcsv_fill(t, M, 2, 2, 2);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3) return bad_input(argv[1], argv[2]);
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    test_scratch();
    test_fig9();
    test_fig8();
    test_fig6();
    test_fig4();
    test_fig3();
    test_theory();
    test_rederive();
    test_put(test_dir, "empty.csv", "epoch,linear,softmax,linear_mlp,softmax_mlp\n");
    test_put(test_dir, "outside.csv", "row,col,value\n1,1,2\n3,1,5\n");
    test_ok("derive.fig9_empty", test_self_fails(argv[0], "empty", test_path("empty.csv")), "a loss.csv without epochs stops");
    test_ok("derive.matrix_outside", test_self_fails(argv[0], "outside", test_path("outside.csv")),
            "a matrix entry outside its shape stops");
    test_scratch_end();
    return test_end();
}
