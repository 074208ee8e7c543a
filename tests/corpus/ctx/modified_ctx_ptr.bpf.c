// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: ctx accesses must use the ctx register plus a constant instruction offset; a ctx
 * pointer moved by an add may not be dereferenced, even to a valid field. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("socket")
__failure __msg("dereference of modified ctx ptr R1 off=4 disallowed")
__description("socket: ctx pointer advanced by 4, then loaded")
__naked int modified_ctx_ptr(void)
{
	asm volatile ("					\
	r1 += 4;					\
	r0 = *(u32 *)(r1 + 0);				\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
