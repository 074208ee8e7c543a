// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: kprobe programs may read the pt_regs context but never write it (off=80 is pt_regs->ax
 * on x86_64, the architecture vmlinux.h and the corpus build target). */
#include "corpus_tracing.h"

SEC("kprobe/do_unlinkat")
__failure __msg("invalid bpf_context access off=80 size=8")
__description("kprobe: store into pt_regs")
int kprobe_write_regs(struct pt_regs *ctx)
{
	PT_REGS_RC(ctx) = 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
