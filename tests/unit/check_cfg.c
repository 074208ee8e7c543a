/* Tests of src/cfg: the graph of hand-built instruction sequences (straight line, diamond, nested
 * and irreducible loops, a loop without exit, may_goto, calls and callbacks), the structural
 * check with the kernel's words (unreachable code, jumps past the end or into a ld_imm64, fall
 * through, bad call targets, too many subprograms, size limits, back edges under --dag), a
 * synthetic 1M-instruction program, the kernel selftest data set (verdicts and messages of Linux
 * 6.18), the corpus (--dag rejects exactly the programs with a cycle), and the graph exports:
 * golden DOT files and `dot -Tsvg` over every corpus program. */
#define _GNU_SOURCE
#include <bpf/btf.h>
#include <check.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfg/cfg.h"
#include "cfg/graph.h"
#include "isa/insn.h"
#include "json.h"
#include "loader/object.h"
#include "report/diag.h"
#include "selftests_lib.h"

#define INSN(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define MOV(d, imm) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, imm)
#define ADD(d, imm) INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, imm)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define JA(off) INSN(BPF_JMP | BPF_JA, 0, 0, off, 0)
#define JEQ(d, imm, off) INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, off, imm)
#define JGT(d, imm, off) INSN(BPF_JMP | BPF_JGT | BPF_K, d, 0, off, imm)
#define JLT(d, imm, off) INSN(BPF_JMP | BPF_JLT | BPF_K, d, 0, off, imm)
#define CALL(off) INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, off)
#define HELPER(id) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define MAY_GOTO(off) INSN(BPF_JMP | BPF_JCOND, 0, 0, off, 0)
#define LDIMM64(d, lo, hi) INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, lo), INSN(0, 0, 0, 0, hi)
#define LDFUNC(d, off) INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_FUNC, 0, off), INSN(0, 0, 0, 0, 0)

struct fixture {
	struct prog prog;
	struct cfg *cfg;
	struct diag_list diags;
	int check_ret;
};

static void build(struct fixture *f, const struct bpf_insn *insns, u32 cnt)
{
	memset(f, 0, sizeof(*f));
	f->prog.name = "test";
	f->prog.sec_name = "socket";
	f->prog.insns = (struct bpf_insn *)insns;
	f->prog.insn_cnt = cnt;
	ck_assert_int_eq(cfg_build(&f->prog, &f->cfg), 0);
	diag_list_init(&f->diags, &f->prog);
}

static void check(struct fixture *f, const struct cfg_check_opts *opts)
{
	f->check_ret = cfg_check(f->cfg, opts, &f->diags);
}

static void release(struct fixture *f)
{
	diag_list_release(&f->diags);
	cfg_free(f->cfg);
}

#define BUILD(f, insns) build(f, insns, ARRAY_SIZE(insns))

/* the block starting at @insn */
static u32 blk(const struct fixture *f, u32 insn)
{
	u32 b = cfg_block_of(f->cfg, insn);

	ck_assert_uint_ne(b, CFG_NONE);
	ck_assert_uint_eq(f->cfg->blocks[b].start, insn);
	return b;
}

/* the edge from the block at @from of kind @kind; asserts it exists */
static const struct cfg_edge *edge(const struct fixture *f, u32 from, u8 kind)
{
	u32 b = blk(f, from), i;

	for (i = 0; i < f->cfg->blocks[b].succ_cnt; i++)
		if (cfg_succ(f->cfg, b, i)->kind == kind)
			return cfg_succ(f->cfg, b, i);
	ck_abort_msg("no %s edge from the block at insn %u", cfg_edge_kind_name(kind), from);
	return NULL;
}

static void assert_first_error(const struct fixture *f, const char *check_id, u32 insn,
			       const char *kernel_msg)
{
	const struct diag *d = diag_first_error(&f->diags);

	ck_assert_int_eq(f->check_ret, -EACCES);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->check_id, check_id);
	ck_assert_uint_eq(d->insn_idx, insn);
	ck_assert_str_eq(d->kernel_msg, kernel_msg);
}

static void assert_clean(const struct fixture *f)
{
	const struct diag *d = diag_first_error(&f->diags);

	ck_assert_msg(!d, "unexpected diagnostic %s: %s", d ? d->check_id : "", d ? d->msg : "");
	ck_assert_int_eq(f->check_ret, 0);
}

/* Shapes */

START_TEST(cfg_build__straight_line__one_block_and_exit)
{
	static const struct bpf_insn insns[] = { MOV(0, 0), ADD(0, 1), LDIMM64(1, 7, 0), EXIT() };
	struct fixture f;
	const struct cfg_block *b;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->subprog_cnt, 1);
	ck_assert_uint_eq(f.cfg->block_cnt, 2);
	b = &f.cfg->blocks[0];
	ck_assert_uint_eq(b->start, 0);
	ck_assert_uint_eq(b->end, 5);
	ck_assert_uint_eq(b->last, 4);
	ck_assert(b->flags & CFG_BLOCK_ENTRY);
	ck_assert(b->flags & CFG_BLOCK_REACHABLE);
	ck_assert_uint_eq(cfg_block_of(f.cfg, 3), 0);	/* second half of the ld_imm64 */
	ck_assert(f.cfg->blocks[1].flags & CFG_BLOCK_EXIT);
	ck_assert_uint_eq(edge(&f, 0, CFG_EDGE_EXIT)->dst, 1);
	ck_assert_uint_eq(f.cfg->blocks[1].idom, 0);
	ck_assert_uint_eq(f.cfg->loop_cnt, 0);
	ck_assert_uint_eq(f.cfg->wto_cnt, 2);
	ck_assert_uint_eq(f.cfg->wto[0], 0);
	ck_assert_uint_eq(f.cfg->wto[1], 1);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

START_TEST(cfg_build__diamond__branches_join_dominated_by_the_test)
{
	static const struct bpf_insn insns[] = {
		JEQ(1, 0, 2),	/* 0: -> 3 */
		MOV(0, 1),	/* 1 */
		JA(1),		/* 2: -> 4 */
		MOV(0, 2),	/* 3 */
		EXIT(),		/* 4 */
	};
	struct fixture f;
	u32 b0, b1, b3, b4;

	BUILD(&f, insns);
	b0 = blk(&f, 0);
	b1 = blk(&f, 1);
	b3 = blk(&f, 3);
	b4 = blk(&f, 4);
	/* the kernel's order: not taken (fall-through) first */
	ck_assert_uint_eq(cfg_succ(f.cfg, b0, 0)->kind, CFG_EDGE_NOT_TAKEN);
	ck_assert_uint_eq(cfg_succ(f.cfg, b0, 0)->dst, b1);
	ck_assert_uint_eq(cfg_succ(f.cfg, b0, 1)->kind, CFG_EDGE_TAKEN);
	ck_assert_uint_eq(cfg_succ(f.cfg, b0, 1)->dst, b3);
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_JUMP)->dst, b4);
	ck_assert_uint_eq(edge(&f, 3, CFG_EDGE_FALLTHROUGH)->dst, b4);
	ck_assert_uint_eq(f.cfg->blocks[b4].pred_cnt, 2);
	ck_assert_uint_eq(f.cfg->blocks[b4].idom, b0);
	ck_assert_uint_eq(f.cfg->blocks[b1].idom, b0);
	ck_assert(cfg_dominates(f.cfg, b0, b4));
	ck_assert(!cfg_dominates(f.cfg, b1, b4));
	ck_assert_uint_eq(f.cfg->loop_cnt, 0);
	ck_assert_uint_eq(f.cfg->blocks[b0].wto, 0);
	ck_assert_uint_lt(f.cfg->blocks[b1].wto, f.cfg->blocks[b4].wto);
	ck_assert_uint_lt(f.cfg->blocks[b3].wto, f.cfg->blocks[b4].wto);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

static const struct bpf_insn nested_loops[] = {
	MOV(1, 0),	/* 0 */
	MOV(2, 0),	/* 1: outer head */
	ADD(2, 1),	/* 2: inner head */
	JLT(2, 10, -2),	/* 3: -> 2 */
	ADD(1, 1),	/* 4 */
	JLT(1, 10, -5),	/* 5: -> 1 */
	EXIT(),		/* 6 */
};

