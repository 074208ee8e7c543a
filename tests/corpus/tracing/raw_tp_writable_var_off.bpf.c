// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a writable raw tracepoint's buffer accessed at a variable offset; then accepted at
 * a fixed one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

SEC("raw_tp.w/bpf_test_finish")
__failure __msg("R6 invalid variable buffer offset: off=0, var_off=(0x0; 0x8)")
__description("tp_buffer store at a variable offset")
__naked int tp_buffer_var_off(void)
{
	asm volatile ("					\
	r6 = *(u64 *)(r1 + 0);				\
	r2 = *(u64 *)(r1 + 8);				\
	r2 &= 8;					\
	r6 += r2;					\
	r7 = 1;						\
	*(u64 *)(r6 + 0) = r7;				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("raw_tp.w/bpf_test_finish")
__failure __msg("R6 invalid tracepoint buffer access: off=-8, size=8")
__description("tp_buffer load at a negative offset")
__naked int tp_buffer_negative(void)
{
	asm volatile ("					\
	r6 = *(u64 *)(r1 + 0);				\
	r0 = *(u64 *)(r6 - 8);				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

SEC("raw_tp.w/bpf_test_finish")
__success
__description("tp_buffer store and load at fixed offsets")
__naked int tp_buffer_ok(void)
{
	asm volatile ("					\
	r6 = *(u64 *)(r1 + 0);				\
	r7 = 1;						\
	*(u64 *)(r6 + 8) = r7;				\
	r0 = *(u32 *)(r6 + 4);				\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

char LICENSE[] SEC("license") = "GPL";
