/* Graph export through graphviz: the graph is built with cgraph (agopen / agsubg / agnode /
 * agedge, attributes with agsafeset; labels are graphviz HTML-like labels made with
 * agstrdup_html, or record labels for the bpftool style), written as DOT with agwrite(), or laid
 * out by gvc's "dot" engine and rendered to SVG or PNG. See graph.h for the two styles.
 *
 * Large programs: dot's crossing minimisation dominates the layout time, so above a few hundred
 * blocks its iteration limits (mclimit, nslimit, searchsize) are lowered; the graph stays the
 * same, only the layout is less polished. */
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <stdarg.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define leaks_ignored_begin() __lsan_disable()
#define leaks_ignored_end() __lsan_enable()

/* LeakSanitizer's hook for default suppressions: pango initialises fontconfig in a thread of its
 * own (so __lsan_disable() in ours does not cover it), and these libraries keep process-wide
 * caches they never free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libpango\nleak:libglib-2.0.so\n"
	       "leak:libgobject-2.0.so\nleak:libcairo.so\nleak:libharfbuzz.so\n"
	       "leak:libfreetype.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#else
#define leaks_ignored_begin() do { } while (0)
#define leaks_ignored_end() do { } while (0)
#endif
#include <stdlib.h>
#include <string.h>

#include "cfg/graph.h"
#include "isa/insn.h"
#include "report/diag.h"
#include "vec.h"

#define COLOR_TRUE	"#22863a"
#define COLOR_FALSE	"#cb2431"
#define COLOR_BACK	"#e36209"
#define COLOR_ERROR	"#d73a49"
#define COLOR_ERROR_BG	"#ffeef0"
#define COLOR_PATH	"#0366d6"
#define COLOR_CALL	"#005cc5"
#define COLOR_CALLBACK	"#6f42c1"
#define COLOR_DIM	"#6a737d"
#define COLOR_DEAD_BG	"#f6f8fa"
#define COLOR_SPECIAL	"#e1e4e8"
#define LARGE_GRAPH	300
/* dot routes an edge between clusters through every rank it spans; many call edges from a long
 * main program make the layout quadratic (minutes for 257 calls). Above this many, they are left
 * out and the call instructions name their callee instead (they always do). */
#define MAX_INTERPROC_EDGES 32

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void __printf(2, 3) sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && b->len + n < b->cap) {
			b->len += n;
			return;
		}
		{
			size_t ncap = (b->cap ? b->cap * 2 : 1024) + n;
			char *p = realloc(b->s, ncap);

			if (!p) {
				b->oom = true;
				return;
			}
			b->s = p;
			b->cap = ncap;
		}
	}
}

static void sb_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

/* Length of the valid UTF-8 sequence at @p (1..4), or 0 when it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n, i;

	if (*p < 0x80)
		return 1;
	if ((*p & 0xe0) == 0xc0)
		n = 2;
	else if ((*p & 0xf0) == 0xe0)
		n = 3;
	else if ((*p & 0xf8) == 0xf0)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Appends @s for an HTML-like label: entities escaped, tabs as spaces, other control bytes
 * and invalid UTF-8 as '?'. */
static void sb_html(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = utf8_len(p);

		if (*p == '&')
			sb_printf(b, "&amp;");
		else if (*p == '<')
			sb_printf(b, "&lt;");
		else if (*p == '>')
			sb_printf(b, "&gt;");
		else if (*p == '"')
			sb_printf(b, "&quot;");
		else if (*p == '\t')
			sb_printf(b, "    ");
		else if (*p < 0x20 || n == 0)
			sb_printf(b, "?");
		else
			sb_printf(b, "%.*s", n, (const char *)p);
		p += n ? n : 1;
	}
}

/* Appends @s for a record label: record syntax ({ } | < >) and backslashes escaped, as bpftool
 * does, tabs as spaces. Quotes stay: agwrite() escapes them. */
static void sb_record(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (strchr("{}|<>\\", *p))
			sb_printf(b, "\\%c", *p);
		else if (*p == '\t')
			sb_printf(b, " ");
		else if (*p < 0x20)
			sb_printf(b, "?");
		else
			sb_printf(b, "%c", *p);
	}
}

