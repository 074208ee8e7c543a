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
 * Over-approximation: the kernel widens only imprecise scalars (those no safety decision has
 * depended on so far); we track no precision, so every scalar that changed is widened. That
 * loses information the kernel may keep (we may reject where it accepts), never the reverse.
 * The pruning and the forced checkpoint at may_goto live in engine.c. */
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

/* The kernel's widen_imprecise_scalars() over registers and slots spilled in both states. */
static void widen_scalars(const struct state *old, struct state *cur)
{
	u32 fr, i;

	if (old->curframe != cur->curframe)
		return;
	for (fr = 0; fr <= old->curframe; fr++) {
		const struct frame *fo = &old->frames[fr];
		struct frame *fc = &cur->frames[fr];

		for (i = 0; i < STATE_NREGS; i++)
			maybe_widen_reg(&fo->regs[i], &fc->regs[i]);
		for (i = 0; i < STACK_SLOTS; i++)
			if (stack_is_spill(&fo->stack, (int)i) && stack_is_spill(&fc->stack, (int)i))
				maybe_widen_reg(&fo->stack.slot[i].spilled, &fc->stack.slot[i].spilled);
	}
}

int check_may_goto(struct env *env, const struct insn *in)
{
	const struct state *prev = env_loop_prev_entry(env, env->insn_idx);
	struct state *body;
	int err;

	body = env_push_branch(env, env->insn_idx + 1, &err);
	if (!body)
		return err;
	body->may_goto_depth++;
	if (prev)
		widen_scalars(prev, body);
	env->next_idx = env->insn_idx + 1 + in->jmp_off;
	return 0;
}