START_TEST(cfg_build__nested_loops__forest_back_edges_and_wto)
{
	struct fixture f;
	const struct cfg_loop *outer, *inner;
	u32 b1, b2, b4, b6, i;

	BUILD(&f, nested_loops);
	b1 = blk(&f, 1);
	b2 = blk(&f, 2);
	b4 = blk(&f, 4);
	b6 = blk(&f, 6);
	ck_assert_uint_eq(f.cfg->loop_cnt, 2);
	outer = &f.cfg->loops[0];
	inner = &f.cfg->loops[1];
	ck_assert_uint_eq(outer->head, b1);
	ck_assert_uint_eq(outer->parent, CFG_NONE);
	ck_assert_uint_eq(outer->depth, 1);
	ck_assert_uint_eq(outer->block_cnt, 3);
	ck_assert(outer->reducible && outer->has_exit);
	ck_assert_uint_eq(inner->head, b2);
	ck_assert_uint_eq(inner->parent, 0);
	ck_assert_uint_eq(inner->depth, 2);
	ck_assert_uint_eq(inner->block_cnt, 1);
	ck_assert(inner->reducible && inner->has_exit);
	ck_assert(f.cfg->blocks[b1].flags & CFG_BLOCK_LOOP_HEAD);
	ck_assert(f.cfg->blocks[b2].flags & CFG_BLOCK_LOOP_HEAD);
	ck_assert_uint_eq(f.cfg->blocks[b2].loop, 1);
	ck_assert_uint_eq(f.cfg->blocks[b4].loop, 0);
	ck_assert_uint_eq(f.cfg->blocks[b6].loop, CFG_NONE);
	ck_assert(edge(&f, 2, CFG_EDGE_TAKEN)->flags & CFG_EDGE_F_BACK);
	ck_assert(edge(&f, 4, CFG_EDGE_TAKEN)->flags & CFG_EDGE_F_BACK);
	ck_assert(!(edge(&f, 4, CFG_EDGE_NOT_TAKEN)->flags & CFG_EDGE_F_BACK));
	/* WTO: b0 (b1 (b2) b4) b6 exit */
	ck_assert_uint_eq(f.cfg->wto_cnt, 6);
	for (i = 0; i < 5; i++) {
		static const u32 want[] = { 0, 1, 2, 4, 6 };

		ck_assert_uint_eq(f.cfg->blocks[f.cfg->wto[i]].start, want[i]);
	}
	ck_assert_uint_eq(f.cfg->blocks[b1].wto_end, 4);
	ck_assert_uint_eq(f.cfg->blocks[b2].wto_end, 3);
	ck_assert_uint_eq(f.cfg->blocks[b4].wto_end, 4);
	ck_assert_uint_eq(f.cfg->blocks[b2].scc, f.cfg->blocks[b4].scc);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

START_TEST(cfg_check__nested_loops_dag__back_edges_in_kernel_dfs_order)
{
	const struct cfg_check_opts dag = { .dag = true };
	struct fixture f;

	BUILD(&f, nested_loops);
	check(&f, &dag);
	/* the kernel's DFS leaves 5 by its fall-through first, so the outer back edge comes first */
	assert_first_error(&f, "cfg.back_edge", 5, "back-edge from insn 5 to 1");
	ck_assert_uint_eq(f.diags.items[0].related_insn, 1);
	ck_assert_uint_eq(f.diags.error_cnt, 2);
	ck_assert_str_eq(f.diags.items[1].kernel_msg, "back-edge from insn 3 to 2");
	release(&f);
}
END_TEST

START_TEST(cfg_check__kernel_version__loops_before_5_3_only)
{
	const struct cfg_check_opts k52 = { .kernel_version = CFG_KERNEL_VERSION(5, 2) };
	const struct cfg_check_opts k53 = { .kernel_version = CFG_KERNEL_VERSION(5, 3) };
	struct fixture f;

	BUILD(&f, nested_loops);
	check(&f, &k52);
	assert_first_error(&f, "cfg.back_edge", 5, "back-edge from insn 5 to 1");
	ck_assert_ptr_nonnull(strstr(f.diags.items[0].msg, "before 5.3"));
	release(&f);
	BUILD(&f, nested_loops);
	check(&f, &k53);
	assert_clean(&f);
	release(&f);
}
END_TEST

START_TEST(cfg_build__irreducible_loop__two_entries_not_reducible)
{
	static const struct bpf_insn insns[] = {
		JEQ(1, 0, 2),	/* 0: -> 3, into the middle of the cycle */
		ADD(0, 1),	/* 1: A */
		JGT(0, 10, 2),	/* 2: -> 5 */
		ADD(0, 2),	/* 3: B */
		JA(-4),		/* 4: -> 1 */
		EXIT(),		/* 5 */
	};
	struct fixture f;
	u32 a, b;

	BUILD(&f, insns);
	a = blk(&f, 1);
	b = blk(&f, 3);
	ck_assert_uint_eq(f.cfg->loop_cnt, 1);
	ck_assert_uint_eq(f.cfg->loops[0].head, a);
	ck_assert_uint_eq(f.cfg->loops[0].block_cnt, 2);
	ck_assert(!f.cfg->loops[0].reducible);
	ck_assert(f.cfg->loops[0].has_exit);
	ck_assert_uint_eq(f.cfg->blocks[a].idom, blk(&f, 0));
	ck_assert_uint_eq(f.cfg->blocks[b].idom, blk(&f, 0));
	ck_assert(edge(&f, 3, CFG_EDGE_JUMP)->flags & CFG_EDGE_F_BACK);
	/* the WTO keeps B inside the component of A */
	ck_assert_uint_lt(f.cfg->blocks[a].wto, f.cfg->blocks[b].wto);
	ck_assert_uint_gt(f.cfg->blocks[a].wto_end, f.cfg->blocks[b].wto);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

START_TEST(cfg_check__loop_without_exit__infinite_loop_at_its_head)
{
	static const struct bpf_insn insns[] = {
		MOV(0, 0),	/* 0 */
		JEQ(1, 0, 1),	/* 1: -> 3 */
		EXIT(),		/* 2 */
		MOV(0, 1),	/* 3: head */
		JEQ(0, 1, -2),	/* 4: -> 3 */
		JA(-3),		/* 5: -> 3 */
	};
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->loop_cnt, 1);
	ck_assert(!f.cfg->loops[0].has_exit);
	check(&f, NULL);
	assert_first_error(&f, "cfg.infinite_loop", 3, "infinite loop detected");
	ck_assert_uint_eq(f.diags.error_cnt, 1);
	release(&f);
}
END_TEST

START_TEST(cfg_check__self_loop__infinite_loop)
{
	static const struct bpf_insn insns[] = { MOV(0, 0), JA(-1) };
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->loop_cnt, 1);
	ck_assert_uint_eq(f.cfg->loops[0].block_cnt, 1);
	ck_assert(edge(&f, 1, CFG_EDGE_JUMP)->flags & CFG_EDGE_F_BACK);
	check(&f, NULL);
	assert_first_error(&f, "cfg.infinite_loop", 1, "infinite loop detected");
	release(&f);
}
END_TEST

START_TEST(cfg_build__may_goto__budget_edge_leaves_the_loop)
{
	static const struct bpf_insn insns[] = {
		MOV(0, 0),	/* 0 */
		MAY_GOTO(2),	/* 1: -> 4 when the budget is used up */
		ADD(0, 1),	/* 2 */
		JA(-3),		/* 3: -> 1 */
		EXIT(),		/* 4 */
	};
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_MAY_GOTO)->dst, blk(&f, 4));
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_NOT_TAKEN)->dst, blk(&f, 2));
	ck_assert_uint_eq(f.cfg->loop_cnt, 1);
	ck_assert(f.cfg->loops[0].has_exit);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

