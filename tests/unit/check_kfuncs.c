/* Kernel function calls (src/checks/kfuncs.c): small programs in the conformance suite's
 * assembly with the kernel's verdict, failing instruction and message. The placeholder cases
 * are the kernel selftests "calls: invalid kfunc call not eliminated / unreachable". */
#include <bpf/btf.h>
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

/* ---- Open-coded iterators (analysis/iter.c), against a target BTF naming the kfuncs ---- */

/* Type ids: 1 the prototype, then the functions below in order (2, 3, 4, 5). */
static const char *const target_funcs[] = { "bpf_iter_num_new", "bpf_iter_num_next",
					    "bpf_iter_num_destroy", "bpf_rcu_read_lock" };

static struct btf *target_btf(void)
{
	struct btf *b = btf__new_empty();
	size_t i;

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(btf__add_func_proto(b, 0), 1);
	for (i = 0; i < ARRAY_SIZE(target_funcs); i++)
		ck_assert_int_eq(btf__add_func(b, target_funcs[i], BTF_FUNC_GLOBAL, 1), (int)i + 2);
	return b;
}

/* fp-8 holds the iterator: new(0, 10), a loop around next (insn 6-9), destroy, exit 0 */
#define ITER_NEW "mov %r6, %r10; add %r6, -8; mov %r1, %r6; mov %r2, 0; mov %r3, 10; call kfunc 2; "
#define ITER_EXIT "mov %r1, %r6; call kfunc 4; mov %r0, 0; exit"

static const struct kf_case iter_cases[] = {
	{ "loop_converges", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  ITER_NEW "mov %r1, %r6; call kfunc 3; jeq %r0, 0, +1; ja -4; " ITER_EXIT, V_SAFE, 0, "" },
	/* the element is a readable 4-byte int */
	{ "element_read", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  ITER_NEW "mov %r1, %r6; call kfunc 3; jeq %r0, 0, +2; ldxw %r1, [%r0+0]; ja -5; " ITER_EXIT,
	  V_SAFE, 0, "" },
	{ "element_oob", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  ITER_NEW "mov %r1, %r6; call kfunc 3; jeq %r0, 0, +2; ldxw %r1, [%r0+4]; ja -5; " ITER_EXIT,
	  V_UNSAFE, 9, "invalid access to memory, mem_size=4 off=4 size=4" },
	/* a counter changes every iteration: imprecise, it is widened to unknown at the second
	 * _next and the loop converges at the third */
	{ "counter_needs_widening", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  "mov %r7, 0; " ITER_NEW "mov %r1, %r6; call kfunc 3; jeq %r0, 0, +2; add %r7, 1; ja -5; "
	  ITER_EXIT, V_SAFE, 0, "" },
	{ "leak", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  ITER_NEW "mov %r1, %r6; call kfunc 3; jeq %r0, 0, +1; ja -4; mov %r0, 0; exit", V_UNSAFE, 11,
	  "Unreleased reference id=1 alloc_insn=5" },
	{ "next_after_destroy", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  ITER_NEW "mov %r1, %r6; call kfunc 4; mov %r1, %r6; call kfunc 3; mov %r0, 0; exit",
	  V_UNSAFE, 9, "expected an initialized iter_num as arg #0" },
	{ "scalar_as_bound", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  "mov %r6, %r10; add %r6, -8; mov %r1, %r6; mov %r2, %r10; mov %r3, 10; call kfunc 2; exit",
	  V_UNSAFE, 5, "R2 is not a scalar" },
	/* checked live: an uninitialised argument register is "not a scalar" either */
	{ "uninit_bound", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  "mov %r1, %r10; add %r1, -8; mov %r3, 10; call kfunc 2; mov %r0, 0; exit", V_UNSAFE, 3,
	  "R2 is not a scalar" },
	{ "unmodelled_kfunc", BPF_PROG_TYPE_SOCKET_FILTER, true,
	  "call kfunc 5; mov %r0, 0; exit", V_UNKNOWN, 0, "" },
};

START_TEST(kfuncs__iterators)
{
	const struct kf_case *c = &iter_cases[_i];
	struct btf *b = target_btf();
	struct analysis_opts opts = { .gpl = c->gpl, .target_btf = b, .time_limit_ms = ~0u };
	struct analysis_result res;

	asm_run(c->name, c->text, c->prog_type, &opts, &res);
	btf__free(b);
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
	tcase_add_loop_test(tc, kfuncs__iterators, 0, ARRAY_SIZE(iter_cases));
	suite_add_tcase(s, tc);
	return s;
}
