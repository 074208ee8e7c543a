// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an iterator loop whose body either stores through fp + off or, on another branch,
 * changes off from -24 to -25. The path that changes off comes back to the next call before the
 * store is explored: nothing relied on off yet, so it is widened to unknown and the store's
 * address arithmetic is refused. Pruning that path, or the store's, with precision marks that
 * are not final yet would miss it. Before the loop, another iterator loop on a separate branch
 * and a bounded loop give the states different depths on the path (the shape of the kernel
 * selftest iters.c loop_state_deps3).
 *
 *	if (random() != 24) { it = iter(0, 5); while (next(it)); destroy(it); return 0; }
 *	for (n = 10; n; n--);
 *	it = iter(0, 10); off = -24;
 *	while (next(it)) {
 *		if (random() == 77) { *(u64 *)(fp + off) = 7; break; }
 *		if (random() == 42) off = -25;
 *	}
 *	destroy(it); return 0;
 */
#include "corpus_tracing.h"
#include "corpus_asm.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

/* Not a program: a use in C, so that the kfuncs the assembly calls get their BTF (an extern only
 * named in an asm operand has none). */
__attribute__((used)) int iter_kfuncs_btf(void)
{
	struct bpf_iter_num it;

	bpf_iter_num_new(&it, 0, 1);
	bpf_iter_num_next(&it);
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("socket")
__failure __msg("math between fp pointer and register with unbounded min value is not allowed")
__description("iterator loop: the offset changed on one branch is widened before the store")
__naked int iter_poisoned_offset(void)
{
	asm volatile ("					\
	call %[bpf_get_prandom_u32];			\
	if r0 == 24 goto l_main_%=;			\
	r1 = r10;					\
	r1 += -8;					\
	r2 = 0;						\
	r3 = 5;						\
	call %[bpf_iter_num_new];			\
l_side_%=:						\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_next];			\
	if r0 != 0 goto l_side_%=;			\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_destroy];			\
	r0 = 0;						\
	exit;						\
l_main_%=:						\
	r0 = 10;					\
l_count_%=:						\
	r0 -= 1;					\
	if r0 != 0 goto l_count_%=;			\
	r1 = r10;					\
	r1 += -8;					\
	r2 = 0;						\
	r3 = 10;					\
	call %[bpf_iter_num_new];			\
	r8 = -24;					\
l_loop_%=:						\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_next];			\
	if r0 == 0 goto l_end_%=;			\
	call %[bpf_get_prandom_u32];			\
	if r0 == 77 goto l_store_%=;			\
	call %[bpf_get_prandom_u32];			\
	if r0 == 42 goto l_poison_%=;			\
	goto l_loop_%=;					\
l_end_%=:						\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_destroy];			\
	r0 = 0;						\
	exit;						\
l_store_%=:						\
	r0 = r10;					\
	r0 += r8;					\
	r1 = 7;						\
	*(u64 *)(r0 + 0) = r1;				\
	goto l_end_%=;					\
l_poison_%=:						\
	r8 = -25;					\
	goto l_loop_%=;					\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_iter_num_new), __imm(bpf_iter_num_next),
	  __imm(bpf_iter_num_destroy)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