/* An ID discipline for cgraph whose IDs follow creation order. The default one uses the
 * address of the interned name as the ID, and agwrite() lists subgraphs in ID order: the clusters
 * of one graph would come out in a different order from one run (or allocator) to the next.
 * Named objects get even IDs 2, 4, 6, ... (the name is recoverable, as agnameof() expects),
 * anonymous ones odd IDs. Names are found again through a small open-addressing hash table. */
struct idstate {
	Agraph_t *g;
	char **names;		/* interned with agstrdup(): agwrite() looks at their HTML flag */
	u32 cnt, cap;
	u32 *slots;		/* name index + 1, 0 = empty; a power of two in size */
	u32 nslots;
	IDTYPE anon;
};

static u32 name_hash(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

static void *id_open(Agraph_t *g, Agdisc_t *disc)
{
	struct idstate *st = xcalloc(1, sizeof(*st));

	if (st) {
		st->g = g;
		st->anon = 1;
	}
	return st;
}

static bool id_rehash(struct idstate *st)
{
	u32 n = st->nslots ? st->nslots * 2 : 64, i, *slots = xcalloc(n, sizeof(u32));

	if (!slots)
		return false;
	for (i = 0; i < st->cnt; i++) {
		u32 h = name_hash(st->names[i]) & (n - 1);

		while (slots[h])
			h = (h + 1) & (n - 1);
		slots[h] = i + 1;
	}
	free(st->slots);
	st->slots = slots;
	st->nslots = n;
	return true;
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	struct idstate *st = state;
	u32 h;

	if (!str) {
		*id = st->anon;
		st->anon += 2;
		return 1;
	}
	for (h = st->nslots ? name_hash(str) & (st->nslots - 1) : 0; st->nslots && st->slots[h];
	     h = (h + 1) & (st->nslots - 1)) {
		if (!strcmp(st->names[st->slots[h] - 1], str)) {
			*id = (IDTYPE)st->slots[h] * 2;
			return 1;
		}
	}
	if (!createflag)
		return 0;
	if ((st->cnt + 1) * 2 > st->nslots && !id_rehash(st))
		return 0;
	if (vec_grow(&st->names, &st->cap, st->cnt + 1))
		return 0;
	st->names[st->cnt] = agstrdup(st->g, str);
	if (!st->names[st->cnt])
		return 0;
	for (h = name_hash(str) & (st->nslots - 1); st->slots[h]; h = (h + 1) & (st->nslots - 1))
		;
	st->slots[h] = ++st->cnt;
	*id = (IDTYPE)st->cnt * 2;
	return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE request)
{
	return 0;	/* explicit IDs are not supported, as with the default discipline */
}

static void id_free(void *state, int objtype, IDTYPE id)
{
}

static char *id_print(void *state, int objtype, IDTYPE id)
{
	struct idstate *st = state;

	if (id % 2 || id / 2 == 0 || id / 2 > st->cnt)
		return NULL;
	return st->names[id / 2 - 1];
}

static void id_close(void *state)
{
	struct idstate *st = state;

	/* the names go with the graph's string dictionary */
	free(st->names);
	free(st->slots);
	free(st);
}

static void id_register(void *state, int objtype, void *obj)
{
}

static Agiddisc_t ordered_ids = {
	id_open, id_map, id_alloc, id_free, id_print, id_close, id_register,
};

struct gctx {
	const struct cfg *cfg;
	const struct cfg_graph_opts *o;
	Agraph_t *g;
	Agnode_t **node;	/* per block */
	Agnode_t **entry;	/* per subprogram: its ENTRY node */
	Agnode_t **stub;	/* per subprogram: a stand-in when it is not drawn */
	u8 *err_insn;		/* per slot: named by an error */
	u8 *err_edge;		/* per edge: named by an error (its two instructions) */
	u8 *path_edge;		/* per edge: on the path */
	bool interproc;		/* draw call and callback edges */
	bool large;		/* LARGE_GRAPH blocks or more: no edge labels, faster layout */
	struct sbuf sb;
	char name[256];
};

static const char *sub_name(struct gctx *c, u32 s, char *buf, size_t sz)
{
	const char *n = c->o->subprog_name ? c->o->subprog_name(c->o->ctx, s) : NULL;

	if (n && *n)
		return n;
	snprintf(buf, sz, "func_%u", s);
	return buf;
}

static bool drawn(const struct gctx *c, u32 s)
{
	return c->o->subprog == CFG_NONE || c->o->subprog == s;
}

static void set(void *obj, const char *attr, const char *val)
{
	agsafeset(obj, (char *)attr, (char *)val, "");
}

/* Sets an HTML-like label; @html must be a complete label body ("<...>" without the outer
 * angle brackets). */
static void set_html(struct gctx *c, void *obj, const char *attr, const char *html)
{
	char *h = agstrdup_html(c->g, (char *)html);

	agsafeset(obj, (char *)attr, h, "");
	agstrfree(c->g, h);
}

/* Marks what the error diagnostics name: their instruction, and for edge findings (a back edge,
 * a jump) the edge between the blocks of insn_idx and related_insn. */
static void mark_errors(struct gctx *c)
{
	const struct diag_list *dl = c->o->diags;
	const struct cfg *cfg = c->cfg;
	u32 i, k;

	for (i = 0; dl && i < dl->cnt; i++) {
		const struct diag *d = &dl->items[i];
		u32 from, to;

		if (d->sev != DIAG_ERROR || d->insn_idx >= cfg->insn_cnt)
			continue;
		c->err_insn[d->insn_idx] = 1;
		from = cfg_block_of(cfg, d->insn_idx);
		to = cfg_block_of(cfg, d->related_insn);
		if (from == CFG_NONE || to == CFG_NONE)
			continue;
		for (k = 0; k < cfg->blocks[from].succ_cnt; k++) {
			u32 e = cfg->succ[cfg->blocks[from].succ_off + k];

			if (cfg->edges[e].dst == to && cfg->blocks[to].start == d->related_insn)
				c->err_edge[e] = 1;
		}
	}
}

static void mark_path(struct gctx *c)
{
	const struct cfg *cfg = c->cfg;
	u32 i, k;

	for (i = 0; c->o->path && i + 1 < c->o->path_len; i++) {
		u32 a = cfg_block_of(cfg, c->o->path[i]), b = cfg_block_of(cfg, c->o->path[i + 1]);

		if (a == CFG_NONE || b == CFG_NONE || (a == b && c->o->path[i + 1] > c->o->path[i]))
			continue;
		for (k = 0; k < cfg->blocks[a].succ_cnt; k++) {
			u32 e = cfg->succ[cfg->blocks[a].succ_off + k];

			if (cfg->edges[e].dst == b) {
				c->path_edge[e] = 1;
				break;
			}
		}
	}
}

static int insn_text(const struct gctx *c, u32 i, char *buf, size_t sz)
{
	int n = disasm_insn(buf, sz, c->cfg->insns, c->cfg->insn_cnt, i, c->o->disasm);

	if (n <= 0) {
		snprintf(buf, sz, "(%02x) <truncated ld_imm64>", c->cfg->insns[i].code);
		n = 1;
	}
	return n;
}

/* The line record to show above instruction @i of a block starting at @start, or NULL: at the
 * block's start, and wherever the source line changes. */
static const struct line_rec *new_line(const struct gctx *c, u32 start, u32 i,
				       const struct line_rec **prev)
{
	const struct line_rec *l = prog_line_at(c->cfg->prog, i);

	if (!l || !l->src || !*l->src)
		return NULL;
	if (i != start && *prev && ((*prev)->line == l->line && !strcmp((*prev)->file, l->file)))
		return NULL;
	*prev = l;
	return l;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const char *trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Default style */

/* Appends "  -> name" to the text of a bpf-to-bpf call or a callback address load. */
static void callee_note(struct gctx *c, u32 i, char *text, size_t sz)
{
	const struct bpf_insn *in = &c->cfg->insns[i];
	bool call = in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL;
	bool func = insn_is_ldimm64(in) && in->src_reg == BPF_PSEUDO_FUNC;
	s64 t = (s64)i + in->imm + 1;
	size_t len = strlen(text);
	char buf[64];
	u32 s;

	if ((!call && !func) || t < 0 || t >= c->cfg->insn_cnt)
		return;
	s = cfg_subprog_at(c->cfg, t);
	if (s == CFG_NONE)
		return;
	snprintf(text + len, sz - len, "  -> %s%s", sub_name(c, s, buf, sizeof(buf)),
		 func ? " (callback)" : "");
}

static void block_label(struct gctx *c, u32 bi)
{
	const struct cfg_block *b = &c->cfg->blocks[bi];
	const struct line_rec *prev = NULL, *l;
	bool reach = b->flags & CFG_BLOCK_REACHABLE;
	struct sbuf *sb = &c->sb;
	struct insn in;
	char text[256];
	u32 i;

	sb_reset(sb);
	sb_printf(sb, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">");
	sb_printf(sb, "<TR><TD ALIGN=\"LEFT\"><B>bb %u</B><FONT COLOR=\"%s\">  insns %u..%u%s%s"
		  "</FONT></TD></TR>", bi, COLOR_DIM, b->start, b->end - 1,
		  b->flags & CFG_BLOCK_LOOP_HEAD ? "  loop head" : "",
		  reach ? "" : "  unreachable");
	for (i = b->start; i < b->end; i += in.slots) {
		int n;

		l = new_line(c, b->start, i, &prev);
		if (l) {
			sb_printf(sb, "<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"%s\"><I>; ", COLOR_DIM);
			sb_html(sb, trim(l->src));
			sb_printf(sb, " @ ");
			sb_html(sb, basename_of(l->file));
			sb_printf(sb, ":%u</I></FONT></TD></TR>", l->line);
		}
		n = insn_text(c, i, text, sizeof(text));
		in.slots = n > 0 ? n : 1;
		callee_note(c, i, text, sizeof(text));
		if (c->err_insn[i])
			sb_printf(sb, "<TR><TD ALIGN=\"LEFT\" BGCOLOR=\"%s\"><FONT COLOR=\"%s\"><B>",
				  COLOR_ERROR_BG, COLOR_ERROR);
		else
			sb_printf(sb, "<TR><TD ALIGN=\"LEFT\">");
		sb_printf(sb, "%u: ", i);
		sb_html(sb, text);
		sb_printf(sb, c->err_insn[i] ? "</B></FONT></TD></TR>" : "</TD></TR>");
	}
	sb_printf(sb, "</TABLE>");
}

static bool block_has_error(const struct gctx *c, const struct cfg_block *b)
{
	u32 i;

	for (i = b->start; i < b->end; i++)
		if (c->err_insn[i])
			return true;
	return false;
}

static const char *edge_label(const struct cfg *cfg, const struct cfg_edge *e)
{
	switch (e->kind) {
	case CFG_EDGE_TAKEN:
		return "true";
	case CFG_EDGE_NOT_TAKEN:
		return cfg->insns[e->insn].code == (BPF_JMP | BPF_JCOND) ? "continue" : "false";
	case CFG_EDGE_FALLTHROUGH:
		return "fallthrough";
	case CFG_EDGE_JUMP:
		return "goto";
	case CFG_EDGE_MAY_GOTO:
		return "may_goto";
	case CFG_EDGE_CALL_RETURN:
		return "return";
	case CFG_EDGE_EXIT:
		return "";
	case CFG_EDGE_CALL:
		return "call";
	case CFG_EDGE_CALLBACK:
		return "callback";
	}
	return "";
}

static Agnode_t *stub_node(struct gctx *c, u32 s)
{
	char buf[64];

	if (!c->stub[s]) {
		snprintf(c->name, sizeof(c->name), "func%u_stub", s);
		c->stub[s] = agnode(c->g, c->name, 1);
		set(c->stub[s], "shape", "ellipse");
		set(c->stub[s], "style", "dashed");
		set(c->stub[s], "label", sub_name(c, s, buf, sizeof(buf)));
	}
	return c->stub[s];
}

static void default_edge(struct gctx *c, u32 ei)
{
	const struct cfg *cfg = c->cfg;
	const struct cfg_edge *e = &cfg->edges[ei];
	u32 ssrc = cfg->blocks[e->src].subprog, sdst = cfg->blocks[e->dst].subprog;
	const char *color = "black", *label = edge_label(cfg, e);
	char buf[64];
	Agnode_t *dst;
	Agedge_t *ge;

	if (!drawn(c, ssrc) || (cfg_edge_is_interproc(e->kind) && !c->interproc))
		return;
	if (cfg_edge_is_interproc(e->kind))
		dst = drawn(c, sdst) ? c->entry[sdst] : stub_node(c, sdst);
	else
		dst = c->node[e->dst];
	ge = agedge(c->g, c->node[e->src], dst, NULL, 1);
	if (e->kind == CFG_EDGE_TAKEN)
		color = COLOR_TRUE;
	else if (e->kind == CFG_EDGE_NOT_TAKEN && !strcmp(label, "false"))
		color = COLOR_FALSE;
	else if (e->kind == CFG_EDGE_CALL)
		color = COLOR_CALL;
	else if (e->kind == CFG_EDGE_CALLBACK)
		color = COLOR_CALLBACK;
	if (e->flags & CFG_EDGE_F_BACK) {
		snprintf(buf, sizeof(buf), "%s%sback edge", label, *label ? " / " : "");
		label = buf;
		color = COLOR_BACK;
		set(ge, "penwidth", "2.5");
		set(ge, "style", "bold");
	}
	if (cfg_edge_is_interproc(e->kind) || e->kind == CFG_EDGE_CALL_RETURN) {
		set(ge, "style", "dashed");
		if (cfg_edge_is_interproc(e->kind))
			set(ge, "constraint", "false");
	}
	if (c->path_edge[ei]) {
		color = COLOR_PATH;
		set(ge, "penwidth", "3");
	}
	if (c->err_edge[ei]) {
		color = COLOR_ERROR;
		set(ge, "penwidth", "3");
	}
	set(ge, "color", color);
	set(ge, "fontcolor", color);
	if (*label && !c->large)
		set(ge, "label", label);
	if (!cfg_edge_is_interproc(e->kind)) {
		set(ge, "tailport", "s");
		set(ge, "headport", "n");
	}
}

/* Without call edges, dot puts every subprogram's cluster on the same ranks, side by side: with
 * hundreds of them the image is a strip tens of thousands of pixels wide. Invisible edges from
 * each subprogram's EXIT to the ENTRY of the one K places later arrange the subprograms after
 * the main one in a grid of K columns. */
static void grid(struct gctx *c)
{
	const struct cfg *cfg = c->cfg;
	u32 n = cfg->subprog_cnt, k = 1, s;

	while (k * k < n - 1)
		k++;
	for (s = 1; s + k < n; s++) {
		Agedge_t *ge;

		if (!drawn(c, s) || !drawn(c, s + k))
			continue;
		ge = agedge(c->g, c->node[cfg->subprogs[s].exit], c->entry[s + k], NULL, 1);
		set(ge, "style", "invis");
	}
}

static int build_default(struct gctx *c)
{
	const struct cfg *cfg = c->cfg;
	u32 s, b, e, interproc = 0;
	char buf[64];

	for (e = 0; e < cfg->edge_cnt; e++)
		interproc += cfg_edge_is_interproc(cfg->edges[e].kind) &&
			     drawn(c, cfg->blocks[cfg->edges[e].src].subprog);
	c->interproc = interproc <= MAX_INTERPROC_EDGES;
	if (!c->interproc) {
		const char *title = agget(c->g, "label");

		snprintf(c->name, sizeof(c->name), "%s\\n(%u call edges not drawn)", title ? title : "",
			 interproc);
		set(c->g, "label", c->name);
	}

	agattr(c->g, AGRAPH, "fontname", "monospace");
	agattr(c->g, AGRAPH, "labelloc", "t");
	agattr(c->g, AGNODE, "fontname", "monospace");
	agattr(c->g, AGNODE, "fontsize", "10");
	agattr(c->g, AGNODE, "shape", "box");
	agattr(c->g, AGNODE, "style", "filled");
	agattr(c->g, AGNODE, "fillcolor", "white");
	agattr(c->g, AGEDGE, "fontname", "monospace");
	agattr(c->g, AGEDGE, "fontsize", "9");
	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];
		Agraph_t *cl;

		if (!drawn(c, s))
			continue;
		snprintf(c->name, sizeof(c->name), "cluster_%u", s);
		cl = agsubg(c->g, c->name, 1);
		snprintf(c->name, sizeof(c->name), "%s (insns %u..%u)%s",
			 sub_name(c, s, buf, sizeof(buf)), sp->start, sp->end - 1,
			 sp->flags & CFG_SUB_CALLBACK ? " callback" : "");
		set(cl, "label", c->name);
		set(cl, "style", "rounded,dashed");
		set(cl, "color", COLOR_DIM);
		snprintf(c->name, sizeof(c->name), "func%u_entry", s);
		c->entry[s] = agnode(cl, c->name, 1);
		set(c->entry[s], "shape", "Mdiamond");
		set(c->entry[s], "fillcolor", COLOR_SPECIAL);
		set(c->entry[s], "label", "ENTRY");
		for (b = sp->block_start; b < sp->block_start + sp->block_cnt; b++) {
			const struct cfg_block *blk = &cfg->blocks[b];
			Agnode_t *n;

			snprintf(c->name, sizeof(c->name), "bb%u", b);
			n = c->node[b] = agnode(cl, c->name, 1);
			if (blk->flags & CFG_BLOCK_EXIT) {
				set(n, "shape", "Mdiamond");
				set(n, "fillcolor", COLOR_SPECIAL);
				set(n, "label", "EXIT");
				continue;
			}
			block_label(c, b);
			if (c->sb.oom)
				return -ENOMEM;
			set_html(c, n, "label", c->sb.s);
			if (block_has_error(c, blk)) {
				set(n, "color", COLOR_ERROR);
				set(n, "fillcolor", COLOR_ERROR_BG);
				set(n, "penwidth", "2");
			} else if (!(blk->flags & CFG_BLOCK_REACHABLE)) {
				set(n, "fillcolor", COLOR_DEAD_BG);
				set(n, "fontcolor", COLOR_DIM);
				set(n, "style", "filled,dashed");
			} else if (blk->flags & CFG_BLOCK_LOOP_HEAD) {
				set(n, "penwidth", "2");
			}
		}
		{
			Agedge_t *ge = agedge(c->g, c->entry[s], c->node[sp->entry], NULL, 1);

			set(ge, "tailport", "s");
			set(ge, "headport", "n");
		}
	}
	for (e = 0; e < cfg->edge_cnt; e++)
		default_edge(c, e);
	if (!c->interproc)
		grid(c);
	return 0;
}

