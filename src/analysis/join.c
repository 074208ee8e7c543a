/* The join engine (`bpfverify check --mode join`): a worklist abstract interpreter over the
 * control-flow graph, a faster and coarser companion of the path engine (engine.c).
 *
 * One abstract state is kept per join point and calling context instead of one per path: the
 * join points are the heads of the cfg's basic blocks and the calls of callback-calling helpers
 * (where a callback's exit comes back); the context is the chain of call sites of the frames,
 * so a bpf-to-bpf call is analysed in line, once per call chain (at most 8 frames deep, as the
 * kernel's limit). A block is run with the same transfer functions and checks as the path
 * engine (transfer_insn on env->cur); both outcomes of a conditional jump (queued by
 * env_push_branch as in the path engine) and the state at the block's end flow into the states
 * of the successor heads: joined there (state_join), and from the second visit of a loop head
 * on, widened (state_widen: to the constants the loop compares with first, then to the
 * extremes), so that the iteration ends. A short block ending in an exit is not a join point:
 * each state runs it on its own (a pointer-or-NULL return value stays usable). A head is run
 * again whenever its state grew; the analysis ends when no state grows any more (a fixpoint),
 * the heads taken in weak topological order (inner loops settle first). One more run of every
 * block on its final state then reads invariants at equality tests (for counted loops below).
 *
 * Soundness: a joined state covers both of its inputs, and a register that is a pointer on one
 * side and something else on the other is unusable (NOT_INIT) after the join, so every path
 * the kernel explores is covered by the states analysed here, and a violation on any of them is
 * found. The converse does not hold: a join loses what a path knew (which side of a branch
 * gave which value), so a program the kernel accepts may be rejected here; a rejection says it
 * came from join mode. Termination is not proven by joins: the kernel bounds every loop by its
 * exploration (its "infinite loop detected" and 1M-instruction limit), so a loop analysed here
 * must pass a may_goto on every iteration or be a counted loop (check_termination), else the
 * answer is unknown. A loop that ends but runs longer than the kernel's budget (the kernel's
 * "BPF program is too large" or "The sequence of N jumps is too complex") passes here.
 *
 * Unknown in join mode: loops neither bounded by a may_goto nor counted, states that cannot be
 * joined (other acquired references or held lock on two paths into one point), and more than
 * JOIN_STEP_LIMIT block runs. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/env.h"
#include "cfg/cfg.h"
#include "vec.h"

#define WIDEN_DELAY 2			/* joins at a loop head before widening */
#define JOIN_STEP_LIMIT 200000		/* block runs before answering unknown */
#define NODE_NONE UINT32_MAX
#define TH_MAX 64			/* widening thresholds per loop */

/* What happens to the states flowing into an instruction. */
enum head_kind {
	HEAD_NONE,		/* inside a block: the state goes on */
	HEAD_JOIN,		/* a block head: joined with the state there */
	HEAD_WIDEN,		/* a loop head: joined, widened after WIDEN_DELAY joins */
	HEAD_TAIL,		/* a short block ending in an exit: each state runs it on its own
				 * (no cycle goes through it; R0 a pointer on one path and a scalar on
				 * the other may still be returned where the program type allows) */
};

#define TAIL_MAX 16			/* insns of a tail block run per state */

/* The calling context of a state: its frames' call sites and subprograms. */
struct jctx {
	u32 depth;
	u32 cs[STATE_MAX_FRAMES];
	u32 sub[STATE_MAX_FRAMES];
};

/* The state at one join point in one context. */
struct jnode {
	u32 insn;
	u32 ctx;
	u32 next;		/* next node at the same insn */
	u32 joins;		/* states that flowed in */
	bool queued;
	struct state *st;	/* allocated to state_size() */
};

struct jengine {
	struct env *env;
	struct cfg *cfg;
	u8 *head;		/* per slot: enum head_kind */
	u32 *prio;		/* per slot: position of its block in the weak topological order */
	u32 *first;		/* per slot: its first node */
	struct jnode *nodes;
	u32 node_cnt, node_cap;
	struct jctx *ctxs;
	u32 ctx_cnt, ctx_cap;
	u32 *heap;		/* queued nodes, by (prio, insn, node) */
	u32 heap_cnt, heap_cap;
	struct state *tmp;	/* full size */
	bool checking;		/* the pass over the fixpoint: flows are dropped */
	u64 *test_max, *test_min;	/* per slot: bounds of an "if x == K" operand at the
					 * fixpoint (unsigned, of the compared width) */
	u32 steps;
};

