/* Callbacks: function pointers (ld_imm64 with src_reg BPF_PSEUDO_FUNC) and the helpers that call
 * them synchronously, as the Linux 6.18 verifier models them (kernel/bpf/verifier.c:
 * check_ld_imm, check_func_arg for ARG_PTR_TO_FUNC and ARG_PTR_TO_STACK_OR_NULL,
 * push_callback_call, set_loop_callback_state, map_set_for_each_callback_args,
 * prepare_func_exit, the calls_callback rule of is_state_visited).
 *
 * A callback's address loaded by ld_imm64 is a PTR_TO_FUNC naming the subprogram (reg.range);
 * the callback must be static and the program must carry func_info. A helper taking it
 * (bpf_loop, bpf_for_each_map_elem) does not run the callback in line: the kernel queues the
 * callback's body, in a new frame whose arguments the helper dictates, as another branch of the
 * current path, and continues after the call as if the helper had returned (the callback ran
 * as many times as explored so far). The callback's exit goes back to the calling helper
 * instruction, which runs again and queues one more iteration. Iteration stops when
 *   - bpf_loop: the caller frame's callback_depth reaches R1's maximum, or
 *   - any helper: the state at the helper call is covered (state_leq) by a checkpoint of an
 *     earlier iteration on the same path; the helper call is a forced checkpoint for that
 *     (engine.c asks calls_is_callback_call()).
 * A callback returns a scalar in [0, 1]; its R0 does not reach the caller (the helper's R0 is
 * an unknown scalar). References belong to the whole state, as in 6.18: a callback may use and
 * release its caller's, and one it leaks is found at the main program's exit.
 *
 * When a callback returns to its helper, the state is widened against the state at the same
 * call before this iteration (widen.c, prepare_func_exit's widen_imprecise_scalars()): every
 * scalar, in any frame's registers or spilled slots, that changed and that no explored path
 * relied on becomes unknown, so that a loop updating a counter in its caller's stack converges.
 * The callback's R0 is relied on (its range is checked), as in the kernel.
 *
 * Not modelled (unknown): bpf_find_vma, bpf_user_ringbuf_drain and the timer callbacks (no
 * prototype in helper_protos.c). */
#include <string.h>

#include "analysis/env.h"
#include "checks/checks.h"
#include "checks/helper_protos.h"

#define CB_RET_MIN 0
#define CB_RET_MAX 1

bool calls_is_callback_helper(u32 func_id)
{
	return func_id == BPF_FUNC_loop || func_id == BPF_FUNC_for_each_map_elem;
}

bool calls_is_callback_call(const struct env *env, u32 idx)
{
	const struct bpf_insn *in = &env->insns[idx];

	return in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0 &&
	       calls_is_callback_helper((u32)in->imm);
}

bool calls_in_callback(const struct env *env, u32 frameno)
{
	const struct frame *f = &env->cur->frames[frameno];

	return frameno && f->callsite < env->insn_cnt &&
	       calls_is_callback_call(env, f->callsite);
}

/* ---- ld_imm64 BPF_PSEUDO_FUNC ---- */

int check_ld_func(struct env *env, const struct insn *in)
{
	struct reg *dst = &cur_regs(env)[in->dst];
	u32 target = (u32)((s64)env->insn_idx + env->insns[env->insn_idx].imm + 1);
	int sp = calls_find_subprog(env, target);

	if (sp < 0)
		return env_reject(env, "analysis.bug", "no subprogram starts at insn %u", target);
	if (!env->prog->func_cnt)
		return env_reject(env, "calls.func_info", "missing btf func_info");
	if (env->subprogs[sp].is_global)
		return env_reject(env, "calls.cb_global", "callback function not static");
	if (sp == 0)
		return env_reject(env, "calls.cb_main", "callback function cannot be the main program");
	*dst = reg_ptr(PTR_TO_FUNC, 0);
	dst->range = (u32)sp;
	return 0;
}

/* ---- Helper arguments ---- */

static int arg_mismatch(struct env *env, u32 regno, const char *expected)
{
	return env_reject(env, "helper.arg_type", "R%u type=%s expected=%s", regno,
			  env_type_str(env, cur_regs(env)[regno].type), expected);
}

int check_callback_arg(struct env *env, u32 regno, int kind)
{
	const struct reg *r = &cur_regs(env)[regno];

	/* may_access_direct_pkt_data() for a helper without pkt_access */
	if (reg_is_pkt(r) && env->prog_type != BPF_PROG_TYPE_CGROUP_SOCKOPT)
		return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
	switch (kind) {
	case HARG_FUNC:
		if (r->type != PTR_TO_FUNC)
			return arg_mismatch(env, regno, "func");
		/* check_func_arg_reg_off(): the pointer as loaded, as for a ctx argument */
		return check_ctx_ptr(env, regno, r);
	case HARG_STACK_OR_NULL:
		/* a NULL context skips the type check; a stack pointer may have any offset: only
		 * the callback's accesses through it are checked */
		if (reg_is_null(r) || r->type == PTR_TO_STACK)
			return 0;
		return arg_mismatch(env, regno, "fp");
	default:
		return env_unknown(env, "not modelled yet: helper argument kind %d", kind);
	}
}

/* ---- The call: queue the callback's body ---- */

/* Map kinds with map_set_for_each_callback_args (hashtab.c, arraymap.c). */
static bool map_has_for_each(u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		return true;
	default:
		return false;
	}
}

