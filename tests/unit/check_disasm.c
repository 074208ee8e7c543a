/* Tests of src/isa/disasm.c: one table row per instruction form, and every instruction line
 * of the real Linux 6.18 verifier logs recorded in the kernel selftest data set
 * (../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl, or $BPFVERIFY_SELFTESTS) compared
 * byte for byte with disasm_insn() for the same slot.
 *
 * What is not ours in a log line is cut off (klog_insn_line(): the "; state" suffix, a
 * popped branch state or a loop message glued onto the line). Two normalisations cover what the
 * kernel rewrote before printing, both in compare_log(): ld_imm64 of maps and BTF ids (kernel
 * addresses) and kfunc calls whose BTF id the test harness patched in. Nothing else differs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/disasm.h"
#include "isa/insn.h"
#include "json.h"
#include "report/klog.h"
#include "selftests_lib.h"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define LDIMM64(d, s, lo, hi) INSN(BPF_LD | BPF_IMM | BPF_DW, d, s, 0, lo), INSN(0, 0, 0, 0, hi)

struct disasm_case {
	const char *what;
	struct bpf_insn insns[2];
	const char *text;
};

static const struct disasm_case disasm_cases[] = {
	/* ALU64 and ALU, register and immediate */
	{ "mov64 reg", { INSN(0xbf, 1, 6, 0, 0) }, "(bf) r1 = r6" },
	{ "mov64 imm", { INSN(0xb7, 0, 0, 0, 1) }, "(b7) r0 = 1" },
	{ "mov64 negative imm", { INSN(0xb7, 0, 0, 0, -1) }, "(b7) r0 = -1" },
	{ "mov32 imm uses w names", { INSN(0xb4, 0, 0, 0, 0) }, "(b4) w0 = 0" },
	{ "mov32 reg", { INSN(0xbc, 0, 10, 0, 0) }, "(bc) w0 = w10" },
	{ "add imm", { INSN(0x07, 2, 0, 0, -8) }, "(07) r2 += -8" },
	{ "add reg", { INSN(0x0f, 0, 1, 0, 0) }, "(0f) r0 += r1" },
	{ "add32 imm", { INSN(0x04, 1, 0, 0, 1) }, "(04) w1 += 1" },
	{ "sub reg", { INSN(0x1f, 1, 3, 0, 0) }, "(1f) r1 -= r3" },
	{ "sub32 reg", { INSN(0x1c, 3, 9, 0, 0) }, "(1c) w3 -= w9" },
	{ "mul imm", { INSN(0x27, 1, 0, 0, 1000000) }, "(27) r1 *= 1000000" },
	{ "mul with off 1 stays unsigned in 6.18", { INSN(0x2f, 1, 2, 1, 0) }, "(2f) r1 *= r2" },
	{ "div imm", { INSN(0x37, 0, 0, 0, 42) }, "(37) r0 /= 42" },
	{ "div32 by zero still prints", { INSN(0x34, 3, 0, 0, 0) }, "(34) w3 /= 0" },
	{ "sdiv reg", { INSN(0x3f, 1, 2, 1, 0) }, "(3f) r1 s/= r2" },
	{ "sdiv32 imm", { INSN(0x34, 1, 0, 1, 3) }, "(34) w1 s/= 3" },
	{ "or reg", { INSN(0x4f, 2, 4, 0, 0) }, "(4f) r2 |= r4" },
	{ "and negative imm", { INSN(0x57, 1, 0, 0, -4) }, "(57) r1 &= -4" },
	{ "lsh imm", { INSN(0x67, 1, 0, 0, 2) }, "(67) r1 <<= 2" },
	{ "lsh32 reg", { INSN(0x6c, 1, 2, 0, 0) }, "(6c) w1 <<= w2" },
	{ "rsh imm", { INSN(0x77, 1, 0, 0, 56) }, "(77) r1 >>= 56" },
	{ "mod32 imm", { INSN(0x94, 1, 0, 0, 2) }, "(94) w1 %= 2" },
	{ "smod reg", { INSN(0x9f, 1, 2, 1, 0) }, "(9f) r1 s%= r2" },
	{ "smod imm", { INSN(0x97, 1, 0, 1, -7) }, "(97) r1 s%= -7" },
	{ "xor imm", { INSN(0xa7, 1, 0, 0, 3) }, "(a7) r1 ^= 3" },
	{ "arsh imm", { INSN(0xc7, 1, 0, 0, 5) }, "(c7) r1 s>>= 5" },
	{ "arsh32 reg", { INSN(0xcc, 1, 2, 0, 0) }, "(cc) w1 s>>= w2" },
	{ "movsx s8", { INSN(0xbf, 1, 2, 8, 0) }, "(bf) r1 = (s8)r2" },
	{ "movsx s16", { INSN(0xbf, 1, 2, 16, 0) }, "(bf) r1 = (s16)r2" },
	{ "movsx s32", { INSN(0xbf, 1, 2, 32, 0) }, "(bf) r1 = (s32)r2" },
	{ "movsx32 s8", { INSN(0xbc, 1, 2, 8, 0) }, "(bc) w1 = (s8)w2" },
	{ "movsx32 s16", { INSN(0xbc, 1, 2, 16, 0) }, "(bc) w1 = (s16)w2" },
	{ "mov with other off prints plain", { INSN(0xbf, 1, 2, 7, 0) }, "(bf) r1 = r2" },
	{ "neg64", { INSN(0x87, 0, 0, 0, 0) }, "(87) r0 = -r0" },
	{ "neg32", { INSN(0x84, 1, 0, 0, 0) }, "(84) w1 = -w1" },
	{ "to_le16 keeps r names", { INSN(0xd4, 1, 0, 0, 16) }, "(d4) r1 = le16 r1" },
	{ "to_be64", { INSN(0xdc, 0, 0, 0, 64) }, "(dc) r0 = be64 r0" },
	{ "bswap32", { INSN(0xd7, 2, 0, 0, 32) }, "(d7) r2 = bswap32 r2" },
	{ "bswap with be bit still bswap", { INSN(0xdf, 2, 0, 0, 16) }, "(df) r2 = bswap16 r2" },
	{ "addr_space_cast to as 0", { INSN(0xbf, 1, 2, 1, 1) },
	  "(bf) r1 = addr_space_cast(r2, 0, 1)" },
	{ "addr_space_cast to as 1", { INSN(0xbf, 1, 2, 1, 1 << 16) },
	  "(bf) r1 = addr_space_cast(r2, 1, 0)" },
	{ "percpu mov", { INSN(0xbf, 0, 1, -1, 0) }, "(bf) r0 = &(void __percpu *)(r1)" },
	{ "alu op hole prints (null)", { INSN(0xe7, 1, 0, 0, 2) }, "(e7) r1 (null) 2" },

	/* jumps and calls */
	{ "goto", { INSN(0x05, 0, 0, -7, 0) }, "(05) goto pc-7" },
	{ "goto +0", { INSN(0x05, 0, 0, 0, 0) }, "(05) goto pc+0" },
	{ "gotol uses imm", { INSN(0x06, 0, 0, 0, 100000) }, "(06) gotol pc+100000" },
	{ "may_goto", { INSN(0xe5, 0, 0, 3, 0) }, "(e5) may_goto pc+3" },
	{ "jcond with other src", { INSN(0xe5, 0, 1, 3, 0) }, "(e5) if r0 (null) 0x0 goto pc+3" },
	{ "helper call", { INSN(0x85, 0, 0, 0, 1) }, "(85) call bpf_map_lookup_elem#1" },
	{ "helper 0", { INSN(0x85, 0, 0, 0, 0) }, "(85) call bpf_unspec#0" },
	{ "last helper of 6.18", { INSN(0x85, 0, 0, 0, 211) },
	  "(85) call bpf_cgrp_storage_delete#211" },
	{ "helper past the table", { INSN(0x85, 0, 0, 0, 212) }, "(85) call unknown#212" },
	{ "unknown helper", { INSN(0x85, 0, 0, 0, 1234567) }, "(85) call unknown#1234567" },
	{ "negative helper id", { INSN(0x85, 0, 0, 0, -1) }, "(85) call unknown#-1" },
	{ "call with bad src", { INSN(0x85, 0, 3, 0, 0) }, "(85) call unknown#0" },
	{ "call with reg bit", { INSN(0x8d, 0, 0, 0, 5) }, "(8d) call bpf_ktime_get_ns#5" },
	{ "pseudo call forward", { INSN(0x85, 0, 1, 0, 4) }, "(85) call pc+4" },
	{ "pseudo call backward", { INSN(0x85, 0, 1, 0, -3) }, "(85) call pc-3" },
	{ "kfunc without name", { INSN(0x85, 0, 2, 0, 1234) }, "(85) call kernel-function#1234" },
	{ "exit", { INSN(0x95, 0, 0, 0, 0) }, "(95) exit" },
	{ "jeq imm", { INSN(0x15, 0, 0, 4, 0) }, "(15) if r0 == 0x0 goto pc+4" },
	{ "jne negative imm in hex", { INSN(0x55, 1, 0, 1, -1) },
	  "(55) if r1 != 0xffffffff goto pc+1" },
	{ "jset imm", { INSN(0x45, 0, 0, 1, 1) }, "(45) if r0 & 0x1 goto pc+1" },
	{ "jsgt imm", { INSN(0x65, 1, 0, 2, 4) }, "(65) if r1 s> 0x4 goto pc+2" },
	{ "jlt imm", { INSN(0xa5, 3, 0, 4, 32) }, "(a5) if r3 < 0x20 goto pc+4" },
	{ "jle reg", { INSN(0xbd, 0, 3, 1, 0) }, "(bd) if r0 <= r3 goto pc+1" },
	{ "jslt imm", { INSN(0xc5, 3, 0, 2, 32) }, "(c5) if r3 s< 0x20 goto pc+2" },
	{ "jsle imm", { INSN(0xd5, 0, 0, 0, 0) }, "(d5) if r0 s<= 0x0 goto pc+0" },
	{ "jge reg", { INSN(0x3d, 2, 1, 3, 0) }, "(3d) if r2 >= r1 goto pc+3" },
	{ "jsge reg", { INSN(0x7d, 4, 2, 2, 0) }, "(7d) if r4 s>= r2 goto pc+2" },
	{ "jgt reg", { INSN(0x2d, 2, 1, 1, 0) }, "(2d) if r2 > r1 goto pc+1" },
	{ "jmp32 jne imm", { INSN(0x56, 1, 0, 1, 0) }, "(56) if w1 != 0x0 goto pc+1" },
	{ "jmp32 jne reg", { INSN(0x5e, 1, 2, -1, 0) }, "(5e) if w1 != w2 goto pc-1" },
	{ "jmp32 exit prints as a jump", { INSN(0x96, 0, 0, 0, 0) },
	  "(96) if w0 exit 0x0 goto pc+0" },
	{ "ja with reg bit (no gotox in 6.18)", { INSN(0x0d, 1, 0, 0, 0) },
	  "(0d) if r1 jmp r0 goto pc+0" },

	/* loads of immediates and legacy packet loads */
	{ "ld_imm64", { LDIMM64(1, 0, 1, 1) }, "(18) r1 = 0x100000001" },
	{ "ld_imm64 zero", { LDIMM64(0, 0, 0, 0) }, "(18) r0 = 0x0" },
	{ "ld_imm64 all ones", { LDIMM64(3, 0, -1, -1) }, "(18) r3 = 0xffffffffffffffff" },
	{ "ld_imm64 map fd prints raw", { LDIMM64(1, BPF_PSEUDO_MAP_FD, 5, 0) }, "(18) r1 = 0x5" },
	{ "ld_imm64 map value", { LDIMM64(2, BPF_PSEUDO_MAP_VALUE, 5, 8) }, "(18) r2 = 0x800000005" },
	{ "ld_imm64 btf id", { LDIMM64(6, BPF_PSEUDO_BTF_ID, 77, 0) }, "(18) r6 = 0x4d" },
	{ "ld_imm64 func", { LDIMM64(2, BPF_PSEUDO_FUNC, 3, 0) }, "(18) r2 = 0x3" },
	{ "ld_abs w", { INSN(0x20, 0, 0, 0, -2097152) }, "(20) r0 = *(u32 *)skb[-2097152]" },
	{ "ld_abs b", { INSN(0x30, 0, 0, 0, 0) }, "(30) r0 = *(u8 *)skb[0]" },
	{ "ld_abs h", { INSN(0x28, 0, 0, 0, 12) }, "(28) r0 = *(u16 *)skb[12]" },
	{ "ld_abs dw", { INSN(0x38, 0, 0, 0, 0) }, "(38) r0 = *(u64 *)skb[0]" },
	{ "ld_ind w", { INSN(0x40, 0, 1, 0, -2097152) }, "(40) r0 = *(u32 *)skb[r1 + -2097152]" },
	{ "ld_ind b", { INSN(0x50, 0, 7, 0, 3) }, "(50) r0 = *(u8 *)skb[r7 + 3]" },
	{ "ld imm w", { INSN(0x00, 0, 0, 0, 0) }, "BUG_ld_00" },
	{ "ld mem mode", { INSN(0x60, 0, 0, 0, 0) }, "BUG_ld_60" },

	/* memory */
	{ "ldx w", { INSN(0x61, 1, 0, 0, 0) }, "(61) r1 = *(u32 *)(r0 +0)" },
	{ "ldx b", { INSN(0x71, 1, 0, 0, 0) }, "(71) r1 = *(u8 *)(r0 +0)" },
	{ "ldx h", { INSN(0x69, 0, 1, 2, 0) }, "(69) r0 = *(u16 *)(r1 +2)" },
	{ "ldx dw negative off", { INSN(0x79, 1, 10, -8, 0) }, "(79) r1 = *(u64 *)(r10 -8)" },
	{ "ldx bad registers print", { INSN(0x71, 11, 1, 0, 0) }, "(71) r11 = *(u8 *)(r1 +0)" },
	{ "ldsx b", { INSN(0x91, 1, 2, 0, 0) }, "(91) r1 = *(s8 *)(r2 +0)" },
	{ "ldsx h", { INSN(0x89, 1, 2, -2, 0) }, "(89) r1 = *(s16 *)(r2 -2)" },
	{ "ldsx w", { INSN(0x81, 1, 2, 4, 0) }, "(81) r1 = *(s32 *)(r2 +4)" },
	{ "ldsx dw hole", { INSN(0x99, 1, 2, 0, 0) }, "(99) r1 = *((null) *)(r2 +0)" },
	{ "ldx imm mode", { INSN(0x01, 0, 0, 0, 0) }, "BUG_ldx_01" },
	{ "st w", { INSN(0x62, 4, 0, 0, 0) }, "(62) *(u32 *)(r4 +0) = 0" },
	{ "st dw", { INSN(0x7a, 10, 0, -8, 0) }, "(7a) *(u64 *)(r10 -8) = 0" },
	{ "st b negative", { INSN(0x72, 14, 0, -1, -1) }, "(72) *(u8 *)(r14 -1) = -1" },
	{ "st h", { INSN(0x6a, 10, 0, -512, 0) }, "(6a) *(u16 *)(r10 -512) = 0" },
	{ "nospec", { INSN(0xc2, 0, 0, 0, 0) }, "(c2) nospec" },
	{ "st imm mode", { INSN(0x02, 0, 0, 0, 0) }, "BUG_st_02" },
	{ "stx w", { INSN(0x63, 0, 3, 0, 0) }, "(63) *(u32 *)(r0 +0) = r3" },
	{ "stx dw", { INSN(0x7b, 10, 0, -8, 0) }, "(7b) *(u64 *)(r10 -8) = r0" },
	{ "stx b", { INSN(0x73, 10, 15, -1, 0) }, "(73) *(u8 *)(r10 -1) = r15" },
	{ "stx h", { INSN(0x6b, 1, 0, 0, 0) }, "(6b) *(u16 *)(r1 +0) = r0" },
	{ "stx imm mode", { INSN(0x03, 0, 0, 0, 0) }, "BUG_03" },

	/* atomics */
	{ "atomic add w", { INSN(0xc3, 0, 1, 3, BPF_ADD) }, "(c3) lock *(u32 *)(r0 +3) += r1" },
	{ "atomic add dw", { INSN(0xdb, 1, 2, 0, BPF_ADD) }, "(db) lock *(u64 *)(r1 +0) += r2" },
	{ "atomic and", { INSN(0xdb, 1, 0, -8, BPF_AND) }, "(db) lock *(u64 *)(r1 -8) &= r0" },
	{ "atomic or", { INSN(0xdb, 1, 0, -8, BPF_OR) }, "(db) lock *(u64 *)(r1 -8) |= r0" },
	{ "atomic xor", { INSN(0xdb, 1, 0, -8, BPF_XOR) }, "(db) lock *(u64 *)(r1 -8) ^= r0" },
	{ "fetch add dw", { INSN(0xdb, 1, 0, -8, BPF_ADD | BPF_FETCH) },
	  "(db) r0 = atomic64_fetch_add((u64 *)(r1 -8), r0)" },
	{ "fetch and w", { INSN(0xc3, 2, 1, 0, BPF_AND | BPF_FETCH) },
	  "(c3) r1 = atomic_fetch_and((u32 *)(r2 +0), r1)" },
	{ "fetch or dw", { INSN(0xdb, 1, 0, -8, BPF_OR | BPF_FETCH) },
	  "(db) r0 = atomic64_fetch_or((u64 *)(r1 -8), r0)" },
	{ "fetch xor w", { INSN(0xc3, 1, 4, 8, BPF_XOR | BPF_FETCH) },
	  "(c3) r4 = atomic_fetch_xor((u32 *)(r1 +8), r4)" },
	{ "xchg dw", { INSN(0xdb, 1, 0, -8, BPF_XCHG) },
	  "(db) r0 = atomic64_xchg((u64 *)(r1 -8), r0)" },
	{ "xchg w", { INSN(0xc3, 2, 3, 4, BPF_XCHG) }, "(c3) r3 = atomic_xchg((u32 *)(r2 +4), r3)" },
	{ "cmpxchg dw", { INSN(0xdb, 10, 2, -8, BPF_CMPXCHG) },
	  "(db) r0 = atomic64_cmpxchg((u64 *)(r10 -8), r0, r2)" },
	{ "cmpxchg w", { INSN(0xc3, 10, 5, -8, BPF_CMPXCHG) },
	  "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r5)" },
	{ "load_acquire b", { INSN(0xd3, 0, 1, 0, BPF_LOAD_ACQ) },
	  "(d3) r0 = load_acquire((u8 *)(r1 +0))" },
	{ "load_acquire dw", { INSN(0xdb, 1, 2, -8, BPF_LOAD_ACQ) },
	  "(db) r1 = load_acquire((u64 *)(r2 -8))" },
	{ "store_release h", { INSN(0xcb, 1, 3, 2, BPF_STORE_REL) },
	  "(cb) store_release((u16 *)(r1 +2), r3)" },
	{ "store_release w", { INSN(0xc3, 10, 0, -4, BPF_STORE_REL) },
	  "(c3) store_release((u32 *)(r10 -4), r0)" },
	{ "invalid atomic op", { INSN(0xdb, 1, 2, 0, 0x02) }, "BUG_db" },
	{ "atomic add without size check", { INSN(0xd3, 1, 2, 0, BPF_ADD) },
	  "(d3) lock *(u8 *)(r1 +0) += r2" },
};

