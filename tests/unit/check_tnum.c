/* tnum: exhaustive soundness on small bit patterns, optimality where the kernel's operation is
 * known to be the best tnum, lattice laws, kernel-equal results on known vectors, printing.
 *
 * "Small bit patterns" means 64-bit tnums whose value and mask live in the low N bits (N = 6 in
 * `make check`, 8 with BPFVERIFY_LONG=1): every pair of such tnums and every pair of their members
 * is tried, the concrete result computed on full 64 bits. */
#include <check.h>
#include <string.h>

#include "dom_testlib.h"
#include "domains/tnum.h"

static unsigned int small_bits(void)
{
	return dom_long_mode() ? 8 : 6;
}

typedef struct tnum (*binop_fn)(struct tnum, struct tnum);
typedef u64 (*concrete_fn)(u64, u64);

static u64 c_add(u64 a, u64 b) { return a + b; }
static u64 c_sub(u64 a, u64 b) { return a - b; }
static u64 c_mul(u64 a, u64 b) { return a * b; }
static u64 c_and(u64 a, u64 b) { return a & b; }
static u64 c_or(u64 a, u64 b) { return a | b; }
static u64 c_xor(u64 a, u64 b) { return a ^ b; }

static const struct binop_case {
	const char *name;
	binop_fn abs;
	concrete_fn conc;
	bool optimal;	/* the kernel's result is the best tnum for the set of concrete results */
	unsigned int bits_cap;	/* cap on N for slow operations (0: none) */
} binops[] = {
	{ "add", tnum_add, c_add, true, 0 },
	{ "sub", tnum_sub, c_sub, true, 0 },
	{ "mul", tnum_mul, c_mul, false, 6 },
	{ "and", tnum_and, c_and, true, 0 },
	{ "or", tnum_or, c_or, true, 0 },
	{ "xor", tnum_xor, c_xor, true, 0 },
};

/* For every pair of small tnums: op(a, b) contains x op y for every member pair; where the
 * operation is claimed optimal, op(a, b) equals the join of those concrete results. */
START_TEST(tnum_binop__all_small_pairs__sound_and_optimal_where_claimed)
{
	const struct binop_case *c = &binops[_i];
	unsigned int bits = small_bits();
	struct tnum a = TNUM(0, 0), b;
	bool more_a = true;
	u64 pairs = 0;

	if (c->bits_cap && bits > c->bits_cap)
		bits = c->bits_cap;
	for (; more_a; more_a = dom_tnum_next(&a, bits)) {
		bool more_b = true;

		for (b = TNUM(0, 0); more_b; more_b = dom_tnum_next(&b, bits)) {
			struct tnum r = c->abs(a, b), best = TNUM_BOTTOM;
			u64 x = a.value;

			if (tnum_is_bottom(r))
				ck_abort_msg("%s produced bottom", c->name);
			do {
				u64 y = b.value;

				do {
					u64 z = c->conc(x, y);

					if (!tnum_contains(r, z))
						ck_abort_msg("%s unsound: (%#llx;%#llx) op (%#llx;%#llx) = "
							     "(%#llx;%#llx) misses %#llx op %#llx = %#llx",
							     c->name, (unsigned long long)a.value,
							     (unsigned long long)a.mask,
							     (unsigned long long)b.value,
							     (unsigned long long)b.mask,
							     (unsigned long long)r.value,
							     (unsigned long long)r.mask,
							     (unsigned long long)x, (unsigned long long)y,
							     (unsigned long long)z);
					best = dom_tnum_add_member(best, z);
				} while (dom_member_next(b, &y));
			} while (dom_member_next(a, &x));
			if (c->optimal && (r.value != best.value || r.mask != best.mask))
				ck_abort_msg(
					      "%s not optimal on (%#llx;%#llx),(%#llx;%#llx)", c->name,
					      (unsigned long long)a.value, (unsigned long long)a.mask,
					      (unsigned long long)b.value, (unsigned long long)b.mask);
			pairs++;
		}
	}
	ck_assert_uint_gt(pairs, 0);
}
END_TEST

