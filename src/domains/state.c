/* Machine states: entry state, compact copies, subsumption (the kernel's states_equal() /
 * regsafe() / stacksafe() / refsafe() in kernel/bpf/verifier.c, without liveness: every
 * register and stack byte is treated as live, which only makes pruning rarer, never unsound),
 * reference bookkeeping, and the log line of print_verifier_state(). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "domains/state.h"

void state_init(struct state *st, struct reg r1)
{
	struct frame *f;
	int i;

	memset(st, 0, offsetof(struct state, frames[1]));
	f = &st->frames[0];
	for (i = 0; i < STATE_NREGS; i++)
		f->regs[i] = reg_not_init();
	f->regs[1] = r1;
	f->regs[10] = reg_ptr(PTR_TO_STACK, 0);
	stack_init(&f->stack);
}

size_t state_size(const struct state *st)
{
	return offsetof(struct state, frames) + (size_t)(st->curframe + 1) * sizeof(struct frame);
}

void state_copy(struct state *dst, const struct state *src)
{
	memcpy(dst, src, state_size(src));
}

bool state_equal(const struct state *a, const struct state *b)
{
	return a->curframe == b->curframe && !memcmp(a, b, state_size(a));
}

bool state_equal_live(const struct state *a, const struct state *b, const u16 *lregs,
		      const u64 *lslots)
{
	enum {
		REGS_END = offsetof(struct frame, frameno),
		STACK = offsetof(struct frame, stack),
		SLOTS_END = offsetof(struct frame, stack) + offsetof(struct stack, depth),
	};
	u32 fr, i;

	if (a->curframe != b->curframe || memcmp(a, b, offsetof(struct state, frames)))
		return false;
	for (fr = 0; fr <= a->curframe; fr++) {
		const struct frame *fa = &a->frames[fr], *fb = &b->frames[fr];
		const u8 *pa = (const u8 *)fa, *pb = (const u8 *)fb;

		for (i = 0; i < STATE_NREGS; i++)
			if ((lregs[fr] & (1u << i)) && i != STATE_NREGS - 1 &&
			    memcmp(&fa->regs[i], &fb->regs[i], sizeof(fa->regs[i])))
				return false;
		if (memcmp(&fa->regs[STATE_NREGS - 1], &fb->regs[STATE_NREGS - 1], sizeof(fa->regs[0])) ||
		    memcmp(pa + REGS_END, pb + REGS_END, STACK - REGS_END) ||
		    memcmp(pa + SLOTS_END, pb + SLOTS_END, sizeof(*fa) - SLOTS_END))
			return false;
		for (i = 0; i < STACK_SLOTS; i++)
			if ((lslots[fr] & (1ull << i)) &&
			    memcmp(&fa->stack.slot[i], &fb->stack.slot[i], sizeof(fa->stack.slot[i])))
				return false;
	}
	return true;
}

/* A slot read as a whole 64-bit scalar: the spilled scalar, or an unknown scalar for an all-misc
 * slot (the kernel's scalar_reg_for_stack()). */
static bool slot_as_scalar(const struct stack_slot *sl, struct reg *out)
{
	int j;

	if (sl->type[STACK_SLOT_SIZE - 1] == STACK_SPILL && sl->type[0] == STACK_SPILL &&
	    sl->spilled.type == SCALAR_VALUE) {
		*out = sl->spilled;
		return true;
	}
	for (j = 0; j < STACK_SLOT_SIZE; j++)
		if (sl->type[j] != STACK_MISC)
			return false;
	*out = reg_unknown();
	return true;
}

/* Whether @o's spilled register is a scalar that need not be compared (its slot not relied on,
 * @imprecise) and @c's is a scalar too (regsafe() of an imprecise old scalar). */
static bool spill_ignored(const struct stack_slot *o, const struct stack_slot *c, bool imprecise)
{
	return imprecise && o->type[STACK_SLOT_SIZE - 1] == STACK_SPILL &&
	       o->spilled.type == SCALAR_VALUE && c->type[STACK_SLOT_SIZE - 1] == STACK_SPILL &&
	       c->spilled.type == SCALAR_VALUE;
}

