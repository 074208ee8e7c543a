/* The control-flow graph as JSON for tooling (format documented in graph.h): everything struct
 * cfg knows, with the instructions' kernel-syntax text and source lines, and the diagnostics.
 * Indexes are the linked program's; absent ones are null. */
#include <string.h>

#include "cfg/graph.h"
#include "isa/insn.h"
#include "report/diag.h"

static void u32_or_null(FILE *f, u32 v)
{
	if (v == CFG_NONE)
		fputs("null", f);
	else
		fprintf(f, "%u", v);
}

static bool selected(const struct cfg_graph_opts *o, u32 s)
{
	return o->subprog == CFG_NONE || o->subprog == s;
}

static void write_subprogs(const struct cfg *cfg, const struct cfg_graph_opts *o, FILE *f)
{
	bool first = true;
	u32 s;

	fputs("  \"subprograms\": [", f);
	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];
		const char *name = o->subprog_name ? o->subprog_name(o->ctx, s) : NULL;
		char buf[32];

		if (!selected(o, s))
			continue;
		if (!name || !*name) {
			snprintf(buf, sizeof(buf), "func_%u", s);
			name = buf;
		}
		fprintf(f, "%s\n    {\"index\": %u, \"name\": ", first ? "" : ",", s);
		diag_json_str(f, name);
		fprintf(f, ", \"start\": %u, \"end\": %u, \"entry_block\": %u, \"exit_block\": %u, "
			"\"kinds\": [", sp->start, sp->end, sp->entry, sp->exit);
		fprintf(f, "%s%s%s%s%s]}", sp->flags & CFG_SUB_MAIN ? "\"main\"" : "",
			sp->flags & CFG_SUB_MAIN && sp->flags & (CFG_SUB_CALLED | CFG_SUB_CALLBACK) ?
			", " : "", sp->flags & CFG_SUB_CALLED ? "\"called\"" : "",
			sp->flags & CFG_SUB_CALLED && sp->flags & CFG_SUB_CALLBACK ? ", " : "",
			sp->flags & CFG_SUB_CALLBACK ? "\"callback\"" : "");
		first = false;
	}
	fputs("\n  ],\n", f);
}

static void write_insns(const struct cfg *cfg, const struct cfg_graph_opts *o,
			const struct cfg_block *b, FILE *f)
{
	char text[256];
	u32 i;
	int n;

	fputs("[", f);
	for (i = b->start; i < b->end; i += n > 0 ? n : 1) {
		const struct line_rec *l = prog_line_at(cfg->prog, i);

		n = disasm_insn(text, sizeof(text), cfg->insns, cfg->insn_cnt, i, o->disasm);
		if (n <= 0)
			snprintf(text, sizeof(text), "<truncated ld_imm64>");
		fprintf(f, "%s\n        {\"idx\": %u, \"code\": \"%02x\", \"text\": ",
			i == b->start ? "" : ",", i, cfg->insns[i].code);
		diag_json_str(f, text);
		fputs(", \"source\": ", f);
		if (l && l->file) {
			fputs("{\"file\": ", f);
			diag_json_str(f, l->file);
			fprintf(f, ", \"line\": %u, \"column\": %u, \"text\": ", l->line, l->col);
			diag_json_str(f, l->src);
			fputs("}", f);
		} else {
			fputs("null", f);
		}
		fputs("}", f);
	}
	fputs(b->start < b->end ? "\n      ]" : "]", f);
}

static void write_blocks(const struct cfg *cfg, const struct cfg_graph_opts *o, FILE *f)
{
	bool first = true;
	u32 bi;

	fputs("  \"blocks\": [", f);
	for (bi = 0; bi < cfg->block_cnt; bi++) {
		const struct cfg_block *b = &cfg->blocks[bi];

		if (!selected(o, b->subprog))
			continue;
		fprintf(f, "%s\n    {\"id\": %u, \"subprog\": %u, \"start\": %u, \"end\": %u, "
			"\"exit\": %s, \"reachable\": %s, \"loop_head\": %s, \"idom\": ",
			first ? "" : ",", bi, b->subprog, b->start, b->end,
			b->flags & CFG_BLOCK_EXIT ? "true" : "false",
			b->flags & CFG_BLOCK_REACHABLE ? "true" : "false",
			b->flags & CFG_BLOCK_LOOP_HEAD ? "true" : "false");
		u32_or_null(f, b->idom);
		fputs(", \"loop\": ", f);
		u32_or_null(f, b->loop);
		fputs(", \"scc\": ", f);
		u32_or_null(f, b->scc);
		fputs(", \"rpo\": ", f);
		u32_or_null(f, b->rpo);
		fputs(", \"wto\": ", f);
		u32_or_null(f, b->wto);
		fputs(",\n      \"insns\": ", f);
		write_insns(cfg, o, b, f);
		fputs("}", f);
		first = false;
	}
	fputs("\n  ],\n", f);
}

