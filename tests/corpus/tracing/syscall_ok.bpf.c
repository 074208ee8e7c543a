// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted BPF_PROG_TYPE_SYSCALL program (run through BPF_PROG_TEST_RUN): the context is a buffer
 * the caller passes in; loads from it are checked against the size given at run time. */
#include "corpus_tracing.h"

struct args {
	__u64 a;
	__u64 b;
	int ret;
};

SEC("syscall")
__success __description("syscall: read and write the user-supplied context")
int sys_add(struct args *ctx)
{
	ctx->ret = ctx->a + ctx->b > 100 ? 1 : 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
