/* Tracing and cgroup contexts whose layout does not come from BTF: struct pt_regs (kprobe),
 * the tracepoint record, raw tracepoint arguments, struct bpf_perf_event_data, the syscall
 * program's buffer, struct bpf_cgroup_dev_ctx and struct bpf_sysctl, as the 6.18 kernel checks
 * them (kernel/trace/bpf_trace.c: kprobe_prog_is_valid_access, tp_prog_is_valid_access,
 * raw_tp_prog_is_valid_access, raw_tp_writable_prog_is_valid_access, pe_prog_is_valid_access;
 * kernel/bpf/syscall.c: syscall_prog_is_valid_access; kernel/bpf/cgroup.c:
 * cgroup_dev_is_valid_access, sysctl_is_valid_access).
 *
 * Sizes are those of the x86_64 kernel the selftests were recorded on: struct pt_regs is 21
 * longs (168 bytes), bpf_user_pt_regs_t likewise. BTF-typed contexts (tracing, lsm, struct_ops)
 * are not here: they need btf_ctx_access() against the target BTF. */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "checks/ctx.h"

enum {
	PT_REGS_SIZE = 168,		/* x86_64 struct pt_regs */
	PERF_MAX_TRACE_SIZE = 8192,	/* include/linux/trace_events.h */
	MAX_BPF_FUNC_ARGS = 12,
	PE_SAMPLE_PERIOD = PT_REGS_SIZE, PE_ADDR = PT_REGS_SIZE + 8, PE_SIZE = PT_REGS_SIZE + 16,
	SYSCALL_CTX_MAX = 0xffff,	/* U16_MAX */
};

/* kprobe_prog_is_valid_access(): any aligned read inside pt_regs */
int ctx_kprobe_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= PT_REGS_SIZE || t != ACC_READ || off % size)
		return false;
	return off + size <= PT_REGS_SIZE;
}

/* tp_prog_is_valid_access(): the record after the 8-byte common header */
int ctx_tracepoint_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 8 || off >= PERF_MAX_TRACE_SIZE || t != ACC_READ || off % size)
		return false;
	return true;
}

/* raw_tp_prog_is_valid_access() = bpf_tracing_ctx_access(): u64 args[MAX_BPF_FUNC_ARGS] */
int ctx_raw_tp_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS || t != ACC_READ || off % size)
		return false;
	return true;
}

/* raw_tp_writable_prog_is_valid_access(): args[0] is the writable tracepoint buffer */
int ctx_raw_tp_writable_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off == 0) {
		if (size != 8 || t != ACC_READ)
			return false;
		*rt = PTR_TO_TP_BUFFER;
	}
	return ctx_raw_tp_access(env, off, size, t, rt);
}

/* pe_prog_is_valid_access(): pt_regs as longs, sample_period and addr with narrow loads */
int ctx_perf_event_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= PE_SIZE || t != ACC_READ || off % size)
		return false;
	if (ctx_in(off, PE_SAMPLE_PERIOD, PE_SAMPLE_PERIOD + 8) || ctx_in(off, PE_ADDR, PE_ADDR + 8))
		return ctx_narrow_ok(size, 8);
	return size == 8;
}

/* syscall_prog_is_valid_access(): a caller-provided buffer, read and written freely; its size is
 * checked against the furthest access when the program runs */
int ctx_syscall_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= SYSCALL_CTX_MAX || off % size)
		return false;
	return true;
}

/* cgroup_dev_is_valid_access(): access_type, major, minor; read only */
int ctx_cgroup_dev_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (t == ACC_WRITE || off < 0 || off + size > 12 || off % size)
		return false;
	if (ctx_in(off, 0, 4))
		return ctx_narrow_ok(size, 4);
	return size == 4;
}

/* sysctl_is_valid_access(): write (read only), file_pos (4-byte writes) */
int ctx_sysctl_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off + size > 8 || off % size)
		return false;
	if (ctx_in(off, 0, 4))
		return t == ACC_READ && ctx_narrow_ok(size, 4);
	return t == ACC_READ ? ctx_narrow_ok(size, 4) : size == 4;
}
