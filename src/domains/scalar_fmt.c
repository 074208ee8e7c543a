/* Printing and parsing scalars in the Linux 6.x verifier log syntax (kernel/bpf/log.c:
 * print_reg_state(), print_scalar_ranges(), verbose_snum/unum(), tnum_strn()).
 *
 * Rules reproduced here:
 *  - a constant prints alone, as a signed number: decimal within [S16_MIN, S16_MAX], else the
 *    64-bit pattern in hex ("-1", "255", "0xfffffffe", "0xffffffffffff63c0");
 *  - otherwise "scalar(" + bounds + var_off + ")". Bounds are listed in the order smin, smax,
 *    umin, umax, smin32, smax32, umin32, umax32, each omitted when it is the type's extreme. A
 *    bound absorbs the later bounds of the same kind (minimum or maximum) that have the same
 *    printed value and the same sign: "smax=umax=smax32=umax32=255". Unsigned values print in
 *    decimal up to U16_MAX, signed ones within [S16_MIN, S16_MAX], hex beyond. A 32-bit signed
 *    bound shown in hex is its 32-bit pattern, not its sign extension;
 *  - var_off is printed unless it is completely unknown;
 *  - hex always carries "0x" (the kernel's %#llx does, also for 0; libc's does not).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "domains/scalar.h"

#define SNUM_MIN_DEC (-32768)
#define SNUM_MAX_DEC 32767
#define UNUM_MAX_DEC 65535

static bool snum_is_dec(s64 v)
{
	return v >= SNUM_MIN_DEC && v <= SNUM_MAX_DEC;
}

/* Appends to a buffer with snprintf semantics: keeps counting past the end. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void __printf(2, 3) out_add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->len < o->size ? o->size - o->len : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void out_snum(struct out *o, s64 v)
{
	if (snum_is_dec(v))
		out_add(o, "%lld", (long long)v);
	else
		out_add(o, "0x%llx", (unsigned long long)(u64)v);
}

static void out_unum(struct out *o, u64 v)
{
	if (v <= UNUM_MAX_DEC)
		out_add(o, "%llu", (unsigned long long)v);
	else
		out_add(o, "0x%llx", (unsigned long long)v);
}

static void out_fields(struct out *o, const struct scalar *s, bool first)
{
	struct {
		const char *name;
		u64 val;
		bool omit;
	} m[8] = {
		{ "smin", (u64)s->smin, s->smin == INT64_MIN },
		{ "smax", (u64)s->smax, s->smax == INT64_MAX },
		{ "umin", s->umin, s->umin == 0 },
		{ "umax", s->umax, s->umax == UINT64_MAX },
		{ "smin32", snum_is_dec(s->s32_min) ? (u64)(s64)s->s32_min : (u64)(u32)s->s32_min,
		  s->s32_min == INT32_MIN },
		{ "smax32", snum_is_dec(s->s32_max) ? (u64)(s64)s->s32_max : (u64)(u32)s->s32_max,
		  s->s32_max == INT32_MAX },
		{ "umin32", s->u32_min, s->u32_min == 0 },
		{ "umax32", s->u32_max, s->u32_max == 0xffffffffU },
	};

	for (int i = 0; i < 8; i++) {
		bool neg = m[i].name[0] == 's' && (s64)m[i].val < 0;

		if (m[i].omit)
			continue;
		out_add(o, "%s%s=", first ? "" : ",", m[i].name);
		first = false;
		/* later bounds of the same kind (min or max: same index parity) */
		for (int j = i + 2; j < 8; j += 2) {
			bool neg_j = m[j].name[0] == 's' && (s64)m[j].val < 0;

			if (m[j].omit || m[j].val != m[i].val || neg_j != neg)
				continue;
			m[j].omit = true;
			out_add(o, "%s=", m[j].name);
		}
		if (m[i].name[0] == 's')
			out_snum(o, (s64)m[i].val);
		else
			out_unum(o, m[i].val);
	}
	if (!tnum_is_unknown(s->var_off))
		out_add(o, "%svar_off=(0x%llx; 0x%llx)", first ? "" : ",",
			(unsigned long long)s->var_off.value, (unsigned long long)s->var_off.mask);
}

