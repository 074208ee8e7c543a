/* Decoding and decode-time validation of eBPF instructions, following Linux 6.18.
 *
 * The kernel rejects a malformed instruction in two places, and we keep them apart because the
 * order of messages depends on it:
 *  - resolve_pseudo_ldimm64() walks every slot before anything else: LDX reserved fields, the
 *    shape of each ld_imm64 and its pseudo source, then bpf_opcode_in_insntable() ("unknown
 *    opcode"). A failure there means the log shows no instruction at all.
 *  - do_check_insn() checks the operand fields of an instruction only when the path search
 *    reaches it, after printing it: "BPF_ALU uses reserved fields", "R11 is invalid", ...
 * The messages are the kernel's, byte for byte; the conditions are re-derived from verifier.c
 * (check_alu_op, check_atomic, check_load_mem, check_store_reg, check_ld_imm, check_ld_abs,
 * check_cond_jmp_op) and core.c (BPF_INSN_MAP). Register numbers are checked in the order the
 * kernel reads them (check_reg_arg), with the state-dependent checks in between left out.
 */
#include <stdarg.h>
#include <string.h>

#include "isa/insn.h"

/* BPF_MAX_VAR_OFF of the kernel: the largest offset into a map value a ld_imm64 may name */
#define INSN_MAX_VAR_OFF	(1u << 29)

#define OPC(cls, op, src)	[BPF_##cls | BPF_##op | BPF_##src] = true
#define ALU_OPS(cls, src)                                                                        \
	OPC(cls, ADD, src), OPC(cls, SUB, src), OPC(cls, AND, src), OPC(cls, OR, src),           \
	OPC(cls, LSH, src), OPC(cls, RSH, src), OPC(cls, XOR, src), OPC(cls, MUL, src),          \
	OPC(cls, MOV, src), OPC(cls, ARSH, src), OPC(cls, DIV, src), OPC(cls, MOD, src)
#define JMP_OPS(cls, src)                                                                        \
	OPC(cls, JEQ, src), OPC(cls, JNE, src), OPC(cls, JGT, src), OPC(cls, JLT, src),          \
	OPC(cls, JGE, src), OPC(cls, JLE, src), OPC(cls, JSGT, src), OPC(cls, JSLT, src),        \
	OPC(cls, JSGE, src), OPC(cls, JSLE, src), OPC(cls, JSET, src)
#define MEM_SIZES(cls, mode)                                                                     \
	OPC(cls, mode, B), OPC(cls, mode, H), OPC(cls, mode, W), OPC(cls, mode, DW)

/* The opcodes a loaded program may contain: core.c's BPF_INSN_MAP (6.18) plus the cBPF
 * carry-overs LD_ABS/LD_IND and may_goto, which the kernel adds to the same table. */
static const bool opcode_table[256] = {
	ALU_OPS(ALU, X), ALU_OPS(ALU, K), ALU_OPS(ALU64, X), ALU_OPS(ALU64, K),
	[BPF_ALU | BPF_NEG] = true,
	[BPF_ALU | BPF_END | BPF_TO_BE] = true,
	[BPF_ALU | BPF_END | BPF_TO_LE] = true,
	[BPF_ALU64 | BPF_NEG] = true,
	[BPF_ALU64 | BPF_END | BPF_TO_LE] = true,
	[BPF_JMP | BPF_CALL] = true,
	[BPF_JMP | BPF_EXIT] = true,
	JMP_OPS(JMP32, X), JMP_OPS(JMP32, K), JMP_OPS(JMP, X), JMP_OPS(JMP, K),
	[BPF_JMP | BPF_JA] = true,
	[BPF_JMP32 | BPF_JA] = true,
	MEM_SIZES(STX, ATOMIC),
	MEM_SIZES(STX, MEM),
	MEM_SIZES(ST, MEM),
	MEM_SIZES(LDX, MEM),
	OPC(LDX, MEMSX, B), OPC(LDX, MEMSX, H), OPC(LDX, MEMSX, W),
	OPC(LD, IMM, DW),
	OPC(LD, ABS, B), OPC(LD, ABS, H), OPC(LD, ABS, W),
	OPC(LD, IND, B), OPC(LD, IND, H), OPC(LD, IND, W),
	[BPF_JMP | BPF_JCOND] = true,
};

