/* loader: object_open() / object_open_mem() on the corpus (build/corpus, or $BPFVERIFY_CORPUS) and
 * on malformed images derived from it.
 *
 * Malformed inputs are made in memory: a valid corpus object is read, one field is changed through
 * the little ELF/BTF editors below (section headers, symbols, relocations, instructions, BTF types,
 * .BTF.ext header), and the copy is opened with object_open_mem(). One table row per loader error
 * message; each row asserts the return code, that the message starts with the image's name, and a
 * fragment of the message. Then: truncation at many cut points, random byte flips (fixed seeds; run
 * the suite under `make SANITIZE=1` to catch leaks and bad reads), and the successful loads:
 * program discovery, subprogram linking, map and global-data relocations, map-in-map, line and
 * func info, decl tags, license and program types.
 *
 * When the corpus is not built, every corpus-based test prints "SKIP: ..." and passes. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <check.h>
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader/externs.h"
#include "loader/object.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef BPF_F_RDONLY_PROG
#define BPF_F_RDONLY_PROG (1U << 7)
#endif
#ifndef BPF_F_MMAPABLE
#define BPF_F_MMAPABLE (1U << 10)
#endif

/* ---- corpus images and an in-memory ELF editor ---------------------------------------------- */

struct img {
	u8 *b;
	size_t n;
};

static const char *corpus_dir(void)
{
	const char *d = getenv("BPFVERIFY_CORPUS");

	return d && *d ? d : "build/corpus";
}

static void corpus_path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s.bpf.o", corpus_dir(), rel);
}

static void skip_no_corpus(const char *rel)
{
	fprintf(stderr, "SKIP: corpus object '%s' not found under %s (run `make corpus`, or set "
		"BPFVERIFY_CORPUS)\n", rel, corpus_dir());
}

/* Reads corpus object @rel ("xdp/parse_ok"); false (after printing SKIP) when it is not built. */
static bool img_read(const char *rel, struct img *im)
{
	char path[512];
	struct stat st;
	FILE *f;

	corpus_path(path, sizeof(path), rel);
	memset(im, 0, sizeof(*im));
	f = fopen(path, "rb");
	if (!f) {
		skip_no_corpus(rel);
		return false;
	}
	ck_assert_int_eq(fstat(fileno(f), &st), 0);
	im->n = st.st_size;
	im->b = malloc(im->n + 1);
	ck_assert_ptr_nonnull(im->b);
	ck_assert_uint_eq(fread(im->b, 1, im->n, f), im->n);
	fclose(f);
	return true;
}

static void img_free(struct img *im)
{
	free(im->b);
	im->b = NULL;
}

static Elf64_Ehdr *eh(struct img *im)
{
	ck_assert_uint_ge(im->n, sizeof(Elf64_Ehdr));
	return (Elf64_Ehdr *)im->b;
}

static Elf64_Shdr *sh(struct img *im, size_t i)
{
	Elf64_Ehdr *e = eh(im);

	ck_assert_uint_lt(i, e->e_shnum);
	ck_assert_uint_le(e->e_shoff + (i + 1) * sizeof(Elf64_Shdr), im->n);
	return (Elf64_Shdr *)(im->b + e->e_shoff) + i;
}

static char *sec_name(struct img *im, size_t i)
{
	return (char *)im->b + sh(im, eh(im)->e_shstrndx)->sh_offset + sh(im, i)->sh_name;
}

/* Index of section @name; the corpus object must have it. */
static size_t sec(struct img *im, const char *name)
{
	size_t i;

	for (i = 1; i < eh(im)->e_shnum; i++)
		if (!strcmp(sec_name(im, i), name))
			return i;
	ck_abort_msg("test object has no section '%s'", name);
	return 0;
}

static u8 *sec_data(struct img *im, const char *name)
{
	return im->b + sh(im, sec(im, name))->sh_offset;
}

static Elf64_Shdr *sec_hdr(struct img *im, const char *name)
{
	return sh(im, sec(im, name));
}

static size_t symtab_sec(struct img *im)
{
	size_t i;

	for (i = 1; i < eh(im)->e_shnum; i++)
		if (sh(im, i)->sh_type == SHT_SYMTAB)
			return i;
	ck_abort_msg("test object has no symbol table");
	return 0;
}

/* Symbol @name (and its index in @idx when non-NULL); the corpus object must have it. */
static Elf64_Sym *sym(struct img *im, const char *name, size_t *idx)
{
	Elf64_Shdr *st = sh(im, symtab_sec(im));
	Elf64_Sym *syms = (Elf64_Sym *)(im->b + st->sh_offset);
	const char *strs = (const char *)im->b + sh(im, st->sh_link)->sh_offset;
	size_t i;

	for (i = 1; i < st->sh_size / sizeof(*syms); i++) {
		if (strcmp(strs + syms[i].st_name, name))
			continue;
		if (idx)
			*idx = i;
		return &syms[i];
	}
	ck_abort_msg("test object has no symbol '%s'", name);
	return NULL;
}

/* Entry @k of relocation section @relsec. */
static Elf64_Rel *rel(struct img *im, const char *relsec, size_t k)
{
	Elf64_Shdr *s = sec_hdr(im, relsec);

	ck_assert_uint_lt(k, s->sh_size / sizeof(Elf64_Rel));
	return (Elf64_Rel *)(im->b + s->sh_offset) + k;
}

static struct bpf_insn *insn(struct img *im, const char *secname, size_t idx)
{
	ck_assert_uint_lt(idx, sec_hdr(im, secname)->sh_size / 8);
	return (struct bpf_insn *)sec_data(im, secname) + idx;
}

/* Instruction a relocation entry applies to. */
static struct bpf_insn *rel_insn(struct img *im, const char *relsec, size_t k)
{
	Elf64_Shdr *s = sec_hdr(im, relsec);

	return insn(im, sec_name(im, s->sh_info), rel(im, relsec, k)->r_offset / 8);
}

static void set_rel_sym(Elf64_Rel *r, size_t symidx)
{
	r->r_info = ELF64_R_INFO(symidx, ELF64_R_TYPE(r->r_info));
}

/* Renames a section in place (same length). Names sharing the string's tail change with it
 * (".relxdp" follows "xdp"), which keeps relocation sections consistent. */
static void rename_sec(struct img *im, const char *from, const char *to)
{
	char *s = sec_name(im, sec(im, from));

	ck_assert_uint_eq(strlen(from), strlen(to));
	memcpy(s, to, strlen(to));
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

/* ---- BTF editing: libbpf finds the types, we write through the image ------------------------ */

static struct btf *img_btf(struct img *im)
{
	Elf64_Shdr *s = sec_hdr(im, ".BTF");
	struct btf *btf = btf__new(im->b + s->sh_offset, s->sh_size);

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* The image bytes behind @p, a pointer into @btf's raw data (btf__new() copied the section). */
static void *btf_img(struct img *im, const struct btf *btf, const void *p)
{
	u32 size;
	const u8 *raw = btf__raw_data(btf, &size);
	size_t off = (const u8 *)p - raw;

	ck_assert((const u8 *)p >= raw && off < size);
	return sec_data(im, ".BTF") + off;
}

static u32 btf_id(const struct btf *btf, const char *name, int kind)
{
	s32 id = btf__find_by_name_kind(btf, name, kind);

	ck_assert_msg(id > 0, "test BTF has no %s", name);
	return id;
}

static u32 btf_int(const struct btf *btf)
{
	return btf_id(btf, "int", BTF_KIND_INT);
}

static const struct btf_type *skip_mods(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

/* Member @field of the definition struct of BTF-defined map @map. */
static const struct btf_member *map_member(const struct btf *btf, const char *map,
					   const char *field)
{
	const struct btf_type *v = btf__type_by_id(btf, btf_id(btf, map, BTF_KIND_VAR));
	const struct btf_type *def = skip_mods(btf, v->type);
	const struct btf_member *m = btf_members(def);
	u32 i;

	for (i = 0; i < btf_vlen(def); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), field))
			return m;
	ck_abort_msg("map '%s' has no attribute '%s'", map, field);
	return NULL;
}

static struct btf_member *map_member_img(struct img *im, const struct btf *btf, const char *map,
					 const char *field)
{
	return btf_img(im, btf, map_member(btf, map, field));
}

/* The type a map attribute's pointer points to (as a writable image pointer). */
static struct btf_type *member_target_img(struct img *im, const struct btf *btf, const char *map,
					  const char *field)
{
	const struct btf_type *t = btf__type_by_id(btf, map_member(btf, map, field)->type);

	ck_assert(btf_is_ptr(t) || btf_is_array(t));
	return btf_img(im, btf, t);
}

/* ---- mutations, one per loader error ----------------------------------------------------------
 * Named after what they break; each one asserts the corpus object still looks as expected. */

static void m_empty(struct img *im) { im->n = 0; }
static void m_short(struct img *im) { im->n = 10; }
static void m_not_elf(struct img *im) { memcpy(im->b, "\x7f" "ELG", 4); }
static void m_elf32(struct img *im) { im->b[EI_CLASS] = ELFCLASS32; }
static void m_big_endian(struct img *im) { im->b[EI_DATA] = ELFDATA2MSB; }
static void m_short_ehdr(struct img *im) { im->n = 40; }
static void m_machine(struct img *im) { eh(im)->e_machine = EM_X86_64; }
static void m_exec(struct img *im) { eh(im)->e_type = ET_EXEC; }
static void m_shoff_past_end(struct img *im) { eh(im)->e_shoff = im->n + 64; }
static void m_shnum_huge(struct img *im) { eh(im)->e_shnum = 1000; }
static void m_ei_version(struct img *im) { im->b[EI_VERSION] = 0; }

static void m_no_sections(struct img *im)
{
	eh(im)->e_shoff = 0;
	eh(im)->e_shnum = 0;
	eh(im)->e_shstrndx = 0;
}

static void m_shstrndx(struct img *im) { eh(im)->e_shstrndx = eh(im)->e_shnum + 3; }
static void m_shstrndx_zero(struct img *im) { eh(im)->e_shstrndx = 0; }
static void m_shstrndx_code(struct img *im) { eh(im)->e_shstrndx = sec(im, "xdp"); }

/* Extended numbering (e_shnum 0, the count in section 0's sh_size) */
static void m_ext_shnum(struct img *im, u64 cnt)
{
	sh(im, 0)->sh_size = cnt;
	eh(im)->e_shnum = 0;
}

static void m_ext_shnum_far(struct img *im) { m_ext_shnum(im, eh(im)->e_shnum + 1); }

static void m_sec_offset(struct img *im) { sec_hdr(im, "xdp")->sh_offset = im->n + 8; }
static void m_sec_size(struct img *im) { sec_hdr(im, "xdp")->sh_size = im->n; }
static void m_sec_size_wraps(struct img *im) { sec_hdr(im, "xdp")->sh_size = -8ULL; }

static void m_two_symtabs(struct img *im)
{
	/* an exact copy of .symtab earlier in the table: the real one is then the second */
	*sh(im, sec(im, ".debug_frame")) = *sh(im, symtab_sec(im));
}

static void m_symtab_entsize(struct img *im) { sh(im, symtab_sec(im))->sh_entsize = 16; }
static void m_symtab_partial(struct img *im) { sh(im, symtab_sec(im))->sh_size -= 8; }
static void m_symtab_link0(struct img *im) { sh(im, symtab_sec(im))->sh_link = 0; }
static void m_symtab_link_code(struct img *im) { sh(im, symtab_sec(im))->sh_link = sec(im, "xdp"); }
static void m_symtab_link_far(struct img *im) { sh(im, symtab_sec(im))->sh_link = 999; }
static void m_symtab_misaligned(struct img *im) { sh(im, symtab_sec(im))->sh_offset += 4; }
static void m_no_symtab(struct img *im) { sh(im, symtab_sec(im))->sh_type = SHT_PROGBITS; }

static void m_version_size(struct img *im)
{
	/* "license" -> "version" (same length), and "GPL\0" cut to 3 bytes */
	rename_sec(im, "license", "version");
	sec_hdr(im, "version")->sh_size = 3;
}

static void m_exec_size(struct img *im) { sec_hdr(im, "xdp")->sh_size -= 4; }
static void m_func_size(struct img *im) { sym(im, "xdp_redirect_port", NULL)->st_size = 0x1000; }
static void m_func_misaligned(struct img *im) { sym(im, "xdp_redirect_port", NULL)->st_value += 4; }

static void m_static_prog(struct img *im)
{
	sym(im, "xdp_pop_header", NULL)->st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC);
}

