// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted open-coded iterator loops: the loop's state converges at bpf_iter_num_next, the path
 * where next() returns NULL (drained) first, the element paths until a state repeats. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

SEC("socket")
__success __description("open-coded iterator: an atomic counter bumped once per element")
int iter_count(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u32 key = 0;
	__u64 *v;

	v = bpf_map_lookup_elem(&hits, &key);
	if (!v)
		return 0;
	bpf_iter_num_new(&it, 0, 100);
	while (bpf_iter_num_next(&it))
		__sync_fetch_and_add(v, 1);
	bpf_iter_num_destroy(&it);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
__success __description("open-coded iterator: the element read through the returned pointer")
int iter_elem_read(void *ctx)
{
	struct bpf_iter_num it;
	__u32 key = 0;
	__u64 *v;
	int *i;

	v = bpf_map_lookup_elem(&hits, &key);
	if (!v)
		return 0;
	bpf_iter_num_new(&it, 1, 5);
	while ((i = bpf_iter_num_next(&it)))
		if (*i == 3)
			__sync_fetch_and_add(v, 1);
	bpf_iter_num_destroy(&it);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
