// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a loop whose state never changes; the verifier sees the same state at the loop head
 * twice and reports an infinite loop. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("infinite loop detected at insn")
__description("loop that never changes its condition")
__naked int loop_infinite(void)
{
	asm volatile ("					\
	r0 = 0;						\
	r1 = 1;						\
l0:	if r1 == 0 goto l1;				\
	goto l0;					\
l1:	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
