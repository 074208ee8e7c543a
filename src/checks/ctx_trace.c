/* Tracing and cgroup contexts whose layout does not come from BTF: struct pt_regs (kprobe),
 * the tracepoint record, raw tracepoint arguments, struct bpf_perf_event_data, the syscall
 * program's buffer, struct bpf_cgroup_dev_ctx and struct bpf_sysctl, as the 6.18 kernel checks
 * them (kernel/trace/bpf_trace.c: kprobe_prog_is_valid_access, tp_prog_is_valid_access,
 * raw_tp_prog_is_valid_access, raw_tp_writable_prog_is_valid_access, pe_prog_is_valid_access;
 * kernel/bpf/syscall.c: syscall_prog_is_valid_access; kernel/bpf/cgroup.c:
 * cgroup_dev_is_valid_access, sysctl_is_valid_access).
 *
 * Sizes are those of the x86_64 kernel the selftests were recorded on: struct pt_regs is 21
 * longs (168 bytes), bpf_user_pt_regs_t likewise. BTF-typed contexts
 * (tracing, lsm) are at the end of this file: btf_ctx_access() against the target BTF. */
#include <string.h>
#include <linux/bpf.h>
#include <bpf/btf.h>

#include "checks/btf_ptr.h"
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

/* ---- BTF-typed contexts: tracing (fentry, fexit, fmod_ret, tp_btf, iter) and lsm ----
 *
 * The context is an array of u64 argument slots typed by the attach target's prototype in the
 * target BTF (the kernel's btf_ctx_access() in kernel/bpf/btf.c): the function for fentry /
 * fexit / fmod_ret / lsm (bpf_lsm_<hook>), the btf_trace_<name> typedef's prototype without its
 * first void *__data argument for tp_btf, bpf_iter_<target> for iterators. An integer, enum or
 * struct slot reads as a scalar, a pointer to a struct as PTR_TO_BTF_ID (trusted for tp_btf,
 * iterators and most lsm hooks: prog_args_trusted), with the iterator target's registered
 * modifiers (bpf_iter_reg.ctx_arg_info: the object may be NULL at the end of the walk). */

struct btf_target {
	const struct btf *btf;
	const struct btf_type *proto;	/* FUNC_PROTO */
	const char *tname;		/* as the kernel's attach_func_name */
	bool is_trace;			/* tp_btf: skip the first 'void *__data' argument */
};

/* Modifiers of iterator context arguments other than meta (bpf_iter_reg.ctx_arg_info), by
 * argument index, as the running 6.18 kernel reports them for a load without a NULL check;
 * the targets not listed (bpf_map_elem, sockmap, ... with buffer arguments) are not modelled. */
static const struct {
	const char *target;
	u32 mods[4];			/* [arg]: REG_* flags; 0: not a registered argument */
} iter_args[] = {
	{ "task", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "task_file", { 0, REG_MAYBE_NULL, 0, REG_MAYBE_NULL } },
	{ "task_vma", { 0, REG_MAYBE_NULL, REG_MAYBE_NULL } },
	{ "bpf_map", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "bpf_prog", { 0, REG_MAYBE_NULL } },
	{ "bpf_link", { 0, REG_MAYBE_NULL } },
	{ "cgroup", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "kmem_cache", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "ksym", { 0, REG_MAYBE_NULL } },
	{ "tcp", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "udp", { 0, REG_MAYBE_NULL | REG_TRUSTED } },
	{ "unix", { 0, REG_MAYBE_NULL } },
	{ "netlink", { 0, REG_MAYBE_NULL } },
	{ "ipv6_route", { 0, REG_MAYBE_NULL } },
};

/* Tracepoints whose arguments the kernel marks maybe-NULL or IS_ERR (btf.c raw_tp_null_args,
 * the union over recent kernels): their pointer arguments are not modelled. */
