// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted tracepoint and raw tracepoint programs: typed tracepoint context from vmlinux.h,
 * bpf_probe_read_user_str of a syscall argument, raw_tp arguments as u64 array with
 * bpf_probe_read_kernel / BPF_CORE_READ. */
#include "corpus_tracing.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} last_switch SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
__success __description("tracepoint: sys_enter_openat args[], user string read")
int tp_openat(struct trace_event_raw_sys_enter *ctx)
{
	char fname[32];
	long n;

	n = bpf_probe_read_user_str(fname, sizeof(fname), (const char *)ctx->args[1]);
	if (n > 1 && fname[0] == '/' && fname[1] == 'e')
		bpf_printk("openat /e... flags=%lx", ctx->args[2]);
	return 0;
}

SEC("tp/sched/sched_process_exit")
__success __description("tracepoint ('tp/' spelling): typed context fields")
int tp_exit(struct trace_event_raw_sched_process_template *ctx)
{
	__u32 pid = ctx->pid;

	bpf_map_delete_elem(&last_switch, &pid);
	return 0;
}

SEC("raw_tp/sched_switch")
__success __description("raw_tp: u64 args, task pointers read with BPF_CORE_READ")
int rtp_switch(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	__u32 pid = BPF_CORE_READ(next, pid);
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&last_switch, &pid, &now, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
