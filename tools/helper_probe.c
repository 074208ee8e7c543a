/* helper_probe: which helpers the running kernel offers to which program type.
 *
 * For every (program type, expected attach type) pair below and every helper id, loads the
 * three-instruction program "call ID; r0 = 0; exit" (GPL, privileged) and classifies the
 * verifier's answer:
 *   N  "program of this type cannot use helper": get_func_proto() returned NULL
 *   Y  anything later in check_helper_call() (usually "R1 !read_ok"): the helper is offered
 *   S  offered, but refused for the program (sleepable-only, "not allowed in probe", ...):
 *      the message is printed on its own line
 *   E  the load failed before the verifier looked at the call (e.g. attach type refused)
 * This is how the availability rows of src/checks/helper_protos.c were checked against the
 * kernel the tests run on; run it (as root) after a kernel upgrade and compare.
 * Usage: helper_probe [PROG_TYPE [ATTACH_TYPE]]   the rows above
 *        helper_probe -c                          the tables of src/checks/helper_avail.c
 *        helper_probe -d                          bpfverify against the kernel, per helper
 *
 * -d loads, for every probed program type and helper, a program that (where the type has
 * direct packet access) checks a packet pointer, calls the helper with R1 = ctx, R2 = 0,
 * R3 = fp-8 (initialised), R4 = 1, R5 = 0, then reads through the packet pointer, and compares
 * verdict and message with bpfverify's analysis of the same instructions: availability,
 * argument checks and packet-pointer invalidation in one sweep. Prints each disagreement and
 * the counts; exit 1 when any. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "isa/helpers.h"
#include "loader/object.h"
#include "loader/progtype.h"

#define MAX_HELPER 212		/* __BPF_FUNC_MAX_ID of 6.18 */

struct combo {
	u32 type, attach;
};

/* Program types whose get_func_proto() depends on the attach type get one row per attach type. */
static const struct combo combos[] = {
	{ BPF_PROG_TYPE_SOCKET_FILTER, 0 },
	{ BPF_PROG_TYPE_KPROBE, 0 },
	{ BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI },
	{ BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_MULTI },
	{ BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_SESSION },
	{ BPF_PROG_TYPE_SCHED_CLS, 0 },
	{ BPF_PROG_TYPE_SCHED_ACT, 0 },
	{ BPF_PROG_TYPE_TRACEPOINT, 0 },
	{ BPF_PROG_TYPE_XDP, 0 },
	{ BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP },
	{ BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP },
	{ BPF_PROG_TYPE_PERF_EVENT, 0 },
	{ BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS },
	{ BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND },
	{ BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND },
	{ BPF_PROG_TYPE_LWT_IN, 0 },
	{ BPF_PROG_TYPE_LWT_OUT, 0 },
	{ BPF_PROG_TYPE_LWT_XMIT, 0 },
	{ BPF_PROG_TYPE_SOCK_OPS, 0 },
	{ BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER },
	{ BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT },
	{ BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_VERDICT },
	{ BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE },
	{ BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT },
	{ BPF_PROG_TYPE_RAW_TRACEPOINT, 0 },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_CONNECT },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_SENDMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_RECVMSG },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETPEERNAME },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETSOCKNAME },
	{ BPF_PROG_TYPE_LWT_SEG6LOCAL, 0 },
	{ BPF_PROG_TYPE_LIRC_MODE2, BPF_LIRC_MODE2 },
	{ BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT },
	{ BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE },
	{ BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR },
	{ BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL },
	{ BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0 },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT },
	{ BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP },
	{ BPF_PROG_TYPE_SYSCALL, 0 },
	{ BPF_PROG_TYPE_NETFILTER, BPF_NETFILTER },
};

static char log_buf[1 << 16];

