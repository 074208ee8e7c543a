/* Program exit (BPF_EXIT in the main program), in the kernel's order: references still held
 * ("Unreleased reference id=%d alloc_insn=%d", check_resource_leak in refs.c), then R0
 * readable, then the return range of the program type and attach type (check_return_code,
 * 6.18). Rule ids: refs.leak, regs.uninit, exit.retval. R0 of every exit reached is also joined
 * into the result's exit_r0, for tests of exact semantics. */
#include <linux/bpf.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"

struct retval_range {
	s32 min, max;
	bool enforced;
};

static struct retval_range retval_range_of(struct env *env)
{
	struct retval_range r = { 0, 1, true };
	u32 at = env->attach_type;

	switch (env->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		if (at == BPF_CGROUP_UDP4_RECVMSG || at == BPF_CGROUP_UDP6_RECVMSG ||
		    at == BPF_CGROUP_INET4_GETPEERNAME || at == BPF_CGROUP_INET6_GETPEERNAME ||
		    at == BPF_CGROUP_INET4_GETSOCKNAME || at == BPF_CGROUP_INET6_GETSOCKNAME ||
		    at == 51 || at == 52 || at == 53 /* BPF_CGROUP_UNIX_{RECVMSG,GETPEERNAME,GETSOCKNAME} */) {
			r.min = r.max = 1;
		}
		if (at == BPF_CGROUP_INET4_BIND || at == BPF_CGROUP_INET6_BIND)
			r.max = 3;
		break;
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (at == BPF_CGROUP_INET_EGRESS)
			r.max = 3;
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		break;
	case BPF_PROG_TYPE_SK_LOOKUP:
		r.min = 0;	/* SK_DROP */
		r.max = 1;	/* SK_PASS */
		break;
	default:
		r.enforced = false;
		break;
	}
	return r;
}

/* Joins this exit's R0 into @rec (struct analysis_exit_r0, analysis.h). */
static void record_exit_r0(struct analysis_exit_r0 *rec, const struct reg *r0)
{
	if (r0->type != SCALAR_VALUE)
		rec->non_scalar++;
	else if (rec->cnt == rec->non_scalar)
		rec->join = r0->var;
	else
		rec->join = scalar_join(&rec->join, &r0->var);
	rec->cnt++;
}

int check_retval_range(struct env *env, const char *check_id, const char *what,
		       const struct reg *r0, s32 min, s32 max, bool is32)
{
	char buf[96];
	int n = 0;

	if (is32 ? r0->var.s32_min >= min && r0->var.s32_max <= max :
		   r0->var.smin >= min && r0->var.smax <= max)
		return 0;
	/* verbose_invalid_scalar() */
	if (r0->var.smin > INT64_MIN)
		n += snprintf(buf + n, sizeof(buf) - n, " smin=%lld", (long long)r0->var.smin);
	if (r0->var.smax < INT64_MAX)
		n += snprintf(buf + n, sizeof(buf) - n, " smax=%lld", (long long)r0->var.smax);
	if (!n)
		snprintf(buf, sizeof(buf), " unknown scalar value");
	return env_reject(env, check_id, "%s the register R0 has%s should have been in [%d, %d]", what,
			  buf, min, max);
}

int check_exit(struct env *env)
{
	struct state *st = env->cur;
	struct retval_range range;
	const struct reg *r0;
	bool is32 = false;	/* lsm: the 32-bit bounds are compared (return_32bit) */
	int err;

	if (st->curframe)
		return env_unknown(env, "not modelled yet: exit from a subprogram");
	err = check_resource_leak(env, "BPF_EXIT instruction in main prog");
	if (err)
		return err;
	err = trace_exit_unchecked(env);	/* void lsm hooks (ctx_trace.c) */
	if (err)
		return err < 0 ? err : 1;
	err = check_reg_read(env, BPF_REG_0);
	if (err)
		return err;
	record_exit_r0(&env->res->exit_r0, &cur_regs(env)[BPF_REG_0]);
	switch (env->prog_type) {
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		if (!env->prog->attach_btf_id)
			return 1;
		/* fallthrough */
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_NETFILTER:
		return env_unknown(env, "not modelled yet: return value of program type %u",
				   env->prog_type);
	default:
		break;
	}
	range = retval_range_of(env);
	if (env->prog_type == BPF_PROG_TYPE_TRACING || env->prog_type == BPF_PROG_TYPE_LSM) {
		err = trace_retval_range(env, &range.min, &range.max, &is32);	/* ctx_trace.c */
		if (err < 0)
			return err;
		range.enforced = err;
	}
	if (!range.enforced)
		return 1;
	r0 = &cur_regs(env)[BPF_REG_0];
	if (r0->type != SCALAR_VALUE)
		return env_reject(env, "exit.retval",
				  "At program exit the register R0 is not a known value (%s)",
				  env_type_str(env, r0->type));
	if (check_retval_range(env, "exit.retval", "At program exit", r0, range.min, range.max,
			       is32))
		return -EACCES;
	return 1;
}

bool exit_retval_enforced(struct env *env)
{
	return retval_range_of(env).enforced;
}
