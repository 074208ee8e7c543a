/* Memory access rules by pointer kind, as the 6.18 kernel's check_mem_access() and its helpers
 * apply them in privileged mode: stack (check_stack_access_within_bounds, spills and fills of
 * check_stack_write/read_fixed_off, variable offsets), map values and keys
 * (check_mem_region_access with the signed/unsigned bounds of the variable offset, read-only
 * maps, constant reads from frozen .rodata), context (ctx.c decides the fields), packets (the
 * range learnt from data_end comparisons), mem (ringbuf records), and the helper-argument forms
 * (check_helper_mem_access, check_stack_range_initialized, check_mem_size_reg).
 *
 * Rule ids: mem.* for out-of-bounds and type errors, stack.* for stack rules, ctx.* for the
 * context. Alignment is checked first, by align.c. */
#include <string.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"
#include "loader/object.h"

#ifndef BPF_F_RDONLY_PROG
#define BPF_F_RDONLY_PROG (1U << 7)
#endif
#ifndef BPF_F_WRONLY_PROG
#define BPF_F_WRONLY_PROG (1U << 8)
#endif

/* ---- Bounded regions (map values and keys, mem) ---- */

static int region_msg(struct env *env, u32 regno, const struct reg *r, s64 off, u64 size,
		      u64 mem_size)
{
	switch (reg_base(r)) {
	case PTR_TO_MAP_KEY:
		env_log(env, "invalid access to map key, key_size=%llu off=%lld size=%llu",
			(unsigned long long)mem_size, (long long)off, (unsigned long long)size);
		break;
	case PTR_TO_MAP_VALUE:
		env_log(env, "invalid access to map value, value_size=%llu off=%lld size=%llu",
			(unsigned long long)mem_size, (long long)off, (unsigned long long)size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		env_log(env, "invalid access to packet, off=%lld size=%llu, R%u(id=%u,off=%lld,r=%llu)",
			(long long)off, (unsigned long long)size, regno, r->id, (long long)off,
			(unsigned long long)mem_size);
		break;
	default:
		env_log(env, "invalid access to memory, mem_size=%llu off=%lld size=%llu",
			(unsigned long long)mem_size, (long long)off, (unsigned long long)size);
		break;
	}
	return -EACCES;
}

/* The kernel's __check_mem_access(): 0 or -EACCES with the first line logged. */
static int mem_access(struct env *env, u32 regno, const struct reg *r, s64 off, u64 size,
		      u64 mem_size, bool zero_size_allowed)
{
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;
	return region_msg(env, regno, r, off, size, mem_size);
}

/* The kernel's check_mem_region_access(). */
static int check_region(struct env *env, u32 regno, s32 off, u64 size, u64 mem_size,
			bool zero_size_allowed)
{
	const struct reg *r = &cur_regs(env)[regno];
	s64 smin = r->var.smin;

	if (smin < 0 && (smin == INT64_MIN || (off + smin != (s64)(s32)(off + smin)) ||
			 smin + off < 0))
		return env_reject(env, "mem.negative",
				  "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
				  regno);
	if (mem_access(env, regno, r, smin + off, size, mem_size, zero_size_allowed))
		return env_reject(env, "mem.oob", "R%u min value is outside of the allowed memory range",
				  regno);
	if (r->var.umax >= BPF_MAX_VAR_OFF)
		return env_reject(env, "mem.unbounded",
				  "R%u unbounded memory access, make sure to bounds check any such access",
				  regno);
	if (mem_access(env, regno, r, (s64)r->var.umax + off, size, mem_size, zero_size_allowed))
		return env_reject(env, "mem.oob", "R%u max value is outside of the allowed memory range",
				  regno);
	return 0;
}

static bool map_rdonly(const struct map_def *m)
{
	return (m->map_flags & BPF_F_RDONLY_PROG) || m->kind == MAP_KIND_RODATA ||
	       m->kind == MAP_KIND_KCONFIG;
}

/* The kernel's check_map_access_type(). */
static int check_map_access_type(struct env *env, const struct map_def *m, s32 off, u64 size,
				 enum access_type t)
{
	if (t == ACC_WRITE && map_rdonly(m))
		return env_reject(env, "mem.map_rdonly",
				  "write into map forbidden, value_size=%u off=%d size=%llu",
				  m->value_size, off, (unsigned long long)size);
	if (t == ACC_READ && (m->map_flags & BPF_F_WRONLY_PROG))
		return env_reject(env, "mem.map_wronly",
				  "read from map forbidden, value_size=%u off=%d size=%llu",
				  m->value_size, off, (unsigned long long)size);
	return 0;
}

/* The kernel's check_packet_access(). */
static int check_packet(struct env *env, u32 regno, s32 off, u64 size, bool zero_size_allowed)
{
	const struct reg *r = &cur_regs(env)[regno];

	if (r->var.smin < 0)
		return env_reject(env, "mem.negative",
				  "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
				  regno);
	/* a pkt_end mark is the kernel's negative range: no bounds check, so no first line */
	if (r->pkt_end)
		return env_reject(env, "mem.pkt_oob", "R%u offset is outside of the packet", regno);
	if (mem_access(env, regno, r, off, size, r->range, zero_size_allowed))
		return env_reject(env, "mem.pkt_oob", "R%u offset is outside of the packet", regno);
	return 0;
}

/* The kernel's may_access_direct_pkt_data() for direct accesses. */
static bool pkt_write_ok(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}

static bool pkt_read_ok(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return true;
	default:
		return pkt_write_ok(prog_type);
	}
}

