/* Context layouts, shared by the per-family files of src/checks (ctx.c: __sk_buff and xdp_md,
 * ctx_sock.c: socket-level contexts, ctx_trace.c: tracing and cgroup contexts). Nothing outside
 * src/checks/ctx*.c includes this: the rest of the analysis calls ctx_access_ok() (checks.h).
 *
 * Every family function answers like ctx_access_ok(): 1 allowed, 0 not (the caller reports the
 * kernel's "invalid bpf_context access off=%d size=%d"), or the negative value of env_unknown()
 * when the answer depends on something not modelled. On an allowed read, *@rt is the type of the
 * loaded value; it stays SCALAR_VALUE unless the field is a pointer. */
#ifndef BPFVERIFY_CHECKS_CTX_H
#define BPFVERIFY_CHECKS_CTX_H

#include "analysis/env.h"

/* [lo, hi) contains @off */
static inline bool ctx_in(s32 off, s32 lo, s32 hi)
{
	return off >= lo && off < hi;
}

/* The kernel's bpf_ctx_narrow_access_ok(): a power-of-two load no wider than the field. */
static inline bool ctx_narrow_ok(u32 size, u32 size_default)
{
	return size <= size_default && !(size & (size - 1));
}

/* The kernel's bpf_ctx_wide_access_ok(): an aligned 8-byte access inside the array field
 * [@lo, @hi). */
static inline bool ctx_wide_ok(s32 off, u32 size, s32 lo, s32 hi)
{
	return size == 8 && off >= lo && off + 8 <= hi && !(off % 8);
}

/* ctx_sock.c */
int ctx_sock_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sock_addr_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sock_ops_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sk_msg_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sk_lookup_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sk_reuseport_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);

/* ctx_trace.c */
int ctx_kprobe_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_tracepoint_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_raw_tp_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_raw_tp_writable_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_perf_event_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_syscall_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_cgroup_dev_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);
int ctx_sysctl_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt);

#endif
