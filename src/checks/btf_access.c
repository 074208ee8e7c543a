/* Loads and stores through BTF-typed kernel pointers (PTR_TO_BTF_ID), as the 6.18 kernel's
 * check_ptr_to_btf_access() checks them with btf_struct_access() / btf_struct_walk()
 * (kernel/bpf/btf.c): the access must lie inside one member of the struct the pointer names in
 * the target kernel BTF (nested structs and arrays are walked, a flexible array at the end
 * extends the struct), a pointer member must be read whole and becomes a new PTR_TO_BTF_ID
 * (a pointer to something other than a struct: read-only untrusted memory, read by probe
 * loads), anything else a scalar. Writes are refused ("only read is supported") for the program types
 * whose verifier ops have no btf_struct_access callback.
 *
 * Trust of a loaded pointer follows the kernel: a field of an untrusted pointer is untrusted;
 * a field of a trusted or RCU pointer is trusted, trusted-or-NULL, RCU or RCU-or-NULL when the
 * target BTF lists it in "<struct>__safe_trusted", "__safe_trusted_or_null", "__safe_rcu" or
 * "__safe_rcu_or_null" (the kernel's BTF_TYPE_SAFE_* allow lists are emitted into vmlinux BTF,
 * so the lists come from the same file), else a plain legacy PTR_TO_BTF_ID. Non-sleepable
 * programs always run in an RCU read section; in sleepable ones the fields that are not fully
 * trusted are untrusted.
 *
 * Also the helper side: ARG_PTR_TO_BTF_ID arguments (the register kind and
 * btf_struct_ids_match()), ARG_PTR_TO_PERCPU_BTF_ID ones and BTF pointers returned by helpers.
 *
 * Rule ids: btf.*, helper.arg_type / helper.btf_type / helper.arg_off for arguments. */
#include <string.h>
#include <bpf/btf.h>

#include "checks/btf_ptr.h"
#include "checks/checks.h"
#include "loader/progtype.h"

enum walk_result {
	WALK_SCALAR,
	WALK_PTR,		/* pointer to a struct: *next_id */
	WALK_PTR_OTHER,		/* pointer to something else: read-only untrusted memory */
	WALK_STRUCT,		/* a nested struct starts at the offset: *next_id */
};

/* tags found on a walked pointer member (btf_struct_walk's tmp_flag) */
enum {
	WALK_F_UNTRUSTED = 1 << 0,	/* through a union of several members */
	WALK_F_RCU = 1 << 1,
	WALK_F_USER = 1 << 2,
	WALK_F_PERCPU = 1 << 3,
};

#define WALK_MAX_DEPTH 64	/* bounds every loop over untrusted BTF */

const char *btf_ptr_kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		"UNKNOWN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF",
		"VOLATILE", "CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT",
		"DECL_TAG", "TYPE_TAG", "ENUM64",
	};
	u32 k = t ? btf_kind(t) : 0;

	return k < ARRAY_SIZE(names) ? names[k] : "UNKNOWN";
}

/* the kernel's btf_type_is_modifier(): typedef and qualifiers, type tags included */
static bool is_modifier(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

const struct btf_type *btf_ptr_skip_mods(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && is_modifier(t) && depth++ < WALK_MAX_DEPTH) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (t && is_modifier(t))
		t = NULL;
	if (res_id)
		*res_id = id;
	return t;
}

const char *btf_ptr_type_name(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf ? btf__type_by_id(btf, id) : NULL;
	const char *n = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return n ? n : "";
}

/* The kernel's __btf_resolve_size(): modifiers skipped, arrays (also nested ones) linearised.
 * Returns the array type (with *@elem / *@elem_id its innermost element, *@nelems their count)
 * or the member's own type; NULL when the type has no size. */
