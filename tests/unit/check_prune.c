/* State pruning (engine.c is_state_visited, liveness.c): small programs whose processed-insn
 * count and checkpoint count pin down which paths are pruned. Every expected number was read from
 * the live 6.18 kernel's log ("processed N insns ... total_states M") for the same instructions,
 * except where a case says it pins our own, more conservative, answer. */
#include <check.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "loader/object.h"

/* Two diamonds: r3 decides whether r4 is 0 or 1, r2 whether r5 becomes 8; both paths of the
 * second diamond meet at the checkpoint stored at the "tail" instruction. */
#define DIAMONDS                                                                             \
	"ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r0, 0; mov %r4, 0; mov %r5, 0;"         \
	"jeq %r3, 0, +1; mov %r4, 1; jeq %r2, 0, +2; mov %r5, 7; mov %r5, 8;"

struct prune_case {
	const char *name;
	const char *text;
	enum verdict verdict;
	u32 insn_processed;
	u32 total_states;
	const char *msg;	/* V_UNSAFE: the kernel's message */
	u32 prog_type;		/* 0: socket filter */
};

/* fp-8 holds 0 on one path and a spilled ctx pointer on the other */
#define STACK_DIAMONDS                                                                       \
	"ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r0, 0; mov %r4, 0; stdw [%r10-8], 0;"   \
	"jeq %r3, 0, +1; stxdw [%r10-8], %r1; jeq %r2, 0, +2; mov %r5, 7; mov %r5, 8;"

/* The unsafe path comes second: r4 = 0 is explored first and stores the checkpoint at the join;
 * r4 = 8 must not be pruned there, because r4 becomes a stack offset (directly, or through a
 * spill and a fill). */
#define OFFSET_DIAMONDS                                                                      \
	"ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r0, 0; mov %r4, 8; mov %r5, 0;"         \
	"stdw [%r10-8], 0; jeq %r3, 0, +1; mov %r4, 0; jeq %r2, 0, +2; mov %r5, 7; mov %r5, 8;"

/* fp-8 of the main frame holds 0 or the ctx pointer; r1 points to it for the call */
#define CALLER_SLOT                                                                          \
	"ldxw %r2, [%r1+0]; stdw [%r10-8], 0; jeq %r2, 0, +1; stxdw [%r10-8], %r1;"         \
	"mov %r1, %r10; add %r1, -8;"
/* the callee reads the caller's slot first, then runs long enough for a checkpoint */
#define CALLEE_READ                                                                          \
	"f: ldxdw %r3, [%r1+0]; mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0;"  \
	"mov %r0, 0;"

