/* scalar_oracle: replay the scalar ALU and jump steps of the kernel's own verifier selftests
 * against the live 6.18 kernel's logs recorded in
 * ../shared/kernel-selftests/verifier-6.1-on-6.18.jsonl (kernel_l1.log_tail: the registers each
 * instruction wrote, at log_level 1).
 *
 * For every instruction of a log whose scalar operands were printed on the same straight path
 * just before it, we run our transfer (or, for a conditional jump, the fall-through refinement)
 * from the kernel's printed pre-states and require the kernel's printed result. Registers that
 * carry an id are skipped: the kernel may move them through linked-register propagation, which
 * is the state's business, not the scalar domain's. The file lives outside the repository;
 * without it (BPFVERIFY_SHARED=dir overrides ../shared) the test passes with a note.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains/scalar.h"

#define MAX_INSNS 4096

struct jrec {
	u64 insn[MAX_INSNS];
	int n;
	char *log;	/* unescaped log_tail, malloc'd */
};

/* Minimal extraction from one JSON line: the "insns" array of hex strings and the
 * "log_tail" string (with its escapes undone). Not a general JSON parser. */
static bool extract(const char *line, struct jrec *r)
{
	const char *p = strstr(line, "\"insns\":[");
	char *o;

	r->n = 0;
	r->log = NULL;
	if (!p)
		return false;
	for (p += 9; *p == '"' && r->n < MAX_INSNS;) {
		u64 v = strtoull(p + 1, NULL, 16);

		/* 16 hex digits in memory order: byte 0 first */
		r->insn[r->n++] = __builtin_bswap64(v);
		p = strchr(p + 1, '"') + 1;
		if (*p == ',')
			p++;
	}
	p = strstr(line, "\"log_tail\":\"");
	if (!p)
		return false;
	p += 12;
	o = r->log = malloc(strlen(p) + 1);
	if (!o)
		return false;
	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'u': *o++ = '?'; p += 4; break;
		default: *o++ = *p; break;
		}
	}
	*o = '\0';
	return true;
}

struct regtext {
	char t[11][256];
	bool known[11];
};

/* Parse " R<n>=value" tokens of @s (one line) into @rt. */
static void note_regs(const char *s, struct regtext *rt)
{
	for (const char *p = s; *p; p++) {
		const char *v, *e;
		char *endp;
		int depth;
		long r;

		if (p[0] != 'R' || (p != s && p[-1] != ' '))
			continue;
		r = strtol(p + 1, &endp, 10);
		if (endp == p + 1 || *endp != '=' || r < 0 || r > 10)
			continue;
		v = endp + 1;
		/* the value ends at the first space outside parentheses ("var_off=(0x0; 0xff)") */
		depth = 0;
		for (e = v; *e && (*e != ' ' || depth); e++)
			depth += *e == '(' ? 1 : *e == ')' ? -1 : 0;
		if (e - v < (long)sizeof(rt->t[r])) {
			memcpy(rt->t[r], v, e - v);
			rt->t[r][e - v] = '\0';
			rt->known[r] = true;
		} else {
			rt->known[r] = false;
		}
		p = e - 1;
	}
}

/* A plain scalar without id: parse it. */
static bool plain_scalar(const struct regtext *rt, int r, struct scalar *s)
{
	const char *t = rt->t[r], *end;

	if (!rt->known[r] || strstr(t, "id="))
		return false;
	if (*t == 'P')
		t++;
	if (strncmp(t, "scalar(", 7) && *t != '-' && (*t < '0' || *t > '9'))
		return false;
	return !scalar_parse(t, s, &end) && !*end;
}

struct tally {
	unsigned long compared, differ;
	char first[4][600];
};

