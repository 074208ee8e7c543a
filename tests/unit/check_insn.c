/* Tests of src/isa/insn.c and src/isa/helpers.c: decoding, the kernel's decode-time checks
 * with its exact messages (one table row per invalid form), and the same checks against the
 * verdicts and logs of Linux 6.18 recorded in the kernel selftest data set. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/disasm.h"
#include "isa/helpers.h"
#include "isa/insn.h"
#include "json.h"
#include "report/klog.h"
#include "selftests_lib.h"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define LDIMM64(d, s, lo, hi) INSN(BPF_LD | BPF_IMM | BPF_DW, d, s, 0, lo), INSN(0, 0, 0, 0, hi)

/* Helpers */

START_TEST(helper_name__known_ids__kernel_names)
{
	ck_assert_str_eq(helper_name(0), "bpf_unspec");
	ck_assert_str_eq(helper_name(1), "bpf_map_lookup_elem");
	ck_assert_str_eq(helper_name(12), "bpf_tail_call");
	ck_assert_str_eq(helper_name(113), "bpf_probe_read_kernel");
	ck_assert_str_eq(helper_name(194), "bpf_kptr_xchg");
	ck_assert_str_eq(helper_name(209), "bpf_user_ringbuf_drain");
	ck_assert_str_eq(helper_name(210), "bpf_cgrp_storage_get");
	ck_assert_str_eq(helper_name(211), "bpf_cgrp_storage_delete");
}
END_TEST

START_TEST(helper_name__past_the_table__null)
{
	ck_assert_uint_eq(helper_count(), 212);
	ck_assert_ptr_null(helper_name(212));
	ck_assert_ptr_null(helper_name(UINT32_MAX));
}
END_TEST

START_TEST(helper_name__every_id_below_count__named)
{
	u32 i;

	for (i = 0; i < helper_count(); i++) {
		ck_assert_ptr_nonnull(helper_name(i));
		ck_assert(!strncmp(helper_name(i), "bpf_", 4));
	}
}
END_TEST

/* Decoding */

struct decode_case {
	const char *what;
	struct bpf_insn insns[2];
	enum insn_kind kind;
	u8 size, width, slots;
	bool src_is_reg, is_signed;
	s32 jmp_off;
	u64 imm64;
};

static const struct decode_case decode_cases[] = {
	{ "alu64 add reg", { INSN(0x0f, 0, 1, 0, 0) }, INSN_ALU, 0, 64, 1, true, false, 0, 0 },
	{ "alu32 add imm", { INSN(0x04, 1, 0, 0, -1) }, INSN_ALU, 0, 32, 1, false, false, 0, ~0ull },
	{ "sdiv", { INSN(0x3f, 1, 2, 1, 0) }, INSN_ALU, 0, 64, 1, true, true, 0, 0 },
	{ "mov", { INSN(0xbf, 1, 2, 0, 0) }, INSN_MOV, 0, 64, 1, true, false, 0, 0 },
	{ "movsx", { INSN(0xbf, 1, 2, 16, 0) }, INSN_MOVSX, 0, 64, 1, true, true, 0, 0 },
	{ "addr_space_cast", { INSN(0xbf, 1, 2, 1, 1) }, INSN_ADDR_SPACE_CAST, 0, 64, 1, true, false,
	  0, 1 },
	{ "neg", { INSN(0x87, 1, 0, 0, 0) }, INSN_NEG, 0, 64, 1, false, false, 0, 0 },
	{ "end", { INSN(0xdc, 1, 0, 0, 32) }, INSN_END, 0, 32, 1, false, false, 0, 32 },
	{ "bswap", { INSN(0xd7, 1, 0, 0, 64) }, INSN_BSWAP, 0, 64, 1, false, false, 0, 64 },
	{ "bswap with be bit is not in the table", { INSN(0xdf, 1, 0, 0, 64) }, INSN_INVALID, 0, 64,
	  1, false, false, 0, 64 },
	{ "ldx", { INSN(0x69, 1, 2, 4, 0) }, INSN_LDX, 2, 64, 1, false, false, 0, 0 },
	{ "ldsx", { INSN(0x81, 1, 2, 4, 0) }, INSN_LDSX, 4, 64, 1, false, true, 0, 0 },
	{ "st", { INSN(0x72, 10, 0, -1, 7) }, INSN_ST, 1, 64, 1, false, false, 0, 7 },
	{ "stx", { INSN(0x7b, 10, 1, -8, 0) }, INSN_STX, 8, 64, 1, false, false, 0, 0 },
	{ "atomic", { INSN(0xc3, 1, 2, 0, BPF_ADD) }, INSN_ATOMIC, 4, 64, 1, false, false, 0, 0 },
	{ "nospec", { INSN(0xc2, 0, 0, 0, 0) }, INSN_NOSPEC, 4, 64, 1, false, false, 0, 0 },
	{ "ld_imm64", { LDIMM64(1, 0, 0x89abcdef, 0x01234567) }, INSN_LD_IMM64, 0, 64, 2, false,
	  false, 0, 0x0123456789abcdefull },
	{ "ld_abs", { INSN(0x28, 0, 0, 0, 12) }, INSN_LD_ABS, 2, 64, 1, false, false, 0, 12 },
	{ "ld_ind", { INSN(0x40, 0, 3, 0, 2) }, INSN_LD_IND, 4, 64, 1, false, false, 0, 2 },
	{ "ja", { INSN(0x05, 0, 0, -3, 0) }, INSN_JA, 0, 64, 1, false, false, -3, 0 },
	{ "gotol", { INSN(0x06, 0, 0, 0, 70000) }, INSN_JA, 0, 32, 1, false, false, 70000, 70000 },
	{ "jmp32 cond", { INSN(0x5e, 1, 2, 9, 0) }, INSN_JMP_COND, 0, 32, 1, true, false, 9, 0 },
	{ "may_goto", { INSN(0xe5, 0, 0, 4, 0) }, INSN_MAY_GOTO, 0, 64, 1, false, false, 4, 0 },
	{ "helper call", { INSN(0x85, 0, 0, 0, 1) }, INSN_CALL, 0, 64, 1, false, false, 0, 1 },
	{ "pseudo call", { INSN(0x85, 0, 1, 0, -5) }, INSN_CALL_PSEUDO, 0, 64, 1, false, false, -5,
	  (u64)-5 },
	{ "kfunc call", { INSN(0x85, 0, 2, 1, 77) }, INSN_CALL_KFUNC, 0, 64, 1, false, false, 0, 77 },
	{ "exit", { INSN(0x95, 0, 0, 0, 0) }, INSN_EXIT, 0, 64, 1, false, false, 0, 0 },
	{ "call with reg bit is not in the table", { INSN(0x8d, 0, 0, 0, 0) }, INSN_INVALID, 0, 64, 1,
	  false, false, 0, 0 },
	{ "jmp32 exit is not in the table", { INSN(0x96, 0, 0, 0, 0) }, INSN_INVALID, 0, 32, 1,
	  false, false, 0, 0 },
};

