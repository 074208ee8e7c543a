/* Opening a BPF object: ELF -> license/version -> BTF -> maps -> functions -> per-program linking.
 *
 * Programs are found as libbpf finds them: every STT_FUNC symbol of an executable section other
 * than .text is a program (a section without function symbols is one program named after it);
 * functions in .text are subprograms, appended to each program that calls them or takes their
 * address (bpf_loop callbacks), in first-use order, exactly like libbpf's bpf_object__reloc_code()
 * so that the instruction stream we analyse is the one libbpf would load.
 *
 * Relocations handled here: bpf-to-bpf calls, subprogram addresses (ld_imm64 src=BPF_PSEUDO_FUNC),
 * map references (src=BPF_PSEUDO_MAP_FD, imm = index into object.maps until the live loader puts
 * an fd there), global data (src=BPF_PSEUDO_MAP_VALUE, insn[1].imm = offset), kconfig externs,
 * kfunc/ksym externs resolved against the target BTF (see externs.c), and CO-RE relocations of
 * each linked function against the target BTF (see core.c). */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "loader/core.h"
#include "loader/externs.h"
#include "loader/internal.h"
#include "vec.h"

#define TARGET_BTF_DEFAULT "/sys/kernel/btf/vmlinux"

int loader_err(const struct object *obj, char *err, size_t errsz, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errsz, "%s: ", obj && obj->path ? obj->path : "?");
	if (n < 0 || (size_t)n >= errsz)
		return code;
	va_start(ap, fmt);
	vsnprintf(err + n, errsz - n, fmt, ap);
	va_end(ap);
	return code;
}

