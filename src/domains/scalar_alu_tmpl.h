/* Range parts of the ALU transfers, written once and instantiated twice by scalar_alu.c: with
 * W == 64 on smin/smax/umin/umax and the full var_off, with W == 32 on s32_min/s32_max/u32_min/
 * u32_max and the low half of var_off. Mirrors the kernel's scalar{32,}_min_max_{add,sub,mul,
 * and,or,xor}() pairs, which differ only in these names (and in the extra bounds refresh at the
 * end of the 64-bit bitwise ops, kept under #if below).
 *
 * No include guard: meant to be included once per width. */

#if W == 64
#define UT u64
#define ST s64
#define UMIN umin
#define UMAX umax
#define SMIN smin
#define SMAX smax
#define UT_MAX UINT64_MAX
#define ST_MIN INT64_MIN
#define ST_MAX INT64_MAX
#define VIEW(t) (t)
#define VIEW_IS_CONST(t) tnum_is_const(t)
#define FN(name) name##64
#elif W == 32
#define UT u32
#define ST s32
#define UMIN u32_min
#define UMAX u32_max
#define SMIN s32_min
#define SMAX s32_max
#define UT_MAX SCALAR_U32_MAX
#define ST_MIN INT32_MIN
#define ST_MAX INT32_MAX
#define VIEW(t) tnum_subreg(t)
#define VIEW_IS_CONST(t) tnum_subreg_is_const(t)
#define FN(name) name##32
#else
#error "W must be 32 or 64"
#endif

/* The kernel's __mark_reg_known (64) / __mark_reg32_known (32). */
static void FN(mark_known)(struct scalar *d, UT v)
{
#if W == 64
	*d = scalar_const(v);
#else
	*d = scalar_const32(*d, v);
#endif
}

/* After a bitwise op the unsigned range is the trustworthy one; read it as signed only if it
 * does not cross the sign boundary. */
static void FN(signed_from_unsigned)(struct scalar *d)
{
	if ((ST)d->UMIN <= (ST)d->UMAX) {
		d->SMIN = (ST)d->UMIN;
		d->SMAX = (ST)d->UMAX;
	} else {
		d->SMIN = ST_MIN;
		d->SMAX = ST_MAX;
	}
}

/* Signed: overflow at either end loses everything. Unsigned: if no end wraps, or both ends wrap
 * (then every sum wrapped exactly once and the wrapped interval is still ordered), the bounds
 * add; if only the upper end wraps the sums cover the wrap point: unbounded. */
static void FN(add_ranges)(struct scalar *d, const struct scalar *s)
{
	bool min_wrap, max_wrap;

	if (__builtin_add_overflow(d->SMIN, s->SMIN, &d->SMIN) ||
	    __builtin_add_overflow(d->SMAX, s->SMAX, &d->SMAX)) {
		d->SMIN = ST_MIN;
		d->SMAX = ST_MAX;
	}
	min_wrap = __builtin_add_overflow(d->UMIN, s->UMIN, &d->UMIN);
	max_wrap = __builtin_add_overflow(d->UMAX, s->UMAX, &d->UMAX);
	if (!min_wrap && max_wrap) {
		d->UMIN = 0;
		d->UMAX = UT_MAX;
	}
}

/* dst - src spans [dmin - smax, dmax - smin]; same wrap rule as add (both ends borrow: fine;
 * only the lower end borrows: unbounded). */
static void FN(sub_ranges)(struct scalar *d, const struct scalar *s)
{
	bool min_wrap, max_wrap;

	if (__builtin_sub_overflow(d->SMIN, s->SMAX, &d->SMIN) ||
	    __builtin_sub_overflow(d->SMAX, s->SMIN, &d->SMAX)) {
		d->SMIN = ST_MIN;
		d->SMAX = ST_MAX;
	}
	min_wrap = __builtin_sub_overflow(d->UMIN, s->UMAX, &d->UMIN);
	max_wrap = __builtin_sub_overflow(d->UMAX, s->UMIN, &d->UMAX);
	if (min_wrap && !max_wrap) {
		d->UMIN = 0;
		d->UMAX = UT_MAX;
	}
}

/* Unsigned: the product of the bounds unless the upper one overflows. Signed: the extremes of
 * a product of two intervals are among the four corner products, if none overflows. */
static void FN(mul_ranges)(struct scalar *d, const struct scalar *s)
{
	ST p[4];

	if (__builtin_mul_overflow(d->UMAX, s->UMAX, &d->UMAX) ||
	    __builtin_mul_overflow(d->UMIN, s->UMIN, &d->UMIN)) {
		d->UMIN = 0;
		d->UMAX = UT_MAX;
	}
	if (__builtin_mul_overflow(d->SMIN, s->SMIN, &p[0]) ||
	    __builtin_mul_overflow(d->SMIN, s->SMAX, &p[1]) ||
	    __builtin_mul_overflow(d->SMAX, s->SMIN, &p[2]) ||
	    __builtin_mul_overflow(d->SMAX, s->SMAX, &p[3])) {
		d->SMIN = ST_MIN;
		d->SMAX = ST_MAX;
	} else {
		d->SMIN = p[0];
		d->SMAX = p[0];
		for (int i = 1; i < 4; i++) {
			if (p[i] < d->SMIN)
				d->SMIN = p[i];
			if (p[i] > d->SMAX)
				d->SMAX = p[i];
		}
	}
}

/* Bitwise ops: var_off has already been combined by the caller. */

/* x & y is at least the known-one bits and at most the smaller maximum. */
static void FN(and_ranges)(struct scalar *d, const struct scalar *s)
{
	struct tnum t = VIEW(d->var_off);

	if (VIEW_IS_CONST(s->var_off) && VIEW_IS_CONST(d->var_off)) {
		FN(mark_known)(d, (UT)t.value);
		return;
	}
	d->UMIN = (UT)t.value;
	d->UMAX = d->UMAX < s->UMAX ? d->UMAX : s->UMAX;
	FN(signed_from_unsigned)(d);
#if W == 64
	scalar_update_bounds(d);
#endif
}

/* x | y is at least the larger minimum and at most every possibly-one bit. */
static void FN(or_ranges)(struct scalar *d, const struct scalar *s)
{
	struct tnum t = VIEW(d->var_off);

	if (VIEW_IS_CONST(s->var_off) && VIEW_IS_CONST(d->var_off)) {
		FN(mark_known)(d, (UT)t.value);
		return;
	}
	d->UMIN = d->UMIN > s->UMIN ? d->UMIN : s->UMIN;
	d->UMAX = (UT)(t.value | t.mask);
	FN(signed_from_unsigned)(d);
#if W == 64
	scalar_update_bounds(d);
#endif
}

/* x ^ y: only the tnum knows anything. */
static void FN(xor_ranges)(struct scalar *d, const struct scalar *s)
{
	struct tnum t = VIEW(d->var_off);

	if (VIEW_IS_CONST(s->var_off) && VIEW_IS_CONST(d->var_off)) {
		FN(mark_known)(d, (UT)t.value);
		return;
	}
	d->UMIN = (UT)t.value;
	d->UMAX = (UT)(t.value | t.mask);
	FN(signed_from_unsigned)(d);
#if W == 64
	scalar_update_bounds(d);
#endif
}

#undef UT
#undef ST
#undef UMIN
#undef UMAX
#undef SMIN
#undef SMAX
#undef UT_MAX
#undef ST_MIN
#undef ST_MAX
#undef VIEW
#undef VIEW_IS_CONST
#undef FN
