// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a bounded loop with two entries (an irreducible loop: no single header dominates
 * it). Bounded loops need no single header; the verifier walks each iteration. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__success __description("counter loop entered both at its top and in its middle")
__naked int cfg_irreducible(void)
{
	asm volatile ("					\
	r0 = 0;						\
	r1 = *(u32 *)(r1 + 0);				\
	if r1 > 5 goto l_b_%=;				\
l_a_%=:	r0 += 1;					\
	if r0 > 10 goto l_out_%=;			\
l_b_%=:	r0 += 2;					\
	goto l_a_%=;					\
l_out_%=:						\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