/* @imprecise: the slots (bit spi) whose spilled scalars need not be compared. */
static bool stack_leq(const struct stack *cur, const struct stack *old, struct idmap *m,
		      u64 imprecise, bool allow_uninit_stack)
{
	int spi, j;

	for (spi = 0; spi < STACK_SLOTS; spi++) {
		const struct stack_slot *o = &old->slot[spi], *c = &cur->slot[spi];
		struct reg ro, rc;
		bool all_ignored = true;
		u64 types;

		/* the common case first: a slot the explored path never wrote */
		memcpy(&types, o->type, sizeof(types));
		if (!types)
			continue;
		for (j = 0; j < STACK_SLOT_SIZE; j++)
			if (o->type[j] != STACK_INVALID &&
			    !(allow_uninit_stack && o->type[j] == STACK_MISC))
				all_ignored = false;
		if (all_ignored)
			continue;
		if (slot_as_scalar(o, &ro) && slot_as_scalar(c, &rc)) {
			if (!spill_ignored(o, c, imprecise & (1ull << spi)) && !reg_leq(&rc, &ro, m))
				return false;
			continue;
		}
		for (j = 0; j < STACK_SLOT_SIZE; j++) {
			u8 ot = o->type[j], ct = c->type[j];

			if (ot == STACK_INVALID || (allow_uninit_stack && ot == STACK_MISC))
				continue;
			/* misc covers zero; the opposite does not hold */
			if (ot == STACK_MISC && ct == STACK_ZERO)
				continue;
			if (ot != ct)
				return false;
		}
		if (o->type[STACK_SLOT_SIZE - 1] == STACK_SPILL &&
		    !spill_ignored(o, c, imprecise & (1ull << spi)) &&
		    !reg_leq(&c->spilled, &o->spilled, m))
			return false;
		if (stack_is_obj(old, spi) && !stack_obj_leq(c, o, m))
			return false;
	}
	return true;
}

/* Every header field other than the ones compared on their own (ref_cnt, refs, curframe, the
 * lock's id, compared modulo renaming), the loop-check counters (may_goto_depth,
 * callback_unroll_depth) and the lock's instruction (for messages) must be equal: per-path
 * fields that later changes add are covered without being named (exact equality is stricter
 * than the kernel's refsafe(), so never unsound). */
static bool header_equal(const struct state *cur, const struct state *old)
{
	enum { N = offsetof(struct state, refs) };
	u8 a[N], b[N];

	memcpy(a, cur, N);
	memcpy(b, old, N);
#define HDR_IGNORE(f)                                                        \
	do {                                                                 \
		memset(a + offsetof(struct state, f), 0, sizeof(cur->f));    \
		memset(b + offsetof(struct state, f), 0, sizeof(old->f));    \
	} while (0)
	HDR_IGNORE(may_goto_depth);
	HDR_IGNORE(callback_unroll_depth);
	HDR_IGNORE(active_lock_id);
	HDR_IGNORE(active_lock_insn);
#undef HDR_IGNORE
	return !memcmp(a, b, N);
}

/* refsafe(): the same references, in the same order, modulo renaming of their ids; any field
 * of struct ref after its kind (a lock's object, say) must match exactly. */
static bool refs_leq(const struct state *cur, const struct state *old, struct idmap *m)
{
	size_t tail = offsetof(struct ref, kind) + sizeof(((struct ref *)0)->kind);
	u32 i;

	for (i = 0; i < cur->ref_cnt; i++) {
		const struct ref *c = &cur->refs[i], *o = &old->refs[i];

		if (c->kind != o->kind || !idmap_check(m, o->id, c->id))
			return false;
		if (sizeof(struct ref) > tail &&
		    memcmp((const char *)c + tail, (const char *)o + tail, sizeof(struct ref) - tail))
			return false;
	}
	return true;
}

bool state_leq(const struct state *cur, const struct state *old, bool allow_uninit_stack)
{
	return state_leq_precise(cur, old, NULL, NULL, allow_uninit_stack);
}

