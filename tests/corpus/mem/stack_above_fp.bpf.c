// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the stack lies below R10; a store at fp+0 (above the frame) is out of bounds. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("invalid write to stack R10 off=0 size=8")
__description("stack store at the frame pointer itself")
__naked int stack_above_fp(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 + 0) = r1;				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