/* ---- Map pointers and tracepoint buffers ---- */

/* The kernel object behind a map of type @map_type: the struct its ops' map_btf_id names (each
 * checked on 6.18 through the name in "R1 is <struct> invalid negative access"); NULL for the
 * types not listed (arena and later ones: not modelled; a struct_ops map never gets this far).
 */
static const char *map_struct_name(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
		return "bpf_array";
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return "bpf_htab";
	case BPF_MAP_TYPE_STACK_TRACE:
		return "bpf_stack_map";
	case BPF_MAP_TYPE_LPM_TRIE:
		return "lpm_trie";
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
		return "bpf_dtab";
	case BPF_MAP_TYPE_SOCKMAP:
		return "bpf_stab";
	case BPF_MAP_TYPE_SOCKHASH:
		return "bpf_shtab";
	case BPF_MAP_TYPE_CPUMAP:
		return "bpf_cpu_map";
	case BPF_MAP_TYPE_XSKMAP:
		return "xsk_map";
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return "bpf_cgroup_storage_map";
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return "reuseport_array";
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "bpf_queue_stack";
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return "bpf_ringbuf_map";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "bpf_bloom_filter";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case 32:	/* BPF_MAP_TYPE_CGRP_STORAGE */
		return "bpf_local_storage_map";
	default:
		return NULL;
	}
}

/* The kernel's check_ptr_to_map_access(): with CAP_PERFMON a map pointer reads (only) its
 * kernel object's fields, as a PTR_TO_BTF_ID to that struct of the vmlinux BTF would
 * (btf_access.c): a scalar, or a pointer member read whole, which becomes a PTR_TO_BTF_ID.
 * @off includes the fixed offset; the read value goes to @value_regno. */
static int check_map_ptr_access(struct env *env, u32 regno, const struct reg *r, s32 off,
				u32 size, enum access_type t, int value_regno)
{
	const struct map_def *m = env_map(env, r);
	const char *name = m ? map_struct_name(m->type) : NULL;

	if (!name)
		return env_unknown(env, "not modelled yet: access through map_ptr of map type %u",
				   m ? m->type : 0);
	if (!env->allow_ptr_leaks)
		return env_reject(env, "mem.map_ptr",
				  "'struct %s' access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN",
				  name);
	if (off < 0)
		return env_reject(env, "mem.map_ptr", "R%u is %s invalid negative access: off=%d",
				  regno, name, off);
	if (t != ACC_READ)
		return env_reject(env, "mem.map_ptr", "only read from %s is supported", name);
	return check_btf_map_access(env, name, off, size, value_regno);
}

/* The kernel's check_tp_buffer_access(): a writable raw tracepoint's buffer, at a fixed
 * non-negative offset (its size is checked at attach time, not here). @off includes the fixed
 * offset. */
static int check_tp_buffer_access(struct env *env, u32 regno, const struct reg *r, s32 off,
				  u32 size)
{
	char tn[64];

	if (off < 0)
		return env_reject(env, "mem.tp_buffer",
				  "R%u invalid tracepoint buffer access: off=%d, size=%u", regno, off,
				  size);
	if (!tnum_is_const(r->var.var_off) || r->var.var_off.value) {
		tnum_fmt(tn, sizeof(tn), r->var.var_off);
		return env_reject(env, "mem.tp_buffer",
				  "R%u invalid variable buffer offset: off=%d, var_off=%s", regno, off,
				  tn);
	}
	return 0;
}

/* ---- Stack ---- */

/* The kernel's check_stack_access_within_bounds(); @helper selects the "indirect access"
 * wording. On success *@min_off / *@max_off (exclusive) are the touched byte range. */
