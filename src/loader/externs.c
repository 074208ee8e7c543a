/* Extern symbols and target-BTF resolution.
 *
 * kconfig (extern ... __kconfig, DATASEC ".kconfig"): like libbpf, the values are laid out in one
 * read-only array map, sorted by alignment (descending), size (ascending) and name; each is read
 * from the running kernel's configuration (/proc/config.gz, else /boot/config-$(uname -r)).
 * LINUX_KERNEL_VERSION comes from uname, LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER are
 * true (as on every kernel this tool targets). A CONFIG_ value that is absent reads as 0 for a
 * __weak extern and is an error otherwise, as in libbpf. Without a readable config every value
 * is 0 and the object carries a warning saying so.
 *
 * ksyms (extern ... __ksym): typed variables resolve to the target BTF's VAR id
 * (ld_imm64 src=BPF_PSEUDO_BTF_ID), kfuncs to its FUNC id (call src=BPF_PSEUDO_KFUNC_CALL).
 * Typeless ksyms (`extern const void x __ksym`) need /proc/kallsyms addresses: not supported. */
#include <bpf/btf.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "loader/externs.h"
#include "loader/internal.h"
#include "vec.h"

#ifndef BPF_F_RDONLY_PROG
#define BPF_F_RDONLY_PROG (1U << 7)
#endif

#define TARGET_BTF_DEFAULT "/sys/kernel/btf/vmlinux"

struct btf *object_target_btf(struct object *obj)
{
	if (obj->target_btf || obj->target_btf_tried)
		return obj->target_btf;
	obj->target_btf_tried = true;
	if (!obj->target_btf_path)
		return NULL;
	obj->target_btf = btf__parse(obj->target_btf_path, NULL);
	return obj->target_btf;
}

const char *object_kfunc_name(struct object *obj, const struct bpf_insn *insn)
{
	struct btf *tb = insn->off ? NULL : object_target_btf(obj);
	const struct btf_type *t;

	if (!tb || insn->imm <= 0 || (u32)insn->imm >= btf__type_cnt(tb))
		return NULL;
	t = btf__type_by_id(tb, insn->imm);
	return t && btf_is_func(t) ? btf__name_by_offset(tb, t->name_off) : NULL;
}

const struct btf *object_kfunc_btf(struct object *obj, const struct prog *p)
{
	u32 i;

	for (i = 0; i < p->insn_cnt; i++)
		if (p->insns[i].code == (BPF_JMP | BPF_CALL) &&
		    p->insns[i].src_reg == BPF_PSEUDO_KFUNC_CALL && p->insns[i].imm)
			return object_target_btf(obj);
	return NULL;
}

static struct extern_sym *find_extern(struct object *obj, const char *name)
{
	u32 i;

