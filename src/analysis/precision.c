/* Precision: which scalar registers of a checkpoint the paths explored below it relied on, so
 * that pruning may ignore the others (the kernel's mark_chain_precision() / backtrack_insn() /
 * propagate_precision(), conservatively).
 *
 * A scalar "is relied on" when an instruction's safety or outcome depends on its value: a
 * conditional jump decided by it (only one side possible), a pointer offset, a helper or
 * subprogram argument, the return value at an exit whose range is checked, a spill to the
 * stack, an atomic operand.
 * From such a use the path is replayed backwards (the trace of executed instructions kept per
 * path since its last checkpoint, and each checkpoint's own trace back to its parent): a copy
 * passes the demand to its source, an operation to its operands, a load or a constant ends it;
 * at each checkpoint met on the way the demanded registers are marked precise. A pruned path
 * inherits the marks of the checkpoint that pruned it (its continuation is that checkpoint's).
 *
 * Where we are more conservative than the kernel (never less): spilled scalars are always
 * compared, so a spill demands its source at once; helper arguments count whatever their kind;
 * a demand crossing a call or return, a linked register outside the frame, a may_goto loop or an
 * instruction kind not listed gives up and marks every scalar of every checkpoint on the path
 * precise (prec_all), and after a may_goto loop hit every comparison counts every scalar. A
 * checkpoint whose precision is incomplete is never used for pruning: only checkpoints whose
 * paths are all explored prune, and their marks are final by then. */
#include <stdlib.h>
#include <string.h>

#include "analysis/checkpoint.h"
#include "checks/checks.h"
#include "vec.h"

#define REGS_ALL 0x3ff		/* R0-R9 */
#define R(n) ((u16)(1u << (n)))

void prec_all(struct env *env)
{
	struct checkpoint *cp;

	for (cp = env->cur_parent; cp && !cp->all_precise; cp = cp->parent)
		cp->all_precise = true;
}

/* The registers of @st's current frame that hold scalars, among @mask. */
static u16 scalars(const struct state *st, u16 mask)
{
	const struct frame *f = &st->frames[st->curframe];
	u16 out = 0;
	int i;

	for (i = 0; i < BPF_REG_10; i++)
		if ((mask & R(i)) && f->regs[i].type == SCALAR_VALUE)
			out |= R(i);
	return out;
}

/* backtrack_insn(): @m (registers of the insn's frame demanded after @e ran) becomes the
 * registers demanded before it. false: give up (prec_all). */
static bool backtrack(const struct env *env, const struct trace_entry *e, u16 *m)
{
	const struct insn *in = &env->dec[e->idx];
	const struct bpf_insn *raw = &env->insns[e->idx];
	u16 dst = R(raw->dst_reg & 0xf), src = R(raw->src_reg & 0xf), set, def;
	bool x = BPF_SRC(raw->code) == BPF_X;

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
	case INSN_ST:
	case INSN_STX:
	case INSN_JA:
	case INSN_MAY_GOTO:
		return true;
	case INSN_LDX:
	case INSN_LDSX:
	case INSN_LD_IMM64:
		*m &= ~dst;	/* from memory (a stack slot is always compared) or a constant */
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
		*m &= ~0x3f;	/* R0 from the packet / helper, R1-R5 clobbered */
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
		return false;	/* calls, exits (another frame), anything not listed */
	}
}

/* mark_chain_precision(): registers @mask of the current frame are relied on just before the
 * current insn (@skip_last: the current insn is already the trace's last entry). */
static void demand(struct env *env, u16 mask, bool skip_last)
{
	const struct trace_entry *t = env->trace;
	u32 n = env->trace_cnt, frame = env->cur->curframe;
	struct checkpoint *cp = env->cur_parent;
	u16 m = scalars(env->cur, mask);

	if (skip_last && n)
		n--;
	while (m) {
		while (n--) {
			if (t[n].frame != frame || !backtrack(env, &t[n], &m))
				goto give_up;
			if (!m)
				return;
		}
		if (!cp)
			return;
		if (cp->st.curframe != frame)
			goto give_up;
		if (cp->all_precise)
			return;
		/* marked before: its ancestors were marked then */
		m &= ~cp->precise[frame];
		m = scalars(&cp->st, m);
		cp->precise[frame] |= m;
		t = cp->hist;
		n = cp->hist_cnt;
		cp = cp->parent;
	}
	return;
give_up:
	prec_all(env);
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
		/* a spill: the slot is always compared, its source counts now */
		if (d < BPF_REG_10 + 1 && s < BPF_REG_10 && reg_base(&regs[d]) == PTR_TO_STACK)
			want = R(s);
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
		want = 0x3e;	/* R1-R5 */
		break;
	case INSN_EXIT:
		/* check_return_code(): only a checked return range relies on R0 (a subprogram's
		 * R0 reaches its caller, where a use of it gives up: another frame) */
		if (!env->cur->curframe && (env->opts.exit_r0_exact || exit_retval_enforced(env)))
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
	if (in->kind == INSN_JMP_COND) {
		if (d < BPF_REG_10)
			linked_regs(env, d, e);
		if (BPF_SRC(raw->code) == BPF_X && s < BPF_REG_10)
			linked_regs(env, s, e);
	}
	return 0;
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
	u32 fr;

	if (old->all_precise) {
		if (env->cur->curframe)
			prec_all(env);
		else
			demand(env, REGS_ALL, false);
		return 0;
	}
	for (fr = 0; fr < old->st.curframe; fr++) {
		if (old->precise[fr]) {
			prec_all(env);
			return 0;
		}
	}
	if (old->precise[old->st.curframe])
		demand(env, old->precise[old->st.curframe], false);
	return 0;
}

void prec_checkpoint(struct env *env, struct checkpoint *cp)
{
	cp->all_precise = false;
	memset(cp->precise, 0, sizeof(cp->precise));
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
