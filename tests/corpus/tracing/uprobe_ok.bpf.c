// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted uprobe / uretprobe (kprobe program type; the target binary is given at attach time). */
#include "corpus_tracing.h"

SEC("uprobe")
__success __description("uprobe: user-space function arguments, bpf_probe_read_user")
int BPF_KPROBE(up_entry, const char *buf, long len)
{
	char first[8] = {};

	if (len <= 0)
		return 0;
	bpf_probe_read_user(first, sizeof(first), buf);
	return first[0] == '#';
}

SEC("uretprobe")
__success __description("uretprobe: return value")
int BPF_KRETPROBE(up_return, int ret)
{
	if (ret < 0)
		bpf_printk("traced function failed: %d", ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
