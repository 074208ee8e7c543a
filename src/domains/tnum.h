/* Tristate numbers (tnums): a 64-bit value whose every bit is known 0, known 1 or unknown.
 *
 * A tnum is the pair (value, mask): a set bit in @mask means "this bit is unknown", otherwise the
 * bit is known and equal to the bit in @value. Well-formed tnums keep value & mask == 0. The
 * concretization is gamma(t) = { x | (x & ~t.mask) == t.value }.
 *
 * Names and results mirror the Linux 6.18 kernel (include/linux/tnum.h, kernel/bpf/tnum.c) so the
 * two can be read side by side and our register states equal the kernel's bit for bit. Two
 * differences are deliberate and documented at each function:
 *  - an explicit bottom (the empty set), which the kernel's tnum lacks: tnum_meet() produces it when
 *    two tnums disagree on a known bit, tnum_is_bottom() is the only test for it;
 *  - lattice names in our order: tnum_leq(a, b) means a is below b (gamma(a) within gamma(b)).
 *    The kernel's tnum_in(a, b) asks the reverse question (b within a).
 *
 * Everything here is a pure function on 16-byte values: no allocation, no error path.
 */
#ifndef BPFVERIFY_DOMAINS_TNUM_H
#define BPFVERIFY_DOMAINS_TNUM_H

#include "util.h"

struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(_v, _m) ((struct tnum){ .value = (_v), .mask = (_m) })

/* The canonical bottom: every bit "known" and "unknown" at once. Any tnum with value & mask != 0
 * is treated as bottom by tnum_is_bottom(), but only this one is ever produced. */
#define TNUM_BOTTOM TNUM(~0ULL, ~0ULL)

/* ---- Constructors ---- */

/* The completely unknown value (the kernel's tnum_unknown). */
static inline struct tnum tnum_top(void)
{
	return TNUM(0, ~0ULL);
}

static inline struct tnum tnum_bottom(void)
{
	return TNUM_BOTTOM;
}

/* The single value @v. */
static inline struct tnum tnum_const(u64 v)
{
	return TNUM(v, 0);
}

/* Smallest tnum holding every x with @min <= x <= @max (unsigned); it keeps the common high bits of
 * @min and @max and leaves every bit below the highest differing one unknown, so it may hold more
 * than the range: tnum_range(0, 2) also holds 3. Expects @min <= @max. */
struct tnum tnum_range(u64 min, u64 max);

/* ---- Predicates ---- */

static inline bool tnum_is_bottom(struct tnum a)
{
	return (a.value & a.mask) != 0;
}

static inline bool tnum_is_const(struct tnum a)
{
	return a.mask == 0;
}

/* True if @a is exactly the constant @v. */
static inline bool tnum_equals_const(struct tnum a, u64 v)
{
	return tnum_is_const(a) && a.value == v;
}

/* True if no bit of @a is known. */
static inline bool tnum_is_unknown(struct tnum a)
{
	return a.mask == ~0ULL;
}

/* True if every member of @a is a multiple of @size (a power of two; 0 counts as aligned). */
bool tnum_is_aligned(struct tnum a, u64 size);

/* gamma membership: is @v one of the values @a stands for? */
static inline bool tnum_contains(struct tnum a, u64 v)
{
	return !tnum_is_bottom(a) && (v & ~a.mask) == a.value;
}

/* True if gamma(@a) and gamma(@b) share a member: they agree on every bit known in both. */
bool tnum_overlap(struct tnum a, struct tnum b);

/* The smallest member of @a greater than @z, for tmin <= z < tmax (tmax = value | mask); outside
 * that window the kernel's tnum_step() answers tmax when @z >= tmax and value when @z < value,
 * and so does this. Used to find a range and a tnum sharing exactly one value. */
u64 tnum_step(struct tnum a, u64 z);

/* Lowest 32 bits of @a are known. */
static inline bool tnum_subreg_is_const(struct tnum a)
{
	return (u32)a.mask == 0;
}

/* ---- Lattice ---- */

