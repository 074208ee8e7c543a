// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted networking helper calls: checksums (csum_diff with a NULL "from", l4_csum_replace),
 * VLAN push, head room, route lookup, hash recalculation in tc; metadata through xdp_adjust_meta;
 * cgroup local storage; string parsing in a sysctl filter. Packet pointers are reloaded after
 * every helper that may move the packet. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_STORAGE);
	__type(key, struct bpf_cgroup_storage_key);
	__type(value, __u64);
} pkts SEC(".maps");

SEC("tc")
__success __description("tc: csum_diff over a stack buffer, then l4_csum_replace with the delta")
int tc_csum(struct __sk_buff *skb)
{
	__be32 new_addr[1] = { bpf_htonl(0x0a000002) };
	__s64 diff = bpf_csum_diff(NULL, 0, new_addr, sizeof(new_addr), 0);

	if (diff < 0)
		return TC_ACT_OK;
	bpf_l4_csum_replace(skb, ETH_HLEN + 16, 0, diff, BPF_F_PSEUDO_HDR);
	return TC_ACT_OK;
}

SEC("tc")
__success __description("tc: vlan push, head room, hash recalculation, packet reloaded after")
int tc_reshape(struct __sk_buff *skb)
{
	void *data, *data_end;

	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), 42))
		return TC_ACT_SHOT;
	if (bpf_skb_change_head(skb, 14, 0))
		return TC_ACT_SHOT;
	bpf_get_hash_recalc(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	if (data + ETH_HLEN > data_end)
		return TC_ACT_SHOT;
	return ((struct ethhdr *)data)->h_proto ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("tc")
__success __description("tc: bpf_fib_lookup with parameters on the stack")
int tc_fib(struct __sk_buff *skb)
{
	struct bpf_fib_lookup params = {};

	params.family = 2;	/* AF_INET */
	params.ifindex = skb->ingress_ifindex;
	params.ipv4_dst = bpf_htonl(0x0a000001);
	if (bpf_fib_lookup(skb, &params, sizeof(params), 0) == BPF_FIB_LKUP_RET_SUCCESS)
		return bpf_redirect(params.ifindex, 0);
	return TC_ACT_OK;
}

SEC("xdp")
__success __description("xdp: reserve 4 bytes of metadata, write them through a fresh pointer")
int xdp_meta(struct xdp_md *ctx)
{
	void *data, *meta;

	if (bpf_xdp_adjust_meta(ctx, -4))
		return XDP_PASS;
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	if (meta + 4 > data)
		return XDP_PASS;
	*(__u32 *)meta = 0x2a;
	return XDP_PASS;
}

SEC("cgroup_skb/egress")
__success __description("cgroup_skb: count packets in the cgroup's local storage (never NULL)")
int cg_count(struct __sk_buff *skb)
{
	__u64 *n = bpf_get_local_storage(&pkts, 0);

	__sync_fetch_and_add(n, 1);
	return 1;
}

SEC("cgroup/sysctl")
__success __description("cgroup/sysctl: parse the new value with bpf_strtoul into an aligned u64")
int sysctl_parse(struct bpf_sysctl *ctx)
{
	char buf[16] = {};
	unsigned long val = 0;

	if (bpf_sysctl_get_new_value(ctx, buf, sizeof(buf)) < 0)
		return 1;
	if (bpf_strtoul(buf, sizeof(buf), 0, &val) < 0)
		return 0;
	return val < 100;
}

char LICENSE[] SEC("license") = "GPL";