static const struct bpf_insn calls_and_callback[] = {
	CALL(4),	/* 0: -> 5 */
	LDFUNC(2, 5),	/* 1: callback at 7 */
	HELPER(181),	/* 3: bpf_loop */
	EXIT(),		/* 4 */
	MOV(0, 1),	/* 5: subprogram */
	EXIT(),		/* 6 */
	MOV(0, 0),	/* 7: callback */
	EXIT(),		/* 8 */
};

START_TEST(cfg_build__calls_and_callbacks__subprograms_and_interprocedural_edges)
{
	struct fixture f;
	const struct cfg_subprog *s;

	BUILD(&f, calls_and_callback);
	ck_assert_uint_eq(f.cfg->subprog_cnt, 3);
	s = f.cfg->subprogs;
	ck_assert_uint_eq(s[0].start, 0);
	ck_assert_uint_eq(s[0].end, 5);
	ck_assert_uint_eq(s[0].flags, CFG_SUB_MAIN);
	ck_assert_uint_eq(s[1].start, 5);
	ck_assert_uint_eq(s[1].flags, CFG_SUB_CALLED);
	ck_assert_uint_eq(s[2].start, 7);
	ck_assert_uint_eq(s[2].flags, CFG_SUB_CALLBACK);
	ck_assert_uint_eq(cfg_subprog_at(f.cfg, 7), 2);
	ck_assert_uint_eq(cfg_subprog_at(f.cfg, 6), CFG_NONE);
	/* the call ends its block; the helper call does not */
	ck_assert(f.cfg->blocks[blk(&f, 0)].flags & CFG_BLOCK_CALL);
	ck_assert_uint_eq(f.cfg->blocks[blk(&f, 1)].end, 5);
	ck_assert_uint_eq(edge(&f, 0, CFG_EDGE_CALL_RETURN)->dst, blk(&f, 1));
	ck_assert_uint_eq(edge(&f, 0, CFG_EDGE_CALL)->dst, s[1].entry);
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_CALLBACK)->dst, s[2].entry);
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_CALLBACK)->insn, 1);
	ck_assert_uint_eq(edge(&f, 1, CFG_EDGE_EXIT)->dst, s[0].exit);
	ck_assert(cfg_edge_is_interproc(CFG_EDGE_CALL));
	ck_assert(!cfg_edge_is_interproc(CFG_EDGE_CALL_RETURN));
	/* each subprogram is analysed from its own entry */
	ck_assert(f.cfg->blocks[s[2].entry].flags & CFG_BLOCK_REACHABLE);
	ck_assert_uint_eq(f.cfg->blocks[s[2].exit].idom, s[2].entry);
	ck_assert_uint_eq(s[1].wto_cnt, 2);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
}
END_TEST

START_TEST(cfg_check__calls_dag__recursion_is_a_back_edge)
{
	static const struct bpf_insn insns[] = {
		CALL(-1),	/* 0: -> 0 */
		MOV(0, 1),
		EXIT(),
	};
	const struct cfg_check_opts dag = { .dag = true };
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	assert_clean(&f);	/* privileged 6.18: a later pass limits the call depth */
	diag_list_release(&f.diags);
	check(&f, &dag);
	assert_first_error(&f, "cfg.back_edge", 0, "back-edge from insn 0 to 0");
	ck_assert_ptr_nonnull(strstr(f.diags.items[0].msg, "recursion"));
	release(&f);
}
END_TEST

/* Structural rejections */

START_TEST(cfg_check__unreachable_code__first_insn_of_each_range)
{
	static const struct bpf_insn insns[] = {
		MOV(0, 0), EXIT(),		/* 0, 1 */
		MOV(0, 1), LDIMM64(1, 0, 0),	/* 2, 3-4: dead */
		EXIT(),				/* 5: dead */
	};
	struct fixture f;

	BUILD(&f, insns);
	ck_assert(!(f.cfg->blocks[blk(&f, 2)].flags & CFG_BLOCK_REACHABLE));
	ck_assert_uint_eq(f.cfg->blocks[blk(&f, 2)].wto, CFG_NONE);
	check(&f, NULL);
	assert_first_error(&f, "cfg.unreachable", 2, "unreachable insn 2");
	ck_assert_str_eq(f.diags.items[0].msg,
			 "insns 2..5 are unreachable: no path from the entry leads to them");
	ck_assert_uint_eq(f.diags.error_cnt, 1);
	release(&f);
}
END_TEST

START_TEST(cfg_check__jump_into_ldimm64__kernel_message_and_no_edge)
{
	static const struct bpf_insn insns[] = {
		JEQ(1, 0, 1),		/* 0: -> 2, the second half */
		LDIMM64(0, 1, 2),	/* 1-2 */
		EXIT(),			/* 3 */
	};
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->blocks[blk(&f, 0)].succ_cnt, 1);
	check(&f, NULL);
	assert_first_error(&f, "cfg.ldimm64_middle", 1, "jump into the middle of ldimm64 insn 1");
	ck_assert_uint_eq(f.diags.items[0].related_insn, 0);
	release(&f);
}
END_TEST

START_TEST(cfg_check__jump_past_the_end__out_of_range)
{
	static const struct bpf_insn insns[] = { JEQ(1, 0, 5), EXIT() };
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	assert_first_error(&f, "cfg.jump_out_of_range", 0, "jump out of range from insn 0 to 6");
	ck_assert_ptr_nonnull(strstr(f.diags.items[0].msg, "outside the program"));
	release(&f);
}
END_TEST

START_TEST(cfg_check__jump_backwards_before_start__negative_target)
{
	static const struct bpf_insn insns[] = { JA(-2), EXIT() };
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	assert_first_error(&f, "cfg.jump_out_of_range", 0, "jump out of range from insn 0 to -1");
	release(&f);
}
END_TEST

START_TEST(cfg_check__jump_into_another_subprogram__out_of_range)
{
	static const struct bpf_insn insns[] = {
		CALL(2),	/* 0: -> 3 */
		JEQ(0, 0, 2),	/* 1: -> 4, inside the callee */
		EXIT(),		/* 2 */
		MOV(0, 1),	/* 3 */
		EXIT(),		/* 4 */
	};
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->blocks[blk(&f, 1)].succ_cnt, 1);	/* no edge across */
	check(&f, NULL);
	assert_first_error(&f, "cfg.jump_out_of_range", 1, "jump out of range from insn 1 to 4");
	ck_assert_ptr_nonnull(strstr(f.diags.items[0].msg, "leaves the main program"));
	release(&f);
}
END_TEST

START_TEST(cfg_check__no_exit_at_the_end__fall_through)
{
	static const struct bpf_insn insns[] = { MOV(0, 0), ADD(0, 1) };
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	assert_first_error(&f, "cfg.fall_through", 1, "last insn is not an exit or jmp");
	release(&f);
}
END_TEST

START_TEST(cfg_check__subprogram_falls_into_the_next__fall_through)
{
	static const struct bpf_insn insns[] = {
		CALL(1),	/* 0: -> 2 */
		EXIT(),		/* 1 */
		MOV(0, 1),	/* 2: falls through into 3 */
		JEQ(0, 0, -2),	/* 3: -> 2; a conditional jump does not end a subprogram */
	};
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	assert_first_error(&f, "cfg.fall_through", 3, "last insn is not an exit or jmp");
	release(&f);
}
END_TEST

START_TEST(cfg_check__call_outside_the_program__invalid_destination)
{
	static const struct bpf_insn insns[] = { CALL(100), EXIT(), LDFUNC(1, -10), EXIT() };
	struct fixture f;

	BUILD(&f, insns);
	ck_assert_uint_eq(f.cfg->subprog_cnt, 1);
	check(&f, NULL);
	assert_first_error(&f, "cfg.call_target", 0, "call to invalid destination");
	ck_assert_uint_eq(f.diags.error_cnt, 2);
	ck_assert_uint_eq(f.diags.items[1].insn_idx, 2);
	release(&f);
}
END_TEST

