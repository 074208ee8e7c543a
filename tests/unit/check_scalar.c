/* scalar: soundness of every transfer and refinement by random sampling, invariants after every
 * operation, lattice laws, and the kernel's log syntax.
 *
 * Soundness: for random abstract operands (dom_scalar_gen.h) and concrete members of them, the
 * concrete BPF result must lie in the abstract result, and scalar_check() must accept it. With
 * BPFVERIFY_LONG=1 each operation sees at least 1,000,000 concrete samples. */
#include <check.h>
#include <string.h>

#include "dom_scalar_gen.h"
#include "domains/scalar.h"

static u64 samples_per_op(void)
{
	return dom_long_mode() ? 1200000 : 300000;
}

static void assert_consistent(const struct scalar *s, const char *what)
{
	const char *why = scalar_check(s);

	if (why) {
		char buf[200];

		scalar_fmt(buf, sizeof(buf), s);
		ck_abort_msg("%s: inconsistent result %s: %s (u64=[%#llx,%#llx] s64=[%#llx,%#llx] "
			     "u32=[%#x,%#x] s32=[%#x,%#x])", what, buf, why,
			     (unsigned long long)s->umin, (unsigned long long)s->umax,
			     (unsigned long long)s->smin, (unsigned long long)s->smax, s->u32_min,
			     s->u32_max, (unsigned)s->s32_min, (unsigned)s->s32_max);
	}
}

static void fail_alu(const char *name, int width, const struct scalar *a, const struct scalar *b,
		     const struct scalar *r, u64 x, u64 y, u64 z)
{
	char sa[200], sb[200], sr[200];

	scalar_fmt(sa, sizeof(sa), a);
	scalar_fmt(sb, sizeof(sb), b);
	scalar_fmt(sr, sizeof(sr), r);
	ck_abort_msg("%s/%d unsound: %s op %s = %s misses %#llx op %#llx = %#llx", name, width, sa,
		     sb, sr, (unsigned long long)x, (unsigned long long)y, (unsigned long long)z);
}

static const struct alu_case {
	const char *name;
	enum scalar_alu_op op;
	int width;
	s16 off;
} alu_cases[] = {
	{ "add", SCALAR_ADD, 64, 0 },	{ "add", SCALAR_ADD, 32, 0 },
	{ "sub", SCALAR_SUB, 64, 0 },	{ "sub", SCALAR_SUB, 32, 0 },
	{ "mul", SCALAR_MUL, 64, 0 },	{ "mul", SCALAR_MUL, 32, 0 },
	{ "div", SCALAR_DIV, 64, 0 },	{ "div", SCALAR_DIV, 32, 0 },
	{ "sdiv", SCALAR_DIV, 64, 1 },	{ "sdiv", SCALAR_DIV, 32, 1 },
	{ "mod", SCALAR_MOD, 64, 0 },	{ "mod", SCALAR_MOD, 32, 0 },
	{ "smod", SCALAR_MOD, 64, 1 },	{ "smod", SCALAR_MOD, 32, 1 },
	{ "and", SCALAR_AND, 64, 0 },	{ "and", SCALAR_AND, 32, 0 },
	{ "or", SCALAR_OR, 64, 0 },	{ "or", SCALAR_OR, 32, 0 },
	{ "xor", SCALAR_XOR, 64, 0 },	{ "xor", SCALAR_XOR, 32, 0 },
	{ "lsh", SCALAR_LSH, 64, 0 },	{ "lsh", SCALAR_LSH, 32, 0 },
	{ "rsh", SCALAR_RSH, 64, 0 },	{ "rsh", SCALAR_RSH, 32, 0 },
	{ "arsh", SCALAR_ARSH, 64, 0 },	{ "arsh", SCALAR_ARSH, 32, 0 },
	{ "neg", SCALAR_NEG, 64, 0 },	{ "neg", SCALAR_NEG, 32, 0 },
	{ "mov", SCALAR_MOV, 64, 0 },	{ "mov", SCALAR_MOV, 32, 0 },
	{ "movsx8", SCALAR_MOV, 64, 8 },	{ "movsx8", SCALAR_MOV, 32, 8 },
	{ "movsx16", SCALAR_MOV, 64, 16 },	{ "movsx16", SCALAR_MOV, 32, 16 },
	{ "movsx32", SCALAR_MOV, 64, 32 },
};