START_TEST(insn_decode__each_form__fields_and_kind)
{
	const struct decode_case *c = &decode_cases[_i];
	u32 cnt = insn_is_ldimm64(&c->insns[0]) ? 2 : 1;
	struct insn d;

	ck_assert_int_eq(insn_decode(c->insns, cnt, 0, &d), 0);

	ck_assert_msg(d.kind == c->kind, "%s: kind %d, want %d", c->what, d.kind, c->kind);
	ck_assert_msg(d.size == c->size, "%s: size %u", c->what, d.size);
	ck_assert_msg(d.width == c->width, "%s: width %u", c->what, d.width);
	ck_assert_msg(d.slots == c->slots, "%s: slots %u", c->what, d.slots);
	ck_assert_msg(d.src_is_reg == c->src_is_reg, "%s: src_is_reg", c->what);
	ck_assert_msg(d.is_signed == c->is_signed, "%s: is_signed", c->what);
	ck_assert_msg(d.jmp_off == c->jmp_off, "%s: jmp_off %d", c->what, d.jmp_off);
	ck_assert_msg(d.imm64 == c->imm64, "%s: imm64 %#llx", c->what, (unsigned long long)d.imm64);
	ck_assert_uint_eq(d.code, c->insns[0].code);
	ck_assert_uint_eq(d.dst, c->insns[0].dst_reg);
	ck_assert_uint_eq(d.src, c->insns[0].src_reg);
	ck_assert_int_eq(d.off, c->insns[0].off);
	ck_assert_int_eq(d.imm, c->insns[0].imm);
}
END_TEST

START_TEST(insn_decode__end_direction__to_be_flag)
{
	struct bpf_insn le = INSN(0xd4, 1, 0, 0, 16), be = INSN(0xdc, 1, 0, 0, 16);
	struct insn d;

	insn_decode(&le, 1, 0, &d);
	ck_assert(!d.to_be);
	insn_decode(&be, 1, 0, &d);
	ck_assert(d.to_be);
}
END_TEST

START_TEST(insn_decode__out_of_range_or_truncated_ldimm64__einval)
{
	struct bpf_insn prog[] = { INSN(0x95, 0, 0, 0, 0), INSN(0x18, 1, 0, 0, 0) };
	struct insn d;

	ck_assert_int_eq(insn_decode(prog, 2, 2, &d), -EINVAL);
	ck_assert_int_eq(insn_decode(prog, 2, 1, &d), -EINVAL);
	ck_assert_int_eq(insn_decode(prog, 0, 0, &d), -EINVAL);
}
END_TEST

START_TEST(insn_size_bytes__each_size__bytes)
{
	ck_assert_uint_eq(insn_size_bytes(BPF_LDX | BPF_MEM | BPF_B), 1);
	ck_assert_uint_eq(insn_size_bytes(BPF_LDX | BPF_MEM | BPF_H), 2);
	ck_assert_uint_eq(insn_size_bytes(BPF_LDX | BPF_MEM | BPF_W), 4);
	ck_assert_uint_eq(insn_size_bytes(BPF_LDX | BPF_MEM | BPF_DW), 8);
}
END_TEST