static void m_rel_target(struct img *im) { sec_hdr(im, ".relxdp")->sh_info = 99; }
static void m_rel_link(struct img *im) { sec_hdr(im, ".relxdp")->sh_link = 1; }
static void m_rel_partial(struct img *im) { sec_hdr(im, ".relxdp")->sh_size -= 8; }
static void m_rel_sym_far(struct img *im) { set_rel_sym(rel(im, ".relxdp", 0), 999); }
static void m_rel_sym_null(struct img *im) { set_rel_sym(rel(im, ".relxdp", 0), 0); }
static void m_rel_misaligned(struct img *im) { rel(im, ".relxdp", 0)->r_offset += 4; }

static void m_rel_past_end(struct img *im)
{
	rel(im, ".relxdp", 0)->r_offset = sec_hdr(im, "xdp")->sh_size;
}

static void m_rel_not_ldimm64(struct img *im)
{
	ck_assert_uint_eq(insn(im, "xdp", 0)->code, BPF_ALU64 | BPF_MOV | BPF_K);
	rel(im, ".relxdp", 0)->r_offset = 0;
}

static void m_rel_abs_sym(struct img *im) { sym(im, "proto_count", NULL)->st_shndx = SHN_ABS; }

static void m_rel_not_a_map(struct img *im)
{
	size_t lic;
	Elf64_Sym *s = sym(im, "LICENSE", &lic);

	/* a symbol in .maps that no map definition starts at */
	s->st_shndx = sec(im, ".maps");
	s->st_value = 2;
	set_rel_sym(rel(im, ".relxdp", 0), lic);
}

static void m_rel_unsupported(struct img *im)
{
	size_t lic;

	sym(im, "LICENSE", &lic);
	set_rel_sym(rel(im, ".relxdp", 0), lic);
}

static void m_call_program(struct img *im)
{
	struct bpf_insn *in = insn(im, "xdp", 0);
	u32 target = sym(im, "xdp_pop_header", NULL)->st_value / 8;

	/* in-section bpf-to-bpf call (no relocation) from the first program into the second */
	*in = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL,
				 .imm = target - 1 };
}

static void m_call_nowhere(struct img *im)
{
	*insn(im, "xdp", 0) = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
						 .src_reg = BPF_PSEUDO_CALL, .imm = -5 };
}

static void m_call_reloc_far(struct img *im)
{
	/* subprog_ok: first call is `call mix` through the .text section symbol */
	struct bpf_insn *in = rel_insn(im, ".reltc", 0);

	ck_assert_uint_eq(in->code, BPF_JMP | BPF_CALL);
	in->imm = 100000;
}

static void m_call_reloc_helper(struct img *im)
{
	struct bpf_insn *in = rel_insn(im, ".reltc", 0);

	ck_assert_uint_eq(in->src_reg, BPF_PSEUDO_CALL);
	in->src_reg = 0;
}

static void m_func_addr_misaligned(struct img *im)
{
	/* callbacks_ok: relocation 0 of xdp is the address of add_weight (ld_imm64 of .text) */
	struct bpf_insn *in = rel_insn(im, ".relxdp", 0);

	ck_assert_uint_eq(in->code, BPF_LD | BPF_IMM | BPF_DW);
	in->imm += 4;
}

static void m_bss_empty(struct img *im) { sec_hdr(im, ".bss")->sh_size = 0; }

static void m_btf_magic(struct img *im) { sec_data(im, ".BTF")[0] ^= 0xff; }
static void m_btf_short(struct img *im) { sec_hdr(im, ".BTF")->sh_size = 10; }

static void m_btf_gone(struct img *im) { rename_sec(im, ".BTF", ".BTX"); }

static void m_btf_and_ext_gone(struct img *im)
{
	rename_sec(im, ".BTF", ".BTX");
	rename_sec(im, ".BTF.ext", ".BTX.ext");
}

static void m_maps_datasec(struct img *im)
{
	struct btf *btf = img_btf(im);
	struct btf_type *ds = btf_img(im, btf, btf__type_by_id(btf, btf_id(btf, ".maps",
									     BTF_KIND_DATASEC)));

	ds->name_off += 1;	/* ".maps" -> "maps" */
	btf__free(btf);
}

static void m_maps_entry_not_var(struct img *im)
{
	struct btf *btf = img_btf(im);
	const struct btf_type *ds = btf__type_by_id(btf, btf_id(btf, ".maps", BTF_KIND_DATASEC));
	struct btf_var_secinfo *v = btf_img(im, btf, btf_var_secinfos(ds));

	v->type = btf_int(btf);
	btf__free(btf);
}

static void m_map_def_not_struct(struct img *im)
{
	struct btf *btf = img_btf(im);
	struct btf_type *v = btf_img(im, btf, btf__type_by_id(btf, btf_id(btf, "proto_count",
									    BTF_KIND_VAR)));

	v->type = btf_int(btf);
	btf__free(btf);
}

static void m_map_uint_not_ptr(struct img *im)
{
	struct btf *btf = img_btf(im);

	map_member_img(im, btf, "proto_count", "type")->type = btf_int(btf);
	btf__free(btf);
}

static void m_map_uint_not_array(struct img *im)
{
	struct btf *btf = img_btf(im);

	member_target_img(im, btf, "proto_count", "type")->type = btf_int(btf);
	btf__free(btf);
}

static void m_map_type_not_ptr(struct img *im)
{
	struct btf *btf = img_btf(im);

	map_member_img(im, btf, "proto_count", "key")->type = btf_int(btf);
	btf__free(btf);
}

static void m_map_key_void(struct img *im)
{
	struct btf *btf = img_btf(im);

	member_target_img(im, btf, "proto_count", "key")->type = 0;	/* __u32 * -> void * */
	btf__free(btf);
}

static void m_map_unknown_attr(struct img *im)
{
	struct btf *btf = img_btf(im);

	map_member_img(im, btf, "proto_count", "max_entries")->name_off += 1;
	btf__free(btf);
}

static void m_mim_values_not_array(struct img *im)
{
	struct btf *btf = img_btf(im);

	map_member_img(im, btf, "outer_arr", "values")->type = btf_int(btf);
	btf__free(btf);
}

static void m_mim_values_not_ptrs(struct img *im)
{
	struct btf *btf = img_btf(im);
	struct btf_type *arr = member_target_img(im, btf, "outer_arr", "values");

	btf_array(arr)->type = btf_int(btf);
	btf__free(btf);
}

static void m_mim_inner_not_struct(struct img *im)
{
	struct btf *btf = img_btf(im);
	const struct btf_type *arr = btf__type_by_id(btf, map_member(btf, "outer_arr",
								      "values")->type);
	struct btf_type *ptr = btf_img(im, btf, btf__type_by_id(btf, btf_array(arr)->type));

	ck_assert(btf_is_ptr(ptr));
	ptr->type = btf_int(btf);
	btf__free(btf);
}

static void m_mim_two_inner(struct img *im)
{
	struct btf *btf = img_btf(im);
	struct btf_member *key = map_member_img(im, btf, "outer_arr", "key");
	const struct btf_member *values = map_member(btf, "outer_arr", "values");

	/* the 'key' member becomes a second 'values' */
	key->name_off = values->name_off;
	key->type = values->type;
	btf__free(btf);
}

/* parse_ok's ".maps" renamed "maps": its two 32-byte (all-zero) definitions read as legacy ones */
static void m_legacy(struct img *im)
{
	sec_hdr(im, ".maps")->sh_name += 1;
}

static void m_legacy_size(struct img *im)
{
	m_legacy(im);
	sec_hdr(im, "maps")->sh_size = 63;
}

static void m_legacy_outside(struct img *im)
{
	m_legacy(im);
	sym(im, "tx_port", NULL)->st_value = 0x28;
}

static void m_legacy_extra(struct img *im)
{
	m_legacy(im);
	sec_data(im, "maps")[0x20 + 24] = 1;
}

/* .BTF.ext header: magic(2) version(1) flags(1) hdr_len func_off func_len line_off line_len */
static u8 *ext(struct img *im) { return sec_data(im, ".BTF.ext"); }
static u8 *ext_func(struct img *im) { return ext(im) + get32(ext(im) + 4) + get32(ext(im) + 8); }
static u8 *ext_line(struct img *im) { return ext(im) + get32(ext(im) + 4) + get32(ext(im) + 16); }

static void m_ext_magic(struct img *im) { ext(im)[0] = 0; }
static void m_ext_short(struct img *im) { sec_hdr(im, ".BTF.ext")->sh_size = 16; }
static void m_ext_version(struct img *im) { ext(im)[2] = 2; }
static void m_ext_hdr_small(struct img *im) { put32(ext(im) + 4, 8); }
static void m_ext_hdr_big(struct img *im) { put32(ext(im) + 4, 0x100000); }
static void m_ext_func_outside(struct img *im) { put32(ext(im) + 12, 0x100000); }
static void m_ext_line_outside(struct img *im) { put32(ext(im) + 16, 0x7ffffff0); }
static void m_ext_func_tiny(struct img *im) { put32(ext(im) + 12, 2); }
static void m_ext_func_sechdr(struct img *im) { put32(ext(im) + 12, 8); }
static void m_ext_func_recsize(struct img *im) { put32(ext_func(im), 3); }
static void m_ext_line_recsize(struct img *im) { put32(ext_line(im), 8); }
static void m_ext_func_overrun(struct img *im) { put32(ext_func(im) + 8, 0xffff); }
static void m_ext_func_name(struct img *im) { put32(ext_func(im) + 4, 0xfffffff); }
static void m_ext_line_misaligned(struct img *im) { put32(ext_line(im) + 12, 4); }