static int load_insns(u32 type, u32 attach, const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.expected_attach_type = attach;
	attr.insns = (u64)(unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (u64)(unsigned long)"GPL";
	attr.log_buf = (u64)(unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	if (type == BPF_PROG_TYPE_SYSCALL)
		attr.prog_flags = BPF_F_SLEEPABLE;	/* "Syscall programs can only be sleepable" */
	log_buf[0] = 0;
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -errno;
}

static int load(u32 type, u32 attach, u32 func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = (s32)func },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return load_insns(type, attach, insns, ARRAY_SIZE(insns));
}

static char classify(char *why, size_t sz)
{
	static const char *const special[] = {
		"might sleep", "sleepable", "not allowed in probe", "not allowed in",
	};
	size_t i;

	why[0] = 0;
	if (strstr(log_buf, "program of this type cannot use helper") || strstr(log_buf, "unknown func"))
		return 'N';
	if (strstr(log_buf, "invalid func"))
		return '-';
	for (i = 0; i < ARRAY_SIZE(special); i++) {
		char *hit = strstr(log_buf, special[i]), *eol;

		if (!hit)
			continue;
		while (hit > log_buf && hit[-1] != '\n')
			hit--;
		eol = strchr(hit, '\n');
		snprintf(why, sz, "%.*s", eol ? (int)(eol - hit) : (int)strlen(hit), hit);
		return 'S';
	}
	if (!log_buf[0])
		return 'E';
	return 'Y';
}

/* Upper-case BPF_PROG_TYPE_ suffix of @t, for the generated masks. */
static const char *type_macro(u32 t)
{
	static char buf[64];
	const char *n = progtype_name(t);
	size_t i;

	for (i = 0; n[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (char)(n[i] >= 'a' && n[i] <= 'z' ? n[i] - 'a' + 'A' : n[i]);
	buf[i] = 0;
	return buf;
}

static void print_mask(u64 m, u64 all)
{
	bool first = true;
	u64 rest = m;
	u32 t;

	if (m == all) {
		printf("PT_ALL");
		return;
	}
	if (__builtin_popcountll(all & ~m) < __builtin_popcountll(m)) {
		printf("PT_ALL & ~(");
		rest = all & ~m;
	}
	for (t = 0; t < 64; t++) {
		if (!(rest & (1ULL << t)))
			continue;
		printf("%sPT(%s)", first ? "" : " | ", type_macro(t));
		first = false;
	}
	if (rest != m)
		printf(")");
}

/* The C tables: per helper the program types offering it (any probed attach type), the program
 * types where it is offered but refused ("not allowed in probe"), and per (type, helper) whose
 * answer depends on the attach type, the attach types offering it. */
static int print_c(void)
{
	static char rows[ARRAY_SIZE(combos)][MAX_HELPER + 1];
	u64 offered[MAX_HELPER] = { 0 }, refused[MAX_HELPER] = { 0 }, all = 0;
	char why[256];
	size_t c, d;
	u32 f;

	for (c = 0; c < ARRAY_SIZE(combos); c++) {
		for (f = 0; f < MAX_HELPER; f++) {
			load(combos[c].type, combos[c].attach, f);
			rows[c][f] = classify(why, sizeof(why));
			if (rows[c][f] == 'E')
				break;
			if (rows[c][f] == 'Y' || (rows[c][f] == 'S' && strstr(why, "might sleep")))
				offered[f] |= 1ULL << combos[c].type;
			else if (rows[c][f] == 'S')
				refused[f] |= 1ULL << combos[c].type;
		}
		if (f == MAX_HELPER)
			all |= 1ULL << combos[c].type;
	}
	printf("#define PT_ALL (");
	print_mask(all, ~0ULL);
	printf(")\n\nstatic const u64 offered[] = {\n");
	for (f = 1; f < MAX_HELPER; f++) {
		if (!offered[f] || !helper_name(f))
			continue;
		printf("	[%u] = ", f);
		print_mask(offered[f], all);
		printf(",	/* %s */\n", helper_name(f));
	}
	printf("};\n\nstatic const u64 refused_in_probe[] = {\n");
	for (f = 1; f < MAX_HELPER; f++) {
		if (!refused[f])
			continue;
		printf("	[%u] = ", f);
		print_mask(refused[f], all);
		printf(",	/* %s */\n", helper_name(f));
	}
	printf("};\n\nstatic const struct attach_rule attach_rules[] = {\n");
	for (c = 0; c < ARRAY_SIZE(combos); c++) {
		for (f = 1; f < MAX_HELPER; f++) {
			u64 mask = 0;
			bool differs = false, seen = false;

			for (d = 0; d < ARRAY_SIZE(combos); d++) {
				if (combos[d].type != combos[c].type)
					continue;
				if (d < c && (seen = true))
					break;	/* printed with the type's first row */
				if (rows[d][f] != rows[c][f])
					differs = true;
				if (rows[d][f] == 'Y')
					mask |= 1ULL << combos[d].attach;
			}
			if (seen || !differs)
				continue;
			printf("	{ BPF_PROG_TYPE_%s, %u, 0x%llxULL },	/* %s */\n",
			       type_macro(combos[c].type), f, (unsigned long long)mask, helper_name(f));
		}
	}
	printf("};\n\nstatic const struct attach_set attach_sets[] = {\n");
	for (c = 0; c < ARRAY_SIZE(combos); c++) {
		u64 mask = 0;

		if (c && combos[c - 1].type == combos[c].type)
			continue;
		for (d = c; d < ARRAY_SIZE(combos) && combos[d].type == combos[c].type; d++)
			mask |= 1ULL << combos[d].attach;
		if (d - c > 1)
			printf("	{ BPF_PROG_TYPE_%s, 0x%llxULL },\n", type_macro(combos[c].type),
			       (unsigned long long)mask);
	}
	printf("};\n");
	return 0;
}

#define INSN(c, d, s_, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s_), \
						  .off = (o), .imm = (i) })

/* Offsets of data / data_end in the context of types with direct packet reads, or -1. */
static int pkt_offsets(u32 type, int *end)
{
	switch (type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_CGROUP_SKB:
		*end = 80;		/* struct __sk_buff */
		return 76;
	case BPF_PROG_TYPE_XDP:
		*end = 4;
		return 0;
	case BPF_PROG_TYPE_SK_MSG:
		*end = 8;
		return 0;
	default:
		return -1;
	}
}

/* The sweep program of -d for helper @func into @p (returns the count). R0 on exit is 1: a
 * valid return value of every probed type. */
static u32 sweep_prog(u32 type, u32 func, struct bpf_insn *p)
{
	int end, data = pkt_offsets(type, &end);
	u32 n = 0, jmp;

	p[n++] = INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
	jmp = 0;
	if (data >= 0) {
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_1, (s16)data, 0);
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, (s16)end, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_7, 0, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, 8);
		jmp = n++;	/* if r4 > r3 goto exit */
	}
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_10, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, -8);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, 1);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_5, 0, 0, 0);
	p[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)func);
	if (data >= 0)
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_B, BPF_REG_0, BPF_REG_7, 0, 0);
	if (jmp)
		p[jmp] = INSN(BPF_JMP | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, (s16)(n - jmp - 1), 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
	p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

/* The last line of the kernel's log before "processed ...". */
static void last_error(char *out, size_t sz)
{
	char *end = strstr(log_buf, "\nprocessed"), *start;

	if (!end)
		end = log_buf + strlen(log_buf);
	start = end;
	while (start > log_buf && start[-1] != '\n')
		start--;
	snprintf(out, sz, "%.*s", (int)(end - start), start);
}

static int compare(void)
{
	u32 agree = 0, unknown = 0, differ = 0, f, n;
	struct bpf_insn insns[32];
	size_t c;

	for (c = 0; c < ARRAY_SIZE(combos); c++) {
		for (f = 1; f < MAX_HELPER; f++) {
			struct analysis_opts opts = { .gpl = true };
			struct analysis_result res;
			char kmsg[256];
			struct prog p;
			bool kacc;

			n = sweep_prog(combos[c].type, f, insns);
			kacc = load_insns(combos[c].type, combos[c].attach, insns, n) == 0;
			if (!kacc && !log_buf[0])
				break;	/* the type cannot be loaded here */
			last_error(kmsg, sizeof(kmsg));
			memset(&p, 0, sizeof(p));
			p.insns = insns;
			p.insn_cnt = n;
			p.pt.prog_type = combos[c].type;
			p.pt.expected_attach_type = combos[c].attach;
			if (combos[c].type == BPF_PROG_TYPE_SYSCALL)
				p.pt.flags |= PROGTYPE_SLEEPABLE;
			if (analysis_run(&p, NULL, 0, &opts, &res))
				return 2;
			if (res.verdict == V_UNKNOWN) {
				unknown++;
				continue;
			}
			if ((res.verdict == V_SAFE) == kacc &&
			    (kacc || strstr(res.diag.msg, kmsg))) {
				agree++;
				continue;
			}
			differ++;
			printf("type %u attach %u %s: kernel %s \"%s\", bpfverify %s \"%s\"\n",
			       combos[c].type, combos[c].attach, helper_name(f),
			       kacc ? "accepts" : "rejects", kacc ? "" : kmsg,
			       verdict_name(res.verdict), res.diag.msg);
		}
	}
	printf("helper_probe: %u agree, %u unknown, %u differ\n", agree, unknown, differ);
	return differ ? 1 : 0;
}

int main(int argc, char **argv)
{
	long only_type, only_attach;
	char row[MAX_HELPER + 1], why[256];
	size_t c;
	u32 f;

	if (argc > 1 && !strcmp(argv[1], "-c"))
		return print_c();
	if (argc > 1 && !strcmp(argv[1], "-d"))
		return compare();
	only_type = argc > 1 ? strtol(argv[1], NULL, 0) : -1;
	only_attach = argc > 2 ? strtol(argv[2], NULL, 0) : -1;

	for (c = 0; c < ARRAY_SIZE(combos); c++) {
		if (only_type >= 0 && combos[c].type != (u32)only_type)
			continue;
		if (only_attach >= 0 && combos[c].attach != (u32)only_attach)
			continue;
		for (f = 0; f < MAX_HELPER; f++) {
			load(combos[c].type, combos[c].attach, f);
			row[f] = classify(why, sizeof(why));
			if (row[f] == 'S')
				printf("# %u %u %u: %s\n", combos[c].type, combos[c].attach, f, why);
		}
		row[MAX_HELPER] = 0;
		printf("%u %u %s\n", combos[c].type, combos[c].attach, row);
		fflush(stdout);
	}
	return 0;
}
