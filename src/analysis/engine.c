/* The exploration engine: our version of the essay at the top of the kernel's verifier.c.
 *
 * What "safe" means. A program is accepted when every path from its first instruction, under
 * every input the program type allows, reaches an exit without an unsafe step: no read of an
 * uninitialised register, no memory access outside the object a pointer points into, no helper
 * called with arguments it cannot take, no acquired reference left unreleased, a return value
 * in the range the program type requires, and at most 1M instructions processed on the way.
 * The question answered is the kernel's: "will Linux 6.18 accept it?", so where the kernel is
 * stricter than necessary we are too, and its first error is our first error.
 *
 * Passes, in the kernel's order:
 *   1. structure (add_subprog_and_kfunc and check_subprogs in calls.c, resolve_pseudo_ldimm64,
 *      check_cfg): subprograms, jumps inside their subprogram, each one's last insn an exit or a
 *      jump, per-slot load checks and the map each ld_imm64 names (resolve_ldimm64), every
 *      insn reachable, no jump into a ld_imm64. A minimal version lives here until src/cfg
 *      provides cfg_build().
 *   2. path exploration (do_check): a depth-first walk over abstract states. A conditional jump
 *      whose outcome the domains cannot decide (scalar_branch_taken, null-ness) continues on the
 *      fall-through and queues the taken side, each refined by the condition (transfer.c). A
 *      path ends at the program's exit or when it is pruned.
 *   3. pruning (is_state_visited): at the kernel's prune points (conditional jumps, jump
 *      targets, the insn after a call, a callee's entry; not a jump's fall-through) the
 *      registers dead there (liveness.c, the kernel's compute_live_registers) are dropped
 *      from the current state, which is then compared with the checkpoints stored at that
 *      insn. A checkpoint whose paths are all explored (branches == 0) covers the current
 *      state when state_leq(cur, old): every continuation was already verified, the path
 *      stops. A checkpoint still being explored (an ancestor in a loop) prunes nothing; when
 *      it equals the current state exactly, the loop makes no progress: "infinite loop
 *      detected". Exception, as in the kernel: at a may_goto (maygoto.c) an ancestor of
 *      another may_goto depth covers the current state. Checkpoints follow the kernel's
 *      heuristics: stored after >= 2 jumps and >= 8 insns since the path's last one, always
 *      at a forced checkpoint (may_goto) or past 40 jump-history entries, only every 20
 *      jumps / 100 insns inside a loop; a checkpoint with more than 3 misses per hit (64 at a
 *      forced checkpoint in progress) is evicted. No per-insn cap (the kernel's 64 applies to
 *      unprivileged loads only). Precision (precision.c): a checkpoint's scalar registers of
 *      the current frame and its spilled scalars count only when a path below it relied on
 *      them (a decided jump, a pointer offset, a helper argument, R0 at an exit with a checked
 *      range), found by replaying the path backwards across calls and returns as the kernel's
 *      mark_chain_precision() does, with a more conservative fallback (every scalar counts)
 *      where the replay cannot follow; a loop converged on a checkpoint still being explored
 *      leaves a back edge, replayed when the loop's visit is done (propagate_backedges()).
 *      Stack slots dead at the prune point (liveness.c, static) are dropped like registers:
 *      each comparison is at least as strict as the kernel's, never looser, and our
 *      processed-insn count is mostly the kernel's or larger (eviction makes that a tendency,
 *      not a law: see the limit below). Loops of may_goto, iterators and callbacks widen
 *      imprecise scalars between iterations (widen.c).
 *   4. calls (calls.c): a static subprogram runs in a new frame of the same path; each global
 *      function a verified path calls is verified once more on its own afterwards
 *      (do_check_subprogs); then the combined stack of every static call chain is checked
 *      (check_max_stack_depth).
 *   5. limits: 1M processed instructions ("BPF program is too large") and 8192 queued
 *      branches ("The sequence of N jumps is too complex"), rejections as in the kernel (its
 *      exploration is ours, see insn_limit_reached()), and ours:
 *      a CPU-time budget (1 s by default, analysis_opts.time_limit_ms) and 512 MiB of
 *      checkpoints, both answering unknown.
 *
 * Ownership: everything allocated here (decoded insns, checkpoints, pending states) is freed
 * before analysis_run() returns. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/checkpoint.h"
#include "checks/checks.h"
#include "vec.h"

#define INSN_LIMIT 1000000
#define JMP_SEQ_LIMIT 8192
#define JMP_HISTORY_MAX 40		/* more entries force a checkpoint */
#define MISS_SLACK 3			/* eviction: misses allowed per hit, plus this many */
#define MISS_SLACK_FORCED 64		/* ... at a forced checkpoint still being explored */
/* Ours, not the kernel's: bounded memory and time. Hitting either answers unknown. */
#define CHECKPOINT_BYTES_MAX (512ull << 20)
#define TIME_LIMIT_MS_DEFAULT 1000
#define TIME_CHECK_EVERY 4096		/* processed insns between two clock reads */

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_SAFE:
		return "pass";
	case V_UNSAFE:
		return "reject";
	default:
		return "unknown";
	}
}

/* ---- Diagnostics ---- */

static void msg_vadd(struct env *env, const char *fmt, va_list ap)
{
	size_t room = sizeof(env->msg) - env->msg_len;
	int n;

	if (env->msg_len && room > 1) {
		env->msg[env->msg_len++] = '\n';
		room--;
	}
	n = vsnprintf(env->msg + env->msg_len, room, fmt, ap);
	if (n > 0)
		env->msg_len = min_t(size_t, env->msg_len + n, sizeof(env->msg) - 1);
}

void env_log(struct env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vadd(env, fmt, ap);
	va_end(ap);
}

/* A violation after the first (analysis_opts.max_violations > 1): kept unless it repeats one
 * already found; a limit of the walk ends the search instead. */
