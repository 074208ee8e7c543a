/* analysis: small programs -> verdicts and the kernel's messages, then the corpus objects
 * (build/corpus or $BPFVERIFY_CORPUS) against their __success / __failure / __msg annotations.
 * The corpus test reports its agreement counts and fails only on a "we accept / annotated
 * failure" case (the dangerous kind); unknown verdicts are counted, not failed. */
#include <check.h>
#include <dirent.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "loader/object.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i) I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s) I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i) I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_DW(d, o, i) I(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define LDX_DW(d, s, o) I(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LDX_W(d, s, o) I(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define JEQ_IMM(d, i, o) I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(f) I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT() I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_MAP(d, idx) I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, idx), I(0, 0, 0, 0, 0)

struct eng_case {
	const char *name;
	u32 prog_type;
	struct bpf_insn insns[16];
	u32 cnt;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

static const struct eng_case cases[] = {
	{ "exit_r0_set", BPF_PROG_TYPE_SOCKET_FILTER, { MOV64_IMM(0, 0), EXIT() }, 2, V_SAFE, 0, "" },
	{ "exit_r0_uninit", BPF_PROG_TYPE_SOCKET_FILTER, { EXIT() }, 1, V_UNSAFE, 0, "R0 !read_ok" },
	{ "fp_write", BPF_PROG_TYPE_SOCKET_FILTER, { ADD64_IMM(10, 8), MOV64_IMM(0, 0), EXIT() }, 3,
	  V_UNSAFE, 0, "frame pointer is read only" },
	{ "stack_oob", BPF_PROG_TYPE_SOCKET_FILTER, { ST_DW(10, -520, 0), MOV64_IMM(0, 0), EXIT() }, 3,
	  V_UNSAFE, 0, "invalid write to stack R10 off=-520 size=8" },
	{ "scalar_deref", BPF_PROG_TYPE_SOCKET_FILTER, { MOV64_IMM(1, 0), LDX_DW(0, 1, 0), EXIT() }, 3,
	  V_UNSAFE, 1, "R1 invalid mem access 'scalar'" },
	{ "ctx_bad_off", BPF_PROG_TYPE_SOCKET_FILTER, { LDX_W(0, 1, 80), EXIT() }, 2, V_UNSAFE, 0,
	  "invalid bpf_context access off=80 size=4" },
	{ "lookup_null_checked", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    JEQ_IMM(0, 0, 1), LDX_DW(0, 0, 0), MOV64_IMM(0, 0), EXIT() }, 10, V_SAFE, 0, "" },
	{ "lookup_unchecked", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    LDX_DW(0, 0, 0), EXIT() }, 8, V_UNSAFE, 6, "R0 invalid mem access 'map_value_or_null'" },
	{ "map_value_oob", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    JEQ_IMM(0, 0, 1), LDX_DW(0, 0, 48), MOV64_IMM(0, 0), EXIT() }, 10, V_UNSAFE, 7,
	  "invalid access to map value, value_size=48 off=48 size=8" },
	{ "helper_arg_type", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 0), MOV64_IMM(2, 0), CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT() }, 5,
	  V_UNSAFE, 2, "R1 type=scalar expected=map_ptr" },
	{ "infinite_loop", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(0, 0), JEQ_IMM(0, 0, -1), EXIT() }, 3, V_UNSAFE, 1, "infinite loop detected at insn 1" },
};

START_TEST(engine__small_programs)
{
	const struct eng_case *c = &cases[_i];
	struct map_def map = { .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 48,
			       .max_entries = 1, .inner_idx = -1 };
	struct analysis_result res;
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = (struct bpf_insn *)c->insns;
	p.insn_cnt = c->cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, &map, 1, NULL, &res), 0);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_uint_eq(res.diag.insn_idx, c->insn);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}
END_TEST

static const char *corpus_dir(void)
{
	const char *d = getenv("BPFVERIFY_CORPUS");

	return d ? d : "build/corpus";
}

static u32 n_pass, n_agree, n_msg, n_unknown, n_danger, n_rej_ok, n_total, n_known;

static void run_object(const char *path)
{
	struct object_opts o = {};
	struct object *obj;
	char err[256];
	u32 i;

	if (object_open(path, &o, &obj, err, sizeof(err)))
		return;
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];
		const struct prog_tag *succ = prog_tag_find(p, "test_expect_success");
		const struct prog_tag *fail = prog_tag_find(p, "test_expect_failure");
		const struct prog_tag *msg = prog_tag_find(p, "test_expect_msg");
		struct analysis_opts opts = { .gpl = true };
		struct analysis_result res;

		if ((!succ && !fail) || !p->type_known)
			continue;
		n_total++;
		if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res) || res.verdict == V_UNKNOWN) {
			n_unknown++;
			continue;
		}
		if ((res.verdict == V_SAFE) == !!succ) {
			n_agree++;
			if (fail && msg && strstr(res.diag.msg, msg->value))
				n_msg++;
		} else if (res.verdict == V_SAFE && prog_tag_find(p, "bpfverify_known_divergence")) {
			/* listed in KNOWN_DIFFERENCES.md: visible, not failing */
			n_known++;
			fprintf(stderr, "engine: known divergence %s:%s accepted, annotated __failure: %s\n",
				path, p->name, prog_tag_find(p, "bpfverify_known_divergence")->value);
		} else if (res.verdict == V_SAFE) {
			n_danger++;
			fprintf(stderr, "engine: DANGER %s:%s accepted, annotated __failure\n", path,
				p->name);
		} else {
			n_rej_ok++;
			fprintf(stderr, "engine: %s:%s rejected (insn %u: %s), annotated __success\n",
				path, p->name, res.diag.insn_idx, res.diag.msg);
		}
	}
	object_free(obj);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n > 6 && !strcmp(e->d_name + n - 6, ".bpf.o"))
			run_object(path);
		else if (e->d_type == DT_DIR)
			walk(path);
	}
	closedir(d);
}

START_TEST(engine__corpus_annotations)
{
	DIR *d = opendir(corpus_dir());

	if (!d) {
		printf("SKIP: engine corpus: %s not built\n", corpus_dir());
		return;
	}
	closedir(d);
	walk(corpus_dir());
	(void)n_pass;
	printf("engine corpus: %u annotated programs: %u agree (%u with the expected message), "
	       "%u we-reject/expected-success, %u we-accept/expected-failure, %u unknown\n",
	       n_total, n_agree, n_msg, n_rej_ok, n_danger, n_unknown);
	printf("engine corpus: %u known divergences (__known_divergence, KNOWN_DIFFERENCES.md)\n",
	       n_known);
	/* accepting what the kernel rejects is the dangerous kind: only recorded cases may */
	ck_assert_uint_eq(n_danger, 0);
}
END_TEST

Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("engine");

	tcase_add_loop_test(tc, engine__small_programs, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, engine__corpus_annotations);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
