/* analysis: small programs -> verdicts and the kernel's messages, then the corpus objects
 * (build/corpus or $BPFVERIFY_CORPUS) against their __success / __failure / __msg annotations.
 * The corpus test reports its agreement counts and fails only on a "we accept / annotated
 * failure" case (the dangerous kind); unknown verdicts are counted, not failed. */
#include <check.h>
#include <dirent.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "loader/externs.h"
#include "loader/object.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i) I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s) I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i) I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_DW(d, o, i) I(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define LDX_DW(d, s, o) I(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LDX_W(d, s, o) I(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define JEQ_IMM(d, i, o) I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(f) I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT() I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define CALL_SUB(o) I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, o)
#define STX_DW(d, s, o) I(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LD_FUNC(d, o) I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_FUNC, 0, o), I(0, 0, 0, 0, 0)
#define LD_MAP(d, idx) I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, idx), I(0, 0, 0, 0, 0)

struct eng_case {
	const char *name;
	u32 prog_type;
	struct bpf_insn insns[16];
	u32 cnt;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

static const struct eng_case cases[] = {
	/* a callback's address needs func_info (checked live: check_ld_imm) */
	{ "callback_without_func_info", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 1), LD_FUNC(2, 6), MOV64_IMM(3, 0), MOV64_IMM(4, 0), CALL(BPF_FUNC_loop),
	    MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT() }, 10, V_UNSAFE, 1,
	  "missing btf func_info" },
	{ "exit_r0_set", BPF_PROG_TYPE_SOCKET_FILTER, { MOV64_IMM(0, 0), EXIT() }, 2, V_SAFE, 0, "" },
	{ "exit_r0_uninit", BPF_PROG_TYPE_SOCKET_FILTER, { EXIT() }, 1, V_UNSAFE, 0, "R0 !read_ok" },
	{ "fp_write", BPF_PROG_TYPE_SOCKET_FILTER, { ADD64_IMM(10, 8), MOV64_IMM(0, 0), EXIT() }, 3,
	  V_UNSAFE, 0, "frame pointer is read only" },
	{ "stack_oob", BPF_PROG_TYPE_SOCKET_FILTER, { ST_DW(10, -520, 0), MOV64_IMM(0, 0), EXIT() }, 3,
	  V_UNSAFE, 0, "invalid write to stack R10 off=-520 size=8" },
	{ "scalar_deref", BPF_PROG_TYPE_SOCKET_FILTER, { MOV64_IMM(1, 0), LDX_DW(0, 1, 0), EXIT() }, 3,
	  V_UNSAFE, 1, "R1 invalid mem access 'scalar'" },
	{ "ctx_bad_off", BPF_PROG_TYPE_SOCKET_FILTER, { LDX_W(0, 1, 80), EXIT() }, 2, V_UNSAFE, 0,
	  "invalid bpf_context access off=80 size=4" },
	{ "lookup_null_checked", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    JEQ_IMM(0, 0, 1), LDX_DW(0, 0, 0), MOV64_IMM(0, 0), EXIT() }, 10, V_SAFE, 0, "" },
	{ "lookup_unchecked", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    LDX_DW(0, 0, 0), EXIT() }, 8, V_UNSAFE, 6, "R0 invalid mem access 'map_value_or_null'" },
	{ "map_value_oob", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MOV64_REG(2, 10), ADD64_IMM(2, -8), LD_MAP(1, 0), CALL(BPF_FUNC_map_lookup_elem),
	    JEQ_IMM(0, 0, 1), LDX_DW(0, 0, 48), MOV64_IMM(0, 0), EXIT() }, 10, V_UNSAFE, 7,
	  "invalid access to map value, value_size=48 off=48 size=8" },
	/* a map pointer is never NULL (reg_not_null() since 6.16): the taken branch is dead
	 * (selftest unpriv.c "cmp map pointer with zero" processes 5 insns) */
	{ "map_ptr_not_null", BPF_PROG_TYPE_SOCKET_FILTER,
	  { LD_MAP(1, 0), JEQ_IMM(1, 0, 2), MOV64_IMM(0, 0), EXIT(), EXIT() }, 6, V_SAFE, 0, "" },
	{ "helper_arg_type", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 0), MOV64_IMM(2, 0), CALL(BPF_FUNC_map_lookup_elem), MOV64_IMM(0, 0), EXIT() }, 5,
	  V_UNSAFE, 2, "R1 type=scalar expected=map_ptr" },
	{ "infinite_loop", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(0, 0), JEQ_IMM(0, 0, -1), EXIT() }, 3, V_UNSAFE, 1, "infinite loop detected at insn 1" },
	/* bpf-to-bpf calls (analysis/calls.c) */
	{ "call_returns_r0", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 5), CALL_SUB(1), EXIT(), MOV64_REG(0, 1), EXIT() }, 5, V_SAFE, 0, "" },
	{ "call_clobbers_r1", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 5), CALL_SUB(2), MOV64_REG(0, 1), EXIT(), MOV64_IMM(0, 0), EXIT() }, 6,
	  V_UNSAFE, 2, "R1 !read_ok" },
	{ "call_callee_r6_uninit", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(6, 5), CALL_SUB(1), EXIT(), MOV64_REG(0, 6), EXIT() }, 5,
	  V_UNSAFE, 3, "R6 !read_ok" },
	{ "call_returns_stack_ptr", BPF_PROG_TYPE_SOCKET_FILTER,
	  { CALL_SUB(1), EXIT(), MOV64_REG(0, 10), EXIT() }, 4, V_UNSAFE, 3,
	  "cannot return stack pointer to the caller" },
	{ "call_recursion_too_deep", BPF_PROG_TYPE_SOCKET_FILTER,
	  { CALL_SUB(-1), EXIT() }, 2, V_UNSAFE, 0, "the call stack of 9 frames is too deep" },
	{ "call_reads_caller_stack", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 7), MOV64_REG(1, 10), ADD64_IMM(1, -8), CALL_SUB(1), EXIT(), LDX_DW(0, 1, 0),
	    EXIT() }, 7, V_SAFE, 0, "" },
	{ "call_spills_fp_into_caller", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_REG(1, 10), ADD64_IMM(1, -8), CALL_SUB(2), MOV64_IMM(0, 0), EXIT(), STX_DW(1, 10, 0),
	    MOV64_IMM(0, 0), EXIT() }, 8, V_UNSAFE, 5,
	  "cannot spill pointers to stack into stack frame of the caller" },
	{ "call_combined_stack_too_large", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -512, 0), CALL_SUB(2), MOV64_IMM(0, 0), EXIT(), ST_DW(10, -512, 0),
	    MOV64_IMM(0, 0), EXIT() }, 7, V_UNSAFE, 0, "combined stack size of 2 calls is 1024. Too large" },
	/* tracing programs may put deep subprograms on a private stack: not modelled */
	{ "call_combined_stack_priv_stack_unknown", BPF_PROG_TYPE_TRACEPOINT,
	  { ST_DW(10, -512, 0), CALL_SUB(2), MOV64_IMM(0, 0), EXIT(), ST_DW(10, -512, 0),
	    MOV64_IMM(0, 0), EXIT() }, 7, V_UNKNOWN, 0, "" },
	{ "call_jump_across_subprogs", BPF_PROG_TYPE_SOCKET_FILTER,
	  { CALL_SUB(2), JEQ_IMM(0, 0, 2), EXIT(), MOV64_IMM(0, 0), EXIT() }, 5, V_UNSAFE, 1,
	  "jump out of range from insn 1 to 4" },
	{ "call_invalid_destination", BPF_PROG_TYPE_SOCKET_FILTER,
	  { CALL_SUB(5), MOV64_IMM(0, 0), EXIT() }, 3, V_UNSAFE, 0, "call to invalid destination" },
	{ "call_subprog_tail_call_without_btf", BPF_PROG_TYPE_SOCKET_FILTER,
	  { CALL_SUB(2), MOV64_IMM(0, 0), EXIT(), CALL(BPF_FUNC_tail_call), MOV64_IMM(0, 0), EXIT() }, 6,
	  V_UNSAFE, 3, "tail_call is not allowed in subprogs without BTF" },
	/* resolve_pseudo_ldimm64(): a map fd that names no map (there is one map, index 0) */
	{ "ld_map_fd_names_no_map", BPF_PROG_TYPE_SOCKET_FILTER,
	  { LD_MAP(1, 3), MOV64_IMM(0, 0), EXIT() }, 4, V_UNSAFE, 0,
	  "fd 3 is not pointing to valid bpf_map" },
	{ "ld_map_value_fd_names_no_map", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, -1), I(0, 0, 0, 0, 0),
	    MOV64_IMM(0, 0), EXIT() }, 4, V_UNSAFE, 0, "fd -1 is not pointing to valid bpf_map" },
	/* instruction by instruction: the bad map comes before a later bad opcode, after an
	 * earlier one */
	{ "ld_map_no_map_before_bad_opcode", BPF_PROG_TYPE_SOCKET_FILTER,
	  { LD_MAP(1, 3), I(0x8d, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT() }, 5, V_UNSAFE, 0,
	  "fd 3 is not pointing to valid bpf_map" },
	{ "ld_map_no_map_after_bad_opcode", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(0x8d, 0, 0, 0, 0), LD_MAP(1, 3), MOV64_IMM(0, 0), EXIT() }, 5, V_UNSAFE, 0,
	  "unknown opcode 8d" },
	/* a map value's address: the hash map (index 0) has no direct value access */
	{ "ld_map_value_of_hash", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0), I(0, 0, 0, 0, 0),
	    MOV64_IMM(0, 0), EXIT() }, 4, V_UNSAFE, 0,
	  "no direct value access support for this map type" },
	/* the offset is checked after the map: an unbound one says so first */
	{ "ld_map_value_bad_off_and_no_map", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 5), I(0, 0, 0, 0, 1 << 29),
	    MOV64_IMM(0, 0), EXIT() }, 4, V_UNSAFE, 0, "fd 5 is not pointing to valid bpf_map" },
	{ "ld_map_value_bad_off", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0), I(0, 0, 0, 0, 1 << 29),
	    MOV64_IMM(0, 0), EXIT() }, 4, V_UNSAFE, 0,
	  "direct value offset of 536870912 is not allowed" },
	/* an fd_array index: what it names depends on the fd_array, not modelled */
	{ "ld_map_idx_names_no_map", BPF_PROG_TYPE_SOCKET_FILTER,
	  { I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_IDX, 0, 3), I(0, 0, 0, 0, 0),
	    MOV64_IMM(0, 0), EXIT() }, 4, V_UNKNOWN, 0, "" },
};

