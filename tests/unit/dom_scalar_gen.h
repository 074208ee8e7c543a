/* Random scalars with known members, for the scalar soundness suites.
 *
 * dom_gen_scalar() builds an abstract value the way the analysis would (constants, joins,
 * ranges, tnums, branch refinements, results of ALU ops) together with concrete values that
 * must be in it (its "seeds"); dom_sample() adds random members found by rejection. Values are
 * drawn around the boundaries where bugs live: 0, +-1, S32/U32/S64 limits, powers of two.
 */
#ifndef BPFVERIFY_TESTS_DOM_SCALAR_GEN_H
#define BPFVERIFY_TESTS_DOM_SCALAR_GEN_H

#include "dom_testlib.h"
#include "domains/scalar.h"

#define DOM_MAX_MEMBERS 24

struct dom_sval {
	struct scalar s;
	u64 m[DOM_MAX_MEMBERS];	/* members of s */
	int n;
};

static inline u64 dom_interesting(struct dom_rng *r)
{
	static const u64 base[] = {
		0, 1, 2, 3, 7, 8, 0xff, 0x100, 0xffff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL, 0xffffffff80000000ULL, 0xffffffff7fffffffULL,
		0xfffffffffffffffeULL, 0xffffffff00000000ULL, 0x00000000fffffffeULL,
	};
	u64 v;

	switch (dom_below(r, 8)) {
	case 0:
	case 1:
		v = base[dom_below(r, ARRAY_SIZE(base))];
		return v + (dom_below(r, 5) - 2);	/* +-2 around a boundary */
	case 2:
		return dom_below(r, 300);
	case 3:
		return -dom_below(r, 300);
	case 4:
		return 1ULL << dom_below(r, 64);
	case 5:
		return (u32)dom_rand(r);
	case 6:
		return (u64)(s64)(s32)dom_rand(r);
	default:
		return dom_rand(r);
	}
}

static inline void dom_push(struct dom_sval *v, u64 x)
{
	if (v->n < DOM_MAX_MEMBERS)
		v->m[v->n++] = x;
}

/* A random tnum around @x: some bits of x made unknown, in typical shapes. */
static inline struct tnum dom_tnum_around(struct dom_rng *r, u64 x)
{
	u64 mask;

	switch (dom_below(r, 5)) {
	case 0: mask = (1ULL << dom_below(r, 64)) - 1; break;		/* low bits */
	case 1: mask = ~0ULL << dom_below(r, 64); break;		/* high bits */
	case 2: mask = dom_rand(r) & dom_rand(r) & dom_rand(r); break;	/* sparse */
	case 3: mask = ((1ULL << dom_below(r, 16)) - 1) << dom_below(r, 48); break;
	default: mask = dom_rand(r); break;
	}
	return TNUM(x & ~mask, mask);
}

static inline void dom_gen(struct dom_rng *r, struct dom_sval *v, int depth);

/* Random members of v->s by rejection, on top of the seeds. */
static inline void dom_sample(struct dom_rng *r, struct dom_sval *v, int want)
{
	const struct scalar *s = &v->s;

	for (int tries = 0; v->n < want && tries < 64; tries++) {
		u64 x;

		switch (dom_below(r, 6)) {
		case 0: x = s->umin + dom_below(r, 4); break;
		case 1: x = s->umax - dom_below(r, 4); break;
		case 2: x = (u64)s->smin + dom_below(r, 4); break;
		case 3: x = (u64)s->smax - dom_below(r, 4); break;
		case 4:
			x = s->umax - s->umin == ~0ULL ? dom_rand(r)
			    : s->umin + dom_below(r, s->umax - s->umin + 1);
			x = (x & ~s->var_off.mask) | s->var_off.value;	/* force the known bits */
			break;
		default:
			x = (dom_rand(r) & s->var_off.mask) | s->var_off.value;
			break;
		}
		if (scalar_contains(s, x))
			dom_push(v, x);
	}
}

