// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted global data: .rodata (const volatile, set by the loader before load and then frozen:
 * the verifier knows the values and prunes dead branches), .data (initialised, writable) and
 * .bss (zeroed, writable), including a struct and an array indexed with a masked variable. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfverify_test.h"

const volatile __u32 cfg_drop_port = 0;		/* .rodata */
const volatile __u8 cfg_verbose = 0;		/* .rodata */
const char cfg_name[8] = "corpus";		/* .rodata, plain const */

__u64 seen = 1;					/* .data */
int last_len = -1;				/* .data */

__u64 per_queue[16];				/* .bss */
struct {
	__u64 packets;
	__u32 max_len;
} summary;					/* .bss */

SEC("xdp")
__success __description("read .rodata config, update .data and .bss, masked index into a .bss array")
int global_data(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	__sync_fetch_and_add(&seen, 1);
	last_len = len;
	per_queue[ctx->rx_queue_index & 15]++;
	summary.packets++;
	if (len > summary.max_len)
		summary.max_len = len;
	if (cfg_verbose)	/* known 0 at load: this branch is dead code to the verifier */
		bpf_printk("%s: len %u", cfg_name, len);
	if (cfg_drop_port && len == cfg_drop_port)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