START_TEST(cfg_check__257_subprograms__too_many)
{
	const u32 nsub = 257, cnt = nsub + 1 + 2 * nsub;
	struct bpf_insn *insns = calloc(cnt, sizeof(*insns));
	struct fixture f;
	u32 i;

	/* main: nsub calls and exit; then nsub subprograms of two insns each */
	for (i = 0; i < nsub; i++)
		insns[i] = (struct bpf_insn)CALL((s32)(nsub + 1 + 2 * i - i - 1));
	insns[nsub] = (struct bpf_insn)EXIT();
	for (i = 0; i < nsub; i++) {
		insns[nsub + 1 + 2 * i] = (struct bpf_insn)MOV(0, i);
		insns[nsub + 2 + 2 * i] = (struct bpf_insn)EXIT();
	}
	build(&f, insns, cnt);
	ck_assert_uint_eq(f.cfg->subprog_cnt, nsub + 1);
	check(&f, NULL);
	/* main + 255 callees fit; the 256th call is one too many */
	assert_first_error(&f, "cfg.too_many_subprogs", 255, "too many subprograms");
	release(&f);
	free(insns);
}
END_TEST

START_TEST(cfg_check__256_subprograms__allowed)
{
	const u32 nsub = 255, cnt = nsub + 1 + 2 * nsub;
	struct bpf_insn *insns = calloc(cnt, sizeof(*insns));
	struct fixture f;
	u32 i;

	for (i = 0; i < nsub; i++)
		insns[i] = (struct bpf_insn)CALL((s32)(nsub + 1 + 2 * i - i - 1));
	insns[nsub] = (struct bpf_insn)EXIT();
	for (i = 0; i < nsub; i++) {
		insns[nsub + 1 + 2 * i] = (struct bpf_insn)MOV(0, i);
		insns[nsub + 2 + 2 * i] = (struct bpf_insn)EXIT();
	}
	build(&f, insns, cnt);
	check(&f, NULL);
	assert_clean(&f);
	release(&f);
	free(insns);
}
END_TEST

START_TEST(cfg_check__invalid_opcode__load_phase_after_subprog_checks)
{
	static const struct bpf_insn bad_op[] = { MOV(0, 0), INSN(0x8d, 0, 0, 0, 0), EXIT() };
	static const struct bpf_insn both[] = { INSN(0x8d, 0, 0, 0, 0), JA(5), EXIT() };
	struct fixture f;

	BUILD(&f, bad_op);
	check(&f, NULL);
	assert_first_error(&f, "insn.invalid", 1, "unknown opcode 8d");
	release(&f);
	/* the kernel checks jumps (check_subprogs) before opcodes (resolve_pseudo_ldimm64) */
	BUILD(&f, both);
	check(&f, NULL);
	assert_first_error(&f, "cfg.jump_out_of_range", 1, "jump out of range from insn 1 to 7");
	release(&f);
}
END_TEST

START_TEST(cfg_check__size_limits__per_kernel_version)
{
	const struct cfg_check_opts k51 = { .kernel_version = CFG_KERNEL_VERSION(5, 1) };
	const u32 cnt = CFG_MAXINSNS_OLD + 1;
	struct bpf_insn *insns = calloc(cnt, sizeof(*insns));
	struct fixture f;
	u32 i;

	for (i = 0; i + 1 < cnt; i++)
		insns[i] = (struct bpf_insn)MOV(0, i);
	insns[cnt - 1] = (struct bpf_insn)EXIT();
	build(&f, insns, cnt);
	check(&f, NULL);
	assert_clean(&f);
	diag_list_release(&f.diags);
	check(&f, &k51);
	assert_first_error(&f, "cfg.too_large", CFG_MAXINSNS_OLD, "");
	ck_assert_ptr_nonnull(strstr(f.diags.items[0].msg, "4097 instructions"));
	release(&f);
	build(&f, insns, 0);
	check(&f, NULL);
	assert_first_error(&f, "cfg.too_large", DIAG_NO_INSN, "");
	release(&f);
	free(insns);
}
END_TEST

START_TEST(cfg_build__malformed__truncated_ldimm64_and_garbage_do_not_crash)
{
	static const struct bpf_insn insns[] = {
		INSN(0xff, 15, 15, -1, -1), JA(-32768), INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 1 << 30),
		CALL(-1000000), INSN(BPF_LD | BPF_IMM | BPF_DW, 0, BPF_PSEUDO_FUNC, 0, 0),
	};
	struct fixture f;

	BUILD(&f, insns);
	check(&f, NULL);
	ck_assert_int_eq(f.check_ret, -EACCES);
	ck_assert_uint_ge(f.diags.error_cnt, 1);
	release(&f);
}
END_TEST

/* Random instruction streams: whatever the bytes, the graph is consistent and nothing crashes */

static u32 rnd_state = 12345;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static struct bpf_insn random_insn(u32 i, u32 cnt)
{
	s32 off = (s32)(rnd() % (cnt + 4)) - (s32)i - 2;

	switch (rnd() % 10) {
	case 0:
		return (struct bpf_insn)EXIT();
	case 1:
		return (struct bpf_insn)JA(off);
	case 2:
		return (struct bpf_insn)JEQ(1, 0, off);
	case 3:
		return (struct bpf_insn)MAY_GOTO(off);
	case 4:
		return (struct bpf_insn)CALL(off);
	case 5:
		return (struct bpf_insn)INSN(BPF_LD | BPF_IMM | BPF_DW, 1,
					     rnd() % 2 ? BPF_PSEUDO_FUNC : 0, 0, off);
	case 6:
		return (struct bpf_insn)INSN(rnd() & 0xff, rnd() & 0xf, rnd() & 0xf,
					     (s16)rnd(), (s32)rnd());
	default:
		return (struct bpf_insn)ADD(0, 1);
	}
}

static void assert_consistent(const struct cfg *cfg)
{
	u32 b, k, s, *seen = calloc(cfg->block_cnt + 1, sizeof(u32));

	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];
		u32 next = sp->start;

		/* the blocks of a subprogram tile its instructions, the exit block last */
		for (b = sp->block_start; b + 1 < sp->block_start + sp->block_cnt; b++) {
			ck_assert_uint_eq(cfg->blocks[b].start, next);
			ck_assert_uint_gt(cfg->blocks[b].end, cfg->blocks[b].start);
			ck_assert_uint_eq(cfg->blocks[b].subprog, s);
			next = cfg->blocks[b].end;
		}
		ck_assert_uint_eq(next, sp->end);
		ck_assert_uint_eq(b, sp->exit);
		ck_assert(cfg->blocks[sp->exit].flags & CFG_BLOCK_EXIT);
		/* the WTO lists every reachable block of the subprogram once */
		for (k = sp->wto_start; k < sp->wto_start + sp->wto_cnt; k++) {
			u32 w = cfg->wto[k];

			ck_assert_uint_eq(cfg->blocks[w].subprog, s);
			ck_assert_uint_eq(cfg->blocks[w].wto, k);
			ck_assert(cfg->blocks[w].wto_end > k);
			seen[w]++;
		}
	}
	for (b = 0; b < cfg->block_cnt; b++) {
		const struct cfg_block *blk = &cfg->blocks[b];
		bool reach = blk->flags & CFG_BLOCK_REACHABLE;

		ck_assert_uint_eq(seen[b], reach ? 1 : 0);
		if (reach && !(blk->flags & CFG_BLOCK_ENTRY)) {
			ck_assert_uint_ne(blk->idom, CFG_NONE);
			ck_assert_uint_eq(cfg->blocks[blk->idom].subprog, blk->subprog);
			ck_assert(cfg->blocks[blk->idom].flags & CFG_BLOCK_REACHABLE);
		}
		for (k = 0; k < blk->succ_cnt; k++) {
			const struct cfg_edge *e = cfg_succ(cfg, b, k);

			ck_assert_uint_eq(e->src, b);
			if (!cfg_edge_is_interproc(e->kind)) {
				ck_assert_uint_eq(cfg->blocks[e->dst].subprog, blk->subprog);
				/* a WTO visits an edge's target first unless it heads the edge's loop */
				if (reach && cfg->blocks[e->dst].wto >= blk->wto)
					continue;
				if (reach) {
					ck_assert(cfg->blocks[e->dst].flags & CFG_BLOCK_LOOP_HEAD);
					ck_assert_uint_gt(cfg->blocks[e->dst].wto_end, blk->wto);
				}
			}
			if (e->flags & CFG_EDGE_F_BACK)
				ck_assert(cfg->blocks[e->dst].flags & CFG_BLOCK_LOOP_HEAD);
		}
		for (k = 0; k < blk->pred_cnt; k++)
			ck_assert_uint_eq(cfg_pred(cfg, b, k)->dst, b);
	}
	free(seen);
}

