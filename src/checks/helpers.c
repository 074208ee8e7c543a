/* Helper calls, as the 6.18 kernel's check_helper_call() treats them, in its order:
 *   1. the prototype: the helper must be offered to the program type (helper_offered(),
 *      "program of this type cannot use helper"), GPL-only helpers need a GPL-compatible
 *      license, .allowed() and might_sleep refusals;
 *   2. each argument against its kind (check_func_arg / check_reg_type, whose "R1 type=scalar
 *      expected=map_ptr" wording is kept): packet pointers only for pkt_access helpers, NULL
 *      where the kind allows it, memory checked against its size argument or fixed size
 *      (with MEM_ALIGNED's strict alignment), constant strings in frozen read-only maps, map
 *      keys and values (a sockmap value is a socket);
 *   3. record_func_map / record_func_key: no writes into read-only maps, tail calls through
 *      prog arrays;
 *   4. uninitialised memory the helper fills becomes written, released references die with
 *      every copy, R1-R5 are clobbered, R0 gets the return kind (a byte count bounded by the
 *      size argument for get_stack / probe_read_*_str), helpers that change packet data turn
 *      every packet pointer of every frame, spilled or not, into an unknown scalar
 *      (clear_all_pkt_pointers, privileged);
 *   5. check_map_func_compatibility, both directions: "cannot pass map_type %d into func %s#%d".
 * Socket arguments and returns are sock_helpers.c's; acquiring, releasing and deriving
 * references refs.c's (the allocating instruction is kept for the "Unreleased reference" message);
 * callbacks analysis/callbacks.c's; locks, timers and kptrs locks.c's; BTF-typed arguments and
 * returns btf_access.c's. Rule ids: helper.*, refs.*. */
#include <linux/bpf.h>
#include <string.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"
#include "checks/helper_protos.h"
#include "isa/helpers.h"
#include "loader/object.h"
#include "loader/progtype.h"

#ifndef BPF_MAP_TYPE_CGRP_STORAGE
#define BPF_MAP_TYPE_CGRP_STORAGE 32	/* 6.2, newer than the installed uapi */
#endif

#define MEM_TYPES "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_"

static bool is_mem_type(u32 type)
{
	switch (type) {
	case PTR_TO_STACK:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_MEM | REG_RINGBUF:
	case PTR_TO_BUF:
	case PTR_TO_BTF_ID | REG_TRUSTED:	/* btfptr */
		return true;
	default:
		return false;
	}
}

static int type_mismatch(struct env *env, u32 regno, const char *expected)
{
	return env_reject(env, "helper.arg_type", "R%u type=%s expected=%s", regno,
			  env_type_str(env, cur_regs(env)[regno].type), expected);
}

/* Map kinds whose lookups return plain map values (the rest: sockets, inner maps of other
 * kinds, read-only devmap values... not modelled yet). */
static bool map_is_plain(u32 type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return true;
	default:
		return false;
	}
}

/* The kernel's may_update_sockmap(): map_update_elem / map_delete_elem on a sockmap or sockhash
 * from program types that cannot hold a locked socket. 1 yes, 0 no, -1 unknown. */
static int may_update_sockmap(struct env *env, u32 func)
{
	if (func != BPF_FUNC_map_update_elem && func != BPF_FUNC_map_delete_elem)
		return 0;
	switch (env->prog_type) {
	case BPF_PROG_TYPE_TRACING:
		return env->attach_type == BPF_TRACE_ITER;
	case BPF_PROG_TYPE_SOCK_OPS:
		return func == BPF_FUNC_map_delete_elem;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return 1;
	case BPF_PROG_TYPE_EXT:
		return -1;	/* resolve_prog_type(): the target's type */
	default:
		return 0;
	}
}

/* Helpers a map type admits, seen from the map (the first switch of the kernel's
 * check_map_func_compatibility()): 1 admitted, 0 not, -1 unknown (map types newer than the
 * modelled ones). */
