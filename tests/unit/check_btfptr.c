/* BTF-typed contexts and pointers (checks/ctx_trace.c, checks/btf_access.c) on small assembled
 * programs against the running kernel's BTF (/sys/kernel/btf/vmlinux). The fentry / fexit /
 * fmod_ret / lsm cases cannot be loaded on this machine (lockdown refuses them before the
 * verifier runs), so their expectations come from the 6.18 source: btf_ctx_access() and
 * prog_args_trusted() in kernel/bpf/btf.c, check_return_code() and bpf_lsm_get_retval_range().
 * The tp_btf / iter behaviour is also pinned by the live-checked corpus (tests/corpus/tracing).
 * Loads through a map pointer walk the map's kernel struct (struct bpf_array, bpf_htab) of the
 * same BTF; their offsets are taken from it, as the kernel's own answer depends on its layout
 * (also checked live: tests/corpus/maps/map_ptr_*.bpf.c). */
#include <check.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "loader/object.h"

struct btfptr_case {
	const char *name;
	u32 prog_type, attach_type;
	const char *target;	/* BTF name of the attach target */
	int kind;		/* its BTF kind */
	const char *text;
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

#define FENTRY BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "do_unlinkat", BTF_KIND_FUNC
#define FEXIT BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, "do_unlinkat", BTF_KIND_FUNC
#define FEXIT_VOID BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, "fput", BTF_KIND_FUNC
#define FMOD_RET BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, "do_unlinkat", BTF_KIND_FUNC
#define LSM BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_file_open", BTF_KIND_FUNC
#define LSM_VOID BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_d_instantiate", BTF_KIND_FUNC
#define TP_BTF BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, "btf_trace_sched_switch", BTF_KIND_TYPEDEF

/* A NULL test of the pointer in r2 whose NULL side reads the never-written r9: rejected only
 * when the verifier cannot tell the pointer is not NULL (reg_not_null: trusted pointers). */
#define NULL_SIDE_UNINIT "jne %r2, 0, +1\nmov %r0, %r9\nmov %r0, 0\nexit"

static const struct btfptr_case cases[] = {
	/* fentry: do_unlinkat(int dfd, struct filename *name) */
	{ "fentry_walk_name", FENTRY,
	  "ldxdw %r2, [%r1+8]\nldxdw %r3, [%r2+0]\nldxb %r4, [%r3+0]\nmov %r0, 0\nexit",
	  V_SAFE, 0, "" },
	{ "fentry_int_arg_narrow", FENTRY, "ldxw %r2, [%r1+0]\nmov %r0, 0\nexit", V_SAFE, 0, "" },
	{ "fentry_args_not_trusted", FENTRY, "ldxdw %r2, [%r1+8]\n" NULL_SIDE_UNINIT,
	  V_UNSAFE, 2, "R9 !read_ok" },
	{ "fentry_no_ret_slot", FENTRY, "ldxdw %r2, [%r1+16]\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "func 'do_unlinkat' doesn't have 3-th argument\ninvalid bpf_context access off=16 size=8" },
	{ "fentry_off_not_8", FENTRY, "ldxw %r2, [%r1+4]\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "func 'do_unlinkat' offset 4 is not multiple of 8\ninvalid bpf_context access off=4 size=4" },
	{ "fentry_ctx_write", FENTRY, "stdw [%r1+0], 0\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "invalid bpf_context access off=0 size=8" },
	{ "fentry_ptr_write", FENTRY, "ldxdw %r2, [%r1+8]\nstdw [%r2+0], 0\nmov %r0, 0\nexit",
	  V_UNSAFE, 1, "only read is supported" },
	{ "fentry_returns_1", FENTRY, "mov %r0, 1\nexit", V_UNSAFE, 1,
	  "At program exit the register R0 has smin=1 smax=1 should have been in [0, 0]" },
	/* fexit and fmod_ret: the slot after the arguments is the return value */
	{ "fexit_ret_slot", FEXIT, "ldxdw %r2, [%r1+16]\nmov %r0, 0\nexit", V_SAFE, 0, "" },
	{ "fexit_past_ret_slot", FEXIT, "ldxdw %r2, [%r1+24]\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "func 'do_unlinkat' doesn't have 4-th argument\ninvalid bpf_context access off=24 size=8" },
	/* a void function has no return slot: btf_ctx_arg_idx() gives it size 0 */
	{ "fexit_void_no_ret_slot", FEXIT_VOID, "ldxdw %r2, [%r1+8]\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "func 'fput' doesn't have 3-th argument\ninvalid bpf_context access off=8 size=8" },
	{ "fmod_ret_ptr_return", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, "get_task_mm",
	  BTF_KIND_FUNC, "ldxdw %r2, [%r1+8]\nmov %r0, 0\nexit", V_UNSAFE, 0,
	  "ret type PTR not allowed for fmod_ret\ninvalid bpf_context access off=8 size=8" },
	{ "fmod_ret_any_return", FMOD_RET, "ldxdw %r0, [%r1+16]\nexit", V_SAFE, 0, "" },
	/* lsm: file_open(struct file *file): trusted arguments, errno return range */
	{ "lsm_trusted_arg", LSM, "ldxdw %r2, [%r1+0]\n" NULL_SIDE_UNINIT, V_SAFE, 0, "" },
	{ "lsm_returns_errno", LSM, "mov %r0, -1\nexit", V_SAFE, 0, "" },
	{ "lsm_returns_1", LSM, "mov %r0, 1\nexit", V_UNSAFE, 1,
	  "At program exit the register R0 has smin=1 smax=1 should have been in [-4095, 0]" },
	{ "lsm_retval_slot_in_range", LSM, "ldxdw %r0, [%r1+8]\nexit", V_SAFE, 0, "" },
	{ "lsm_past_retval_slot", LSM, "ldxdw %r0, [%r1+16]\nexit", V_UNSAFE, 0,
	  "func 'bpf_lsm_file_open' doesn't have 3-th argument\ninvalid bpf_context access off=16 size=8" },
	/* a void hook (d_instantiate): R0 is not looked at, not even for being set */
	{ "lsm_void_hook_r0_unset", LSM_VOID, "exit", V_SAFE, 0, "" },
	{ "lsm_void_hook_any_return", LSM_VOID, "mov %r0, 7\nexit", V_SAFE, 0, "" },
	/* an attach target that is not a function: the context is not decided */
	{ "fentry_target_not_func", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "task_struct",
	  BTF_KIND_STRUCT, "ldxdw %r2, [%r1+0]\nmov %r0, 0\nexit", V_UNKNOWN, 0, "" },
	{ "tp_btf_target_not_typedef", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, "do_unlinkat",
	  BTF_KIND_FUNC, "ldxdw %r2, [%r1+0]\nmov %r0, 0\nexit", V_UNKNOWN, 0, "" },
	/* tp_btf: trusted, so the NULL side is never explored (also checked live, corpus) */
	{ "tp_btf_trusted_not_null", TP_BTF, "ldxdw %r2, [%r1+16]\n" NULL_SIDE_UNINIT, V_SAFE, 0, "" },
	{ "tp_btf_neg_off", TP_BTF, "ldxdw %r2, [%r1+16]\nldxdw %r0, [%r2-8]\nexit", V_UNSAFE, 1,
	  "R2 is ptr_task_struct invalid negative access: off=-8" },
};

static struct btf *kernel_btf;

static void kernel_btf_setup(void)
{
	kernel_btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);
}

static void kernel_btf_teardown(void)
{
	btf__free(kernel_btf);
	kernel_btf = NULL;
}

START_TEST(btfptr__case__verdict_insn_and_kernel_message)
{
	const struct btfptr_case *c = &cases[_i];
	struct btf *btf = kernel_btf;
	struct analysis_opts opts = { .gpl = true, .target_btf = btf };
	struct analysis_result res;
	struct prog prog = { 0 };
	char err[128];
	s32 id;

	if (!btf) {
		printf("SKIP btfptr %s: /sys/kernel/btf/vmlinux not readable\n", c->name);
		return;
	}
	id = btf__find_by_name_kind(btf, c->target, c->kind);
	ck_assert_msg(id > 0, "%s: %s not in the kernel BTF", c->name, c->target);
	ck_assert_msg(!asm_parse(c->text, &prog.insns, &prog.insn_cnt, err, sizeof(err)), "%s: %s",
		      c->name, err);
	prog.type_known = true;
	prog.pt.prog_type = c->prog_type;
	prog.pt.expected_attach_type = c->attach_type;
	prog.attach_btf_id = (u32)id;
	ck_assert_int_eq(analysis_run(&prog, NULL, 0, &opts, &res), 0);
	free(prog.insns);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s (%s), want %s", c->name,
		      verdict_name(res.verdict), res.diag.msg, verdict_name(c->verdict));
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u, want %u", c->name,
			      res.diag.insn_idx, c->insn);
		ck_assert_msg(!strcmp(res.diag.msg, c->msg), "%s: '%s', want '%s'", c->name,
			      res.diag.msg, c->msg);
	}
}
END_TEST

/* ---- Loads through a map pointer (check_ptr_to_map_access) ---- */

#define MI(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/* byte offset of member @name of struct @sname in @btf, or -1 */
static int member_off(const struct btf *btf, const char *sname, const char *name)
{
	s32 id = btf__find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	u32 i;

	for (i = 0; t && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off), name))
			return (int)(btf_member_bit_offset(t, i) / 8);
	return -1;
}