START_TEST(disasm_insn__each_form__prints_kernel_text)
{
	const struct disasm_case *c = &disasm_cases[_i];
	u32 cnt = insn_is_ldimm64(&c->insns[0]) ? 2 : 1;
	char buf[128];
	int n;

	n = disasm_insn(buf, sizeof(buf), c->insns, cnt, 0, NULL);

	ck_assert_msg(n == (int)cnt, "%s: returned %d", c->what, n);
	ck_assert_msg(!strcmp(buf, c->text), "%s: got '%s', want '%s'", c->what, buf, c->text);
}
END_TEST

static const char *test_kfunc_name(void *ctx, const struct bpf_insn *insn)
{
	return insn->imm == 1234 ? (const char *)ctx : NULL;
}

static const char *test_map_text(void *ctx, const struct bpf_insn *insn, u64 imm)
{
	return insn->src_reg == BPF_PSEUDO_MAP_FD ? "map[id:3]" : NULL;
}

START_TEST(disasm_insn__callbacks__name_kfuncs_and_immediates)
{
	struct bpf_insn kf[] = { INSN(0x85, 0, 2, 0, 1234), INSN(0x85, 0, 2, 0, 99) };
	struct bpf_insn ld[] = { LDIMM64(1, BPF_PSEUDO_MAP_FD, 5, 0), LDIMM64(2, 0, 7, 0) };
	struct disasm_cbs cbs = {
		.kfunc_name = test_kfunc_name,
		.ctx = "bpf_obj_new_impl",
		.ldimm64_text = test_map_text,
	};
	char buf[128];

	disasm_insn(buf, sizeof(buf), kf, 2, 0, &cbs);
	ck_assert_str_eq(buf, "(85) call bpf_obj_new_impl#1234");
	disasm_insn(buf, sizeof(buf), kf, 2, 1, &cbs);
	ck_assert_str_eq(buf, "(85) call kernel-function#99");
	ck_assert_int_eq(disasm_insn(buf, sizeof(buf), ld, 4, 0, &cbs), 2);
	ck_assert_str_eq(buf, "(18) r1 = map[id:3]");
	disasm_insn(buf, sizeof(buf), ld, 4, 2, &cbs);
	ck_assert_str_eq(buf, "(18) r2 = 0x7");
}
END_TEST

