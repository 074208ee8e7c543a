/* The assembler of asm.h: one pass over the statements, then the label fix-ups.
 *
 * A statement is "[label:] mnemonic operands" with the operands separated by commas. (The
 * suite's own assembler splits on blanks and strips trailing commas; the suite always writes
 * the commas, and splitting on them is what lets "[%r1 + 4]" and "call local f" through.) The
 * mnemonic selects a row of asm_ops[] holding the opcode byte, the fixed fields (off 1 for
 * sdiv/smod, 8/16/32 for movsx, the END width in imm, the atomic operation in imm) and an
 * operand shape that says how each operand is read. A jump to a label is recorded with its
 * slot and patched once the whole text is read, since it may point forward.
 *
 * Encodings follow the suite's assembler where it defines one (callx keeps its register in
 * dst_reg, as LLVM does; bswap is ALU64 END) and the kernel's uapi elsewhere. Ranges are the
 * only judgement made here: any encodable instruction is produced, including the ones the
 * kernel refuses (shift by 64, r11, div by an immediate 0), because the tests of the later
 * stages need to write them.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "isa/asm.h"
#include "isa/insn.h"
#include "vec.h"

#define ASM_NAME_MAX	64	/* longest label + 1 */
#define ASM_MAX_OPS	3

/* How the operands of a mnemonic are read. */
enum asm_shape {
	ASM_ALU,	/* %dst, %src|imm */
	ASM_UNARY,	/* %dst: neg, le/be/swap/bswap */
	ASM_LDX,	/* %dst, [%src+off] */
	ASM_ST,		/* [%dst+off], imm */
	ASM_STX,	/* [%dst+off], %src: stores and atomics */
	ASM_LDDW,	/* %dst, imm64 */
	ASM_LDABS,	/* imm */
	ASM_LDIND,	/* %src, imm */
	ASM_JA,		/* target in off */
	ASM_JA32,	/* target in imm (gotol) */
	ASM_JCOND,	/* %dst, %src|imm, target */
	ASM_CALL,	/* id | helper id | local target | runtime id | %reg */
	ASM_EXIT,
};

static const u8 asm_nops[] = {
	[ASM_ALU] = 2,   [ASM_UNARY] = 1, [ASM_LDX] = 2,   [ASM_ST] = 2,    [ASM_STX] = 2,
	[ASM_LDDW] = 2,  [ASM_LDABS] = 1, [ASM_LDIND] = 2, [ASM_JA] = 1,    [ASM_JA32] = 1,
	[ASM_JCOND] = 3, [ASM_CALL] = 1,  [ASM_EXIT] = 0,
};

struct asm_op {
	const char *name;
	u8 shape;
	u8 code;
	s16 off;
	s32 imm;
};

#define ASM_ALU2(n, op, o)							\
	{ n, ASM_ALU, BPF_ALU64 | (op), o, 0 }, { n "32", ASM_ALU, BPF_ALU | (op), o, 0 }
#define ASM_END3(n, c)								\
	{ n "16", ASM_UNARY, c, 0, 16 }, { n "32", ASM_UNARY, c, 0, 32 },	\
	{ n "64", ASM_UNARY, c, 0, 64 }
#define ASM_MEM4(n, c, shape)							\
	{ n "b", shape, (c) | BPF_B, 0, 0 }, { n "h", shape, (c) | BPF_H, 0, 0 },	\
	{ n "w", shape, (c) | BPF_W, 0, 0 }, { n "dw", shape, (c) | BPF_DW, 0, 0 }
#define ASM_JMP2(n, op)								\
	{ n, ASM_JCOND, BPF_JMP | (op), 0, 0 }, { n "32", ASM_JCOND, BPF_JMP32 | (op), 0, 0 }

