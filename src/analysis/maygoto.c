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
 * As the kernel, only scalars no explored path has relied on so far are widened, registers
 * and spilled stack slots of every frame (widen.c, with precision.c's marks). The pruning and
 * the forced checkpoint at may_goto live in engine.c. */

#include "analysis/env.h"

int check_may_goto(struct env *env, const struct insn *in)
{
	struct state *body;
	int err;

	body = env_push_branch(env, env->insn_idx + 1, &err);
	if (!body)
		return err;
	body->may_goto_depth++;
	env_widen_loop(env, body, env->insn_idx, true);
	env->next_idx = env->insn_idx + 1 + in->jmp_off;
	return 0;
}
