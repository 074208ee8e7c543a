/* bpf_spin_lock and bpf_timer, as the 6.18 kernel's verifier restricts them.
 *
 * Before the analysis (resolve_pseudo_ldimm64() -> check_map_prog_compatibility()): a map whose
 * creation fails is reported, and program types that may not use a map's special fields are
 * refused ("tracing progs cannot use bpf_spin_lock yet").
 *
 * A spin lock is taken and released through the helpers with a pointer to the lock inside a map
 * value, at a constant offset that is exactly the value's bpf_spin_lock (process_spin_lock()).
 * The state holds at most one lock, named by the map and the id of the value pointer (lookups
 * in maps with a lock keep the id after the NULL check, so every copy names the same element);
 * unlocking needs the very same one. While it is held no helper but bpf_spin_unlock and no
 * global function may be called, and neither the main program's exit nor LD_ABS/LD_IND may be
 * reached (check_resource_leak()); a static subprogram may take or release it. States with
 * different locks never prune each other (refsafe(), state.c).
 *
 * Timers: every bpf_timer_* helper takes a pointer to the value's bpf_timer, at a constant
 * offset (process_timer_func()), and bpf_timer_init's map must be the timer's own map.
 * bpf_kptr_xchg's destination must be a referenced kptr field (process_kptr_func()).
 *
 * Rule ids: map.create, lock.*, timer.*, kptr.*. */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "loader/object.h"

/* The kernel's is_tracing_prog_type(). */
static bool is_tracing(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return true;
	default:
		return false;
	}
}

static int map_compat(struct env *env, const struct map_def *m)
{
	bool tracing = is_tracing(env->prog_type);

	if (m->fields_err)
		return env_reject(env, "map.create", "map '%s' cannot be created (BPF_MAP_CREATE): %s",
				  m->name ? m->name : "", m->fields_why ? m->fields_why : "");
	if (m->fields_why)
		return env_unknown(env, "not modelled yet: map '%s': %s", m->name ? m->name : "",
				   m->fields_why);
	if ((m->field_mask & (MF_LIST_HEAD | MF_RB_ROOT)) && tracing)
		return env_reject(env, "lock.prog_type", "tracing progs cannot use bpf_{list_head,rb_root} yet");
	if (m->field_mask & (MF_SPIN_LOCK | MF_RES_SPIN_LOCK)) {
		if (env->prog_type == BPF_PROG_TYPE_SOCKET_FILTER)
			return env_reject(env, "lock.prog_type",
					  "socket filter progs cannot use bpf_spin_lock yet");
		if (tracing)
			return env_reject(env, "lock.prog_type", "tracing progs cannot use bpf_spin_lock yet");
	}
	if ((m->field_mask & MF_TIMER) && tracing)
		return env_reject(env, "timer.prog_type", "tracing progs cannot use bpf_timer yet");
	return 0;
}

int check_map_prog_compat(struct env *env)
{
	u32 i;
	int err;

	for (i = 0; i < env->insn_cnt; i++) {
		s32 idx = env->ld_map[i];

		if (idx < 0 || (u32)idx >= env->map_cnt)
			continue;
		env->insn_idx = i;
		err = map_compat(env, &env->maps[idx]);
		if (!err && (env->dec[i].src == BPF_PSEUDO_MAP_VALUE ||
			     env->dec[i].src == BPF_PSEUDO_MAP_IDX_VALUE))
			err = check_map_direct_value(env, i, &env->maps[idx]);
		if (err)
			return err;
	}
	return 0;
}

int check_call_under_lock(struct env *env, const struct insn *in)
{
	int sp;

	if (!env->cur->active_locks)
		return 0;
	if (in->kind == INSN_CALL && in->imm != BPF_FUNC_spin_unlock)
		return env_reject(env, "lock.call", "function calls are not allowed while holding a lock");
	if (in->kind != INSN_CALL_PSEUDO || env->cur->curframe + 1 >= STATE_MAX_FRAMES)
		return 0;	/* a static subprogram may run under the lock */
	sp = calls_find_subprog(env, env->insn_idx + 1 + in->imm);
	if (sp >= 0 && env->subprogs[sp].is_global) {
		env_log(env, "global function calls are not allowed while holding a lock,");
		return env_reject(env, "lock.call", "use static function instead");
	}
	return 0;
}

int check_lock_released(struct env *env, const char *what)
{
	if (!env->cur->active_locks)
		return 0;
	return env_reject(env, "lock.held", "%s cannot be used inside bpf_spin_lock-ed region", what);
}

/* The map value pointer @regno as the helpers of locks and timers need it: the register type,
 * then a constant offset and a map with BTF (check_reg_type + check_map_field_pointer()). */
static const struct map_def *field_ptr(struct env *env, u32 regno, const char *expected,
				       const char *what, int *err)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m;

	*err = 0;
	if (r->type != PTR_TO_MAP_VALUE) {
		*err = env_reject(env, "helper.arg_type", "R%u type=%s expected=%s", regno,
				  env_type_str(env, r->type), expected);
		return NULL;
	}
	m = env_map(env, r);
	if (!m) {
		*err = env_unknown(env, "not modelled yet: map value of an unknown map");
		return NULL;
	}
	if (!tnum_is_const(r->var.var_off)) {
		*err = env_reject(env, "lock.var_off",
				  "R%u doesn't have constant offset. %s has to be at the constant offset",
				  regno, what);
		return NULL;
	}
	if (!m->btf_value_type_id) {
		*err = env_reject(env, "lock.no_btf", "map '%.15s' has to have BTF in order to use %s",
				  m->name ? m->name : "", what);
		return NULL;
	}
	return m;
}

