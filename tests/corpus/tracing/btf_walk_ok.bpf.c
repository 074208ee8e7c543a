// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted walks through BTF pointers: an RCU field (task->real_parent), a plain field that may
 * be NULL (task->mm) after a check, a nested struct member, a pointer to a non-struct
 * (bprm->filename: read-only untrusted memory, read with probe loads), the tracepoint's
 * integer arguments and a pointer-to-char argument (a scalar); a NULL test of a trusted argument (reg_not_null: the NULL side is dead). */
#include "corpus_tracing.h"

__u64 seen;

SEC("tp_btf/sched_switch")
__success __description("tp_btf: real_parent->tgid, mm->map_count after a NULL check, se.vruntime, comm[4..12)")
int BPF_PROG(btf_walk_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *parent = next->real_parent;
	struct mm_struct *mm = next->mm;

	seen += parent->tgid + next->se.vruntime + preempt;
	/* 8 bytes across two elements of comm[16]: an array member is one scratch area */
	seen += *(__u64 *)((char *)next + __builtin_offsetof(struct task_struct, comm) + 4);
	if (mm)
		seen += mm->map_count;
	return 0;
}

SEC("tp_btf/sched_process_exec")
__success __description("tp_btf: first byte of bprm->filename through an untrusted char pointer")
int BPF_PROG(btf_walk_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	const char *name = bprm->filename;

	seen += name[0] + old_pid;
	return 0;
}

SEC("tp_btf/sched_switch")
__success __description("tp_btf: a trusted argument is never NULL, the NULL side of a test is dead")
int BPF_PROG(btf_trusted_not_null, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	/* r9 is never written: reading it on the NULL side would be "R9 !read_ok" */
	asm volatile ("if %[p] != 0 goto 1f; r0 = r9; 1:" :: [p]"r"(next) : "r0");
	return 0;
}

SEC("tp_btf/initcall_level")
__success __description("tp_btf: a char * argument is a scalar (no walking through it)")
int btf_char_ptr_arg(unsigned long long *ctx)
{
	seen += ctx[0];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
