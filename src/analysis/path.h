/* The path being explored, as the decisions that led to the current instruction: conditional
 * jumps where both sides were feasible (the engine queued one and continued on the other),
 * bpf-to-bpf calls and returns. Recorded so that a rejection can say how the program got there
 * (analysis_result.path), which the kernel's log only shows as "from X to Y" lines.
 *
 * Representation: a tree of steps in one growable array; each step points to the step before
 * it on its path (@parent), so a queued branch shares its history with the path that queued it
 * and forking is O(1) (no copy per branch). A path is the index of its last step (@tip).
 * Steps are only appended during one exploration (do_check) and all freed together.
 *
 * Used by engine.c only: path_begin() when an exploration starts, path_fork() when a branch is
 * queued (the returned tip goes with the queued state), path_resume() when it is taken up,
 * path_step() after each instruction that continued, path_capture() at the outcome. */
#ifndef BPFVERIFY_ANALYSIS_PATH_H
#define BPFVERIFY_ANALYSIS_PATH_H

#include "util.h"

#define PATH_NONE UINT32_MAX

struct path_node {
	u32 parent;		/* previous step on the same path, or PATH_NONE */
	u32 insn;		/* the jump, call or exit */
	u32 target;		/* where the path continued */
	u8 kind;		/* enum analysis_step_kind */
};

struct path {
	struct path_node *nodes;
	u32 cnt, cap;
	u32 tip;		/* last step of the current path, or PATH_NONE */
	u32 entry;		/* first instruction of the exploration */
	u32 split_at;		/* insn whose transfer queued a branch, or PATH_NONE */
	bool active;		/* an exploration is running: env->cur is a valid state */
	bool full;		/* too many steps: recording stopped (paths lose their tail) */
};

struct env;

/* An exploration starts at @entry with an empty path; earlier steps are dropped. */
void path_begin(struct env *env, u32 entry);
/* The exploration ended (no state is current any more). */
void path_end(struct env *env);
/* The current instruction queues a branch to @target: returns the path of the queued state. */
u32 path_fork(struct env *env, u32 target);
/* A queued state with path @tip becomes the current one. */
void path_resume(struct env *env, u32 tip);
/* The current instruction was executed and continues at env->next_idx: records it when it is a
 * decision (a split conditional jump or may_goto, a call, a return). */
void path_step(struct env *env);
/* Copies the current path and state into env->res (the outcome was just set). */
void path_capture(struct env *env);
/* Frees the steps. */
void path_release(struct env *env);

#endif