static int map_admits(struct env *env, u32 map_type, u32 f)
{
	int upd;

	switch (map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
		return f == BPF_FUNC_tail_call;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return f == BPF_FUNC_perf_event_read || f == BPF_FUNC_perf_event_output ||
		       f == BPF_FUNC_skb_output || f == BPF_FUNC_perf_event_read_value ||
		       f == BPF_FUNC_xdp_output;
	case BPF_MAP_TYPE_RINGBUF:
		return f == BPF_FUNC_ringbuf_output || f == BPF_FUNC_ringbuf_reserve ||
		       f == BPF_FUNC_ringbuf_query || f == BPF_FUNC_ringbuf_reserve_dynptr ||
		       f == BPF_FUNC_ringbuf_submit_dynptr || f == BPF_FUNC_ringbuf_discard_dynptr;
	case BPF_MAP_TYPE_USER_RINGBUF:
		return f == BPF_FUNC_user_ringbuf_drain;
	case BPF_MAP_TYPE_STACK_TRACE:
		return f == BPF_FUNC_get_stackid;
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return f == BPF_FUNC_skb_under_cgroup || f == BPF_FUNC_current_task_under_cgroup;
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return f == BPF_FUNC_get_local_storage;
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
		return f == BPF_FUNC_redirect_map || f == BPF_FUNC_map_lookup_elem;
	case BPF_MAP_TYPE_CPUMAP:
		return f == BPF_FUNC_redirect_map;
	case BPF_MAP_TYPE_XSKMAP:
		return f == BPF_FUNC_redirect_map || f == BPF_FUNC_map_lookup_elem;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return f == BPF_FUNC_map_lookup_elem;
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		if (f == BPF_FUNC_sk_select_reuseport || f == BPF_FUNC_map_lookup_elem)
			return 1;
		if (map_type == BPF_MAP_TYPE_SOCKMAP &&
		    (f == BPF_FUNC_sk_redirect_map || f == BPF_FUNC_sock_map_update ||
		     f == BPF_FUNC_msg_redirect_map))
			return 1;
		if (map_type == BPF_MAP_TYPE_SOCKHASH &&
		    (f == BPF_FUNC_sk_redirect_hash || f == BPF_FUNC_sock_hash_update ||
		     f == BPF_FUNC_msg_redirect_hash))
			return 1;
		upd = may_update_sockmap(env, f);
		if (!upd && (f == BPF_FUNC_map_update_elem || f == BPF_FUNC_map_delete_elem))
			env_log(env, "cannot update sockmap in this context");
		return upd;
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return f == BPF_FUNC_sk_select_reuseport;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return f == BPF_FUNC_map_peek_elem || f == BPF_FUNC_map_pop_elem ||
		       f == BPF_FUNC_map_push_elem;
	case BPF_MAP_TYPE_SK_STORAGE:
		return f == BPF_FUNC_sk_storage_get || f == BPF_FUNC_sk_storage_delete ||
		       f == BPF_FUNC_kptr_xchg;
	case BPF_MAP_TYPE_INODE_STORAGE:
		return f == BPF_FUNC_inode_storage_get || f == BPF_FUNC_inode_storage_delete ||
		       f == BPF_FUNC_kptr_xchg;
	case BPF_MAP_TYPE_TASK_STORAGE:
		return f == BPF_FUNC_task_storage_get || f == BPF_FUNC_task_storage_delete ||
		       f == BPF_FUNC_kptr_xchg;
	case BPF_MAP_TYPE_CGRP_STORAGE:
		return f == 210 || f == 211 || f == BPF_FUNC_kptr_xchg;	/* cgrp_storage_get/delete */
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return f == BPF_FUNC_map_peek_elem || f == BPF_FUNC_map_push_elem;
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_LPM_TRIE:
	case BPF_MAP_TYPE_STRUCT_OPS:
		return 1;
	default:
		return -1;
	}
}