#undef MEM_SIZES
#undef JMP_OPS
#undef ALU_OPS
#undef OPC

bool insn_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

bool insn_opcode_valid(u8 code)
{
	return opcode_table[code];
}

u8 insn_size_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

static enum insn_kind decode_alu(struct insn *out)
{
	switch (out->op) {
	case BPF_END:
		out->src_is_reg = false;
		out->to_be = BPF_SRC(out->code) == BPF_TO_BE;
		return out->cls == BPF_ALU64 ? INSN_BSWAP : INSN_END;
	case BPF_NEG:
		return INSN_NEG;
	case BPF_MOV:
		if (!out->src_is_reg)
			return INSN_MOV;
		if (out->cls == BPF_ALU64 && out->off == BPF_ADDR_SPACE_CAST)
			return INSN_ADDR_SPACE_CAST;
		if (out->off == 8 || out->off == 16 || out->off == 32) {
			out->is_signed = true;
			return INSN_MOVSX;
		}
		return INSN_MOV;
	case BPF_DIV:
	case BPF_MOD:
		out->is_signed = out->off == 1;
		return INSN_ALU;
	default:
		return INSN_ALU;
	}
}

static enum insn_kind decode_jmp(struct insn *out)
{
	switch (out->op) {
	case BPF_CALL:
		out->src_is_reg = false;
		if (out->src == BPF_PSEUDO_CALL) {
			out->jmp_off = out->imm;
			return INSN_CALL_PSEUDO;
		}
		return out->src == BPF_PSEUDO_KFUNC_CALL ? INSN_CALL_KFUNC : INSN_CALL;
	case BPF_EXIT:
		return INSN_EXIT;
	case BPF_JA:
		/* gotol (JMP32 | JA) carries its 32-bit offset in imm */
		out->jmp_off = out->cls == BPF_JMP32 ? out->imm : out->off;
		return INSN_JA;
	case BPF_JCOND:
		out->jmp_off = out->off;
		return INSN_MAY_GOTO;
	default:
		out->jmp_off = out->off;
		return INSN_JMP_COND;
	}
}

int insn_decode(const struct bpf_insn *insns, u32 cnt, u32 idx, struct insn *out)
{
	const struct bpf_insn *in;
	enum insn_kind kind = INSN_INVALID;

	if (idx >= cnt)
		return -EINVAL;
	in = &insns[idx];
	if (insn_is_ldimm64(in) && idx + 1 >= cnt)
		return -EINVAL;

	memset(out, 0, sizeof(*out));
	out->code = in->code;
	out->dst = in->dst_reg;
	out->src = in->src_reg;
	out->off = in->off;
	out->imm = in->imm;
	out->imm64 = (u64)(s64)in->imm;
	out->cls = BPF_CLASS(in->code);
	out->width = 64;
	out->slots = 1;

	switch (out->cls) {
	case BPF_ALU:
	case BPF_ALU64:
		out->op = BPF_OP(in->code);
		out->src_is_reg = BPF_SRC(in->code) == BPF_X;
		out->width = out->cls == BPF_ALU ? 32 : 64;
		kind = decode_alu(out);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		out->op = BPF_OP(in->code);
		out->src_is_reg = BPF_SRC(in->code) == BPF_X;
		out->width = out->cls == BPF_JMP32 ? 32 : 64;
		kind = decode_jmp(out);
		break;
	case BPF_LDX:
		out->op = BPF_MODE(in->code);
		out->size = insn_size_bytes(in->code);
		if (out->op == BPF_MEMSX) {
			out->is_signed = true;
			kind = INSN_LDSX;
		} else if (out->op == BPF_MEM) {
			kind = INSN_LDX;
		}
		break;
	case BPF_ST:
		out->op = BPF_MODE(in->code);
		out->size = insn_size_bytes(in->code);
		if (out->op == BPF_MEM)
			kind = INSN_ST;
		else if (out->op == INSN_MODE_NOSPEC)
			kind = INSN_NOSPEC;
		break;
	case BPF_STX:
		out->op = BPF_MODE(in->code);
		out->size = insn_size_bytes(in->code);
		if (out->op == BPF_MEM)
			kind = INSN_STX;
		else if (out->op == BPF_ATOMIC)
			kind = INSN_ATOMIC;
		break;
	case BPF_LD:
		out->op = BPF_MODE(in->code);
		if (insn_is_ldimm64(in)) {
			out->slots = 2;
			out->imm64 = (u64)(u32)in[1].imm << 32 | (u32)in->imm;
			kind = INSN_LD_IMM64;
		} else if (out->op == BPF_ABS || out->op == BPF_IND) {
			out->size = insn_size_bytes(in->code);
			kind = out->op == BPF_ABS ? INSN_LD_ABS : INSN_LD_IND;
		}
		break;
	}
	/* the kernel-internal barrier is the only kind outside the load table */
	if (kind != INSN_NOSPEC && !insn_opcode_valid(in->code))
		kind = INSN_INVALID;
	out->kind = kind;
	return 0;
}

