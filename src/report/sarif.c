/* `bpfverify check -f sarif`: SARIF 2.1.0 (OASIS), the format code-scanning dashboards read.
 *
 * One run. tool.driver.rules holds the rules of the table (rules.c) that results refer to, each
 * with its category in properties (written after the results, which is where they become
 * known: JSON objects are unordered); a result per rejected program (level "error") and per undecided one (level
 * "warning", so that a dashboard shows what was not verified), none for a pass, and one more
 * per further violation of a rejection (properties.firstViolation false; no path). A result's
 * location is the source line of the failing instruction from BTF line info (else the object
 * file itself) plus the program as a logical location; its codeFlows hold the path: one
 * location per decision, then the failing instruction. A path under the current directory
 * becomes a reference relative to the base %SRCROOT% (run.originalUriBaseIds: the current
 * directory), so that a dashboard can map it to the repository; other absolute paths become
 * file:// URIs, relative ones stay relative. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/object.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "report/rules.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

#define SRCROOT "%SRCROOT%"

struct sarif_priv {
	struct jsonw w;
	char cwd[4096];		/* the current directory with a trailing '/', or "" */
	bool srcroot_used;	/* a location is relative to %SRCROOT% */
	int *rule_out;		/* per rule of the table: its index in driver.rules, or -1 */
	u32 *used;		/* table index of driver.rules[i] */
	u32 used_cnt;
};

/* The index of table rule @idx in driver.rules, adding it there when first used. */
static int rule_ref(struct sarif_priv *s, int idx)
{
	if (idx < 0 || !s->rule_out)
		return -1;
	if (s->rule_out[idx] < 0) {
		s->rule_out[idx] = (int)s->used_cnt;
		s->used[s->used_cnt++] = (u32)idx;
	}
	return s->rule_out[idx];
}

/* @path as a URI reference (characters outside the unreserved set and '/' percent-encoded):
 * relative to @cwd when under it (returns true: the reference is relative to %SRCROOT%), else
 * file:// for an absolute path, @path itself for a relative one. */
static bool uri_of(char *buf, size_t size, const char *path, const char *cwd)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = 0, n = strlen(cwd);
	const unsigned char *p;
	bool rel = false;

	if (!size)
		return false;
	if (n && !strncmp(path, cwd, n) && path[n]) {
		path += n;
		rel = true;
	} else if (path[0] == '/') {
		len = (size_t)snprintf(buf, size, "file://");
	}
	for (p = (const unsigned char *)path; *p && len + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			buf[len++] = (char)*p;
		} else {
			buf[len++] = '%';
			buf[len++] = hex[*p >> 4];
			buf[len++] = hex[*p & 15];
		}
	}
	buf[len] = '\0';
	return rel;
}

/* "physicalLocation" of @d (its source line), or of the object file when it has none. */
static void physical_location(struct sarif_priv *s, const struct diag *d, const char *object)
{
	struct jsonw *w = &s->w;
	char uri[4096];
	bool rel;

	jsonw_key(w, "physicalLocation");
	jsonw_obj(w, false);
	jsonw_key(w, "artifactLocation");
	jsonw_obj(w, true);
	rel = uri_of(uri, sizeof(uri), d->loc.file && d->loc.line ? d->loc.file : object, s->cwd);
	jsonw_kstr(w, "uri", uri);
	if (rel) {
		jsonw_kstr(w, "uriBaseId", SRCROOT);
		s->srcroot_used = true;
	}
	jsonw_end_obj(w);
	if (d->loc.file && d->loc.line) {
		jsonw_key(w, "region");
		jsonw_obj(w, true);
		jsonw_ku64(w, "startLine", d->loc.line);
		if (d->loc.col)
			jsonw_ku64(w, "startColumn", d->loc.col);
		if (d->loc.src && *d->loc.src) {
			jsonw_key(w, "snippet");
			jsonw_obj(w, true);
			jsonw_kstr(w, "text", d->loc.src);
			jsonw_end_obj(w);
		}
		jsonw_end_obj(w);
	}
	jsonw_end_obj(w);
}

static void message(struct jsonw *w, const char *text)
{
	jsonw_key(w, "message");
	jsonw_obj(w, true);
	jsonw_kstr(w, "text", text);
	jsonw_end_obj(w);
}