/* Map types a helper admits, seen from the helper (the second switch). */
static bool func_admits(u32 f, u32 t)
{
	switch (f) {
	case BPF_FUNC_tail_call:
		return t == BPF_MAP_TYPE_PROG_ARRAY;
	case BPF_FUNC_perf_event_read:
	case BPF_FUNC_perf_event_output:
	case BPF_FUNC_perf_event_read_value:
	case BPF_FUNC_skb_output:
	case BPF_FUNC_xdp_output:
		return t == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query:
	case BPF_FUNC_ringbuf_reserve_dynptr:
	case BPF_FUNC_ringbuf_submit_dynptr:
	case BPF_FUNC_ringbuf_discard_dynptr:
		return t == BPF_MAP_TYPE_RINGBUF;
	case BPF_FUNC_user_ringbuf_drain:
		return t == BPF_MAP_TYPE_USER_RINGBUF;
	case BPF_FUNC_get_stackid:
		return t == BPF_MAP_TYPE_STACK_TRACE;
	case BPF_FUNC_current_task_under_cgroup:
	case BPF_FUNC_skb_under_cgroup:
		return t == BPF_MAP_TYPE_CGROUP_ARRAY;
	case BPF_FUNC_redirect_map:
		return t == BPF_MAP_TYPE_DEVMAP || t == BPF_MAP_TYPE_DEVMAP_HASH ||
		       t == BPF_MAP_TYPE_CPUMAP || t == BPF_MAP_TYPE_XSKMAP;
	case BPF_FUNC_sk_redirect_map:
	case BPF_FUNC_msg_redirect_map:
	case BPF_FUNC_sock_map_update:
		return t == BPF_MAP_TYPE_SOCKMAP;
	case BPF_FUNC_sk_redirect_hash:
	case BPF_FUNC_msg_redirect_hash:
	case BPF_FUNC_sock_hash_update:
		return t == BPF_MAP_TYPE_SOCKHASH;
	case BPF_FUNC_get_local_storage:
		return t == BPF_MAP_TYPE_CGROUP_STORAGE || t == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
	case BPF_FUNC_sk_select_reuseport:
		return t == BPF_MAP_TYPE_REUSEPORT_SOCKARRAY || t == BPF_MAP_TYPE_SOCKMAP ||
		       t == BPF_MAP_TYPE_SOCKHASH;
	case BPF_FUNC_map_pop_elem:
		return t == BPF_MAP_TYPE_QUEUE || t == BPF_MAP_TYPE_STACK;
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_map_push_elem:
		return t == BPF_MAP_TYPE_QUEUE || t == BPF_MAP_TYPE_STACK ||
		       t == BPF_MAP_TYPE_BLOOM_FILTER;
	case BPF_FUNC_map_lookup_percpu_elem:
		return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH ||
		       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_sk_storage_delete:
		return t == BPF_MAP_TYPE_SK_STORAGE;
	case BPF_FUNC_inode_storage_get:
	case BPF_FUNC_inode_storage_delete:
		return t == BPF_MAP_TYPE_INODE_STORAGE;
	case BPF_FUNC_task_storage_get:
	case BPF_FUNC_task_storage_delete:
		return t == BPF_MAP_TYPE_TASK_STORAGE;
	case 210:	/* cgrp_storage_get */
	case 211:	/* cgrp_storage_delete */
		return t == BPF_MAP_TYPE_CGRP_STORAGE;
	default:
		return true;
	}
}

/* The kernel's check_map_func_compatibility(), both directions: 0, a rejection ("cannot pass
 * map_type %d into func %s#%d") or unknown. */
static int check_map_func_compat(struct env *env, const struct map_def *m, u32 f,
				 const char *name)
{
	int ok = map_admits(env, m->type, f);

	if (ok < 0)
		return env_unknown(env, "not modelled yet: %s on map type %u", name, m->type);
	if (ok && func_admits(f, m->type))
		return 0;
	return env_reject(env, "helper.map_type", "cannot pass map_type %u into func %s#%u", m->type,
			  name, f);
}

/* The constant key of an array lookup on the stack (the kernel's get_constant_map_key()):
 * >= 0, or -1 when not known. */
static s64 const_map_key(struct env *env, const struct reg *key, u32 key_size)
{
	const struct stack *st;
	const struct stack_slot *sl;
	int off, spi, b, i;
	u32 zero = 0, spill = 0;

	if (key->type != PTR_TO_STACK || !tnum_is_const(key->var.var_off))
		return -1;
	off = key->off + (s32)key->var.var_off.value;
	if (off >= 0 || off < -STACK_SIZE)
		return -1;
	st = &env->cur->frames[key->frameno].stack;
	spi = stack_spi(off);
	b = stack_bidx(off);
	sl = &st->slot[spi];
	for (i = b; i >= 0 && sl->type[i] == STACK_ZERO; i--)
		zero++;
	if (zero >= key_size)
		return 0;
	if (!stack_is_spill(st, spi) || sl->spilled.type != SCALAR_VALUE)
		return -1;
	for (i = b; i >= 0 && sl->type[i] == STACK_SPILL; i--)
		spill++;
	if (spill != key_size || !tnum_is_const(sl->spilled.var.var_off))
		return -1;
	/* the lookup's result depends on the value: it must not be pruned or widened away */
	env_relies_on_slot(env, key->frameno, spi);
	return (s64)sl->spilled.var.var_off.value;
}

/* may_access_direct_pkt_data() with a helper's meta: the program type must allow direct packet
 * reads and the helper must declare pkt_access. */