START_TEST(cfg_build__random_streams__consistent_graph_and_no_crash)
{
	struct bpf_insn insns[64];
	const struct cfg_check_opts dag = { .dag = true };
	u32 iter, i;

	for (iter = 0; iter < 3000; iter++) {
		u32 cnt = 1 + rnd() % ARRAY_SIZE(insns);
		struct fixture f;
		char *dot;

		for (i = 0; i < cnt; i++)
			insns[i] = random_insn(i, cnt);
		build(&f, insns, cnt);
		assert_consistent(f.cfg);
		check(&f, iter % 2 ? &dag : NULL);
		ck_assert(f.check_ret == 0 || f.check_ret == -EACCES);
		ck_assert_uint_eq(f.check_ret ? 1 : 0, f.diags.error_cnt ? 1 : 0);
		if (iter % 50 == 0) {
			struct cfg_graph_opts o = { .subprog = CFG_NONE, .diags = &f.diags,
						    .style = iter % 100 ? CFG_STYLE_DEFAULT :
						    CFG_STYLE_BPFTOOL };
			char *buf = NULL;
			size_t len = 0;
			FILE *out = open_memstream(&buf, &len);

			ck_assert_int_eq(cfg_graph_write(f.cfg, &o, CFG_GRAPH_DOT, out), 0);
			fclose(out);
			dot = buf;
			free(dot);
		}
		release(&f);
	}
}
END_TEST

/* Scale: a synthetic 1M-instruction program. 3-insn diamonds chained end to end make a DFS and
 * a dominator tree ~330k deep, every 1000th diamond closes a loop back to its start, and the
 * whole program sits in one outer loop. Recursion would need hundreds of MB of C stack. */
START_TEST(cfg_build__one_million_insns__iterative_and_fast)
{
	const u32 cnt = CFG_MAXINSNS;
	struct bpf_insn *insns = calloc(cnt, sizeof(*insns));
	const struct cfg_check_opts dag = { .dag = true };
	struct fixture f;
	u32 i, loops = 0;
	clock_t t0 = clock();
	double secs;

	insns[0] = (struct bpf_insn)MOV(0, 0);
	for (i = 1; i + 3 <= cnt - 3; i += 3) {
		insns[i] = (struct bpf_insn)JEQ(1, (s32)i, 1);		/* -> i + 2 */
		insns[i + 1] = (struct bpf_insn)ADD(0, 1);
		if ((i / 3) % 1000 == 999) {
			insns[i + 2] = (struct bpf_insn)JLT(0, 5, -3);	/* -> i: a loop */
			loops++;
		} else {
			insns[i + 2] = (struct bpf_insn)ADD(0, 2);
		}
	}
	for (; i < cnt - 3; i++)
		insns[i] = (struct bpf_insn)MOV(0, 0);
	insns[cnt - 3] = (struct bpf_insn)JEQ(0, 7, 1);			/* -> cnt - 1 */
	/* gotol back to 1: the outer loop */
	insns[cnt - 2] = (struct bpf_insn)INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, -(s32)(cnt - 2));
	insns[cnt - 1] = (struct bpf_insn)EXIT();

	build(&f, insns, cnt);
	ck_assert_uint_ge(f.cfg->block_cnt, 600000);
	ck_assert_uint_eq(f.cfg->loop_cnt, loops + 1);
	ck_assert_uint_eq(f.cfg->loops[0].head, blk(&f, 1));
	ck_assert_uint_eq(f.cfg->loops[0].block_cnt + 3, f.cfg->block_cnt);
	ck_assert_uint_eq(f.cfg->blocks[blk(&f, cnt - 1)].idom, cfg_block_of(f.cfg, cnt - 3));
	check(&f, NULL);
	assert_clean(&f);
	diag_list_release(&f.diags);
	check(&f, &dag);
	ck_assert_uint_eq(f.diags.error_cnt, loops + 1);
	release(&f);

	/* one instruction more than a privileged load may have */
	{
		struct bpf_insn *big = realloc(insns, (cnt + 1) * sizeof(*insns));

		ck_assert_ptr_nonnull(big);
		insns = big;
		insns[cnt] = (struct bpf_insn)EXIT();
		build(&f, insns, cnt + 1);
		check(&f, NULL);
		assert_first_error(&f, "cfg.too_large", CFG_MAXINSNS, "");
		release(&f);
	}
	free(insns);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("cfg: 1M-instruction program built and checked 3 times in %.2f s\n", secs);
	fflush(stdout);
	ck_assert_msg(secs < 60, "took %.1f s", secs);
}
END_TEST

/* The kernel selftest data set: Linux 6.18's verdicts and first error messages */

struct ks_stats {
	u32 structural_agree, load_agree, loop_agree, clean_agree, dag_agree, problems;
};