/* Concrete result of the instruction "dst op= src" (movsx reads the source). */
static u64 alu_concrete(const struct alu_case *c, u64 x, u64 y)
{
	if (c->op == SCALAR_MOV && c->off) {
		u64 v = c->off == 8 ? (u64)(s64)(s8)y : c->off == 16 ? (u64)(s64)(s16)y
								    : (u64)(s64)(s32)y;
		return c->width == 32 ? (u32)v : v;
	}
	return dom_alu_concrete((enum dom_alu)c->op, x, y, c->width, c->off == 1);
}

START_TEST(scalar_alu__random_operands__result_contains_concrete_and_is_consistent)
{
	const struct alu_case *c = &alu_cases[_i];
	struct dom_rng rng = dom_rng_init(1000 + _i);
	u64 done = 0, want = samples_per_op();
	bool shift = c->op == SCALAR_LSH || c->op == SCALAR_RSH || c->op == SCALAR_ARSH;

	while (done < want) {
		struct dom_sval a, b;
		struct scalar r;

		dom_gen(&rng, &a, 2);
		if (shift && dom_below(&rng, 8)) {
			/* mostly the tracked case: a constant amount below the width */
			u64 k = dom_below(&rng, c->width);

			if (c->width == 32 && dom_below(&rng, 4) == 0)
				k |= dom_rand(&rng) << 32;	/* upper half set: untracked */
			b.s = scalar_const(k);
			b.m[0] = k;
			b.n = 1;
		} else {
			dom_gen(&rng, &b, 2);
		}
		dom_sample(&rng, &a, 12);
		dom_sample(&rng, &b, 12);
		r = scalar_alu(c->op, &a.s, &b.s, c->width, c->off);
		assert_consistent(&r, c->name);
		for (int i = 0; i < a.n; i++)
			for (int j = 0; j < b.n; j++) {
				u64 z = alu_concrete(c, a.m[i], b.m[j]);

				if (!scalar_contains(&r, z))
					fail_alu(c->name, c->width, &a.s, &b.s, &r, a.m[i], b.m[j], z);
				done++;
			}
	}
}
END_TEST

/* "dst op= dst": the same register on both sides. */
START_TEST(scalar_alu__same_register_both_operands__sound)
{
	const struct alu_case *c = &alu_cases[_i];
	struct dom_rng rng = dom_rng_init(2000 + _i);
	u64 want = samples_per_op() / 8;

	for (u64 done = 0; done < want;) {
		struct dom_sval a;
		struct scalar r;

		dom_gen(&rng, &a, 2);
		dom_sample(&rng, &a, 16);
		r = scalar_alu(c->op, &a.s, &a.s, c->width, c->off);
		assert_consistent(&r, c->name);
		for (int i = 0; i < a.n; i++, done++)
			if (!scalar_contains(&r, alu_concrete(c, a.m[i], a.m[i])))
				fail_alu(c->name, c->width, &a.s, &a.s, &r, a.m[i], a.m[i],
					 alu_concrete(c, a.m[i], a.m[i]));
	}
}
END_TEST

/* Loads and truncations. */
START_TEST(scalar_coerce__random__sound_and_consistent)
{
	struct dom_rng rng = dom_rng_init(3000);
	u64 want = samples_per_op();

	for (u64 done = 0; done < want;) {
		struct dom_sval a;
		int size = 1 << dom_below(&rng, 3);

		dom_gen(&rng, &a, 2);
		dom_sample(&rng, &a, 16);
		for (int sx = 0; sx < 2; sx++) {
			struct scalar r = sx ? scalar_coerce_sx(&a.s, size) : scalar_coerce(&a.s, size);
			struct scalar l = scalar_load(size, sx);

			assert_consistent(&r, sx ? "coerce_sx" : "coerce");
			assert_consistent(&l, "load");
			for (int i = 0; i < a.n; i++, done++) {
				u64 x = a.m[i], z;

				if (sx)
					z = size == 1 ? (u64)(s64)(s8)x : size == 2 ? (u64)(s64)(s16)x
										   : (u64)(s64)(s32)x;
				else
					z = x & ((1ULL << (size * 8)) - 1);
				DOM_CHECK(scalar_contains(&r, z));
				DOM_CHECK(scalar_contains(&l, z));
			}
		}
	}
}
END_TEST

/* The kernel does not sync after a 64-bit MOVSX or a BPF_MEMSX load: check that it need not,
 * i.e. syncing the result changes nothing. */
