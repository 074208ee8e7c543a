/* scalar_kdiff: compare our scalar domain with the running kernel's verifier, instruction by
 * instruction, on random straight-line programs.
 *
 * Each program makes a few unknown scalars (bpf_get_prandom_u32), then runs random ALU/ALU64
 * instructions (every operation, register and immediate forms, MOVSX, NEG, END) and random
 * conditional jumps (JMP and JMP32, every condition, immediate and register forms) whose
 * targets are the final "r0 = 0; exit". The program is loaded live as a socket filter at
 * log_level 2; the kernel prints the registers each instruction writes, and for each jump the
 * state at its target ("from A to B: ..."). We replay the same instructions on our scalars from
 * the kernel's own pre-states and compare the printed text of every scalar register:
 * identical output means identical bounds.
 *
 *   scalar_kdiff [-n PROGRAMS] [-l LENGTH] [-s SEED] [-v] [-r FILE]
 *     -r FILE  append every compared step as a replayable case (see
 *              tests/unit/check_scalar_kernel.c): "insn|dst|src|dst'|src'|tdst|tsrc"
 *
 * Exit status: 0 all equal, 1 some differ, 2 bpf(2) not permitted here (nothing compared).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "domains/scalar.h"

#define MAX_INSNS 512
#define LOG_SIZE (16 << 20)

struct reg {
	bool scalar;
	struct scalar v;
};

struct stats {
	unsigned long equal[256], differ[256];	/* by opcode byte */
	unsigned long programs, rejected, steps;
};

static u64 rng_state;

static u64 rnd(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static s32 rnd_imm(void)
{
	static const s32 base[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 255, 256,
				    0xffff, 0x7fff, 0x8000, 0x7fffffff, INT32_MIN, -1, -2, -8,
				    -255, -256, 0x10000, 0x40000000 };

	switch (rnd() % 4) {
	case 0: return base[rnd() % (sizeof(base) / sizeof(base[0]))];
	case 1: return (s32)(rnd() % 512) - 256;
	case 2: return (s32)rnd();
	default: return (s32)((1U << (rnd() % 32)) - (u32)(rnd() % 2));
	}
}

static struct bpf_insn mk(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };

	return i;
}

/* Registers the body plays with. */
static u8 rnd_reg(void)
{
	return 6 + rnd() % 4;
}

