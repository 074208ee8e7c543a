/* The analyses of a built graph, per subprogram, over intraprocedural edges only (a call is the
 * CFG_EDGE_CALL_RETURN edge to the instruction after it):
 *  1. depth-first search from the entry: preorder, reverse postorder, reachability, and the
 *     retreating edges (to a block still on the DFS stack), flagged CFG_EDGE_F_BACK. Successors
 *     are taken in edge order, i.e. fall-through before jump target like the kernel's check_cfg;
 *  2. immediate dominators: Lengauer-Tarjan with path compression ("A fast algorithm for finding
 *     dominators in a flowgraph", 1979), O(E log V); the iterative Cooper-Harvey-Kennedy scheme
 *     is quadratic on long chains of diamonds, which 1M-instruction programs have;
 *  3. strongly connected components: Tarjan (1972), with an explicit call stack;
 *  4. loops and the weak topological order: Bourdoncle's hierarchical decomposition ("Efficient
 *     chaotic iteration strategies with widenings", 1993). A non-trivial SCC is a loop whose head
 *     is its first block in DFS preorder (for a natural loop, the header; every DFS back edge
 *     targets a head); removing the head and decomposing the rest again gives the nested loops.
 *     The WTO lists each component's head, then its SCCs in topological order. The cost is
 *     O(nesting depth x size); a budget turns pathological nesting into -E2BIG, never a hang.
 * Unreachable blocks get no DFS number, dominator, SCC or WTO position. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "vec.h"

#define LOOP_ITEM (1u << 31)	/* an item of a component is a nested loop, not a block */
#define DECOMPOSE_BUDGET (64u << 20)

struct comp_info {
	u32 nodes_off, nodes_cnt;	/* its blocks, ordered by preorder, in ana.nodes */
	u32 items_off, items_cnt;	/* its body in WTO order (head excluded), in ana.items */
};

struct ana {
	struct cfg *cfg;
	/* per block */
	u32 *pre, *order, *parent, *state;
	u32 *semi, *ancestor, *label, *bucket, *bucket_next;
	u32 *tag, *idx, *low, *onstk, *sccmark;
	/* stacks and scratch, block_cnt each */
	u32 *st_node, *st_pos, *tstack, *scc_buf, *scc_off, *scc_cnt;
	/* decomposition */
	u32 *nodes, nodes_cnt, nodes_cap;
	u32 *items, items_cnt, items_cap;
	struct comp_info *comps;	/* parallel to cfg->loops */
	u32 loops_cap, comps_cap;
	u32 stamp;
	u64 budget;
};

static bool intra(const struct cfg_edge *e)
{
	return !cfg_edge_is_interproc(e->kind);
}

static struct cfg_edge *succ_edge(struct cfg *cfg, u32 b, u32 i)
{
	return &cfg->edges[cfg->succ[cfg->blocks[b].succ_off + i]];
}

enum { S_NEW, S_ON_STACK, S_DONE };

/* 1. DFS from the entry of @sp; returns the number of reachable blocks. */
static u32 dfs(struct ana *a, struct cfg_subprog *sp)
{
	struct cfg *cfg = a->cfg;
	u32 sp_top = 0, n = 0, post = 0, b, *postorder = a->scc_buf;

	a->pre[sp->entry] = n;
	a->order[n++] = sp->entry;
	a->parent[sp->entry] = CFG_NONE;
	a->state[sp->entry] = S_ON_STACK;
	a->st_node[sp_top] = sp->entry;
	a->st_pos[sp_top++] = 0;
	while (sp_top) {
		u32 v = a->st_node[sp_top - 1], k = a->st_pos[sp_top - 1], w;
		struct cfg_edge *e;

		if (k == cfg->blocks[v].succ_cnt) {
			a->state[v] = S_DONE;
			postorder[post++] = v;
			sp_top--;
			continue;
		}
		a->st_pos[sp_top - 1]++;
		e = succ_edge(cfg, v, k);
		if (!intra(e))
			continue;
		w = e->dst;
		if (a->state[w] == S_NEW) {
			a->pre[w] = n;
			a->order[n++] = w;
			a->parent[w] = v;
			a->state[w] = S_ON_STACK;
			a->st_node[sp_top] = w;
			a->st_pos[sp_top++] = 0;
		} else if (a->state[w] == S_ON_STACK) {
			e->flags |= CFG_EDGE_F_BACK;
		}
	}
	for (b = 0; b < post; b++) {
		struct cfg_block *blk = &cfg->blocks[postorder[b]];

		blk->rpo = post - 1 - b;
		blk->flags |= CFG_BLOCK_REACHABLE;
	}
	return n;
}