/* The offset of @type in @m, or a rejection: "map has no valid", "doesn't point to". */
static int field_at_const(struct env *env, u32 regno, const struct map_def *m, u32 type,
			  const char *what)
{
	const struct reg *r = &cur_regs(env)[regno];
	s64 at = (s64)r->var.var_off.value + r->off;
	u32 i;

	for (i = 0; i < m->field_cnt; i++) {
		if (m->fields[i].type != type)
			continue;
		if (at != (s64)m->fields[i].off)
			return env_reject(env, "lock.off", "off %lld doesn't point to 'struct %s' that is at %u",
					  (long long)at, what, m->fields[i].off);
		return 0;
	}
	return env_reject(env, "lock.no_field", "map '%.15s' has no valid %s", m->name ? m->name : "",
			  what);
}

/* Both checks above: 0 when @regno points exactly at the value's field of @type. */
static int check_field_arg(struct env *env, u32 regno, u32 type, const char *expected,
			   const char *what)
{
	const struct map_def *m;
	int err;

	m = field_ptr(env, regno, expected, what, &err);
	return m ? field_at_const(env, regno, m, type, what) : err;
}

int check_spin_lock_arg(struct env *env, u32 regno, u32 func)
{
	const struct reg *r = &cur_regs(env)[regno];
	struct state *st = env->cur;
	int err;

	err = check_field_arg(env, regno, MF_SPIN_LOCK, "map_value, ptr_", "bpf_spin_lock");
	if (err)
		return err;
	if (func == BPF_FUNC_spin_lock) {
		if (st->active_locks)
			return env_reject(env, "lock.double", "Locking two bpf_spin_locks are not allowed");
		st->active_locks = 1;
		st->active_lock_id = r->id;
		st->active_lock_map = r->map_idx;
		st->active_lock_insn = env->insn_idx;
		return 0;
	}
	if (!st->active_locks)
		return env_reject(env, "lock.unlock_none", "bpf_spin_unlock without taking a lock");
	if (st->active_lock_map != r->map_idx || st->active_lock_id != r->id)
		return env_reject(env, "lock.unlock_other", "bpf_spin_unlock of different lock");
	st->active_locks = 0;
	st->active_lock_id = 0;
	st->active_lock_map = 0;
	st->active_lock_insn = 0;
	return 0;
}

int check_timer_arg(struct env *env, u32 regno, s32 *map_idx)
{
	int err = check_field_arg(env, regno, MF_TIMER, "map_value", "bpf_timer");

	if (!err)
		*map_idx = cur_regs(env)[regno].map_idx;
	return err;
}

int check_timer_map_arg(struct env *env, u32 regno, s32 map_idx)
{
	const struct reg *r = &cur_regs(env)[regno];

	if (map_idx < 0)
		return 0;
	/* an inner map's value carries a map_uid that the states do not track */
	if (env->maps[map_idx].kind == MAP_KIND_INNER || env_map(env, r) == NULL ||
	    env_map(env, r)->kind == MAP_KIND_INNER)
		return env_unknown(env, "not modelled yet: timer of an inner map (map_uid)");
	if (r->map_idx != map_idx)
		return env_reject(env, "timer.map",
				  "timer pointer in R1 map_uid=0 doesn't match map pointer in R%u map_uid=0",
				  regno);
	return 0;
}

int check_kptr_xchg_arg(struct env *env, u32 regno)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_field *f;
	const struct map_def *m;
	s64 at;

	if (r->type != PTR_TO_MAP_VALUE)
		return env_reject(env, "helper.arg_type", "R%u type=%s expected=map_value, ptr_", regno,
				  env_type_str(env, r->type));
	m = env_map(env, r);
	if (!m)
		return env_unknown(env, "not modelled yet: map value of an unknown map");
	if (!m->btf_value_type_id)
		return env_reject(env, "kptr.no_btf", "map '%.15s' has to have BTF in order to use bpf_kptr_xchg",
				  m->name ? m->name : "");
	if (!tnum_is_const(r->var.var_off))
		return env_reject(env, "kptr.var_off",
				  "R%u doesn't have constant offset. kptr has to be at the constant offset",
				  regno);
	if (!(m->field_mask & MF_KPTR))
		return env_reject(env, "kptr.none", "R%u has no valid kptr", regno);
	at = (s64)r->off + (s64)r->var.var_off.value;
	f = at >= 0 && at <= UINT32_MAX ? map_field_at(m, (u32)at) : NULL;
	if (!f || !(f->type & MF_KPTR))
		return env_reject(env, "kptr.off", "off=%lld doesn't point to kptr", (long long)at);
	if (f->type != MF_KPTR_REF && f->type != MF_KPTR_PERCPU)
		return env_reject(env, "kptr.unref", "off=%lld kptr isn't referenced kptr", (long long)at);
	return 0;
}
