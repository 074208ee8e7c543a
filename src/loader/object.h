/* A BPF ELF object as every later stage sees it: its programs (each already linked with the
 * subprograms it calls, as libbpf does), its maps (BTF-defined, legacy and global data), license,
 * kernel version, BTF, and per-instruction source lines.
 *
 * Ownership: object_open() returns an object that owns everything reachable from it (libelf and
 * libbpf handles included); all pointers handed out are borrowed and valid until object_free(). */
#ifndef BPFVERIFY_LOADER_OBJECT_H
#define BPFVERIFY_LOADER_OBJECT_H

#include <linux/bpf.h>

#include "loader/elf.h"
#include "loader/progtype.h"
#include "util.h"

struct btf;

enum map_kind {
	MAP_KIND_USER,		/* BTF-defined (.maps) or legacy (maps) map */
	MAP_KIND_INNER,		/* inner-map template of a map-in-map, not created on its own */
	MAP_KIND_DATA,		/* .data* */
	MAP_KIND_RODATA,	/* .rodata*: frozen after its contents are written */
	MAP_KIND_BSS,		/* .bss: zero-filled */
	MAP_KIND_KCONFIG,	/* .kconfig extern values */
};

/* Special fields of a map value (the kernel's enum btf_field_type, same bits). */
enum map_field_type {
	MF_SPIN_LOCK = 1 << 0,
	MF_TIMER = 1 << 1,
	MF_KPTR_UNREF = 1 << 2,		/* __kptr_untrusted */
	MF_KPTR_REF = 1 << 3,		/* __kptr */
	MF_KPTR_PERCPU = 1 << 4,	/* __percpu_kptr */
	MF_LIST_HEAD = 1 << 5,
	MF_LIST_NODE = 1 << 6,
	MF_RB_ROOT = 1 << 7,
	MF_RB_NODE = 1 << 8,
	MF_REFCOUNT = 1 << 9,
	MF_WORKQUEUE = 1 << 10,
	MF_UPTR = 1 << 11,
	MF_RES_SPIN_LOCK = 1 << 12,
	MF_TASK_WORK = 1 << 13,
	MF_KPTR = MF_KPTR_UNREF | MF_KPTR_REF | MF_KPTR_PERCPU,
};

#define MAP_FIELDS_MAX 11	/* the kernel's BTF_FIELDS_MAX */

/* One special field: where it is in the value and what it is (struct btf_field). */
struct map_field {
	u32 off;
	u32 size;
	u32 type;		/* one enum map_field_type bit */
	u32 kptr_type_id;	/* kptrs: the pointee struct in the map's BTF */
	u32 kptr_kind;		/* kptrs: its BTF kind (BTF_KIND_STRUCT or _UNION) */
	char kptr_name[64];	/* kptrs: its name, by which the kernel looks for it in the
				 * kernel's BTF first (btf_parse_kptr); "" when anonymous or
				 * longer than this */
};

struct map_def {
	char *name;		/* "counts", ".rodata", ".data.custom", ... */
	enum map_kind kind;
	u32 type;		/* enum bpf_map_type */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	u32 numa_node;
	u64 map_extra;
	u32 pinning;		/* LIBBPF_PIN_* value from the definition (not acted upon) */
	u32 btf_key_type_id;	/* ids in the object's BTF, 0 when unknown */
	u32 btf_value_type_id;
	int inner_idx;		/* map-in-map: index of the inner template in object.maps, else -1 */
	size_t sec_idx;		/* defining ELF section (0 for synthesized maps) */
	u64 sec_off;		/* offset of the definition (symbol value) inside that section */
	u8 *data;		/* global data: initial contents, value_size bytes (owned) */
	/* the value's special fields (the kernel's btf_record, map_fields.c), sorted by offset */
	u32 field_cnt;
	u32 field_mask;		/* or of the fields' types */
	struct map_field fields[MAP_FIELDS_MAX];
	int fields_err;		/* < 0: BPF_MAP_CREATE refuses the value's BTF with this errno
				 * (object maps never keep it: like libbpf, the loader then
				 * creates the map without BTF, see maps.c) */
	const char *fields_why;	/* fields_err: why, in words; else non-NULL when the fields are
				 * not fully modelled (static string) */
};

enum reloc_kind {
	RELOC_MAP_FD,		/* ld_imm64 src=BPF_PSEUDO_MAP_FD, imm = map index until loaded */
	RELOC_MAP_VALUE,	/* ld_imm64 src=BPF_PSEUDO_MAP_VALUE, insn[1].imm = offset */
	RELOC_KSYM,		/* ld_imm64 src=BPF_PSEUDO_BTF_ID: typed ksym, imm = vmlinux BTF id */
	RELOC_KFUNC,		/* call src=BPF_PSEUDO_KFUNC_CALL, imm = vmlinux BTF id */
	RELOC_KFUNC_MISSING,	/* weak kfunc not in the target BTF: rewritten as the kernel expects */
};

/* Where a program instruction's immediate points after linking. */
struct prog_reloc {
	u32 insn_idx;		/* in the linked program */
	enum reloc_kind kind;
	int map_idx;		/* RELOC_MAP_*: index in object.maps */
	const char *sym;	/* symbol name, for messages */
};

