/* Loads, stores, atomics and helper accesses that touch the special fields of a map value
 * (src/loader/map_fields.c found them in the value's BTF), as the 6.18 kernel's
 * check_map_access() and check_map_kptr_access() treat them.
 *
 * A lock, timer, workqueue, task work, list or rb-tree field, or a refcount, is the kernel's
 * own state: any access whose byte range may overlap it ("may": the offset's whole variable
 * range counts) is refused, "bpf_spin_lock cannot be accessed directly by load/store". A kptr
 * field may be loaded and stored, but only as a whole (constant offset, exactly at the field,
 * 8 bytes, a plain BPF_MEM instruction), never by a helper; a referenced kptr is only written
 * through bpf_kptr_xchg (locks.c), an untrusted one may get NULL or a BTF pointer of its type
 * (map_kptr_match_type, shared with bpf_kptr_xchg's source argument).
 *
 * The pointee of a kptr is a struct the kernel looks up by name in its own BTF when it creates
 * the map (btf_parse_kptr): found there, the kptr is a kernel object and its type id is the
 * target BTF's; not found, it is an object of the program's own BTF (bpf_obj_new) or of a
 * module, neither modelled. Loading gives (btf_ld_kptr_type):
 *   - an untrusted kptr: untrusted_ptr_or_null_<type>;
 *   - a referenced kptr to one of the kernel's RCU-protected types (rcu_protected_types:
 *     prog_test_ref_kfunc, cgroup, bpf_cpumask, task_struct, bpf_crypto_ctx) inside an RCU read
 *     section (every non-sleepable program; a sleepable one holding a bpf_spin_lock):
 *     rcu_ptr_or_null_<type>; any other referenced kptr: untrusted_ptr_or_null_<type>;
 *   - per-CPU kptrs and uptrs: not modelled (per-CPU and program-allocated pointers).
 * Rule ids: field.direct, kptr.*. */
#include <bpf/btf.h>
#include <string.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"
#include "loader/object.h"
#include "loader/progtype.h"

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

u32 kptr_target_id(struct env *env, const struct map_field *f)
{
	const struct btf *btf = env->opts.target_btf;
	s32 id;

	if (!btf || !f->kptr_name[0])
		return 0;
	id = btf__find_by_name_kind(btf, f->kptr_name, f->kptr_kind);
	return id > 0 ? (u32)id : 0;
}

/* The kernel's rcu_protected_types, by name (each is there when its config option is, and then
 * so is the struct in the kernel's BTF). */
static bool rcu_protected(const char *name)
{
	static const char *const names[] = {
		"prog_test_ref_kfunc", "cgroup", "bpf_cpumask", "task_struct", "bpf_crypto_ctx",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/* in_rcu_cs(): no bpf_rcu_read_lock() is modelled (kfuncs), so a sleepable program is in an RCU
 * read section only while it holds a lock. */
static bool in_rcu_cs(struct env *env)
{
	return !(env->prog->pt.flags & PROGTYPE_SLEEPABLE) || env->cur->active_locks;
}

/* check_map_kptr_access()'s load: the register gets the kptr's type (btf_ld_kptr_type()). */
static int kptr_load(struct env *env, const struct map_field *f, int value_regno)
{
	struct reg *d = &cur_regs(env)[value_regno];
	u32 id = kptr_target_id(env, f), flag = REG_UNTRUSTED;

	if (f->type != MF_KPTR_UNREF && f->type != MF_KPTR_REF)
		return env_unknown(env, "not modelled yet: load of a %s field",
				   f->type == MF_UPTR ? "uptr" : "percpu_kptr");
	if (f->type == MF_KPTR_REF) {
		/* a program's own type (or a module's) would be MEM_ALLOC: not modelled */
		if (!id)
			return env_unknown(env, "not modelled yet: kptr to struct %s, not a type of the target BTF",
					   f->kptr_name);
		if (rcu_protected(f->kptr_name) && in_rcu_cs(env))
			flag = REG_RCU;
	}
	/* an untrusted kptr of a type not in the target BTF keeps btf_id 0: whatever is done
	 * with it beyond a NULL check is not modelled (mem.c, kptr_match_type) */
	*d = reg_ptr(PTR_TO_BTF_ID | flag | REG_MAYBE_NULL, 0);
	d->btf_id = id;
	d->id = ++env->id_gen;
	return 1;
}

/* __check_ptr_off_reg(.., fixed_off_ok = true) of a pointer to be stored in a kptr. */
static int kptr_ptr_off(struct env *env, u32 regno, const struct reg *r)
{
	char tn[64];

	if (r->off < 0)
		return env_reject(env, "kptr.ptr_off", "negative offset %s ptr R%u off=%d disallowed",
				  env_type_str(env, r->type), regno, r->off);
	if (tnum_is_const(r->var.var_off) && !r->var.var_off.value)
		return 0;
	tnum_fmt(tn, sizeof(tn), r->var.var_off);
	return env_reject(env, "kptr.ptr_off", "variable %s access var_off=%s disallowed",
			  env_type_str(env, r->type), tn);
}

int kptr_match_type(struct env *env, const struct map_field *f, u32 regno)
{
	const struct btf *btf = env->opts.target_btf;
	const struct reg *r = &cur_regs(env)[regno];
	u32 perm = REG_MAYBE_NULL | REG_TRUSTED | REG_RCU, want = kptr_target_id(env, f);
	const char *reg_name = "";
	char msg[256];
	int err;

	/* a scalar or another kind of pointer: the 6.18 kernel reads reg->btf of such a register
	 * before it looks at the type; not modelled */
	if (reg_base(r) != PTR_TO_BTF_ID)
		return env_unknown(env, "not modelled yet: store of %s into a kptr field",
				   env_type_str(env, r->type));
	if (!want || !r->btf_id)
		return env_unknown(env, "not modelled yet: kptr of a type not in the target BTF");
	if (f->type == MF_KPTR_UNREF)
		perm |= REG_UNTRUSTED;	/* only an untrusted kptr takes untrusted pointers */
	if (r->type & ~REG_BASE_MASK & ~perm)
		goto bad_type;
	reg_name = btf_ptr_type_name(btf, r->btf_id);
	err = kptr_ptr_off(env, regno, r);
	if (err)
		return err;
	/* a referenced kptr takes the very type, an untrusted one also a struct that starts with
	 * it (a walk into the first members) */
	if (btf_ptr_ids_match(btf, r->btf_id, r->off, want, f->type != MF_KPTR_UNREF, msg,
			      sizeof(msg)))
		return 0;
	if (msg[0])
		env_log(env, "%s", msg);	/* btf_struct_walk() logs why the walk failed */
bad_type:
	return env_reject(env, "kptr.type", "invalid kptr access, R%u type=%s%s expected=ptr_%s%s%s",
			  regno, env_type_str(env, r->type), reg_name, f->kptr_name,
			  f->type == MF_KPTR_UNREF ? " or untrusted_ptr_" : "",
			  f->type == MF_KPTR_UNREF ? f->kptr_name : "");
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
		if (value_regno < 0)
			return env_unknown(env, "not modelled yet: kptr load without a register");
		return kptr_load(env, f, value_regno);
	case INSN_STX:
		if (value_regno >= 0 && reg_is_null(&regs[value_regno]))
			return 1;
		if (value_regno < 0)
			return env_unknown(env, "not modelled yet: kptr store without a register");
		return kptr_match_type(env, f, (u32)value_regno) ?: 1;
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
