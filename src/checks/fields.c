/* Loads, stores, atomics and helper accesses that touch the special fields of a map value
 * (src/loader/map_fields.c found them in the value's BTF), as the 6.18 kernel's
 * check_map_access() and check_map_kptr_access() treat them.
 *
 * A lock, timer, workqueue, task work, list or rb-tree field, or a refcount, is the kernel's
 * own state: any access whose byte range may overlap it ("may": the offset's whole variable
 * range counts) is refused, "bpf_spin_lock cannot be accessed directly by load/store". A kptr
 * field may be loaded and stored, but only as a whole (constant offset, exactly at the field,
 * 8 bytes, a plain BPF_MEM instruction), never by a helper; a referenced kptr is only written
 * through bpf_kptr_xchg, an untrusted one may get NULL (or a pointer of its type, whose BTF
 * match is not modelled). Loading an untrusted kptr gives untrusted_ptr_or_null_; loading a
 * referenced or per-CPU kptr depends on RCU-protected kernel types: unknown. Rule ids:
 * field.direct, kptr.*. */
#include "checks/checks.h"
#include "loader/object.h"

static const char *field_name(u32 type)
{
	switch (type) {
	case MF_SPIN_LOCK:
		return "bpf_spin_lock";
	case MF_RES_SPIN_LOCK:
		return "bpf_res_spin_lock";
	case MF_TIMER:
		return "bpf_timer";
	case MF_WORKQUEUE:
		return "bpf_wq";
	case MF_TASK_WORK:
		return "bpf_task_work";
	case MF_KPTR_UNREF:
	case MF_KPTR_REF:
		return "kptr";
	case MF_KPTR_PERCPU:
		return "percpu_kptr";
	case MF_UPTR:
		return "uptr";
	case MF_LIST_HEAD:
		return "bpf_list_head";
	case MF_LIST_NODE:
		return "bpf_list_node";
	case MF_RB_ROOT:
		return "bpf_rb_root";
	case MF_RB_NODE:
		return "bpf_rb_node";
	case MF_REFCOUNT:
		return "bpf_refcount";
	default:
		return "unknown";
	}
}

/* check_map_kptr_access(): the access is exactly the kptr field @f. */
static int kptr_access(struct env *env, const struct map_field *f, int value_regno)
{
	const struct insn *in = &env->dec[env->insn_idx];
	struct reg *regs = cur_regs(env);

	if (in->kind != INSN_LDX && in->kind != INSN_STX && in->kind != INSN_ST)
		return env_reject(env, "kptr.mode",
				  "kptr in map can only be accessed using BPF_MEM instruction mode");
	if (in->kind != INSN_LDX && (f->type == MF_KPTR_REF || f->type == MF_KPTR_PERCPU))
		return env_reject(env, "kptr.store_ref", "store to referenced kptr disallowed");
	if (in->kind != INSN_LDX && f->type == MF_UPTR)
		return env_reject(env, "kptr.store_uptr", "store to uptr disallowed");
	switch (in->kind) {
	case INSN_LDX:
		if (f->type != MF_KPTR_UNREF)
			return env_unknown(env, "not modelled yet: load of a %s field (RCU-protected types)",
					   field_name(f->type));
		if (value_regno < 0)
			return env_unknown(env, "not modelled yet: kptr load without a register");
		regs[value_regno] = reg_ptr(PTR_TO_BTF_ID | REG_UNTRUSTED | REG_MAYBE_NULL, 0);
		regs[value_regno].id = ++env->id_gen;
		return 1;
	case INSN_STX:
		if (value_regno >= 0 && reg_is_null(&regs[value_regno]))
			return 1;
		return env_unknown(env, "not modelled yet: store of a pointer into a kptr field (BTF type match)");
	default:	/* INSN_ST */
		if (in->imm)
			return env_reject(env, "kptr.st_imm",
					  "BPF_ST imm must be 0 when storing to kptr at off=%u", f->off);
		return 1;
	}
}

int check_map_fields(struct env *env, u32 regno, s32 off, u32 size, int value_regno, bool helper)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m = env_map(env, r);
	const struct map_field *kptr = NULL;
	u32 i;

	if (!m)
		return 0;
	for (i = 0; i < m->field_cnt; i++) {
		const struct map_field *f = &m->fields[i];
		u64 at;

		/* [smin + off, umax + off + size) meets [f->off, f->off + f->size)? */
		if (!(r->var.smin + off < (s64)(f->off + f->size) &&
		      (u64)f->off < r->var.umax + (u64)(s64)off + size))
			continue;
		if (!(f->type & (MF_KPTR | MF_UPTR)))
			return env_reject(env, "field.direct", "%s cannot be accessed directly by load/store",
					  field_name(f->type));
		if (helper)
			return env_reject(env, "kptr.helper", "%s cannot be accessed indirectly by helper",
					  field_name(f->type));
		if (!tnum_is_const(r->var.var_off))
			return env_reject(env, "kptr.var_off", "%s access cannot have variable offset",
					  field_name(f->type));
		at = (u64)(s64)off + r->var.var_off.value;
		if (f->off != at)
			return env_reject(env, "kptr.misaligned", "%s access misaligned expected=%u off=%llu",
					  field_name(f->type), f->off, (unsigned long long)at);
		if (size != 8)
			return env_reject(env, "kptr.size", "%s access size must be BPF_DW",
					  field_name(f->type));
		kptr = f;
	}
	return kptr ? kptr_access(env, kptr, value_regno) : 0;
}
