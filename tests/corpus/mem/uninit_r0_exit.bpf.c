// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: on one path the program exits without setting R0, its return value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("xdp")
__failure __msg("R0 !read_ok")
__description("exit on a path where R0 was never written")
__naked int uninit_r0_exit(void)
{
	asm volatile ("					\
	r2 = *(u32 *)(r1 + 0);				\
	if r2 == 0 goto l0;				\
	r0 = 2;						\
l0:	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