static bool pkt_helper_ok(struct env *env, const struct helper_proto *fn)
{
	switch (env->prog_type) {
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		return fn->flags & HF_PKT_ACCESS;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}

static bool arg_is_mem(u8 kind)
{
	switch (kind) {
	case HARG_MEM:
	case HARG_MEM_RDONLY:
	case HARG_MEM_UNINIT:
	case HARG_MEM_RDONLY_OR_NULL:
	case HARG_MEM_OR_NULL:
	case HARG_FIXED_UNINIT:
		return true;
	default:
		return false;
	}
}

static bool arg_may_be_null(u8 kind)
{
	return kind == HARG_MEM_RDONLY_OR_NULL || kind == HARG_MEM_OR_NULL ||
	       kind == HARG_CTX_OR_NULL || kind == HARG_MAP_VALUE_OR_NULL;
}

/* The memory argument the size argument @arg describes writes (MEM_WRITE) or reads. */
static enum access_type mem_arg_access(const struct helper_proto *fn, int arg)
{
	return arg > 0 && fn->args[arg - 1] == HARG_MEM_UNINIT ? ACC_WRITE : ACC_READ;
}

/* ARG_PTR_TO_CONST_STR (the kernel's check_reg_const_str()): a constant address in a frozen
 * read-only map whose contents hold a NUL before the value ends. */
static int check_const_str(struct env *env, u32 regno, const struct reg *r)
{
	const struct map_def *m = env_map(env, r);
	s64 off;
	int err;

	if (!m)
		return env_unknown(env, "not modelled yet: string in an unknown map");
	if (m->kind != MAP_KIND_RODATA || !m->data) {
		if (m->map_flags & BPF_F_RDONLY_PROG)
			return env_unknown(env, "not modelled yet: whether map %s is frozen", m->name);
		return env_reject(env, "helper.const_str", "R%u does not point to a readonly map'",
				  regno);
	}
	if (!tnum_is_const(r->var.var_off))
		return env_reject(env, "helper.const_str", "R%u is not a constant address'", regno);
	if (r->off < 0 || (u32)r->off > m->value_size)
		return env_unknown(env, "not modelled yet: string pointer outside its map value");
	err = check_helper_mem_access(env, regno, m->value_size - (u32)r->off, ACC_READ, false, NULL);
	if (err)
		return err;
	off = r->off + (s64)r->var.var_off.value;
	if (off < 0 || off >= m->value_size)
		return env_unknown(env, "not modelled yet: string pointer outside its map value");
	if (!memchr(m->data + off, 0, m->value_size - (size_t)off))
		return env_reject(env, "helper.const_str", "string is not zero-terminated");
	return 0;
}

static int check_arg(struct env *env, const struct helper_proto *fn, int arg,
		     struct call_meta *meta)
{
	u32 regno = arg + 1;
	struct reg *r = &cur_regs(env)[regno];
	u8 kind = fn->args[arg];
	const struct map_def *m;
	int err;

	if (kind == HARG_NONE)
		return 0;
	err = check_reg_read(env, regno);
	if (err)
		return err;
	if (kind == HARG_ANYTHING)
		return 0;
	if (reg_is_pkt(r) && !pkt_helper_ok(env, fn))
		return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
	if (arg_may_be_null(kind) && reg_is_null(r)) {
		/* a NULL register is a scalar: the type check is skipped (skip_type_check) */
		meta->raw_mode = false;
		return 0;
	}
	if (arg_is_mem(kind)) {
		if (!is_mem_type(r->type) ||
		    ((r->type & REG_RDONLY) && kind != HARG_MEM_RDONLY &&
		     kind != HARG_MEM_RDONLY_OR_NULL))
			return type_mismatch(env, regno, MEM_TYPES);
		meta->raw_mode = kind == HARG_MEM_UNINIT || kind == HARG_FIXED_UNINIT;
		if (kind != HARG_FIXED_UNINIT)
			return 0;	/* checked with the size argument */
		err = check_helper_mem_access(env, regno, fn->arg_size[arg], ACC_WRITE, false, meta);
		if (err)
			return err;
		return check_ptr_alignment(env, regno, 0, fn->arg_size[arg], true);
	}
	switch (kind) {
	case HARG_MAP_PTR:
		if (r->type != CONST_PTR_TO_MAP)
			return type_mismatch(env, regno, "map_ptr");
		err = check_timer_map_arg(env, regno, meta->map_idx);	/* maplocks */
		meta->map_idx = r->map_idx;
		return err;
	case HARG_MAP_KEY:
	case HARG_MAP_VALUE:
	case HARG_MAP_VALUE_OR_NULL:
	case HARG_MAP_VALUE_UNINIT:
		m = meta->map_idx >= 0 && (u32)meta->map_idx < env->map_cnt ? &env->maps[meta->map_idx] :
		    NULL;
		if (!m)
			return env_unknown(env, "not modelled yet: map argument without a map");
		if (kind != HARG_MAP_KEY &&
		    (m->type == BPF_MAP_TYPE_SOCKMAP || m->type == BPF_MAP_TYPE_SOCKHASH)) {
			/* resolve_map_arg_type() */
			if (kind == HARG_MAP_VALUE_UNINIT)
				return env_reject(env, "helper.arg_type",
						  "invalid arg_type for sockmap/sockhash");
			return check_sock_arg(env, HARG_MAP_VALUE, regno, meta);
		}
		/* check_reg_type() folds an _OR_NULL argument's flag into the register's type */
		if (!is_mem_type(kind == HARG_MAP_VALUE_OR_NULL ? r->type & ~REG_MAYBE_NULL : r->type))
			return type_mismatch(env, regno, MEM_TYPES);
		if (kind == HARG_MAP_KEY) {
			err = check_helper_mem_access(env, regno, m->key_size, ACC_READ, false, NULL);
			if (!err && (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY))
				meta->const_map_key = const_map_key(env, r, m->key_size);
			return err;
		}
		if (kind == HARG_MAP_VALUE || kind == HARG_MAP_VALUE_OR_NULL ||
		    m->type == BPF_MAP_TYPE_BLOOM_FILTER)
			/* a bloom filter's peek reads the value it tests */
			return check_helper_mem_access(env, regno, m->value_size, ACC_READ, false,
						       NULL);
		meta->raw_mode = true;	/* pop / peek fill the value */
		return check_helper_mem_access(env, regno, m->value_size, ACC_WRITE, false, meta);
	case HARG_CTX:
	case HARG_CTX_OR_NULL:
		if (r->type != PTR_TO_CTX)
			return type_mismatch(env, regno, "ctx");
		return check_ctx_ptr(env, regno, r);
	case HARG_CONST_STR:
		if (r->type != PTR_TO_MAP_VALUE)
			return type_mismatch(env, regno, "map_value");
		return check_const_str(env, regno, r);
	case HARG_SIZE:
	case HARG_SIZE_OR_ZERO:
		if (r->type != SCALAR_VALUE)
			return type_mismatch(env, regno, "scalar");
		return check_mem_size_reg(env, regno, mem_arg_access(fn, arg), kind == HARG_SIZE_OR_ZERO,
					  meta);
	case HARG_ALLOC_SIZE:
		if (r->type != SCALAR_VALUE)
			return type_mismatch(env, regno, "scalar");
		if (!tnum_is_const(r->var.var_off))
			return env_reject(env, "helper.not_const", "R%u is not a known constant'", regno);
		meta->mem_size = r->var.var_off.value;
		return 0;
	case HARG_RINGBUF_RELEASE:
		if (r->type != (PTR_TO_MEM | REG_RINGBUF))
			return type_mismatch(env, regno, "ringbuf_mem");
		if (!r->ref_obj_id)
			return env_reject(env, "refs.not_referenced",
					  "R%u must be referenced when passed to release function", regno);
		if (r->off || !tnum_equals_const(r->var.var_off, 0))
			return env_reject(env, "refs.release_off",
					  "R%u must have zero offset when passed to release func or trusted arg to kfunc",
					  regno);
		meta->release_regno = regno;
		return 0;
	case HARG_FUNC:
	case HARG_STACK_OR_NULL:
		return check_callback_arg(env, regno, kind);	/* analysis/callbacks.c */
	case HARG_SOCK_COMMON:
	case HARG_SOCKET_OR_NULL:
	case HARG_BTF_SOCK_COMMON:
	case HARG_SOCK_RELEASE:
		return check_sock_arg(env, kind, regno, meta);	/* sock_helpers.c */
	case HARG_SPIN_LOCK:	/* maplocks */
		return check_spin_lock_arg(env, regno, fn->id);
	case HARG_TIMER:
		return check_timer_arg(env, regno, &meta->map_idx);
	case HARG_KPTR_XCHG_DEST:
		return check_kptr_xchg_arg(env, regno, meta);
	case HARG_BTF_ID_RELEASE:
		return check_kptr_xchg_src(env, regno, meta);	/* bpf_kptr_xchg only */
	/* btfptr */
	case HARG_BTF_TASK:
	case HARG_BTF_SEQ_FILE:
		return check_btf_arg(env, regno, kind == HARG_BTF_TASK ? "task_struct" : "seq_file");
	case HARG_PERCPU_BTF_ID:
		return check_percpu_btf_arg(env, regno);
	case HARG_DYNPTR_RDONLY:
	case HARG_DYNPTR_LOCAL_UNINIT:
	case HARG_DYNPTR_RINGBUF_UNINIT:
	case HARG_DYNPTR_RINGBUF_RELEASE:
		return check_dynptr_arg(env, fn->id, regno, kind, meta);	/* dynptr.c */
	default:
		return env_unknown(env, "not modelled yet: argument %d of this helper", arg + 1);
	}
}

/* The kernel's record_func_map() and record_func_key() checks: no writes into a map the program
 * may only read, tail calls through a prog array only. */
static int record_func_map(struct env *env, u32 id, const struct call_meta *meta)
{
	const struct map_def *m = meta->map_idx >= 0 && (u32)meta->map_idx < env->map_cnt ?
				  &env->maps[meta->map_idx] : NULL;
	/* devmaps get BPF_F_RDONLY_PROG from the kernel itself (dev_map_init_map()) */
	bool rdonly = m && ((m->map_flags & BPF_F_RDONLY_PROG) || m->kind == MAP_KIND_RODATA ||
			    m->kind == MAP_KIND_KCONFIG || m->type == BPF_MAP_TYPE_DEVMAP ||
			    m->type == BPF_MAP_TYPE_DEVMAP_HASH);

	if (rdonly && (id == BPF_FUNC_map_delete_elem || id == BPF_FUNC_map_update_elem ||
		       id == BPF_FUNC_map_push_elem || id == BPF_FUNC_map_pop_elem))
		return env_reject(env, "helper.map_rdonly", "write into map forbidden");
	if (id == BPF_FUNC_tail_call && (!m || m->type != BPF_MAP_TYPE_PROG_ARRAY))
		return env_reject(env, "helper.map_type", "expected prog array map for tail call");
	return 0;
}

static void invalidate_pkt(struct reg *r, void *unused)
{
	(void)unused;
	if (reg_is_pkt_any(r))
		*r = reg_unknown();	/* privileged: mark_reg_invalid() leaves an unknown scalar */
}

/* The kernel's do_refine_retval_range(): helpers that return a byte count of at most the size
 * argument or a negative errno. (get_smp_processor_id's bound is nr_cpu_ids of the machine
 * that loads the program: left unknown.) */
static void refine_retval(const struct helper_proto *fn, const struct call_meta *meta,
			  struct reg *r0)
{
	switch (fn->id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		r0->var.smax = (s64)meta->msize_max;
		r0->var.s32_max = (s32)(u32)meta->msize_max;
		r0->var.smin = -4095;		/* -MAX_ERRNO */
		r0->var.s32_min = -4095;
		scalar_sync(&r0->var);
		break;
	default:
		break;
	}
}

static bool prog_sleepable(const struct env *env)
{
	return env->prog && (progtype_load_flags(&env->prog->pt) & BPF_F_SLEEPABLE);
}

/* get_func_proto() and the checks on the prototype before the arguments: availability for the
 * program type, GPL, .allowed(), might_sleep. 0 and *@out, or a rejection / unknown. */
/* Availability for tracing and lsm programs, whose func_proto switches helper_avail.c does not
 * model (their chain ends in bpf_tracing_func_proto() and bpf_base_func_proto()): the helpers
 * every covered program type is offered, and the ones the BTF-pointer checks (btf_access.c)
 * cover; everything else stays unknown. The seq_file helpers are for iterators only
 * (tracing_prog_func_proto()); elsewhere they stay unknown too. */
static enum helper_avail btf_trace_offered(const struct env *env, u32 id)
{
	if (env->prog_type != BPF_PROG_TYPE_TRACING && env->prog_type != BPF_PROG_TYPE_LSM)
		return HELPER_AVAIL_UNKNOWN;
	switch (id) {
	case BPF_FUNC_seq_printf:
	case BPF_FUNC_seq_write:
		return env->prog_type == BPF_PROG_TYPE_TRACING &&
		       env->attach_type == BPF_TRACE_ITER ? HELPER_OFFERED : HELPER_AVAIL_UNKNOWN;
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_current_task:
	case BPF_FUNC_get_current_task_btf:
	case BPF_FUNC_get_current_uid_gid:
		return HELPER_OFFERED;
	default:
		return helper_offered_to_every_type(id) ? HELPER_OFFERED : HELPER_AVAIL_UNKNOWN;
	}
}

static int find_proto(struct env *env, u32 id, const char *name, const struct helper_proto **out)
{
	enum helper_avail avail = helper_offered(id, env->prog_type, env->attach_type);
	const struct helper_proto *fn;

	if (avail == HELPER_AVAIL_UNKNOWN)
		avail = btf_trace_offered(env, id);
	if (avail == HELPER_NOT_OFFERED)
		return env_reject(env, "helper.prog_type", "program of this type cannot use helper %s#%u",
				  name, id);
	if (avail == HELPER_AVAIL_UNKNOWN)
		return env_unknown(env, "not modelled yet: helper %s#%u for program type %s", name, id,
				   progtype_name(env->prog_type));
	fn = helper_proto(id, env->prog_type, env->attach_type);
	if (!fn)
		return env_unknown(env, "not modelled yet: helper %s#%u", name, id);
	if (fn->gpl_only && !env->opts.gpl)
		return env_reject(env, "helper.gpl",
				  "cannot call GPL-restricted function from non-GPL compatible program");
	if (avail == HELPER_REFUSED)
		return env_reject(env, "helper.not_allowed", "helper call is not allowed in probe");
	if ((fn->flags & HF_MIGHT_SLEEP) && !prog_sleepable(env))
		return env_reject(env, "helper.sleep", "helper call might sleep in a non-sleepable prog");
	if (fn->ret == HRET_UNMODELLED)
		return env_unknown(env, "not modelled yet: the return value of %s#%u", name, id);
	*out = fn;
	return 0;
}

int check_helper_call(struct env *env, const struct insn *in)
{
	u32 id = (u32)in->imm;
	const char *name = helper_name(id);
	const struct helper_proto *fn = NULL;
	struct call_meta meta = { .map_idx = -1, .const_map_key = -1 };
	struct reg *regs;
	const struct map_def *m;
	int i, err;

	if (!name || id == 0)
		return env_reject(env, "helper.unknown", "invalid func unknown#%u", id);
	err = find_proto(env, id, name, &fn);
	if (err)
		return err;
	for (i = 0; i < 5; i++) {
		err = check_arg(env, fn, i, &meta);
		if (!err && fn->args[i] != HARG_NONE && fn->args[i] != HARG_ANYTHING)
			err = refs_note_arg(env, i + 1, &meta);
		if (err)
			return err;
	}
	err = record_func_map(env, id, &meta);
	if (err)
		return err;
	regs = cur_regs(env);
	if (meta.raw_mode && meta.raw_size) {
		/* the helper fills the uninitialised buffer: byte writes of unknown data */
		for (u32 b = 0; b < meta.raw_size; b++) {
			err = check_mem_access(env, meta.raw_regno, (s32)b, 1, ACC_WRITE, -1, false, 1);
			if (err)
				return err;
		}
	}
	if (calls_is_callback_helper(id)) {
		/* the callback's body is queued (analysis/callbacks.c); the kernel does it
		 * before check_map_func_compatibility() */
		err = check_callback_call(env, id, meta.map_idx);
		if (err)
			return err;
		regs = cur_regs(env);
	}
	/* a NULL release argument (bpf_kptr_xchg's source) releases nothing */
	if (meta.release_regno && (meta.ref_obj_id || !reg_is_null(&regs[meta.release_regno])) &&
	    refs_release(env, meta.ref_obj_id))
		return env_reject(env, "refs.release", "func %s#%u reference has not been acquired before",
				  name, id);
	if (id == BPF_FUNC_tail_call) {
		err = check_resource_leak(env, "tail_call");
		if (err)
			return err;
	}
	if (id == BPF_FUNC_get_func_ip) {
		/* check_get_func_ip(): kprobes, and tracing programs with a trampoline */
		if (env->prog_type == BPF_PROG_TYPE_TRACING)
			return env_unknown(env, "not modelled yet: get_func_ip in a tracing program");
		if (env->prog_type != BPF_PROG_TYPE_KPROBE)
			return env_reject(env, "helper.prog_type",
					  "func %s#%u not supported for program type %u", name, id,
					  env->prog_type);
	}
	if (id == BPF_FUNC_get_local_storage && !reg_is_null(&regs[BPF_REG_2]))
		return env_reject(env, "helper.flags",
				  "get_local_storage() doesn't support non-zero flags");
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		regs[i] = reg_not_init();
	switch (fn->ret) {
	case HRET_INTEGER:
		regs[0] = reg_unknown();
		refine_retval(fn, &meta, &regs[0]);
		break;
	case HRET_VOID:
		regs[0] = reg_not_init();
		break;
	case HRET_MAP_VALUE_OR_NULL:
	case HRET_MAP_VALUE:
		if (meta.map_idx < 0)
			return env_unknown(env, "not modelled yet: map lookup without a map");
		m = &env->maps[meta.map_idx];
		/* lookups in socket maps give sockets once NULL-checked (sock_map_lookup_type); socket
		 * storage gives plain values */
		if (fn->ret == HRET_MAP_VALUE_OR_NULL && !map_is_plain(m->type) &&
		    !sock_map_lookup_type(m->type) && m->type != BPF_MAP_TYPE_SK_STORAGE &&
		    map_admits(env, m->type, id) > 0)
			return env_unknown(env, "not modelled yet: %s on map type %u", name, m->type);
		regs[0] = reg_ptr(PTR_TO_MAP_VALUE, 0);
		regs[0].map_idx = meta.map_idx;
		if (fn->ret == HRET_MAP_VALUE_OR_NULL &&
		    !(id == BPF_FUNC_map_lookup_elem && meta.const_map_key >= 0 &&
		      (u64)meta.const_map_key < m->max_entries &&
		      (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY))) {
			/* not can_elide_value_nullness() */
			regs[0].type |= REG_MAYBE_NULL;
			regs[0].id = ++env->id_gen;
		} else if (m->field_mask & (MF_SPIN_LOCK | MF_RES_SPIN_LOCK)) {
			regs[0].id = ++env->id_gen;	/* maplocks: a spin lock is named by the id */
		}
		break;
	case HRET_DYNPTR_MEM_OR_NULL:
		dynptr_data_ret(env, &meta);	/* dynptr.c */
		break;
	case HRET_RINGBUF_OR_NULL:
		regs[0] = reg_ptr(PTR_TO_MEM | REG_RINGBUF | REG_MAYBE_NULL, 0);
		regs[0].range = (u32)meta.mem_size;
		regs[0].id = ++env->id_gen;
		break;
	case HRET_SOCKET_OR_NULL:
	case HRET_SOCK_COMMON_OR_NULL:
	case HRET_TCP_SOCK_OR_NULL:
	case HRET_BTF_SOCK_OR_NULL:
		err = sock_helper_ret(env, id, fn->ret);	/* sock_helpers.c */
		if (err)
			return err;
		break;
	case HRET_KPTR_XCHG:
		err = kptr_xchg_ret(env, &meta);	/* locks.c */
		if (err)
			return err;
		break;
	case HRET_MEM_OR_BTF_ID:
		/* never reached while no per-CPU pointer is modelled (check_percpu_btf_arg) */
		return env_unknown(env, "not modelled yet: the per-CPU pointer %s#%u returns", name, id);
	/* btfptr */
	case HRET_BTF_TASK_TRUSTED:
		err = btf_ret_ptr(env, &regs[0], "task_struct", REG_TRUSTED);
		if (err)
			return err;
		break;
	default:
		return env_unknown(env, "not modelled yet: helper return kind %u", fn->ret);
	}
	if (fn->flags & HF_CHANGES_PKT)
		state_for_each_reg(env->cur, invalidate_pkt, NULL);	/* clear_all_pkt_pointers() */
	err = refs_after_call(env, id, meta.map_idx, &meta);
	if (err)
		return err;
	if (meta.map_idx >= 0) {
		err = check_map_func_compat(env, &env->maps[meta.map_idx], id, name);
		if (err)
			return err;
	}
	if (id == BPF_FUNC_tail_call && env->cur->curframe) {
		/* a tail call that succeeds leaves the subprogram (calls.c), with the packet
		 * possibly changed by the program it ran */
		err = calls_abnormal_exit(env, reg_unknown());
		if (err)
			return err;
		state_for_each_reg(env->cur, invalidate_pkt, NULL);
	}
	return 0;
}