/* Validation */

static __printf(3, 4) int fail(char *msg, size_t msgsz, const char *fmt, ...)
{
	va_list ap;

	if (msg && msgsz) {
		va_start(ap, fmt);
		vsnprintf(msg, msgsz, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* check_reg_arg()'s first test, the only one that does not need the abstract state */
static int check_regno(u8 regno, char *msg, size_t msgsz)
{
	if (regno >= MAX_BPF_REG)
		return fail(msg, msgsz, "R%d is invalid", regno);
	return 0;
}

/* resolve_pseudo_ldimm64(): the checks made on every slot before the CFG exists. The map fd
 * lookups between them are the loader's business; a BTF_ID source needs the kernel's BTF. */
static int check_load_phase(const struct bpf_insn *insns, u32 cnt, u32 idx, char *msg,
			    size_t msgsz)
{
	const struct bpf_insn *in = &insns[idx];
	u8 mode = BPF_MODE(in->code);

	if (BPF_CLASS(in->code) == BPF_LDX &&
	    ((mode != BPF_MEM && mode != BPF_MEMSX) || in->imm != 0))
		return fail(msg, msgsz, "BPF_LDX uses reserved fields");

	if (insn_is_ldimm64(in)) {
		if (idx + 1 >= cnt || in[1].code != 0 || in[1].dst_reg != 0 || in[1].src_reg != 0 ||
		    in[1].off != 0)
			return fail(msg, msgsz, "invalid bpf_ld_imm64 insn");

		switch (in->src_reg) {
		case 0:
		case BPF_PSEUDO_BTF_ID:
		case BPF_PSEUDO_FUNC:
			return 0;
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			/* checked once the map is resolved; u32 as the kernel prints it */
			if ((u32)in[1].imm >= INSN_MAX_VAR_OFF)
				return fail(msg, msgsz, "direct value offset of %u is not allowed",
					    (u32)in[1].imm);
			return 0;
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_IDX:
			if (in[1].imm == 0)
				return 0;
			break;
		}
		return fail(msg, msgsz, "unrecognized bpf_ld_imm64 insn");
	}

	if (!insn_opcode_valid(in->code))
		return fail(msg, msgsz, "unknown opcode %02x", in->code);
	return 0;
}

/* check_alu_op(): reserved fields first, then the registers, then the constant operands */
static int check_alu(const struct bpf_insn *in, char *msg, size_t msgsz)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;
	int err;

	if (op == BPF_NEG) {
		if (x || in->src_reg != 0 || in->off != 0 || in->imm != 0)
			return fail(msg, msgsz, "BPF_NEG uses reserved fields");
		return check_regno(in->dst_reg, msg, msgsz);
	}
	if (op == BPF_END) {
		/* ALU64 | END is bswap, which has no big-endian variant */
		if (in->src_reg != 0 || in->off != 0 ||
		    (in->imm != 16 && in->imm != 32 && in->imm != 64) ||
		    (cls == BPF_ALU64 && BPF_SRC(in->code) != BPF_TO_LE))
			return fail(msg, msgsz, "BPF_END uses reserved fields");
		return check_regno(in->dst_reg, msg, msgsz);
	}
	if (op == BPF_MOV) {
		if (x) {
			if (cls == BPF_ALU) {
				if ((in->off != 0 && in->off != 8 && in->off != 16) || in->imm)
					return fail(msg, msgsz, "BPF_MOV uses reserved fields");
			} else if (in->off == BPF_ADDR_SPACE_CAST) {
				/* the kernel then requires an arena map: program context */
				if (in->imm != 1 && in->imm != 1 << 16)
					return fail(msg, msgsz,
						    "addr_space_cast insn can only convert between address space 1 and 0");
			} else if ((in->off != 0 && in->off != 8 && in->off != 16 && in->off != 32) ||
				   in->imm) {
				return fail(msg, msgsz, "BPF_MOV uses reserved fields");
			}
			err = check_regno(in->src_reg, msg, msgsz);
			if (err)
				return err;
		} else if (in->src_reg != 0 || in->off != 0) {
			return fail(msg, msgsz, "BPF_MOV uses reserved fields");
		}
		return check_regno(in->dst_reg, msg, msgsz);
	}
	if (op > BPF_END)
		return fail(msg, msgsz, "invalid BPF_ALU opcode %x", op);

	/* off == 1 selects sdiv/smod and is reserved for every other operation */
	if ((x ? in->imm != 0 : in->src_reg != 0) || (in->off != 0 && in->off != 1) ||
	    (in->off == 1 && op != BPF_MOD && op != BPF_DIV))
		return fail(msg, msgsz, "BPF_ALU uses reserved fields");
	if (x) {
		err = check_regno(in->src_reg, msg, msgsz);
		if (err)
			return err;
	}
	err = check_regno(in->dst_reg, msg, msgsz);
	if (err)
		return err;
	if ((op == BPF_MOD || op == BPF_DIV) && !x && in->imm == 0)
		return fail(msg, msgsz, "div by zero");
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && !x) {
		s32 bits = cls == BPF_ALU64 ? 64 : 32;

		if (in->imm < 0 || in->imm >= bits)
			return fail(msg, msgsz, "invalid shift %d", in->imm);
	}
	return 0;
}

/* check_atomic(): the operation in imm, then the operand size of read-modify-write ops */
static int check_atomic(const struct bpf_insn *in, char *msg, size_t msgsz)
{
	int err;

	switch (in->imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		if (BPF_SIZE(in->code) != BPF_W && BPF_SIZE(in->code) != BPF_DW)
			return fail(msg, msgsz, "invalid atomic operand size");
		break;
	case BPF_LOAD_ACQ:
	case BPF_STORE_REL:
		/* any size; 64-bit ones only need a 64-bit host kernel */
		break;
	default:
		return fail(msg, msgsz, "BPF_ATOMIC uses invalid atomic opcode %02x", in->imm);
	}
	/* check_atomic_rmw, check_load_mem and check_store_reg all read src first */
	err = check_regno(in->src_reg, msg, msgsz);
	return err ?: check_regno(in->dst_reg, msg, msgsz);
}

/* do_check_insn()'s BPF_JMP / BPF_JMP32 branch and check_cond_jmp_op() */
static int check_jmp(const struct bpf_insn *in, char *msg, size_t msgsz)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;
	int err;

	switch (op) {
	case BPF_CALL:
		if (x || (in->src_reg != BPF_PSEUDO_KFUNC_CALL && in->off != 0) ||
		    (in->src_reg != 0 && in->src_reg != BPF_PSEUDO_CALL &&
		     in->src_reg != BPF_PSEUDO_KFUNC_CALL) ||
		    in->dst_reg != 0 || cls == BPF_JMP32)
			return fail(msg, msgsz, "BPF_CALL uses reserved fields");
		return 0;
	case BPF_JA:
		if (x || in->src_reg != 0 || in->dst_reg != 0 || (cls == BPF_JMP && in->imm != 0) ||
		    (cls == BPF_JMP32 && in->off != 0))
			return fail(msg, msgsz, "BPF_JA uses reserved fields");
		return 0;
	case BPF_EXIT:
		if (x || in->imm != 0 || in->src_reg != 0 || in->dst_reg != 0 || cls == BPF_JMP32)
			return fail(msg, msgsz, "BPF_EXIT uses reserved fields");
		return 0;
	case BPF_JCOND:
		if (in->code != (BPF_JMP | BPF_JCOND) || in->src_reg != BPF_MAY_GOTO ||
		    in->dst_reg != 0 || in->imm != 0)
			return fail(msg, msgsz, "invalid may_goto imm %d", in->imm);
		return 0;
	}
	if (op > BPF_JCOND)
		return fail(msg, msgsz, "invalid BPF_JMP/JMP32 opcode %x", op);

	/* the comparison's left operand is read before the fields are looked at */
	err = check_regno(in->dst_reg, msg, msgsz);
	if (err)
		return err;
	if (x ? in->imm != 0 : in->src_reg != 0)
		return fail(msg, msgsz, "BPF_JMP/JMP32 uses reserved fields");
	return x ? check_regno(in->src_reg, msg, msgsz) : 0;
}

