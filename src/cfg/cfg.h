/* The control-flow graph of a linked program (main function followed by its subprograms), as the
 * analysis engine and the graph exporters consume it, and the structural check the kernel runs
 * before it verifies any path (check_subprogs + check_cfg of kernel/bpf/verifier.c).
 *
 * Subprograms start at instruction 0 and at every target of a bpf-to-bpf call or of a callback
 * reference (ld_imm64 src=BPF_PSEUDO_FUNC), exactly the kernel's add_subprog() set; each runs to
 * the next start. Basic blocks never span two subprograms; a block ends at a jump, an exit or a
 * bpf-to-bpf call, or before a jump target. Helper and kfunc calls do not end blocks. Each
 * subprogram also has one virtual exit block (no instructions) that every exit insn flows into.
 *
 * Edges are typed. Intraprocedural kinds (all below CFG_EDGE_CALL) connect blocks of the same
 * subprogram; CFG_EDGE_CALL and CFG_EDGE_CALLBACK go to another subprogram's entry. Edges whose
 * target is invalid (out of range, into another subprogram, into the second half of a ld_imm64)
 * are left out of the graph; cfg_check() reports them from the instructions themselves.
 *
 * Per subprogram, over the intraprocedural edges of the blocks reachable from its entry:
 * depth-first order (retreating edges flagged CFG_EDGE_F_BACK), immediate dominators
 * (Lengauer-Tarjan), strongly connected components (Tarjan), loops as the hierarchical SCC
 * decomposition (Bourdoncle: the head of a component is its first block in depth-first order,
 * nested loops are the SCCs left when the head is removed), and the weak topological order built
 * from that decomposition. Every algorithm is iterative: a 1M-instruction program does not grow
 * the C stack.
 *
 * Ownership: cfg_build() borrows @prog (instructions, line info), which must outlive the cfg;
 * everything else is owned by the cfg and released by cfg_free(). */
#ifndef BPFVERIFY_CFG_CFG_H
#define BPFVERIFY_CFG_CFG_H

#include "loader/object.h"
#include "util.h"

struct diag_list;

#define CFG_NONE UINT32_MAX

enum cfg_edge_kind {
	CFG_EDGE_FALLTHROUGH,	/* into the next block, split off at a jump target */
	CFG_EDGE_TAKEN,		/* conditional jump: the condition holds */
	CFG_EDGE_NOT_TAKEN,	/* conditional jump or may_goto: on to the next instruction */
	CFG_EDGE_JUMP,		/* goto / gotol */
	CFG_EDGE_MAY_GOTO,	/* may_goto taken: the loop budget is used up */
	CFG_EDGE_CALL_RETURN,	/* bpf-to-bpf call -> the instruction after it, where the callee
				 * returns (the call summarised inside its own subprogram) */
	CFG_EDGE_EXIT,		/* exit insn -> the subprogram's virtual exit block */
	/* interprocedural */
	CFG_EDGE_CALL,		/* bpf-to-bpf call -> callee entry */
	CFG_EDGE_CALLBACK,	/* ld_imm64 of a function's address -> that function's entry */
};

/* cfg_edge.flags */
#define CFG_EDGE_F_BACK		(1u << 0)	/* retreating edge of the subprogram's DFS */

struct cfg_edge {
	u32 src;		/* block indexes */
	u32 dst;
	u32 insn;		/* the instruction that makes the edge: the last one of @src, or the
				 * ld_imm64 of a callback */
	u8 kind;		/* enum cfg_edge_kind */
	u8 flags;		/* CFG_EDGE_F_* */
};

/* cfg_block.flags */
#define CFG_BLOCK_REACHABLE	(1u << 0)	/* from its subprogram's entry, intraprocedurally */
#define CFG_BLOCK_ENTRY		(1u << 1)	/* first block of a subprogram */
#define CFG_BLOCK_EXIT		(1u << 2)	/* virtual exit block: no instructions */
#define CFG_BLOCK_LOOP_HEAD	(1u << 3)	/* head of a loop (cfg.loops[loop].head) */
#define CFG_BLOCK_CALL		(1u << 4)	/* ends with a bpf-to-bpf call */

