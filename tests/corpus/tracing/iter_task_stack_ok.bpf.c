// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted helpers on BTF pointers: bpf_get_task_stack on the NULL-checked iterator task (its
 * return value bounded by the buffer size, then a bpf_seq_write length), and the trusted task
 * bpf_get_current_task_btf returns, read directly. */
#include "corpus_tracing.h"

__u64 stack_buf[6];

SEC("iter/task")
__success __description("iter/task: bpf_get_task_stack into a buffer, bpf_seq_write of its length")
int iter_task_stack(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	long n;

	if (!task)
		return 0;
	n = bpf_get_task_stack(task, stack_buf, sizeof(stack_buf), 0);
	if (n > 0)
		bpf_seq_write(seq, stack_buf, n);
	return 0;
}

SEC("tp_btf/sched_switch")
__success __description("tp_btf: bpf_get_current_task_btf()->pid read directly")
int BPF_PROG(current_task_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *cur = bpf_get_current_task_btf();

	stack_buf[0] = cur->pid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
