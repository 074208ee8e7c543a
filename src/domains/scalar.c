/* The scalar reduced product: constructors, the reduction (scalar_sync), the invariant check,
 * membership and the lattice operations.
 *
 * scalar_sync() is the kernel's reg_bounds_sync() step for step: the order of the individual
 * tightenings matters for bit-exact results (each one reads what the previous one wrote), so the
 * functions below keep the kernel's sequence and say which kernel helper each one mirrors. The
 * justification of each deduction is written next to it; the pictures use
 *
 *   0                    S64_MAX S64_MIN                       -1   (signed reading)
 *   |---------------------------|-------------------------------|
 *   0                 0x7fff..ff 0x8000..00              U64_MAX   (unsigned reading)
 *
 * A range that stays within one half reads as the same contiguous interval both ways; one that
 * crosses the middle is contiguous only unsigned, one that crosses the ends only signed.
 *
 * Transfers live in scalar_alu.c, branch refinement in scalar_cond.c, printing in scalar_fmt.c.
 */
#include "domains/scalar.h"
#include "domains/scalar_impl.h"

#define U32_MAX_ 0xffffffffU
#define HI32 0xffffffff00000000ULL

/* Typed max/min without double evaluation surprises (all operands are plain lvalues here). */
#define MAX_T(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define MIN_T(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))

struct scalar scalar_top(void)
{
	return (struct scalar){
		.var_off = tnum_top(),
		.smin = INT64_MIN, .smax = INT64_MAX, .umin = 0, .umax = UINT64_MAX,
		.s32_min = INT32_MIN, .s32_max = INT32_MAX, .u32_min = 0, .u32_max = U32_MAX_,
	};
}

struct scalar scalar_bottom(void)
{
	/* Every component empty; var_off is the canonical bottom tnum, which is what
	 * scalar_is_bottom() looks at. */
	return (struct scalar){
		.var_off = TNUM_BOTTOM,
		.smin = 1, .smax = 0, .umin = 1, .umax = 0,
		.s32_min = 1, .s32_max = 0, .u32_min = 1, .u32_max = 0,
	};
}

struct scalar scalar_const(u64 v)
{
	return (struct scalar){
		.var_off = tnum_const(v),
		.smin = (s64)v, .smax = (s64)v, .umin = v, .umax = v,
		.s32_min = (s32)v, .s32_max = (s32)v, .u32_min = (u32)v, .u32_max = (u32)v,
	};
}

struct scalar scalar_const32(struct scalar s, u32 v)
{
	s.var_off = tnum_const_subreg(s.var_off, v);
	s.s32_min = s.s32_max = (s32)v;
	s.u32_min = s.u32_max = v;
	return s;
}

struct scalar scalar_from_tnum(struct tnum t)
{
	struct scalar s = scalar_top();

	if (tnum_is_bottom(t))
		return scalar_bottom();
	s.var_off = t;
	scalar_sync(&s);
	return s;
}

struct scalar scalar_urange(u64 lo, u64 hi)
{
	struct scalar s = scalar_top();

	if (lo > hi)
		return scalar_bottom();
	s.umin = lo;
	s.umax = hi;
	scalar_sync(&s);
	return s;
}

struct scalar scalar_srange(s64 lo, s64 hi)
{
	struct scalar s = scalar_top();

	if (lo > hi)
		return scalar_bottom();
	s.smin = lo;
	s.smax = hi;
	scalar_sync(&s);
	return s;
}

void scalar_mark_unbounded(struct scalar *s)
{
	struct tnum keep = s->var_off;

	*s = scalar_top();
	s->var_off = keep;
}

bool scalar_is_bottom(const struct scalar *s)
{
	return tnum_is_bottom(s->var_off);
}

bool scalar_is_const(const struct scalar *s)
{
	return !scalar_is_bottom(s) && tnum_is_const(s->var_off);
}

bool scalar_is_const32(const struct scalar *s)
{
	return !scalar_is_bottom(s) && tnum_subreg_is_const(s->var_off);
}

bool scalar_contains(const struct scalar *s, u64 v)
{
	if (scalar_is_bottom(s))
		return false;
	return tnum_contains(s->var_off, v) && s->umin <= v && v <= s->umax &&
	       s->smin <= (s64)v && (s64)v <= s->smax && s->u32_min <= (u32)v &&
	       (u32)v <= s->u32_max && s->s32_min <= (s32)v && (s32)v <= s->s32_max;
}