/* bpftool style */

/* bpftool's blocks: leaders are the function start, jump targets and the instruction after a
 * conditional jump; a bpf-to-bpf call does not end a block. Ours also split after a call: merge
 * a block into its predecessor when that one ends with a call and nothing else jumps to it. */
static bool bpftool_merged(const struct cfg *cfg, u32 b)
{
	const struct cfg_block *blk = &cfg->blocks[b];
	const struct cfg_edge *e;

	if (blk->flags & (CFG_BLOCK_ENTRY | CFG_BLOCK_EXIT) || blk->pred_cnt != 1)
		return false;
	e = cfg_pred(cfg, b, 0);
	return e->kind == CFG_EDGE_CALL_RETURN && cfg->blocks[e->src].end == blk->start;
}

static void bpftool_edge(struct gctx *c, Agnode_t *from, Agnode_t *to)
{
	Agedge_t *ge = agedge(c->g, from, to, NULL, 1);

	set(ge, "tailport", "s");
	set(ge, "headport", "n");
	set(ge, "style", "solid,bold");
	set(ge, "color", "black");
	/* dot 2.43 crashes (SIGSEGV) on bpftool's weight=10 in graphs of thousands of blocks */
	if (!c->large)
		set(ge, "weight", "10");
	set(ge, "constraint", "true");
}

