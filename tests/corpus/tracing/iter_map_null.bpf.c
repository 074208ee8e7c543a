// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: the map of a bpf_map iterator is trusted but NULL at the end of the walk. */
#include "corpus_tracing.h"

SEC("iter/bpf_map")
__failure __msg("R1 invalid mem access 'trusted_ptr_or_null_'")
__description("iter/bpf_map: ctx->map->id without a NULL check")
int iter_map_null(struct bpf_iter__bpf_map *ctx)
{
	return ctx->map->id & 1;
}

char LICENSE[] SEC("license") = "GPL";