START_TEST(disasm_insn__out_of_range_or_truncated__einval_and_empty)
{
	struct bpf_insn prog[] = { INSN(0x95, 0, 0, 0, 0), INSN(0x18, 1, 0, 0, 1) };
	char buf[16] = "junk";

	ck_assert_int_eq(disasm_insn(buf, sizeof(buf), prog, 2, 2, NULL), -EINVAL);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(disasm_insn(buf, sizeof(buf), prog, 2, 1, NULL), -EINVAL);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(disasm_insn__small_buffer__truncates_and_terminates)
{
	struct bpf_insn prog[] = { INSN(0xbf, 1, 6, 0, 0) };
	char buf[6];

	ck_assert_int_eq(disasm_insn(buf, sizeof(buf), prog, 1, 0, NULL), 1);
	ck_assert_str_eq(buf, "(bf) ");
}
END_TEST

/* Kernel log comparison */

struct klog_stats {
	u32 cases;		/* test cases with at least one instruction line */
	u32 lines;		/* instruction lines compared */
	u32 normalised;		/* of which compared after a documented normalisation */
	u32 mismatches;
};

/* Replaces everything after the first " = " (ld_imm64) or after "call " (kfunc) with @with. */
static void replace_tail(char *text, size_t size, const char *after, const char *with)
{
	char *p = strstr(text, after);

	if (p)
		snprintf(p + strlen(after), size - (p + strlen(after) - text), "%s", with);
}

static bool is_ptr_ldimm64(const struct bpf_insn *insn)
{
	if (!insn_is_ldimm64(insn))
		return false;
	switch (insn->src_reg) {
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_IDX_VALUE:
	case BPF_PSEUDO_BTF_ID:
		return true;
	}
	return false;
}

static void compare_log(int case_idx, const char *which, const char *log,
			const struct bpf_insn *insns, u32 cnt, struct klog_stats *st, bool *seen)
{
	const char *line = log, *nl;
	char ktext[256], ours[256];
	u32 idx;
	int n;

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (!klog_insn_line(line, nl ? (size_t)(nl - line) : strlen(line), &idx, ktext,
				     sizeof(ktext)))
			continue;
		*seen = true;
		st->lines++;
		n = disasm_insn(ours, sizeof(ours), insns, cnt, idx, NULL);
		if (n < 0) {
			snprintf(ours, sizeof(ours), "<disasm_insn: %d>", n);
		} else if (is_ptr_ldimm64(&insns[idx]) && strstr(ktext, " = 0x")) {
			/* Normalisation 1: resolve_pseudo_ldimm64() replaced the map fd / map value
			 * offset / BTF id by a kernel address before the log printed it; the address
			 * differs on every load. Compare "rN = <ptr>" on both sides. */
			replace_tail(ktext, sizeof(ktext), " = ", "<ptr>");
			replace_tail(ours, sizeof(ours), " = ", "<ptr>");
			st->normalised++;
		} else if (insns[idx].code == (BPF_JMP | BPF_CALL) &&
			   insns[idx].src_reg == BPF_PSEUDO_KFUNC_CALL && insns[idx].imm == 0 &&
			   strncmp(ktext, "(85) call ", 10) == 0) {
			/* Normalisation 2: the harness resolved the kfunc (imm is 0 in the data
			 * set, the kernel printed the BTF name and id it was given). Compare
			 * "call <kfunc>". */
			replace_tail(ktext, sizeof(ktext), "call ", "<kfunc>");
			replace_tail(ours, sizeof(ours), "call ", "<kfunc>");
			st->normalised++;
		}
		if (strcmp(ktext, ours)) {
			if (st->mismatches < 20)
				printf("disasm mismatch: case %d %s insn %u: kernel '%s' ours '%s'\n",
				       case_idx, which, idx, ktext, ours);
			st->mismatches++;
		}
	}
}

