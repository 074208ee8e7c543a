// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: cgroup_skb programs may not update a sockmap (may_update_sockmap); the value of a
 * sockmap update is a socket pointer, which skb->sk provides. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("cgroup_skb/ingress")
__failure __msg("cannot update sockmap in this context")
__msg("cannot pass map_type 15 into func bpf_map_update_elem#2")
__description("cgroup_skb: bpf_map_update_elem of skb->sk into a sockmap")
int sockmap_update_cgroup_skb(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	__u32 key = 0;

	if (!sk)
		return 1;
	bpf_map_update_elem(&socks, &key, sk, BPF_ANY);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