static const struct prune_case cases[] = {
	/* r4 and r5 differ between the paths but are dead at insn 10: the second path is pruned
	 * there (kernel: 18 insns, 1 state); comparing dead registers would explore it. */
	{ "dead_registers_do_not_block_pruning", DIAMONDS "mov %r0, 0; exit", V_SAFE, 18, 1 },
	/* r4 decides a branch after the join: precise, so r4 = 0 and r4 = 1 are different
	 * states (kernel: 22 insns, 2 states). */
	{ "precise_scalar_blocks_pruning", DIAMONDS "mov %r0, 0; jne %r4, 1, +0; exit", V_SAFE, 22,
	  2 },
	/* the same for r5 = 8 against r5 = 0 (kernel: 23 insns, 2 states) */
	{ "precise_scalar_blocks_pruning_r5", DIAMONDS "mov %r0, 0; jne %r5, 8, +0; exit", V_SAFE,
	  23, 2 },
	/* r4 is live but only compared with an unknown r2 (the jump is undecided): imprecise,
	 * the second path is pruned (kernel: 20 insns, 1 state) */
	{ "undecided_jump_leaves_scalar_imprecise", DIAMONDS "mov %r0, 0; jgt %r2, %r4, +0; exit",
	  V_SAFE, 20, 1 },
	{ "undecided_jump_on_copy_leaves_scalar_imprecise",
	  DIAMONDS "mov %r0, 0; mov %r6, %r4; add %r6, 3; jgt %r2, %r6, +0; exit", V_SAFE, 22, 1 },
	/* r6 = r4 + 3 decides a jump: backtracking through the add and the copy makes r4
	 * precise at the checkpoint, so r4 = 0 and r4 = 1 stay apart (kernel: 25 insns, 2) */
	{ "decided_jump_marks_the_source_of_a_copy_precise",
	  DIAMONDS "mov %r0, 0; mov %r6, %r4; add %r6, 3; jgt %r6, 2, +0; exit", V_SAFE, 25, 2 },
	/* r4 is returned: a socket filter's return value has no range to check, r4 stays
	 * imprecise (kernel: 18 insns, 1 state); a cgroup_skb program's must lie in [0, 1], so
	 * r4 is precise (kernel: 20 insns, 2 states) */
	{ "returned_scalar_imprecise_without_range", DIAMONDS "mov %r0, %r4; exit", V_SAFE, 18, 1 },
	{ "returned_scalar_precise_with_range", DIAMONDS "mov %r0, %r4; exit", V_SAFE, 20, 2, NULL,
	  BPF_PROG_TYPE_CGROUP_SKB },
	/* pointer arithmetic relies on the scalar: the second path is explored and fails
	 * (kernel: rejected after 24 insns, 2 states) */
	{ "pointer_offset_marks_scalar_precise",
	  OFFSET_DIAMONDS "mov %r6, %r10; add %r6, -8; add %r6, %r4; ldxdw %r0, [%r6+0]; exit",
	  V_UNSAFE, 24, 2, "invalid read from stack R6 off=0 size=8" },
	{ "spilled_then_filled_offset_marks_scalar_precise",
	  OFFSET_DIAMONDS "mov %r6, %r4; lsh %r6, 1; stxdw [%r10-16], %r6; ldxdw %r7, [%r10-16];"
	  "mov %r8, %r10; add %r8, %r7; ldxdw %r0, [%r8-16]; exit",
	  V_UNSAFE, 30, 2, "invalid read from stack R8 off=0 size=8" },
	/* fp-8 is never read again: dead, the paths meet (kernel: 18 insns, 1 state) */
	{ "dead_stack_slot_does_not_block_pruning", STACK_DIAMONDS "mov %r0, 0; exit", V_SAFE, 18,
	  1 },
	/* fp-8 is read, directly or through a copy of the frame pointer: live (kernel: 23 and
	 * 25 insns, 2 states) */
	{ "read_stack_slot_blocks_pruning", STACK_DIAMONDS "ldxdw %r0, [%r10-8]; mov %r0, 0; exit",
	  V_SAFE, 23, 2 },
	{ "slot_read_through_fp_copy_blocks_pruning",
	  STACK_DIAMONDS "mov %r6, %r10; add %r6, -8; ldxdw %r0, [%r6+0]; mov %r0, 0; exit", V_SAFE,
	  25, 2 },
	/* A caller's stack slot in a callee (kernel/bpf/liveness.c, per call chain): fp-8 of the
	 * main frame holds 0 or a ctx pointer, and the callee reads it through r1 before its last
	 * prune point (insn 18). Neither the rest of the callee nor the caller after the call
	 * reads it again: dead there, the second path is pruned (kernel: 33 insns, 3 states). */
	{ "caller_slot_dead_in_callee_does_not_block_pruning",
	  CALLER_SLOT "call local f; mov %r0, 0; exit;" CALLEE_READ "ja +0; ja +0; mov %r0, 0; exit",
	  V_SAFE, 33, 3 },
	/* the caller reads it after the call returns (kernel: 38 insns, 4 states) */
	{ "caller_slot_read_after_return_blocks_pruning",
	  CALLER_SLOT "call local f; ldxdw %r0, [%r10-8]; mov %r0, 0; exit;" CALLEE_READ
	  "ja +0; ja +0; mov %r0, 0; exit", V_SAFE, 38, 4 },
	/* the callee reads it after its prune point (kernel: 36 insns, 4 states) */
	{ "caller_slot_read_later_in_callee_blocks_pruning",
	  CALLER_SLOT "call local f; mov %r0, 0; exit; f: mov %r0, 0; mov %r0, 0; mov %r0, 0;"
	  "mov %r0, 0; mov %r0, 0; mov %r0, 0; ja +0; ja +0; ldxdw %r3, [%r1+0]; mov %r0, 0; exit",
	  V_SAFE, 36, 4 },
	/* the same read through a copy the callee spilled to its own stack (kernel: 40 insns) */
	{ "caller_slot_read_through_spilled_pointer_blocks_pruning",
	  CALLER_SLOT "call local f; mov %r0, 0; exit; f: stxdw [%r10-8], %r1; mov %r0, 0;"
	  "mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0; ja +0; ja +0;"
	  "ldxdw %r4, [%r10-8]; ldxdw %r3, [%r4+0]; mov %r0, 0; exit", V_SAFE, 40, 4 },
	/* the stack liveness pass sees fp + 0x7fffffff + 0x7fffffff before the analysis
	 * refuses the first add: no overflow there (UBSan), the kernel's message here */
	{ "huge_frame_offsets", "mov %r1, %r10; add %r1, 0x7fffffff; add %r1, 0x7fffffff;"
	  "mov %r0, 0; exit", V_UNSAFE, 2, 0, "math between fp pointer and 2147483647 is not allowed" },
	/* a jump's fall-through (insn 10) is not a prune point: no state is stored there, the
	 * only one is at the target of insn 9 (kernel: 23 insns, 1 state) */
	{ "fallthrough_is_not_a_prune_point",
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r0, 0; jeq %r3, 0, +1; mov %r0, 0;"
	  "mov %r0, 0; mov %r0, 0; mov %r0, 0; mov %r0, 0; jeq %r2, 0, +2; mov %r0, 0;"
	  "mov %r0, 0; exit", V_SAFE, 23, 1 },
};

