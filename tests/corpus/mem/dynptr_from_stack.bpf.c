// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_dynptr_from_mem makes local dynptrs over map values only, not stack memory. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

char out[8];

SEC("tc")
__failure __msg("Unsupported reg type fp for bpf_dynptr_from_mem data")
__description("bpf_dynptr_from_mem over a stack buffer")
int dynptr_from_stack(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char buf[16] = { 1 };
	char tmp[8];

	bpf_dynptr_from_mem(buf, sizeof(buf), 0, &ptr);
	if (bpf_dynptr_read(tmp, sizeof(tmp), &ptr, 0, 0))
		return 0;
	__builtin_memcpy(out, tmp, sizeof(tmp));
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