START_TEST(scalar_movsx64__random__already_synced)
{
	struct dom_rng rng = dom_rng_init(3100);

	for (int n = 0; n < 200000; n++) {
		struct dom_sval a;
		int size = 1 << dom_below(&rng, 3);
		struct scalar r, s;

		dom_gen(&rng, &a, 2);
		r = scalar_coerce_sx(&a.s, size > 4 ? 4 : size);
		s = r;
		scalar_sync(&s);
		DOM_CHECK(!memcmp(&r, &s, sizeof(r)));
	}
}
END_TEST

static bool cond_holds(enum scalar_jmp_op op, u64 x, u64 y, bool j32)
{
	s64 sx = j32 ? (s32)x : (s64)x, sy = j32 ? (s32)y : (s64)y;

	if (j32) {
		x = (u32)x;
		y = (u32)y;
	}
	switch (op) {
	case SCALAR_JEQ: return x == y;
	case SCALAR_JNE: return x != y;
	case SCALAR_JGT: return x > y;
	case SCALAR_JGE: return x >= y;
	case SCALAR_JLT: return x < y;
	case SCALAR_JLE: return x <= y;
	case SCALAR_JSET: return (x & y) != 0;
	case SCALAR_JSET_NOT: return (x & y) == 0;
	case SCALAR_JSGT: return sx > sy;
	case SCALAR_JSGE: return sx >= sy;
	case SCALAR_JSLT: return sx < sy;
	case SCALAR_JSLE: return sx <= sy;
	}
	return false;
}

static const enum scalar_jmp_op jmp_ops[] = {
	SCALAR_JEQ, SCALAR_JNE, SCALAR_JGT, SCALAR_JGE, SCALAR_JLT, SCALAR_JLE, SCALAR_JSGT,
	SCALAR_JSGE, SCALAR_JSLT, SCALAR_JSLE, SCALAR_JSET, SCALAR_JSET_NOT,
};

static void fail_branch(const char *what, enum scalar_jmp_op op, bool j32,
			const struct scalar *a, const struct scalar *b, u64 x, u64 y)
{
	char sa[200], sb[200];

	scalar_fmt(sa, sizeof(sa), a);
	scalar_fmt(sb, sizeof(sb), b);
	ck_abort_msg("%s: op %#x jmp32=%d a=%s b=%s x=%#llx y=%#llx", what, op, j32, sa, sb,
		     (unsigned long long)x, (unsigned long long)y);
}

/* For each jump op, 64 and 32 bit: every sampled pair satisfying the condition lies in the
 * refined operands of that outcome; a decided branch agrees with every pair; an outcome some
 * pair takes is never reported inconsistent. One operand is a constant half of the time (the
 * "imm" form). */
START_TEST(scalar_branch__random_operands__refinement_and_decision_sound)
{
	enum scalar_jmp_op op = jmp_ops[_i % ARRAY_SIZE(jmp_ops)];
	bool j32 = _i >= (int)ARRAY_SIZE(jmp_ops);
	struct dom_rng rng = dom_rng_init(4000 + _i);
	u64 want = samples_per_op();

	for (u64 done = 0; done < want;) {
		struct dom_sval a, b;
		struct scalar at, bt, af, bf;
		const char *why_t, *why_f;
		int taken;
		bool any_t = false, any_f = false;

		dom_gen(&rng, &a, 2);
		dom_sample(&rng, &a, 12);
		if (dom_below(&rng, 2)) {
			u64 k = a.n && dom_below(&rng, 2) ? a.m[0] + dom_below(&rng, 3) - 1
							   : dom_interesting(&rng);

			if (j32 && dom_below(&rng, 2))
				k = (u64)(s64)(s32)k;	/* as the kernel builds an imm operand */
			b.s = scalar_const(k);
			b.m[0] = k;
			b.n = 1;
		} else {
			dom_gen(&rng, &b, 2);
			dom_sample(&rng, &b, 12);
		}
		taken = scalar_branch_taken(&a.s, &b.s, op, j32);
		at = a.s, bt = b.s, af = a.s, bf = b.s;
		why_t = scalar_refine(&at, &bt, op, j32);
		why_f = scalar_refine(&af, &bf, scalar_jmp_negate(op), j32);
		for (int i = 0; i < a.n; i++)
			for (int j = 0; j < b.n; j++, done++) {
				u64 x = a.m[i], y = b.m[j];
				bool h = cond_holds(op, x, y, j32);

				if (h) {
					any_t = true;
					if (!scalar_contains(&at, x) || !scalar_contains(&bt, y))
						fail_branch("true outcome loses a pair", op, j32, &a.s,
							    &b.s, x, y);
				} else {
					any_f = true;
					if (!scalar_contains(&af, x) || !scalar_contains(&bf, y))
						fail_branch("false outcome loses a pair", op, j32, &a.s,
							    &b.s, x, y);
				}
				if ((taken == 1 && !h) || (taken == 0 && h))
					fail_branch("wrong static decision", op, j32, &a.s, &b.s, x, y);
			}
		if (any_t && why_t)
			fail_branch(why_t, op, j32, &a.s, &b.s, 0, 0);
		if (any_f && why_f)
			fail_branch(why_f, op, j32, &a.s, &b.s, 0, 0);
	}
}
END_TEST