/* ---- Work list: a binary heap in weak topological order ---- */

static bool node_before(const struct jengine *e, u32 a, u32 b)
{
	const struct jnode *na = &e->nodes[a], *nb = &e->nodes[b];

	if (e->prio[na->insn] != e->prio[nb->insn])
		return e->prio[na->insn] < e->prio[nb->insn];
	if (na->insn != nb->insn)
		return na->insn < nb->insn;
	return a < b;
}

static int heap_push(struct jengine *e, u32 n)
{
	u32 i, p, t;

	if (e->nodes[n].queued)
		return 0;
	if (vec_grow(&e->heap, &e->heap_cap, e->heap_cnt + 1))
		return -ENOMEM;
	e->nodes[n].queued = true;
	i = e->heap_cnt++;
	e->heap[i] = n;
	while (i && node_before(e, e->heap[i], e->heap[p = (i - 1) / 2])) {
		t = e->heap[p];
		e->heap[p] = e->heap[i];
		e->heap[i] = t;
		i = p;
	}
	return 0;
}

static u32 heap_pop(struct jengine *e)
{
	u32 top = e->heap[0], i = 0, t;

	e->heap[0] = e->heap[--e->heap_cnt];
	for (;;) {
		u32 l = 2 * i + 1, r = l + 1, m = i;

		if (l < e->heap_cnt && node_before(e, e->heap[l], e->heap[m]))
			m = l;
		if (r < e->heap_cnt && node_before(e, e->heap[r], e->heap[m]))
			m = r;
		if (m == i)
			break;
		t = e->heap[m];
		e->heap[m] = e->heap[i];
		e->heap[i] = t;
		i = m;
	}
	e->nodes[top].queued = false;
	return top;
}

/* ---- States at join points ---- */

static int ctx_of(struct jengine *e, const struct state *st, u32 *out)
{
	struct jctx c;
	u32 i;

	memset(&c, 0, sizeof(c));
	c.depth = st->curframe;
	for (i = 0; i <= st->curframe; i++) {
		c.cs[i] = st->frames[i].callsite;
		c.sub[i] = st->frames[i].subprog;
	}
	for (i = 0; i < e->ctx_cnt; i++) {
		if (!memcmp(&e->ctxs[i], &c, sizeof(c))) {
			*out = i;
			return 0;
		}
	}
	if (vec_grow(&e->ctxs, &e->ctx_cap, e->ctx_cnt + 1))
		return -ENOMEM;
	e->ctxs[e->ctx_cnt] = c;
	*out = e->ctx_cnt++;
	return 0;
}

/* What only the path engine uses (loop-check and unrolling counters) is dropped, and so are the
 * registers dead at @idx (liveness.c: the instruction for the current frame, the call site for
 * its callers): a dead register that is a pointer on one path and a scalar on the other must
 * not spoil the join. */
static void normalize(const struct env *env, struct state *st, u32 idx)
{
	u32 fr, i;

	st->may_goto_depth = 0;
	st->callback_unroll_depth = 0;
	for (fr = 0; fr <= st->curframe; fr++) {
		struct frame *f = &st->frames[fr];
		u32 ip = fr == st->curframe ? idx : st->frames[fr + 1].callsite;
		u16 live = ip < env->insn_cnt ? env->live_regs[ip] : 0xffff;

		f->callback_depth = 0;
		for (i = 0; i < BPF_REG_10; i++)
			if (!(live & (1u << i)))
				f->regs[i] = reg_not_init();
	}
}

static bool block_in_loop(const struct cfg *cfg, u32 b, u32 l);

/* The widening thresholds of the loop headed at @idx into @th[TH_MAX]: the constants K - 1, K,
 * K + 1 of every "if x op K" of the loop (K also as 32 bits for a 32-bit test). Returns how
 * many. */
