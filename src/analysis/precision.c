/* Precision: which scalars of a checkpoint, registers and spilled stack slots of every frame,
 * the paths explored below it relied on, so that pruning may ignore the other registers and
 * loop widening (widen.c) may forget the others (the kernel's mark_chain_precision() /
 * backtrack_insn() / propagate_precision(), conservatively).
 *
 * A scalar "is relied on" when an instruction's safety or outcome depends on its value: a
 * conditional jump decided by it (only one side possible), a pointer offset, a helper, kfunc or
 * subprogram argument, the return value at an exit whose range is checked (the main program's,
 * a callback's), an atomic operand.
 * From such a use the path is replayed backwards (the trace of executed instructions kept per
 * path since its last checkpoint, and each checkpoint's own trace back to its parent): a copy
 * passes the demand to its source, an operation to its operands, a fill from a spilled slot to
 * the slot (of whichever frame the pointer points into), a store into a demanded slot to its
 * source, another load or a constant ends it. A return replayed backwards enters the callee
 * (a subprogram's R0 goes with it, a callback's calling helper sets R1-R5 itself), the callee's
 * first instruction leaves it (a subprogram's R1-R5 become its caller's); the caller's R6-R9
 * and stack demands wait meanwhile. At each checkpoint met on the way the demanded registers and
 * slots are marked. A pruned path inherits the marks of the checkpoint that pruned it (its
 * continuation is that checkpoint's), every frame's.
 *
 * Where we are more conservative than the kernel (never less): spilled scalars are always
 * compared in pruning (their marks only serve widening); helper and kfunc arguments count
 * whatever their kind; a narrow store leaves its slot demanded; a linked register outside the
 * frame, a variable-offset stack read, a demand left in a callee at its entry or an instruction
 * kind not listed gives up and marks every scalar of every checkpoint on the path precise
 * (prec_all).
 *
 * Only checkpoints whose paths are all explored prune, so their marks are final by then, with
 * one exception the kernel has too: a loop that converged on a checkpoint still being explored
 * (may_goto, iterator: engine.c's loop_hit()) got that checkpoint's marks so far; what later
 * paths add to them is followed along that path again when the loop visit (the checkpoints of
 * one strongly connected component, scc.c, entered once) is done (a back edge, prec_backedge(),
 * the kernel's propagate_backedges()), and until then the visit's checkpoints prune only by
 * comparing every scalar. A callback loop leaves no back edge, as in 6.18. */
#include <stdlib.h>
#include <string.h>

#include "analysis/checkpoint.h"
#include "checks/checks.h"
#include "vec.h"

#define REGS_ALL 0x3ff		/* R0-R9 */
#define REGS_ARGS 0x3e		/* R1-R5 */
#define R(n) ((u16)(1u << (n)))

/* What a replay still looks for, per frame (the kernel's struct backtrack_state). */
struct bt {
	u32 frame;			/* frame of the instruction replayed next */
	u32 subseq;			/* the instruction replayed last (the next one in time) */
	u16 regs[STATE_MAX_FRAMES];
	u64 slots[STATE_MAX_FRAMES];	/* stack slots (bit spi) */
};

void prec_all(struct env *env)
{
	struct checkpoint *cp;

	for (cp = env->cur_parent; cp && !cp->all_precise; cp = cp->parent) {
		cp->all_precise = true;
		env->prec_marks++;
	}
}

/* The registers of frame @f that hold scalars, among @mask. */
static u16 scalar_regs(const struct frame *f, u16 mask)
{
	u16 out = 0;
	int i;

	for (i = 0; i < BPF_REG_10; i++)
		if ((mask & R(i)) && f->regs[i].type == SCALAR_VALUE)
			out |= R(i);
	return out;
}

/* The slots of frame @f that hold spilled scalars, among @mask. */
static u64 scalar_slots(const struct frame *f, u64 mask)
{
	u64 out = 0;
	int i;

	for (i = 0; mask && i < STACK_SLOTS; i++, mask >>= 1)
		if ((mask & 1) && stack_is_spill(&f->stack, i) &&
		    f->stack.slot[i].spilled.type == SCALAR_VALUE)
			out |= 1ull << i;
	return out;
}

static bool bt_empty(const struct bt *bt)
{
	u32 fr;

	for (fr = 0; fr <= bt->frame; fr++)
		if (bt->regs[fr] || bt->slots[fr])
			return false;
	return true;
}