/* Unary operations, every small tnum and every member. */
START_TEST(tnum_unary__all_small__sound)
{
	unsigned int bits = small_bits() + 2;
	struct tnum a = TNUM(0, 0);
	bool more = true;

	for (; more; more = dom_tnum_next(&a, bits)) {
		/* place the pattern both low and straddling the 32-bit and 64-bit sign bits */
		static const unsigned int pos[] = { 0, 28, 60 - 8 + 4 };

		for (unsigned int p = 0; p < ARRAY_SIZE(pos); p++) {
			struct tnum t = tnum_lshift(a, pos[p]);
			u64 x = t.value;

			do {
				DOM_CHECK(tnum_contains(tnum_neg(t), -x));
				for (u8 s = 0; s < 64; s += 7) {
					DOM_CHECK(tnum_contains(tnum_lshift(t, s), x << s));
					DOM_CHECK(tnum_contains(tnum_rshift(t, s), x >> s));
					DOM_CHECK(tnum_contains(tnum_arshift(t, s, 64),
								(u64)((s64)x >> s)));
					if (s < 32)
						DOM_CHECK(tnum_contains(tnum_arshift(t, s, 32),
									(u32)((s32)(u32)x >> s)));
				}
				DOM_CHECK(tnum_contains(tnum_cast(t, 1), (u8)x));
				DOM_CHECK(tnum_contains(tnum_cast(t, 2), (u16)x));
				DOM_CHECK(tnum_contains(tnum_cast(t, 4), (u32)x));
				DOM_CHECK(tnum_contains(tnum_scast(t, 1), (u64)(s64)(s8)x));
				DOM_CHECK(tnum_contains(tnum_scast(t, 2), (u64)(s64)(s16)x));
				DOM_CHECK(tnum_contains(tnum_scast(t, 4), (u64)(s64)(s32)x));
				DOM_CHECK(tnum_contains(tnum_subreg(t), (u32)x));
				DOM_CHECK(tnum_contains(tnum_clear_subreg(t), x & ~0xffffffffULL));
				DOM_CHECK(tnum_contains(tnum_bswap16(t), __builtin_bswap16((u16)x)));
				DOM_CHECK(tnum_contains(tnum_bswap32(t), __builtin_bswap32((u32)x)));
				DOM_CHECK(tnum_contains(tnum_bswap64(t), __builtin_bswap64(x)));
				DOM_CHECK(tnum_contains(tnum_const_subreg(t, 0x1234), (x & ~0xffffffffULL) | 0x1234));
			} while (dom_member_next(t, &x));
		}
	}
}
END_TEST

/* tnum_range(lo, hi) holds all of [lo, hi] and is the kernel's shape: common high bits known,
 * everything from the highest differing bit down unknown. */
START_TEST(tnum_range__all_8bit_ranges__contains_range_and_matches_kernel_shape)
{
	static const u64 bases[] = { 0, 0x7fffffffffffff00ULL, 0xffffffffffffff00ULL, 0x100000000ULL };

	for (unsigned int k = 0; k < ARRAY_SIZE(bases); k++)
		for (u64 lo = 0; lo < 256; lo++)
			for (u64 hi = lo; hi < 256; hi++) {
				u64 l = bases[k] + lo, h = bases[k] + hi;
				struct tnum t = tnum_range(l, h);
				u64 chi = l ^ h, delta;
				int bits = chi ? 64 - __builtin_clzll(chi) : 0;

				delta = bits > 63 ? ~0ULL : (1ULL << bits) - 1;
				DOM_CHECK((t.mask) == (delta));
				DOM_CHECK((t.value) == (l & ~delta));
				DOM_CHECK(tnum_contains(t, l));
				DOM_CHECK(tnum_contains(t, h));
				DOM_CHECK(tnum_contains(t, l + (h - l) / 2));
			}
	DOM_CHECK(tnum_is_unknown(tnum_range(0, ~0ULL)));
	DOM_CHECK(tnum_is_unknown(tnum_range(1ULL << 63, (1ULL << 63) - 1 + 1)) == false);
	DOM_CHECK(tnum_equals_const(tnum_range(42, 42), 42));
}
END_TEST