/* r1 = the map; @ld: r1 = *(size *)(r1 + @off); then call @helper (0: none); r0 = 0; exit */
static void map_ptr_run(u32 map_type, u8 size, s16 off, s32 helper, struct analysis_result *res)
{
	struct map_def map = { .name = "m", .type = map_type, .key_size = 4, .value_size = 8,
			       .max_entries = 1, .inner_idx = -1 };
	struct bpf_insn insns[] = {
		MI(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 0), MI(0, 0, 0, 0, 0),
		MI(BPF_LDX | BPF_MEM | size, 1, 1, off, 0),
		helper ? MI(BPF_JMP | BPF_CALL, 0, 0, 0, helper) : MI(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0),
		MI(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		MI(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct analysis_opts opts = { .gpl = true, .target_btf = kernel_btf };
	struct prog prog = { .insns = insns, .insn_cnt = ARRAY_SIZE(insns), .type_known = true };

	prog.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&prog, &map, 1, &opts, res), 0);
}

START_TEST(btfptr_map_ptr__ops_field__reads_as_btf_pointer)
{
	struct analysis_result res;
	int ops = kernel_btf ? member_off(kernel_btf, "bpf_map", "ops") : -1;

	if (ops < 0) {
		printf("SKIP btfptr map_ptr: no struct bpf_map with ops in the kernel BTF\n");
		return;
	}
	/* bpf_array starts with its struct bpf_map: the whole ops pointer is a PTR_TO_BTF_ID,
	 * which a helper wanting the map pointer refuses */
	map_ptr_run(BPF_MAP_TYPE_ARRAY, BPF_DW, (s16)ops, BPF_FUNC_map_lookup_elem, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 3);
	ck_assert_str_eq(res.diag.msg, "R1 type=ptr_ expected=map_ptr");
}
END_TEST

START_TEST(btfptr_map_ptr__part_of_ops__rejected_with_member_message)
{
	struct analysis_result res;
	int ops = kernel_btf ? member_off(kernel_btf, "bpf_map", "ops") : -1;
	char want[160];

	if (ops < 0) {
		printf("SKIP btfptr map_ptr: no struct bpf_map with ops in the kernel BTF\n");
		return;
	}
	map_ptr_run(BPF_MAP_TYPE_ARRAY, BPF_W, (s16)(ops + 1), 0, &res);
	snprintf(want, sizeof(want),
		 "cannot access ptr member ops with moff %d in struct bpf_map with off %d size 4",
		 ops, ops + 1);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_str_eq(res.diag.msg, want);
	ck_assert_str_eq(res.diag.check_id, "mem.map_ptr");
}
END_TEST

START_TEST(btfptr_map_ptr__scalar_field__accepted)
{
	struct analysis_result res;
	int me = kernel_btf ? member_off(kernel_btf, "bpf_map", "max_entries") : -1;

	if (me < 0) {
		printf("SKIP btfptr map_ptr: no bpf_map.max_entries in the kernel BTF\n");
		return;
	}
	map_ptr_run(BPF_MAP_TYPE_HASH, BPF_W, (s16)me, 0, &res);
	ck_assert_msg(res.verdict == V_SAFE, "%s", res.diag.msg);
}
END_TEST

START_TEST(btfptr_map_ptr__past_the_struct__access_beyond)
{
	struct analysis_result res;
	s32 id = kernel_btf ? btf__find_by_name_kind(kernel_btf, "bpf_htab", BTF_KIND_STRUCT) : -1;
	u32 size = id > 0 ? btf__type_by_id(kernel_btf, id)->size : 0;
	char want[128];

	if (!size || size > 32767) {
		printf("SKIP btfptr map_ptr: no usable struct bpf_htab in the kernel BTF\n");
		return;
	}
	map_ptr_run(BPF_MAP_TYPE_HASH, BPF_DW, (s16)size, 0, &res);
	snprintf(want, sizeof(want), "access beyond struct bpf_htab at off %u size 8", size);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_str_eq(res.diag.msg, want);
}
END_TEST

START_TEST(btfptr_map_ptr__unlisted_map_type__unknown)
{
	struct analysis_result res;

	if (!kernel_btf)
		return;
	map_ptr_run(33 /* BPF_MAP_TYPE_ARENA */, BPF_DW, 0, 0, &res);
	ck_assert_int_eq(res.verdict, V_UNKNOWN);
	ck_assert_msg(strstr(res.diag.msg, "map_ptr of map type 33"), "%s", res.diag.msg);
}
END_TEST

Suite *btfptr_suite(void)
{
	Suite *s = suite_create("btfptr");
	TCase *tc = tcase_create("cases");

	tcase_add_unchecked_fixture(tc, kernel_btf_setup, kernel_btf_teardown);
	tcase_add_loop_test(tc, btfptr__case__verdict_insn_and_kernel_message, 0,
			    (int)ARRAY_SIZE(cases));
	suite_add_tcase(s, tc);
	tc = tcase_create("map_ptr");
	tcase_add_unchecked_fixture(tc, kernel_btf_setup, kernel_btf_teardown);
	tcase_add_test(tc, btfptr_map_ptr__ops_field__reads_as_btf_pointer);
	tcase_add_test(tc, btfptr_map_ptr__part_of_ops__rejected_with_member_message);
	tcase_add_test(tc, btfptr_map_ptr__scalar_field__accepted);
	tcase_add_test(tc, btfptr_map_ptr__past_the_struct__access_beyond);
	tcase_add_test(tc, btfptr_map_ptr__unlisted_map_type__unknown);
	suite_add_tcase(s, tc);
	return s;
}
