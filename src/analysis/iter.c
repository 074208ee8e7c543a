/* Open-coded iterators (bpf_iter_<type>_new / _next / _destroy kfuncs), as Linux 6.18 tracks
 * them (kernel/bpf/verifier.c: process_iter_arg, mark_stack_slots_iter, is_iter_reg_valid_*,
 * process_iter_next_call, widen_imprecise_scalars, and is_state_visited's rule at iter_next).
 *
 * An iterator lives in STACK_ITER slots of the frame its pointer points into; its first slot's
 * spilled register carries the reference acquired by _new (leaking it is "Unreleased
 * reference"), and the slot's struct stack_obj its state: ACTIVE after _new, DRAINED once a
 * _next returned NULL, and the number of _next calls that returned an element (depth).
 *
 * _next forks: the current path continues with NULL (DRAINED, depth unchanged) and a queued
 * path gets an element (ACTIVE, depth + 1), so the drained side is explored first. Each _next is
 * a forced checkpoint; a later visit of the same _next whose state is covered (state_leq, the
 * kernel's RANGE_WITHIN) by a checkpoint still being explored, with its iterator ACTIVE, ends
 * the path: the loop converged. Before queuing the element path, every scalar (registers and
 * spilled slots of every frame) that differs from the previous visit of this _next on the path
 * and that no explored path relied on is widened to unknown (widen.c, the kernel's
 * widen_imprecise_scalars()), so that a loop with a changing counter converges. */
#include <string.h>

#include "analysis/env.h"
#include "checks/checks.h"

/* stack_slot_obj_get_spi() for an iterator of @nr_slots slots at @r: the slot index, -ERANGE
 * when the slots lie beyond the frame's allocated stack, or a rejection / unknown. */
static int iter_get_spi(struct env *env, const struct reg *r, u32 nr_slots)
{
	const struct stack *st = &env->cur->frames[r->frameno].stack;
	s64 off;
	int spi;

	if (!tnum_is_const(r->var.var_off)) {
		env_log(env, "iter has to be at a constant offset");
		return -EINVAL;
	}
	off = (s64)r->off + (s64)r->var.var_off.value;
	if (off >= 0 || off < -STACK_SIZE)
		return env_unknown(env, "not modelled yet: iterator at fp%+lld", (long long)off);
	if (off % STACK_SLOT_SIZE) {
		env_log(env, "cannot pass in iter at an offset=%lld", (long long)off);
		return -EINVAL;
	}
	spi = stack_spi((int)off);
	if (spi + 1 < (int)nr_slots) {
		env_log(env, "cannot pass in iter at an offset=%lld", (long long)off);
		return -EINVAL;
	}
	if ((u32)(spi + 1) * STACK_SLOT_SIZE > st->depth)
		return -ERANGE;
	return spi;
}

static int reject_arg(struct env *env, const char *what, const char *type, u32 regno)
{
	return env_reject(env, "iter.arg", "expected %s iter_%s as arg #%u", what, type, regno - 1);
}