static int build_bpftool(struct gctx *c)
{
	const struct cfg *cfg = c->cfg;
	u32 s, b, k;

	for (s = 0; s < cfg->subprog_cnt; s++) {
		const struct cfg_subprog *sp = &cfg->subprogs[s];
		u32 first = sp->block_start, last = sp->block_start + sp->block_cnt, idx = 2;
		const struct line_rec *prev = NULL;
		Agnode_t *entry, *exit, *cur = NULL;
		u32 rec_start = sp->start;
		Agraph_t *cl;
		Agedge_t *ge;

		if (!drawn(c, s))
			continue;
		snprintf(c->name, sizeof(c->name), "cluster_%u", s);
		cl = agsubg(c->g, c->name, 1);
		set(cl, "style", "dashed");
		set(cl, "color", "black");
		snprintf(c->name, sizeof(c->name), "func_%u ()", s);
		set(cl, "label", c->name);
		snprintf(c->name, sizeof(c->name), "fn_%u_bb_0", s);
		entry = agnode(cl, c->name, 1);
		set(entry, "shape", "Mdiamond");
		set(entry, "style", "filled");
		set(entry, "label", "ENTRY");
		/* blocks: one record per merged run */
		for (b = first; b < last; b++) {
			const struct cfg_block *blk = &cfg->blocks[b];
			const struct line_rec *l;
			struct insn in;
			char text[256];
			u32 i;

			if (blk->flags & CFG_BLOCK_EXIT)
				continue;
			if (!cur || !bpftool_merged(cfg, b)) {
				rec_start = blk->start;
				prev = NULL;
				if (cur) {
					sb_printf(&c->sb, "}");
					set(cur, "label", c->sb.s);
				}
				snprintf(c->name, sizeof(c->name), "fn_%u_bb_%u", s, idx++);
				cur = agnode(cl, c->name, 1);
				set(cur, "shape", "record");
				set(cur, "style", "filled");
				sb_reset(&c->sb);
				sb_printf(&c->sb, "{");
			}
			c->node[b] = cur;
			for (i = blk->start; i < blk->end; i += in.slots) {
				int n;

				l = new_line(c, rec_start, i, &prev);
				if (c->sb.len > 1)
					sb_printf(&c->sb, " | ");
				if (l) {
					sb_printf(&c->sb, "; ");
					sb_record(&c->sb, trim(l->src));
					sb_printf(&c->sb, "\\l | ");
				}
				n = insn_text(c, i, text, sizeof(text));
				in.slots = n > 0 ? n : 1;
				sb_printf(&c->sb, "% 4d: ", (int)(i - sp->start));
				sb_record(&c->sb, text);
				sb_printf(&c->sb, "\\l");
			}
			if (c->sb.oom)
				return -ENOMEM;
		}
		if (cur) {
			sb_printf(&c->sb, "}");
			set(cur, "label", c->sb.s);
		}
		snprintf(c->name, sizeof(c->name), "fn_%u_bb_1", s);
		exit = c->node[sp->exit] = agnode(cl, c->name, 1);
		set(exit, "shape", "Mdiamond");
		set(exit, "style", "filled");
		set(exit, "label", "EXIT");
		/* edges: ENTRY first, then per block in order; the edges of a merged run are those
		 * of its last block (bpftool draws no call edges) */
		bpftool_edge(c, entry, c->node[sp->entry]);
		for (b = first; b < last; b++) {
			const struct cfg_block *blk = &cfg->blocks[b];

			if (blk->flags & CFG_BLOCK_EXIT)
				continue;
			if (b + 1 < last && bpftool_merged(cfg, b + 1))
				continue;
			for (k = 0; k < blk->succ_cnt; k++) {
				const struct cfg_edge *e = cfg_succ(cfg, b, k);

				if (cfg_edge_is_interproc(e->kind))
					continue;
				bpftool_edge(c, c->node[b], c->node[e->dst]);
			}
		}
		/* bpftool's invisible ENTRY -> EXIT edge; in a large graph it spans thousands of
		 * ranks (as many virtual nodes) for no visible effect */
		if (!c->large) {
			ge = agedge(c->g, entry, exit, NULL, 1);
			set(ge, "style", "invis");
			set(ge, "constraint", "true");
		}
	}
	return 0;
}

