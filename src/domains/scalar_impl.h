/* Internal to src/domains/scalar*.c: the raw building blocks of the scalar product that skip
 * scalar_sync(). Exposed between the scalar files only; callers outside use scalar.h. */
#ifndef BPFVERIFY_DOMAINS_SCALAR_IMPL_H
#define BPFVERIFY_DOMAINS_SCALAR_IMPL_H

#include "domains/scalar.h"

#define SCALAR_U32_MAX 0xffffffffU

/* Tighten the 32-bit / 64-bit / all bounds to what var_off allows (the kernel's
 * __update_reg32_bounds, __update_reg64_bounds, __update_reg_bounds). */
void scalar_update_bounds32(struct scalar *s);
void scalar_update_bounds64(struct scalar *s);
void scalar_update_bounds(struct scalar *s);

/* Forget only the 64-bit or only the 32-bit ranges (__mark_reg64_unbounded / 32). */
static inline void scalar_unbound64(struct scalar *s)
{
	s->smin = INT64_MIN;
	s->smax = INT64_MAX;
	s->umin = 0;
	s->umax = UINT64_MAX;
}

static inline void scalar_unbound32(struct scalar *s)
{
	s->s32_min = INT32_MIN;
	s->s32_max = INT32_MAX;
	s->u32_min = 0;
	s->u32_max = SCALAR_U32_MAX;
}

/* The result of an ALU32 operation is zero-extended: keep the low half of var_off and rebuild
 * the 64-bit ranges from the 32-bit ones (the kernel's zext_32_to_64 with
 * __reg_assign_32_into_64). Not synced. */
void scalar_zext32(struct scalar *s);

#endif