/* Runs @insns[0..@cnt) as a program of @prog_type with the maps @maps[0..@nmaps) and the map
 * relocations @rels[0..@nrel) into @res. */
static void run_prog(u32 prog_type, struct bpf_insn *insns, u32 cnt, const struct map_def *maps,
		     u32 nmaps, struct prog_reloc *rels, u32 nrel, struct analysis_result *res)
{
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = prog_type;
	p.relocs = rels;
	p.reloc_cnt = nrel;
	ck_assert_int_eq(analysis_run(&p, maps, nmaps, NULL, res), 0);
}

/* check_map_prog_compatibility() past the special fields: a struct_ops map is refused, and a
 * program names at most one cgroup storage map of each kind (bpf_cgroup_storage_assign()). */
START_TEST(engine__ld_map__struct_ops_and_cgroup_storage_use)
{
	struct bpf_insn insns[] = { LD_MAP(1, 0), LD_MAP(2, 1), LD_MAP(3, 0), MOV64_IMM(0, 1),
				    EXIT() };
	struct map_def maps[2] = {
		{ .type = BPF_MAP_TYPE_CGROUP_STORAGE, .key_size = 16, .value_size = 8,
		  .inner_idx = -1 },
		{ .type = BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, .key_size = 16, .value_size = 8,
		  .inner_idx = -1 },
	};
	struct analysis_result res;

	/* one of each kind, the first named twice: fine */
	run_prog(BPF_PROG_TYPE_CGROUP_SKB, insns, ARRAY_SIZE(insns), maps, 2, NULL, 0, &res);
	ck_assert_msg(res.verdict == V_SAFE, "%s", res.diag.msg);

	/* two shared ones: the second is refused where it is named */
	maps[1].type = BPF_MAP_TYPE_CGROUP_STORAGE;
	run_prog(BPF_PROG_TYPE_CGROUP_SKB, insns, ARRAY_SIZE(insns), maps, 2, NULL, 0, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_str_eq(res.diag.msg, "only one cgroup storage of each type is allowed");

	maps[0].type = BPF_MAP_TYPE_STRUCT_OPS;
	run_prog(BPF_PROG_TYPE_CGROUP_SKB, insns, ARRAY_SIZE(insns), maps, 2, NULL, 0, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 0);
	ck_assert_str_eq(res.diag.msg, "bpf_struct_ops map cannot be used in prog");
	ck_assert_str_eq(res.diag.check_id, "map.prog_compat");
}
END_TEST

/* A map value's address in an array (array_map_direct_value_addr(), checked live): only in a
 * single-element array and inside its value. */
static const struct {
	const char *name;
	u32 max_entries, off;
	enum verdict verdict;
	const char *msg;
} direct_cases[] = {
	{ "last_byte", 1, 47, V_SAFE, "" },
	{ "past_the_value", 1, 48, V_UNSAFE, "invalid access to map value pointer, value_size=48 off=48" },
	{ "two_elements", 2, 0, V_UNSAFE, "invalid access to map value pointer, value_size=48 off=0" },
};

START_TEST(engine__ld_map_value__array_direct_value_addr)
{
	struct bpf_insn insns[] = {
		I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 0),
		I(0, 0, 0, 0, (s32)direct_cases[_i].off), MOV64_IMM(0, 0), EXIT(),
	};
	struct map_def map = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 48,
			       .max_entries = direct_cases[_i].max_entries, .inner_idx = -1 };
	struct analysis_result res;

	run_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &map, 1, NULL, 0, &res);
	ck_assert_msg(res.verdict == direct_cases[_i].verdict, "%s: %s", direct_cases[_i].name,
		      res.diag.msg);
	if (res.verdict == V_UNSAFE) {
		ck_assert_uint_eq(res.diag.insn_idx, 0);
		ck_assert_str_eq(res.diag.msg, direct_cases[_i].msg);
		ck_assert_str_eq(res.diag.check_id, "map.direct_value");
	}
}
END_TEST

/* A program whose map references are relocations binds maps only through them: a map
 * ld_imm64 without one names no map, even when its imm is a valid map index. */
START_TEST(engine__map_relocations__unbound_ld_imm64_names_no_map)
{
	struct bpf_insn insns[] = { LD_MAP(1, 0), LD_MAP(2, 0), MOV64_IMM(0, 0), EXIT() };
	struct map_def map = { .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 48,
			       .max_entries = 1, .inner_idx = -1 };
	struct prog_reloc rels[] = {
		{ .kind = RELOC_MAP_FD, .insn_idx = 0, .map_idx = 0 },
		{ .kind = RELOC_MAP_FD, .insn_idx = 2, .map_idx = 0 },
	};
	struct analysis_result res;

	/* only the first bound */
	run_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &map, 1, rels, 1, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_str_eq(res.diag.msg, "fd 0 is not pointing to valid bpf_map");
	ck_assert_str_eq(res.diag.check_id, "map.bad_fd");

	/* both bound: accepted */
	run_prog(BPF_PROG_TYPE_SOCKET_FILTER, insns, ARRAY_SIZE(insns), &map, 1, rels, 2, &res);
	ck_assert_msg(res.verdict == V_SAFE, "%s", res.diag.msg);
}
END_TEST

