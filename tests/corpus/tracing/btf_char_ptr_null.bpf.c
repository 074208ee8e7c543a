// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a pointer to a non-struct read through a BTF pointer (bprm->filename, read-only
 * untrusted memory) may be NULL, so the NULL side of a test is explored. */
#include "corpus_tracing.h"

SEC("tp_btf/sched_process_exec")
__failure __msg("R9 !read_ok")
__description("tp_btf: the NULL side of a test of bprm->filename reads a never-written register")
int btf_char_ptr_null(unsigned long long *ctx)
{
	struct linux_binprm *bprm = (void *)ctx[2];
	const char *name = bprm->filename;

	/* r9 is never written: reading it on the NULL side is "R9 !read_ok" */
	asm volatile ("if %[p] != 0 goto 1f; r0 = r9; 1:" :: [p]"r"(name) : "r0");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
