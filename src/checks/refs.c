/* Acquired references, as the 6.18 kernel tracks them (kernel/bpf/verifier.c: acquire_reference,
 * release_reference, mark_ptr_or_null_regs, check_reference_leak, check_resource_leak).
 *
 * A reference belongs to the whole verifier state, not to a frame: a subprogram may acquire one
 * and return it, or release one its caller acquired; nothing is checked when a subprogram returns.
 * The pointer an acquiring helper returns carries the reference's id twice: as @id (its NULL
 * check refines every copy; the NULL branch drops the reference, since nothing was acquired) and
 * as @ref_obj_id. Pointers derived with a "cast" helper (bpf_sk_fullsock, bpf_tcp_sock,
 * bpf_skc_to_*) keep the parent's ref_obj_id and die with it. Releasing a reference turns every
 * copy of every pointer with that ref_obj_id, in registers and stack spills of all frames, into an
 * unknown scalar (privileged mark_reg_invalid), so that a later use fails as "invalid mem access
 * 'scalar'" or "type=scalar expected=...".
 *
 * The program may not end (exit of the main frame, tail call, LD_ABS/IND which can end the
 * program at run time) with references held: every held one is logged as "Unreleased reference
 * id=%d alloc_insn=%d", then "<what> would lead to reference leak". Rule ids: refs.*. */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "loader/object.h"

/* is_acquire_function() for the modelled helpers */
static bool is_acquire(u32 func, const struct map_def *m)
{
	switch (func) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_kptr_xchg:
		return true;
	case BPF_FUNC_map_lookup_elem:
		return m && (m->type == BPF_MAP_TYPE_SOCKMAP || m->type == BPF_MAP_TYPE_SOCKHASH);
	default:
		return false;
	}
}

/* is_ptr_cast_function(): the result points into the argument's object. bpf_skc_to_unix_sock
 * is missing from the kernel's list: its result outlives a release of the socket. */
static bool is_ptr_cast(u32 func)
{
	switch (func) {
	case BPF_FUNC_tcp_sock:
	case BPF_FUNC_sk_fullsock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
		return true;
	default:
		return false;
	}
}

int refs_note_arg(struct env *env, u32 regno, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];

	if (!r->ref_obj_id)
		return 0;
	if (meta->ref_obj_id)
		return env_reject(env, "refs.two_args",
				  "more than one arg with ref_obj_id R%u %u %u",
				  regno, r->ref_obj_id, meta->ref_obj_id);
	meta->ref_obj_id = r->ref_obj_id;
	return 0;
}

int refs_after_call(struct env *env, u32 func, s32 map_idx, const struct call_meta *meta)
{
	struct reg *r0 = &cur_regs(env)[BPF_REG_0];
	const struct map_def *m = map_idx >= 0 && (u32)map_idx < env->map_cnt ?
				  &env->maps[map_idx] : NULL;
	u32 id;

	if (is_ptr_cast(func)) {
		r0->ref_obj_id = meta->ref_obj_id;
		return 0;
	}
	if (!is_acquire(func, m))
		return 0;
	/* a fresh id after the one of the NULL check: the reference is "id=2" in a program
	 * whose first call acquires, as the kernel numbers it */
	id = ++env->id_gen;
	if (state_acquire_ref(env->cur, id, env->insn_idx, REF_PTR))
		return env_unknown(env, "not modelled yet: more than %d references", STATE_MAX_REFS);
	r0->id = id;
	r0->ref_obj_id = id;
	return 0;
}

static void invalidate_ref(struct reg *r, void *p)
{
	u32 id = *(u32 *)p;

	if (reg_is_ptr(r) && r->ref_obj_id == id)
		*r = reg_unknown();	/* privileged: mark_reg_invalid() leaves an unknown scalar */
}

int refs_release(struct env *env, u32 ref_obj_id)
{
	if (state_release_ref(env->cur, ref_obj_id))
		return -ENOENT;
	state_for_each_reg(env->cur, invalidate_ref, &ref_obj_id);
	return 0;
}

int check_resource_leak(struct env *env, const char *what)
{
	const struct state *st = env->cur;
	u32 i;

	/* check_reference_leak(): a subprogram's frame is not checked (its references go back
	 * to the caller), not even for a tail call or LD_ABS inside it */
	if (st->curframe || !st->ref_cnt)
		return 0;
	for (i = 0; i < st->ref_cnt; i++)
		env_log(env, "Unreleased reference id=%u alloc_insn=%u", st->refs[i].id,
			st->refs[i].insn_idx);
	return env_reject(env, "refs.leak", "%s would lead to reference leak", what);
}
