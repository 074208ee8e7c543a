/* Tests of src/isa/asm.c: one table row per mnemonic class (the encoding, and the kernel-log
 * text disasm_insn() prints for it, which pins the meaning of the bytes independently), labels
 * and offsets, one row per error message, the raw and section readers, and the ISA conformance
 * suite itself (../shared/conformance/bpf_conformance, or $BPFVERIFY_CONFORMANCE): every
 * tests/ program assembles, "-- raw" sections are matched word for word, and every
 * negative/ file that the suite's assembler must refuse is refused with our message. */
#define _GNU_SOURCE	/* strcasestr */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/asm.h"
#include "isa/disasm.h"
#include "isa/insn.h"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define LDIMM64(d, lo, hi) INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), INSN(0, 0, 0, 0, hi)

#define CONFORMANCE_DEFAULT "../shared/conformance/bpf_conformance"

static void assert_insns_eq(const char *what, const struct bpf_insn *got, u32 got_cnt,
			    const struct bpf_insn *want, u32 want_cnt)
{
	u32 i;

	ck_assert_msg(got_cnt == want_cnt, "%s: %u slots, expected %u", what, got_cnt, want_cnt);
	for (i = 0; i < want_cnt; i++)
		ck_assert_msg(got[i].code == want[i].code && got[i].dst_reg == want[i].dst_reg &&
			      got[i].src_reg == want[i].src_reg && got[i].off == want[i].off &&
			      got[i].imm == want[i].imm,
			      "%s: slot %u is %02x %x %x %d %d, expected %02x %x %x %d %d", what, i,
			      got[i].code, got[i].dst_reg, got[i].src_reg, got[i].off, got[i].imm,
			      want[i].code, want[i].dst_reg, want[i].src_reg, want[i].off,
			      want[i].imm);
}

/* One statement per mnemonic class */

struct form_case {
	const char *text;
	struct bpf_insn insns[2];
	const char *disasm;	/* what the kernel's log prints for it */
};