static const struct btf_type *resolve_size(const struct btf *btf, u32 id, u32 *size,
					   const struct btf_type **elem, u32 *elem_id,
					   u32 *nelems)
{
	const struct btf_type *t = btf__type_by_id(btf, id), *array = NULL;
	u64 n = 1, sz;
	int depth = 0;

	while (t && depth++ < WALK_MAX_DEPTH) {
		if (is_modifier(t)) {
			id = t->type;
		} else if (btf_is_array(t)) {
			if (!array)
				array = t;
			n *= btf_array(t)->nelems;
			if (n > UINT32_MAX)
				return NULL;
			id = btf_array(t)->type;
		} else {
			break;
		}
		t = btf__type_by_id(btf, id);
	}
	if (!t || is_modifier(t) || btf_is_array(t))
		return NULL;
	if (btf_is_ptr(t))
		sz = 8;
	else if (btf_is_int(t) || btf_is_any_enum(t) || btf_is_composite(t) || btf_is_float(t))
		sz = t->size;
	else
		return NULL;
	sz *= n;
	if (sz > UINT32_MAX)
		return NULL;
	*size = (u32)sz;
	*elem = t;
	*elem_id = id;
	*nelems = (u32)n;
	return array ? array : t;
}

/* The kernel's btf_struct_walk(): what [@off, @off + @size) of struct @t is. When the access
 * matches no member: the kernel's message in @msg and -EACCES / -EINVAL / -EFAULT; when the BTF
 * is malformed: -EOPNOTSUPP. */
static int struct_walk(char *msg, size_t msgsz, const struct btf *btf, const struct btf_type *t,
		       u32 off, u32 size, u32 *next_id, u32 *flag, const char **field_name)
{
	int depth = 0;

again:
	if (t && is_modifier(t))
		t = btf_ptr_skip_mods(btf, t->type, NULL);
	if (!t || depth++ > WALK_MAX_DEPTH) {
		snprintf(msg, msgsz, "not modelled yet: malformed target BTF");
		return -EOPNOTSUPP;
	}
	const char *tname = btf__name_by_offset(btf, t->name_off);
	u32 vlen = btf_vlen(t), i;

	if (!tname)
		tname = "";
	if (!btf_is_composite(t)) {
		snprintf(msg, msgsz, "Type '%s' is not a struct", tname);
		return -EINVAL;
	}
	if (btf_is_union(t) && vlen != 1)
		*flag |= WALK_F_UNTRUSTED;
	if ((u64)off + size > t->size) {
		/* a flexible array at the end lets the access continue past the struct */
		const struct btf_type *mt, *et;
		u32 moff;

		if (!vlen)
			goto beyond;
		mt = btf_ptr_skip_mods(btf, btf_members(t)[vlen - 1].type, NULL);
		if (!mt || !btf_is_array(mt) || btf_array(mt)->nelems)
			goto beyond;
		moff = btf_member_bit_offset(t, vlen - 1) / 8;
		if (off < moff)
			goto beyond;
		et = btf_ptr_skip_mods(btf, btf_array(mt)->type, NULL);
		if (et && btf_is_int(et))
			return WALK_SCALAR;
		if (!et || !btf_is_composite(et) || !et->size)
			goto beyond;
		off = (off - moff) % et->size;
		t = et;
		goto again;
beyond:
		snprintf(msg, msgsz, "access beyond struct %s at off %u size %u", tname, off, size);
		return -EACCES;
	}
	for (i = 0; i < vlen; i++) {
		const struct btf_member *m = btf_members(t) + i;
		u32 moff = btf_member_bit_offset(t, i) / 8, bits = btf_member_bitfield_size(t, i);
		const struct btf_type *mtype, *elem = NULL;
		const char *mname;
		u32 msize = 0, mid, nelems = 1, mtrue_end;

		if ((u64)off + size <= moff)
			break;
		if (bits) {
			u32 end_bit = btf_member_bit_offset(t, i) + bits;

			if (off <= moff && (end_bit + 7) / 8 <= off + size)
				return WALK_SCALAR;
			continue;
		}
		if (off < moff)
			break;
		mname = btf__name_by_offset(btf, m->name_off);
		if (!mname)
			mname = "";
		mtype = resolve_size(btf, m->type, &msize, &elem, &mid, &nelems);
		if (!mtype) {
			snprintf(msg, msgsz, "field %s doesn't have size", mname);
			return -EFAULT;
		}
		mtrue_end = moff + msize;
		if (off >= mtrue_end)
			continue;
		if (btf_is_array(mtype)) {
			if (moff == mtrue_end)
				continue;
			msize /= nelems;
			moff += (off - moff) / msize * msize;
		}
		mtype = elem;
		if (btf_is_composite(mtype)) {
			t = mtype;
			if (off == moff) {
				*next_id = mid;
				return WALK_STRUCT;
			}
			off -= moff;
			goto again;
		}
		if (btf_is_ptr(mtype)) {
			const struct btf_type *tag = btf__type_by_id(btf, mtype->type), *st;
			u32 id;

			if (msize != size || off != moff) {
				snprintf(msg, msgsz, "cannot access ptr member %s with moff %u in struct %s with off %u size %u",
					mname, moff, tname, off, size);
				return -EACCES;
			}
			if (tag && btf_is_type_tag(tag) && !btf_kflag(tag)) {
				const char *v = btf__name_by_offset(btf, tag->name_off);

				if (v && !strcmp(v, "user"))
					*flag |= WALK_F_USER;
				else if (v && !strcmp(v, "percpu"))
					*flag |= WALK_F_PERCPU;
				else if (v && !strcmp(v, "rcu"))
					*flag |= WALK_F_RCU;
			}
			st = btf_ptr_skip_mods(btf, mtype->type, &id);
			if (st && btf_is_composite(st)) {
				*next_id = id;
				if (field_name)
					*field_name = mname;
				return WALK_PTR;
			}
			return WALK_PTR_OTHER;
		}
		if ((u64)off + size > mtrue_end && !(*flag & WALK_F_UNTRUSTED)) {
			snprintf(msg, msgsz, "access beyond the end of member %s (mend:%u) in struct %s with off %u size %u",
				mname, mtrue_end, tname, off, size);
			return -EACCES;
		}
		return WALK_SCALAR;
	}
	snprintf(msg, msgsz, "struct %s doesn't have field at offset %u", tname, off);
	return -EINVAL;
}

