/* `bpfverify cfg FILE.o... [-p PROG] [-f dot|svg|png|json] [-o OUT] [--style bpftool]
 * [--function NAME] [--dag] [--kernel X.Y]`: the control-flow graph of each selected program,
 * after the structural check (diagnostics on stderr, exit 1 when one is rejected).
 *
 * Output goes to stdout, or to OUT with -o. DOT output of several programs is one digraph after
 * the other (dot renders each); JSON is {"programs": [...]}; SVG and PNG hold one program each:
 * with several programs, -o OUT is required and each goes to OUT with ".<program>" inserted
 * before the extension. */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "cfg/graph.h"
#include "cli/cli.h"
#include "loader/externs.h"
#include "report/diag.h"

struct cfg_ctx {
	struct object *obj;
	const struct prog *p;
	const struct cfg *cfg;
	u32 idx;		/* instruction being disassembled, for map names */
	char buf[128];
};

static const char *subprog_name(void *ctx, u32 s)
{
	struct cfg_ctx *c = ctx;
	const struct cfg_subprog *sp = &c->cfg->subprogs[s];
	const struct btf_type *t;

	if (sp->func == CFG_NONE || !c->obj->btf)
		return NULL;
	t = btf__type_by_id(c->obj->btf, c->p->funcs[sp->func].type_id);
	return t ? btf__name_by_offset(c->obj->btf, t->name_off) : NULL;
}

static const char *kfunc_name(void *ctx, const struct bpf_insn *insn)
{
	struct cfg_ctx *c = ctx;

	return object_kfunc_name(c->obj, insn);
}

/* "map[name]" for map loads, as `bpfverify disasm` prints them */
static const char *ldimm64_text(void *ctx, const struct bpf_insn *insn, u64 imm)
{
	struct cfg_ctx *c = ctx;
	u32 i, idx = insn - c->p->insns;

	for (i = 0; i < c->p->reloc_cnt; i++) {
		const struct prog_reloc *r = &c->p->relocs[i];

		if (r->insn_idx != idx || r->map_idx < 0)
			continue;
		if (r->kind == RELOC_MAP_FD)
			snprintf(c->buf, sizeof(c->buf), "map[%s]", c->obj->maps[r->map_idx].name);
		else if (r->kind == RELOC_MAP_VALUE)
			snprintf(c->buf, sizeof(c->buf), "map[%s]+%d", c->obj->maps[r->map_idx].name,
				 insn[1].imm);
		else
			continue;
		return c->buf;
	}
	return NULL;
}

static int parse_format(const char *s, bool *json, enum cfg_graph_format *fmt)
{
	*json = false;
	if (!s || !strcmp(s, "dot"))
		*fmt = CFG_GRAPH_DOT;
	else if (!strcmp(s, "svg"))
		*fmt = CFG_GRAPH_SVG;
	else if (!strcmp(s, "png"))
		*fmt = CFG_GRAPH_PNG;
	else if (!strcmp(s, "json"))
		*json = true;
	else
		return -EINVAL;
	return 0;
}

static u32 find_function(struct cfg_ctx *c, const char *name)
{
	char buf[32];
	u32 s;

	for (s = 0; s < c->cfg->subprog_cnt; s++) {
		const char *n = subprog_name(c, s);

		snprintf(buf, sizeof(buf), "func_%u", s);
		if ((n && !strcmp(n, name)) || !strcmp(buf, name))
			return s;
	}
	fprintf(stderr, "bpfverify: %s: program '%s' has no function '%s' (it has:",
		c->obj->path, c->p->name, name);
	for (s = 0; s < c->cfg->subprog_cnt; s++) {
		const char *n = subprog_name(c, s);

		if (n)
			fprintf(stderr, " %s", n);
		else
			fprintf(stderr, " func_%u", s);
	}
	fprintf(stderr, ")\n");
	return CFG_NONE;
}

/* OUT with ".<prog>" before its extension */
static char *per_prog_path(const char *out, const char *prog)
{
	const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
	size_t base = dot && (!slash || dot > slash) ? (size_t)(dot - out) : strlen(out);
	size_t len = strlen(out) + strlen(prog) + 2;
	char *p = malloc(len);

	if (p)
		snprintf(p, len, "%.*s.%s%s", (int)base, out, prog, out + base);
	return p;
}

struct run {
	struct cli *cli;
	bool json, many;
	enum cfg_graph_format fmt;
	enum cfg_graph_style style;
	FILE *out;
	u32 emitted;
	bool rejected;
};