static const struct form_case form_cases[] = {
	/* ALU64 / ALU, immediate and register sources */
	{ "mov %r0, 1", { INSN(0xb7, 0, 0, 0, 1) }, "(b7) r0 = 1" },
	{ "mov %r2, %r10", { INSN(0xbf, 2, 10, 0, 0) }, "(bf) r2 = r10" },
	{ "mov32 %r0, 0", { INSN(0xb4, 0, 0, 0, 0) }, "(b4) w0 = 0" },
	{ "mov32 %r1, %r2", { INSN(0xbc, 1, 2, 0, 0) }, "(bc) w1 = w2" },
	{ "add %r1, -3", { INSN(0x07, 1, 0, 0, -3) }, "(07) r1 += -3" },
	{ "add32 %r0, %r1", { INSN(0x0c, 0, 1, 0, 0) }, "(0c) w0 += w1" },
	{ "sub %r1, %r3", { INSN(0x1f, 1, 3, 0, 0) }, "(1f) r1 -= r3" },
	{ "sub32 %r1, 7", { INSN(0x14, 1, 0, 0, 7) }, "(14) w1 -= 7" },
	{ "mul %r0, 0x7", { INSN(0x27, 0, 0, 0, 7) }, "(27) r0 *= 7" },
	{ "mul32 %r0, %r1", { INSN(0x2c, 0, 1, 0, 0) }, "(2c) w0 *= w1" },
	{ "div %r0, %r1", { INSN(0x3f, 0, 1, 0, 0) }, "(3f) r0 /= r1" },
	{ "div32 %r0, 4", { INSN(0x34, 0, 0, 0, 4) }, "(34) w0 /= 4" },
	{ "sdiv %r0, -4", { INSN(0x37, 0, 0, 1, -4) }, "(37) r0 s/= -4" },
	{ "sdiv32 %r0, %r1", { INSN(0x3c, 0, 1, 1, 0) }, "(3c) w0 s/= w1" },
	{ "or %r0, 0xf0", { INSN(0x47, 0, 0, 0, 0xf0) }, "(47) r0 |= 240" },
	{ "or32 %r0, %r1", { INSN(0x4c, 0, 1, 0, 0) }, "(4c) w0 |= w1" },
	{ "and %r1, 1", { INSN(0x57, 1, 0, 0, 1) }, "(57) r1 &= 1" },
	{ "and32 %r0, %r2", { INSN(0x5c, 0, 2, 0, 0) }, "(5c) w0 &= w2" },
	{ "lsh %r1, 3", { INSN(0x67, 1, 0, 0, 3) }, "(67) r1 <<= 3" },
	{ "lsh32 %r0, %r1", { INSN(0x6c, 0, 1, 0, 0) }, "(6c) w0 <<= w1" },
	{ "rsh %r0, %r1", { INSN(0x7f, 0, 1, 0, 0) }, "(7f) r0 >>= r1" },
	{ "rsh32 %r0, 8", { INSN(0x74, 0, 0, 0, 8) }, "(74) w0 >>= 8" },
	{ "mod %r0, %r1", { INSN(0x9f, 0, 1, 0, 0) }, "(9f) r0 %= r1" },
	{ "mod32 %r0, 3", { INSN(0x94, 0, 0, 0, 3) }, "(94) w0 %= 3" },
	{ "smod %r0, -3", { INSN(0x97, 0, 0, 1, -3) }, "(97) r0 s%= -3" },
	{ "smod32 %r0, %r1", { INSN(0x9c, 0, 1, 1, 0) }, "(9c) w0 s%= w1" },
	{ "xor %r0, %r2", { INSN(0xaf, 0, 2, 0, 0) }, "(af) r0 ^= r2" },
	{ "xor32 %r0, 0x1", { INSN(0xa4, 0, 0, 0, 1) }, "(a4) w0 ^= 1" },
	{ "arsh %r0, 16", { INSN(0xc7, 0, 0, 0, 16) }, "(c7) r0 s>>= 16" },
	{ "arsh32 %r0, %r1", { INSN(0xcc, 0, 1, 0, 0) }, "(cc) w0 s>>= w1" },
	{ "neg %r0", { INSN(0x87, 0, 0, 0, 0) }, "(87) r0 = -r0" },
	{ "neg32 %r3", { INSN(0x84, 3, 0, 0, 0) }, "(84) w3 = -w3" },
	{ "movsx832 %r2, %r1", { INSN(0xbc, 2, 1, 8, 0) }, "(bc) w2 = (s8)w1" },
	{ "movsx1632 %r4, %r3", { INSN(0xbc, 4, 3, 16, 0) }, "(bc) w4 = (s16)w3" },
	{ "movsx864 %r6, %r5", { INSN(0xbf, 6, 5, 8, 0) }, "(bf) r6 = (s8)r5" },
	{ "movsx1664 %r8, %r7", { INSN(0xbf, 8, 7, 16, 0) }, "(bf) r8 = (s16)r7" },
	{ "movsx3264 %r0, %r9", { INSN(0xbf, 0, 9, 32, 0) }, "(bf) r0 = (s32)r9" },
	/* byte order */
	{ "le16 %r0", { INSN(0xd4, 0, 0, 0, 16) }, "(d4) r0 = le16 r0" },
	{ "le32 %r1", { INSN(0xd4, 1, 0, 0, 32) }, "(d4) r1 = le32 r1" },
	{ "le64 %r0", { INSN(0xd4, 0, 0, 0, 64) }, "(d4) r0 = le64 r0" },
	{ "be16 %r9", { INSN(0xdc, 9, 0, 0, 16) }, "(dc) r9 = be16 r9" },
	{ "be32 %r0", { INSN(0xdc, 0, 0, 0, 32) }, "(dc) r0 = be32 r0" },
	{ "be64 %r0", { INSN(0xdc, 0, 0, 0, 64) }, "(dc) r0 = be64 r0" },
	{ "swap16 %r0", { INSN(0xd7, 0, 0, 0, 16) }, "(d7) r0 = bswap16 r0" },
	{ "swap32 %r0", { INSN(0xd7, 0, 0, 0, 32) }, "(d7) r0 = bswap32 r0" },
	{ "bswap64 %r2", { INSN(0xd7, 2, 0, 0, 64) }, "(d7) r2 = bswap64 r2" },
	/* loads and stores */
	{ "lddw %r0, 0x1122334455667788", { LDIMM64(0, 0x55667788, 0x11223344) },
	  "(18) r0 = 0x1122334455667788" },
	{ "lddw %r1, 2147483648", { LDIMM64(1, INT32_MIN, 0) }, "(18) r1 = 0x80000000" },
	{ "lddw %r1, -1", { LDIMM64(1, -1, -1) }, "(18) r1 = 0xffffffffffffffff" },
	{ "ldxb %r0, [%r1+0x2]", { INSN(0x71, 0, 1, 2, 0) }, "(71) r0 = *(u8 *)(r1 +2)" },
	{ "ldxh %r0, [%r1]", { INSN(0x69, 0, 1, 0, 0) }, "(69) r0 = *(u16 *)(r1 +0)" },
	{ "ldxw %r0, [%r1+4]", { INSN(0x61, 0, 1, 4, 0) }, "(61) r0 = *(u32 *)(r1 +4)" },
	{ "ldxdw %r0, [%r2-16]", { INSN(0x79, 0, 2, -16, 0) }, "(79) r0 = *(u64 *)(r2 -16)" },
	{ "ldxsb %r0, [%r10-1]", { INSN(0x91, 0, 10, -1, 0) }, "(91) r0 = *(s8 *)(r10 -1)" },
	{ "ldxsh %r0, [%r10-2]", { INSN(0x89, 0, 10, -2, 0) }, "(89) r0 = *(s16 *)(r10 -2)" },
	{ "ldxsw %r0, [%r10-4]", { INSN(0x81, 0, 10, -4, 0) }, "(81) r0 = *(s32 *)(r10 -4)" },
	{ "stb [%r1+2], 0x11", { INSN(0x72, 1, 0, 2, 0x11) }, "(72) *(u8 *)(r1 +2) = 17" },
	{ "sth [%r1+2], 0x1122", { INSN(0x6a, 1, 0, 2, 0x1122) },
	  "(6a) *(u16 *)(r1 +2) = 4386" },
	{ "stw [%r10-4], -1", { INSN(0x62, 10, 0, -4, -1) }, "(62) *(u32 *)(r10 -4) = -1" },
	{ "stdw [%r10-8], 0xcd", { INSN(0x7a, 10, 0, -8, 0xcd) }, "(7a) *(u64 *)(r10 -8) = 205" },
	{ "stxb [%r10-1], %r1", { INSN(0x73, 10, 1, -1, 0) }, "(73) *(u8 *)(r10 -1) = r1" },
	{ "stxh [%r0+2], %r1", { INSN(0x6b, 0, 1, 2, 0) }, "(6b) *(u16 *)(r0 +2) = r1" },
	{ "stxw [%r10-4], %r1", { INSN(0x63, 10, 1, -4, 0) }, "(63) *(u32 *)(r10 -4) = r1" },
	{ "stxdw [%r10-8], %r1", { INSN(0x7b, 10, 1, -8, 0) }, "(7b) *(u64 *)(r10 -8) = r1" },
	{ "ldabsb 0x10", { INSN(0x30, 0, 0, 0, 0x10) }, "(30) r0 = *(u8 *)skb[16]" },
	{ "ldabsw 4", { INSN(0x20, 0, 0, 0, 4) }, "(20) r0 = *(u32 *)skb[4]" },
	{ "ldindh %r3, 2", { INSN(0x48, 0, 3, 0, 2) }, "(48) r0 = *(u16 *)skb[r3 + 2]" },
	/* atomics */
	{ "lock add [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_ADD) },
	  "(db) lock *(u64 *)(r10 -8) += r1" },
	{ "lock add32 [%r10-4], %r1", { INSN(0xc3, 10, 1, -4, BPF_ADD) },
	  "(c3) lock *(u32 *)(r10 -4) += r1" },
	{ "lock and [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_AND) },
	  "(db) lock *(u64 *)(r10 -8) &= r1" },
	{ "lock or32 [%r10-4], %r1", { INSN(0xc3, 10, 1, -4, BPF_OR) },
	  "(c3) lock *(u32 *)(r10 -4) |= r1" },
	{ "lock xor [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_XOR) },
	  "(db) lock *(u64 *)(r10 -8) ^= r1" },
	{ "lock fetch add [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_ADD | BPF_FETCH) },
	  "(db) r1 = atomic64_fetch_add((u64 *)(r10 -8), r1)" },
	{ "lock fetch and32 [%r10-4], %r3", { INSN(0xc3, 10, 3, -4, BPF_AND | BPF_FETCH) },
	  "(c3) r3 = atomic_fetch_and((u32 *)(r10 -4), r3)" },
	{ "lock fetch or [%r10-8], %r3", { INSN(0xdb, 10, 3, -8, BPF_OR | BPF_FETCH) },
	  "(db) r3 = atomic64_fetch_or((u64 *)(r10 -8), r3)" },
	{ "lock fetch xor32 [%r10-8], %r1", { INSN(0xc3, 10, 1, -8, BPF_XOR | BPF_FETCH) },
	  "(c3) r1 = atomic_fetch_xor((u32 *)(r10 -8), r1)" },
	{ "lock xchg [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_XCHG) },
	  "(db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)" },
	{ "lock xchg32 [%r10-8], %r1", { INSN(0xc3, 10, 1, -8, BPF_XCHG) },
	  "(c3) r1 = atomic_xchg((u32 *)(r10 -8), r1)" },
	{ "lock cmpxchg [%r10-8], %r1", { INSN(0xdb, 10, 1, -8, BPF_CMPXCHG) },
	  "(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r1)" },
	{ "lock cmpxchg32 [%r10-8], %r1", { INSN(0xc3, 10, 1, -8, BPF_CMPXCHG) },
	  "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)" },
	{ "xadddw [%r1+8], %r2", { INSN(0xdb, 1, 2, 8, BPF_ADD) },
	  "(db) lock *(u64 *)(r1 +8) += r2" },
	{ "xaddw [%r1], %r2", { INSN(0xc3, 1, 2, 0, BPF_ADD) }, "(c3) lock *(u32 *)(r1 +0) += r2" },
	/* jumps and calls */
	{ "ja +1", { INSN(0x05, 0, 0, 1, 0) }, "(05) goto pc+1" },
	{ "ja -1", { INSN(0x05, 0, 0, -1, 0) }, "(05) goto pc-1" },
	{ "ja32 +3", { INSN(0x06, 0, 0, 0, 3) }, "(06) gotol pc+3" },
	{ "jeq %r1, 0x1, +2", { INSN(0x15, 1, 0, 2, 1) }, "(15) if r1 == 0x1 goto pc+2" },
	{ "jeq %r1, %r2, +2", { INSN(0x1d, 1, 2, 2, 0) }, "(1d) if r1 == r2 goto pc+2" },
	{ "jgt %r1, 5, -1", { INSN(0x25, 1, 0, -1, 5) }, "(25) if r1 > 0x5 goto pc-1" },
	{ "jge %r1, %r2, +0", { INSN(0x3d, 1, 2, 0, 0) }, "(3d) if r1 >= r2 goto pc+0" },
	{ "jset %r1, 0x80000000, +1", { INSN(0x45, 1, 0, 1, INT32_MIN) },
	  "(45) if r1 & 0x80000000 goto pc+1" },
	{ "jne %r0, 15, +6", { INSN(0x55, 0, 0, 6, 15) }, "(55) if r0 != 0xf goto pc+6" },
	{ "jsgt %r1, %r2, +1", { INSN(0x6d, 1, 2, 1, 0) }, "(6d) if r1 s> r2 goto pc+1" },
	{ "jsge %r1, -1, +1", { INSN(0x75, 1, 0, 1, -1) }, "(75) if r1 s>= 0xffffffff goto pc+1" },
	{ "jlt %r1, 2, +1", { INSN(0xa5, 1, 0, 1, 2) }, "(a5) if r1 < 0x2 goto pc+1" },
	{ "jle %r1, %r2, +1", { INSN(0xbd, 1, 2, 1, 0) }, "(bd) if r1 <= r2 goto pc+1" },
	{ "jslt %r1, 0, +1", { INSN(0xc5, 1, 0, 1, 0) }, "(c5) if r1 s< 0x0 goto pc+1" },
	{ "jsle %r1, %r2, +1", { INSN(0xdd, 1, 2, 1, 0) }, "(dd) if r1 s<= r2 goto pc+1" },
	{ "jeq32 %r1, 1, +1", { INSN(0x16, 1, 0, 1, 1) }, "(16) if w1 == 0x1 goto pc+1" },
	{ "jne32 %r0, %r1, +5", { INSN(0x5e, 0, 1, 5, 0) }, "(5e) if w0 != w1 goto pc+5" },
	{ "jsle32 %r1, -2, +1", { INSN(0xd6, 1, 0, 1, -2) },
	  "(d6) if w1 s<= 0xfffffffe goto pc+1" },
	{ "call 1", { INSN(0x85, 0, 0, 0, 1) }, "(85) call bpf_map_lookup_elem#1" },
	{ "call helper 5", { INSN(0x85, 0, 0, 0, 5) }, "(85) call bpf_ktime_get_ns#5" },
	{ "call local +3", { INSN(0x85, 0, 1, 0, 3) }, "(85) call pc+3" },
	{ "call runtime 7", { INSN(0x85, 0, 2, 0, 7) }, "(85) call kernel-function#7" },
	{ "call %r2", { INSN(0x8d, 2, 0, 0, 0) }, NULL },
	{ "exit", { INSN(0x95, 0, 0, 0, 0) }, "(95) exit" },
	/* spellings */
	{ "mov r1, r2", { INSN(0xbf, 1, 2, 0, 0) }, "(bf) r1 = r2" },
	{ "  add   %r1 ,  -3  ", { INSN(0x07, 1, 0, 0, -3) }, "(07) r1 += -3" },
	{ "ldxw %r0, [ %r1 + 4 ]", { INSN(0x61, 0, 1, 4, 0) }, "(61) r0 = *(u32 *)(r1 +4)" },
	{ "ldxw %r0, [%r1+0xffff]", { INSN(0x61, 0, 1, -1, 0) }, "(61) r0 = *(u32 *)(r1 -1)" },
	{ "mov32 %r0, 0xffffffff", { INSN(0xb4, 0, 0, 0, -1) }, "(b4) w0 = -1" },
	{ "mov %r0, -2147483648", { INSN(0xb7, 0, 0, 0, INT32_MIN) }, "(b7) r0 = -2147483648" },
	{ "mov %r0, 0X1F", { INSN(0xb7, 0, 0, 0, 31) }, "(b7) r0 = 31" },
	{ "mov %r11, 1", { INSN(0xb7, 11, 0, 0, 1) }, NULL },
};

