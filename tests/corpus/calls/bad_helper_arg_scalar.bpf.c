// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a number passed as the buffer argument of bpf_get_current_comm. */
#include "corpus_tracing.h"

SEC("kprobe/do_unlinkat")
__failure __msg("R1 type=scalar expected=fp")
__description("helper memory argument given a scalar instead of a pointer")
int bad_helper_arg_scalar(struct pt_regs *ctx)
{
	unsigned long addr = PT_REGS_PARM1(ctx);

	return bpf_get_current_comm((void *)addr, 16);
}

char LICENSE[] SEC("license") = "GPL";