START_TEST(engine__small_programs)
{
	const struct eng_case *c = &cases[_i];
	struct map_def map = { .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 48,
			       .max_entries = 1, .inner_idx = -1 };
	struct analysis_result res;
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = (struct bpf_insn *)c->insns;
	p.insn_cnt = c->cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, &map, 1, NULL, &res), 0);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_uint_eq(res.diag.insn_idx, c->insn);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}
END_TEST

/* R0 at the exits (analysis_result.exit_r0), programs in the conformance suite's assembly.
 * exact: R0 must be the one constant @r0; otherwise @r0 must only be among its values (where
 * 6.18 forgets the value: division and modulo, also by zero, are not tracked). */
struct r0_case {
	const char *name;
	const char *text;
	u64 r0;
	bool exact;
	u32 exits;
};

static const struct r0_case r0_cases[] = {
	{ "mov32_zero_extends", "mov32 %r0, -1; exit", 0xffffffffULL, true, 1 },
	{ "alu32_drops_upper", "lddw %r0, 0x100000002; mul32 %r0, 3; exit", 6, true, 1 },
	{ "add32_wraps", "lddw %r0, 0x1ffffffff; add32 %r0, 1; exit", 0, true, 1 },
	{ "neg32", "mov32 %r0, 1; neg32 %r0; exit", 0xffffffffULL, true, 1 },
	{ "lsh_to_sign_bit", "mov %r0, 1; lsh %r0, 63; exit", 0x8000000000000000ULL, true, 1 },
	{ "rsh32_of_minus_one", "mov %r0, -1; rsh32 %r0, 4; exit", 0x0fffffffULL, true, 1 },
	{ "arsh64", "mov %r0, -16; arsh %r0, 2; exit", 0xfffffffffffffffcULL, true, 1 },
	{ "arsh32_zero_extends", "mov32 %r0, 0x80000000; arsh32 %r0, 4; exit", 0xf8000000ULL, true, 1 },
	{ "bswap64", "lddw %r0, 0x0102030405060708; bswap64 %r0; exit", 0x0807060504030201ULL, true, 1 },
	{ "be16_truncates", "lddw %r0, 0x1122334455667788; be16 %r0; exit", 0x8877, true, 1 },
	{ "be32", "lddw %r0, 0x1122334455667788; be32 %r0; exit", 0x88776655ULL, true, 1 },
	{ "le32_truncates", "lddw %r0, 0x1122334455667788; le32 %r0; exit", 0x55667788ULL, true, 1 },
	{ "movsx8_64", "mov %r1, 0x80; movsx864 %r0, %r1; exit", 0xffffffffffffff80ULL, true, 1 },
	{ "movsx16_32_zero_extends", "mov %r1, 0x8000; movsx1632 %r0, %r1; exit", 0xffff8000ULL, true, 1 },
	{ "branch_decided", "mov %r0, 1; jeq %r0, 1, +1; mov %r0, 2; exit", 1, true, 1 },
	{ "two_exits_join", "ldxw %r2, [%r1+0]; mov %r0, 1; jeq %r2, 0, +1; mov %r0, 2; exit",
	  2, false, 2 },
	{ "div_by_zero_reg", "mov %r0, 7; mov %r1, 0; div %r0, %r1; exit", 0, false, 1 },
	{ "mod_by_zero_reg", "mov %r0, 7; mov %r1, 0; mod %r0, %r1; exit", 7, false, 1 },
	{ "mod32_by_zero_zero_extends", "lddw %r0, 0x100000007; mov32 %r1, 0; mod32 %r0, %r1; exit",
	  7, false, 1 },
	{ "sdiv_intmin_by_minus_one", "lddw %r0, 0x8000000000000000; sdiv %r0, -1; exit",
	  0x8000000000000000ULL, false, 1 },
};

START_TEST(engine__exit_r0)
{
	const struct r0_case *c = &r0_cases[_i];
	struct analysis_result res;
	const struct scalar *r0 = &res.exit_r0.join;
	struct bpf_insn *insns;
	struct prog p;
	char err[256], buf[256];
	u32 cnt;

	ck_assert_msg(!asm_parse(c->text, &insns, &cnt, err, sizeof(err)), "%s: %s", c->name, err);
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, NULL, &res), 0);
	free(insns);
	ck_assert_msg(res.verdict == V_SAFE, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	ck_assert_uint_eq(res.exit_r0.cnt, c->exits);
	ck_assert_uint_eq(res.exit_r0.non_scalar, 0);
	scalar_fmt(buf, sizeof(buf), r0);
	ck_assert_msg(scalar_contains(r0, c->r0), "%s: R0 = %s excludes 0x%llx", c->name, buf,
		      (unsigned long long)c->r0);
	if (c->exact)
		ck_assert_msg(scalar_is_const(r0), "%s: R0 = %s, expected 0x%llx", c->name, buf,
			      (unsigned long long)c->r0);
}
END_TEST

/* Atomics and legacy packet loads (src/analysis/atomic.c, ldabs.c), in the conformance suite's
 * assembly: the kernel's verdict, and for a rejection its instruction and first message. A
 * value that must be known is tested by a branch guarding a scalar dereference. */
