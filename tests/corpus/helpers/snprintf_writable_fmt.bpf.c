// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_snprintf's format must be a constant string in a read-only (frozen) map; a
 * global in .data is writable. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

char fmt[8] = "%d";

SEC("socket")
__failure __msg("R3 does not point to a readonly map'")
__description("socket: bpf_snprintf with its format in a writable global")
int snprintf_writable_fmt(struct __sk_buff *skb)
{
	char out[16];
	__u64 args[1] = { skb->len };

	bpf_snprintf(out, sizeof(out), fmt, args, sizeof(args));
	return out[0];
}

char LICENSE[] SEC("license") = "GPL";
