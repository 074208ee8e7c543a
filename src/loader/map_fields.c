/* Special fields of a map value: what the 6.18 kernel finds in the value's BTF type when the map
 * is created (btf_parse_fields() in kernel/bpf/btf.c, then map_check_btf() in syscall.c).
 *
 * A field is a member (or a global variable of a DATASEC value, or an element of an array of
 * them, or a member of a nested struct) whose type is one of the kernel's opaque structs, found
 * by name: bpf_spin_lock, bpf_res_spin_lock, bpf_timer, bpf_wq, bpf_task_work (each at most once
 * per struct level), bpf_list_head/node, bpf_rb_root/node, bpf_refcount; or a pointer to a
 * struct through a type tag (kptr, kptr_untrusted, percpu_kptr, uptr). The kernel only looks at
 * the member's own type (no typedef is skipped) and ignores a candidate whose size or alignment
 * is not the struct's. Then the record is checked as the kernel does: fields may not overlap or
 * run past the value, spin lock and resilient lock exclude each other, list heads and rb roots
 * need a lock, list and rb nodes together need a refcount; and map_check_btf() restricts each
 * kind to the map types that can hold it and refuses read-only or write-only program access.
 *
 * What is not modelled is said in fields_why (the analysis answers unknown for such maps):
 * graph roots (their "contains:" decl tag and the node struct); maps.c adds per-CPU kptrs and
 * uptrs of object files, and checks/locks.c the destructor a referenced kptr's map needs. */
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/object.h"

#define PROG_ACCESS_FLAGS ((1U << 7) | (1U << 8))	/* BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG */

#define MAP_TYPE_CGRP_STORAGE 32	/* BPF_MAP_TYPE_CGRP_STORAGE (6.2), newer than our uapi header */

#define RESOLVE_DEPTH 32	/* the kernel's MAX_RESOLVE_DEPTH */

static const struct {
	u32 type;
	const char *name;
	u32 size, align;
	bool unique;		/* at most one per struct level ("-E2BIG" otherwise) */
} kinds[] = {
	{ MF_SPIN_LOCK, "bpf_spin_lock", 4, 4, true },
	{ MF_RES_SPIN_LOCK, "bpf_res_spin_lock", 4, 4, true },
	{ MF_TIMER, "bpf_timer", 16, 8, true },
	{ MF_WORKQUEUE, "bpf_wq", 16, 8, true },
	{ MF_TASK_WORK, "bpf_task_work", 8, 8, true },
	{ MF_LIST_HEAD, "bpf_list_head", 16, 8, false },
	{ MF_LIST_NODE, "bpf_list_node", 24, 8, false },
	{ MF_RB_ROOT, "bpf_rb_root", 16, 8, false },
	{ MF_RB_NODE, "bpf_rb_node", 32, 8, false },
	{ MF_REFCOUNT, "bpf_refcount", 4, 4, false },
};

struct walk {
	const struct btf *btf;
	u32 mask;		/* the kinds looked for (the kernel's field_mask) */
	struct map_field f[MAP_FIELDS_MAX];
	u32 cnt;
	const char *why;	/* a field kind not fully modelled */
};

static bool is_composite(const struct btf_type *t)
{
	return t && (btf_is_struct(t) || btf_is_union(t));
}

static const char *tname(const struct btf *btf, const struct btf_type *t)
{
	const char *n = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	return n ? n : "";
}

/* btf_find_kptr(): 1 found, 0 not a kptr, < 0 the kernel refuses the type. */
static int find_kptr(struct walk *w, const struct btf_type *t, u32 *type, u32 *pointee)
{
	const struct btf_type *tag, *base;
	const char *v;
	u32 id;

	if (btf_is_volatile(t))
		t = btf__type_by_id(w->btf, t->type);
	if (!t || !btf_is_ptr(t))
		return 0;
	tag = btf__type_by_id(w->btf, t->type);
	if (!tag || !btf_is_type_tag(tag) || btf_kflag(tag))
		return 0;
	base = btf__type_by_id(w->btf, tag->type);
	if (!base || btf_is_type_tag(base))
		return -EINVAL;
	v = tname(w->btf, tag);
	if (!strcmp(v, "kptr_untrusted"))
		*type = MF_KPTR_UNREF;
	else if (!strcmp(v, "kptr"))
		*type = MF_KPTR_REF;
	else if (!strcmp(v, "percpu_kptr"))
		*type = MF_KPTR_PERCPU;
	else if (!strcmp(v, "uptr"))
		*type = MF_UPTR;
	else
		return -EINVAL;
	if (!(*type & w->mask))
		return 0;
	id = tag->type;
	while (base && (btf_is_mod(base) || btf_is_typedef(base))) {
		id = base->type;
		base = btf__type_by_id(w->btf, id);
	}
	if (!is_composite(base))
		return -EINVAL;
	*pointee = id;
	return 1;
}