static u32 loop_thresholds(const struct jengine *e, u32 idx, s64 *th)
{
	const struct cfg *cfg = e->cfg;
	u32 hb = cfg_block_of(cfg, idx), l, b, n = 0;

	if (hb == CFG_NONE || cfg->blocks[hb].start != idx || cfg->blocks[hb].loop == CFG_NONE ||
	    cfg->loops[cfg->blocks[hb].loop].head != hb)
		return 0;	/* a callback's call: no thresholds */
	l = cfg->blocks[hb].loop;
	for (b = 0; b < cfg->block_cnt && n + 6 <= TH_MAX; b++) {
		const struct cfg_block *bl = &cfg->blocks[b];
		const struct insn *in;
		s64 k;

		if (bl->last == CFG_NONE || bl->last >= e->env->insn_cnt || !block_in_loop(cfg, b, l))
			continue;
		in = &e->env->dec[bl->last];
		if (in->kind != INSN_JMP_COND || in->src_is_reg)
			continue;
		k = in->imm;
		th[n++] = k - 1;
		th[n++] = k;
		th[n++] = k + 1;
		if (in->width == 32) {
			k = (u32)in->imm;
			th[n++] = k - 1;
			th[n++] = k;
			th[n++] = k + 1;
		}
	}
	return n;
}

/* State @st reaches join point @idx: joined into the state there, which is queued again when
 * it grew. 0, or an error (unknown when the two cannot be joined). */
static int flow(struct jengine *e, struct state *st, u32 idx)
{
	struct env *env = e->env;
	struct jnode *n;
	u32 ctx, ni;
	const char *why;
	int ret;

	if (e->checking)
		return 0;	/* the states are final: nothing flows any more */
	normalize(env, st, idx);
	ret = ctx_of(e, st, &ctx);
	if (ret)
		return ret;
	for (ni = e->head[idx] == HEAD_TAIL ? NODE_NONE : e->first[idx]; ni != NODE_NONE;
	     ni = e->nodes[ni].next)
		if (e->nodes[ni].ctx == ctx)
			break;
	if (ni == NODE_NONE) {
		if (vec_grow(&e->nodes, &e->node_cap, e->node_cnt + 1))
			return -ENOMEM;
		ni = e->node_cnt++;
		n = &e->nodes[ni];
		memset(n, 0, sizeof(*n));
		n->insn = idx;
		n->ctx = ctx;
		n->next = e->first[idx];
		n->joins = 1;
		n->st = malloc(state_size(st));
		if (!n->st)
			return -ENOMEM;
		state_copy(n->st, st);
		if (e->head[idx] != HEAD_TAIL)
			e->first[idx] = ni;
		else
			n->next = NODE_NONE;
		env->total_states++;
		return heap_push(e, ni);
	}
	n = &e->nodes[ni];
	why = state_join(e->tmp, n->st, st, &env->id_gen);
	if (why) {
		env->insn_idx = idx;
		return env_unknown(env, "join mode: cannot join the states at insn %u: %s", idx, why);
	}
	if (e->head[idx] == HEAD_WIDEN && n->joins >= WIDEN_DELAY) {
		s64 th[TH_MAX];

		state_widen(e->tmp, n->st, th, loop_thresholds(e, idx, th));
	}
	n->joins++;
	if (!memcmp(e->tmp, n->st, state_size(n->st)))
		return 0;
	state_copy(n->st, e->tmp);
	return heap_push(e, ni);
}

/* The states queued by env_push_branch() during one instruction (the taken side of a jump, a
 * may_goto's fall-through, a callback's body) go to their join points. */
static int drain_branches(struct jengine *e)
{
	struct env *env = e->env;
	int ret = 0;

	struct state *st;
	u32 idx;

	while (env_pop_pending(env, &st, &idx)) {
		if (!ret)
			ret = flow(e, st, idx);
		free(st);
	}
	return ret;
}