struct asm_case {
	const char *name;
	u32 prog_type;
	const char *text;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

/* a zeroed bpf_sock_tuple at fp-48, then bpf_sk_lookup_tcp: the call is insn 12, the reference
 * is "id=2" (the NULL check's id comes first) */
#define SK_LOOKUP_TCP \
	"mov %r2, 0; stxdw [%r10-8], %r2; stxdw [%r10-16], %r2; stxdw [%r10-24], %r2;" \
	"stxdw [%r10-32], %r2; stxdw [%r10-40], %r2; stxdw [%r10-48], %r2;" \
	"mov %r2, %r10; add %r2, -48; mov %r3, 36; mov %r4, 0; mov %r5, 0; call 84;"

static const struct asm_case asm_cases[] = {
	{ "atomic_fetch_add__returns_spilled_value", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 5; mov %r1, 1; lock fetch add [%r10-8], %r1; mov %r0, 0;"
	  "jeq %r1, 5, +1; ldxdw %r0, [%r0+0]; exit", V_SAFE, 0, "" },
	{ "atomic_add__slot_becomes_unknown", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 5; mov %r1, 1; lock add [%r10-8], %r1; ldxdw %r2, [%r10-8]; mov %r0, 0;"
	  "jeq %r2, 5, +1; ldxdw %r0, [%r0+0]; exit", V_UNSAFE, 6, "R0 invalid mem access 'scalar'" },
	{ "atomic_xchg32__fetch_zero_extends", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], -1; mov %r1, 0; lock xchg32 [%r10-8], %r1; rsh %r1, 32; mov %r0, 0;"
	  "jeq %r1, 0, +1; ldxdw %r0, [%r0+0]; exit", V_SAFE, 0, "" },
	{ "atomic_cmpxchg__r0_uninit", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 0; mov %r1, 1; lock cmpxchg [%r10-8], %r1; exit", V_UNSAFE, 2,
	  "R0 !read_ok" },
	{ "atomic_cmpxchg__r0_gets_old_value", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 7; mov %r1, 1; mov %r0, 0; lock cmpxchg [%r10-8], %r1; mov %r2, 0;"
	  "jeq %r0, 7, +1; ldxdw %r2, [%r2+0]; exit", V_SAFE, 0, "" },
	{ "atomic_add__into_ctx_refused", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r2, 1; lock add32 [%r1+0], %r2; mov %r0, 0; exit", V_UNSAFE, 1,
	  "BPF_ATOMIC stores into R1 ctx is not allowed" },
	{ "atomic_add__misaligned_stack", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 0; mov %r1, 1; lock add32 [%r10-7], %r1; mov %r0, 0; exit", V_UNSAFE, 2,
	  "misaligned stack access off 0+0+-7 size 4" },
	{ "atomic_fetch__into_address_register_loses_pointer", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 0; mov %r1, %r10; lock fetch add [%r1-8], %r1; mov %r0, 0; exit",
	  V_UNSAFE, 2, "misaligned access off" },
	{ "atomic_fetch__into_fp_refused", BPF_PROG_TYPE_SOCKET_FILTER,
	  "stdw [%r10-8], 0; mov %r1, %r10; lock fetch add [%r1-8], %r10; mov %r0, 0; exit",
	  V_UNSAFE, 2, "frame pointer is read only" },
	{ "atomic_add__variable_stack_offset_refused", BPF_PROG_TYPE_SOCKET_FILTER,
	  "ldxw %r2, [%r1+0]; and %r2, 8; mov %r3, %r10; add %r3, -16; add %r3, %r2;"
	  "stdw [%r10-8], 0; stdw [%r10-16], 0; mov %r4, 1; lock add [%r3+0], %r4; mov %r0, 0; exit",
	  V_UNSAFE, 8, "variable offset stack pointer cannot be passed into helper function; "
	  "var_off=(0x0; 0x8) off=-16 size=8" },
	{ "atomic_add__scalar_address", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r0, 1; mov %r1, 0; lock add [%r1-8], %r0; mov %r0, 0; exit", V_UNSAFE, 2,
	  "R1 invalid mem access 'scalar'" },
	{ "ldabs__skb_context", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r6, %r1; ldabsw 12; exit", V_SAFE, 0, "" },
	{ "ldind__skb_context", BPF_PROG_TYPE_SCHED_CLS,
	  "mov %r6, %r1; mov %r7, 2; ldindh %r7, 12; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "ldabs__clobbers_r1_to_r5", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r6, %r1; mov %r2, 1; ldabsh 12; mov %r0, %r2; exit", V_UNSAFE, 3, "R2 !read_ok" },
	{ "ldabs__r6_not_ctx", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r6, 0; ldabsb 0; exit", V_UNSAFE, 1,
	  "at the time of BPF_LD_ABS|IND R6 != pointer to skb" },
	{ "ldabs__r6_uninit", BPF_PROG_TYPE_SOCKET_FILTER, "ldabsb 0; exit", V_UNSAFE, 0,
	  "R6 !read_ok" },
	{ "ldabs__modified_ctx", BPF_PROG_TYPE_SOCKET_FILTER,
	  "mov %r6, %r1; add %r6, 4; ldabsb 0; exit", V_UNSAFE, 2,
	  "dereference of modified ctx ptr R6 off=4 disallowed" },
	{ "ldabs__xdp_refused", BPF_PROG_TYPE_XDP, "mov %r6, %r1; ldabsb 0; exit", V_UNSAFE, 1,
	  "BPF_LD_[ABS|IND] instructions not allowed for this program type" },
	/* sockets (checks/sock_helpers.c, checks/refs.c); every row as a live 6.18 kernel answered
	 * the same instructions. Availability: which program types are offered which socket
	 * helper beyond the helper groups (read from the kernel for 24 types). */
	{ "offered__sk_select_reuseport_in_sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT,
	  "call 82; mov %r0, 0; exit", V_UNSAFE, 0, "R2 !read_ok" },
	{ "denied__sk_select_reuseport_in_tc", BPF_PROG_TYPE_SCHED_CLS,
	  "call 82; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_sk_select_reuseport#82" },
	{ "denied__sk_lookup_tcp_in_sk_lookup", BPF_PROG_TYPE_SK_LOOKUP,
	  "call 84; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_sk_lookup_tcp#84" },
	{ "offered__sk_release_in_sk_lookup", BPF_PROG_TYPE_SK_LOOKUP,
	  "call 86; mov %r0, 0; exit", V_UNSAFE, 0,
	  "R1 type=ctx expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_" },
	{ "denied__skc_to_tcp_sock_in_cgroup_sock", BPF_PROG_TYPE_CGROUP_SOCK,
	  "call 137; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_skc_to_tcp_sock#137" },
	{ "offered__tcp_sock_in_sock_ops", BPF_PROG_TYPE_SOCK_OPS, "call 96; mov %r0, 0; exit",
	  V_UNSAFE, 0, "R1 type=ctx expected=sock_common, sock, tcp_sock, xdp_sock" },
	{ "denied__sk_cgroup_id_in_tc", BPF_PROG_TYPE_SCHED_CLS, "call 128; mov %r0, 0; exit",
	  V_UNSAFE, 0, "program of this type cannot use helper bpf_sk_cgroup_id#128" },
	{ "denied__sk_release_in_flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR,
	  "call 86; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_sk_release#86" },
	{ "offered__sk_storage_get_in_cgroup_sock", BPF_PROG_TYPE_CGROUP_SOCK,
	  "call 107; mov %r0, 0; exit", V_UNSAFE, 0, "R1 type=ctx expected=map_ptr" },
	{ "offered__skc_to_tcp_sock_in_lwt_xmit", BPF_PROG_TYPE_LWT_XMIT,
	  "call 137; mov %r0, 0; exit", V_UNSAFE, 0,
	  "R1 type=ctx expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_" },
	{ "offered__skc_to_tcp_sock_in_syscall", BPF_PROG_TYPE_SYSCALL,
	  "call 137; mov %r0, 0; exit", V_UNSAFE, 0,
	  "R1 type=ctx expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_" },
	{ "offered__tcp_sock_in_cgroup_sockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT,
	  "call 96; mov %r0, 0; exit", V_UNSAFE, 0,
	  "R1 type=ctx expected=sock_common, sock, tcp_sock, xdp_sock" },
	{ "denied__sk_release_in_cgroup_sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL,
	  "call 86; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_sk_release#86" },
	/* references */
	{ "refs__leak_at_exit", BPF_PROG_TYPE_SCHED_CLS, SK_LOOKUP_TCP "exit", V_UNSAFE, 13,
	  "Unreleased reference id=2 alloc_insn=12" },
	{ "refs__null_branch_drops_reference", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jne %r0, 0, +2; mov %r0, 0; exit; mov %r1, %r0; call 86; mov %r0, 0; exit",
	  V_SAFE, 0, "" },
	{ "refs__release_twice", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jeq %r0, 0, +4; mov %r6, %r0; mov %r1, %r0; call 86; mov %r1, %r6; call 86;"
	  "mov %r0, 0; exit", V_UNSAFE, 18,
	  "R1 type=scalar expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_" },
	{ "refs__spilled_copy_invalidated", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jeq %r0, 0, +5; stxdw [%r10-56], %r0; mov %r1, %r0; call 86;"
	  "ldxdw %r1, [%r10-56]; ldxw %r0, [%r1+4]; mov %r0, 0; exit", V_UNSAFE, 18,
	  "R1 invalid mem access 'scalar'" },
	{ "refs__tcp_sock_keeps_parent_reference", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jeq %r0, 0, +8; mov %r6, %r0; mov %r1, %r0; call 96; jeq %r0, 0, +4;"
	  "mov %r1, %r0; call 86; ldxw %r0, [%r6+4]; exit; mov %r1, %r6; call 86; mov %r0, 0; exit",
	  V_UNSAFE, 20, "R6 invalid mem access 'scalar'" },
	{ "refs__get_listener_sock_not_referenced", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jeq %r0, 0, +7; mov %r6, %r0; mov %r1, %r0; call 98; jeq %r0, 0, +1;"
	  "mov %r1, %r0; call 86; mov %r1, %r6; call 86; mov %r0, 0; exit", V_UNSAFE, 19,
	  "R1 must be referenced when passed to release function" },
	{ "refs__arith_on_socket", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jeq %r0, 0, +4; add %r0, 4; mov %r1, %r0; call 86; mov %r0, 0; exit", V_UNSAFE,
	  14, "R0 pointer arithmetic on sock prohibited" },
	{ "refs__equal_to_non_null_pointer", BPF_PROG_TYPE_SCHED_CLS,
	  "ldxdw %r6, [%r1+168]; jne %r6, 0, +2; mov %r0, 0; exit;" SK_LOOKUP_TCP
	  "mov %r7, %r0; jeq %r0, %r6, +5; jeq %r0, 0, +2; mov %r1, %r0; call 86; mov %r0, 0; exit;"
	  "ldxw %r1, [%r0+4]; mov %r1, %r0; call 86; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "refs__equal_to_non_null_pointer_not_the_copy", BPF_PROG_TYPE_SCHED_CLS,
	  "ldxdw %r6, [%r1+168]; jne %r6, 0, +2; mov %r0, 0; exit;" SK_LOOKUP_TCP
	  "mov %r7, %r0; jeq %r0, %r6, +5; jeq %r0, 0, +2; mov %r1, %r0; call 86; mov %r0, 0; exit;"
	  "ldxw %r1, [%r7+4]; mov %r1, %r0; call 86; mov %r0, 0; exit", V_UNSAFE, 24,
	  "R7 invalid mem access 'sock_or_null'" },
	/* fields behind socket pointers (check_sock_access), as the kernel answered them */
	{ "sock_access__8_byte_bound_dev_if", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jne %r0, 0, +1; exit; mov %r6, %r0; ldxdw %r1, [%r6+0];"
	  "mov %r1, %r6; call 86; mov %r0, 0; exit", V_UNSAFE, 16,
	  "R6 invalid sock access off=0 size=8" },
	{ "sock_access__narrow_mark", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jne %r0, 0, +1; exit; mov %r6, %r0; ldxb %r1, [%r6+16];"
	  "mov %r1, %r6; call 86; mov %r0, 0; exit", V_UNSAFE, 16,
	  "R6 invalid sock access off=16 size=1" },
	{ "sock_access__narrow_state_and_sx_port", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jne %r0, 0, +1; exit; mov %r6, %r0; ldxh %r1, [%r6+72];"
	  "ldxsh %r1, [%r6+48]; ldxw %r1, [%r6+76]; mov %r1, %r6; call 86; mov %r0, 0; exit",
	  V_SAFE, 0, "" },
	{ "sock_access__narrow_tcp_sock", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "jne %r0, 0, +1; exit; mov %r6, %r0; mov %r1, %r6; call 96; jeq %r0, 0, +1;"
	  "ldxh %r1, [%r0+0]; mov %r1, %r6; call 86; mov %r0, 0; exit", V_UNSAFE, 19,
	  "R0 invalid tcp_sock access off=0 size=2" },
	{ "refs__read_before_null_check", BPF_PROG_TYPE_SCHED_CLS,
	  SK_LOOKUP_TCP "ldxw %r1, [%r0+4]; exit", V_UNSAFE, 13, "R0 invalid mem access 'sock_or_null'" },
	/* a pointer known at or beyond pkt_end (mark_pkt_end: a negative range) fails without
	 * the bounds check's "invalid access to packet" line (selftest xdp_direct_packet_access
	 * "pkt_data' > pkt_end, bad access 2"); the other branch reads in bounds */
	{ "pkt__beyond_end_no_bounds_line", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r1, %r2; add %r1, 8; jgt %r1, %r3, +0;"
	  "ldxdw %r0, [%r1-8]; mov %r0, 0; exit", V_UNSAFE, 5, "R1 offset is outside of the packet" },
	{ "pkt__at_end_no_bounds_line", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r1, %r2; add %r1, 8; jge %r1, %r3, +0;"
	  "ldxw %r0, [%r1-5]; mov %r0, 0; exit", V_UNSAFE, 5, "R1 offset is outside of the packet" },
	/* the mark (the kernel's negative range) goes with the pointer across constant offsets:
	 * still no bounds line, and a second comparison is decided by it (the fall-through
	 * dereferences R0 and is never explored); all checked live */
	{ "pkt__mark_kept_across_constant_add", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r1, %r2; add %r1, 8; jgt %r1, %r3, +2;"
	  "mov %r0, 0; exit; add %r1, -8; ldxb %r0, [%r1+0]; mov %r0, 0; exit", V_UNSAFE, 8,
	  "R1 offset is outside of the packet" },
	{ "pkt__mark_decides_later_comparison", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r1, %r2; add %r1, 8; jgt %r1, %r3, +2;"
	  "mov %r0, 0; exit; add %r1, -8; jgt %r1, %r3, +2; ldxdw %r0, [%r0+0]; exit; mov %r0, 0;"
	  "exit", V_SAFE, 0, "" },
	/* a variable offset zeroes the range: the mark goes too */
	{ "pkt__mark_dropped_by_variable_add", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; ldxw %r4, [%r1+12]; and %r4, 7; mov %r1, %r2;"
	  "add %r1, 8; jgt %r1, %r3, +2; mov %r0, 0; exit; add %r1, %r4; ldxb %r0, [%r1+0];"
	  "mov %r0, 0; exit", V_UNSAFE, 10,
	  "invalid access to packet, off=8 size=1, R1(id=1,off=8,r=0)\nR1 offset is outside of the packet" },
	/* in range 0, not marked: the bounds check's line comes first */
	{ "pkt__unchecked_bounds_line", BPF_PROG_TYPE_XDP,
	  "ldxw %r2, [%r1+0]; ldxb %r0, [%r2+0]; mov %r0, 0; exit", V_UNSAFE, 1,
	  "invalid access to packet, off=0 size=1, R2(id=0,off=0,r=0)\nR2 offset is outside of the packet" },
};

START_TEST(engine__asm_programs)
{
	const struct asm_case *c = &asm_cases[_i];
	struct analysis_result res;
	struct bpf_insn *insns;
	struct prog p;
	char err[256];
	u32 cnt;

	ck_assert_msg(!asm_parse(c->text, &insns, &cnt, err, sizeof(err)), "%s: %s", c->name, err);
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, NULL, &res), 0);
	free(insns);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u: %s", c->name,
			      res.diag.insn_idx, res.diag.msg);
		/* the kernel's message from its first line on */
		ck_assert_msg(!strncmp(res.diag.msg, c->msg, strlen(c->msg)), "%s: \"%s\"", c->name,
			      res.diag.msg);
	}
}
END_TEST