START_TEST(insn_opcode_valid__table__counts_kernel_opcodes)
{
	u32 code, n = 0;

	/* 2 classes x 12 ALU ops x {X,K} + neg, le, be (ALU) + neg, le (ALU64) = 53; call, exit;
	 * 2 x 11 conditions x {X,K} = 44; ja, gotol; 4 x {atomic, stx, st, ldx} + 3 ldsx = 19;
	 * ld_imm64, 6 ld_abs/ind, may_goto */
	for (code = 0; code < 256; code++)
		n += insn_opcode_valid(code);
	ck_assert_uint_eq(n, 53 + 2 + 44 + 2 + 19 + 1 + 6 + 1);
}
END_TEST

/* Validation: one row per form; a NULL msg means the kernel accepts the encoding */

struct check_case {
	const char *what;
	struct bpf_insn insns[2];
	u32 cnt;
	enum insn_phase phase;	/* where the message comes from */
	const char *msg;
};

#define OK(what, ...) { what, { __VA_ARGS__ }, 0, INSN_PHASE_VERIFY, NULL }
#define LOAD(what, msg, ...) { what, { __VA_ARGS__ }, 0, INSN_PHASE_LOAD, msg }
#define VERIFY(what, msg, ...) { what, { __VA_ARGS__ }, 0, INSN_PHASE_VERIFY, msg }

