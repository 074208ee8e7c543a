/* Reading kernel verifier logs: the instruction lines ("N: (xx) text", with whatever the kernel
 * appended on the same line cut off) and the error line of a rejection. The base of `bpfverify
 * log` and of every comparison with the live kernel. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/klog.h"

/* Kernel messages that can follow an instruction on its own line: when the path search pops a
 * state or detects a loop it resets the log to just after the printed instruction (before its
 * newline) and continues there. */
static const char *const glued_messages[] = {
	" infinite loop detected at insn ",
};

/* The instruction text ends where the kernel appended something: the register state after
 * padding and "; ", or, when a branch state was popped onto the same line, " M: R..." /
 * " M: frame1:", or one of glued_messages. */
bool klog_insn_line(const char *line, size_t len, u32 *idx, char *text, size_t textsz)
{
	size_t i = 0, start, end;
	u32 n = 0;

	while (i < len && line[i] >= '0' && line[i] <= '9' && n < 100000000)
		n = n * 10 + (line[i++] - '0');
	if (i == 0 || i + 7 > len || line[i] != ':' || line[i + 1] != ' ')
		return false;
	/* "(xx) text", or the "BUG_..." the kernel prints for encodings it has no syntax for */
	if (memcmp(line + i + 2, "BUG_", 4) &&
	    (line[i + 2] != '(' || !isxdigit((unsigned char)line[i + 3]) || !isxdigit((unsigned char)line[i + 4]) ||
	     line[i + 5] != ')' || line[i + 6] != ' '))
		return false;
	start = i + 2;
	for (end = start; end < len && line[end] != ';'; end++) {
		size_t j = end + 1;

		if (line[end] != ' ' || j >= len || line[j] < '0' || line[j] > '9')
			continue;
		while (j < len && line[j] >= '0' && line[j] <= '9')
			j++;
		if (j + 1 < len && line[j] == ':' && line[j + 1] == ' ')
			break;
	}
	/* a message the verifier printed right after restoring the log to the end of this insn */
	for (i = 0; i < ARRAY_SIZE(glued_messages); i++) {
		const char *m = memmem(line + start, end - start, glued_messages[i],
				       strlen(glued_messages[i]));

		if (m)
			end = m - line;
	}
	while (end > start && line[end - 1] == ' ')
		end--;
	if (end - start >= textsz)
		end = start + textsz - 1;
	memcpy(text, line + start, end - start);
	text[end - start] = '\0';
	*idx = n;
	return true;
}

/* The error block that ends a rejected load's log: its first line in [*@start, *@end), or false
 * when there is none. */
static bool error_block(const char *log, const char **start, const char **stop)
{
	static const char *const skip[] = {
		"processed ", "verification time", "stack depth", "mark_precise", "last_idx",
		"regs=", "parent ", "from ", "; ", "Func#", "func#", "Validating ", "propagating",
		"frame", "Live regs", "Global function ",
	};
	const char *end, *line, *first = NULL, *first_end = NULL;
	size_t i;

	if (!log)
		return false;
	end = log + strlen(log);
	/* walk backwards over the trailing block of lines that are neither instructions nor states */
	while (end > log) {
		const char *e = end;
		bool skipped = false;

		while (e > log && e[-1] == '\n')
			e--;
		line = e;
		while (line > log && line[-1] != '\n')
			line--;
		end = line;
		if (e == line)
			continue;
		for (i = 0; i < ARRAY_SIZE(skip); i++)
			if (!strncmp(line, skip[i], strlen(skip[i])))
				skipped = true;
		/* 6.18's stack liveness lines at log_level 2, "(0) frame 0 insn 14 +live -8,-16",
		 * "(0) live stack update done in 2 iterations": "(N) " then anything */
		if (line[0] == '(' && isdigit((unsigned char)line[1])) {
			const char *q = line + 1;

			while (isdigit((unsigned char)*q))
				q++;
			if (q[0] == ')' && q[1] == ' ')
				skipped = true;
		}
		if (skipped) {
			if (first)
				break;
			continue;
		}
		if (isdigit((unsigned char)line[0])) {
			const char *q = line;

			while (isdigit((unsigned char)*q))
				q++;
			if (*q == ':')
				break;	/* "N: (xx) insn" or "N: R1=..." */
		}
		first = line;
		first_end = e;
	}
	*start = first;
	*stop = first_end;
	return first != NULL;
}

