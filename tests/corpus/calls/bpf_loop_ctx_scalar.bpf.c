// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the callback context is a stack pointer or NULL (ARG_PTR_TO_STACK_OR_NULL): 5 is
 * neither. */
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
__failure __msg("R3 type=scalar expected=fp")
__description("bpf_loop with the number 5 as the callback context")
__naked int bpf_loop_ctx_scalar(void)
{
	asm volatile ("					\
	r1 = 4;						\
	r2 = %[cb_zero] ll;						\
	r3 = 5;						\
	r4 = 0;						\
	call %[bpf_loop];						\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(cb_zero), __imm(bpf_loop)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