/* Map kinds known to have no map_set_for_each_callback_args. The kernel looks at the callback
 * (push_callback_call) before check_map_func_compatibility(), so even the map kinds that take
 * only their own helpers get "callback function not allowed for map". */
static bool map_lacks_for_each(u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_USER_RINGBUF + 1:	/* BPF_MAP_TYPE_CGRP_STORAGE (6.2 uapi) */
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return true;
	default:
		return false;
	}
}

static struct reg map_ptr_reg(u32 type, s32 map_idx)
{
	struct reg r = reg_ptr(type, 0);

	r.map_idx = map_idx;
	return r;
}

/* The callee's arguments (set_loop_callback_state, map_set_for_each_callback_args). */
static void set_callback_args(u32 func_id, const struct frame *caller, struct frame *callee,
			      s32 map_idx)
{
	struct reg *r = callee->regs;

	if (func_id == BPF_FUNC_loop) {
		/* callback(u32 index, void *ctx) */
		r[BPF_REG_1] = reg_unknown();
		r[BPF_REG_2] = caller->regs[BPF_REG_3];
		return;
	}
	/* callback(map, key, value, ctx) */
	r[BPF_REG_1] = caller->regs[BPF_REG_1];
	r[BPF_REG_2] = map_ptr_reg(PTR_TO_MAP_KEY, map_idx);
	r[BPF_REG_3] = map_ptr_reg(PTR_TO_MAP_VALUE, map_idx);
	r[BPF_REG_4] = caller->regs[BPF_REG_3];
}

/* The kernel's push_callback_call(): the state at the call, plus a callee frame, is queued at the
 * callback's first instruction. The queued copy is built in env->cur (room for every frame) and
 * then taken off again, so that the current path continues after the call unchanged but for its
 * frame's callback_depth, reset to 0. */
static int push_callback(struct env *env, u32 func_id, u32 sp, s32 map_idx)
{
	struct state *st = env->cur;
	struct frame *caller = &st->frames[st->curframe], *callee;
	int err;

	/* setup_func_entry() */
	callee = calls_push_frame(env, st, sp);
	if (!callee)
		return -EACCES;
	set_callback_args(func_id, caller, callee, map_idx);
	caller->callback_depth++;
	st->callback_unroll_depth++;
	env_push_branch(env, env->subprogs[sp].start, &err);
	trace_touch_all(env);
	/* back to the caller's view */
	st->callback_unroll_depth--;
	caller->callback_depth = 0;
	memset(callee, 0, sizeof(*callee));
	st->curframe--;
	return err;
}

int check_callback_call(struct env *env, u32 func_id, s32 map_idx)
{
	const struct reg *regs = cur_regs(env);
	const struct reg *fn = &regs[BPF_REG_2];
	const struct map_def *m;

	if (fn->type != PTR_TO_FUNC || fn->range >= env->subprog_cnt)
		return env_reject(env, "analysis.bug", "callback argument is not a function");
	if (func_id == BPF_FUNC_loop) {
		/* iterations until the bound: R1's maximum. The kernel marks R1 precise, which
		 * its backtracking refuses for a pointer (R1 is ARG_ANYTHING): a verifier bug,
		 * but the verdict (-EFAULT) */
		if (regs[BPF_REG_1].type != SCALAR_VALUE)
			return env_reject(env, "calls.cb_count", "verifier bug: backtracking misuse");
		if (cur_frame(env)->callback_depth < regs[BPF_REG_1].var.umax)
			return push_callback(env, func_id, fn->range, -1);
		cur_frame(env)->callback_depth = 0;
		return 0;
	}
	m = map_idx >= 0 && (u32)map_idx < env->map_cnt ? &env->maps[map_idx] : NULL;
	if (!m)
		return env_unknown(env, "not modelled yet: bpf_for_each_map_elem without a map");
	if (map_has_for_each(m->type))
		return push_callback(env, func_id, fn->range, map_idx);
	if (map_lacks_for_each(m->type))
		return env_reject(env, "helper.map_type", "callback function not allowed for map");
	return env_unknown(env, "not modelled yet: bpf_for_each_map_elem on map type %u", m->type);
}

/* ---- The callback's exit ---- */

int check_callback_exit(struct env *env)
{
	struct state *st = env->cur;
	struct frame *callee = &st->frames[st->curframe];
	const struct reg *r0 = &callee->regs[BPF_REG_0];

	if (r0->type == PTR_TO_STACK)
		return env_reject(env, "calls.ret_stack", "cannot return stack pointer to the caller");
	if (r0->type != SCALAR_VALUE)
		return env_reject(env, "calls.cb_ret", "R0 not a scalar value");
	/* bpf_callback_t returns 64 bits */
	if (check_retval_range(env, "calls.cb_ret", "At callback return", r0, CB_RET_MIN, CB_RET_MAX,
			       false))
		return -EACCES;
	calls_note_stack_depth(env, st->curframe);
	/* back to the helper call, which decides on another iteration */
	env->next_idx = callee->callsite;
	trace_return(env, env->next_idx);
	memset(callee, 0, sizeof(*callee));
	st->curframe--;
	/* the state at the call before this iteration is the loop's previous entry: the
	 * checkpoint there was stored before the callback ran (find_prev_entry(state)) */
	env_widen_loop(env, st, env->next_idx, false);
	return 0;
}