	for (i = 0; i < obj->extern_cnt; i++)
		if (!strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

static int cmp_kcfg(const void *a, const void *b)
{
	const struct extern_sym *x = a, *y = b;

	if (x->is_kconfig != y->is_kconfig)
		return x->is_kconfig ? -1 : 1;
	if (x->is_kconfig) {
		if (x->kcfg_align != y->kcfg_align)
			return x->kcfg_align > y->kcfg_align ? -1 : 1;
		if (x->kcfg_size != y->kcfg_size)
			return x->kcfg_size < y->kcfg_size ? -1 : 1;
	}
	return strcmp(x->name, y->name);
}

/* Which DATASEC of the object's BTF holds the VAR/FUNC named @name, and its id. */
static const char *extern_datasec(const struct btf *btf, const char *name, u32 *id)
{
	u32 t, n = btf__type_cnt(btf);

	for (t = 1; t < n; t++) {
		const struct btf_type *ds = btf__type_by_id(btf, t);
		const struct btf_var_secinfo *v;
		u32 i;

		if (!btf_is_datasec(ds))
			continue;
		v = btf_var_secinfos(ds);
		for (i = 0; i < btf_vlen(ds); i++) {
			const struct btf_type *vt = btf__type_by_id(btf, v[i].type);
			const char *vn = vt ? btf__name_by_offset(btf, vt->name_off) : NULL;

			if (vn && !strcmp(vn, name)) {
				*id = v[i].type;
				return btf__name_by_offset(btf, ds->name_off);
			}
		}
	}
	return NULL;
}

/* --- kernel configuration ------------------------------------------------------------------- */

struct kconfig_src {
	gzFile gz;
	const char *path;
};

static int kconfig_open(struct kconfig_src *ks)
{
	static char boot[300];
	struct utsname u;

	ks->path = "/proc/config.gz";
	ks->gz = gzopen(ks->path, "r");
	if (ks->gz)
		return 0;
	if (uname(&u))
		return -errno;
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	ks->path = boot;
	ks->gz = gzopen(boot, "r");	/* zlib reads plain files too */
	return ks->gz ? 0 : -ENOENT;
}

/* Finds "NAME=value" (or "# NAME is not set" -> "n") in the config; 0 and @val, or -ENOENT. */
static int kconfig_lookup(struct kconfig_src *ks, const char *name, char *val, size_t valsz)
{
	char line[4096];
	size_t n = strlen(name);

	gzrewind(ks->gz);
	while (gzgets(ks->gz, line, sizeof(line))) {
		char *e = line + strlen(line);

		while (e > line && (e[-1] == '\n' || e[-1] == '\r'))
			*--e = 0;
		if (!strncmp(line, name, n) && line[n] == '=') {
			snprintf(val, valsz, "%s", line + n + 1);
			return 0;
		}
		if (!strncmp(line, "# ", 2) && !strncmp(line + 2, name, n) &&
		    !strcmp(line + 2 + n, " is not set")) {
			snprintf(val, valsz, "n");
			return 0;
		}
	}
	return -ENOENT;
}

static u32 kernel_version_code(void)
{
	struct utsname u;
	unsigned int a = 0, b = 0, c = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* Writes @val ("y", "m", "n", "\"str\"", "123", "0x1f") into @dst per the extern's BTF type. */
static int kcfg_store(struct object *obj, const struct extern_sym *e, const char *val, u8 *dst,
		      char *err, size_t errsz)
{
	const struct btf_type *v = btf__type_by_id(obj->btf, e->btf_var_id);
	const struct btf_type *t = btf__type_by_id(obj->btf, v->type);
	const char *tname;
	long long num;
	char *end;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(obj->btf, t->type);
	if (!t)
		return loader_err(obj, err, errsz, -EINVAL, "extern '%s': bad BTF type", e->name);
	tname = btf__name_by_offset(obj->btf, t->name_off);
	if (btf_is_enum(t) && tname && !strcmp(tname, "libbpf_tristate")) {
		u32 tri = val[0] == 'y' ? 1 : val[0] == 'm' ? 2 : 0;

		memcpy(dst, &tri, 4);
		return 0;
	}
	if (btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_BOOL)) {
		if (val[0] == 'm')
			return loader_err(obj, err, errsz, -EINVAL,
					  "extern '%s': value 'm' (module) is not a bool", e->name);
		*dst = val[0] == 'y' || val[0] == '1';
		return 0;
	}
	if (btf_is_array(t)) {
		size_t len = strlen(val);

		if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
			val++;
			len -= 2;
		}
		memset(dst, 0, e->kcfg_size);
		memcpy(dst, val, len < e->kcfg_size ? len : e->kcfg_size - 1);
		return 0;
	}
	if (btf_is_int(t) && t->size == 1 && (val[0] == 'y' || val[0] == 'n' || val[0] == 'm')) {
		*dst = val[0];
		return 0;
	}
	if (!btf_is_int(t) && !btf_is_enum(t))
		return loader_err(obj, err, errsz, -ENOTSUP, "extern '%s': unsupported type", e->name);
	if (val[0] == 'y' || val[0] == 'n' || val[0] == 'm') {
		num = val[0] == 'y' ? 1 : val[0] == 'm' ? 2 : 0;
	} else {
		errno = 0;
		num = strtoll(val, &end, 0);
		if (errno || *end)
			return loader_err(obj, err, errsz, -EINVAL,
					  "extern '%s': value '%s' is not a number", e->name, val);
	}
	memcpy(dst, &num, e->kcfg_size <= 8 ? e->kcfg_size : 8);	/* little-endian */
	return 0;
}

static int build_kconfig(struct object *obj, char *err, size_t errsz)
{
	struct kconfig_src ks = {};
	struct map_def *m;
	u32 i, off = 0, cap = obj->map_cnt, nk = 0;
	bool have_cfg;
	char val[1024];
	int ret = 0;

	for (i = 0; i < obj->extern_cnt; i++) {
		struct extern_sym *e = &obj->externs[i];

		if (!e->is_kconfig)
			continue;
		nk++;
		off = (off + e->kcfg_align - 1) / e->kcfg_align * e->kcfg_align;
		e->kcfg_off = off;
		off += e->kcfg_size;
	}
	if (!nk)
		return 0;
	if (vec_grow(&obj->maps, &cap, obj->map_cnt + 1))
		return -ENOMEM;
	m = &obj->maps[obj->map_cnt];
	memset(m, 0, sizeof(*m));
	m->name = strdup(".kconfig");
	m->data = calloc(1, off);
	if (!m->name || !m->data) {
		free(m->name);
		free(m->data);
		return -ENOMEM;
	}
	m->kind = MAP_KIND_KCONFIG;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = off;
	m->max_entries = 1;
	m->map_flags = BPF_F_RDONLY_PROG;
	m->inner_idx = -1;
	obj->kconfig_map = obj->map_cnt++;

	have_cfg = !kconfig_open(&ks);
	if (!have_cfg)
		loader_warn(obj, "kernel config not readable (/proc/config.gz, /boot/config-*): "
			    "__kconfig externs read as 0");
	for (i = 0; i < obj->extern_cnt && !ret; i++) {
		struct extern_sym *e = &obj->externs[i];
		u8 *dst = m->data + e->kcfg_off;

		if (!e->is_kconfig)
			continue;
		if (!strcmp(e->name, "LINUX_KERNEL_VERSION")) {
			u32 v = kernel_version_code();

			memcpy(dst, &v, e->kcfg_size < 4 ? e->kcfg_size : 4);
		} else if (!strcmp(e->name, "LINUX_HAS_BPF_COOKIE") ||
			   !strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
			*dst = 1;
		} else if (!strncmp(e->name, "CONFIG_", 7)) {
			if (!have_cfg)
				continue;
			if (kconfig_lookup(&ks, e->name, val, sizeof(val))) {
				if (!e->weak)
					ret = loader_err(obj, err, errsz, -ESRCH,
							 "extern (kcfg) '%s': not set in %s", e->name,
							 ks.path);
				continue;
			}
			ret = kcfg_store(obj, e, val, dst, err, errsz);
		} else if (!e->weak) {
			ret = loader_err(obj, err, errsz, -EINVAL,
					 "extern (kcfg) '%s': unknown name (expected CONFIG_* or LINUX_*)",
					 e->name);
		}
	}
	if (ks.gz)
		gzclose(ks.gz);
	return ret;
}

int externs_collect(struct object *obj, const struct object_opts *opts, char *err, size_t errsz)
{
	const struct elf_file *ef = &obj->elf;
	u32 cap = 0;
	size_t i;

	if (!(opts && opts->no_target_btf)) {
		const char *path = opts && opts->btf_path ? opts->btf_path : TARGET_BTF_DEFAULT;

		obj->target_btf_path = strdup(path);
		if (!obj->target_btf_path)
			return -ENOMEM;
	}
	for (i = 1; i < ef->sym_cnt; i++) {
		const Elf64_Sym *s = &ef->syms[i];
		struct extern_sym *e;
		const char *name = elf_sym_name(ef, s), *sec;
		u32 id = 0;

		if (s->st_shndx != SHN_UNDEF || !*name ||
		    (ELF64_ST_BIND(s->st_info) != STB_GLOBAL && ELF64_ST_BIND(s->st_info) != STB_WEAK))
			continue;
		if (!obj->btf)
			return loader_err(obj, err, errsz, -EINVAL,
					  "extern '%s' needs BTF, the object has none", name);
		sec = extern_datasec(obj->btf, name, &id);
		if (!sec)
			return loader_err(obj, err, errsz, -EINVAL,
					  "extern '%s' is not described in BTF (.kconfig/.ksyms)", name);
		if (vec_grow(&obj->externs, &cap, obj->extern_cnt + 1))
			return -ENOMEM;
		e = &obj->externs[obj->extern_cnt++];
		e->name = name;
		e->weak = ELF64_ST_BIND(s->st_info) == STB_WEAK;
		e->btf_var_id = id;
		if (!strcmp(sec, ".kconfig")) {
			const struct btf_type *v = btf__type_by_id(obj->btf, id);
			s64 sz = btf_is_var(v) ? btf__resolve_size(obj->btf, v->type) : -1;
			int al = btf_is_var(v) ? btf__align_of(obj->btf, v->type) : -1;

			if (sz <= 0 || al <= 0)
				return loader_err(obj, err, errsz, -EINVAL,
						  "extern (kcfg) '%s': cannot size its type", name);
			e->is_kconfig = true;
			e->kcfg_size = sz;
			e->kcfg_align = al;
		} else if (!strcmp(sec, ".ksyms")) {
			e->is_func = btf_is_func(btf__type_by_id(obj->btf, id));
		} else {
			return loader_err(obj, err, errsz, -EINVAL,
					  "extern '%s' in unsupported section '%s'", name, sec);
		}
	}
	if (obj->extern_cnt)
		qsort(obj->externs, obj->extern_cnt, sizeof(*obj->externs), cmp_kcfg);
	return build_kconfig(obj, err, errsz);
}

int externs_kconfig_map(const struct object *obj)
{
	return obj->kconfig_map;
}

/* Resolves @e against the target BTF by name and kind (FUNC for kfuncs, VAR for ksyms). */
static int resolve_ksym(struct object *obj, struct extern_sym *e, char *err, size_t errsz)
{
	struct btf *tb;
	s32 id;

	if (e->target_id)
		return 0;
	tb = object_target_btf(obj);
	if (!tb)
		return loader_err(obj, err, errsz, -ENOENT,
				  "extern (ksym) '%s': no target BTF to resolve it against (%s)", e->name,
				  obj->target_btf_path ? obj->target_btf_path : "disabled");
	id = btf__find_by_name_kind(tb, e->name, e->is_func ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id > 0)
		e->target_id = id;
	else if (!e->weak)
		return loader_err(obj, err, errsz, -ESRCH,
				  "extern (%s) '%s': not found in the target BTF %s",
				  e->is_func ? "func ksym" : "var ksym", e->name, obj->target_btf_path);
	return 0;
}

int externs_link_ld(struct object *obj, struct prog *p, u32 li, const Elf64_Sym *sym, char *err,
		    size_t errsz)
{
	struct extern_sym *e = find_extern(obj, elf_sym_name(&obj->elf, sym));
	struct bpf_insn *in = &p->insns[li];
	const struct btf_type *v;
	int ret;

	if (!e || e->is_func)
		return loader_err(obj, err, errsz, -EINVAL,
				  "program '%s': instruction %u loads unknown extern '%s'", p->name, li,
				  elf_sym_name(&obj->elf, sym));
	if (e->is_kconfig) {
		in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		in[0].imm = obj->kconfig_map;
		in[1].imm = e->kcfg_off;
		return 0;
	}
	v = btf__type_by_id(obj->btf, e->btf_var_id);
	if (v && btf_is_var(v)) {
		const struct btf_type *t = btf__type_by_id(obj->btf, v->type);

		while (t && (btf_is_mod(t) || btf_is_typedef(t)))
			t = btf__type_by_id(obj->btf, t->type);
		if (t && btf_is_void(t))
			return loader_err(obj, err, errsz, -ENOTSUP,
					  "extern (ksym) '%s' is typeless; kallsyms addresses are not "
					  "supported", e->name);
	}
	ret = resolve_ksym(obj, e, err, errsz);
	if (ret)
		return ret;
	in[0].src_reg = BPF_PSEUDO_BTF_ID;
	in[0].imm = e->target_id;
	in[1].imm = 0;	/* vmlinux: no module BTF fd */
	return 0;
}

int externs_link_call(struct object *obj, struct prog *p, u32 li, const Elf64_Sym *sym, char *err,
		      size_t errsz)
{
	struct extern_sym *e = find_extern(obj, elf_sym_name(&obj->elf, sym));
	struct bpf_insn *in = &p->insns[li];
	int ret;

	if (!e || !e->is_func)
		return loader_err(obj, err, errsz, -EINVAL,
				  "program '%s': instruction %u calls unknown extern '%s'", p->name, li,
				  elf_sym_name(&obj->elf, sym));
	ret = resolve_ksym(obj, e, err, errsz);
	if (ret)
		return ret;
	in->src_reg = BPF_PSEUDO_KFUNC_CALL;
	in->imm = e->target_id;
	in->off = 0;
	return 0;
}

int externs_attach_btf(struct object *obj, struct prog *p)
{
	const char *prefix = progtype_btf_prefix(&p->pt);
	const char *target = p->pt.attach_target;
	char name[256];
	struct btf *tb;
	s32 id;
	int kind;

	if (!p->type_known || !(p->pt.flags & PROGTYPE_ATTACH_BTF) || !prefix)
		return 0;
	if (!target || !*target)
		goto fail_msg;
	tb = object_target_btf(obj);
	if (!tb) {
		p->attach_err = strdup("no target BTF (see --btf)");
		return p->attach_err ? 0 : -ENOMEM;
	}
	snprintf(name, sizeof(name), "%s%s", prefix, target);
	kind = !strcmp(prefix, "btf_trace_") ? BTF_KIND_TYPEDEF : BTF_KIND_FUNC;
	id = btf__find_by_name_kind(tb, name, kind);
	if (id > 0) {
		p->attach_btf_id = id;
		return 0;
	}
fail_msg:
	snprintf(name, sizeof(name), "attach target '%s%s' not found in the target BTF",
		 prefix, target ? target : "");
	p->attach_err = strdup(name);
	return p->attach_err ? 0 : -ENOMEM;
}

void externs_free(struct object *obj)
{
	free(obj->externs);
	obj->externs = NULL;
	obj->extern_cnt = 0;
}