bool state_leq_precise(const struct state *cur, const struct state *old, const u16 *precise,
		       const u64 *precise_slots, bool allow_uninit_stack)
{
	struct idmap m;
	u32 i, fr;

	if (cur->curframe != old->curframe || cur->ref_cnt != old->ref_cnt ||
	    !header_equal(cur, old))
		return false;
	idmap_reset(&m);
	/* refsafe(): the same lock held, modulo renaming of the value pointer's id */
	if (cur->active_locks != old->active_locks ||
	    (old->active_locks && (cur->active_lock_map != old->active_lock_map ||
				   !idmap_check(&m, old->active_lock_id, cur->active_lock_id))))
		return false;
	if (!refs_leq(cur, old, &m))
		return false;
	for (fr = 0; fr <= cur->curframe; fr++) {
		const struct frame *c = &cur->frames[fr], *o = &old->frames[fr];

		if (c->callsite != o->callsite)
			return false;
		/* func_states_equal(): an explored state that had run more callback iterations
		 * from this frame's call does not cover one that ran fewer */
		if (o->callback_depth > c->callback_depth)
			return false;
		for (i = 0; i < STATE_NREGS; i++) {
			/* an imprecise old scalar covers any scalar, whatever its id; only the
			 * current frame's marks are tracked, callers' registers always count */
			if (precise && fr == old->curframe && !(precise[fr] & (1u << i)) &&
			    o->regs[i].type == SCALAR_VALUE && c->regs[i].type == SCALAR_VALUE)
				continue;
			if (!reg_leq(&c->regs[i], &o->regs[i], &m))
				return false;
		}
		if (!stack_leq(&c->stack, &o->stack, &m, precise ? ~precise_slots[fr] : 0,
			       allow_uninit_stack))
			return false;
	}
	return true;
}

int state_acquire_ref(struct state *st, u32 id, u32 insn_idx, u32 kind)
{
	if (st->ref_cnt == STATE_MAX_REFS)
		return -E2BIG;
	st->refs[st->ref_cnt].id = id;
	st->refs[st->ref_cnt].insn_idx = insn_idx;
	st->refs[st->ref_cnt].kind = kind;
	st->ref_cnt++;
	return 0;
}

int state_release_ref(struct state *st, u32 id)
{
	u32 i;

	for (i = 0; i < st->ref_cnt; i++) {
		if (st->refs[i].id != id)
			continue;
		memmove(&st->refs[i], &st->refs[i + 1], (st->ref_cnt - i - 1) * sizeof(st->refs[0]));
		st->ref_cnt--;
		memset(&st->refs[st->ref_cnt], 0, sizeof(st->refs[0]));
		return 0;
	}
	return -ENOENT;
}

bool state_has_ref(const struct state *st, u32 id)
{
	u32 i;

	for (i = 0; i < st->ref_cnt; i++)
		if (st->refs[i].id == id)
			return true;
	return false;
}

int state_fmt(char *buf, size_t size, const struct state *st, const struct map_def *maps,
	      u32 map_cnt)
{
	return state_fmt_some(buf, size, st, st->curframe, ~0u, ~0ull, maps, map_cnt);
}

int state_fmt_some(char *buf, size_t size, const struct state *st, u32 frameno, u32 regs,
		   u64 slots, const struct map_def *maps, u32 map_cnt)
{
	const struct frame *f = &st->frames[frameno];
	const char *sep = "";
	char tmp[512];
	size_t len = 0;
	int i, n;

#define ADD(...)                                                                          \
	do {                                                                              \
		n = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,  \
			     __VA_ARGS__);                                                \
		if (n > 0)                                                                \
			len += n;                                                         \
	} while (0)

	if (size)
		buf[0] = 0;
	if (frameno) {
		ADD("frame%u:", frameno);
		sep = " ";
	}
	for (i = 0; i < STATE_NREGS; i++) {
		if (f->regs[i].type == NOT_INIT || !(regs & (1u << i)))
			continue;
		reg_fmt(tmp, sizeof(tmp), &f->regs[i], maps, map_cnt);
		if (f->regs[i].type == PTR_TO_STACK && f->regs[i].frameno != frameno &&
		    !strncmp(tmp, "fp", 2))	/* another frame's stack: "fp[N]-8" */
			ADD("%sR%d=fp[%u]%s", sep, i, f->regs[i].frameno, tmp + 2);
		else
			ADD("%sR%d=%s", sep, i, tmp);
		sep = " ";
	}
	for (i = 0; i < STACK_SLOTS; i++) {
		if (!(slots & (1ull << i)) || !stack_slot_fmt(tmp, sizeof(tmp), &f->stack, i, maps, map_cnt))
			continue;
		ADD("%sfp%d=%s", sep, (-i - 1) * STACK_SLOT_SIZE, tmp);
		sep = " ";
	}
	if (st->ref_cnt) {
		ADD("%srefs=%u", sep, st->refs[0].id);
		for (i = 1; i < (int)st->ref_cnt; i++)
			ADD(",%u", st->refs[i].id);
	}
	/* the kernel keeps the held lock among the references (shown last here) */
	if (st->active_locks)
		ADD("%s%u", st->ref_cnt ? "," : (*sep ? " refs=" : "refs="), st->active_lock_id);
