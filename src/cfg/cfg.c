/* Building the control-flow graph: subprograms, basic blocks, typed edges (see cfg.h).
 *
 * Four linear passes over the instruction slots, then the analyses of loops.c:
 *  1. subprogram starts: 0 and every in-range target of a bpf-to-bpf call or of a callback
 *     reference, scanning every slot as the kernel's add_subprog_and_kfunc() does;
 *  2. instruction starts per subprogram (a ld_imm64 whose second half would cross into the next
 *     subprogram is a one-slot instruction of its own, as for the kernel, which sees the
 *     subprogram end there);
 *  3. leaders: subprogram starts, valid jump targets, and what follows a jump, an exit or a
 *     bpf-to-bpf call;
 *  4. blocks from leader to leader, a virtual exit block per subprogram, and the edges of each
 *     block's last instruction, in the order the kernel's DFS takes them (fall-through first),
 *     callback references last.
 * Nothing here rejects a program: invalid targets simply make no edge. */
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "isa/insn.h"
#include "vec.h"

enum {
	M_SUB = 1 << 0,		/* a subprogram starts here */
	M_CALLED = 1 << 1,	/* ... as the target of a bpf-to-bpf call */
	M_CALLBACK = 1 << 2,	/* ... as the target of a callback reference */
	M_INSN = 1 << 3,	/* an instruction starts here */
	M_LEADER = 1 << 4,	/* a block starts here */
};

static bool is_pseudo_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL;
}

static bool is_pseudo_func(const struct bpf_insn *in)
{
	return insn_is_ldimm64(in) && in->src_reg == BPF_PSEUDO_FUNC;
}

/* Target of a call or callback reference at @i; may be out of range. */
static s64 ref_target(const struct bpf_insn *insns, u32 i)
{
	return (s64)i + insns[i].imm + 1;
}

/* Decodes the instruction at @i of subprogram @s: instructions never cross its end. A failed
 * decode (truncated ld_imm64) is a one-slot INSN_INVALID. */
static void decode_in(const struct cfg *cfg, const struct cfg_subprog *s, u32 i, struct insn *in)
{
	if (insn_decode(cfg->insns, s->end, i, in)) {
		memset(in, 0, sizeof(*in));
		in->kind = INSN_INVALID;
		in->slots = 1;
	}
}

static bool is_jump_kind(enum insn_kind k)
{
	return k == INSN_JA || k == INSN_JMP_COND || k == INSN_MAY_GOTO;
}

/* Valid intraprocedural target: inside @s and on an instruction start. */
static bool valid_target(const u8 *mark, const struct cfg_subprog *s, s64 t)
{
	return t >= s->start && t < s->end && (mark[t] & M_INSN);
}

static int find_subprogs(struct cfg *cfg, u8 *mark)
{
	const struct prog *prog = cfg->prog;
	u32 i, n = 0, k = 0, f = 0;

	if (!cfg->insn_cnt)
		return 0;
	mark[0] |= M_SUB;
	for (i = 0; i < cfg->insn_cnt; i++) {
		const struct bpf_insn *in = &cfg->insns[i];
		s64 t;

		if (!is_pseudo_call(in) && !is_pseudo_func(in))
			continue;
		t = ref_target(cfg->insns, i);
		if (t < 0 || t >= cfg->insn_cnt)
			continue;
		mark[t] |= M_SUB | (is_pseudo_call(in) ? M_CALLED : M_CALLBACK);
	}
	for (i = 0; i < cfg->insn_cnt; i++)
		n += !!(mark[i] & M_SUB);
	cfg->subprogs = xcalloc(n, sizeof(*cfg->subprogs));
	if (!cfg->subprogs)
		return -ENOMEM;
	for (i = 0; i < cfg->insn_cnt; i++) {
		struct cfg_subprog *s;

		if (!(mark[i] & M_SUB))
			continue;
		s = &cfg->subprogs[k++];
		s->start = i;
		s->flags = (i == 0 ? CFG_SUB_MAIN : 0) | (mark[i] & M_CALLED ? CFG_SUB_CALLED : 0) |
			   (mark[i] & M_CALLBACK ? CFG_SUB_CALLBACK : 0);
		s->func = CFG_NONE;
		while (f < prog->func_cnt && prog->funcs[f].insn_idx < i)
			f++;
		if (f < prog->func_cnt && prog->funcs[f].insn_idx == i)
			s->func = f;
		if (k > 1)
			cfg->subprogs[k - 2].end = i;
	}
	cfg->subprogs[n - 1].end = cfg->insn_cnt;
	cfg->subprog_cnt = n;
	return 0;
}

