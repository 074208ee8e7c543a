/* The scalar value: the reduced product of a tnum with signed and unsigned 64-bit and 32-bit
 * ranges, exactly as the Linux 6.18 verifier tracks a SCALAR_VALUE register.
 *
 * gamma(s) = { x | x in gamma(var_off), umin <= x <= umax, smin <= (s64)x <= smax,
 *                  u32_min <= (u32)x <= u32_max, s32_min <= (s32)x <= s32_max }
 *
 * The five components are kept consistent by scalar_sync() (the kernel's reg_bounds_sync()); every
 * transfer below ends with it (or with the kernel's own narrower normalisation where the kernel
 * skips it, see each function), so no half-synced value escapes. Results are bit-for-bit the
 * kernel's: the same bounds print the same log line.
 *
 * Callers should use the functions and the scalar_umin()... accessors rather than the fields,
 * so that the range representation can change without touching them. The fields carry the
 * kernel's names (struct bpf_reg_state) to ease cross-reading.
 *
 * Bottom (the empty set) is explicit: scalar_bottom() builds it, scalar_is_bottom() is the only
 * test, every transfer maps bottom to bottom.
 *
 * Kernel version notes (what "6.18" means here): tnum_mul with per-trit union (6.18), BPF_MUL
 * bounds from the four signed corner products (6.14), BPF_ADD/SUB keeping wrapped unsigned bounds
 * when both ends wrap (6.17), BPF_NEG tracked as 0 - x (6.14), tnum-based JEQ/JNE and JSET
 * decisions, s64/s32 ranges crossing the sign boundary refined against the unsigned ones, JSET
 * false branch forgetting ranges. Not tracked by 6.18 (result unknown): BPF_DIV, BPF_MOD (signed
 * or not; range tracking for them landed upstream only in 2026), shifts by a non-constant or
 * out-of-range amount. BPF_END byte swaps are tracked through the tnum as the running 6.18.y
 * kernel does (see scalar_end()); so is the kernel's fork of AND/OR on {-1, 0}
 * (scalar_bitop_forks()), also seen on the running kernel.
 */
#ifndef BPFVERIFY_DOMAINS_SCALAR_H
#define BPFVERIFY_DOMAINS_SCALAR_H

#include "domains/tnum.h"

struct scalar {
	struct tnum var_off;
	s64 smin, smax;
	u64 umin, umax;
	s32 s32_min, s32_max;
	u32 u32_min, u32_max;
};

/* ALU operations, numbered as the BPF opcode's operation field (BPF_OP(code)), so that a decoded
 * instruction's op can be passed through a cast. */
enum scalar_alu_op {
	SCALAR_ADD = 0x00,
	SCALAR_SUB = 0x10,
	SCALAR_MUL = 0x20,
	SCALAR_DIV = 0x30,
	SCALAR_OR = 0x40,
	SCALAR_AND = 0x50,
	SCALAR_LSH = 0x60,
	SCALAR_RSH = 0x70,
	SCALAR_NEG = 0x80,
	SCALAR_MOD = 0x90,
	SCALAR_XOR = 0xa0,
	SCALAR_MOV = 0xb0,
	SCALAR_ARSH = 0xc0,
	SCALAR_END = 0xd0,
};

/* Conditional jumps, numbered as BPF_OP(code) of JMP/JMP32. SCALAR_JSET_NOT (not an opcode) is the
 * false outcome of JSET, the kernel's "BPF_JSET | BPF_X" trick in rev_opcode(). */
enum scalar_jmp_op {
	SCALAR_JEQ = 0x10,
	SCALAR_JGT = 0x20,
	SCALAR_JGE = 0x30,
	SCALAR_JSET = 0x40,
	SCALAR_JNE = 0x50,
	SCALAR_JSGT = 0x60,
	SCALAR_JSGE = 0x70,
	SCALAR_JLT = 0xa0,
	SCALAR_JLE = 0xb0,
	SCALAR_JSLT = 0xc0,
	SCALAR_JSLE = 0xd0,
	SCALAR_JSET_NOT = 0x48,
};

/* ---- Constructors ---- */

/* Any 64-bit value (the kernel's __mark_reg_unknown). */
struct scalar scalar_top(void);
/* The empty set. */
struct scalar scalar_bottom(void);
/* Exactly @v (the kernel's ___mark_reg_known). */
struct scalar scalar_const(u64 v);
/* Exactly @v in the low 32 bits, upper bits as in @s (the kernel's __mark_reg32_known: only the
 * 32-bit bounds and the low half of var_off change; no sync). */
struct scalar scalar_const32(struct scalar s, u32 v);
/* Every value of @t, ranges derived from it. */
struct scalar scalar_from_tnum(struct tnum t);
/* [@lo, @hi] unsigned / signed 64-bit, other components derived. @lo > @hi gives bottom. */
struct scalar scalar_urange(u64 lo, u64 hi);
struct scalar scalar_srange(s64 lo, s64 hi);

