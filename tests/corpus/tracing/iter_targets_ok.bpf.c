// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted iterators over other targets (also iter_cgroup_tcp_ok.bpf.c): every object argument
 * may be NULL (the end of the walk) and is read only after a check; integer arguments
 * (task_file's fd) read directly. */
#include "corpus_tracing.h"

__u64 acc;

SEC("iter/task_file")
__success __description("iter/task_file: task and file NULL-checked, fd read directly")
int it_task_file(struct bpf_iter__task_file *ctx)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;

	if (!task || !file)
		return 0;
	acc += task->pid + file->f_flags + ctx->fd;
	return 0;
}

SEC("iter/bpf_map")
__success __description("iter/bpf_map: map NULL-checked")
int it_bpf_map(struct bpf_iter__bpf_map *ctx)
{
	struct bpf_map *map = ctx->map;

	if (map)
		acc += map->id;
	return 0;
}

SEC("iter/ksym")
__success __description("iter/ksym: ksym NULL-checked")
int it_ksym(struct bpf_iter__ksym *ctx)
{
	struct kallsym_iter *ksym = ctx->ksym;

	if (ksym)
		acc += ksym->value;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
