// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a PTR_TO_FUNC cannot be dereferenced. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

__attribute__((naked, noinline, used)) static int cb_zero(void)
{
	asm volatile ("					\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("xdp")
__failure __msg("R2 invalid mem access 'func'")
__description("load through a callback's address")
__naked int func_ptr_deref(void)
{
	asm volatile ("					\
	r2 = %[cb_zero] ll;						\
	r0 = *(u64 *)(r2 + 0);						\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(cb_zero)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