static int check_limits(struct jengine *e)
{
	struct env *env = e->env;
	u32 limit = env->opts.time_limit_ms ? env->opts.time_limit_ms : 1000;
	struct timespec now;
	s64 ms;

	if (++e->steps > JOIN_STEP_LIMIT)
		return env_unknown(env, "limit: join mode did not reach a fixpoint in %u block runs",
				   JOIN_STEP_LIMIT);
	if (env->opts.time_limit_ms == ~0u || e->steps % 256)
		return 0;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	ms = (s64)(now.tv_sec - env->start.tv_sec) * 1000 +
	     (now.tv_nsec - env->start.tv_nsec) / 1000000;
	if (ms <= (s64)limit)
		return 0;
	return env_unknown(env, "limit: analysis time over %u ms after %u processed insns", limit,
			   env->insn_processed);
}

/* The pass over the fixpoint: the bounds of the register an equality test against a constant
 * looks at (for counted loops written "while (x != K)"). */
static void note_test(struct jengine *e)
{
	const struct insn *in = &e->env->dec[e->env->insn_idx];
	const struct reg *r;
	u64 lo, hi;

	if (in->kind != INSN_JMP_COND || in->src_is_reg || in->dst >= BPF_REG_10 ||
	    (in->op != BPF_JEQ && in->op != BPF_JNE))
		return;
	r = &cur_regs(e->env)[in->dst];
	if (r->type != SCALAR_VALUE) {
		lo = 0;
		hi = ~0ull;
	} else if (in->width == 32) {
		lo = r->var.u32_min;
		hi = r->var.u32_max;
	} else {
		lo = r->var.umin;
		hi = r->var.umax;
	}
	e->test_min[e->env->insn_idx] = min_t(u64, e->test_min[e->env->insn_idx], lo);
	e->test_max[e->env->insn_idx] = max_t(u64, e->test_max[e->env->insn_idx], hi);
}

/* Runs node @ni's block (up to the next join point, or the end of the path). */
static int run_node(struct jengine *e, u32 ni)
{
	struct env *env = e->env;
	int ret;

	ret = check_limits(e);
	if (ret)
		return ret;
	state_copy(env->cur, e->nodes[ni].st);
	env->insn_idx = e->nodes[ni].insn;
	env->prev_insn_idx = env->insn_idx;
	for (;;) {
		if (e->checking)
			note_test(e);
		else
			env->insn_processed++;
		env->next_idx = env->insn_idx + env->dec[env->insn_idx].slots;
		ret = transfer_insn(env);
		if (ret < 0)
			return ret;
		ret = drain_branches(e) ?: ret;
		if (ret)
			return ret < 0 ? ret : 0;	/* 1: the main program's exit */
		env->prev_insn_idx = env->insn_idx;
		env->insn_idx = env->next_idx;
		if (env->insn_idx >= env->insn_cnt)
			return env_reject(env, "analysis.bug", "invalid insn idx %u insn_cnt %u",
					  env->insn_idx, env->insn_cnt);
		if (e->head[env->insn_idx])
			return flow(e, env->cur, env->insn_idx);
	}
}

static void free_nodes(struct jengine *e)
{
	u32 i;

	for (i = 0; i < e->node_cnt; i++)
		free(e->nodes[i].st);
	e->node_cnt = 0;
	e->heap_cnt = 0;
	for (i = 0; e->first && i < e->env->insn_cnt; i++)
		e->first[i] = NODE_NONE;
}

static bool block_in_loop(const struct cfg *cfg, u32 b, u32 l)
{
	u32 x;

	for (x = cfg->blocks[b].loop; x != CFG_NONE; x = cfg->loops[x].parent)
		if (x == l)
			return true;
	return false;
}

static bool dominates(const struct cfg *cfg, u32 d, u32 b)
{
	u32 steps = 0;

	for (; b != CFG_NONE && steps <= cfg->block_cnt; b = cfg->blocks[b].idom, steps++)
		if (b == d)
			return true;
	return false;
}

/* Whether every iteration of loop @l passes one may_goto (whose budget bounds the loop): a
 * may_goto block of the loop dominating every block that jumps back to the head. */
