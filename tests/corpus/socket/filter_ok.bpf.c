// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted socket filters: no direct packet access here, bytes come through bpf_skb_load_bytes
 * (offset 0 is the network header when the filter is attached to an IP socket);
 * the return value is the number of bytes to keep. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bytes SEC(".maps");

SEC("socket")
__success __description("socket filter: keep only TCP over IPv4, count bytes per CPU")
int sock_keep_tcp(struct __sk_buff *skb)
{
	struct iphdr iph;
	__u32 zero = 0;
	__u64 *b;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, 0, &iph, sizeof(iph)))
		return 0;
	if (iph.protocol != IPPROTO_TCP)
		return 0;
	b = bpf_map_lookup_elem(&bytes, &zero);
	if (b)
		*b += skb->len;
	return skb->len;
}

SEC("socket")
__success __description("socket filter: cb[] scratch space, ifindex, truncate to 64 bytes")
int sock_truncate(struct __sk_buff *skb)
{
	skb->cb[1] = skb->ifindex;
	skb->cb[2] = skb->cb[1] + 1;
	return skb->len < 64 ? skb->len : 64;
}

char LICENSE[] SEC("license") = "GPL";