static void add_violation(struct env *env, const char *check_id)
{
	struct analysis_result *res = env->res;
	struct analysis_more *m;
	u32 i;

	if (!strncmp(check_id, "limit.", 6)) {
		env->more_done = true;
		return;
	}
	if (res->diag.insn_idx == env->insn_idx && !strcmp(res->diag.check_id, check_id))
		return;
	for (i = 0; i < res->more_cnt; i++)
		if (res->more[i].diag.insn_idx == env->insn_idx &&
		    !strcmp(res->more[i].diag.check_id, check_id))
			return;
	if (res->more_cnt >= ANALYSIS_MORE_MAX ||
	    res->more_cnt + 2 > max_t(u32, env->opts.max_violations, 1)) {
		env->more_done = true;
		return;
	}
	m = &res->more[res->more_cnt++];
	m->diag.insn_idx = env->insn_idx;
	m->diag.check_id = check_id;
	snprintf(m->diag.msg, sizeof(m->diag.msg), "%s", env->msg);
	state_fmt(m->state, sizeof(m->state), env->cur, env->maps, env->map_cnt);
	if (res->more_cnt + 1 >= env->opts.max_violations)
		env->more_done = true;
}

static void set_outcome(struct env *env, enum verdict v, const char *check_id)
{
	struct analysis_result *res = env->res;

	if (res->verdict == V_UNSAFE && v == V_UNSAFE && env->opts.max_violations > 1) {
		add_violation(env, check_id);
		return;
	}
	if (res->verdict != V_SAFE)
		return;
	res->verdict = v;
	res->diag.insn_idx = env->insn_idx;
	res->diag.check_id = check_id;
	snprintf(res->diag.msg, sizeof(res->diag.msg), "%s", env->msg);
	path_capture(env);
	/* the kernel's statistics are those at its (first) outcome */
	res->insn_processed = env->insn_processed;
	res->total_states = env->total_states;
	res->peak_states = env->peak_states;
}

int env_reject(struct env *env, const char *check_id, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vadd(env, fmt, ap);
	va_end(ap);
	set_outcome(env, V_UNSAFE, check_id);
	return -EACCES;
}

int env_unknown(struct env *env, const char *fmt, ...)
{
	va_list ap;

	env->msg_len = 0;
	env->msg[0] = 0;
	va_start(ap, fmt);
	msg_vadd(env, fmt, ap);
	va_end(ap);
	set_outcome(env, V_UNKNOWN, "analysis.unknown");
	return -EOPNOTSUPP;
}

const char *env_type_str(struct env *env, u32 type)
{
	static char bufs[4][64];
	static int i;

	(void)env;
	i = (i + 1) % 4;
	return reg_type_str(type, bufs[i], sizeof(bufs[i]));
}

/* ---- Registers ---- */

int check_reg_read(struct env *env, u32 regno)
{
	if (cur_regs(env)[regno].type == NOT_INIT)
		return env_reject(env, "regs.uninit", "R%u !read_ok", regno);
	return 0;
}

int check_reg_write(struct env *env, u32 regno)
{
	if (regno == BPF_REG_10)
		return env_reject(env, "regs.fp_write", "frame pointer is read only");
	return 0;
}

void state_for_each_reg(struct state *st, void (*fn)(struct reg *r, void *ctx), void *ctx)
{
	u32 fr;
	int i;

	for (fr = 0; fr <= st->curframe; fr++) {
		struct frame *f = &st->frames[fr];

		for (i = 0; i < STATE_NREGS; i++)
			fn(&f->regs[i], ctx);
		for (i = 0; i < STACK_SLOTS; i++)
			if (stack_is_spill(&f->stack, i))
				fn(&f->stack.slot[i].spilled, ctx);
	}
}

/* ---- Structure (until src/cfg provides it) ---- */

static int jmp_target(const struct insn *in, u32 idx)
{
	return (int)idx + 1 + in->jmp_off;
}

/* The kernel's resolve_pseudo_ldimm64(), which runs before verification: instruction by
 * instruction, the encoding checks of the load phase, then the map a ld_imm64 names
 * (checks/ldimm64.c). */
static int resolve_ldimm64(struct env *env)
{
	u32 n = env->insn_cnt, i;
	char msg[160];
	int ret;

	env->cgroup_storage[0] = env->cgroup_storage[1] = -1;
	for (i = 0; i < n; i++) {
		env->insn_idx = i;
		if (check_ldimm64_encoding(env, i, msg, sizeof(msg)))
			return env_reject(env, "insn.invalid", "%s", msg);
		if (!insn_is_ldimm64(&env->insns[i]))
			continue;
		ret = check_ldimm64_map(env, i);
		if (ret)
			return ret;
		i++;
	}
	return 0;
}

