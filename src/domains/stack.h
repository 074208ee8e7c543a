/* One frame's 512-byte stack, as the Linux 6.18 verifier sees it: 64 slots of 8 bytes, each byte
 * typed (invalid, misc, zero, spill), and per slot the register spilled into it.
 *
 * Layout follows the kernel's struct bpf_stack_state: slot @spi covers fp-8*(spi+1) ..
 * fp-8*spi-1, and byte type type[j] describes the byte at fp - 8*spi - 1 - j (so type[7] is the
 * lowest address, type[0] the highest; the log prints type[0..7] left to right). A register
 * spill of n bytes marks the entries of its n lowest-addressed bytes, type[8-n..7], as
 * STACK_SPILL. Plain data, no allocation. */
#ifndef BPFVERIFY_DOMAINS_STACK_H
#define BPFVERIFY_DOMAINS_STACK_H

#include "domains/reg.h"

#define STACK_SIZE 512		/* MAX_BPF_STACK */
#define STACK_SLOT_SIZE 8	/* BPF_REG_SIZE */
#define STACK_SLOTS (STACK_SIZE / STACK_SLOT_SIZE)

enum stack_byte {
	STACK_INVALID = 0,	/* never written ('?') */
	STACK_SPILL,		/* part of a spilled register ('r') */
	STACK_MISC,		/* written, value unknown ('m') */
	STACK_ZERO,		/* written with zero ('0') */
	STACK_ITER,		/* part of an open-coded iterator ('i'; analysis/iter.c) */
	STACK_DYNPTR,		/* part of a dynptr ('d'; checks/dynptr.c) */
};

/* Iterator types (struct stack_obj.kind of a STACK_ITER slot): the struct bpf_iter_<name>. */
enum stack_iter_kind {
	ITER_KIND_NUM = 1,	/* struct bpf_iter_num */
};

/* Dynptr types (struct stack_obj.kind of a STACK_DYNPTR slot; the kernel's bpf_dynptr_type). */
enum stack_dynptr_kind {
	DYNPTR_LOCAL = 1,	/* BPF_DYNPTR_TYPE_LOCAL */
	DYNPTR_RINGBUF,		/* BPF_DYNPTR_TYPE_RINGBUF: holds a reference */
};

/* An iterator's state (the kernel's enum bpf_iter_state). */
enum stack_iter_state {
	ITER_INVALID = 0,
	ITER_ACTIVE,		/* next() may still return an element */
	ITER_DRAINED,		/* next() returned NULL: it keeps doing so */
};

/* What a STACK_ITER / STACK_DYNPTR slot holds besides the kernel's spilled_ptr (which keeps
 * type PTR_TO_STACK and, in the object's first slot, its ref_obj_id). */
struct stack_obj {
	u32 kind;		/* iterators: the kfunc family (checks/kfuncs.c), dynptrs: the type */
	u32 state;		/* iterators: enum stack_iter_state */
	u32 depth;		/* iterators: next() calls that returned an element on this path
				 * (compared by state_equal only: the kernel's iter.depth) */
	u32 first;		/* 1 in the object's first slot (highest address) */
};

struct stack_slot {
	struct reg spilled;	/* valid when type[7] == STACK_SPILL; for STACK_ITER and
				 * STACK_DYNPTR: PTR_TO_STACK with the reference */
	u8 type[STACK_SLOT_SIZE];
	struct stack_obj obj;	/* valid when type[7] is STACK_ITER or STACK_DYNPTR */
};

struct stack {
	struct stack_slot slot[STACK_SLOTS];
	u32 depth;		/* bytes touched below fp (the kernel's allocated_stack, rounded) */
	u32 pad;
};

/* Empty stack: every byte invalid. */
void stack_init(struct stack *s);

/* Slot index and byte index of the byte at fp + @off (@off in [-512, -1]). */
static inline int stack_spi(int off) { return (-off - 1) / STACK_SLOT_SIZE; }
static inline int stack_bidx(int off) { return (-off - 1) % STACK_SLOT_SIZE; }

static inline u8 stack_byte_type(const struct stack *s, int off)
{
	return s->slot[stack_spi(off)].type[stack_bidx(off)];
}

/* Whether slot @spi holds a spilled register in its lowest byte (the kernel's is_spilled_reg). */
bool stack_is_spill(const struct stack *s, int spi);
/* Turns every written byte of slot @spi into STACK_MISC and forgets the spilled register
 * (the kernel's scrub_spilled_slot() over the slot). */
void stack_scrub_slot(struct stack *s, int spi);
/* Whether slot @spi is part of an iterator or a dynptr (the kernel's is_stack_slot_special()
 * for those kinds). */
bool stack_is_obj(const struct stack *s, int spi);
/* stacksafe() for a STACK_ITER / STACK_DYNPTR slot of the explored @o: @c holds the same
 * object in the same state, its reference matching modulo @m (the depth is not compared). */
bool stack_obj_leq(const struct stack_slot *c, const struct stack_slot *o, struct idmap *m);
/* Records that bytes down to fp + @off were used. */
void stack_touch(struct stack *s, int off);

/* Slot @spi's contents as the log prints them after "fp-8=" into @buf: the spilled register
 * (reg_fmt) or the byte types ("mmmm????"). Returns 0 when the slot is all invalid (not
 * printed). */
int stack_slot_fmt(char *buf, size_t size, const struct stack *s, int spi,
		   const struct map_def *maps, u32 map_cnt);

#endif