/* Lattice laws on every pair of small tnums (plus bottom): leq agrees with set inclusion, join is
 * the least upper bound, meet the greatest lower bound (with bottom on disagreement). */
START_TEST(tnum_lattice__all_small_pairs__laws_hold)
{
	unsigned int bits = small_bits() > 6 ? 6 : small_bits() - 1;
	struct tnum a = TNUM(0, 0), b;
	bool more_a = true;

	DOM_CHECK(tnum_leq(TNUM_BOTTOM, tnum_const(3)));
	DOM_CHECK(!tnum_leq(tnum_const(3), TNUM_BOTTOM));
	DOM_CHECK(tnum_is_bottom(tnum_meet(tnum_const(1), tnum_const(2))));
	DOM_CHECK(tnum_equals_const(tnum_join(TNUM_BOTTOM, tnum_const(5)), 5));
	for (; more_a; more_a = dom_tnum_next(&a, bits)) {
		bool more_b = true;

		DOM_CHECK(tnum_leq(a, a));
		DOM_CHECK(tnum_leq(a, tnum_top()));
		for (b = TNUM(0, 0); more_b; more_b = dom_tnum_next(&b, bits)) {
			struct tnum j = tnum_join(a, b), m = tnum_meet(a, b);
			bool subset = true;
			u64 x = a.value;

			do
				subset &= tnum_contains(b, x);
			while (dom_member_next(a, &x));
			DOM_CHECK((tnum_leq(a, b)) == (subset));
			DOM_CHECK((tnum_in(b, a)) == (subset));
			DOM_CHECK(tnum_leq(a, j) && tnum_leq(b, j));
			DOM_CHECK(tnum_leq(m, a) && tnum_leq(m, b));
			DOM_CHECK(tnum_is_bottom(m) == !tnum_overlap(a, b));
			if (!tnum_is_bottom(m)) {
				/* meet is exact: its members are exactly the common members */
				x = a.value;
				do
					DOM_CHECK(tnum_contains(m, x) == tnum_contains(b, x));
				while (dom_member_next(a, &x));
				m = tnum_intersect(a, b);
				DOM_CHECK(tnum_leq(m, a) && tnum_leq(m, b));
			}
			/* join is least: the join of the two member sets is exactly j */
			{
				struct tnum best = TNUM_BOTTOM;

				x = a.value;
				do
					best = dom_tnum_add_member(best, x);
				while (dom_member_next(a, &x));
				x = b.value;
				do
					best = dom_tnum_add_member(best, x);
				while (dom_member_next(b, &x));
				DOM_CHECK(best.value == j.value && best.mask == j.mask);
			}
		}
	}
}
END_TEST

/* tnum_step(t, z) is the smallest member of t above z (kernel edge cases outside the window). */
START_TEST(tnum_step__all_small_tnums__smallest_member_above)
{
	struct tnum t = TNUM(0, 0);
	bool more = true;

	for (; more; more = dom_tnum_next(&t, 7)) {
		static const unsigned int pos[] = { 0, 57 };

		for (unsigned int p = 0; p < ARRAY_SIZE(pos); p++) {
			struct tnum a = tnum_lshift(t, pos[p]);
			u64 tmax = a.value | a.mask;

			for (u64 k = 0; k < 130; k++) {
				u64 z = (k << pos[p]) + (k & 3) - 1, want = tmax, x = a.value;

				if (z >= tmax) {
					DOM_CHECK(tnum_step(a, z) == tmax);
					continue;
				}
				if (z < a.value) {
					DOM_CHECK(tnum_step(a, z) == a.value);
					continue;
				}
				do
					if (x > z && x < want)
						want = x;
				while (dom_member_next(a, &x));
				DOM_CHECK(tnum_step(a, z) == want);
			}
		}
	}
}
END_TEST

