// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a store 520 bytes below the frame pointer, past the 512-byte stack. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("invalid write to stack R10 off=-520 size=8")
__description("stack store below the 512-byte limit")
__naked int stack_oob_write(void)
{
	asm volatile ("					\
	r1 = 0;						\
	*(u64 *)(r10 - 520) = r1;			\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