/* "if r1 op r1": both pointers on one register, as the kernel allows. */
START_TEST(scalar_branch__same_register__sound)
{
	enum scalar_jmp_op op = jmp_ops[_i % ARRAY_SIZE(jmp_ops)];
	bool j32 = _i >= (int)ARRAY_SIZE(jmp_ops);
	struct dom_rng rng = dom_rng_init(5000 + _i);

	for (int n = 0; n < 20000; n++) {
		struct dom_sval a;
		struct scalar t;
		bool h_any = false;

		dom_gen(&rng, &a, 2);
		dom_sample(&rng, &a, 8);
		t = a.s;
		scalar_refine(&t, &t, op, j32);
		for (int i = 0; i < a.n; i++)
			if (cond_holds(op, a.m[i], a.m[i], j32)) {
				h_any = true;
				if (!scalar_contains(&t, a.m[i]))
					fail_branch("aliased refinement loses a value", op, j32, &a.s,
						    &a.s, a.m[i], a.m[i]);
			}
		(void)h_any;
	}
}
END_TEST

START_TEST(scalar_sync__random_values__keeps_members_and_invariants)
{
	struct dom_rng rng = dom_rng_init(6000);

	for (int n = 0; n < 200000; n++) {
		struct dom_sval a;
		struct scalar s;

		dom_gen(&rng, &a, 2);
		dom_sample(&rng, &a, 8);
		/* the generator's values are synced; perturb: widen one component, resync */
		s = a.s;
		switch (dom_below(&rng, 4)) {
		case 0: s.umax = UINT64_MAX; break;
		case 1: s.smin = INT64_MIN; break;
		case 2: s.var_off = tnum_top(); break;
		default: s.s32_max = INT32_MAX; s.u32_min = 0; break;
		}
		scalar_sync(&s);
		assert_consistent(&s, "sync");
		for (int i = 0; i < a.n; i++)
			DOM_CHECK(scalar_contains(&s, a.m[i]));
		/* every generated member is in the generated value */
		for (int i = 0; i < a.n; i++)
			DOM_CHECK(scalar_contains(&a.s, a.m[i]));
	}
}
END_TEST

START_TEST(scalar_lattice__random_pairs__laws_hold)
{
	struct dom_rng rng = dom_rng_init(7000);

	for (int n = 0; n < 100000; n++) {
		struct dom_sval a, b;
		struct scalar j, m, w;

		dom_gen(&rng, &a, 2);
		dom_gen(&rng, &b, 2);
		dom_sample(&rng, &a, 8);
		dom_sample(&rng, &b, 8);
		j = scalar_join(&a.s, &b.s);
		m = scalar_meet(&a.s, &b.s);
		w = scalar_widen(&a.s, &b.s);
		assert_consistent(&j, "join");
		assert_consistent(&m, "meet");
		assert_consistent(&w, "widen");
		DOM_CHECK(scalar_leq(&a.s, &a.s));
		DOM_CHECK(scalar_leq(&a.s, &j) && scalar_leq(&b.s, &j));
		DOM_CHECK(scalar_leq(&a.s, &w) && scalar_leq(&b.s, &w));
		DOM_CHECK(scalar_leq(&m, &a.s) && scalar_leq(&m, &b.s));
		for (int i = 0; i < a.n; i++) {
			DOM_CHECK(scalar_contains(&j, a.m[i]));
			DOM_CHECK(scalar_contains(&w, a.m[i]));
			DOM_CHECK(scalar_contains(&m, a.m[i]) == scalar_contains(&b.s, a.m[i]) ||
				  !scalar_contains(&b.s, a.m[i]));
			if (scalar_leq(&a.s, &b.s))
				DOM_CHECK(scalar_contains(&b.s, a.m[i]));
		}
		for (int i = 0; i < b.n; i++)
			DOM_CHECK(scalar_contains(&j, b.m[i]) && scalar_contains(&w, b.m[i]));
		/* transitivity through the join */
		if (scalar_leq(&m, &a.s))
			DOM_CHECK(scalar_leq(&m, &j));
	}
	{
		struct scalar bot = scalar_bottom(), one = scalar_const(1);

		ck_assert(scalar_is_bottom(&bot));
		ck_assert(scalar_leq(&bot, &one) && !scalar_leq(&one, &bot));
		ck_assert(!scalar_contains(&bot, 0));
		ck_assert(scalar_check(&bot) == NULL);
	}
}
END_TEST

