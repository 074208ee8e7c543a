/* conformance: the eBPF ISA conformance suite (bpf_conformance) through our assembler, our
 * interpreter and the live kernel.
 *
 *   conformance [-v] [--list] DIR		DIR: the suite, holding tests/ and negative/
 *
 * For every .data file of DIR/tests: assemble the "-- asm" section (src/isa/asm.c) and
 * compare it with "-- raw" where there is one. Tests with "-- mem" take input memory in r1/r2,
 * which no program type hands to a program as plain memory: they are assembled only and counted
 * as skipped. Every input-free test is loaded as a socket filter (no attach target needed, and
 * it may use all the suite uses); the kernel's verdict is recorded (a rejection is the kernel's
 * statement about a program, not a failure: it is listed with the first error line of the log),
 * and an accepted program is run with BPF_PROG_TEST_RUN and its r0 compared with "-- result".
 * This validates the assembler and the suite's expectations on this kernel at once.
 *
 * Every input-free test also goes through our analysis as the same socket filter, with or
 * without bpf(2), and R0 joined over the exits it reached (analysis_result.exit_r0) is compared
 * with "-- result": exact (one constant, the expected one), imprecise (the expected value among
 * others: where 6.18 forgets the value too, e.g. division, modulo, shifts by unknown or
 * out-of-range amounts, narrow stack stores off an 8-byte boundary, atomics on the stack), or
 * wrong (the expected value excluded: an unsound transfer). Unknown verdicts are grouped by
 * reason and reported, not failed: the interpreter is incomplete. Where the kernel accepts, a
 * third load asks whether its verifier knows r0 exactly too: every exit jumps to "if r0 ==
 * result exit; else read the stack out of bounds", which loads only when the comparison is
 * decided on every path. A precision unlike ours, or a test we accept and the kernel rejects,
 * prints a DIVERGE line and fails: the default mode must be exactly as precise as the kernel.
 *
 * Every input-free test goes through the analysis a second time with
 * analysis_opts.exact_constants (bpfverify --exact-constants): every input of these programs is
 * known, so R0 must be the expected constant at every exit of every test the kernel accepts;
 * anything else fails.
 *
 * BPF_PROG_TEST_RUN reports r0 as a u32 for every program type, so each program runs twice:
 * as written (the low half) and with every exit of the main function turned into a jump to a
 * prologue "r0 >>= 32; exit" (the high half). The prologue goes first, "ja +2" over it, so no
 * relative offset in the program changes and the subprograms (bpf-to-bpf calls) keep their
 * own exits. Thus all 64 bits are compared.
 *
 * The files of DIR/negative are checked to be refused somewhere: by the data file's syntax (an
 * unknown section), by the assembler, or by the kernel (raw encodings with reserved fields set,
 * a program the verifier refuses); a kernel run that returns the expected result fails.
 *
 * Output: one line per kernel rejection and per failure, a table of counts, and the last line
 * "conformance: N passed, N failed, N skipped" (skipped: tests with input memory, tests the
 * kernel rejected, and every live part when bpf(2) is not permitted, which prints "SKIP: ...").
 * --list writes instead, on stdout, the kernel-accepted input-free tests with their expected
 * r0 ("tests/add.data 0x0000000000000003"; only those whose run gave it, the others fail), the
 * table going to stderr; -v also prints passes.
 * Exit status: 1 when anything failed (an assembler error or raw mismatch on a positive test,
 * a result different from "-- result", a negative test not refused; ours: an R0 that excludes
 * "-- result" in either mode, a rejection of a test the kernel accepts, a DIVERGE line, an R0
 * not exact with exact_constants on a test the kernel accepts), 2 on usage errors or
 * when --list cannot ask the kernel, else 0. */
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "isa/asm.h"
#include "isa/insn.h"
#include "loader/kernel.h"
#include "report/klog.h"

#define LOG_SIZE (1U << 20)
#define PROLOGUE_MAX 6
#define MAX_REASONS 32

/* Sections of the suite's .data files; anything else is a malformed file. */
static const char *const known_sections[] = {
	"asm", "raw", "mem", "result", "error", "c", "no register offset",
};

