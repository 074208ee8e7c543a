// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a tp_btf context has one u64 slot per tracepoint argument, no more. */
#include "corpus_tracing.h"

SEC("tp_btf/sched_switch")
__failure __msg("func 'sched_switch' doesn't have 5-th argument")
__msg("invalid bpf_context access off=32 size=8")
__description("tp_btf: read the slot after sched_switch's four arguments")
int tp_btf_no_arg(unsigned long long *ctx)
{
	return ctx[4] & 1;
}

char LICENSE[] SEC("license") = "GPL";
