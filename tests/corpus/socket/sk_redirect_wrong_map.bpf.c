// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_sk_redirect_map takes a sockmap; a sockhash needs bpf_sk_redirect_hash. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} peers SEC(".maps");

SEC("sk_skb/stream_verdict")
__failure __msg("cannot pass map_type 18 into func bpf_sk_redirect_map#52")
__description("sk_skb: bpf_sk_redirect_map on a sockhash")
int sk_redirect_wrong_map(struct __sk_buff *skb)
{
	return bpf_sk_redirect_map(skb, &peers, skb->len & 3, 0);
}

char LICENSE[] SEC("license") = "GPL";
