/* Conditional jumps on scalars: deciding a branch statically and narrowing both operands on
 * each outcome. Mirrors the Linux 6.18 verifier's is_scalar_branch_taken(), rev_opcode(),
 * flip_opcode() and regs_refine_cond_op() + reg_bounds_sync() (as called by reg_set_min_max()).
 *
 * Immediate operands: the kernel compares against a constant scalar holding the instruction's
 * imm sign-extended to 64 bits (also for JMP32, which then reads its low half); callers pass
 * scalar_const((u64)(s64)imm).
 *
 * Both refinement and decision work on the 64-bit components, or with @is_jmp32 on the 32-bit
 * ones (the low half of var_off, the s32/u32 ranges); scalar_sync() then carries what was learnt
 * to the other half. The pointers may alias (a comparison of a register with itself), with the
 * same result as in the kernel, which refines through two pointers to one register too.
 *
 * Arithmetic on bounds wraps (the kernel is built with -fno-strict-overflow): "x < S64_MIN"
 * style adjustments never trap, they just fail to narrow; such branches are decided first.
 */
#include "domains/scalar.h"
#include "domains/scalar_impl.h"

#define MAX_T(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define MIN_T(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))

enum scalar_jmp_op scalar_jmp_negate(enum scalar_jmp_op op)
{
	switch (op) {
	case SCALAR_JEQ: return SCALAR_JNE;
	case SCALAR_JNE: return SCALAR_JEQ;
	case SCALAR_JSET: return SCALAR_JSET_NOT;
	case SCALAR_JSET_NOT: return SCALAR_JSET;
	case SCALAR_JGE: return SCALAR_JLT;
	case SCALAR_JGT: return SCALAR_JLE;
	case SCALAR_JLE: return SCALAR_JGT;
	case SCALAR_JLT: return SCALAR_JGE;
	case SCALAR_JSGE: return SCALAR_JSLT;
	case SCALAR_JSGT: return SCALAR_JSLE;
	case SCALAR_JSLE: return SCALAR_JSGT;
	case SCALAR_JSLT: return SCALAR_JSGE;
	}
	return op;
}

enum scalar_jmp_op scalar_jmp_flip(enum scalar_jmp_op op)
{
	switch (op) {
	case SCALAR_JGE: return SCALAR_JLE;
	case SCALAR_JGT: return SCALAR_JLT;
	case SCALAR_JLE: return SCALAR_JGE;
	case SCALAR_JLT: return SCALAR_JGT;
	case SCALAR_JSGE: return SCALAR_JSLE;
	case SCALAR_JSGT: return SCALAR_JSLT;
	case SCALAR_JSLE: return SCALAR_JSGE;
	case SCALAR_JSLT: return SCALAR_JSGT;
	default: return op;	/* JEQ, JNE, JSET, JSET_NOT are symmetric */
	}
}

static bool is_const_view(const struct scalar *s, bool is_jmp32)
{
	return is_jmp32 ? tnum_subreg_is_const(s->var_off) : tnum_is_const(s->var_off);
}

static u64 const_view(const struct scalar *s, bool is_jmp32)
{
	return is_jmp32 ? (u32)s->var_off.value : s->var_off.value;
}