static void compare_case(const struct json *c, void *ctx)
{
	struct klog_stats *st = ctx;
	const struct json *idx = json_get(c, "index");
	const char *logs[2] = { json_str(json_get(json_get(c, "kernel_l1"), "log_tail")),
				json_str(json_get(c, "kernel_log_main")) };
	static const char *const names[2] = { "kernel_l1.log_tail", "kernel_log_main" };
	int case_idx = idx && idx->type == JSON_NUMBER ? (int)idx->number : -1;
	struct bpf_insn *insns;
	bool seen = false;
	u32 cnt, i;

	ck_assert_msg(selftests_insns(c, &insns, &cnt) == 0, "case %d: bad insns", case_idx);
	for (i = 0; i < 2; i++)
		if (logs[i])
			compare_log(case_idx, names[i], logs[i], insns, cnt, st, &seen);
	st->cases += seen;
	free(insns);
}

START_TEST(disasm_insn__kernel_selftest_logs__match_kernel_text)
{
	struct klog_stats st = { 0 };

	SELFTESTS_FOR_EACH_OR_SKIP(compare_case, &st);

	printf("disasm vs Linux 6.18 verifier logs: %u cases, %u instruction lines compared "
	       "(%u normalised), %u mismatches\n", st.cases, st.lines, st.normalised, st.mismatches);
	fflush(stdout);
	ck_assert_uint_gt(st.lines, 0);
	ck_assert_uint_eq(st.mismatches, 0);
}
END_TEST