int iter_process_arg(struct env *env, u32 regno, const struct iter_arg *a, u32 *ref_obj_id)
{
	struct reg *r = &cur_regs(env)[regno];
	struct stack *st;
	int spi, err;
	u32 i, j, id;

	if (r->type != PTR_TO_STACK)
		return env_reject(env, "iter.arg", "arg#%u expected pointer to an iterator on stack",
				  regno - 1);
	spi = iter_get_spi(env, r, a->nr_slots);
	if (spi == -EOPNOTSUPP)
		return spi;
	st = &env->cur->frames[r->frameno].stack;
	if (a->op == ITER_OP_NEW) {
		/* is_iter_reg_valid_uninit(): beyond the allocated stack counts as uninitialised */
		if (spi == -EINVAL)
			return reject_arg(env, "uninitialized", a->type_name, regno);
		for (i = 0; spi >= 0 && i < a->nr_slots; i++)
			for (j = 0; j < STACK_SLOT_SIZE; j++)
				if (st->slot[spi - i].type[j] == STACK_ITER)
					return reject_arg(env, "uninitialized", a->type_name, regno);
		for (i = 0; i < a->nr_slots; i++) {
			err = check_mem_access(env, regno, (s32)(i * STACK_SLOT_SIZE), 8, ACC_WRITE, -1,
					       false, 0);
			if (err)
				return err;
		}
		r = &cur_regs(env)[regno];
		spi = iter_get_spi(env, r, a->nr_slots);
		if (spi < 0)
			return env_unknown(env, "not modelled yet: iterator slots after the write");
		/* mark_stack_slots_iter(): a new reference, the slots typed */
		id = ++env->id_gen;
		if (state_acquire_ref(env->cur, id, env->insn_idx, REF_PTR))
			return env_unknown(env, "limit: more than %d references", STATE_MAX_REFS);
		for (i = 0; i < a->nr_slots; i++) {
			struct stack_slot *sl = &st->slot[spi - i];

			sl->spilled = reg_ptr(PTR_TO_STACK, 0);
			sl->spilled.ref_obj_id = i == 0 ? id : 0;
			memset(sl->type, STACK_ITER, sizeof(sl->type));
			memset(&sl->obj, 0, sizeof(sl->obj));
			sl->obj.kind = a->kind;
			sl->obj.state = ITER_ACTIVE;
			sl->obj.first = i == 0;
		}
		return 0;
	}
	/* is_iter_reg_valid_init() */
	if (spi < 0)
		return reject_arg(env, "an initialized", a->type_name, regno);
	for (i = 0; i < a->nr_slots; i++) {
		const struct stack_slot *sl = &st->slot[spi - i];

		if ((i == 0) != !!sl->spilled.ref_obj_id || sl->obj.kind != a->kind)
			return reject_arg(env, "an initialized", a->type_name, regno);
		for (j = 0; j < STACK_SLOT_SIZE; j++)
			if (sl->type[j] != STACK_ITER)
				return reject_arg(env, "an initialized", a->type_name, regno);
	}
	*ref_obj_id = st->slot[spi].spilled.ref_obj_id;
	if (a->op != ITER_OP_DESTROY)
		return 0;
	/* unmark_stack_slots_iter(): the reference and every pointer derived from it go */
	if (refs_release(env, *ref_obj_id))
		return env_reject(env, "analysis.bug", "iterator reference %u not held", *ref_obj_id);
	for (i = 0; i < a->nr_slots; i++) {
		struct stack_slot *sl = &st->slot[spi - i];

		sl->spilled = reg_not_init();
		memset(sl->type, STACK_INVALID, sizeof(sl->type));
		memset(&sl->obj, 0, sizeof(sl->obj));
	}
	return 0;
}

/* The iterator @r points to in @st (a validated argument of _next), or NULL. */
static struct stack_slot *iter_at(struct state *st, const struct reg *r)
{
	s64 off;

	if (r->type != PTR_TO_STACK || !tnum_is_const(r->var.var_off) || r->frameno > st->curframe)
		return NULL;
	off = (s64)r->off + (s64)r->var.var_off.value;
	if (off >= 0 || off < -STACK_SIZE || off % STACK_SLOT_SIZE)
		return NULL;
	if (st->frames[r->frameno].stack.slot[stack_spi((int)off)].type[0] != STACK_ITER)
		return NULL;
	return &st->frames[r->frameno].stack.slot[stack_spi((int)off)];
}

int iter_next_call(struct env *env, const struct reg *arg)
{
	struct stack_slot *it = iter_at(env->cur, arg), *qit;
	struct state *q;
	struct reg *r0;
	int err;

	if (!it)
		return env_reject(env, "analysis.bug", "iterator of a next call not found");
	if (it->obj.state == ITER_ACTIVE) {
		q = env_push_branch(env, env->insn_idx + 1, &err);
		if (!q)
			return err;
		qit = iter_at(q, arg);
		if (!qit)
			return env_reject(env, "analysis.bug", "iterator of a next call not found");
		qit->obj.depth++;
		/* the checkpoint stored at this _next is this iteration's: the previous one is
		 * before it (find_prev_entry(cur_st->parent)) */
		env_widen_loop(env, q, env->insn_idx, true);
		r0 = &q->frames[q->curframe].regs[BPF_REG_0];
		r0->type &= ~REG_MAYBE_NULL;
	}
	it->obj.state = ITER_DRAINED;
	cur_regs(env)[BPF_REG_0] = reg_const(0);
	return 0;
}

bool iter_loop_covered(struct env *env, const struct state *old)
{
	const struct stack_slot *it;

	if (!state_leq(env->cur, old, env->allow_uninit_stack))
		return false;
	it = iter_at(env->cur, &cur_regs(env)[BPF_REG_1]);
	return it && it->obj.state == ITER_ACTIVE;
}
