// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a reserved ring buffer record is neither submitted nor discarded on one path. */
#include "corpus_tracing.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
__failure __msg("Unreleased reference id=2")
__msg("BPF_EXIT instruction in main prog would lead to reference leak")
__description("bpf_ringbuf_reserve without submit/discard when the pid is 0")
int ringbuf_leak(struct trace_event_raw_sys_enter *ctx)
{
	__u64 *slot = bpf_ringbuf_reserve(&rb, sizeof(*slot), 0);
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (!slot)
		return 0;
	if (pid == 0)
		return 0;	/* leaks slot */
	*slot = ctx->args[2];
	bpf_ringbuf_submit(slot, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