int loader_warn(struct object *obj, const char *fmt, ...)
{
	char buf[512], **w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w = xreallocarray(obj->warnings, obj->warning_cnt + 1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	obj->warnings = w;
	w[obj->warning_cnt] = strdup(buf);
	if (!w[obj->warning_cnt])
		return -ENOMEM;
	obj->warning_cnt++;
	return 0;
}

/* A function: a program or a .text subprogram, as a range of its section. */
struct func {
	const char *name;
	size_t sec;
	u32 off;
	u32 cnt;
	bool is_prog;
};

struct raw_rel {
	size_t sec;		/* executable section the relocation applies to */
	u32 insn;		/* instruction index inside that section */
	const Elf64_Sym *sym;
};

struct open_ctx {
	struct object *obj;
	struct func *funcs;
	u32 func_cnt, func_cap;
	struct raw_rel *rels;
	u32 rel_cnt, rel_cap;
	struct ext_info ext;
	struct core_cache core;		/* CO-RE candidates, shared by all programs */
	size_t text_sec;
	char *err;
	size_t errsz;
};

static bool sec_is_exec(const struct elf_sec *s)
{
	return s->shdr.sh_type == SHT_PROGBITS && (s->shdr.sh_flags & SHF_EXECINSTR) && s->size;
}

/* The kernel's license_is_gpl_compatible(). */
static bool license_gpl(const char *lic)
{
	static const char *const ok[] = { "GPL", "GPL v2", "GPL and additional rights",
					  "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(lic, ok[i]))
			return true;
	return false;
}

static int read_meta(struct object *obj, char *err, size_t errsz)
{
	const struct elf_file *ef = &obj->elf;
	size_t sec;

	sec = elf_sec_by_name(ef, "license");
	if (sec && ef->secs[sec].data) {
		size_t n = min_t(size_t, ef->secs[sec].size, sizeof(obj->license) - 1);

		memcpy(obj->license, ef->secs[sec].data, n);
		obj->license[n] = 0;
		obj->gpl = license_gpl(obj->license);
	}
	sec = elf_sec_by_name(ef, "version");
	if (sec) {
		const u32 *v = elf_sec_bytes(ef, sec, 0, sizeof(u32));

		if (!v || ef->secs[sec].size != sizeof(u32))
			return loader_err(obj, err, errsz, -EINVAL,
					  "section 'version' has size %zu, expected 4", ef->secs[sec].size);
		memcpy(&obj->kern_version, v, sizeof(u32));
	}
	return 0;
}

static int read_btf(struct object *obj, char *err, size_t errsz)
{
	const struct elf_file *ef = &obj->elf;
	size_t sec = elf_sec_by_name(ef, ".BTF");
	int ret;

	if (sec && ef->secs[sec].data) {
		obj->btf = btf__new(ef->secs[sec].data, ef->secs[sec].size);
		if (!obj->btf)
			return loader_err(obj, err, errsz, -EINVAL, "invalid .BTF section: %s",
					  strerror(errno));
		ret = btf_validate(obj, obj->btf, err, errsz);
		if (ret)
			return ret;
	}
	sec = elf_sec_by_name(ef, ".BTF.ext");
	if (sec && ef->secs[sec].data) {
		if (ef->secs[sec].size > UINT32_MAX)
			return loader_err(obj, err, errsz, -EINVAL, ".BTF.ext too large");
		obj->btf_ext = ef->secs[sec].data;
		obj->btf_ext_size = ef->secs[sec].size;
	}
	return 0;
}

static int add_func(struct open_ctx *c, const char *name, size_t sec, u64 value, u64 size,
		    bool is_prog)
{
	const struct elf_sec *s = &c->obj->elf.secs[sec];

	if (value % 8 || size % 8 || value > s->size || size > s->size - value)
		return loader_err(c->obj, c->err, c->errsz, -EINVAL,
				  "function '%s' [0x%llx, +0x%llx) is not inside section '%s'", name,
				  (unsigned long long)value, (unsigned long long)size, s->name);
	if (vec_grow(&c->funcs, &c->func_cap, c->func_cnt + 1))
		return -ENOMEM;
	c->funcs[c->func_cnt++] = (struct func){ name, sec, value / 8, size / 8, is_prog };
	return 0;
}

static int collect_funcs(struct open_ctx *c)
{
	const struct elf_file *ef = &c->obj->elf;
	size_t sec, i;
	int ret;

	c->text_sec = elf_sec_by_name(ef, ".text");
	for (sec = 1; sec < ef->sec_cnt; sec++) {
		const struct elf_sec *s = &ef->secs[sec];
		u32 before = c->func_cnt;

		if (!sec_is_exec(s))
			continue;
		if (s->size % 8)
			return loader_err(c->obj, c->err, c->errsz, -EINVAL,
					  "section '%s' size %zu is not a multiple of 8", s->name, s->size);
		for (i = 1; i < ef->sym_cnt; i++) {
			const Elf64_Sym *sym = &ef->syms[i];
			bool is_text = sec == c->text_sec;

			/* a zero-sized function symbol has no code to check (libbpf finds none) */
			if (sym->st_shndx != sec || ELF64_ST_TYPE(sym->st_info) != STT_FUNC ||
			    !sym->st_size)
				continue;
			if (!is_text && ELF64_ST_BIND(sym->st_info) == STB_LOCAL)
				return loader_err(c->obj, c->err, c->errsz, -ENOTSUP,
						  "program '%s' in section '%s' is static, which libbpf rejects",
						  elf_sym_name(ef, sym), s->name);
			ret = add_func(c, elf_sym_name(ef, sym), sec, sym->st_value, sym->st_size,
				       !is_text);
			if (ret)
				return ret;
		}
		/* hand-written objects may carry a program section without function symbols */
		if (c->func_cnt == before && sec != c->text_sec) {
			ret = add_func(c, s->name, sec, 0, s->size, true);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int collect_rels(struct open_ctx *c)
{
	const struct elf_file *ef = &c->obj->elf;
	size_t sec, i;

	for (sec = 1; sec < ef->sec_cnt; sec++) {
		const struct elf_sec *s = &ef->secs[sec];
		size_t target = s->shdr.sh_info;

		if (s->shdr.sh_type != SHT_REL)
			continue;
		if (target == 0 || target >= ef->sec_cnt)
			return loader_err(c->obj, c->err, c->errsz, -EINVAL,
					  "relocation section '%s' targets bad section %zu", s->name, target);
		if (!sec_is_exec(&ef->secs[target]))
			continue;	/* .rel.BTF, .rel.maps (static map-in-map values), debug info */
		if (s->shdr.sh_link != ef->symtab_idx)
			return loader_err(c->obj, c->err, c->errsz, -EINVAL,
					  "relocation section '%s' does not use the symbol table", s->name);
		if (s->size % sizeof(Elf64_Rel))
			return loader_err(c->obj, c->err, c->errsz, -EINVAL,
					  "relocation section '%s' has a partial entry", s->name);
		for (i = 0; i < s->size / sizeof(Elf64_Rel); i++) {
			Elf64_Rel r;
			size_t sym;

			memcpy(&r, s->data + i * sizeof(r), sizeof(r));
			sym = ELF64_R_SYM(r.r_info);
			if (sym == 0 || sym >= ef->sym_cnt)
				return loader_err(c->obj, c->err, c->errsz, -EINVAL,
						  "relocation %zu in '%s': bad symbol index %zu", i, s->name, sym);
			if (r.r_offset % 8 || r.r_offset >= ef->secs[target].size)
				return loader_err(c->obj, c->err, c->errsz, -EINVAL,
						  "relocation %zu in '%s': bad offset 0x%llx", i, s->name,
						  (unsigned long long)r.r_offset);
			if (vec_grow(&c->rels, &c->rel_cap, c->rel_cnt + 1))
				return -ENOMEM;
			c->rels[c->rel_cnt++] = (struct raw_rel){ target, r.r_offset / 8, &ef->syms[sym] };
		}
	}
	return 0;
}

static const struct raw_rel *find_rel(const struct open_ctx *c, size_t sec, u32 insn)
{
	u32 i;

	for (i = 0; i < c->rel_cnt; i++)
		if (c->rels[i].sec == sec && c->rels[i].insn == insn)
			return &c->rels[i];
	return NULL;
}

static const struct func *func_at(const struct open_ctx *c, size_t sec, u32 insn)
{
	u32 i;

	for (i = 0; i < c->func_cnt; i++) {
		const struct func *f = &c->funcs[i];

		if (f->sec == sec && insn >= f->off && insn < f->off + f->cnt)
			return f;
	}
	return NULL;
}

/* Linking state of one program. */
struct link {
	struct open_ctx *c;
	struct prog *p;
	const struct func *segs[256];	/* functions in linked order */
	u32 seg_off[256];
	u32 seg_cnt;
	u32 insn_cap, reloc_cap;
};

static int append_func(struct link *l, const struct func *f)
{
	const struct elf_file *ef = &l->c->obj->elf;
	const void *src;

	if (l->seg_cnt == ARRAY_SIZE(l->segs))
		return loader_err(l->c->obj, l->c->err, l->c->errsz, -E2BIG,
				  "program '%s' calls more than %zu functions", l->p->name,
				  ARRAY_SIZE(l->segs));
	src = elf_sec_bytes(ef, f->sec, (u64)f->off * 8, (u64)f->cnt * 8);
	if (!src || l->p->insn_cnt + f->cnt > (1U << 24))
		return loader_err(l->c->obj, l->c->err, l->c->errsz, -EINVAL,
				  "function '%s' cannot be read", f->name);
	if (vec_grow(&l->p->insns, &l->insn_cap, l->p->insn_cnt + f->cnt))
		return -ENOMEM;
	memcpy(l->p->insns + l->p->insn_cnt, src, (size_t)f->cnt * 8);
	l->segs[l->seg_cnt] = f;
	l->seg_off[l->seg_cnt++] = l->p->insn_cnt;
	l->p->insn_cnt += f->cnt;
	return 0;
}

/* Linked offset of @f, appending it on first use. */
static int func_linked_off(struct link *l, const struct func *f, u32 *off)
{
	u32 i;
	int ret;

	for (i = 0; i < l->seg_cnt; i++)
		if (l->segs[i] == f) {
			*off = l->seg_off[i];
			return 0;
		}
	ret = append_func(l, f);
	*off = l->seg_off[l->seg_cnt - 1];
	return ret;
}

static int add_reloc(struct link *l, u32 insn, enum reloc_kind kind, int map_idx, const char *sym)
{
	if (vec_grow(&l->p->relocs, &l->reloc_cap, l->p->reloc_cnt + 1))
		return -ENOMEM;
	l->p->relocs[l->p->reloc_cnt++] = (struct prog_reloc){ insn, kind, map_idx, sym };
	return 0;
}

static bool is_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL);
}

static bool is_ldimm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Resolves a code reference (call or subprogram address) to section @sec, instruction @target. */
static int link_code_ref(struct link *l, u32 li, size_t sec, s64 target)
{
	struct open_ctx *c = l->c;
	const struct func *g;
	u32 goff;
	int ret;

	g = target >= 0 && target <= UINT32_MAX ? func_at(c, sec, target) : NULL;
	if (!g)
		return loader_err(c->obj, c->err, c->errsz, -EINVAL,
				  "program '%s': instruction %u refers to code at %lld of section '%s', "
				  "which is no function", l->p->name, li, (long long)target,
				  c->obj->elf.secs[sec].name);
	if (g->is_prog && g != l->segs[0])
		return loader_err(c->obj, c->err, c->errsz, -ENOTSUP,
				  "program '%s': instruction %u calls program '%s' (only .text functions "
				  "can be called)", l->p->name, li, g->name);
	ret = func_linked_off(l, g, &goff);
	if (ret)
		return ret;
	l->p->insns[li].imm = (s32)(goff + (target - g->off)) - (s32)li - 1;
	return 0;
}

static int link_data_ref(struct link *l, u32 li, const struct raw_rel *r)
{
	struct open_ctx *c = l->c;
	struct object *obj = c->obj;
	struct bpf_insn *in = &l->p->insns[li];
	const char *sname = elf_sym_name(&obj->elf, r->sym);
	size_t shndx = r->sym->st_shndx;
	const char *secname;
	int m;

	if (!is_ldimm64(in) || li + 1 >= l->p->insn_cnt)
		return loader_err(obj, c->err, c->errsz, -EINVAL,
				  "program '%s': relocation against '%s' at instruction %u, which is not "
				  "a 64-bit immediate load (code 0x%02x)", l->p->name, sname, li, in->code);
	if (shndx == SHN_UNDEF)
		return externs_link_ld(obj, l->p, li, r->sym, c->err, c->errsz) ?:
		       add_reloc(l, li, in->src_reg == BPF_PSEUDO_BTF_ID ? RELOC_KSYM : RELOC_MAP_VALUE,
				 in->src_reg == BPF_PSEUDO_BTF_ID ? -1 : externs_kconfig_map(obj), sname);
	if (shndx >= obj->elf.sec_cnt)
		return loader_err(obj, c->err, c->errsz, -EINVAL,
				  "program '%s': relocation against '%s' in special section %zu",
				  l->p->name, sname, shndx);
	secname = obj->elf.secs[shndx].name;
	if (shndx == c->text_sec || sec_is_exec(&obj->elf.secs[shndx])) {
		/* address of a subprogram: clang puts the byte offset in imm (STT_SECTION symbol)
		 * or the symbol carries it (STT_FUNC) */
		if (r->sym->st_value % 8 || in->imm % 8)
			return loader_err(obj, c->err, c->errsz, -EINVAL,
					  "program '%s': misaligned function address at instruction %u",
					  l->p->name, li);
		in->src_reg = BPF_PSEUDO_FUNC;
		return link_code_ref(l, li, shndx, (s64)(r->sym->st_value / 8) + in->imm / 8);
	}
	if (!strcmp(secname, ".maps") || !strcmp(secname, "maps")) {
		m = maps_find(obj, shndx, r->sym->st_value);
		if (m < 0)
			return loader_err(obj, c->err, c->errsz, -EINVAL,
					  "program '%s': '%s' at instruction %u is not a map definition",
					  l->p->name, sname, li);
		in->src_reg = BPF_PSEUDO_MAP_FD;
		in->imm = m;
		return add_reloc(l, li, RELOC_MAP_FD, m, obj->maps[m].name);
	}
	if (sec_is_data(secname, NULL)) {
		m = maps_find(obj, shndx, 0);
		if (m < 0)
			return loader_err(obj, c->err, c->errsz, -EINVAL,
					  "program '%s': no map for data section '%s'", l->p->name, secname);
		in->src_reg = BPF_PSEUDO_MAP_VALUE;
		in[1].imm = in->imm + (s32)r->sym->st_value;
		in->imm = m;
		return add_reloc(l, li, RELOC_MAP_VALUE, m, sname);
	}
	return loader_err(obj, c->err, c->errsz, -EINVAL,
			  "program '%s': relocation against '%s' in unsupported section '%s'",
			  l->p->name, sname, secname);
}

static int link_segment(struct link *l, u32 seg)
{
	struct open_ctx *c = l->c;
	const struct func *f = l->segs[seg];
	u32 i;
	int ret;

	for (i = 0; i < f->cnt; i++) {
		u32 li = l->seg_off[seg] + i;
		const struct raw_rel *r = find_rel(c, f->sec, f->off + i);
		struct bpf_insn *in = &l->p->insns[li];

		if (r && is_call(in) && r->sym->st_shndx == SHN_UNDEF) {
			ret = externs_link_call(c->obj, l->p, li, r->sym, c->err, c->errsz);
			ret = ret ?: add_reloc(l, li, l->p->insns[li].imm ? RELOC_KFUNC :
					       RELOC_KFUNC_MISSING, -1, elf_sym_name(&c->obj->elf, r->sym));
		} else if (r && is_call(in)) {
			if (in->src_reg != BPF_PSEUDO_CALL ||
			    r->sym->st_shndx >= c->obj->elf.sec_cnt ||
			    !sec_is_exec(&c->obj->elf.secs[r->sym->st_shndx]) || r->sym->st_value % 8)
				return loader_err(c->obj, c->err, c->errsz, -EINVAL,
						  "program '%s': bad call relocation against '%s' at "
						  "instruction %u", l->p->name,
						  elf_sym_name(&c->obj->elf, r->sym), li);
			/* global callee: imm = -1, symbol = the function; static callee:
			 * STT_SECTION symbol and imm = callee index - 1 */
			ret = link_code_ref(l, li, r->sym->st_shndx,
					    (s64)(r->sym->st_value / 8) + in->imm + 1);
		} else if (r) {
			ret = link_data_ref(l, li, r);
		} else if (is_call(in) && in->src_reg == BPF_PSEUDO_CALL) {
			/* call inside the same section, no relocation emitted */
			ret = link_code_ref(l, li, f->sec, (s64)f->off + i + in->imm + 1);
		} else {
			ret = 0;
		}
		if (ret)
			return ret;
		if (is_ldimm64(&l->p->insns[li]))
			i++;	/* second half carries no opcode of its own */
	}
	return 0;
}

static int cmp_line(const void *a, const void *b)
{
	const struct line_rec *x = a, *y = b;

	return x->insn_idx < y->insn_idx ? -1 : x->insn_idx > y->insn_idx;
}

static int cmp_fn(const void *a, const void *b)
{
	const struct func_rec *x = a, *y = b;

	return x->insn_idx < y->insn_idx ? -1 : x->insn_idx > y->insn_idx;
}

/* Copies line and func info of each linked function, shifted to linked indexes. */
static int link_ext_info(struct link *l)
{
	struct object *obj = l->c->obj;
	u32 s, i, lcap = 0, fcap = 0;

	for (s = 0; s < l->seg_cnt; s++) {
		const struct func *f = l->segs[s];
		const struct ext_sec *es = btf_ext_find(&l->c->ext, obj->elf.secs[f->sec].name);

		if (!es)
			continue;
		for (i = 0; i < es->line_cnt; i++) {
			const struct ext_line *e = &es->lines[i];
			const char *file, *src;

			if (e->sec_insn < f->off || e->sec_insn >= f->off + f->cnt)
				continue;
			if (vec_grow(&l->p->lines, &lcap, l->p->line_cnt + 1))
				return -ENOMEM;
			file = btf__name_by_offset(obj->btf, e->file_name_off);
			src = btf__name_by_offset(obj->btf, e->line_off);
			l->p->lines[l->p->line_cnt++] = (struct line_rec){
				.insn_idx = l->seg_off[s] + e->sec_insn - f->off,
				.line = e->line_col >> 10,
				.col = e->line_col & 0x3ff,
				.file = file ? file : "",
				.src = src ? src : "",
				.file_name_off = e->file_name_off,
				.line_off = e->line_off,
			};
		}
		for (i = 0; i < es->func_cnt; i++) {
			const struct ext_func *e = &es->funcs[i];

			if (e->sec_insn < f->off || e->sec_insn >= f->off + f->cnt)
				continue;
			if (vec_grow(&l->p->funcs, &fcap, l->p->func_cnt + 1))
				return -ENOMEM;
			l->p->funcs[l->p->func_cnt++] = (struct func_rec){
				l->seg_off[s] + e->sec_insn - f->off, e->type_id
			};
		}
	}
	if (l->p->line_cnt)
		qsort(l->p->lines, l->p->line_cnt, sizeof(*l->p->lines), cmp_line);
	if (l->p->func_cnt)
		qsort(l->p->funcs, l->p->func_cnt, sizeof(*l->p->funcs), cmp_fn);
	return 0;
}

/* CO-RE relocations of each linked function, against the target BTF (see core.c). */
static int link_core(struct link *l)
{
	struct object *obj = l->c->obj;
	u32 s, i;
	int ret;

	for (s = 0; s < l->seg_cnt; s++) {
		const struct func *f = l->segs[s];
		const struct ext_sec *es = btf_ext_find(&l->c->ext, obj->elf.secs[f->sec].name);

		for (i = 0; es && i < es->core_cnt; i++) {
			const struct ext_core *e = &es->cores[i];

			if (e->sec_insn < f->off || e->sec_insn >= f->off + f->cnt)
				continue;
			ret = core_relocate(obj, l->p, l->seg_off[s] + e->sec_insn - f->off, e, i,
					    &l->c->core, l->c->err, l->c->errsz);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Decl tags "comment:key=value" attached to the program's FUNC (component_idx -1). */
static int collect_tags(struct object *obj, struct prog *p)
{
	u32 id, n, cap = 0;

	if (!obj->btf)
		return 0;
	n = btf__type_cnt(obj->btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, id), *fn;
		const char *tag, *fname, *eq;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		fn = btf__type_by_id(obj->btf, t->type);
		if (!fn || !btf_is_func(fn))
			continue;
		fname = btf__name_by_offset(obj->btf, fn->name_off);
		tag = btf__name_by_offset(obj->btf, t->name_off);
		if (!fname || !tag || strcmp(fname, p->name) || strncmp(tag, "comment:", 8))
			continue;
		tag += 8;
		if (vec_grow(&p->tags, &cap, p->tag_cnt + 1))
			return -ENOMEM;
		eq = strchr(tag, '=');
		/* keys point into a private copy so that the value can be split off */
		p->tags[p->tag_cnt].key = strndup(tag, eq ? (size_t)(eq - tag) : strlen(tag));
		p->tags[p->tag_cnt].value = eq ? eq + 1 : "";
		if (!p->tags[p->tag_cnt].key)
			return -ENOMEM;
		p->tag_cnt++;
	}
	return 0;
}

static int setup_prog(struct open_ctx *c, const struct func *f, const struct object_opts *opts)
{
	struct object *obj = c->obj;
	struct link l = { .c = c };
	struct prog *p;
	u32 seg;
	int ret;

	p = &obj->progs[obj->prog_cnt++];
	memset(p, 0, sizeof(*p));
	l.p = p;
	p->name = strdup(f->name);
	p->sec_name = strdup(obj->elf.secs[f->sec].name);
	if (!p->name || !p->sec_name)
		return -ENOMEM;
	p->sec_idx = f->sec;
	p->sec_insn_off = f->off;
	p->sec_insn_cnt = f->cnt;
	if (opts && opts->type) {
		ret = progtype_from_name(opts->type, &p->pt);
		if (ret)
			return loader_err(obj, c->err, c->errsz, -EINVAL,
					  "unknown program type '%s' (see --help for the list)", opts->type);
		p->type_known = true;
	} else {
		p->type_known = !progtype_from_section(p->sec_name, &p->pt);
	}

	ret = append_func(&l, f);
	for (seg = 0; !ret && seg < l.seg_cnt; seg++)	/* seg_cnt grows as callees are found */
		ret = link_segment(&l, seg);
	ret = ret ?: link_ext_info(&l);
	ret = ret ?: link_core(&l);
	ret = ret ?: collect_tags(obj, p);
	ret = ret ?: externs_attach_btf(obj, p);
	return ret;
}

static int open_common(struct object *obj, const struct object_opts *opts, char *err,
		       size_t errsz)
{
	struct open_ctx c = { .obj = obj, .err = err, .errsz = errsz };
	u32 i, nprogs = 0;
	int ret;

	ret = read_meta(obj, err, errsz);
	ret = ret ?: read_btf(obj, err, errsz);
	ret = ret ?: btf_ext_parse(obj, &c.ext, err, errsz);
	ret = ret ?: maps_collect(obj, err, errsz);
	ret = ret ?: externs_collect(obj, opts, err, errsz);
	ret = ret ?: collect_funcs(&c);
	ret = ret ?: collect_rels(&c);
	if (ret)
		goto out;
	for (i = 0; i < c.func_cnt; i++)
		nprogs += c.funcs[i].is_prog;
	obj->progs = calloc(nprogs ? nprogs : 1, sizeof(*obj->progs));
	if (!obj->progs) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < c.func_cnt && !ret; i++)
		if (c.funcs[i].is_prog)
			ret = setup_prog(&c, &c.funcs[i], opts);
	for (i = 0; i < obj->prog_cnt && !ret; i++) {
		const struct prog *p = &obj->progs[i];
		const char *hint = progtype_legacy_match(p->sec_name);

		if (p->type_known)
			continue;
		if (hint)
			ret = loader_warn(obj, "program '%s': section name '%s' is a libbpf 0.x name "
					  "(libbpf 1.x wants '%s'); skipped, use -t %s to check it",
					  p->name, p->sec_name, hint, hint);
		else
			ret = loader_warn(obj, "program '%s': section name '%s' does not name a program "
					  "type (libbpf conventions); skipped, use -t TYPE to check it",
					  p->name, p->sec_name);
	}
out:
	if (ret == -ENOMEM)
		loader_err(obj, err, errsz, ret, "out of memory");
	btf_ext_release(&c.ext);
	core_cache_release(&c.core);
	free(c.funcs);
	free(c.rels);
	return ret;
}

static struct object *object_new(const char *path)
{
	struct object *obj = calloc(1, sizeof(*obj));

	if (!obj)
		return NULL;
	obj->kconfig_map = -1;
	obj->path = strdup(path);
	if (!obj->path) {
		free(obj);
		return NULL;
	}
	return obj;
}

/* Reads the ELF from @path, or from @image when it is not NULL, then opens the object. */
static int open_from(const char *path, const void *image, size_t size,
		     const struct object_opts *opts, struct object **out, char *err, size_t errsz)
{
	struct object *obj;
	char why[256];
	int ret;

	*out = NULL;
	obj = object_new(path);
	if (!obj)
		return -ENOMEM;
	if (image)
		ret = elf_file_open_mem(&obj->elf, image, size, obj->path, why, sizeof(why));
	else
		ret = elf_file_open(&obj->elf, obj->path, why, sizeof(why));
	if (ret)
		loader_err(obj, err, errsz, ret, "%s", why);
	else
		ret = open_common(obj, opts, err, errsz);
	if (ret) {
		object_free(obj);
		return ret;
	}
	*out = obj;
	return 0;
}

int object_open(const char *path, const struct object_opts *opts, struct object **out, char *err,
		size_t errsz)
{
	return open_from(path, NULL, 0, opts, out, err, errsz);
}

int object_open_mem(const void *image, size_t size, const char *name,
		    const struct object_opts *opts, struct object **out, char *err, size_t errsz)
{
	/* an empty image still goes through the ELF checks, which name the problem */
	return open_from(name, image ? image : "", size, opts, out, err, errsz);
}

void object_free(struct object *obj)
{
	u32 i, j;

	if (!obj)
		return;
	for (i = 0; i < obj->prog_cnt; i++) {
		struct prog *p = &obj->progs[i];

		free(p->name);
		free(p->sec_name);
		free(p->insns);
		free(p->relocs);
		free(p->lines);
		free(p->funcs);
		for (j = 0; j < p->tag_cnt; j++)
			free((char *)p->tags[j].key);
		free(p->tags);
		free(p->attach_err);
	}
	free(obj->progs);
	maps_free(obj);
	externs_free(obj);
	for (i = 0; i < obj->warning_cnt; i++)
		free(obj->warnings[i]);
	free(obj->warnings);
	btf__free(obj->btf);
	btf__free(obj->target_btf);
	free(obj->target_btf_path);
	elf_file_release(&obj->elf);
	free(obj->path);
	free(obj);
}

struct prog *object_find_prog(struct object *obj, const char *name)
{
	u32 i;

	for (i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	for (i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->progs[i].sec_name, name))
			return &obj->progs[i];
	return NULL;
}

const struct line_rec *prog_line_at(const struct prog *prog, u32 insn_idx)
{
	const struct line_rec *best = NULL;
	u32 lo = 0, hi = prog->line_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (prog->lines[mid].insn_idx <= insn_idx) {
			best = &prog->lines[mid];
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return best;
}

const struct prog_tag *prog_tag_find(const struct prog *prog, const char *key)
{
	u32 i;

	for (i = 0; i < prog->tag_cnt; i++)
		if (!strcmp(prog->tags[i].key, key))
			return &prog->tags[i];
	return NULL;
}