static inline void dom_gen(struct dom_rng *r, struct dom_sval *v, int depth)
{
	u64 a, b;

	v->n = 0;
	switch (dom_below(r, depth > 0 ? 8 : 6)) {
	case 0:		/* constant */
		a = dom_interesting(r);
		v->s = scalar_const(a);
		dom_push(v, a);
		break;
	case 1: {	/* join of a few values */
		int k = 2 + (int)dom_below(r, 3);

		v->s = scalar_bottom();
		for (int i = 0; i < k; i++) {
			struct scalar c;

			a = dom_interesting(r);
			c = scalar_const(a);
			v->s = scalar_join(&v->s, &c);
			dom_push(v, a);
		}
		break;
	}
	case 2:		/* unsigned range */
		a = dom_interesting(r);
		b = dom_below(r, 2) ? a + dom_below(r, 1000) : dom_interesting(r);
		if (a > b) {
			u64 t = a; a = b; b = t;
		}
		v->s = scalar_urange(a, b);
		dom_push(v, a);
		dom_push(v, b);
		dom_push(v, a + (b - a) / 2);
		break;
	case 3:		/* signed range */
		a = dom_interesting(r);
		b = dom_below(r, 2) ? a + dom_below(r, 1000) : dom_interesting(r);
		if ((s64)a > (s64)b) {
			u64 t = a; a = b; b = t;
		}
		v->s = scalar_srange((s64)a, (s64)b);
		dom_push(v, a);
		dom_push(v, b);
		dom_push(v, a + (b - a) / 2);	/* the distance fits in u64 */
		break;
	case 4: {	/* tnum only */
		struct tnum t;

		a = dom_interesting(r);
		t = dom_tnum_around(r, a);
		v->s = scalar_from_tnum(t);
		dom_push(v, a);
		break;
	}
	case 5:		/* unknown load of a narrow width */
		v->s = scalar_load(1 << dom_below(r, 3), dom_below(r, 2));
		break;
	case 6: {	/* refined by a comparison with a constant */
		static const enum scalar_jmp_op ops[] = {
			SCALAR_JEQ, SCALAR_JNE, SCALAR_JGT, SCALAR_JGE, SCALAR_JLT, SCALAR_JLE,
			SCALAR_JSGT, SCALAR_JSGE, SCALAR_JSLT, SCALAR_JSLE, SCALAR_JSET,
			SCALAR_JSET_NOT,
		};
		enum scalar_jmp_op op = ops[dom_below(r, ARRAY_SIZE(ops))];
		bool j32 = dom_below(r, 3) == 0;
		struct dom_sval in;
		struct scalar k;
		int keep = 0;

		dom_gen(r, &in, depth - 1);
		dom_sample(r, &in, 8);
		/* compare with a member's neighbourhood so that both outcomes stay possible */
		b = in.n ? in.m[dom_below(r, in.n)] + dom_below(r, 3) - 1 : dom_interesting(r);
		if (j32)
			b = (u64)(s64)(s32)b;
		k = scalar_const(b);
		v->s = in.s;
		if (scalar_refine(&v->s, &k, op, j32)) {
			v->s = in.s;	/* infeasible: keep the input */
			op = SCALAR_JSET_NOT;
			b = 0;
		}
		for (int i = 0; i < in.n; i++) {
			u64 x = in.m[i], y = b;
			bool holds;

			if (j32) {
				x = (u32)x;
				y = (u32)y;
			}
			switch (op) {
			case SCALAR_JEQ: holds = x == y; break;
			case SCALAR_JNE: holds = x != y; break;
			case SCALAR_JGT: holds = x > y; break;
			case SCALAR_JGE: holds = x >= y; break;
			case SCALAR_JLT: holds = x < y; break;
			case SCALAR_JLE: holds = x <= y; break;
			case SCALAR_JSET: holds = (x & y) != 0; break;
			case SCALAR_JSET_NOT: holds = (x & y) == 0; break;
			default: {
				s64 sx = j32 ? (s32)x : (s64)x, sy = j32 ? (s32)y : (s64)y;

				holds = op == SCALAR_JSGT ? sx > sy : op == SCALAR_JSGE ? sx >= sy :
					op == SCALAR_JSLT ? sx < sy : sx <= sy;
			}
			}
			if (holds)
				in.m[keep++] = in.m[i];
		}
		for (int i = 0; i < keep; i++)
			dom_push(v, in.m[i]);
		break;
	}
	default: {	/* result of an ALU operation */
		static const enum scalar_alu_op ops[] = {
			SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_AND, SCALAR_OR, SCALAR_XOR,
			SCALAR_LSH, SCALAR_RSH, SCALAR_ARSH, SCALAR_NEG,
		};
		enum scalar_alu_op op = ops[dom_below(r, ARRAY_SIZE(ops))];
		int width = dom_below(r, 3) ? 64 : 32;
		struct dom_sval x, y;

		dom_gen(r, &x, depth - 1);
		if (op == SCALAR_LSH || op == SCALAR_RSH || op == SCALAR_ARSH) {
			y.s = scalar_const(dom_below(r, width));
			y.m[0] = y.s.var_off.value;
			y.n = 1;
		} else {
			dom_gen(r, &y, depth - 1);
		}
		dom_sample(r, &x, 6);
		dom_sample(r, &y, 6);
		v->s = scalar_alu(op, &x.s, &y.s, width, 0);
		for (int i = 0; i < x.n; i++)
			for (int j = 0; j < y.n; j++)
				if (dom_below(r, 3) == 0)
					dom_push(v, dom_alu_concrete((enum dom_alu)op, x.m[i], y.m[j],
								     width, false));
		break;
	}
	}
}

#endif
