// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted: reads of a map's kernel object through the map pointer, the way the kernel's
 * map_ptr selftests do it: `(struct bpf_array *)&map`. The verifier checks each load against
 * the vmlinux BTF struct behind the map type (bpf_array, bpf_htab, ...): a scalar field reads
 * as a scalar, a pointer field (ops) becomes a BTF pointer that can be read in turn. The structs
 * are declared here with only the fields used; CO-RE relocates their offsets to the kernel's
 * (which is why the file is in core/: its instructions change when relocated). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct bpf_map_ops {
	void *map_alloc_check;
} __attribute__((preserve_access_index));

struct bpf_map {
	const struct bpf_map_ops *ops;
	enum bpf_map_type map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
} __attribute__((preserve_access_index));

struct bpf_array {
	struct bpf_map map;
	__u32 elem_size;
	__u32 index_mask;
} __attribute__((preserve_access_index));

struct bpf_htab {
	struct bpf_map map;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} hash SEC(".maps");

SEC("socket")
__success
__description("map_ptr: read struct bpf_array fields of an array map")
int map_ptr_array_fields(void *ctx)
{
	struct bpf_array *a = (void *)&arr;

	if (a->map.map_type != BPF_MAP_TYPE_ARRAY || a->map.max_entries != 4)
		return 0;
	return a->elem_size == 8 && a->index_mask == 3;
}

SEC("socket")
__success
__description("map_ptr: read struct bpf_htab fields and follow the ops pointer")
int map_ptr_hash_ops(void *ctx)
{
	struct bpf_htab *h = (void *)&hash;
	const struct bpf_map_ops *ops = h->map.ops;

	if (h->map.key_size != 4 || h->map.value_size != 4)
		return 0;
	return ops->map_alloc_check != 0;
}

char LICENSE[] SEC("license") = "GPL";
