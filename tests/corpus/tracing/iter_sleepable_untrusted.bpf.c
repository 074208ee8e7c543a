// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a sleepable program runs outside an RCU read section, so a pointer read from an
 * RCU-protected field (task->real_parent) is untrusted and no helper takes it. */
#include "corpus_tracing.h"

__u64 out;

SEC("iter.s/task")
__failure __msg("R1 type=untrusted_ptr_ expected=ptr_, trusted_ptr_, rcu_ptr_")
__description("iter.s/task: bpf_get_task_stack on task->real_parent in a sleepable iterator")
int iter_sleepable_untrusted(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct task_struct *parent;

	if (!task)
		return 0;
	parent = task->real_parent;
	out = parent->pid;
	bpf_get_task_stack(parent, &out, sizeof(out), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