START_TEST(asm_parse__each_form__encodes_as_the_kernel_reads_it)
{
	const struct form_case *c = &form_cases[_i];
	u32 want_cnt = c->insns[0].code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;
	struct bpf_insn *insns = NULL;
	char err[128], text[128];
	u32 cnt = 0;
	int ret;

	ret = asm_parse(c->text, &insns, &cnt, err, sizeof(err));

	ck_assert_msg(ret == 0, "'%s': %s", c->text, err);
	assert_insns_eq(c->text, insns, cnt, c->insns, want_cnt);
	if (c->disasm) {
		ck_assert_int_eq(disasm_insn(text, sizeof(text), insns, cnt, 0, NULL), want_cnt);
		ck_assert_str_eq(text, c->disasm);
	}
	free(insns);
}
END_TEST

/* Programs: labels, offsets, comments, separators */

struct prog_case {
	const char *what;
	const char *text;
	struct bpf_insn insns[8];
	u32 cnt;
};

static const struct prog_case prog_cases[] = {
	{ "forward and backward labels, label on its own line",
	  "mov %r1, 0\nja L2\nL1:\nmov %r2, 0\nexit\nL2:\nmov %r0, 0\nja L1\n",
	  { INSN(0xb7, 1, 0, 0, 0), INSN(0x05, 0, 0, 2, 0), INSN(0xb7, 2, 0, 0, 0),
	    INSN(0x95, 0, 0, 0, 0), INSN(0xb7, 0, 0, 0, 0), INSN(0x05, 0, 0, -4, 0) }, 6 },
	{ "ja32 to labels goes in imm",
	  "ja32 L2\nL1: exit\nL2: ja32 L1",
	  { INSN(0x06, 0, 0, 0, 1), INSN(0x95, 0, 0, 0, 0), INSN(0x06, 0, 0, 0, -2) }, 3 },
	{ "ld_imm64 counts two slots for labels",
	  "jeq %r1, 0, L\nlddw %r0, 0x100000000\nL: exit",
	  { INSN(0x15, 1, 0, 2, 0), LDIMM64(0, 0, 1), INSN(0x95, 0, 0, 0, 0) }, 4 },
	{ "label 'exit' names the first exit",
	  "jeq %r1, 0x1a8c0, exit\nmov %r0, 0\nexit\nmov %r0, 1\nexit",
	  { INSN(0x15, 1, 0, 1, 0x1a8c0), INSN(0xb7, 0, 0, 0, 0), INSN(0x95, 0, 0, 0, 0),
	    INSN(0xb7, 0, 0, 0, 1), INSN(0x95, 0, 0, 0, 0) }, 5 },
	{ "an explicit 'exit' label wins",
	  "ja exit\nexit\nexit:\nexit",
	  { INSN(0x05, 0, 0, 1, 0), INSN(0x95, 0, 0, 0, 0), INSN(0x95, 0, 0, 0, 0) }, 3 },
	{ "call local to a label: imm relative to the next slot",
	  "call local func1\nexit\n# the callee\nfunc1:\nmov %r0, 1\nexit",
	  { INSN(0x85, 0, 1, 0, 1), INSN(0x95, 0, 0, 0, 0), INSN(0xb7, 0, 0, 0, 1),
	    INSN(0x95, 0, 0, 0, 0) }, 4 },
	{ "comments, blank lines, CRLF and statements separated by ';'",
	  "# a comment\n\n  mov %r0, 1 # trailing\r\nadd %r0, 2; exit ; \n# end\n",
	  { INSN(0xb7, 0, 0, 0, 1), INSN(0x07, 0, 0, 0, 2), INSN(0x95, 0, 0, 0, 0) }, 3 },
	{ "numeric offsets are taken as written",
	  "jeq %r1, 0x1, +2\nja -1\njne %r1, %r2, 0",
	  { INSN(0x15, 1, 0, 2, 1), INSN(0x05, 0, 0, -1, 0), INSN(0x5d, 1, 2, 0, 0) }, 3 },
	{ "labels may contain digits, '_' and '.'",
	  "ja .L_1\n.L_1: exit",
	  { INSN(0x05, 0, 0, 0, 0), INSN(0x95, 0, 0, 0, 0) }, 2 },
	{ "a label at the very end points past the last slot",
	  "ja end\nexit\nend:",
	  { INSN(0x05, 0, 0, 1, 0), INSN(0x95, 0, 0, 0, 0) }, 2 },
};

