/* Diagnostics: storage, source locations from BTF line info, and their text and JSON forms.
 *
 * A list grows by doubling (vec.h). A report that cannot be stored still counts (error_cnt), so a
 * pass never mistakes an out-of-memory for an accepted program; the list remembers -ENOMEM in
 * @err for the driver. Messages longer than a field are cut, never overflow. The text form
 * follows the compilers users know (file:line:col: severity: message [id], then the source line
 * and "= " continuation lines), so editors and CI logs can jump to the location. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "isa/disasm.h"
#include "loader/object.h"
#include "report/diag.h"
#include "vec.h"

void diag_list_init(struct diag_list *list, const struct prog *prog)
{
	memset(list, 0, sizeof(*list));
	list->prog = prog;
}

void diag_list_release(struct diag_list *list)
{
	const struct prog *prog = list->prog;

	free(list->items);
	diag_list_init(list, prog);
}

static void fill_loc(const struct diag_list *list, struct diag *d)
{
	const struct line_rec *l;

	if (!list->prog || d->insn_idx == DIAG_NO_INSN)
		return;
	l = prog_line_at(list->prog, d->insn_idx);
	if (!l)
		return;
	d->loc.file = l->file;
	d->loc.line = l->line;
	d->loc.col = l->col;
	d->loc.src = l->src ? l->src : "";
}

static struct diag *diag_add(struct diag_list *list, enum diag_sev sev, u32 insn,
			     const char *check_id, u32 parent, const char *fmt, va_list ap)
{
	struct diag *d;

	if (sev == DIAG_ERROR)
		list->error_cnt++;
	else if (sev == DIAG_WARNING)
		list->warning_cnt++;
	if (vec_grow(&list->items, &list->cap, list->cnt + 1)) {
		list->err = -ENOMEM;
		return NULL;
	}
	d = &list->items[list->cnt++];
	memset(d, 0, sizeof(*d));
	d->insn_idx = insn;
	d->related_insn = DIAG_NO_INSN;
	d->sev = sev;
	d->check_id = check_id;
	d->parent = parent;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	fill_loc(list, d);
	return d;
}

struct diag *diag_report(struct diag_list *list, u32 insn, const char *check_id, const char *fmt,
			 ...)
{
	struct diag *d;
	va_list ap;

	va_start(ap, fmt);
	d = diag_add(list, DIAG_ERROR, insn, check_id, DIAG_NO_PARENT, fmt, ap);
	va_end(ap);
	return d;
}

struct diag *diag_report_sev(struct diag_list *list, enum diag_sev sev, u32 insn,
			     const char *check_id, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	va_start(ap, fmt);
	d = diag_add(list, sev, insn, check_id, DIAG_NO_PARENT, fmt, ap);
	va_end(ap);
	return d;
}

struct diag *diag_note(struct diag_list *list, u32 insn, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;
	u32 i;

	for (i = list->cnt; i > 0; i--)
		if (list->items[i - 1].sev != DIAG_NOTE)
			break;
	if (!i)
		return NULL;
	va_start(ap, fmt);
	d = diag_add(list, DIAG_NOTE, insn, list->items[i - 1].check_id, i - 1, fmt, ap);
	va_end(ap);
	return d;
}

void diag_hint(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(d->hint, sizeof(d->hint), fmt, ap);
	va_end(ap);
}

void diag_kernel_msg(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	va_start(ap, fmt);
	vsnprintf(d->kernel_msg, sizeof(d->kernel_msg), fmt, ap);
	va_end(ap);
}

const struct diag *diag_first_error(const struct diag_list *list)
{
	u32 i;

	for (i = 0; i < list->cnt; i++)
		if (list->items[i].sev == DIAG_ERROR)
			return &list->items[i];
	return NULL;
}

const struct diag *diag_find(const struct diag_list *list, const char *check_id)
{
	u32 i;

	for (i = 0; i < list->cnt; i++)
		if (list->items[i].check_id && !strcmp(list->items[i].check_id, check_id))
			return &list->items[i];
	return NULL;
}

const char *diag_sev_name(enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "?";
}

/* snprintf into @buf at @*len, tracking the length needed like snprintf does. */
static void __printf(4, 5) put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*len < size ? buf + *len : NULL, *len < size ? size - *len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += n;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Width of the line-number gutter of @d's block. */
static int gutter_width(const struct diag *d)
{
	int width = d->loc.file ? snprintf(NULL, 0, "%u", d->loc.line) : 1;

	return width < 4 ? 4 : width;
}