/* Passes 2 and 3: instruction starts and leaders; returns the number of real blocks. */
static u32 find_leaders(struct cfg *cfg, u8 *mark)
{
	u32 s, i, nblocks = 0;
	struct insn in;

	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];

		for (i = sp->start; i < sp->end; i += in.slots) {
			mark[i] |= M_INSN;
			decode_in(cfg, sp, i, &in);
		}
	}
	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];

		mark[sp->start] |= M_LEADER;
		for (i = sp->start; i < sp->end; i += in.slots) {
			u32 next;

			decode_in(cfg, sp, i, &in);
			next = i + in.slots;
			if (is_jump_kind(in.kind)) {
				s64 t = (s64)i + 1 + in.jmp_off;

				if (valid_target(mark, sp, t))
					mark[t] |= M_LEADER;
			} else if (in.kind != INSN_EXIT && in.kind != INSN_CALL_PSEUDO) {
				continue;
			}
			if (next < sp->end)
				mark[next] |= M_LEADER;
		}
	}
	for (i = 0; i < cfg->insn_cnt; i++)
		nblocks += !!(mark[i] & M_LEADER);
	return nblocks;
}

static int make_blocks(struct cfg *cfg, const u8 *mark, u32 nreal)
{
	u32 s, i, nb = 0;

	cfg->blocks = xcalloc(nreal + cfg->subprog_cnt, sizeof(*cfg->blocks));
	if (!cfg->blocks)
		return -ENOMEM;
	for (s = 0; s < cfg->subprog_cnt; s++) {
		struct cfg_subprog *sp = &cfg->subprogs[s];
		struct cfg_block *b = NULL;
		struct insn in;

		sp->block_start = nb;
		sp->entry = nb;
		for (i = sp->start; i < sp->end; i += in.slots) {
			u32 k;

			decode_in(cfg, sp, i, &in);
			if (mark[i] & M_LEADER) {
				b = &cfg->blocks[nb++];
				b->start = i;
				b->subprog = s;
			}
			b->last = i;
			b->end = i + in.slots;
			for (k = i; k < b->end; k++)
				cfg->insn_block[k] = b - cfg->blocks;
			if (in.kind == INSN_CALL_PSEUDO)
				b->flags |= CFG_BLOCK_CALL;
		}
		b = &cfg->blocks[nb++];
		b->start = b->end = sp->end;
		b->last = CFG_NONE;
		b->subprog = s;
		b->flags = CFG_BLOCK_EXIT;
		sp->exit = b - cfg->blocks;
		sp->block_cnt = nb - sp->block_start;
		cfg->blocks[sp->entry].flags |= CFG_BLOCK_ENTRY;
	}
	cfg->block_cnt = nb;
	return 0;
}

struct edge_buf {
	struct cfg *cfg;
	u32 cap;
};

static int add_edge(struct edge_buf *eb, u32 src, u32 dst, u32 insn, enum cfg_edge_kind kind)
{
	struct cfg *cfg = eb->cfg;

	if (vec_grow(&cfg->edges, &eb->cap, cfg->edge_cnt + 1))
		return -ENOMEM;
	cfg->edges[cfg->edge_cnt++] = (struct cfg_edge){ .src = src, .dst = dst, .insn = insn,
							  .kind = kind };
	return 0;
}

/* The block starting at instruction @t of subprogram @sp, or CFG_NONE. */
static u32 block_at(const struct cfg *cfg, const u8 *mark, const struct cfg_subprog *sp, s64 t)
{
	if (!valid_target(mark, sp, t))
		return CFG_NONE;
	return cfg->insn_block[t];
}

static u32 callee_entry(const struct cfg *cfg, const struct bpf_insn *insns, u32 i)
{
	s64 t = ref_target(insns, i);
	u32 s;

	if (t < 0 || t >= cfg->insn_cnt)
		return CFG_NONE;
	s = cfg_subprog_at(cfg, t);
	return s == CFG_NONE ? CFG_NONE : cfg->subprogs[s].entry;
}

static int block_edges(struct edge_buf *eb, const u8 *mark, u32 bi)
{
	struct cfg *cfg = eb->cfg;
	const struct cfg_block *b = &cfg->blocks[bi];
	const struct cfg_subprog *sp = &cfg->subprogs[b->subprog];
	u32 next = b->end < sp->end ? cfg->insn_block[b->end] : CFG_NONE;
	u32 i = b->last, t;
	struct insn in;
	int err = 0;

	decode_in(cfg, sp, i, &in);
	switch (in.kind) {
	case INSN_EXIT:
		err = add_edge(eb, bi, sp->exit, i, CFG_EDGE_EXIT);
		break;
	case INSN_JA:
		t = block_at(cfg, mark, sp, (s64)i + 1 + in.jmp_off);
		if (t != CFG_NONE)
			err = add_edge(eb, bi, t, i, CFG_EDGE_JUMP);
		break;
	case INSN_JMP_COND:
	case INSN_MAY_GOTO:
		if (next != CFG_NONE)
			err = add_edge(eb, bi, next, i, CFG_EDGE_NOT_TAKEN);
		t = block_at(cfg, mark, sp, (s64)i + 1 + in.jmp_off);
		if (!err && t != CFG_NONE)
			err = add_edge(eb, bi, t, i,
				       in.kind == INSN_MAY_GOTO ? CFG_EDGE_MAY_GOTO : CFG_EDGE_TAKEN);
		break;
	case INSN_CALL_PSEUDO:
		if (next != CFG_NONE)
			err = add_edge(eb, bi, next, i, CFG_EDGE_CALL_RETURN);
		t = callee_entry(cfg, cfg->insns, i);
		if (!err && t != CFG_NONE)
			err = add_edge(eb, bi, t, i, CFG_EDGE_CALL);
		break;
	default:
		if (next != CFG_NONE)
			err = add_edge(eb, bi, next, i, CFG_EDGE_FALLTHROUGH);
		break;
	}
	for (i = b->start; !err && i < b->end; i += in.slots) {
		decode_in(cfg, sp, i, &in);
		if (in.slots != 2 || !is_pseudo_func(&cfg->insns[i]))
			continue;
		t = callee_entry(cfg, cfg->insns, i);
		if (t != CFG_NONE)
			err = add_edge(eb, bi, t, i, CFG_EDGE_CALLBACK);
	}
	return err;
}

