/* Widening of imprecise scalars between the iterations of a loop, as the 6.18 kernel does it
 * (kernel/bpf/verifier.c: find_prev_entry, widen_imprecise_scalars, maybe_widen_reg,
 * scalars_exact_for_widen), for the three loops whose iterations the kernel explores one
 * after the other: may_goto (maygoto.c), an open-coded iterator's next (iter.c) and a
 * callback's return to its calling helper (callbacks.c).
 *
 * Before the next iteration is explored, its state is compared with the loop's previous entry
 * state, the most recent checkpoint at the same instruction on the current path with the same
 * call sites. A scalar, in a register or a spilled stack slot of any frame, whose value differs
 * there (type, offset and bounds; ids are ignored) becomes unknown, unless a path explored so
 * far relied on its value at that checkpoint (precision.c's marks; all of them when precision
 * gave up). The loop then converges in a few iterations instead of one per value of a counter.
 *
 * Our precision marks are a superset of the kernel's (more registers and slots relied on), and
 * the previous entry's state is stored with dead registers and slots cleaned (never widened:
 * nothing reads them), so we widen at most what the kernel widens: widening only forgets
 * values, and forgetting fewer of them can only take more iterations, never reject a program
 * the kernel accepts. */
#include <string.h>

#include "analysis/checkpoint.h"

/* The kernel's scalars_exact_for_widen(): equal up to the id (type, offset, value). */
static bool exact_for_widen(const struct reg *o, const struct reg *c)
{
	return o->type == c->type && o->off == c->off && !memcmp(&o->var, &c->var, sizeof(o->var));
}

/* The kernel's maybe_widen_reg(). */
static void maybe_widen_reg(const struct reg *o, struct reg *c, bool precise)
{
	if (o->type != SCALAR_VALUE || c->type != SCALAR_VALUE)
		return;
	if (precise || exact_for_widen(o, c))
		return;
	*c = reg_unknown();
}

static void widen_imprecise_scalars(const struct checkpoint *old, struct state *cur)
{
	const struct state *os = &old->st;
	int fr, i, nslots;

	for (fr = (int)os->curframe; fr >= 0; fr--) {
		const struct frame *fo = &os->frames[fr];
		struct frame *fc = &cur->frames[fr];

		for (i = 0; i < STATE_NREGS; i++)
			maybe_widen_reg(&fo->regs[i], &fc->regs[i],
					old->all_precise || (old->precise[fr] & (1u << i)));
		/* the slots both states allocated (6.18's bound on the slots compared) */
		nslots = (int)(min_t(u32, fo->stack.depth, fc->stack.depth) / STACK_SLOT_SIZE);
		for (i = 0; i < nslots && i < STACK_SLOTS; i++) {
			if (!stack_is_spill(&fo->stack, i) || !stack_is_spill(&fc->stack, i))
				continue;
			maybe_widen_reg(&fo->stack.slot[i].spilled, &fc->stack.slot[i].spilled,
					old->all_precise || (old->precise_slots[fr] & (1ull << i)));
		}
	}
}

void env_widen_loop(struct env *env, struct state *st, u32 idx, bool just_stored)
{
	const struct checkpoint *prev = env_loop_prev_entry(env, idx, just_stored);

	if (prev && prev->st.curframe == st->curframe)
		widen_imprecise_scalars(prev, st);
}