static int one_prog(struct run *r, struct object *obj, const struct prog *p)
{
	const struct cfg_check_opts copts = { .dag = r->cli->dag,
					      .kernel_version = r->cli->kernel_version };
	struct cfg_ctx c = { .obj = obj, .p = p };
	struct disasm_cbs cbs = { .kfunc_name = kfunc_name, .ldimm64_text = ldimm64_text,
				  .ctx = &c };
	struct cfg_graph_opts gopts = { .style = r->style, .subprog = CFG_NONE, .disasm = &cbs,
					.subprog_name = subprog_name, .ctx = &c };
	struct diag_list diags;
	struct cfg *cfg = NULL;
	FILE *out = r->out;
	char *path = NULL, title[256];
	int err;

	diag_list_init(&diags, p);
	err = cfg_build(p, &cfg);
	if (err) {
		fprintf(stderr, "bpfverify: %s: program '%s': %s\n", obj->path, p->name,
			err == -E2BIG ? "too complex for the graph analysis" : strerror(-err));
		goto out;
	}
	c.cfg = cfg;
	err = cfg_check(cfg, &copts, &diags);
	if (err == -EACCES) {
		r->rejected = true;
		err = 0;
	}
	if (err)
		goto out;
	diag_print(stderr, &diags);
	if (r->cli->function) {
		gopts.subprog = find_function(&c, r->cli->function);
		if (gopts.subprog == CFG_NONE) {
			err = -EINVAL;
			goto out;
		}
	}
	snprintf(title, sizeof(title), "%s (%s)", p->name, p->sec_name);
	gopts.title = title;
	gopts.diags = &diags;
	if (!r->json && r->fmt != CFG_GRAPH_DOT && r->many) {
		path = per_prog_path(r->cli->out, p->name);
		out = path ? fopen(path, "w") : NULL;
		if (!out) {
			fprintf(stderr, "bpfverify: cannot write %s\n", path ? path : r->cli->out);
			err = -EIO;
			goto out;
		}
	}
	if (r->json) {
		fputs(r->emitted ? ",\n" : "\n", out);
		err = cfg_json_write(cfg, &gopts, obj->path, out);
	} else {
		err = cfg_graph_write(cfg, &gopts, r->fmt, out);
	}
	r->emitted++;
	if (out != r->out && fclose(out) && !err)
		err = -EIO;
out:
	free(path);
	diag_list_release(&diags);
	cfg_free(cfg);
	return err;
}

/* Selected programs over all files, to decide where SVG/PNG go; -1 on a load error. */
static int count_selected(struct cli *cli, bool *found)
{
	int f, n = 0;
	u32 i, k;

	for (f = 0; f < cli->file_cnt; f++) {
		struct object *obj;

		if (cli_open(cli, cli->files[f], &obj))
			return -1;
		for (i = 0; i < obj->prog_cnt; i++) {
			const struct prog *p = &obj->progs[i];

			if (!cli_selected(cli, p))
				continue;
			n++;
			for (k = 0; k < cli->prog_cnt; k++)
				if (!strcmp(cli->progs[k], p->name) || !strcmp(cli->progs[k], p->sec_name))
					found[k] = true;
		}
		object_free(obj);
	}
	return n;
}

int cmd_cfg(struct cli *cli)
{
	bool found[cli->prog_cnt + 1];
	struct run r = { .cli = cli, .out = stdout };
	int f, n, ret = EXIT_ACCEPTED, err = 0;
	u32 i;

	memset(found, 0, sizeof(found));
	if (parse_format(cli->format, &r.json, &r.fmt)) {
		fprintf(stderr, "bpfverify: cfg: unknown format '%s' (dot, svg, png or json)\n",
			cli->format);
		return EXIT_USAGE;
	}
	if (!cli->style || !strcmp(cli->style, "default")) {
		r.style = CFG_STYLE_DEFAULT;
	} else if (!strcmp(cli->style, "bpftool")) {
		r.style = CFG_STYLE_BPFTOOL;
	} else {
		fprintf(stderr, "bpfverify: cfg: unknown style '%s' (default or bpftool)\n",
			cli->style);
		return EXIT_USAGE;
	}
	n = count_selected(cli, found);
	if (n < 0)
		return EXIT_USAGE;
	if (!cli_all_found(cli, found))
		return EXIT_USAGE;
	r.many = n > 1;
	if (!r.json && r.fmt != CFG_GRAPH_DOT && r.many && !cli->out) {
		fprintf(stderr, "bpfverify: cfg: %d programs selected: an %s image holds one; pick "
			"one with -p, or give -o OUT to write one file per program\n", n,
			r.fmt == CFG_GRAPH_SVG ? "SVG" : "PNG");
		return EXIT_USAGE;
	}
	if (cli->out && (r.json || r.fmt == CFG_GRAPH_DOT || !r.many)) {
		r.out = fopen(cli->out, "w");
		if (!r.out) {
			fprintf(stderr, "bpfverify: cannot write %s\n", cli->out);
			return EXIT_USAGE;
		}
	}
	if (r.json)
		fputs("{\"programs\": [", r.out);
	for (f = 0; f < cli->file_cnt && !err; f++) {
		struct object *obj;

		if (cli_open(cli, cli->files[f], &obj)) {
			err = -EINVAL;
			break;
		}
		cli_print_warnings(obj);
		for (i = 0; i < obj->prog_cnt && !err; i++)
			if (cli_selected(cli, &obj->progs[i]))
				err = one_prog(&r, obj, &obj->progs[i]);
		object_free(obj);
	}
	if (r.json)
		fputs("\n]}\n", r.out);
	if (r.out != stdout && fclose(r.out) && !err)
		err = -EIO;
	if (err)
		ret = EXIT_USAGE;
	else if (r.rejected)
		ret = EXIT_REJECTED;
	return ret;
}
