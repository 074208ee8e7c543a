// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: R2 is never written before it is read (at entry only R1 = ctx and R10 = fp are set). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("R2 !read_ok")
__description("read of a register that was never written")
__naked int uninit_reg(void)
{
	asm volatile ("					\
	r0 = r2;					\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