static const struct check_case check_cases[] = {
	/* accepted encodings */
	OK("mov64 reg", INSN(0xbf, 1, 6, 0, 0)),
	OK("mov32 imm", INSN(0xb4, 0, 0, 0, 5)),
	OK("movsx32 s16", INSN(0xbc, 1, 2, 16, 0)),
	OK("movsx64 s32", INSN(0xbf, 1, 2, 32, 0)),
	OK("addr_space_cast to as 0", INSN(0xbf, 1, 2, 1, 1)),
	OK("addr_space_cast to as 1", INSN(0xbf, 1, 2, 1, 1 << 16)),
	OK("sdiv imm", INSN(0x37, 1, 0, 1, -3)),
	OK("smod32 reg", INSN(0x9c, 1, 2, 1, 0)),
	OK("div by register zero is a runtime matter", INSN(0x3f, 1, 2, 0, 0)),
	OK("shift by 63", INSN(0x67, 1, 0, 0, 63)),
	OK("shift32 by 31", INSN(0x74, 1, 0, 0, 31)),
	OK("shift by register", INSN(0x7f, 1, 2, 0, 0)),
	OK("neg32", INSN(0x84, 1, 0, 0, 0)),
	OK("le16", INSN(0xd4, 1, 0, 0, 16)),
	OK("be32", INSN(0xdc, 1, 0, 0, 32)),
	OK("bswap64", INSN(0xd7, 1, 0, 0, 64)),
	OK("ldx dw", INSN(0x79, 0, 10, -8, 0)),
	OK("ldsx b", INSN(0x91, 0, 1, 3, 0)),
	OK("st b", INSN(0x72, 10, 0, -1, 7)),
	OK("stx h", INSN(0x6b, 10, 1, -2, 0)),
	OK("atomic fetch add w", INSN(0xc3, 1, 2, 0, BPF_ADD | BPF_FETCH)),
	OK("atomic cmpxchg dw", INSN(0xdb, 1, 2, 0, BPF_CMPXCHG)),
	OK("load_acquire b", INSN(0xd3, 0, 1, 0, BPF_LOAD_ACQ)),
	OK("store_release h", INSN(0xcb, 1, 2, 0, BPF_STORE_REL)),
	OK("ld_imm64", LDIMM64(1, 0, 1, 2)),
	OK("ld_imm64 map fd", LDIMM64(1, BPF_PSEUDO_MAP_FD, 3, 0)),
	OK("ld_imm64 map value", LDIMM64(1, BPF_PSEUDO_MAP_VALUE, 3, 47)),
	OK("ld_imm64 map idx", LDIMM64(1, BPF_PSEUDO_MAP_IDX, 0, 0)),
	OK("ld_imm64 btf id", LDIMM64(1, BPF_PSEUDO_BTF_ID, 5, 0)),
	OK("ld_imm64 func", LDIMM64(1, BPF_PSEUDO_FUNC, 5, 0)),
	OK("ld_abs", INSN(0x30, 0, 0, 0, 14)),
	OK("ld_ind", INSN(0x50, 0, 2, 0, 14)),
	OK("goto", INSN(0x05, 0, 0, -2, 0)),
	OK("gotol", INSN(0x06, 0, 0, 0, -2)),
	OK("may_goto", INSN(0xe5, 0, 0, 2, 0)),
	OK("may_goto 0", INSN(0xe5, 0, 0, 0, 0)),
	OK("jeq imm", INSN(0x15, 1, 0, 2, 7)),
	OK("jmp32 jset reg", INSN(0x4e, 1, 2, 2, 0)),
	OK("helper call", INSN(0x85, 0, 0, 0, 1)),
	OK("pseudo call", INSN(0x85, 0, 1, 0, 3)),
	OK("kfunc call with btf fd index", INSN(0x85, 0, 2, 1, 77)),
	OK("exit", INSN(0x95, 0, 0, 0, 0)),

	/* resolve_pseudo_ldimm64(): load phase */
	LOAD("ldx with imm mode", "BPF_LDX uses reserved fields", INSN(0x01, 0, 0, 0, 0)),
	LOAD("ldx with imm set", "BPF_LDX uses reserved fields", INSN(0x61, 0, 1, 0, 1)),
	LOAD("ldsx with imm set", "BPF_LDX uses reserved fields", INSN(0x91, 0, 1, 0, 1)),
	{ "ld_imm64 as the last slot", { INSN(0x18, 0, 0, 0, 0) }, 1, INSN_PHASE_LOAD,
	  "invalid bpf_ld_imm64 insn" },
	LOAD("ld_imm64 second slot with code", "invalid bpf_ld_imm64 insn",
	     INSN(0x18, 0, 0, 0, 0), INSN(0x18, 0, 0, 0, 0)),
	LOAD("ld_imm64 second slot with dst", "invalid bpf_ld_imm64 insn",
	     INSN(0x18, 0, 0, 0, 0), INSN(0, 1, 0, 0, 0)),
	LOAD("ld_imm64 second slot with src", "invalid bpf_ld_imm64 insn",
	     INSN(0x18, 0, 0, 0, 0), INSN(0, 0, 1, 0, 0)),
	LOAD("ld_imm64 second slot with off", "invalid bpf_ld_imm64 insn",
	     INSN(0x18, 1, 2, 0, 0), INSN(0, 0, 0, -1, 47)),
	LOAD("ld_imm64 unknown pseudo src", "unrecognized bpf_ld_imm64 insn",
	     LDIMM64(1, 7, 0, 0)),
	LOAD("ld_imm64 map fd with high imm", "unrecognized bpf_ld_imm64 insn",
	     LDIMM64(1, BPF_PSEUDO_MAP_FD, 3, 0x2f)),
	LOAD("ld_imm64 map idx with high imm", "unrecognized bpf_ld_imm64 insn",
	     LDIMM64(1, BPF_PSEUDO_MAP_IDX, 0, 1)),
	LOAD("ld_imm64 map value past 1 << 29", "direct value offset of 536870912 is not allowed",
	     LDIMM64(1, BPF_PSEUDO_MAP_VALUE, 3, 1 << 29)),
	LOAD("ld_imm64 map value negative offset", "direct value offset of 4294967295 is not allowed",
	     LDIMM64(1, BPF_PSEUDO_MAP_IDX_VALUE, 0, -1)),
	LOAD("code 0", "unknown opcode 00", INSN(0x00, 0, 0, 0, 0)),
	LOAD("call with reg bit", "unknown opcode 8d", INSN(0x8d, 0, 0, 0, 0)),
	LOAD("code ff", "unknown opcode ff", INSN(0xff, 15, 15, -1, -1)),
	LOAD("ld_abs dw", "unknown opcode 38", INSN(0x38, 0, 0, 0, 0)),
	LOAD("ld_ind dw", "unknown opcode 58", INSN(0x58, 0, 0, 0, 0)),
	LOAD("bswap with be bit", "unknown opcode df", INSN(0xdf, 1, 0, 0, 16)),
	LOAD("neg with reg bit", "unknown opcode 8f", INSN(0x8f, 1, 0, 0, 0)),
	LOAD("jmp32 call", "unknown opcode 86", INSN(0x86, 0, 0, 0, 1)),
	LOAD("jmp32 exit", "unknown opcode 96", INSN(0x96, 0, 0, 0, 0)),
	LOAD("gotox is not in 6.18", "unknown opcode 0d", INSN(0x0d, 1, 0, 0, 0)),
	LOAD("ldsx dw", "unknown opcode 99", INSN(0x99, 1, 2, 0, 0)),
	LOAD("nospec is kernel-internal", "unknown opcode c2", INSN(0xc2, 0, 0, 0, 0)),
	LOAD("jmp32 jcond", "unknown opcode e6", INSN(0xe6, 0, 0, 0, 0)),
	LOAD("alu op e0", "unknown opcode e7", INSN(0xe7, 1, 0, 0, 0)),
	LOAD("stx without mode", "unknown opcode 03", INSN(0x03, 1, 2, 0, 0)),
	LOAD("st atomic", "unknown opcode c2", INSN(0xc2, 1, 0, 0, BPF_ADD)),

	/* do_check_insn(): verify phase, ALU */
	VERIFY("alu reg with imm", "BPF_ALU uses reserved fields", INSN(0x0f, 1, 2, 0, 1)),
	VERIFY("alu imm with src", "BPF_ALU uses reserved fields", INSN(0x07, 1, 2, 0, 1)),
	VERIFY("add with off 1", "BPF_ALU uses reserved fields", INSN(0x07, 1, 0, 1, 1)),
	VERIFY("mul with off 1", "BPF_ALU uses reserved fields", INSN(0x2f, 1, 2, 1, 0)),
	VERIFY("div with off 2", "BPF_ALU uses reserved fields", INSN(0x3f, 1, 2, 2, 0)),
	VERIFY("fields before registers", "BPF_ALU uses reserved fields",
	       INSN(0x7f, 15, 15, -1, -1)),
	VERIFY("neg with imm", "BPF_NEG uses reserved fields", INSN(0x87, 1, 0, 0, 1)),
	VERIFY("neg with src", "BPF_NEG uses reserved fields", INSN(0x84, 1, 1, 0, 0)),
	VERIFY("neg with off", "BPF_NEG uses reserved fields", INSN(0x87, 1, 0, 1, 0)),
	VERIFY("end with width 8", "BPF_END uses reserved fields", INSN(0xd4, 1, 0, 0, 8)),
	VERIFY("end with src", "BPF_END uses reserved fields", INSN(0xdc, 1, 2, 0, 16)),
	VERIFY("bswap with off", "BPF_END uses reserved fields", INSN(0xd7, 1, 0, 1, 16)),
	VERIFY("mov32 reg with off 32", "BPF_MOV uses reserved fields", INSN(0xbc, 1, 2, 32, 0)),
	VERIFY("mov64 reg with off 7", "BPF_MOV uses reserved fields", INSN(0xbf, 1, 2, 7, 0)),
	VERIFY("mov64 reg with imm", "BPF_MOV uses reserved fields", INSN(0xbf, 1, 2, 0, 1)),
	VERIFY("percpu mov is kernel-internal", "BPF_MOV uses reserved fields",
	       INSN(0xbf, 1, 2, -1, 0)),
	VERIFY("mov imm with src", "BPF_MOV uses reserved fields", INSN(0xb7, 1, 2, 0, 0)),
	VERIFY("mov imm with off", "BPF_MOV uses reserved fields", INSN(0xb4, 1, 0, 8, 0)),
	VERIFY("addr_space_cast between 1 and 2",
	       "addr_space_cast insn can only convert between address space 1 and 0",
	       INSN(0xbf, 1, 2, 1, 2)),
	VERIFY("div by zero", "div by zero", INSN(0x37, 1, 0, 0, 0)),
	VERIFY("mod32 by zero", "div by zero", INSN(0x94, 1, 0, 0, 0)),
	VERIFY("sdiv by zero", "div by zero", INSN(0x37, 1, 0, 1, 0)),
	VERIFY("shift by 64", "invalid shift 64", INSN(0x67, 1, 0, 0, 64)),
	VERIFY("shift32 by 32", "invalid shift 32", INSN(0x64, 1, 0, 0, 32)),
	VERIFY("negative arsh", "invalid shift -1", INSN(0xc7, 1, 0, 0, -1)),
	VERIFY("alu src register 15", "R15 is invalid", INSN(0x0f, 1, 15, 0, 0)),
	VERIFY("alu src before dst", "R12 is invalid", INSN(0x0f, 11, 12, 0, 0)),
	VERIFY("alu dst register 11", "R11 is invalid", INSN(0x07, 11, 0, 0, 1)),
	VERIFY("mov reads src", "R15 is invalid", INSN(0xbf, 0, 15, 0, 0)),
	VERIFY("mov imm dst", "R11 is invalid", INSN(0xb7, 11, 0, 0, 0)),
	VERIFY("neg dst", "R12 is invalid", INSN(0x87, 12, 0, 0, 0)),
	VERIFY("register before div by zero", "R11 is invalid", INSN(0x37, 11, 0, 0, 0)),

	/* memory */
	VERIFY("ldx src register", "R12 is invalid", INSN(0x71, 0, 12, 0, 0)),
	VERIFY("ldx dst register", "R11 is invalid", INSN(0x71, 11, 1, 0, 0)),
	VERIFY("stx src register", "R15 is invalid", INSN(0x73, 10, 15, -1, 0)),
	VERIFY("stx dst register", "R14 is invalid", INSN(0x73, 14, 10, -1, 0)),
	VERIFY("st dst register", "R14 is invalid", INSN(0x72, 14, 0, -1, -1)),
	VERIFY("stx with imm", "BPF_STX uses reserved fields", INSN(0x63, 10, 1, -4, 1)),
	VERIFY("st with src", "BPF_ST uses reserved fields", INSN(0x62, 10, 1, -4, 1)),
	VERIFY("atomic add on bytes", "invalid atomic operand size", INSN(0xd3, 1, 2, 0, BPF_ADD)),
	VERIFY("atomic xchg on halves", "invalid atomic operand size",
	       INSN(0xcb, 1, 2, 0, BPF_XCHG)),
	VERIFY("atomic op 2", "BPF_ATOMIC uses invalid atomic opcode 02", INSN(0xdb, 1, 2, 0, 2)),
	VERIFY("atomic op 0x101", "BPF_ATOMIC uses invalid atomic opcode 101",
	       INSN(0xdb, 1, 2, 0, 0x101)),
	VERIFY("atomic src register", "R11 is invalid", INSN(0xdb, 1, 11, 0, BPF_ADD)),
	VERIFY("load_acquire dst register", "R13 is invalid", INSN(0xd3, 13, 1, 0, BPF_LOAD_ACQ)),

	/* loads of immediates, packet loads */
	VERIFY("ld_imm64 with off", "BPF_LD_IMM64 uses reserved fields",
	       INSN(0x18, 1, 2, 1, 0), INSN(0, 0, 0, 0, 47)),
	VERIFY("ld_imm64 dst register", "R11 is invalid", LDIMM64(11, 0, 0, 0)),
	VERIFY("ld_abs with dst", "BPF_LD_[ABS|IND] uses reserved fields", INSN(0x20, 1, 0, 0, 0)),
	VERIFY("ld_abs with src", "BPF_LD_[ABS|IND] uses reserved fields", INSN(0x30, 0, 1, 0, 0)),
	VERIFY("ld_ind with off", "BPF_LD_[ABS|IND] uses reserved fields", INSN(0x40, 0, 1, 1, 0)),
	VERIFY("ld_ind src register", "R13 is invalid", INSN(0x50, 0, 13, 0, 0)),

	/* jumps and calls */
	VERIFY("call with off", "BPF_CALL uses reserved fields", INSN(0x85, 0, 0, 1, 1)),
	VERIFY("call with dst", "BPF_CALL uses reserved fields", INSN(0x85, 1, 0, 0, 1)),
	VERIFY("call with src 3", "BPF_CALL uses reserved fields", INSN(0x85, 0, 3, 0, 0)),
	VERIFY("pseudo call with off", "BPF_CALL uses reserved fields", INSN(0x85, 0, 1, -1, 2)),
	VERIFY("goto with imm", "BPF_JA uses reserved fields", INSN(0x05, 0, 0, 0, 1)),
	VERIFY("goto with dst", "BPF_JA uses reserved fields", INSN(0x05, 1, 0, 0, 0)),
	VERIFY("goto with src", "BPF_JA uses reserved fields", INSN(0x05, 0, 1, 0, 0)),
	VERIFY("gotol with off", "BPF_JA uses reserved fields", INSN(0x06, 0, 0, 1, 0)),
	VERIFY("exit with imm", "BPF_EXIT uses reserved fields", INSN(0x95, 0, 0, 0, 1)),
	VERIFY("exit with dst", "BPF_EXIT uses reserved fields", INSN(0x95, 1, 0, 0, 0)),
	VERIFY("may_goto with imm", "invalid may_goto imm 5", INSN(0xe5, 0, 0, 1, 5)),
	VERIFY("jcond with src 1", "invalid may_goto imm 0", INSN(0xe5, 0, 1, 1, 0)),
	VERIFY("may_goto with dst", "invalid may_goto imm 0", INSN(0xe5, 1, 0, 1, 0)),
	VERIFY("jump reg with imm", "BPF_JMP/JMP32 uses reserved fields", INSN(0x1d, 1, 2, 0, 1)),
	VERIFY("jump imm with src", "BPF_JMP/JMP32 uses reserved fields", INSN(0x15, 1, 2, 0, 1)),
	VERIFY("jmp32 imm with src", "BPF_JMP/JMP32 uses reserved fields", INSN(0x16, 1, 2, 0, 1)),
	VERIFY("jump reads dst before the fields", "R11 is invalid", INSN(0x15, 11, 2, 0, 1)),
	VERIFY("jump src register", "R12 is invalid", INSN(0x1d, 1, 12, 0, 0)),
};