static void run(const char *text, u32 prog_type, const struct analysis_opts *opts,
		struct analysis_result *res)
{
	struct bpf_insn *insns;
	char err[256];
	struct prog p;
	u32 cnt;

	ck_assert_msg(!asm_parse(text, &insns, &cnt, err, sizeof(err)), "%s", err);
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = prog_type ? prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&p, NULL, 0, opts, res), 0);
	free(insns);
}

START_TEST(prune__kernel_counts)
{
	const struct prune_case *c = &cases[_i];
	struct analysis_result res;

	run(c->text, c->prog_type, NULL, &res);
	ck_assert_msg(res.verdict == c->verdict, "%s: %s: %s", c->name, verdict_name(res.verdict),
		      res.diag.msg);
	ck_assert_msg(res.insn_processed == c->insn_processed, "%s: processed %u, expected %u",
		      c->name, res.insn_processed, c->insn_processed);
	ck_assert_msg(res.total_states == c->total_states, "%s: %u states, expected %u", c->name,
		      res.total_states, c->total_states);
	if (c->verdict == V_UNSAFE)
		ck_assert_msg(!strcmp(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
}
END_TEST

/* A loop whose bound is unknown: r2 counts up to an unknown u32 */
#define UNBOUNDED "ldxw %r3, [%r1+0]; mov %r2, 0; add %r2, 1; jlt %r2, %r3, -2; mov %r0, 0; exit"

/* The kernel's max_states_per_insn counts every state of the hash bucket it looks in
 * ((insn ^ callsite) % insn count), other instructions' included. Selftest calls.c "ptr null
 * check in subprog" (16 slots): the main program's insn 11 (callsite -1) shares bucket 4 with
 * the callee's insn 12 (callsite 8), whose state is there when 11 is visited; no instruction
 * meets a state of its own (kernel: 18 insns, max_states_per_insn 1, 2 states). */
START_TEST(prune__states_statistic_counts_the_bucket)
{
	struct map_def map = { .type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 48,
			       .max_entries = 1, .inner_idx = -1 };
	struct analysis_result res;
	struct bpf_insn *insns;
	char err[256];
	struct prog p;
	u32 cnt;

	ck_assert_msg(!asm_parse("stdw [%r10-8], 0; mov %r2, %r10; add %r2, -8; lddw %r1, 0;"
				 "call 1; mov %r1, %r0; mov %r6, %r0; call local +3;"
				 "jeq %r0, 0, +1; ldxb %r0, [%r6+0]; exit;"
				 "mov %r0, 0; jeq %r1, 0, +1; mov %r0, 1; exit",
				 &insns, &cnt, err, sizeof(err)), "%s", err);
	insns[3].src_reg = BPF_PSEUDO_MAP_FD;	/* the map, index 0 */
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ck_assert_int_eq(analysis_run(&p, &map, 1, NULL, &res), 0);
	free(insns);
	ck_assert_int_eq(res.verdict, V_SAFE);
	ck_assert_uint_eq(res.insn_processed, 18);
	ck_assert_uint_eq(res.total_states, 2);
	ck_assert_uint_eq(res.max_states_per_insn, 1);
}
END_TEST

/* A budget of ours, smaller than the kernel's, only stops the analysis */
START_TEST(prune__own_insn_limit_is_unknown_with_kernel_message)
{
	struct analysis_opts opts = { .gpl = true, .insn_limit = 5000, .time_limit_ms = ~0u };
	struct analysis_result res;

	run(UNBOUNDED, 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNKNOWN);
	ck_assert_str_eq(res.diag.msg, "BPF program is too large. Processed 5001 insn");
	ck_assert_str_eq(res.diag.check_id, "limit.insns");
}
END_TEST

/* The kernel's budget used up by the kernel's exploration is the kernel's rejection, at the
 * instruction the walk had reached: each round runs the body and compare (insns 2, 3), then
 * the exit path (4, 5) before the queued back edge; insn 1000001 is the third of a round */
START_TEST(prune__kernel_insn_limit_rejects)
{
	struct analysis_opts opts = { .gpl = true, .time_limit_ms = ~0u };
	struct analysis_result res;

	run(UNBOUNDED, 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_str_eq(res.diag.msg, "BPF program is too large. Processed 1000001 insn");
	ck_assert_str_eq(res.diag.check_id, "limit.insns");
	ck_assert_uint_eq(res.insn_processed, 1000001);
	ck_assert_uint_eq(res.diag.insn_idx, 4);
}
END_TEST

START_TEST(prune__time_guard_is_unknown)
{
	struct analysis_opts opts = { .gpl = true, .time_limit_ms = 1 };
	struct analysis_result res;

	/* 1M insns take far more than 1 ms: the guard stops the walk first */
	run(UNBOUNDED, 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNKNOWN);
	ck_assert_msg(strstr(res.diag.msg, "limit: analysis time over 1 ms"), "%s", res.diag.msg);
	ck_assert_uint_lt(res.insn_processed, 1000000);
}
END_TEST

/* Two faults on the two sides of a branch: the kernel walks the fall-through first and stops
 * at R3 (insn 2); the taken side dereferences a scalar (insn 4) */
#define TWO_FAULTS "ldxw %r2, [%r1+0]; jeq %r2, 0, +2; mov %r0, %r3; exit; ldxdw %r0, [%r2+0]; exit"

START_TEST(violations__first_is_the_kernels_then_further_ones)
{
	struct analysis_opts opts = { .gpl = true, .max_violations = 17 };
	struct analysis_result res;

	run(TWO_FAULTS, 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_str_eq(res.diag.msg, "R3 !read_ok");
	ck_assert_uint_eq(res.more_cnt, 1);
	ck_assert_uint_eq(res.more[0].diag.insn_idx, 4);
	ck_assert_str_eq(res.more[0].diag.check_id, "mem.bad_ptr");
	ck_assert_str_eq(res.more[0].diag.msg, "R2 invalid mem access 'scalar'");
	ck_assert_str_eq(res.more[0].state, "R1=ctx() R2=0 R10=fp0");
	/* the statistics are the kernel's, at the first: insns 0, 1, 2 */
	ck_assert_uint_eq(res.insn_processed, 3);
}
END_TEST

START_TEST(violations__one_wanted_is_the_kernels_walk)
{
	struct analysis_opts opts = { .gpl = true, .max_violations = 1 };
	struct analysis_result res;

	run(TWO_FAULTS, 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 2);
	ck_assert_uint_eq(res.more_cnt, 0);
	ck_assert_uint_eq(res.insn_processed, 3);
}
END_TEST

START_TEST(violations__same_fault_on_two_paths_is_reported_once)
{
	struct analysis_opts opts = { .gpl = true, .max_violations = 17 };
	struct analysis_result res;

	/* both sides reach the read of R3 at insn 3 */
	run("ldxw %r2, [%r1+0]; jeq %r2, 0, +1; mov %r4, 1; mov %r0, %r3; exit", 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 3);
	ck_assert_uint_eq(res.more_cnt, 0);
}
END_TEST

START_TEST(violations__a_limit_after_the_first_keeps_the_first)
{
	struct analysis_opts opts = { .gpl = true, .max_violations = 17, .time_limit_ms = ~0u };
	struct analysis_result res;

	/* the fall-through faults at insn 3; the taken side loops to the instruction limit */
	run("ldxw %r3, [%r1+0]; mov %r2, 0; jeq %r3, 0, +2; mov %r0, %r5; exit; "
	    "add %r2, 1; jlt %r2, %r3, -2; mov %r0, 0; exit", 0, &opts, &res);
	ck_assert_int_eq(res.verdict, V_UNSAFE);
	ck_assert_uint_eq(res.diag.insn_idx, 3);
	ck_assert_str_eq(res.diag.msg, "R5 !read_ok");
	ck_assert_uint_eq(res.more_cnt, 0);
	ck_assert_uint_eq(res.insn_processed, 4);
}
END_TEST

Suite *prune_suite(void)
{
	Suite *s = suite_create("prune");
	TCase *tc = tcase_create("prune");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, prune__kernel_counts, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, prune__states_statistic_counts_the_bucket);
	tcase_add_test(tc, prune__own_insn_limit_is_unknown_with_kernel_message);
	tcase_add_test(tc, prune__kernel_insn_limit_rejects);
	tcase_add_test(tc, prune__time_guard_is_unknown);
	tcase_add_test(tc, violations__first_is_the_kernels_then_further_ones);
	tcase_add_test(tc, violations__one_wanted_is_the_kernels_walk);
	tcase_add_test(tc, violations__same_fault_on_two_paths_is_reported_once);
	tcase_add_test(tc, violations__a_limit_after_the_first_keeps_the_first);
	suite_add_tcase(s, tc);
	return s;
}
