/* Helper calls, as the 6.18 kernel's check_helper_call() treats them: the helper must exist and
 * be offered to the program type, GPL-only helpers need a GPL-compatible license, each argument
 * must have a register type compatible with its kind (check_func_arg / check_reg_type, whose
 * "R1 type=scalar expected=map_ptr" wording is kept), memory arguments are checked against
 * their size argument, the map must suit the helper (check_map_func_compatibility), released
 * references are dropped with every copy of their pointer, R1-R5 are clobbered and R0 gets the
 * return kind. Socket arguments, returns and maps are sock_helpers.c's; acquiring, releasing and
 * deriving references refs.c's. Rule ids: helper.*, refs.*. */
#include <linux/bpf.h>
#include <string.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"
#include "checks/helper_protos.h"
#include "isa/helpers.h"
#include "loader/object.h"

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
 * kinds, per-cgroup storage... not modelled yet). */
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

/* The parts of check_map_func_compatibility() for the modelled helpers: 1 compatible, 0 not,
 * -1 unknown. */
static int map_func_compatible(u32 map_type, u32 func)
{
	bool map_op = func == BPF_FUNC_map_lookup_elem || func == BPF_FUNC_map_update_elem ||
		      func == BPF_FUNC_map_delete_elem;
	bool rb_op = func == BPF_FUNC_ringbuf_output || func == BPF_FUNC_ringbuf_reserve ||
		     func == BPF_FUNC_ringbuf_query || func == BPF_FUNC_ringbuf_reserve_dynptr;

	switch (map_type) {
	case BPF_MAP_TYPE_PROG_ARRAY:
		return func == BPF_FUNC_tail_call;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return func == BPF_FUNC_perf_event_output;
	case BPF_MAP_TYPE_RINGBUF:
		return rb_op;
	case BPF_MAP_TYPE_STACK_TRACE:
		return 0;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		if (func != BPF_FUNC_map_lookup_elem)
			return 0;
		break;
	default:
		break;
	}
	if (func == BPF_FUNC_tail_call || func == BPF_FUNC_perf_event_output || rb_op)
		return 0;	/* these need the map kinds above */
	if (map_op)
		return map_is_plain(map_type) ? 1 : -1;
	return 1;
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
	return (s64)sl->spilled.var.var_off.value;
}

/* may_access_direct_pkt_data() with a helper's meta: the program type must allow direct packet
 * reads and the helper must declare pkt_access (of the modelled ones: the map operations). */
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
		return fn->id == BPF_FUNC_map_lookup_elem || fn->id == BPF_FUNC_map_update_elem ||
		       fn->id == BPF_FUNC_map_delete_elem || sock_helper_pkt_access(fn->id);
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}

static int check_arg(struct env *env, const struct helper_proto *fn, int arg,
		     struct call_meta *meta)
{
	u32 regno = arg + 1;
	struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m;
	int err;

