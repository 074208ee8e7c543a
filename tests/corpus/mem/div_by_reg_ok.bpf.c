// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: BPF defines x / 0 = 0 and x % 0 = x (the kernel patches the divisor check in), so
 * dividing by a register that may be zero is not a verification error. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

__u64 quotient, rem;

SEC("socket")
__success __description("64-bit and 32-bit div and mod by a divisor that may be zero")
int div_by_reg(struct __sk_buff *skb)
{
	__u64 len = skb->len, n = skb->mark;	/* mark may well be 0 */
	__u32 q32 = skb->hash, d32 = skb->priority;

	quotient = len / n;
	rem = len % n;
	return (q32 / d32 + q32 % d32) & 0xffff;
}

SEC("socket")
__success __description("the result of a possibly-zero division stays a bounded scalar, usable as an index")
int div_result_index(struct __sk_buff *skb)
{
	__u32 buckets[8] = {};
	__u32 d = skb->mark;
	__u32 idx = (skb->len / d) & 7;

	buckets[idx] = 1;
	return buckets[skb->hash & 7];
}

char LICENSE[] SEC("license") = "GPL";