static int stack_bounds(struct env *env, u32 regno, s32 off, s64 size, enum access_type t,
			bool helper, s64 *min_off, s64 *max_off)
{
	const struct reg *r = &cur_regs(env)[regno];
	/* 6.18 names the access type for helpers too (the "indirect access to" wording of
	 * ACCESS_HELPER is gone) */
	const char *extra = t == ACC_READ ? " read from" : " write to";
	bool bad;

	if (tnum_is_const(r->var.var_off)) {
		*min_off = (s64)r->var.var_off.value + off;
		*max_off = *min_off + size;
	} else {
		if (r->var.smax >= BPF_MAX_VAR_OFF || r->var.smin <= -BPF_MAX_VAR_OFF)
			return env_reject(env, "stack.unbounded",
					  "invalid unbounded variable-offset%s stack R%u", extra, regno);
		*min_off = r->var.smin + off;
		*max_off = r->var.smax + off + size;
	}
	bad = *min_off < -STACK_SIZE || *min_off > -1 || *max_off > 0 || size < 0;
	if (bad) {
		if (tnum_is_const(r->var.var_off))
			return env_reject(env, "stack.oob", "invalid%s stack R%u off=%d size=%lld",
					  extra, regno, off, (long long)size);
		else {
			char tn[64];

			tnum_fmt(tn, sizeof(tn), r->var.var_off);
			return env_reject(env, "stack.oob",
					  "invalid variable-offset%s stack R%u var_off=%s off=%d size=%lld",
					  extra, regno, tn, off, (long long)size);
		}
	}
	/* iterator and dynptr slots: what plain accesses do to them is not modelled */
	for (s64 o = *min_off; o < *max_off; o++)
		if (stack_is_obj(&env->cur->frames[r->frameno].stack, stack_spi((int)o)))
			return env_unknown(env, "not modelled yet: access to the stack of an iterator or dynptr");
	/* grow_stack_state() of the frame the pointer points into, and its subprogram's depth */
	stack_touch(&env->cur->frames[r->frameno].stack, (int)*min_off);
	calls_note_stack_depth(env, r->frameno);
	return 0;
}

static struct stack *ptr_stack(struct env *env, const struct reg *r)
{
	return &env->cur->frames[r->frameno].stack;
}

static u32 scalar_width(const struct scalar *s)
{
	return s->umax ? 64 - __builtin_clzll(s->umax) : 0;
}

static void save_register_state(struct stack *st, int spi, const struct reg *r, u32 size)
{
	struct stack_slot *sl = &st->slot[spi];
	int i;

	sl->spilled = *r;
	for (i = STACK_SLOT_SIZE; i > STACK_SLOT_SIZE - (int)size; i--)
		sl->type[i - 1] = STACK_SPILL;
	for (; i; i--)
		if (sl->type[i - 1] != STACK_ZERO && sl->type[i - 1] != STACK_INVALID)
			sl->type[i - 1] = STACK_MISC;
}

/* The kernel's check_stack_write_fixed_off() (privileged). @off is the absolute offset from the
 * frame pointer. */
static int stack_write_fixed(struct env *env, struct stack *st, s32 off, u32 size, int value_regno,
			     s32 imm, bool is_st)
{
	int spi = stack_spi(off), i;
	struct reg *v = value_regno >= 0 ? &cur_regs(env)[value_regno] : NULL;
	u8 type;

	if (v && !(off % STACK_SLOT_SIZE) && v->type == SCALAR_VALUE) {
		bool fits = scalar_width(&v->var) <= 8 * size;

		if (fits && !v->id && !tnum_is_const(v->var.var_off))
			v->id = ++env->id_gen;	/* assign_scalar_id_before_mov() */
		save_register_state(st, spi, v, size);
		if (!fits)
			st->slot[spi].spilled.id = 0;
		return 0;
	}
	if (!v && is_st && !(off % STACK_SLOT_SIZE)) {
		struct reg k = reg_const((u64)(s64)imm);

		save_register_state(st, spi, &k, size);
		return 0;
	}
	if (v && v->type != SCALAR_VALUE) {
		if (size != STACK_SLOT_SIZE)
			return env_reject(env, "stack.spill_size", "invalid size of register spill");
		if (st != &cur_frame(env)->stack && v->type == PTR_TO_STACK)
			return env_reject(env, "stack.spill_caller",
					  "cannot spill pointers to stack into stack frame of the caller");
		save_register_state(st, spi, v, size);
		return 0;
	}
	/* a plain write of data destroys a spilled register of the slot */
	if (stack_is_spill(st, spi))
		stack_scrub_slot(st, spi);
	st->slot[spi].spilled = reg_not_init();
	type = STACK_MISC;
	if ((v && reg_is_null(v)) || (!v && is_st && imm == 0))
		type = STACK_ZERO;
	for (i = 0; i < (int)size; i++)
		st->slot[spi].type[stack_bidx(off + i)] = type;
	return 0;
}

/* The kernel's check_stack_write_var_off() (privileged): every byte that may be written becomes
 * misc (zero stays zero when zero is written), spilled registers in range are destroyed. */