static int check_structure(struct env *env)
{
	u32 n = env->insn_cnt, i;
	u8 *seen = NULL;
	u32 *work = NULL, top = 0;
	int ret = 0;

	/* add_subprog_and_kfunc(), check_subprogs(), check_btf_info() (calls.c) */
	ret = calls_find_subprogs(env);
	if (ret)
		return ret;
	ret = resolve_ldimm64(env);
	if (ret)
		return ret;
	/* check_cfg(): reachability by DFS */
	seen = calloc(n, 1);
	work = calloc(n, sizeof(*work));
	if (!seen || !work) {
		ret = -ENOMEM;
		goto out;
	}
	seen[0] = 1;
	work[top++] = 0;
	while (top) {
		u32 t = work[--top];
		const struct insn *in = &env->dec[t];
		int succ[2], ns = 0, k;

		switch (in->kind) {
		case INSN_EXIT:
			break;
		case INSN_JA:
			succ[ns++] = jmp_target(in, t);
			break;
		case INSN_JMP_COND:
		case INSN_MAY_GOTO:
			succ[ns++] = (int)t + 1;
			succ[ns++] = jmp_target(in, t);
			break;
		default:
			succ[ns++] = (int)t + (in->slots ? in->slots : 1);
			if ((env->insns[t].code == (BPF_JMP | BPF_CALL) &&
			     env->insns[t].src_reg == BPF_PSEUDO_CALL) ||
			    (in->kind == INSN_LD_IMM64 && in->src == BPF_PSEUDO_FUNC)) {
				/* visit_func_call_insn(): the callee is a branch target */
				succ[ns++] = (int)t + 1 + env->insns[t].imm;
				env->prune_point[t] = true;
				env->prune_point[succ[0]] = true;
			}
			/* a callback-calling helper: the iterations of its callback converge at a
			 * forced checkpoint there (callbacks.c) */
			if (calls_is_callback_call(env, t)) {
				env->prune_point[t] = true;
				env->jmp_point[t] = true;
				env->force_checkpoint[t] = true;
			}
			/* an iterator's _next: where its loop converges (analysis/iter.c) */
			if (kfuncs_is_iter_next(env, t)) {
				env->prune_point[t] = true;
				env->force_checkpoint[t] = true;
			}
			break;
		}
		for (k = 0; k < ns; k++) {
			int w = succ[k];

			if (w < 0 || (u32)w >= n) {
				env->insn_idx = t;
				ret = env_reject(env, "cfg.jump_range",
						 "jump out of range from insn %u to %d", t, w);
				goto out;
			}
			if (!seen[w]) {
				seen[w] = 1;
				work[top++] = (u32)w;
			}
			/* visit_insn()/push_insn(): a jump's target (a BRANCH edge, or the single
			 * edge of a goto) and a callee's entry are prune and jump-history points */
			if (in->kind == INSN_JA || k == 1) {
				env->prune_point[w] = true;
				env->jmp_point[w] = true;
			}
		}
		if (in->kind == INSN_JMP_COND || in->kind == INSN_MAY_GOTO)
			env->prune_point[t] = true;
		if (in->kind == INSN_MAY_GOTO)
			env->force_checkpoint[t] = true;
		/* visit_func_call_insn(): the insn after any call is a prune and jump point */
		if (env->insns[t].code == (BPF_JMP | BPF_CALL) && t + 1 < n) {
			env->prune_point[t + 1] = true;
			env->jmp_point[t + 1] = true;
		}
	}
	for (i = 0; i < n; i++) {
		if (!seen[i]) {
			env->insn_idx = i;
			ret = env_reject(env, "cfg.unreachable", "unreachable insn %u", i);
			goto out;
		}
		if (env->dec[i].kind == INSN_LD_IMM64) {
			if (i + 1 < n && seen[i + 1]) {
				/* the DFS steps over the second slot: only a jump reaches it */
				env->insn_idx = i;
				ret = env_reject(env, "cfg.ldimm64_middle",
						 "jump into the middle of ldimm64 insn %u", i);
				goto out;
			}
			i++;
		}
	}
out:
	free(seen);
	free(work);
	return ret;
}

/* ---- Exploration ---- */

static struct state *state_dup(const struct state *st)
{
	struct state *c = malloc(state_size(st));

	if (c)
		state_copy(c, st);
	return c;
}

struct state *env_push_branch(struct env *env, u32 insn_idx, int *err)
{
	struct pending *p;

	if (env->pend_cnt + 1 > JMP_SEQ_LIMIT) {
		*err = env_reject(env, "limit.jmp_seq", "The sequence of %u jumps is too complex.",
				  env->pend_cnt + 1);
		return NULL;
	}
	if (vec_grow(&env->pend, &env->pend_cap, env->pend_cnt + 1)) {
		*err = -ENOMEM;
		return NULL;
	}
	p = &env->pend[env->pend_cnt];
	p->st = state_dup(env->cur);
	if (!p->st) {
		*err = -ENOMEM;
		return NULL;
	}
	p->insn_idx = insn_idx;
	p->prev_idx = env->insn_idx;
	p->path = path_fork(env, insn_idx);
	p->jmp_hist_cnt = env->jmp_hist_cnt;
	if (prec_push(env, p)) {
		free(p->st);
		*err = -ENOMEM;
		return NULL;
	}
	p->parent = env->cur_parent;
	if (p->parent)
		p->parent->branches++;
	env->pend_cnt++;
	*err = 0;
	return p->st;
}

bool env_pop_pending(struct env *env, struct state **st, u32 *insn_idx)
{
	struct pending *p;

	if (!env->pend_cnt)
		return false;
	p = &env->pend[--env->pend_cnt];
	*st = p->st;
	*insn_idx = p->insn_idx;
	if (p->parent)
		p->parent->branches--;
	return true;
}

static void backedges_free(struct env *env, struct backedge *be)
{
	while (be) {
		struct backedge *next = be->next;

		free(be->trace);
		free(be);
		env->backedge_cnt--;
		be = next;
	}
}

/* The kernel's update_peak_states(): checkpoints, evicted ones not freed yet, and back edges. */
static void update_peak_states(struct env *env)
{
	if (env->cur_states + env->backedge_cnt > env->peak_states)
		env->peak_states = env->cur_states + env->backedge_cnt;
}

static void checkpoint_free(struct env *env, struct checkpoint *cp)
{
	backedges_free(env, cp->backedges);
	if (cp->all_prev)
		cp->all_prev->all_next = cp->all_next;
	else
		env->all_cps = cp->all_next;
	if (cp->all_next)
		cp->all_next->all_prev = cp->all_prev;
	env->checkpoint_bytes -= cp->bytes;
	env->cur_states--;
	free(cp->hist);
	free(cp);
}

/* Whether @cp can go: evicted, its paths all done, no back edge through it. */
static bool checkpoint_dead(const struct checkpoint *cp)
{
	return cp->evicted && !cp->branches && !cp->pins;
}

static bool same_callsites(const struct state *a, const struct state *b)
{
	u32 fr;

	if (a->curframe != b->curframe)
		return false;
	for (fr = 0; fr <= a->curframe; fr++)
		if (a->frames[fr].callsite != b->frames[fr].callsite)
			return false;
	return true;
}

/* The checkpoints of back edge @be's path below its visit's entry @entry: @pin them (kept until
 * the back edge is replayed), or release them. */
static void backedge_path(struct env *env, struct backedge *be, struct checkpoint *entry, bool pin)
{
	struct checkpoint *c = be->parent, *parent;

	for (; c && c != entry; c = parent) {
		parent = c->parent;
		if (pin) {
			c->pins++;
			continue;
		}
		c->pins--;
		if (checkpoint_dead(c))
			checkpoint_free(env, c);
	}
}