/* A ld_imm64 of a direct map value pointer (BPF_PSEUDO_MAP_VALUE, insn[1].imm the offset) is
 * checked when the kernel resolves it (resolve_pseudo_ldimm64 -> map_direct_value_addr), before
 * any instruction runs: the array's single value must hold the offset. */
#define LD_MAP_VALUE(d, idx, off) \
	I(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_VALUE, 0, idx), I(0, 0, 0, 0, off)
#define ST_B(d, o, i) I(BPF_ST | BPF_MEM | BPF_B, d, 0, o, i)

struct direct_value_case {
	const char *name;
	u32 map_type, max_entries;
	s32 off;
	enum verdict verdict;
	const char *msg;
};

static const struct direct_value_case direct_value_cases[] = {
	{ "last_byte", BPF_MAP_TYPE_ARRAY, 1, 47, V_SAFE, "" },
	/* selftest direct_value_access "write test 11" */
	{ "one_past_end", BPF_MAP_TYPE_ARRAY, 1, 48, V_UNSAFE,
	  "invalid access to map value pointer, value_size=48 off=48" },
	/* "write test 13": below BPF_MAX_VAR_OFF, so the map's check decides */
	{ "far_past_end", BPF_MAP_TYPE_ARRAY, 1, (1 << 29) - 1, V_UNSAFE,
	  "invalid access to map value pointer, value_size=48 off=536870911" },
	/* array_map_direct_value_addr() wants the single element */
	{ "two_entries", BPF_MAP_TYPE_ARRAY, 2, 0, V_UNSAFE,
	  "invalid access to map value pointer, value_size=48 off=0" },
	/* a hash map's ops have no map_direct_value_addr() */
	{ "hash", BPF_MAP_TYPE_HASH, 1, 0, V_UNSAFE,
	  "no direct value access support for this map type" },
};