int scalar_fmt_fields(char *buf, size_t size, const struct scalar *s)
{
	struct out o = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	out_fields(&o, s, true);
	return (int)o.len;
}

int scalar_fmt(char *buf, size_t size, const struct scalar *s)
{
	struct out o = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	if (scalar_is_bottom(s)) {
		out_add(&o, "scalar(bottom)");
	} else if (tnum_is_const(s->var_off)) {
		out_snum(&o, (s64)s->var_off.value);
	} else {
		out_add(&o, "scalar(");
		out_fields(&o, s, true);
		out_add(&o, ")");
	}
	return (int)o.len;
}

/* ---- Parsing ---- */

static int parse_num(const char **p, u64 *v, bool *negative)
{
	const char *s = *p;
	char *end;

	*negative = *s == '-';
	if (*negative)
		s++;
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	if (*negative)
		*v = -*v;
	*p = end;
	return 0;
}

static int set_field(struct scalar *s, const char *name, size_t len, u64 v)
{
#define IS(n) (len == sizeof(n) - 1 && !memcmp(name, n, len))
	if (IS("smin"))
		s->smin = (s64)v;
	else if (IS("smax"))
		s->smax = (s64)v;
	else if (IS("umin"))
		s->umin = v;
	else if (IS("umax"))
		s->umax = v;
	/* 32-bit signed bounds come sign-extended in decimal or as a 32-bit pattern in hex */
	else if (IS("smin32"))
		s->s32_min = (s32)(u32)v;
	else if (IS("smax32"))
		s->s32_max = (s32)(u32)v;
	else if (IS("umin32"))
		s->u32_min = (u32)v;
	else if (IS("umax32"))
		s->u32_max = (u32)v;
	else
		return -EINVAL;
	return 0;
#undef IS
}

int scalar_parse(const char *text, struct scalar *out, const char **end)
{
	const char *p = text;
	u64 v;
	bool neg;

	*out = scalar_top();
	if (*p == 'P')
		p++;
	if (isdigit((unsigned char)*p) || *p == '-') {
		if (parse_num(&p, &v, &neg))
			return -EINVAL;
		*out = scalar_const(v);
		goto done;
	}
	if (strncmp(p, "scalar(", 7))
		return -EINVAL;
	p += 7;
	while (*p && *p != ')') {
		const char *names[8];
		size_t lens[8];
		int n = 0;

		if (!strncmp(p, "var_off=(", 9)) {
			u64 mask;

			p += 9;
			if (parse_num(&p, &v, &neg) || strncmp(p, "; ", 2))
				return -EINVAL;
			p += 2;
			if (parse_num(&p, &mask, &neg) || *p != ')')
				return -EINVAL;
			p++;
			out->var_off = TNUM(v, mask);
		} else if (!strncmp(p, "id=", 3) || !strncmp(p, "ref_obj_id=", 11)) {
			/* register identity, not part of the value: skip "id=N" or "id=N+K" */
			while (*p && *p != ',' && *p != ')')
				p++;
		} else {
			/* name=name=...=value */
			for (;;) {
				const char *q = p;

				while (isalnum((unsigned char)*q) || *q == '_')
					q++;
				if (q == p || *q != '=' || n == 8)
					return -EINVAL;
				names[n] = p;
				lens[n++] = (size_t)(q - p);
				p = q + 1;
				if (isdigit((unsigned char)*p) || *p == '-')
					break;
			}
			if (parse_num(&p, &v, &neg))
				return -EINVAL;
			for (int i = 0; i < n; i++)
				if (set_field(out, names[i], lens[i], v))
					return -EINVAL;
		}
		if (*p == ',')
			p++;
		else if (*p != ')')
			return -EINVAL;
	}
	if (*p != ')')
		return -EINVAL;
	p++;
done:
	if (end)
		*end = p;
	return 0;
}