int scalar_branch_taken(const struct scalar *a, const struct scalar *b, enum scalar_jmp_op op,
			bool is_jmp32)
{
	struct tnum t1 = is_jmp32 ? tnum_subreg(a->var_off) : a->var_off;
	struct tnum t2 = is_jmp32 ? tnum_subreg(b->var_off) : b->var_off;
	u64 umin1 = is_jmp32 ? a->u32_min : a->umin, umax1 = is_jmp32 ? a->u32_max : a->umax;
	u64 umin2 = is_jmp32 ? b->u32_min : b->umin, umax2 = is_jmp32 ? b->u32_max : b->umax;
	s64 smin1 = is_jmp32 ? a->s32_min : a->smin, smax1 = is_jmp32 ? a->s32_max : a->smax;
	s64 smin2 = is_jmp32 ? b->s32_min : b->smin, smax2 = is_jmp32 ? b->s32_max : b->smax;
	int r;

	if (scalar_is_bottom(a) || scalar_is_bottom(b))
		return -1;
	switch (op) {
	case SCALAR_JEQ:
	case SCALAR_JNE:
		/* Decide equality, answer for JEQ and negate for JNE. Two constants compare
		 * directly; otherwise disjoint tnums or disjoint ranges (the 64-bit test also
		 * tries the 32-bit ranges) prove inequality. */
		if (tnum_is_const(t1) && tnum_is_const(t2))
			r = t1.value == t2.value;
		else if (!tnum_overlap(t1, t2) || umin1 > umax2 || umax1 < umin2 ||
			 smin1 > smax2 || smax1 < smin2)
			r = 0;
		else if (!is_jmp32 && (a->u32_min > b->u32_max || a->u32_max < b->u32_min ||
				       a->s32_min > b->s32_max || a->s32_max < b->s32_min))
			r = 0;
		else
			return -1;
		return op == SCALAR_JEQ ? r : !r;
	case SCALAR_JSET:
	case SCALAR_JSET_NOT:
		/* Needs one constant side: some bit of it known 1 in the other -> set; none of
		 * its bits possibly 1 in the other -> clear. */
		if (!is_const_view(b, is_jmp32)) {
			struct tnum t = t1;

			t1 = t2;
			t2 = t;
			if (!is_const_view(a, is_jmp32))
				return -1;
		}
		if (t1.value & ~t1.mask & t2.value)
			r = 1;
		else if (!((t1.value | t1.mask) & t2.value))
			r = 0;
		else
			return -1;
		return op == SCALAR_JSET ? r : !r;
	case SCALAR_JGT:
		return umin1 > umax2 ? 1 : umax1 <= umin2 ? 0 : -1;
	case SCALAR_JSGT:
		return smin1 > smax2 ? 1 : smax1 <= smin2 ? 0 : -1;
	case SCALAR_JLT:
		return umax1 < umin2 ? 1 : umin1 >= umax2 ? 0 : -1;
	case SCALAR_JSLT:
		return smax1 < smin2 ? 1 : smin1 >= smax2 ? 0 : -1;
	case SCALAR_JGE:
		return umin1 >= umax2 ? 1 : umax1 < umin2 ? 0 : -1;
	case SCALAR_JSGE:
		return smin1 >= smax2 ? 1 : smax1 < smin2 ? 0 : -1;
	case SCALAR_JLE:
		return umax1 <= umin2 ? 1 : umin1 > umax2 ? 0 : -1;
	case SCALAR_JSLE:
		return smax1 <= smin2 ? 1 : smin1 > smax2 ? 0 : -1;
	}
	return -1;
}

static void swap_ptr(struct scalar **a, struct scalar **b)
{
	struct scalar *t = *a;

	*a = *b;
	*b = t;
}

/* Wrapping +-1 on bounds (see the file comment). */
#define DEC_U32(x) ((u32)((x) - 1U))
#define INC_U32(x) ((u32)((x) + 1U))
#define DEC_S32(x) ((s32)((u32)(x) - 1U))
#define INC_S32(x) ((s32)((u32)(x) + 1U))
#define DEC_U64(x) ((u64)(x) - 1ULL)
#define INC_U64(x) ((u64)(x) + 1ULL)
#define DEC_S64(x) ((s64)((u64)(x) - 1ULL))
#define INC_S64(x) ((s64)((u64)(x) + 1ULL))