static void check_one(struct tally *ty, u64 raw, const struct regtext *pre, const char *after,
		      int idx)
{
	u8 code = raw & 0xff, cls = code & 7, op = code & 0xf0, dreg = (raw >> 8) & 0xf,
	   sreg = (raw >> 12) & 0xf;
	s16 off = (s16)(raw >> 16);
	s32 imm = (s32)(raw >> 32);
	bool use_x = code & 8;
	struct scalar dst, src, res, other;
	struct regtext post = { 0 };
	char got[256], want[256];
	const char *w;

	if (!plain_scalar(pre, dreg, &dst))
		return;
	if (use_x && !plain_scalar(pre, sreg, &src))
		return;
	if (!use_x)
		src = scalar_const((u64)(s64)imm);
	note_regs(after, &post);
	if (!post.known[dreg] || strstr(post.t[dreg], "id="))
		return;
	if (cls == 0x04 || cls == 0x07) {
		bool a32;

		if (op == SCALAR_MOV && !use_x)
			return;	/* constants: nothing to learn */
		if (op == SCALAR_END) {
			res = scalar_end(&dst, cls == 0x07 ? SCALAR_END_BSWAP :
					 use_x ? SCALAR_END_TO_BE : SCALAR_END_TO_LE, imm);
		} else {
			if ((op == SCALAR_AND || op == SCALAR_OR) && scalar_is_const(&src) &&
			    scalar_bitop_forks(&dst, &a32))
				dst = a32 ? scalar_const32(dst, ~0U) : scalar_const(~0ULL);
			if (use_x && sreg == dreg)
				src = dst;
			res = scalar_alu((enum scalar_alu_op)op, &dst, &src, cls == 0x07 ? 64 : 32,
					 off);
		}
	} else if ((cls == 0x05 || cls == 0x06) && op != 0x00 && op != 0x80 && op != 0x90 &&
		   op < 0xe0) {
		bool j32 = cls == 0x06;
		int t = scalar_branch_taken(&dst, &src, (enum scalar_jmp_op)op, j32);

		res = dst;
		other = src;
		if (t < 0) {
			if (use_x && sreg == dreg)
				scalar_refine(&res, &res, scalar_jmp_negate((enum scalar_jmp_op)op),
					      j32);
			else
				scalar_refine(&res, &other,
					      scalar_jmp_negate((enum scalar_jmp_op)op), j32);
			if (scalar_check(&res))
				scalar_mark_unbounded(&res);
		}
		if (t == 1)
			return;	/* the kernel printed the pre-state and jumped */
	} else {
		return;
	}
	w = post.t[dreg][0] == 'P' ? post.t[dreg] + 1 : post.t[dreg];
	snprintf(want, sizeof(want), "%s", w);
	scalar_fmt(got, sizeof(got), &res);
	ty->compared++;
	if (strcmp(got, want)) {
		if (ty->differ < 4)
			snprintf(ty->first[ty->differ], sizeof(ty->first[0]),
				 "insn %d (%016llx): pre R%d=%s -> kernel %s, ours %s", idx,
				 (unsigned long long)raw, dreg, pre->t[dreg], want, got);
		ty->differ++;
	}
}

/* "N: (" (an instruction) -> 1, "N: R" (a full state) -> 2, else 0; *@n = N. */
static int line_kind(const char *l, int *n)
{
	char *end;
	long v = strtol(l, &end, 10);

	if (end == l || end[0] != ':' || end[1] != ' ')
		return 0;
	*n = (int)v;
	return end[2] == '(' ? 1 : end[2] == 'R' ? 2 : 0;
}

static void replay(struct tally *ty, const struct jrec *r)
{
	struct regtext rt = { 0 };
	int prev = -2;

	for (char *l = r->log; l && *l;) {
		char *eol = strchr(l, '\n'), *semi;
		int a, b, kind;

		if (eol)
			*eol = '\0';
		kind = line_kind(l, &a);
		if (sscanf(l, "from %d to %d:", &a, &b) == 2 && strchr(l, ':')) {
			memset(&rt, 0, sizeof(rt));
			note_regs(strchr(l, ':') + 1, &rt);
			prev = b - 1;	/* the next insn to print is b */
		} else if (kind == 1 && (semi = strstr(l, " ; "))) {
			if (a == prev + 1 && a < r->n)
				check_one(ty, r->insn[a], &rt, semi + 3, a);
			if (a < r->n && (r->insn[a] & 0xff) == 0x85)
				for (int k = 0; k <= 5; k++)	/* a call clobbers r0-r5 */
					rt.known[k] = false;
			note_regs(semi + 3, &rt);
			prev = a;
			if (r->n > a && (r->insn[a] & 0xff) == 0x18)
				prev = a + 1;	/* ld_imm64 takes two slots */
		} else if (kind == 2) {
			memset(&rt, 0, sizeof(rt));
			note_regs(strchr(l, ':') + 1, &rt);
			prev = a - 1;
		} else if (kind == 1) {
			/* an instruction that printed nothing (or the failing one): the path goes
			 * on, but we do not know what it wrote; forget everything */
			memset(&rt, 0, sizeof(rt));
			prev = -2;
		}
		l = eol ? eol + 1 : NULL;
	}
}

START_TEST(scalar_oracle__selftest_logs__kernel_equal_bounds)
{
	const char *dir = getenv("BPFVERIFY_SHARED");
	char path[512], *line = NULL;
	size_t cap = 0;
	struct tally ty = { 0 };
	struct jrec *r;
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel-selftests/verifier-6.1-on-6.18.jsonl",
		 dir ? dir : "../shared");
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "scalar_oracle: %s not found, skipped\n", path);
		return;
	}
	r = malloc(sizeof(*r));
	ck_assert_ptr_nonnull(r);
	while (getline(&line, &cap, f) > 0) {
		if (extract(line, r))
			replay(&ty, r);
		free(r->log);
	}
	free(line);
	free(r);
	fclose(f);
	fprintf(stderr, "scalar_oracle: %lu scalar steps compared with the 6.18 logs, %lu differ\n",
		ty.compared, ty.differ);
	for (unsigned long i = 0; i < ty.differ && i < 4; i++)
		fprintf(stderr, "  %s\n", ty.first[i]);
	ck_assert_uint_gt(ty.compared, 50);	/* the logs keep only their tails */
	ck_assert_msg(ty.differ == 0, "%lu of %lu steps differ, first: %s", ty.differ, ty.compared,
		      ty.first[0]);
}
END_TEST

Suite *scalar_oracle_suite(void)
{
	Suite *s = suite_create("scalar_oracle");
	TCase *tc = tcase_create("selftests_6_18");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, scalar_oracle__selftest_logs__kernel_equal_bounds);
	suite_add_tcase(s, tc);
	return s;
}
