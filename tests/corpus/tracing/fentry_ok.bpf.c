// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted fentry / fexit programs (BTF-typed arguments, direct reads through trusted pointers).
 * The test machine's kernel refuses these loads with EPERM (lockdown) before verifying, so the
 * verdict is not checked live here. */
#include "corpus_tracing.h"

__u64 unlink_calls;
__s64 last_ret;

SEC("fentry/do_unlinkat")
__success __description("fentry: typed args, direct read of struct filename fields")
int BPF_PROG(fe_unlinkat, int dfd, struct filename *name)
{
	const char *p = name->name;	/* a kernel pointer field, read directly */
	char c = 0;

	bpf_probe_read_kernel(&c, 1, p);
	if (c == '/')
		__sync_fetch_and_add(&unlink_calls, 1);
	return 0;
}

SEC("fexit/do_unlinkat")
__success __description("fexit: args plus the return value")
int BPF_PROG(fx_unlinkat, int dfd, struct filename *name, long ret)
{
	last_ret = ret;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
