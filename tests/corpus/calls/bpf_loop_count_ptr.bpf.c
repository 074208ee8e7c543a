// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_loop's iteration count is ARG_ANYTHING, so a pointer passes the argument check, but
 * the verifier then marks R1 precise, and backtracking refuses a pointer: Linux 6.18 answers
 * 'verifier bug: backtracking misuse' (-EFAULT), a rejection all the same. */
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
__failure __msg("verifier bug: backtracking misuse")
__description("bpf_loop with the frame pointer as its iteration count")
__naked int bpf_loop_count_ptr(void)
{
	asm volatile ("					\
	r1 = r10;						\
	r2 = %[cb_zero] ll;						\
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