static void stack_write_var(struct env *env, struct stack *st, s64 min_off, s64 max_off,
			    int value_regno, s32 imm, bool is_st)
{
	struct reg *v = value_regno >= 0 ? &cur_regs(env)[value_regno] : NULL;
	bool zero = (v && reg_is_null(v)) || (!v && is_st && imm == 0);
	s64 i;

	for (i = min_off; i < max_off; i++) {
		int spi = stack_spi((int)i);
		u8 *t = &st->slot[spi].type[stack_bidx((int)i)];

		if (stack_is_spill(st, spi))
			stack_scrub_slot(st, spi);
		*t = zero && *t == STACK_ZERO ? STACK_ZERO : STACK_MISC;
	}
}

/* Value of bytes [@lo, @hi) of the stack read as data: 0 when all zero, else unknown (the
 * kernel's mark_reg_stack_read()). */
static struct reg stack_data_value(const struct stack *st, s64 lo, s64 hi)
{
	s64 i;

	for (i = lo; i < hi; i++) {
		int spi = stack_spi((int)i);
		u8 t = st->slot[spi].type[stack_bidx((int)i)];

		if (t == STACK_ZERO)
			continue;
		if (t == STACK_SPILL && st->slot[spi].spilled.type == SCALAR_VALUE &&
		    tnum_equals_const(st->slot[spi].spilled.var.var_off, 0))
			continue;
		return reg_unknown();
	}
	return reg_const(0);
}

/* The kernel's check_stack_read_fixed_off() (privileged). */
static int stack_read_fixed(struct env *env, struct stack *st, s32 off, u32 size, int dst_regno)
{
	int spi = stack_spi(off), i;
	const struct stack_slot *sl = &st->slot[spi];
	struct reg *regs = cur_regs(env);

	if (stack_is_spill(st, spi)) {
		u32 spill_size = 1;

		for (i = STACK_SLOT_SIZE - 1; i > 0 && sl->type[i - 1] == STACK_SPILL; i--)
			spill_size++;
		if (size != STACK_SLOT_SIZE || spill_size != STACK_SLOT_SIZE) {
			if (sl->spilled.type != SCALAR_VALUE)
				return env_reject(env, "stack.fill_size", "invalid size of register fill");
			if (dst_regno < 0)
				return 0;
			if (size <= spill_size && !(off % STACK_SLOT_SIZE)) {
				struct reg v = sl->spilled;

				if (scalar_width(&v.var) > size * 8)
					v.id = 0;
				regs[dst_regno] = v;
			} else {
				regs[dst_regno] = stack_data_value(st, off, (s64)off + size);
			}
			return 0;
		}
		if (dst_regno >= 0)
			regs[dst_regno] = sl->spilled;
		return 0;
	}
	if (!env->allow_uninit_stack) {
		for (i = 0; i < (int)size; i++) {
			u8 t = stack_byte_type(st, off + i);

			if (t == STACK_INVALID)
				return env_reject(env, "stack.uninit",
						  "invalid read from stack off %d+%d size %u", off, i, size);
		}
	}
	if (dst_regno >= 0)
		regs[dst_regno] = stack_data_value(st, off, (s64)off + size);
	return 0;
}

/* ---- Exact constants (analysis_opts.exact_constants) ----
 * The kernel keeps narrow data only as a spill at the start of a slot and turns everything else
 * into "misc" bytes. With the option a slot that holds any known byte after a store of a known
 * value becomes one spilled 8-byte scalar whose tnum says which bits are known; a load of known
 * bytes gives their value. A full 8-byte spill is compared by state_leq() like any other, so
 * pruning stays sound. */

static u64 byte_mask(u32 size, u32 shift)
{
	return (size >= 8 ? ~0ULL : ((1ULL << (8 * size)) - 1)) << shift;
}

/* The bits of slot @sl: see struct stack_exact. */
static struct tnum slot_bits(const struct stack_slot *sl)
{
	bool scalar_spill = sl->type[STACK_SLOT_SIZE - 1] == STACK_SPILL &&
			    sl->spilled.type == SCALAR_VALUE;
	u64 value = 0, mask = 0;
	int k;

	for (k = 0; k < STACK_SLOT_SIZE; k++) {
		u8 ty = sl->type[STACK_SLOT_SIZE - 1 - k];
		u64 bm = 0xffULL << (8 * k);

		if (ty == STACK_ZERO)
			continue;
		if (ty == STACK_SPILL && scalar_spill) {
			/* a spill covers the slot's lowest addresses from the value's low byte up */
			value |= sl->spilled.var.var_off.value & bm;
			mask |= sl->spilled.var.var_off.mask & bm;
			continue;
		}
		mask |= bm;
	}
	return TNUM(value, mask);
}

