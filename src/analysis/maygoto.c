/* may_goto (BPF_JMP | BPF_JCOND, src_reg BPF_MAY_GOTO): "goto +off once the program's loop
 * budget is used up", as the 6.18 kernel's check_cond_jmp_op() and is_state_visited() treat it.
 *
 * At run time the instruction falls through while a hidden per-program counter (8M) lasts, so
 * both successors are possible. The kernel continues the current path at the jump target (the
 * loop's exit) and queues the fall-through (the loop body) with may_goto_depth + 1; scalars of
 * the queued state that differ from the same loop's previous entry state (find_prev_entry) are
 * forgotten (widen_imprecise_scalars), and is_state_visited() prunes a state at a may_goto
 * instruction that an in-progress state of another depth covers. Together these make a loop
 * with no provable bound converge in a few iterations; "infinite loop detected" needs equal
 * depths, which two iterations never have.
 *
 * As the kernel, only scalars no decision has relied on so far are widened: the registers the
 * previous entry's checkpoint has precise marks for (precision.c) keep their values, and so do
 * spilled scalars (whose precision we do not track: widening less only iterates more). The
 * pruning and the forced checkpoint at may_goto live in engine.c. */
#include <string.h>

#include "analysis/env.h"

/* The kernel's maybe_widen_reg(): a scalar that is not the same as in the loop's previous
 * entry state becomes unknown. "The same" is bytewise here (the kernel renames ids first):
 * stricter, so more is widened. */
static void maybe_widen_reg(const struct reg *old, struct reg *cur)
{
	if (old->type != SCALAR_VALUE || cur->type != SCALAR_VALUE)
		return;
	if (!memcmp(old, cur, sizeof(*old)))
		return;
	*cur = reg_unknown();
}

/* The kernel's widen_imprecise_scalars() over the registers of the current frame not in
 * @precise; other frames and spilled scalars are kept. */
static void widen_scalars(const struct state *old, struct state *cur, u16 precise)
{
	const struct frame *fo;
	struct frame *fc;
	u32 i;

	if (old->curframe != cur->curframe)
		return;
	fo = &old->frames[old->curframe];
	fc = &cur->frames[cur->curframe];
	for (i = 0; i < STATE_NREGS; i++)
		if (!(precise & (1u << i)))
			maybe_widen_reg(&fo->regs[i], &fc->regs[i]);
}

int check_may_goto(struct env *env, const struct insn *in)
{
	u16 precise = 0;
	const struct state *prev = env_loop_prev_entry(env, env->insn_idx, &precise);
	struct state *body;
	int err;

	body = env_push_branch(env, env->insn_idx + 1, &err);
	if (!body)
		return err;
	body->may_goto_depth++;
	if (prev)
		widen_scalars(prev, body, precise);
	env->next_idx = env->insn_idx + 1 + in->jmp_off;
	return 0;
}