static void m_ext_core_outside(struct img *im)
{
	ck_assert_uint_ge(get32(ext(im) + 4), 32);	/* header with core_relo fields */
	put32(ext(im) + 28, 0x100000);
}

static void m_extern_undescribed(struct img *im)
{
	sym(im, "xdp_redirect_port", NULL)->st_shndx = SHN_UNDEF;
}

static void m_extern_license(struct img *im) { sym(im, "LICENSE", NULL)->st_shndx = SHN_UNDEF; }

static void m_extern_no_btf(struct img *im)
{
	m_btf_and_ext_gone(im);
	m_extern_license(im);
}

static void m_extern_data(struct img *im) { sym(im, "seen", NULL)->st_shndx = SHN_UNDEF; }

static void m_kfunc_strong(struct img *im)
{
	sym(im, "bpf_iter_num_new", NULL)->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
}

static void m_none(struct img *im) { }

struct bad_row {
	const char *name;	/* also the image name the message must start with */
	const char *obj;	/* corpus object mutated */
	void (*mutate)(struct img *im);
	int err;		/* expected return code; 0: any negative */
	const char *msg;	/* fragments of the message, in order, separated by " ... " */
	const char *type;	/* object_opts.type */
	const char *btf;	/* object_opts.btf_path: a corpus object ("xdp/parse_ok"); NULL: none */
};

#define X "xdp/parse_ok"

static const struct bad_row elf_rows[] = {
	{ "empty", X, m_empty, -EINVAL, "not an ELF file" },
	{ "shorter-than-ident", X, m_short, -EINVAL, "not an ELF file" },
	{ "bad-magic", X, m_not_elf, -EINVAL, "not an ELF file" },
	{ "elf32", X, m_elf32, -EINVAL, "not a 64-bit ELF file" },
	{ "big-endian", X, m_big_endian, -EINVAL, "big-endian ELF is not supported" },
	{ "truncated-ehdr", X, m_short_ehdr, -EINVAL, "truncated ELF header" },
	{ "x86-64", X, m_machine, -EINVAL, "not a BPF object (e_machine 62, expected 247 EM_BPF)" },
	{ "et-exec", X, m_exec, -EINVAL, "not a relocatable object (e_type 2)" },
	{ "shoff-past-end", X, m_shoff_past_end, -EINVAL, "section header table outside the file" },
	{ "shnum-huge", X, m_shnum_huge, -EINVAL, "section header table outside the file" },
	{ "ei-version", X, m_ei_version, -EINVAL, "invalid ELF: " },
	{ "no-sections", X, m_no_sections, -EINVAL, "bad section count 0" },
	{ "shstrndx-far", X, m_shstrndx, -EINVAL, "section name table index ... out of range" },
	{ "shstrndx-zero", X, m_shstrndx_zero, -EINVAL, "section name table 0 is not a string table" },
	{ "shstrndx-code", X, m_shstrndx_code, -EINVAL, "section name table ... is not a string table" },
	{ "ext-shnum-past-table", X, m_ext_shnum_far, -EINVAL, "bad section count 0" },
	{ "sec-offset", X, m_sec_offset, -EINVAL, "section 3 'xdp': offset ... outside the file" },
	{ "sec-size", X, m_sec_size, -EINVAL, "section 3 'xdp': offset 0x40 size ... outside the file" },
	{ "sec-size-wraps", X, m_sec_size_wraps, -EINVAL, "section 3 'xdp': offset 0x40 size 0xfffffffffffffff8 outside" },
	{ "two-symtabs", X, m_two_symtabs, -EINVAL, "more than one symbol table" },
	{ "symtab-entsize", X, m_symtab_entsize, -EINVAL, "symbol table has bad entry size 16" },
	{ "symtab-partial", X, m_symtab_partial, -EINVAL, "symbol table size ... is not a multiple of 24" },
	{ "symtab-link0", X, m_symtab_link0, -EINVAL, "symbol table links to bad string table 0" },
	{ "symtab-link-code", X, m_symtab_link_code, -EINVAL, "symbol table links to bad string table 3" },
	{ "symtab-link-far", X, m_symtab_link_far, -EINVAL, "symbol table links to bad string table 999" },
	{ "symtab-misaligned", X, m_symtab_misaligned, -EINVAL, "misaligned symbol table" },
	{ "no-symtab", X, m_no_symtab, -EINVAL, "no symbol table (stripped object?)" },
	{ "version-size", X, m_version_size, -EINVAL, "section 'version' has size 3, expected 4" },
};

static const struct bad_row code_rows[] = {
	{ "exec-size", X, m_exec_size, -EINVAL, "section 'xdp' size ... is not a multiple of 8" },
	{ "func-size", X, m_func_size, -EINVAL, "function 'xdp_redirect_port' [0x ... , +0x1000) is not inside section 'xdp'" },
	{ "func-misaligned", X, m_func_misaligned, -EINVAL, "function 'xdp_redirect_port' [0x ... ) is not inside section 'xdp'" },
	{ "static-program", X, m_static_prog, -ENOTSUP, "program 'xdp_pop_header' in section 'xdp' is static" },
	{ "rel-target", X, m_rel_target, -EINVAL, "relocation section '.relxdp' targets bad section 99" },
	{ "rel-link", X, m_rel_link, -EINVAL, "relocation section '.relxdp' does not use the symbol table" },
	{ "rel-partial", X, m_rel_partial, -EINVAL, "relocation section '.relxdp' has a partial entry" },
	{ "rel-sym-far", X, m_rel_sym_far, -EINVAL, "relocation 0 in '.relxdp': bad symbol index 999" },
	{ "rel-sym-null", X, m_rel_sym_null, -EINVAL, "relocation 0 in '.relxdp': bad symbol index 0" },
	{ "rel-misaligned", X, m_rel_misaligned, -EINVAL, "relocation 0 in '.relxdp': bad offset 0x" },
	{ "rel-past-end", X, m_rel_past_end, -EINVAL, "relocation 0 in '.relxdp': bad offset 0x" },
	{ "rel-not-ldimm64", X, m_rel_not_ldimm64, -EINVAL, "program 'xdp_parse_ipv4': relocation against 'proto_count' at instruction 0, which is not a 64-bit immediate load (code 0xb7)" },
	{ "rel-abs-symbol", X, m_rel_abs_sym, -EINVAL, "relocation against 'proto_count' in special section 65521" },
	{ "rel-not-a-map", X, m_rel_not_a_map, -EINVAL, "program 'xdp_parse_ipv4': 'LICENSE' at instruction ... is not a map definition" },
	{ "rel-unsupported", X, m_rel_unsupported, -EINVAL, "relocation against 'LICENSE' in unsupported section 'license'" },
	{ "call-program", X, m_call_program, -ENOTSUP, "program 'xdp_parse_ipv4': instruction 0 calls program 'xdp_pop_header' (only .text functions can be called)" },
	{ "call-nowhere", X, m_call_nowhere, -EINVAL, "program 'xdp_parse_ipv4': instruction 0 refers to code at -4 of section 'xdp', which is no function" },
	{ "call-reloc-far", "calls/subprog_ok", m_call_reloc_far, -EINVAL, "program 'calls_static': instruction ... refers to code at ... of section '.text', which is no function" },
	{ "call-reloc-helper", "calls/subprog_ok", m_call_reloc_helper, -EINVAL, "program 'calls_static': bad call relocation against '.text' at instruction " },
	{ "func-addr-misaligned", "calls/callbacks_ok", m_func_addr_misaligned, -EINVAL, "program 'loop_weights': misaligned function address at instruction " },
	{ "data-no-map", "misc/global_data_ok", m_bss_empty, -EINVAL, "program 'global_data': no map for data section '.bss'" },
	{ "unknown-type", X, m_none, -EINVAL, "unknown program type 'nosuch' (see --help for the list)", "nosuch" },
};

static const struct bad_row btf_rows[] = {
	{ "btf-magic", X, m_btf_magic, -EINVAL, "invalid .BTF section: " },
	{ "btf-short", X, m_btf_short, -EINVAL, "invalid .BTF section: " },
	{ "btf-ext-alone", X, m_btf_gone, -EINVAL, ".BTF.ext present without .BTF" },
	{ "maps-without-btf", X, m_btf_and_ext_gone, -EINVAL, "section '.maps' needs BTF but the object has no .BTF section" },
	{ "maps-no-datasec", X, m_maps_datasec, -EINVAL, "BTF has no DATASEC '.maps'" },
	{ "maps-entry-not-var", X, m_maps_entry_not_var, -EINVAL, "'.maps' entry 0 is not a variable" },
	{ "map-def-not-struct", X, m_map_def_not_struct, -EINVAL, "map 'proto_count': definition is not a struct" },
	{ "map-uint-not-ptr", X, m_map_uint_not_ptr, -EINVAL, "map 'proto_count': attribute 'type' is not a pointer (__uint expected)" },
	{ "map-uint-not-array", X, m_map_uint_not_array, -EINVAL, "map 'proto_count': attribute 'type' is not a pointer to an array" },
	{ "map-type-not-ptr", X, m_map_type_not_ptr, -EINVAL, "map 'proto_count': attribute 'key' is not a pointer (__type expected)" },
	{ "map-key-void", X, m_map_key_void, -EINVAL, "map 'proto_count': cannot size the key type" },
	{ "map-unknown-attr", X, m_map_unknown_attr, -ENOTSUP, "map 'proto_count': unknown attribute 'ax_entries'" },
	{ "mim-values-not-array", "maps/map_in_map_ok", m_mim_values_not_array, -EINVAL, "map 'outer_arr': 'values' is not an array (__array expected)" },
	{ "mim-values-not-ptrs", "maps/map_in_map_ok", m_mim_values_not_ptrs, -EINVAL, "map 'outer_arr': 'values' elements are not pointers" },
	{ "mim-inner-not-struct", "maps/map_in_map_ok", m_mim_inner_not_struct, -EINVAL, "map 'outer_arr': inner map definition is not a struct" },
	{ "mim-two-inner", "maps/map_in_map_ok", m_mim_two_inner, -EINVAL, "map 'outer_arr': more than one inner map definition" },
	{ "legacy-size", X, m_legacy_size, -EINVAL, "legacy 'maps' section: size 63 does not divide into 2 definitions" },
	{ "legacy-outside", X, m_legacy_outside, -EINVAL, "legacy map 'tx_port': definition at 0x28 outside 'maps'" },
	{ "legacy-extra", X, m_legacy_extra, -EINVAL, "legacy map 'tx_port': unknown non-zero attributes past byte 20" },
};