static int gen_program(struct bpf_insn *p, int len)
{
	static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND,
				      BPF_LSH, BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV,
				      BPF_ARSH, BPF_END };
	static const u8 jmp_ops[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				      BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	int n = 0, exit_at;

	for (u8 r = 6; r <= 9; r++) {
		p[n++] = mk(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_prandom_u32);
		p[n++] = mk(BPF_ALU64 | BPF_MOV | BPF_X, r, 0, 0, 0);
	}
	exit_at = n + len;
	while (n < exit_at) {
		u8 dst = rnd_reg(), src = rnd_reg();
		bool alu64 = rnd() % 3 != 0, use_x = rnd() % 2;
		u8 cls = alu64 ? BPF_ALU64 : BPF_ALU;
		int width = alu64 ? 64 : 32;
		unsigned int kind = rnd() % 100;

		if (kind < 8) {
			p[n] = mk(cls | BPF_MOV | BPF_K, dst, 0, 0, rnd_imm());
		} else if (kind < 70) {
			u8 op = alu_ops[rnd() % sizeof(alu_ops)];
			s16 off = 0;
			s32 imm = rnd_imm();

			switch (op) {
			case BPF_NEG:
				p[n] = mk(cls | BPF_NEG | BPF_K, dst, 0, 0, 0);
				break;
			case BPF_END: {
				static const s32 sizes[] = { 16, 32, 64 };
				u8 code = alu64 ? (BPF_ALU64 | BPF_END | BPF_TO_LE)
						: (BPF_ALU | BPF_END | (rnd() % 2 ? BPF_TO_BE : BPF_TO_LE));

				p[n] = mk(code, dst, 0, 0, sizes[rnd() % 3]);
				break;
			}
			case BPF_MOV:
				if (!use_x) {
					p[n] = mk(cls | BPF_MOV | BPF_K, dst, 0, 0, imm);
					break;
				}
				/* plain reg moves would link registers (ids): only MOVSX, which
				 * links them too when no sign bit can be extended, so it is
				 * followed by "dst *= 1", which keeps the value exactly (tnum and
				 * ranges) and drops dst's id: a refinement of one register must not
				 * silently move another (ADD and SUB of a constant keep the link) */
				off = alu64 ? (8 << (rnd() % 3)) : (8 << (rnd() % 2));
				p[n] = mk(cls | BPF_MOV | BPF_X, dst, src, off, 0);
				if (n + 1 < exit_at)
					p[++n] = mk(BPF_ALU64 | BPF_MUL | BPF_K, dst, 0, 0, 1);
				break;
			default:
				if ((op == BPF_DIV || op == BPF_MOD) && rnd() % 3 == 0)
					off = 1;	/* signed */
				if (use_x) {
					p[n] = mk(cls | op | BPF_X, dst, src, off, 0);
				} else {
					if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
						imm = (s32)(rnd() % width);
					if ((op == BPF_DIV || op == BPF_MOD) && !imm)
						imm = 3;
					p[n] = mk(cls | op | BPF_K, dst, 0, off, imm);
				}
			}
		} else {
			u8 op = jmp_ops[rnd() % sizeof(jmp_ops)];
			u8 jcls = rnd() % 3 ? BPF_JMP : BPF_JMP32;
			s16 off = (s16)(exit_at - (n + 1));

			if (use_x)
				p[n] = mk(jcls | op | BPF_X, dst, src, off, 0);
			else
				p[n] = mk(jcls | op | BPF_K, dst, 0, off, rnd_imm());
		}
		n++;
	}
	p[n++] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	p[n++] = mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

static int load(const struct bpf_insn *p, int n, char *log)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)p;
	a.insn_cnt = n;
	a.license = (unsigned long)"GPL";
	a.log_buf = (unsigned long)log;
	a.log_size = LOG_SIZE;
	a.log_level = 2;
	log[0] = 0;
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -errno;
}

/* Per-instruction register text printed by the kernel ("R6=scalar(...)"), by register. */
struct printed {
	const char *text[11];	/* NULL: not printed */
	int len[11];
};

/* Parse the " R<n>=..." list starting at @s (to end of line). */
static void parse_regs(const char *s, const char *eol, struct printed *pr)
{
	memset(pr, 0, sizeof(*pr));
	for (const char *p = s; p < eol; p++) {
		int r;
		const char *v, *e;

		if (p[0] != 'R' || (p != s && p[-1] != ' '))
			continue;
		r = (int)strtol(p + 1, (char **)&v, 10);
		if (v == p + 1 || *v != '=' || r < 0 || r > 10)
			continue;
		v++;
		/* the value ends at the next " R<digit>" or " fp" token */
		for (e = v; e < eol; e++)
			if (e[0] == ' ' && (e[1] == 'R' || e[1] == 'f') && e + 2 <= eol &&
			    (e[1] == 'f' || (e[2] >= '0' && e[2] <= '9')))
				break;
		pr->text[r] = v;
		pr->len[r] = (int)(e - v);
		p = e - 1;
	}
}

/* Kernel text without precision mark and ids, for comparison with scalar_fmt(). */
static void normalize(const char *t, int len, char *out, size_t size)
{
	size_t o = 0;
	int i = 0;

	if (len > 0 && t[0] == 'P')
		i = 1;
	for (; i < len && o + 1 < size; i++) {
		if (!strncmp(t + i, "id=", 3) && (t[i - 1] == '(' || t[i - 1] == ',')) {
			while (i < len && t[i] != ',' && t[i] != ')')
				i++;
			if (i < len && t[i] == ',')
				continue;	/* skip the comma too */
			i--;
			if (o && out[o - 1] == ',')
				o--;
			continue;
		}
		out[o++] = t[i];
	}
	out[o] = 0;
}

