// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the file of a task_file iterator may be NULL and is not trusted. */
#include "corpus_tracing.h"

SEC("iter/task_file")
__failure __msg("R1 invalid mem access 'ptr_or_null_'")
__description("iter/task_file: ctx->file->f_flags without a NULL check")
int iter_file_null(struct bpf_iter__task_file *ctx)
{
	return ctx->file->f_flags & 1;
}

char LICENSE[] SEC("license") = "GPL";
