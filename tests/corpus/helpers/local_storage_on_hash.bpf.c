// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_get_local_storage needs a cgroup storage map (check_map_func_compatibility,
 * helper side). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("cgroup_skb/ingress")
__failure __msg("cannot pass map_type 1 into func bpf_get_local_storage#81")
__description("cgroup_skb: bpf_get_local_storage on a hash map")
int local_storage_on_hash(struct __sk_buff *skb)
{
	__u64 *n = bpf_get_local_storage(&counts, 0);

	return *n ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
