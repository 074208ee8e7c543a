// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a callback pointer must reach the helper as loaded; arithmetic on a PTR_TO_FUNC is
 * allowed, passing the moved pointer is not (check_func_arg_reg_off). */
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
__failure __msg("dereference of modified func ptr R2 off=8 disallowed")
__description("bpf_loop with its callback pointer moved by 8")
__naked int bpf_loop_func_ptr_modified(void)
{
	asm volatile ("					\
	r1 = 4;						\
	r2 = %[cb_zero] ll;						\
	r2 += 8;						\
	r3 = 0;						\
	r4 = 0;						\
	call %[bpf_loop];						\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(cb_zero), __imm(bpf_loop)
	: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