START_TEST(klog_first_error__stack_liveness_lines__skipped)
{
	/* log_level 2 tails of 6.18 logs: stack liveness lines around the error */
	static const char before[] =
		"18: (95) exit\n"
		"(0) frame 0 insn 14 +live -8,-16,-24,-32,-40,-48,-56,-64 \n"
		"(0) live stack update done in 2 iterations\n"
		"combined stack size of 3 calls is 576. Too large\n"
		"processed 51 insns (limit 1000000) max_states_per_insn 0 total_states 2\n";
	static const char after[] =
		"14: (85) call pc+5\n"
		"R1 invalid mem access 'scalar'\n"
		"(1) frame 1 insn 20 +live -8\n"
		"processed 15 insns (limit 1000000) max_states_per_insn 0 total_states 1\n";
	char buf[128];

	klog_first_error(before, buf, sizeof(buf));
	ck_assert_str_eq(buf, "combined stack size of 3 calls is 576. Too large");
	klog_first_error(after, buf, sizeof(buf));
	ck_assert_str_eq(buf, "R1 invalid mem access 'scalar'");
}
END_TEST

START_TEST(klog_error_insn__line_above_the_error)
{
	/* log_level 1 tails of 6.18 logs */
	static const char two_lines[] =
		"10: (0f) r0 += r1                     ; R0=map_value(ks=8,vs=48)\n"
		"11: (7a) *(u64 *)(r0 +0) = 4\n"
		"invalid access to map value, value_size=48 off=1008 size=8\n"
		"R0 max value is outside of the allowed memory range\n"
		"processed 11 insns (limit 1000000) max_states_per_insn 0 total_states 1\n";
	static const char with_source[] =
		"5: (0f) r1 += r5                      ; R1=9 R5=1\n"
		"; for (int i = 0; i < 32; i++) { @ state_explosion.bpf.c:21\n"
		"6: (07) r2 += 1\n"
		"BPF program is too large. Processed 1000001 insn\n"
		"processed 1000001 insns (limit 1000000) max_states_per_insn 24\n";
	static const char before_walk[] =
		"back-edge from insn 3 to 1\n"
		"processed 0 insns (limit 1000000) max_states_per_insn 0 total_states 0\n";
	static const char glued_loop[] =
		"3: (15) if r0 == 0x0 goto pc-3 infinite loop detected at insn 1\n"
		"cur state: R0=0 R6=ctx() R10=fp0\n"
		"old state: R0=0 R6=ctx() R10=fp0\n"
		"processed 14 insns (limit 1000000) max_states_per_insn 0 total_states 1\n";
	static const char too_large_after_goto[] =
		"2: (07) r0 += 1                       ; R0=0x7a124\n"
		"3: (05) goto pc-2\n"
		"BPF program is too large. Processed 1000001 insn\n"
		"processed 1000001 insns (limit 1000000) max_states_per_insn 4\n";
	static const char too_large_after_branch[] =
		"3: (a5) if r0 < 0x2 goto pc+1         ; R0=1\n"
		"BPF program is too large. Processed 1000001 insn\n";
	u32 idx = ~0u;

	ck_assert(klog_error_insn(glued_loop, &idx));
	ck_assert_uint_eq(idx, 1);
	ck_assert(klog_error_insn(too_large_after_goto, &idx));
	ck_assert_uint_eq(idx, 2);
	ck_assert(!klog_error_insn(too_large_after_branch, &idx));
	ck_assert(klog_error_insn(two_lines, &idx));
	ck_assert_uint_eq(idx, 11);
	ck_assert(klog_error_insn(with_source, &idx));	/* the insn after 6 */
	ck_assert_uint_eq(idx, 7);
	ck_assert(!klog_error_insn(before_walk, &idx));
	ck_assert(!klog_error_insn("", &idx));
	ck_assert(!klog_error_insn(NULL, &idx));
}
END_TEST