/* The kernel's regs_refine_cond_op(): narrow @r1 and @r2 assuming "r1 op r2". */
static void refine_cond_op(struct scalar *r1, struct scalar *r2, enum scalar_jmp_op op,
			   bool is_jmp32)
{
	struct tnum t;
	u64 val;

	/* a > b is b < a: only the "less" forms are spelled out below. */
	switch (op) {
	case SCALAR_JGE:
	case SCALAR_JGT:
	case SCALAR_JSGE:
	case SCALAR_JSGT:
		op = scalar_jmp_flip(op);
		swap_ptr(&r1, &r2);
		break;
	default:
		break;
	}

	switch (op) {
	case SCALAR_JEQ:
		/* Both hold the same value: each component becomes the intersection. */
		if (is_jmp32) {
			r1->u32_min = MAX_T(u32, r1->u32_min, r2->u32_min);
			r1->u32_max = MIN_T(u32, r1->u32_max, r2->u32_max);
			r1->s32_min = MAX_T(s32, r1->s32_min, r2->s32_min);
			r1->s32_max = MIN_T(s32, r1->s32_max, r2->s32_max);
			r2->u32_min = r1->u32_min;
			r2->u32_max = r1->u32_max;
			r2->s32_min = r1->s32_min;
			r2->s32_max = r1->s32_max;
			t = tnum_intersect(tnum_subreg(r1->var_off), tnum_subreg(r2->var_off));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
			r2->var_off = tnum_with_subreg(r2->var_off, t);
		} else {
			r1->umin = MAX_T(u64, r1->umin, r2->umin);
			r1->umax = MIN_T(u64, r1->umax, r2->umax);
			r1->smin = MAX_T(s64, r1->smin, r2->smin);
			r1->smax = MIN_T(s64, r1->smax, r2->smax);
			r2->umin = r1->umin;
			r2->umax = r1->umax;
			r2->smin = r1->smin;
			r2->smax = r1->smax;
			r1->var_off = tnum_intersect(r1->var_off, r2->var_off);
			r2->var_off = r1->var_off;
		}
		break;
	case SCALAR_JNE:
		/* Only a constant on one side teaches anything, and only when it sits exactly
		 * on a bound of the other side: that bound moves by one. */
		if (!is_const_view(r2, is_jmp32))
			swap_ptr(&r1, &r2);
		if (!is_const_view(r2, is_jmp32))
			break;
		val = const_view(r2, is_jmp32);
		if (is_jmp32) {
			if (r1->u32_min == (u32)val)
				r1->u32_min = INC_U32(r1->u32_min);
			if (r1->u32_max == (u32)val)
				r1->u32_max = DEC_U32(r1->u32_max);
			if (r1->s32_min == (s32)val)
				r1->s32_min = INC_S32(r1->s32_min);
			if (r1->s32_max == (s32)val)
				r1->s32_max = DEC_S32(r1->s32_max);
		} else {
			if (r1->umin == val)
				r1->umin = INC_U64(r1->umin);
			if (r1->umax == val)
				r1->umax = DEC_U64(r1->umax);
			if (r1->smin == (s64)val)
				r1->smin = INC_S64(r1->smin);
			if (r1->smax == (s64)val)
				r1->smax = DEC_S64(r1->smax);
		}
		break;
	case SCALAR_JSET:
		/* "r1 & val" is non-zero: if val has a single bit, that bit is set. */
		if (!is_const_view(r2, is_jmp32))
			swap_ptr(&r1, &r2);
		if (!is_const_view(r2, is_jmp32))
			break;
		val = const_view(r2, is_jmp32);
		if (!val || (val & (val - 1)))
			break;
		if (is_jmp32) {
			t = tnum_or(tnum_subreg(r1->var_off), tnum_const(val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_or(r1->var_off, tnum_const(val));
		}
		break;
	case SCALAR_JSET_NOT:
		/* "r1 & val" is zero: every bit of val is clear in r1. The ranges are dropped
		 * first (as in the kernel) so that a dead branch cannot leave them contradicting
		 * the narrowed tnum; the sync rebuilds them. */
		if (!is_const_view(r2, is_jmp32))
			swap_ptr(&r1, &r2);
		if (!is_const_view(r2, is_jmp32))
			break;
		val = const_view(r2, is_jmp32);
		scalar_mark_unbounded(r1);
		if (is_jmp32) {
			t = tnum_and(tnum_subreg(r1->var_off), tnum_const(~val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_and(r1->var_off, tnum_const(~val));
		}
		break;
	case SCALAR_JLE:
		if (is_jmp32) {
			r1->u32_max = MIN_T(u32, r1->u32_max, r2->u32_max);
			r2->u32_min = MAX_T(u32, r1->u32_min, r2->u32_min);
		} else {
			r1->umax = MIN_T(u64, r1->umax, r2->umax);
			r2->umin = MAX_T(u64, r1->umin, r2->umin);
		}
		break;
	case SCALAR_JLT:
		if (is_jmp32) {
			r1->u32_max = MIN_T(u32, r1->u32_max, DEC_U32(r2->u32_max));
			r2->u32_min = MAX_T(u32, INC_U32(r1->u32_min), r2->u32_min);
		} else {
			r1->umax = MIN_T(u64, r1->umax, DEC_U64(r2->umax));
			r2->umin = MAX_T(u64, INC_U64(r1->umin), r2->umin);
		}
		break;
	case SCALAR_JSLE:
		if (is_jmp32) {
			r1->s32_max = MIN_T(s32, r1->s32_max, r2->s32_max);
			r2->s32_min = MAX_T(s32, r1->s32_min, r2->s32_min);
		} else {
			r1->smax = MIN_T(s64, r1->smax, r2->smax);
			r2->smin = MAX_T(s64, r1->smin, r2->smin);
		}
		break;
	case SCALAR_JSLT:
		if (is_jmp32) {
			r1->s32_max = MIN_T(s32, r1->s32_max, DEC_S32(r2->s32_max));
			r2->s32_min = MAX_T(s32, INC_S32(r1->s32_min), r2->s32_min);
		} else {
			r1->smax = MIN_T(s64, r1->smax, DEC_S64(r2->smax));
			r2->smin = MAX_T(s64, INC_S64(r1->smin), r2->smin);
		}
		break;
	default:
		break;
	}
}

const char *scalar_refine(struct scalar *a, struct scalar *b, enum scalar_jmp_op op,
			  bool is_jmp32)
{
	const char *why;

	if (scalar_is_bottom(a) || scalar_is_bottom(b))
		return NULL;
	refine_cond_op(a, b, op, is_jmp32);
	scalar_sync(a);
	scalar_sync(b);
	why = scalar_check(a);
	return why ? why : scalar_check(b);
}
