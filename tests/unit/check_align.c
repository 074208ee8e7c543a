/* Pointer alignment (src/checks/align.c): the stack always, other kinds under
 * BPF_F_STRICT_ALIGNMENT unless BPF_F_ANY_ALIGNMENT, packets with NET_IP_ALIGN 2, bytes never.
 * Programs in the conformance suite's assembly; the verdict, and for a rejection the
 * instruction and the kernel's message. */
#include "asm_run.h"

#define STRICT BPF_F_STRICT_ALIGNMENT
#define ANY BPF_F_ANY_ALIGNMENT

/* sched_cls: r2 = data, r3 = data_end, 8 bytes checked; then the access under test */
#define PKT8 "ldxw %r2, [%r1+76]; ldxw %r3, [%r1+80]; mov %r4, %r2; add %r4, 8;" \
	     "jgt %r4, %r3, +1;"

struct align_case {
	const char *name;
	u32 prog_type;
	u32 prog_flags;
	const char *text;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

static const struct align_case cases[] = {
	{ "stack__always_checked", BPF_PROG_TYPE_SOCKET_FILTER, 0,
	  "mov %r1, 0; mov %r2, %r10; add %r2, -10; stxdw [%r2+8], %r1; mov %r0, 0; exit",
	  V_UNSAFE, 3, "misaligned stack access off 0+-10+8 size 8" },
	{ "stack__any_alignment_does_not_help", BPF_PROG_TYPE_SOCKET_FILTER, ANY,
	  "stw [%r10-6], 0; mov %r0, 0; exit", V_UNSAFE, 0,
	  "misaligned stack access off 0+0+-6 size 4" },
	{ "stack__bytes_never_misaligned", BPF_PROG_TYPE_SOCKET_FILTER, STRICT,
	  "stb [%r10-3], 1; ldxb %r0, [%r10-3]; exit", V_SAFE, 0, "" },
	{ "stack__narrow_aligned_ok", BPF_PROG_TYPE_SOCKET_FILTER, 0,
	  "sth [%r10-6], 1; ldxh %r0, [%r10-6]; exit", V_SAFE, 0, "" },
	{ "packet__unaligned_ok_without_strict", BPF_PROG_TYPE_SCHED_CLS, 0,
	  PKT8 "ldxw %r0, [%r2+0]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "packet__net_ip_align_under_strict", BPF_PROG_TYPE_SCHED_CLS, STRICT,
	  PKT8 "ldxw %r0, [%r2+0]; mov %r0, 0; exit", V_UNSAFE, 5,
	  "misaligned packet access off 2+0+0+0 size 4" },
	{ "packet__aligned_after_ip_header_offset", BPF_PROG_TYPE_SCHED_CLS, STRICT,
	  PKT8 "ldxw %r0, [%r2+2]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "packet__any_alignment_overrides_strict", BPF_PROG_TYPE_SCHED_CLS, STRICT | ANY,
	  PKT8 "ldxw %r0, [%r2+0]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "ctx__checked_before_the_field", BPF_PROG_TYPE_SCHED_CLS, STRICT,
	  "ldxw %r0, [%r1+2]; exit", V_UNSAFE, 0, "misaligned context access off 0+0+2 size 4" },
};

START_TEST(align__verdict)
{
	const struct align_case *c = &cases[_i];
	struct analysis_opts opts = { .gpl = true, .prog_flags = c->prog_flags };
	struct analysis_result res;

	asm_run(c->name, c->text, c->prog_type, &opts, &res);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_uint_eq(res.diag.insn_idx, c->insn);
		ck_assert_msg(!strcmp(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}
END_TEST

Suite *align_suite(void)
{
	Suite *s = suite_create("align");
	TCase *tc = tcase_create("check_ptr_alignment");

	tcase_add_loop_test(tc, align__verdict, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
