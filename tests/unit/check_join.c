/* analysis_opts.mode join (src/analysis/join.c): states joined at block heads and widened at
 * loop heads. Each program runs in both modes: join mode must never accept what path mode
 * rejects, and shows what it knows after a join (R0 at the exit). Programs in the conformance
 * suite's assembly; may_goto, which it lacks, as raw instructions. */
#include <glob.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <time.h>

#include "asm_run.h"
#include "loader/object.h"

#ifndef BPF_JCOND
#define BPF_JCOND 0xe0
#endif

static void run_type(const char *name, const char *text, u32 type, u32 mode,
		     struct analysis_result *res)
{
	struct analysis_opts opts = { .gpl = true, .mode = mode, .time_limit_ms = ~0u };

	asm_run(name, text, type, &opts, res);
}

static void run_mode(const char *name, const char *text, u32 mode, struct analysis_result *res)
{
	run_type(name, text, BPF_PROG_TYPE_SOCKET_FILTER, mode, res);
}

/* Runs @text in both modes: path mode must give @path, join mode @join. */
static void both_modes(const char *name, const char *text, u32 type, enum verdict path,
		       enum verdict join, struct analysis_result *res)
{
	run_type(name, text, type, ANALYSIS_MODE_PATH, res);
	ck_assert_msg(res->verdict == path, "%s path: %s", name, res->diag.msg);
	run_type(name, text, type, ANALYSIS_MODE_JOIN, res);
	ck_assert_msg(res->verdict == join, "%s join: %s", name, res->diag.msg);
}

/* Raw instructions; map index 0 (as the loader leaves a ld_imm64's imm) is a small hash map. */
static void run_raw(const struct bpf_insn *insns, u32 cnt, u32 mode, struct analysis_result *res)
{
	struct analysis_opts opts = { .gpl = true, .mode = mode, .time_limit_ms = ~0u };
	struct map_def map = { .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 8,
			       .max_entries = 1, .inner_idx = -1 };
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = (struct bpf_insn *)insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&p, &map, 1, &opts, res), 0);
}

/* Two constants merge into a range at the block head after the diamond: R0 in [1, 5], not a
 * constant, decides the jump there (never taken), and the exit is reached once (path mode
 * reaches it twice, each time with a constant). */
START_TEST(diamond_joins_constants)
{
	static const char *text = "ldxw %r2, [%r1+0]; mov %r0, 1; jeq %r2, 0, +1; mov %r0, 5;"
				  "jgt %r0, 10, +1; exit; exit";
	static struct analysis_result res;

	run_mode("diamond", text, ANALYSIS_MODE_PATH, &res);
	ck_assert_int_eq(res.verdict, V_SAFE);
	ck_assert_uint_eq(res.exit_r0.cnt, 2);
	run_mode("diamond", text, ANALYSIS_MODE_JOIN, &res);
	ck_assert_int_eq(res.verdict, V_SAFE);
	ck_assert_uint_eq(res.exit_r0.cnt, 1);
	ck_assert_uint_eq(scalar_umin(&res.exit_r0.join), 1);
	ck_assert_uint_eq(scalar_umax(&res.exit_r0.join), 5);
	ck_assert(!scalar_is_const(&res.exit_r0.join));
}
END_TEST

/* r0 = 0; loop: may_goto out; r0 += 1; goto loop; out: exit. The counter's upper bound grows
 * at every iteration: widening ends the iteration with R0 unbounded above, at most a few runs
 * of the loop head. */
START_TEST(may_goto_loop_converges_by_widening)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_JCOND, .off = 2 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 0, .imm = 1 },
		{ .code = BPF_JMP | BPF_JA, .off = -3 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static struct analysis_result res;

	run_raw(insns, ARRAY_SIZE(insns), ANALYSIS_MODE_JOIN, &res);
	ck_assert_int_eq(res.verdict, V_SAFE);
	ck_assert_uint_eq(scalar_umin(&res.exit_r0.join), 0);
	ck_assert_uint_eq(scalar_umax(&res.exit_r0.join), ~0ull);
	ck_assert_uint_lt(res.insn_processed, 40);
}
END_TEST

