// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected (6.18): a tp_btf pointer argument must point to a struct, an integer or void; a
 * function pointer (initcall_start's initcall_t) cannot be read at all. */
#include "corpus_tracing.h"

__u64 out;

SEC("tp_btf/initcall_start")
__failure __msg("func 'initcall_start' arg0 type FUNC_PROTO is not a struct")
__description("tp_btf: read the function pointer argument of initcall_start")
int tp_btf_func_ptr_arg(unsigned long long *ctx)
{
	out = ctx[0];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