	if (fn->args[arg] == HARG_NONE)
		return 0;
	err = check_reg_read(env, regno);
	if (err)
		return err;
	switch (fn->args[arg]) {
	case HARG_ANYTHING:
		return 0;
	case HARG_MAP_PTR:
		if (r->type != CONST_PTR_TO_MAP)
			return type_mismatch(env, regno, "map_ptr");
		err = check_timer_map_arg(env, regno, meta->map_idx);	/* maplocks */
		meta->map_idx = r->map_idx;
		return err;
	case HARG_MAP_VALUE_OR_NULL:
		if (reg_is_null(r))
			return 0;
		/* fallthrough */
	case HARG_MAP_KEY:
	case HARG_MAP_VALUE:
		if (fn->args[arg] == HARG_MAP_VALUE && sock_map_value_is_sock(env, meta->map_idx))
			return check_sock_arg(env, fn->id, HARG_MAP_VALUE, regno, meta);
		/* check_reg_type() folds an _OR_NULL argument's flag into the register's type */
		if (!is_mem_type(fn->args[arg] == HARG_MAP_VALUE_OR_NULL ? r->type & ~REG_MAYBE_NULL :
				 r->type))
			return type_mismatch(env, regno, MEM_TYPES);
		if (reg_is_pkt(r) && !pkt_helper_ok(env, fn))
			return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
		m = meta->map_idx >= 0 && (u32)meta->map_idx < env->map_cnt ? &env->maps[meta->map_idx] :
		    NULL;
		if (!m)
			return env_unknown(env, "not modelled yet: map argument without a map");
		if (fn->args[arg] == HARG_MAP_KEY) {
			err = check_helper_mem_access(env, regno, m->key_size, ACC_READ, false, NULL);
			if (!err && (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY))
				meta->const_map_key = const_map_key(env, r, m->key_size);
			return err;
		}
		return check_helper_mem_access(env, regno, m->value_size, ACC_READ, false, NULL);
	case HARG_CTX:
		if (r->type != PTR_TO_CTX)
			return type_mismatch(env, regno, "ctx");
		if (r->off < 0)
			return env_reject(env, "ctx.modified", "negative offset ctx ptr R%u off=%d disallowed",
					  regno, r->off);
		if (r->off)
			return env_reject(env, "ctx.modified",
					  "dereference of modified ctx ptr R%u off=%d disallowed", regno,
					  r->off);
		return 0;
	case HARG_MEM_RDONLY:
	case HARG_MEM_UNINIT:
		if (!is_mem_type(r->type))
			return type_mismatch(env, regno, MEM_TYPES);
		if (reg_is_pkt(r) && !pkt_helper_ok(env, fn))
			return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
		meta->raw_mode = fn->args[arg] == HARG_MEM_UNINIT;
		return 0;
	case HARG_SIZE:
	case HARG_SIZE_OR_ZERO:
		if (r->type != SCALAR_VALUE)
			return type_mismatch(env, regno, "scalar");
		return check_mem_size_reg(env, regno,
					  fn->args[arg - 1] == HARG_MEM_UNINIT ? ACC_WRITE : ACC_READ,
					  fn->args[arg] == HARG_SIZE_OR_ZERO, meta);
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
		return check_callback_arg(env, regno, fn->args[arg]);	/* analysis/callbacks.c */
	case HARG_SOCK_COMMON:
	case HARG_SOCKET_OR_NULL:
	case HARG_BTF_SOCK_COMMON:
	case HARG_SOCK_RELEASE:
		return check_sock_arg(env, fn->id, fn->args[arg], regno, meta);	/* sock_helpers.c */
	case HARG_SPIN_LOCK:	/* maplocks */
		return check_spin_lock_arg(env, regno, fn->id);
	case HARG_TIMER:
		return check_timer_arg(env, regno, &meta->map_idx);
	case HARG_KPTR_XCHG_DEST:
		return check_kptr_xchg_arg(env, regno);
	/* btfptr */
	case HARG_BTF_TASK:
	case HARG_BTF_SEQ_FILE:
		return check_btf_arg(env, regno, fn->args[arg] == HARG_BTF_TASK ? "task_struct" :
						   "seq_file");
	case HARG_MEM_RDONLY_OR_NULL:
		if (reg_is_null(r))
			return 0;	/* the size argument must then be 0 (check_mem_size_reg) */
		if (!is_mem_type(r->type))
			return type_mismatch(env, regno, MEM_TYPES);
		if (reg_is_pkt(r) && !pkt_helper_ok(env, fn))
			return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
		return 0;
	case HARG_DYNPTR_RDONLY:
	case HARG_DYNPTR_LOCAL_UNINIT:
	case HARG_DYNPTR_RINGBUF_UNINIT:
	case HARG_DYNPTR_RINGBUF_RELEASE:
		return check_dynptr_arg(env, fn->id, regno, fn->args[arg], meta);	/* dynptr.c */
	default:
		return env_unknown(env, "not modelled yet: helper argument kind %u", fn->args[arg]);
	}
}