START_TEST(insn_check__each_form__kernel_verdict_and_message)
{
	const struct check_case *c = &check_cases[_i];
	u32 cnt = c->cnt ? c->cnt : insn_is_ldimm64(&c->insns[0]) ? 2 : 1;
	char msg[128] = "junk";
	int err;

	err = insn_check(c->insns, cnt, 0, msg, sizeof(msg));

	if (!c->msg) {
		ck_assert_msg(err == 0, "%s: rejected with '%s'", c->what, msg);
		ck_assert_str_eq(msg, "");
		return;
	}
	ck_assert_msg(err == -EINVAL, "%s: accepted", c->what);
	ck_assert_msg(!strcmp(msg, c->msg), "%s: got '%s', want '%s'", c->what, msg, c->msg);
	/* the message belongs to the phase the row names; a verify-phase form passes the load */
	err = insn_check_phase(c->insns, cnt, 0, c->phase, msg, sizeof(msg));
	ck_assert_msg(err == -EINVAL && !strcmp(msg, c->msg), "%s: not a %s-phase message",
		      c->what, c->phase == INSN_PHASE_LOAD ? "load" : "verify");
	if (c->phase == INSN_PHASE_VERIFY) {
		err = insn_check_phase(c->insns, cnt, 0, INSN_PHASE_LOAD, msg, sizeof(msg));
		ck_assert_msg(err == 0, "%s: load phase says '%s'", c->what, msg);
	}
}
END_TEST