/* ---- Reduction ---- */

/* Bounds implied by the tnum: its smallest and largest members in each reading. The signed
 * extremes put an unknown sign bit to 1 (minimum) or 0 (maximum) and the other unknown bits to 0
 * (minimum) or 1 (maximum). Mirrors __update_reg32_bounds() and __update_reg64_bounds(). */
void scalar_update_bounds32(struct scalar *s)
{
	struct tnum t = tnum_subreg(s->var_off);

	s->s32_min = MAX_T(s32, s->s32_min, (s32)(u32)(t.value | (t.mask & 0x80000000ULL)));
	s->s32_max = MIN_T(s32, s->s32_max, (s32)(u32)(t.value | (t.mask & 0x7fffffffULL)));
	s->u32_min = MAX_T(u32, s->u32_min, (u32)t.value);
	s->u32_max = MIN_T(u32, s->u32_max, (u32)(t.value | t.mask));
}

void scalar_update_bounds64(struct scalar *s)
{
	struct tnum t = s->var_off;
	u64 tmax = t.value | t.mask, next;
	bool umin_in_tnum;

	s->smin = MAX_T(s64, s->smin, (s64)(t.value | (t.mask & (1ULL << 63))));
	s->smax = MIN_T(s64, s->smax, (s64)(t.value | (t.mask & ~(1ULL << 63))));
	s->umin = MAX_T(u64, s->umin, t.value);
	s->umax = MIN_T(u64, s->umax, tmax);

	/* If the u64 range and the tnum share a single value, the scalar is that constant (the
	 * kernel's tnum_step() check, 6.18.y). Three shapes, "next" being the first tnum member
	 * above umin:
	 *   umin is a member and next is past umax        -> umin
	 *   umin is not a member and next is tmax         -> tmax
	 *   umin is not, next is within, the one after not -> next */
	next = tnum_step(t, s->umin);
	umin_in_tnum = (s->umin & ~t.mask) == t.value;
	if (umin_in_tnum && next > s->umax)
		*s = scalar_const(s->umin);
	else if (!umin_in_tnum && next == tmax)
		*s = scalar_const(tmax);
	else if (!umin_in_tnum && next <= s->umax && tnum_step(t, next) > s->umax)
		*s = scalar_const(next);
}

void scalar_update_bounds(struct scalar *s)
{
	scalar_update_bounds32(s);
	scalar_update_bounds64(s);
}

/* Narrow the 32-bit bounds from the 64-bit ones and s32 <-> u32 (the kernel's
 * __reg32_deduce_bounds). */