/* A threadFlowLocation: @d's place with @text. */
static void flow_location(struct sarif_priv *s, const struct diag *d, const char *object,
			  const char *text)
{
	struct jsonw *w = &s->w;

	jsonw_obj(w, false);
	jsonw_key(w, "location");
	jsonw_obj(w, false);
	physical_location(s, d, object);
	message(w, text);
	jsonw_end_obj(w);
	jsonw_end_obj(w);
}

static void code_flows(struct sarif_priv *s, const struct report_prog *p,
		       const struct diag_list *list)
{
	struct jsonw *w = &s->w;
	char text[256];
	u32 i;

	jsonw_key(w, "codeFlows");
	jsonw_arr(w, false);
	jsonw_obj(w, false);
	jsonw_key(w, "threadFlows");
	jsonw_arr(w, false);
	jsonw_obj(w, false);
	jsonw_key(w, "locations");
	jsonw_arr(w, false);
	for (i = 1; i < list->cnt; i++) {
		snprintf(text, sizeof(text), "insn %u: %s", list->items[i].insn_idx,
			 list->items[i].msg);
		flow_location(s, &list->items[i], p->file, text);
	}
	snprintf(text, sizeof(text), "insn %u: %s", list->items[0].insn_idx, list->items[0].msg);
	flow_location(s, &list->items[0], p->file, text);
	jsonw_end_arr(w);
	jsonw_end_obj(w);
	jsonw_end_arr(w);
	jsonw_end_obj(w);
	jsonw_end_arr(w);
}

static void sarif_begin(struct report *r)
{
	struct sarif_priv *s = r->priv;
	struct jsonw *w = &s->w;
	u32 i;

	s->rule_out = calloc(rule_cnt(), sizeof(*s->rule_out));
	s->used = calloc(rule_cnt(), sizeof(*s->used));
	if (!s->rule_out || !s->used) {
		/* results without ruleIndex: still valid SARIF */
		free(s->rule_out);
		free(s->used);
		s->rule_out = NULL;
		s->used = NULL;
	}
	for (i = 0; s->rule_out && i < rule_cnt(); i++)
		s->rule_out[i] = -1;
	if (!getcwd(s->cwd, sizeof(s->cwd) - 1) || s->cwd[0] != '/')
		s->cwd[0] = '\0';
	else if (strcmp(s->cwd, "/"))
		strcat(s->cwd, "/");
	else
		s->cwd[0] = '\0';	/* every absolute path: keep them absolute */
	jsonw_init(w, r->opts.out);
	jsonw_obj(w, false);
	jsonw_kstr(w, "$schema", SARIF_SCHEMA);
	jsonw_kstr(w, "version", "2.1.0");
	jsonw_key(w, "runs");
	jsonw_arr(w, false);
	jsonw_obj(w, false);
	jsonw_key(w, "results");
	jsonw_arr(w, false);
}

static void write_tool(struct report *r)
{
	struct sarif_priv *s = r->priv;
	struct jsonw *w = &s->w;
	u32 i;

	jsonw_key(w, "tool");
	jsonw_obj(w, false);
	jsonw_key(w, "driver");
	jsonw_obj(w, false);
	jsonw_kstr(w, "name", r->opts.tool_name);
	jsonw_kstr(w, "version", r->opts.tool_version);
	jsonw_key(w, "rules");
	jsonw_arr(w, false);
	for (i = 0; i < s->used_cnt; i++) {
		const struct rule *rule = rule_at(s->used[i]);

		jsonw_obj(w, true);
		jsonw_kstr(w, "id", rule->id);
		jsonw_key(w, "shortDescription");
		jsonw_obj(w, true);
		jsonw_kstr(w, "text", rule->desc);
		jsonw_end_obj(w);
		jsonw_key(w, "properties");
		jsonw_obj(w, true);
		jsonw_kstr(w, "category", rule_category_name(rule->cat));
		jsonw_end_obj(w);
		jsonw_end_obj(w);
	}
	jsonw_end_arr(w);
	jsonw_end_obj(w);
	jsonw_end_obj(w);
}

/* The result of @p's outcome @e (from @list): the first violation or undecided reason (@first:
 * with the path), or a further violation; @state: the registers there, or NULL. */