bool stack_exact_begin(struct env *env, u32 regno, s32 off, u32 size, struct stack_exact *x)
{
	const struct reg *r = &cur_regs(env)[regno];
	s64 at;
	int k;

	if (!env->opts.exact_constants || r->type != PTR_TO_STACK ||
	    !tnum_is_const(r->var.var_off) || !size || size > STACK_SLOT_SIZE)
		return false;
	at = (s64)r->var.var_off.value + r->off + off;
	if (at < -STACK_SIZE || at + size > 0 || stack_spi((int)at) != stack_spi((int)at + size - 1))
		return false;
	x->st = ptr_stack(env, r);
	x->spi = stack_spi((int)at);
	x->size = size;
	x->shift = 8 * (u32)(at + STACK_SLOT_SIZE * (x->spi + 1));
	x->slot = slot_bits(&x->st->slot[x->spi]);
	x->had_invalid = false;
	for (k = 0; k < STACK_SLOT_SIZE; k++)
		if (!(byte_mask(1, 8 * k) & byte_mask(size, x->shift)) &&
		    x->st->slot[x->spi].type[STACK_SLOT_SIZE - 1 - k] == STACK_INVALID)
			x->had_invalid = true;
	return true;
}

struct tnum stack_exact_old(const struct stack_exact *x)
{
	u64 m = byte_mask(x->size, 0);

	return TNUM((x->slot.value >> x->shift) & m, (x->slot.mask >> x->shift) & m);
}

void stack_exact_store(struct env *env, const struct stack_exact *x, struct tnum v)
{
	struct stack_slot *sl = &x->st->slot[x->spi];
	u64 fm = byte_mask(x->size, x->shift);
	struct tnum t;
	int k;

	t.value = (x->slot.value & ~fm) | ((v.value << x->shift) & fm);
	t.mask = (x->slot.mask & ~fm) | ((v.mask << x->shift) & fm);
	/* nothing known: the kernel's bytes say as much; never-written bytes must stay so
	 * where reading them is refused */
	if (tnum_is_unknown(t) || (x->had_invalid && !env->allow_uninit_stack))
		return;
	sl->spilled = reg_scalar(scalar_from_tnum(t));
	for (k = 0; k < STACK_SLOT_SIZE; k++)
		sl->type[k] = STACK_SPILL;
}

/* A load of the bytes @x describes gave @dst: their value when they are all known. */
static void stack_exact_load(const struct stack_exact *x, struct reg *dst)
{
	struct tnum v = stack_exact_old(x);

	if (dst->type == SCALAR_VALUE && tnum_is_const(v) &&
	    !tnum_equals_const(dst->var.var_off, v.value))
		*dst = reg_const(v.value);
}

/* ---- Entry points ---- */

int check_ctx_ptr(struct env *env, u32 regno, const struct reg *r)
{
	if (r->off < 0)
		return env_reject(env, "ctx.modified", "negative offset %s ptr R%u off=%d disallowed",
				  env_type_str(env, r->type), regno, r->off);
	if (r->off)
		return env_reject(env, "ctx.modified",
				  "dereference of modified %s ptr R%u off=%d disallowed",
				  env_type_str(env, r->type), regno, r->off);
	if (!tnum_is_const(r->var.var_off) || r->var.var_off.value) {
		char tn[64];

		tnum_fmt(tn, sizeof(tn), r->var.var_off);
		return env_reject(env, "ctx.var_off", "variable %s access var_off=%s disallowed",
				  env_type_str(env, r->type), tn);
	}
	return 0;
}

static u64 rodata_read(const struct map_def *m, u32 off, u32 size, bool sx)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < size; i++)
		v |= (u64)m->data[off + i] << (8 * i);
	if (sx && size < 8) {
		u32 sh = 64 - 8 * size;

		v = (u64)((s64)(v << sh) >> sh);
	}
	return v;
}