int check_helper_call(struct env *env, const struct insn *in)
{
	u32 id = (u32)in->imm, group = helper_prog_group(env->prog_type);
	const char *name = helper_name(id);
	const struct helper_proto *fn;
	struct call_meta meta = { .map_idx = -1, .const_map_key = -1 };
	struct reg *regs;
	const struct map_def *m;
	int i, err;

	if (!name || id == 0)
		return env_reject(env, "helper.unknown", "invalid func unknown#%u", id);
	fn = helper_proto(id);
	if (!fn)
		return env_unknown(env, "not modelled yet: helper %s#%u", name, id);
	i = sock_helper_offered(env->prog_type, id);	/* sockets: exact for more types */
	if ((fn->denied & group) || !i)
		return env_reject(env, "helper.prog_type", "program of this type cannot use helper %s#%u",
				  name, id);
	/* btfptr: tracing_prog_func_proto() offers the seq_file helpers to iterators only */
	if ((id == BPF_FUNC_seq_printf || id == BPF_FUNC_seq_write) &&
	    (env->prog_type != BPF_PROG_TYPE_TRACING || env->attach_type != BPF_TRACE_ITER))
		return env_unknown(env, "not modelled yet: helper %s#%u outside iterators", name, id);
	if (!(fn->allowed & group) && i != 1)
		return env_unknown(env, "not modelled yet: helper %s#%u for program type %u", name, id,
				   env->prog_type);
	if (fn->gpl_only && !env->opts.gpl)
		return env_reject(env, "helper.gpl",
				  "cannot call GPL-restricted function from non-GPL compatible program");
	for (i = 0; i < 5; i++) {
		err = check_arg(env, fn, i, &meta);
		if (!err && fn->args[i] != HARG_NONE && fn->args[i] != HARG_ANYTHING)
			err = refs_note_arg(env, i + 1, &meta);
		if (err)
			return err;
	}
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
	if (meta.map_idx >= 0) {
		m = &env->maps[meta.map_idx];
		i = sock_map_func_compatible(env, m->type, id);
		if (i == -2)
			i = map_func_compatible(m->type, id);
		if (i < 0)
			return env_unknown(env, "not modelled yet: %s on map type %u", name, m->type);
		if (!i)
			return env_reject(env, "helper.map_type", "cannot pass map_type %u into func %s#%u",
					  m->type, name, id);
	}
	if (meta.release_regno && refs_release(env, meta.ref_obj_id))
		return env_reject(env, "refs.release", "func %s#%u reference has not been acquired before",
				  name, id);
	if (id == BPF_FUNC_tail_call) {
		err = check_resource_leak(env, "tail_call");
		if (err)
			return err;
	}
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		regs[i] = reg_not_init();
	switch (fn->ret) {
	case HRET_INTEGER:
		regs[0] = reg_unknown();
		break;
	case HRET_VOID:
		regs[0] = reg_not_init();
		break;
	case HRET_MAP_VALUE_OR_NULL:
		if (meta.map_idx < 0)
			return env_unknown(env, "not modelled yet: map lookup without a map");
		m = &env->maps[meta.map_idx];
		regs[0] = reg_ptr(PTR_TO_MAP_VALUE | REG_MAYBE_NULL, 0);
		regs[0].map_idx = meta.map_idx;
		if (id == BPF_FUNC_map_lookup_elem && meta.const_map_key >= 0 &&
		    (u64)meta.const_map_key < m->max_entries &&
		    (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY))
			regs[0].type = PTR_TO_MAP_VALUE;	/* can_elide_value_nullness() */
		else
			regs[0].id = ++env->id_gen;
		if (!regs[0].id && (m->field_mask & (MF_SPIN_LOCK | MF_RES_SPIN_LOCK)))
			regs[0].id = ++env->id_gen;	/* maplocks: a spin lock is named by the id */
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
	/* btfptr */
	case HRET_BTF_TASK_TRUSTED:
		err = btf_ret_ptr(env, &regs[0], "task_struct", REG_TRUSTED);
		if (err)
			return err;
		break;
	case HRET_INTEGER_MSIZE:
		/* do_refine_retval_range(): at most the buffer size, or a negative errno */
		regs[0] = reg_unknown();
		regs[0].var.smin = regs[0].var.s32_min = -4095;
		regs[0].var.smax = (s64)meta.msize_max;
		regs[0].var.s32_max = (s32)meta.msize_max;
		scalar_sync(&regs[0].var);
		break;
	default:
		return env_unknown(env, "not modelled yet: helper return kind %u", fn->ret);
	}
	return refs_after_call(env, id, meta.map_idx, &meta);
}
