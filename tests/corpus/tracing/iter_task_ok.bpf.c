// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted task iterator: the task pointer may be NULL (end of iteration), bpf_seq_printf output. */
#include "corpus_tracing.h"

SEC("iter/task")
__success __description("iter/task: NULL-checked task, BPF_SEQ_PRINTF")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	if (ctx->meta->seq_num == 0)
		BPF_SEQ_PRINTF(seq, "    tgid      pid\n");
	BPF_SEQ_PRINTF(seq, "%8d %8d\n", task->tgid, task->pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
