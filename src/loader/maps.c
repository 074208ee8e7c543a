/* Map discovery, as libbpf does it:
 *  - BTF-defined maps: every VAR of the ".maps" DATASEC is a struct whose members encode the
 *    attributes (__uint(x, N) is a pointer to an array of N elements, __type(x, T) a pointer to T,
 *    __array(values, struct inner) an array of pointers to the inner map's definition);
 *  - legacy maps: the "maps" section is an array of struct bpf_map_def, one per symbol, the record
 *    size being section size / symbol count;
 *  - global data: each non-empty .data*, .rodata*, .bss* section is a one-element array map whose
 *    value is the section's bytes.
 * Then each map's value type gives its special fields (map_fields.c).
 * Before that, the object's DATASEC types are completed from the ELF (clang leaves their sizes and
 * some variable offsets 0; the kernel's BTF check rejects such a DATASEC). */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "loader/internal.h"
#include "vec.h"

#ifndef BPF_F_RDONLY_PROG
#define BPF_F_RDONLY_PROG (1U << 7)
#endif
#ifndef BPF_F_MMAPABLE
#define BPF_F_MMAPABLE (1U << 10)
#endif

bool sec_is_data(const char *name, enum map_kind *kind)
{
	static const struct {
		const char *prefix;
		enum map_kind kind;
	} tab[] = {
		{ ".data", MAP_KIND_DATA },
		{ ".rodata", MAP_KIND_RODATA },
		{ ".bss", MAP_KIND_BSS },
	};
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		n = strlen(tab[i].prefix);
		if (!strncmp(name, tab[i].prefix, n) && (name[n] == 0 || name[n] == '.')) {
			if (kind)
				*kind = tab[i].kind;
			return true;
		}
	}
	return false;
}

static const Elf64_Sym *find_sym(const struct object *obj, size_t sec, const char *name)
{
	const struct elf_file *ef = &obj->elf;
	size_t i;

	for (i = 1; i < ef->sym_cnt; i++) {
		const Elf64_Sym *s = &ef->syms[i];

		if (s->st_shndx == sec && ELF64_ST_TYPE(s->st_info) != STT_SECTION &&
		    !strcmp(elf_sym_name(ef, s), name))
			return s;
	}
	return NULL;
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* Completes DATASEC sizes and variable offsets from the ELF section and symbol table. */
static void fixup_datasecs(struct object *obj)
{
	u32 id, n = btf__type_cnt(obj->btf);

	for (id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(obj->btf, id);
		struct btf_var_secinfo *vsi;
		const char *name;
		size_t sec;
		u32 i;

		if (!t || !btf_is_datasec(t))
			continue;
		name = btf__name_by_offset(obj->btf, t->name_off);
		sec = name ? elf_sec_by_name(&obj->elf, name) : 0;
		if (!sec)
			continue;
		if (!t->size)
			t->size = obj->elf.secs[sec].size;
		vsi = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf__type_by_id(obj->btf, vsi[i].type);
			const Elf64_Sym *sym;

			if (!v || !btf_is_var(v))
				continue;
			sym = find_sym(obj, sec, btf__name_by_offset(obj->btf, v->name_off));
			if (sym && sym->st_value <= UINT32_MAX)
				vsi[i].offset = sym->st_value;
		}
		qsort(vsi, btf_vlen(t), sizeof(*vsi), cmp_vsi);
	}
}

