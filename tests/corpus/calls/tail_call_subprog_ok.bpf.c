// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: the caller of a subprogram that tail-calls bounds what comes back before using it as
 * an index (the tail-called program's return value reaches it unknown). */
#include "bpfverify_test.h"
#include "subprog_exits.h"

static __attribute__((noinline)) int pick(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump_table, 0);
	return skb->len & 1;
}

SEC("tc")
__success __description("a subprogram's return value after a tail call, masked by its caller")
int tail_call_subprog_masked(struct __sk_buff *skb)
{
	__u32 k = 0;
	int i = pick(skb);
	struct val *v;

	/* clang knows what pick() returns and would drop the mask */
	asm volatile ("" : "+r"(i));
	v = bpf_map_lookup_elem(&vals, &k);
	if (!v)
		return 0;
	return v->b[i & 1];
}

char LICENSE[] SEC("license") = "GPL";