/* The loop visit a checkpoint belongs to (the kernel's struct bpf_scc_callchain): the first
 * frame, from the main program's, whose instruction (the call site of the next frame, or the
 * checkpoint's own instruction) is in a strongly connected component (scc.c), that component,
 * and the call sites of the frames before it. A callback's body thus belongs to the visit of its
 * calling helper, an implicit loop. */
struct visit_key {
	u32 scc, depth;
	u32 callsites[STATE_MAX_FRAMES];
};

static bool visit_key(const struct env *env, const struct checkpoint *cp, struct visit_key *k)
{
	const struct state *st = &cp->st;
	u32 fr;

	memset(k, 0, sizeof(*k));
	for (fr = 0; fr <= st->curframe; fr++) {
		u32 ip = fr < st->curframe ? st->frames[fr + 1].callsite : cp->insn_idx;
		u32 scc = ip < env->insn_cnt ? env->scc[ip] : 0;

		if (scc) {
			k->scc = scc;
			k->depth = fr;
			return true;
		}
		k->callsites[fr] = ip;
	}
	return false;
}

static bool same_visit(const struct visit_key *a, const struct visit_key *b)
{
	return a->scc == b->scc && a->depth == b->depth &&
	       !memcmp(a->callsites, b->callsites, a->depth * sizeof(a->callsites[0]));
}

/* The entry of the loop visit that checkpoint @cp (on the current path) belongs to: the oldest
 * checkpoint above it on the path of the same visit, stored when the path entered it (the
 * kernel's maybe_enter_scc()); @cp itself when it belongs to none. */
static struct checkpoint *visit_entry(struct env *env, struct checkpoint *cp)
{
	struct visit_key k, kc;
	struct checkpoint *c, *entry = cp;

	if (!visit_key(env, cp, &k))
		return cp;
	for (c = cp->parent; c; c = c->parent)
		if (visit_key(env, c, &kc) && same_visit(&k, &kc))
			entry = c;
	return entry;
}

/* The open loop visit (an entry still being explored, with back edges) that checkpoint @x, whose
 * paths are all explored, belongs to, or NULL: then @x's marks are final. Otherwise they may
 * still grow when the back edges are replayed, and every scalar counts when @x prunes (the
 * kernel's incomplete_read_marks()). */
static struct checkpoint *open_visit(struct env *env, const struct checkpoint *x)
{
	struct visit_key k, kv;
	struct checkpoint *v;

	if (!env->open_visits || !visit_key(env, x, &k))
		return NULL;
	for (v = env->open_visits; v; v = v->open_next)
		if (visit_key(env, v, &kv) && same_visit(&k, &kv))
			return v;
	return NULL;
}

/* Records that the current path was pruned by @equal while the loop visit of @entry is open
 * (the kernel's add_scc_backedge()). 0 or -ENOMEM. */
static int add_backedge(struct env *env, struct checkpoint *entry, struct checkpoint *equal)
{
	struct backedge *be = calloc(1, sizeof(*be));

	if (!be)
		return -ENOMEM;
	if (env->trace_cnt) {
		be->trace = malloc(env->trace_cnt * sizeof(*be->trace));
		if (!be->trace) {
			free(be);
			return -ENOMEM;
		}
		memcpy(be->trace, env->trace, env->trace_cnt * sizeof(*be->trace));
	}
	be->trace_cnt = env->trace_cnt;
	be->equal = equal;
	be->parent = env->cur_parent;
	be->insn_idx = env->insn_idx;
	be->curframe = env->cur->curframe;
	if (!entry->backedges) {
		entry->open_next = env->open_visits;
		env->open_visits = entry;
	}
	be->next = entry->backedges;
	entry->backedges = be;
	env->backedge_cnt++;
	update_peak_states(env);
	backedge_path(env, be, entry, true);
	return 0;
}

/* The loop visit of @entry is done (its paths are all explored): the marks are final but for
 * what the paths that converged inside it rely on; follow those back edges until no mark is
 * added (the kernel's propagate_backedges()), then release them. */
static void loop_done(struct env *env, struct checkpoint *entry)
{
	struct checkpoint **link;
	struct backedge *be;
	u32 marks;

	do {
		marks = env->prec_marks;
		for (be = entry->backedges; be; be = be->next)
			prec_backedge(env, be);
	} while (marks != env->prec_marks);
	for (be = entry->backedges; be; be = be->next)
		backedge_path(env, be, entry, false);
	backedges_free(env, entry->backedges);
	entry->backedges = NULL;
	for (link = &env->open_visits; *link; link = &(*link)->open_next) {
		if (*link == entry) {
			*link = entry->open_next;
			break;
		}
	}
}

/* A path ended: its checkpoints lose one branch each, up to the first still shared one (the
 * kernel's update_branch_counts()); a loop whose paths are all done gets its back edges
 * replayed; an evicted checkpoint whose paths are all done goes. */
static void update_branch_counts(struct env *env, struct checkpoint *cp)
{
	while (cp) {
		struct checkpoint *parent = cp->parent;

		if (--cp->branches)
			break;
		if (cp->backedges)
			loop_done(env, cp);
		if (checkpoint_dead(cp))
			checkpoint_free(env, cp);
		cp = parent;
	}
}


const struct checkpoint *env_loop_prev_entry(struct env *env, u32 idx, bool skip_parent)
{
	struct checkpoint *cp;

	/* checkpoints with paths still below them are on the current path (DFS order, the most
	 * recent first); the same loop's entry has the same call sites (find_prev_entry's
	 * same_callsites()) */
	for (cp = env->at_insn[idx]; cp; cp = cp->next)
		if (cp->branches && !(skip_parent && cp == env->cur_parent) &&
		    same_callsites(&cp->st, env->cur))
			return cp;
	return NULL;
}

/* Where frame @fr of @st goes on: @idx for the current frame; for a caller the instruction
 * after its bpf-to-bpf call, or the call itself when the callee is a callback (the helper or
 * kfunc may call it again). */
static u32 frame_cont(const struct env *env, const struct state *st, u32 fr, u32 idx)
{
	u32 cs;

	if (fr == st->curframe)
		return idx;
	cs = st->frames[fr + 1].callsite;
	if (cs < env->insn_cnt && env->insns[cs].code == (BPF_JMP | BPF_CALL) &&
	    env->insns[cs].src_reg == BPF_PSEUDO_CALL)
		return cs + 1;
	return cs;
}

