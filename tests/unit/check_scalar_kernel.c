/* scalar_kernel: our transfers and refinements give the running kernel's bounds exactly.
 *
 * Every row of dom_kernel_cases.h was recorded from a live load into Linux 6.18 by
 * tools/scalar_kdiff -r (random programs, log_level 2): one instruction, the kernel's register
 * states before it, and what the kernel printed after it (for a conditional jump: the
 * fall-through state and the state at the jump target). We parse the pre-states, run our
 * transfer, print, and require the kernel's text character for character -- equal, not merely
 * containing. Refresh the table with tools/scalar_kdiff_record.sh where bpf(2) is permitted.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains/scalar.h"

static const char *const kernel_cases[] = {
#include "dom_kernel_cases.h"
};

/* Split the row into its 7 '|' separated fields (in place, in a copy). */
static int split(char *row, char *f[7])
{
	int n = 0;

	f[n++] = row;
	for (char *p = row; *p && n < 7; p++)
		if (*p == '|') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static struct scalar parse_or_fail(const char *t, int row)
{
	struct scalar s;
	const char *end;

	if (scalar_parse(t, &s, &end) || *end)
		ck_abort_msg("row %d: cannot parse '%s'", row, t);
	return s;
}

static void expect(const struct scalar *s, const char *want, int row, const char *what,
		   const char *line)
{
	char got[256];

	if (!strcmp(want, "-"))
		return;
	scalar_fmt(got, sizeof(got), s);
	if (strcmp(got, want))
		ck_abort_msg("row %d (%s) %s:\n  kernel: %s\n  ours:   %s", row, line, what, want, got);
}

static void sanitize(struct scalar *s)
{
	if (scalar_check(s))
		scalar_mark_unbounded(s);
}

START_TEST(scalar_kernel__recorded_instruction__same_bounds_as_kernel)
{
	char row[2048], *f[7];
	unsigned long long raw;
	u8 code, cls, op, dreg, sreg;
	s16 off;
	s32 imm;
	struct scalar dst, src;
	bool use_x;

	ck_assert_uint_lt(strlen(kernel_cases[_i]), sizeof(row));
	strcpy(row, kernel_cases[_i]);
	ck_assert_int_eq(split(row, f), 7);
	raw = strtoull(f[0], NULL, 16);
	code = raw & 0xff;
	dreg = (raw >> 8) & 0xf;
	sreg = (raw >> 12) & 0xf;
	off = (s16)(raw >> 16);
	imm = (s32)(raw >> 32);
	cls = code & 0x07;
	op = code & 0xf0;
	use_x = code & 0x08;
	dst = parse_or_fail(f[1], _i);
	src = use_x ? parse_or_fail(f[2], _i) : scalar_const((u64)(s64)imm);

	if (cls == 0x04 || cls == 0x07) {	/* ALU, ALU64 */
		int width = cls == 0x07 ? 64 : 32;
		struct scalar r;
		bool a32;

		if (op == SCALAR_END) {
			r = scalar_end(&dst, cls == 0x07 ? SCALAR_END_BSWAP : use_x ? SCALAR_END_TO_BE
										 : SCALAR_END_TO_LE,
				       imm);
		} else {
			/* the kernel's maybe_fork_scalars(): the recorded path is the -1 one */
			if ((op == SCALAR_AND || op == SCALAR_OR) && scalar_is_const(&src) &&
			    scalar_bitop_forks(&dst, &a32))
				dst = a32 ? scalar_const32(dst, ~0U) : scalar_const(~0ULL);
			if (use_x && sreg == dreg)
				src = dst;
			r = scalar_alu((enum scalar_alu_op)op, &dst, &src, width, off);
		}
		expect(&r, f[3], _i, "result", kernel_cases[_i]);
	} else {				/* JMP, JMP32 */
		bool j32 = cls == 0x06;
		struct scalar td = dst, ts = src, fd = dst, fs = src;

		if (use_x && sreg == dreg) {
			scalar_refine(&td, &td, (enum scalar_jmp_op)op, j32);
			scalar_refine(&fd, &fd, scalar_jmp_negate((enum scalar_jmp_op)op), j32);
			ts = td;
			fs = fd;
		} else {
			scalar_refine(&td, &ts, (enum scalar_jmp_op)op, j32);
			scalar_refine(&fd, &fs, scalar_jmp_negate((enum scalar_jmp_op)op), j32);
		}
		/* the kernel's reg_bounds_sanity_check(): a dead outcome forgets its ranges */
		sanitize(&td);
		sanitize(&ts);
		sanitize(&fd);
		sanitize(&fs);
		ck_assert_int_eq(scalar_branch_taken(&dst, &src, (enum scalar_jmp_op)op, j32), -1);
		expect(&fd, f[3], _i, "fall-through dst", kernel_cases[_i]);
		expect(&fs, f[4], _i, "fall-through src", kernel_cases[_i]);
		expect(&td, f[5], _i, "taken dst", kernel_cases[_i]);
		expect(&ts, f[6], _i, "taken src", kernel_cases[_i]);
	}
}
END_TEST

Suite *scalar_kernel_suite(void)
{
	Suite *s = suite_create("scalar_kernel");
	TCase *tc = tcase_create("recorded");

	tcase_add_loop_test(tc, scalar_kernel__recorded_instruction__same_bounds_as_kernel, 0,
			    (int)ARRAY_SIZE(kernel_cases));
	suite_add_tcase(s, tc);
	return s;
}
