// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted CO-RE reads: field relocations resolved by libbpf against the running kernel's BTF —
 * BPF_CORE_READ chains through task_struct, bpf_core_field_exists, bpf_core_type_exists,
 * bpf_core_enum_value, bitfield reads, BPF_CORE_READ_STR_INTO. */
#include "corpus_tracing.h"

struct task_info {
	__u32 pid;
	__u32 ppid;
	__u32 tgid;
	__u32 uid;
	__u64 start_time;
	char comm[16];
	char parent_comm[16];
	__u32 flags_bits;
	int has_loginuid;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct task_info);
} info SEC(".maps");

SEC("kprobe/do_exit")
__success __description("CO-RE: task->real_parent->tgid chain, exists checks, enum value, strings")
int BPF_KPROBE(core_task, long code)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_info *ti;
	__u32 zero = 0;

	ti = bpf_map_lookup_elem(&info, &zero);
	if (!ti)
		return 0;
	ti->pid = BPF_CORE_READ(task, pid);
	ti->tgid = BPF_CORE_READ(task, tgid);
	ti->ppid = BPF_CORE_READ(task, real_parent, tgid);
	ti->uid = BPF_CORE_READ(task, cred, uid.val);
	ti->start_time = BPF_CORE_READ(task, start_time);
	BPF_CORE_READ_STR_INTO(&ti->comm, task, comm);
	BPF_CORE_READ_STR_INTO(&ti->parent_comm, task, real_parent, comm);
	if (bpf_core_field_exists(task->loginuid))
		ti->has_loginuid = 1;
	if (bpf_core_type_exists(struct bpf_iter_num))
		ti->flags_bits |= 1;
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_loop))
		ti->flags_bits |= 2 | (bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_loop) << 8);
	return 0;
}

SEC("tp_btf/sched_process_fork")
__success __description("CO-RE relocations on direct BTF pointer loads, plus a bitfield read")
int BPF_PROG(core_fork, struct task_struct *parent, struct task_struct *child)
{
	struct task_info *ti;
	__u32 zero = 0;

	ti = bpf_map_lookup_elem(&info, &zero);
	if (!ti)
		return 0;
	ti->pid = child->pid;
	ti->ppid = parent->tgid;
	ti->flags_bits = BPF_CORE_READ_BITFIELD_PROBED(child, in_execve);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
