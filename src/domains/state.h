/* The abstract machine state at one instruction: the call frames (registers R0-R10 and a
 * 512-byte stack each) and the acquired references, as the kernel's struct
 * bpf_verifier_state / bpf_func_state hold them, and the bpf_spin_lock held.
 *
 * Fixed size, no heap pointers: state_copy() is a memcpy of the used prefix (the frames up to
 * curframe), state_size() tells how many bytes that prefix has so that the engine can store
 * checkpoints compactly. */
#ifndef BPFVERIFY_DOMAINS_STATE_H
#define BPFVERIFY_DOMAINS_STATE_H

#include "domains/stack.h"

#define STATE_MAX_FRAMES 8	/* MAX_CALL_FRAMES */
#define STATE_MAX_REFS 32
#define STATE_NREGS 11		/* MAX_BPF_REG */

enum ref_kind {
	REF_PTR,		/* a pointer to release with a helper (ringbuf record, socket) */
};

struct ref {
	u32 id;
	u32 insn_idx;		/* the acquiring call ("alloc_insn") */
	u32 kind;		/* enum ref_kind */
};

struct frame {
	struct reg regs[STATE_NREGS];
	u32 frameno;
	u32 callsite;		/* call insn in the caller (frames > 0) */
	u32 subprog;		/* index of the subprogram this frame runs (0: main) */
	u32 callback_depth;	/* callbacks pushed from this frame's current call (the kernel's
				 * callback_depth: state_leq needs old <= cur) */
	struct stack stack;
};

struct state {
	u32 curframe;
	u32 ref_cnt;
	u32 may_goto_depth;	/* may_goto fall-throughs taken on this path (not compared by
				 * state_leq; state_equal needs it equal, as the kernel's loop check) */
	u32 callback_unroll_depth;	/* callback bodies entered on this path (compared by
					 * state_equal only, as the kernel's loop check) */
	/* the bpf_spin_lock held (the kernel's active_locks, active_lock_id / _ptr) */
	u32 active_locks;	/* 0 or 1: a second lock is refused */
	u32 active_lock_id;	/* id of the locked map value pointer (0: a global-data value) */
	s32 active_lock_map;	/* its map index; the three below meaningful when active_locks */
	u32 active_lock_insn;	/* the bpf_spin_lock call */
	struct ref refs[STATE_MAX_REFS];
	struct frame frames[STATE_MAX_FRAMES];	/* only [0..curframe] meaningful */
};

/* ---- Lifecycle ---- */

/* Entry state of a program: frame 0, R1 = @r1 (ctx for most programs), R10 = fp0, the rest
 * NOT_INIT, empty stack, no references. */
void state_init(struct state *st, struct reg r1);
/* Bytes of @st that matter (header + frames 0..curframe). */
size_t state_size(const struct state *st);
/* @dst = @src (the used prefix); @dst must have room for state_size(@src). */
void state_copy(struct state *dst, const struct state *src);

static inline struct frame *state_cur(struct state *st) { return &st->frames[st->curframe]; }

/* ---- Lattice ---- */

/* @cur ⊑ @old: every execution from @cur is covered by the explored @old (the kernel's
 * states_equal() in RANGE_WITHIN mode with every register and stack slot considered live:
 * regsafe per register, stacksafe per stack byte, refsafe on references). Conservative: false
 * when unsure. @allow_uninit_stack as the kernel's env->allow_uninit_stack (privileged). */
bool state_leq(const struct state *cur, const struct state *old, bool allow_uninit_stack);
/* state_leq() where a scalar register of @old's current frame f counts only when bit n of
 * @precise[f] says Rn was relied on (the kernel's NOT_EXACT regsafe(): an imprecise old scalar
 * covers any scalar), and a spilled scalar of slot spi of frame fr of @old only when bit spi of
 * @precise_slots[fr] says so. @precise NULL: every scalar counts (then @precise_slots is not
 * read). The callers' registers always count. */
bool state_leq_precise(const struct state *cur, const struct state *old, const u16 *precise,
		       const u64 *precise_slots, bool allow_uninit_stack);
/* Bytewise equality of the used prefixes (the kernel's EXACT states_equal, used for the
 * "infinite loop detected" check). */
bool state_equal(const struct state *a, const struct state *b);
/* state_equal() over what is live: register i of frame f only when bit i of @lregs[f] is set,
 * stack slot k only when bit k of @lslots[f] is. @a is the current state, @b a checkpoint
 * stored with its dead registers and slots cleared (the kernel's states_equal(EXACT) with
 * liveness). */
bool state_equal_live(const struct state *a, const struct state *b, const u16 *lregs,
		      const u64 *lslots);


/* ---- Join and widening (the join engine, src/analysis/join.c) ---- */

/* @out = a state above @a and @b: scalars joined, pointers of the same kind (same map, frame,
 * reference) with their offsets joined, anything else NOT_INIT (unusable); stack slots by kind,
 * a spilled pointer against anything else a spill no fill can use; ids joined as partitions
 * (fresh ones from *@id_gen). NULL, or why the two cannot be joined (other call frames, other
 * references or lock: the caller answers unknown). @out must not alias @a or @b. */
const char *state_join(struct state *out, const struct state *a, const struct state *b,
		       u32 *id_gen);
/* Widening at a loop head: every scalar (and pointer variable offset) of @cur, a join above
 * @old, whose bound moved past @old's jumps to the nearest of the thresholds @th[0..@th_cnt)
 * beyond it (constants the loop compares with), else to its extreme (scalar_widen); a tnum that
 * moved becomes unknown. Scalars only take thresholds: pointer offsets go to the extreme. */
void state_widen(struct state *cur, const struct state *old, const s64 *th, u32 th_cnt);

/* ---- References ---- */

/* New reference of @kind acquired at @insn_idx with id @id; -E2BIG when full. */
int state_acquire_ref(struct state *st, u32 id, u32 insn_idx, u32 kind);
/* Drops reference @id; -ENOENT when not held. */
int state_release_ref(struct state *st, u32 id);
bool state_has_ref(const struct state *st, u32 id);

/* ---- Formatting ---- */

/* The state of the current frame as the kernel log prints it with print_all (log level 2):
 * "R1=ctx() R10=fp0 fp-8=mmmmmmmm refs=2", registers and slots separated by one space, no
 * leading space, frames other than 0 prefixed "frameN: ". snprintf semantics. */
int state_fmt(char *buf, size_t size, const struct state *st, const struct map_def *maps,
	      u32 map_cnt);
/* Frame @frameno of @st the way the kernel prints it without print_all: only the registers in
 * @regs (bit i: Ri) and the stack slots in @slots (bit i: fp-8*(i+1)); the references, which the
 * kernel prints with every state, follow. state_fmt() is this with every bit set for the
 * current frame. */
int state_fmt_some(char *buf, size_t size, const struct state *st, u32 frameno, u32 regs,
		   u64 slots, const struct map_def *maps, u32 map_cnt);

#endif