START_TEST(asm_parse__program__labels_resolve_to_relative_slots)
{
	const struct prog_case *c = &prog_cases[_i];
	struct bpf_insn *insns = NULL;
	char err[128];
	u32 cnt = 0;
	int ret;

	ret = asm_parse(c->text, &insns, &cnt, err, sizeof(err));

	ck_assert_msg(ret == 0, "%s: %s", c->what, err);
	assert_insns_eq(c->what, insns, cnt, c->insns, c->cnt);
	free(insns);
}
END_TEST

/* Errors: one row per message */

struct error_case {
	const char *text;
	const char *msg;
};

static const struct error_case error_cases[] = {
	{ "foo %r0", "line 1: unknown mnemonic 'foo'" },
	{ "exit\n\nmovq %r0, 1", "line 3: unknown mnemonic 'movq'" },
	{ "MOV %r0, 1", "line 1: unknown mnemonic 'MOV'" },
	{ "add64 %r0, 1", "line 1: unknown mnemonic 'add64'" },
	{ "or %r0, %r50", "line 1: invalid register '%r50'" },
	{ "mov %r16, 1", "line 1: invalid register '%r16'" },
	{ "mov %x1, 1", "line 1: invalid register '%x1'" },
	{ "mov %r1x, 1", "line 1: invalid register '%r1x'" },
	{ "neg 5", "line 1: invalid register '5'" },
	{ "ldxw %r0, [%q1+2]", "line 1: invalid register '%q1'" },
	{ "mov32 %r0, 2147483648", "line 1: immediate '2147483648' out of range for 32 bits" },
	{ "mov32 %r0, -2147483649", "line 1: immediate '-2147483649' out of range for 32 bits" },
	{ "mov32 %r0, 0x100000000", "line 1: immediate '0x100000000' out of range for 32 bits" },
	{ "lddw %r0, 0x10000000000000000",
	  "line 1: immediate '0x10000000000000000' out of range for 64 bits" },
	{ "lddw %r0, -9223372036854775809",
	  "line 1: immediate '-9223372036854775809' out of range for 64 bits" },
	{ "stw [%r10-4], 4294967296", "line 1: immediate '4294967296' out of range for 32 bits" },
	{ "mov %r0, 12abc", "line 1: invalid immediate '12abc'" },
	{ "mov %r0, 0x", "line 1: invalid immediate '0x'" },
	{ "mov %r0, label", "line 1: invalid immediate 'label'" },
	{ "call helper", "line 1: invalid immediate 'helper'" },
	{ "ldxb %r0, [%r1+0x10000]", "line 1: offset '+0x10000' out of range for 16 bits" },
	{ "ldxb %r0, [%r1+32768]", "line 1: offset '+32768' out of range for 16 bits" },
	{ "ldxb %r0, [%r1-32769]", "line 1: offset '-32769' out of range for 16 bits" },
	{ "ldxb %r0, [%r1+x]", "line 1: invalid offset '+x'" },
	{ "ja +32768", "line 1: jump offset '+32768' out of range for 16 bits" },
	{ "ldxb %r0, %r1", "line 1: expected a memory operand '[%rN+off]', got '%r1'" },
	{ "stxb %r1, %r2", "line 1: expected a memory operand '[%rN+off]', got '%r1'" },
	{ "lddw %r0", "line 1: invalid number of operands: 'lddw' expects 2, got 1" },
	{ "add %r0", "line 1: invalid number of operands: 'add' expects 2, got 1" },
	{ "exit %r0", "line 1: invalid number of operands: 'exit' expects 0, got 1" },
	{ "jeq %r0, 1, +1, +2", "line 1: invalid number of operands: 'jeq' expects 3, got 4" },
	{ "jeq %r0, 1, 2, 3, 4", "line 1: invalid number of operands: 'jeq' expects 3, got 5" },
	{ "add %r0,", "line 1: missing operand 2 of 'add'" },
	{ "add , 1", "line 1: missing operand 1 of 'add'" },
	{ "lock", "line 1: invalid number of operands for lock: expected an operation" },
	{ "lock fetch", "line 1: invalid number of operands for lock: expected an operation" },
	{ "lock [%r10-8], %r1",
	  "line 1: invalid number of operands for lock: expected an operation" },
	{ "lock or [%r10-8]",
	  "line 1: invalid number of operands for lock: 'lock or' expects 2, got 1" },
	{ "lock sub [%r10-8], %r1", "line 1: unknown atomic operation 'sub'" },
	{ "ja NOT_A_LABEL\nexit", "line 1: undefined label 'NOT_A_LABEL'" },
	{ "exit\nL: exit\nL: exit", "line 3: duplicate label 'L' (first defined on line 2)" },
	{ "ja 1x", "line 1: invalid jump offset '1x'" },
	{ "ja $L", "line 1: invalid jump target '$L'" },
	{ "call bogus 1", "line 1: invalid call mode 'bogus'" },
	{ "", "no instructions" },
	{ "# nothing\n\nL:\n", "no instructions" },
};

