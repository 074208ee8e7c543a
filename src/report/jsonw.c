/* The streaming JSON writer (see jsonw.h). Strings are escaped by diag_json_str(). */
#include "report/diag.h"
#include "report/jsonw.h"

void jsonw_init(struct jsonw *w, FILE *f)
{
	*w = (struct jsonw){ .f = f };
	w->first[0] = true;
}

static bool is_inline(const struct jsonw *w)
{
	return w->depth >= JSONW_DEPTH || w->inl[w->depth];
}

static void newline(struct jsonw *w, int depth)
{
	fputc('\n', w->f);
	for (; depth > 0; depth--)
		fputs("  ", w->f);
}

/* Before a value or a key: the separator from the previous member and the indentation. */
static void sep(struct jsonw *w)
{
	bool first;

	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	first = w->depth >= JSONW_DEPTH || w->first[w->depth];
	if (!first)
		fputc(',', w->f);
	if (is_inline(w)) {
		if (!first)
			fputc(' ', w->f);
	} else {
		newline(w, w->depth);
	}
	if (w->depth < JSONW_DEPTH)
		w->first[w->depth] = false;
}

static void container_open(struct jsonw *w, char c, bool inl)
{
	bool parent_inl = is_inline(w);

	sep(w);
	fputc(c, w->f);
	w->depth++;
	if (w->depth < JSONW_DEPTH) {
		w->first[w->depth] = true;
		w->inl[w->depth] = inl || parent_inl;
	}
}

static void container_close(struct jsonw *w, char c)
{
	bool empty = w->depth >= JSONW_DEPTH || w->first[w->depth];
	bool inl = is_inline(w);

	w->depth--;
	if (!empty && !inl)
		newline(w, w->depth);
	fputc(c, w->f);
	if (!w->depth)
		fputc('\n', w->f);
}

void jsonw_obj(struct jsonw *w, bool inl)
{
	container_open(w, '{', inl);
}

void jsonw_arr(struct jsonw *w, bool inl)
{
	container_open(w, '[', inl);
}

void jsonw_end_obj(struct jsonw *w)
{
	container_close(w, '}');
}

void jsonw_end_arr(struct jsonw *w)
{
	container_close(w, ']');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	diag_json_str(w->f, key);
	fputs(": ", w->f);
	w->after_key = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	sep(w);
	if (s)
		diag_json_str(w->f, s);
	else
		fputs("null", w->f);
}

void jsonw_u64(struct jsonw *w, u64 v)
{
	sep(w);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	sep(w);
	fputs(v ? "true" : "false", w->f);
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	fputs("null", w->f);
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void jsonw_kstr_or_null(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s && *s ? s : NULL);
}

void jsonw_ku64(struct jsonw *w, const char *key, u64 v)
{
	jsonw_key(w, key);
	jsonw_u64(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}