static bool is_scalar_text(const char *t, int len)
{
	if (len > 0 && t[0] == 'P')
		t++, len--;
	return len > 0 && (!strncmp(t, "scalar(", 7) || t[0] == '-' || (t[0] >= '0' && t[0] <= '9'));
}

static int verbose;
static FILE *rec;
static char cur_pre[2][512];	/* pre-states of dst and src, for -v */

static bool compare(struct stats *st, u8 code, int idx, int r, const struct reg *ours,
		    const struct printed *pr, const char *what)
{
	char kt[512], ot[512];

	if (!pr->text[r] || !ours->scalar || !is_scalar_text(pr->text[r], pr->len[r]))
		return true;
	normalize(pr->text[r], pr->len[r], kt, sizeof(kt));
	scalar_fmt(ot, sizeof(ot), &ours->v);
	st->steps++;
	if (!strcmp(kt, ot)) {
		st->equal[code]++;
		return true;
	}
	st->differ[code]++;
	if (verbose)
		printf("DIFF insn %d code %#04x %s R%d:\n  pre dst %s\n  pre src %s\n  kernel: %s\n"
		       "  ours:   %s\n", idx, code, what, r, cur_pre[0], cur_pre[1], kt, ot);
	return false;
}

/* Adopt the kernel's printed state for every printed scalar register. */
static void adopt(struct reg *regs, const struct printed *pr)
{
	for (int r = 0; r < 11; r++) {
		char t[512];

		if (!pr->text[r])
			continue;
		if (!is_scalar_text(pr->text[r], pr->len[r])) {
			regs[r].scalar = false;
			continue;
		}
		normalize(pr->text[r], pr->len[r], t, sizeof(t));
		regs[r].scalar = !scalar_parse(t, &regs[r].v, NULL);
	}
}

static void fmt_reg(char *buf, size_t size, const struct reg *r)
{
	if (r->scalar)
		scalar_fmt(buf, size, &r->v);
	else
		snprintf(buf, size, "-");
}

static void record(const struct bpf_insn *in, const struct reg *dst, const struct reg *src,
		   const struct reg *ndst, const struct reg *nsrc, const struct reg *tdst,
		   const struct reg *tsrc)
{
	char a[512], b[512], c[512], d[512], e[512], f[512];
	u64 raw;

	if (!rec || !dst->scalar || !src->scalar)
		return;
	memcpy(&raw, in, 8);
	fmt_reg(a, sizeof(a), dst);
	if (BPF_SRC(in->code) == BPF_K)
		snprintf(b, sizeof(b), "-");
	else
		fmt_reg(b, sizeof(b), src);
	fmt_reg(c, sizeof(c), ndst);
	fmt_reg(d, sizeof(d), nsrc);
	fmt_reg(e, sizeof(e), tdst);
	fmt_reg(f, sizeof(f), tsrc);
	fprintf(rec, "%016llx|%s|%s|%s|%s|%s|%s\n", (unsigned long long)raw, a, b, c, d, e, f);
}

static void kernel_sanitize(struct reg *r)
{
	if (r->scalar && scalar_check(&r->v))
		scalar_mark_unbounded(&r->v);
}

