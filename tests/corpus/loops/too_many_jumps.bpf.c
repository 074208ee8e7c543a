// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bounded loop of 10000 iterations whose body branches on an unknown value. The
 * verifier walks the iterations depth-first and keeps the other side of every branch pending;
 * it gives up when more than 8192 are pending at once. (In assembly because clang turns the C
 * version of this body into branch-free code.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("The sequence of 8193 jumps is too complex.")
__description("10000-iteration loop with a data-dependent branch in its body")
__naked int too_many_jumps(void)	/* r7 = skb->hash, r6 counts down from 10000 */
{
	asm volatile ("					\
	r7 = *(u32 *)(r1 + 0x44);			\
	r6 = 10000;					\
	r8 = 0;						\
l0:	r2 = r7;					\
	r2 &= 1;					\
	if r2 == 0 goto l1;				\
	r8 += 1;					\
l1:	r6 += -1;					\
	if r6 != 0 goto l0;				\
	r0 = r8;					\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
