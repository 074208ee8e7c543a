// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a signed index checked only from above; a negative value would reach before the
 * start of the map value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct slots {
	__u64 v[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct slots);
} table SEC(".maps");

SEC("tc")
__failure __msg("math between map_value pointer and register with unbounded min value is not allowed")
__description("map value indexed with a signed variable checked only against the upper bound")
int value_negative_index(struct __sk_buff *skb)
{
	__u32 zero = 0;
	int idx = (int)skb->mark;
	struct slots *s = bpf_map_lookup_elem(&table, &zero);

	if (!s || idx >= 8)
		return 0;
	return s->v[idx];
}

char LICENSE[] SEC("license") = "GPL";