/* The registers and stack slots live at @idx in each frame of @st (the kernel's live_regs_before
 * and its call-chain stack liveness). Registers: the instruction for the current frame, the call
 * site for its callers. A caller's stack slot is live when its own continuation may read it, or
 * when a frame above it may still read outside its own frame from where that frame goes on
 * (a pointer into the caller's frame may have been passed down). */
static void live_masks(const struct env *env, const struct state *st, u32 idx, u16 *lregs,
		       u64 *lslots)
{
	bool reads_above = false;
	u32 fr;

	for (fr = st->curframe + 1; fr-- > 0;) {
		u32 ip = fr == st->curframe ? idx : st->frames[fr + 1].callsite;
		u32 cont = frame_cont(env, st, fr, idx);

		lregs[fr] = ip < env->insn_cnt ? env->live_regs[ip] : 0xffff;
		lslots[fr] = cont < env->insn_cnt && !reads_above ? env->live_slots[cont] : ~0ull;
		reads_above = reads_above || cont >= env->insn_cnt || env->reads_out[cont];
	}
}

/* Whether the current state equals checkpoint @old (stored cleaned) over what is live at @idx:
 * the kernel's states_equal(EXACT) with its liveness masks. The current state is never cleaned,
 * so that reports and the -vv trace show what every register holds. */
static bool same_live_state(const struct env *env, const struct state *old, u32 idx)
{
	u16 lregs[STATE_MAX_FRAMES];
	u64 lslots[STATE_MAX_FRAMES];

	live_masks(env, env->cur, idx, lregs, lslots);
	return state_equal_live(env->cur, old, lregs, lslots);
}

/* The kernel's clean_verifier_state(): registers and stack slots dead at this point of each
 * frame (the instruction for the current frame, the call site for its callers) become NOT_INIT
 * and STACK_INVALID, so that they neither block pruning nor get stored in a checkpoint. */
static void clean_live_regs(struct env *env, struct state *st, u32 idx)
{
	const struct reg dead = reg_not_init();
	u16 lregs[STATE_MAX_FRAMES];
	u64 lslots[STATE_MAX_FRAMES];
	u32 fr;
	int i;

	live_masks(env, st, idx, lregs, lslots);
	for (fr = 0; fr <= st->curframe; fr++) {
		u16 live = lregs[fr];
		u64 slots = lslots[fr];
		struct stack *stk = &st->frames[fr].stack;

		for (i = 0; i < BPF_REG_10; i++)
			if (!(live & (1u << i)))
				st->frames[fr].regs[i] = dead;
		/* slots past the deepest write were never written: invalid already */
		for (i = 0; i < STACK_SLOTS && (u32)i * STACK_SLOT_SIZE < stk->depth; i++) {
			if (slots & (1ull << i))
				continue;
			memset(stk->slot[i].type, STACK_INVALID, sizeof(stk->slot[i].type));
			stk->slot[i].spilled = dead;
		}
	}
}

/* The hash bucket the kernel files a state of the current frame's callsite at @idx in
 * (explored_state(): the main program's callsite is -1): only states of one bucket are
 * compared, counted and evicted together. */
static u32 bucket_of(const struct env *env, u32 idx, const struct state *st)
{
	u32 cs = st->curframe ? st->frames[st->curframe].callsite : 0xffffffffu;

	return (idx ^ cs) % env->insn_cnt;
}

static void evict(struct env *env, struct checkpoint **link, struct checkpoint *cp)
{
	*link = cp->next;
	env->bucket_states[cp->bucket]--;
	cp->evicted = true;
	if (checkpoint_dead(cp))
		checkpoint_free(env, cp);
}

/* Stores the current state as a checkpoint at @idx (bucket @key): it becomes the parent of the
 * path's next ones and takes the path's trace. 0, or unknown past the memory guard. */
static int store_checkpoint(struct env *env, u32 idx, u32 key)
{
	size_t sz = offsetof(struct checkpoint, st) + state_size(env->cur);
	struct checkpoint *cp;

	if (env->checkpoint_bytes + sz > CHECKPOINT_BYTES_MAX)
		return env_unknown(env, "limit: checkpoints need more than %llu MiB",
				   CHECKPOINT_BYTES_MAX >> 20);
	cp = calloc(1, sz);
	if (!cp)
		return -ENOMEM;
	state_copy(&cp->st, env->cur);
	clean_live_regs(env, &cp->st, idx);
	cp->branches = 1;
	cp->parent = env->cur_parent;
	cp->seq = env->total_states;
	cp->insn_idx = idx;
	cp->bucket = key;
	cp->bytes = sz;
	prec_checkpoint(env, cp);
	cp->all_next = env->all_cps;
	if (env->all_cps)
		env->all_cps->all_prev = cp;
	env->all_cps = cp;
	cp->next = env->at_insn[idx];
	env->at_insn[idx] = cp;
	env->bucket_states[key]++;
	env->checkpoint_bytes += sz;
	env->cur_parent = cp;
	env->jmp_hist_cnt = 0;
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;
	env->total_states++;
	env->cur_states++;
	update_peak_states(env);
	return 0;
}

/* The current path reached a state covered by @cp, a checkpoint of the same loop still being
 * explored (a may_goto, callback or iterator loop converged): prune. What @cp's continuation
 * relied on so far is propagated now; with @backedge, the rest when the loop visit is done, and
 * until then the visit's checkpoints prune only by comparing every scalar (the kernel's
 * add_scc_backedge() and incomplete_read_marks()). */
static int loop_hit(struct env *env, struct checkpoint *cp, bool backedge)
{
	cp->hit_cnt++;
	if (!backedge)
		return prec_propagate(env, cp) ?: 1;
	return prec_propagate(env, cp) ?: add_backedge(env, visit_entry(env, cp), cp) ?: 1;
}

/* The kernel's is_state_visited(): 1 when the current state is covered (prune), 0 to continue,
 * negative on a violation or a limit.
 *
 * A checkpoint is stored when at least 2 jumps and 8 insns passed since the path's last one,
 * always at a forced checkpoint (may_goto) or past 40 jump-history entries; inside a loop (a
 * checkpoint here is still being explored) only after 20 jumps or 100 insns. A stored state
 * that keeps failing to prune is evicted: more than MISS_SLACK misses per hit. */