START_TEST(asm_parse__bad_input__einval_naming_the_line)
{
	const struct error_case *c = &error_cases[_i];
	struct bpf_insn *insns = (struct bpf_insn *)&insns;
	char err[128];
	u32 cnt = 77;
	int ret;

	ret = asm_parse(c->text, &insns, &cnt, err, sizeof(err));

	ck_assert_msg(ret == -EINVAL, "'%s': %d", c->text, ret);
	ck_assert_str_eq(err, c->msg);
	ck_assert_ptr_eq(insns, (struct bpf_insn *)&insns);
	ck_assert_uint_eq(cnt, 77);
}
END_TEST

START_TEST(asm_parse__small_or_null_error_buffer__still_fails_cleanly)
{
	struct bpf_insn *insns;
	char err[8];
	u32 cnt;

	ck_assert_int_eq(asm_parse("foo", &insns, &cnt, NULL, 0), -EINVAL);
	ck_assert_int_eq(asm_parse("foo", &insns, &cnt, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "line 1:");
}
END_TEST

/* Raw encodings and .data sections */

START_TEST(asm_parse_raw__bytes_and_words__same_instructions)
{
	static const struct bpf_insn want[] = {
		LDIMM64(0, 0x55667788, 0x11223344),
		INSN(0x7b, 10, 1, -8, 0),
		INSN(0x95, 0, 0, 0, 0),
	};
	static const char *const texts[] = {
		"0x5566778800000018\n0x1122334400000000\n0x00000000fff81a7b\n0x95",
		"18 00 00 00 88 77 66 55\n00 00 00 00 44 33 22 11\n7b 1a f8 ff 00 00 00 00 # stx\n"
		"95 00 00 00 00 00 00 00\n",
		"18 00 00 00 88 77 66 55 00 00 00 00 44 33 22 11\n0x00000000fff81a7b\n"
		"95 00 00 00\n00 00 00 00",
	};
	struct bpf_insn *insns;
	char err[128];
	u32 cnt, i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		ck_assert_msg(asm_parse_raw(texts[i], &insns, &cnt, err, sizeof(err)) == 0,
			      "text %u: %s", i, err);
		assert_insns_eq("raw", insns, cnt, want, ARRAY_SIZE(want));
		free(insns);
	}
}
END_TEST

