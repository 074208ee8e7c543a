/* The decisions of the path being explored (see path.h): recorded as the engine goes, copied
 * into the result when the outcome is set.
 *
 * Only decisions are recorded. A conditional jump whose outcome the domains decide is not one
 * (every path through it goes the same way); a jump whose both sides were feasible is: the
 * engine queued one side (path_fork) and continued on the other (path_step sees split_at).
 * Calls and returns are recorded too, so that a path into a subprogram reads as one.
 *
 * Memory: at most one step per queued branch and per executed branch/call/exit, bounded by the
 * processed-instruction limit; PATH_MAX_NODES stops recording beyond that (the path of a
 * later rejection then lacks its last steps, which path_capture marks as not valid). */
#include <stdlib.h>
#include <string.h>

#include "analysis/env.h"
#include "vec.h"

#define PATH_MAX_NODES (1u << 22)

void path_begin(struct env *env, u32 entry)
{
	struct path *p = &env->path;

	p->cnt = 0;
	p->tip = PATH_NONE;
	p->entry = entry;
	p->split_at = PATH_NONE;
	p->active = true;
	p->full = false;
}

void path_end(struct env *env)
{
	env->path.active = false;
}

/* Appends a step after @parent; returns its index, or PATH_NONE when it cannot be stored. */
static u32 add(struct path *p, u32 parent, u32 insn, u32 target, u32 kind)
{
	struct path_node *n;

	if (p->full || p->cnt >= PATH_MAX_NODES || vec_grow(&p->nodes, &p->cap, p->cnt + 1)) {
		p->full = true;
		return parent;
	}
	n = &p->nodes[p->cnt];
	n->parent = parent;
	n->insn = insn;
	n->target = target;
	n->kind = (u8)kind;
	return p->cnt++;
}

u32 path_fork(struct env *env, u32 target)
{
	struct path *p = &env->path;

	p->split_at = env->insn_idx;
	return add(p, p->tip, env->insn_idx, target, STEP_BRANCH);
}

void path_resume(struct env *env, u32 tip)
{
	env->path.tip = tip;
	env->path.split_at = PATH_NONE;
}

void path_step(struct env *env)
{
	struct path *p = &env->path;
	u32 idx = env->insn_idx;
	int kind = -1;

	switch (env->dec[idx].kind) {
	case INSN_JMP_COND:
	case INSN_MAY_GOTO:
		if (p->split_at == idx)
			kind = STEP_BRANCH;
		break;
	case INSN_CALL_PSEUDO:
		kind = STEP_CALL;
		break;
	case INSN_EXIT:
		kind = STEP_RETURN;	/* an exit that continues returns to a caller */
		break;
	default:
		break;
	}
	p->split_at = PATH_NONE;
	if (kind >= 0)
		p->tip = add(p, p->tip, idx, env->next_idx, (u32)kind);
}

void path_capture(struct env *env)
{
	const struct path *p = &env->path;
	struct analysis_path *out = &env->res->path;
	u32 n = 0, i, t;

	memset(out, 0, sizeof(*out));
	env->res->state[0] = '\0';
	if (!p->active || !env->cur)
		return;
	for (t = p->tip; t != PATH_NONE; t = p->nodes[t].parent)
		n++;
	out->valid = !p->full;
	out->entry = p->entry;
	out->cnt = min_t(u32, n, ANALYSIS_PATH_MAX);
	out->omitted = n - out->cnt;
	/* walk back from the tip: the newest steps fill the array from its end */
	for (t = p->tip, i = n; t != PATH_NONE; t = p->nodes[t].parent) {
		i--;
		if (i < out->omitted)
			break;
		out->steps[i - out->omitted] = (struct analysis_step){
			.insn = p->nodes[t].insn,
			.target = p->nodes[t].target,
			.kind = p->nodes[t].kind,
		};
	}
	state_fmt(env->res->state, sizeof(env->res->state), env->cur, env->maps, env->map_cnt);
}

void path_release(struct env *env)
{
	free(env->path.nodes);
	env->path.nodes = NULL;
	env->path.cnt = env->path.cap = 0;
}
