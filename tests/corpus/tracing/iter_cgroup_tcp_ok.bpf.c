// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted iterators over cgroups and TCP sockets: the object may be NULL (the end of the walk)
 * and is read only after a check; integer arguments (tcp's uid) read directly. Separate from
 * iter_targets_ok.bpf.c: with both, the object's BTF makes the live loader's level-1 BTF log
 * overflow its 64 KiB buffer and BPF_BTF_LOAD fails with ENOSPC (src/loader/kernel.c). */
#include "corpus_tracing.h"

__u64 acc;

SEC("iter/cgroup")
__success __description("iter/cgroup: cgroup NULL-checked")
int it_cgroup(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;

	if (cgrp)
		acc += cgrp->level;
	return 0;
}

SEC("iter/tcp")
__success __description("iter/tcp: sk_common NULL-checked, uid read directly")
int it_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;

	if (skc)
		acc += skc->skc_family + ctx->uid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
