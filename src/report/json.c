/* `bpfverify check -f json`: one JSON document for the whole run.
 *
 *	{ "tool": {"name": "bpfverify", "version": "0.1.0"},
 *	  "files": [ {"file": "a.bpf.o", "programs": [
 *	      { "name", "section", "type", "verdict": "pass" | "reject" | "unknown",
 *	        "reason": why unknown, or null,
 *	        "reason_at": where the analysis stopped: { "rule", "insn", "instruction", "file",
 *	                 "line", "column", "source" }, or null,
 *	        "violation": null, or { "rule", "category", "category_name", "insn", "instruction",
 *	                 "file", "line", "column", "source", "message", "kernel_message", "state",
 *	                 "path": { "entry", "omitted", "steps": [ {"kind": "branch" | "call" |
 *	                 "return", "insn", "target", "taken", "condition", "message", "file",
 *	                 "line", "column", "source"} ] } or null },
 *	        "more_violations": further violations of a rejection, each { "rule", "category",
 *	                 "category_name", "insn", "instruction", "file", "line", "column",
 *	                 "source", "message", "kernel_message", "state" } ([] for a pass or
 *	                 unknown),
 *	        "stats": { "processed_insns", "insn_limit", "max_states_per_insn", "total_states",
 *	                   "peak_states", "duration_us" } or null } ] } ],
 *	  "summary": { "programs", "pass", "reject", "unknown" },
 *	  "exit_status": 1 }
 *
 * Absent values are null, never left out, so that consumers can index without checks. */
#include <string.h>

#include "isa/disasm.h"
#include "loader/object.h"
#include "report/jsonw.h"
#include "report/report.h"
#include "report/rules.h"

struct json_priv {
	struct jsonw w;
	bool in_file;
};

static void loc_fields(struct jsonw *w, const struct diag *d)
{
	jsonw_kstr(w, "file", d->loc.file);
	jsonw_key(w, "line");
	if (d->loc.file)
		jsonw_u64(w, d->loc.line);
	else
		jsonw_null(w);
	jsonw_key(w, "column");
	if (d->loc.file && d->loc.col)
		jsonw_u64(w, d->loc.col);
	else
		jsonw_null(w);
	jsonw_kstr(w, "source", d->loc.file ? d->loc.src : NULL);
}

static const char *step_kind(const struct analysis_step *st)
{
	switch (st->kind) {
	case STEP_BRANCH:
		return "branch";
	case STEP_CALL:
		return "call";
	default:
		return "return";
	}
}

static void write_path(struct jsonw *w, const struct report_prog *p, const struct diag_list *list)
{
	const struct analysis_path *path = &p->res->path;
	char cond[128];
	u32 i;

	jsonw_key(w, "path");
	if (!path->valid) {
		jsonw_null(w);
		return;
	}
	jsonw_obj(w, false);
	jsonw_ku64(w, "entry", path->entry);
	jsonw_ku64(w, "omitted", path->omitted);
	jsonw_key(w, "steps");
	jsonw_arr(w, false);
	for (i = 0; i < path->cnt && 1 + i < list->cnt; i++) {
		const struct analysis_step *st = &path->steps[i];
		const struct diag *n = &list->items[1 + i];	/* report_diags(): notes in order */

		jsonw_obj(w, true);
		jsonw_kstr(w, "kind", step_kind(st));
		jsonw_ku64(w, "insn", st->insn);
		jsonw_ku64(w, "target", st->target);
		jsonw_key(w, "taken");
		if (st->kind == STEP_BRANCH) {
			jsonw_bool(w, st->target != st->insn + 1);
			report_jmp_cond(cond, sizeof(cond), p->prog, st->insn);
			jsonw_kstr_or_null(w, "condition", cond);
		} else {
			jsonw_null(w);
			jsonw_kstr(w, "condition", NULL);
		}
		jsonw_kstr(w, "message", n->msg);
		loc_fields(w, n);
		jsonw_end_obj(w);
	}
	jsonw_end_arr(w);
	jsonw_end_obj(w);
}

static void write_insn(struct jsonw *w, const struct prog *prog, u32 insn)
{
	char text[256];

	jsonw_ku64(w, "insn", insn);
	if (disasm_insn(text, sizeof(text), prog->insns, prog->insn_cnt, insn, NULL) <= 0)
		text[0] = '\0';
	jsonw_kstr_or_null(w, "instruction", text);
}

/* Where an undecided program's analysis stopped. */
static void write_reason_at(struct jsonw *w, const struct report_prog *p)
{
	struct diag_list list;
	const struct diag *e;

	jsonw_key(w, "reason_at");
	diag_list_init(&list, p->prog);
	if (p->verdict != V_UNKNOWN || !p->res || report_diags(&list, p) || !list.cnt ||
	    list.items[0].insn_idx == DIAG_NO_INSN) {
		jsonw_null(w);
		diag_list_release(&list);
		return;
	}
	e = &list.items[0];
	jsonw_obj(w, false);
	jsonw_kstr(w, "rule", e->check_id);
	write_insn(w, p->prog, e->insn_idx);
	loc_fields(w, e);
	jsonw_end_obj(w);
	diag_list_release(&list);
}