START_TEST(engine__map_direct_value)
{
	const struct direct_value_case *c = &direct_value_cases[_i];
	struct bpf_insn insns[] = { MOV64_IMM(0, 1), LD_MAP_VALUE(1, 0, c->off), ST_B(1, 0, 4),
				    EXIT() };
	struct map_def map = { .type = c->map_type, .key_size = 4, .value_size = 48,
			       .max_entries = c->max_entries, .inner_idx = -1 };
	struct analysis_result res;
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	p.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&p, &map, 1, NULL, &res), 0);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		/* the failing instruction is the ld_imm64, and nothing ran before it */
		ck_assert_uint_eq(res.diag.insn_idx, 1);
		ck_assert_uint_eq(res.insn_processed, 0);
		ck_assert_str_eq(res.diag.msg, c->msg);
	}
}
END_TEST

/* Context access rules per program type (src/checks/ctx*.c), in the conformance suite's
 * assembly: one load or store through the context, then the kernel's verdict, and for a
 * rejection its message. A loaded pointer's type shows in the message of a dereference. */
struct ctx_case {
	const char *name;
	u32 prog_type, attach_type;
	const char *text;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

#define CTX_OK(n, pt, at, t) { n, pt, at, t "; mov %r0, 0; exit", V_SAFE, 0, "" }
#define CTX_BAD(n, pt, at, t, m) { n, pt, at, t "; mov %r0, 0; exit", V_UNSAFE, 0, m }
/* stores go through a register: BPF_ST into the context is refused before any layout check */
#define CTX_WOK(n, pt, at, t) { n, pt, at, "mov %r2, 1; " t "; mov %r0, 0; exit", V_SAFE, 0, "" }
#define CTX_WBAD(n, pt, at, t, m) \
	{ n, pt, at, "mov %r2, 1; " t "; mov %r0, 0; exit", V_UNSAFE, 1, m }

static const struct ctx_case ctx_cases[] = {
	CTX_OK("st__tc_mark", BPF_PROG_TYPE_SCHED_CLS, 0, "stw [%r1+8], 1"),
	CTX_BAD("st__tc_mark_too_wide", BPF_PROG_TYPE_SCHED_CLS, 0, "stdw [%r1+8], 1",
		"invalid bpf_context access off=8 size=8"),
	CTX_OK("kprobe__last_pt_regs_slot", BPF_PROG_TYPE_KPROBE, 0, "ldxdw %r0, [%r1+160]"),
	CTX_OK("kprobe__narrow_read", BPF_PROG_TYPE_KPROBE, 0, "ldxb %r0, [%r1+3]"),
	CTX_BAD("kprobe__past_pt_regs", BPF_PROG_TYPE_KPROBE, 0, "ldxdw %r0, [%r1+168]",
		"invalid bpf_context access off=168 size=8"),
	CTX_BAD("kprobe__misaligned", BPF_PROG_TYPE_KPROBE, 0, "ldxdw %r0, [%r1+4]",
		"invalid bpf_context access off=4 size=8"),
	CTX_WBAD("kprobe__write", BPF_PROG_TYPE_KPROBE, 0, "stxdw [%r1+0], %r2",
		"invalid bpf_context access off=0 size=8"),
	CTX_BAD("tracepoint__common_header", BPF_PROG_TYPE_TRACEPOINT, 0, "ldxdw %r0, [%r1+0]",
		"invalid bpf_context access off=0 size=8"),
	CTX_OK("tracepoint__record", BPF_PROG_TYPE_TRACEPOINT, 0, "ldxw %r0, [%r1+8]"),
	CTX_OK("raw_tp__last_arg", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, "ldxdw %r0, [%r1+88]"),
	CTX_BAD("raw_tp__past_args", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, "ldxdw %r0, [%r1+96]",
		"invalid bpf_context access off=96 size=8"),
	CTX_OK("perf_event__narrow_sample_period", BPF_PROG_TYPE_PERF_EVENT, 0,
	       "ldxw %r0, [%r1+172]"),
	CTX_BAD("perf_event__narrow_regs", BPF_PROG_TYPE_PERF_EVENT, 0, "ldxw %r0, [%r1+0]",
		"invalid bpf_context access off=0 size=4"),
	CTX_OK("sk_lookup__remote_port_padding", BPF_PROG_TYPE_SK_LOOKUP, 0, "ldxh %r0, [%r1+38]"),
	CTX_WBAD("sk_lookup__write", BPF_PROG_TYPE_SK_LOOKUP, 0, "stxw [%r1+8], %r2",
		"invalid bpf_context access off=8 size=4"),
	{ "sk_lookup__sk_may_be_null", BPF_PROG_TYPE_SK_LOOKUP, 0,
	  "ldxdw %r2, [%r1+0]; ldxw %r0, [%r2+0]; mov %r0, 0; exit", V_UNSAFE, 1,
	  "R2 invalid mem access 'sock_or_null'" },
	CTX_BAD("sk_msg__narrow_data", BPF_PROG_TYPE_SK_MSG, 0, "ldxw %r0, [%r1+0]",
		"invalid bpf_context access off=0 size=4"),
	CTX_BAD("sk_msg__inside_data_end", BPF_PROG_TYPE_SK_MSG, 0, "ldxw %r0, [%r1+12]",
		"invalid bpf_context access off=12 size=4"),
	CTX_OK("sk_msg__size", BPF_PROG_TYPE_SK_MSG, 0, "ldxw %r0, [%r1+68]"),
	CTX_WOK("sock_ops__write_reply", BPF_PROG_TYPE_SOCK_OPS, 0, "stxw [%r1+4], %r2"),
	CTX_WBAD("sock_ops__write_args1", BPF_PROG_TYPE_SOCK_OPS, 0, "stxw [%r1+8], %r2",
		"invalid bpf_context access off=8 size=4"),
	CTX_BAD("sock_ops__inside_sk_pointer", BPF_PROG_TYPE_SOCK_OPS, 0, "ldxw %r0, [%r1+188]",
		"invalid bpf_context access off=188 size=4"),
	CTX_OK("sock_ops__skb_hwtstamp", BPF_PROG_TYPE_SOCK_OPS, 0, "ldxdw %r0, [%r1+216]"),
	CTX_BAD("sock_addr__ip6_field_from_ip4_hook", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
		BPF_CGROUP_INET4_CONNECT, "ldxw %r0, [%r1+8]", "invalid bpf_context access off=8 size=4"),
	CTX_OK("sock_addr__wide_user_ip6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT,
	       "ldxdw %r0, [%r1+16]"),
	CTX_BAD("sock_addr__padding_before_sk", BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
		BPF_CGROUP_INET4_CONNECT, "ldxw %r0, [%r1+60]",
		"invalid bpf_context access off=60 size=4"),
	{ "sock_addr__no_attach_type", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 0,
	  "ldxw %r0, [%r1+0]; mov %r0, 1; exit", V_UNKNOWN, 0, "" },
	CTX_WOK("cgroup_sock__create_writes_mark", BPF_PROG_TYPE_CGROUP_SOCK, 0,
		"stxw [%r1+16], %r2"),
	CTX_WBAD("cgroup_sock__post_bind_writes_mark", BPF_PROG_TYPE_CGROUP_SOCK,
		 BPF_CGROUP_INET4_POST_BIND, "stxw [%r1+16], %r2",
		"invalid bpf_context access off=16 size=4"),
	CTX_BAD("cgroup_sock__create_reads_src_ip4", BPF_PROG_TYPE_CGROUP_SOCK, 0,
		"ldxw %r0, [%r1+24]", "invalid bpf_context access off=24 size=4"),
	CTX_OK("cgroup_sock__dst_port_narrow", BPF_PROG_TYPE_CGROUP_SOCK, 0, "ldxb %r0, [%r1+49]"),
	CTX_WOK("lwt__write_mark", BPF_PROG_TYPE_LWT_IN, 0, "stxw [%r1+8], %r2"),
	CTX_WBAD("lwt__write_tc_index", BPF_PROG_TYPE_LWT_XMIT, 0, "stxw [%r1+44], %r2",
		"invalid bpf_context access off=44 size=4"),
	CTX_BAD("lwt__data_meta", BPF_PROG_TYPE_LWT_OUT, 0, "ldxw %r0, [%r1+140]",
		"invalid bpf_context access off=140 size=4"),
	CTX_OK("flow_dissector__flow_keys", BPF_PROG_TYPE_FLOW_DISSECTOR, 0, "ldxdw %r0, [%r1+144]"),
	CTX_BAD("flow_dissector__inside_data", BPF_PROG_TYPE_FLOW_DISSECTOR, 0,
		"ldxb %r0, [%r1+77]", "invalid bpf_context access off=77 size=1"),
	CTX_BAD("sk_reuseport__eth_protocol_byte", BPF_PROG_TYPE_SK_REUSEPORT, 0,
		"ldxb %r0, [%r1+20]", "invalid bpf_context access off=20 size=1"),
	CTX_OK("sk_reuseport__migrating_sk", BPF_PROG_TYPE_SK_REUSEPORT, 0, "ldxdw %r0, [%r1+48]"),
	CTX_OK("cgroup_dev__narrow_access_type", BPF_PROG_TYPE_CGROUP_DEVICE, 0,
	       "ldxh %r0, [%r1+0]"),
	CTX_BAD("cgroup_dev__narrow_major", BPF_PROG_TYPE_CGROUP_DEVICE, 0, "ldxh %r0, [%r1+4]",
		"invalid bpf_context access off=4 size=2"),
	CTX_WOK("sysctl__write_file_pos", BPF_PROG_TYPE_CGROUP_SYSCTL, 0, "stxw [%r1+4], %r2"),
	CTX_WBAD("sysctl__write_write", BPF_PROG_TYPE_CGROUP_SYSCTL, 0, "stxw [%r1+0], %r2",
		"invalid bpf_context access off=0 size=4"),
	{ "flow_keys__last_field", BPF_PROG_TYPE_FLOW_DISSECTOR, 0,
	  "ldxdw %r2, [%r1+144]; ldxw %r0, [%r2+52]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "flow_keys__past_the_end", BPF_PROG_TYPE_FLOW_DISSECTOR, 0,
	  "ldxdw %r2, [%r1+144]; ldxw %r0, [%r2+56]; mov %r0, 0; exit", V_UNSAFE, 1,
	  "invalid access to flow keys off=56 size=4" },
	{ "sock__dst_port", BPF_PROG_TYPE_SK_MSG, 0,
	  "ldxdw %r2, [%r1+72]; ldxh %r0, [%r2+48]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "sock__dst_port_padding", BPF_PROG_TYPE_SK_MSG, 0,
	  "ldxdw %r2, [%r1+72]; ldxh %r0, [%r2+50]; mov %r0, 0; exit", V_UNSAFE, 1,
	  "R2 invalid sock access off=50 size=2" },
	CTX_BAD("sk_skb__mark", BPF_PROG_TYPE_SK_SKB, 0, "ldxw %r0, [%r1+8]",
		"invalid bpf_context access off=8 size=4"),
	CTX_WOK("sk_skb__write_priority", BPF_PROG_TYPE_SK_SKB, 0, "stxw [%r1+32], %r2"),
};

START_TEST(engine__ctx_access)
{
	const struct ctx_case *c = &ctx_cases[_i];
	struct analysis_result res;
	struct bpf_insn *insns;
	struct prog p;
	char err[256];
	u32 cnt;

	ck_assert_msg(!asm_parse(c->text, &insns, &cnt, err, sizeof(err)), "%s: %s", c->name, err);
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = c->prog_type;
	p.pt.expected_attach_type = c->attach_type;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, NULL, &res), 0);
	free(insns);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u: %s", c->name,
			      res.diag.insn_idx, res.diag.msg);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}