#undef ADD
	return (int)len;
}

/* ---- Join and widening (the join engine, src/analysis/join.c) ----
 *
 * The join of two states must cover every concrete machine state either covers, and must never
 * let a later instruction do with a register what one of the two paths could not: a register
 * that is a pointer on one path and a scalar (or another kind of pointer) on the other becomes
 * NOT_INIT, so that any read of it is refused. Ids are joined as partitions: two registers share
 * an id in the join only when they share one on both sides. */

/* Pairs (id in a, id in b) -> id in the join. */
struct id_join {
	u32 cnt;
	u32 a[IDMAP_MAX * 4], b[IDMAP_MAX * 4], out[IDMAP_MAX * 4];
	u32 used_cnt;
	u32 used[IDMAP_MAX * 8];	/* ids given out */
	u32 *id_gen;
};

static bool id_used(const struct id_join *j, u32 id)
{
	u32 i;

	for (i = 0; i < j->used_cnt; i++)
		if (j->used[i] == id)
			return true;
	return false;
}

static u32 id_give(struct id_join *j, u32 want)
{
	u32 id = want && !id_used(j, want) ? want : ++*j->id_gen;

	if (j->used_cnt < ARRAY_SIZE(j->used))
		j->used[j->used_cnt++] = id;
	return id;
}

/* Reserves id @id for the pair (@id, @id) (references, the lock). */
static void id_reserve(struct id_join *j, u32 id)
{
	if (!id || j->cnt >= ARRAY_SIZE(j->a))
		return;
	j->a[j->cnt] = j->b[j->cnt] = id;
	j->out[j->cnt++] = id_give(j, id);
}

/* The joined id of a register whose ids are @a and @b. An id 0 on one side only says the
 * register is linked to nothing there: it gets an id of its own. */
static u32 id_pair(struct id_join *j, u32 a, u32 b)
{
	u32 i;

	if (!a && !b)
		return 0;
	if (!a || !b)
		return id_give(j, a ? a : b);
	for (i = 0; i < j->cnt; i++)
		if (j->a[i] == a && j->b[i] == b)
			return j->out[i];
	if (j->cnt >= ARRAY_SIZE(j->a))
		return ++*j->id_gen;	/* table full: an id of its own (less precise, sound) */
	j->a[j->cnt] = a;
	j->b[j->cnt] = b;
	j->out[j->cnt] = id_give(j, a);
	return j->out[j->cnt++];
}

/* Pointer kinds whose checks read fixed and variable offset together, so that two fixed
 * offsets may be folded into one variable offset. */
static bool ptr_var_off_ok(u32 base)
{
	return base == PTR_TO_MAP_VALUE || base == PTR_TO_PACKET || base == PTR_TO_PACKET_META ||
	       base == PTR_TO_STACK;
}

/* @var moved by the constant @delta (the offset @r would have at fixed offset @off). */
static struct scalar var_rebase(const struct reg *r, s32 off)
{
	struct scalar d = scalar_const((u64)(s64)((s64)r->off - off));

	return scalar_add(&r->var, &d, 64);
}

/* A packet pointer's range (bytes known to lie before the packet end, counted from the pointer
 * minus its fixed offset) seen from fixed offset @off instead: the same bytes end there. */
static u32 range_rebase(const struct reg *r, s32 off)
{
	s64 v = (s64)r->range - ((s64)r->off - off);

	return v < 0 ? 0 : (u32)min_t(s64, v, UINT32_MAX);
}