/* Lengauer-Tarjan's EVAL with an explicit stack for COMPRESS. */
static u32 lt_eval(struct ana *a, u32 v)
{
	u32 top = 0, x = v;

	if (a->ancestor[v] == CFG_NONE)
		return v;
	while (a->ancestor[a->ancestor[x]] != CFG_NONE) {
		a->tstack[top++] = x;
		x = a->ancestor[x];
	}
	while (top) {
		u32 y = a->tstack[--top], anc = a->ancestor[y];

		if (a->semi[a->label[anc]] < a->semi[a->label[y]])
			a->label[y] = a->label[anc];
		a->ancestor[y] = a->ancestor[anc];
	}
	return a->label[v];
}

/* 2. Immediate dominators of the @n reachable blocks numbered by dfs(). */
static void dominators(struct ana *a, u32 n)
{
	struct cfg *cfg = a->cfg;
	u32 i, k;

	for (i = 0; i < n; i++) {
		u32 v = a->order[i];

		a->semi[v] = i;
		a->label[v] = v;
		a->ancestor[v] = CFG_NONE;
		a->bucket[v] = CFG_NONE;
		cfg->blocks[v].idom = CFG_NONE;
	}
	for (i = n; i-- > 1;) {
		u32 w = a->order[i], p = a->parent[w], v;

		for (k = 0; k < cfg->blocks[w].pred_cnt; k++) {
			const struct cfg_edge *e = cfg_pred(cfg, w, k);
			u32 u;

			if (!intra(e) || a->pre[e->src] == CFG_NONE)
				continue;
			u = lt_eval(a, e->src);
			if (a->semi[u] < a->semi[w])
				a->semi[w] = a->semi[u];
		}
		v = a->order[a->semi[w]];
		a->bucket_next[w] = a->bucket[v];
		a->bucket[v] = w;
		a->ancestor[w] = p;
		for (v = a->bucket[p]; v != CFG_NONE; v = a->bucket_next[v]) {
			u32 u = lt_eval(a, v);

			cfg->blocks[v].idom = a->semi[u] < a->semi[v] ? u : p;
		}
		a->bucket[p] = CFG_NONE;
	}
	for (i = 1; i < n; i++) {
		u32 w = a->order[i];

		if (cfg->blocks[w].idom != a->order[a->semi[w]])
			cfg->blocks[w].idom = cfg->blocks[cfg->blocks[w].idom].idom;
	}
	cfg->blocks[a->order[0]].idom = CFG_NONE;
}

static int cmp_pre_ctx_sort(const void *x, const void *y, void *ctx)
{
	const u32 *pre = ctx;
	u32 p = pre[*(const u32 *)x], q = pre[*(const u32 *)y];

	return p < q ? -1 : p > q;
}

/* 3. Tarjan over the blocks @roots[0..cnt) with tag @tag, block @skip left out. The SCCs land
 * in scc_buf, SCC i at scc_off[i] (scc_cnt[i] blocks, sorted by preorder), in topological
 * order. Returns the number of SCCs. */