static const struct bad_row ext_rows[] = {
	{ "ext-magic", X, m_ext_magic, -EINVAL, ".BTF.ext has a bad header" },
	{ "ext-short", X, m_ext_short, -EINVAL, ".BTF.ext has a bad header" },
	{ "ext-version", X, m_ext_version, -ENOTSUP, ".BTF.ext version 2 not supported" },
	{ "ext-hdr-small", X, m_ext_hdr_small, -EINVAL, ".BTF.ext header length 8 invalid" },
	{ "ext-hdr-big", X, m_ext_hdr_big, -EINVAL, ".BTF.ext header length 1048576 invalid" },
	{ "ext-func-outside", X, m_ext_func_outside, -EINVAL, ".BTF.ext func_info block outside the section" },
	{ "ext-line-outside", X, m_ext_line_outside, -EINVAL, ".BTF.ext line_info block outside the section" },
	{ "ext-core-outside", X, m_ext_core_outside, -EINVAL, ".BTF.ext core_relo block outside the section" },
	{ "ext-func-tiny", X, m_ext_func_tiny, -EINVAL, ".BTF.ext func_info block truncated" },
	{ "ext-func-sechdr", X, m_ext_func_sechdr, -EINVAL, ".BTF.ext func_info section header truncated" },
	{ "ext-func-recsize", X, m_ext_func_recsize, -EINVAL, ".BTF.ext func_info record size 3 invalid" },
	{ "ext-line-recsize", X, m_ext_line_recsize, -EINVAL, ".BTF.ext line_info record size 8 invalid" },
	{ "ext-func-overrun", X, m_ext_func_overrun, -EINVAL, ".BTF.ext func_info: 65535 records overrun the block" },
	{ "ext-func-name", X, m_ext_func_name, -EINVAL, ".BTF.ext func_info: bad section name offset 268435455" },
	{ "ext-line-misaligned", X, m_ext_line_misaligned, -EINVAL, ".BTF.ext line_info: misaligned instruction offset 4 in 'xdp'" },
};

static const struct bad_row extern_rows[] = {
	{ "extern-undescribed", X, m_extern_undescribed, -EINVAL, "extern 'xdp_redirect_port' is not described in BTF (.kconfig/.ksyms)" },
	{ "extern-license", X, m_extern_license, -EINVAL, "extern 'LICENSE' in unsupported section 'license'" },
	{ "extern-data", "misc/global_data_ok", m_extern_data, -EINVAL, "extern 'seen' in unsupported section '.data'" },
	{ "extern-no-btf", "tc/classifier_ok", m_extern_no_btf, -EINVAL, "extern 'LICENSE' needs BTF, the object has none" },
	{ "kfunc-no-target", "loops/open_coded_ok", m_none, -ENOENT, "extern (ksym) 'bpf_iter_num_new': no target BTF to resolve it against (disabled)" },
	{ "kfunc-not-found", "loops/open_coded_ok", m_kfunc_strong, -ESRCH, "extern (func ksym) 'bpf_iter_num_new': not found in the target BTF", NULL, X },
};

#undef X

/* Whether @s contains the parts of @frags separated by " ... ", in that order. */
static bool has_fragments(const char *s, const char *frags)
{
	const char *sep;
	char part[256];

	for (;;) {
		sep = strstr(frags, " ... ");
		snprintf(part, sizeof(part), "%.*s", sep ? (int)(sep - frags) : (int)strlen(frags),
			 frags);
		s = strstr(s, part);
		if (!s)
			return false;
		s += strlen(part);
		if (!sep)
			return true;
		frags = sep + 5;
	}
}

static void check_bad_row(const struct bad_row *row)
{
	struct object_opts opts = { .type = row->type, .no_target_btf = !row->btf };
	char name[64], btf_path[512], err[512] = "";
	struct object *obj = (void *)1;
	struct img im;
	int ret;

	if (!img_read(row->obj, &im))
		return;
	if (row->btf) {
		corpus_path(btf_path, sizeof(btf_path), row->btf);
		opts.btf_path = btf_path;
	}
	row->mutate(&im);
	snprintf(name, sizeof(name), "bad/%s.o", row->name);
	ret = object_open_mem(im.b, im.n, name, &opts, &obj, err, sizeof(err));

	ck_assert_msg(ret < 0, "%s: opened (ret %d)", row->name, ret);
	ck_assert_msg(!row->err || ret == row->err, "%s: ret %d, expected %d (%s)", row->name, ret,
		      row->err, err);
	ck_assert_ptr_null(obj);
	ck_assert_msg(!strncmp(err, name, strlen(name)) && !strncmp(err + strlen(name), ": ", 2),
		      "%s: message does not start with the file name: '%s'", row->name, err);
	ck_assert_msg(has_fragments(err, row->msg), "%s: message '%s' lacks '%s'", row->name, err,
		      row->msg);
	ck_assert_msg(!strchr(err, '\n') && err[strlen(err) - 1] != '.',
		      "%s: message is not one line without a final period: '%s'", row->name, err);
	img_free(&im);
}

START_TEST(object_open_mem__malformed_elf__fails_naming_the_problem)
{
	check_bad_row(&elf_rows[_i]);
}
END_TEST

START_TEST(object_open_mem__malformed_code_or_relocation__fails_naming_the_problem)
{
	check_bad_row(&code_rows[_i]);
}
END_TEST

START_TEST(object_open_mem__malformed_btf_or_map__fails_naming_the_problem)
{
	check_bad_row(&btf_rows[_i]);
}
END_TEST

START_TEST(object_open_mem__malformed_btf_ext__fails_naming_the_problem)
{
	check_bad_row(&ext_rows[_i]);
}
END_TEST

START_TEST(object_open_mem__unresolvable_extern__fails_naming_the_problem)
{
	check_bad_row(&extern_rows[_i]);
}
END_TEST

/* ---- files that cannot be read --------------------------------------------------------------- */

START_TEST(object_open__missing_file__reports_cannot_open)
{
	struct object *obj;
	char err[512];
	int ret;

	ret = object_open("/nonexistent/x.bpf.o", NULL, &obj, err, sizeof(err));
	ck_assert_int_eq(ret, -ENOENT);
	ck_assert_ptr_null(obj);
	ck_assert_str_eq(err, "/nonexistent/x.bpf.o: cannot open: No such file or directory");
}
END_TEST

static const char *const unreadable_paths[] = { "/", "/dev/null" };

START_TEST(object_open__directory_or_device__reports_not_a_regular_file)
{
	struct object *obj;
	char err[512], want[512];
	int ret;

	ret = object_open(unreadable_paths[_i], NULL, &obj, err, sizeof(err));
	snprintf(want, sizeof(want), "%s: not a regular file", unreadable_paths[_i]);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_null(obj);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(object_open__file_over_2gib__reports_too_large)
{
	char path[] = "/tmp/bpfverify-big-XXXXXX", err[512];
	struct object *obj;
	int fd, ret;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	/* sparse: no disk space used; the size check comes before any read */
	ck_assert_int_eq(ftruncate(fd, (1LL << 31) + 1), 0);
	close(fd);
	ret = object_open(path, NULL, &obj, err, sizeof(err));
	unlink(path);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_null(obj);
	ck_assert_ptr_nonnull(strstr(err, ": file too large (2147483649 bytes)"));
}
END_TEST

START_TEST(object_open__empty_file__reports_not_elf)
{
	char path[] = "/tmp/bpfverify-empty-XXXXXX", err[512];
	struct object *obj;
	int fd, ret;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ret = object_open(path, NULL, &obj, err, sizeof(err));
	unlink(path);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, ": not an ELF file"));
}
END_TEST

START_TEST(object_free__null__is_a_no_op)
{
	object_free(NULL);
}
END_TEST

/* ---- robustness: truncation and random corruption ---------------------------------------------- */

static void expect_fail(const struct img *im, size_t n, const char *name)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512] = "";
	int ret;

	ret = object_open_mem(im->b, n, name, &opts, &obj, err, sizeof(err));
	ck_assert_msg(ret < 0, "%s: cut at %zu opened", name, n);
	ck_assert_msg(!strncmp(err, name, strlen(name)) && strlen(err) > strlen(name) + 2,
		      "%s: cut at %zu: message '%s'", name, n, err);
}

static const char *const cut_objs[] = { "xdp/parse_ok", "calls/subprog_ok", "maps/map_in_map_ok" };

START_TEST(object_open_mem__truncated_file__reports_truncation)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512];
	struct img im;
	size_t cut, i;

	if (!img_read(cut_objs[_i], &im))
		return;
	for (cut = 0; cut < im.n; cut += 64)
		expect_fail(&im, cut, "cut.o");
	/* every section's start and end, and the section header table's neighbourhood */
	for (i = 1; i < eh(&im)->e_shnum; i++) {
		expect_fail(&im, sh(&im, i)->sh_offset, "cut.o");
		if (sh(&im, i)->sh_type != SHT_NOBITS)
			expect_fail(&im, sh(&im, i)->sh_offset + sh(&im, i)->sh_size, "cut.o");
	}
	for (cut = im.n - 1; cut > im.n - 70; cut--)
		expect_fail(&im, cut, "cut.o");
	/* as clang writes them, the section headers come last: a cut names them */
	ck_assert_uint_eq(eh(&im)->e_shoff + eh(&im)->e_shnum * sizeof(Elf64_Shdr), im.n);
	object_open_mem(im.b, im.n - 1, "cut.o", &opts, &obj, err, sizeof(err));
	ck_assert_str_eq(err, "cut.o: section header table outside the file (truncated?)");
	object_open_mem(im.b, 63, "cut.o", &opts, &obj, err, sizeof(err));
	ck_assert_str_eq(err, "cut.o: truncated ELF header");
	/* trailing bytes after a complete object are harmless */
	im.b = realloc(im.b, im.n + 100);
	memset(im.b + im.n, 0xa5, 100);
	ck_assert_int_eq(object_open_mem(im.b, im.n + 100, "long.o", &opts, &obj, err, sizeof(err)),
			 0);
	object_free(obj);
	img_free(&im);
}
END_TEST

#define FLIP_ROUNDS 3000

