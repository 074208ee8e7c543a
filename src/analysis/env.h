/* The analysis driver's context, shared by src/analysis and src/checks (and nothing else).
 *
 * One struct env per analysed program. The engine owns the current state (@cur), the stack of
 * pending branch states and the checkpoints; transfer functions and checks read and change @cur
 * through the helpers below, report violations with env_reject() and ask for a branch with
 * env_push_branch(). A check returns 0 (continue), or the negative value env_reject() /
 * env_unknown() returned: the engine stops at the first violation, as the kernel does. */
#ifndef BPFVERIFY_ANALYSIS_ENV_H
#define BPFVERIFY_ANALYSIS_ENV_H

#include <linux/bpf.h>
#include <time.h>

#include "analysis/analysis.h"
#include "analysis/path.h"
#include "domains/state.h"
#include "isa/insn.h"

#define BPF_MAX_VAR_OFF (1 << 29)
#define BPF_MAX_VAR_SIZ (1 << 29)
#define MAX_PACKET_OFF 0xffff

enum access_type {
	ACC_READ,
	ACC_WRITE,
};

struct checkpoint;
struct pending;
struct trace_entry;

/* One subprogram (the kernel's struct bpf_subprog_info, the parts modelled). */
struct subprog {
	u32 start;			/* first insn */
	u32 stack_depth;		/* max bytes used below fp on any explored path (8-aligned) */
	bool has_tail_call;
	bool has_ld_abs;
	bool is_global;			/* BTF linkage global: verified on its own */
	bool called;			/* global: a verified path calls it (verify it after main) */
	bool verified;			/* global: verified on its own */
	u8 arg_cnt;			/* global: arguments from BTF (btf_prepare_func_args) */
	u8 arg_kind[5];			/* enum subprog_arg */
	u32 arg_size[5];		/* SARG_MEM: bytes the pointer must give */
	const char *name;		/* BTF name (global functions), or NULL */
	const char *unsupported;	/* global: why its arguments are not modelled, or NULL */
};

/* Argument kinds of a global function (the kernel's bpf_subprog_arg_info.arg_type). */
enum subprog_arg {
	SARG_ANYTHING,			/* int or enum: any scalar */
	SARG_CTX,			/* pointer to the program type's context struct */
	SARG_MEM,			/* pointer to sized memory, may be NULL */
};

struct env {
	/* the program */
	const struct prog *prog;
	const struct bpf_insn *insns;
	u32 insn_cnt;
	struct insn *dec;		/* decoded, per slot (second ld_imm64 slot: INSN_INVALID) */
	s32 *ld_map;			/* per slot: map index of a ld_imm64 map reference, or -1 */
	bool *prune_point;		/* per slot: the kernel's is_prune_point() */
	bool *jmp_point;		/* per slot: is_jmp_point(): recorded in the jump history */
	bool *force_checkpoint;		/* per slot: is_force_checkpoint() (may_goto, callback
					 * calls): a checkpoint is always stored there */
	u16 *live_regs;			/* per slot: registers live before it (liveness.c) */
	u64 *live_slots;		/* per slot: own-frame stack slots live before it (bit spi) */
	bool *reads_out;		/* per slot: from it to the function's exit, memory outside
					 * the own frame may be read (liveness.c) */
	u32 *aux_ptr_type;		/* per slot: pointer type a load/store first used (0: none) */
	const struct map_def *maps;
	u32 map_cnt;
	s32 cgroup_storage[2];		/* the cgroup storage map (shared, per-CPU) the program's
					 * ld_imm64s named first, -1: none (checks/ldimm64.c) */
	u32 prog_type, attach_type;
	struct analysis_opts opts;
	bool allow_uninit_stack;	/* privileged: reading never-written stack is allowed */
	bool allow_ptr_leaks;		/* privileged: pointer-to-scalar conversions allowed */
	bool more_done;			/* no further violations wanted (enough, or a limit) */
	struct subprog *subprogs;	/* [0..subprog_cnt], the last a sentinel starting at insn_cnt */
	u32 subprog_cnt;

	/* the path being explored */
	struct state *cur;		/* full size (all frames) */
	struct checkpoint *cur_parent;	/* last checkpoint on this path */
	u32 insn_idx, prev_insn_idx;
	u32 next_idx;			/* where the current insn continues (transfer sets it) */
	u32 id_gen;