/* Transitivity of leq over triples of a smaller pattern space. */
START_TEST(tnum_leq__all_4bit_triples__transitive)
{
	struct tnum a = TNUM(0, 0), b, c;
	bool ma = true;

	for (; ma; ma = dom_tnum_next(&a, 4)) {
		bool mb = true;

		for (b = TNUM(0, 0); mb; mb = dom_tnum_next(&b, 4)) {
			bool mc = true;

			if (!tnum_leq(a, b))
				continue;
			for (c = TNUM(0, 0); mc; mc = dom_tnum_next(&c, 4))
				if (tnum_leq(b, c))
					DOM_CHECK(tnum_leq(a, c));
		}
	}
}
END_TEST

/* Known results of the kernel's operations (hand-checked against kernel/bpf/tnum.c 6.18). */
static const struct vec_case {
	char op;
	struct tnum a, b, want;
} vectors[] = {
	/* the 6.18 tnum_mul example: multiplier 0bx1 times 0b11 = 0bx0x1 */
	{ '*', TNUM(1, 2), TNUM(3, 0), TNUM(1, 0xa) },
	/* the multiplier order matters: with 0b11 as multiplier the carries smear more */
	{ '*', TNUM(3, 0), TNUM(1, 2), TNUM(1, 0xe) },
	{ '*', TNUM(0, 0xff), TNUM(0, 0), TNUM(0, 0) },
	{ '*', TNUM(0x10, 0), TNUM(0, 0xff), TNUM(0, 0xff0) },
	{ '+', TNUM(0, 0xff), TNUM(1, 0), TNUM(0, 0x1ff) },
	{ '+', TNUM(0, 3), TNUM(0, 3), TNUM(0, 7) },
	{ '-', TNUM(0, 0), TNUM(1, 0), TNUM(~0ULL, 0) },
	{ '-', TNUM(0x10, 0), TNUM(0, 0xf), TNUM(0, 0x1f) },
	{ '&', TNUM(0, 0xff), TNUM(0xfffffffffffffffcULL, 0), TNUM(0, 0xfc) },
	{ '|', TNUM(0, 0xff), TNUM(0x100, 0), TNUM(0x100, 0xff) },
	{ '^', TNUM(0xf0, 0x0f), TNUM(0xff, 0), TNUM(0, 0x0f) },
	/* kernel intersect: disagreement claims known 1 */
	{ 'i', TNUM(1, 0), TNUM(2, 0), TNUM(3, 0) },
	{ 'i', TNUM(0, 0xff), TNUM(0x10, 0x0f), TNUM(0x10, 0x0f) },
	{ 'u', TNUM(0xa, 0), TNUM(0x5, 0), TNUM(0, 0xf) },
};

START_TEST(tnum_ops__known_vectors__kernel_results)
{
	const struct vec_case *v = &vectors[_i];
	struct tnum r;

	switch (v->op) {
	case '*': r = tnum_mul(v->a, v->b); break;
	case '+': r = tnum_add(v->a, v->b); break;
	case '-': r = tnum_sub(v->a, v->b); break;
	case '&': r = tnum_and(v->a, v->b); break;
	case '|': r = tnum_or(v->a, v->b); break;
	case '^': r = tnum_xor(v->a, v->b); break;
	case 'i': r = tnum_intersect(v->a, v->b); break;
	default: r = tnum_union(v->a, v->b); break;
	}
	ck_assert_msg(r.value == v->want.value && r.mask == v->want.mask,
		      "case %d (%c): got (%#llx; %#llx)", _i, v->op, (unsigned long long)r.value,
		      (unsigned long long)r.mask);
}
END_TEST