/* " <gutter> = label: text", continuation lines of @text indented under its first. */
static void put_field(char *buf, size_t size, size_t *len, int width, const char *label,
		      const char *text)
{
	int indent = width + 6 + (int)strlen(label);	/* " %*s = " + label + ": " */
	const char *nl;

	put(buf, size, len, " %*s = %s: ", width, "", label);
	for (;;) {
		nl = strchr(text, '\n');
		put(buf, size, len, "%.*s\n", nl ? (int)(nl - text) : (int)strlen(text), text);
		if (!nl)
			break;
		text = nl + 1;
		put(buf, size, len, "%*s", indent, "");
	}
}

int diag_fmt_field(char *buf, size_t size, const struct diag *d, const char *label,
		   const char *text)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	put_field(buf, size, &len, gutter_width(d), label, text);
	return len > INT32_MAX ? INT32_MAX : (int)len;
}

int diag_fmt(char *buf, size_t size, const struct diag_list *list, const struct diag *d)
{
	const struct prog *prog = list ? list->prog : NULL;
	size_t len = 0;
	char text[256];
	int width = gutter_width(d);

	if (size)
		buf[0] = '\0';
	if (d->loc.file) {
		put(buf, size, &len, "%s:%u:%u: ", basename_of(d->loc.file), d->loc.line, d->loc.col);
	} else {
		if (prog)
			put(buf, size, &len, "%s: ", prog->name);
		if (d->insn_idx != DIAG_NO_INSN)
			put(buf, size, &len, "insn %u: ", d->insn_idx);
	}
	put(buf, size, &len, "%s: %s", diag_sev_name(d->sev), d->msg);
	if (d->check_id && d->sev != DIAG_NOTE)
		put(buf, size, &len, " [%s]", d->check_id);
	put(buf, size, &len, "\n");
	if (d->loc.file && d->loc.src && *d->loc.src)
		put(buf, size, &len, " %*u | %s\n", width, d->loc.line, d->loc.src);
	if (prog && d->insn_idx < prog->insn_cnt &&
	    disasm_insn(text, sizeof(text), prog->insns, prog->insn_cnt, d->insn_idx, NULL) > 0)
		put(buf, size, &len, " %*s | %u: %s\n", width, "", d->insn_idx, text);
	if (d->kernel_msg[0])
		put_field(buf, size, &len, width, "kernel", d->kernel_msg);
	if (d->hint[0])
		put_field(buf, size, &len, width, "hint", d->hint);
	return len > INT32_MAX ? INT32_MAX : (int)len;
}

void diag_print(FILE *f, const struct diag_list *list)
{
	char buf[2048];
	u32 i;

	for (i = 0; i < list->cnt; i++) {
		diag_fmt(buf, sizeof(buf), list, &list->items[i]);
		fputs(buf, f);
	}
}

void diag_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void json_u32_or_null(FILE *f, const char *key, u32 v, u32 none)
{
	if (v == none)
		fprintf(f, "\"%s\": null", key);
	else
		fprintf(f, "\"%s\": %u", key, v);
}

static void json_str_or_null(FILE *f, const char *key, const char *s)
{
	fprintf(f, "\"%s\": ", key);
	if (s && *s)
		diag_json_str(f, s);
	else
		fputs("null", f);
}

void diag_json(FILE *f, const struct diag *d)
{
	fputc('{', f);
	json_u32_or_null(f, "insn", d->insn_idx, DIAG_NO_INSN);
	fputs(", ", f);
	json_u32_or_null(f, "related_insn", d->related_insn, DIAG_NO_INSN);
	fprintf(f, ", \"severity\": \"%s\", ", diag_sev_name(d->sev));
	json_str_or_null(f, "check_id", d->check_id);
	fputs(", ", f);
	json_str_or_null(f, "message", d->msg);
	fputs(", ", f);
	json_str_or_null(f, "hint", d->hint);
	fputs(", ", f);
	json_str_or_null(f, "kernel_message", d->kernel_msg);
	fputs(", ", f);
	json_u32_or_null(f, "parent", d->parent, DIAG_NO_PARENT);
	fputs(", ", f);
	json_str_or_null(f, "file", d->loc.file);
	fputs(", ", f);
	json_u32_or_null(f, "line", d->loc.file ? d->loc.line : 0, 0);
	fputs(", ", f);
	json_u32_or_null(f, "column", d->loc.file ? d->loc.col : 0, 0);
	fputs(", ", f);
	json_str_or_null(f, "source", d->loc.src);
	fputc('}', f);
}
