/* analysis_opts.exact_constants (bpfverify --exact-constants): operations on known constants
 * give their exact RFC 9669 result where the kernel-faithful default forgets it. Each program
 * runs in both modes: with the option R0 must be the expected constant; without it, R0 must
 * still contain it, and for the rows marked @default_lost not be a constant (the default mode
 * stays as imprecise as 6.18). Programs in the conformance suite's assembly. */
#include "asm_run.h"
#include "dom_testlib.h"

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
	/* a narrow read inside zeroed bytes is 0 in both modes (the fuzzer found the read running
	 * past its end: s32 + u32 computed unsigned) */
	{ "narrow_read_of_zeroed_bytes", "stw [%r10-4], 0; ldxh %r0, [%r10-4]; exit", 0, false, 0 },
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

/* Every two-operand ALU operation, both widths, on random and edge operands (0, -1, the
 * minimum, shift amounts past the width): with the option R0 is the concrete result of the
 * domain suites' reference semantics (dom_alu_concrete); without it R0 still contains it. */
static const struct {
	enum dom_alu op;
	bool sdiv;
} alu_ops[] = {
	{ DOM_ADD, false }, { DOM_SUB, false }, { DOM_MUL, false }, { DOM_DIV, false },
	{ DOM_DIV, true }, { DOM_OR, false }, { DOM_AND, false }, { DOM_LSH, false },
	{ DOM_RSH, false }, { DOM_MOD, false }, { DOM_MOD, true }, { DOM_XOR, false },
	{ DOM_ARSH, false },
};

static u64 edge_operand(struct dom_rng *rng)
{
	static const u64 edges[] = { 0, 1, 2, 31, 32, 33, 63, 64, 65, (u64)-1, (u64)-2,
				     0x80000000ULL, 0xffffffff80000000ULL, 0x7fffffffULL,
				     0x8000000000000000ULL, 0x7fffffffffffffffULL, 0x100000000ULL };

	switch (dom_below(rng, 3)) {
	case 0:
		return edges[dom_below(rng, ARRAY_SIZE(edges))];
	case 1:
		return dom_below(rng, 130) - 65;
	default:
		return dom_rand(rng);
	}
}

START_TEST(exact__alu_against_reference)
{
	struct dom_rng rng = dom_rng_init(0x5eed + _i);
	int width = _i & 1 ? 32 : 64;
	u32 k = (u32)_i / 2, n;

	for (n = 0; n < 64; n++) {
		u64 a = edge_operand(&rng), b = edge_operand(&rng);
		u64 want = dom_alu_concrete(alu_ops[k].op, a, b, width, alu_ops[k].sdiv);
		struct bpf_insn insns[] = {
			{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 0, .imm = (s32)a },
			{ .imm = (s32)(a >> 32) },
			{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .imm = (s32)b },
			{ .imm = (s32)(b >> 32) },
			{ .code = (width == 32 ? BPF_ALU : BPF_ALU64) | alu_ops[k].op | BPF_X,
			  .dst_reg = 0, .src_reg = 1, .off = alu_ops[k].sdiv },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct analysis_opts opts = { .gpl = true, .exact_constants = true };
		struct analysis_result res;
		struct prog p;

		memset(&p, 0, sizeof(p));
		p.insns = insns;
		p.insn_cnt = ARRAY_SIZE(insns);
		p.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
		ck_assert_int_eq(analysis_run(&p, NULL, 0, &opts, &res), 0);
		ck_assert_msg(res.verdict == V_SAFE && scalar_is_const(&res.exit_r0.join) &&
			      res.exit_r0.join.var_off.value == want,
			      "op 0x%x%s/%d: 0x%llx, 0x%llx: want 0x%llx, got 0x%llx", alu_ops[k].op,
			      alu_ops[k].sdiv ? " signed" : "", width, (unsigned long long)a,
			      (unsigned long long)b, (unsigned long long)want,
			      (unsigned long long)res.exit_r0.join.var_off.value);
		opts.exact_constants = false;
		ck_assert_int_eq(analysis_run(&p, NULL, 0, &opts, &res), 0);
		ck_assert(res.verdict == V_SAFE && scalar_contains(&res.exit_r0.join, want));
	}
}
END_TEST

Suite *exact_suite(void)
{
	Suite *s = suite_create("exact");
	TCase *tc = tcase_create("exact_constants");

	tcase_add_loop_test(tc, exact__r0, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, exact__alu_against_reference, 0, 2 * ARRAY_SIZE(alu_ops));
	suite_add_tcase(s, tc);
	return s;
}
