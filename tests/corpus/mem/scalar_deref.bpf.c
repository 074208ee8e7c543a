// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a number from the packet context used as a pointer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("socket")
__failure __msg("invalid mem access 'scalar'")
__description("load through a scalar that is not a pointer")
int scalar_deref(struct __sk_buff *skb)
{
	unsigned long addr = skb->cb[0];

	return *(int *)addr;
}

char LICENSE[] SEC("license") = "GPL";
