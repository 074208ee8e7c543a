// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted bpf-to-bpf calls: static noinline subprograms (verified in the caller's context, with
 * stack pointers passed down) and global functions (verified once, on their own, against their BTF
 * signature: pointer arguments may be NULL and must be checked). */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct acc {
	__u64 sum;
	__u32 n;
};

static __attribute__((noinline)) __u64 mix(__u64 a, __u64 b, __u64 c, __u64 d, __u64 e)
{
	return (a ^ (b << 3)) + (c * 7) - (d >> 1) + e;
}

static __attribute__((noinline)) void acc_add(struct acc *acc, __u32 v)
{
	acc->sum += v;
	acc->n++;
}

static __attribute__((noinline)) int depth2(struct acc *acc)
{
	acc_add(acc, 2);
	return acc->n;
}

/* global: verified independently; the ctx argument is typed by its BTF */
__attribute__((noinline)) int global_len_ok(struct __sk_buff *skb)
{
	return skb && skb->len > 14;
}

/* global with a plain pointer argument: the verifier must see the NULL check */
__attribute__((noinline)) int global_sum(struct acc *acc, int bias)
{
	if (!acc)
		return bias;
	return acc->sum + bias;
}

SEC("tc")
__success __description("static subprograms: five arguments, a stack pointer argument, a nested call")
int calls_static(struct __sk_buff *skb)
{
	struct acc acc = {};
	__u64 m = mix(skb->len, skb->mark, skb->hash, skb->priority, skb->ifindex);

	acc_add(&acc, (__u32)m);
	if (depth2(&acc) != 2)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

SEC("tc")
__success __description("global functions: ctx argument and a nullable pointer argument")
int calls_global(struct __sk_buff *skb)
{
	struct acc acc = { .sum = skb->len, .n = 1 };

	if (!global_len_ok(skb))
		return TC_ACT_OK;
	return global_sum(&acc, 1) > 1000 ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