/* The kernel's btf_struct_access() for a read of @size bytes at @off of struct @id of the
 * target BTF: walks into nested structs until the access names a scalar (WALK_SCALAR) or a
 * pointer (WALK_PTR with *@next_id, or WALK_PTR_OTHER); *@walk_flags collects the tags met on
 * the way, *@field the pointer member's name. A walk the kernel refuses is rejected under rule
 * @rule with its message; returns the walk's result or the negative value of env_reject() /
 * env_unknown(). */
static int struct_access(struct env *env, const char *rule, u32 id, u32 off, u32 size,
			 u32 *next_id, u32 *walk_flags, const char **field)
{
	const struct btf *btf = env->opts.target_btf;
	int ret, depth = 0;
	char msg[256];

	do {
		ret = struct_walk(msg, sizeof(msg), btf, btf__type_by_id(btf, id), off, size,
				  next_id, walk_flags, field);
		if (ret == -EOPNOTSUPP)
			return env_unknown(env, "%s", msg);
		if (ret < 0)
			return env_reject(env, rule, "%s", msg);
		if (ret == WALK_STRUCT) {
			id = *next_id;
			off = 0;
		}
	} while (ret == WALK_STRUCT && depth++ < WALK_MAX_DEPTH);
	if (ret == WALK_STRUCT)
		return env_unknown(env, "not modelled yet: BTF structs nested too deep");
	return ret;
}

bool btf_ptr_ids_match(const struct btf *btf, u32 id, s32 off, u32 want, bool strict, char *msg,
		       size_t msgsz)
{
	int depth = 0;

	if (msgsz)
		msg[0] = 0;
	if (off == 0 && id == want)
		return true;
	if (strict || off < 0)
		return false;
	while (depth++ < WALK_MAX_DEPTH) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		u32 flag = 0;

		if (!t || struct_walk(msg, msgsz, btf, t, (u32)off, 1, &id, &flag, NULL) != WALK_STRUCT)
			return false;
		if (id == want)
			return true;
		off = 0;
	}
	return false;
}

