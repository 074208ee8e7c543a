/* A tiny JSON reader for test data (RFC 8259 values, UTF-8 text). It builds a tree that the
 * caller walks with json_get()/json_at() and frees with json_free().
 * Below it, the few helpers the suites share to read the kernel selftest data set
 * (../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl: one JSON object per line). */
#ifndef BPFVERIFY_TESTS_JSON_H
#define BPFVERIFY_TESTS_JSON_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	bool boolean;
	double number;
	char *str;		/* JSON_STRING: decoded, NUL-terminated */
	size_t len;		/* JSON_STRING: bytes in str */
	struct json *items;	/* JSON_ARRAY / JSON_OBJECT: @cnt values */
	char **keys;		/* JSON_OBJECT: @cnt decoded keys */
	size_t cnt;
};

/* Parses @len bytes of @text (one JSON value, surrounding whitespace allowed). Returns the root,
 * or NULL with a short reason in @err (may be NULL) on malformed input or ENOMEM.
 * Caller frees with json_free(). */
struct json *json_parse(const char *text, size_t len, const char **err);

/* Frees @v and everything under it; json_free(NULL) is a no-op. */
void json_free(struct json *v);

/* Member @key of object @v, or NULL when @v is not an object or has no such member. */
const struct json *json_get(const struct json *v, const char *key);

/* Element @i of array @v, or NULL when out of range or @v is not an array. */
const struct json *json_at(const struct json *v, size_t i);

/* The string of @v, or NULL when @v is NULL or not a string. */
const char *json_str(const struct json *v);

/* Kernel selftest data set */

#define SELFTESTS_DEFAULT "../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl"

/* $BPFVERIFY_SELFTESTS, or SELFTESTS_DEFAULT (relative to the repository root). */
const char *selftests_path(void);

/* The whole file at @path, NUL-terminated, its size in @len; NULL when unreadable.
 * Caller frees with free(). */
char *selftests_slurp(const char *path, size_t *len);

/* Calls @fn(case, @ctx) on every case of the data set at @path, in file order, blank lines
 * skipped. Returns the number of cases; -ENOENT when the file cannot be read (the caller
 * skips); -EINVAL when a line is not JSON, with the parser's message and the line number in
 * @why (size @why_size). */
int selftests_for_each(const char *path, void (*fn)(const struct json *c, void *ctx), void *ctx,
		       char *why, size_t why_size);

/* The "insns" of case @c ("7a0af8ff00000000": code, dst | src << 4, off le16, imm le32) as a
 * malloc'ed array in @out (caller frees) of @cnt slots; -EINVAL when missing or malformed. */
int selftests_insns(const struct json *c, struct bpf_insn **out, u32 *cnt);

#endif