static const struct asm_op asm_ops[] = {
	ASM_ALU2("add", BPF_ADD, 0),
	ASM_ALU2("sub", BPF_SUB, 0),
	ASM_ALU2("mul", BPF_MUL, 0),
	ASM_ALU2("div", BPF_DIV, 0),
	ASM_ALU2("sdiv", BPF_DIV, 1),
	ASM_ALU2("or", BPF_OR, 0),
	ASM_ALU2("and", BPF_AND, 0),
	ASM_ALU2("lsh", BPF_LSH, 0),
	ASM_ALU2("rsh", BPF_RSH, 0),
	ASM_ALU2("mod", BPF_MOD, 0),
	ASM_ALU2("smod", BPF_MOD, 1),
	ASM_ALU2("xor", BPF_XOR, 0),
	ASM_ALU2("mov", BPF_MOV, 0),
	ASM_ALU2("arsh", BPF_ARSH, 0),
	/* movsx<from><to>: the source width goes in off, the class gives the result width */
	{ "movsx832", ASM_ALU, BPF_ALU | BPF_MOV, 8, 0 },
	{ "movsx1632", ASM_ALU, BPF_ALU | BPF_MOV, 16, 0 },
	{ "movsx864", ASM_ALU, BPF_ALU64 | BPF_MOV, 8, 0 },
	{ "movsx1664", ASM_ALU, BPF_ALU64 | BPF_MOV, 16, 0 },
	{ "movsx3264", ASM_ALU, BPF_ALU64 | BPF_MOV, 32, 0 },
	{ "neg", ASM_UNARY, BPF_ALU64 | BPF_NEG, 0, 0 },
	{ "neg32", ASM_UNARY, BPF_ALU | BPF_NEG, 0, 0 },
	ASM_END3("le", BPF_ALU | BPF_END | BPF_TO_LE),
	ASM_END3("be", BPF_ALU | BPF_END | BPF_TO_BE),
	/* the unconditional byte swap: ALU64 END with the "to le" bit clear */
	ASM_END3("swap", BPF_ALU64 | BPF_END),
	ASM_END3("bswap", BPF_ALU64 | BPF_END),
	ASM_MEM4("ldx", BPF_LDX | BPF_MEM, ASM_LDX),
	{ "ldxsb", ASM_LDX, BPF_LDX | BPF_MEMSX | BPF_B, 0, 0 },
	{ "ldxsh", ASM_LDX, BPF_LDX | BPF_MEMSX | BPF_H, 0, 0 },
	{ "ldxsw", ASM_LDX, BPF_LDX | BPF_MEMSX | BPF_W, 0, 0 },
	ASM_MEM4("st", BPF_ST | BPF_MEM, ASM_ST),
	ASM_MEM4("stx", BPF_STX | BPF_MEM, ASM_STX),
	ASM_MEM4("ldabs", BPF_LD | BPF_ABS, ASM_LDABS),
	ASM_MEM4("ldind", BPF_LD | BPF_IND, ASM_LDIND),
	/* binutils' names for the oldest atomic, lock add */
	{ "xaddw", ASM_STX, BPF_STX | BPF_ATOMIC | BPF_W, 0, BPF_ADD },
	{ "xadddw", ASM_STX, BPF_STX | BPF_ATOMIC | BPF_DW, 0, BPF_ADD },
	{ "lddw", ASM_LDDW, BPF_LD | BPF_IMM | BPF_DW, 0, 0 },
	{ "ja", ASM_JA, BPF_JMP | BPF_JA, 0, 0 },
	{ "ja32", ASM_JA32, BPF_JMP32 | BPF_JA, 0, 0 },
	ASM_JMP2("jeq", BPF_JEQ),
	ASM_JMP2("jgt", BPF_JGT),
	ASM_JMP2("jge", BPF_JGE),
	ASM_JMP2("jset", BPF_JSET),
	ASM_JMP2("jne", BPF_JNE),
	ASM_JMP2("jsgt", BPF_JSGT),
	ASM_JMP2("jsge", BPF_JSGE),
	ASM_JMP2("jlt", BPF_JLT),
	ASM_JMP2("jle", BPF_JLE),
	ASM_JMP2("jslt", BPF_JSLT),
	ASM_JMP2("jsle", BPF_JSLE),
	{ "call", ASM_CALL, BPF_JMP | BPF_CALL, 0, 0 },
	{ "exit", ASM_EXIT, BPF_JMP | BPF_EXIT, 0, 0 },
};