static u64 rng_next(u64 *s)
{
	/* xorshift64*: fixed seeds make every run flip the same bytes */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static const char *const flip_objs[] = { "xdp/parse_ok", "calls/callbacks_ok", "misc/global_data_ok",
					 "maps/map_in_map_ok", "loops/open_coded_ok", "calls/subprog_ok" };

START_TEST(object_open_mem__random_byte_flips__never_crash_or_leak)
{
	struct object_opts opts = {};
	u64 seed = 0x9e3779b97f4a7c15ULL * (_i + 1);
	u32 iter, opened = 0;
	char btf[512];
	struct img im;
	u8 *copy;

	if (!img_read(flip_objs[_i], &im))
		return;
	/* a small target BTF (without the kfuncs, which are __weak) keeps every round fast */
	corpus_path(btf, sizeof(btf), "xdp/parse_ok");
	opts.btf_path = btf;
	copy = malloc(im.n);
	ck_assert_ptr_nonnull(copy);
	for (iter = 0; iter < FLIP_ROUNDS; iter++) {
		u32 flips = 1 + rng_next(&seed) % 4, k;
		struct object *obj = NULL;
		char err[512];
		size_t i;

		memcpy(copy, im.b, im.n);
		for (k = 0; k < flips; k++) {
			u64 r = rng_next(&seed), where = r % 8, at = r >> 24;
			const Elf64_Shdr *s;
			size_t pos;

			/* mostly where the loader looks: ELF and section headers, symbols, code,
			 * relocations, BTF; an eighth of the flips land anywhere */
			i = 1 + (r >> 8) % (eh(&im)->e_shnum - 1);
			s = sh(&im, i);
			if (where == 1)
				pos = at % 2 ? at % sizeof(Elf64_Ehdr) :
				      eh(&im)->e_shoff + at % (eh(&im)->e_shnum * sizeof(Elf64_Shdr));
			else if (where > 1 && s->sh_size && s->sh_type != SHT_NOBITS &&
				 !strstr(sec_name(&im, i), "debug"))
				pos = s->sh_offset + at % s->sh_size;
			else
				pos = at % im.n;
			copy[pos] ^= 1 << ((r >> 4) % 8);
		}
		if (!object_open_mem(copy, im.n, "flip.o", &opts, &obj, err, sizeof(err))) {
			opened++;
			/* what a caller does next: walk the programs' lines */
			for (i = 0; i < obj->prog_cnt; i++)
				prog_line_at(&obj->progs[i], obj->progs[i].insn_cnt);
			object_free(obj);
		} else {
			ck_assert_ptr_null(obj);
			ck_assert_msg(!strncmp(err, "flip.o: ", 8), "message '%s'", err);
		}
	}
	/* the flips must leave some objects loadable, or the test only exercises the ELF checks */
	ck_assert_uint_gt(opened, FLIP_ROUNDS / 10);
	free(copy);
	img_free(&im);
}
END_TEST

/* ---- successful loads ------------------------------------------------------------------------ */

static struct object *open_ok_opts(const char *rel, const struct object_opts *opts)
{
	char path[512], err[512];
	struct object *obj;
	int ret;

	corpus_path(path, sizeof(path), rel);
	if (access(path, R_OK)) {
		skip_no_corpus(rel);
		return NULL;
	}
	ret = object_open(path, opts, &obj, err, sizeof(err));
	ck_assert_msg(!ret, "%s: %s", rel, err);
	return obj;
}

/* Default options, as the command line: CO-RE objects need the running kernel's BTF. */
static struct object *open_ok(const char *rel)
{
	return open_ok_opts(rel, NULL);
}

static struct prog *find_prog(struct object *obj, const char *name)
{
	struct prog *p = object_find_prog(obj, name);

	ck_assert_msg(p, "no program '%s'", name);
	return p;
}

static int find_map(const struct object *obj, const char *name)
{
	u32 i;

	for (i = 0; i < obj->map_cnt; i++)
		if (!strcmp(obj->maps[i].name, name))
			return i;
	ck_abort_msg("no map '%s'", name);
	return -1;
}

static const char *func_name(const struct object *obj, const struct func_rec *f)
{
	const struct btf_type *t = btf__type_by_id(obj->btf, f->type_id);

	ck_assert_msg(t && btf_is_func(t), "func info type %u is not a FUNC", f->type_id);
	return btf__name_by_offset(obj->btf, t->name_off);
}

struct discover_row {
	const char *obj;
	u32 cnt;
	struct {
		const char *name, *sec;
		u32 type, attach;
	} p[4];
};

static const struct discover_row discover_rows[] = {
	{ "xdp/parse_ok", 3, {
		{ "xdp_parse_ipv4", "xdp", BPF_PROG_TYPE_XDP, BPF_XDP },
		{ "xdp_pop_header", "xdp", BPF_PROG_TYPE_XDP, BPF_XDP },
		{ "xdp_redirect_port", "xdp", BPF_PROG_TYPE_XDP, BPF_XDP } } },
	{ "tc/classifier_ok", 3, {
		{ "tc_ttl_dec", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "tc_pull", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "tc_classify", "classifier", BPF_PROG_TYPE_SCHED_CLS, 0 } } },
	{ "calls/subprog_ok", 2, {
		{ "calls_static", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "calls_global", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 } } },
	{ "maps/kinds_ok", 4, {
		{ "map_hash", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "map_array", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "map_percpu", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
		{ "map_lru", "tc", BPF_PROG_TYPE_SCHED_CLS, 0 } } },
	{ "tracing/kprobe_ok", 3, {
		{ "kp_unlinkat", "kprobe/do_unlinkat", BPF_PROG_TYPE_KPROBE, 0 },
		{ "krp_unlinkat", "kretprobe/do_unlinkat", BPF_PROG_TYPE_KPROBE, 0 },
		{ "ks_kill", "ksyscall/kill", BPF_PROG_TYPE_KPROBE, 0 } } },
	{ "cgroup/skb_ok", 2, {
		{ "cg_ingress", "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS },
		{ "cg_egress", "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS } } },
	{ "socket/sk_types_ok", 4, {
		{ "skb_verdict", "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT },
		{ "steer_echo", "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP },
		{ "sock_create", "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE },
		{ "dissect", "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR } } },
	{ "tracing/tracepoint_ok", 3, {
		{ "tp_openat", "tracepoint/syscalls/sys_enter_openat", BPF_PROG_TYPE_TRACEPOINT, 0 },
		{ "tp_exit", "tp/sched/sched_process_exit", BPF_PROG_TYPE_TRACEPOINT, 0 },
		{ "rtp_switch", "raw_tp/sched_switch", BPF_PROG_TYPE_RAW_TRACEPOINT, 0 } } },
	{ "tracing/fentry_ok", 2, {
		{ "fe_unlinkat", "fentry/do_unlinkat", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY },
		{ "fx_unlinkat", "fexit/do_unlinkat", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT } } },
};

START_TEST(object_open__corpus_object__finds_programs_like_libbpf)
{
	const struct discover_row *row = &discover_rows[_i];
	struct object *obj = open_ok(row->obj);
	u32 i;

	if (!obj)
		return;
	ck_assert_uint_eq(obj->prog_cnt, row->cnt);
	ck_assert_uint_eq(obj->warning_cnt, 0);
	for (i = 0; i < row->cnt; i++) {
		const struct prog *p = &obj->progs[i];

		ck_assert_str_eq(p->name, row->p[i].name);
		ck_assert_str_eq(p->sec_name, row->p[i].sec);
		ck_assert(p->type_known);
		ck_assert_uint_eq(p->pt.prog_type, row->p[i].type);
		ck_assert_uint_eq(p->pt.expected_attach_type, row->p[i].attach);
		ck_assert_uint_ge(p->insn_cnt, p->sec_insn_cnt);
		ck_assert_uint_gt(p->sec_insn_cnt, 0);
		ck_assert_ptr_eq(object_find_prog(obj, p->name), p);
	}
	/* section names find the first program of the section */
	ck_assert_ptr_eq(object_find_prog(obj, row->p[0].sec), &obj->progs[0]);
	ck_assert_ptr_null(object_find_prog(obj, "nosuch"));
	ck_assert_str_eq(obj->license, "GPL");
	object_free(obj);
}
END_TEST

START_TEST(object_open_mem__same_bytes_as_file__same_programs)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *a = open_ok("calls/subprog_ok"), *b;
	char err[512];
	struct img im;
	u32 i;

	if (!a || !img_read("calls/subprog_ok", &im))
		return;
	ck_assert_int_eq(object_open_mem(im.b, im.n, "mem.o", &opts, &b, err, sizeof(err)), 0);
	ck_assert_str_eq(b->path, "mem.o");
	ck_assert_uint_eq(a->prog_cnt, b->prog_cnt);
	ck_assert_uint_eq(a->map_cnt, b->map_cnt);
	for (i = 0; i < a->prog_cnt; i++) {
		ck_assert_uint_eq(a->progs[i].insn_cnt, b->progs[i].insn_cnt);
		ck_assert_mem_eq(a->progs[i].insns, b->progs[i].insns, a->progs[i].insn_cnt * 8);
		ck_assert_uint_eq(a->progs[i].line_cnt, b->progs[i].line_cnt);
	}
	object_free(a);
	object_free(b);
	img_free(&im);
}
END_TEST

static bool is_func_start(const struct prog *p, s64 idx)
{
	u32 i;

	for (i = 0; i < p->func_cnt; i++)
		if (p->funcs[i].insn_idx == idx)
			return true;
	return false;
}

/* The instructions of the linked function starting at @start equal the ELF bytes of @name, except
 * immediates (relocated) and src_reg (pseudo markers). */
static void assert_same_code(struct img *im, const struct prog *p, u32 start, const char *name)
{
	const Elf64_Sym *s = sym(im, name, NULL);
	const struct bpf_insn *src = (const struct bpf_insn *)(im->b + sh(im, s->st_shndx)->sh_offset +
								s->st_value);
	u32 i;

	ck_assert_uint_le(start + s->st_size / 8, p->insn_cnt);
	for (i = 0; i < s->st_size / 8; i++) {
		ck_assert_uint_eq(p->insns[start + i].code, src[i].code);
		ck_assert_uint_eq(p->insns[start + i].dst_reg, src[i].dst_reg);
		ck_assert_uint_eq(p->insns[start + i].off, src[i].off);
	}
}

START_TEST(object_open__static_and_global_calls__appends_callees_in_first_use_order)
{
	static const char *const want[2][5] = {
		{ "calls_static", "mix", "acc_add", "depth2" },
		{ "calls_global", "global_len_ok", "global_sum" },
	};
	struct object *obj = open_ok("calls/subprog_ok");
	struct img im;
	u32 pi, i, calls;

	if (!obj || !img_read("calls/subprog_ok", &im))
		return;
	for (pi = 0; pi < 2; pi++) {
		const struct prog *p = &obj->progs[pi];

		ck_assert_str_eq(p->name, want[pi][0]);
		for (i = 0; want[pi][i]; i++) {
			ck_assert_uint_lt(i, p->func_cnt);
			ck_assert_str_eq(func_name(obj, &p->funcs[i]), want[pi][i]);
			assert_same_code(&im, p, p->funcs[i].insn_idx, want[pi][i]);
		}
		ck_assert_uint_eq(p->func_cnt, i);
		ck_assert_uint_gt(p->insn_cnt, p->sec_insn_cnt);
		ck_assert_uint_eq(p->funcs[1].insn_idx, p->sec_insn_cnt);
		/* every bpf-to-bpf call lands on the start of an appended function */
		for (i = 0, calls = 0; i < p->insn_cnt; i++) {
			const struct bpf_insn *in = &p->insns[i];

			if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg != BPF_PSEUDO_CALL)
				continue;
			calls++;
			ck_assert_msg(is_func_start(p, (s64)i + in->imm + 1),
				      "%s: call at %u lands on %lld", p->name, i,
				      (long long)i + in->imm + 1);
			ck_assert_uint_ge(i + in->imm + 1, p->sec_insn_cnt);
		}
		ck_assert_uint_ge(calls, pi == 0 ? 4 : 2);
	}
	object_free(obj);
	img_free(&im);
}
END_TEST

START_TEST(object_open__callback_address__ld_imm64_pseudo_func_points_at_callback)
{
	static const struct {
		const char *prog, *cb;
	} want[] = { { "loop_weights", "add_weight" }, { "each_weight", "sum_elem" } };
	struct object *obj = open_ok("calls/callbacks_ok");
	u32 k, i, n;

	if (!obj)
		return;
	for (k = 0; k < ARRAY_SIZE(want); k++) {
		const struct prog *p = find_prog(obj, want[k].prog);

		for (i = 0, n = 0; i + 1 < p->insn_cnt; i++) {
			const struct bpf_insn *in = &p->insns[i];
			s64 target = (s64)i + in->imm + 1;
			u32 f;

			if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || in->src_reg != BPF_PSEUDO_FUNC)
				continue;
			n++;
			for (f = 0; f < p->func_cnt && p->funcs[f].insn_idx != target; f++)
				;
			ck_assert_msg(f < p->func_cnt, "%s: ld_imm64 at %u -> %lld, no function",
				      p->name, i, (long long)target);
			ck_assert_str_eq(func_name(obj, &p->funcs[f]), want[k].cb);
			ck_assert_int_eq(p->insns[i + 1].imm, 0);
		}
		ck_assert_uint_eq(n, 1);
	}
	object_free(obj);
}
END_TEST

START_TEST(object_open__btf_maps__map_fd_relocations_name_the_right_map)
{
	static const struct {
		const char *name;
		u32 type, key, value, max;
		const char *prog;	/* the one program that uses it */
	} want[] = {
		{ "flows", BPF_MAP_TYPE_HASH, 8, 16, 1024, "map_hash" },
		{ "by_queue", BPF_MAP_TYPE_ARRAY, 4, 16, 16, "map_array" },
		{ "total", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 16, 1, "map_percpu" },
		{ "by_mark", BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 256, "map_percpu" },
		{ "last_seen", BPF_MAP_TYPE_LRU_HASH, 4, 8, 128, "map_lru" },
		{ "lru_pcpu", BPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 4, 128, "map_lru" },
	};
	struct object *obj = open_ok("maps/kinds_ok");
	bool used[ARRAY_SIZE(want)] = {};
	u32 k, i, j, n;

	if (!obj)
		return;
	ck_assert_uint_eq(obj->map_cnt, ARRAY_SIZE(want));
	for (k = 0; k < ARRAY_SIZE(want); k++) {
		const struct map_def *m = &obj->maps[find_map(obj, want[k].name)];

		ck_assert_int_eq(m->kind, MAP_KIND_USER);
		ck_assert_uint_eq(m->type, want[k].type);
		ck_assert_uint_eq(m->key_size, want[k].key);
		ck_assert_uint_eq(m->value_size, want[k].value);
		ck_assert_uint_eq(m->max_entries, want[k].max);
		ck_assert_uint_gt(m->btf_key_type_id, 0);
		ck_assert_uint_gt(m->btf_value_type_id, 0);
		ck_assert_int_eq(m->inner_idx, -1);
		ck_assert_str_eq(obj->elf.secs[m->sec_idx].name, ".maps");
	}
	for (i = 0; i < obj->prog_cnt; i++) {
		const struct prog *p = &obj->progs[i];

		for (j = 0; j < p->reloc_cnt; j++) {
			const struct prog_reloc *r = &p->relocs[j];
			const struct bpf_insn *in = &p->insns[r->insn_idx];

			ck_assert_int_eq(r->kind, RELOC_MAP_FD);
			ck_assert_uint_eq(in->code, BPF_LD | BPF_IMM | BPF_DW);
			ck_assert_uint_eq(in->src_reg, BPF_PSEUDO_MAP_FD);
			ck_assert_int_eq(in->imm, r->map_idx);
			ck_assert_int_eq(p->insns[r->insn_idx + 1].imm, 0);
			ck_assert_str_eq(obj->maps[r->map_idx].name, r->sym);
			for (k = 0; strcmp(want[k].name, r->sym); k++)
				;
			ck_assert_msg(!strcmp(want[k].prog, p->name), "%s uses %s", p->name, r->sym);
			used[k] = true;
		}
		/* and every map load has its relocation */
		for (j = 0, n = 0; j < p->insn_cnt; j++)
			n += p->insns[j].code == (BPF_LD | BPF_IMM | BPF_DW) &&
			     p->insns[j].src_reg == BPF_PSEUDO_MAP_FD;
		ck_assert_uint_eq(n, p->reloc_cnt);
	}
	for (k = 0; k < ARRAY_SIZE(want); k++)
		ck_assert_msg(used[k], "map %s never referenced", want[k].name);
	object_free(obj);
}
END_TEST

START_TEST(object_open__global_data__sections_become_array_maps_with_contents)
{
	static const struct {
		const char *name;
		enum map_kind kind;
		u32 flags;
	} want[] = {
		{ ".rodata", MAP_KIND_RODATA, BPF_F_MMAPABLE | BPF_F_RDONLY_PROG },
		{ ".data", MAP_KIND_DATA, BPF_F_MMAPABLE },
		{ ".bss", MAP_KIND_BSS, BPF_F_MMAPABLE },
	};
	struct object *obj = open_ok("misc/global_data_ok");
	const struct map_def *data, *ro, *bss;
	const struct prog *p;
	struct img im;
	u64 seen;
	s32 last_len;
	u32 k, j, u;

	if (!obj || !img_read("misc/global_data_ok", &im))
		return;
	ck_assert_uint_eq(obj->map_cnt, ARRAY_SIZE(want));
	for (k = 0; k < ARRAY_SIZE(want); k++) {
		const struct map_def *m = &obj->maps[find_map(obj, want[k].name)];

		ck_assert_int_eq(m->kind, want[k].kind);
		ck_assert_uint_eq(m->type, BPF_MAP_TYPE_ARRAY);
		ck_assert_uint_eq(m->key_size, 4);
		ck_assert_uint_eq(m->max_entries, 1);
		ck_assert_uint_eq(m->map_flags, want[k].flags);
		ck_assert_uint_eq(m->value_size, sec_hdr(&im, want[k].name)->sh_size);
		ck_assert_ptr_nonnull(m->data);
		ck_assert_uint_gt(m->btf_value_type_id, 0);	/* the DATASEC */
	}
	/* initial contents at the symbols' offsets */
	data = &obj->maps[find_map(obj, ".data")];
	memcpy(&seen, data->data + sym(&im, "seen", NULL)->st_value, 8);
	memcpy(&last_len, data->data + sym(&im, "last_len", NULL)->st_value, 4);
	ck_assert_uint_eq(seen, 1);
	ck_assert_int_eq(last_len, -1);
	ro = &obj->maps[find_map(obj, ".rodata")];
	ck_assert_str_eq((const char *)ro->data + sym(&im, "cfg_name", NULL)->st_value, "corpus");
	ck_assert_uint_eq(ro->data[sym(&im, "cfg_verbose", NULL)->st_value], 0);
	bss = &obj->maps[find_map(obj, ".bss")];
	for (k = 0; k < bss->value_size; k++)
		ck_assert_uint_eq(bss->data[k], 0);

	/* each load: src=BPF_PSEUDO_MAP_VALUE, imm = map, insn[1].imm = symbol offset + addend */
	p = &obj->progs[0];
	ck_assert_uint_ge(p->reloc_cnt, 5);
	for (j = 0, u = 0; j < p->reloc_cnt; j++) {
		const struct prog_reloc *r = &p->relocs[j];
		const struct bpf_insn *in = &p->insns[r->insn_idx];
		const struct bpf_insn *raw = insn(&im, "xdp", p->sec_insn_off + r->insn_idx);
		const char *mapname = r->sym;
		u64 off = raw->imm;

		ck_assert_int_eq(r->kind, RELOC_MAP_VALUE);
		ck_assert_uint_eq(in->src_reg, BPF_PSEUDO_MAP_VALUE);
		ck_assert_int_eq(in->imm, r->map_idx);
		if (r->sym[0] != '.') {	/* a variable, else a section symbol (static data) */
			const Elf64_Sym *s = sym(&im, r->sym, NULL);

			off += s->st_value;
			mapname = sec_name(&im, s->st_shndx);
		}
		ck_assert_str_eq(obj->maps[r->map_idx].name, mapname);
		ck_assert_int_eq(in[1].imm, (s32)off);
		ck_assert_uint_lt(off, obj->maps[r->map_idx].value_size);
		u |= 1U << obj->maps[r->map_idx].kind;
	}
	ck_assert_uint_eq(u, 1U << MAP_KIND_DATA | 1U << MAP_KIND_RODATA | 1U << MAP_KIND_BSS);
	object_free(obj);
	img_free(&im);
}
END_TEST

START_TEST(object_open__map_in_map__inner_template_is_a_separate_map)
{
	static const struct {
		const char *outer;
		u32 outer_type;
		const char *inner;
		u32 type, key, value, max;
	} want[] = {
		{ "outer_arr", BPF_MAP_TYPE_ARRAY_OF_MAPS, "outer_arr.inner",
		  BPF_MAP_TYPE_ARRAY, 4, 8, 8 },
		{ "outer_hash", BPF_MAP_TYPE_HASH_OF_MAPS, "outer_hash.inner",
		  BPF_MAP_TYPE_HASH, 4, 4, 16 },
	};
	struct object *obj = open_ok("maps/map_in_map_ok");
	u32 k, i, j;

	if (!obj)
		return;
	for (k = 0; k < ARRAY_SIZE(want); k++) {
		const struct map_def *o = &obj->maps[find_map(obj, want[k].outer)], *in;

		ck_assert_int_eq(o->kind, MAP_KIND_USER);
		ck_assert_uint_eq(o->type, want[k].outer_type);
		ck_assert_uint_eq(o->key_size, 4);
		ck_assert_uint_eq(o->value_size, 4);	/* a map fd */
		ck_assert_uint_eq(o->max_entries, 4);
		ck_assert_int_ge(o->inner_idx, 0);
		ck_assert_int_lt(o->inner_idx, obj->map_cnt);
		in = &obj->maps[o->inner_idx];
		ck_assert_str_eq(in->name, want[k].inner);
		ck_assert_int_eq(in->kind, MAP_KIND_INNER);
		ck_assert_uint_eq(in->type, want[k].type);
		ck_assert_uint_eq(in->key_size, want[k].key);
		ck_assert_uint_eq(in->value_size, want[k].value);
		ck_assert_uint_eq(in->max_entries, want[k].max);
	}
	ck_assert_int_eq(obj->maps[find_map(obj, "inner0")].kind, MAP_KIND_USER);
	ck_assert_int_eq(obj->maps[find_map(obj, "inner1")].kind, MAP_KIND_USER);
	/* programs refer to the outer maps, never to a template */
	for (i = 0; i < obj->prog_cnt; i++)
		for (j = 0; j < obj->progs[i].reloc_cnt; j++)
			ck_assert_int_eq(obj->maps[obj->progs[i].relocs[j].map_idx].kind,
					 MAP_KIND_USER);
	object_free(obj);
}
END_TEST

START_TEST(object_open__legacy_maps_section__reads_bpf_map_def_records)
{
	static const u32 defs[2][5] = {
		{ BPF_MAP_TYPE_ARRAY, 4, 8, 256, 0 },		/* proto_count */
		{ BPF_MAP_TYPE_DEVMAP, 4, 4, 4, 1 },		/* tx_port */
	};
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512];
	struct img im;
	u32 k;

	if (!img_read("xdp/parse_ok", &im))
		return;
	m_legacy(&im);
	memcpy(sec_data(&im, "maps"), defs[0], sizeof(defs[0]));
	memcpy(sec_data(&im, "maps") + 0x20, defs[1], sizeof(defs[1]));
	ck_assert_int_eq(object_open_mem(im.b, im.n, "legacy.o", &opts, &obj, err, sizeof(err)), 0);
	ck_assert_uint_eq(obj->map_cnt, 2);
	for (k = 0; k < 2; k++) {
		const struct map_def *m = &obj->maps[find_map(obj, k ? "tx_port" : "proto_count")];

		ck_assert_int_eq(m->kind, MAP_KIND_USER);
		ck_assert_uint_eq(m->type, defs[k][0]);
		ck_assert_uint_eq(m->key_size, defs[k][1]);
		ck_assert_uint_eq(m->value_size, defs[k][2]);
		ck_assert_uint_eq(m->max_entries, defs[k][3]);
		ck_assert_uint_eq(m->map_flags, defs[k][4]);
		ck_assert_str_eq(obj->elf.secs[m->sec_idx].name, "maps");
	}
	ck_assert_str_eq(obj->maps[obj->progs[0].relocs[0].map_idx].name, "proto_count");
	ck_assert_str_eq(obj->maps[obj->progs[2].relocs[0].map_idx].name, "tx_port");
	object_free(obj);
	img_free(&im);
}
END_TEST

START_TEST(object_open_mem__extended_section_numbering__loads)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512];
	struct img im;

	if (!img_read("xdp/parse_ok", &im))
		return;
	m_ext_shnum(&im, eh(&im)->e_shnum);
	ck_assert_int_eq(object_open_mem(im.b, im.n, "ext.o", &opts, &obj, err, sizeof(err)), 0);
	ck_assert_uint_eq(obj->prog_cnt, 3);
	object_free(obj);
	img_free(&im);
}
END_TEST

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Line and func info invariants of one linked program of object @base ("parse_ok"). */
static void check_prog_lines(const struct object *obj, const struct prog *p, const char *base)
{
	char src[300];
	u32 i, f, l;

	snprintf(src, sizeof(src), "/%s.bpf.c", base);
	ck_assert_msg(p->line_cnt > 0, "%s: no line info", p->name);
	ck_assert_msg(p->func_cnt > 0, "%s: no func info", p->name);
	ck_assert_uint_eq(p->lines[0].insn_idx, 0);
	ck_assert_uint_eq(p->funcs[0].insn_idx, 0);
	ck_assert_str_eq(func_name(obj, &p->funcs[0]), p->name);
	for (l = 1; l < p->line_cnt; l++)
		ck_assert_msg(p->lines[l - 1].insn_idx < p->lines[l].insn_idx,
			      "%s: line records %u and %u at insns %u, %u", p->name, l - 1, l,
			      p->lines[l - 1].insn_idx, p->lines[l].insn_idx);
	ck_assert_uint_lt(p->lines[p->line_cnt - 1].insn_idx, p->insn_cnt);
	for (f = 1; f < p->func_cnt; f++)
		ck_assert_uint_lt(p->funcs[f - 1].insn_idx, p->funcs[f].insn_idx);
	ck_assert_uint_lt(p->funcs[p->func_cnt - 1].insn_idx, p->insn_cnt);
	/* every function starts with a line of its own file */
	for (f = 0; f < p->func_cnt; f++) {
		const struct line_rec *lr = prog_line_at(p, p->funcs[f].insn_idx);

		ck_assert_ptr_nonnull(lr);
		ck_assert_msg(lr->insn_idx == p->funcs[f].insn_idx,
			      "%s: function %s at %u has no line record", p->name,
			      func_name(obj, &p->funcs[f]), p->funcs[f].insn_idx);
		ck_assert_msg(ends_with(lr->file, src), "%s: line file '%s'", p->name, lr->file);
		ck_assert_uint_gt(lr->line, 0);
	}
	/* the governing record is the last one at or before the instruction */
	for (i = 0, l = 0; i < p->insn_cnt; i++) {
		while (l + 1 < p->line_cnt && p->lines[l + 1].insn_idx <= i)
			l++;
		ck_assert_ptr_eq(prog_line_at(p, i), &p->lines[l]);
	}
	ck_assert_ptr_eq(prog_line_at(p, UINT32_MAX), &p->lines[p->line_cnt - 1]);
	/* calls and callback addresses land on function starts, in programs the kernel accepts
	 * (rejected ones may call a label on purpose: cfg/label_subprog) */
	for (i = 0; prog_tag_find(p, "test_expect_success") && i < p->insn_cnt; i++) {
		const struct bpf_insn *in = &p->insns[i];

		if ((in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) ||
		    (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src_reg == BPF_PSEUDO_FUNC))
			ck_assert_msg(is_func_start(p, (s64)i + in->imm + 1),
				      "%s: insn %u targets %lld", p->name, i,
				      (long long)i + in->imm + 1);
		if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
			i++;
	}
}

START_TEST(object_open__every_corpus_program__has_sorted_line_and_func_info)
{
	const char *dir = corpus_dir();
	u32 objs = 0, progs = 0;
	DIR *top, *area;
	struct dirent *a, *f;
	char path[1024], base[256];

	top = opendir(dir);
	if (!top) {
		skip_no_corpus("*");
		return;
	}
	while ((a = readdir(top))) {
		if (a->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, a->d_name);
		area = opendir(path);
		if (!area)
			continue;
		while ((f = readdir(area))) {
			struct object *obj;
			char err[512];
			size_t n = strlen(f->d_name);
			u32 i;

			if (n < 7 || strcmp(f->d_name + n - 6, ".bpf.o"))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", dir, a->d_name, f->d_name);
			snprintf(base, sizeof(base), "%.*s", (int)(n - 6), f->d_name);
			ck_assert_msg(!object_open(path, NULL, &obj, err, sizeof(err)), "%s", err);
			for (i = 0; i < obj->prog_cnt; i++)
				check_prog_lines(obj, &obj->progs[i], base);
			progs += obj->prog_cnt;
			objs++;
			object_free(obj);
		}
		closedir(area);
	}
	closedir(top);
	if (!objs)
		skip_no_corpus("*");
	ck_assert_uint_ge(progs, objs);
}
END_TEST

static const struct {
	u32 insn;
	int want;	/* index in lines, -1: NULL */
} line_at_rows[] = {
	{ 0, -1 }, { 1, -1 }, { 2, 0 }, { 4, 0 }, { 5, 1 }, { 8, 1 }, { 9, 2 }, { 1000, 2 },
};

START_TEST(prog_line_at__between_records__returns_the_last_one_before)
{
	struct line_rec lines[] = { { .insn_idx = 2 }, { .insn_idx = 5 }, { .insn_idx = 9 } };
	struct prog p = { .lines = lines, .line_cnt = ARRAY_SIZE(lines) };
	struct prog empty = {};

	ck_assert_ptr_eq(prog_line_at(&p, line_at_rows[_i].insn),
			 line_at_rows[_i].want < 0 ? NULL : &lines[line_at_rows[_i].want]);
	ck_assert_ptr_null(prog_line_at(&empty, line_at_rows[_i].insn));
}
END_TEST

struct tag_row {
	const char *obj, *prog, *key, *value;	/* value NULL: the tag must be absent */
};

static const struct tag_row tag_rows[] = {
	{ "xdp/parse_ok", "xdp_parse_ipv4", "test_expect_success", "" },
	{ "xdp/parse_ok", "xdp_parse_ipv4", "test_expect_failure", NULL },
	{ "xdp/parse_ok", "xdp_parse_ipv4", "test_description",
	  "xdp: eth + ipv4 (ihl-sized) + tcp/udp ports, per-protocol counter" },
	{ "xdp/parse_ok", "xdp_pop_header", "test_description",
	  "xdp: bpf_xdp_adjust_head then re-derive and re-check the packet pointers" },
	{ "xdp/pkt_oob", "xdp_pkt_oob", "test_expect_failure", "" },
	{ "xdp/pkt_oob", "xdp_pkt_oob", "test_expect_success", NULL },
	{ "xdp/pkt_oob", "xdp_pkt_oob", "test_expect_msg", "invalid access to packet, off=14 size=1" },
	{ "xdp/pkt_oob", "xdp_pkt_oob", "bpfverify_known_divergence", NULL },
};

START_TEST(prog_tag_find__corpus_annotations__read_back_from_decl_tags)
{
	const struct tag_row *row = &tag_rows[_i];
	struct object *obj = open_ok(row->obj);
	const struct prog_tag *t;

	if (!obj)
		return;
	t = prog_tag_find(find_prog(obj, row->prog), row->key);
	if (!row->value) {
		ck_assert_ptr_null(t);
	} else {
		ck_assert_ptr_nonnull(t);
		ck_assert_str_eq(t->key, row->key);
		ck_assert_str_eq(t->value, row->value);
	}
	object_free(obj);
}
END_TEST

START_TEST(prog_tags__repeated_msg__kept_in_source_order)
{
	struct object *obj = open_ok("refs/ringbuf_leak");
	const struct prog *p;
	const char *msgs[4];
	u32 i, n = 0;

	if (!obj)
		return;
	p = find_prog(obj, "ringbuf_leak");
	for (i = 0; i < p->tag_cnt; i++)
		if (!strcmp(p->tags[i].key, "test_expect_msg") && n < ARRAY_SIZE(msgs))
			msgs[n++] = p->tags[i].value;
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(msgs[0], "Unreleased reference id=2");
	ck_assert_str_eq(msgs[1], "BPF_EXIT instruction in main prog would lead to reference leak");
	object_free(obj);
}
END_TEST

static const struct {
	const char *obj, *license;
	bool gpl;
} license_rows[] = { { "xdp/parse_ok", "GPL", true },
		     { "misc/gpl_only_helper", "BSD-2-Clause", false } };

START_TEST(object_open__license_section__read_as_string)
{
	struct object *obj = open_ok(license_rows[_i].obj);

	if (!obj)
		return;
	ck_assert_str_eq(obj->license, license_rows[_i].license);
	ck_assert_int_eq(obj->gpl, license_rows[_i].gpl);
	ck_assert_uint_eq(obj->kern_version, 0);
	object_free(obj);
}
END_TEST

struct type_row {
	const char *type;
	u32 prog_type, attach;
};

static const struct type_row type_rows[] = {
	{ "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0 },
	{ "sched_cls", BPF_PROG_TYPE_SCHED_CLS, 0 },
	{ "tc", BPF_PROG_TYPE_SCHED_CLS, 0 },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS },
	{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP },
};

START_TEST(object_open__type_option__overrides_every_section)
{
	struct object_opts opts = { .type = type_rows[_i].type, .no_target_btf = true };
	struct object *obj = open_ok_opts("xdp/parse_ok", &opts);
	u32 i;

	if (!obj)
		return;
	for (i = 0; i < obj->prog_cnt; i++) {
		ck_assert(obj->progs[i].type_known);
		ck_assert_str_eq(obj->progs[i].sec_name, "xdp");
		ck_assert_uint_eq(obj->progs[i].pt.prog_type, type_rows[_i].prog_type);
		ck_assert_uint_eq(obj->progs[i].pt.expected_attach_type, type_rows[_i].attach);
	}
	ck_assert_uint_eq(obj->warning_cnt, 0);
	object_free(obj);
}
END_TEST

START_TEST(object_open_mem__unknown_section_name__program_kept_with_warning)
{
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512], want[256];
	struct img im;
	u32 i;

	if (!img_read("xdp/parse_ok", &im))
		return;
	rename_sec(&im, "xdp", "x_p");
	ck_assert_int_eq(object_open_mem(im.b, im.n, "xp.o", &opts, &obj, err, sizeof(err)), 0);
	ck_assert_uint_eq(obj->prog_cnt, 3);
	ck_assert_uint_eq(obj->warning_cnt, 3);
	for (i = 0; i < obj->prog_cnt; i++) {
		ck_assert(!obj->progs[i].type_known);
		ck_assert_str_eq(obj->progs[i].sec_name, "x_p");
		snprintf(want, sizeof(want), "program '%s': section name 'x_p' does not name a "
			 "program type", obj->progs[i].name);
		ck_assert_msg(strstr(obj->warnings[i], want), "warning '%s'", obj->warnings[i]);
		ck_assert_ptr_nonnull(strstr(obj->warnings[i], "use -t TYPE"));
	}
	/* linking does not depend on the type: the map loads are still resolved */
	ck_assert_uint_eq(obj->progs[0].reloc_cnt, 1);
	ck_assert_ptr_eq(object_find_prog(obj, "x_p"), &obj->progs[0]);
	object_free(obj);

	opts.type = "xdp";
	ck_assert_int_eq(object_open_mem(im.b, im.n, "xp.o", &opts, &obj, err, sizeof(err)), 0);
	ck_assert_uint_eq(obj->warning_cnt, 0);
	for (i = 0; i < obj->prog_cnt; i++) {
		ck_assert(obj->progs[i].type_known);
		ck_assert_uint_eq(obj->progs[i].pt.prog_type, BPF_PROG_TYPE_XDP);
	}
	object_free(obj);
	img_free(&im);
}
END_TEST

START_TEST(object_open_mem__section_without_function_symbols__is_one_program)
{
	static const char *const funcs[] = { "xdp_parse_ipv4", "xdp_pop_header",
					     "xdp_redirect_port" };
	struct object_opts opts = { .no_target_btf = true };
	struct object *obj;
	char err[512];
	struct img im;
	u32 k;

	if (!img_read("xdp/parse_ok", &im))
		return;
	for (k = 0; k < ARRAY_SIZE(funcs); k++)
		sym(&im, funcs[k], NULL)->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
	ck_assert_int_eq(object_open_mem(im.b, im.n, "asm.o", &opts, &obj, err, sizeof(err)), 0);
	ck_assert_uint_eq(obj->prog_cnt, 1);
	ck_assert_str_eq(obj->progs[0].name, "xdp");
	ck_assert_uint_eq(obj->progs[0].insn_cnt, sec_hdr(&im, "xdp")->sh_size / 8);
	ck_assert_uint_eq(obj->progs[0].reloc_cnt, 2);
	object_free(obj);
	img_free(&im);
}
END_TEST

START_TEST(object_open__weak_kfunc_missing_from_target__call_left_for_the_kernel)
{
	struct object_opts opts = {};
	struct object *obj;
	char btf[512];
	const struct prog *p;
	u32 j, n = 0;

	corpus_path(btf, sizeof(btf), "xdp/parse_ok");	/* a BTF without the kfuncs */
	opts.btf_path = btf;
	obj = open_ok_opts("loops/open_coded_ok", &opts);
	if (!obj)
		return;
	p = find_prog(obj, "iter_num_sum");
	for (j = 0; j < p->reloc_cnt; j++) {
		const struct prog_reloc *r = &p->relocs[j];
		const struct bpf_insn *in = &p->insns[r->insn_idx];

		ck_assert_int_ne(r->kind, RELOC_KFUNC);
		if (r->kind != RELOC_KFUNC_MISSING)
			continue;
		n++;
		ck_assert_uint_eq(in->code, BPF_JMP | BPF_CALL);
		ck_assert_uint_eq(in->src_reg, BPF_PSEUDO_KFUNC_CALL);
		ck_assert_int_eq(in->imm, 0);
		ck_assert_int_eq(in->off, 0);
		ck_assert(!strncmp(r->sym, "bpf_iter_num_", 13));
	}
	ck_assert_uint_eq(n, 4);	/* new, next (twice: clang peeled the loop), destroy */
	object_free(obj);
}
END_TEST

START_TEST(object_open__kfunc_in_vmlinux__resolved_to_its_btf_id)
{
	struct object *obj;
	const struct prog *p;
	u32 j, n = 0;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "SKIP: /sys/kernel/btf/vmlinux not readable\n");
		return;
	}
	obj = open_ok_opts("loops/open_coded_ok", NULL);
	if (!obj)
		return;
	p = find_prog(obj, "iter_num_sum");
	for (j = 0; j < p->reloc_cnt; j++) {
		const struct prog_reloc *r = &p->relocs[j];
		const struct bpf_insn *in = &p->insns[r->insn_idx];
		const char *name;

		if (r->kind != RELOC_KFUNC && r->kind != RELOC_KFUNC_MISSING)
			continue;
		n++;
		if (r->kind == RELOC_KFUNC_MISSING) {	/* an old kernel: nothing to check */
			ck_assert_int_eq(in->imm, 0);
			continue;
		}
		ck_assert_uint_eq(in->src_reg, BPF_PSEUDO_KFUNC_CALL);
		ck_assert_int_gt(in->imm, 0);
		name = object_kfunc_name(obj, in);
		ck_assert_ptr_nonnull(name);
		ck_assert_str_eq(name, r->sym);
	}
	ck_assert_uint_eq(n, 4);
	object_free(obj);
}
END_TEST

START_TEST(object_open__fentry__attach_btf_id_from_target_or_reason_why_not)
{
	struct object_opts opts = {};
	struct object *obj = open_ok("tracing/fentry_ok");
	char btf[512];
	u32 i;

	if (!obj)
		return;
	for (i = 0; i < obj->prog_cnt; i++) {
		ck_assert_msg(!obj->progs[i].attach_err, "%s", obj->progs[i].attach_err);
		ck_assert_uint_gt(obj->progs[i].attach_btf_id, 0);
	}
	object_free(obj);
	/* a target BTF without do_unlinkat: not fatal, the reason is kept for the live loader */
	corpus_path(btf, sizeof(btf), "xdp/parse_ok");
	opts.btf_path = btf;
	obj = open_ok_opts("tracing/fentry_ok", &opts);
	for (i = 0; i < obj->prog_cnt; i++) {
		ck_assert_uint_eq(obj->progs[i].attach_btf_id, 0);
		ck_assert_ptr_nonnull(obj->progs[i].attach_err);
		ck_assert_str_eq(obj->progs[i].attach_err,
				 "attach target 'do_unlinkat' not found in the target BTF");
	}
	object_free(obj);
}
END_TEST

static void quiet_libbpf(void)
{
	libbpf_set_print(NULL);	/* corrupted BTF makes libbpf complain on stderr */
}

Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc;

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, quiet_libbpf, NULL);
	tcase_add_loop_test(tc, object_open_mem__malformed_elf__fails_naming_the_problem, 0,
			    ARRAY_SIZE(elf_rows));
	tcase_add_loop_test(tc, object_open_mem__malformed_code_or_relocation__fails_naming_the_problem,
			    0, ARRAY_SIZE(code_rows));
	tcase_add_loop_test(tc, object_open_mem__malformed_btf_or_map__fails_naming_the_problem, 0,
			    ARRAY_SIZE(btf_rows));
	tcase_add_loop_test(tc, object_open_mem__malformed_btf_ext__fails_naming_the_problem, 0,
			    ARRAY_SIZE(ext_rows));
	tcase_add_loop_test(tc, object_open_mem__unresolvable_extern__fails_naming_the_problem, 0,
			    ARRAY_SIZE(extern_rows));
	tcase_add_test(tc, object_open__missing_file__reports_cannot_open);
	tcase_add_loop_test(tc, object_open__directory_or_device__reports_not_a_regular_file, 0,
			    ARRAY_SIZE(unreadable_paths));
	tcase_add_test(tc, object_open__file_over_2gib__reports_too_large);
	tcase_add_test(tc, object_open__empty_file__reports_not_elf);
	tcase_add_test(tc, object_free__null__is_a_no_op);
	suite_add_tcase(s, tc);

	tc = tcase_create("robustness");
	tcase_add_checked_fixture(tc, quiet_libbpf, NULL);
	tcase_set_timeout(tc, 300);	/* thousands of opens; slow under ASan */
	tcase_add_loop_test(tc, object_open_mem__truncated_file__reports_truncation, 0,
			    ARRAY_SIZE(cut_objs));
	tcase_add_loop_test(tc, object_open_mem__random_byte_flips__never_crash_or_leak, 0,
			    ARRAY_SIZE(flip_objs));
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, object_open__corpus_object__finds_programs_like_libbpf, 0,
			    ARRAY_SIZE(discover_rows));
	tcase_add_test(tc, object_open_mem__same_bytes_as_file__same_programs);
	tcase_add_test(tc, object_open__static_and_global_calls__appends_callees_in_first_use_order);
	tcase_add_test(tc, object_open__callback_address__ld_imm64_pseudo_func_points_at_callback);
	tcase_add_test(tc, object_open__btf_maps__map_fd_relocations_name_the_right_map);
	tcase_add_test(tc, object_open__global_data__sections_become_array_maps_with_contents);
	tcase_add_test(tc, object_open__map_in_map__inner_template_is_a_separate_map);
	tcase_add_test(tc, object_open__legacy_maps_section__reads_bpf_map_def_records);
	tcase_add_test(tc, object_open_mem__extended_section_numbering__loads);
	tcase_add_test(tc, object_open__every_corpus_program__has_sorted_line_and_func_info);
	tcase_add_loop_test(tc, prog_line_at__between_records__returns_the_last_one_before, 0,
			    ARRAY_SIZE(line_at_rows));
	tcase_add_loop_test(tc, prog_tag_find__corpus_annotations__read_back_from_decl_tags, 0,
			    ARRAY_SIZE(tag_rows));
	tcase_add_test(tc, prog_tags__repeated_msg__kept_in_source_order);
	tcase_add_loop_test(tc, object_open__license_section__read_as_string, 0,
			    ARRAY_SIZE(license_rows));
	tcase_add_loop_test(tc, object_open__type_option__overrides_every_section, 0,
			    ARRAY_SIZE(type_rows));
	tcase_add_test(tc, object_open_mem__unknown_section_name__program_kept_with_warning);
	tcase_add_test(tc, object_open_mem__section_without_function_symbols__is_one_program);
	tcase_add_test(tc, object_open__weak_kfunc_missing_from_target__call_left_for_the_kernel);
	tcase_add_test(tc, object_open__kfunc_in_vmlinux__resolved_to_its_btf_id);
	tcase_add_test(tc, object_open__fentry__attach_btf_id_from_target_or_reason_why_not);
	suite_add_tcase(s, tc);
	return s;
}
