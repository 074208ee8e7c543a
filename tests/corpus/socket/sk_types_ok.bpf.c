// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted programs of the remaining socket-side types: sk_skb stream verdict (sockmap),
 * sk_lookup (socket dispatch), cgroup/sock_create, and flow_dissector. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} sock_map SEC(".maps");

SEC("sk_skb/stream_verdict")
__success __description("sk_skb stream verdict: redirect by the first payload byte")
int skb_verdict(struct __sk_buff *skb)
{
	unsigned char *data = (void *)(long)skb->data;
	unsigned char *data_end = (void *)(long)skb->data_end;

	if (data + 1 > data_end)
		return SK_PASS;
	return bpf_sk_redirect_map(skb, &sock_map, data[0] & 7, 0);
}

SEC("sk_lookup")
__success __description("sk_lookup: steer port 7 to the socket in slot 0, releasing the reference")
int steer_echo(struct bpf_sk_lookup *ctx)
{
	struct bpf_sock *sk;
	__u32 zero = 0;
	long err;

	if (ctx->local_port != 7)
		return SK_PASS;
	sk = bpf_map_lookup_elem(&sock_map, &zero);
	if (!sk)
		return SK_PASS;
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err ? SK_DROP : SK_PASS;
}

SEC("cgroup/sock_create")
__success __description("cgroup/sock_create: refuse raw sockets, tag the rest")
int sock_create(struct bpf_sock *sk)
{
	if (sk->type == 3 /* SOCK_RAW */)
		return 0;
	sk->mark = 0x100;
	return 1;
}

SEC("flow_dissector")
__success __description("flow_dissector: fill flow_keys for IPv4 from the packet")
int dissect(struct __sk_buff *skb)
{
	struct bpf_flow_keys *keys = skb->flow_keys;
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u16 nhoff = keys->nhoff;
	struct iphdr *iph;

	if (keys->n_proto != bpf_htons(ETH_P_IP))
		return BPF_DROP;
	/* without this, nhoff + sizeof(*iph) may exceed 0xffff and the data_end check below
	 * proves nothing: socket/flow_dissector_unbounded.bpf.c */
	if (nhoff > 256)
		return BPF_DROP;
	iph = data + nhoff;
	if ((void *)(iph + 1) > data_end)
		return BPF_DROP;
	keys->addr_proto = ETH_P_IP;
	keys->ipv4_src = iph->saddr;
	keys->ipv4_dst = iph->daddr;
	keys->ip_proto = iph->protocol;
	keys->thoff = nhoff + (iph->ihl << 2);
	return BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
