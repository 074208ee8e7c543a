// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted kprobe / kretprobe / ksyscall programs: BPF_KPROBE argument access through pt_regs,
 * CO-RE reads of kernel structs, bpf_probe_read_kernel_str into a map value, a hash map keyed by
 * pid. Attach targets are not needed to load. */
#include "corpus_tracing.h"

struct event {
	__u32 pid;
	int dfd;
	char comm[16];
	char path[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct event);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

SEC("kprobe/do_unlinkat")
__success __description("kprobe: BPF_KPROBE args, CO-RE read of filename->name, string into map value")
int BPF_KPROBE(kp_unlinkat, int dfd, struct filename *name)
{
	__u32 zero = 0, pid = bpf_get_current_pid_tgid() >> 32;
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	const char *path;

	if (!e)
		return 0;
	e->pid = pid;
	e->dfd = dfd;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	path = BPF_CORE_READ(name, name);
	bpf_probe_read_kernel_str(e->path, sizeof(e->path), path);
	bpf_map_update_elem(&inflight, &pid, e, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_unlinkat")
__success __description("kretprobe: BPF_KRETPROBE return value, delete from a hash map")
int BPF_KRETPROBE(krp_unlinkat, long ret)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	struct event *e = bpf_map_lookup_elem(&inflight, &pid);

	if (e && ret == 0)
		bpf_printk("unlink by %d: %s", e->pid, e->path);
	bpf_map_delete_elem(&inflight, &pid);
	return 0;
}

SEC("ksyscall/kill")
__success __description("ksyscall: syscall arguments through BPF_KSYSCALL")
int BPF_KSYSCALL(ks_kill, pid_t pid, int sig)
{
	if (sig == 9 && pid < 0)
		bpf_printk("kill(%d, SIGKILL)", pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
