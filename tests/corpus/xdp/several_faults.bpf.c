// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected, with three independent faults on three paths: a packet read past the checked
 * header, a read of the map value without the NULL check, and a packet write at an offset
 * with no bound. The kernel stops at the first its walk meets; bpfverify reports that one
 * first, as the kernel does, then the two others (`check --max-violations`). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
__failure __msg("invalid access to packet, off=14 size=1")
__description("three faults on three paths: the kernel reports the first it meets")
int xdp_several_faults(struct xdp_md *ctx)
{
	unsigned char *p = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	__u64 *v;

	if ((void *)(p + 14) > end)
		return XDP_DROP;
	if (p[12] == 0x08)
		return p[14];			/* one byte past the checked 14 */
	if (p[12] == 0x86) {
		v = bpf_map_lookup_elem(&counts, &key);
		return *v;			/* v may be NULL */
	}
	if (p[12] == 0x81)
		p[p[13]] = 0;			/* offset up to 255, bound unknown */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
