/* Kernel function calls (src/checks/kfuncs.c): small programs in the conformance suite's
 * assembly with the kernel's verdict, failing instruction and message. The placeholder cases
 * are the kernel selftests "calls: invalid kfunc call not eliminated / unreachable". */
#include <check.h>
#include <linux/bpf.h>

#include "asm_run.h"

struct kf_case {
	const char *name;
	u32 prog_type;
	bool gpl;
	const char *text;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

static const struct kf_case kf_cases[] = {
	{ "placeholder_reached", BPF_PROG_TYPE_TRACEPOINT, true,
	  "call kfunc 0; mov %r0, 1; exit", V_UNSAFE, 0,
	  "invalid kernel function call not eliminated in verifier pass" },
	{ "placeholder_dead", BPF_PROG_TYPE_TRACEPOINT, true,
	  "mov %r0, 1; jgt %r0, 0, +2; call kfunc 0; mov %r0, 1; exit", V_SAFE, 0, "" },
	/* the placeholder clobbers nothing: r1 stays the context */
	{ "placeholder_keeps_regs", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  "mov %r0, 0; jgt %r0, 0, +1; call kfunc 0; ldxw %r0, [%r1+0]; exit", V_UNSAFE, 2,
	  "invalid kernel function call not eliminated in verifier pass" },
	{ "non_gpl", BPF_PROG_TYPE_TRACEPOINT, false,
	  "mov %r0, 1; jgt %r0, 0, +2; call kfunc 0; mov %r0, 1; exit", V_UNSAFE, 2,
	  "cannot call kernel function from non-GPL compatible program" },
	{ "real_kfunc_unknown", BPF_PROG_TYPE_TRACEPOINT, true,
	  "call kfunc 1234; mov %r0, 1; exit", V_UNKNOWN, 0, "" },
};

START_TEST(kfuncs__verdicts)
{
	const struct kf_case *c = &kf_cases[_i];
	struct analysis_opts opts = { .gpl = c->gpl };
	struct analysis_result res;

	asm_run(c->name, c->text, c->prog_type, &opts, &res);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict != V_UNSAFE)
		return;
	ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u", c->name, res.diag.insn_idx);
	ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: %s", c->name, res.diag.msg);
}
END_TEST

Suite *kfuncs_suite(void)
{
	Suite *s = suite_create("kfuncs");
	TCase *tc = tcase_create("calls");

	tcase_add_loop_test(tc, kfuncs__verdicts, 0, ARRAY_SIZE(kf_cases));
	suite_add_tcase(s, tc);
	return s;
}