/* The fields a violation's error @e has, first or further. */
static void violation_fields(struct jsonw *w, const struct report_prog *p, const struct diag *e)
{
	const struct rule *rule = rule_find(e->check_id);

	jsonw_kstr(w, "rule", e->check_id);
	jsonw_kstr(w, "category", rule ? rule_category_key(rule->cat) : NULL);
	jsonw_kstr(w, "category_name", rule ? rule_category_name(rule->cat) : NULL);
	write_insn(w, p->prog, e->insn_idx);
	loc_fields(w, e);
	jsonw_kstr(w, "message", e->msg);
	jsonw_kstr_or_null(w, "kernel_message", e->kernel_msg);
}

static void write_violation(struct jsonw *w, const struct report_prog *p)
{
	struct diag_list list;

	jsonw_key(w, "violation");
	diag_list_init(&list, p->prog);
	if (p->verdict != V_UNSAFE || !p->res || report_diags(&list, p) || !list.cnt) {
		jsonw_null(w);
		diag_list_release(&list);
		return;
	}
	jsonw_obj(w, false);
	violation_fields(w, p, &list.items[0]);
	jsonw_kstr_or_null(w, "state", p->res->state);
	write_path(w, p, &list);
	jsonw_end_obj(w);
	diag_list_release(&list);
}

static void write_more_violations(struct jsonw *w, const struct report_prog *p)
{
	struct diag_list list;
	u32 i;

	jsonw_key(w, "more_violations");
	jsonw_arr(w, false);
	for (i = 0; p->verdict == V_UNSAFE && p->res && i < p->res->more_cnt; i++) {
		diag_list_init(&list, p->prog);
		if (!report_more_diag(&list, p, i) && list.cnt) {
			jsonw_obj(w, false);
			violation_fields(w, p, &list.items[0]);
			jsonw_kstr_or_null(w, "state", p->res->more[i].state);
			jsonw_end_obj(w);
		}
		diag_list_release(&list);
	}
	jsonw_end_arr(w);
}

static void json_begin(struct report *r)
{
	struct json_priv *j = r->priv;
	struct jsonw *w = &j->w;

	jsonw_init(w, r->opts.out);
	jsonw_obj(w, false);
	jsonw_key(w, "tool");
	jsonw_obj(w, true);
	jsonw_kstr(w, "name", r->opts.tool_name);
	jsonw_kstr(w, "version", r->opts.tool_version);
	jsonw_end_obj(w);
	jsonw_key(w, "files");
	jsonw_arr(w, false);
}

static void end_file(struct json_priv *j)
{
	if (!j->in_file)
		return;
	jsonw_end_arr(&j->w);
	jsonw_end_obj(&j->w);
	j->in_file = false;
}

static void json_file(struct report *r, const char *path)
{
	struct json_priv *j = r->priv;

	end_file(j);
	jsonw_obj(&j->w, false);
	jsonw_kstr(&j->w, "file", path);
	jsonw_key(&j->w, "programs");
	jsonw_arr(&j->w, false);
	j->in_file = true;
}

static void json_prog(struct report *r, const struct report_prog *p)
{
	struct json_priv *j = r->priv;
	const struct analysis_result *res = p->res;
	struct jsonw *w = &j->w;

	jsonw_obj(w, false);
	jsonw_kstr(w, "name", p->prog->name);
	jsonw_kstr(w, "section", p->prog->sec_name);
	jsonw_kstr(w, "type", p->type);
	jsonw_kstr(w, "verdict", verdict_name(p->verdict));
	jsonw_key(w, "reason");
	if (!res)
		jsonw_str(w, p->reason ? p->reason : "not analysed");
	else if (p->verdict == V_UNKNOWN)
		jsonw_str(w, res->diag.msg);
	else
		jsonw_null(w);
	write_reason_at(w, p);
	write_violation(w, p);
	write_more_violations(w, p);
	jsonw_key(w, "stats");
	if (res) {
		jsonw_obj(w, true);
		jsonw_ku64(w, "processed_insns", res->insn_processed);
		jsonw_ku64(w, "insn_limit", res->insn_limit);
		jsonw_ku64(w, "max_states_per_insn", res->max_states_per_insn);
		jsonw_ku64(w, "total_states", res->total_states);
		jsonw_ku64(w, "peak_states", res->peak_states);
		jsonw_ku64(w, "duration_us", p->duration_us);
		jsonw_end_obj(w);
	} else {
		jsonw_null(w);
	}
	jsonw_end_obj(w);
}

static void json_finish(struct report *r, int exit_status)
{
	struct json_priv *j = r->priv;
	struct jsonw *w = &j->w;

	end_file(j);
	jsonw_end_arr(w);
	jsonw_key(w, "summary");
	jsonw_obj(w, true);
	jsonw_ku64(w, "programs", r->prog_cnt);
	jsonw_ku64(w, "pass", r->verdict_cnt[V_SAFE]);
	jsonw_ku64(w, "reject", r->verdict_cnt[V_UNSAFE]);
	jsonw_ku64(w, "unknown", r->verdict_cnt[V_UNKNOWN]);
	jsonw_end_obj(w);
	jsonw_ku64(w, "exit_status", (u64)exit_status);
	jsonw_end_obj(w);
}

const struct report_ops report_json_ops = {
	.begin = json_begin,
	.file = json_file,
	.prog = json_prog,
	.finish = json_finish,
	.priv_size = sizeof(struct json_priv),
};