/* check_ld_abs() after its program-type test, and check_ld_imm() */
static int check_ld(const struct bpf_insn *in, char *msg, size_t msgsz)
{
	u8 mode = BPF_MODE(in->code);

	if (mode == BPF_ABS || mode == BPF_IND) {
		if (in->dst_reg != 0 || in->off != 0 || BPF_SIZE(in->code) == BPF_DW ||
		    (mode == BPF_ABS && in->src_reg != 0))
			return fail(msg, msgsz, "BPF_LD_[ABS|IND] uses reserved fields");
		/* R6 must hold the context first: abstract state */
		return mode == BPF_IND ? check_regno(in->src_reg, msg, msgsz) : 0;
	}
	if (mode != BPF_IMM)
		return fail(msg, msgsz, "invalid BPF_LD mode");
	if (BPF_SIZE(in->code) != BPF_DW)
		return fail(msg, msgsz, "invalid BPF_LD_IMM insn");
	if (in->off != 0)
		return fail(msg, msgsz, "BPF_LD_IMM64 uses reserved fields");
	return check_regno(in->dst_reg, msg, msgsz);
}

static int check_verify_phase(const struct bpf_insn *in, char *msg, size_t msgsz)
{
	u8 mode = BPF_MODE(in->code);
	int err;

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu(in, msg, msgsz);
	case BPF_LDX:
		/* reserved fields were the load phase's; check_load_mem reads src, then dst */
		err = check_regno(in->src_reg, msg, msgsz);
		return err ?: check_regno(in->dst_reg, msg, msgsz);
	case BPF_STX:
		if (mode == BPF_ATOMIC)
			return check_atomic(in, msg, msgsz);
		if (mode != BPF_MEM || in->imm != 0)
			return fail(msg, msgsz, "BPF_STX uses reserved fields");
		err = check_regno(in->src_reg, msg, msgsz);
		return err ?: check_regno(in->dst_reg, msg, msgsz);
	case BPF_ST:
		if (mode != BPF_MEM || in->src_reg != 0)
			return fail(msg, msgsz, "BPF_ST uses reserved fields");
		return check_regno(in->dst_reg, msg, msgsz);
	case BPF_JMP:
	case BPF_JMP32:
		return check_jmp(in, msg, msgsz);
	default:
		return check_ld(in, msg, msgsz);
	}
}

