/* The disassembler. It reproduces the text of kernel/bpf/disasm.c's print_bpf_insn() as the
 * 6.18 verifier calls it (verbose_insn(): kfunc names from BTF, no immediate callback, root's
 * view of pointers), including its output for encodings the verifier rejects right after
 * printing them: "(null)" where the kernel's tables have holes (vsnprintf prints a NULL %s that
 * way), "BUG_..." for memory modes it has no syntax for.
 *
 * Only the text after the verifier's "N: " prefix is ours; the log's "; state" suffix and its
 * padding belong to the report stage.
 */
#include <stdarg.h>
#include <string.h>

#include "isa/disasm.h"
#include "isa/helpers.h"
#include "isa/insn.h"

/* A NULL entry prints as the kernel's vsnprintf prints a NULL string */
#define KERNEL_NULL_STR "(null)"

static const char *const alu_str[16] = {
	[BPF_ADD >> 4] = "+=",	 [BPF_SUB >> 4] = "-=",	 [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",	 [BPF_OR >> 4] = "|=",	 [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	 [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=",	 [BPF_XOR >> 4] = "^=",	 [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

/* off == 1 turns div and mod signed */
static const char *const alu_signed_str[16] = {
	[BPF_DIV >> 4] = "s/=",
	[BPF_MOD >> 4] = "s%=",
};

static const char *const atomic_alu_str[16] = {
	[BPF_ADD >> 4] = "add",
	[BPF_AND >> 4] = "and",
	[BPF_OR >> 4] = "or",
	[BPF_XOR >> 4] = "xor",
};

static const char *const size_str[4] = {
	[BPF_W >> 3] = "u32",
	[BPF_H >> 3] = "u16",
	[BPF_B >> 3] = "u8",
	[BPF_DW >> 3] = "u64",
};

static const char *const size_sx_str[4] = {
	[BPF_W >> 3] = "s32",
	[BPF_H >> 3] = "s16",
	[BPF_B >> 3] = "s8",
};

static const char *const jmp_str[16] = {
	[BPF_JA >> 4] = "jmp",	 [BPF_JEQ >> 4] = "==",	 [BPF_JGT >> 4] = ">",
	[BPF_JLT >> 4] = "<",	 [BPF_JGE >> 4] = ">=",	 [BPF_JLE >> 4] = "<=",
	[BPF_JSET >> 4] = "&",	 [BPF_JNE >> 4] = "!=",	 [BPF_JSGT >> 4] = "s>",
	[BPF_JSLT >> 4] = "s<",	 [BPF_JSGE >> 4] = "s>=", [BPF_JSLE >> 4] = "s<=",
	[BPF_CALL >> 4] = "call", [BPF_EXIT >> 4] = "exit",
};

static const char *str_or_null(const char *s)
{
	return s ? s : KERNEL_NULL_STR;
}

static __printf(3, 4) void put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

static const char *size_name(u8 code)
{
	return size_str[BPF_SIZE(code) >> 3];
}

static void print_alu(char *buf, size_t size, const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_ALU ? 'w' : 'r';
	const char *opstr, *sx = "";

	if (op == BPF_END) {
		/* ALU64 | END is an unconditional swap; the ALU form names its target order and
		 * always prints 64-bit register names */
		if (cls == BPF_ALU64)
			put(buf, size, "(%02x) r%d = bswap%d r%d", in->code, in->dst_reg, in->imm,
			    in->dst_reg);
		else
			put(buf, size, "(%02x) r%d = %s%d r%d", in->code, in->dst_reg,
			    BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
		return;
	}
	if (op == BPF_NEG) {
		put(buf, size, "(%02x) %c%d = -%c%d", in->code, r, in->dst_reg, r, in->dst_reg);
		return;
	}
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == BPF_ADDR_SPACE_CAST) {
		put(buf, size, "(%02x) r%d = addr_space_cast(r%d, %u, %u)", in->code, in->dst_reg,
		    in->src_reg, (u32)in->imm >> 16, (u16)in->imm);
		return;
	}
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == INSN_OFF_ADDR_PERCPU) {
		put(buf, size, "(%02x) r%d = &(void __percpu *)(r%d)", in->code, in->dst_reg,
		    in->src_reg);
		return;
	}

	opstr = alu_str[op >> 4];
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		opstr = alu_signed_str[op >> 4];
	if (BPF_SRC(in->code) == BPF_X) {
		if (op == BPF_MOV && in->off == 8)
			sx = "(s8)";
		else if (op == BPF_MOV && in->off == 16)
			sx = "(s16)";
		else if (op == BPF_MOV && in->off == 32)
			sx = "(s32)";
		put(buf, size, "(%02x) %c%d %s %s%c%d", in->code, r, in->dst_reg, str_or_null(opstr),
		    sx, r, in->src_reg);
	} else {
		put(buf, size, "(%02x) %c%d %s %d", in->code, r, in->dst_reg, str_or_null(opstr),
		    in->imm);
	}
}

static void print_atomic(char *buf, size_t size, const struct bpf_insn *in)
{
	const char *w64 = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	s32 imm = in->imm;

	switch (imm) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		put(buf, size, "(%02x) lock *(%s *)(r%d %+d) %s r%d", in->code, size_name(in->code),
		    in->dst_reg, in->off, alu_str[BPF_OP(imm) >> 4], in->src_reg);
		break;
	case BPF_ADD | BPF_FETCH:
	case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR | BPF_FETCH:
		put(buf, size, "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->code,
		    in->src_reg, w64, atomic_alu_str[BPF_OP(imm) >> 4], size_name(in->code),
		    in->dst_reg, in->off, in->src_reg);
		break;
	case BPF_CMPXCHG:
		put(buf, size, "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", in->code,
		    w64, size_name(in->code), in->dst_reg, in->off, in->src_reg);
		break;
	case BPF_XCHG:
		put(buf, size, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->code,
		    in->src_reg, w64, size_name(in->code), in->dst_reg, in->off, in->src_reg);
		break;
	case BPF_LOAD_ACQ:
		put(buf, size, "(%02x) r%d = load_acquire((%s *)(r%d %+d))", in->code, in->dst_reg,
		    size_name(in->code), in->src_reg, in->off);
		break;
	case BPF_STORE_REL:
		put(buf, size, "(%02x) store_release((%s *)(r%d %+d), r%d)", in->code,
		    size_name(in->code), in->dst_reg, in->off, in->src_reg);
		break;
	default:
		put(buf, size, "BUG_%02x", in->code);
	}
}

static void print_mem(char *buf, size_t size, const struct bpf_insn *in)
{
	u8 mode = BPF_MODE(in->code);

	switch (BPF_CLASS(in->code)) {
	case BPF_STX:
		if (mode == BPF_MEM)
			put(buf, size, "(%02x) *(%s *)(r%d %+d) = r%d", in->code, size_name(in->code),
			    in->dst_reg, in->off, in->src_reg);
		else if (mode == BPF_ATOMIC)
			print_atomic(buf, size, in);
		else
			put(buf, size, "BUG_%02x", in->code);
		break;
	case BPF_ST:
		if (mode == BPF_MEM)
			put(buf, size, "(%02x) *(%s *)(r%d %+d) = %d", in->code, size_name(in->code),
			    in->dst_reg, in->off, in->imm);
		else if (mode == INSN_MODE_NOSPEC)
			put(buf, size, "(%02x) nospec", in->code);
		else
			put(buf, size, "BUG_st_%02x", in->code);
		break;
	default: /* BPF_LDX */
		if (mode == BPF_MEM)
			put(buf, size, "(%02x) r%d = *(%s *)(r%d %+d)", in->code, in->dst_reg,
			    size_name(in->code), in->src_reg, in->off);
		else if (mode == BPF_MEMSX)
			put(buf, size, "(%02x) r%d = *(%s *)(r%d %+d)", in->code, in->dst_reg,
			    str_or_null(size_sx_str[BPF_SIZE(in->code) >> 3]), in->src_reg, in->off);
		else
			put(buf, size, "BUG_ldx_%02x", in->code);
	}
}

static void print_ld(char *buf, size_t size, const struct bpf_insn *in,
		     const struct disasm_cbs *cbs)
{
	u8 mode = BPF_MODE(in->code);
	const char *text = NULL;
	u64 imm;

	if (mode == BPF_ABS) {
		put(buf, size, "(%02x) r0 = *(%s *)skb[%d]", in->code, size_name(in->code), in->imm);
	} else if (mode == BPF_IND) {
		put(buf, size, "(%02x) r0 = *(%s *)skb[r%d + %d]", in->code, size_name(in->code),
		    in->src_reg, in->imm);
	} else if (insn_is_ldimm64(in)) {
		imm = (u64)(u32)in[1].imm << 32 | (u32)in->imm;
		if (cbs && cbs->ldimm64_text)
			text = cbs->ldimm64_text(cbs->ctx, in, imm);
		if (text)
			put(buf, size, "(%02x) r%d = %s", in->code, in->dst_reg, text);
		else
			put(buf, size, "(%02x) r%d = 0x%llx", in->code, in->dst_reg,
			    (unsigned long long)imm);
	} else {
		put(buf, size, "BUG_ld_%02x", in->code);
	}
}

/* __func_get_name() with the verifier's callback: helpers by id (only for src_reg 0), kfuncs by
 * BTF, then "%+d" for pseudo calls, "kernel-function" for kfuncs, "unknown" for the rest */
static void print_call(char *buf, size_t size, const struct bpf_insn *in,
		       const struct disasm_cbs *cbs)
{
	const char *name = NULL;

	if (in->src_reg == 0 && in->imm >= 0)
		name = helper_name(in->imm);
	if (!name && in->src_reg == BPF_PSEUDO_KFUNC_CALL && cbs && cbs->kfunc_name)
		name = cbs->kfunc_name(cbs->ctx, in);

	if (in->src_reg == BPF_PSEUDO_CALL) {
		put(buf, size, "(%02x) call pc%+d", in->code, in->imm);
		return;
	}
	if (!name)
		name = in->src_reg == BPF_PSEUDO_KFUNC_CALL ? "kernel-function" : "unknown";
	put(buf, size, "(%02x) call %s#%d", in->code, name, in->imm);
}

static void print_jmp(char *buf, size_t size, const struct bpf_insn *in,
		      const struct disasm_cbs *cbs)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_JMP32 ? 'w' : 'r';

	if (op == BPF_CALL)
		print_call(buf, size, in, cbs);
	else if (in->code == (BPF_JMP | BPF_JA))
		put(buf, size, "(%02x) goto pc%+d", in->code, in->off);
	else if (in->code == (BPF_JMP | BPF_JCOND) && in->src_reg == BPF_MAY_GOTO)
		put(buf, size, "(%02x) may_goto pc%+d", in->code, in->off);
	else if (in->code == (BPF_JMP32 | BPF_JA))
		put(buf, size, "(%02x) gotol pc%+d", in->code, in->imm);
	else if (in->code == (BPF_JMP | BPF_EXIT))
		put(buf, size, "(%02x) exit", in->code);
	else if (BPF_SRC(in->code) == BPF_X)
		put(buf, size, "(%02x) if %c%d %s %c%d goto pc%+d", in->code, r, in->dst_reg,
		    str_or_null(jmp_str[op >> 4]), r, in->src_reg, in->off);
	else
		put(buf, size, "(%02x) if %c%d %s 0x%x goto pc%+d", in->code, r, in->dst_reg,
		    str_or_null(jmp_str[op >> 4]), (u32)in->imm, in->off);
}

int disasm_insn(char *buf, size_t size, const struct bpf_insn *insns, u32 cnt, u32 idx,
		const struct disasm_cbs *cbs)
{
	const struct bpf_insn *in;

	if (size)
		buf[0] = '\0';
	if (idx >= cnt)
		return -EINVAL;
	in = &insns[idx];
	if (insn_is_ldimm64(in) && idx + 1 >= cnt)
		return -EINVAL;

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(buf, size, in);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		print_jmp(buf, size, in, cbs);
		break;
	case BPF_LD:
		print_ld(buf, size, in, cbs);
		break;
	default:
		print_mem(buf, size, in);
	}
	return insn_is_ldimm64(in) ? 2 : 1;
}