/* ---- Reduction and invariants ---- */

/* Make the components agree (the kernel's reg_bounds_sync(): bounds from var_off, 32 <-> 64 and
 * signed <-> unsigned deductions three times, var_off from the bounds, bounds from var_off). */
void scalar_sync(struct scalar *s);
/* NULL if @s is consistent, else the kernel's reason ("range bounds violation", "const tnum out
 * of sync with range bounds", "const subreg tnum out of sync with range bounds") or ours ("tnum
 * value and mask overlap"). Bottom is consistent. The kernel logs "REG INVARIANTS VIOLATION" and
 * calls scalar_mark_unbounded() for a non-NULL answer. */
const char *scalar_check(const struct scalar *s);
/* Forget every range, keep var_off (the kernel's __mark_reg_unbounded; not synced). */
void scalar_mark_unbounded(struct scalar *s);

/* ---- Queries ---- */

bool scalar_is_bottom(const struct scalar *s);
/* The whole 64-bit value is known (var_off constant). */
bool scalar_is_const(const struct scalar *s);
/* The low 32 bits are known. */
bool scalar_is_const32(const struct scalar *s);
/* gamma membership of the 64-bit value @v. */
bool scalar_contains(const struct scalar *s, u64 v);

static inline u64 scalar_umin(const struct scalar *s) { return s->umin; }
static inline u64 scalar_umax(const struct scalar *s) { return s->umax; }
static inline s64 scalar_smin(const struct scalar *s) { return s->smin; }
static inline s64 scalar_smax(const struct scalar *s) { return s->smax; }
static inline u32 scalar_u32_min(const struct scalar *s) { return s->u32_min; }
static inline u32 scalar_u32_max(const struct scalar *s) { return s->u32_max; }
static inline s32 scalar_s32_min(const struct scalar *s) { return s->s32_min; }
static inline s32 scalar_s32_max(const struct scalar *s) { return s->s32_max; }
static inline struct tnum scalar_tnum(const struct scalar *s) { return s->var_off; }

/* ---- Lattice ---- */

/* a ⊑ b, componentwise: every bound of @a within @b's and tnum_leq(a.var_off, b.var_off). This
 * is the kernel's scalar test in regsafe() (range_within(b, a) && tnum_in(b->var_off, a->var_off)),
 * read left to right. Bottom is below everything. */
bool scalar_leq(const struct scalar *a, const struct scalar *b);
/* Least upper bound componentwise: hull of every range, tnum join. Consistent but not synced
 * (a sync could break a ⊑ join, the kernel's deductions not being monotone). */
struct scalar scalar_join(const struct scalar *a, const struct scalar *b);
/* Lower bound: intersection of every component, reduced; bottom when it is provably empty.
 * Always below both operands. */
struct scalar scalar_meet(const struct scalar *a, const struct scalar *b);
/* Widening for the engine's loop mode: every bound of @cur that moved past @old jumps to its
 * extreme; tnums join (finite height). Above both operands, not synced (as scalar_join). */
struct scalar scalar_widen(const struct scalar *old, const struct scalar *cur);

/* ---- Arithmetic (ALU and ALU64) ----
 * @width is 64 (ALU64) or 32 (ALU: operates on the low halves, zero-extends the result).
 * Results are what adjust_scalar_min_max_vals() leaves in the destination register. */

/* Dispatch on @op as a BPF instruction would: @dst op= @src. @off is the instruction's offset
 * field (1 selects signed DIV/MOD; 8/16/32 select MOVSX). For SCALAR_NEG and SCALAR_END @src is
 * ignored; for SCALAR_END @off carries the size in bits (the instruction's imm) and the kind
 * follows @width: 64 is the ALU64 bswap, 32 the to_le form (call scalar_end() for to_be). */
struct scalar scalar_alu(enum scalar_alu_op op, const struct scalar *dst, const struct scalar *src,
			 int width, s16 off);