/* The kernel's btf_nested_type_is_trusted(): "<struct of @reg_id><suffix>" in the target BTF
 * has a pointer member named @field to type @id. */
static bool field_listed(const struct btf *btf, u32 reg_id, const char *field, u32 id,
			 const char *suffix)
{
	const struct btf_type *walk = btf__type_by_id(btf, reg_id), *safe;
	const char *tname = walk ? btf__name_by_offset(btf, walk->name_off) : NULL;
	char name[64];
	s32 safe_id;
	u32 i;

	if (!tname || !field || snprintf(name, sizeof(name), "%s%s", tname, suffix) >= (int)sizeof(name))
		return false;
	safe_id = btf__find_by_name_kind(btf, name, btf_kind(walk));
	safe = safe_id > 0 ? btf__type_by_id(btf, safe_id) : NULL;
	if (!safe || !btf_is_composite(safe))
		return false;
	for (i = 0; i < btf_vlen(safe); i++) {
		const struct btf_member *m = btf_members(safe) + i;
		const struct btf_type *mt = btf__type_by_id(btf, m->type);
		const char *mname = btf__name_by_offset(btf, m->name_off);
		u32 pid;

		if (!mt || !btf_is_ptr(mt))
			continue;
		btf_ptr_skip_mods(btf, mt->type, &pid);
		if (pid == id && mname && !strcmp(mname, field))
			return true;
	}
	return false;
}

/* the kernel's is_trusted_reg() for a PTR_TO_BTF_ID */
static bool is_trusted(const struct reg *r)
{
	return r->ref_obj_id || (r->type & ~REG_BASE_MASK) == REG_TRUSTED;
}

/* Flags of a pointer loaded from field @field (to struct @id) of @r (check_ptr_to_btf_access). */
static u32 loaded_ptr_flags(struct env *env, const struct reg *r, const char *field, u32 id,
			    u32 walk)
{
	const struct btf *btf = env->opts.target_btf;
	u32 flag = walk & WALK_F_UNTRUSTED ? REG_UNTRUSTED : 0;

	if (walk & WALK_F_RCU)
		flag |= REG_RCU;
	if (r->type & REG_UNTRUSTED)
		return REG_UNTRUSTED;
	if (!is_trusted(r) && !(r->type & REG_RCU))
		return flag & ~(REG_TRUSTED | REG_RCU);	/* old compat: plain PTR_TO_BTF_ID */
	if (field_listed(btf, r->btf_id, field, id, "__safe_trusted"))
		return flag | REG_TRUSTED;
	if (field_listed(btf, r->btf_id, field, id, "__safe_trusted_or_null"))
		return flag | REG_TRUSTED | REG_MAYBE_NULL;
	/* in_rcu_cs(): non-sleepable programs always run inside an RCU read section; sleepable
	 * ones only under bpf_rcu_read_lock() or a lock, neither of which is modelled (kfuncs,
	 * bpf_spin_lock), so outside: the field is untrusted */
	if (env->prog->pt.flags & PROGTYPE_SLEEPABLE)
		return REG_UNTRUSTED;
	if (field_listed(btf, r->btf_id, field, id, "__safe_rcu"))
		return flag | REG_RCU;
	if ((flag & REG_RCU) || field_listed(btf, r->btf_id, field, id, "__safe_rcu_or_null")) {
		flag |= REG_RCU | REG_MAYBE_NULL;
		if (field_listed(btf, r->btf_id, field, id, "__safe_rcu_or_null"))
			flag &= ~REG_UNTRUSTED;
		return flag;
	}
	return flag & ~(REG_TRUSTED | REG_RCU);
}

/* Whether a write of struct @tname through a BTF pointer is refused with "only read is
 * supported" (check_ptr_to_btf_access): the program types whose verifier ops have no
 * btf_struct_access callback refuse every one (checked live for each networking, cgroup and
 * tracing type); tc and XDP pass it to nf_conntrack's, which refuses every struct but nf_conn
 * (whose writable fields are not modelled, nor those of struct_ops and extension programs). */
