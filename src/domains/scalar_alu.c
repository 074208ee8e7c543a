/* ALU transfer functions on scalars: what the Linux 6.18 verifier's adjust_scalar_min_max_vals()
 * (and, for moves, truncations and loads, check_alu_op(), coerce_reg_to_size*() and
 * check_mem_access()) leave in the destination register.
 *
 * Shape of every binary transfer, as in the kernel:
 *   1. if the operation is not tracked (DIV, MOD, END, or a shift whose amount is not a known
 *      constant below the width) the result is top -- for ALU32 too: the kernel does not even
 *      record that the upper half is zero;
 *   2. the 32-bit and the 64-bit ranges are computed independently from the operands' 32-bit
 *      and 64-bit ranges, and var_off with the tnum operation on the full 64 bits;
 *   3. an ALU32 result is zero-extended (scalar_zext32), then everything is synced.
 * Each step over-approximates, so the result holds every concrete result; where an operand
 * range may wrap in a way one interval cannot describe, the range becomes unbounded.
 */
#include "domains/scalar.h"
#include "domains/scalar_impl.h"

#define W 64
#include "domains/scalar_alu_tmpl.h"
#undef W
#define W 32
#include "domains/scalar_alu_tmpl.h"
#undef W

void scalar_zext32(struct scalar *s)
{
	s->var_off = tnum_subreg(s->var_off);
	s->umin = s->u32_min;
	s->umax = s->u32_max;
	/* The s32 range carries over only when it is non-negative; otherwise the zero-extended
	 * value is somewhere in [0, U32_MAX] and the sync derives the rest. */
	if (s->s32_min >= 0 && s->s32_max >= 0) {
		s->smin = s->s32_min;
		s->smax = s->s32_max;
	} else {
		s->smin = 0;
		s->smax = SCALAR_U32_MAX;
	}
}

static struct scalar finish(struct scalar r, int width)
{
	if (width == 32)
		scalar_zext32(&r);
	scalar_sync(&r);
	return r;
}

static bool any_bottom(const struct scalar *a, const struct scalar *b)
{
	return scalar_is_bottom(a) || (b && scalar_is_bottom(b));
}

struct scalar scalar_add(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	add_ranges32(&r, src);
	add_ranges64(&r, src);
	r.var_off = tnum_add(dst->var_off, src->var_off);
	return finish(r, width);
}

struct scalar scalar_sub(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	sub_ranges32(&r, src);
	sub_ranges64(&r, src);
	r.var_off = tnum_sub(dst->var_off, src->var_off);
	return finish(r, width);
}

struct scalar scalar_neg(const struct scalar *dst, int width)
{
	struct scalar r = scalar_const(0);

	if (any_bottom(dst, NULL))
		return scalar_bottom();
	/* Tracked as 0 - dst, ranges and all. */
	sub_ranges32(&r, dst);
	sub_ranges64(&r, dst);
	r.var_off = tnum_neg(dst->var_off);
	return finish(r, width);
}

struct scalar scalar_mul(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	r.var_off = tnum_mul(dst->var_off, src->var_off);
	mul_ranges32(&r, src);
	mul_ranges64(&r, src);
	return finish(r, width);
}

struct scalar scalar_and(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	r.var_off = tnum_and(dst->var_off, src->var_off);
	and_ranges32(&r, src);
	and_ranges64(&r, src);
	return finish(r, width);
}

struct scalar scalar_or(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	r.var_off = tnum_or(dst->var_off, src->var_off);
	or_ranges32(&r, src);
	or_ranges64(&r, src);
	return finish(r, width);
}

struct scalar scalar_xor(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	r.var_off = tnum_xor(dst->var_off, src->var_off);
	xor_ranges32(&r, src);
	xor_ranges64(&r, src);
	return finish(r, width);
}

struct scalar scalar_div(const struct scalar *dst, const struct scalar *src, int width,
			 bool is_signed)
{
	/* Not tracked by 6.18 (is_safe_to_compute_dst_reg_range() refuses DIV). */
	if (any_bottom(dst, src))
		return scalar_bottom();
	return scalar_top();
}

struct scalar scalar_mod(const struct scalar *dst, const struct scalar *src, int width,
			 bool is_signed)
{
	if (any_bottom(dst, src))
		return scalar_bottom();
	return scalar_top();
}

struct scalar scalar_end(const struct scalar *dst, enum scalar_end_kind kind, int size_bits)
{
	struct scalar r = *dst;
	bool swap = kind == SCALAR_END_BSWAP || kind == SCALAR_END_TO_BE;

