// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_dynptr_write's destination dynptr (arg #0) was never initialised by a
 * constructor such as bpf_dynptr_from_mem: stack bytes are not a dynptr. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("tc")
__failure __msg("Expected an initialized dynptr as arg #0")
__description("bpf_dynptr_write into a zeroed but uninitialised dynptr")
int dynptr_write_uninit(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;
	char data[4] = { 1, 2, 3, 4 };

	__builtin_memset(&ptr, 0, sizeof(ptr));
	return bpf_dynptr_write(&ptr, 0, data, sizeof(data), 0) ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
