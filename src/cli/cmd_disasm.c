/* `bpfverify disasm FILE.o [-p PROG] [--linum]`: every selected program's linked instructions in
 * the kernel verifier log's syntax, with the source line above each new line-info record as the
 * kernel prints it ("; if (data + 14 > end) @ xdp.c:6"). Map loads are shown by name
 * ("r1 = map[counts]", "r1 = map[.rodata]+8") where the kernel would print an address. */
#include <string.h>

#include "cli/cli.h"
#include "isa/disasm.h"
#include "loader/externs.h"

struct dis_ctx {
	struct object *obj;
	const struct prog *p;
	u32 idx;
	char buf[128];
};

static const char *kfunc_name(void *ctx, const struct bpf_insn *insn)
{
	struct dis_ctx *d = ctx;

	return object_kfunc_name(d->obj, insn);
}

static const char *ldimm64_text(void *ctx, const struct bpf_insn *insn, u64 imm)
{
	struct dis_ctx *d = ctx;
	u32 i;

	for (i = 0; i < d->p->reloc_cnt; i++) {
		const struct prog_reloc *r = &d->p->relocs[i];

		if (r->insn_idx != d->idx || r->map_idx < 0)
			continue;
		if (r->kind == RELOC_MAP_FD)
			snprintf(d->buf, sizeof(d->buf), "map[%s]", d->obj->maps[r->map_idx].name);
		else if (r->kind == RELOC_MAP_VALUE)
			snprintf(d->buf, sizeof(d->buf), "map[%s]+%d", d->obj->maps[r->map_idx].name,
				 insn[1].imm);
		else
			continue;
		return d->buf;
	}
	return NULL;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void print_prog(const struct cli *cli, struct object *obj, const struct prog *p)
{
	struct dis_ctx d = { .obj = obj, .p = p };
	struct disasm_cbs cbs = { .kfunc_name = kfunc_name, .ctx = &d, .ldimm64_text = ldimm64_text };
	const struct line_rec *prev = NULL;
	char text[256];
	u32 i;

	printf("%s: program '%s', section '%s', type %s, %u instructions\n", obj->path, p->name,
	       p->sec_name, p->type_known ? progtype_name(p->pt.prog_type) : "unknown",
	       p->insn_cnt);
	for (i = 0; i < p->insn_cnt;) {
		const struct line_rec *l = prog_line_at(p, i);
		int n;

		if (l && l != prev && (!prev || prev->line != l->line ||
				       strcmp(prev->file, l->file))) {
			const char *src = l->src;

			while (*src == ' ' || *src == '\t')
				src++;
			if (cli->linum)
				printf("; %s @ %s:%u:%u\n", src, l->file, l->line, l->col);
			else
				printf("; %s @ %s:%u\n", src, basename_of(l->file), l->line);
		}
		if (l)
			prev = l;
		d.idx = i;
		n = disasm_insn(text, sizeof(text), p->insns, p->insn_cnt, i, &cbs);
		if (n <= 0) {
			printf("%u: (%02x) <truncated ld_imm64>\n", i, p->insns[i].code);
			break;
		}
		printf("%u: %s\n", i, text);
		i += n;
	}
}

int cmd_disasm(struct cli *cli)
{
	bool found[cli->prog_cnt + 1];
	int f, ret = 0;
	u32 i, k;

	memset(found, 0, sizeof(found));
	for (f = 0; f < cli->file_cnt; f++) {
		struct object *obj;
		bool first = true;

		if (cli_open(cli, cli->files[f], &obj))
			return EXIT_USAGE;
		for (i = 0; i < obj->prog_cnt; i++) {
			const struct prog *p = &obj->progs[i];

			if (!cli_selected(cli, p))
				continue;
			for (k = 0; k < cli->prog_cnt; k++)
				if (!strcmp(cli->progs[k], p->name) || !strcmp(cli->progs[k], p->sec_name))
					found[k] = true;
			if (!first)
				printf("\n");
			first = false;
			print_prog(cli, obj, p);
		}
		object_free(obj);
	}
	if (!cli_all_found(cli, found))
		ret = EXIT_USAGE;
	return ret;
}