static bool loop_bounded(const struct jengine *e, u32 l)
{
	const struct cfg *cfg = e->cfg;
	const struct cfg_loop *lp = &cfg->loops[l];
	const struct cfg_block *h = &cfg->blocks[lp->head];
	u32 b, i;

	if (!lp->reducible)
		return false;
	for (b = 0; b < cfg->block_cnt; b++) {
		const struct cfg_block *bl = &cfg->blocks[b];
		bool all = true;

		if (bl->last == CFG_NONE || bl->last >= e->env->insn_cnt ||
		    e->env->dec[bl->last].kind != INSN_MAY_GOTO || !block_in_loop(cfg, b, l))
			continue;
		for (i = 0; i < h->pred_cnt && all; i++) {
			u32 src = cfg_pred(cfg, lp->head, i)->src;

			if (block_in_loop(cfg, src, l) && !dominates(cfg, b, src))
				all = false;
		}
		if (all)
			return true;
	}
	return false;
}

/* ---- Counted loops ----
 *
 * A loop ends when one register x, tested once per iteration against a constant K by a jump
 * that leaves the loop, moves strictly towards K: every instruction of the loop that may write
 * x adds a constant to it (none inside a nested loop), one of them runs on every iteration, and
 * no value can wrap around on the way (the bounds below keep x within 31 bits while the loop
 * goes on, for 64- and 32-bit operations alike). Counting up: "x < K", "x <= K" (unsigned:
 * 0 <= K, or signed) with K <= 2^30 and steps adding at most 2^30 in all. Counting down by one
 * step of -1: "x > K", "x >= K" unsigned with K >= 0 (>= 1 for >=), or signed with
 * K >= -2^30. A signed 64-bit test wants 64-bit steps (a 32-bit one may raise a negative x). */

#define COUNT_MAX (1 << 30)

/* The registers @raw may write (conservative: calls and legacy packet loads clobber R0-R5,
 * atomics their source and R0). */
static u16 insn_defs(const struct bpf_insn *raw)
{
	switch (BPF_CLASS(raw->code)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LDX:
		return (u16)(1u << (raw->dst_reg & 15));
	case BPF_LD:
		return BPF_MODE(raw->code) == BPF_IMM ? (u16)(1u << (raw->dst_reg & 15)) : 0x3f;
	case BPF_STX:
		return BPF_MODE(raw->code) == BPF_ATOMIC ? (u16)(1u << (raw->src_reg & 15) | 1u) : 0;
	case BPF_JMP:
	case BPF_JMP32:
		return BPF_OP(raw->code) == BPF_CALL ? 0x3f : 0;
	}
	return 0;
}

/* The constant @raw adds to its destination (x += K, x -= K), in *@step; false otherwise. */
static bool insn_step(const struct bpf_insn *raw, s64 *step, bool *alu64)
{
	u8 cls = BPF_CLASS(raw->code);

	if ((cls != BPF_ALU && cls != BPF_ALU64) || BPF_SRC(raw->code) != BPF_K)
		return false;
	*alu64 = cls == BPF_ALU64;
	if (BPF_OP(raw->code) == BPF_ADD)
		*step = raw->imm;
	else if (BPF_OP(raw->code) == BPF_SUB)
		*step = -(s64)raw->imm;
	else
		return false;
	return true;
}

static u8 jmp_negate(u8 op)
{
	switch (op) {
	case BPF_JLT: return BPF_JGE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGT: return BPF_JLE;
	case BPF_JGE: return BPF_JLT;
	case BPF_JSLT: return BPF_JSGE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JEQ: return BPF_JNE;
	}
	return 0;	/* not an order: never a counted loop's test */
}

/* Whether block @b of loop @l runs on every iteration: it dominates every block jumping back to
 * the head, and is in no nested loop. */
static bool every_iteration(const struct cfg *cfg, u32 l, u32 b)
{
	const struct cfg_loop *lp = &cfg->loops[l];
	u32 i;

	if (cfg->blocks[b].loop != l)
		return false;
	for (i = 0; i < cfg->blocks[lp->head].pred_cnt; i++) {
		u32 src = cfg_pred(cfg, lp->head, i)->src;

		if (block_in_loop(cfg, src, l) && !dominates(cfg, b, src))
			return false;
	}
	return true;
}

/* Whether x (@reg) moves towards K on every iteration of loop @l without wrapping, as the test
 * @t (continuing while "x @cont K") needs. */