/* Large graphs: every edge label is a node of its own for dot (twice the ranks, many more
 * virtual nodes), and dot 2.43's network simplex is superlinear in them; without labels (the
 * colours say true / false / back edge) and with fewer crossing-minimisation and x-positioning
 * rounds, a 10k-instruction program lays out in seconds instead of minutes. Set in the graph
 * itself, so that `dot` on our DOT output is as fast. */
static void tune_large(struct gctx *c)
{
	if (!c->large)
		return;
	set(c->g, "mclimit", "0.05");
	set(c->g, "nslimit", "0.1");
	set(c->g, "remincross", "false");
}

/* One graphviz context for the whole process: graphviz 2.43's pango plugin keeps a pointer to
 * the last font name in a static variable, and freeing a context (and its fonts) makes the next
 * render in the same process read freed memory (found with ASan). */
static GVC_t *graphviz(void)
{
	static GVC_t *gvc;

	if (!gvc)
		gvc = gvContext();
	return gvc;
}

static int render(struct gctx *c, enum cfg_graph_format fmt, FILE *out)
{
	GVC_t *gvc;
	int err = 0;

	if (fmt == CFG_GRAPH_DOT)
		return agwrite(c->g, out) >= 0 && !ferror(out) ? 0 : -EIO;
	/* graphviz, pango and fontconfig keep per-process caches they never free: not our leaks
	 * (LeakSanitizer builds would report them) */
	leaks_ignored_begin();
	gvc = graphviz();
	if (!gvc) {
		leaks_ignored_end();
		return -ENOMEM;
	}
	if (gvLayout(gvc, c->g, "dot")) {
		fprintf(stderr, "bpfverify: graphviz could not lay the graph out\n");
		err = -EIO;
	} else {
		if (gvRender(gvc, c->g, fmt == CFG_GRAPH_SVG ? "svg" : "png", out)) {
			fprintf(stderr, "bpfverify: graphviz could not render %s\n",
				fmt == CFG_GRAPH_SVG ? "svg" : "png");
			err = -EIO;
		}
		gvFreeLayout(gvc, c->g);
	}
	leaks_ignored_end();
	return err;
}