/* "lock [fetch] <op>[32] [%dst+off], %src": the atomic operation in imm. */
static const struct {
	const char *name;
	s32 imm;
	bool fetch_only;	/* xchg and cmpxchg always return the old value */
} asm_lock_ops[] = {
	{ "add", BPF_ADD, false },
	{ "and", BPF_AND, false },
	{ "or", BPF_OR, false },
	{ "xor", BPF_XOR, false },
	{ "xchg", BPF_XCHG, true },
	{ "cmpxchg", BPF_CMPXCHG, true },
};

struct asm_label {
	char name[ASM_NAME_MAX];
	u32 slot;
	u32 line;
};

/* A jump or local call whose target is a label: patched by asm_resolve(). */
struct asm_fixup {
	char name[ASM_NAME_MAX];
	u32 slot;
	u32 line;
	bool in_imm;		/* ja32 and call local: the target goes in imm, else in off */
};

struct asm_ctx {
	struct bpf_insn *insns;
	u32 cnt, cap;
	struct asm_label *labels;
	u32 nlabels, lcap;
	struct asm_fixup *fixups;
	u32 nfixups, fcap;
	s64 first_exit;		/* slot of the first exit, -1 before one is seen */
	u32 line;		/* 1-based line of @text being read; 0 for whole-text errors */
	char *err;
	size_t errsz;
};

/* Writes "line N: <message>" into the caller's buffer; returns -EINVAL for tail calls. */
static int __printf(2, 3) asm_err(struct asm_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!c->err || !c->errsz)
		return -EINVAL;
	if (c->line)
		n = snprintf(c->err, c->errsz, "line %u: ", c->line);
	if (n >= 0 && (size_t)n < c->errsz) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errsz - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int asm_nomem(struct asm_ctx *c)
{
	if (c->err && c->errsz)
		snprintf(c->err, c->errsz, "out of memory");
	return -ENOMEM;
}

static char *asm_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	return s;
}

static bool asm_is_ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.';
}

/* Label names: a letter, '_' or '.' first, so that numbers stay jump offsets. */
static bool asm_is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_' && *s != '.')
		return false;
	while (*s && asm_is_ident_char(*s))
		s++;
	return !*s;
}

/* Operands */

/* Reads all of @s as [+-](0x<hex>|<decimal>): sign in @neg, base in @hex, magnitude in @mag.
 * -ERANGE when the magnitude needs more than 64 bits, -EINVAL when @s is not a number. */