static void write_edges(const struct cfg *cfg, const struct cfg_graph_opts *o, FILE *f)
{
	bool first = true;
	u32 e;

	fputs("  \"edges\": [", f);
	for (e = 0; e < cfg->edge_cnt; e++) {
		const struct cfg_edge *ed = &cfg->edges[e];

		if (!selected(o, cfg->blocks[ed->src].subprog))
			continue;
		fprintf(f, "%s\n    {\"from\": %u, \"to\": %u, \"kind\": \"%s\", \"insn\": %u, "
			"\"back_edge\": %s}", first ? "" : ",", ed->src, ed->dst,
			cfg_edge_kind_name(ed->kind), ed->insn,
			ed->flags & CFG_EDGE_F_BACK ? "true" : "false");
		first = false;
	}
	fputs("\n  ],\n", f);
}

static void write_loops(const struct cfg *cfg, const struct cfg_graph_opts *o, FILE *f)
{
	bool first = true;
	u32 l;

	fputs("  \"loops\": [", f);
	for (l = 0; l < cfg->loop_cnt; l++) {
		const struct cfg_loop *lp = &cfg->loops[l];

		if (!selected(o, lp->subprog))
			continue;
		fprintf(f, "%s\n    {\"id\": %u, \"head\": %u, \"parent\": ", first ? "" : ",", l,
			lp->head);
		u32_or_null(f, lp->parent);
		fprintf(f, ", \"depth\": %u, \"subprog\": %u, \"block_cnt\": %u, \"reducible\": %s, "
			"\"has_exit\": %s}", lp->depth, lp->subprog, lp->block_cnt,
			lp->reducible ? "true" : "false", lp->has_exit ? "true" : "false");
		first = false;
	}
	fputs("\n  ],\n", f);
}

static void write_wto(const struct cfg *cfg, const struct cfg_graph_opts *o, FILE *f)
{
	bool first = true;
	u32 s, i;

	fputs("  \"wto\": [", f);
	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];

		if (!selected(o, s))
			continue;
		for (i = sp->wto_start; i < sp->wto_start + sp->wto_cnt; i++) {
			fprintf(f, "%s%u", first ? "" : ", ", cfg->wto[i]);
			first = false;
		}
	}
	fputs("],\n", f);
}

int cfg_json_write(const struct cfg *cfg, const struct cfg_graph_opts *opts, const char *file,
		   FILE *out)
{
	static const struct cfg_graph_opts defaults = { .subprog = CFG_NONE };
	const struct cfg_graph_opts *o = opts ? opts : &defaults;
	const struct prog *p = cfg->prog;
	bool first = true;
	u32 i;

	if (o->subprog != CFG_NONE && o->subprog >= cfg->subprog_cnt)
		return -EINVAL;
	fputs("{\n  \"file\": ", out);
	diag_json_str(out, file);
	fputs(",\n  \"program\": ", out);
	diag_json_str(out, p->name);
	fputs(",\n  \"section\": ", out);
	diag_json_str(out, p->sec_name);
	fprintf(out, ",\n  \"insn_cnt\": %u,\n", cfg->insn_cnt);
	write_subprogs(cfg, o, out);
	write_blocks(cfg, o, out);
	write_edges(cfg, o, out);
	write_loops(cfg, o, out);
	write_wto(cfg, o, out);
	fputs("  \"diagnostics\": [", out);
	for (i = 0; o->diags && i < o->diags->cnt; i++) {
		fputs(first ? "\n    " : ",\n    ", out);
		diag_json(out, &o->diags->items[i]);
		first = false;
	}
	fputs(first ? "]\n}" : "\n  ]\n}", out);
	return ferror(out) ? -EIO : 0;
}