/* Replaying the exit of a callee (frame + 1) that returned to bt->subseq: the demand enters
 * the callee (backtrack_insn() for BPF_EXIT). A callback returns to its calling helper, which
 * sets R1-R5 itself and does not pass R0 on; a subprogram's R0 is its return value. The
 * caller's R6-R9 and stack demands stay. */
static bool bt_enter_callee(const struct env *env, const struct trace_entry *e, struct bt *bt)
{
	u32 f = bt->frame;
	u16 *m = &bt->regs[f];
	bool r0;

	if (env->dec[e->idx].kind != INSN_EXIT || f + 1 >= STATE_MAX_FRAMES)
		return false;
	if (calls_is_callback_call(env, bt->subseq))
		*m &= ~REGS_ARGS;
	if (*m & REGS_ARGS)
		return false;
	r0 = (*m & R(0)) && bt->subseq > 0 &&
	     env->dec[bt->subseq - 1].kind == INSN_CALL_PSEUDO;
	*m &= ~R(0);
	bt->frame = f + 1;
	bt->regs[f + 1] = r0 ? R(0) : 0;
	bt->slots[f + 1] = 0;
	return true;
}

/* Replaying the call that started the callee (bt->frame) from the caller: a subprogram's
 * R1-R5 demands become the caller's; a callback's arguments come from its helper. Any other
 * demand left in the callee cannot be (give up). */
static bool bt_leave_callee(const struct env *env, const struct trace_entry *e, struct bt *bt)
{
	u32 f = bt->frame;
	u16 args = bt->regs[f] & REGS_ARGS;
	u8 kind = env->dec[e->idx].kind;

	if ((bt->regs[f] & ~REGS_ARGS) || bt->slots[f] || !f)
		return false;
	if (kind != INSN_CALL_PSEUDO && !calls_is_callback_call(env, e->idx))
		return false;
	bt->regs[f] = 0;
	bt->frame = f - 1;
	if (kind == INSN_CALL_PSEUDO)
		bt->regs[f - 1] |= args;
	return true;
}

/* backtrack_insn(): the demand after @e ran becomes the demand before it. false: give up
 * (prec_all). */
static bool backtrack(const struct env *env, const struct trace_entry *e, struct bt *bt)
{
	const struct insn *in;
	const struct bpf_insn *raw = &env->insns[e->idx];
	u16 dst = R(raw->dst_reg & 0xf), src = R(raw->src_reg & 0xf), set, def, *m;
	bool x = BPF_SRC(raw->code) == BPF_X;
	u64 slot;

	if (e->frame == bt->frame + 1)
		return bt_enter_callee(env, e, bt);
	if ((u32)e->frame + 1 == bt->frame)
		return bt_leave_callee(env, e, bt);
	if (e->frame != bt->frame)
		return false;
	in = &env->dec[e->idx];
	m = &bt->regs[bt->frame];
	slot = e->stk_frame <= bt->frame ? bt->slots[e->stk_frame] & (1ull << e->stk_spi) : 0;
	switch (in->kind) {
	case INSN_MOV:
	case INSN_MOVSX:
		if (*m & dst) {
			*m &= ~dst;
			if (x || in->kind == INSN_MOVSX)
				*m |= src;
		}
		return true;
	case INSN_ALU:
		if ((*m & dst) && x)
			*m |= src;
		return true;
	case INSN_NEG:
	case INSN_END:
	case INSN_BSWAP:
	case INSN_JA:
	case INSN_MAY_GOTO:
		return true;
	case INSN_ST:
	case INSN_STX:
		/* a store into a demanded slot: its value (a spill) comes from the source; a
		 * narrower one leaves the rest of the slot demanded */
		if (slot && (e->stk == TRACE_STK_STORE || e->stk == TRACE_STK_STORE_PART)) {
			if (e->stk == TRACE_STK_STORE)
				bt->slots[e->stk_frame] &= ~slot;
			if (in->kind == INSN_STX)
				*m |= src;
		}
		return true;
	case INSN_LDX:
	case INSN_LDSX:
		if (*m & dst) {
			*m &= ~dst;
			/* a fill: the slot it read counts; a variable-offset read may have read
			 * any spilled value of the frame */
			if (e->stk == TRACE_STK_FILL)
				bt->slots[e->stk_frame] |= 1ull << e->stk_spi;
			else if (e->stk == TRACE_STK_VAR_READ)
				return false;
		}
		return true;
	case INSN_LD_IMM64:
		*m &= ~dst;	/* a constant */
		return true;
	case INSN_ATOMIC:
		if (raw->imm == BPF_CMPXCHG)
			def = R(0);
		else if (raw->imm == BPF_LOAD_ACQ)
			def = dst;
		else
			def = raw->imm & BPF_FETCH ? src : 0;
		*m &= ~def;
		return true;
	case INSN_LD_ABS:
	case INSN_LD_IND:
	case INSN_CALL:
	case INSN_CALL_KFUNC:
	case INSN_CALL_PSEUDO:	/* in the same frame: a global function, verified on its own */
		*m &= ~0x3f;	/* R0 from the packet / callee, R1-R5 clobbered */
		return true;
	case INSN_JMP_COND:
		set = dst | (x ? src : 0) | e->linked;
		if (*m & set) {
			if (e->linked_outside)
				return false;
			*m |= set;
		}
		return true;
	default:
		return false;	/* exits, anything not listed */
	}
}

