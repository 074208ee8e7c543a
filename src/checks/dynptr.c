/* Dynptr arguments of helpers (struct bpf_dynptr on the stack), as Linux 6.18 checks them
 * (kernel/bpf/verifier.c: process_dynptr_func, dynptr_get_spi, is_dynptr_reg_valid_init,
 * mark_stack_slots_dynptr; the bpf_dynptr_from_mem rule of check_helper_call).
 *
 * A dynptr occupies two STACK_DYNPTR slots (its first slot the lower-addressed one, spi) once a
 * constructor initialised it; struct stack_obj.kind holds its type. Modelled: the local dynptr
 * of bpf_dynptr_from_mem (over a map value, no reference) and the helpers that take an
 * initialised dynptr (bpf_dynptr_read / bpf_dynptr_write / bpf_dynptr_data, whose slice goes
 * with the dynptr's reference), ringbuf dynptrs holding a reference from
 * bpf_ringbuf_reserve_dynptr to bpf_ringbuf_submit/discard_dynptr. Not modelled (unknown):
 * clones, other dynptr types, const dynptrs of callbacks, overwriting or reading dynptr slots as
 * plain stack (checks/mem.c answers unknown). */
#include <string.h>

#include "checks/checks.h"
#include "checks/helper_protos.h"

#define DYNPTR_SLOTS 2	/* BPF_DYNPTR_NR_SLOTS: struct bpf_dynptr is 16 bytes */

/* stack_slot_obj_get_spi(.., "dynptr", 2): the first slot's index, -ERANGE beyond the frame's
 * allocated stack, or -EINVAL where the pointer cannot hold a dynptr (variable or misaligned
 * offset: which lines 6.18 logs then is not modelled, the callers answer unknown). */
static int dynptr_get_spi(struct env *env, const struct reg *r)
{
	const struct stack *st = &env->cur->frames[r->frameno].stack;
	s64 off;
	int spi;

	if (!tnum_is_const(r->var.var_off))
		return -EINVAL;
	off = (s64)r->off + (s64)r->var.var_off.value;
	if (off % STACK_SLOT_SIZE || off >= 0 || stack_spi((int)off) + 1 < DYNPTR_SLOTS)
		return -EINVAL;
	if (off < -STACK_SIZE)
		return -ERANGE;
	spi = stack_spi((int)off);
	if ((u32)(spi + 1) * STACK_SLOT_SIZE > st->depth)
		return -ERANGE;
	return spi;
}

/* mark_stack_slots_dynptr(): a ringbuf dynptr acquires a reference, kept in both slots. */
static int construct(struct env *env, u32 regno, u32 type)
{
	const struct reg *r = &cur_regs(env)[regno];
	struct stack *st = &env->cur->frames[r->frameno].stack;
	u32 i, id, ref = 0;
	int spi, err;

	/* is_dynptr_reg_valid_uninit(): anything that locates; a live dynptr there would be
	 * destroyed first (destroy_if_dynptr_stack_slot: the writes below answer unknown) */
	spi = dynptr_get_spi(env, r);
	if (spi == -EINVAL)
		return env_unknown(env, "not modelled yet: dynptr at a variable or misaligned offset");
	for (i = 0; i < DYNPTR_SLOTS * STACK_SLOT_SIZE; i += STACK_SLOT_SIZE) {
		err = check_mem_access(env, regno, (s32)i, 8, ACC_WRITE, -1, false, 0);
		if (err)
			return err;
	}
	r = &cur_regs(env)[regno];
	spi = dynptr_get_spi(env, r);
	if (spi < 0)
		return env_unknown(env, "not modelled yet: dynptr slots after the write");
	/* mark_dynptr_stack_regs() takes the dynptr's id, then the reference is acquired */
	id = ++env->id_gen;
	if (type == DYNPTR_RINGBUF) {
		ref = ++env->id_gen;
		if (state_acquire_ref(env->cur, ref, env->insn_idx, REF_PTR))
			return env_unknown(env, "limit: more than %d references", STATE_MAX_REFS);
	}
	for (i = 0; i < DYNPTR_SLOTS; i++) {
		struct stack_slot *sl = &st->slot[spi - i];

		sl->spilled = reg_ptr(PTR_TO_STACK, 0);	/* the kernel's CONST_PTR_TO_DYNPTR */
		sl->spilled.id = id;
		sl->spilled.ref_obj_id = ref;
		memset(sl->type, STACK_DYNPTR, sizeof(sl->type));
		memset(&sl->obj, 0, sizeof(sl->obj));
		sl->obj.kind = type;
		sl->obj.first = i == 0;
	}
	return 0;
}