struct scalar scalar_add(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_sub(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_mul(const struct scalar *dst, const struct scalar *src, int width);
/* Unsigned (@is_signed false) or signed division/modulo. 6.18 does not track them: top, also
 * for width 32 (the kernel does not even zero-extend). Division by zero is defined by BPF
 * (x / 0 = 0, x % 0 = x) and is covered by top. */
struct scalar scalar_div(const struct scalar *dst, const struct scalar *src, int width,
			 bool is_signed);
struct scalar scalar_mod(const struct scalar *dst, const struct scalar *src, int width,
			 bool is_signed);
struct scalar scalar_and(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_or(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_xor(const struct scalar *dst, const struct scalar *src, int width);
/* Shifts: tracked only when @src is a constant below @width (else top, as in the kernel). */
struct scalar scalar_lsh(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_rsh(const struct scalar *dst, const struct scalar *src, int width);
struct scalar scalar_arsh(const struct scalar *dst, const struct scalar *src, int width);
/* 0 - @dst. */
struct scalar scalar_neg(const struct scalar *dst, int width);
/* Register move: width 64 copies, width 32 keeps the low half zero-extended. */
struct scalar scalar_mov(const struct scalar *src, int width);
/* Sign-extending move from the low @size_bits (8, 16, or 32 for width 64) of @src. */
struct scalar scalar_movsx(const struct scalar *src, int size_bits, int width);
/* BPF_END on a little-endian host (x86-64, arm64): to_le is the identity (16/32: truncation),
 * to_be and the ALU64 bswap swap the low @size_bits (16, 32, 64) bits; the tnum is swapped
 * exactly, the ranges rebuilt from it. This is what the running 6.18.44 kernel does (checked
 * live by tools/scalar_kdiff); kernels without the byte-swap tracking forget the value. */
enum scalar_end_kind {
	SCALAR_END_TO_LE,	/* BPF_ALU | BPF_END | BPF_TO_LE */
	SCALAR_END_TO_BE,	/* BPF_ALU | BPF_END | BPF_TO_BE */
	SCALAR_END_BSWAP,	/* BPF_ALU64 | BPF_END */
};
struct scalar scalar_end(const struct scalar *dst, enum scalar_end_kind kind, int size_bits);

/* The kernel's maybe_fork_scalars() condition for AND/OR with a constant source: when @dst is
 * exactly {-1, 0} as s64 (or, failing that, as s32: *@alu32 = true), the kernel explores two
 * states, @dst = 0 and @dst = -1, instead of transferring the range. */
bool scalar_bitop_forks(const struct scalar *dst, bool *alu32);

/* ---- Loads and truncation ---- */

/* Zero-extending truncation to @size bytes (1, 2, 4): a b/h/w load of a known scalar (the
 * kernel's coerce_reg_to_size). */
struct scalar scalar_coerce(const struct scalar *s, int size);
/* Sign-extending truncation from @size bytes (1, 2, 4): a BPF_MEMSX load (the kernel's
 * coerce_reg_to_size_sx; like the kernel, not synced: the result is already consistent). */
struct scalar scalar_coerce_sx(const struct scalar *s, int size);
/* The value of an unknown @size-byte load: [0, 2^(8*size) - 1] (@sign_extend: the sign-extended
 * range). */
struct scalar scalar_load(int size, bool sign_extend);

/* ---- Branches ---- */

/* Decide "@a op @b" (low halves if @is_jmp32): 1 always taken, 0 never, -1 unknown (the kernel's
 * is_scalar_branch_taken()). An immediate operand is scalar_const((u64)(s64)imm), for JMP32
 * too, as the kernel builds it. */
int scalar_branch_taken(const struct scalar *a, const struct scalar *b, enum scalar_jmp_op op,
			bool is_jmp32);
/* The condition of the other outcome: JEQ <-> JNE, JGT <-> JLE, ..., JSET <-> JSET_NOT. */
enum scalar_jmp_op scalar_jmp_negate(enum scalar_jmp_op op);
/* The same condition with operands swapped: "a < b" <-> "b > a". */
enum scalar_jmp_op scalar_jmp_flip(enum scalar_jmp_op op);
/* Narrow @a and @b assuming "@a op @b" holds (the kernel's regs_refine_cond_op() followed by
 * reg_bounds_sync() of both; @a and @b may be the same register). For the false outcome pass
 * scalar_jmp_negate(op). Returns NULL, or the scalar_check() reason when a result is
 * inconsistent: that outcome is infeasible. The values are left as the kernel computes them;
 * the kernel then logs "REG INVARIANTS VIOLATION" and calls scalar_mark_unbounded() on each
 * register whose scalar_check() fails (checked one by one), while a pruning engine may use
 * bottom instead. */
const char *scalar_refine(struct scalar *a, struct scalar *b, enum scalar_jmp_op op,
			  bool is_jmp32);

/* ---- Formatting (snprintf semantics) ---- */

/* As the kernel log prints a scalar register: a constant as a number ("255", "-1",
 * "0xfffffffe"), otherwise "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0;
 * 0xff))"; bottom as "scalar(bottom)". No precision mark or id (those belong to the register). */
int scalar_fmt(char *buf, size_t size, const struct scalar *s);
/* Only the bounds and var_off fields, comma separated, as the kernel appends them inside a
 * pointer's parentheses ("smin=...,var_off=(...)"); empty for top. */
int scalar_fmt_fields(char *buf, size_t size, const struct scalar *s);
/* Parse the kernel's syntax (what scalar_fmt() writes; a leading precision mark 'P' and "id=N",
 * "id=N+K", "ref_obj_id=N" fields are accepted and ignored). Returns 0 and sets *@end past the
 * text, or -EINVAL. The result is not synced: it is what the kernel had. */
int scalar_parse(const char *text, struct scalar *out, const char **end);

#endif