static const char *const raw_tp_null_tps[] = {
	"sched_pi_setprio", "sched_stick_numa", "sched_swap_numa", "afs_make_fs_call",
	"afs_make_fs_calli", "afs_make_fs_call1", "afs_make_fs_call2", "afs_protocol_error",
	"afs_flock_ev", "cachefiles_lookup", "cachefiles_unlink", "cachefiles_rename",
	"cachefiles_prep_read", "cachefiles_mark_active", "cachefiles_mark_failed",
	"cachefiles_mark_inactive", "cachefiles_vfs_error", "cachefiles_io_error",
	"cachefiles_ondemand_open", "cachefiles_ondemand_copen", "cachefiles_ondemand_close",
	"cachefiles_ondemand_read", "cachefiles_ondemand_cread", "cachefiles_ondemand_fd_write",
	"cachefiles_ondemand_fd_release", "ext4_mballoc_discard", "ext4_mballoc_free",
	"fib_table_lookup", "posix_lock_inode", "fcntl_setlk", "locks_remove_posix",
	"flock_lock_inode", "break_lease_noblock", "break_lease_block", "break_lease_unblock",
	"generic_delete_lease", "time_out_leases", "host1x_cdma_push_gather",
	"mm_khugepaged_scan_pmd", "mm_collapse_huge_page_isolate", "mm_khugepaged_scan_file",
	"mm_khugepaged_collapse_file", "mm_page_alloc", "mm_page_pcpu_drain",
	"mm_page_alloc_zone_locked", "netfs_failure", "device_pm_callback_start", "qdisc_dequeue",
	"rxrpc_recvdata", "rxrpc_resend", "rxrpc_tq", "rxrpc_client", "kfree_skb",
	"xs_stream_read_data", "xprt_reserve_cong", "xprt_release_cong", "xprt_get_cong",
	"xprt_put_cong", "tcp_send_reset", "tcp_sendmsg_locked", "tegra_dma_tx_status",
	"tmigr_update_events", "writeback_dirty_folio", "folio_wait_writeback", "mr_integ_alloc",
	"bpf_testmod_test_read", "amdgpu_vm_bo_map", "amdgpu_vm_bo_unmap", "netfs_folioq",
};

bool ctx_is_btf(const struct env *env)
{
	return env->prog_type == BPF_PROG_TYPE_TRACING || env->prog_type == BPF_PROG_TYPE_LSM;
}

/* The attach target's prototype (bpf_check_attach_target), or the negative value of
 * env_unknown(). */
static int btf_target(struct env *env, struct btf_target *tg)
{
	const struct btf *btf = env->opts.target_btf;
	const struct btf_type *t;
	const char *name;

	switch (env->prog_type == BPF_PROG_TYPE_LSM ? BPF_LSM_MAC + 1000 : env->attach_type) {
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
	case BPF_MODIFY_RETURN:
	case BPF_TRACE_ITER:
	case BPF_TRACE_RAW_TP:
		break;
	case BPF_LSM_MAC + 1000:
		if (env->attach_type == BPF_LSM_MAC)
			break;
		/* fallthrough */
	default:
		return env_unknown(env, "not modelled yet: the context of %s programs with attach type %u",
				   env->prog_type == BPF_PROG_TYPE_LSM ? "lsm" : "tracing",
				   env->attach_type);
	}
	t = btf && env->prog->attach_btf_id ? btf__type_by_id(btf, env->prog->attach_btf_id) : NULL;
	name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	if (!t || !name)
		return env_unknown(env, "not modelled yet: context without the attach target's BTF%s%s",
				   env->prog->attach_err ? ": " : "",
				   env->prog->attach_err ? env->prog->attach_err : "");
	tg->btf = btf;
	tg->tname = name;
	tg->is_trace = env->attach_type == BPF_TRACE_RAW_TP && env->prog_type == BPF_PROG_TYPE_TRACING;
	if (tg->is_trace) {
		if (!btf_is_typedef(t) || strncmp(name, "btf_trace_", 10))
			return env_unknown(env, "not modelled yet: tp_btf target is not a btf_trace_ typedef");
		tg->tname = name + 10;
		t = btf__type_by_id(btf, t->type);
		t = t && btf_is_ptr(t) ? btf__type_by_id(btf, t->type) : NULL;
	} else {
		t = btf_is_func(t) ? btf__type_by_id(btf, t->type) : NULL;
	}
	if (!t || !btf_is_func_proto(t) || (tg->is_trace && !btf_vlen(t)))
		return env_unknown(env, "not modelled yet: attach target without a prototype");
	tg->proto = t;
	return 0;
}

/* the kernel's btf_ctx_arg_idx(): struct arguments take one slot per 8 bytes */
static u32 ctx_arg_idx(const struct btf *btf, const struct btf_type *proto, s32 off)
{
	const struct btf_param *args = btf_params(proto);
	u32 n = btf_vlen(proto), i;
	u64 offset = 0;

	for (i = 0; i <= n; i++) {
		const struct btf_type *t = btf_ptr_skip_mods(btf, i < n ? args[i].type : proto->type,
							     NULL);

		offset += !t || btf_is_ptr(t) ? 8 : (t->size + 7ULL) / 8 * 8;
		if ((u64)off < offset)
			return i;
	}
	return n + 1;
}