/* Marks what @bt demands on checkpoint @cp (its state is the path's at that point); the marks
 * it had already are not followed further (its ancestors got them then). false: give up. */
static bool bt_mark(struct env *env, struct bt *bt, struct checkpoint *cp)
{
	u32 fr;

	if (cp->st.curframe != bt->frame)
		return false;
	if (cp->all_precise) {
		memset(bt->regs, 0, sizeof(bt->regs));
		memset(bt->slots, 0, sizeof(bt->slots));
		return true;
	}
	for (fr = 0; fr <= bt->frame; fr++) {
		const struct frame *f = &cp->st.frames[fr];

		bt->regs[fr] = scalar_regs(f, bt->regs[fr] & ~cp->precise[fr]);
		bt->slots[fr] = scalar_slots(f, bt->slots[fr] & ~cp->precise_slots[fr]);
		cp->precise[fr] |= bt->regs[fr];
		cp->precise_slots[fr] |= bt->slots[fr];
		if (bt->regs[fr] || bt->slots[fr])
			env->prec_marks++;
	}
	return true;
}

/* mark_chain_precision(): what @bt demands just before the current insn (@skip_last: the
 * current insn is already the trace's last entry) is followed back along the path. */
static void replay(struct env *env, struct bt *bt, bool skip_last)
{
	const struct trace_entry *t = env->trace;
	u32 n = env->trace_cnt;
	struct checkpoint *cp = env->cur_parent;

	if (skip_last && n)
		n--;
	bt->subseq = env->insn_idx;
	while (!bt_empty(bt)) {
		while (n--) {
			if (!backtrack(env, &t[n], bt))
				goto give_up;
			bt->subseq = t[n].idx;
			if (bt_empty(bt))
				return;
		}
		if (!cp)
			return;
		if (!bt_mark(env, bt, cp))
			goto give_up;
		t = cp->hist;
		n = cp->hist_cnt;
		cp = cp->parent;
	}
	return;
give_up:
	prec_all(env);
}

/* Registers @mask of the current frame are relied on just before the current insn. */
static void demand(struct env *env, u16 mask, bool skip_last)
{
	struct bt bt;

	memset(&bt, 0, sizeof(bt));
	bt.frame = env->cur->curframe;
	bt.regs[bt.frame] = scalar_regs(cur_frame(env), mask);
	replay(env, &bt, skip_last);
}

/* Registers of the current frame sharing a compared register's id, and whether the id lives
 * elsewhere too (sync_linked_regs() refines them all with the comparison). */
static void linked_regs(struct env *env, u32 regno, struct trace_entry *e)
{
	const struct state *st = env->cur;
	const struct reg *r = &cur_regs(env)[regno];
	u32 fr;
	int i;

	if (r->type != SCALAR_VALUE || !r->id)
		return;
	for (fr = 0; fr <= st->curframe; fr++) {
		const struct frame *f = &st->frames[fr];

		for (i = 0; i < BPF_REG_10; i++) {
			if (f->regs[i].type != SCALAR_VALUE || f->regs[i].id != r->id)
				continue;
			if (fr == st->curframe)
				e->linked |= R(i);
			else
				e->linked_outside = 1;
		}
		for (i = 0; i < STACK_SLOTS; i++)
			if (stack_is_spill(&f->stack, i) && f->stack.slot[i].spilled.id == r->id)
				e->linked_outside = 1;
	}
}

