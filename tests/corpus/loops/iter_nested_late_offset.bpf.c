// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: nested iterator loops where the store through the offset register needs two inner
 * iterations to be reached, and the offset changes (-24, then -25) on the second outer iteration.
 * When the outer loop comes back to its next call nothing has relied on the offset yet (the store
 * is only reached deeper), so it is widened to unknown (widen_imprecise_scalars) and the store's
 * address arithmetic is refused. Were the inner loop's convergence to prune the second outer
 * iteration with precision marks that are not final yet, the store would never be checked. The
 * shape is the one of the kernel selftest iters.c loop_state_deps1.
 *
 *	outer = iter(0, 10); a = 0; b = 0; off = -24;
 *	while (next(outer)) {
 *		inner = iter(0, 10); a = 0; b = 0;
 *		while (next(inner)) {
 *			if (a == 1) { a = 0; b = 1; }
 *			else if (a == 0) {
 *				a = 1;
 *				if (random() == 42) continue;
 *				if (b == 1) { *(u64 *)(fp + off) = 7; destroy both; return 0; }
 *			}
 *		}
 *		destroy(inner); a = 0; b = 0; off = -25;
 *	}
 *	destroy(outer); return 0;
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
__description("nested iterator loops: an offset changed by the outer loop is widened, the store refused")
__naked int iter_nested_late_offset(void)
{
	asm volatile ("					\
	r1 = r10;					\
	r1 += -16;					\
	r2 = 0;						\
	r3 = 10;					\
	call %[bpf_iter_num_new];			\
	r6 = 0;						\
	r7 = 0;						\
	r8 = -24;					\
l_outer_%=:						\
	r1 = r10;					\
	r1 += -16;					\
	call %[bpf_iter_num_next];			\
	if r0 == 0 goto l_outer_end_%=;			\
	r1 = r10;					\
	r1 += -8;					\
	r2 = 0;						\
	r3 = 10;					\
	call %[bpf_iter_num_new];			\
	r6 = 0;						\
	r7 = 0;						\
l_inner_%=:						\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_next];			\
	if r0 == 0 goto l_inner_end_%=;			\
	if r6 != 1 goto l_a_zero_%=;			\
	r6 = 0;						\
	r7 = 1;						\
	goto l_inner_%=;				\
l_a_zero_%=:						\
	if r6 != 0 goto l_inner_%=;			\
	r6 = 1;						\
	call %[bpf_get_prandom_u32];			\
	if r0 != 42 goto l_b_one_%=;			\
	goto l_inner_%=;				\
l_b_one_%=:						\
	if r7 != 1 goto l_inner_%=;			\
	r0 = r10;					\
	r0 += r8;					\
	r1 = 7;						\
	*(u64 *)(r0 + 0) = r1;				\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_destroy];			\
	r1 = r10;					\
	r1 += -16;					\
	call %[bpf_iter_num_destroy];			\
	r0 = 0;						\
	exit;						\
l_inner_end_%=:						\
	r1 = r10;					\
	r1 += -8;					\
	call %[bpf_iter_num_destroy];			\
	r6 = 0;						\
	r7 = 0;						\
	r8 = -25;					\
	goto l_outer_%=;				\
l_outer_end_%=:						\
	r1 = r10;					\
	r1 += -16;					\
	call %[bpf_iter_num_destroy];			\
	r0 = 0;						\
	exit;						\
"	:
	: __imm(bpf_get_prandom_u32), __imm(bpf_iter_num_new), __imm(bpf_iter_num_next),
	  __imm(bpf_iter_num_destroy)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