static bool counts_to(const struct jengine *e, u32 l, u32 reg, u8 cont, s64 k, bool jmp64)
{
	const struct cfg *cfg = e->cfg;
	const struct env *env = e->env;
	bool up = cont == BPF_JLT || cont == BPF_JLE || cont == BPF_JSLT || cont == BPF_JSLE;
	bool is_signed = cont == BPF_JSLT || cont == BPF_JSLE || cont == BPF_JSGT || cont == BPF_JSGE;
	bool every = false, alu64;
	u32 b, i, steps = 0;
	s64 sum = 0, step;

	if (up ? (k > COUNT_MAX || (!is_signed && k < 0))
	       : (is_signed ? k < -COUNT_MAX : k < (cont == BPF_JGE ? 1 : 0)))
		return false;
	for (b = 0; b < cfg->block_cnt; b++) {
		const struct cfg_block *bl = &cfg->blocks[b];

		if (bl->start >= bl->end || !block_in_loop(cfg, b, l))
			continue;
		for (i = bl->start; i < bl->end && i < env->insn_cnt; i += env->dec[i].slots) {
			const struct bpf_insn *raw = &env->insns[i];

			if (!(insn_defs(raw) & (1u << reg)))
				continue;
			if (bl->loop != l || !insn_step(raw, &step, &alu64) ||
			    (is_signed && jmp64 && !alu64))
				return false;
			if (up ? step < 1 : step != -1)
				return false;
			sum += step;
			steps++;
			if (sum > COUNT_MAX)
				return false;
			every = every || every_iteration(cfg, l, b);
		}
	}
	return every && (up || steps == 1);
}

/* Whether loop @l is a counted loop (see above). */
static bool loop_counted(const struct jengine *e, u32 l)
{
	const struct cfg *cfg = e->cfg;
	u32 b;

	if (!cfg->loops[l].reducible)
		return false;
	for (b = 0; b < cfg->block_cnt; b++) {
		const struct cfg_block *bl = &cfg->blocks[b];
		const struct insn *in;
		u32 i, stay = 0, leave = 0;
		u8 cont;

		if (bl->last == CFG_NONE || bl->last >= e->env->insn_cnt ||
		    !every_iteration(cfg, l, b))
			continue;
		in = &e->env->dec[bl->last];
		if (in->kind != INSN_JMP_COND || in->src_is_reg || in->dst >= BPF_REG_10 ||
		    bl->succ_cnt != 2)
			continue;
		for (i = 0; i < 2; i++) {
			const struct cfg_edge *ed = cfg_succ(cfg, b, i);
			bool inside = block_in_loop(cfg, ed->dst, l);

			if (ed->kind == CFG_EDGE_TAKEN)
				stay |= inside;
			leave |= !inside;
		}
		if (!leave)
			continue;
		/* the loop goes on while the jump is taken, or while it is not */
		cont = stay ? in->op : jmp_negate(in->op);
		/* "x != K" where x <= K (or x >= K) at every visit: "x < K" ("x > K") */
		if (cont == BPF_JNE) {
			u64 k = in->width == 32 ? (u32)in->imm : (u64)(s64)in->imm;

			if (e->test_max[bl->last] <= k)
				cont = BPF_JLT;
			else if (e->test_min[bl->last] >= k)
				cont = BPF_JGT;
			else
				continue;
		}
		if (cont && counts_to(e, l, in->dst, cont, (s64)in->imm, in->width == 64))
			return true;
	}
	return false;
}

/* The join engine does not prove that a loop ends by its states (the kernel's exploration
 * bounds every loop by its instruction limit, and finds a loop making no progress): a loop
 * analysed here must be bounded by a may_goto or be a counted loop, else the answer is
 * unknown. */
static int check_termination(struct jengine *e)
{
	const struct cfg *cfg = e->cfg;
	u32 l, start;

	for (l = 0; l < cfg->loop_cnt; l++) {
		start = cfg->blocks[cfg->loops[l].head].start;
		if (start >= e->env->insn_cnt || e->first[start] == NODE_NONE ||
		    loop_bounded(e, l) || loop_counted(e, l))
			continue;
		e->env->insn_idx = start;
		return env_unknown(e->env, "join mode: termination of the loop at insn %u is not "
				   "proven (join mode knows may_goto and counted loops; --mode "
				   "path explores loops as the kernel)", start);
	}
	return 0;
}

