// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a global function is verified on its own, for any caller; its pointer argument may be
 * NULL there even though the only caller passes a valid stack address. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

__attribute__((noinline)) int global_deref(int *p)
{
	return *p + 1;
}

SEC("socket")
__failure __msg("invalid mem access 'mem_or_null'")
__description("global function dereferences its pointer argument without a NULL check")
int global_func_null_arg(struct __sk_buff *skb)
{
	int v = skb->len;

	return global_deref(&v);
}

char LICENSE[] SEC("license") = "GPL";