static bool writes_refused(u32 prog_type, const char *tname)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_EXT:
		return false;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
		return strcmp(tname, "nf_conn") && strcmp(tname, "nf_conn___init");
	default:
		return true;
	}
}

/* The kernel's mark_btf_ld_reg(): @d becomes the value a read of @size bytes found at the end
 * of a walk that ended in @walk: a scalar (sign-extended when @sx), a PTR_TO_BTF_ID | @flag to
 * struct @id, or read-only untrusted memory. */
static void mark_btf_ld(struct env *env, struct reg *d, int walk, u32 id, u32 flag, u32 size,
			bool sx)
{
	switch (walk) {
	case WALK_SCALAR:
		*d = reg_unknown();
		if (size < 8)
			d->var = sx ? scalar_coerce_sx(&d->var, size) : scalar_coerce(&d->var, size);
		return;
	case WALK_PTR:
		*d = reg_ptr(PTR_TO_BTF_ID | flag, 0);
		d->btf_id = id;
		if (flag & REG_MAYBE_NULL)
			d->id = ++env->id_gen;
		return;
	default:	/* WALK_PTR_OTHER */
		/* PTR_TO_MEM | MEM_RDONLY | PTR_UNTRUSTED of size 0, read with probe loads */
		*d = reg_ptr(PTR_TO_MEM | REG_RDONLY | REG_UNTRUSTED, 0);
		return;
	}
}

int check_btf_ptr_access(struct env *env, u32 regno, s32 off, u32 size, enum access_type t,
			 int value_regno, bool sx)
{
	const struct btf *btf = env->opts.target_btf;
	struct reg *regs = cur_regs(env);
	const struct reg r = regs[regno];
	const char *tname, *field = NULL;
	u32 next_id = 0, walk_flags = 0, flag = 0;
	int ret;

	if (!btf || !btf__type_by_id(btf, r.btf_id))
		return env_unknown(env, "not modelled yet: BTF pointer without the target BTF");
	tname = btf_ptr_type_name(btf, r.btf_id);
	if (!env->opts.gpl)
		return env_reject(env, "btf.gpl",
				  "Cannot access kernel 'struct %s' from non-GPL compatible program",
				  tname);
	if (off < 0)
		return env_reject(env, "btf.neg_off", "R%u is ptr_%s invalid negative access: off=%d",
				  regno, tname, off);
	if (!tnum_is_const(r.var.var_off) || r.var.var_off.value) {
		char tn[64];

		tnum_fmt(tn, sizeof(tn), r.var.var_off);
		return env_reject(env, "btf.var_off",
				  "R%u is ptr_%s invalid variable offset: off=%d, var_off=%s", regno,
				  tname, off, tn);
	}
	if (t == ACC_WRITE) {
		if (!writes_refused(env->prog_type, tname))
			return env_unknown(env, "not modelled yet: writes through BTF pointers");
		return env_reject(env, "btf.write", "only read is supported");
	}
	ret = struct_access(env, "btf.access", r.btf_id, (u32)off, size, &next_id, &walk_flags,
			    &field);
	if (ret < 0)
		return ret;
	if (value_regno < 0)
		return 0;
	if (ret == WALK_PTR) {
		if (walk_flags & (WALK_F_USER | WALK_F_PERCPU))
			return env_unknown(env, "not modelled yet: __user / __percpu BTF pointers");
		flag = loaded_ptr_flags(env, &r, field, next_id, walk_flags);
	}
	mark_btf_ld(env, &regs[value_regno], ret, next_id, flag, size, sx);
	return 0;
}

