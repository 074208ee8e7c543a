/* Dynptr arguments of helpers (struct bpf_dynptr on the stack), as Linux 6.18 checks them
 * (kernel/bpf/verifier.c: process_dynptr_func, dynptr_get_spi, is_dynptr_reg_valid_init).
 *
 * A dynptr occupies two STACK_DYNPTR slots once a constructor (bpf_dynptr_from_mem,
 * bpf_ringbuf_reserve_dynptr) initialised it. No constructor is modelled yet (calling one is
 * unknown), so on every path analysed to the end no slot holds a dynptr: a helper that needs an
 * initialised one is given stack memory that is not, which the kernel rejects with "Expected an
 * initialized dynptr as arg #N". */
#include "checks/checks.h"

#define DYNPTR_SLOTS 2	/* BPF_DYNPTR_NR_SLOTS: struct bpf_dynptr is 16 bytes */

/* stack_slot_obj_get_spi(.., "dynptr", 2): logs why the pointer cannot hold a dynptr; true when
 * it can be located (in range or beyond the allocated stack, -ERANGE). */
static bool dynptr_locate(struct env *env, const struct reg *r, int *spi)
{
	s64 off;

	*spi = -1;
	if (!tnum_is_const(r->var.var_off)) {
		env_log(env, "dynptr has to be at a constant offset");
		return false;
	}
	off = (s64)r->off + (s64)r->var.var_off.value;
	if (off % STACK_SLOT_SIZE || off >= 0 || stack_spi((int)off) + 1 < DYNPTR_SLOTS) {
		env_log(env, "cannot pass in dynptr at an offset=%lld", (long long)off);
		return false;
	}
	if (off >= -STACK_SIZE)
		*spi = stack_spi((int)off);
	return true;
}

int check_dynptr_arg(struct env *env, u32 regno, bool uninit)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct stack *st;
	int spi;

	/* check_reg_type(): the helper argument takes fp or dynptr_ptr (CONST_PTR_TO_DYNPTR, only
	 * callbacks receive one; not modelled) */
	if (r->type != PTR_TO_STACK)
		return env_reject(env, "helper.arg_type", "R%u type=%s expected=fp, dynptr_ptr", regno,
				  env_type_str(env, r->type));
	if (uninit)
		return env_unknown(env, "not modelled yet: dynptr constructors");
	/* is_dynptr_reg_valid_init(): both slots STACK_DYNPTR, the first one marked first */
	if (dynptr_locate(env, r, &spi) && spi >= 0) {
		st = &env->cur->frames[r->frameno].stack;
		if (stack_is_obj(st, spi) || stack_is_obj(st, spi - 1))
			return env_unknown(env, "not modelled yet: initialised dynptrs");
	}
	return env_reject(env, "dynptr.uninit", "Expected an initialized dynptr as arg #%u",
			  regno - 1);
}
