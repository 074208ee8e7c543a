// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: an iterator program returns 0 (continue) or 1 (stop), nothing else. */
#include "corpus_tracing.h"

SEC("iter/task")
__failure __msg("At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]")
__description("iter/task: return 2")
int iter_bad_ret(struct bpf_iter__task *ctx)
{
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