START_TEST(scalar_widen__increasing_chain__stabilises)
{
	struct scalar w = scalar_const(0);
	int steps = 0;

	/* i = 0; loop: i += 1 -- widening must reach a fixpoint quickly */
	for (;;) {
		struct scalar one = scalar_const(1), next = scalar_add(&w, &one, 64);
		struct scalar nw = scalar_join(&w, &next);

		nw = scalar_widen(&w, &nw);
		if (scalar_leq(&nw, &w))
			break;
		w = nw;
		ck_assert_int_lt(++steps, 100);
	}
}
END_TEST

START_TEST(scalar_fmt__random_values__parse_roundtrip)
{
	struct dom_rng rng = dom_rng_init(8000);

	for (int n = 0; n < 100000; n++) {
		struct dom_sval a;
		struct scalar p;
		char buf[256];
		const char *end;

		dom_gen(&rng, &a, 2);
		if (scalar_is_bottom(&a.s))
			continue;
		scalar_fmt(buf, sizeof(buf), &a.s);
		if (scalar_parse(buf, &p, &end) || *end)
			ck_abort_msg("cannot parse back '%s'", buf);
		if (memcmp(&p, &a.s, sizeof(p)))
			ck_abort_msg("'%s' does not parse back to the same value", buf);
	}
}
END_TEST

/* Kernel log lines (Linux 6.18) and the values that print them. */
static const struct fmt_case {
	const char *text;
	struct scalar (*make)(void);
} fmts[] = {
	{ "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", NULL },
	{ "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", NULL },
	{ "scalar(smin=0xffffffff80000040,smax=0x8000003f)", NULL },
	{ "scalar(smin=smin32=-255,smax=smax32=255)", NULL },
	{ "scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=49,var_off=(0x0; 0x3f))", NULL },
	{ "scalar(smin=0,smax=umax=umax32=0xfffffffc,smax32=0x7ffffffc,var_off=(0x0; 0xfffffffc))",
	  NULL },
	{ "scalar(smin=umin=umin32=32,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", NULL },
	{ "scalar(smin=smin32=-3,smax=smax32=31)", NULL },
	{ "scalar(umax=0xfffffffe00000001)", NULL },
	{ "scalar()", NULL },
	{ "0xfffffffe", NULL },
	{ "0xe8d4a51000", NULL },
	{ "58", NULL },
	{ "-1", NULL },
};

START_TEST(scalar_fmt__kernel_lines__parse_and_print_identically)
{
	struct scalar s;
	const char *end;
	char buf[256];

	ck_assert_int_eq(scalar_parse(fmts[_i].text, &s, &end), 0);
	ck_assert_int_eq(*end, 0);
	scalar_fmt(buf, sizeof(buf), &s);
	ck_assert_str_eq(buf, fmts[_i].text);
}
END_TEST