	if (any_bottom(dst, NULL))
		return scalar_bottom();
	/* A byte swap permutes the bits: the tnum follows exactly, the ranges are scrambled and
	 * rebuilt from it. A 16/32-bit conversion then truncates (zero-extends) to that size;
	 * to_le64 on a little-endian host is the identity. */
	if (swap) {
		r.var_off = size_bits == 16 ? tnum_bswap16(r.var_off) :
			    size_bits == 32 ? tnum_bswap32(r.var_off) : tnum_bswap64(r.var_off);
		scalar_mark_unbounded(&r);
	}
	if (size_bits == 16 || size_bits == 32)
		return scalar_coerce(&r, size_bits / 8);
	if (swap)
		scalar_sync(&r);
	return r;
}

/* The kernel tracks a shift only when the amount is one known value below the width (its
 * is_safe_to_compute_dst_reg_range()). Note the 64-bit umax in the bound test, also for ALU32:
 * "w1 <<= w2" with r2 = 0x1_00000003 is not tracked. */
static bool shift_is_tracked(const struct scalar *src, int width)
{
	bool known;

	if (width == 32)
		known = tnum_subreg_is_const(src->var_off) && src->s32_min == src->s32_max &&
			src->u32_min == src->u32_max;
	else
		known = tnum_is_const(src->var_off) && src->smin == src->smax &&
			src->umin == src->umax;
	return known && src->umax < (u64)width;
}

/* Left shift of the u32 bounds by an amount in [lo, hi]: exact unless a set bit may leave
 * the word (the kernel's __scalar32_min_max_lsh); the sign is lost either way. */
static void lsh_bounds32(struct scalar *r, u64 lo, u64 hi)
{
	r->s32_min = INT32_MIN;
	r->s32_max = INT32_MAX;
	if (hi > 31 || r->u32_max > 1ULL << (31 - hi)) {
		r->u32_min = 0;
		r->u32_max = SCALAR_U32_MAX;
	} else {
		r->u32_min <<= lo;
		r->u32_max <<= hi;
	}
}

/* The 64-bit counterpart (__scalar64_min_max_lsh). A shift by exactly 32 keeps the signed
 * range as the s32 range moved up: the usual "<<32 s>>32" sign-extension idiom. */
static void lsh_bounds64(struct scalar *r, u64 lo, u64 hi)
{
	if (lo == 32 && hi == 32) {
		r->smax = (s64)((u64)(s64)r->s32_max << 32);
		r->smin = (s64)((u64)(s64)r->s32_min << 32);
	} else {
		r->smax = INT64_MAX;
		r->smin = INT64_MIN;
	}
	if (r->umax > 1ULL << (63 - hi)) {
		r->umin = 0;
		r->umax = UINT64_MAX;
	} else {
		r->umin <<= lo;
		r->umax <<= hi;
	}
}

struct scalar scalar_lsh(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	if (!shift_is_tracked(src, width))
		return scalar_top();
	if (width == 32) {
		u32 lo = src->u32_min, hi = src->u32_max;

		lsh_bounds32(&r, lo, hi);
		r.var_off = tnum_subreg(tnum_lshift(tnum_subreg(dst->var_off), lo));
		scalar_unbound64(&r);
		scalar_update_bounds32(&r);
	} else {
		/* 64-bit first: it reads the unshifted s32 bounds */
		lsh_bounds64(&r, src->umin, src->umax);
		lsh_bounds32(&r, src->umin, src->umax);
		r.var_off = tnum_lshift(dst->var_off, src->umin);
		scalar_update_bounds(&r);
	}
	return finish(r, width);
}

struct scalar scalar_rsh(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	if (!shift_is_tracked(src, width))
		return scalar_top();
	/* A logical shift of a possibly negative value can land anywhere in signed terms: drop
	 * the signed range and let the unsigned one and the tnum rebuild it. */
	if (width == 32) {
		u32 lo = src->u32_min, hi = src->u32_max;

		r.s32_min = INT32_MIN;
		r.s32_max = INT32_MAX;
		r.var_off = tnum_rshift(tnum_subreg(dst->var_off), lo);
		r.u32_min >>= hi;
		r.u32_max >>= lo;
		scalar_unbound64(&r);
		scalar_update_bounds32(&r);
	} else {
		r.smin = INT64_MIN;
		r.smax = INT64_MAX;
		r.var_off = tnum_rshift(dst->var_off, src->umin);
		r.umin >>= src->umax;
		r.umax >>= src->umin;
		/* bits shifted into the low half come from the unknown upper half */
		scalar_unbound32(&r);
		scalar_update_bounds(&r);
	}
	return finish(r, width);
}