END_TEST

/* Load-acquire and store-release (no assembler syntax yet): raw instructions. */
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ 0x100
#endif
#ifndef BPF_STORE_REL
#define BPF_STORE_REL 0x110
#endif
#define ATOMIC_DW(imm, d, s, o) I(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, imm)
#define ATOMIC_W(imm, d, s, o) I(BPF_STX | BPF_ATOMIC | BPF_W, d, s, o, imm)

static const struct eng_case acqrel_cases[] = {
	{ "store_release__spills_like_stx", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 7), ATOMIC_DW(BPF_STORE_REL, 10, 1, -8), LDX_DW(2, 10, -8), MOV64_IMM(0, 0),
	    I(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1, 7), LDX_DW(0, 0, 0), EXIT() }, 7, V_SAFE, 0, "" },
	{ "load_acquire__reads_spilled_value", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 7), ATOMIC_DW(BPF_LOAD_ACQ, 2, 10, -8), MOV64_IMM(0, 0),
	    I(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1, 7), LDX_DW(0, 0, 0), EXIT() }, 6, V_SAFE, 0, "" },
	{ "load_acquire__from_ctx_refused", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ATOMIC_W(BPF_LOAD_ACQ, 0, 1, 0), EXIT() }, 2, V_UNSAFE, 0,
	  "BPF_ATOMIC loads from R1 ctx is not allowed" },
	{ "load_acquire__misaligned_stack", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), ATOMIC_W(BPF_LOAD_ACQ, 0, 10, -6), EXIT() }, 3, V_UNSAFE, 1,
	  "misaligned stack access off 0+0+-6 size 4" },
};

START_TEST(engine__load_acquire_store_release)
{
	const struct eng_case *c = &acqrel_cases[_i];
	struct analysis_result res;
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = (struct bpf_insn *)c->insns;
	p.insn_cnt = c->cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, NULL, &res), 0);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u: %s", c->name,
			      res.diag.insn_idx, res.diag.msg);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
}
END_TEST

/* may_goto (no assembler syntax yet): loops with no provable bound converge. */
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0
#endif
#define MAY_GOTO(o) I(BPF_JMP | BPF_JCOND, 0, 0, o, 0)
#define JA(o) I(BPF_JMP | BPF_JA, 0, 0, o, 0)

static const struct eng_case may_goto_cases[] = {
	{ "may_goto__unbounded_counter_converges", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(0, 0), MAY_GOTO(2), ADD64_IMM(0, 1), JA(-3), EXIT() }, 5, V_SAFE, 0, "" },
	{ "may_goto__empty_body_is_no_infinite_loop", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(0, 0), MAY_GOTO(1), JA(-2), EXIT() }, 4, V_SAFE, 0, "" },
	/* a counter spilled to the stack changes every iteration: nothing relies on it, so it is
	 * widened to unknown (widen_imprecise_scalars() covers spilled slots) and the loop
	 * converges; kept exact, every iteration would be a new state until the 1M limit */
	{ "may_goto__spilled_counter_widened", BPF_PROG_TYPE_SOCKET_FILTER,
	  { ST_DW(10, -8, 0), MAY_GOTO(4), LDX_DW(1, 10, -8), ADD64_IMM(1, 1), STX_DW(10, 1, -8),
	    JA(-5), MOV64_IMM(0, 0), EXIT() }, 8, V_SAFE, 0, "" },
	{ "may_goto__body_checked_every_iteration", BPF_PROG_TYPE_SOCKET_FILTER,
	  { MOV64_IMM(1, 0), MAY_GOTO(4), ADD64_IMM(1, 1), I(BPF_JMP | BPF_JNE | BPF_K, 1, 0, 1, 3),
	    LDX_DW(0, 1, 0), JA(-5), MOV64_IMM(0, 0), EXIT() }, 8, V_UNSAFE, 4,
	  "R1 invalid mem access 'scalar'" },
};

START_TEST(engine__may_goto)
{
	const struct eng_case *c = &may_goto_cases[_i];
	struct analysis_result res;
	struct prog p;

	memset(&p, 0, sizeof(p));
	p.insns = (struct bpf_insn *)c->insns;
	p.insn_cnt = c->cnt;
	p.pt.prog_type = c->prog_type;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, NULL, &res), 0);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u: %s", c->name,
			      res.diag.insn_idx, res.diag.msg);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
	/* converging loops take a few iterations, not one per counter value */
	if (c->verdict == V_SAFE)
		ck_assert_msg(res.insn_processed < 100, "%s: %u insns", c->name, res.insn_processed);
}
END_TEST

