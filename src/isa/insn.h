/* The eBPF instruction set as Linux 6.18 accepts it: opcode constants newer than the installed
 * uapi, a decoded form of one instruction (struct insn) for the later stages, and the kernel's
 * decode-time validity checks with its exact wording.
 *
 * Raw instructions are struct bpf_insn of <linux/bpf.h>; a program is an array of @cnt slots where
 * a ld_imm64 takes two. Nothing here allocates; every function is pure over its inputs.
 */
#ifndef BPFVERIFY_ISA_INSN_H
#define BPFVERIFY_ISA_INSN_H

#include <linux/bpf.h>

#include "util.h"

/* Encodings the Debian 12 uapi (6.1) does not know yet; values from Linux 6.18. */
#ifndef BPF_JCOND
#define BPF_JCOND	0xe0	/* JMP op: pseudo jump, src_reg selects the kind */
#endif
#ifndef BPF_MAY_GOTO
#define BPF_MAY_GOTO	0	/* BPF_JMP | BPF_JCOND with src_reg 0: may_goto */
#endif
#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80	/* LDX mode: sign-extending load */
#endif
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ	0x100	/* atomic imm: load-acquire */
#endif
#ifndef BPF_STORE_REL
#define BPF_STORE_REL	0x110	/* atomic imm: store-release */
#endif
#ifndef BPF_ADDR_SPACE_CAST
/* ALU64 MOV X with this off: addr_space_cast, imm = dst_as << 16 | src_as */
#define BPF_ADDR_SPACE_CAST	1
#endif
#ifndef BPF_PSEUDO_MAP_FD
#define BPF_PSEUDO_MAP_FD	1
#endif
#ifndef BPF_PSEUDO_MAP_VALUE
#define BPF_PSEUDO_MAP_VALUE	2
#endif
#ifndef BPF_PSEUDO_BTF_ID
#define BPF_PSEUDO_BTF_ID	3
#endif
#ifndef BPF_PSEUDO_FUNC
#define BPF_PSEUDO_FUNC		4
#endif
#ifndef BPF_PSEUDO_MAP_IDX
#define BPF_PSEUDO_MAP_IDX	5
#endif
#ifndef BPF_PSEUDO_MAP_IDX_VALUE
#define BPF_PSEUDO_MAP_IDX_VALUE	6
#endif
#ifndef BPF_PSEUDO_CALL
#define BPF_PSEUDO_CALL		1
#endif
#ifndef BPF_PSEUDO_KFUNC_CALL
#define BPF_PSEUDO_KFUNC_CALL	2
#endif

/* Kernel-internal encodings (no uapi name): the verifier prints them, never accepts them on
 * load. BPF_ST | BPF_NOSPEC is a speculation barrier; ALU64 MOV X with off -1 adds this cpu's
 * per-cpu offset to src. */
#define INSN_MODE_NOSPEC	0xc0
#define INSN_OFF_ADDR_PERCPU	(-1)

/* What an instruction does, independent of its operand fields. */
enum insn_kind {
	INSN_INVALID,		/* opcode outside the kernel's table (fails the load checks) */
	INSN_ALU,		/* dst op= src|imm: + - * / | & << >> % ^ s>> */
	INSN_MOV,		/* dst = src|imm (ALU: 32-bit, zero-extended) */
	INSN_MOVSX,		/* dst = (s8|s16|s32)src */
	INSN_ADDR_SPACE_CAST,	/* dst = addr_space_cast(src, imm >> 16, imm & 0xffff) */
	INSN_NEG,		/* dst = -dst */
	INSN_END,		/* ALU class: dst = le|be<imm> dst */
	INSN_BSWAP,		/* ALU64 class: dst = bswap<imm> dst */
	INSN_LDX,		/* dst = *(uN *)(src + off) */
	INSN_LDSX,		/* dst = *(sN *)(src + off) */
	INSN_ST,		/* *(uN *)(dst + off) = imm */
	INSN_STX,		/* *(uN *)(dst + off) = src */
	INSN_ATOMIC,		/* BPF_STX | BPF_ATOMIC, imm selects the operation */
	INSN_NOSPEC,		/* kernel-internal barrier */
	INSN_LD_IMM64,		/* two slots: dst = imm64 (src_reg: BPF_PSEUDO_* kind) */
	INSN_LD_ABS,		/* legacy: r0 = *(uN *)skb[imm] */
	INSN_LD_IND,		/* legacy: r0 = *(uN *)skb[src + imm] */
	INSN_JA,		/* goto pc + jmp_off (JMP: off, JMP32 gotol: imm) */
	INSN_JMP_COND,		/* if dst op src|imm goto pc + off */
	INSN_MAY_GOTO,		/* may_goto pc + off */
	INSN_CALL,		/* helper call, imm = helper id */
	INSN_CALL_PSEUDO,	/* bpf-to-bpf call, target = pc + imm + 1 */
	INSN_CALL_KFUNC,	/* kernel function, imm = BTF id, off = fd_array index of its BTF */
	INSN_EXIT,
};