/* What our interpreter says about one input-free test. */
enum ours {
	OURS_EXACT,	/* accepted, R0 one constant at every exit, the expected one */
	OURS_IMPRECISE,	/* accepted, the expected value within R0, not a single constant */
	OURS_WRONG,	/* accepted, the expected value outside R0 (or R0 a pointer) */
	OURS_NO_EXIT,	/* accepted without reaching an exit */
	OURS_UNKNOWN,
	OURS_REJECT,
	OURS_ERROR,	/* analysis_run() failed (ENOMEM) */
	OURS_NR,
};

static const char *const ours_name[OURS_NR] = {
	"R0 exact", "R0 imprecise", "R0 wrong", "no exit reached", "unknown", "we reject",
	"analysis error",
};

struct reason {
	char text[160];
	u32 cnt;
};

struct totals {
	u32 tests, assembled, raw, raw_matched, input, input_free;
	u32 accepted, rejected, matched, mismatched;
	u32 neg, neg_syntax, neg_asm, neg_kernel, neg_noprog, neg_skipped;
	u32 pass, fail, skip;
	/* our interpreter: [0] every input-free test, [1] the kernel-accepted, [2] kernel-rejected */
	u32 ours[3][OURS_NR];
	u32 kexact[OURS_NR];	/* kernel-accepted, the kernel's r0 exact at every exit (probe) */
	/* with exact_constants: [0] every input-free test, [1] the kernel-accepted */
	u32 xours[2][OURS_NR];
	u32 diverge;		/* R0 exact for one of us and the kernel, not the other */
	struct reason reasons[MAX_REASONS];	/* unknown verdicts, grouped by message */
	u32 reason_cnt;
};

struct opts {
	bool list, verbose, live;
	FILE *out;		/* the table: stdout, or stderr under --list */
};

static bool has_section(const char *text, const char *name)
{
	char *body;

	if (asm_section(text, name, &body))
		return false;
	free(body);
	return true;
}

/* Whether a "-- name" line names none of the suite's sections; the first such name in @name. */
static bool unknown_section(const char *text, char *name, size_t namesz)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, "\n"), n, i;
		const char *s = p + 2;

		if (len >= 2 && p[0] == '-' && p[1] == '-' && (len == 2 || p[2] == ' ')) {
			while (*s == ' ')
				s++;
			n = len - (s - p);
			while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
				n--;
			for (i = 0; i < ARRAY_SIZE(known_sections); i++)
				if (strlen(known_sections[i]) == n &&
				    !memcmp(known_sections[i], s, n))
					break;
			if (i == ARRAY_SIZE(known_sections)) {
				snprintf(name, namesz, "%.*s", (int)n, s);
				return true;
			}
		}
		p += len + (p[len] == '\n');
	}
	return false;
}

/* "-- result": one number, hex with 0x or decimal, comments allowed. */
static int parse_result(const char *text, u64 *val)
{
	char *body, *s, *end;
	int err = -EINVAL;

	if (asm_section(text, "result", &body))
		return -ENOENT;
	body[strcspn(body, "#")] = 0;
	s = body + strspn(body, " \t\r\n");
	errno = 0;
	*val = strtoull(s, &end, 0);
	if (end != s && !errno && !end[strspn(end, " \t\r\n")])
		err = 0;
	free(body);
	return err;
}

/* Live kernel */

/* Loads @insns as a socket filter: 0 with *@fd, or -errno with the first error line of the
 * verifier log (or the errno's text) in @why. */
static int prog_load(const struct bpf_insn *insns, u32 cnt, int *fd, char *why, size_t whysz)
{
	static char log[LOG_SIZE];
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = log, .log_size = sizeof(log),
		    .log_level = 1);
	int err;

	log[0] = 0;
	*fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bpfv_conform", "GPL", insns, cnt, &o);
	if (*fd >= 0)
		return 0;
	err = -errno;
	klog_first_error(log, why, whysz);
	if (!why[0])
		snprintf(why, whysz, "BPF_PROG_LOAD: %s", strerror(-err));
	return err;
}

/* One BPF_PROG_TEST_RUN on a minimal zeroed packet: r0 as the kernel reports it (32 bits). */
static int prog_run(int fd, u32 *retval)
{
	static const u8 pkt[64];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	int err;

	err = bpf_prog_test_run_opts(fd, &o);
	if (err)
		return -errno;
	*retval = o.retval;
	return 0;
}

