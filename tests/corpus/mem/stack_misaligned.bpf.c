// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an 8-byte stack store off an 8-byte boundary. The kernel checks the stack's
 * alignment whatever the load flags (its spill tracking relies on it), even on x86_64. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("misaligned stack access off 0+-10+8 size 8")
__description("8-byte stack store at fp-10+8")
__naked int stack_misaligned(void)
{
	asm volatile ("					\
	r1 = 0;						\
	r2 = r10;					\
	r2 += -10;					\
	*(u64 *)(r2 + 8) = r1;				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
