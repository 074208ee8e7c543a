// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Rejected: a callback must be a static function; a global one (BTF linkage global) is refused
 * where its address is loaded (check_ld_imm). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

__attribute__((noinline)) int global_cb(__u32 i, void *data)
{
	return 0;
}

SEC("xdp")
__failure __msg("callback function not static")
__description("bpf_loop with a global function as its callback")
int callback_not_static(struct xdp_md *ctx)
{
	bpf_loop(4, global_cb, NULL, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