/* One line-info record, mapped to the linked program's instruction index. */
struct line_rec {
	u32 insn_idx;
	u32 line;
	u32 col;
	const char *file;	/* borrowed from the object's BTF strings */
	const char *src;	/* source text of the line (may be "") */
	u32 file_name_off;	/* raw BTF string offsets, for handing line info to the kernel */
	u32 line_off;
};

struct func_rec {
	u32 insn_idx;
	u32 type_id;		/* BTF_KIND_FUNC in the object's BTF */
};

/* An expectation annotation read from a BTF decl tag ("comment:test_expect_msg=..."). */
struct prog_tag {
	const char *key;	/* "test_expect_success", "test_expect_msg", ... (without "comment:") */
	const char *value;	/* text after '=', or "" */
};

struct prog {
	char *name;		/* function (symbol) name */
	char *sec_name;
	size_t sec_idx;
	u32 sec_insn_off;	/* first instruction inside its section */
	u32 sec_insn_cnt;	/* instructions of the main function itself */
	bool type_known;	/* section name matched a libbpf convention, or -t given */
	struct progtype pt;

	struct bpf_insn *insns;	/* linked: main function followed by the subprograms it uses */
	u32 insn_cnt;
	struct prog_reloc *relocs;
	u32 reloc_cnt;
	struct line_rec *lines;	/* sorted by insn_idx */
	u32 line_cnt;
	struct func_rec *funcs;	/* sorted by insn_idx; funcs[0].insn_idx == 0 when present */
	u32 func_cnt;
	struct prog_tag *tags;
	u32 tag_cnt;
	u32 attach_btf_id;	/* target BTF id for BTF-attached types, 0 when none/unresolved */
	char *attach_err;	/* why attach_btf_id could not be resolved, or NULL */
};

/* An undefined (extern) symbol of the object: a __kconfig value or a __ksym variable/kfunc. */
struct extern_sym {
	const char *name;	/* borrowed from the ELF string table */
	bool is_kconfig;	/* in DATASEC .kconfig: value lives in the .kconfig map */
	bool is_func;		/* kfunc (BTF FUNC in .ksyms) */
	bool weak;
	u32 btf_var_id;		/* the VAR/FUNC describing it in the object's BTF */
	u32 kcfg_off;		/* offset in the .kconfig map value */
	u32 kcfg_size;
	u32 kcfg_align;
	u32 target_id;		/* ksym/kfunc: id in the target BTF, 0 when not found */
};

struct object {
	char *path;
	struct elf_file elf;
	struct btf *btf;	/* the object's own .BTF, or NULL */
	struct btf *target_btf;	/* kernel BTF to relocate against (vmlinux by default), or NULL */
	char *target_btf_path;
	const u8 *btf_ext;	/* raw .BTF.ext bytes (borrowed from the image) */
	u32 btf_ext_size;
	char license[128];
	bool gpl;		/* the license is GPL-compatible (the kernel's license_is_gpl_compatible) */
	u32 kern_version;
	struct map_def *maps;
	u32 map_cnt;
	struct prog *progs;
	u32 prog_cnt;
	struct extern_sym *externs;
	u32 extern_cnt;
	int kconfig_map;	/* index in maps of the .kconfig map, -1 when none */
	bool target_btf_tried;	/* object_target_btf() was attempted */
	char **warnings;	/* non-fatal loader notes ("unknown section 'foo', skipped") */
	u32 warning_cnt;
};

struct object_opts {
	const char *type;	/* -t/--type: forced program type name, or NULL */
	const char *btf_path;	/* --btf: target BTF file; NULL = /sys/kernel/btf/vmlinux if present */
	bool no_target_btf;	/* do not read any target BTF */
};

/* Opens and links @path. 0 on success; -errno with a one-line message in @err ("file: problem"). */
int object_open(const char *path, const struct object_opts *opts, struct object **out, char *err,
		size_t errsz);
int object_open_mem(const void *image, size_t size, const char *name,
		    const struct object_opts *opts, struct object **out, char *err, size_t errsz);
void object_free(struct object *obj);

/* Fills @m->fields from value type @value_type_id of @btf as the kernel's btf_parse_fields() and
 * map_check_btf() do at map creation: field_err < 0 when the kernel would refuse the map. A
 * zero @value_type_id (no BTF) leaves no fields. Never fails otherwise (map_fields.c). */
void map_fields_parse(const struct btf *btf, struct map_def *m);
/* Whether the kernel takes @btf at all: BTF_LOAD parses every struct that has a member of a
 * special type (btf_parse_struct_metas()). 0 yes, < 0 it refuses (errno, @*why says why), 1 not
 * modelled (@*why). */
int map_fields_check_btf(const struct btf *btf, const char **why);
/* The field of @m that covers byte @off exactly at its start, or NULL. */
const struct map_field *map_field_at(const struct map_def *m, u32 off);

/* Finds a program by function or section name; NULL when absent. */
struct prog *object_find_prog(struct object *obj, const char *name);
/* The line record governing @insn_idx (the last one at or before it), or NULL. */
const struct line_rec *prog_line_at(const struct prog *prog, u32 insn_idx);
/* First tag with @key, or NULL. */
const struct prog_tag *prog_tag_find(const struct prog *prog, const char *key);

#endif