/* Transfers observed in the 6.18 kernel's logs (kernel-selftests oracle, live loads). */
START_TEST(scalar_alu__kernel_log_vectors__equal_bounds)
{
	struct scalar r, k, u8v = scalar_load(1, false), u32v = scalar_load(4, false);
	char buf[256];

	scalar_fmt(buf, sizeof(buf), &u8v);
	ck_assert_str_eq(buf, "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))");
	k = scalar_const((u64)-4);
	r = scalar_and(&u8v, &k, 64);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "scalar(smin=smin32=0,smax=umax=smax32=umax32=252,var_off=(0x0; 0xfc))");
	k = scalar_const(2);
	r = scalar_lsh(&r, &k, 64);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "scalar(smin=smin32=0,smax=umax=smax32=umax32=1008,var_off=(0x0; 0x3f0))");
	/* 11: (64) w1 <<= 2 on a u32 load */
	r = scalar_lsh(&u32v, &k, 32);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "scalar(smin=0,smax=umax=umax32=0xfffffffc,smax32=0x7ffffffc,"
			      "var_off=(0x0; 0xfffffffc))");
	/* 9: (6c) w1 <<= w2 with r2 = 32: not tracked, and not even zero-extended */
	k = scalar_const(32);
	r = scalar_lsh(&u32v, &k, 32);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "scalar()");
	/* 9: (94) w1 %= 2 */
	k = scalar_const(2);
	r = scalar_mod(&u32v, &k, 32, false);
	ck_assert(scalar_leq(&u32v, &r) && tnum_is_unknown(r.var_off));
	/* 9: (27) r1 *= 1000000 on 1000000 */
	k = scalar_const(1000000);
	r = scalar_mul(&k, &k, 64);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "0xe8d4a51000");
	/* 2: (87) r0 = -r0 on 0 */
	k = scalar_const(0);
	r = scalar_neg(&k, 64);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "0");
	/* 10: (14) w1 -= 2 on 0 */
	r = scalar_sub(&k, &(struct scalar){ 0 }, 32);
	k = scalar_const(2);
	r = scalar_const(0);
	r = scalar_sub(&r, &k, 32);
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "0xfffffffe");
	/* 9: (a5) if r3 < 0x20 fallthrough on a u32 load */
	r = u32v;
	k = scalar_const(0x20);
	ck_assert_ptr_null(scalar_refine(&r, &k, SCALAR_JGE, false));
	scalar_fmt(buf, sizeof(buf), &r);
	ck_assert_str_eq(buf, "scalar(smin=umin=umin32=32,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
}
END_TEST

START_TEST(scalar_branch__constants__decided)
{
	struct scalar a = scalar_const(5), b = scalar_const(7), r = scalar_urange(0, 10);

	ck_assert_int_eq(scalar_branch_taken(&a, &b, SCALAR_JLT, false), 1);
	ck_assert_int_eq(scalar_branch_taken(&a, &b, SCALAR_JEQ, false), 0);
	ck_assert_int_eq(scalar_branch_taken(&r, &b, SCALAR_JLT, false), -1);
	ck_assert_int_eq(scalar_branch_taken(&r, &b, SCALAR_JSET_NOT, false), -1);
	b = scalar_const(0x100);
	ck_assert_int_eq(scalar_branch_taken(&r, &b, SCALAR_JSET, false), 0);
	ck_assert_int_eq(scalar_jmp_negate(SCALAR_JSET), SCALAR_JSET_NOT);
	ck_assert_int_eq(scalar_jmp_flip(SCALAR_JSGT), SCALAR_JSLT);
}
END_TEST

Suite *scalar_suite(void)
{
	Suite *s = suite_create("scalar");
	TCase *tc;

	tc = tcase_create("alu_soundness");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_loop_test(tc, scalar_alu__random_operands__result_contains_concrete_and_is_consistent,
			    0, ARRAY_SIZE(alu_cases));
	tcase_add_loop_test(tc, scalar_alu__same_register_both_operands__sound, 0,
			    ARRAY_SIZE(alu_cases));
	tcase_add_test(tc, scalar_coerce__random__sound_and_consistent);
	tcase_add_test(tc, scalar_movsx64__random__already_synced);
	suite_add_tcase(s, tc);

	tc = tcase_create("branch_soundness");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_loop_test(tc, scalar_branch__random_operands__refinement_and_decision_sound, 0,
			    2 * ARRAY_SIZE(jmp_ops));
	tcase_add_loop_test(tc, scalar_branch__same_register__sound, 0, 2 * ARRAY_SIZE(jmp_ops));
	tcase_add_test(tc, scalar_branch__constants__decided);
	suite_add_tcase(s, tc);

	tc = tcase_create("reduction_lattice");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_test(tc, scalar_sync__random_values__keeps_members_and_invariants);
	tcase_add_test(tc, scalar_lattice__random_pairs__laws_hold);
	tcase_add_test(tc, scalar_widen__increasing_chain__stabilises);
	suite_add_tcase(s, tc);

	tc = tcase_create("fmt");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_test(tc, scalar_fmt__random_values__parse_roundtrip);
	tcase_add_loop_test(tc, scalar_fmt__kernel_lines__parse_and_print_identically, 0,
			    ARRAY_SIZE(fmts));
	tcase_add_test(tc, scalar_alu__kernel_log_vectors__equal_bounds);
	suite_add_tcase(s, tc);
	return s;
}