START_TEST(asm_parse_raw__bad_input__einval_naming_the_line)
{
	static const struct error_case rows[] = {
		{ "95 00 00 00 00 00 00", "7 bytes are not whole instructions" },
		{ "95 00 00 00\n0x95", "line 2: instruction word '0x95' after 4 loose bytes" },
		{ "0x95\n95 0 00 00 00 00 00 00", "line 2: invalid raw byte '0'" },
		{ "zz", "line 1: invalid raw byte 'zz'" },
		{ "0x11223344556677889", "line 1: invalid instruction word '0x11223344556677889'" },
		{ "# empty\n", "no instructions" },
	};
	struct bpf_insn *insns;
	char err[128];
	u32 cnt, i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		ck_assert_int_eq(asm_parse_raw(rows[i].text, &insns, &cnt, err, sizeof(err)),
				 -EINVAL);
		ck_assert_str_eq(err, rows[i].msg);
	}
}
END_TEST

START_TEST(asm_section__data_file__bodies_up_to_the_next_header)
{
	static const char text[] =
		"# header comment\n-- asm\nmov %r0, 1\nexit\n-- mem\n00 01\n"
		"-- no register offset\n--  result  \n0x1\n-- empty";
	char *body;

	ck_assert_int_eq(asm_section(text, "asm", &body), 0);
	ck_assert_str_eq(body, "mov %r0, 1\nexit\n");
	free(body);
	ck_assert_int_eq(asm_section(text, "mem", &body), 0);
	ck_assert_str_eq(body, "00 01\n");
	free(body);
	ck_assert_int_eq(asm_section(text, "no register offset", &body), 0);
	ck_assert_str_eq(body, "");
	free(body);
	ck_assert_int_eq(asm_section(text, "result", &body), 0);
	ck_assert_str_eq(body, "0x1\n");
	free(body);
	ck_assert_int_eq(asm_section(text, "empty", &body), 0);
	ck_assert_str_eq(body, "");
	free(body);
	ck_assert_int_eq(asm_section(text, "raw", &body), -ENOENT);
	ck_assert_int_eq(asm_section(text, "as", &body), -ENOENT);
	ck_assert_int_eq(asm_section("--asm\nexit\n", "asm", &body), -ENOENT);
}
END_TEST