/* @insns with every exit of the main function turned into a jump to @prologue[1..@pcnt), put
 * first and jumped over by "ja +(@pcnt - 1)" (see the top comment); NULL on ENOMEM or a main
 * function too long for a 16-bit jump back to the prologue. */
static struct bpf_insn *exit_variant(const struct bpf_insn *insns, u32 cnt,
				     const struct bpf_insn *prologue, u32 pcnt, u32 *out_cnt)
{
	struct bpf_insn *out;
	u32 main_end = cnt, i;

	/* the main function ends where the first bpf-to-bpf callee starts */
	for (i = 0; i < cnt; i++) {
		s64 target = (s64)i + insns[i].imm + 1;

		if (insns[i].code == (BPF_JMP | BPF_CALL) && insns[i].src_reg == BPF_PSEUDO_CALL &&
		    target >= 0 && target < main_end)
			main_end = target;
		if (insn_is_ldimm64(&insns[i]))
			i++;
	}
	if (cnt + pcnt > INT16_MAX)
		return NULL;
	out = xcalloc(cnt + pcnt, sizeof(*out));
	if (!out)
		return NULL;
	memcpy(out, prologue, pcnt * sizeof(*prologue));
	out[0] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA, .off = pcnt - 1 };
	memcpy(out + pcnt, insns, cnt * sizeof(*insns));
	for (i = 0; i < main_end; i++) {
		struct bpf_insn *in = &out[pcnt + i];

		if (insn_is_ldimm64(in)) {
			i++;
			continue;
		}
		if (in->code == (BPF_JMP | BPF_EXIT)) {
			/* back to slot 1: off = 1 - (pcnt + i + 1) */
			*in = (struct bpf_insn){ .code = BPF_JMP | BPF_JA, .off = -(s16)(pcnt + i) };
		}
	}
	*out_cnt = cnt + pcnt;
	return out;
}