	/* exploration */
	struct pending *pend;
	u32 pend_cnt, pend_cap;
	struct checkpoint **at_insn;	/* per slot: list of explored states */
	struct checkpoint *all_cps;	/* every live checkpoint, listed or evicted */
	u64 checkpoint_bytes;		/* their memory */
	struct timespec start;		/* thread CPU time at the start, for the time guard */
	u32 *bucket_states;		/* per hash bucket (bucket_of()): how many states */
	u32 jmp_hist_cnt;		/* jump-history entries since the path's last checkpoint */
	struct trace_entry *trace;	/* the path's instructions since cur_parent (precision.c) */
	u32 trace_cnt, trace_cap;
	u32 prec_marks;			/* precision marks added so far (precision.c) */
	u32 *scc;			/* per slot: strongly connected component (scc.c), 0: none */
	struct checkpoint *open_visits;	/* loop visits with back edges (engine.c) */
	u32 backedge_cnt;		/* their back edges */
	bool hist_pushed;		/* this insn already has its history entry */
	u32 insn_processed, jmps_processed;
	u32 prev_insn_processed, prev_jmps_processed;
	u32 total_states, cur_states, peak_states;
	struct path path;		/* decisions of the current path (path.c) */
	const void *trace_line;		/* trace.c: the source line printed last */
	u32 trace_regs;			/* trace.c: registers touched since the last state printed */
	u64 trace_slots;		/* trace.c: stack slots touched since then */
	int trace_open;			/* trace.c: length of an instruction line left open, 0: none */
	bool trace_from;		/* trace.c: a "from X to Y:" line waits for its end */
	u32 trace_from_idx, trace_to_idx;
	bool kfunc_placeholder_seen;	/* a kfunc call with imm 0 was reached (kfuncs.c) */
	u32 kfunc_placeholder_insn;	/* the first such instruction */

	/* outcome */
	struct analysis_result *res;
	char msg[512];			/* lines of the current violation */
	size_t msg_len;
};

/* ---- Diagnostics ---- */

/* Appends a line of the kernel's log text to the pending message (the first of a two-line
 * report, e.g. "invalid access to map value ..." before "R0 max value is outside ..."). */
__printf(2, 3) void env_log(struct env *env, const char *fmt, ...);
/* Rejects the program at the current instruction: appends the line, records @check_id, returns
 * -EACCES. */
__printf(3, 4) int env_reject(struct env *env, const char *check_id, const char *fmt, ...);
/* The analysis cannot decide: "not modelled yet: ..." and friends. Returns -EOPNOTSUPP. */
__printf(2, 3) int env_unknown(struct env *env, const char *fmt, ...);

/* ---- Exploration ---- */

/* Queues a copy of the current state to be explored from @insn_idx later (the kernel's
 * push_stack()); the copy is returned so that the caller can refine it. NULL on failure (then
 * the analysis is already marked failed: return -ENOMEM or the limit's error). */
struct state *env_push_branch(struct env *env, u32 insn_idx, int *err);

/* Takes the most recently queued branch off the queue: its state (the caller frees it) and
 * instruction. false when none is queued. For the join engine, which joins queued branches into
 * its states at once instead of exploring them as paths. */
bool env_pop_pending(struct env *env, struct state **st, u32 *insn_idx);

/* ---- Join engine (src/analysis/join.c) ---- */

/* Analyses from env->cur at env->insn_idx (then the global functions called) by joining states
 * at block heads and widening at loop heads, to a fixpoint: analysis_opts.mode join. 0, or a
 * rejection / unknown / -ENOMEM. */
int join_run(struct env *env);

/* ---- State helpers ---- */

static inline struct reg *cur_regs(struct env *env)
{
	return env->cur->frames[env->cur->curframe].regs;
}
static inline struct frame *cur_frame(struct env *env)
{
	return &env->cur->frames[env->cur->curframe];
}
static inline const struct map_def *env_map(struct env *env, const struct reg *r)
{
	return r->map_idx >= 0 && (u32)r->map_idx < env->map_cnt ? &env->maps[r->map_idx] : NULL;
}
/* reg_type_str() into a rotating static buffer, for messages. */
const char *env_type_str(struct env *env, u32 type);

/* Calls @fn on every register and spilled register of every frame of @st. */
void state_for_each_reg(struct state *st, void (*fn)(struct reg *r, void *ctx), void *ctx);

/* "R%d !read_ok" when @regno is NOT_INIT. */
int check_reg_read(struct env *env, u32 regno);
/* "frame pointer is read only" for r10. */
int check_reg_write(struct env *env, u32 regno);

/* ---- Precision (src/analysis/precision.c) ---- */

/* The current instruction relies on the value spilled in slot @spi of frame @frameno (e.g. a
 * constant array map key: get_constant_map_key()): it is marked precise back along the path. */
void env_relies_on_slot(struct env *env, u32 frameno, int spi);