static void run_one(struct stats *st, char *log, int len)
{
	struct bpf_insn prog[MAX_INSNS];
	struct reg regs[11] = { 0 };
	struct printed post[MAX_INSNS], taken[MAX_INSNS];
	bool has_post[MAX_INSNS] = { 0 }, has_taken[MAX_INSNS] = { 0 };
	int n = gen_program(prog, len), err;

	err = load(prog, n, log);
	st->programs++;
	if (err == -EPERM) {
		fprintf(stderr, "scalar_kdiff: bpf(2) not permitted here, nothing compared\n");
		exit(2);
	}
	if (err)
		st->rejected++;
	/* Index the log: first occurrence of each insn's post-state line and of each "from". */
	for (char *l = log; *l;) {
		char *eol = strchr(l, '\n'), *semi;
		int a, b;

		if (!eol)
			eol = l + strlen(l);
		if (sscanf(l, "from %d to %d:", &a, &b) == 2 && a >= 0 && a < n && !has_taken[a]) {
			parse_regs(strchr(l, ':') + 1, eol, &taken[a]);
			has_taken[a] = true;
		} else if (sscanf(l, "%d: (", &a) == 1 && a >= 0 && a < n && !has_post[a] &&
			   (semi = strstr(l, " ; ")) && semi < eol) {
			parse_regs(semi + 3, eol, &post[a]);
			has_post[a] = true;
		}
		l = *eol ? eol + 1 : eol;
	}

	/* Replay the fall-through path. */
	for (int i = 0; i < n; i++) {
		struct bpf_insn *in = &prog[i];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		struct reg *d = &regs[in->dst_reg], *s = &regs[in->src_reg];
		struct reg pre_d = *d, pre_s = *s, kreg = { true, scalar_const((u64)(s64)in->imm) };
		const struct reg *src = BPF_SRC(in->code) == BPF_X ? &pre_s : &kreg;

		fmt_reg(cur_pre[0], sizeof(cur_pre[0]), &pre_d);
		fmt_reg(cur_pre[1], sizeof(cur_pre[1]), src);
		snprintf(cur_pre[1] + strlen(cur_pre[1]), 64, " (insn %016llx)",
			 (unsigned long long)*(u64 *)in);

		if (cls == BPF_JMP && op == BPF_CALL) {
			regs[0].scalar = true;
			regs[0].v = scalar_top();
			for (int r = 1; r <= 5; r++)
				regs[r].scalar = false;
		} else if (cls == BPF_JMP && op == BPF_EXIT) {
			break;
		} else if (cls == BPF_ALU || cls == BPF_ALU64) {
			int width = cls == BPF_ALU64 ? 64 : 32;

			if (!d->scalar && op != BPF_MOV)
				break;
			if (op == BPF_MOV && BPF_SRC(in->code) == BPF_K) {
				d->scalar = true;
				d->v = scalar_const(width == 64 ? (u64)(s64)in->imm : (u32)in->imm);
			} else if (op == BPF_END) {
				d->v = scalar_end(&d->v, cls == BPF_ALU64 ? SCALAR_END_BSWAP :
						  BPF_SRC(in->code) == BPF_TO_BE ? SCALAR_END_TO_BE :
						  SCALAR_END_TO_LE, in->imm);
			} else {
				struct scalar dv = d->v;
				bool a32;

				if (!src->scalar)
					break;
				/* the kernel's maybe_fork_scalars(): this path continues with -1 */
				if ((op == BPF_AND || op == BPF_OR) && tnum_is_const(src->v.var_off) &&
				    scalar_bitop_forks(&dv, &a32))
					dv = a32 ? scalar_const32(dv, ~0U) : scalar_const(~0ULL);
				d->scalar = true;
				d->v = scalar_alu((enum scalar_alu_op)op, &dv, &src->v, width, in->off);
			}
			if (!has_post[i])
				break;
			compare(st, in->code, i, in->dst_reg, d, &post[i], "dst");
			record(in, &pre_d, src, d,
			       &(struct reg){ 0 }, &(struct reg){ 0 }, &(struct reg){ 0 });
			adopt(regs, &post[i]);
		} else if (cls == BPF_JMP || cls == BPF_JMP32) {
			bool j32 = cls == BPF_JMP32;
			struct reg fd = pre_d, fs = *src, td = pre_d, ts = *src;
			int t;

			if (!d->scalar || !src->scalar)
				break;
			t = scalar_branch_taken(&pre_d.v, &src->v, (enum scalar_jmp_op)op, j32);
			if (t == 1)
				break;	/* the kernel follows the jump only: the path ends */
			if (t < 0) {
				scalar_refine(&td.v, &ts.v, (enum scalar_jmp_op)op, j32);
				scalar_refine(&fd.v, &fs.v, scalar_jmp_negate((enum scalar_jmp_op)op),
					      j32);
				if (in->src_reg == in->dst_reg && BPF_SRC(in->code) == BPF_X) {
					/* one register: refine it through both pointers */
					td = pre_d;
					fd = pre_d;
					scalar_refine(&td.v, &td.v, (enum scalar_jmp_op)op, j32);
					scalar_refine(&fd.v, &fd.v,
						      scalar_jmp_negate((enum scalar_jmp_op)op), j32);
					ts = td;
					fs = fd;
				}
				/* the kernel's reg_bounds_sanity_check(): an inconsistent
				 * outcome (a dead branch) gets its ranges forgotten */
				kernel_sanitize(&td);
				kernel_sanitize(&ts);
				kernel_sanitize(&fd);
				kernel_sanitize(&fs);
				if (has_taken[i]) {
					compare(st, in->code, i, in->dst_reg, &td, &taken[i], "taken dst");
					if (BPF_SRC(in->code) == BPF_X)
						compare(st, in->code, i, in->src_reg, &ts, &taken[i],
							"taken src");
				}
			}
			if (has_post[i]) {
				compare(st, in->code, i, in->dst_reg, &fd, &post[i], "fall dst");
				if (BPF_SRC(in->code) == BPF_X)
					compare(st, in->code, i, in->src_reg, &fs, &post[i], "fall src");
			}
			if (t < 0 && has_taken[i])
				record(in, &pre_d, src, &fd,
				       BPF_SRC(in->code) == BPF_X ? &fs : &(struct reg){ 0 }, &td,
				       BPF_SRC(in->code) == BPF_X ? &ts : &(struct reg){ 0 });
			*d = fd;
			if (BPF_SRC(in->code) == BPF_X)
				*s = fs;
			if (has_post[i])
				adopt(regs, &post[i]);
		} else if (has_post[i]) {
			adopt(regs, &post[i]);
		}
	}
}