static void write_result(struct sarif_priv *s, const struct report_prog *p,
			 const struct diag_list *list, const struct diag *e, bool first,
			 const char *state)
{
	struct jsonw *w = &s->w;
	const struct rule *rule = rule_find(e->check_id);
	int idx = rule_ref(s, rule_index(e->check_id));
	char text[1024], fqn[512];

	jsonw_obj(w, false);
	jsonw_kstr(w, "ruleId", e->check_id);
	if (idx >= 0)
		jsonw_ku64(w, "ruleIndex", (u64)idx);
	jsonw_kstr(w, "level", p->verdict == V_UNSAFE ? "error" : "warning");
	if (p->verdict == V_UNSAFE)
		snprintf(text, sizeof(text), "%s: %s", e->msg, e->kernel_msg);
	else
		snprintf(text, sizeof(text), "not verified: %s", e->msg);
	message(w, text);
	jsonw_key(w, "locations");
	jsonw_arr(w, false);
	jsonw_obj(w, false);
	physical_location(s, e, p->file);
	jsonw_key(w, "logicalLocations");
	jsonw_arr(w, false);
	jsonw_obj(w, true);
	jsonw_kstr(w, "name", p->prog->name);
	snprintf(fqn, sizeof(fqn), "%s:%s", p->file, p->prog->name);
	jsonw_kstr(w, "fullyQualifiedName", fqn);
	jsonw_kstr(w, "kind", "function");
	jsonw_end_obj(w);
	jsonw_end_arr(w);
	jsonw_end_obj(w);
	jsonw_end_arr(w);
	if (first && p->verdict == V_UNSAFE && p->res->path.valid)
		code_flows(s, p, list);
	jsonw_key(w, "properties");
	jsonw_obj(w, false);
	jsonw_kstr(w, "object", p->file);
	jsonw_kstr(w, "program", p->prog->name);
	jsonw_kstr(w, "section", p->prog->sec_name);
	jsonw_kstr(w, "programType", p->type);
	if (e->insn_idx != DIAG_NO_INSN)
		jsonw_ku64(w, "insn", e->insn_idx);
	if (rule)
		jsonw_kstr(w, "category", rule_category_name(rule->cat));
	if (e->kernel_msg[0])
		jsonw_kstr(w, "kernelMessage", e->kernel_msg);
	if (state && state[0])
		jsonw_kstr(w, "state", state);
	/* the kernel stops at the first violation: the others show once it is fixed */
	jsonw_kbool(w, "firstViolation", first);
	jsonw_end_obj(w);
	jsonw_end_obj(w);
}

static void sarif_prog(struct report *r, const struct report_prog *p)
{
	struct sarif_priv *s = r->priv;
	struct diag_list list;
	u32 i;

	if (p->verdict == V_SAFE)
		return;
	diag_list_init(&list, p->prog);
	if (!report_diags(&list, p) && list.cnt)
		write_result(s, p, &list, &list.items[0], true, p->res ? p->res->state : NULL);
	diag_list_release(&list);
	for (i = 0; p->verdict == V_UNSAFE && p->res && i < p->res->more_cnt; i++) {
		diag_list_init(&list, p->prog);
		if (!report_more_diag(&list, p, i) && list.cnt)
			write_result(s, p, &list, &list.items[0], false, p->res->more[i].state);
		diag_list_release(&list);
	}
}

static void sarif_finish(struct report *r, int exit_status)
{
	struct sarif_priv *s = r->priv;
	struct jsonw *w = &s->w;

	jsonw_end_arr(w);	/* results */
	write_tool(r);
	if (s->srcroot_used) {
		char uri[4200];

		jsonw_key(w, "originalUriBaseIds");
		jsonw_obj(w, false);
		jsonw_key(w, SRCROOT);
		jsonw_obj(w, true);
		uri_of(uri, sizeof(uri), s->cwd, "");
		jsonw_kstr(w, "uri", uri);
		jsonw_end_obj(w);
		jsonw_end_obj(w);
	}
	jsonw_key(w, "invocations");
	jsonw_arr(w, false);
	jsonw_obj(w, true);
	jsonw_kbool(w, "executionSuccessful", exit_status != 2);
	jsonw_ku64(w, "exitCode", (u64)exit_status);
	jsonw_end_obj(w);
	jsonw_end_arr(w);
	jsonw_end_obj(w);	/* the run */
	jsonw_end_arr(w);
	jsonw_end_obj(w);
	free(s->rule_out);
	free(s->used);
}

const struct report_ops report_sarif_ops = {
	.begin = sarif_begin,
	.file = NULL,
	.prog = sarif_prog,
	.finish = sarif_finish,
	.priv_size = sizeof(struct sarif_priv),
};
