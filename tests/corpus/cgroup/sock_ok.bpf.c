// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted socket-level cgroup and sockmap programs: connect4 address rewriting, sockops callbacks,
 * sk_msg verdicts with a sockhash redirect, and a sysctl filter. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpfverify_test.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("cgroup/connect4")
__success __description("cgroup/connect4: rewrite 10.0.0.1:80 to 127.0.0.1:8080")
int cg_connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 == bpf_htonl(0x0a000001) && ctx->user_port == bpf_htons(80)) {
		ctx->user_ip4 = bpf_htonl(0x7f000001);
		ctx->user_port = bpf_htons(8080);
	}
	return 1;
}

SEC("sockops")
__success __description("sockops: enable RTT callbacks on established connections, add to a sockhash")
int sockops_cb(struct bpf_sock_ops *skops)
{
	__u32 key = skops->remote_port;

	switch (skops->op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		bpf_sock_ops_cb_flags_set(skops, BPF_SOCK_OPS_RTT_CB_FLAG);
		bpf_sock_hash_update(skops, &socks, &key, BPF_ANY);
		break;
	case BPF_SOCK_OPS_RTT_CB:
		skops->reply = skops->srtt_us >> 3;
		break;
	}
	return 1;
}

SEC("sk_msg")
__success __description("sk_msg: direct msg data access and bpf_msg_redirect_hash")
int msg_verdict(struct sk_msg_md *msg)
{
	unsigned char *data = msg->data;
	unsigned char *data_end = msg->data_end;
	__u32 key = 0;

	if (data + 1 > data_end)
		return SK_PASS;
	if (data[0] == 'R')
		return bpf_msg_redirect_hash(msg, &socks, &key, BPF_F_INGRESS);
	return SK_PASS;
}

SEC("cgroup/sysctl")
__success __description("cgroup/sysctl: refuse writes to one sysctl, by name")
int sysctl_guard(struct bpf_sysctl *ctx)
{
	char name[16] = {};
	long n;

	if (!ctx->write)
		return 1;
	n = bpf_sysctl_get_name(ctx, name, sizeof(name), BPF_F_SYSCTL_BASE_NAME);
	if (n == 8 && name[0] == 'i' && name[1] == 'p' && name[2] == '_')
		return 0;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