START_TEST(klog_insn_line__state_suffixes__are_stripped)
{
	static const struct {
		const char *line;
		u32 idx;
		const char *text;
	} rows[] = {
		{ "7: (71) r1 = *(u8 *)(r0 +0)           ; R0=map_value(ks=8,vs=48)", 7,
		  "(71) r1 = *(u8 *)(r0 +0)" },
		{ "9: (2d) if r2 > r1 goto pc+1 11: R0=map_value(ks=8,vs=48)", 9,
		  "(2d) if r2 > r1 goto pc+1" },
		{ "19: (55) if r0 != 0x0 goto pc+1 21: frame1: R0=map_value(ks=8,vs=8)", 19,
		  "(55) if r0 != 0x0 goto pc+1" },
		{ "2: (40) r0 = *(u32 *)skb[r1 + -2097152]       ; R0=scalar()", 2,
		  "(40) r0 = *(u32 *)skb[r1 + -2097152]" },
		{ "0: (95) exit", 0, "(95) exit" },
		{ "4: BUG_db", 4, "BUG_db" },
		{ "3: (15) if r0 == 0x0 goto pc-3 infinite loop detected at insn 1", 3,
		  "(15) if r0 == 0x0 goto pc-3" },
	};
	char text[128];
	u32 idx, i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		ck_assert(klog_insn_line(rows[i].line, strlen(rows[i].line), &idx, text,
					      sizeof(text)));
		ck_assert_uint_eq(idx, rows[i].idx);
		ck_assert_str_eq(text, rows[i].text);
	}
	ck_assert(!klog_insn_line("0: R1=ctx() R10=fp0", 19, &idx, text, sizeof(text)));
	ck_assert(!klog_insn_line("from 6 to 11: R0=0", 18, &idx, text, sizeof(text)));
	ck_assert(!klog_insn_line("5: frame1: R1=ctx()", 19, &idx, text, sizeof(text)));
	ck_assert(!klog_insn_line("processed 11 insns", 18, &idx, text, sizeof(text)));
}
END_TEST

Suite *disasm_suite(void)
{
	Suite *s = suite_create("disasm");
	TCase *tc;

	tc = tcase_create("forms");
	tcase_add_loop_test(tc, disasm_insn__each_form__prints_kernel_text, 0,
			    ARRAY_SIZE(disasm_cases));
	tcase_add_test(tc, disasm_insn__callbacks__name_kfuncs_and_immediates);
	tcase_add_test(tc, disasm_insn__out_of_range_or_truncated__einval_and_empty);
	tcase_add_test(tc, disasm_insn__small_buffer__truncates_and_terminates);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel_log");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, klog_insn_line__state_suffixes__are_stripped);
	tcase_add_test(tc, klog_first_error__stack_liveness_lines__skipped);
	tcase_add_test(tc, klog_error_insn__line_above_the_error);
	tcase_add_test(tc, disasm_insn__kernel_selftest_logs__match_kernel_text);
	suite_add_tcase(s, tc);
	return s;
}