/* Which stack slot @in (about to run on env->cur) loads from or stores to, for the replay. */
static void note_stack_access(struct env *env, const struct insn *in, struct trace_entry *e)
{
	bool load = in->kind == INSN_LDX || in->kind == INSN_LDSX;
	const struct reg *base;
	const struct frame *f;
	u32 size;
	s64 off;
	int spi;

	if (!load && in->kind != INSN_ST && in->kind != INSN_STX)
		return;
	if ((load ? in->src : in->dst) > BPF_REG_10)
		return;
	base = &cur_regs(env)[load ? in->src : in->dst];
	if (base->type != PTR_TO_STACK || base->frameno > env->cur->curframe)
		return;
	if (!reg_var_is_const(base)) {
		if (load)
			e->stk = TRACE_STK_VAR_READ;
		return;
	}
	off = (s64)base->off + (s64)base->var.var_off.value + in->off;
	if (off >= 0 || off < -STACK_SIZE)
		return;
	spi = stack_spi((int)off);
	f = &env->cur->frames[base->frameno];
	e->stk_frame = base->frameno;
	e->stk_spi = (u8)spi;
	if (load) {
		if (stack_is_spill(&f->stack, spi))
			e->stk = TRACE_STK_FILL;
		return;
	}
	size = insn_size_bytes(in->code);
	e->stk = size == STACK_SLOT_SIZE && !(off % STACK_SLOT_SIZE) ? TRACE_STK_STORE :
								       TRACE_STK_STORE_PART;
}

static bool is_ptr(const struct reg *r)
{
	return reg_is_ptr(r);
}

int prec_before(struct env *env, u32 idx)
{
	const struct insn *in = &env->dec[idx];
	const struct bpf_insn *raw = &env->insns[idx];
	const struct reg *regs = cur_regs(env);
	u8 d = raw->dst_reg & 0xf, s = raw->src_reg & 0xf;
	struct trace_entry *e;
	u16 want = 0;

	switch (in->kind) {
	case INSN_ALU:
		/* pointer arithmetic relies on the scalar offset (adjust_reg_min_max_vals) */
		if (BPF_SRC(raw->code) == BPF_X && d < BPF_REG_10 && s < BPF_REG_10) {
			if (is_ptr(&regs[d]) && regs[s].type == SCALAR_VALUE)
				want = R(s);
			else if (regs[d].type == SCALAR_VALUE && is_ptr(&regs[s]))
				want = R(d);
		}
		break;
	case INSN_MOV:
	case INSN_MOVSX:
	case INSN_NEG:
	case INSN_END:
	case INSN_BSWAP:
	case INSN_LDX:
	case INSN_LDSX:
	case INSN_ST:
	case INSN_LD_IMM64:
	case INSN_LD_ABS:
	case INSN_JA:
	case INSN_MAY_GOTO:
	case INSN_JMP_COND:
		break;
	case INSN_STX:
		break;
	case INSN_ATOMIC:
		want = s < BPF_REG_10 ? R(s) : 0;
		if (raw->imm == BPF_CMPXCHG)
			want |= R(0);
		break;
	case INSN_LD_IND:
		want = s < BPF_REG_10 ? R(s) : 0;
		break;
	case INSN_CALL:
		want = liveness_call_args(env, raw);
		break;
	case INSN_CALL_PSEUDO:
	case INSN_CALL_KFUNC:
		want = REGS_ARGS;
		break;
	case INSN_EXIT:
		/* check_return_code(): only a checked return range relies on R0: the main
		 * program's, or a callback's (prepare_func_exit); a subprogram's R0 reaches its
		 * caller, where a use of it is followed back into the callee */
		if (!env->cur->curframe && (env->opts.exit_r0_exact || exit_retval_enforced(env)))
			want = R(0);
		else if (calls_in_callback(env, env->cur->curframe))
			want = R(0);
		break;
	default:
		prec_all(env);
		break;
	}
	if (want)
		demand(env, want, false);
	if (vec_grow(&env->trace, &env->trace_cap, env->trace_cnt + 1))
		return -ENOMEM;
	e = &env->trace[env->trace_cnt++];
	memset(e, 0, sizeof(*e));
	e->idx = idx;
	e->frame = (u8)env->cur->curframe;
	note_stack_access(env, in, e);
	if (in->kind == INSN_JMP_COND) {
		if (d < BPF_REG_10)
			linked_regs(env, d, e);
		if (BPF_SRC(raw->code) == BPF_X && s < BPF_REG_10)
			linked_regs(env, s, e);
	}
	return 0;
}

