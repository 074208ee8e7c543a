// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the same ring buffer record submitted twice; after the first submit the pointer no
 * longer holds a reference: the kernel turned every copy of it into an unknown scalar. */
#include "corpus_tracing.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("kprobe/do_unlinkat")
__failure __msg("R1 type=scalar expected=ringbuf_mem")
__description("bpf_ringbuf_submit called twice on one record")
int ringbuf_double_submit(struct pt_regs *ctx)
{
	__u64 *slot = bpf_ringbuf_reserve(&rb, sizeof(*slot), 0);

	if (!slot)
		return 0;
	*slot = 1;
	bpf_ringbuf_submit(slot, 0);
	bpf_ringbuf_submit(slot, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