/* From env->cur at @entry to the fixpoint. */
static int solve(struct jengine *e, u32 entry)
{
	struct analysis_exit_r0 exits;
	u32 i;
	int ret;

	free_nodes(e);
	ret = flow(e, e->env->cur, entry);
	while (!ret && e->heap_cnt)
		ret = run_node(e, heap_pop(e));
	if (ret)
		return ret;
	/* one more run of every block on its final state, to learn the invariants the loop
	 * checks read (no flow changes anything at a fixpoint) */
	for (i = 0; i < e->env->insn_cnt; i++) {
		e->test_min[i] = ~0ull;
		e->test_max[i] = 0;
	}
	e->checking = true;
	exits = e->env->res->exit_r0;
	for (i = 0; !ret && i < e->node_cnt; i++)
		ret = run_node(e, i);
	e->env->res->exit_r0 = exits;
	e->checking = false;
	return ret ?: check_termination(e);
}

/* Join points: block heads (loop heads also widen), and callback-calling helper calls, where a
 * callback's exit comes back (a loop: widening too). */
static int mark_heads(struct jengine *e)
{
	const struct cfg *cfg = e->cfg;
	struct env *env = e->env;
	u32 b, i;

	for (i = 0; i < env->insn_cnt; i++) {
		e->prio[i] = UINT32_MAX;
		e->first[i] = NODE_NONE;
	}
	for (b = 0; b < cfg->block_cnt; b++) {
		const struct cfg_block *bl = &cfg->blocks[b];

		if (bl->start >= bl->end || bl->start >= env->insn_cnt)
			continue;
		e->head[bl->start] = bl->flags & CFG_BLOCK_LOOP_HEAD ? HEAD_WIDEN : HEAD_JOIN;
		if (bl->last != CFG_NONE && bl->last < env->insn_cnt &&
		    env->dec[bl->last].kind == INSN_EXIT && bl->end - bl->start <= TAIL_MAX)
			e->head[bl->start] = HEAD_TAIL;
		for (i = bl->start; i < bl->end && i < env->insn_cnt; i++)
			e->prio[i] = bl->wto;
	}
	for (i = 0; i < env->insn_cnt; i++)
		if (calls_is_callback_call(env, i))
			e->head[i] = HEAD_WIDEN;
	return 0;
}

/* The path engine's check_global_subprogs(), each global function to its own fixpoint. */
static int solve_globals(struct jengine *e)
{
	struct env *env = e->env;
	u32 i = 0;
	int ret;

	while ((i = calls_next_global(env, i))) {
		ret = calls_global_entry(env, i);
		ret = ret ?: solve(e, env->subprogs[i].start);
		if (ret)
			return ret;
		env->subprogs[i].verified = true;
	}
	return 0;
}

int join_run(struct env *env)
{
	struct jengine e;
	u32 n = env->insn_cnt;
	int ret;

	memset(&e, 0, sizeof(e));
	e.env = env;
	ret = cfg_build(env->prog, &e.cfg);
	if (ret)
		return ret;
	e.head = calloc(n, sizeof(*e.head));
	e.prio = calloc(n, sizeof(*e.prio));
	e.first = calloc(n, sizeof(*e.first));
	e.tmp = malloc(sizeof(*e.tmp));
	e.test_min = calloc(n, sizeof(*e.test_min));
	e.test_max = calloc(n, sizeof(*e.test_max));
	if (!e.head || !e.prio || !e.first || !e.tmp || !e.test_min || !e.test_max) {
		ret = -ENOMEM;
		goto out;
	}
	mark_heads(&e);
	/* the path of an outcome means nothing here: no recording */
	path_begin(env, env->insn_idx);
	env->path.full = true;
	ret = solve(&e, env->insn_idx);
	ret = ret ?: solve_globals(&e);
	path_end(env);
	env->res->path.valid = false;
out:
	free_nodes(&e);
	free(e.nodes);
	free(e.ctxs);
	free(e.heap);
	free(e.head);
	free(e.prio);
	free(e.first);
	free(e.tmp);
	free(e.test_min);
	free(e.test_max);
	cfg_free(e.cfg);
	return ret;
}
