/* The report of `bpfverify check`: dispatch to the writer of the chosen format, and what every
 * writer shares: turning an analysis outcome into diagnostics (the error and the notes of its
 * path), the text of a jump's condition. */
#include <stdlib.h>
#include <string.h>

#include "isa/disasm.h"
#include "loader/object.h"
#include "report/report.h"
#include "report/rules.h"

static const struct {
	const char *name;
	enum report_format fmt;
	const struct report_ops *ops;
} formats[] = {
	{ "text", REPORT_TEXT, &report_text_ops },
	{ "json", REPORT_JSON, &report_json_ops },
	{ "sarif", REPORT_SARIF, &report_sarif_ops },
	{ "veristat", REPORT_VERISTAT, &report_veristat_ops },
	{ "veristat-csv", REPORT_VERISTAT_CSV, &report_veristat_ops },
};

int report_format_parse(const char *name, enum report_format *fmt)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		if (!strcmp(name, formats[i].name)) {
			*fmt = formats[i].fmt;
			return 0;
		}
	}
	return -EINVAL;
}

struct report *report_new(const struct report_opts *opts)
{
	const struct report_ops *ops = NULL;
	struct report *r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].fmt == opts->fmt)
			ops = formats[i].ops;
	if (!ops)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->opts = *opts;
	r->ops = ops;
	if (ops->priv_size) {
		r->priv = calloc(1, ops->priv_size);
		if (!r->priv) {
			free(r);
			return NULL;
		}
	}
	if (ops->begin)
		ops->begin(r);
	return r;
}

void report_file(struct report *r, const char *path)
{
	r->file = path;
	r->file_cnt++;
	if (r->ops->file)
		r->ops->file(r, path);
}

void report_prog(struct report *r, const struct report_prog *p)
{
	r->prog_cnt++;
	if ((unsigned int)p->verdict < ARRAY_SIZE(r->verdict_cnt))
		r->verdict_cnt[p->verdict]++;
	r->ops->prog(r, p);
}

void report_finish(struct report *r, int exit_status)
{
	if (!r)
		return;
	if (r->ops->finish)
		r->ops->finish(r, exit_status);
	fflush(r->opts.out);
	free(r->priv);
	free(r);
}

/* ---- Shared ---- */

void report_jmp_cond(char *buf, size_t size, const struct prog *prog, u32 insn)
{
	char text[256];
	const char *s, *end;

	if (size)
		buf[0] = '\0';
	if (disasm_insn(text, sizeof(text), prog->insns, prog->insn_cnt, insn, NULL) <= 0)
		return;
	/* "(2d) if r1 > r2 goto pc+3", "(e5) may_goto pc+2" */
	s = strchr(text, ')');
	s = s ? s + 1 : text;
	while (*s == ' ')
		s++;
	if (!strncmp(s, "may_goto", 8)) {
		snprintf(buf, size, "may_goto");
		return;
	}
	if (strncmp(s, "if ", 3))
		return;
	s += 3;
	end = strstr(s, " goto ");
	snprintf(buf, size, "%.*s", end ? (int)(end - s) : (int)strlen(s), s);
}

static void add_step_note(struct diag_list *list, const struct prog *prog,
			  const struct analysis_step *st)
{
	struct diag *d = NULL;
	char cond[128];

	switch (st->kind) {
	case STEP_BRANCH:
		report_jmp_cond(cond, sizeof(cond), prog, st->insn);
		d = diag_note(list, st->insn, "%s %s", cond[0] ? cond : "branch",
			      st->target == st->insn + 1 ? "not taken" : "taken");
		break;
	case STEP_CALL:
		d = diag_note(list, st->insn, "call to insn %u", st->target);
		break;
	case STEP_RETURN:
		d = diag_note(list, st->insn, "return to insn %u", st->target);
		break;
	}
	if (d)
		d->related_insn = st->target;
}

/* The diagnostic of violation @v: our words for its rule, the kernel's beside them. */
static void violation_diag(struct diag_list *list, const struct analysis_diag *v)
{
	const struct rule *rule = rule_find(v->check_id);
	const char *nl = strchr(v->msg, '\n');
	struct diag *d;

	if (rule)
		d = diag_report(list, v->insn_idx, v->check_id, "%s", rule->desc);
	else	/* a rule the table lacks: the kernel's first line is all we can say */
		d = diag_report(list, v->insn_idx, v->check_id, "%.*s",
				nl ? (int)(nl - v->msg) : (int)strlen(v->msg), v->msg);
	diag_kernel_msg(d, "%s", v->msg);
}

int report_more_diag(struct diag_list *list, const struct report_prog *p, u32 i)
{
	if (p->verdict == V_UNSAFE && p->res && i < p->res->more_cnt)
		violation_diag(list, &p->res->more[i].diag);
	return list->err;
}

int report_diags(struct diag_list *list, const struct report_prog *p)
{
	const struct analysis_result *res = p->res;
	u32 i;

	if (p->verdict == V_SAFE)
		return 0;
	if (!res) {
		diag_report_sev(list, DIAG_WARNING, DIAG_NO_INSN, "analysis.unknown", "%s",
				p->reason ? p->reason : "not analysed");
		return list->err;
	}
	if (p->verdict == V_UNKNOWN) {
		diag_report_sev(list, DIAG_WARNING,
				res->diag.insn_idx < p->prog->insn_cnt ? res->diag.insn_idx : DIAG_NO_INSN,
				res->diag.check_id ? res->diag.check_id : "analysis.unknown", "%s",
				res->diag.msg);
		return list->err;
	}
	violation_diag(list, &res->diag);
	if (res->path.valid)
		for (i = 0; i < res->path.cnt; i++)
			add_step_note(list, p->prog, &res->path.steps[i]);
	return list->err;
}
