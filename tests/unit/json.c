/* Recursive-descent JSON reader for the unit tests' data files. Strings are decoded (escapes,
 * \uXXXX with surrogate pairs to UTF-8); numbers go through strtod. Depth is bounded so that a
 * hostile file cannot blow the stack. At the end, the kernel selftest data set helpers. */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_MAX_DEPTH 64

struct parser {
	const char *p, *end;
	const char *err;
};

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int fail(struct parser *ps, const char *why)
{
	if (!ps->err)
		ps->err = why;
	return -1;
}

static void json_release(struct json *v)
{
	size_t i;

	if (!v)
		return;
	free(v->str);
	for (i = 0; i < v->cnt; i++) {
		json_release(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

void json_free(struct json *v)
{
	json_release(v);
	free(v);
}

static int hex4(struct parser *ps, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (ps->end - ps->p < 4)
		return fail(ps, "truncated \\u escape");
	for (i = 0; i < 4; i++) {
		char c = *ps->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return fail(ps, "bad \\u escape");
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *dst, unsigned cp)
{
	if (cp < 0x80) {
		dst[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = 0xc0 | cp >> 6;
		dst[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = 0xe0 | cp >> 12;
		dst[1] = 0x80 | ((cp >> 6) & 0x3f);
		dst[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	dst[0] = 0xf0 | cp >> 18;
	dst[1] = 0x80 | ((cp >> 12) & 0x3f);
	dst[2] = 0x80 | ((cp >> 6) & 0x3f);
	dst[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* at the opening quote; decoded text is never longer than the encoded one */
static int parse_string(struct parser *ps, char **out, size_t *outlen)
{
	const char *start = ++ps->p;
	char *buf, *w;
	unsigned cp, lo;

	while (ps->p < ps->end && *ps->p != '"') {
		if (*ps->p == '\\')
			ps->p++;
		ps->p++;
	}
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string");
	buf = malloc(ps->p - start + 1);
	if (!buf)
		return fail(ps, "out of memory");
	w = buf;
	ps->end = ps->p;	/* decode [start, closing quote) */
	ps->p = start;
	while (ps->p < ps->end) {
		char c = *ps->p++;

		if (c != '\\') {
			*w++ = c;
			continue;
		}
		c = *ps->p++;
		switch (c) {
		case '"': case '\\': case '/':
			*w++ = c;
			break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (hex4(ps, &cp))
				goto err;
			if (cp >= 0xd800 && cp < 0xdc00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
			    ps->p[1] == 'u') {
				ps->p += 2;
				if (hex4(ps, &lo))
					goto err;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			w += put_utf8(w, cp);
			break;
		default:
			fail(ps, "bad escape");
			goto err;
		}
	}
	*w = '\0';
	*out = buf;
	*outlen = w - buf;
	return 0;
err:
	free(buf);
	return -1;
}

static int parse_value(struct parser *ps, struct json *v, int depth);

static int push_item(struct json *v, size_t *cap)
{
	struct json *items;
	char **keys;

	if (v->cnt < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	items = realloc(v->items, *cap * sizeof(*items));
	if (!items)
		return -1;
	v->items = items;
	if (v->type == JSON_OBJECT) {
		keys = realloc(v->keys, *cap * sizeof(*keys));
		if (!keys)
			return -1;
		v->keys = keys;
	}
	return 0;
}

static int parse_container(struct parser *ps, struct json *v, int depth, char close)
{
	size_t cap = 0, keylen;
	const char *end;
	char *key;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		key = NULL;
		skip_ws(ps);
		if (close == '}') {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "expected a key");
			end = ps->end;
			if (parse_string(ps, &key, &keylen))
				return -1;
			ps->end = end;
			ps->p++;	/* closing quote */
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				return fail(ps, "expected ':'");
			}
			ps->p++;
		}
		if (push_item(v, &cap)) {
			free(key);
			return fail(ps, "out of memory");
		}
		memset(&v->items[v->cnt], 0, sizeof(v->items[0]));
		if (v->keys)
			v->keys[v->cnt] = key;
		v->cnt++;
		if (parse_value(ps, &v->items[v->cnt - 1], depth + 1))
			return -1;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or a closing bracket");
	}
}

static int parse_word(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return fail(ps, "unexpected character");
	ps->p += n;
	return 0;
}

static int parse_value(struct parser *ps, struct json *v, int depth)
{
	const char *end;
	char numbuf[64], *numend;
	size_t n;

	if (depth > JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
		v->type = JSON_OBJECT;
		return parse_container(ps, v, depth, '}');
	case '[':
		v->type = JSON_ARRAY;
		return parse_container(ps, v, depth, ']');
	case '"':
		v->type = JSON_STRING;
		end = ps->end;
		if (parse_string(ps, &v->str, &v->len))
			return -1;
		ps->end = end;
		ps->p++;
		return 0;
	case 't':
		v->type = JSON_BOOL;
		v->boolean = true;
		return parse_word(ps, "true");
	case 'f':
		v->type = JSON_BOOL;
		return parse_word(ps, "false");
	case 'n':
		v->type = JSON_NULL;
		return parse_word(ps, "null");
	}
	n = 0;
	while (ps->p + n < ps->end && n < sizeof(numbuf) - 1 && strchr("+-0123456789.eE", ps->p[n]))
		n++;
	if (!n)
		return fail(ps, "unexpected character");
	memcpy(numbuf, ps->p, n);
	numbuf[n] = '\0';
	v->type = JSON_NUMBER;
	v->number = strtod(numbuf, &numend);
	if (numend != numbuf + n)
		return fail(ps, "bad number");
	ps->p += n;
	return 0;
}

struct json *json_parse(const char *text, size_t len, const char **err)
{
	struct parser ps = { .p = text, .end = text + len };
	struct json *root = calloc(1, sizeof(*root));

	if (!root) {
		ps.err = "out of memory";
		goto out;
	}
	if (parse_value(&ps, root, 0) == 0) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			goto out;
		fail(&ps, "trailing characters");
	}
	json_free(root);
	root = NULL;
out:
	if (err)
		*err = root ? NULL : ps.err;
	return root;
}

const struct json *json_get(const struct json *v, const char *key)
{
	size_t i;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < v->cnt; i++)
		if (v->keys[i] && !strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const struct json *json_at(const struct json *v, size_t i)
{
	if (!v || v->type != JSON_ARRAY || i >= v->cnt)
		return NULL;
	return &v->items[i];
}

const char *json_str(const struct json *v)
{
	return v && v->type == JSON_STRING ? v->str : NULL;
}

/* Kernel selftest data set */

char *selftests_slurp(const char *path, size_t *len)
{
	return file_slurp(path, len);
}

int selftests_for_each(const char *path, void (*fn)(const struct json *c, void *ctx), void *ctx,
		       char *why, size_t why_size)
{
	const char *line, *nl, *err;
	struct json *c;
	size_t len = 0;
	u32 lineno = 0;
	int cases = 0;
	char *data;

	data = selftests_slurp(path, &len);
	if (!data)
		return -ENOENT;
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', data + len - line);
		if (!nl)
			nl = data + len;
		lineno++;
		if (nl == line)
			continue;
		c = json_parse(line, nl - line, &err);
		if (!c) {
			snprintf(why, why_size, "%s:%u: %s", path, lineno, err);
			free(data);
			return -EINVAL;
		}
		fn(c, ctx);
		json_free(c);
		cases++;
	}
	free(data);
	return cases;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool insn_from_hex(const char *s, struct bpf_insn *out)
{
	u8 b[8];
	int i, hi, lo;

	if (!s || strlen(s) != 16)
		return false;
	for (i = 0; i < 8; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		b[i] = hi << 4 | lo;
	}
	memset(out, 0, sizeof(*out));
	out->code = b[0];
	out->dst_reg = b[1] & 0xf;
	out->src_reg = b[1] >> 4;
	out->off = (s16)(b[2] | b[3] << 8);
	out->imm = (s32)((u32)b[4] | (u32)b[5] << 8 | (u32)b[6] << 16 | (u32)b[7] << 24);
	return true;
}

int selftests_insns(const struct json *c, struct bpf_insn **out, u32 *cnt)
{
	const struct json *arr = json_get(c, "insns");
	struct bpf_insn *insns;
	size_t i;

	if (!arr || arr->type != JSON_ARRAY || arr->cnt > UINT32_MAX)
		return -EINVAL;
	insns = calloc(arr->cnt ? arr->cnt : 1, sizeof(*insns));
	if (!insns)
		return -ENOMEM;
	for (i = 0; i < arr->cnt; i++) {
		if (!insn_from_hex(json_str(json_at(arr, i)), &insns[i])) {
			free(insns);
			return -EINVAL;
		}
	}
	*out = insns;
	*cnt = arr->cnt;
	return 0;
}

const char *selftests_path(void)
{
	const char *path = getenv("BPFVERIFY_SELFTESTS");

	return path && *path ? path : SELFTESTS_DEFAULT;
}