/* The decoded form of one instruction, shared by every later stage. */
struct insn {
	u8 code;		/* raw opcode byte */
	u8 dst;			/* dst_reg, 0..15 (>= MAX_BPF_REG is invalid) */
	u8 src;			/* src_reg, or the BPF_PSEUDO_* kind of a ld_imm64/call */
	s16 off;
	s32 imm;
	u64 imm64;		/* ld_imm64: (u64)insn[1].imm << 32 | (u32)imm; else (s64)imm */
	u8 cls;			/* BPF_CLASS(code) */
	u8 op;			/* BPF_OP(code) for ALU/JMP classes, else BPF_MODE(code) */
	bool src_is_reg;	/* BPF_SRC(code) == BPF_X for ALU/JMP classes; false for END
				 * (there the bit means BPF_TO_BE) and calls */
	bool to_be;		/* INSN_END: convert to big endian */
	bool is_signed;		/* sdiv/smod (off == 1), ldsx, movsx */
	u8 size;		/* bytes accessed by memory ops and ld_abs/ind; else 0 */
	u8 width;		/* operand width: 32 (ALU, JMP32) or 64 */
	u8 slots;		/* 2 for ld_imm64, else 1 */
	s32 jmp_off;		/* JA/JMP_COND/MAY_GOTO/CALL_PSEUDO: target idx + 1 + jmp_off */
	enum insn_kind kind;
};

/* The phases at which the kernel rejects a malformed instruction. */
enum insn_phase {
	/* resolve_pseudo_ldimm64(): every slot of the program, in order. The kernel runs it after
	 * its subprogram checks (check_subprogs: "jump out of range", "last insn is not an exit
	 * or jmp") and before check_cfg ("unreachable insn", "jump into the middle of ldimm64") */
	INSN_PHASE_LOAD,
	/* do_check_insn() and its helpers: only when the path search reaches the insn */
	INSN_PHASE_VERIFY,
};

/* Decoding */

/* True when @insn is the first slot of a 16-byte load (code == BPF_LD | BPF_IMM | BPF_DW). */
bool insn_is_ldimm64(const struct bpf_insn *insn);

/* True when @code is in the kernel's table of opcodes a program may contain
 * (bpf_opcode_in_insntable(): core.c BPF_INSN_MAP plus LD_ABS/IND and may_goto). */
bool insn_opcode_valid(u8 code);

/* The access size in bytes of BPF_SIZE(@code): 1, 2, 4 or 8. */
u8 insn_size_bytes(u8 code);

/* Fills @out from insns[@idx] of a program of @cnt slots. Any encoding decodes (unknown opcodes
 * give INSN_INVALID); returns -EINVAL only when @idx >= @cnt or a ld_imm64 lacks its second
 * slot. */
int insn_decode(const struct bpf_insn *insns, u32 cnt, u32 idx, struct insn *out);

/* Validation */

/* The checks of one @phase for insns[@idx]: 0, or -EINVAL with the kernel's message in @msg
 * (e.g. "unknown opcode 8d", "BPF_ALU uses reserved fields", "R11 is invalid", "div by zero").
 * LOAD: "BPF_LDX uses reserved fields", "invalid bpf_ld_imm64 insn", "unrecognized bpf_ld_imm64
 * insn", "direct value offset of %u is not allowed", "unknown opcode %02x". For a ld_imm64 @idx
 * must be its first slot; the caller skips the second, as the kernel does.
 * VERIFY: the class switch of do_check_insn() with check_alu_op, check_atomic, check_ld_imm,
 * check_ld_abs, check_cond_jmp_op: reserved fields, then register numbers ("R%d is invalid") in
 * the order the kernel reads them, then "div by zero" / "invalid shift %d". Checks that need the
 * abstract state or program context ("R%d !read_ok", writes to r10, program type, maps, BTF) are
 * not here; where the kernel runs one of those first, its message would precede ours. */
int insn_check_phase(const struct bpf_insn *insns, u32 cnt, u32 idx, enum insn_phase phase,
		     char *msg, size_t msgsz);

/* Both phases for insns[@idx] (LOAD first): what the kernel says about this instruction alone
 * when it reaches it. Same return and @msg convention as insn_check_phase(). */
int insn_check(const struct bpf_insn *insns, u32 cnt, u32 idx, char *msg, size_t msgsz);

/* The LOAD phase over a whole program as the kernel walks it (a ld_imm64's second slot is
 * skipped): 0, or -EINVAL with the first offending slot in @bad_idx and the message in @msg. */
int insn_check_program(const struct bpf_insn *insns, u32 cnt, u32 *bad_idx, char *msg,
		       size_t msgsz);

#endif