static const struct btf_type *skip_mods(const struct btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

static struct map_def *map_new(struct object *obj, u32 *cap)
{
	struct map_def *m;

	if (vec_grow(&obj->maps, cap, obj->map_cnt + 1))
		return NULL;
	m = &obj->maps[obj->map_cnt++];
	memset(m, 0, sizeof(*m));
	m->inner_idx = -1;
	return m;
}

/* __uint(name, N): pointer to an array of N elements. */
static int field_uint(const struct object *obj, const char *map, const char *field, u32 type_id,
		      u32 *out, char *err, size_t errsz)
{
	const struct btf_type *t = skip_mods(obj->btf, type_id, NULL), *arr;

	if (!t || !btf_is_ptr(t))
		return loader_err(obj, err, errsz, -EINVAL,
				  "map '%s': attribute '%s' is not a pointer (__uint expected)", map, field);
	arr = btf__type_by_id(obj->btf, t->type);
	if (!arr || !btf_is_array(arr))
		return loader_err(obj, err, errsz, -EINVAL,
				  "map '%s': attribute '%s' is not a pointer to an array", map, field);
	*out = btf_array(arr)->nelems;
	return 0;
}

static int parse_btf_map(struct object *obj, u32 *cap, int idx, const char *name, u32 def_id,
			 bool inner, char *err, size_t errsz);

static int parse_map_members(struct object *obj, u32 *cap, int idx, const char *name,
			     const struct btf_type *def, char *err, size_t errsz)
{
	const struct btf_member *m = btf_members(def);
	u32 i, v = 0;
	int ret;

	for (i = 0; i < btf_vlen(def); i++, m++) {
		const char *f = btf__name_by_offset(obj->btf, m->name_off);
		struct map_def *md = &obj->maps[idx];

		if (!f)
			f = "";
		if (!strcmp(f, "type") || !strcmp(f, "max_entries") || !strcmp(f, "map_flags") ||
		    !strcmp(f, "numa_node") || !strcmp(f, "key_size") || !strcmp(f, "value_size") ||
		    !strcmp(f, "pinning") || !strcmp(f, "map_extra")) {
			ret = field_uint(obj, name, f, m->type, &v, err, errsz);
			if (ret)
				return ret;
			md = &obj->maps[idx];
			if (!strcmp(f, "type"))
				md->type = v;
			else if (!strcmp(f, "max_entries"))
				md->max_entries = v;
			else if (!strcmp(f, "map_flags"))
				md->map_flags = v;
			else if (!strcmp(f, "numa_node"))
				md->numa_node = v;
			else if (!strcmp(f, "key_size"))
				md->key_size = v;
			else if (!strcmp(f, "value_size"))
				md->value_size = v;
			else if (!strcmp(f, "pinning"))
				md->pinning = v;
			else
				md->map_extra = v;
		} else if (!strcmp(f, "key") || !strcmp(f, "value")) {
			const struct btf_type *t = skip_mods(obj->btf, m->type, NULL);
			s64 sz;

			if (!t || !btf_is_ptr(t))
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': attribute '%s' is not a pointer (__type expected)",
						  name, f);
			sz = btf__resolve_size(obj->btf, t->type);
			if (sz < 0)
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': cannot size the %s type", name, f);
			if (f[0] == 'k') {
				md->key_size = sz;
				md->btf_key_type_id = t->type;
			} else {
				md->value_size = sz;
				md->btf_value_type_id = t->type;
			}
		} else if (!strcmp(f, "values")) {
			const struct btf_type *arr = skip_mods(obj->btf, m->type, NULL), *ptr, *in;
			u32 in_id;
			int in_idx;

			if (!arr || !btf_is_array(arr))
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': 'values' is not an array (__array expected)", name);
			ptr = skip_mods(obj->btf, btf_array(arr)->type, NULL);
			if (!ptr || !btf_is_ptr(ptr))
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': 'values' elements are not pointers", name);
			in = skip_mods(obj->btf, ptr->type, &in_id);
			/* libbpf sizes the value of both prog_array and map-in-map as an fd */
			if (!md->value_size)
				md->value_size = 4;
			if (in && btf_is_func_proto(in))
				continue;	/* prog_array of programs: nothing more to describe */
			if (!in || !btf_is_struct(in))
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': inner map definition is not a struct", name);
			if (md->inner_idx >= 0)
				return loader_err(obj, err, errsz, -EINVAL,
						  "map '%s': more than one inner map definition", name);
			in_idx = obj->map_cnt;
			ret = parse_btf_map(obj, cap, -1, name, in_id, true, err, errsz);
			if (ret)
				return ret;
			obj->maps[idx].inner_idx = in_idx;
		} else {
			return loader_err(obj, err, errsz, -ENOTSUP, "map '%s': unknown attribute '%s'",
					  name, f);
		}
	}
	return 0;
}

/* Parses the definition struct @def_id into a new map; @idx < 0 creates it. */
static int parse_btf_map(struct object *obj, u32 *cap, int idx, const char *name, u32 def_id,
			 bool inner, char *err, size_t errsz)
{
	const struct btf_type *def = skip_mods(obj->btf, def_id, NULL);
	struct map_def *m;
	char buf[256];

	if (!def || !btf_is_struct(def))
		return loader_err(obj, err, errsz, -EINVAL,
				  "map '%s': definition is not a struct", name);
	if (idx < 0) {
		m = map_new(obj, cap);
		if (!m)
			return -ENOMEM;
		idx = obj->map_cnt - 1;
		if (inner)
			snprintf(buf, sizeof(buf), "%s.inner", name);
		else
			snprintf(buf, sizeof(buf), "%s", name);
		m->name = strdup(buf);
		if (!m->name)
			return -ENOMEM;
		m->kind = inner ? MAP_KIND_INNER : MAP_KIND_USER;
	}
	return parse_map_members(obj, cap, idx, name, def, err, errsz);
}