/* A loop without may_goto converges too, but join mode does not prove that it ends (the
 * kernel's "infinite loop detected"): unknown, never a pass. */
START_TEST(unbounded_loop_is_unknown)
{
	static const char *text = "mov %r0, 0; jeq %r0, 0, -1; exit";
	static struct analysis_result res;

	run_mode("spin", text, ANALYSIS_MODE_PATH, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	run_mode("spin", text, ANALYSIS_MODE_JOIN, &res);
	ck_assert_int_eq(res.verdict, V_UNKNOWN);
	ck_assert_msg(strstr(res.diag.msg, "termination of the loop at insn 1"), "%s",
		      res.diag.msg);
}
END_TEST

/* A pointer on one path, a scalar on the other: after the join the register is unusable, so
 * the dereference that is unsafe on the scalar path is still rejected. */
START_TEST(pointer_scalar_join_is_unusable)
{
	static const char *text = "ldxw %r2, [%r1+0]; mov %r3, 0; jeq %r2, 0, +2; mov %r3, %r10;"
				  "add %r3, -8; stdw [%r10-8], 0; ldxdw %r0, [%r3+0]; exit";
	static struct analysis_result res;

	run_mode("ptr_or_scalar", text, ANALYSIS_MODE_PATH, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_str_eq(res.diag.msg, "R3 invalid mem access 'scalar'");
	run_mode("ptr_or_scalar", text, ANALYSIS_MODE_JOIN, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 6);
}
END_TEST

/* Offsets -8 and +8 join into a range: the write past the frame on one path is still refused. */
START_TEST(out_of_bounds_path_rejected_after_join)
{
	static const char *text = "ldxw %r2, [%r1+0]; mov %r3, -8; jeq %r2, 0, +1; mov %r3, 8;"
				  "mov %r4, %r10; add %r4, %r3; stdw [%r4+0], 0; mov %r0, 0; exit";
	static struct analysis_result res;

	both_modes("stack_oob", text, BPF_PROG_TYPE_SOCKET_FILTER, V_UNSAFE, V_UNSAFE, &res);
	ck_assert_uint_eq(res.diag.insn_idx, 6);
}
END_TEST

/* A pointer or NULL returned: the exit block is a tail run per state (no join), so R0 is not
 * made unusable there and the program passes as in path mode. */
START_TEST(exit_tail_is_not_joined)
{
	static const char *text = "ldxw %r2, [%r1+0]; mov %r0, 0; jeq %r2, 0, +2; mov %r0, %r10;"
				  "add %r0, -8; exit";
	static struct analysis_result res;

	both_modes("tail", text, BPF_PROG_TYPE_SOCKET_FILTER, V_SAFE, V_SAFE, &res);
	ck_assert_uint_eq(res.exit_r0.cnt, 2);
	ck_assert_uint_eq(res.exit_r0.non_scalar, 1);
}
END_TEST

/* for (i = 0; i != 64; i++) fp[-64 + i] = 0: the counter widens to the loop's constant (a
 * threshold), the test bounds it, and the loop is counted (i <= 64 wherever it is tested, so
 * "!=" is "<"): accepted without may_goto, in a handful of runs of the loop. Writing one byte
 * further (fp[-63 + i]) reaches fp+0 on the last iteration: rejected in both modes. */
START_TEST(counted_loop_accepted)
{
	static const char *ok = "mov %r6, 0; mov %r1, %r10; add %r1, -64; add %r1, %r6;"
				"stb [%r1+0], 0; add %r6, 1; jne %r6, 64, -6; mov %r0, 0; exit";
	static const char *bad = "mov %r6, 0; mov %r1, %r10; add %r1, -63; add %r1, %r6;"
				 "stb [%r1+0], 0; add %r6, 1; jne %r6, 64, -6; mov %r0, 0; exit";
	static struct analysis_result res;

	both_modes("counted", ok, BPF_PROG_TYPE_SOCKET_FILTER, V_SAFE, V_SAFE, &res);
	ck_assert_uint_lt(res.insn_processed, 60);
	both_modes("counted_oob", bad, BPF_PROG_TYPE_SOCKET_FILTER, V_UNSAFE, V_UNSAFE, &res);
	ck_assert_uint_eq(res.diag.insn_idx, 4);
}
END_TEST

/* The same loop stepping by 2 from 1 never meets 64: not counted (unknown in join mode); the
 * path engine finds the infinite loop... or runs out of its budget. */
START_TEST(uncounted_loop_unknown)
{
	static const char *text = "mov %r6, 1; add %r6, 2; jne %r6, 64, -2; mov %r0, 0; exit";
	static struct analysis_result res;

	run_mode("odd", text, ANALYSIS_MODE_JOIN, &res);
	ck_assert_int_eq(res.verdict, V_UNKNOWN);
	ck_assert_msg(strstr(res.diag.msg, "termination of the loop"), "%s", res.diag.msg);
}
END_TEST

/* Packet pointers at offsets 0 and 12 of a packet checked for 14 bytes join into offset 0 with
 * a variable part [0, 12]: the range left is what both have past offset 0, 2 bytes (a 4-byte
 * read is out of the packet on the +12 path), not 14. */
#define PKT_DIAMOND(load)                                                                     \
	"mov %r0, 2; ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r4, %r2; add %r4, 14;"         \
	"jgt %r4, %r3, +5; ldxb %r6, [%r2+0]; mov %r5, %r2; jeq %r6, 0, +1; add %r5, 12;"     \
	load "; exit"

START_TEST(packet_range_after_fold)
{
	static struct analysis_result res;

	both_modes("pkt_w", PKT_DIAMOND("ldxw %r7, [%r5+0]"), BPF_PROG_TYPE_XDP, V_UNSAFE,
		   V_UNSAFE, &res);
	ck_assert_uint_eq(res.diag.insn_idx, 10);
	both_modes("pkt_h", PKT_DIAMOND("ldxh %r7, [%r5+0]"), BPF_PROG_TYPE_XDP, V_SAFE, V_SAFE,
		   &res);
}
END_TEST

/* r6 = NULL, or the looked-up value when there is one: after the join r6 is the value or NULL
 * (map_value_or_null), which a null check makes usable again, as on each path. */
START_TEST(null_or_pointer_joins_into_or_null)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = 10, .off = -8, .imm = 0 },
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 2, .src_reg = 10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 2, .imm = -8 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 6, .imm = 0 },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = 0, .off = 1, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 6, .src_reg = 0 },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = 6, .off = 2, .imm = 0 },
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 0, .src_reg = 6 },
		{ .code = BPF_JMP | BPF_EXIT },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static struct analysis_result res;

	run_raw(insns, ARRAY_SIZE(insns), ANALYSIS_MODE_PATH, &res);
	ck_assert_msg(res.verdict == V_SAFE, "%s", res.diag.msg);
	run_raw(insns, ARRAY_SIZE(insns), ANALYSIS_MODE_JOIN, &res);
	ck_assert_msg(res.verdict == V_SAFE, "%s", res.diag.msg);
}
END_TEST

