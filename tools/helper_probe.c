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
 *        helper_probe -dv                         the same, why each unknown is unknown
 *        helper_probe -dp                         the same with a non-GPL license
 *
 * -d loads, for every probed program type and helper, programs that (where the type has
 * direct packet access) check a packet pointer, call the helper with the arguments of one of
 * templates[], then read through the packet pointer, and compares
 * verdict and message with bpfverify's analysis of the same instructions: availability,
 * argument checks and packet-pointer invalidation in one sweep (verdict, failing instruction,
 * message). Prints each disagreement and
 * the counts; exit 1 when any. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "checks/helper_protos.h"
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
	{ BPF_PROG_TYPE_KPROBE, BPF_TRACE_UPROBE_SESSION },
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
static bool verbose;		/* -dv: the reasons of unknown verdicts on stderr */
static bool proprietary;	/* -dp: programs under a non-GPL license (gpl_only checks) */

static int load_insns(u32 type, u32 attach, const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.expected_attach_type = attach;
	attr.insns = (u64)(unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (u64)(unsigned long)(proprietary ? "Proprietary" : "GPL");
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

/* Argument templates of the -d sweep, R1..R5: c ctx, f fp-64 (64 initialised bytes), p a packet
 * pointer with 8 readable bytes (fp-64 where the type has no direct packet access), a digit that
 * constant, x 64. */
static const char *const templates[] = { "c0f10", "f8f80", "cf8f8", "ffff0", "cp8p8", "p8p80",
					 "fxfx0", "cpxpx", "c0p80", "00000" };

/* The sweep program for helper @func with argument template @tmpl into @p (returns the count):
 * where the type has direct packet access, a packet pointer checked for 8 bytes is read again
 * after the call (helpers that change packet data must have killed it). R0 on exit is 1: a
 * valid return value of every probed type. */
static u32 sweep_prog(u32 type, u32 func, const char *tmpl, struct bpf_insn *p)
{
	int end, data = pkt_offsets(type, &end), i;
	u32 n = 0, jmp = 0;

	for (i = 1; i <= 8; i++)
		p[n++] = INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, (s16)(-8 * i), 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
	if (data >= 0) {
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_1, (s16)data, 0);
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_8, BPF_REG_1, (s16)end, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_9, BPF_REG_7, 0, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_9, 0, 0, 8);
		jmp = n++;	/* if r9 > r8 goto exit */
	}
	for (i = 1; i <= 5; i++) {
		char k = tmpl[i - 1];

		if (k == 'c') {
			p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, i, BPF_REG_6, 0, 0);
		} else if (k == 'p' && data >= 0) {
			p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, i, BPF_REG_7, 0, 0);
		} else if (k == 'f' || k == 'p') {
			p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, i, BPF_REG_10, 0, 0);
			p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, i, 0, 0, -64);
		} else {
			p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, i, 0, 0, k == 'x' ? 64 : k - '0');
		}
	}
	p[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)func);
	if (data >= 0)
		p[n++] = INSN(BPF_LDX | BPF_MEM | BPF_B, BPF_REG_0, BPF_REG_7, 0, 0);
	if (jmp)
		p[jmp] = INSN(BPF_JMP | BPF_JGT | BPF_X, BPF_REG_9, BPF_REG_8, (s16)(n - jmp - 1), 0);
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

