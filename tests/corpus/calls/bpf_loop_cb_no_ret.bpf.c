// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a callback that exits without setting R0 (prepare_func_exit wants a scalar). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

__attribute__((naked, noinline, used)) static int cb_no_r0(void)
{
	asm volatile ("					\
	exit;						\
"	::: __clobber_all);
}

SEC("xdp")
__failure __msg("R0 not a scalar value")
__description("bpf_loop callback that never writes R0")
__naked int bpf_loop_cb_no_ret(void)
{
	asm volatile ("					\
	r1 = 4;						\
	r2 = %[cb_no_r0] ll;						\
	r3 = 0;						\
	r4 = 0;						\
	call %[bpf_loop];						\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(cb_no_r0), __imm(bpf_loop)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