/* ---- Loops (src/analysis/scc.c) ---- */

/* Fills env->scc: the kernel's compute_scc() over the instructions. 0 or -ENOMEM. */
int scc_compute(struct env *env);

/* ---- Liveness (src/analysis/liveness.c) ---- */

/* The kernel's compute_live_registers(): fills env->live_regs (bit n: Rn may be read before
 * being written, from that instruction on). 0 or -ENOMEM. */
int liveness_compute(struct env *env);
/* Stack-slot liveness of each function's own frame: fills env->live_slots (bit spi: slot spi
 * may be read before being overwritten whole) and env->reads_out (a read that may reach a
 * caller's frame can still come). 0 or -ENOMEM. */
int liveness_compute_stack(struct env *env);
/* Registers a call instruction passes as arguments: R1..Rn for a known helper, R1-R5 else. */
u16 liveness_call_args(const struct env *env, const struct bpf_insn *insn);

/* ---- Calls (src/analysis/calls.c) ---- */

/* The kernel's add_subprog_and_kfunc() + check_subprogs(): subprogram starts from the pseudo
 * calls, per-subprogram jump ranges and last instructions, tail call / LD_ABS flags, func_info
 * linkage. 0, or a rejection / unknown. */
int calls_find_subprogs(struct env *env);
/* Index of the subprogram starting at @insn_idx, or -1. */
int calls_find_subprog(const struct env *env, u32 insn_idx);
/* Records the stack bytes frame @frameno of the current state uses (grow_stack_state:
 * the per-subprogram maximum that check_max_stack_depth() sums). */
void calls_note_stack_depth(struct env *env, u32 frameno);
/* setup_func_entry() on @st: a new frame on top for subprogram @sp called from env->insn_idx,
 * every register NOT_INIT but R10, curframe advanced. NULL (rejected) when 8 frames deep. */
struct frame *calls_push_frame(struct env *env, struct state *st, u32 sp);
/* BPF_CALL with src_reg BPF_PSEUDO_CALL: a new frame (check_func_call). */
int check_func_call(struct env *env, const struct insn *in);
/* BPF_EXIT in a subprogram: back to the caller (prepare_func_exit). */
int check_func_exit(struct env *env);
/* An instruction that may also leave its subprogram (the kernel's abnormal returns): the path
 * that goes on at the next insn is queued, the current one returns @r0 to the caller. A
 * bpf_tail_call that succeeds runs the other program, which returns here with an unknown R0
 * (the caller then clears packet pointers); a BPF_LD_[ABS|IND] whose load fails ends the
 * subprogram with R0 = 0. */
int calls_abnormal_exit(struct env *env, struct reg r0);
/* BPF_EXIT of a global function's own frame (check_return_code for subprograms). */
int check_global_exit(struct env *env);
/* Entry state of global function @sp, verified on its own (do_check_common). 0 or unknown. */
int calls_global_entry(struct env *env, u32 sp);
/* do_check_subprogs(): the next global function after @after (0 to begin) that a verified path
 * calls and that is not verified yet, or 0 when none is left; in the kernel's order: passes over
 * the subprograms in index order until one finds nothing new (verifying one may call more).
 * Both engines loop: calls_global_entry(), their walk from its start, then mark it verified. */
u32 calls_next_global(const struct env *env, u32 after);
/* After exploration: the kernel's check_max_stack_depth() over the static call graph. */
int check_max_stack_depth(struct env *env);

/* ---- Callbacks (src/analysis/callbacks.c) ---- */

/* Whether helper @func_id calls a callback synchronously and is modelled (bpf_loop,
 * bpf_for_each_map_elem): the kernel's is_sync_callback_calling_function(). */
bool calls_is_callback_helper(u32 func_id);
/* Whether insn @idx calls such a helper: a forced checkpoint whose ancestors on the path cover
 * the current state by state_leq (the kernel's calls_callback()). */
bool calls_is_callback_call(const struct env *env, u32 idx);
/* ld_imm64 with src_reg BPF_PSEUDO_FUNC: PTR_TO_FUNC naming a static subprogram. */
int check_ld_func(struct env *env, const struct insn *in);
/* A helper argument of kind HARG_FUNC or HARG_STACK_OR_NULL (checks/helper_protos.h) in register
 * @regno: check_func_arg() for those types. */
int check_callback_arg(struct env *env, u32 regno, int kind);
/* After helper @func_id's arguments are checked: queue its callback's body in a new frame
 * (push_callback_call) unless bpf_loop's iteration bound is reached. @map_idx: the map
 * argument, or -1. */