/* Pointer kinds the kernel itself has in an "_or_null" form (a lookup's result), at offset 0
 * with no reference: NULL on one path and such a pointer on the other join into it. */
static bool nullable_ptr(const struct reg *r)
{
	u32 base = reg_base(r);

	return (base == PTR_TO_MAP_VALUE || base == PTR_TO_SOCKET || base == PTR_TO_SOCK_COMMON ||
		base == PTR_TO_TCP_SOCK || base == PTR_TO_MEM || base == PTR_TO_BTF_ID) &&
	       !r->off && reg_var_is_const(r) && !r->ref_obj_id;
}

/* NULL (a scalar 0) joined with pointer @p: @p or NULL, linked to no other register (on the NULL
 * path nothing ties them). */
static struct reg null_join(const struct reg *p, struct id_join *j)
{
	struct reg r = *p;

	r.type |= REG_MAYBE_NULL;
	r.id = id_give(j, p->id);
	return r;
}

static struct reg reg_join(const struct reg *a, const struct reg *b, struct id_join *j)
{
	struct reg r = reg_not_init();
	u32 ta = a->type & ~REG_MAYBE_NULL, tb = b->type & ~REG_MAYBE_NULL;

	if (a->type == NOT_INIT || b->type == NOT_INIT)
		return r;
	if (reg_is_scalar(a) && reg_is_scalar(b)) {
		r = reg_scalar(scalar_join(&a->var, &b->var));
		r.id = id_pair(j, a->id, b->id);
		return r;
	}
	if (reg_is_null(a) && reg_is_ptr(b) && nullable_ptr(b))
		return null_join(b, j);
	if (reg_is_null(b) && reg_is_ptr(a) && nullable_ptr(a))
		return null_join(a, j);
	if (!reg_is_ptr(a) || !reg_is_ptr(b) || ta != tb || a->map_idx != b->map_idx ||
	    a->frameno != b->frameno || a->ref_obj_id != b->ref_obj_id ||
	    a->btf_sock != b->btf_sock || a->btf_id != b->btf_id)
		return r;
	if (!reg_is_pkt(a) && a->range != b->range)
		return r;	/* mem_size, subprogram: part of the type */
	r = *a;
	r.type = a->type | (b->type & REG_MAYBE_NULL);
	if (a->off == b->off) {
		r.var = scalar_join(&a->var, &b->var);
	} else if (ptr_var_off_ok(reg_base(a))) {
		struct scalar va, vb;

		r.off = min_t(s32, a->off, b->off);
		va = var_rebase(a, r.off);
		vb = var_rebase(b, r.off);
		r.var = scalar_join(&va, &vb);
	} else {
		return reg_not_init();
	}
	if (reg_is_pkt(a))
		r.range = min_t(u32, range_rebase(a, r.off), range_rebase(b, r.off));
	if (a->pkt_end != b->pkt_end)
		r.pkt_end = REG_PKT_END_UNKNOWN;
	/* a pointer whose offsets were folded is linked to no other: the registers of one id
	 * share their base (the pointer minus its fixed offset), which a bounds check on one of
	 * them extends to all (packet ranges) */
	r.id = a->off == b->off ? id_pair(j, a->id, b->id) : id_give(j, a->id);
	/* a null check refines every register of the pointer's id: never 0 */
	if (reg_may_be_null(&r) && !r.id)
		r.id = id_give(j, 0);
	return r;
}

