// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted programs on the edges of socket reference tracking (Linux 6.18): references live in
 * the whole state, so a subprogram may release its caller's socket, and a tail call inside a
 * subprogram is not checked for held references; bpf_skc_to_unix_sock is not one of the kernel's
 * "cast" helpers, so its result outlives the release of the socket it came from; lookups in
 * sockmaps acquire a socket, in xskmaps they do not; bpf_sk_assign in sk_lookup programs takes a
 * socket or NULL. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "corpus_asm.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jump_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

static __attribute__((noinline)) int jump(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump_table, 0);
	return skb->len;
}

SEC("tc")
__success __description("tail call inside a subprogram while the caller holds a socket reference")
int tail_call_in_subprog(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;
	int r;

	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	r = jump(skb);
	if (sk)
		bpf_sk_release(sk);
	return r;
}

static __attribute__((noinline)) int put(struct bpf_sock *sk)
{
	bpf_sk_release(sk);
	return 0;
}

SEC("tc")
__success __description("a subprogram releases the socket its caller looked up")
int release_in_subprog(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	sk = bpf_sk_lookup_udp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	return put(sk);
}

#define LOOKUP_TCP \
	"r2 = 0; *(u64 *)(r10 -8) = r2; *(u64 *)(r10 -16) = r2; *(u64 *)(r10 -24) = r2;" \
	"*(u64 *)(r10 -32) = r2; *(u64 *)(r10 -40) = r2; *(u64 *)(r10 -48) = r2;" \
	"r2 = r10; r2 += -48; r3 = 36; r4 = 0; r5 = 0; call %[bpf_sk_lookup_tcp];"

SEC("tc")
__success __description("bpf_skc_to_unix_sock result used after bpf_sk_release of its socket")
__naked void unix_sock_outlives_release(void)
{
	asm volatile (LOOKUP_TCP
		"if r0 != 0 goto 1f; exit;"
		"1: r6 = r0; r1 = r0; call %[bpf_skc_to_unix_sock];"
		"if r0 != 0 goto 2f; r1 = r6; call %[bpf_sk_release]; r0 = 0; exit;"
		"2: r7 = r0; r1 = r6; call %[bpf_sk_release];"
		"r1 = r7; call %[bpf_skc_to_tcp_sock]; r0 = 0; exit;"
		:: __imm(bpf_sk_lookup_tcp), __imm(bpf_skc_to_unix_sock), __imm(bpf_sk_release),
		   __imm(bpf_skc_to_tcp_sock)
		: __clobber_all);
}

SEC("tc")
__success __description("bpf_sk_release of the bpf_tcp_sock pointer releases the socket")
int release_through_tcp_sock(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_tcp_sock *tp;
	struct bpf_sock *sk;

	sk = bpf_skc_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return TC_ACT_OK;
	tp = bpf_tcp_sock(sk);
	if (!tp) {
		bpf_sk_release(sk);
		return TC_ACT_OK;
	}
	bpf_sk_release(tp);
	return TC_ACT_SHOT;
}

SEC("tc")
__success __description("sockmap lookup from tc: a socket reference, released")
int sockmap_lookup_release(struct __sk_buff *skb)
{
	struct bpf_sock *sk;
	__u32 key = 1;
	int family;

	sk = bpf_map_lookup_elem(&socks, &key);
	if (!sk)
		return TC_ACT_OK;
	family = sk->family;
	bpf_sk_release(sk);
	return family == 10 ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("xdp")
__success __description("xskmap lookup: an xdp_sock, no reference to release")
int xskmap_queue_id(struct xdp_md *ctx)
{
	struct bpf_xdp_sock *xs;
	__u32 key = ctx->rx_queue_index & 3;

	xs = bpf_map_lookup_elem(&xsks, &key);
	if (xs && xs->queue_id == ctx->rx_queue_index)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("sk_lookup")
__success __description("sk_lookup: bpf_sk_assign with ctx->sk, a socket or NULL")
__naked void sk_assign_ctx_sk(void)
{
	asm volatile ("r2 = *(u64 *)(r1 +0); r3 = 0; call %[bpf_sk_assign]; r0 = 1; exit;"
		      :: __imm(bpf_sk_assign) : __clobber_all);
}

SEC("xdp")
__success __description("xdp: the lookup tuple read straight from the checked packet")
int sk_lookup_packet_tuple(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_sock *sk;

	if (data + 64 > data_end)
		return XDP_PASS;
	sk = bpf_sk_lookup_tcp(ctx, data + 26, 12, BPF_F_CURRENT_NETNS, 0);
	if (sk)
		bpf_sk_release(sk);
	return XDP_PASS;
}

static long release_once(__u64 i, void *ctx)
{
	struct bpf_sock **psk = ctx;

	if (*psk) {
		bpf_sk_release(*psk);
		*psk = 0;
	}
	return 0;
}

SEC("tc")
__success __description("a bpf_loop callback releases the socket its program looked up")
int release_in_callback(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct bpf_sock *sk;

	sk = bpf_sk_lookup_tcp(skb, &tuple, sizeof(tuple.ipv4), BPF_F_CURRENT_NETNS, 0);
	bpf_loop(1, release_once, &sk, 0);
	if (sk)
		bpf_sk_release(sk);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