/* a ⊑ b: gamma(@a) is a subset of gamma(@b). Bottom is below everything. */
bool tnum_leq(struct tnum a, struct tnum b);

/* The kernel's tnum_in(@a, @b): gamma(@b) within gamma(@a). Note the REVERSED order with respect
 * to tnum_leq(): tnum_in(a, b) == tnum_leq(b, a) for well-formed inputs. Kept for cross-reading
 * ports of kernel code such as regsafe(). */
static inline bool tnum_in(struct tnum a, struct tnum b)
{
	return tnum_leq(b, a);
}

/* Least upper bound: a bit stays known only where both agree on it. This is the kernel's
 * tnum_union() (6.18), which is exact for tnums: the smallest tnum holding both sets. */
struct tnum tnum_join(struct tnum a, struct tnum b);

/* Same function under the kernel's name. */
static inline struct tnum tnum_union(struct tnum a, struct tnum b)
{
	return tnum_join(a, b);
}

/* Greatest lower bound with an explicit bottom: TNUM_BOTTOM when @a and @b disagree on a bit known
 * in both, otherwise the same result as tnum_intersect(). */
struct tnum tnum_meet(struct tnum a, struct tnum b);

/* The kernel's tnum_intersect(): like tnum_meet() but where the two disagree on a known bit the
 * result claims "known 1" (the kernel has no bottom). Used where kernel-equal output matters. */
struct tnum tnum_intersect(struct tnum a, struct tnum b);

/* Widening: tnums form a lattice of finite height (each bit can only go from known to unknown),
 * so the join is already a widening. */
static inline struct tnum tnum_widen(struct tnum old, struct tnum new)
{
	return tnum_join(old, new);
}

/* ---- Arithmetic and logic (all modulo 2^64) ---- */

struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
/* 0 - @a (two's complement negation). */
struct tnum tnum_neg(struct tnum a);
struct tnum tnum_mul(struct tnum a, struct tnum b);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);

/* Shifts by a known amount @shift (0..63; larger is undefined in C and never passed). */
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
/* Arithmetic right shift of the low @insn_bitness (32 or 64) bits of @a by @min_shift; for 32 the
 * result is the zero-extended 32-bit result, as the kernel's tnum_arshift() returns it. */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);

/* Byte swaps of the low 16/32/64 bits (upper bits cleared for 16 and 32). The kernel 6.18 does not
 * use them (it forgets everything on BPF_END); they are exact and offered for later precision. */
struct tnum tnum_bswap16(struct tnum a);
struct tnum tnum_bswap32(struct tnum a);
struct tnum tnum_bswap64(struct tnum a);

/* ---- Sizes and 32-bit subregister views ---- */

/* @a with all but the lowest @size bytes cleared (zero extension from @size bytes, 1..8). */
struct tnum tnum_cast(struct tnum a, u8 size);
/* @a sign-extended from its lowest @size bytes (1, 2 or 4); an unknown sign bit makes every upper
 * bit unknown. */
struct tnum tnum_scast(struct tnum a, u8 size);
/* The low 32 bits of @a, zero-extended. */
struct tnum tnum_subreg(struct tnum a);
/* @a with the low 32 bits known zero. */
struct tnum tnum_clear_subreg(struct tnum a);
/* Upper 32 bits from @reg, lower 32 bits from @subreg. */
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg);
/* Upper 32 bits from @a, lower 32 bits the constant @value. */
struct tnum tnum_const_subreg(struct tnum a, u32 value);

/* ---- Formatting (snprintf semantics: returns the length that would have been written) ---- */

/* As the kernel log prints a var_off: "(0x0; 0xff)"; hex always carries "0x", also for zero. A
 * constant prints as a number the way kernel/bpf/log.c's tnum_strn() does ("255", "0x10000").
 * Bottom prints as "(bottom)". */
int tnum_fmt(char *buf, size_t size, struct tnum a);
/* 64 characters of '0', '1' and 'x', most significant bit first (the kernel's tnum_sbin()). */
int tnum_sbin(char *buf, size_t size, struct tnum a);

#endif