static u32 tarjan(struct ana *a, const u32 *roots, u32 cnt, u32 tag, u32 skip)
{
	struct cfg *cfg = a->cfg;
	u32 r, counter = 0, csp, ssp = 0, nscc = 0, used = 0, i;

	for (r = 0; r < cnt; r++)
		a->idx[roots[r]] = CFG_NONE;
	for (r = 0; r < cnt; r++) {
		u32 root = roots[r];

		if (root == skip || a->idx[root] != CFG_NONE)
			continue;
		csp = 0;
		a->idx[root] = a->low[root] = counter++;
		a->tstack[ssp++] = root;
		a->onstk[root] = 1;
		a->st_node[csp] = root;
		a->st_pos[csp++] = 0;
		while (csp) {
			u32 v = a->st_node[csp - 1], k = a->st_pos[csp - 1], w;
			const struct cfg_edge *e;

			a->budget++;
			if (k < cfg->blocks[v].succ_cnt) {
				a->st_pos[csp - 1]++;
				e = succ_edge(cfg, v, k);
				w = e->dst;
				if (!intra(e) || a->tag[w] != tag || w == skip)
					continue;
				if (a->idx[w] == CFG_NONE) {
					a->idx[w] = a->low[w] = counter++;
					a->tstack[ssp++] = w;
					a->onstk[w] = 1;
					a->st_node[csp] = w;
					a->st_pos[csp++] = 0;
				} else if (a->onstk[w] && a->idx[w] < a->low[v]) {
					a->low[v] = a->idx[w];
				}
				continue;
			}
			csp--;
			if (csp && a->low[v] < a->low[a->st_node[csp - 1]])
				a->low[a->st_node[csp - 1]] = a->low[v];
			if (a->low[v] != a->idx[v])
				continue;
			a->scc_off[nscc] = used;
			do {
				w = a->tstack[--ssp];
				a->onstk[w] = 0;
				a->scc_buf[used++] = w;
			} while (w != v);
			a->scc_cnt[nscc] = used - a->scc_off[nscc];
			qsort_r(a->scc_buf + a->scc_off[nscc], a->scc_cnt[nscc], sizeof(u32),
				cmp_pre_ctx_sort, a->pre);
			nscc++;
		}
	}
	/* Tarjan completes sinks first: reverse for a topological order */
	for (i = 0; i < nscc / 2; i++) {
		u32 o = a->scc_off[i], c = a->scc_cnt[i];

		a->scc_off[i] = a->scc_off[nscc - 1 - i];
		a->scc_cnt[i] = a->scc_cnt[nscc - 1 - i];
		a->scc_off[nscc - 1 - i] = o;
		a->scc_cnt[nscc - 1 - i] = c;
	}
	return nscc;
}

static bool has_self_edge(struct cfg *cfg, u32 v)
{
	u32 k;

	for (k = 0; k < cfg->blocks[v].succ_cnt; k++) {
		const struct cfg_edge *e = cfg_succ(cfg, v, k);

		if (intra(e) && e->dst == v)
			return true;
	}
	return false;
}

/* Records loop facts of the SCC @nodes[0..cnt) (head @nodes[0]) as loop @l. */
static void loop_facts(struct ana *a, u32 l, const u32 *nodes, u32 cnt)
{
	struct cfg *cfg = a->cfg;
	struct cfg_loop *lp = &cfg->loops[l];
	u32 i, k, mark = ++a->stamp;

	for (i = 0; i < cnt; i++)
		a->sccmark[nodes[i]] = mark;
	lp->reducible = true;
	lp->has_exit = false;
	for (i = 0; i < cnt; i++) {
		u32 v = nodes[i];

		cfg->blocks[v].loop = l;
		for (k = 0; k < cfg->blocks[v].succ_cnt; k++) {
			const struct cfg_edge *e = cfg_succ(cfg, v, k);

			if (intra(e) && a->sccmark[e->dst] != mark)
				lp->has_exit = true;
		}
		if (i == 0)
			continue;
		for (k = 0; k < cfg->blocks[v].pred_cnt; k++) {
			const struct cfg_edge *e = cfg_pred(cfg, v, k);

			if (intra(e) && a->pre[e->src] != CFG_NONE && a->sccmark[e->src] != mark)
				lp->reducible = false;
		}
	}
}