/* The instruction of the kernel's rejection: the last "N: (" line of the log, or -1. */
static long failing_insn(void)
{
	long insn = -1;
	char *line = log_buf;

	while (line && *line) {
		char *end;
		long v = strtol(line, &end, 10);

		if (end != line && end[0] == ':' && end[1] == ' ' && end[2] == '(')
			insn = v;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return insn;
}

struct tally {
	u32 agree, unknown, differ;
};

/* Loads @insns live (ld_imm64 slots get @map_fd) and analyses them (ld_imm64 slots name map 0
 * of @map); counts and prints the disagreement. false when the type cannot be loaded here. */
static bool judge(const struct combo *cb, const struct bpf_insn *insns, u32 n,
		  const struct map_def *map, int map_fd, struct tally *t)
{
	struct analysis_opts opts = { .gpl = !proprietary };
	struct bpf_insn live[64], ours[64];
	struct analysis_result res;
	char kmsg[256];
	struct prog p;
	bool kacc;
	u32 i;

	memcpy(live, insns, n * sizeof(*insns));
	memcpy(ours, insns, n * sizeof(*insns));
	for (i = 0; i < n; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		live[i].imm = map_fd;
		ours[i].imm = 0;
	}
	kacc = load_insns(cb->type, cb->attach, live, n) == 0;
	if (!kacc && !log_buf[0])
		return false;
	last_error(kmsg, sizeof(kmsg));
	if (!kacc && !kmsg[0]) {
		/* refused after verification (a prog array already owned by another program
		 * type, ...): nothing to compare */
		t->unknown++;
		return true;
	}
	memset(&p, 0, sizeof(p));
	p.insns = ours;
	p.insn_cnt = n;
	p.pt.prog_type = cb->type;
	p.pt.expected_attach_type = cb->attach;
	if (cb->type == BPF_PROG_TYPE_SYSCALL)
		p.pt.flags |= PROGTYPE_SLEEPABLE;
	if (analysis_run(&p, map, map ? 1 : 0, &opts, &res)) {
		t->unknown++;
		return true;
	}
	if (res.verdict == V_UNKNOWN) {
		t->unknown++;
		if (verbose)
			fprintf(stderr, "unknown: %s\n", res.diag.msg);
		return true;
	}
	if ((res.verdict == V_SAFE) == kacc &&
	    (kacc || (strstr(res.diag.msg, kmsg) &&
		      (failing_insn() < 0 || failing_insn() == (long)res.diag.insn_idx)))) {
		t->agree++;
		return true;
	}
	t->differ++;
	for (i = 0; i < n && insns[i].code != (BPF_JMP | BPF_CALL); i++)
		;
	printf("type %u attach %u call %s map type %d: kernel %s \"%s\", bpfverify %s \"%s\"\n",
	       cb->type, cb->attach, i < n ? helper_name((u32)insns[i].imm) : "?",
	       map ? (int)map->type : -1,
	       kacc ? "accepts" : "rejects", kacc ? "" : kmsg, verdict_name(res.verdict),
	       res.diag.msg);
	return true;
}

/* Maps for the map-argument sweep: type, key, value, max_entries. */
static const struct map_spec {
	u32 type, key, value, max;
} map_specs[] = {
	{ BPF_MAP_TYPE_HASH, 8, 8, 1 },
	{ BPF_MAP_TYPE_ARRAY, 4, 8, 1 },
	{ BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1 },
	{ BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 1 },
	{ BPF_MAP_TYPE_PERCPU_HASH, 8, 8, 1 },
	{ BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1 },
	{ BPF_MAP_TYPE_STACK_TRACE, 4, 64, 1 },
	{ BPF_MAP_TYPE_CGROUP_ARRAY, 4, 4, 1 },
	{ BPF_MAP_TYPE_LRU_HASH, 8, 8, 1 },
	{ BPF_MAP_TYPE_DEVMAP, 4, 4, 1 },
	{ BPF_MAP_TYPE_SOCKMAP, 4, 4, 1 },
	{ BPF_MAP_TYPE_CPUMAP, 4, 4, 1 },
	{ BPF_MAP_TYPE_XSKMAP, 4, 4, 1 },
	{ BPF_MAP_TYPE_SOCKHASH, 4, 4, 1 },
	{ BPF_MAP_TYPE_CGROUP_STORAGE, 16, 8, 0 },
	{ BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, 4, 8, 1 },
	{ BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, 16, 8, 0 },
	{ BPF_MAP_TYPE_QUEUE, 0, 8, 1 },
	{ BPF_MAP_TYPE_STACK, 0, 8, 1 },
	{ BPF_MAP_TYPE_DEVMAP_HASH, 4, 4, 1 },
	{ BPF_MAP_TYPE_RINGBUF, 0, 0, 4096 },
	{ BPF_MAP_TYPE_BLOOM_FILTER, 0, 8, 1 },
};

static int map_create(const struct map_spec *ms)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = ms->type;
	attr.key_size = ms->key;
	attr.value_size = ms->value;
	attr.max_entries = ms->max;
	return (int)syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
}

