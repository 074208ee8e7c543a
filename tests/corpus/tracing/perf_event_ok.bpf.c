// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted perf_event program: sampling context fields and stack ids in a stack-trace map. */
#include "corpus_tracing.h"

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1024);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} stacks SEC(".maps");

struct stack_key {
	__u32 pid;
	int kstack;
	int ustack;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct stack_key);
	__type(value, __u64);
} counts SEC(".maps");

SEC("perf_event")
__success __description("perf_event: sample_period, bpf_get_stackid for kernel and user stacks")
int profile(struct bpf_perf_event_data *ctx)
{
	struct stack_key k = {};
	__u64 one = 1, *v;

	if (ctx->sample_period == 0)
		return 0;
	k.pid = bpf_get_current_pid_tgid() >> 32;
	k.kstack = bpf_get_stackid(ctx, &stacks, 0);
	k.ustack = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	v = bpf_map_lookup_elem(&counts, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &k, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