static int asm_number(const char *s, bool *neg, bool *hex, u64 *mag)
{
	bool overflow = false;
	u64 v = 0, base;
	int digits = 0;

	*neg = false;
	if (*s == '+' || *s == '-')
		*neg = *s++ == '-';
	*hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (*hex)
		s += 2;
	base = *hex ? 16 : 10;
	for (; *s; s++, digits++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (*hex && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	*mag = v;
	return overflow ? -ERANGE : 0;
}

/* Whether a number fits @bits the way the suite reads it (negative/invalid_imm32_*): a decimal
 * is a signed value, a hex number may also be the unsigned bit pattern (0xffffffff is -1 in 32
 * bits). 64-bit decimals may use the whole unsigned range: there is nothing wider to confuse
 * them with. */
static bool asm_fits(bool neg, bool hex, u64 mag, unsigned int bits)
{
	u64 smax = bits == 64 ? INT64_MAX : (1ULL << (bits - 1)) - 1;
	u64 umax = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;

	if (neg)
		return mag <= smax + 1;
	return mag <= (hex || bits == 64 ? umax : smax);
}

/* Reads @s as a @bits-wide number (@what names it in messages); *@val is its two's-complement
 * bit pattern, so callers truncate to the field. */
static int asm_imm(struct asm_ctx *c, const char *s, unsigned int bits, const char *what,
		   u64 *val)
{
	bool neg, hex;
	u64 mag;
	int err;

	err = asm_number(s, &neg, &hex, &mag);
	if (err == -EINVAL)
		return asm_err(c, "invalid %s '%s'", what, s);
	if (err || !asm_fits(neg, hex, mag, bits))
		return asm_err(c, "%s '%s' out of range for %u bits", what, s, bits);
	*val = neg ? 0 - mag : mag;
	return 0;
}

static int asm_imm32(struct asm_ctx *c, const char *s, s32 *imm)
{
	u64 v;
	int err = asm_imm(c, s, 32, "immediate", &v);

	if (!err)
		*imm = (s32)(u32)v;
	return err;
}

static bool asm_looks_like_reg(const char *s)
{
	return *s == '%' || (s[0] == 'r' && isdigit((unsigned char)s[1]));
}

/* %r0..%r15 (or r0..r15): r11..r15 do not exist but encode, for tests of their rejection. */
static int asm_reg(struct asm_ctx *c, const char *s, u8 *reg)
{
	const char *p = s + (*s == '%');
	unsigned int v = 0;

	if (*p++ != 'r' || !isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (*p - '0');
		if (v > 15)
			goto bad;
	}
	if (*p)
		goto bad;
	*reg = v;
	return 0;
bad:
	return asm_err(c, "invalid register '%s'", s);
}

/* "[%reg]", "[%reg+off]", "[%reg-off]" (blanks allowed inside the brackets). */
static int asm_mem(struct asm_ctx *c, const char *s, u8 *reg, s16 *off)
{
	char inner[ASM_NAME_MAX], num[ASM_NAME_MAX], *sign, *r;
	size_t n = strlen(s);
	u64 v = 0;
	int err;

	if (n < 2 || s[0] != '[' || s[n - 1] != ']')
		return asm_err(c, "expected a memory operand '[%%rN+off]', got '%s'", s);
	if (n - 2 >= sizeof(inner))
		return asm_err(c, "invalid memory operand '%s'", s);
	memcpy(inner, s + 1, n - 2);
	inner[n - 2] = 0;
	sign = strpbrk(inner, "+-");
	if (sign) {
		char *digits = asm_trim(sign + 1);

		snprintf(num, sizeof(num), "%c%s", *sign, digits);
		*sign = 0;
	}
	r = asm_trim(inner);
	err = asm_reg(c, r, reg);
	if (!err && sign)
		err = asm_imm(c, num, 16, "offset", &v);
	if (!err)
		*off = (s16)(u16)v;
	return err;
}

/* Records that slot @c->cnt jumps to label @name. */
static int asm_add_fixup(struct asm_ctx *c, const char *name, bool in_imm)
{
	struct asm_fixup *f;

	if (strlen(name) >= ASM_NAME_MAX)
		return asm_err(c, "label '%s' too long", name);
	if (vec_grow(&c->fixups, &c->fcap, c->nfixups + 1))
		return asm_nomem(c);
	f = &c->fixups[c->nfixups++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->slot = c->cnt;
	f->line = c->line;
	f->in_imm = in_imm;
	return 0;
}

/* A jump target: "+N"/"-N" (or a bare number) relative to the next slot, or a label, which
 * leaves 0 in @rel until asm_resolve(). @bits: 16 for off, 32 for imm. */
static int asm_target(struct asm_ctx *c, const char *s, unsigned int bits, s32 *rel)
{
	u64 v;
	int err;

	*rel = 0;
	if (*s == '+' || *s == '-' || isdigit((unsigned char)*s)) {
		err = asm_imm(c, s, bits, "jump offset", &v);
		if (!err)
			*rel = bits == 16 ? (s16)(u16)v : (s32)(u32)v;
		return err;
	}
	if (!asm_is_ident(s))
		return asm_err(c, "invalid jump target '%s'", s);
	return asm_add_fixup(c, s, bits == 32);
}

static int asm_define_label(struct asm_ctx *c, const char *name)
{
	struct asm_label *l;
	u32 i;

	if (strlen(name) >= ASM_NAME_MAX)
		return asm_err(c, "label '%s' too long", name);
	for (i = 0; i < c->nlabels; i++)
		if (!strcmp(c->labels[i].name, name))
			return asm_err(c, "duplicate label '%s' (first defined on line %u)", name,
				       c->labels[i].line);
	if (vec_grow(&c->labels, &c->lcap, c->nlabels + 1))
		return asm_nomem(c);
	l = &c->labels[c->nlabels++];
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->slot = c->cnt;
	l->line = c->line;
	return 0;
}

/* An instruction being encoded: struct bpf_insn's registers are bit-fields, which cannot be
 * filled through pointers. */
struct asm_insn {
	u8 code, dst, src;
	s16 off;
	s32 imm;
};

static int asm_emit(struct asm_ctx *c, const struct asm_insn *in)
{
	struct bpf_insn *insn;

	if (vec_grow(&c->insns, &c->cap, c->cnt + 1))
		return asm_nomem(c);
	insn = &c->insns[c->cnt++];
	insn->code = in->code;
	insn->dst_reg = in->dst;
	insn->src_reg = in->src;
	insn->off = in->off;
	insn->imm = in->imm;
	return 0;
}

/* Instructions */

/* "call" operands: "N" / "helper N", "local <target>", "runtime N" / "kfunc N", "%rN". */
static int asm_call(struct asm_ctx *c, char *s, struct asm_insn *in)
{
	char *arg = s, *mode = NULL;
	size_t n = strcspn(s, " \t");

	if (asm_looks_like_reg(s)) {
		/* callx: the register goes in dst_reg (LLVM, the suite's assembler) */
		in->code |= BPF_X;
		return asm_reg(c, s, &in->dst);
	}
	if (s[n]) {
		s[n] = 0;
		mode = s;
		arg = asm_trim(s + n + 1);
	}
	if (!mode || !strcmp(mode, "helper"))
		return asm_imm32(c, arg, &in->imm);
	if (!strcmp(mode, "local")) {
		in->src = BPF_PSEUDO_CALL;
		return asm_target(c, arg, 32, &in->imm);
	}
	if (!strcmp(mode, "runtime") || !strcmp(mode, "kfunc")) {
		in->src = BPF_PSEUDO_KFUNC_CALL;
		return asm_imm32(c, arg, &in->imm);
	}
	return asm_err(c, "invalid call mode '%s'", mode);
}

/* Source operand of ALU and conditional jumps: a register (BPF_X) or an immediate (BPF_K). */
static int asm_src(struct asm_ctx *c, const char *s, struct asm_insn *in)
{
	if (!asm_looks_like_reg(s))
		return asm_imm32(c, s, &in->imm);
	in->code |= BPF_X;
	return asm_reg(c, s, &in->src);
}

static int asm_encode(struct asm_ctx *c, const struct asm_op *op, char **ops)
{
	struct asm_insn in = { .code = op->code, .off = op->off, .imm = op->imm };
	struct asm_insn hi = { 0 };
	u64 v = 0;
	s32 rel = 0;
	int err = 0;

	switch (op->shape) {
	case ASM_ALU:
		err = asm_reg(c, ops[0], &in.dst) ?: asm_src(c, ops[1], &in);
		break;
	case ASM_UNARY:
		err = asm_reg(c, ops[0], &in.dst);
		break;
	case ASM_LDX:
		err = asm_reg(c, ops[0], &in.dst) ?: asm_mem(c, ops[1], &in.src, &in.off);
		break;
	case ASM_ST:
		err = asm_mem(c, ops[0], &in.dst, &in.off) ?: asm_imm32(c, ops[1], &in.imm);
		break;
	case ASM_STX:
		err = asm_mem(c, ops[0], &in.dst, &in.off) ?: asm_reg(c, ops[1], &in.src);
		break;
	case ASM_LDDW:
		err = asm_reg(c, ops[0], &in.dst) ?: asm_imm(c, ops[1], 64, "immediate", &v);
		in.imm = (s32)(u32)v;
		hi.imm = (s32)(u32)(v >> 32);
		break;
	case ASM_LDABS:
		err = asm_imm32(c, ops[0], &in.imm);
		break;
	case ASM_LDIND:
		err = asm_reg(c, ops[0], &in.src) ?: asm_imm32(c, ops[1], &in.imm);
		break;
	case ASM_JA:
		err = asm_target(c, ops[0], 16, &rel);
		in.off = rel;
		break;
	case ASM_JA32:
		err = asm_target(c, ops[0], 32, &in.imm);
		break;
	case ASM_JCOND:
		err = asm_reg(c, ops[0], &in.dst) ?: asm_src(c, ops[1], &in) ?:
		      asm_target(c, ops[2], 16, &rel);
		in.off = rel;
		break;
	case ASM_CALL:
		err = asm_call(c, ops[0], &in);
		break;
	case ASM_EXIT:
		if (c->first_exit < 0)
			c->first_exit = c->cnt;
		break;
	}
	if (err)
		return err;
	err = asm_emit(c, &in);
	if (!err && op->shape == ASM_LDDW)
		err = asm_emit(c, &hi);
	return err;
}

static const struct asm_op *asm_find_op(const char *name)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(asm_ops); i++)
		if (!strcmp(asm_ops[i].name, name))
			return &asm_ops[i];
	return NULL;
}

/* Cuts the first blank-separated word off *@s. */
static char *asm_word(char **s)
{
	char *w = *s, *end = w + strcspn(w, " \t");

	*s = end;
	if (*end) {
		*end = 0;
		*s = asm_trim(end + 1);
	}
	return w;
}

/* "lock [fetch] <op>[32] [%dst+off], %src": fills @tmp with the STX ATOMIC row. */
static int asm_lock(struct asm_ctx *c, char **rest, struct asm_op *tmp, char *name, size_t namesz)
{
	char *w = asm_word(rest);
	bool fetch = false, w32;
	size_t n;
	u32 i;

	if (!strcmp(w, "fetch")) {
		fetch = true;
		w = asm_word(rest);
	}
	if (!*w || *w == '[')
		return asm_err(c, "invalid number of operands for lock: expected an operation");
	n = strlen(w);
	w32 = n > 2 && !strcmp(w + n - 2, "32");
	snprintf(name, namesz, "lock %s%s", fetch ? "fetch " : "", w);
	for (i = 0; i < ARRAY_SIZE(asm_lock_ops); i++)
		if (strlen(asm_lock_ops[i].name) == n - (w32 ? 2 : 0) &&
		    !strncmp(asm_lock_ops[i].name, w, n - (w32 ? 2 : 0)))
			break;
	if (i == ARRAY_SIZE(asm_lock_ops))
		return asm_err(c, "unknown atomic operation '%s'", w);
	tmp->name = name;
	tmp->shape = ASM_STX;
	tmp->code = BPF_STX | BPF_ATOMIC | (w32 ? BPF_W : BPF_DW);
	tmp->off = 0;
	tmp->imm = asm_lock_ops[i].imm | (fetch && !asm_lock_ops[i].fetch_only ? BPF_FETCH : 0);
	return 0;
}

/* One statement of a line, comment already cut off. */
static int asm_statement(struct asm_ctx *c, char *s)
{
	char *ops[ASM_MAX_OPS], *p, *mnemonic, lock_name[ASM_NAME_MAX];
	const struct asm_op *op;
	struct asm_op lock_op;
	u32 nops = 0, want;
	int err;

	s = asm_trim(s);
	for (p = s; asm_is_ident_char(*p); p++)
		;
	if (*p == ':' && p > s) {
		*p = 0;
		if (!asm_is_ident(s))
			return asm_err(c, "invalid label '%s'", s);
		err = asm_define_label(c, s);
		if (err)
			return err;
		s = asm_trim(p + 1);
	}
	if (!*s)
		return 0;

	mnemonic = asm_word(&s);
	if (!strcmp(mnemonic, "lock")) {
		err = asm_lock(c, &s, &lock_op, lock_name, sizeof(lock_name));
		if (err)
			return err;
		op = &lock_op;
	} else {
		op = asm_find_op(mnemonic);
		if (!op)
			return asm_err(c, "unknown mnemonic '%s'", mnemonic);
	}

	/* all operands are counted, the first ASM_MAX_OPS kept */
	while (*s) {
		char *comma = strchr(s, ',');

		if (comma)
			*comma = 0;
		s = asm_trim(s);
		if (!*s)
			return asm_err(c, "missing operand %u of '%s'", nops + 1, op->name);
		if (nops < ASM_MAX_OPS)
			ops[nops] = s;
		nops++;
		if (!comma)
			break;
		s = comma + 1;
		if (!*asm_trim(s))
			return asm_err(c, "missing operand %u of '%s'", nops + 1, op->name);
	}
	want = asm_nops[op->shape];
	if (nops != want) {
		if (op == &lock_op)
			return asm_err(c, "invalid number of operands for lock: '%s' expects %u, "
				       "got %u", op->name, want, nops);
		return asm_err(c, "invalid number of operands: '%s' expects %u, got %u", op->name,
			       want, nops);
	}
	return asm_encode(c, op, ops);
}

/* Patches every jump to a label; the label "exit" names the first exit unless defined. */
static int asm_resolve(struct asm_ctx *c)
{
	u32 i, j;

	for (i = 0; i < c->nfixups; i++) {
		const struct asm_fixup *f = &c->fixups[i];
		struct bpf_insn *insn = &c->insns[f->slot];
		s64 target = -1, rel;

		for (j = 0; j < c->nlabels; j++)
			if (!strcmp(c->labels[j].name, f->name))
				target = c->labels[j].slot;
		if (target < 0 && !strcmp(f->name, "exit"))
			target = c->first_exit;
		c->line = f->line;
		if (target < 0)
			return asm_err(c, "undefined label '%s'", f->name);
		rel = target - f->slot - 1;
		if (f->in_imm) {
			insn->imm = (s32)rel;
		} else {
			if (rel < INT16_MIN || rel > INT16_MAX)
				return asm_err(c, "jump to '%s' out of range (%lld slots)", f->name,
					       (long long)rel);
			insn->off = (s16)rel;
		}
	}
	return 0;
}

int asm_parse(const char *text, struct bpf_insn **out, u32 *cnt, char *err, size_t errsz)
{
	struct asm_ctx c = { .first_exit = -1, .err = err, .errsz = errsz };
	char *buf, *line, *next;
	int ret = 0;

	if (err && errsz)
		err[0] = 0;
	buf = strdup(text);
	if (!buf)
		return asm_nomem(&c);
	for (line = buf; line && !ret; line = next) {
		char *stmt, *semi;

		c.line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		line[strcspn(line, "#")] = 0;
		for (stmt = line; stmt && !ret; stmt = semi) {
			semi = strchr(stmt, ';');
			if (semi)
				*semi++ = 0;
			ret = asm_statement(&c, stmt);
		}
	}
	ret = ret ?: asm_resolve(&c);
	if (!ret && !c.cnt) {
		c.line = 0;
		ret = asm_err(&c, "no instructions");
	}
	free(buf);
	free(c.labels);
	free(c.fixups);
	if (ret) {
		free(c.insns);
		return ret;
	}
	*out = c.insns;
	*cnt = c.cnt;
	return 0;
}

/* Raw encodings */

static int asm_hexval(char ch)
{
	return isdigit((unsigned char)ch) ? ch - '0' : tolower((unsigned char)ch) - 'a' + 10;
}

static int asm_raw_bytes(struct asm_ctx *c, u8 **bytes, u32 *n, u32 *cap, const u8 *add, u32 cnt)
{
	if (vec_grow(bytes, cap, *n + cnt))
		return asm_nomem(c);
	memcpy(*bytes + *n, add, cnt);
	*n += cnt;
	return 0;
}

/* One token of a raw section: "0x" + up to 16 hex digits is a whole little-endian instruction
 * word, anything else must be one byte of two hex digits. */
static int asm_raw_token(struct asm_ctx *c, const char *t, u8 **bytes, u32 *n, u32 *cap)
{
	size_t len = strlen(t), i;
	u8 b[8];
	u64 w = 0;

	if (len > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
		if (len > 18 || strspn(t + 2, "0123456789abcdefABCDEF") != len - 2)
			return asm_err(c, "invalid instruction word '%s'", t);
		if (*n % 8)
			return asm_err(c, "instruction word '%s' after %u loose bytes", t, *n % 8);
		for (i = 2; i < len; i++)
			w = w << 4 | asm_hexval(t[i]);
		for (i = 0; i < 8; i++)
			b[i] = w >> (8 * i);
		return asm_raw_bytes(c, bytes, n, cap, b, 8);
	}
	if (len != 2 || !isxdigit((unsigned char)t[0]) || !isxdigit((unsigned char)t[1]))
		return asm_err(c, "invalid raw byte '%s'", t);
	b[0] = asm_hexval(t[0]) << 4 | asm_hexval(t[1]);
	return asm_raw_bytes(c, bytes, n, cap, b, 1);
}

int asm_parse_raw(const char *text, struct bpf_insn **out, u32 *cnt, char *err, size_t errsz)
{
	struct asm_ctx c = { .err = err, .errsz = errsz };
	struct bpf_insn *insns = NULL;
	char *buf, *line, *next, *tok, *save;
	u8 *bytes = NULL;
	u32 n = 0, cap = 0, i;
	int ret = 0;

	if (err && errsz)
		err[0] = 0;
	buf = strdup(text);
	if (!buf)
		return asm_nomem(&c);
	for (line = buf; line && !ret; line = next) {
		c.line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		line[strcspn(line, "#")] = 0;
		for (tok = strtok_r(line, " \t\r,", &save); tok && !ret;
		     tok = strtok_r(NULL, " \t\r,", &save))
			ret = asm_raw_token(&c, tok, &bytes, &n, &cap);
	}
	c.line = 0;
	if (!ret && (!n || n % 8))
		ret = asm_err(&c, n ? "%u bytes are not whole instructions" : "no instructions", n);
	if (!ret) {
		insns = xcalloc(n / 8, sizeof(*insns));
		if (!insns)
			ret = asm_nomem(&c);
	}
	/* field by field, so the nibble order of dst_reg/src_reg is the wire format's */
	for (i = 0; !ret && i < n / 8; i++) {
		const u8 *b = bytes + 8 * i;

		insns[i].code = b[0];
		insns[i].dst_reg = b[1] & 0xf;
		insns[i].src_reg = b[1] >> 4;
		insns[i].off = (s16)(u16)(b[2] | b[3] << 8);
		insns[i].imm = (s32)((u32)b[4] | (u32)b[5] << 8 | (u32)b[6] << 16 |
				     (u32)b[7] << 24);
	}
	free(buf);
	free(bytes);
	if (ret)
		return ret;
	*out = insns;
	*cnt = n / 8;
	return 0;
}

/* Sections of .data files */

/* A "-- name" line: the name without the dashes and surrounding blanks, in @name/@len. */
static bool asm_section_header(const char *line, const char *eol, const char **name, size_t *len)
{
	const char *p = line + 2, *end = eol;

	if (eol - line < 2 || line[0] != '-' || line[1] != '-')
		return false;
	if (p < eol && !isspace((unsigned char)*p))
		return false;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	*name = p;
	*len = end - p;
	return true;
}

int asm_section(const char *text, const char *name, char **body)
{
	const char *p = text, *start = NULL, *end = NULL, *hname;
	size_t hlen, nlen = strlen(name);

	while (*p && !end) {
		const char *eol = p + strcspn(p, "\n");

		if (asm_section_header(p, eol, &hname, &hlen)) {
			if (start)
				end = p;
			else if (hlen == nlen && !memcmp(hname, name, nlen))
				start = *eol ? eol + 1 : eol;
		}
		p = *eol ? eol + 1 : eol;
	}
	if (!start)
		return -ENOENT;
	if (!end)
		end = p;
	*body = strndup(start, end - start);
	return *body ? 0 : -ENOMEM;
}