int check_btf_map_access(struct env *env, const char *tname, s32 off, u32 size,
			 int value_regno)
{
	const struct btf *btf = env->opts.target_btf;
	s32 id = btf ? btf__find_by_name_kind(btf, tname, BTF_KIND_STRUCT) : -1;
	u32 next_id = 0, walk_flags = 0, flag = 0;
	int ret;

	if (id <= 0)
		return env_unknown(env, "not modelled yet: struct %s not in the target BTF", tname);
	ret = struct_access(env, "mem.map_ptr", (u32)id, (u32)off, size, &next_id, &walk_flags,
			    NULL);
	if (ret < 0 || value_regno < 0)
		return ret < 0 ? ret : 0;
	/* a struct pointer's tags become its flags as they are: no trust rules here */
	if (ret == WALK_PTR && (walk_flags & (WALK_F_USER | WALK_F_PERCPU)))
		return env_unknown(env, "not modelled yet: __user / __percpu BTF pointers");
	if (walk_flags & WALK_F_UNTRUSTED)
		flag |= REG_UNTRUSTED;
	if (walk_flags & WALK_F_RCU)
		flag |= REG_RCU;
	mark_btf_ld(env, &cur_regs(env)[value_regno], ret, next_id, flag, 8, false);
	return 0;
}

int check_untrusted_mem_access(struct env *env, u32 regno, u32 size, enum access_type t,
			       int value_regno, bool sx)
{
	struct reg *d;

	if (t == ACC_WRITE)
		return env_reject(env, "mem.rdonly", "R%u cannot write into %s", regno,
				  env_type_str(env, cur_regs(env)[regno].type));
	if (value_regno < 0)
		return 0;
	/* no bounds: the kernel turns these loads into probe reads */
	d = &cur_regs(env)[value_regno];
	*d = reg_unknown();
	if (size < 8)
		d->var = sx ? scalar_coerce_sx(&d->var, size) : scalar_coerce(&d->var, size);
	return 0;
}

/* ---- Helper arguments and return values ---- */

int check_btf_arg(struct env *env, u32 regno, const char *want)
{
	const struct btf *btf = env->opts.target_btf;
	const struct reg *r = &cur_regs(env)[regno];
	u32 flags = r->type & ~REG_BASE_MASK;
	char msg[256];
	s32 want_id;

	/* btf_ptr_types: plain, trusted or RCU; never maybe-NULL or untrusted */
	if (reg_base(r) != PTR_TO_BTF_ID || (flags && flags != REG_TRUSTED && flags != REG_RCU))
		return env_reject(env, "helper.arg_type", "R%u type=%s expected=ptr_, trusted_ptr_, rcu_ptr_",
				  regno, env_type_str(env, r->type));
	want_id = btf ? btf__find_by_name_kind(btf, want, BTF_KIND_STRUCT) : -1;
	if (want_id <= 0)
		return env_unknown(env, "not modelled yet: struct %s not in the target BTF", want);
	/* check_func_arg_reg_off(): a fixed offset is fine, a negative or variable one is not */
	if (r->off < 0)
		return env_reject(env, "helper.arg_off", "negative offset %s ptr R%u off=%d disallowed",
				  env_type_str(env, r->type), regno, r->off);
	if (!tnum_is_const(r->var.var_off) || r->var.var_off.value)
		return env_unknown(env, "not modelled yet: variable offset BTF pointer argument");
	if (!btf_ptr_ids_match(btf, r->btf_id, r->off, (u32)want_id, false, msg, sizeof(msg))) {
		if (msg[0])
			env_log(env, "%s", msg);	/* the failed walk's line comes first */
		return env_reject(env, "helper.btf_type", "R%u is of type %s but %s is expected", regno,
				  btf_ptr_type_name(btf, r->btf_id), want);
	}
	return 0;
}

int check_percpu_btf_arg(struct env *env, u32 regno)
{
	/* percpu_btf_ptr_types: PTR_TO_BTF_ID | MEM_PERCPU, with MEM_RCU or PTR_TRUSTED; the
	 * argument is not _OR_NULL, so a maybe-NULL register is refused as it is */
	return env_reject(env, "helper.arg_type",
			  "R%u type=%s expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_",
			  regno, env_type_str(env, cur_regs(env)[regno].type));
}

int btf_ret_ptr(struct env *env, struct reg *r, const char *name, u32 flags)
{
	const struct btf *btf = env->opts.target_btf;
	s32 id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT) : -1;

	if (id <= 0)
		return env_unknown(env, "not modelled yet: struct %s not in the target BTF", name);
	*r = reg_ptr(PTR_TO_BTF_ID | flags, 0);
	r->btf_id = (u32)id;
	return 0;
}
