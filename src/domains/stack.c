/* Stack slots: initialisation, spill predicates and the log format of print_verifier_state()
 * (kernel/bpf/log.c) for stack slots. The write and read rules live in src/checks/mem.c. */
#include <string.h>

#include "domains/stack.h"

void stack_init(struct stack *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < STACK_SLOTS; i++)
		s->slot[i].spilled = reg_not_init();
}

bool stack_is_spill(const struct stack *s, int spi)
{
	return s->slot[spi].type[STACK_SLOT_SIZE - 1] == STACK_SPILL;
}

void stack_scrub_slot(struct stack *s, int spi)
{
	int j;

	for (j = 0; j < STACK_SLOT_SIZE; j++)
		if (s->slot[spi].type[j] != STACK_INVALID)
			s->slot[spi].type[j] = STACK_MISC;
	s->slot[spi].spilled = reg_not_init();
}

bool stack_is_obj(const struct stack *s, int spi)
{
	u8 t = s->slot[spi].type[STACK_SLOT_SIZE - 1];

	return t == STACK_ITER || t == STACK_DYNPTR;
}

bool stack_obj_leq(const struct stack_slot *c, const struct stack_slot *o, struct idmap *m)
{
	return c->obj.kind == o->obj.kind && c->obj.state == o->obj.state &&
	       c->obj.first == o->obj.first &&
	       idmap_check(m, o->spilled.ref_obj_id, c->spilled.ref_obj_id);
}

void stack_touch(struct stack *s, int off)
{
	u32 d = (u32)(-off);

	d = (d + STACK_SLOT_SIZE - 1) / STACK_SLOT_SIZE * STACK_SLOT_SIZE;
	if (d > s->depth)
		s->depth = d;
}

int stack_slot_fmt(char *buf, size_t size, const struct stack *s, int spi,
		   const struct map_def *maps, u32 map_cnt)
{
	static const char chars[] = { '?', 'r', 'm', '0', 'i', 'd' };
	const struct stack_slot *sl = &s->slot[spi];
	char types[STACK_SLOT_SIZE + 1];
	bool valid = false;
	int j;

	for (j = 0; j < STACK_SLOT_SIZE; j++) {
		if (sl->type[j] != STACK_INVALID)
			valid = true;
		types[j] = sl->type[j] < sizeof(chars) ? chars[sl->type[j]] : '?';
	}
	types[STACK_SLOT_SIZE] = 0;
	if (size)
		buf[0] = 0;
	if (!valid)
		return 0;
	if (sl->type[0] == STACK_ITER) {
		static const char *const kinds[] = { [ITER_KIND_NUM] = "num" };
		static const char *const states[] = { "invalid", "active", "drained" };

		/* print_verifier_state(): the iterator once, at its first slot */
		if (!sl->obj.first)
			return 0;
		return snprintf(buf, size, "iter_%s(ref_id=%u,state=%s,depth=%u)",
				sl->obj.kind < ARRAY_SIZE(kinds) && kinds[sl->obj.kind] ?
				kinds[sl->obj.kind] : "?",
				sl->spilled.ref_obj_id,
				sl->obj.state < ARRAY_SIZE(states) ? states[sl->obj.state] : "?",
				sl->obj.depth);
	}
	if (sl->type[0] == STACK_DYNPTR) {
		static const char *const kinds[] = { [DYNPTR_LOCAL] = "local",
						      [DYNPTR_RINGBUF] = "ringbuf" };
		int n;

		/* print_verifier_state(): the dynptr once, at its first (lower) slot */
		if (!sl->obj.first)
			return 0;
		n = snprintf(buf, size, "dynptr_%s(id=%u", sl->obj.kind < ARRAY_SIZE(kinds) &&
			     kinds[sl->obj.kind] ? kinds[sl->obj.kind] : "?", sl->spilled.id);
		if (sl->spilled.ref_obj_id && n >= 0 && (size_t)n < size)
			n += snprintf(buf + n, size - (size_t)n, ",ref_id=%u", sl->spilled.ref_obj_id);
		/* the dynptr's own id is also its dynptr_id */
		if (n >= 0 && (size_t)n < size)
			n += snprintf(buf + n, size - (size_t)n, ",dynptr_id=%u)", sl->spilled.id);
		return n;
	}
	if (stack_is_spill(s, spi)) {
		int n;

		/* a spill of fewer than 8 bytes: the other bytes' types first ("????0") */
		for (j = 0; j < STACK_SLOT_SIZE && sl->type[j] != STACK_SPILL; j++)
			;
		types[j] = 0;
		n = snprintf(buf, size, "%s", types);
		if (n < 0 || (size_t)n >= size)
			return n;
		return n + reg_fmt(buf + n, size - (size_t)n, &sl->spilled, maps, map_cnt);
	}
	return snprintf(buf, size, "%s", types);
}
