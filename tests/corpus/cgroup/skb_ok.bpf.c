// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted cgroup_skb programs: return 1 to allow, 0 to drop. Packet bytes through
 * bpf_skb_load_bytes (offset 0 is the network header here) and direct access to skb->data. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);	/* protocol */
	__type(value, __u64);	/* bytes */
} ingress_bytes SEC(".maps");

SEC("cgroup_skb/ingress")
__success __description("cgroup_skb ingress: per-protocol byte counter in a per-CPU hash")
int cg_ingress(struct __sk_buff *skb)
{
	struct iphdr iph;
	__u64 len = skb->len, *v;
	__u32 proto;

	if (skb->protocol != bpf_htons(0x0800))
		return 1;
	if (bpf_skb_load_bytes(skb, 0, &iph, sizeof(iph)))
		return 1;
	proto = iph.protocol;
	v = bpf_map_lookup_elem(&ingress_bytes, &proto);
	if (v)
		*v += len;
	else
		bpf_map_update_elem(&ingress_bytes, &proto, &len, BPF_NOEXIST);
	return 1;
}

SEC("cgroup_skb/egress")
__success __description("cgroup_skb egress: direct packet access, drop IPv4 with TTL 1")
int cg_egress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *iph = data;

	if ((void *)(iph + 1) > data_end)
		return 1;
	if (iph->version == 4 && iph->ttl == 1)
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