/* ---- Soundness over the corpus: the annotations are the live kernel's verdicts ---- */

struct corpus_tally {
	u32 total, agree, lost, limit, danger, unknown;
	double path_s, join_s;	/* CPU time of each mode over the programs both decide */
};

static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void tally_prog(struct corpus_tally *t, const struct object *obj, const struct prog *p,
		       const char *path)
{
	const struct prog_tag *succ = prog_tag_find(p, "test_expect_success");
	const struct prog_tag *fail = prog_tag_find(p, "test_expect_failure");
	const struct prog_tag *msg = prog_tag_find(p, "test_expect_msg");
	struct analysis_opts opts = { .gpl = obj->gpl, .btf = obj->btf };
	static struct analysis_result res;
	double t0, t1, t2;
	enum verdict pv;

	if ((!succ && !fail) || !p->type_known)
		return;
	t->total++;
	t0 = cpu_s();
	if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res))
		return;
	pv = res.verdict;
	t1 = cpu_s();
	opts.mode = ANALYSIS_MODE_JOIN;
	ck_assert_int_eq(analysis_run(p, obj->maps, obj->map_cnt, &opts, &res), 0);
	t2 = cpu_s();
	if (res.verdict != V_UNKNOWN && pv != V_UNKNOWN) {
		t->path_s += t1 - t0;
		t->join_s += t2 - t1;
	}
	if (res.verdict == V_UNKNOWN) {
		t->unknown++;
	} else if ((res.verdict == V_SAFE) == !!succ) {
		t->agree++;
	} else if (res.verdict == V_UNSAFE) {
		t->lost++;
	} else if (msg && (strstr(msg->value, "too large") || strstr(msg->value, "too complex"))) {
		/* the kernel ran out of budget on a loop that ends */
		t->limit++;
	} else {
		t->danger++;
		fprintf(stderr, "join: DANGER %s:%s accepted, annotated __failure\n", path, p->name);
	}
}

