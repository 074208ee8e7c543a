// SPDX-License-Identifier: BSD-2-Clause
/* Rejected: bpf_probe_read_kernel is a GPL-only helper and this object's license section does not
 * name a GPL-compatible license (the kernel accepts only "GPL", "GPL v2", "Dual BSD/GPL", ...). */
#include "corpus_tracing.h"

SEC("kprobe/do_unlinkat")
__failure __msg("cannot call GPL-restricted function from non-GPL compatible program")
__description("GPL-only helper called from a program whose license is not GPL-compatible")
int BPF_KPROBE(gpl_only_helper, int dfd, struct filename *name)
{
	const char *p = NULL;

	bpf_probe_read_kernel(&p, sizeof(p), &name->name);
	return p != NULL;
}

char LICENSE[] SEC("license") = "BSD-2-Clause";	/* not one the kernel counts as GPL-compatible */
