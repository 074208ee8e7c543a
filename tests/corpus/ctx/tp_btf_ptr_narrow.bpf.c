// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a pointer argument of a tp_btf context is read whole (8 bytes). */
#include "corpus_tracing.h"

SEC("tp_btf/sched_switch")
__failure __msg("func 'sched_switch' size 4 must be 8")
__description("tp_btf: 4-byte read of the prev task pointer slot")
int tp_btf_ptr_narrow(unsigned int *ctx)
{
	return ctx[2] & 1;
}

char LICENSE[] SEC("license") = "GPL";
