// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a bpf_tail_call inside a subprogram that succeeds runs the other program, which then
 * returns to the subprogram's caller (the 6.18 kernel here verifies that exit: check_helper_call
 * queues the fall-through and leaves the subprogram with an unknown R0). The subprogram itself
 * returns 0 or 1, but its caller indexes a 2-byte map value with whatever comes back. */
#include "bpfverify_test.h"
#include "subprog_exits.h"

static __attribute__((noinline)) int pick(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump_table, 0);
	return skb->len & 1;
}

SEC("tc")
__failure __msg("R0 unbounded memory access, make sure to bounds check any such access")
__description("the value a subprogram returns after a tail call may come from the tail-called program")
int tail_call_subprog_ret(struct __sk_buff *skb)
{
	__u32 k = 0;
	int i = pick(skb);
	struct val *v = bpf_map_lookup_elem(&vals, &k);

	if (!v)
		return 0;
	return v->b[i];
}

char LICENSE[] SEC("license") = "GPL";