static int collect_btf_maps(struct object *obj, u32 *cap, char *err, size_t errsz)
{
	size_t sec = elf_sec_by_name(&obj->elf, ".maps");
	const struct btf_var_secinfo *vsi;
	const struct btf_type *ds;
	s32 ds_id;
	u32 i;
	int ret;

	if (!sec)
		return 0;
	if (!obj->btf)
		return loader_err(obj, err, errsz, -EINVAL,
				  "section '.maps' needs BTF but the object has no .BTF section");
	ds_id = btf__find_by_name_kind(obj->btf, ".maps", BTF_KIND_DATASEC);
	if (ds_id < 0)
		return loader_err(obj, err, errsz, -EINVAL, "BTF has no DATASEC '.maps'");
	ds = btf__type_by_id(obj->btf, ds_id);
	vsi = btf_var_secinfos(ds);
	for (i = 0; i < btf_vlen(ds); i++) {
		const struct btf_type *v = btf__type_by_id(obj->btf, vsi[i].type);
		const char *name;
		int idx;

		if (!v || !btf_is_var(v))
			return loader_err(obj, err, errsz, -EINVAL,
					  "'.maps' entry %u is not a variable", i);
		name = btf__name_by_offset(obj->btf, v->name_off);
		idx = obj->map_cnt;
		ret = parse_btf_map(obj, cap, -1, name ? name : "?", v->type, false, err, errsz);
		if (ret)
			return ret;
		obj->maps[idx].sec_idx = sec;
		obj->maps[idx].sec_off = vsi[i].offset;
	}
	return 0;
}

static int collect_legacy_maps(struct object *obj, u32 *cap, char *err, size_t errsz)
{
	const struct elf_file *ef = &obj->elf;
	size_t sec = elf_sec_by_name(ef, "maps"), i, nr = 0, def_sz;

	if (!sec)
		return 0;
	for (i = 1; i < ef->sym_cnt; i++)
		if (ef->syms[i].st_shndx == sec && ELF64_ST_TYPE(ef->syms[i].st_info) != STT_SECTION)
			nr++;
	if (!nr)
		return 0;
	def_sz = ef->secs[sec].size / nr;
	if (def_sz < 4 * sizeof(u32) || ef->secs[sec].size % nr)
		return loader_err(obj, err, errsz, -EINVAL,
				  "legacy 'maps' section: size %zu does not divide into %zu definitions",
				  ef->secs[sec].size, nr);
	for (i = 1; i < ef->sym_cnt; i++) {
		const Elf64_Sym *s = &ef->syms[i];
		const u32 *d;
		struct map_def *m;
		size_t j;

		if (s->st_shndx != sec || ELF64_ST_TYPE(s->st_info) == STT_SECTION)
			continue;
		d = elf_sec_bytes(ef, sec, s->st_value, def_sz);
		if (!d || s->st_value % 4)
			return loader_err(obj, err, errsz, -EINVAL,
					  "legacy map '%s': definition at 0x%llx outside 'maps'",
					  elf_sym_name(ef, s), (unsigned long long)s->st_value);
		m = map_new(obj, cap);
		if (!m)
			return -ENOMEM;
		m->name = strdup(elf_sym_name(ef, s));
		if (!m->name)
			return -ENOMEM;
		m->kind = MAP_KIND_USER;
		m->type = d[0];
		m->key_size = d[1];
		m->value_size = d[2];
		m->max_entries = d[3];
		m->map_flags = def_sz >= 5 * sizeof(u32) ? d[4] : 0;
		/* bytes libbpf does not know must be zero, as it insists */
		for (j = 5 * sizeof(u32); j < def_sz; j++)
			if (((const u8 *)d)[j])
				return loader_err(obj, err, errsz, -EINVAL,
						  "legacy map '%s': unknown non-zero attributes past byte 20",
						  m->name);
		m->sec_idx = sec;
		m->sec_off = s->st_value;
	}
	return 0;
}