static void slot_join(struct stack_slot *out, const struct stack_slot *a,
		      const struct stack_slot *b, struct id_join *j)
{
	bool sa = a->type[STACK_SLOT_SIZE - 1] == STACK_SPILL;
	bool sb = b->type[STACK_SLOT_SIZE - 1] == STACK_SPILL;
	int k;

	out->spilled = reg_not_init();
	if (sa && sb && !memcmp(a->type, b->type, sizeof(a->type))) {
		memcpy(out->type, a->type, sizeof(out->type));
		out->spilled = reg_join(&a->spilled, &b->spilled, j);
		return;
	}
	if ((sa && a->spilled.type != SCALAR_VALUE) || (sb && b->spilled.type != SCALAR_VALUE)) {
		/* a spilled pointer on one side: a spill of nothing, which no fill can use */
		memset(out->type, STACK_SPILL, sizeof(out->type));
		return;
	}
	/* bytes: spilled scalars read as unknown data, zero and misc are misc, never-written
	 * stays never-written */
	for (k = 0; k < STACK_SLOT_SIZE; k++) {
		u8 ta = a->type[k] == STACK_SPILL ? STACK_MISC : a->type[k];
		u8 tb = b->type[k] == STACK_SPILL ? STACK_MISC : b->type[k];

		if (ta == tb)
			out->type[k] = ta;
		else if (ta == STACK_INVALID || tb == STACK_INVALID)
			out->type[k] = STACK_INVALID;
		else
			out->type[k] = STACK_MISC;
	}
}

const char *state_join(struct state *out, const struct state *a, const struct state *b,
		       u32 *id_gen)
{
	struct id_join *j;
	u32 fr, i;

	if (a->curframe != b->curframe)
		return "call frames differ";
	if (a->ref_cnt != b->ref_cnt ||
	    memcmp(a->refs, b->refs, a->ref_cnt * sizeof(a->refs[0])))
		return "acquired references differ";
	if (a->active_locks != b->active_locks ||
	    (a->active_locks && (a->active_lock_id != b->active_lock_id ||
				 a->active_lock_map != b->active_lock_map)))
		return "held locks differ";
	j = calloc(1, sizeof(*j));
	if (!j)
		return "out of memory";
	j->id_gen = id_gen;
	for (i = 0; i < a->ref_cnt; i++)
		id_reserve(j, a->refs[i].id);
	if (a->active_locks)
		id_reserve(j, a->active_lock_id);
	memcpy(out, a, offsetof(struct state, frames));
	out->may_goto_depth = 0;
	out->callback_unroll_depth = 0;
	if (a->active_lock_insn != b->active_lock_insn)
		out->active_lock_insn = min_t(u32, a->active_lock_insn, b->active_lock_insn);
	for (fr = 0; fr <= a->curframe; fr++) {
		const struct frame *fa = &a->frames[fr], *fb = &b->frames[fr];
		struct frame *fo = &out->frames[fr];

		if (fa->callsite != fb->callsite || fa->subprog != fb->subprog ||
		    fa->frameno != fb->frameno) {
			free(j);
			return "call frames differ";
		}
		memset(fo, 0, sizeof(*fo));
		fo->frameno = fa->frameno;
		fo->callsite = fa->callsite;
		fo->subprog = fa->subprog;
		fo->callback_depth = min_t(u32, fa->callback_depth, fb->callback_depth);
		for (i = 0; i < STATE_NREGS; i++)
			fo->regs[i] = reg_join(&fa->regs[i], &fb->regs[i], j);
		for (i = 0; i < STACK_SLOTS; i++)
			slot_join(&fo->stack.slot[i], &fa->stack.slot[i], &fb->stack.slot[i], j);
		fo->stack.depth = max_t(u32, fa->stack.depth, fb->stack.depth);
	}
	free(j);
	return NULL;
}

/* Thresholds for widening: constants the loop compares with. A bound that moves jumps to the
 * nearest threshold beyond it, and to the extreme only when there is none. */
struct widen_th {
	const s64 *v;
	u32 cnt;
};

static bool th_up(const struct widen_th *th, s64 cur, s64 hi, bool is_unsigned, s64 *out)
{
	bool found = false;
	u32 i;

	for (i = 0; th && i < th->cnt; i++) {
		s64 t = th->v[i];
		bool ge = is_unsigned ? (u64)t >= (u64)cur : t >= cur;
		bool le = is_unsigned ? (u64)t <= (u64)hi : t <= hi;
		bool better = !found || (is_unsigned ? (u64)t < (u64)*out : t < *out);

		if (ge && le && better) {
			*out = t;
			found = true;
		}
	}
	return found;
}