static bool is_structural_message(const char *m)
{
	static const char *const prefixes[] = {
		"call to invalid destination", "too many subprograms", "jump out of range from insn",
		"last insn is not an exit or jmp", "unreachable insn",
		"jump into the middle of ldimm64 insn", "back-edge from insn",
		/* resolve_pseudo_ldimm64 (src/isa) */
		"BPF_LDX uses reserved fields", "invalid bpf_ld_imm64 insn",
		"unrecognized bpf_ld_imm64 insn", "direct value offset of ", "unknown opcode ",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (m && !strncmp(m, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static __printf(3, 4) void ks_problem(struct ks_stats *st, int idx, const char *fmt, ...)
{
	va_list ap;

	if (st->problems++ < 20) {
		printf("cfg_check vs kernel: case %d: ", idx);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

/* "back-edge from insn X to Y" with numbers in a 6.1 expectation: what --dag must say */
static const char *dag_expectation(const struct json *c, char *buf, size_t sz)
{
	const char *cands[] = { json_str(json_get(c, "errstr")),
				json_str(json_get(json_get(c, "unpriv"), "errstr")) };
	size_t i;
	int x, y;

	for (i = 0; i < ARRAY_SIZE(cands); i++) {
		const char *m = cands[i] ? strstr(cands[i], "back-edge from insn ") : NULL;

		if (m && sscanf(m, "back-edge from insn %d to %d", &x, &y) == 2) {
			snprintf(buf, sz, "back-edge from insn %d to %d", x, y);
			return buf;
		}
	}
	return NULL;
}

static void ks_case(const struct json *c, void *ctx)
{
	struct ks_stats *st = ctx;
	const struct json *idxv = json_get(c, "index");
	const char *verdict = json_str(json_get(c, "kernel_6_18"));
	const char *kerr = json_str(json_get(c, "kernel_log_first_error"));
	int idx = idxv && idxv->type == JSON_NUMBER ? (int)idxv->number : -1;
	const struct cfg_check_opts dag = { .dag = true };
	bool rejected = verdict && !strcmp(verdict, "reject");
	const struct diag *d;
	struct fixture f;
	struct bpf_insn *insns;
	char want[64];
	u32 cnt;

	ck_assert_msg(selftests_insns(c, &insns, &cnt) == 0, "case %d: bad insns", idx);
	build(&f, insns, cnt);
	check(&f, NULL);
	d = diag_first_error(&f.diags);
	if (!d) {
		if (rejected && is_structural_message(kerr))
			ks_problem(st, idx, "kernel '%s', we accept the structure", kerr);
		else
			st->clean_agree++;
	} else if (!strcmp(d->check_id, "cfg.infinite_loop")) {
		if (rejected && kerr && (strstr(kerr, "infinite loop detected") ||
					 strstr(kerr, "BPF program is too large")))
			st->loop_agree++;
		else
			ks_problem(st, idx, "we see a loop without exit at %u, kernel: %s",
				   d->insn_idx, rejected ? kerr : "accepted");
	} else if (rejected && kerr && !strcmp(d->kernel_msg, kerr)) {
		if (!strcmp(d->check_id, "insn.invalid"))
			st->load_agree++;
		else
			st->structural_agree++;
	} else {
		ks_problem(st, idx, "we say '%s' (%s), kernel: %s", d->kernel_msg, d->check_id,
			   rejected ? kerr : "accepted");
	}

	/* --dag: a 6.1 expectation of a back edge from its unprivileged run, or from kernels
	 * before 5.3, is what the kernel's check_cfg says without bounded loops */
	if (f.check_ret != -EACCES && dag_expectation(c, want, sizeof(want))) {
		diag_list_release(&f.diags);
		check(&f, &dag);
		d = diag_first_error(&f.diags);
		if (d && !strcmp(d->kernel_msg, want))
			st->dag_agree++;
		else
			ks_problem(st, idx, "--dag: expected '%s', we say '%s'", want,
				   d ? d->kernel_msg : "nothing");
	}
	release(&f);
	free(insns);
}

START_TEST(cfg_check__kernel_selftests__same_verdicts_and_messages)
{
	struct ks_stats st = { 0 };

	SELFTESTS_FOR_EACH_OR_SKIP(ks_case, &st);
	printf("cfg_check vs Linux 6.18: %u structural rejections with the kernel's message, %u "
	       "instruction rejections, %u loops without exit (kernel: infinite loop / too "
	       "large), %u structurally sound, %u --dag back edges as expected, %u disagreements\n",
	       st.structural_agree, st.load_agree, st.loop_agree, st.clean_agree, st.dag_agree,
	       st.problems);
	fflush(stdout);
	ck_assert_uint_gt(st.structural_agree, 20);
	ck_assert_uint_eq(st.problems, 0);
}
END_TEST

/* Graph export */

#define GOLDEN_DIR "tests/unit/golden/cfg/"

/* @cfg as DOT (or JSON) in a malloc'ed string */
static char *render(const struct cfg *cfg, const struct cfg_graph_opts *o, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	ck_assert_ptr_nonnull(f);
	err = json ? cfg_json_write(cfg, o, "test.o", f) : cfg_graph_write(cfg, o, CFG_GRAPH_DOT, f);
	ck_assert_int_eq(err, 0);
	fclose(f);
	return buf;
}

/* Compares @text with the golden file @name; BPFVERIFY_UPDATE_GOLDEN=1 rewrites it. */
static void golden(const char *name, const char *text)
{
	char path[256], *want;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (getenv("BPFVERIFY_UPDATE_GOLDEN")) {
		f = fopen(path, "w");
		ck_assert_msg(f, "cannot write %s", path);
		fputs(text, f);
		fclose(f);
		return;
	}
	want = selftests_slurp(path, &len);
	ck_assert_msg(want, "%s missing (BPFVERIFY_UPDATE_GOLDEN=1 writes it)", path);
	if (strcmp(want, text)) {
		char actual[300];

		snprintf(actual, sizeof(actual), "/tmp/bpfverify-%s", name);
		f = fopen(actual, "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		free(want);
		ck_abort_msg("%s differs: diff -u %s %s (BPFVERIFY_UPDATE_GOLDEN=1 to accept)", path,
			     path, actual);
	}
	free(want);
}

/* `dot -Tsvg` must accept @text without a word on stderr; returns whether it did */
static bool dot_accepts(const char *text, char *why, size_t whysz)
{
	char in[] = "/tmp/bpfverify-cfg-XXXXXX", cmd[256], err[512] = "";
	FILE *f, *e;
	int fd = mkstemp(in), rc;

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dot -Tsvg -o /dev/null %s 2>&1", in);
	e = popen(cmd, "r");
	ck_assert_ptr_nonnull(e);
	if (!fgets(err, sizeof(err), e))
		err[0] = '\0';
	rc = pclose(e);
	unlink(in);
	snprintf(why, whysz, "exit %d: %s", rc, err);
	return rc == 0 && !err[0];
}

START_TEST(cfg_graph__nested_loops_dag__golden_dot_with_errors_highlighted)
{
	const struct cfg_check_opts dag = { .dag = true };
	struct cfg_graph_opts o = { .subprog = CFG_NONE };
	const u32 path[] = { 0, 1, 2, 3, 2, 3, 4, 5 };
	struct fixture f;
	char *dot, why[600];

	BUILD(&f, nested_loops);
	check(&f, &dag);
	o.diags = &f.diags;
	o.path = path;
	o.path_len = ARRAY_SIZE(path);
	dot = render(f.cfg, &o, false);
	/* back edges flagged by the diagnostics are red, the path blue */
	ck_assert_ptr_nonnull(strstr(dot, "back edge"));
	ck_assert_ptr_nonnull(strstr(dot, "#d73a49"));
	ck_assert_ptr_nonnull(strstr(dot, "#0366d6"));
	golden("nested_loops_dag.dot", dot);
	ck_assert_msg(dot_accepts(dot, why, sizeof(why)), "dot: %s", why);
	free(dot);
	release(&f);
}
END_TEST

START_TEST(cfg_graph__calls_and_callback__golden_dot_both_styles)
{
	struct cfg_graph_opts o = { .subprog = CFG_NONE };
	struct fixture f;
	char *dot, why[600];

	BUILD(&f, calls_and_callback);
	dot = render(f.cfg, &o, false);
	ck_assert_ptr_nonnull(strstr(dot, "-&gt; func_2 (callback)"));
	golden("calls_callback.dot", dot);
	ck_assert_msg(dot_accepts(dot, why, sizeof(why)), "dot: %s", why);
	free(dot);
	o.style = CFG_STYLE_BPFTOOL;
	dot = render(f.cfg, &o, false);
	/* bpftool's names; the call does not split a block there */
	ck_assert_ptr_nonnull(strstr(dot, "subgraph cluster_2"));
	ck_assert_ptr_nonnull(strstr(dot, "fn_0_bb_2"));
	ck_assert_ptr_null(strstr(dot, "fn_0_bb_3"));
	golden("calls_callback_bpftool.dot", dot);
	ck_assert_msg(dot_accepts(dot, why, sizeof(why)), "dot: %s", why);
	free(dot);
	release(&f);
}
END_TEST

START_TEST(cfg_graph__one_function__only_its_cluster_and_stubs)
{
	struct cfg_graph_opts o = { .subprog = 0 };
	struct fixture f;
	char *dot, why[600];

	BUILD(&f, calls_and_callback);
	dot = render(f.cfg, &o, false);
	ck_assert_ptr_nonnull(strstr(dot, "cluster_0"));
	ck_assert_ptr_null(strstr(dot, "cluster_1"));
	ck_assert_ptr_nonnull(strstr(dot, "func1_stub"));
	ck_assert_msg(dot_accepts(dot, why, sizeof(why)), "dot: %s", why);
	free(dot);
	o.subprog = 3;
	ck_assert_int_eq(cfg_graph_write(f.cfg, &o, CFG_GRAPH_DOT, stdout), -EINVAL);
	release(&f);
}
END_TEST

START_TEST(cfg_graph__svg_and_png__rendered_in_process)
{
	struct cfg_graph_opts o = { .subprog = CFG_NONE };
	struct fixture f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	BUILD(&f, nested_loops);
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(cfg_graph_write(f.cfg, &o, CFG_GRAPH_SVG, out), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "<svg"));
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(cfg_graph_write(f.cfg, &o, CFG_GRAPH_PNG, out), 0);
	fclose(out);
	ck_assert_uint_gt(len, 8);
	ck_assert(!memcmp(buf, "\x89PNG", 4));
	free(buf);
	release(&f);
}
END_TEST

START_TEST(cfg_json__calls_and_callback__parses_and_describes_the_graph)
{
	struct cfg_graph_opts o = { .subprog = CFG_NONE };
	const struct json *blocks, *edges, *subs;
	struct fixture f;
	struct json *j;
	const char *err;
	char *text;

	BUILD(&f, calls_and_callback);
	check(&f, NULL);
	o.diags = &f.diags;
	text = render(f.cfg, &o, true);
	j = json_parse(text, strlen(text), &err);
	ck_assert_msg(j, "invalid JSON: %s", err);
	blocks = json_get(j, "blocks");
	edges = json_get(j, "edges");
	subs = json_get(j, "subprograms");
	ck_assert_uint_eq(blocks->cnt, f.cfg->block_cnt);
	ck_assert_uint_eq(edges->cnt, f.cfg->edge_cnt);
	ck_assert_uint_eq(subs->cnt, 3);
	ck_assert_str_eq(json_str(json_at(json_get(json_at(subs, 2), "kinds"), 0)), "callback");
	ck_assert_str_eq(json_str(json_get(json_at(json_get(json_at(blocks, 0), "insns"), 0),
					   "text")), "(85) call pc+4");
	ck_assert_uint_eq(json_get(j, "diagnostics")->cnt, 0);
	json_free(j);
	free(text);
	release(&f);
}
END_TEST

/* The corpus: structural verdicts, --dag, and graphviz over every program */

static const char *corpus_dir(void)
{
	const char *d = getenv("BPFVERIFY_CORPUS");

	return d && *d ? d : "build/corpus";
}

struct corpus_stats {
	u32 progs, structural_agree, divergences, loops, loop_free, dag_agree, dot_ok, problems;
	bool graphs;
};

static struct corpus_stats *cstats;

static __printf(2, 3) void corpus_problem(const char *label, const char *fmt, ...)
{
	va_list ap;

	if (cstats->problems++ < 20) {
		printf("cfg corpus: %s: ", label);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

/* Independent oracle for "this program has a loop": the instruction graph reachable from insn 0
 * with the kernel's DFS edges (calls and callback references enter the callee), and Kahn's
 * topological sort, which leaves nodes behind exactly when there is a cycle. */
static bool has_cycle(const struct bpf_insn *insns, u32 cnt)
{
	u32 *indeg = calloc(cnt, sizeof(u32)), *queue = calloc(cnt, sizeof(u32));
	u8 *seen = calloc(cnt, 1);
	u32 head = 0, tail = 0, reach = 0, removed = 0, i, k;
	s64 succ[2];
	bool cyclic;

	ck_assert(indeg && queue && seen);
#define SUCCS(t, n)								\
	do {									\
		const struct bpf_insn *in = &insns[t];				\
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);		\
		n = 0;								\
		if (insn_is_ldimm64(in)) {					\
			succ[n++] = (s64)(t) + 2;				\
			if (in->src_reg == BPF_PSEUDO_FUNC)			\
				succ[n++] = (s64)(t) + in->imm + 1;		\
		} else if (cls != BPF_JMP && cls != BPF_JMP32) {		\
			succ[n++] = (s64)(t) + 1;				\
		} else if (op == BPF_CALL) {					\
			succ[n++] = (s64)(t) + 1;				\
			if (in->src_reg == BPF_PSEUDO_CALL)			\
				succ[n++] = (s64)(t) + in->imm + 1;		\
		} else if (op == BPF_JA) {					\
			succ[n++] = (s64)(t) + 1 +				\
				    (cls == BPF_JMP ? in->off : in->imm);	\
		} else if (op != BPF_EXIT) {					\
			succ[n++] = (s64)(t) + 1;				\
			succ[n++] = (s64)(t) + in->off + 1;			\
		}								\
	} while (0)
	/* reachable set, and in-degrees within it */
	seen[0] = 1;
	queue[tail++] = 0;
	while (head < tail) {
		u32 t = queue[head++], n;

		reach++;
		SUCCS(t, n);
		for (k = 0; k < n; k++) {
			ck_assert(succ[k] >= 0 && succ[k] < cnt);
			indeg[succ[k]]++;
			if (!seen[succ[k]]) {
				seen[succ[k]] = 1;
				queue[tail++] = succ[k];
			}
		}
	}
	head = tail = 0;
	for (i = 0; i < cnt; i++)
		if (seen[i] && !indeg[i])
			queue[tail++] = i;
	while (head < tail) {
		u32 t = queue[head++], n;

		removed++;
		SUCCS(t, n);
		for (k = 0; k < n; k++)
			if (!--indeg[succ[k]])
				queue[tail++] = succ[k];
	}
#undef SUCCS
	cyclic = removed < reach;
	free(indeg);
	free(queue);
	free(seen);
	return cyclic;
}

static bool is_structural_tag(const char *m)
{
	/* "infinite loop detected" is not: a loop with an exit the state never takes has it too */
	return is_structural_message(m) || (m && (strstr(m, "func_info doesn't match") ||
						  strstr(m, "missing bpf_line_info")));
}

struct name_ctx {
	struct object *obj;
	const struct prog *p;
	const struct cfg *cfg;
};

static const char *btf_subprog_name(void *ctx, u32 s)
{
	struct name_ctx *c = ctx;
	const struct cfg_subprog *sp = &c->cfg->subprogs[s];
	const struct btf_type *t;

	if (sp->func == CFG_NONE || !c->obj->btf)
		return NULL;
	t = btf__type_by_id(c->obj->btf, c->p->funcs[sp->func].type_id);
	return t ? btf__name_by_offset(c->obj->btf, t->name_off) : NULL;
}

static void corpus_prog(struct object *obj, const struct prog *p)
{
	const struct cfg_check_opts dag = { .dag = true };
	const struct prog_tag *fail = prog_tag_find(p, "test_expect_failure");
	const struct prog_tag *msg = prog_tag_find(p, "test_expect_msg");
	const struct prog_tag *div = prog_tag_find(p, "bpfverify_known_cfg_divergence");
	struct name_ctx nc = { .obj = obj, .p = p };
	struct cfg_graph_opts o = { .subprog = CFG_NONE, .subprog_name = btf_subprog_name,
				    .ctx = &nc };
	const struct diag *d;
	struct diag_list dl;
	struct cfg *cfg;
	char label[512], why[600];
	int style;

	snprintf(label, sizeof(label), "%s:%s", obj->path, p->name);
	cstats->progs++;
	ck_assert_int_eq(cfg_build(p, &cfg), 0);
	nc.cfg = cfg;
	diag_list_init(&dl, p);
	cfg_check(cfg, NULL, &dl);
	d = diag_first_error(&dl);
	if (d && !fail) {
		if (div && strstr(div->value, d->check_id))
			cstats->divergences++;
		else
			corpus_problem(label, "accepted by the kernel, we say %s: %s", d->check_id,
				       d->msg);
	} else if (d) {
		char at[32];

		snprintf(at, sizeof(at), "at insn %u", d->insn_idx);
		if (msg && (strstr(msg->value, d->kernel_msg) && d->kernel_msg[0]) &&
		    (strcmp(d->check_id, "cfg.infinite_loop") || strstr(msg->value, at)))
			cstats->structural_agree++;
		else
			corpus_problem(label, "kernel: '%s', we: '%s' (%s at %u)",
				       msg ? msg->value : "?", d->kernel_msg, d->check_id, d->insn_idx);
	} else if (fail && msg && is_structural_tag(msg->value)) {
		corpus_problem(label, "kernel rejects its structure ('%s'), we accept", msg->value);
	}

	/* --dag rejects exactly the programs with a cycle (among structurally sound ones) */
	if (!d) {
		bool cyclic = has_cycle(p->insns, p->insn_cnt);
		const struct diag *e;
		u32 i, back = 0, other = 0;

		diag_list_release(&dl);
		cfg_check(cfg, &dag, &dl);
		for (i = 0; i < dl.cnt; i++) {
			e = &dl.items[i];
			if (e->sev != DIAG_ERROR)
				continue;
			if (!strcmp(e->check_id, "cfg.back_edge"))
				back++;
			else
				other++;
		}
		cyclic ? cstats->loops++ : cstats->loop_free++;
		if (!other && (back > 0) == cyclic)
			cstats->dag_agree++;
		else
			corpus_problem(label, "--dag: %u back edges, %u other errors, oracle: %s",
				       back, other, cyclic ? "cycle" : "no cycle");
	}

	/* DOT in both styles, accepted by dot; JSON that parses */
	for (style = 0; cstats->graphs && style < 2; style++) {
		char *text;

		o.style = style;
		o.diags = &dl;
		text = render(cfg, &o, false);
		if (dot_accepts(text, why, sizeof(why)))
			cstats->dot_ok++;
		else
			corpus_problem(label, "dot -Tsvg refuses our %s DOT: %s",
				       style ? "bpftool" : "default", why);
		free(text);
	}
	{
		char *text = render(cfg, &o, true);
		struct json *j = json_parse(text, strlen(text), NULL);

		if (!j)
			corpus_problem(label, "invalid JSON");
		json_free(j);
		free(text);
	}
	diag_list_release(&dl);
	cfg_free(cfg);
}

static int corpus_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	struct object *obj;
	char err[512];
	size_t len = strlen(path);
	u32 i;

	if (flag != FTW_F || len < 6 || strcmp(path + len - 6, ".bpf.o"))
		return 0;
	if (object_open(path, NULL, &obj, err, sizeof(err))) {
		corpus_problem(path, "%s", err);
		return 0;
	}
	for (i = 0; i < obj->prog_cnt; i++)
		corpus_prog(obj, &obj->progs[i]);
	object_free(obj);
	return 0;
}

static void run_corpus(struct corpus_stats *st)
{
	cstats = st;
	if (access(corpus_dir(), R_OK)) {
		printf("SKIP: corpus not built at %s (make corpus)\n", corpus_dir());
		fflush(stdout);
		return;
	}
	nftw(corpus_dir(), corpus_file, 16, FTW_PHYS);
}

START_TEST(cfg_check__corpus__structural_verdicts_and_dag)
{
	struct corpus_stats st = { 0 };

	run_corpus(&st);
	printf("cfg corpus (%s): %u programs; %u structural rejections with the kernel's message "
	       "(as annotated, asserted live by difftest), %u known divergences; --dag: %u "
	       "programs with a loop and %u without, %u as expected; %u problems\n",
	       corpus_dir(), st.progs, st.structural_agree, st.divergences, st.loops,
	       st.loop_free, st.dag_agree, st.problems);
	fflush(stdout);
	ck_assert_uint_eq(st.problems, 0);
	ck_assert_uint_eq(st.dag_agree, st.loops + st.loop_free);
}
END_TEST

START_TEST(cfg_graph__corpus__dot_accepts_every_graph)
{
	struct corpus_stats st = { .graphs = true };

	run_corpus(&st);
	printf("cfg corpus: dot -Tsvg accepted %u of %u DOT graphs (2 styles x %u programs)\n",
	       st.dot_ok, 2 * st.progs, st.progs);
	fflush(stdout);
	ck_assert_uint_eq(st.problems, 0);
	ck_assert_uint_eq(st.dot_ok, 2 * st.progs);
}
END_TEST

/* Golden files of real objects (source lines, BTF names), when the corpus is built */
static void corpus_golden(const char *obj_rel, const char *prog, enum cfg_graph_style style,
			  const char *name)
{
	char path[512], err[512];
	struct object *obj;
	const struct prog *p;
	struct name_ctx nc;
	struct cfg_graph_opts o = { .style = style, .subprog = CFG_NONE,
				    .subprog_name = btf_subprog_name, .ctx = &nc };
	struct cfg *cfg;
	char *dot;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), obj_rel);
	if (access(path, R_OK)) {
		printf("SKIP: %s not built\n", path);
		return;
	}
	ck_assert_msg(!object_open(path, NULL, &obj, err, sizeof(err)), "%s", err);
	p = object_find_prog(obj, prog);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(cfg_build(p, &cfg), 0);
	nc = (struct name_ctx){ .obj = obj, .p = p, .cfg = cfg };
	dot = render(cfg, &o, false);
	golden(name, dot);
	free(dot);
	cfg_free(cfg);
	object_free(obj);
}

START_TEST(cfg_graph__corpus_objects__golden_dot)
{
	corpus_golden("cfg/irreducible_ok.bpf.o", "cfg_irreducible", CFG_STYLE_DEFAULT,
		      "irreducible_ok.dot");
	corpus_golden("calls/subprog_ok.bpf.o", "calls_static", CFG_STYLE_BPFTOOL,
		      "subprog_ok_calls_static_bpftool.dot");
	corpus_golden("calls/callbacks_ok.bpf.o", "loop_weights", CFG_STYLE_DEFAULT,
		      "callbacks_ok_loop_weights.dot");
}
END_TEST

Suite *cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc;

	tc = tcase_create("build");
	tcase_add_test(tc, cfg_build__straight_line__one_block_and_exit);
	tcase_add_test(tc, cfg_build__diamond__branches_join_dominated_by_the_test);
	tcase_add_test(tc, cfg_build__nested_loops__forest_back_edges_and_wto);
	tcase_add_test(tc, cfg_build__irreducible_loop__two_entries_not_reducible);
	tcase_add_test(tc, cfg_build__may_goto__budget_edge_leaves_the_loop);
	tcase_add_test(tc, cfg_build__calls_and_callbacks__subprograms_and_interprocedural_edges);
	tcase_add_test(tc, cfg_build__malformed__truncated_ldimm64_and_garbage_do_not_crash);
	tcase_add_test(tc, cfg_build__random_streams__consistent_graph_and_no_crash);
	tcase_set_timeout(tc, 60);	/* 3000 random graphs: seconds under ASan or a loaded machine */
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_test(tc, cfg_check__nested_loops_dag__back_edges_in_kernel_dfs_order);
	tcase_add_test(tc, cfg_check__kernel_version__loops_before_5_3_only);
	tcase_add_test(tc, cfg_check__loop_without_exit__infinite_loop_at_its_head);
	tcase_add_test(tc, cfg_check__self_loop__infinite_loop);
	tcase_add_test(tc, cfg_check__calls_dag__recursion_is_a_back_edge);
	tcase_add_test(tc, cfg_check__unreachable_code__first_insn_of_each_range);
	tcase_add_test(tc, cfg_check__jump_into_ldimm64__kernel_message_and_no_edge);
	tcase_add_test(tc, cfg_check__jump_past_the_end__out_of_range);
	tcase_add_test(tc, cfg_check__jump_backwards_before_start__negative_target);
	tcase_add_test(tc, cfg_check__jump_into_another_subprogram__out_of_range);
	tcase_add_test(tc, cfg_check__no_exit_at_the_end__fall_through);
	tcase_add_test(tc, cfg_check__subprogram_falls_into_the_next__fall_through);
	tcase_add_test(tc, cfg_check__call_outside_the_program__invalid_destination);
	tcase_add_test(tc, cfg_check__257_subprograms__too_many);
	tcase_add_test(tc, cfg_check__256_subprograms__allowed);
	tcase_add_test(tc, cfg_check__invalid_opcode__load_phase_after_subprog_checks);
	tcase_add_test(tc, cfg_check__size_limits__per_kernel_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("graph");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cfg_graph__nested_loops_dag__golden_dot_with_errors_highlighted);
	tcase_add_test(tc, cfg_graph__calls_and_callback__golden_dot_both_styles);
	tcase_add_test(tc, cfg_graph__one_function__only_its_cluster_and_stubs);
	tcase_add_test(tc, cfg_graph__svg_and_png__rendered_in_process);
	tcase_add_test(tc, cfg_json__calls_and_callback__parses_and_describes_the_graph);
	tcase_add_test(tc, cfg_graph__corpus_objects__golden_dot);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, cfg_check__corpus__structural_verdicts_and_dag);
	tcase_add_test(tc, cfg_graph__corpus__dot_accepts_every_graph);
	suite_add_tcase(s, tc);

	tc = tcase_create("scale");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, cfg_build__one_million_insns__iterative_and_fast);
	suite_add_tcase(s, tc);

	tc = tcase_create("kernel_selftests");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, cfg_check__kernel_selftests__same_verdicts_and_messages);
	suite_add_tcase(s, tc);
	return s;
}