static int collect_data_maps(struct object *obj, u32 *cap, char *err, size_t errsz)
{
	const struct elf_file *ef = &obj->elf;
	size_t i;

	for (i = 1; i < ef->sec_cnt; i++) {
		const struct elf_sec *s = &ef->secs[i];
		enum map_kind kind;
		struct map_def *m;
		s32 id;

		if (!sec_is_data(s->name, &kind) || !s->size)
			continue;
		if (s->shdr.sh_type != SHT_PROGBITS && s->shdr.sh_type != SHT_NOBITS)
			continue;
		if (s->size > UINT32_MAX / 2)
			return loader_err(obj, err, errsz, -E2BIG, "section '%s' is too large", s->name);
		m = map_new(obj, cap);
		if (!m)
			return -ENOMEM;
		m->name = strdup(s->name);
		m->data = calloc(1, s->size);
		if (!m->name || !m->data)
			return -ENOMEM;
		if (s->shdr.sh_type == SHT_PROGBITS)
			memcpy(m->data, s->data, s->size);
		m->kind = kind;
		m->type = BPF_MAP_TYPE_ARRAY;
		m->key_size = 4;
		m->value_size = s->size;
		m->max_entries = 1;
		m->map_flags = BPF_F_MMAPABLE | (kind == MAP_KIND_RODATA ? BPF_F_RDONLY_PROG : 0);
		m->sec_idx = i;
		id = obj->btf ? btf__find_by_name_kind(obj->btf, s->name, BTF_KIND_DATASEC) : -1;
		m->btf_value_type_id = id > 0 ? (u32)id : 0;
	}
	return 0;
}

/* Each map's special fields (map_fields.c), as BPF_MAP_CREATE sees them after libbpf: a map
 * whose BTF the kernel refuses is created again without BTF, and so is every map when the kernel
 * refuses the object's BTF as a whole (then libbpf loads without BTF, func_info included: the
 * analysis answers unknown for programs that use those maps). */
static int map_special_fields(struct object *obj)
{
	const char *why = NULL;
	int btf_ok = map_fields_check_btf(obj->btf, &why), ret = 0;

	if (btf_ok < 0)
		ret = loader_warn(obj, "the kernel refuses the object's BTF (%s); libbpf loads without it",
				  why);
	for (u32 i = 0; !ret && i < obj->map_cnt; i++) {
		struct map_def *m = &obj->maps[i];

		if (btf_ok) {
			m->btf_key_type_id = m->btf_value_type_id = 0;
			map_fields_parse(obj->btf, m);
			m->fields_why = btf_ok < 0 ? "the kernel refuses the object's BTF (global functions "
				"become static, not modelled)" : why;
			continue;
		}
		map_fields_parse(obj->btf, m);
		if (m->fields_err) {
			/* BPF_MAP_CREATE refuses the value's BTF: libbpf (and kernel.c) create the map
			 * again without BTF, so it has no special fields at all */
			ret = loader_warn(obj, "map '%s': the kernel refuses its BTF (%s); created without BTF",
					  m->name, m->fields_why);
			m->btf_key_type_id = m->btf_value_type_id = 0;
			map_fields_parse(obj->btf, m);
			continue;
		}
		/* a per-CPU kptr or uptr: not modelled. (A referenced kptr needs the pointee's
		 * destructor kfunc in the running kernel: checks/locks.c asks the target BTF.) */
		if (!m->fields_why && (m->field_mask & (MF_KPTR_PERCPU | MF_UPTR)))
			m->fields_why = "per-CPU kptr or uptr fields";
	}
	return ret;
}

int maps_collect(struct object *obj, char *err, size_t errsz)
{
	u32 cap = 0;
	int ret;

	if (obj->btf)
		fixup_datasecs(obj);
	ret = collect_btf_maps(obj, &cap, err, errsz);
	ret = ret ?: collect_legacy_maps(obj, &cap, err, errsz);
	ret = ret ?: collect_data_maps(obj, &cap, err, errsz);
	ret = ret ?: map_special_fields(obj);
	if (ret == -ENOMEM)
		return loader_err(obj, err, errsz, ret, "out of memory reading maps");
	return ret;
}

void maps_free(struct object *obj)
{
	u32 i;

	for (i = 0; i < obj->map_cnt; i++) {
		free(obj->maps[i].name);
		free(obj->maps[i].data);
	}
	free(obj->maps);
	obj->maps = NULL;
	obj->map_cnt = 0;
}

int maps_find(const struct object *obj, size_t sec, u64 off)
{
	u32 i;

	for (i = 0; i < obj->map_cnt; i++) {
		const struct map_def *m = &obj->maps[i];

		if (m->sec_idx != sec || m->kind == MAP_KIND_INNER)
			continue;
		if (m->kind != MAP_KIND_USER || m->sec_off == off)
			return i;
	}
	return -1;
}