/* The conformance suite */

static const char *conformance_dir(void)
{
	const char *d = getenv("BPFVERIFY_CONFORMANCE");

	return d && *d ? d : CONFORMANCE_DEFAULT;
}

static int data_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".data");
}

/* The sorted .data files of @sub, or -1 (with a SKIP line) when the suite is not there. */
static int list_data(const char *sub, struct dirent ***names)
{
	char path[512];
	int n;

	snprintf(path, sizeof(path), "%s/%s", conformance_dir(), sub);
	n = scandir(path, names, data_filter, alphasort);
	if (n < 0) {
		printf("SKIP: conformance suite not found at %s\n", path);
		fflush(stdout);
	}
	return n;
}

static void free_list(struct dirent **names, int n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

START_TEST(asm_parse__conformance_tests__assemble_and_match_raw_sections)
{
	struct dirent **names;
	u32 assembled = 0, raw = 0;
	int n, i;

	n = list_data("tests", &names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		struct bpf_insn *insns, *want;
		char path[768], err[256], *text, *src, *rawtext;
		u32 cnt, want_cnt;

		snprintf(path, sizeof(path), "%s/tests/%s", conformance_dir(), names[i]->d_name);
		text = file_slurp(path, NULL);
		ck_assert_msg(text, "%s: cannot read", path);
		ck_assert_msg(asm_section(text, "asm", &src) == 0, "%s: no asm section", path);
		ck_assert_msg(asm_parse(src, &insns, &cnt, err, sizeof(err)) == 0, "%s: %s", path,
			      err);
		assembled++;
		if (!asm_section(text, "raw", &rawtext)) {
			ck_assert_msg(!asm_parse_raw(rawtext, &want, &want_cnt, err, sizeof(err)),
				      "%s: raw: %s", path, err);
			assert_insns_eq(path, insns, cnt, want, want_cnt);
			raw++;
			free(want);
			free(rawtext);
		}
		free(insns);
		free(src);
		free(text);
	}
	free_list(names, n);
	printf("conformance suite: %u programs assembled, %u raw sections matched\n", assembled,
	       raw);
	fflush(stdout);
	ck_assert_uint_gt(assembled, 0);
	ck_assert_uint_gt(raw, 0);
}
END_TEST

/* Every instruction the suite's programs contain is one the kernel knows (its load-time checks
 * pass), except the suite's callx, which Linux does not implement: nothing in our encodings sets
 * a reserved field. */
START_TEST(asm_parse__conformance_tests__pass_the_kernel_load_checks)
{
	struct dirent **names;
	int n, i;

	n = list_data("tests", &names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		char path[768], err[256], msg[128], *text, *src;
		struct bpf_insn *insns;
		u32 cnt, bad;
		int ret;

		snprintf(path, sizeof(path), "%s/tests/%s", conformance_dir(), names[i]->d_name);
		text = file_slurp(path, NULL);
		ck_assert_msg(text && !asm_section(text, "asm", &src), "%s", path);
		ck_assert_msg(asm_parse(src, &insns, &cnt, err, sizeof(err)) == 0, "%s: %s", path,
			      err);
		ret = insn_check_program(insns, cnt, &bad, msg, sizeof(msg));
		if (!strcmp(names[i]->d_name, "callx.data"))
			ck_assert_str_eq(msg, "unknown opcode 8d");
		else
			ck_assert_msg(ret == 0, "%s: slot %u: %s", path, bad, msg);
		free(insns);
		free(src);
		free(text);
	}
	free_list(names, n);
}
END_TEST

/* The files of negative/ that the suite's assembler must refuse, with our message; the suite's own
 * expectation (its "-- error" section, where it has one) must appear in ours. */
static const struct error_case negative_cases[] = {
	{ "invalid_imm32_dec_range.data",
	  "line 2: immediate '2147483648' out of range for 32 bits" },
	{ "invalid_imm32_hex_range.data",
	  "line 2: immediate '0x100000000' out of range for 32 bits" },
	{ "invalid_label.data", "line 1: undefined label 'NOT_A_LABEL'" },
	{ "invalid_lock.data",
	  "line 1: invalid number of operands for lock: 'lock or' expects 2, got 1" },
	{ "invalid_lock2.data",
	  "line 1: invalid number of operands for lock: expected an operation" },
	{ "invalid_mnemonic.data", "line 2: unknown mnemonic 'ldxq'" },
	{ "invalid_offset.data", "line 1: expected a memory operand '[%rN+off]', got '%r1'" },
	{ "invalid_offset_range.data", "line 2: offset '+0x10000' out of range for 16 bits" },
	{ "invalid_operand_count.data",
	  "line 1: invalid number of operands: 'lddw' expects 2, got 1" },
	{ "invalid_register.data", "line 1: invalid register '%r50'" },
	/* "-- Unknown directive" ends the asm section before anything is in it. (The file's
	 * "-- error" says "Invalid register", a copy of invalid_register.data's: not compared.) */
	{ "invalid_unknown_directive.data", "no instructions" },
};

/* The rest of negative/ is not the assembler's: raw encodings with reserved fields set
 * (unused-*), files without a program (empty*), programs that only the verifier or the runtime
 * refuse (error.data: "or %r0, %r10"; incorrect_return_value_high_bits.data: a wrong result). */
static bool negative_not_assembler(const char *name, const char *text)
{
	char *body;

	if (asm_section(text, "asm", &body))
		return true;
	free(body);
	return !strcmp(name, "error.data") ||
	       !strcmp(name, "incorrect_return_value_high_bits.data");
}

START_TEST(asm_parse__conformance_negative__refused_with_the_suite_error)
{
	const struct error_case *c = &negative_cases[_i];
	char path[512], err[256], *text, *src, *expect;
	struct bpf_insn *insns;
	u32 cnt;

	snprintf(path, sizeof(path), "%s/negative/%s", conformance_dir(), c->text);
	text = file_slurp(path, NULL);
	if (!text) {
		printf("SKIP: conformance suite not found at %s\n", path);
		fflush(stdout);
		return;
	}
	ck_assert_msg(asm_section(text, "asm", &src) == 0, "%s: no asm section", path);

	ck_assert_int_eq(asm_parse(src, &insns, &cnt, err, sizeof(err)), -EINVAL);

	ck_assert_str_eq(err, c->msg);
	if (strcmp(c->text, "invalid_unknown_directive.data") &&
	    !asm_section(text, "error", &expect)) {
		char *e = expect + strspn(expect, " \t\n");

		e[strcspn(e, "\n")] = 0;
		ck_assert_msg(strcasestr(err, e), "%s: '%s' does not say '%s'", path, err, e);
		free(expect);
	}
	free(src);
	free(text);
}
END_TEST

START_TEST(asm_parse__conformance_negative__every_file_is_classified)
{
	struct dirent **names;
	u32 j;
	int n, i;

	n = list_data("negative", &names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		char path[768], *text;
		bool listed = false;

		for (j = 0; j < ARRAY_SIZE(negative_cases); j++)
			listed |= !strcmp(negative_cases[j].text, names[i]->d_name);
		snprintf(path, sizeof(path), "%s/negative/%s", conformance_dir(), names[i]->d_name);
		text = file_slurp(path, NULL);
		ck_assert_msg(text, "%s: cannot read", path);
		ck_assert_msg(listed != negative_not_assembler(names[i]->d_name, text),
			      "%s: %s", path, listed ? "listed but not an assembler error" :
			      "new negative test: add it to negative_cases[] or explain it");
		free(text);
	}
	free_list(names, n);
}
END_TEST

Suite *asm_suite(void)
{
	Suite *s = suite_create("asm");
	TCase *tc;

	tc = tcase_create("forms");
	tcase_add_loop_test(tc, asm_parse__each_form__encodes_as_the_kernel_reads_it, 0,
			    ARRAY_SIZE(form_cases));
	tcase_add_loop_test(tc, asm_parse__program__labels_resolve_to_relative_slots, 0,
			    ARRAY_SIZE(prog_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, asm_parse__bad_input__einval_naming_the_line, 0,
			    ARRAY_SIZE(error_cases));
	tcase_add_test(tc, asm_parse__small_or_null_error_buffer__still_fails_cleanly);
	suite_add_tcase(s, tc);

	tc = tcase_create("data_files");
	tcase_add_test(tc, asm_parse_raw__bytes_and_words__same_instructions);
	tcase_add_test(tc, asm_parse_raw__bad_input__einval_naming_the_line);
	tcase_add_test(tc, asm_section__data_file__bodies_up_to_the_next_header);
	suite_add_tcase(s, tc);

	tc = tcase_create("conformance");
	tcase_add_test(tc, asm_parse__conformance_tests__assemble_and_match_raw_sections);
	tcase_add_test(tc, asm_parse__conformance_tests__pass_the_kernel_load_checks);
	tcase_add_loop_test(tc, asm_parse__conformance_negative__refused_with_the_suite_error, 0,
			    ARRAY_SIZE(negative_cases));
	tcase_add_test(tc, asm_parse__conformance_negative__every_file_is_classified);
	suite_add_tcase(s, tc);
	return s;
}