struct scalar scalar_arsh(const struct scalar *dst, const struct scalar *src, int width)
{
	struct scalar r = *dst;

	if (any_bottom(dst, src))
		return scalar_bottom();
	if (!shift_is_tracked(src, width))
		return scalar_top();
	/* An arithmetic shift by one known amount is monotonic on signed values: shift both
	 * signed bounds. The unsigned reading is left to the tnum. */
	if (width == 32) {
		u32 k = src->u32_min;

		r.s32_min = r.s32_min >> k;
		r.s32_max = r.s32_max >> k;
		r.var_off = tnum_arshift(tnum_subreg(dst->var_off), k, 32);
		r.u32_min = 0;
		r.u32_max = SCALAR_U32_MAX;
		scalar_unbound64(&r);
		scalar_update_bounds32(&r);
	} else {
		u64 k = src->umin;

		r.smin >>= k;
		r.smax >>= k;
		r.var_off = tnum_arshift(dst->var_off, k, 64);
		r.umin = 0;
		r.umax = UINT64_MAX;
		scalar_unbound32(&r);
		scalar_update_bounds(&r);
	}
	return finish(r, width);
}

struct scalar scalar_mov(const struct scalar *src, int width)
{
	struct scalar r = *src;

	if (any_bottom(src, NULL))
		return scalar_bottom();
	if (width == 64)
		return r;
	return finish(r, 32);
}

/* Sign extension of the low @size bytes into 64 bits (the kernel's coerce_reg_to_size_sx). */
static void sext64(struct scalar *r, int size)
{
	unsigned int bits = size * 8;
	s64 lo, hi, a, b;

	if (tnum_is_const(r->var_off)) {
		u64 v = r->var_off.value;

		v = size == 1 ? (u64)(s64)(s8)v : size == 2 ? (u64)(s64)(s16)v : (u64)(s64)(s32)v;
		*r = scalar_const(v);
		return;
	}
	/* If smin and smax agree above the low @size bytes, the low parts of the range are
	 * contiguous and sign-extend monotonically... provided both land on the same side of 0. */
	if (((u64)r->smax >> bits) == ((u64)r->smin >> bits)) {
		if (size == 1) {
			a = (s8)r->smax;
			b = (s8)r->smin;
		} else if (size == 2) {
			a = (s16)r->smax;
			b = (s16)r->smin;
		} else {
			a = (s32)r->smax;
			b = (s32)r->smin;
		}
		hi = a > b ? a : b;
		lo = a < b ? a : b;
		if ((hi >= 0) == (lo >= 0)) {
			r->smin = lo;
			r->smax = hi;
			r->s32_min = (s32)lo;
			r->s32_max = (s32)hi;
			r->umin = (u64)lo;
			r->umax = (u64)hi;
			r->u32_min = (u32)lo;
			r->u32_max = (u32)hi;
			r->var_off = tnum_range((u64)lo, (u64)hi);
			return;
		}
	}
	/* Otherwise: anything the sign-extended type can hold. */
	lo = size == 1 ? INT8_MIN : size == 2 ? INT16_MIN : INT32_MIN;
	hi = size == 1 ? INT8_MAX : size == 2 ? INT16_MAX : INT32_MAX;
	r->smin = lo;
	r->smax = hi;
	r->s32_min = (s32)lo;
	r->s32_max = (s32)hi;
	r->umin = 0;
	r->umax = UINT64_MAX;
	r->u32_min = 0;
	r->u32_max = SCALAR_U32_MAX;
	r->var_off = tnum_top();
}

/* Sign extension of the low 1 or 2 bytes into the low 32 bits (coerce_subreg_to_size_sx);
 * the upper half is left for scalar_zext32(). */
