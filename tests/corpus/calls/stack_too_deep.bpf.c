// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: each frame fits in 512 bytes but the call chain main -> a -> b does not: the kernel
 * limits the combined stack of a call chain to 512 bytes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

static __attribute__((noinline)) int frame_b(int seed)
{
	volatile char buf[256];

	buf[seed & 255] = seed;
	return buf[(seed >> 8) & 255];
}

static __attribute__((noinline)) int frame_a(int seed)
{
	volatile char buf[256];

	buf[seed & 255] = seed;
	return frame_b(seed + 1) + buf[(seed >> 8) & 255];
}

SEC("socket")
__failure __msg("combined stack size of 3 calls is 576. Too large")
__description("three frames of 256+ bytes each exceed the 512-byte combined stack limit")
int stack_too_deep(struct __sk_buff *skb)
{
	volatile char buf[64];

	buf[skb->len & 63] = 1;
	return frame_a(skb->len) + buf[skb->mark & 63];
}

char LICENSE[] SEC("license") = "GPL";