void env_relies_on_slot(struct env *env, u32 frameno, int spi)
{
	struct bt bt;

	if (frameno > env->cur->curframe || spi < 0 || spi >= STACK_SLOTS)
		return;
	memset(&bt, 0, sizeof(bt));
	bt.frame = env->cur->curframe;
	bt.slots[frameno] = 1ull << spi;
	replay(env, &bt, true);
}

int prec_after_jmp(struct env *env, u32 idx, bool decided)
{
	const struct bpf_insn *raw = &env->insns[idx];
	u16 want = R(raw->dst_reg & 0xf);

	if (!decided || env->dec[idx].kind != INSN_JMP_COND)
		return 0;
	if (BPF_SRC(raw->code) == BPF_X)
		want |= R(raw->src_reg & 0xf);
	demand(env, want & REGS_ALL, true);
	return 0;
}

int prec_propagate(struct env *env, const struct checkpoint *old)
{
	const struct state *st = env->cur;
	struct bt bt;
	u32 fr;

	if (old->st.curframe != st->curframe) {
		prec_all(env);
		return 0;
	}
	memset(&bt, 0, sizeof(bt));
	bt.frame = st->curframe;
	for (fr = 0; fr <= st->curframe; fr++) {
		bool all = old->all_precise;

		bt.regs[fr] = scalar_regs(&st->frames[fr], all ? REGS_ALL : old->precise[fr]);
		bt.slots[fr] = scalar_slots(&st->frames[fr], all ? ~0ull : old->precise_slots[fr]);
	}
	replay(env, &bt, false);
	return 0;
}

void prec_backedge(struct env *env, const struct backedge *be)
{
	struct trace_entry *trace = env->trace;
	u32 cnt = env->trace_cnt, cap = env->trace_cap, idx = env->insn_idx;
	struct checkpoint *parent = env->cur_parent;
	const struct checkpoint *eq = be->equal;
	struct bt bt;
	u32 fr;

	memset(&bt, 0, sizeof(bt));
	bt.frame = be->curframe;
	for (fr = 0; fr <= bt.frame; fr++) {
		bt.regs[fr] = eq->all_precise ? REGS_ALL : eq->precise[fr];
		bt.slots[fr] = eq->all_precise ? ~0ull : eq->precise_slots[fr];
	}
	/* replay() reads the path from env: lend it the back edge's */
	env->trace = be->trace;
	env->trace_cnt = env->trace_cap = be->trace_cnt;
	env->cur_parent = be->parent;
	env->insn_idx = be->insn_idx;
	replay(env, &bt, false);
	env->trace = trace;
	env->trace_cnt = cnt;
	env->trace_cap = cap;
	env->cur_parent = parent;
	env->insn_idx = idx;
}

void prec_checkpoint(struct env *env, struct checkpoint *cp)
{
	cp->all_precise = false;
	memset(cp->precise, 0, sizeof(cp->precise));
	memset(cp->precise_slots, 0, sizeof(cp->precise_slots));
	cp->hist = env->trace;
	cp->hist_cnt = env->trace_cnt;
	env->trace = NULL;
	env->trace_cnt = env->trace_cap = 0;
}

int prec_push(struct env *env, struct pending *p)
{
	p->trace = NULL;
	p->trace_cnt = env->trace_cnt;
	if (!env->trace_cnt)
		return 0;
	p->trace = malloc(env->trace_cnt * sizeof(*p->trace));
	if (!p->trace)
		return -ENOMEM;
	memcpy(p->trace, env->trace, env->trace_cnt * sizeof(*p->trace));
	return 0;
}

void prec_pop(struct env *env, struct pending *p)
{
	free(env->trace);
	env->trace = p->trace;
	env->trace_cnt = env->trace_cap = p->trace_cnt;
	p->trace = NULL;
}
