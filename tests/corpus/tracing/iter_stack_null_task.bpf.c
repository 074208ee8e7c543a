// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a possibly NULL task passed to a helper that takes a BTF pointer. */
#include "corpus_tracing.h"

__u64 stack_buf[6];

SEC("iter/task")
__failure __msg("R1 type=trusted_ptr_or_null_ expected=ptr_, trusted_ptr_, rcu_ptr_")
__description("iter/task: bpf_get_task_stack on ctx->task without a NULL check")
int iter_stack_null_task(struct bpf_iter__task *ctx)
{
	bpf_get_task_stack(ctx->task, stack_buf, sizeof(stack_buf), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