/* The map sweep program: 64 initialised stack bytes, then the map in R@map_reg (1 or 2), R1 =
 * ctx when the map is in R2, the other registers fp-64 / 0, the call, R0 = 1, exit. */
static u32 map_prog(u32 func, int map_reg, struct bpf_insn *p)
{
	u32 n = 0;
	int i;

	for (i = 1; i <= 8; i++)
		p[n++] = INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, (s16)(-8 * i), 0);
	p[n++] = INSN(BPF_LD | BPF_IMM | BPF_DW, map_reg, BPF_PSEUDO_MAP_FD, 0, 0);
	p[n++] = INSN(0, 0, 0, 0, 0);
	for (i = map_reg + 1; i <= 3; i++) {
		p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, i, BPF_REG_10, 0, 0);
		p[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, i, 0, 0, -64);
	}
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, 0);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_5, 0, 0, 0);
	p[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, (s32)func);
	p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
	p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

static int compare(void)
{
	struct tally t = { 0 };
	struct bpf_insn insns[64];
	size_t c, m;
	u32 f, n;

	for (size_t k = 0; k < ARRAY_SIZE(templates); k++)
		for (c = 0; c < ARRAY_SIZE(combos); c++)
			for (f = 1; f < MAX_HELPER; f++) {
				n = sweep_prog(combos[c].type, f, templates[k], insns);
				if (!judge(&combos[c], insns, n, NULL, -1, &t))
					break;	/* the type cannot be loaded here */
			}
	for (m = 0; m < ARRAY_SIZE(map_specs); m++) {
		struct map_def def = { .name = (char *)"m", .type = map_specs[m].type,
				       .key_size = map_specs[m].key,
				       .value_size = map_specs[m].value,
				       .max_entries = map_specs[m].max, .inner_idx = -1 };
		int fd = map_create(&map_specs[m]);

		if (fd < 0) {
			printf("map type %u: cannot create (%s), skipped\n", map_specs[m].type,
			       strerror(errno));
			continue;
		}
		for (c = 0; c < ARRAY_SIZE(combos); c++)
			for (f = 1; f < MAX_HELPER; f++) {
				const struct helper_proto *fn = helper_proto(f, combos[c].type,
									    combos[c].attach);
				int reg;

				if (!fn)
					continue;
				reg = fn->args[0] == HARG_MAP_PTR ? 1 :
				      fn->args[1] == HARG_MAP_PTR ? 2 : 0;
				if (!reg)
					continue;
				n = map_prog(f, reg, insns);
				if (!judge(&combos[c], insns, n, &def, fd, &t))
					break;
			}
		close(fd);
	}
	if (!t.agree && !t.differ) {
		printf("helper_probe: SKIP: no program could be loaded (bpf(2) not permitted?)\n");
		return 0;
	}
	printf("helper_probe: %u agree, %u unknown, %u differ\n", t.agree, t.unknown, t.differ);
	return t.differ ? 1 : 0;
}

int main(int argc, char **argv)
{
	long only_type, only_attach;
	char row[MAX_HELPER + 1], why[256];
	size_t c;
	u32 f;

	if (argc > 1 && !strcmp(argv[1], "-c"))
		return print_c();
	if (argc > 1 && !strncmp(argv[1], "-d", 2)) {
		verbose = strchr(argv[1], 'v');
		proprietary = strchr(argv[1], 'p');
		return compare();
	}
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