void klog_first_error(const char *log, char *buf, size_t size)
{
	const char *first, *first_end;

	buf[0] = 0;
	if (error_block(log, &first, &first_end))
		snprintf(buf, size, "%.*s", (int)(first_end - first), first);
}

/* The instruction after @idx (whose text is @text) on the path, when the text alone tells:
 * straight-line code, ld_imm64, goto. */
static bool next_insn(u32 idx, const char *text, u32 *next)
{
	unsigned int code;
	int off;

	if (sscanf(text, "(%2x)", &code) != 1)
		return false;
	if (code == 0x18) {
		*next = idx + 2;
		return true;
	}
	if ((code & 7) != 5 && (code & 7) != 6) {	/* not BPF_JMP / BPF_JMP32 */
		*next = idx + 1;
		return true;
	}
	if (code != 0x05 || sscanf(text, "(%*2x) goto pc%d", &off) != 1)
		return false;			/* exit, call, a conditional: either way */
	*next = idx + 1 + off;
	return true;
}

bool klog_error_insn(const char *log, u32 *idx)
{
	static const char loop[] = "infinite loop detected at insn ";
	const char *first, *first_end, *line, *e, *hit;
	char text[128];
	u32 last;

	if (!error_block(log, &first, &first_end))
		return false;
	/* found at a state check, before the instruction printed: the message names it */
	hit = strstr(log, loop);
	if (hit)
		return sscanf(hit + strlen(loop), "%u", idx) == 1;
	/* the lines above the error block, skipping the source lines ("; ...") */
	for (e = first; e > log;) {
		while (e > log && e[-1] == '\n')
			e--;
		line = e;
		while (line > log && line[-1] != '\n')
			line--;
		if (e == line || !strncmp(line, "; ", 2)) {
			e = line;
			continue;
		}
		if (!klog_insn_line(line, (size_t)(e - line), &last, text, sizeof(text)))
			return false;
		/* the budget runs out before the next instruction prints */
		if (!strncmp(first, "BPF program is too large", 24))
			return next_insn(last, text, idx);
		*idx = last;
		return true;
	}
	return false;
}

static bool is_addr_ldimm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_VALUE ||
		in->src_reg == BPF_PSEUDO_BTF_ID);
}

/* Whether the kernel's @kern is what it prints for insns[@idx], whose text is ours @ours. */
static bool same_insn(const struct bpf_insn *insns, u32 idx, const char *kern, const char *ours)
{
	const char *eq, *oeq;

	if (!is_addr_ldimm64(&insns[idx]))
		return !strcmp(kern, ours);
	eq = strstr(kern, " = ");
	oeq = strstr(ours, " = ");
	return eq && oeq && eq - kern == oeq - ours && !strncmp(kern, ours, eq - kern);
}

u32 klog_compare_insns(const char *log, const struct bpf_insn *insns, u32 cnt,
		       const struct disasm_cbs *cbs, u32 *lines,
		       void (*mismatch)(void *ctx, u32 idx, const char *kern, const char *ours),
		       void *ctx)
{
	u8 *seen = calloc(cnt + 1, 1);
	const char *line = log;
	u32 bad = 0;

	*lines = 0;
	if (!seen)
		return 1;
	while (line && *line) {
		const char *eol = strchr(line, '\n');
		char kern[256], ours[256] = "(no such instruction)";
		u32 idx;

		if (!eol)
			eol = line + strlen(line);
		if (!klog_insn_line(line, eol - line, &idx, kern, sizeof(kern)) ||
		    (idx < cnt && seen[idx]))
			goto next;
		(*lines)++;
		if (idx < cnt) {
			seen[idx] = 1;
			if (disasm_insn(ours, sizeof(ours), insns, cnt, idx, cbs) > 0 &&
			    same_insn(insns, idx, kern, ours))
				goto next;
		}
		bad++;
		if (mismatch)
			mismatch(ctx, idx, kern, ours);
next:
		line = *eol ? eol + 1 : eol;
	}
	free(seen);
	return bad;
}