static bool is_small_int(const struct btf_type *t)
{
	return btf_is_int(t) && t->size <= 8;
}

static int ctx_refuse(struct env *env, s32 off, u32 size)
{
	return env_reject(env, "ctx.access", "invalid bpf_context access off=%d size=%u", off, size);
}

/* A scalar read of the context into @value_regno: LSM's return value slot has the hook's
 * range (get_func_retval_range), every other slot is unknown. */
static int ctx_scalar(struct env *env, int value_regno, u32 size, bool is_retval)
{
	struct reg *r;
	s32 min, max;
	bool is32;
	int ret;

	if (value_regno < 0)
		return 0;
	r = &cur_regs(env)[value_regno];
	*r = reg_unknown();
	if (is_retval) {
		ret = trace_retval_range(env, &min, &max, &is32);
		if (ret < 0)
			return ret;
		if (ret) {
			/* __mark_reg_s32_range(): both the 32- and the 64-bit signed bounds */
			r->var.s32_min = min;
			r->var.s32_max = max;
			r->var.smin = min;
			r->var.smax = max;
			scalar_sync(&r->var);
		}
	}
	if (size < 8)
		r->var = scalar_coerce(&r->var, size);
	return 0;
}

static bool name_in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/* The modifiers of a struct pointer argument: 0..flags, or -1 when not modelled. */
static s64 ptr_arg_mods(struct env *env, const struct btf_target *tg, u32 arg, const char *pname)
{
	u32 flags = 0;
	size_t n = strlen(pname), i;

	if (env->prog_type == BPF_PROG_TYPE_TRACING && env->attach_type == BPF_TRACE_ITER) {
		if (strncmp(tg->tname, "bpf_iter_", 9))
			return -1;
		for (i = 0; i < ARRAY_SIZE(iter_args); i++) {
			if (strcmp(tg->tname + 9, iter_args[i].target))
				continue;
			if (arg && arg < ARRAY_SIZE(iter_args[i].mods) && iter_args[i].mods[arg])
				return iter_args[i].mods[arg];
			if (arg)
				return -1;
			return REG_TRUSTED;	/* meta */
		}
		return -1;
	}
	if (env->prog_type == BPF_PROG_TYPE_LSM) {
		/* bpf_lsm_is_trusted(): hooks freeing or allocating their object are not */
		if (strstr(tg->tname, "free") || strstr(tg->tname, "alloc_security"))
			return -1;
		flags = REG_TRUSTED;
	} else if (tg->is_trace) {
		if (name_in(tg->tname, raw_tp_null_tps, ARRAY_SIZE(raw_tp_null_tps)))
			return -1;
		flags = REG_TRUSTED;
	}
	if (n >= 10 && !strcmp(pname + n - 10, "__nullable"))
		flags |= REG_MAYBE_NULL;
	return flags;
}