static void deduce32(struct scalar *s)
{
	/* When the upper halves of umin and umax agree, all values of the u64 range share them
	 * and the low halves form an interval themselves: [0x1_0000000a, 0x1_0000000f] has low
	 * halves [0xa, 0xf]. Read signed, that interval is valid too if it does not wrap. */
	if ((s->umin >> 32) == (s->umax >> 32)) {
		s->u32_min = MAX_T(u32, s->u32_min, (u32)s->umin);
		s->u32_max = MIN_T(u32, s->u32_max, (u32)s->umax);
		if ((s32)s->umin <= (s32)s->umax) {
			s->s32_min = MAX_T(s32, s->s32_min, (s32)s->umin);
			s->s32_max = MIN_T(s32, s->s32_max, (s32)s->umax);
		}
	}
	/* The same for a signed 64-bit range whose upper halves agree. */
	if ((s->smin >> 32) == (s->smax >> 32)) {
		if ((u32)s->smin <= (u32)s->smax) {
			s->u32_min = MAX_T(u32, s->u32_min, (u32)s->smin);
			s->u32_max = MIN_T(u32, s->u32_max, (u32)s->smax);
		}
		if ((s32)s->smin <= (s32)s->smax) {
			s->s32_min = MAX_T(s32, s->s32_min, (s32)s->smin);
			s->s32_max = MIN_T(s32, s->s32_max, (s32)s->smax);
		}
	}
	/* Upper halves that are two consecutive numbers (0xffffffff -> 0 counts) with the low
	 * halves going from negative to non-negative still give one s32 interval: s64 [-1, 1]
	 * has low halves [0xffffffff, 1], i.e. s32 [-1, 1]. */
	if ((u32)(s->umin >> 32) + 1 == (u32)(s->umax >> 32) && (s32)s->umin < 0 &&
	    (s32)s->umax >= 0) {
		s->s32_min = MAX_T(s32, s->s32_min, (s32)s->umin);
		s->s32_max = MIN_T(s32, s->s32_max, (s32)s->umax);
	}
	if ((u32)(s->smin >> 32) + 1 == (u32)(s->smax >> 32) && (s32)s->smin < 0 &&
	    (s32)s->smax >= 0) {
		s->s32_min = MAX_T(s32, s->s32_min, (s32)s->smin);
		s->s32_max = MIN_T(s32, s->s32_max, (s32)s->smax);
	}
	/* A u32 range within one sign half is also an s32 range. */
	if ((s32)s->u32_min <= (s32)s->u32_max) {
		s->s32_min = MAX_T(s32, s->s32_min, (s32)s->u32_min);
		s->s32_max = MIN_T(s32, s->s32_max, (s32)s->u32_max);
	}
	if ((u32)s->s32_min <= (u32)s->s32_max) {
		/* An s32 range within one half is also a u32 range. */
		s->u32_min = MAX_T(u32, s->s32_min, s->u32_min);
		s->u32_max = MIN_T(u32, s->s32_max, s->u32_max);
	} else if (s->u32_max < (u32)s->s32_min) {
		/* The s32 range wraps through -1/0 and the u32 range only meets its non-negative
		 * part: both become the overlap.
		 *   |   [xxxx u32 xxxx]              |
		 *   |xx s32 xxxxx]          [xxxxxxx|  */
		s->s32_min = (s32)s->u32_min;
		s->u32_max = MIN_T(u32, s->u32_max, s->s32_max);
	} else if ((u32)s->s32_max < s->u32_min) {
		/* ... or only its negative part.
		 *   |              [xxxx u32 xxxx]   |
		 *   |xxxx]          [xxxxx s32 xxxxx|  */
		s->s32_max = (s32)s->u32_max;
		s->u32_min = MAX_T(u32, s->u32_min, s->s32_min);
	}
}

/* s64 <-> u64 (the kernel's __reg64_deduce_bounds); same reasoning as the 32-bit tail above. */
static void deduce64(struct scalar *s)
{
	if ((s64)s->umin <= (s64)s->umax) {
		s->smin = MAX_T(s64, s->smin, s->umin);
		s->smax = MIN_T(s64, s->smax, s->umax);
	}
	if ((u64)s->smin <= (u64)s->smax) {
		s->umin = MAX_T(u64, s->smin, s->umin);
		s->umax = MIN_T(u64, s->smax, s->umax);
	} else if (s->umax < (u64)s->smin) {
		s->smin = (s64)s->umin;
		s->umax = MIN_T(u64, s->umax, s->smax);
	} else if ((u64)s->smax < s->umin) {
		s->smax = (s64)s->umax;
		s->umin = MAX_T(u64, s->umin, s->smin);
	}
}