int main(int argc, char **argv)
{
	int programs = 200, len = 40, opt;
	struct stats st = { 0 };
	unsigned long eq = 0, ne = 0;
	char *log;

	rng_state = 1;
	while ((opt = getopt(argc, argv, "n:l:s:vr:")) != -1) {
		switch (opt) {
		case 'n': programs = atoi(optarg); break;
		case 'l': len = atoi(optarg); break;
		case 's': rng_state = strtoull(optarg, NULL, 0); break;
		case 'v': verbose = 1; break;
		case 'r':
			rec = fopen(optarg, "a");
			if (!rec) {
				perror(optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: %s [-n PROGRAMS] [-l LENGTH] [-s SEED] [-v] [-r FILE]\n",
				argv[0]);
			return 2;
		}
	}
	if (len > MAX_INSNS - 16)
		len = MAX_INSNS - 16;
	log = malloc(LOG_SIZE);
	if (!log)
		return 2;
	for (int i = 0; i < programs; i++)
		run_one(&st, log, len);
	for (int c = 0; c < 256; c++) {
		if (!st.equal[c] && !st.differ[c])
			continue;
		printf("  code %#04x: %lu equal, %lu differ\n", c, st.equal[c], st.differ[c]);
		eq += st.equal[c];
		ne += st.differ[c];
	}
	printf("scalar_kdiff: %lu programs (%lu rejected), %lu register states compared: "
	       "%lu equal, %lu differ\n", st.programs, st.rejected, eq + ne, eq, ne);
	if (rec)
		fclose(rec);
	free(log);
	return ne ? 1 : 0;
}
