/* Helpers shared by the abstract-domain suites (check_tnum.c, check_scalar*.c): a seeded PRNG,
 * the sample-count knob of the long soundness mode, enumeration of small tnums and of their
 * members, and the concrete BPF ALU semantics the transfer functions are checked against.
 *
 * Long mode: BPFVERIFY_LONG=1 in the environment multiplies sample counts (>= 1,000,000 samples
 * per operation) and widens the exhaustive tnum enumeration; BPFVERIFY_SEED=N changes the seed.
 */
#ifndef BPFVERIFY_TESTS_DOM_TESTLIB_H
#define BPFVERIFY_TESTS_DOM_TESTLIB_H

#include <check.h>
#include <stdlib.h>

#include "domains/tnum.h"

/* Check's ck_assert() reports every passing assertion to the parent process (a write(2) each);
 * hot loops use this instead, which only talks to Check on failure. */
#define DOM_CHECK(cond)                                                                           \
	do {                                                                                      \
		if (!(cond))                                                                      \
			ck_abort_msg("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);      \
	} while (0)

static inline bool dom_long_mode(void)
{
	const char *s = getenv("BPFVERIFY_LONG");

	return s && *s && *s != '0';
}

/* Timeout (seconds) for a brute-force test case: generous, since Check's default is 4 s. */
static inline double dom_timeout(void)
{
	return dom_long_mode() ? 3600 : 300;
}

/* splitmix64: small, fast, good enough to spread test inputs. */
struct dom_rng {
	u64 s;
};

static inline struct dom_rng dom_rng_init(u64 salt)
{
	const char *s = getenv("BPFVERIFY_SEED");
	u64 seed = s ? strtoull(s, NULL, 0) : 0x5eed5eedULL;

	return (struct dom_rng){ .s = seed ^ (salt * 0x9e3779b97f4a7c15ULL) };
}

static inline u64 dom_rand(struct dom_rng *r)
{
	u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform-ish in [0, n) for n > 0. */
static inline u64 dom_below(struct dom_rng *r, u64 n)
{
	return dom_rand(r) % n;
}

/* Iterate over every well-formed tnum whose value and mask live in the low @bits bits:
 *   for (struct tnum t = TNUM(0, 0); ok; ok = dom_tnum_next(&t, bits)) ...
 * Order: mask ascending, and for each mask every value that is a subset of ~mask. */
static inline bool dom_tnum_next(struct tnum *t, unsigned int bits)
{
	u64 all = (1ULL << bits) - 1;
	u64 free = all & ~t->mask;

	/* next subset of "free" for the value */
	if (t->value != free) {
		t->value = (t->value - free) & free;
		return true;
	}
	if (t->mask == all)
		return false;
	t->mask++;
	t->value = 0;
	return true;
}

/* Iterate over the members of a well-formed tnum: start with x = t.value, advance with
 * dom_member_next() until it returns false. */
static inline bool dom_member_next(struct tnum t, u64 *x)
{
	u64 sub = (*x & t.mask);

	sub = (sub - t.mask) & t.mask;
	if (!sub)
		return false;
	*x = t.value | sub;
	return true;
}

/* The best tnum for a set given incrementally: start with TNUM_BOTTOM, join constants. */
static inline struct tnum dom_tnum_add_member(struct tnum acc, u64 x)
{
	return tnum_join(acc, tnum_const(x));
}

/* ---- Concrete BPF ALU semantics (RFC 9669 plus the Linux extensions) ---- */

enum dom_alu {
	DOM_ADD = 0x00, DOM_SUB = 0x10, DOM_MUL = 0x20, DOM_DIV = 0x30, DOM_OR = 0x40,
	DOM_AND = 0x50, DOM_LSH = 0x60, DOM_RSH = 0x70, DOM_NEG = 0x80, DOM_MOD = 0x90,
	DOM_XOR = 0xa0, DOM_MOV = 0xb0, DOM_ARSH = 0xc0, DOM_END = 0xd0,
};

/* dst OP src for a @width (32 or 64) bit operation; @sdiv selects the signed div/mod (off == 1);
 * the result is the full 64-bit register after the instruction (ALU32 zero-extends). */
static inline u64 dom_alu_concrete(enum dom_alu op, u64 dst, u64 src, int width, bool sdiv)
{
	u64 r = 0;

	if (width == 32) {
		u32 a = (u32)dst, b = (u32)src, v = 0;

		switch (op) {
		case DOM_ADD: v = a + b; break;
		case DOM_SUB: v = a - b; break;
		case DOM_MUL: v = a * b; break;
		case DOM_OR: v = a | b; break;
		case DOM_AND: v = a & b; break;
		case DOM_XOR: v = a ^ b; break;
		case DOM_LSH: v = a << (b & 31); break;
		case DOM_RSH: v = a >> (b & 31); break;
		case DOM_ARSH: v = (u32)((s32)a >> (b & 31)); break;
		case DOM_NEG: v = -a; break;
		case DOM_MOV: v = b; break;
		case DOM_DIV:
			if (!sdiv)
				v = b ? a / b : 0;
			else if (!b)
				v = 0;
			else if ((s32)a == INT32_MIN && (s32)b == -1)
				v = a;
			else
				v = (u32)((s32)a / (s32)b);
			break;
		case DOM_MOD:
			if (!sdiv)
				v = b ? a % b : a;
			else if (!b)
				v = a;
			else if ((s32)b == -1)
				v = 0;
			else
				v = (u32)((s32)a % (s32)b);
			break;
		default: break;
		}
		return v;
	}
	switch (op) {
	case DOM_ADD: r = dst + src; break;
	case DOM_SUB: r = dst - src; break;
	case DOM_MUL: r = dst * src; break;
	case DOM_OR: r = dst | src; break;
	case DOM_AND: r = dst & src; break;
	case DOM_XOR: r = dst ^ src; break;
	case DOM_LSH: r = dst << (src & 63); break;
	case DOM_RSH: r = dst >> (src & 63); break;
	case DOM_ARSH: r = (u64)((s64)dst >> (src & 63)); break;
	case DOM_NEG: r = -dst; break;
	case DOM_MOV: r = src; break;
	case DOM_DIV:
		if (!sdiv)
			r = src ? dst / src : 0;
		else if (!src)
			r = 0;
		else if ((s64)dst == INT64_MIN && (s64)src == -1)
			r = dst;
		else
			r = (u64)((s64)dst / (s64)src);
		break;
	case DOM_MOD:
		if (!sdiv)
			r = src ? dst % src : dst;
		else if (!src)
			r = dst;
		else if ((s64)src == -1)
			r = 0;
		else
			r = (u64)((s64)dst % (s64)src);
		break;
	default: break;
	}
	return r;
}

#endif