/* Narrow the 64-bit bounds from the 32-bit ones (the kernel's __reg_deduce_mixed_bounds). */
static void deduce_mixed(struct scalar *s)
{
	u64 new_umin, new_umax;
	s64 new_smin, new_smax;

	/* Replacing the low half of a 64-bit bound by the matching 32-bit bound stays a bound:
	 * e.g. u64 [0x1_00000000, 0x3_80000000] with u32 [1, 0x7fffffff] gives
	 * [0x1_00000001, 0x3_7fffffff]. */
	new_umin = (s->umin & HI32) | s->u32_min;
	new_umax = (s->umax & HI32) | s->u32_max;
	s->umin = MAX_T(u64, s->umin, new_umin);
	s->umax = MIN_T(u64, s->umax, new_umax);
	new_smin = (s64)(((u64)s->smin & HI32) | s->u32_min);
	new_smax = (s64)(((u64)s->smax & HI32) | s->u32_max);
	s->smin = MAX_T(s64, s->smin, new_smin);
	s->smax = MIN_T(s64, s->smax, new_smax);

	/* An s32 range that reads as a u32 range can be used the same way. */
	if ((u32)s->s32_min <= (u32)s->s32_max) {
		new_umin = (s->umin & HI32) | (u32)s->s32_min;
		new_umax = (s->umax & HI32) | (u32)s->s32_max;
		s->umin = MAX_T(u64, s->umin, new_umin);
		s->umax = MIN_T(u64, s->umax, new_umax);
		new_smin = (s64)(((u64)s->smin & HI32) | (u32)s->s32_min);
		new_smax = (s64)(((u64)s->smax & HI32) | (u32)s->s32_max);
		s->smin = MAX_T(s64, s->smin, new_smin);
		s->smax = MIN_T(s64, s->smax, new_smax);
	}

	/* After a sign-extending load the s64 range can be [(s64)S32_MIN, U32_MAX]: upper half
	 * all ones or all zeros. If the low half is known non-negative, "all ones" is impossible
	 * (0xffffffff_0xxxxxxx < (s64)S32_MIN), so the value is just the s32 range. */
	if (s->s32_min >= 0 && s->smin >= INT32_MIN && s->smax <= (s64)U32_MAX_) {
		s->smin = s->s32_min;
		s->smax = s->s32_max;
		s->umin = (u64)(s64)s->s32_min;
		s->umax = (u64)(s64)s->s32_max;
		s->var_off = tnum_intersect(s->var_off, tnum_range(s->smin, s->smax));
	}
}

/* Narrow var_off by the unsigned ranges (the kernel's __reg_bound_offset). */
static void tnum_from_bounds(struct scalar *s)
{
	struct tnum t64 = tnum_intersect(s->var_off, tnum_range(s->umin, s->umax));
	struct tnum t32 = tnum_intersect(tnum_subreg(t64), tnum_range(s->u32_min, s->u32_max));

	s->var_off = tnum_or(tnum_clear_subreg(t64), t32);
}

void scalar_sync(struct scalar *s)
{
	if (scalar_is_bottom(s))
		return;
	scalar_update_bounds(s);
	/* Three rounds, as the kernel does: each round can enable a deduction of the next. */
	for (int round = 0; round < 3; round++) {
		deduce32(s);
		deduce64(s);
		deduce_mixed(s);
	}
	tnum_from_bounds(s);
	/* The narrowed tnum may in turn tighten the bounds, e.g. umax 0x7f..f with var_off
	 * (0; 0xf..fc) gives var_off (0; 0x7f..fc) and umax 0x7f..fc. */
	scalar_update_bounds(s);
}

const char *scalar_check(const struct scalar *s)
{
	if (scalar_is_bottom(s))
		return s->var_off.value == ~0ULL && s->var_off.mask == ~0ULL
			       ? NULL : "tnum value and mask overlap";
	if (s->umin > s->umax || s->smin > s->smax || s->u32_min > s->u32_max ||
	    s->s32_min > s->s32_max)
		return "range bounds violation";
	if (tnum_is_const(s->var_off)) {
		u64 v = s->var_off.value;

		if (s->umin != v || s->umax != v || s->smin != (s64)v || s->smax != (s64)v)
			return "const tnum out of sync with range bounds";
	}
	if (tnum_subreg_is_const(s->var_off)) {
		u32 v = (u32)s->var_off.value;

		if (s->u32_min != v || s->u32_max != v || s->s32_min != (s32)v ||
		    s->s32_max != (s32)v)
			return "const subreg tnum out of sync with range bounds";
	}
	return NULL;
}

/* ---- Lattice ---- */

bool scalar_leq(const struct scalar *a, const struct scalar *b)
{
	if (scalar_is_bottom(a))
		return true;
	if (scalar_is_bottom(b))
		return false;
	return b->umin <= a->umin && a->umax <= b->umax && b->smin <= a->smin &&
	       a->smax <= b->smax && b->u32_min <= a->u32_min && a->u32_max <= b->u32_max &&
	       b->s32_min <= a->s32_min && a->s32_max <= b->s32_max &&
	       tnum_leq(a->var_off, b->var_off);
}

struct scalar scalar_join(const struct scalar *a, const struct scalar *b)
{
	struct scalar r;