/* The program that exits with the high half of r0. */
static struct bpf_insn *high_half_variant(const struct bpf_insn *insns, u32 cnt, u32 *out_cnt)
{
	static const struct bpf_insn prologue[] = {
		{ 0 },	/* ja over the prologue */
		{ .code = BPF_ALU64 | BPF_RSH | BPF_K, .dst_reg = BPF_REG_0, .imm = 32 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return exit_variant(insns, cnt, prologue, ARRAY_SIZE(prologue), out_cnt);
}

/* Whether the kernel's verifier knows r0 = @expect at every exit of the main function: the
 * variant "if r0 == @expect exit; else read the stack out of bounds" loads only when the
 * comparison is decided on every path. 1 yes, 0 no (@why: the kernel's message), -errno when
 * the variant cannot be built. */
static int kernel_r0_exact(const struct bpf_insn *insns, u32 cnt, u64 expect, char *why,
			   size_t whysz)
{
	const struct bpf_insn prologue[PROLOGUE_MAX] = {
		{ 0 },	/* ja over the prologue */
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = BPF_REG_1, .imm = (u32)expect },
		{ .imm = (u32)(expect >> 32) },
		{ .code = BPF_JMP | BPF_JEQ | BPF_X, .dst_reg = BPF_REG_0, .src_reg = BPF_REG_1,
		  .off = 1 },
		{ .code = BPF_LDX | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_0, .src_reg = BPF_REG_10 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_insn *prog;
	u32 pcnt;
	int fd, ret;

	prog = exit_variant(insns, cnt, prologue, PROLOGUE_MAX, &pcnt);
	if (!prog)
		return -ENOMEM;
	ret = !prog_load(prog, pcnt, &fd, why, whysz);
	if (ret)
		close(fd);
	free(prog);
	return ret;
}

/* Loads and runs @insns: 0 with all of r0 in @r0 (@full false when only the low half could be
 * read, @note saying why), 1 when the kernel rejected the program (@why: its message), or
 * -errno when a run failed (@why). */
static int kernel_r0(const struct bpf_insn *insns, u32 cnt, u64 *r0, bool *full, char *why,
		     size_t whysz, char *note, size_t notesz)
{
	struct bpf_insn *hi_prog;
	u32 lo, hi, hi_cnt;
	int fd, err;

	*full = false;
	note[0] = 0;
	if (prog_load(insns, cnt, &fd, why, whysz))
		return 1;
	err = prog_run(fd, &lo);
	close(fd);
	if (err) {
		snprintf(why, whysz, "BPF_PROG_TEST_RUN: %s", strerror(-err));
		return err;
	}
	*r0 = lo;
	hi_prog = high_half_variant(insns, cnt, &hi_cnt);
	if (!hi_prog) {
		snprintf(note, notesz, "high half not read: cannot build the variant");
		return 0;
	}
	if (prog_load(hi_prog, hi_cnt, &fd, note, notesz)) {
		char msg[256];

		snprintf(msg, sizeof(msg), "%s", note);
		snprintf(note, notesz, "high half not read: variant rejected: %s", msg);
		free(hi_prog);
		return 0;
	}
	free(hi_prog);
	err = prog_run(fd, &hi);
	close(fd);
	if (err) {
		snprintf(note, notesz, "high half not read: BPF_PROG_TEST_RUN: %s", strerror(-err));
		return 0;
	}
	*r0 |= (u64)hi << 32;
	*full = true;
	return 0;
}

/* Our interpreter */

/* Counts an unknown verdict under its message, with instruction numbers taken out so that
 * equal causes group ("... (insn 3)", "... at insn 3"). */
static void add_reason(struct totals *t, const char *msg)
{
	char text[160], *p;
	u32 i;

	snprintf(text, sizeof(text), "%.159s", msg);
	text[strcspn(text, "\n")] = 0;
	if ((p = strstr(text, " (insn ")) || (p = strstr(text, " at insn ")))
		*p = 0;
	for (i = 0; i < t->reason_cnt; i++)
		if (!strcmp(t->reasons[i].text, text))
			break;
	if (i == t->reason_cnt) {
		if (i == MAX_REASONS)
			i--;	/* the last row collects the overflow */
		else
			t->reason_cnt++;
		snprintf(t->reasons[i].text, sizeof(t->reasons[i].text), "%s", text);
	}
	t->reasons[i].cnt++;
}

/* Runs our analysis on @insns as a socket filter (GPL, privileged: as the kernel loads it;
 * with analysis_opts.exact_constants when @exact) and classifies R0 at its exits against
 * @expect; @why gets a one-line explanation. Unknown verdicts of the default mode are counted
 * in @t's reasons. */
static enum ours ours_run(const struct bpf_insn *insns, u32 cnt, u64 expect, bool exact,
			  struct totals *t, char *why, size_t whysz)
{
	struct analysis_opts opts = { .gpl = true, .exact_constants = exact, .exit_r0_exact = true };
	struct analysis_result res;
	const struct scalar *r0 = &res.exit_r0.join;
	struct prog prog;
	char buf[256];

	memset(&prog, 0, sizeof(prog));
	prog.insns = (struct bpf_insn *)insns;
	prog.insn_cnt = cnt;
	prog.pt.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	why[0] = 0;
	if (analysis_run(&prog, NULL, 0, &opts, &res)) {
		snprintf(why, whysz, "analysis failed");
		return OURS_ERROR;
	}
	if (res.verdict == V_UNKNOWN) {
		snprintf(why, whysz, "insn %u: %.200s", res.diag.insn_idx, res.diag.msg);
		if (!exact)
			add_reason(t, res.diag.msg);
		return OURS_UNKNOWN;
	}
	if (res.verdict == V_UNSAFE) {
		snprintf(why, whysz, "insn %u: %.200s", res.diag.insn_idx, res.diag.msg);
		return OURS_REJECT;
	}
	if (!res.exit_r0.cnt)
		return OURS_NO_EXIT;
	if (res.exit_r0.non_scalar) {
		snprintf(why, whysz, "a pointer in R0 at %u of %u exits", res.exit_r0.non_scalar,
			 res.exit_r0.cnt);
		return OURS_WRONG;
	}
	scalar_fmt(buf, sizeof(buf), r0);
	snprintf(why, whysz, "R0 = %s over %u exit%s", buf, res.exit_r0.cnt,
		 res.exit_r0.cnt == 1 ? "" : "s");
	if (!scalar_contains(r0, expect))
		return OURS_WRONG;
	return scalar_is_const(r0) ? OURS_EXACT : OURS_IMPRECISE;
}

/* Positive tests */

static void run_test(const char *dir, const char *name, const struct opts *o, struct totals *t)
{
	char path[1024], err[256], why[256], note[320], sect[64], owhy[320], kwhy[256];
	char xwhy[320];
	struct bpf_insn *insns = NULL, *want = NULL;
	char *text, *src = NULL, *raw = NULL;
	u32 cnt, want_cnt, i;
	u64 expect, got;
	bool full, ours_failed = false;
	enum ours ours, xours;
	int ret, kexact;

	t->tests++;
	snprintf(path, sizeof(path), "%s/tests/%s", dir, name);
	text = file_slurp(path, NULL);
	if (!text) {
		fprintf(o->out, "FAIL tests/%s: cannot read: %s\n", name, strerror(errno));
		t->fail++;
		return;
	}
	if (unknown_section(text, sect, sizeof(sect))) {
		fprintf(o->out, "FAIL tests/%s: unknown section '-- %s'\n", name, sect);
		t->fail++;
		goto out;
	}
	if (asm_section(text, "asm", &src)) {
		fprintf(o->out, "FAIL tests/%s: no '-- asm' section\n", name);
		t->fail++;
		goto out;
	}
	if (asm_parse(src, &insns, &cnt, err, sizeof(err))) {
		fprintf(o->out, "FAIL tests/%s: assembler: %s\n", name, err);
		t->fail++;
		goto out;
	}
	t->assembled++;
	if (!asm_section(text, "raw", &raw)) {
		t->raw++;
		if (asm_parse_raw(raw, &want, &want_cnt, err, sizeof(err))) {
			fprintf(o->out, "FAIL tests/%s: raw section: %s\n", name, err);
			t->fail++;
			goto out;
		}
		for (i = 0; i < cnt && i < want_cnt; i++)
			if (memcmp(&insns[i], &want[i], sizeof(*want)))
				break;
		if (i < cnt || cnt != want_cnt) {
			fprintf(o->out, "FAIL tests/%s: slot %u differs from the raw section\n",
				name, i);
			t->fail++;
			goto out;
		}
		t->raw_matched++;
	}
	if (parse_result(text, &expect)) {
		fprintf(o->out, "FAIL tests/%s: no readable '-- result'\n", name);
		t->fail++;
		goto out;
	}
	if (has_section(text, "mem")) {
		t->input++;
		t->skip++;
		goto out;
	}
	t->input_free++;
	ours = ours_run(insns, cnt, expect, false, t, owhy, sizeof(owhy));
	xours = ours_run(insns, cnt, expect, true, t, xwhy, sizeof(xwhy));
	t->ours[0][ours]++;
	t->xours[0][xours]++;
	if (ours == OURS_WRONG || ours == OURS_ERROR) {
		/* an unsound transfer (or a failed run), whatever the kernel says */
		fprintf(o->out, "FAIL tests/%s: ours: %s: %s, expected 0x%llx\n", name,
			ours_name[ours], owhy, (unsigned long long)expect);
		t->fail++;
		ours_failed = true;
	} else if (xours == OURS_WRONG || xours == OURS_ERROR) {
		fprintf(o->out, "FAIL tests/%s: ours with --exact-constants: %s: %s, expected 0x%llx\n",
			name, ours_name[xours], xwhy, (unsigned long long)expect);
		t->fail++;
		ours_failed = true;
	} else if (ours != OURS_EXACT &&
		   (o->verbose || (ours != OURS_UNKNOWN && ours != OURS_IMPRECISE))) {
		fprintf(o->out, "OURS tests/%s: %s: %s (expected 0x%llx)\n", name,
			ours_name[ours], owhy, (unsigned long long)expect);
	}
	if (!o->live) {
		t->skip += !ours_failed;
		goto out;
	}
	ret = kernel_r0(insns, cnt, &got, &full, why, sizeof(why), note, sizeof(note));
	if (ret == 1) {
		fprintf(o->out, "REJECTED tests/%s: %s\n", name, why);
		t->ours[2][ours]++;
		if (ours <= OURS_NO_EXIT) {
			fprintf(o->out, "DIVERGE tests/%s: we accept what the kernel rejects\n", name);
			t->diverge++;
			t->fail += !ours_failed;
			ours_failed = true;
		}
		t->rejected++;
		t->skip += !ours_failed;
		goto out;
	}
	t->accepted++;
	t->ours[1][ours]++;
	t->xours[1][xours]++;
	if (xours != OURS_EXACT) {
		/* the option's promise: every input is known here, so is R0 */
		fprintf(o->out, "FAIL tests/%s: with --exact-constants R0 not exact: %s%s%s "
			"(expected 0x%llx)\n", name, ours_name[xours], xwhy[0] ? ": " : "", xwhy,
			(unsigned long long)expect);
		t->fail += !ours_failed;
		ours_failed = true;
	}
	kexact = kernel_r0_exact(insns, cnt, expect, kwhy, sizeof(kwhy));
	if (kexact < 0) {
		fprintf(o->out, "FAIL tests/%s: r0 probe: %s\n", name, strerror(-kexact));
		t->fail += !ours_failed;
		goto out;
	}
	t->kexact[ours] += kexact;
	if ((ours == OURS_EXACT && !kexact) || (ours == OURS_IMPRECISE && kexact)) {
		fprintf(o->out, "DIVERGE tests/%s: R0 %s for us, %s for the kernel%s%s\n", name,
			ours == OURS_EXACT ? "exact" : "imprecise",
			kexact ? "exact" : "not", kexact ? "" : ": ", kexact ? "" : kwhy);
		t->diverge++;
		t->fail += !ours_failed;
		ours_failed = true;
	}
	if (ours == OURS_REJECT || ours == OURS_NO_EXIT) {
		fprintf(o->out, "FAIL tests/%s: accepted by the kernel, ours: %s%s%s\n", name,
			ours_name[ours], owhy[0] ? ": " : "", owhy);
		t->fail += !ours_failed;
		ours_failed = true;
	}
	if (ret) {
		fprintf(o->out, "FAIL tests/%s: %s\n", name, why);
		t->fail += !ours_failed;
		goto out;
	}
	if (note[0])
		fprintf(o->out, "NOTE tests/%s: %s\n", name, note);
	if (full ? got != expect : (u32)got != (u32)expect) {
		fprintf(o->out, "FAIL tests/%s: r0 = 0x%llx, expected 0x%llx%s\n", name,
			(unsigned long long)got, (unsigned long long)expect,
			full ? "" : " (low 32 bits compared)");
		t->mismatched++;
		t->fail += !ours_failed;
		goto out;
	}
	t->matched++;
	if (o->list)
		printf("tests/%s 0x%016llx\n", name, (unsigned long long)expect);
	if (ours_failed)
		goto out;
	t->pass++;
	if (o->verbose)
		fprintf(o->out, "PASS tests/%s: r0 = 0x%llx\n", name, (unsigned long long)got);
out:
	free(want);
	free(raw);
	free(insns);
	free(src);
	free(text);
}

/* Negative tests: each must be refused somewhere. */

static void negative_refused(const struct opts *o, struct totals *t, u32 *counter,
			     const char *name, const char *how)
{
	(*counter)++;
	t->pass++;
	if (o->verbose)
		fprintf(o->out, "PASS negative/%s: %s\n", name, how);
}

static void run_negative(const char *dir, const char *name, const struct opts *o,
			 struct totals *t)
{
	char path[1024], err[256], why[256], note[320], sect[64], msg[300];
	struct bpf_insn *insns = NULL;
	char *text, *body = NULL;
	bool full, has_expect;
	u64 expect = 0, got;
	u32 cnt;
	int ret;

	t->neg++;
	snprintf(path, sizeof(path), "%s/negative/%s", dir, name);
	text = file_slurp(path, NULL);
	if (!text) {
		fprintf(o->out, "FAIL negative/%s: cannot read: %s\n", name, strerror(errno));
		t->fail++;
		return;
	}
	if (unknown_section(text, sect, sizeof(sect))) {
		snprintf(msg, sizeof(msg), "unknown section '-- %s'", sect);
		negative_refused(o, t, &t->neg_syntax, name, msg);
		goto out;
	}
	if (!asm_section(text, "asm", &body)) {
		if (asm_parse(body, &insns, &cnt, err, sizeof(err))) {
			snprintf(msg, sizeof(msg), "assembler: %s", err);
			negative_refused(o, t, &t->neg_asm, name, msg);
			goto out;
		}
	} else if (!asm_section(text, "raw", &body)) {
		if (asm_parse_raw(body, &insns, &cnt, err, sizeof(err))) {
			fprintf(o->out, "FAIL negative/%s: raw section: %s\n", name, err);
			t->fail++;
			goto out;
		}
	} else {
		negative_refused(o, t, &t->neg_noprog, name, "no program");
		goto out;
	}
	if (has_section(text, "mem") || !o->live) {
		t->neg_skipped++;
		t->skip++;
		goto out;
	}
	has_expect = !parse_result(text, &expect);
	ret = kernel_r0(insns, cnt, &got, &full, why, sizeof(why), note, sizeof(note));
	if (ret == 1) {
		snprintf(msg, sizeof(msg), "kernel: %s", why);
		negative_refused(o, t, &t->neg_kernel, name, msg);
	} else if (ret) {
		fprintf(o->out, "FAIL negative/%s: %s\n", name, why);
		t->fail++;
	} else if (has_expect && got != expect) {
		snprintf(msg, sizeof(msg), "result 0x%llx is not the expected 0x%llx",
			 (unsigned long long)got, (unsigned long long)expect);
		negative_refused(o, t, &t->neg_kernel, name, msg);
	} else {
		fprintf(o->out, "FAIL negative/%s: accepted by the kernel, r0 = 0x%llx\n", name,
			(unsigned long long)got);
		t->fail++;
	}
out:
	free(insns);
	free(body);
	free(text);
}

static int data_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".data");
}

/* Runs @fn on every .data file of @dir/@sub in name order; -errno when @sub cannot be read. */
static int for_each_data(const char *dir, const char *sub, const struct opts *o, struct totals *t,
			 void (*fn)(const char *, const char *, const struct opts *,
				    struct totals *))
{
	struct dirent **names;
	char path[1024];
	int n, i;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	n = scandir(path, &names, data_filter, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		fn(dir, names[i]->d_name, o, t);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The interpreter's table: one column per population of input-free tests. */
static void print_ours(const struct opts *o, const struct totals *t)
{
	static const char *const cols[3] = { "input-free", "kernel-accepted", "kernel-rejected" };
	u32 ncol = o->live ? 3 : 1, c, k, sum[3] = { 0 };

	for (c = 0; c < 3; c++)
		for (k = 0; k < OURS_NR; k++)
			sum[c] += t->ours[c][k];
	fprintf(o->out, "our interpreter (socket filter; R0 joined over every exit reached)%s\n",
		o->live ? "" : ": kernel agreement skipped, bpf(2) not permitted");
	fprintf(o->out, "  %-26s", "");
	for (c = 0; c < ncol; c++)
		fprintf(o->out, " %16s", cols[c]);
	fprintf(o->out, "\n  %-26s", "tests");
	for (c = 0; c < ncol; c++)
		fprintf(o->out, " %16u", sum[c]);
	fprintf(o->out, "\n  %-26s", "we accept");
	for (c = 0; c < ncol; c++)
		fprintf(o->out, " %16u", t->ours[c][OURS_EXACT] + t->ours[c][OURS_IMPRECISE] +
			t->ours[c][OURS_WRONG] + t->ours[c][OURS_NO_EXIT]);
	for (k = 0; k < OURS_NR; k++) {
		if (k == OURS_ERROR && !t->ours[0][k])
			continue;
		fprintf(o->out, "\n  %s%-*s", k <= OURS_NO_EXIT ? "  " : "",
			k <= OURS_NO_EXIT ? 24 : 26, ours_name[k]);
		for (c = 0; c < ncol; c++)
			fprintf(o->out, " %16u", t->ours[c][k]);
	}
	fprintf(o->out, "\n");
	if (o->live) {
		fprintf(o->out, "  %-26s %16s", "kernel's R0 exact", "");
		for (k = 0, c = 0; k < OURS_NR; k++)
			c += t->kexact[k];
		fprintf(o->out, " %16u\n", c);
		for (k = 0; k < OURS_NR; k++)
			if (t->ours[1][k])
				fprintf(o->out, "    %-24s %16s %16u\n", ours_name[k], "",
					t->kexact[k]);
		fprintf(o->out, "  R0 precision unlike the kernel's, or accepted where the kernel "
			"rejects: %u (DIVERGE lines, failures)\n", t->diverge);
	}
	fprintf(o->out, "  with --exact-constants (analysis_opts.exact_constants):\n");
	for (k = 0; k < OURS_NR; k++) {
		if (!t->xours[0][k])
			continue;
		fprintf(o->out, "    %-24s %16u", ours_name[k], t->xours[0][k]);
		if (o->live)
			fprintf(o->out, " %16u", t->xours[1][k]);
		fprintf(o->out, "\n");
	}
	fprintf(o->out, "  R0 exact: one constant at every exit, equal to '-- result'; imprecise: "
		"'-- result' within R0 but not the only value (as in 6.18: no tracking of division, "
		"modulo, shifts by unknown or out-of-range amounts, narrow stack stores off an 8-byte "
		"boundary, atomics on the stack)\n");
	fprintf(o->out, "  unknown verdicts (the interpreter is incomplete: reported, not failed):\n");
	for (k = 0; k < t->reason_cnt; k++)
		fprintf(o->out, "    %4u  %s\n", t->reasons[k].cnt, t->reasons[k].text);
	if (!t->reason_cnt)
		fprintf(o->out, "    none\n");
	fprintf(o->out, "  failures: R0 wrong or an analysis error on any test, in either mode; we "
		"reject, or accept without an exit, what the kernel accepts; a DIVERGE line; R0 not "
		"exact with --exact-constants on a test the kernel accepts%s\n",
		o->live ? "" : " (not checked: bpf(2) not permitted)");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: conformance [-v] [--list] DIR\n"
		   "  DIR      the bpf_conformance suite (with tests/ and negative/)\n"
		   "  --list   print the kernel-accepted input-free tests and their expected r0\n"
		   "  -v       print every passing test\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .out = stdout };
	struct totals t = { 0 };
	struct utsname uts;
	char why[256] = "";
	const char *dir;
	int opt, err;

	while ((opt = getopt_long(argc, argv, "lvh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			o.list = true;
			o.out = stderr;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	dir = argv[optind];

	o.live = !kernel_probe(why, sizeof(why));
	if (uname(&uts))
		snprintf(uts.release, sizeof(uts.release), "?");
	fprintf(o.out, "suite %s on Linux %s: socket filters, BPF_PROG_TEST_RUN, r0 read as two "
		"32-bit halves\n", dir, uts.release);
	if (!o.live) {
		fprintf(o.out, "SKIP: %s\n", why);
		if (o.list)
			return 2;
	}
	if (o.list)
		printf("# kernel-accepted input-free tests of %s on Linux %s: file, expected r0\n",
		       dir, uts.release);

	err = for_each_data(dir, "tests", &o, &t, run_test);
	if (err) {
		fprintf(stderr, "conformance: cannot read %s/tests: %s\n", dir, strerror(-err));
		return 2;
	}
	err = for_each_data(dir, "negative", &o, &t, run_negative);
	if (err && err != -ENOENT) {
		fprintf(stderr, "conformance: cannot read %s/negative: %s\n", dir, strerror(-err));
		return 2;
	}

	fprintf(o.out,
		"  tests                     %u\n"
		"  assembled                 %u\n"
		"  raw sections matched      %u of %u\n"
		"  with input memory         %u (skipped)\n"
		"  input-free                %u\n"
		"  kernel-accepted           %u%s\n"
		"  kernel-rejected           %u (skipped)\n"
		"  results matched           %u\n"
		"  results mismatched        %u\n"
		"  negative tests            %u: refused by the data syntax %u, the assembler %u, "
		"the kernel %u; without a program %u; skipped %u\n",
		t.tests, t.assembled, t.raw_matched, t.raw, t.input, t.input_free, t.accepted,
		o.live ? "" : " (bpf(2) not permitted: not loaded)", t.rejected, t.matched,
		t.mismatched, t.neg, t.neg_syntax, t.neg_asm, t.neg_kernel, t.neg_noprog,
		t.neg_skipped);
	print_ours(&o, &t);
	fprintf(o.out, "conformance: %u passed, %u failed, %u skipped\n", t.pass, t.fail, t.skip);
	return t.fail ? 1 : 0;
}
