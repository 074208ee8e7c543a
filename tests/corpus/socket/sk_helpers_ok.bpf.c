// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted uses of the socket helpers without references: socket local storage from tc,
 * cgroup/sock_create (another prototype: the context is the socket) and sockops,
 * bpf_sk_fullsock / bpf_tcp_sock / bpf_get_listener_sock / bpf_sk_cgroup_id on skb->sk in
 * cgroup_skb, SYN cookies from xdp, bpf_sk_select_reuseport with a reuseport array. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} pkts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_REUSEPORT_SOCKARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} group SEC(".maps");

SEC("tc")
__success __description("tc: count packets per socket in socket local storage")
int sk_storage_count(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	__u64 *n;

	if (!sk)
		return TC_ACT_OK;
	n = bpf_sk_storage_get(&pkts, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

SEC("cgroup_skb/egress")
__success __description("cgroup_skb: full socket, TCP state and listener of skb->sk")
int sk_tcp_info(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk, *full, *listener;
	struct bpf_tcp_sock *tp;

	if (!sk)
		return 1;
	full = bpf_sk_fullsock(sk);
	if (!full || full->protocol != 6)
		return 1;
	tp = bpf_tcp_sock(full);
	if (tp && tp->snd_cwnd < 2)
		return 0;
	listener = bpf_get_listener_sock(sk);
	if (listener && listener->src_port == 22)
		return bpf_sk_cgroup_id(full) != 0;
	return 1;
}

SEC("xdp")
__success __description("xdp: bpf_tcp_gen_syncookie for a listening socket found by lookup")
int syn_cookie(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	__s64 cookie;

	if (data + 60 > data_end)
		return XDP_PASS;
	sk = bpf_skc_lookup_tcp(ctx, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return XDP_PASS;
	cookie = bpf_tcp_gen_syncookie(sk, data, 20, data + 20, 20);
	bpf_sk_release(sk);
	return cookie < 0 ? XDP_DROP : XDP_PASS;
}

SEC("sk_reuseport")
__success __description("sk_reuseport: pick the socket by the hash")
int pick_by_hash(struct sk_reuseport_md *md)
{
	__u32 key = md->hash & 3;

	return bpf_sk_select_reuseport(md, &group, &key, 0) ? SK_DROP : SK_PASS;
}

SEC("cgroup/sock_create")
__success __description("cgroup/sock_create: socket local storage keyed by the context itself")
int sk_storage_sock_create(struct bpf_sock *sk)
{
	__u64 *n = bpf_sk_storage_get(&pkts, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);

	if (n)
		*n = 1;
	return 1;
}

SEC("sockops")
__success __description("sockops: socket local storage of skops->sk, then deleted")
int sk_storage_sockops(struct bpf_sock_ops *skops)
{
	struct bpf_sock *sk = skops->sk;
	__u64 *n;

	if (!sk)
		return 1;
	n = bpf_sk_storage_get(&pkts, sk, 0, 0);
	if (n)
		*n += 1;
	bpf_sk_storage_delete(&pkts, sk);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
