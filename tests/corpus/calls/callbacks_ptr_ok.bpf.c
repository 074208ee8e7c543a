// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: a callback's address may be spilled to the stack and filled back before the call,
 * and copied to R0 and returned as a value; a counter a callback increments is tracked exactly
 * through the iterations, so a bounded index built from it is safe after the loop. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct counter {
	__u64 n;
};

__attribute__((naked, noinline, used)) static int cb_zero(void)
{
	asm volatile ("					\
	r0 = 0;						\
	exit;						\
"	::: __clobber_all);
}

static int count(__u32 i, struct counter *c)
{
	c->n++;
	return 0;
}

SEC("xdp")
__success __description("callback pointer spilled to the stack and filled for bpf_loop")
__naked int func_ptr_spill(void)
{
	asm volatile ("					\
	r2 = %[cb_zero] ll;				\
	*(u64 *)(r10 - 8) = r2;				\
	r1 = 4;						\
	r2 = *(u64 *)(r10 - 8);				\
	r3 = 0;						\
	r4 = 0;						\
	call %[bpf_loop];				\
	r0 = 0;						\
	exit;						\
"	:
	: __imm_addr(cb_zero), __imm(bpf_loop)
	: __clobber_all);
}

SEC("xdp")
__success __description("bpf_loop(10) counter used as an index below 13")
int loop_counter_index(struct xdp_md *ctx)
{
	struct counter c = {};
	char buf[16] = {};

	bpf_loop(10, count, &c, 0);
	if (c.n > 12)
		return XDP_PASS;
	return ((volatile char *)buf)[c.n] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
