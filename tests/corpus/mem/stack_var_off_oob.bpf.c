// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a stack buffer indexed by a variable masked to [0, 63] while the buffer is 32 bytes;
 * the highest offset lands above the frame. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("invalid variable-offset write to stack R2")
__description("variable-offset stack store whose range exceeds the buffer")
__naked int stack_var_off_oob(void)
{
	asm volatile ("					\
	r3 = *(u32 *)(r1 + 0);				\
	r3 &= 63;					\
	r2 = r10;					\
	r2 += -32;					\
	r2 += r3;					\
	r4 = 0;						\
	*(u8 *)(r2 + 0) = r4;				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