	if (scalar_is_bottom(a))
		return *b;
	if (scalar_is_bottom(b))
		return *a;
	r.var_off = tnum_join(a->var_off, b->var_off);
	r.umin = MIN_T(u64, a->umin, b->umin);
	r.umax = MAX_T(u64, a->umax, b->umax);
	r.smin = MIN_T(s64, a->smin, b->smin);
	r.smax = MAX_T(s64, a->smax, b->smax);
	r.u32_min = MIN_T(u32, a->u32_min, b->u32_min);
	r.u32_max = MAX_T(u32, a->u32_max, b->u32_max);
	r.s32_min = MIN_T(s32, a->s32_min, b->s32_min);
	r.s32_max = MAX_T(s32, a->s32_max, b->s32_max);
	/* Deliberately not synced: the hull of consistent values is consistent, and the kernel's
	 * deductions are not monotone (some assign a bound rather than narrow it), so a sync
	 * could move a bound inside an operand's and break a ⊑ join. */
	return r;
}

struct scalar scalar_meet(const struct scalar *a, const struct scalar *b)
{
	struct scalar r, r0;

	if (scalar_is_bottom(a) || scalar_is_bottom(b))
		return scalar_bottom();
	r0.var_off = tnum_meet(a->var_off, b->var_off);
	r0.umin = MAX_T(u64, a->umin, b->umin);
	r0.umax = MIN_T(u64, a->umax, b->umax);
	r0.smin = MAX_T(s64, a->smin, b->smin);
	r0.smax = MIN_T(s64, a->smax, b->smax);
	r0.u32_min = MAX_T(u32, a->u32_min, b->u32_min);
	r0.u32_max = MIN_T(u32, a->u32_max, b->u32_max);
	r0.s32_min = MAX_T(s32, a->s32_min, b->s32_min);
	r0.s32_max = MIN_T(s32, a->s32_max, b->s32_max);
	if (tnum_is_bottom(r0.var_off) || r0.umin > r0.umax || r0.smin > r0.smax ||
	    r0.u32_min > r0.u32_max || r0.s32_min > r0.s32_max)
		return scalar_bottom();
	/* Sync to expose emptiness the components hide (u64 [5, 6] with var_off 8: the bounds
	 * cross once synced), then intersect again with the plain intersection: a sync may
	 * assign a looser bound (see scalar_join), and the meet must stay below both. */
	r = r0;
	scalar_sync(&r);
	r.var_off = tnum_meet(r.var_off, r0.var_off);
	r.umin = MAX_T(u64, r.umin, r0.umin);
	r.umax = MIN_T(u64, r.umax, r0.umax);
	r.smin = MAX_T(s64, r.smin, r0.smin);
	r.smax = MIN_T(s64, r.smax, r0.smax);
	r.u32_min = MAX_T(u32, r.u32_min, r0.u32_min);
	r.u32_max = MIN_T(u32, r.u32_max, r0.u32_max);
	r.s32_min = MAX_T(s32, r.s32_min, r0.s32_min);
	r.s32_max = MIN_T(s32, r.s32_max, r0.s32_max);
	if (scalar_check(&r))
		return scalar_bottom();
	return r;
}

struct scalar scalar_widen(const struct scalar *old, const struct scalar *cur)
{
	struct scalar r;

	if (scalar_is_bottom(old))
		return *cur;
	if (scalar_is_bottom(cur))
		return *old;
	r.var_off = tnum_widen(old->var_off, cur->var_off);
	r.umin = cur->umin < old->umin ? 0 : old->umin;
	r.umax = cur->umax > old->umax ? UINT64_MAX : old->umax;
	r.smin = cur->smin < old->smin ? INT64_MIN : old->smin;
	r.smax = cur->smax > old->smax ? INT64_MAX : old->smax;
	r.u32_min = cur->u32_min < old->u32_min ? 0 : old->u32_min;
	r.u32_max = cur->u32_max > old->u32_max ? U32_MAX_ : old->u32_max;
	r.s32_min = cur->s32_min < old->s32_min ? INT32_MIN : old->s32_min;
	r.s32_max = cur->s32_max > old->s32_max ? INT32_MAX : old->s32_max;
	/* Not synced, for the reason given at scalar_join(); consistent as built. */
	return r;
}