static int make_edges(struct cfg *cfg, const u8 *mark)
{
	struct edge_buf eb = { .cfg = cfg };
	u32 b, e, *cursor = NULL;
	int err = 0;

	for (b = 0; b < cfg->block_cnt && !err; b++) {
		cfg->blocks[b].succ_off = cfg->edge_cnt;
		if (!(cfg->blocks[b].flags & CFG_BLOCK_EXIT))
			err = block_edges(&eb, mark, b);
		cfg->blocks[b].succ_cnt = cfg->edge_cnt - cfg->blocks[b].succ_off;
	}
	if (err)
		return err;
	cfg->succ = xcalloc(cfg->edge_cnt, sizeof(u32));
	cfg->pred = xcalloc(cfg->edge_cnt, sizeof(u32));
	cursor = xcalloc(cfg->block_cnt, sizeof(u32));
	if (!cfg->succ || !cfg->pred || !cursor) {
		free(cursor);
		return -ENOMEM;
	}
	/* edges are appended per source block: succ is the identity; pred a counting sort */
	for (e = 0; e < cfg->edge_cnt; e++) {
		cfg->succ[e] = e;
		cfg->blocks[cfg->edges[e].dst].pred_cnt++;
	}
	for (b = 0, e = 0; b < cfg->block_cnt; b++) {
		cfg->blocks[b].pred_off = e;
		cursor[b] = e;
		e += cfg->blocks[b].pred_cnt;
	}
	for (e = 0; e < cfg->edge_cnt; e++)
		cfg->pred[cursor[cfg->edges[e].dst]++] = e;
	free(cursor);
	return 0;
}

int cfg_build(const struct prog *prog, struct cfg **out)
{
	struct cfg *cfg;
	u8 *mark = NULL;
	u32 i, nreal;
	int err;

	*out = NULL;
	cfg = xcalloc(1, sizeof(*cfg));
	if (!cfg)
		return -ENOMEM;
	cfg->prog = prog;
	cfg->insns = prog->insns;
	cfg->insn_cnt = prog->insn_cnt;
	mark = xcalloc(cfg->insn_cnt, 1);
	cfg->insn_block = xcalloc(cfg->insn_cnt, sizeof(u32));
	if (!mark || !cfg->insn_block) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cfg->insn_cnt; i++)
		cfg->insn_block[i] = CFG_NONE;
	err = find_subprogs(cfg, mark);
	if (err)
		goto out;
	nreal = find_leaders(cfg, mark);
	err = make_blocks(cfg, mark, nreal);
	err = err ?: make_edges(cfg, mark);
	err = err ?: cfg_analyze(cfg);
out:
	free(mark);
	if (err) {
		cfg_free(cfg);
		return err;
	}
	*out = cfg;
	return 0;
}

void cfg_free(struct cfg *cfg)
{
	if (!cfg)
		return;
	free(cfg->blocks);
	free(cfg->edges);
	free(cfg->succ);
	free(cfg->pred);
	free(cfg->subprogs);
	free(cfg->loops);
	free(cfg->wto);
	free(cfg->insn_block);
	free(cfg);
}

u32 cfg_subprog_at(const struct cfg *cfg, u32 insn)
{
	u32 lo = 0, hi = cfg->subprog_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (cfg->subprogs[mid].start == insn)
			return mid;
		if (cfg->subprogs[mid].start < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CFG_NONE;
}

bool cfg_dominates(const struct cfg *cfg, u32 a, u32 b)
{
	/* walk @b's dominator chain; depth is bounded by the block count */
	while (b != CFG_NONE) {
		if (b == a)
			return true;
		b = cfg->blocks[b].idom;
	}
	return false;
}

const char *cfg_edge_kind_name(u8 kind)
{
	static const char *const names[] = {
		[CFG_EDGE_FALLTHROUGH] = "fallthrough",
		[CFG_EDGE_TAKEN] = "taken",
		[CFG_EDGE_NOT_TAKEN] = "not_taken",
		[CFG_EDGE_JUMP] = "jump",
		[CFG_EDGE_MAY_GOTO] = "may_goto",
		[CFG_EDGE_CALL_RETURN] = "call_return",
		[CFG_EDGE_EXIT] = "exit",
		[CFG_EDGE_CALL] = "call",
		[CFG_EDGE_CALLBACK] = "callback",
	};

	return kind < ARRAY_SIZE(names) && names[kind] ? names[kind] : "?";
}