START_TEST(corpus_soundness)
{
	const char *dir = getenv("BPFVERIFY_CORPUS");
	struct corpus_tally t = { 0 };
	char pattern[1024];
	glob_t g;
	size_t i;
	u32 k;

	snprintf(pattern, sizeof(pattern), "%s/*/*.bpf.o", dir ? dir : "build/corpus");
	if (glob(pattern, 0, NULL, &g)) {
		printf("SKIP: join corpus: %s not built\n", pattern);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		struct object_opts o = {};
		struct object *obj;
		char err[256];

		if (object_open(g.gl_pathv[i], &o, &obj, err, sizeof(err)))
			continue;
		for (k = 0; k < obj->prog_cnt; k++)
			tally_prog(&t, obj, &obj->progs[k], g.gl_pathv[i]);
		object_free(obj);
	}
	globfree(&g);
	printf("join corpus: %u annotated programs: %u agree with the kernel, %u rejected that it "
	       "accepts (precision lost at joins), %u accepted that it rejects at its budget "
	       "(too large / too complex), %u accepted that it rejects otherwise, %u unknown; "
	       "CPU where both modes decide: path %.3f s, join %.3f s\n",
	       t.total, t.agree, t.lost, t.limit, t.danger, t.unknown, t.path_s, t.join_s);
	ck_assert_uint_eq(t.danger, 0);
}
END_TEST

Suite *join_suite(void)
{
	Suite *s = suite_create("join");
	TCase *tc = tcase_create("join");

	tcase_add_test(tc, diamond_joins_constants);
	tcase_add_test(tc, may_goto_loop_converges_by_widening);
	tcase_add_test(tc, unbounded_loop_is_unknown);
	tcase_add_test(tc, pointer_scalar_join_is_unusable);
	tcase_add_test(tc, out_of_bounds_path_rejected_after_join);
	tcase_add_test(tc, exit_tail_is_not_joined);
	tcase_add_test(tc, counted_loop_accepted);
	tcase_add_test(tc, uncounted_loop_unknown);
	tcase_add_test(tc, packet_range_after_fold);
	tcase_add_test(tc, null_or_pointer_joins_into_or_null);
	suite_add_tcase(s, tc);
	tc = tcase_create("join_corpus");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, corpus_soundness);
	suite_add_tcase(s, tc);
	return s;
}