int insn_check_phase(const struct bpf_insn *insns, u32 cnt, u32 idx, enum insn_phase phase,
		     char *msg, size_t msgsz)
{
	if (msg && msgsz)
		msg[0] = '\0';
	if (idx >= cnt)
		return -EINVAL;
	if (phase == INSN_PHASE_LOAD)
		return check_load_phase(insns, cnt, idx, msg, msgsz);
	return check_verify_phase(&insns[idx], msg, msgsz);
}

int insn_check(const struct bpf_insn *insns, u32 cnt, u32 idx, char *msg, size_t msgsz)
{
	int err;

	err = insn_check_phase(insns, cnt, idx, INSN_PHASE_LOAD, msg, msgsz);
	return err ?: insn_check_phase(insns, cnt, idx, INSN_PHASE_VERIFY, msg, msgsz);
}

int insn_check_program(const struct bpf_insn *insns, u32 cnt, u32 *bad_idx, char *msg,
		       size_t msgsz)
{
	u32 i;
	int err;

	for (i = 0; i < cnt; i++) {
		err = insn_check_phase(insns, cnt, i, INSN_PHASE_LOAD, msg, msgsz);
		if (err) {
			if (bad_idx)
				*bad_idx = i;
			return err;
		}
		if (insn_is_ldimm64(&insns[i]))
			i++;
	}
	return 0;
}
