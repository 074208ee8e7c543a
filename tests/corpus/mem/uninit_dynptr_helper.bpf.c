// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected even for privileged loads: a stack slot that was never initialised as a dynptr is passed
 * to bpf_dynptr_read, whose source argument must be an initialised dynptr. (Plain uninitialised
 * stack memory given to a helper is allowed with CAP_PERFMON: mem/uninit_stack_helper_ok.bpf.c.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

char out[16];

SEC("socket")
__failure __msg("Expected an initialized dynptr as arg #2")
__description("uninitialised stack dynptr passed to bpf_dynptr_read")
int uninit_dynptr_helper(struct __sk_buff *skb)
{
	struct bpf_dynptr ptr;	/* never initialised by a bpf_*_dynptr helper */
	char buf[8];

	if (bpf_dynptr_read(buf, sizeof(buf), &ptr, 0, 0))
		return 0;
	__builtin_memcpy(out, buf, sizeof(buf));
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