int check_btf_ctx_access(struct env *env, s32 off, u32 size, enum access_type t, int value_regno)
{
	struct btf_target tg;
	const struct btf_type *ty, *pt;
	const struct btf_param *args;
	const char *pname = "";
	const struct btf_type *tag;
	u32 nr_args, arg, pid, tid;
	bool is_retval = false;
	s64 mods;
	struct reg *r;
	int err = btf_target(env, &tg);

	if (err)
		return err;
	if (env->prog_type == BPF_PROG_TYPE_LSM) {
		/* lsm checks with btf_ctx_access() alone */
		if (t != ACC_READ || off < 0 || off % size)
			return env_unknown(env, "not modelled yet: this access to an lsm context");
	} else if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS || t != ACC_READ || off % size) {
		return ctx_refuse(env, off, size);	/* bpf_tracing_ctx_access() */
	}
	if (off % 8) {
		env_log(env, "func '%s' offset %d is not multiple of 8", tg.tname, off);
		return ctx_refuse(env, off, size);
	}
	arg = ctx_arg_idx(tg.btf, tg.proto, off);
	args = btf_params(tg.proto);
	nr_args = btf_vlen(tg.proto);
	if (tg.is_trace) {
		args++;
		nr_args--;
	}
	if (arg > nr_args) {
		env_log(env, "func '%s' doesn't have %u-th argument", tg.tname, arg + 1);
		return ctx_refuse(env, off, size);
	}
	if (arg == nr_args) {
		tid = tg.proto->type;
		if (env->prog_type == BPF_PROG_TYPE_LSM || env->attach_type == BPF_TRACE_FEXIT) {
			is_retval = env->prog_type == BPF_PROG_TYPE_LSM;
		} else if (env->attach_type == BPF_MODIFY_RETURN) {
			ty = btf_ptr_skip_mods(tg.btf, tid, NULL);
			if (!ty || !is_small_int(ty)) {
				env_log(env, "ret type %s not allowed for fmod_ret", btf_ptr_kind_str(ty));
				return ctx_refuse(env, off, size);
			}
		} else {
			env_log(env, "func '%s' doesn't have %u-th argument", tg.tname, arg + 1);
			return ctx_refuse(env, off, size);
		}
	} else {
		tid = args[arg].type;
		pname = btf__name_by_offset(tg.btf, args[arg].name_off);
		if (!pname)
			pname = "";
	}
	ty = btf_ptr_skip_mods(tg.btf, tid, NULL);
	if (!ty)
		return env_unknown(env, "not modelled yet: malformed target BTF");
	if (is_small_int(ty) || btf_is_any_enum(ty) || btf_is_composite(ty))
		return ctx_scalar(env, value_regno, size, is_retval);
	if (!btf_is_ptr(ty)) {
		const char *n = btf__name_by_offset(tg.btf, ty->name_off);

		env_log(env, "func '%s' arg%u '%s' has type %s. Only pointer access is allowed",
			tg.tname, arg, n ? n : "", btf_ptr_kind_str(ty));
		return ctx_refuse(env, off, size);
	}
	if (size != 8) {
		env_log(env, "func '%s' size %u must be 8", tg.tname, size);
		return ctx_refuse(env, off, size);
	}
	/* void * and pointers to integers are scalars: no walking through them */
	pt = btf_ptr_skip_mods(tg.btf, ty->type, &pid);
	if (!ty->type || (pt && btf_is_int(pt)))
		return ctx_scalar(env, value_regno, size, false);
	if (!pt || !btf_is_composite(pt)) {
		/* 6.18 (checked live); later kernels read these as scalars */
		env_log(env, "func '%s' arg%u type %s is not a struct", tg.tname, arg,
			btf_ptr_kind_str(pt));
		return ctx_refuse(env, off, size);
	}
	tag = btf__type_by_id(tg.btf, ty->type);
	if (tag && btf_is_type_tag(tag) && !btf_kflag(tag))
		return env_unknown(env, "not modelled yet: type-tagged context argument");
	mods = ptr_arg_mods(env, &tg, arg, pname);
	if (mods < 0)
		return env_unknown(env, "not modelled yet: the arguments of %s", tg.tname);
	if (value_regno < 0)
		return 0;
	r = &cur_regs(env)[value_regno];
	*r = reg_ptr(PTR_TO_BTF_ID | (u32)mods, 0);
	r->btf_id = pid;
	if (mods & REG_MAYBE_NULL)
		r->id = ++env->id_gen;
	return 0;
}

int trace_exit_unchecked(struct env *env)
{
	struct btf_target tg;
	int err;

	if (env->prog_type != BPF_PROG_TYPE_LSM || env->attach_type != BPF_LSM_MAC)
		return 0;
	err = btf_target(env, &tg);
	return err ?: !tg.proto->type;
}

int trace_retval_range(struct env *env, s32 *min, s32 *max, bool *is32)
{
	static const char *const bool_hooks[] = {
		"bpf_lsm_inode_xattr_skipcap", "bpf_lsm_xfrm_state_pol_flow_match",
		"bpf_lsm_audit_rule_known",
	};
	struct btf_target tg;
	int err;

	*is32 = false;
	if (env->prog_type == BPF_PROG_TYPE_TRACING) {
		switch (env->attach_type) {
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
			*min = *max = 0;
			return 1;
		case BPF_TRACE_RAW_TP:
		case BPF_MODIFY_RETURN:
			return 0;
		case BPF_TRACE_ITER:
			*min = 0;
			*max = 1;
			return 1;
		default:
			break;
		}
	} else if (env->prog_type == BPF_PROG_TYPE_LSM && env->attach_type == BPF_LSM_MAC) {
		/* bpf_lsm_get_retval_range(): void hooks any, bool hooks [0, 1], else an errno */
		err = btf_target(env, &tg);
		if (err)
			return err;
		if (!tg.proto->type)
			return 0;
		*is32 = true;
		*min = name_in(tg.tname, bool_hooks, ARRAY_SIZE(bool_hooks)) ? 0 : -4095;
		*max = *min ? 0 : 1;
		return 1;
	}
	return env_unknown(env, "not modelled yet: return value of program type %u", env->prog_type);
}