int check_mem_access(struct env *env, u32 regno, s32 off, u32 size, enum access_type t,
		     int value_regno, bool sx, s32 imm)
{
	struct reg *regs = cur_regs(env);
	struct reg r = regs[regno];
	const struct map_def *m;
	int err;

	/* alignment first, with the fixed offset apart (align.c) */
	err = check_ptr_alignment(env, regno, off, size, false);
	if (err)
		return err;
	off += r.off;
	/* BTF-typed pointers and contexts: btf_access.c, ctx_trace.c */
	if (reg_base(&r) == PTR_TO_BTF_ID && !reg_may_be_null(&r)) {
		/* a kptr loaded from a map value (fields.c) has no target BTF type yet */
		if (!r.btf_id)
			return env_unknown(env, "not modelled yet: access through %s",
					   env_type_str(env, r.type));
		return check_btf_ptr_access(env, regno, off, size, t, value_regno, sx);
	}
	if (r.type == (PTR_TO_MEM | REG_RDONLY | REG_UNTRUSTED))
		return check_untrusted_mem_access(env, regno, size, t, value_regno, sx);
	if (r.type == PTR_TO_CTX && ctx_is_btf(env)) {
		err = check_ctx_ptr(env, regno, &r);
		return err ?: check_btf_ctx_access(env, off, size, t, value_regno);
	}
	switch (r.type) {
	case PTR_TO_MAP_KEY:
		if (t == ACC_WRITE)
			return env_reject(env, "mem.map_key_write", "write to change key R%u not allowed",
					  regno);
		m = env_map(env, &r);
		err = check_region(env, regno, off, size, m ? m->key_size : 0, false);
		if (!err && value_regno >= 0)
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_MAP_VALUE:
		m = env_map(env, &r);
		if (!m)
			return env_unknown(env, "not modelled yet: map value of an unknown map");
		err = check_map_access_type(env, m, off, size, t);
		err = err ?: check_region(env, regno, off, size, m->value_size, false);
		err = err ?: check_map_fields(env, regno, off, size, value_regno, false);
		if (err > 0) {
			err = 0;	/* a kptr field: fields.c typed the load */
			break;
		}
		if (err || t != ACC_READ || value_regno < 0)
			break;
		if (tnum_is_const(r.var.var_off) && m->data && m->kind == MAP_KIND_RODATA &&
		    off + r.var.var_off.value + size <= m->value_size)
			regs[value_regno] = reg_const(rodata_read(m, off + (u32)r.var.var_off.value,
								   size, sx));
		else
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_MEM:
	case PTR_TO_MEM | REG_RINGBUF:
	case PTR_TO_MEM | REG_RDONLY:
		if (t == ACC_WRITE && (r.type & REG_RDONLY))
			return env_reject(env, "mem.rdonly", "R%u cannot write into %s", regno,
					  env_type_str(env, r.type));
		err = check_region(env, regno, off, size, r.range, false);
		if (!err && value_regno >= 0 && t == ACC_READ)
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_CTX: {
		u32 rt = SCALAR_VALUE;
		int ok;

		err = check_ctx_ptr(env, regno, &r);
		if (err)
			return err;
		ok = ctx_access_ok(env, off, size, t, &rt);
		if (ok < 0)
			return ok;
		if (!ok)
			return env_reject(env, "ctx.access", "invalid bpf_context access off=%d size=%u",
					  off, size);
		if (t == ACC_READ && value_regno >= 0) {
			if (rt == SCALAR_VALUE) {
				regs[value_regno] = reg_unknown();
			} else {
				regs[value_regno] = reg_ptr(rt, 0);
				if (rt & REG_MAYBE_NULL)
					regs[value_regno].id = ++env->id_gen;
			}
		}
		break;
	}
	case PTR_TO_STACK: {
		struct stack *st = ptr_stack(env, &r);
		s64 lo, hi;
		/* the kernel's is_bpf_st_mem(): only BPF_ST writes a known immediate; an atomic's or a
		 * helper's write without a value register writes unknown data */
		bool is_st = value_regno < 0 && t == ACC_WRITE &&
			     env->dec[env->insn_idx].kind == INSN_ST;

		struct stack_exact x;
		struct tnum wv = tnum_top();

		err = stack_bounds(env, regno, off, size, t, false, &lo, &hi);
		if (err)
			return err;
		if (t == ACC_WRITE) {
			/* a narrow store of a known value (a full one is a spill already) */
			if (is_st)
				wv = tnum_const((u64)(s64)imm);
			else if (value_regno >= 0 && regs[value_regno].type == SCALAR_VALUE)
				wv = regs[value_regno].var.var_off;
			if (size < STACK_SLOT_SIZE && !(wv.mask & byte_mask(size, 0)) &&
			    stack_exact_begin(env, regno, off - r.off, size, &x)) {
				err = stack_write_fixed(env, st, (s32)lo, size, value_regno, imm, is_st);
				if (!err)
					stack_exact_store(env, &x, wv);
			} else if (tnum_is_const(r.var.var_off)) {
				err = stack_write_fixed(env, st, (s32)lo, size, value_regno, imm, is_st);
			} else {
				stack_write_var(env, st, lo, hi, value_regno, imm, is_st);
			}
		} else if (tnum_is_const(r.var.var_off)) {
			bool exact = value_regno >= 0 &&
				     stack_exact_begin(env, regno, off - r.off, size, &x);

			err = stack_read_fixed(env, st, (s32)lo, size, value_regno);
			if (!err && exact)
				stack_exact_load(&x, &regs[value_regno]);
		} else if (value_regno < 0) {
			/* check_stack_read(): a read that goes to no register (an atomic's) must not
			 * touch a spilled pointer, so the offset has to be known */
			char tn[64];

			tnum_fmt(tn, sizeof(tn), r.var.var_off);
			return env_reject(env, "stack.var_off",
					  "variable offset stack pointer cannot be passed into helper function; var_off=%s off=%d size=%u",
					  tn, off, size);
		} else {
			regs[value_regno] = stack_data_value(st, lo, hi);
		}
		break;
	}
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (t == ACC_WRITE && !pkt_write_ok(env->prog_type))
			return env_reject(env, "mem.pkt_write", "cannot write into packet");
		err = check_packet(env, regno, off, size, false);
		if (!err && t == ACC_READ && value_regno >= 0)
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		if (t == ACC_WRITE)
			return env_reject(env, "mem.sk_write", "R%u cannot write into %s", regno,
					  env_type_str(env, r.type));
		err = check_sock_access(env, regno, off, size);	/* in ctx_sock.c */
		if (!err && value_regno >= 0)
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_FLOW_KEYS:
		if (t == ACC_WRITE && value_regno >= 0 && !env->allow_ptr_leaks &&
		    reg_is_ptr(&regs[value_regno]))
			return env_reject(env, "mem.ptr_leak", "R%d leaks addr into flow keys",
					  value_regno);
		err = check_flow_keys_access(env, off, size);	/* in ctx.c */
		if (!err && t == ACC_READ && value_regno >= 0)
			regs[value_regno] = reg_unknown();
		break;
	case CONST_PTR_TO_MAP:
		err = check_map_ptr_access(env, regno, &r, off, size, t, value_regno);
		break;
	case PTR_TO_TP_BUFFER:
		err = check_tp_buffer_access(env, regno, &r, off, size);
		if (!err && t == ACC_READ && value_regno >= 0)
			regs[value_regno] = reg_unknown();
		break;
	case PTR_TO_BUF:
		return env_unknown(env, "not modelled yet: access through %s",
				   env_type_str(env, r.type));
	default:
		return env_reject(env, "mem.bad_ptr", "R%u invalid mem access '%s'", regno,
				  env_type_str(env, r.type));
	}
	if (err)
		return err;
	if (size < 8 && value_regno >= 0 && t == ACC_READ &&
	    regs[value_regno].type == SCALAR_VALUE) {
		struct reg *d = &regs[value_regno];

		d->var = sx ? scalar_coerce_sx(&d->var, size) : scalar_coerce(&d->var, size);
	}
	return 0;
}

