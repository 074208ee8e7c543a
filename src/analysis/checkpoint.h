/* The engine's explored states (checkpoints) and queued branches, shared by engine.c (storage,
 * pruning, eviction) and precision.c (which scalars of a checkpoint its explored paths relied
 * on). Internal to src/analysis. */
#ifndef BPFVERIFY_ANALYSIS_CHECKPOINT_H
#define BPFVERIFY_ANALYSIS_CHECKPOINT_H

#include "analysis/env.h"

/* One executed instruction of a path, as precision backtracking replays it. */
struct trace_entry {
	u32 idx;		/* the instruction */
	u8 frame;		/* the frame it ran in */
	u8 linked_outside;	/* conditional jump: a register of the compared id lives in
				 * another frame or on the stack */
	u16 linked;		/* conditional jump: registers of this frame sharing the compared
				 * registers' ids (refined together) */
	u8 stk;			/* enum trace_stk: how it used a stack slot */
	u8 stk_frame;		/* ... of this frame */
	u8 stk_spi;		/* ... this slot */
	u8 pad;
};

/* struct trace_entry.stk: the stack accesses precision follows (the kernel's
 * INSN_F_STACK_ACCESS history flags, conservatively). */
enum trace_stk {
	TRACE_STK_NONE,
	TRACE_STK_FILL,		/* a load at a fixed offset from a slot holding a spilled reg */
	TRACE_STK_VAR_READ,	/* a load from the stack at a variable offset */
	TRACE_STK_STORE,	/* a store of the whole slot (8 bytes, aligned, fixed offset) */
	TRACE_STK_STORE_PART,	/* a narrower or misaligned store at a fixed offset */
};

struct checkpoint {
	struct checkpoint *next;	/* same instruction */
	struct checkpoint *parent;	/* previous checkpoint on the path that stored it */
	u32 branches;			/* paths still being explored below it */
	u32 insn_idx;
	u32 hit_cnt, miss_cnt;		/* pruning it did / comparisons that failed */
	u32 bucket;			/* bucket_of() its state, kept to spare a cache miss */
	bool evicted;			/* unlinked from its list; freed when branches and pins are 0 */
	bool all_precise;		/* every scalar counts (precision gave up) */
	struct backedge *backedges;	/* the entry of a loop visit (engine.c): paths that
					 * converged inside it (owned), replayed when its paths
					 * are all explored */
	struct checkpoint *open_next;	/* env->open_visits: entries with back edges */
	u32 seq;			/* stored after seq others */
	u32 pins;			/* back edges whose paths go through it: kept until they
					 * are replayed */
	u16 precise[STATE_MAX_FRAMES];	/* per frame: scalar registers a path below relied on */
	u64 precise_slots[STATE_MAX_FRAMES];	/* per frame: spilled scalars (bit spi) relied on */
	struct trace_entry *hist;	/* the instructions from @parent's insn to this one (owned) */
	u32 hist_cnt;
	struct checkpoint *all_prev, *all_next;	/* env->all_cps */
	size_t bytes;
	struct state st;		/* allocated to state_size() */
};

/* A path pruned inside an open loop visit: by a loop's checkpoint still being explored, or by one
 * whose marks wait for the visit (the kernel's struct bpf_scc_backedge): when the visit is done,
 * the final marks of @equal are followed back along the path once more
 * (propagate_backedges()). */
struct backedge {
	struct backedge *next;
	struct checkpoint *equal;	/* the checkpoint that covered the path */
	struct checkpoint *parent;	/* the path's last checkpoint (pinned up to the entry) */
	struct trace_entry *trace;	/* the path's instructions since @parent (owned) */
	u32 trace_cnt;
	u32 insn_idx;			/* where it was pruned */
	u32 curframe;
};

struct pending {
	struct state *st;		/* allocated to state_size() */
	u32 insn_idx, prev_idx;
	u32 jmp_hist_cnt;
	struct checkpoint *parent;
	struct trace_entry *trace;	/* the path's instructions since @parent (owned) */
	u32 trace_cnt;
	u32 path;			/* its decisions so far (path.c) */
};

/* The most recent checkpoint at @idx on the current path with the current state's call sites
 * (the kernel's find_prev_entry(): the same loop's previous entry), skipping env->cur_parent
 * when @skip_parent; NULL when none. Borrowed. */
const struct checkpoint *env_loop_prev_entry(struct env *env, u32 idx, bool skip_parent);

/* ---- Precision (precision.c) ---- */

/* Before insn @idx runs on env->cur: the scalars it relies on are marked precise back along
 * the path, then the insn joins the path's trace. 0 or -ENOMEM. */
int prec_before(struct env *env, u32 idx);
/* After conditional jump @idx: when only one side was possible, its scalar operands count. */
int prec_after_jmp(struct env *env, u32 idx, bool decided);
/* The current path is pruned by @old: what @old's continuation relied on, the current path
 * relies on too, in every frame. */
int prec_propagate(struct env *env, const struct checkpoint *old);
/* Follows the marks of @be->equal back along @be's path, as prec_propagate() did when it was
 * pruned. */
void prec_backedge(struct env *env, const struct backedge *be);
/* Give up precision: every scalar of every checkpoint on the current path counts. */
void prec_all(struct env *env);
/* A checkpoint was stored: it takes the path's trace, which restarts empty. */
void prec_checkpoint(struct env *env, struct checkpoint *cp);
/* Copies the current trace into @p (a queued branch). 0 or -ENOMEM. */
int prec_push(struct env *env, struct pending *p);
/* The trace of queued branch @p becomes the current one (ownership moves). */
void prec_pop(struct env *env, struct pending *p);

#endif