/* is_dynptr_reg_valid_init(): 1 yes, 0 no, or unknown */
static int valid_init(struct env *env, const struct reg *r)
{
	const struct stack *st = &env->cur->frames[r->frameno].stack;
	int spi = dynptr_get_spi(env, r), j;

	if (spi == -EINVAL)
		return env_unknown(env, "not modelled yet: dynptr at a variable or misaligned offset");
	if (spi < 0 || !st->slot[spi].obj.first)
		return false;
	for (j = 0; j < STACK_SLOT_SIZE; j++)
		if (st->slot[spi].type[j] != STACK_DYNPTR || st->slot[spi - 1].type[j] != STACK_DYNPTR)
			return false;
	return true;
}

/* An OBJ_RELEASE ringbuf dynptr argument (check_func_arg's release rule, process_dynptr_func,
 * then unmark_stack_slots_dynptr, done here at once: the other argument is ARG_ANYTHING). */
static int release(struct env *env, u32 regno)
{
	const struct reg *r = &cur_regs(env)[regno];
	struct stack *st = &env->cur->frames[r->frameno].stack;
	int spi = dynptr_get_spi(env, r), ok;
	u32 ref, i;

	if (spi == -EINVAL)
		return env_unknown(env, "not modelled yet: dynptr at a variable or misaligned offset");
	if (spi < 0 || !st->slot[spi].spilled.ref_obj_id)
		return env_reject(env, "dynptr.unacquired", "arg %u is an unacquired reference", regno);
	ok = valid_init(env, r);
	if (ok <= 0)
		return ok < 0 ? ok : env_reject(env, "dynptr.uninit",
						"Expected an initialized dynptr as arg #%u", regno - 1);
	if (st->slot[spi].obj.kind != DYNPTR_RINGBUF)
		return env_reject(env, "dynptr.type", "Expected a dynptr of type ringbuf as arg #%u",
				  regno - 1);
	ref = st->slot[spi].spilled.ref_obj_id;
	if (refs_release(env, ref))
		return env_reject(env, "analysis.bug", "dynptr reference %u not held", ref);
	for (i = 0; i < DYNPTR_SLOTS; i++) {
		struct stack_slot *sl = &st->slot[spi - i];

		sl->spilled = reg_not_init();
		memset(sl->type, STACK_INVALID, sizeof(sl->type));
		memset(&sl->obj, 0, sizeof(sl->obj));
	}
	return 0;
}

int check_dynptr_arg(struct env *env, u32 func, u32 regno, u32 kind, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	int err;

	/* check_reg_type(): the helper argument takes fp or dynptr_ptr (CONST_PTR_TO_DYNPTR, only
	 * callbacks receive one; not modelled) */
	if (r->type != PTR_TO_STACK)
		return env_reject(env, "helper.arg_type", "R%u type=%s expected=fp, dynptr_ptr", regno,
				  env_type_str(env, r->type));
	if (kind == HARG_DYNPTR_RINGBUF_UNINIT)
		return construct(env, regno, DYNPTR_RINGBUF);
	if (kind == HARG_DYNPTR_RINGBUF_RELEASE)
		return release(env, regno);
	if (kind == HARG_DYNPTR_LOCAL_UNINIT) {
		err = construct(env, regno, DYNPTR_LOCAL);
		if (err)
			return err;
		/* check_helper_call(): a local dynptr is made over a map value only */
		if (func == BPF_FUNC_dynptr_from_mem && cur_regs(env)[BPF_REG_1].type != PTR_TO_MAP_VALUE)
			return env_reject(env, "dynptr.from_mem",
					  "Unsupported reg type %s for bpf_dynptr_from_mem data",
					  env_type_str(env, cur_regs(env)[BPF_REG_1].type));
		return 0;
	}
	err = valid_init(env, r);
	if (err < 0)
		return err;
	if (!err)
		return env_reject(env, "dynptr.uninit", "Expected an initialized dynptr as arg #%u",
				  regno - 1);
	/* is_dynptr_type_expected(): MEM_RDONLY alone takes any type */
	meta->dynptr_ref_obj_id =
		env->cur->frames[r->frameno].stack.slot[dynptr_get_spi(env, r)].spilled.ref_obj_id;
	return 0;
}

void dynptr_data_ret(struct env *env, const struct call_meta *meta)
{
	struct reg *r0 = &cur_regs(env)[BPF_REG_0];

	*r0 = reg_ptr(PTR_TO_MEM | REG_MAYBE_NULL, 0);
	r0->range = (u32)meta->mem_size;
	r0->ref_obj_id = meta->dynptr_ref_obj_id;	/* is_dynptr_ref_function() */
	r0->id = ++env->id_gen;
}
