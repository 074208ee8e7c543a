// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: R1-R5 are clobbered by a helper call; reading R3 afterwards reads garbage. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("R3 !read_ok")
__description("caller-saved register read after a helper call")
__naked int uninit_caller_saved(void)
{
	asm volatile ("					\
	r3 = 42;					\
	call %[bpf_ktime_get_ns];			\
	r0 = r3;					\
	exit;						\
"	:
	: __imm(bpf_ktime_get_ns)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