static int add(struct walk *w, u32 type, u32 off, u32 size, u32 pointee)
{
	const struct btf_type *t = pointee ? btf__type_by_id(w->btf, pointee) : NULL;
	struct map_field *f;
	const char *n = tname(w->btf, t);

	if (w->cnt == MAP_FIELDS_MAX)
		return -E2BIG;
	f = &w->f[w->cnt++];
	*f = (struct map_field){ .off = off, .size = size, .type = type, .kptr_type_id = pointee };
	if (t) {
		f->kptr_kind = btf_kind(t);
		if (strlen(n) < sizeof(f->kptr_name))
			strcpy(f->kptr_name, n);
	}
	return 0;
}

/* Repeats fields [@from, cnt) @times more, @stride bytes apart (btf_repeat_fields()). */
static int repeat(struct walk *w, u32 from, u32 times, u32 stride)
{
	u32 n = w->cnt - from, i, j;

	for (j = from; j < w->cnt; j++)
		if (!(w->f[j].type & (MF_KPTR | MF_UPTR | MF_LIST_HEAD | MF_RB_ROOT)))
			return -EINVAL;
	if ((u64)n * (times + 1) > MAP_FIELDS_MAX - from)
		return -E2BIG;
	for (i = 1; i <= times; i++)
		for (j = 0; j < n; j++) {
			w->f[w->cnt] = w->f[from + j];
			w->f[w->cnt++].off += i * stride;
		}
	return 0;
}

static int walk_struct(struct walk *w, const struct btf_type *t, u32 base, u32 level);

/* btf_find_field_one(): the candidate of type @id at @off (@expected: the DATASEC variable's
 * size, 0 for members). @seen tracks the unique kinds of this struct level. */
static int field_one(struct walk *w, u32 id, u32 off, u32 expected, u32 *seen, u32 level)
{
	const struct btf_type *t = btf__type_by_id(w->btf, id);
	u32 nelems = 1, i, from = w->cnt, type = 0, size = 0, align = 1, pointee = 0;
	const char *name;
	int ret;

	for (i = 0; i < RESOLVE_DEPTH && t && btf_is_array(t); i++) {
		nelems *= btf_array(t)->nelems;
		t = btf__type_by_id(w->btf, btf_array(t)->type);
	}
	if (i == RESOLVE_DEPTH)
		return -E2BIG;
	if (!t || !nelems)
		return 0;
	name = tname(w->btf, t);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(kinds[i].type & w->mask) || strcmp(name, kinds[i].name))
			continue;
		if (kinds[i].unique) {
			if (*seen & kinds[i].type)
				return -E2BIG;
			*seen |= kinds[i].type;
		}
		type = kinds[i].type, size = kinds[i].size, align = kinds[i].align;
		break;
	}
	if (!type && is_composite(t)) {
		if (expected && expected != (u64)t->size * nelems)
			return 0;
		if (level + 1 >= RESOLVE_DEPTH)
			return -E2BIG;
		ret = walk_struct(w, t, off, level + 1);
		if (ret || nelems == 1 || w->cnt == from)
			return ret;
		return repeat(w, from, nelems - 1, t->size);
	}
	if (!type) {
		/* any other type may be a kptr: checked below */
		type = MF_KPTR_REF, size = 8, align = 8;
	}
	if (expected && expected != (u64)size * nelems)
		return 0;
	if (off % align)
		return 0;
	if (type == MF_KPTR_REF) {
		ret = find_kptr(w, t, &type, &pointee);
		if (ret <= 0)
			return ret;
	} else if (!is_composite(t) || t->size != size) {
		return 0;	/* btf_find_struct(): right name, wrong shape */
	}
	if (type & (MF_LIST_HEAD | MF_RB_ROOT))
		w->why = "bpf_list_head / bpf_rb_root fields (their contains: tag)";
	ret = add(w, type, off, size, pointee);
	if (ret || nelems == 1)
		return ret;
	return repeat(w, from, nelems - 1, size);
}

