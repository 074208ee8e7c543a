// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: bpf_get_task_stack wants a task_struct; a seq_file pointer cast in C is still a
 * seq_file to the verifier. */
#include "corpus_tracing.h"

__u64 stack_buf[6];

SEC("iter/task")
__failure __msg("R1 is of type seq_file but task_struct is expected")
__description("iter/task: the seq_file passed as bpf_get_task_stack's task")
int iter_stack_wrong_type(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;

	bpf_get_task_stack((struct task_struct *)seq, stack_buf, sizeof(stack_buf), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