int check_callback_call(struct env *env, u32 func_id, s32 map_idx);
/* BPF_EXIT of a callback frame: R0 in [0, 1], back to the calling helper insn. */
int check_callback_exit(struct env *env);
/* Whether frame @frameno of the current state runs a callback (its callsite is a helper). */
bool calls_in_callback(const struct env *env, u32 frameno);

/* ---- Open-coded iterators (src/analysis/iter.c) ---- */

enum iter_op {
	ITER_OP_NEW,		/* KF_ITER_NEW: the argument must be uninitialised */
	ITER_OP_NEXT,		/* KF_ITER_NEXT */
	ITER_OP_DESTROY,	/* KF_ITER_DESTROY: releases it */
	ITER_OP_USE,		/* any other kfunc taking an initialised iterator */
};

/* An iterator argument of a kfunc (arg #0 of _new/_next/_destroy). */
struct iter_arg {
	u32 op;			/* enum iter_op */
	u32 kind;		/* the iterator type (struct stack_obj.kind), nonzero */
	u32 nr_slots;		/* its size / 8 */
	const char *type_name;	/* "num" for struct bpf_iter_num */
};

/* process_iter_arg() for register @regno; *@ref_obj_id gets the iterator's reference (not for
 * ITER_OP_NEW). */
int iter_process_arg(struct env *env, u32 regno, const struct iter_arg *a, u32 *ref_obj_id);
/* process_iter_next_call(), after R0 got _next's maybe-NULL return: queue the element path,
 * continue with NULL. @arg: the iterator argument as it was before the call. */
int iter_next_call(struct env *env, const struct reg *arg);
/* is_state_visited() at an iterator _next whose checkpoint @old is still being explored: the
 * current state is covered and its iterator ACTIVE (the loop converged). */
bool iter_loop_covered(struct env *env, const struct state *old);

/* ---- Transfer (src/analysis/transfer.c) ---- */

/* Abstract execution of insns[env->insn_idx] on env->cur: 0 and env->next_idx set, 1 when the
 * path ended (exit of the main program), or a negative error. */
int transfer_insn(struct env *env);

/* ---- Trace of -vv (src/analysis/trace.c), like the kernel's log_level 2 ---- */

/* A function's walk starts: its entry state. */
void trace_begin(struct env *env);
/* The current instruction is about to execute: the state the last one left (what it touched),
 * the source line, the instruction. */
void trace_insn(struct env *env);
/* A queued branch from @from to @to is taken up (its state is the current one). */
void trace_branch(struct env *env, u32 from, u32 to);
/* The current conditional jump goes one way only: what it touched is printed now. */
void trace_decided_jmp(struct env *env);
/* The current state is pruned at a prune point ("N: safe"). */
void trace_safe(struct env *env);
/* The path ended (exit, pruned, or a violation): the next state printed is a whole one. */
void trace_path_end(struct env *env);
/* The walk of a function is over: ends the lines left open. */
void trace_flush(struct env *env);
/* A bpf-to-bpf call entered its callee / an exit returned to the caller (frames not yet
 * cleared: the callee is frames[curframe]). */
void trace_call(struct env *env);
void trace_return(struct env *env, u32 ret_idx);
/* A call to global function @subprog is checked against its prototype only. */
void trace_global_call(struct env *env, u32 subprog, const char *name);
/* The whole state is printed after the current instruction (a callback is queued). */
void trace_touch_all(struct env *env);

/* ---- Atomics and legacy packet loads (src/analysis/atomic.c, ldabs.c) ---- */

/* BPF_STX | BPF_ATOMIC @in on env->cur (the kernel's check_atomic()): 0 or a check's error. */
int check_atomic(struct env *env, const struct insn *in);
/* BPF_LD | BPF_ABS / BPF_IND @in (the kernel's check_ld_abs()): 0 or a check's error. */
int check_ld_abs(struct env *env, const struct insn *in);
/* may_goto @in (maygoto.c): the jump taken now, the fall-through queued one level deeper. */
int check_may_goto(struct env *env, const struct insn *in);
/* The kernel's widen_imprecise_scalars() (widen.c) before another iteration of a loop whose
 * iterations meet at insn @idx (may_goto, an iterator's next, a callback's calling helper):
 * each scalar of @st, register or spilled slot of any frame, that differs from the loop's
 * previous entry state (find_prev_entry) and that no explored path relied on there so far
 * becomes unknown. @just_stored: the checkpoint stored at @idx last is the current iteration's
 * entry (may_goto, iterator next), not the previous one's. */
void env_widen_loop(struct env *env, struct state *st, u32 idx, bool just_stored);

#endif