/* The kernel's reg_type_mismatch_ok(): loads and stores through these are rewritten per type,
 * so one instruction must always see the same kind. */
static bool mismatch_ok(u32 type)
{
	switch (reg_base(&(struct reg){ .type = type })) {
	case PTR_TO_CTX:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
		return false;
	default:
		return true;
	}
}

/* The kernel's save_aux_ptr_type(). */
static int save_aux_ptr_type(struct env *env, u32 type)
{
	u32 *prev = &env->aux_ptr_type[env->insn_idx];

	if (!*prev) {
		*prev = type;
		return 0;
	}
	if (type != *prev && (!mismatch_ok(type) || !mismatch_ok(*prev)))
		return env_reject(env, "mem.ptr_mix", "same insn cannot be used with different pointers");
	return 0;
}

int check_mem_insn(struct env *env, const struct insn *in)
{
	struct reg *regs = cur_regs(env);
	u32 ptr_type;
	int err;

	switch (in->kind) {
	case INSN_LDX:
	case INSN_LDSX:
		err = check_reg_read(env, in->src);
		err = err ?: check_reg_write(env, in->dst);
		ptr_type = regs[in->src].type;
		err = err ?: check_mem_access(env, in->src, in->off, in->size, ACC_READ, in->dst,
					      in->kind == INSN_LDSX, 0);
		return err ?: save_aux_ptr_type(env, ptr_type);
	case INSN_STX:
		err = check_reg_read(env, in->src);
		err = err ?: check_reg_read(env, in->dst);
		ptr_type = regs[in->dst].type;
		err = err ?: check_mem_access(env, in->dst, in->off, in->size, ACC_WRITE, in->src,
					      false, 0);
		return err ?: save_aux_ptr_type(env, ptr_type);
	case INSN_ST:
		err = check_reg_read(env, in->dst);
		if (err)
			return err;
		/* since 6.3 BPF_ST into the context is checked like BPF_STX (is_valid_access), no
		 * longer refused as "BPF_ST stores into R1 ctx is not allowed" */
		ptr_type = regs[in->dst].type;
		err = check_mem_access(env, in->dst, in->off, in->size, ACC_WRITE, -1, false, in->imm);
		return err ?: save_aux_ptr_type(env, ptr_type);
	default:
		return env_unknown(env, "not modelled yet: memory instruction");
	}
}

/* ---- Helper arguments ---- */

