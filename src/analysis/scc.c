/* Strongly connected components of the instruction graph, as the 6.18 kernel's compute_scc()
 * numbers them for its precision back edges (incomplete_read_marks, add_scc_backedge).
 *
 * The graph is intraprocedural: a call falls through to the next instruction, an exit has no
 * successor. An instruction gets a component id (nonzero) when its component has two or more
 * instructions or when it jumps to itself; every other instruction gets 0. A helper call that
 * calls a callback is no loop of its own here: later kernels count it as one, 6.18 does not
 * (its log shows no SCC for a bpf_loop program). Tarjan's algorithm, iterative, over the
 * decoded program. */
#include <stdlib.h>

#include "analysis/env.h"

/* The successors of insn @i: up to two, in @succ. */
static u32 successors(const struct env *env, u32 i, u32 succ[2])
{
	const struct insn *in = &env->dec[i];
	u32 n = 0, next = i + in->slots;
	s64 target = (s64)i + 1 + in->jmp_off;

	switch (in->kind) {
	case INSN_EXIT:
		return 0;
	case INSN_JA:
		if (target >= 0 && target < env->insn_cnt)
			succ[n++] = (u32)target;
		return n;
	case INSN_JMP_COND:
	case INSN_MAY_GOTO:
		if (next < env->insn_cnt)
			succ[n++] = next;
		if (target >= 0 && target < env->insn_cnt && (u32)target != next)
			succ[n++] = (u32)target;
		return n;
	default:
		if (next < env->insn_cnt)
			succ[n++] = next;
		return n;
	}
}

int scc_compute(struct env *env)
{
	u32 n = env->insn_cnt, i, idx = 1, sp = 0, csp = 0, next_id = 1;
	u32 *index = calloc(n, sizeof(*index)), *low = calloc(n, sizeof(*low));
	u32 *stack = calloc(n, sizeof(*stack)), *call = calloc(n, sizeof(*call));
	u8 *child = calloc(n, sizeof(*child)), *on = calloc(n, sizeof(*on));
	int err = 0;

	env->scc = calloc(n, sizeof(*env->scc));
	if (!index || !low || !stack || !call || !child || !on || !env->scc) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (index[i] || env->dec[i].kind == INSN_INVALID)
			continue;
		/* the iterative DFS: call[] holds the path, child[] the next successor to try */
		call[csp++] = i;
		index[i] = low[i] = idx++;
		stack[sp++] = i;
		on[i] = 1;
		while (csp) {
			u32 v = call[csp - 1], succ[2], cnt = successors(env, v, succ);

			if (child[v] < cnt) {
				u32 w = succ[child[v]++];

				if (!index[w]) {
					index[w] = low[w] = idx++;
					stack[sp++] = w;
					on[w] = 1;
					call[csp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			csp--;
			if (csp && low[v] < low[call[csp - 1]])
				low[call[csp - 1]] = low[v];
			if (low[v] != index[v])
				continue;
			{
				bool loop = stack[sp - 1] != v;
				u32 k;

				for (k = 0; k < cnt; k++)
					if (succ[k] == v)
						loop = true;
				do {
					u32 w = stack[--sp];

					on[w] = 0;
					env->scc[w] = loop ? next_id : 0;
				} while (stack[sp] != v);
				if (loop)
					next_id++;
			}
		}
	}
out:
	free(index);
	free(low);
	free(stack);
	free(call);
	free(child);
	free(on);
	return err;
}