static int is_state_visited(struct env *env, u32 idx)
{
	bool force = env->opts.test_state_freq || env->force_checkpoint[idx] ||
		     env->jmp_hist_cnt > JMP_HISTORY_MAX;
	bool may_goto = env->dec[idx].kind == INSN_MAY_GOTO;
	bool cb_call = calls_is_callback_call(env, idx);
	bool iter_next = kfuncs_is_iter_next(env, idx);
	bool add = force || (env->jmps_processed - env->prev_jmps_processed >= 2 &&
			     env->insn_processed - env->prev_insn_processed >= 8);
	u32 key, states_cnt, slack;
	struct checkpoint *cp, **link, *visit;

	key = bucket_of(env, idx, env->cur);
	/* the kernel's statistic counts every state of the bucket, other instructions' too */
	states_cnt = env->bucket_states[key];
	for (link = &env->at_insn[idx]; (cp = *link);) {
		if (cp->bucket != key) {
			link = &cp->next;
			continue;
		}
		if (cp->branches) {
			/* another iteration of a may_goto loop, covered by an earlier one */
			if (may_goto && cp->st.may_goto_depth != env->cur->may_goto_depth &&
			    state_leq(env->cur, &cp->st, env->allow_uninit_stack)) {
				return loop_hit(env, cp, true);
			}
			/* another iteration of a callback, covered by an earlier one; never an
			 * infinite loop (is_state_visited()'s calls_callback() rule) */
			if (cb_call && state_leq(env->cur, &cp->st, env->allow_uninit_stack)) {
				/* 6.18 leaves no back edge here (later kernels do) */
				return loop_hit(env, cp, false);
			}
			/* an iterator loop converged (iter.c); never an infinite loop */
			if (iter_next && iter_loop_covered(env, &cp->st)) {
				return loop_hit(env, cp, true);
			}
			if (!cb_call && !iter_next && same_live_state(env, &cp->st, idx))
				return env_reject(env, "loop.infinite",
						  "infinite loop detected at insn %u", idx);
			if (!force && env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add = false;
		} else if ((visit = open_visit(env, cp)),
			   state_leq_precise(env->cur, &cp->st,
					     cp->all_precise || visit ? NULL : cp->precise,
					     cp->precise_slots, env->allow_uninit_stack)) {
			cp->hit_cnt++;
			if (!visit)
				return prec_propagate(env, cp) ?: 1;
			/* its marks wait for its loop: so do the current path's */
			return prec_propagate(env, cp) ?: add_backedge(env, visit, cp) ?: 1;
		}
		/* a miss counts only when a state is about to be added, so that the iterations
		 * of a loop do not evict the states of its first ones */
		if (add)
			cp->miss_cnt++;
		slack = env->force_checkpoint[idx] && cp->branches ? MISS_SLACK_FORCED : MISS_SLACK;
		if (cp->miss_cnt > cp->hit_cnt * slack + slack) {
			evict(env, link, cp);
			continue;
		}
		link = &cp->next;
	}
	if (states_cnt > env->res->max_states_per_insn)
		env->res->max_states_per_insn = states_cnt;
	if (!add)
		return 0;
	return store_checkpoint(env, idx, key);
}

/* The kernel's push_jmp_history() before an instruction: one entry per instruction that is a
 * jump target (or follows a call), or that spills to / fills from a fixed stack slot (entries
 * precision backtracking reads). Only the count matters here: past 40 entries the next prune
 * point stores a checkpoint. */
static void note_jmp_history(struct env *env, u32 idx)
{
	const struct insn *in = &env->dec[idx];
	const struct reg *base;
	const struct frame *f;
	bool spill = false;
	s64 off;

	if (env->jmp_point[idx]) {
		env->jmp_hist_cnt++;
		return;
	}
	if (in->kind != INSN_LDX && in->kind != INSN_LDSX && in->kind != INSN_ST &&
	    in->kind != INSN_STX)
		return;
	base = &cur_regs(env)[in->kind == INSN_LDX || in->kind == INSN_LDSX ? in->src : in->dst];
	if (base->type != PTR_TO_STACK || !reg_var_is_const(base) ||
	    base->frameno > env->cur->curframe)
		return;
	off = (s64)base->off + (s64)base->var.var_off.value + in->off;
	if (off >= 0 || off < -STACK_SIZE)
		return;
	f = &env->cur->frames[base->frameno];
	if (in->kind == INSN_LDX || in->kind == INSN_LDSX)
		spill = stack_is_spill(&f->stack, stack_spi((int)off));
	else if (in->kind == INSN_ST)
		spill = !(off % STACK_SLOT_SIZE);
	else if (reg_is_ptr(&cur_regs(env)[in->src]))
		spill = true;
	else
		spill = !(off % STACK_SLOT_SIZE) && reg_is_scalar(&cur_regs(env)[in->src]);
	if (spill)
		env->jmp_hist_cnt++;
}

/* Our time guard, read every TIME_CHECK_EVERY insns: past the budget the analysis stops with
 * unknown (never a pass). The clock is this thread's CPU time, not the wall clock: on a loaded
 * machine the wall clock would turn verdicts into unknown at random. */
static int check_time(struct env *env)
{
	u32 limit = env->opts.time_limit_ms ? env->opts.time_limit_ms : TIME_LIMIT_MS_DEFAULT;
	struct timespec now;
	s64 ms;

	if (env->opts.time_limit_ms == ~0u)
		return 0;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	ms = (s64)(now.tv_sec - env->start.tv_sec) * 1000 +
	     (now.tv_nsec - env->start.tv_nsec) / 1000000;
	if (ms <= (s64)limit)
		return 0;
	return env_unknown(env, "limit: analysis time over %u ms after %u processed insns", limit,
			   env->insn_processed);
}

/* Takes the next queued branch into env->cur: false when none is left. */
static bool pop_branch(struct env *env)
{
	struct pending *p;

	if (!env->pend_cnt)
		return false;
	p = &env->pend[--env->pend_cnt];
	state_copy(env->cur, p->st);
	free(p->st);
	env->insn_idx = p->insn_idx;
	env->prev_insn_idx = p->prev_idx;
	env->jmp_hist_cnt = p->jmp_hist_cnt;
	prec_pop(env, p);
	env->cur_parent = p->parent;
	path_resume(env, p->path);
	trace_branch(env, p->prev_idx, p->insn_idx);
	return true;
}

/* The processed-instruction budget is used up. With the kernel's own budget this is the kernel's
 * verdict: our exploration is the kernel's (the same prune points, checkpoints, liveness and
 * precision; the processed-insn count equals the kernel's on 718 of the 720 selftests both
 * accept, and on every corpus program we have compared), so the kernel runs out at the same
 * point and rejects with this message. Where our count runs ahead of the kernel's, this would
 * reject a program the kernel accepts (never the reverse): the selftests runner and the corpus
 * would show it as a disagreement. A smaller budget the caller chose (analysis_opts.insn_limit)
 * only stops us: unknown. */
static int insn_limit_reached(struct env *env, u32 limit)
{
	if (env->res->verdict == V_UNSAFE)	/* looking for further violations: stop there */
		return -E2BIG;
	env->msg_len = 0;
	env_log(env, "BPF program is too large. Processed %u insn", limit + 1);
	set_outcome(env, limit == INSN_LIMIT ? V_UNSAFE : V_UNKNOWN, "limit.insns");
	return -E2BIG;
}

/* After rejection @ret on the current path: whether to go on with the paths still queued, to
 * find further violations (analysis_opts.max_violations). The kernel stops at the first. */
static bool go_on_after(struct env *env, int ret)
{
	if (ret != -EACCES || env->res->verdict != V_UNSAFE || env->more_done ||
	    env->opts.max_violations <= 1)
		return false;
	env->msg_len = 0;
	env->msg[0] = '\0';
	return true;
}

static int walk(struct env *env)
{
	u32 limit = env->opts.insn_limit ? env->opts.insn_limit : INSN_LIMIT;
	u32 pend_before;
	int ret;

	path_begin(env, env->insn_idx);
	trace_begin(env);
	for (;;) {
		if (env->insn_idx >= env->insn_cnt)
			return env_reject(env, "analysis.bug", "invalid insn idx %u insn_cnt %u",
					  env->insn_idx, env->insn_cnt);
		if (++env->insn_processed > limit)
			return insn_limit_reached(env, limit);
		if (!(env->insn_processed % TIME_CHECK_EVERY)) {
			ret = check_time(env);
			if (ret)
				return ret;
		}
		ret = 0;
		if (env->prune_point[env->insn_idx]) {
			ret = is_state_visited(env, env->insn_idx);
			if (ret > 0)
				trace_safe(env);
			if (ret < 0 && go_on_after(env, ret))
				goto path_ended;
			if (ret < 0)
				return ret;
		}
		if (!ret) {
			u8 cls = BPF_CLASS(env->insns[env->insn_idx].code);

			if (cls == BPF_JMP || cls == BPF_JMP32)
				env->jmps_processed++;
			note_jmp_history(env, env->insn_idx);
			ret = prec_before(env, env->insn_idx);
			if (ret)
				return ret;
			pend_before = env->pend_cnt;
			env->next_idx = env->insn_idx + env->dec[env->insn_idx].slots;
			trace_insn(env);
			ret = transfer_insn(env);
			if (ret < 0 && go_on_after(env, ret))
				goto path_ended;
			if (ret < 0)
				return ret;
			if (!ret && env->dec[env->insn_idx].kind == INSN_JMP_COND) {
				prec_after_jmp(env, env->insn_idx, env->pend_cnt == pend_before);
				if (env->pend_cnt == pend_before)
					trace_decided_jmp(env);
			}
			if (!ret) {
				path_step(env);
				env->prev_insn_idx = env->insn_idx;
				env->insn_idx = env->next_idx;
				continue;
			}
		}
		/* the path ended: exit reached, or pruned (or a violation, looking for more) */
path_ended:
		trace_path_end(env);
		update_branch_counts(env, env->cur_parent);
		if (!pop_branch(env)) {
			path_end(env);
			return 0;
		}
	}
}

static int do_check(struct env *env)
{
	int ret = walk(env);

	trace_flush(env);
	return ret;
}

static int entry_reg(struct env *env, struct reg *r1)
{
	switch (env->prog_type) {
	case BPF_PROG_TYPE_UNSPEC:
		return env_unknown(env, "not modelled yet: program type unspec");
	default:
		*r1 = reg_ptr(PTR_TO_CTX, 0);
		return 0;
	}
}

static int prepare(struct env *env)
{
	u32 i, n = env->insn_cnt;
	const struct prog *prog = env->prog;
	bool map_relocs = false;

	env->dec = calloc(n, sizeof(*env->dec));
	env->ld_map = calloc(n, sizeof(*env->ld_map));
	env->prune_point = calloc(n, sizeof(*env->prune_point));
	env->jmp_point = calloc(n, sizeof(*env->jmp_point));
	env->force_checkpoint = calloc(n, sizeof(*env->force_checkpoint));
	env->live_regs = calloc(n, sizeof(*env->live_regs));
	env->live_slots = calloc(n, sizeof(*env->live_slots));
	env->reads_out = calloc(n, sizeof(*env->reads_out));
	env->aux_ptr_type = calloc(n, sizeof(*env->aux_ptr_type));
	env->at_insn = calloc(n, sizeof(*env->at_insn));
	env->bucket_states = calloc(n, sizeof(*env->bucket_states));
	env->cur = malloc(sizeof(*env->cur));
	if (!env->dec || !env->ld_map || !env->prune_point || !env->at_insn || !env->bucket_states ||
	    !env->cur || !env->aux_ptr_type || !env->jmp_point || !env->force_checkpoint ||
	    !env->live_regs || !env->live_slots || !env->reads_out)
		return -ENOMEM;
	/* a program whose map references come as relocations (the ELF loader's, the selftest
	 * cases') binds only through them: a ld_imm64 left out names no map. Without any, the
	 * imm is the map index (programs built by hand). */
	for (i = 0; i < prog->reloc_cnt; i++)
		if (prog->relocs[i].kind == RELOC_MAP_FD || prog->relocs[i].kind == RELOC_MAP_VALUE)
			map_relocs = true;
	for (i = 0; i < n; i++) {
		env->ld_map[i] = -1;
		if (insn_decode(env->insns, n, i, &env->dec[i]) || !env->dec[i].slots)
			env->dec[i].slots = 1;
		if (env->dec[i].kind == INSN_LD_IMM64) {
			u8 src = env->dec[i].src;

			if (!map_relocs &&
			    (src == BPF_PSEUDO_MAP_FD || src == BPF_PSEUDO_MAP_VALUE ||
			     src == BPF_PSEUDO_MAP_IDX || src == BPF_PSEUDO_MAP_IDX_VALUE))
				env->ld_map[i] = env->insns[i].imm;
			if (i + 1 < n) {
				/* the second slot is not an instruction of its own */
				memset(&env->dec[i + 1], 0, sizeof(env->dec[i + 1]));
				env->dec[i + 1].kind = INSN_LD_IMM64;
				env->dec[i + 1].slots = 1;
				env->ld_map[i + 1] = -1;
				i++;
			}
		}
	}
	for (i = 0; i < prog->reloc_cnt; i++) {
		const struct prog_reloc *r = &prog->relocs[i];

		if ((r->kind == RELOC_MAP_FD || r->kind == RELOC_MAP_VALUE) && r->insn_idx < n)
			env->ld_map[r->insn_idx] = r->map_idx;
	}
	return 0;
}

/* Frees every checkpoint (the kernel's free_states() at the end of do_check_common). */
static void free_checkpoints(struct env *env)
{
	u32 i, states = env->cur_states;

	while (env->all_cps)
		checkpoint_free(env, env->all_cps);
	/* the kernel's free_states() leaves its count of stored states as it was: the states of a
	 * global function verified next add to the main program's in peak_states */
	env->cur_states = states;
	env->open_visits = NULL;
	if (!env->at_insn)
		return;
	for (i = 0; i < env->insn_cnt; i++) {
		env->at_insn[i] = NULL;
		env->bucket_states[i] = 0;
	}
}

/* The kernel's do_check_subprogs(): every global function a verified path calls is verified
 * once on its own, from the argument types of its BTF prototype; until no new one is called. */
static int check_global_subprogs(struct env *env)
{
	u32 i = 0;
	int ret;

	while ((i = calls_next_global(env, i))) {
		free_checkpoints(env);
		env->cur_parent = NULL;
		env->trace_cnt = 0;
		/* a fresh state has no jump history; the counts since the last stored
		 * state go on (the kernel's prev_insn_processed is not reset) */
		env->jmp_hist_cnt = 0;
		ret = calls_global_entry(env, i);
		if (ret)
			return ret;
		env->insn_idx = env->subprogs[i].start;
		env->prev_insn_idx = env->insn_idx;
		ret = do_check(env);
		if (ret)
			return ret;
		env->subprogs[i].verified = true;
	}
	return 0;
}

static void release(struct env *env)
{
	u32 i;

	free_checkpoints(env);
	path_release(env);
	for (i = 0; i < env->pend_cnt; i++) {
		free(env->pend[i].st);
		free(env->pend[i].trace);
	}
	free(env->trace);
	free(env->pend);
	free(env->at_insn);
	free(env->bucket_states);
	free(env->prune_point);
	free(env->jmp_point);
	free(env->force_checkpoint);
	free(env->live_regs);
	free(env->live_slots);
	free(env->reads_out);
	free(env->scc);
	free(env->aux_ptr_type);
	free(env->ld_map);
	free(env->dec);
	free(env->subprogs);
	free(env->cur);
}

int analysis_run(const struct prog *prog, const struct map_def *maps, u32 map_cnt,
		 const struct analysis_opts *opts, struct analysis_result *res)
{
	static const struct analysis_opts defaults = { .gpl = true };
	struct env *env;
	struct reg r1;
	int ret;

	memset(res, 0, sizeof(*res));
	env = calloc(1, sizeof(*env));
	if (!env)
		return -ENOMEM;
	env->prog = prog;
	env->insns = prog->insns;
	env->insn_cnt = prog->insn_cnt;
	env->maps = maps;
	env->map_cnt = map_cnt;
	env->prog_type = prog->pt.prog_type;
	env->attach_type = prog->pt.expected_attach_type;
	env->opts = opts ? *opts : defaults;
	env->res = res;
	res->insn_limit = env->opts.insn_limit ? env->opts.insn_limit : INSN_LIMIT;
	env->allow_uninit_stack = !env->opts.unpriv;
	env->allow_ptr_leaks = !env->opts.unpriv;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &env->start);

	if (!prog->insn_cnt) {
		ret = env_reject(env, "insn.empty", "program has no instructions");
		goto out;
	}
	ret = prepare(env);
	if (ret)
		goto out;
	if (env->opts.unpriv) {
		ret = env_unknown(env, "not modelled yet: unprivileged mode");
		goto out;
	}
	ret = kfuncs_check_prog(env);
	if (ret)
		goto out;
	ret = check_structure(env);
	if (ret)
		goto out;
	ret = liveness_compute(env) ?: liveness_compute_stack(env) ?: scc_compute(env);
	if (ret)
		goto out;
	ret = entry_reg(env, &r1);
	if (ret)
		goto out;
	state_init(env->cur, r1);
	env->insn_idx = 0;
	if (env->opts.mode == ANALYSIS_MODE_JOIN)
		ret = join_run(env);
	else
		ret = do_check(env) ?: check_global_subprogs(env);
	ret = ret ?: check_max_stack_depth(env);
	ret = ret ?: kfuncs_check_fixup(env);
out:
	if (ret == -ENOMEM && res->verdict == V_SAFE) {
		release(env);
		free(env);
		return -ENOMEM;
	}
	/* an outcome took them where it was reached (set_outcome()) */
	if (res->verdict == V_SAFE) {
		res->insn_processed = env->insn_processed;
		res->total_states = env->total_states;
		res->peak_states = env->peak_states;
	}
	release(env);
	free(env);
	return 0;
}