/* The kernel's check_stack_range_initialized() (privileged). */
static int stack_range_init(struct env *env, u32 regno, s32 off, u64 size, bool zero_ok,
			    enum access_type t, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	struct stack *st = ptr_stack(env, r);
	s64 lo, hi, i;
	int err;

	if (size == 0 && !zero_ok)
		return env_reject(env, "stack.zero_size", "invalid zero-sized read");
	err = stack_bounds(env, regno, off, (s64)size, t, true, &lo, &hi);
	if (err)
		return err;
	if (!tnum_is_const(r->var.var_off)) {
		if (meta && meta->raw_mode)
			meta = NULL;
		lo = r->var.smin + off;
		hi = r->var.smax + off + (s64)size;
	}
	if (meta && meta->raw_mode) {
		meta->raw_regno = regno;
		meta->raw_size = (u32)size;
		return 0;
	}
	for (i = lo; i < hi; i++) {
		int spi = stack_spi((int)i);
		u8 *ty = &st->slot[spi].type[stack_bidx((int)i)];

		if (*ty == STACK_MISC)
			continue;
		if (*ty == STACK_ZERO || (*ty == STACK_INVALID && env->allow_uninit_stack)) {
			if (t == ACC_WRITE)
				*ty = STACK_MISC;
			continue;
		}
		if (stack_is_spill(st, spi) &&
		    (st->slot[spi].spilled.type == SCALAR_VALUE || env->allow_ptr_leaks)) {
			if (t == ACC_WRITE)
				stack_scrub_slot(st, spi);
			continue;
		}
		if (tnum_is_const(r->var.var_off))
			return env_reject(env, "stack.uninit",
					  "invalid read from stack R%u off %lld+%lld size %llu", regno,
					  (long long)lo, (long long)(i - lo), (unsigned long long)size);
		return env_reject(env, "stack.uninit", "invalid read from stack R%u var_off+%lld size %llu",
				  regno, (long long)(i - lo), (unsigned long long)size);
	}
	return 0;
}

int check_helper_mem_access(struct env *env, u32 regno, u64 size, enum access_type t,
			    bool zero_size_allowed, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m;

	switch (reg_base(r)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		if (!pkt_read_ok(env->prog_type) || (t == ACC_WRITE && !pkt_write_ok(env->prog_type)))
			return env_reject(env, "helper.pkt", "helper access to the packet is not allowed");
		return check_packet(env, regno, r->off, size, zero_size_allowed);
	case PTR_TO_MAP_KEY:
		if (t == ACC_WRITE)
			return env_reject(env, "mem.map_key_write", "R%u cannot write into %s", regno,
					  env_type_str(env, r->type));
		m = env_map(env, r);
		return check_region(env, regno, r->off, size, m ? m->key_size : 0, false);
	case PTR_TO_MAP_VALUE:
		m = env_map(env, r);
		if (!m)
			return env_unknown(env, "not modelled yet: map value of an unknown map");
		if (check_map_access_type(env, m, r->off, size, t))
			return -EACCES;
		return check_region(env, regno, r->off, size, m->value_size, zero_size_allowed) ?:
		       check_map_fields(env, regno, r->off, size, -1, true);
	case PTR_TO_MEM:
		if ((r->type & REG_RDONLY) && t == ACC_WRITE)
			return env_reject(env, "mem.rdonly", "R%u cannot write into %s", regno,
					  env_type_str(env, r->type));
		return check_region(env, regno, r->off, size, r->range, zero_size_allowed);
	case PTR_TO_STACK:
		return stack_range_init(env, regno, r->off, size, zero_size_allowed, t, meta);
	case PTR_TO_BUF:
	case PTR_TO_BTF_ID:
	case PTR_TO_CTX:
		return env_unknown(env, "not modelled yet: helper memory argument of type %s",
				   env_type_str(env, r->type));
	default:
		if (zero_size_allowed && size == 0 && reg_is_null(r))
			return 0;
		return env_reject(env, "helper.arg_type", "R%u type=%s expected=fp", regno,
				  env_type_str(env, r->type));
	}
}

int check_mem_size_reg(struct env *env, u32 regno, enum access_type t, bool zero_size_allowed,
		       struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	int err;

	if (meta)
		meta->msize_max = r->var.umax;
	if (!tnum_is_const(r->var.var_off))
		meta = NULL;
	if (r->var.smin < 0)
		return env_reject(env, "helper.size_negative",
				  "R%u min value is negative, either use unsigned or 'var &= const'",
				  regno);
	if (r->var.umin == 0 && !zero_size_allowed)
		return env_reject(env, "helper.size_zero", "R%u invalid zero-sized read: u64=[%lld,%lld]",
				  regno, (long long)r->var.umin, (long long)r->var.umax);
	if (r->var.umax >= BPF_MAX_VAR_SIZ)
		return env_reject(env, "helper.size_unbounded",
				  "R%u unbounded memory access, use 'var &= const' or 'if (var < const)'",
				  regno);
	err = check_helper_mem_access(env, regno - 1, r->var.umax, t, zero_size_allowed, meta);
	return err;
}
