/* Machine states: entry state, compact copies, subsumption (the kernel's states_equal() /
 * regsafe() / stacksafe() / refsafe() in kernel/bpf/verifier.c, without liveness: every
 * register and stack byte is treated as live, which only makes pruning rarer, never unsound),
 * reference bookkeeping, and the log line of print_verifier_state(). */
#include <stddef.h>
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

static bool stack_leq(const struct stack *cur, const struct stack *old, struct idmap *m,
		      bool allow_uninit_stack)
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
			if (!reg_leq(&rc, &ro, m))
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
		    !reg_leq(&c->spilled, &o->spilled, m))
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
	return state_leq_precise(cur, old, NULL, allow_uninit_stack);
}

bool state_leq_precise(const struct state *cur, const struct state *old, const u16 *precise,
		       bool allow_uninit_stack)
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
		if (!stack_leq(&c->stack, &o->stack, &m, allow_uninit_stack))
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
	const struct frame *f = &st->frames[st->curframe];
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
	if (st->curframe) {
		ADD("frame%u:", st->curframe);
		sep = " ";
	}
	for (i = 0; i < STATE_NREGS; i++) {
		if (f->regs[i].type == NOT_INIT)
			continue;
		reg_fmt(tmp, sizeof(tmp), &f->regs[i], maps, map_cnt);
		ADD("%sR%d=%s", sep, i, tmp);
		sep = " ";
	}
	for (i = 0; i < STACK_SLOTS; i++) {
		if (!stack_slot_fmt(tmp, sizeof(tmp), &f->stack, i, maps, map_cnt))
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