START_TEST(insn_check_program__walks_like_the_kernel__first_bad_slot)
{
	/* the zero second slot of a ld_imm64 is not an "unknown opcode 00" */
	struct bpf_insn good[] = { LDIMM64(1, 0, 0, 0), INSN(0x95, 0, 0, 0, 0) };
	/* a slot after a two-slot ld_imm64 with a bad second slot */
	struct bpf_insn bad_ld[] = { INSN(0xb7, 0, 0, 0, 1), INSN(0x18, 1, 2, 0, 0),
				     INSN(0, 0, 0, 1, 47), INSN(0x95, 0, 0, 0, 0) };
	/* LDX reserved fields at slot 1 win over the unknown opcode at slot 2 */
	struct bpf_insn first[] = { INSN(0xb7, 0, 0, 0, 0), INSN(0x01, 0, 0, 0, 0),
				    INSN(0xff, 0, 0, 0, 0), INSN(0x95, 0, 0, 0, 0) };
	char msg[64];
	u32 bad = 99;

	ck_assert_int_eq(insn_check_program(good, 3, &bad, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(bad, 99);
	ck_assert_int_eq(insn_check_program(bad_ld, 4, &bad, msg, sizeof(msg)), -EINVAL);
	ck_assert_uint_eq(bad, 1);
	ck_assert_str_eq(msg, "invalid bpf_ld_imm64 insn");
	ck_assert_int_eq(insn_check_program(first, 4, &bad, msg, sizeof(msg)), -EINVAL);
	ck_assert_uint_eq(bad, 1);
	ck_assert_str_eq(msg, "BPF_LDX uses reserved fields");
}
END_TEST

START_TEST(insn_check__null_message_buffer__still_returns_verdict)
{
	struct bpf_insn bad = INSN(0x37, 1, 0, 0, 0);

	ck_assert_int_eq(insn_check(&bad, 1, 0, NULL, 0), -EINVAL);
	ck_assert_int_eq(insn_check(&bad, 1, 1, NULL, 0), -EINVAL);
}
END_TEST

START_TEST(insn_check__every_opcode__accepted_forms_decode_to_a_kind)
{
	static const struct bpf_insn fields[] = {
		INSN(0, 0, 0, 0, 0), INSN(0, 1, 2, 0, 0), INSN(0, 1, 0, 0, 16),
		INSN(0, 1, 2, 1, 0), INSN(0, 1, 2, 8, 0), INSN(0, 0, 0, 4, 0),
		INSN(0, 1, 2, -4, BPF_ADD | BPF_FETCH), INSN(0, 0, 1, 0, 3), INSN(0, 15, 15, -1, -1),
	};
	struct bpf_insn prog[2] = { INSN(0, 0, 0, 0, 0), INSN(0, 0, 0, 0, 0) };
	char msg[128], text[128];
	struct insn d;
	u32 code, i;

	for (code = 0; code < 256; code++) {
		for (i = 0; i < ARRAY_SIZE(fields); i++) {
			prog[0] = fields[i];
			prog[0].code = code;

			ck_assert_int_eq(insn_decode(prog, 2, 0, &d), 0);
			ck_assert_int_eq(disasm_insn(text, sizeof(text), prog, 2, 0, NULL), d.slots);
			ck_assert(text[0] != '\0');
			if (insn_check(prog, 2, 0, msg, sizeof(msg)) == 0)
				ck_assert_msg(d.kind != INSN_INVALID, "%02x accepted, not decoded", code);
			if (d.kind == INSN_INVALID)
				ck_assert_msg(insn_check_phase(prog, 2, 0, INSN_PHASE_LOAD, msg,
							       sizeof(msg)) == -EINVAL,
					      "%02x: invalid kind passes the load phase", code);
		}
	}
}
END_TEST

/* The data set: the kernel's own verdicts on the same instructions */

struct kcheck_stats {
	u32 load_agree;		/* kernel failed in resolve_pseudo_ldimm64 with our message */
	u32 earlier;		/* kernel failed before it (subprogram / jump range checks) */
	u32 verify_agree;	/* kernel failed at the last printed insn with our message */
	u32 printed_ok;		/* reached insns the kernel went past: we accept them too */
	u32 problems;
};

static bool is_load_message(const char *m)
{
	static const char *const prefixes[] = {
		"BPF_LDX uses reserved fields", "invalid bpf_ld_imm64 insn",
		"unrecognized bpf_ld_imm64 insn", "direct value offset of ", "unknown opcode ",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (m && !strncmp(m, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* add_subprog_and_kfunc() and check_subprogs() run before resolve_pseudo_ldimm64(): their
 * rejections (the CFG stage's) hide whatever our load phase would say */
static bool is_subprog_message(const char *m)
{
	static const char *const prefixes[] = {
		"last insn is not an exit or jmp", "jump out of range from insn ",
		"call to invalid destination",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (m && !strncmp(m, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static bool is_verify_message(const char *m)
{
	static const char *const patterns[] = {
		" uses reserved fields", " is invalid", "div by zero", "invalid shift ",
		"invalid may_goto imm ", "BPF_ATOMIC uses invalid atomic opcode ",
		"invalid atomic operand size", "invalid BPF_LD_IMM insn", "invalid BPF_LD mode",
		"addr_space_cast insn can only convert",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(patterns); i++)
		if (m && strstr(m, patterns[i]) && !is_load_message(m))
			return true;
	return false;
}

static __printf(3, 4) void problem(struct kcheck_stats *st, int case_idx, const char *fmt, ...)
{
	va_list ap;

	if (st->problems++ < 20) {
		printf("insn_check vs kernel: case %d: ", case_idx);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

/* A printed instruction the kernel went past (it printed another one afterwards) was accepted
 * by every check of its class: ours must accept it too. */
static void kcheck_passed(const struct bpf_insn *insns, u32 cnt, u32 idx, int case_idx,
			  struct kcheck_stats *st)
{
	char msg[128];

	if (insn_check_phase(insns, cnt, idx, INSN_PHASE_VERIFY, msg, sizeof(msg)) == 0)
		st->printed_ok++;
	else
		problem(st, case_idx, "kernel went past insn %u, we reject it with '%s'", idx, msg);
}

static void kcheck_case(const struct json *c, void *ctx)
{
	struct kcheck_stats *st = ctx;
	const struct json *idxv = json_get(c, "index");
	const char *kerr = json_str(json_get(c, "kernel_log_first_error"));
	const char *log = json_str(json_get(json_get(c, "kernel_l1"), "log_tail"));
	int case_idx = idxv && idxv->type == JSON_NUMBER ? (int)idxv->number : -1;
	const char *line, *nl;
	struct bpf_insn *insns;
	char msg[128], text[256];
	u32 cnt, bad, idx, last = UINT32_MAX;
	int err;

	ck_assert_msg(selftests_insns(c, &insns, &cnt) == 0, "case %d: bad insns", case_idx);

	if (is_subprog_message(kerr)) {
		st->earlier++;
		goto out;
	}
	err = insn_check_program(insns, cnt, &bad, msg, sizeof(msg));
	if (is_load_message(kerr)) {
		if (err && !strcmp(msg, kerr))
			st->load_agree++;
		else
			problem(st, case_idx, "kernel '%s', our load phase '%s'", kerr,
				err ? msg : "(accepts)");
		goto out;
	}
	if (err) {
		problem(st, case_idx, "load phase rejects with '%s' (kernel: '%s')", msg,
			kerr ? kerr : "accept");
		goto out;
	}

	for (line = log; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (!klog_insn_line(line, nl ? (size_t)(nl - line) : strlen(line), &idx, text,
					 sizeof(text)) || idx >= cnt)
			continue;
		if (last != UINT32_MAX)
			kcheck_passed(insns, cnt, last, case_idx, st);
		last = idx;
	}
	if (last == UINT32_MAX) {
		if (is_verify_message(kerr))
			problem(st, case_idx, "kernel '%s' without a printed insn", kerr);
		goto out;
	}
	/* the kernel stopped at the last printed insn: with our words, or for a reason that
	 * needs the abstract state, in which case our checks have nothing against it */
	if (!is_verify_message(kerr)) {
		kcheck_passed(insns, cnt, last, case_idx, st);
		goto out;
	}
	err = insn_check_phase(insns, cnt, last, INSN_PHASE_VERIFY, msg, sizeof(msg));
	if (err && !strcmp(msg, kerr))
		st->verify_agree++;
	else
		problem(st, case_idx, "kernel '%s', our verify phase '%s'", kerr,
			err ? msg : "(accepts)");
out:
	free(insns);
}

START_TEST(insn_check__kernel_selftests__same_verdicts_and_messages)
{
	struct kcheck_stats st = { 0 };

	SELFTESTS_FOR_EACH_OR_SKIP(kcheck_case, &st);

	printf("insn_check vs Linux 6.18: %u load-phase rejections and %u verify-phase rejections "
	       "reproduced, %u reached instructions accepted, %u cases rejected earlier by the "
	       "subprogram checks, %u disagreements\n", st.load_agree, st.verify_agree,
	       st.printed_ok, st.earlier, st.problems);
	fflush(stdout);
	ck_assert_uint_gt(st.load_agree + st.verify_agree, 0);
	ck_assert_uint_eq(st.problems, 0);
}
END_TEST

Suite *insn_suite(void)
{
	Suite *s = suite_create("insn");
	TCase *tc;

	tc = tcase_create("helpers");
	tcase_add_test(tc, helper_name__known_ids__kernel_names);
	tcase_add_test(tc, helper_name__past_the_table__null);
	tcase_add_test(tc, helper_name__every_id_below_count__named);
	suite_add_tcase(s, tc);

	tc = tcase_create("decode");
	tcase_add_loop_test(tc, insn_decode__each_form__fields_and_kind, 0, ARRAY_SIZE(decode_cases));
	tcase_add_test(tc, insn_decode__end_direction__to_be_flag);
	tcase_add_test(tc, insn_decode__out_of_range_or_truncated_ldimm64__einval);
	tcase_add_test(tc, insn_size_bytes__each_size__bytes);
	tcase_add_test(tc, insn_opcode_valid__table__counts_kernel_opcodes);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_loop_test(tc, insn_check__each_form__kernel_verdict_and_message, 0,
			    ARRAY_SIZE(check_cases));
	tcase_add_test(tc, insn_check_program__walks_like_the_kernel__first_bad_slot);
	tcase_add_test(tc, insn_check__null_message_buffer__still_returns_verdict);
	tcase_add_test(tc, insn_check__every_opcode__accepted_forms_decode_to_a_kind);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel_selftests");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, insn_check__kernel_selftests__same_verdicts_and_messages);
	suite_add_tcase(s, tc);
	return s;
}
