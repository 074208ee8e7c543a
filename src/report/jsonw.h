/* A small streaming JSON writer for the report's machine formats (json.c, sarif.c): it places
 * the commas, newlines and indentation, so that a writer only says what goes where. Containers
 * opened "inline" keep their members on one line ({"insn": 3, "taken": true}), as do their
 * children. Callers nest at most JSONW_DEPTH - 1 levels (the report uses 9). */
#ifndef BPFVERIFY_REPORT_JSONW_H
#define BPFVERIFY_REPORT_JSONW_H

#include <stdio.h>

#include "util.h"

#define JSONW_DEPTH 32

struct jsonw {
	FILE *f;
	int depth;
	bool after_key;
	bool first[JSONW_DEPTH];	/* no member written yet at this depth */
	bool inl[JSONW_DEPTH];		/* members on one line */
};

void jsonw_init(struct jsonw *w, FILE *f);

/* Containers; @inl: members on one line. */
void jsonw_obj(struct jsonw *w, bool inl);
void jsonw_arr(struct jsonw *w, bool inl);
void jsonw_end_obj(struct jsonw *w);
void jsonw_end_arr(struct jsonw *w);

/* The key of the next value, inside an object. */
void jsonw_key(struct jsonw *w, const char *key);

/* Values: a string (NULL: null), numbers, booleans, null. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_u64(struct jsonw *w, u64 v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* key + value in one call; jsonw_kstr writes null for NULL, jsonw_kstr_or_null also for "". */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kstr_or_null(struct jsonw *w, const char *key, const char *s);
void jsonw_ku64(struct jsonw *w, const char *key, u64 v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);

#endif