/* Turns the SCCs of the last tarjan() run into items of the current component, creating a loop
 * (to decompose later) for each non-trivial one. */
static int collect_items(struct ana *a, u32 nscc, u32 parent, u32 depth, u32 sub,
			 u32 *items_off, u32 *items_cnt)
{
	struct cfg *cfg = a->cfg;
	u32 i, k;

	*items_off = a->items_cnt;
	for (i = 0; i < nscc; i++) {
		const u32 *scc = a->scc_buf + a->scc_off[i];
		u32 cnt = a->scc_cnt[i], l;
		struct cfg_loop *lp;

		if (vec_grow(&a->items, &a->items_cap, a->items_cnt + 1))
			return -ENOMEM;
		if (cnt == 1 && !has_self_edge(cfg, scc[0])) {
			a->items[a->items_cnt++] = scc[0];
			continue;
		}
		if (vec_grow(&cfg->loops, &a->loops_cap, cfg->loop_cnt + 1) ||
		    vec_grow(&a->comps, &a->comps_cap, cfg->loop_cnt + 1) ||
		    vec_grow(&a->nodes, &a->nodes_cap, a->nodes_cnt + cnt))
			return -ENOMEM;
		l = cfg->loop_cnt++;
		lp = &cfg->loops[l];
		lp->head = scc[0];
		lp->parent = parent;
		lp->depth = depth;
		lp->subprog = sub;
		lp->block_cnt = cnt;
		cfg->blocks[scc[0]].flags |= CFG_BLOCK_LOOP_HEAD;
		a->comps[l].nodes_off = a->nodes_cnt;
		a->comps[l].nodes_cnt = cnt;
		for (k = 0; k < cnt; k++)
			a->nodes[a->nodes_cnt++] = scc[k];
		loop_facts(a, l, scc, cnt);
		a->items[a->items_cnt++] = LOOP_ITEM | l;
	}
	*items_cnt = a->items_cnt - *items_off;
	return 0;
}

/* 4. The loop forest and WTO of one subprogram whose @n reachable blocks are in a->order. */
static int decompose(struct ana *a, u32 sub, u32 n)
{
	struct cfg *cfg = a->cfg;
	u32 first_loop = cfg->loop_cnt, l, i, nscc, top_off, top_cnt, tag = ++a->stamp;
	int err;

	for (i = 0; i < n; i++)
		a->tag[a->order[i]] = tag;
	nscc = tarjan(a, a->order, n, tag, CFG_NONE);
	for (i = 0; i < nscc; i++) {
		u32 k, id = cfg->scc_cnt++;

		for (k = 0; k < a->scc_cnt[i]; k++)
			cfg->blocks[a->scc_buf[a->scc_off[i] + k]].scc = id;
	}
	err = collect_items(a, nscc, CFG_NONE, 1, sub, &top_off, &top_cnt);
	/* breadth first: a loop's children are created after it, so loops[] lists outer first */
	for (l = first_loop; !err && l < cfg->loop_cnt; l++) {
		struct comp_info c = a->comps[l];
		u32 head = cfg->loops[l].head, ioff, icnt;

		if (a->budget > DECOMPOSE_BUDGET)
			return -E2BIG;
		tag = ++a->stamp;
		for (i = 0; i < c.nodes_cnt; i++)
			a->tag[a->nodes[c.nodes_off + i]] = tag;
		nscc = tarjan(a, a->nodes + c.nodes_off, c.nodes_cnt, tag, head);
		/* collect_items() may move a->comps: store through locals */
		err = collect_items(a, nscc, l, cfg->loops[l].depth + 1, sub, &ioff, &icnt);
		a->comps[l].items_off = ioff;
		a->comps[l].items_cnt = icnt;
	}
	if (err)
		return err;

	/* emit the WTO: an explicit stack of (component, next item); component CFG_NONE is the
	 * subprogram's top level */
	{
		struct cfg_subprog *sp = &cfg->subprogs[sub];
		u32 depth = 0, *comp = a->st_node, *next = a->st_pos, pos = cfg->wto_cnt;

		sp->wto_start = pos;
		comp[depth] = CFG_NONE;
		next[depth++] = 0;
		while (depth) {
			u32 c = comp[depth - 1], k = next[depth - 1];
			u32 off = c == CFG_NONE ? top_off : a->comps[c].items_off;
			u32 cnt = c == CFG_NONE ? top_cnt : a->comps[c].items_cnt;
			u32 item, b;

			if (k == cnt) {
				if (c != CFG_NONE)
					cfg->blocks[cfg->loops[c].head].wto_end = pos;
				depth--;
				continue;
			}
			next[depth - 1]++;
			item = a->items[off + k];
			b = item & LOOP_ITEM ? cfg->loops[item & ~LOOP_ITEM].head : item;
			cfg->blocks[b].wto = pos;
			cfg->wto[pos++] = b;
			cfg->blocks[b].wto_end = pos;
			if (item & LOOP_ITEM) {
				comp[depth] = item & ~LOOP_ITEM;
				next[depth++] = 0;
			}
		}
		sp->wto_cnt = pos - sp->wto_start;
		cfg->wto_cnt = pos;
	}
	return 0;
}

