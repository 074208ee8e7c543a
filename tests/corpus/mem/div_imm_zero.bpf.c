// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: division by the immediate 0. A register divisor of 0 is defined at run time (result 0),
 * but a constant 0 divisor in the instruction itself is refused outright. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("div by zero")
__description("BPF_DIV with BPF_K and imm 0")
__naked int div_imm_zero(void)
{
	asm volatile ("					\
	r0 = *(u32 *)(r1 + 0);				\
	r0 /= 0;					\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
