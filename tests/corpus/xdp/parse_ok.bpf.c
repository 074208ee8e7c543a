// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted XDP programs: header parsing with the usual data/data_end checks, a variable-length
 * IPv4 header, bpf_xdp_adjust_head (which invalidates packet pointers, so they are re-read), and a
 * devmap redirect. Plain uapi headers, no vmlinux.h. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

SEC("xdp")
__success __description("xdp: eth + ipv4 (ihl-sized) + tcp/udp ports, per-protocol counter")
int xdp_parse_ipv4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	__u32 key;
	__u64 *cnt;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_DROP;
	if (iph->ihl < 5)
		return XDP_DROP;

	key = iph->protocol;
	cnt = bpf_map_lookup_elem(&proto_count, &key);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);

	/* variable offset: the verifier sees ihl * 4 as a multiple of 4 in [0, 60] */
	if (iph->protocol == IPPROTO_TCP) {
		struct tcphdr *th = (void *)iph + iph->ihl * 4;

		if ((void *)(th + 1) > data_end)
			return XDP_DROP;
		return th->syn && th->fin ? XDP_DROP : XDP_PASS;
	}
	if (iph->protocol == IPPROTO_UDP) {
		struct udphdr *uh = (void *)iph + iph->ihl * 4;

		if ((void *)(uh + 1) > data_end)
			return XDP_DROP;
		return uh->dest == bpf_htons(9) ? XDP_DROP : XDP_PASS;
	}
	return XDP_PASS;
}

SEC("xdp")
__success __description("xdp: bpf_xdp_adjust_head then re-derive and re-check the packet pointers")
int xdp_pop_header(struct xdp_md *ctx)
{
	void *data, *data_end;
	struct ethhdr *eth;

	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_ABORTED;
	/* the helper invalidated every packet pointer: load them again */
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	return eth->h_proto == bpf_htons(ETH_P_IPV6) ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
__success __description("xdp: redirect through a devmap with a fallback action")
int xdp_redirect_port(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_port, ctx->rx_queue_index & 3, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
