// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the task of a task iterator is NULL at the end of the walk and must be checked. */
#include "corpus_tracing.h"

SEC("iter/task")
__failure __msg("R1 invalid mem access 'trusted_ptr_or_null_'")
__description("iter/task: ctx->task dereferenced without a NULL check")
int iter_null_task(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	return task->pid & 1;
}

char LICENSE[] SEC("license") = "GPL";