struct cfg_block {
	u32 start;		/* instruction slots [start, end); start == end for a virtual exit */
	u32 end;
	u32 last;		/* first slot of the last instruction, CFG_NONE for a virtual exit */
	u32 subprog;
	u32 flags;		/* CFG_BLOCK_* */
	u32 succ_off;		/* edge indexes: cfg.succ[succ_off .. succ_off + succ_cnt) */
	u32 succ_cnt;
	u32 pred_off;		/* edge indexes: cfg.pred[pred_off .. pred_off + pred_cnt) */
	u32 pred_cnt;
	u32 idom;		/* immediate dominator; CFG_NONE for an entry or an unreachable block */
	u32 rpo;		/* position in its subprogram's reverse postorder, CFG_NONE if unreachable */
	u32 scc;		/* strongly connected component (ids unique in the cfg), CFG_NONE if
				 * unreachable; blocks of one loop share it */
	u32 loop;		/* innermost loop containing the block (cfg.loops), CFG_NONE */
	u32 wto;		/* position in cfg.wto, CFG_NONE if unreachable */
	u32 wto_end;		/* loop head: one past the last position of its component in cfg.wto;
				 * other blocks: wto + 1 */
};

/* cfg_subprog.flags */
#define CFG_SUB_MAIN		(1u << 0)	/* starts at instruction 0 */
#define CFG_SUB_CALLED		(1u << 1)	/* target of a bpf-to-bpf call */
#define CFG_SUB_CALLBACK	(1u << 2)	/* its address is loaded (bpf_loop, timers, ...) */

struct cfg_subprog {
	u32 start;		/* instruction slots [start, end) */
	u32 end;
	u32 entry;		/* entry block */
	u32 exit;		/* virtual exit block (the last of its blocks) */
	u32 block_start;	/* its blocks: [block_start, block_start + block_cnt) */
	u32 block_cnt;
	u32 func;		/* index in prog->funcs of the func_info starting here, or CFG_NONE */
	u32 flags;		/* CFG_SUB_* */
	u32 wto_start;		/* its weak topological order: cfg.wto[wto_start .. + wto_cnt) */
	u32 wto_cnt;
};

struct cfg_loop {
	u32 head;		/* header block: the loop's first block in depth-first order */
	u32 parent;		/* enclosing loop, CFG_NONE for an outermost one */
	u32 depth;		/* 1 for an outermost loop */
	u32 subprog;
	u32 block_cnt;		/* blocks in the loop, nested loops' included */
	bool reducible;		/* entered only through its head (a natural loop) */
	bool has_exit;		/* some edge leaves it (to the virtual exit block or beyond) */
};

struct cfg {
	const struct prog *prog;	/* borrowed */
	const struct bpf_insn *insns;	/* prog->insns */
	u32 insn_cnt;
	struct cfg_block *blocks;	/* sorted by start; a subprogram's blocks are contiguous */
	u32 block_cnt;
	struct cfg_edge *edges;		/* grouped by source block, in successor order */
	u32 edge_cnt;
	u32 *succ;			/* edge indexes, see cfg_block.succ_off */
	u32 *pred;			/* edge indexes, see cfg_block.pred_off */
	struct cfg_subprog *subprogs;	/* sorted by start */
	u32 subprog_cnt;
	struct cfg_loop *loops;		/* outer loops before the loops they contain */
	u32 loop_cnt;
	u32 *wto;			/* block indexes, per subprogram, see cfg_block.wto */
	u32 wto_cnt;
	u32 *insn_block;		/* block of each instruction slot (both halves of a ld_imm64),
					 * CFG_NONE for none */
	u32 scc_cnt;
};

/* Lifecycle */

/* Builds the graph of @prog into @out. Any instruction stream works, malformed ones included
 * (what cannot be linked is left out; see the top of this file). Returns 0, or -ENOMEM. */
int cfg_build(const struct prog *prog, struct cfg **out);
/* Frees @cfg; cfg_free(NULL) is a no-op. */
void cfg_free(struct cfg *cfg);

/* Queries */

/* The block holding instruction slot @insn, or CFG_NONE. */
static inline u32 cfg_block_of(const struct cfg *cfg, u32 insn)
{
	return insn < cfg->insn_cnt ? cfg->insn_block[insn] : CFG_NONE;
}