static void ana_free(struct ana *a)
{
	u32 **arrays[] = { &a->pre, &a->order, &a->parent, &a->state, &a->semi, &a->ancestor,
			   &a->label, &a->bucket, &a->bucket_next, &a->tag, &a->idx, &a->low,
			   &a->onstk, &a->sccmark, &a->st_node, &a->st_pos, &a->tstack, &a->scc_buf,
			   &a->scc_off, &a->scc_cnt, &a->nodes, &a->items };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arrays); i++) {
		free(*arrays[i]);
		*arrays[i] = NULL;
	}
	free(a->comps);
}

int cfg_analyze(struct cfg *cfg)
{
	u32 **arrays[20];
	struct ana a = { .cfg = cfg };
	u32 n = cfg->block_cnt, b, s;
	size_t i, k = 0;
	int err = 0;

	arrays[k++] = &a.pre;
	arrays[k++] = &a.order;
	arrays[k++] = &a.parent;
	arrays[k++] = &a.state;
	arrays[k++] = &a.semi;
	arrays[k++] = &a.ancestor;
	arrays[k++] = &a.label;
	arrays[k++] = &a.bucket;
	arrays[k++] = &a.bucket_next;
	arrays[k++] = &a.tag;
	arrays[k++] = &a.idx;
	arrays[k++] = &a.low;
	arrays[k++] = &a.onstk;
	arrays[k++] = &a.sccmark;
	arrays[k++] = &a.st_node;
	arrays[k++] = &a.st_pos;
	arrays[k++] = &a.tstack;
	arrays[k++] = &a.scc_buf;
	arrays[k++] = &a.scc_off;
	arrays[k++] = &a.scc_cnt;
	for (i = 0; i < k; i++) {
		*arrays[i] = xcalloc(n, sizeof(u32));
		if (!*arrays[i]) {
			err = -ENOMEM;
			goto out;
		}
	}
	cfg->wto = xcalloc(n, sizeof(u32));
	if (!cfg->wto) {
		err = -ENOMEM;
		goto out;
	}
	for (b = 0; b < n; b++) {
		struct cfg_block *blk = &cfg->blocks[b];

		a.pre[b] = CFG_NONE;
		a.state[b] = S_NEW;
		blk->idom = blk->rpo = blk->scc = blk->loop = blk->wto = blk->wto_end = CFG_NONE;
	}
	for (s = 0; s < cfg->subprog_cnt && !err; s++) {
		u32 reach = dfs(&a, &cfg->subprogs[s]);

		dominators(&a, reach);
		err = decompose(&a, s, reach);
	}
out:
	ana_free(&a);
	return err;
}
