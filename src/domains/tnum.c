/* Tristate numbers: bit-level knowledge about a 64-bit value.
 *
 * Every operation here over-approximates the concrete operation applied to all members of its
 * inputs, and returns exactly what the Linux 6.18 kernel's kernel/bpf/tnum.c returns for the same
 * inputs (tests/unit/check_tnum.c checks soundness exhaustively on small bit patterns and compares
 * the precision-sensitive ones against brute force).
 *
 * The arithmetic follows Vishwanathan et al., "Sound, Precise, and Fast Abstract Interpretation
 * with Tristate Numbers" (CGO 2022, arXiv:2105.05398): add/sub propagate the carry uncertainty by
 * comparing the two extreme sums; mul is a long multiplication over the trits of one operand,
 * which 6.18 refined (Edamana, 2025) to take the union of the "bit is 0" and "bit is 1" partial
 * sums when a multiplier bit is unknown.
 */
#include "domains/tnum.h"

struct tnum tnum_range(u64 min, u64 max)
{
	u64 differ = min ^ max;
	u64 low;

	/* Every bit at or below the highest differing bit can take both values somewhere in
	 * [min, max]; the bits above it are shared by the whole range. */
	if (!differ)
		return tnum_const(min);
	if (differ >> 63)
		return tnum_top();
	low = (1ULL << (64 - __builtin_clzll(differ))) - 1;
	return TNUM(min & ~low, low);
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return ((a.value | a.mask) & (size - 1)) == 0;
}

bool tnum_overlap(struct tnum a, struct tnum b)
{
	u64 both_known = ~a.mask & ~b.mask;

	return (a.value & both_known) == (b.value & both_known);
}

u64 tnum_step(struct tnum a, u64 z)
{
	u64 tmax = a.value | a.mask, y, differ, low, prefix_mask, prefix;
	int k;

	if (z >= tmax)
		return tmax;
	if (z < a.value)
		return a.value;
	/* Smallest member >= y = z + 1. Compare y with the known bits from the top: if they
	 * all match, y itself is a member. Otherwise look at the highest mismatching known bit k:
	 *  - y has 0 there, the tnum 1: keep y above k, take the tnum's smallest tail from k down;
	 *  - y has 1 there, the tnum 0: the part above k must grow: add one to its unknown bits
	 *    (carrying over the known ones), then take the smallest tail.
	 * A member above z exists (z < tmax), so the increment cannot run out of bits. */
	y = z + 1;
	differ = (y ^ a.value) & ~a.mask;
	if (!differ)
		return y;
	k = 63 - __builtin_clzll(differ);
	low = k == 63 ? ~0ULL : (1ULL << (k + 1)) - 1;	/* bits k..0 */
	if (a.value & (1ULL << k))
		return (y & ~low) | (a.value & low);
	prefix_mask = a.mask & ~low;
	/* set every known bit of the prefix so the +1 carries through them, then restore */
	prefix = (((y & ~low) | ~prefix_mask | low) + (low + 1)) & prefix_mask;
	return prefix | (a.value & ~low & ~a.mask) | (a.value & low);
}

bool tnum_leq(struct tnum a, struct tnum b)
{
	if (tnum_is_bottom(a))
		return true;
	if (tnum_is_bottom(b))
		return false;
	/* Every bit free in a must be free in b, and b's known bits must match a's. */
	if (a.mask & ~b.mask)
		return false;
	return (a.value & ~b.mask) == b.value;
}

struct tnum tnum_join(struct tnum a, struct tnum b)
{
	u64 unknown;

	if (tnum_is_bottom(a))
		return b;
	if (tnum_is_bottom(b))
		return a;
	/* A bit becomes unknown where either side is unknown or where their known values differ. */
	unknown = a.mask | b.mask | (a.value ^ b.value);
	return TNUM(a.value & b.value & ~unknown, unknown);
}

struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask & b.mask;

	/* Kernel semantics: a bit known in either side becomes known; on disagreement the OR of the
	 * values wins, i.e. the result claims "known 1" instead of reporting an empty set. */
	return TNUM((a.value | b.value) & ~unknown, unknown);
}

struct tnum tnum_meet(struct tnum a, struct tnum b)
{
	if (tnum_is_bottom(a) || tnum_is_bottom(b) || !tnum_overlap(a, b))
		return TNUM_BOTTOM;
	return tnum_intersect(a, b);
}

struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	return TNUM(a.value >> shift, a.mask >> shift);
}

struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	/* Shifting value and mask arithmetically replicates the sign trit: a known sign bit fills
	 * with its known value, an unknown one fills the mask. The 32-bit variant works on the low
	 * word and returns it zero-extended. */
	if (insn_bitness == 32)
		return TNUM((u32)((s32)(u32)a.value >> min_shift),
			    (u32)((s32)(u32)a.mask >> min_shift));
	return TNUM((u64)((s64)a.value >> min_shift), (u64)((s64)a.mask >> min_shift));
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 lo = a.value + b.value;		/* every unknown bit 0 */
	u64 hi = lo + a.mask + b.mask;		/* every unknown bit 1 */
	/* A result bit is uncertain where the two extreme sums differ (a carry may or may not
	 * reach it) or where an input bit is itself unknown. */
	u64 unknown = (lo ^ hi) | a.mask | b.mask;

	return TNUM(lo & ~unknown, unknown);
}

struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 diff = a.value - b.value;
	u64 most = diff + a.mask;		/* a's unknowns 1, b's unknowns 0 */
	u64 least = diff - b.mask;		/* a's unknowns 0, b's unknowns 1 */
	u64 unknown = (most ^ least) | a.mask | b.mask;

	return TNUM(diff & ~unknown, unknown);
}

struct tnum tnum_neg(struct tnum a)
{
	return tnum_sub(tnum_const(0), a);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 may_a = a.value | a.mask;
	u64 may_b = b.value | b.mask;
	u64 ones = a.value & b.value;

	/* Known 1 where both are known 1; known 0 where either is known 0; unknown elsewhere. */
	return TNUM(ones, may_a & may_b & ~ones);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 ones = a.value | b.value;

	return TNUM(ones, (a.mask | b.mask) & ~ones);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask | b.mask;

	return TNUM((a.value ^ b.value) & ~unknown, unknown);
}

struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = tnum_const(0);

	/* Long multiplication, one trit of @a per round, @b shifted along:
	 *   known 1  -> acc += b
	 *   known 0  -> acc unchanged
	 *   unknown  -> acc = join(acc, acc + b): either outcome, keeping the bits both agree on.
	 * Taking the join per round (rather than adding "b's bits or unknown") keeps the known low
	 * bits of the product, e.g. 0b11 * 0bx1 = join(0b0011, 0b1001) = 0bx0x1. */
	while (a.value | a.mask) {
		if (a.value & 1)
			acc = tnum_add(acc, b);
		else if (a.mask & 1)
			acc = tnum_join(acc, tnum_add(acc, b));
		a = tnum_rshift(a, 1);
		b = tnum_lshift(b, 1);
	}
	return acc;
}

struct tnum tnum_bswap16(struct tnum a)
{
	return TNUM(__builtin_bswap16((u16)a.value), __builtin_bswap16((u16)a.mask));
}

struct tnum tnum_bswap32(struct tnum a)
{
	return TNUM(__builtin_bswap32((u32)a.value), __builtin_bswap32((u32)a.mask));
}

struct tnum tnum_bswap64(struct tnum a)
{
	return TNUM(__builtin_bswap64(a.value), __builtin_bswap64(a.mask));
}

struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 keep = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;	/* 1ULL << 64 is undefined */

	return TNUM(a.value & keep, a.mask & keep);
}

struct tnum tnum_scast(struct tnum a, u8 size)
{
	unsigned int drop = 64 - size * 8;
	u64 value, mask;

	if (size >= 8)
		return a;
	/* Move the sign trit to bit 63 and shift back arithmetically: the upper bits copy it. */
	value = (u64)((s64)(a.value << drop) >> drop);
	mask = (u64)((s64)(a.mask << drop) >> drop);
	return TNUM(value & ~mask, mask);
}

struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return tnum_lshift(tnum_rshift(a, 32), 32);
}

struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg)
{
	return tnum_or(tnum_clear_subreg(reg), tnum_subreg(subreg));
}

struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	return tnum_with_subreg(a, tnum_const(value));
}

int tnum_fmt(char *buf, size_t size, struct tnum a)
{
	if (tnum_is_bottom(a))
		return snprintf(buf, size, "(bottom)");
	/* log.c: constants print as numbers, decimal up to U16_MAX. The kernel's "%#llx" always
	 * writes the 0x prefix (libc's omits it for zero), hence the explicit "0x%llx". */
	if (tnum_is_const(a))
		return a.value <= 0xffff ? snprintf(buf, size, "%llu", (unsigned long long)a.value)
					 : snprintf(buf, size, "0x%llx", (unsigned long long)a.value);
	return snprintf(buf, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

int tnum_sbin(char *buf, size_t size, struct tnum a)
{
	size_t i;

	if (!size)
		return 64;
	for (i = 0; i < 64 && i + 1 < size; i++) {
		u64 bit = 1ULL << (63 - i);

		buf[i] = (a.mask & bit) ? 'x' : (a.value & bit) ? '1' : '0';
	}
	buf[i] = '\0';
	return 64;
}