/* Successor edge @i of block @b (0 <= @i < succ_cnt), in the order the kernel's DFS takes them
 * (fall-through before jump target). */
static inline const struct cfg_edge *cfg_succ(const struct cfg *cfg, u32 b, u32 i)
{
	return &cfg->edges[cfg->succ[cfg->blocks[b].succ_off + i]];
}

/* Predecessor edge @i of block @b. */
static inline const struct cfg_edge *cfg_pred(const struct cfg *cfg, u32 b, u32 i)
{
	return &cfg->edges[cfg->pred[cfg->blocks[b].pred_off + i]];
}

static inline bool cfg_edge_is_interproc(u8 kind)
{
	return kind >= CFG_EDGE_CALL;
}

/* The subprogram starting at instruction @insn, or CFG_NONE. */
u32 cfg_subprog_at(const struct cfg *cfg, u32 insn);
/* Whether block @a dominates block @b (both in one subprogram; a block dominates itself). */
bool cfg_dominates(const struct cfg *cfg, u32 a, u32 b);
/* "fallthrough", "taken", "not_taken", "jump", "may_goto", "call_return", "exit", "call",
 * "callback". */
const char *cfg_edge_kind_name(u8 kind);

/* The structural check */

/* KERNEL_VERSION() of a target kernel X.Y */
#define CFG_KERNEL_VERSION(x, y) (((u32)(x) << 16) + ((u32)(y) << 8))

struct cfg_check_opts {
	bool dag;		/* --dag: every back edge is rejected, as before bounded loops */
	u32 kernel_version;	/* --kernel X.Y as CFG_KERNEL_VERSION(); 0: the running 6.18 */
};

/* Program size limits: BPF_MAXINSNS (kernels before 5.2, unprivileged loads), and
 * BPF_COMPLEXITY_LIMIT_INSNS for privileged loads since 5.2. */
#define CFG_MAXINSNS_OLD	4096u
#define CFG_MAXINSNS		1000000u

/* Checks what the kernel rejects before it verifies a single path, in the kernel's order, with
 * its words in each diagnostic's kernel_msg (check ids in parentheses):
 *  1. size (cfg.too_large): more instructions than the target accepts, or none; the kernel
 *     fails bpf(2) with E2BIG and logs nothing;
 *  2. add_subprog_and_kfunc: "call to invalid destination" (cfg.call_target), "too many
 *     subprograms" (cfg.too_many_subprogs);
 *  3. check_subprogs: "jump out of range from insn %d to %d" (cfg.jump_out_of_range), "last insn
 *     is not an exit or jmp" (cfg.fall_through);
 *  3b. check_btf_info: the program's BTF func_info / line_info records against its subprograms
 *     ("number of funcs in func_info doesn't match number of subprogs", "missing bpf_line_info
 *     for func#%u", ...: cfg.func_info, cfg.line_info), only when it has func_info;
 *  4. resolve_pseudo_ldimm64's instruction checks, insn_check_program() (insn.invalid);
 *  5. check_cfg's depth-first search: "back-edge from insn %d to %d" (cfg.back_edge) when @opts
 *     asks for a DAG (--dag, or a kernel before 5.3); then "unreachable insn %d"
 *     (cfg.unreachable) and "jump into the middle of ldimm64 insn %d" (cfg.ldimm64_middle);
 *  6. ours: a loop no edge leaves (cfg.infinite_loop). The kernel rejects it when its path
 *     search gets there ("infinite loop detected at insn %d", or "BPF program is too large" when
 *     the state changes every turn); a loop on a path the kernel proves dead is accepted.
 * Within a step every finding is reported (the first one is the kernel's); the check stops
 * after the first step with findings, as the kernel does. @opts may be NULL (6.18 defaults).
 * Returns 0 when the structure is sound, -EACCES when diagnostics were added, -ENOMEM. */
int cfg_check(const struct cfg *cfg, const struct cfg_check_opts *opts, struct diag_list *diags);

/* Internal: the analyses of loops.c, run by cfg_build(). */
int cfg_analyze(struct cfg *cfg);

#endif