int cfg_graph_write(const struct cfg *cfg, const struct cfg_graph_opts *opts,
		    enum cfg_graph_format fmt, FILE *out)
{
	static const struct cfg_graph_opts defaults = { .subprog = CFG_NONE };
	struct gctx c = { .cfg = cfg, .o = opts ? opts : &defaults };
	u32 i, blocks = 0;
	const char *title;
	Agdisc_t disc;
	int err = -ENOMEM;

	if (c.o->subprog != CFG_NONE && c.o->subprog >= cfg->subprog_cnt)
		return -EINVAL;
	c.node = xcalloc(cfg->block_cnt, sizeof(*c.node));
	c.entry = xcalloc(cfg->subprog_cnt, sizeof(*c.entry));
	c.stub = xcalloc(cfg->subprog_cnt, sizeof(*c.stub));
	c.err_insn = xcalloc(cfg->insn_cnt, 1);
	c.err_edge = xcalloc(cfg->edge_cnt, 1);
	c.path_edge = xcalloc(cfg->edge_cnt, 1);
	if (!c.node || !c.entry || !c.stub || !c.err_insn || !c.err_edge || !c.path_edge)
		goto out;
	if (c.o->style == CFG_STYLE_BPFTOOL) {
		title = "DOT graph for eBPF program";
	} else {
		title = c.o->title ? c.o->title : cfg->prog->name;
		mark_errors(&c);
		mark_path(&c);
	}
	disc = (Agdisc_t){ .mem = &AgMemDisc, .id = &ordered_ids, .io = &AgIoDisc };
	c.g = agopen((char *)(title ? title : "cfg"), Agdirected, &disc);
	if (!c.g)
		goto out;
	for (i = 0; i < cfg->block_cnt; i++)
		blocks += drawn(&c, cfg->blocks[i].subprog);
	c.large = blocks >= LARGE_GRAPH;
	tune_large(&c);
	if (c.o->style == CFG_STYLE_BPFTOOL) {
		err = build_bpftool(&c);
	} else {
		snprintf(c.name, sizeof(c.name), "%s%s", title ? title : "", c.large ?
			 "\\n(edges: green true, red false, orange back edge, dashed calls)" : "");
		set(c.g, "label", c.name);
		err = build_default(&c);
	}
	if (!err)
		err = render(&c, fmt, out);
out:
	if (c.g)
		agclose(c.g);
	free(c.sb.s);
	free(c.node);
	free(c.entry);
	free(c.stub);
	free(c.err_insn);
	free(c.err_edge);
	free(c.path_edge);
	return err;
}