static int walk_struct(struct walk *w, const struct btf_type *t, u32 base, u32 level)
{
	const struct btf_member *m = btf_members(t);
	u32 i, seen = 0, off;
	int ret;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		off = btf_member_bit_offset(t, i);
		if (off % 8)
			return -EINVAL;	/* a bitfield: valid C cannot produce it here */
		ret = field_one(w, m->type, base + off / 8, 0, &seen, level);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_datasec(struct walk *w, const struct btf_type *t)
{
	const struct btf_var_secinfo *vsi = btf_var_secinfos(t);
	u32 i, seen = 0;
	int ret;

	for (i = 0; i < btf_vlen(t); i++, vsi++) {
		const struct btf_type *v = btf__type_by_id(w->btf, vsi->type);

		if (!v || !btf_is_var(v))
			return -EINVAL;
		ret = field_one(w, v->type, vsi->offset, vsi->size, &seen, 0);
		if (ret)
			return ret;
	}
	return 0;
}

/* map_check_btf(): the map types that may hold @type. */
static bool map_type_holds(u32 map_type, u32 type)
{
	switch (type) {
	case MF_SPIN_LOCK:
	case MF_RES_SPIN_LOCK:
		return map_type == BPF_MAP_TYPE_HASH || map_type == BPF_MAP_TYPE_ARRAY ||
		       map_type == BPF_MAP_TYPE_CGROUP_STORAGE || map_type == BPF_MAP_TYPE_SK_STORAGE ||
		       map_type == BPF_MAP_TYPE_INODE_STORAGE || map_type == BPF_MAP_TYPE_TASK_STORAGE ||
		       map_type == MAP_TYPE_CGRP_STORAGE;
	case MF_TIMER:
	case MF_WORKQUEUE:
	case MF_TASK_WORK:
	case MF_LIST_HEAD:
	case MF_RB_ROOT:
		return map_type == BPF_MAP_TYPE_HASH || map_type == BPF_MAP_TYPE_LRU_HASH ||
		       map_type == BPF_MAP_TYPE_ARRAY;
	case MF_KPTR_UNREF:
	case MF_KPTR_REF:
	case MF_KPTR_PERCPU:
	case MF_REFCOUNT:
		return map_type == BPF_MAP_TYPE_HASH || map_type == BPF_MAP_TYPE_PERCPU_HASH ||
		       map_type == BPF_MAP_TYPE_LRU_HASH || map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
		       map_type == BPF_MAP_TYPE_ARRAY || map_type == BPF_MAP_TYPE_PERCPU_ARRAY ||
		       map_type == BPF_MAP_TYPE_SK_STORAGE ||
		       map_type == BPF_MAP_TYPE_INODE_STORAGE ||
		       map_type == BPF_MAP_TYPE_TASK_STORAGE || map_type == MAP_TYPE_CGRP_STORAGE;
	case MF_UPTR:
		return map_type == BPF_MAP_TYPE_TASK_STORAGE;
	default:
		return false;
	}
}

static int refuse(struct map_def *m, int err, const char *why)
{
	m->field_cnt = 0;
	m->fields_err = err;
	m->fields_why = why;
	return err;
}

static int cmp_off(const void *a, const void *b)
{
	const struct map_field *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* btf_parse_fields(): the record of composite or DATASEC @t (@size bytes) for the kinds in
 * @w->mask, sorted by offset, with the kernel's consistency checks. 0, or its errno. */
static int parse_record(struct walk *w, const struct btf_type *t, u32 size, const char **why)
{
	u32 i, next = 0, mask = 0;
	int ret = -EINVAL;

	*why = "the BTF has malformed special fields";
	if (is_composite(t))
		ret = walk_struct(w, t, 0, 0);
	else if (t && btf_is_datasec(t))
		ret = walk_datasec(w, t);
	else if (t)
		ret = 0;	/* a scalar value: no fields */
	if (ret)
		return ret;
	qsort(w->f, w->cnt, sizeof(w->f[0]), cmp_off);
	for (i = 0; i < w->cnt; i++) {
		if (w->f[i].off + (u64)w->f[i].size > size) {
			*why = "a special field runs past the value";
			return -EFAULT;
		}
		if (w->f[i].off < next) {
			*why = "special fields overlap";
			return -EEXIST;
		}
		next = w->f[i].off + w->f[i].size;
		mask |= w->f[i].type;
	}
	if ((mask & MF_SPIN_LOCK) && (mask & MF_RES_SPIN_LOCK)) {
		*why = "both bpf_spin_lock and bpf_res_spin_lock";
		return -EINVAL;
	}
	if ((mask & (MF_LIST_HEAD | MF_RB_ROOT)) && !(mask & (MF_SPIN_LOCK | MF_RES_SPIN_LOCK))) {
		*why = "bpf_list_head / bpf_rb_root without a spin lock";
		return -EINVAL;
	}
	if ((mask & MF_LIST_NODE) && (mask & MF_RB_NODE) && !(mask & MF_REFCOUNT)) {
		*why = "bpf_list_node and bpf_rb_node without bpf_refcount";
		return -EINVAL;
	}
	*why = NULL;
	return 0;
}

void map_fields_parse(const struct btf *btf, struct map_def *m)
{
	struct walk w = { .btf = btf, .mask = MF_SPIN_LOCK | MF_RES_SPIN_LOCK | MF_TIMER | MF_KPTR |
				   MF_LIST_HEAD | MF_RB_ROOT | MF_REFCOUNT | MF_WORKQUEUE | MF_UPTR |
				   MF_TASK_WORK };
	const char *why;
	int ret;
	u32 i;

	m->field_cnt = 0;
	m->field_mask = 0;
	m->fields_err = 0;
	m->fields_why = NULL;
	if (!btf || !m->btf_value_type_id)
		return;
	ret = parse_record(&w, btf__type_by_id(btf, m->btf_value_type_id), m->value_size, &why);
	if (ret) {
		refuse(m, ret, why);
		return;
	}
	for (i = 0; i < w.cnt; i++) {
		m->fields[i] = w.f[i];
		m->field_mask |= w.f[i].type;
	}
	m->field_cnt = w.cnt;
	m->fields_why = w.why;
	/* map_check_btf() */
	if (!m->field_cnt)
		return;
	if (m->map_flags & PROG_ACCESS_FLAGS) {
		refuse(m, -EACCES, "special fields in a map with BPF_F_RDONLY_PROG/WRONLY_PROG");
		return;
	}
	for (i = 0; i < m->field_cnt; i++)
		if (!map_type_holds(m->type, m->fields[i].type)) {
			refuse(m, -EOPNOTSUPP, "this map type cannot hold the value's special fields");
			return;
		}
}

/* btf_parse_struct_metas(): the special types a struct member may name directly */
static bool is_meta_member(const struct btf *btf, u32 id, const s32 *ids, u32 n)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	struct walk w = { .btf = btf, .mask = MF_KPTR };
	u32 i, type, pointee;

	for (i = 0; i < n; i++)
		if (ids[i] > 0 && (u32)ids[i] == id)
			return true;
	return t && find_kptr(&w, t, &type, &pointee) == 1;
}

int map_fields_check_btf(const struct btf *btf, const char **why)
{
	static const char *const names[] = { "bpf_spin_lock", "bpf_list_head", "bpf_list_node",
					     "bpf_rb_root", "bpf_rb_node", "bpf_refcount" };
	s32 ids[sizeof(names) / sizeof(names[0])];
	u32 i, id, n;
	int ret;

	*why = NULL;
	if (!btf)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ids[i] = btf__find_by_name_kind(btf, names[i], BTF_KIND_STRUCT);
	n = btf__type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_member *m;
		struct walk w = { .btf = btf, .mask = MF_SPIN_LOCK | MF_RES_SPIN_LOCK | MF_LIST_HEAD |
					   MF_LIST_NODE | MF_RB_ROOT | MF_RB_NODE | MF_REFCOUNT |
					   MF_KPTR };
		bool meta = false;

		if (!is_composite(t))
			continue;
		m = btf_members(t);
		for (i = 0; i < btf_vlen(t) && !meta; i++)
			meta = is_meta_member(btf, m[i].type, ids, sizeof(ids) / sizeof(ids[0]));
		if (!meta)
			continue;
		ret = parse_record(&w, t, t->size, why);
		if (!ret && !w.cnt) {
			*why = "a struct names a special type but holds no usable field";
			ret = -EFAULT;
		}
		if (ret)
			return ret;
		if (w.why) {
			*why = w.why;
			return 1;
		}
	}
	return 0;
}

const struct map_field *map_field_at(const struct map_def *m, u32 off)
{
	u32 i;

	for (i = 0; i < m->field_cnt; i++)
		if (m->fields[i].off == off)
			return &m->fields[i];
	return NULL;
}