static const char *corpus_dir(void)
{
	const char *d = getenv("BPFVERIFY_CORPUS");

	return d ? d : "build/corpus";
}

static u32 n_pass, n_agree, n_msg, n_unknown, n_danger, n_rej_ok, n_total, n_known, n_differ,
	   n_stale;

static void run_object(const char *path)
{
	struct object_opts o = {};
	struct object *obj;
	char err[256];
	u32 i;

	if (object_open(path, &o, &obj, err, sizeof(err)))
		return;
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];
		const struct prog_tag *succ = prog_tag_find(p, "test_expect_success");
		const struct prog_tag *fail = prog_tag_find(p, "test_expect_failure");
		const struct prog_tag *msg = prog_tag_find(p, "test_expect_msg");
		const struct prog_tag *known;
		/* no time budget: the verdict, not the machine's speed (1M insns under ASan) */
		struct analysis_opts opts = { .gpl = obj->gpl, .btf = obj->btf,
					      .target_btf = object_target_btf(obj),
					      .time_limit_ms = ~0u };
		struct analysis_result res;

		if ((!succ && !fail) || !p->type_known)
			continue;
		n_total++;
		known = prog_tag_find(p, "bpfverify_known_divergence");
		if (analysis_run(p, obj->maps, obj->map_cnt, &opts, &res) || res.verdict == V_UNKNOWN) {
			n_unknown++;
			fprintf(stderr, "engine: %s:%s unknown: %s\n", path, p->name, res.diag.msg);
		} else if ((res.verdict == V_SAFE) == !!succ) {
			n_agree++;
			if (fail && msg && strstr(res.diag.msg, msg->value))
				n_msg++;
			if (known) {
				n_stale++;
				fprintf(stderr, "engine: %s:%s agrees now: drop its __known_divergence "
					"and its KNOWN_DIFFERENCES.md row\n", path, p->name);
			}
			continue;
		} else if (res.verdict == V_SAFE) {
			n_danger += !known;
			fprintf(stderr, "engine: %s%s:%s accepted, annotated __failure\n",
				known ? "" : "DANGER ", path, p->name);
		} else {
			n_rej_ok++;
			fprintf(stderr, "engine: %s:%s rejected (insn %u: %s), annotated __success\n",
				path, p->name, res.diag.insn_idx, res.diag.msg);
		}
		n_differ++;
		/* listed in KNOWN_DIFFERENCES.md: visible, not failing */
		if (known) {
			n_known++;
			fprintf(stderr, "engine: known divergence %s:%s: %s\n", path, p->name,
				known->value);
		}
	}
	object_free(obj);
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n > 6 && !strcmp(e->d_name + n - 6, ".bpf.o"))
			run_object(path);
		else if (e->d_type == DT_DIR)
			walk(path);
	}
	closedir(d);
}

/* Corpus programs whose counts the live 6.18 kernel's log gives ("processed N insns ...
 * total_states T peak_states P"), where our exploration once differed from it. */
struct count_case {
	const char *object, *prog;
	u32 insns, total_states, peak_states;
};

static const struct count_case count_cases[] = {
	/* a global function's states add to the main program's in peak_states (free_states()
	 * keeps the count) */
	{ "calls/subprog_ok.bpf.o", "calls_global", 41, 4, 4 },
	/* a tail call in a subprogram also returns to the caller */
	{ "refs/sk_refs_ok.bpf.o", "tail_call_in_subprog", 36, 3, 3 },
	{ "calls/tail_call_subprog_ok.bpf.o", "tail_call_subprog_masked", 22, 2, 2 },
	/* so does an LD_ABS load in a subprogram that fails */
	{ "calls/ld_abs_subprog_ok.bpf.o", "ld_abs_subprog_checked", 37, 2, 2 },
};

START_TEST(engine__corpus_counts)
{
	const struct count_case *c = &count_cases[_i];
	struct object_opts o = {};
	struct analysis_result res;
	struct object *obj;
	const struct prog *p;
	char path[1024], err[256];

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), c->object);
	if (object_open(path, &o, &obj, err, sizeof(err))) {
		printf("SKIP: engine counts: %s\n", err);
		return;
	}
	p = object_find_prog(obj, c->prog);
	ck_assert_msg(p, "%s: no program %s", path, c->prog);
	{
		/* no time budget: the verdict, not the machine's speed (1M insns under ASan) */
		struct analysis_opts opts = { .gpl = obj->gpl, .btf = obj->btf,
					      .target_btf = object_target_btf(obj),
					      .time_limit_ms = ~0u };

		ck_assert_int_eq(analysis_run(p, obj->maps, obj->map_cnt, &opts, &res), 0);
	}
	object_free(obj);
	ck_assert_msg(res.verdict == V_SAFE, "%s: %s", c->prog, res.diag.msg);
	ck_assert_msg(res.insn_processed == c->insns && res.total_states == c->total_states &&
		      res.peak_states == c->peak_states,
		      "%s: %u insns, %u states, peak %u; kernel %u, %u, %u", c->prog,
		      res.insn_processed, res.total_states, res.peak_states, c->insns,
		      c->total_states, c->peak_states);
}
END_TEST

START_TEST(engine__corpus_annotations)
{
	DIR *d = opendir(corpus_dir());

	if (!d) {
		printf("SKIP: engine corpus: %s not built\n", corpus_dir());
		return;
	}
	closedir(d);
	walk(corpus_dir());
	(void)n_pass;
	printf("engine corpus: %u annotated programs: %u agree (%u with the expected message), "
	       "%u we-reject/expected-success, %u we-accept/expected-failure, %u unknown\n",
	       n_total, n_agree, n_msg, n_rej_ok, n_danger, n_unknown);
	printf("engine corpus: %u known divergences (__known_divergence, KNOWN_DIFFERENCES.md)\n",
	       n_known);
	/* accepting what the kernel rejects is the dangerous kind: never; any other disagreement
	 * or undecided program only where KNOWN_DIFFERENCES.md records it */
	ck_assert_uint_eq(n_danger, 0);
	ck_assert_msg(n_differ == n_known, "%u programs disagree or are undecided, %u of them known",
		      n_differ, n_known);
	ck_assert_msg(!n_stale, "%u known divergences agree now", n_stale);
}
END_TEST

Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("engine");

	tcase_add_loop_test(tc, engine__small_programs, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_loop_test(tc, engine__exit_r0, 0, sizeof(r0_cases) / sizeof(r0_cases[0]));
	tcase_add_loop_test(tc, engine__asm_programs, 0, sizeof(asm_cases) / sizeof(asm_cases[0]));
	tcase_add_loop_test(tc, engine__map_direct_value, 0,
			    sizeof(direct_value_cases) / sizeof(direct_value_cases[0]));
	tcase_add_loop_test(tc, engine__ctx_access, 0, sizeof(ctx_cases) / sizeof(ctx_cases[0]));
	tcase_add_loop_test(tc, engine__load_acquire_store_release, 0,
			    sizeof(acqrel_cases) / sizeof(acqrel_cases[0]));
	tcase_add_loop_test(tc, engine__may_goto, 0, sizeof(may_goto_cases) / sizeof(may_goto_cases[0]));
	tcase_add_test(tc, engine__map_relocations__unbound_ld_imm64_names_no_map);
	tcase_add_test(tc, engine__ld_map__struct_ops_and_cgroup_storage_use);
	tcase_add_loop_test(tc, engine__ld_map_value__array_direct_value_addr, 0,
			    ARRAY_SIZE(direct_cases));
	tcase_add_loop_test(tc, engine__corpus_counts, 0,
			    sizeof(count_cases) / sizeof(count_cases[0]));
	tcase_add_test(tc, engine__corpus_annotations);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
