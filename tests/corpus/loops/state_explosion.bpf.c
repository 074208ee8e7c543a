// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected although the loop is bounded (32 iterations): each iteration forks on a packet byte and
 * bumps a counter that is compared at the end, so the counter must be tracked precisely; the
 * kernel's state pruning does not contain the number of paths and the verifier exhausts its
 * 1M-instruction budget (a map-value version of the same loop fails the same way). Storing the
 * count instead of branching on it is accepted. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

SEC("xdp")
__failure __msg("BPF program is too large. Processed 1000001 insn")
__description("bounded 32-iteration packet loop whose precise counter defeats state pruning")
int loop_state_explosion(struct xdp_md *ctx)
{
	unsigned char *p = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	int zeros = 0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 32; i++) {
		if (p + i + 1 > end)
			break;
		zeros += p[i] == 0;
	}
	return zeros > 16 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
