/* analysis_opts.exact_constants (bpfverify --exact-constants): operations on known constants
 * give their exact RFC 9669 result where the kernel-faithful default forgets it. Each program
 * runs in both modes: with the option R0 must be the expected constant; without it, R0 must
 * still contain it, and for the rows marked @default_lost not be a constant (the default mode
 * stays as imprecise as 6.18). Programs in the conformance suite's assembly. */
#include "asm_run.h"

struct exact_case {
	const char *name;
	const char *text;
	u64 r0;
	bool default_lost;	/* the default mode does not know R0 */
	u64 also;		/* != r0: R0 may also be this (two paths), never one constant */
};

static const struct exact_case cases[] = {
	{ "div64_by_zero_is_zero", "mov %r0, 7; mov %r1, 0; div %r0, %r1; exit", 0, true, 0 },
	{ "div32_drops_upper_halves", "lddw %r0, 0x100000010; lddw %r1, 0x100000004;"
	  "div32 %r0, %r1; exit", 4, true, 4 },
	{ "mod64_by_zero_keeps_dst", "mov %r0, 7; mov %r1, 0; mod %r0, %r1; exit", 7, true, 7 },
	{ "mod32_by_zero_truncates_dst", "lddw %r0, 0x100000007; mov32 %r1, 0; mod32 %r0, %r1;"
	  "exit", 7, true, 7 },
	{ "sdiv64_min_by_minus_one", "lddw %r0, 0x8000000000000000; mov %r1, -1; sdiv %r0, %r1;"
	  "exit", 0x8000000000000000ULL, true, 0x8000000000000000ULL },
	{ "sdiv32_negative", "mov32 %r0, -7; sdiv32 %r0, 2; exit", 0xfffffffdULL, true,
	  0xfffffffdULL },
	{ "smod64_min_by_minus_one", "lddw %r0, 0x8000000000000000; smod %r0, -1; exit", 0, true,
	  0 },
	{ "smod64_sign_of_dividend", "mov %r0, -7; smod %r0, 3; exit", (u64)-1, true, (u64)-1 },
	{ "lsh64_register_amount_masked", "mov %r0, 1; mov %r1, 65; lsh %r0, %r1; exit", 2, true,
	  2 },
	{ "arsh32_register_amount_masked", "mov32 %r0, 0x80000000; mov %r1, 33; arsh32 %r0, %r1;"
	  "exit", 0xc0000000ULL, true, 0xc0000000ULL },
	{ "ldxsb_of_known_byte", "stb [%r10-1], 0x80; ldxsb %r0, [%r10-1]; exit",
	  0xffffffffffffff80ULL, true, 0xffffffffffffff80ULL },
	{ "narrow_stores_make_a_dword", "stw [%r10-8], 0x44332211; sth [%r10-4], 0x6655;"
	  "stb [%r10-2], 0x77; stb [%r10-1], 0x88; ldxdw %r0, [%r10-8]; exit",
	  0x8877665544332211ULL, true, 0x8877665544332211ULL },
	{ "narrow_store_into_spilled_constant", "lddw %r1, 0x1122334455667788;"
	  "stxdw [%r10-8], %r1; stb [%r10-7], 0; ldxdw %r0, [%r10-8]; exit",
	  0x1122334455660088ULL, true, 0x1122334455660088ULL },
	{ "lock_fetch_add32", "stw [%r10-4], 1; mov32 %r1, 41; lock fetch add32 [%r10-4], %r1;"
	  "ldxw %r0, [%r10-4]; lsh %r0, 32; or %r0, %r1; exit", 0x2a00000001ULL, true,
	  0x2a00000001ULL },
	{ "lock_xor64", "lddw %r1, 0xff00ff00ff00ff00; stxdw [%r10-8], %r1; mov %r1, -1;"
	  "lock xor [%r10-8], %r1; ldxdw %r0, [%r10-8]; exit", 0x00ff00ff00ff00ffULL, true,
	  0x00ff00ff00ff00ffULL },
	{ "lock_xchg_fetches_old", "stdw [%r10-8], 3; mov %r1, 9; lock xchg [%r10-8], %r1;"
	  "ldxdw %r0, [%r10-8]; lsh %r0, 8; or %r0, %r1; exit", 0x903, true, 0x903 },
	{ "lock_cmpxchg32_fails_keeps_memory", "stdw [%r10-8], 5; mov %r0, 6; mov %r1, 9;"
	  "lock cmpxchg32 [%r10-8], %r1; ldxdw %r1, [%r10-8]; lsh %r1, 8; or %r0, %r1; exit",
	  0x505, true, 0x505 },
	{ "lock_cmpxchg_succeeds_stores_src", "stdw [%r10-8], 5; mov %r0, 5; mov %r1, 9;"
	  "lock cmpxchg [%r10-8], %r1; ldxdw %r1, [%r10-8]; lsh %r1, 8; or %r0, %r1; exit",
	  0x905, true, 0x905 },
	/* two paths store different bytes: never one constant, pruning or not */
	{ "two_paths_two_bytes", "ldxw %r2, [%r1+0]; stb [%r10-1], 1; jeq %r2, 0, +1;"
	  "stb [%r10-1], 2; ldxb %r0, [%r10-1]; exit", 1, true, 2 },
	/* what the kernel knows stays known */
	{ "add_known_in_both_modes", "mov %r0, 40; add %r0, 2; exit", 42, false, 42 },
};

static void run(const struct exact_case *c, bool exact, struct analysis_result *res)
{
	struct analysis_opts opts = { .gpl = true, .exact_constants = exact };

	asm_run(c->name, c->text, BPF_PROG_TYPE_SOCKET_FILTER, &opts, res);
	ck_assert_msg(res->verdict == V_SAFE, "%s (exact %d): verdict %s: %s", c->name, exact,
		      verdict_name(res->verdict), res->diag.msg);
	ck_assert_uint_eq(res->exit_r0.non_scalar, 0);
}

START_TEST(exact__r0)
{
	const struct exact_case *c = &cases[_i];
	struct analysis_result res;
	const struct scalar *r0 = &res.exit_r0.join;
	char buf[256];

	run(c, true, &res);
	scalar_fmt(buf, sizeof(buf), r0);
	ck_assert_msg(scalar_contains(r0, c->r0) && scalar_contains(r0, c->also),
		      "%s: R0 = %s excludes 0x%llx or 0x%llx", c->name, buf,
		      (unsigned long long)c->r0, (unsigned long long)c->also);
	if (c->also == c->r0)
		ck_assert_msg(scalar_is_const(r0), "%s: R0 = %s, expected 0x%llx", c->name, buf,
			      (unsigned long long)c->r0);
	else
		ck_assert_msg(!scalar_is_const(r0), "%s: R0 = %s, one of two values", c->name, buf);

	run(c, false, &res);
	scalar_fmt(buf, sizeof(buf), r0);
	ck_assert_msg(scalar_contains(r0, c->r0), "%s: default R0 = %s excludes 0x%llx", c->name,
		      buf, (unsigned long long)c->r0);
	ck_assert_msg(scalar_is_const(r0) != c->default_lost, "%s: default R0 = %s", c->name, buf);
}
END_TEST

Suite *exact_suite(void)
{
	Suite *s = suite_create("exact");
	TCase *tc = tcase_create("exact_constants");

	tcase_add_loop_test(tc, exact__r0, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