static bool th_down(const struct widen_th *th, s64 cur, s64 lo, bool is_unsigned, s64 *out)
{
	bool found = false;
	u32 i;

	for (i = 0; th && i < th->cnt; i++) {
		s64 t = th->v[i];
		bool le = is_unsigned ? (u64)t <= (u64)cur : t <= cur;
		bool ge = is_unsigned ? (u64)t >= (u64)lo : t >= lo;
		bool better = !found || (is_unsigned ? (u64)t > (u64)*out : t > *out);

		if (le && ge && better) {
			*out = t;
			found = true;
		}
	}
	return found;
}

/* scalar_widen() with thresholds; in a tnum that lost bits, every bit from the lowest lost one up
 * is lost (a tnum would climb one bit per iteration, 64 steps for a counter). Above @cur in
 * every component. */
static struct scalar var_widen(const struct scalar *old, const struct scalar *cur,
			       const struct widen_th *th)
{
	struct scalar w = scalar_widen(old, cur);
	s64 t;

	if (w.var_off.mask & ~old->var_off.mask) {
		/* the lowest bit that became unknown and every bit above it: unknown; the known low
		 * bits (a counter's stride) stay */
		u64 grown = w.var_off.mask & ~old->var_off.mask;
		u64 low = grown & -grown;

		w.var_off.mask |= ~(low - 1);
		w.var_off.value &= ~w.var_off.mask;
	}
	if (cur->umax > old->umax && th_up(th, (s64)cur->umax, -1, true, &t))
		w.umax = (u64)t;
	if (cur->umin < old->umin && th_down(th, (s64)cur->umin, 0, true, &t))
		w.umin = (u64)t;
	if (cur->smax > old->smax && th_up(th, cur->smax, INT64_MAX, false, &t))
		w.smax = t;
	if (cur->smin < old->smin && th_down(th, cur->smin, INT64_MIN, false, &t))
		w.smin = t;
	if (cur->u32_max > old->u32_max && th_up(th, cur->u32_max, UINT32_MAX, false, &t))
		w.u32_max = (u32)t;
	if (cur->u32_min < old->u32_min && th_down(th, cur->u32_min, 0, false, &t))
		w.u32_min = (u32)t;
	if (cur->s32_max > old->s32_max && th_up(th, cur->s32_max, INT32_MAX, false, &t))
		w.s32_max = (s32)t;
	if (cur->s32_min < old->s32_min && th_down(th, cur->s32_min, INT32_MIN, false, &t))
		w.s32_min = (s32)t;
	/* a threshold meets the known low bits: the bounds tighten to the values the tnum allows
	 * (a reduction: the same values, so still above @cur) */
	scalar_sync(&w);
	return w;
}

/* Widening of one register: the variable part of a scalar or of a pointer's offset, against
 * its previous value at the loop head, the fixed offset kept at the old one. */
static void reg_widen(struct reg *cur, const struct reg *old, const struct widen_th *th)
{
	struct scalar v;

	if (reg_is_scalar(cur) && reg_is_scalar(old)) {
		cur->var = var_widen(&old->var, &cur->var, th);
		return;
	}
	if (!reg_is_ptr(cur) || cur->type != old->type)
		return;
	if (cur->off != old->off) {
		if (!ptr_var_off_ok(reg_base(cur))) {
			*cur = reg_not_init();
			return;
		}
		v = var_rebase(cur, old->off);
		if (reg_is_pkt(cur))
			cur->range = range_rebase(cur, old->off);
		cur->off = old->off;
		cur->var = v;
	}
	cur->var = var_widen(&old->var, &cur->var, NULL);
}

void state_widen(struct state *cur, const struct state *old, const s64 *th, u32 th_cnt)
{
	struct widen_th t = { th, th_cnt };
	u32 fr, i;

	if (cur->curframe != old->curframe)
		return;
	for (fr = 0; fr <= cur->curframe; fr++) {
		struct frame *fc = &cur->frames[fr];
		const struct frame *fo = &old->frames[fr];

		for (i = 0; i < STATE_NREGS; i++)
			reg_widen(&fc->regs[i], &fo->regs[i], &t);
		for (i = 0; i < STACK_SLOTS; i++)
			if (stack_is_spill(&fc->stack, (int)i) && stack_is_spill(&fo->stack, (int)i))
				reg_widen(&fc->stack.slot[i].spilled, &fo->stack.slot[i].spilled,
					  &t);
	}
}