static void sext32(struct scalar *r, int size)
{
	unsigned int bits = size * 8;
	s32 lo, hi, a, b;

	if (tnum_is_const(r->var_off)) {
		u32 v = (u32)r->var_off.value;

		r->var_off = tnum_const(size == 1 ? (u64)(s64)(s8)v : (u64)(s64)(s16)v);
		v = (u32)r->var_off.value;
		r->s32_min = r->s32_max = (s32)v;
		r->u32_min = r->u32_max = v;
		return;
	}
	if (((u32)r->s32_max >> bits) == ((u32)r->s32_min >> bits)) {
		if (size == 1) {
			a = (s8)r->s32_max;
			b = (s8)r->s32_min;
		} else {
			a = (s16)r->s32_max;
			b = (s16)r->s32_min;
		}
		hi = a > b ? a : b;
		lo = a < b ? a : b;
		if ((lo >= 0) == (hi >= 0)) {
			r->s32_min = lo;
			r->s32_max = hi;
			r->u32_min = (u32)lo;
			r->u32_max = (u32)hi;
			r->var_off = tnum_subreg(tnum_range((u64)(s64)lo, (u64)(s64)hi));
			return;
		}
	}
	r->s32_min = size == 1 ? INT8_MIN : INT16_MIN;
	r->s32_max = size == 1 ? INT8_MAX : INT16_MAX;
	r->u32_min = 0;
	r->u32_max = SCALAR_U32_MAX;
	r->var_off = tnum_subreg(tnum_top());
}

struct scalar scalar_movsx(const struct scalar *src, int size_bits, int width)
{
	struct scalar r = *src;

	if (any_bottom(src, NULL))
		return scalar_bottom();
	if (width == 64) {
		/* like the kernel, no sync: the result is consistent as built */
		sext64(&r, size_bits / 8);
		return r;
	}
	if (size_bits >= 32)
		return scalar_mov(src, 32);
	sext32(&r, size_bits / 8);
	return finish(r, 32);
}

struct scalar scalar_coerce(const struct scalar *s, int size)
{
	struct scalar r = *s;
	u64 keep;

	if (any_bottom(s, NULL))
		return scalar_bottom();
	if (size >= 8)
		return r;
	keep = (1ULL << (size * 8)) - 1;
	r.var_off = tnum_cast(r.var_off, size);
	/* The truncated range is an interval only if the dropped upper bits are the same at
	 * both ends; otherwise it can be anything in [0, keep]. */
	if ((r.umin & ~keep) == (r.umax & ~keep)) {
		r.umin &= keep;
		r.umax &= keep;
	} else {
		r.umin = 0;
		r.umax = keep;
	}
	r.smin = (s64)r.umin;
	r.smax = (s64)r.umax;
	if (size < 4)
		scalar_unbound32(&r);
	scalar_sync(&r);
	return r;
}

struct scalar scalar_coerce_sx(const struct scalar *s, int size)
{
	struct scalar r = *s;

	if (any_bottom(s, NULL))
		return scalar_bottom();
	if (size >= 8)
		return r;
	sext64(&r, size);
	return r;
}

struct scalar scalar_load(int size, bool sign_extend)
{
	struct scalar top = scalar_top();

	return sign_extend ? scalar_coerce_sx(&top, size) : scalar_coerce(&top, size);
}

bool scalar_bitop_forks(const struct scalar *dst, bool *alu32)
{
	if (dst->smin == -1 && dst->smax == 0) {
		*alu32 = false;
		return true;
	}
	if (dst->s32_min == -1 && dst->s32_max == 0) {
		*alu32 = true;
		return true;
	}
	return false;
}

struct scalar scalar_alu(enum scalar_alu_op op, const struct scalar *dst, const struct scalar *src,
			 int width, s16 off)
{
	switch (op) {
	case SCALAR_ADD: return scalar_add(dst, src, width);
	case SCALAR_SUB: return scalar_sub(dst, src, width);
	case SCALAR_MUL: return scalar_mul(dst, src, width);
	case SCALAR_DIV: return scalar_div(dst, src, width, off == 1);
	case SCALAR_MOD: return scalar_mod(dst, src, width, off == 1);
	case SCALAR_OR: return scalar_or(dst, src, width);
	case SCALAR_AND: return scalar_and(dst, src, width);
	case SCALAR_XOR: return scalar_xor(dst, src, width);
	case SCALAR_LSH: return scalar_lsh(dst, src, width);
	case SCALAR_RSH: return scalar_rsh(dst, src, width);
	case SCALAR_ARSH: return scalar_arsh(dst, src, width);
	case SCALAR_NEG: return scalar_neg(dst, width);
	case SCALAR_MOV:
		return off ? scalar_movsx(src, off, width) : scalar_mov(src, width);
	case SCALAR_END:
		return scalar_end(dst, width == 64 ? SCALAR_END_BSWAP : SCALAR_END_TO_LE, off);
	}
	return scalar_top();
}
