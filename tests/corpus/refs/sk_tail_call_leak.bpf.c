// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a tail call in the main program never returns, so the socket held across it leaks. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jump_table SEC(".maps");

SEC("tc")
__failure __msg("Unreleased reference id=2")
__msg("tail_call would lead to reference leak")
__description("bpf_tail_call while holding a socket from bpf_sk_lookup_tcp")
int sk_tail_call_leak(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	bpf_tail_call(skb, &jump_table, 0);
	bpf_sk_release(sk);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