static const struct fmt_case {
	struct tnum t;
	const char *want;
} fmts[] = {
	{ TNUM(0, 0xff), "(0x0; 0xff)" },
	{ TNUM(0x100, 0xff), "(0x100; 0xff)" },
	{ TNUM(0, ~0ULL), "(0x0; 0xffffffffffffffff)" },
	{ TNUM(0, 0), "0" },
	{ TNUM(65535, 0), "65535" },
	{ TNUM(65536, 0), "0x10000" },
	{ TNUM(~0ULL, 0), "0xffffffffffffffff" },
	{ TNUM_BOTTOM, "(bottom)" },
};

START_TEST(tnum_fmt__table__kernel_log_syntax)
{
	char buf[64];
	int n = tnum_fmt(buf, sizeof(buf), fmts[_i].t);

	ck_assert_str_eq(buf, fmts[_i].want);
	ck_assert_int_eq(n, (int)strlen(fmts[_i].want));
}
END_TEST

START_TEST(tnum_fmt__short_buffer__snprintf_semantics)
{
	char buf[4], bin[70];

	ck_assert_int_eq(tnum_fmt(buf, sizeof(buf), TNUM(0, 0xff)), 11);
	ck_assert_str_eq(buf, "(0x");
	ck_assert_int_eq(tnum_sbin(bin, sizeof(bin), TNUM(2, 1)), 64);
	ck_assert_str_eq(bin + 60, "001x");
	ck_assert_int_eq(tnum_sbin(buf, sizeof(buf), TNUM(~0ULL, 0)), 64);
	ck_assert_str_eq(buf, "111");
}
END_TEST

START_TEST(tnum_predicates__edge_cases__as_kernel)
{
	ck_assert(tnum_is_aligned(TNUM(8, 0x30), 8));
	ck_assert(!tnum_is_aligned(TNUM(8, 0x31), 8));
	ck_assert(tnum_is_aligned(TNUM(3, 0), 0));
	ck_assert(tnum_subreg_is_const(TNUM(5, 0xffffffff00000000ULL)));
	ck_assert(!tnum_subreg_is_const(TNUM(5, 0x10)));
	ck_assert(tnum_is_unknown(tnum_top()));
	ck_assert(tnum_is_bottom(tnum_bottom()));
	ck_assert(!tnum_contains(tnum_bottom(), 0));
	ck_assert(tnum_overlap(TNUM(1, 2), TNUM(3, 0)));
	ck_assert(!tnum_overlap(TNUM(1, 2), TNUM(4, 0)));
}
END_TEST

Suite *tnum_suite(void)
{
	Suite *s = suite_create("tnum");
	TCase *tc;

	tc = tcase_create("binop_soundness");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_loop_test(tc, tnum_binop__all_small_pairs__sound_and_optimal_where_claimed, 0,
			    ARRAY_SIZE(binops));
	suite_add_tcase(s, tc);

	tc = tcase_create("unary_soundness");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_test(tc, tnum_unary__all_small__sound);
	suite_add_tcase(s, tc);

	tc = tcase_create("range");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_test(tc, tnum_range__all_8bit_ranges__contains_range_and_matches_kernel_shape);
	suite_add_tcase(s, tc);

	tc = tcase_create("lattice");
	tcase_set_timeout(tc, dom_timeout());
	tcase_add_test(tc, tnum_lattice__all_small_pairs__laws_hold);
	tcase_add_test(tc, tnum_leq__all_4bit_triples__transitive);
	tcase_add_test(tc, tnum_step__all_small_tnums__smallest_member_above);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel_vectors");
	tcase_add_loop_test(tc, tnum_ops__known_vectors__kernel_results, 0, ARRAY_SIZE(vectors));
	tcase_add_test(tc, tnum_predicates__edge_cases__as_kernel);
	suite_add_tcase(s, tc);

	tc = tcase_create("fmt");
	tcase_add_loop_test(tc, tnum_fmt__table__kernel_log_syntax, 0, ARRAY_SIZE(fmts));
	tcase_add_test(tc, tnum_fmt__short_buffer__snprintf_semantics);
	suite_add_tcase(s, tc);
	return s;
}
