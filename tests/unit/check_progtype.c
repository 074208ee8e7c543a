/* progtype: libbpf 1.x section names -> program type / attach type / flags / target, the -t
 * names, the legacy-name hints and the reverse name tables. One row per case. */
#include <check.h>
#include <linux/btf.h>
#include <string.h>

#include "loader/progtype.h"

#define BTF	PROGTYPE_ATTACH_BTF
#define SLP	PROGTYPE_SLEEPABLE
#define FRAGS	PROGTYPE_XDP_FRAGS
#define USDT	PROGTYPE_USDT
#define ATT	PROGTYPE_ATTACHABLE
#define OPT	(PROGTYPE_ATTACHABLE | PROGTYPE_EXP_ATTACH_OPT)

struct sec_row {
	const char *sec;
	int err;
	u32 prog_type;
	u32 attach_type;
	u32 flags;
	const char *target;	/* NULL: expect no target */
	const char *prefix;
};

#define OK(s, type, eat, fl, tgt, pfx) \
	{ s, 0, BPF_PROG_TYPE_##type, eat, fl, tgt, pfx }
#define BAD(s) { s, -ENOENT, 0, 0, 0, NULL, NULL }

static const struct sec_row sec_rows[] = {
	/* xdp: exact names only */
	OK("xdp", XDP, BPF_XDP, OPT, NULL, "xdp"),
	OK("xdp.frags", XDP, BPF_XDP, FRAGS, NULL, "xdp.frags"),
	OK("xdp/devmap", XDP, BPF_XDP_DEVMAP, ATT, NULL, "xdp/devmap"),
	OK("xdp/cpumap", XDP, BPF_XDP_CPUMAP, ATT, NULL, "xdp/cpumap"),
	OK("xdp.frags/devmap", XDP, BPF_XDP_DEVMAP, FRAGS, NULL, "xdp.frags/devmap"),
	OK("xdp.frags/cpumap", XDP, BPF_XDP_CPUMAP, FRAGS, NULL, "xdp.frags/cpumap"),
	BAD("xdp/"),
	BAD("xdp/foo"),
	BAD("xdp_prog"),
	BAD("xdp_devmap/x"),
	BAD("xdp.frags/foo"),
	/* tc */
	OK("tc", SCHED_CLS, 0, 0, NULL, "tc"),
	OK("classifier", SCHED_CLS, 0, 0, NULL, "classifier"),
	OK("action", SCHED_ACT, 0, 0, NULL, "action"),
	OK("tc/ingress", SCHED_CLS, BPF_TCX_INGRESS, 0, NULL, "tc/ingress"),
	OK("tc/egress", SCHED_CLS, BPF_TCX_EGRESS, 0, NULL, "tc/egress"),
	OK("tcx/ingress", SCHED_CLS, BPF_TCX_INGRESS, 0, NULL, "tcx/ingress"),
	OK("tcx/egress", SCHED_CLS, BPF_TCX_EGRESS, 0, NULL, "tcx/egress"),
	OK("netkit/primary", SCHED_CLS, BPF_NETKIT_PRIMARY, 0, NULL, "netkit/primary"),
	OK("netkit/peer", SCHED_CLS, BPF_NETKIT_PEER, 0, NULL, "netkit/peer"),
	BAD("tc/foo"),
	BAD("tcx"),
	BAD("tcx/foo"),
	BAD("classifier/foo"),
	BAD("classifier_ingress"),
	BAD("netkit"),
	/* socket */
	OK("socket", SOCKET_FILTER, 0, 0, NULL, "socket"),
	BAD("socket1"),
	BAD("socket/foo"),
	/* probes: "foo+" = "foo" or "foo/..." */
	OK("kprobe/do_unlinkat", KPROBE, 0, 0, "do_unlinkat", "kprobe/"),
	OK("kprobe", KPROBE, 0, 0, NULL, "kprobe"),
	OK("kprobe/", KPROBE, 0, 0, "", "kprobe/"),
	OK("kretprobe/do_unlinkat", KPROBE, 0, 0, "do_unlinkat", "kretprobe/"),
	OK("ksyscall/openat", KPROBE, 0, 0, "openat", "ksyscall/"),
	OK("kretsyscall/openat", KPROBE, 0, 0, "openat", "kretsyscall/"),
	OK("uprobe//bin/bash:readline", KPROBE, 0, 0, "/bin/bash:readline", "uprobe/"),
	OK("uretprobe/libc.so.6:malloc", KPROBE, 0, 0, "libc.so.6:malloc", "uretprobe/"),
	OK("uprobe.s//bin/bash:readline", KPROBE, 0, SLP, "/bin/bash:readline", "uprobe.s/"),
	OK("uretprobe.s/libc.so.6:free", KPROBE, 0, SLP, "libc.so.6:free", "uretprobe.s/"),
	OK("usdt", KPROBE, 0, USDT, NULL, "usdt"),
	OK("usdt/libc.so.6:libc:setjmp", KPROBE, 0, USDT, "libc.so.6:libc:setjmp", "usdt/"),
	OK("usdt.s/x:p:n", KPROBE, 0, USDT | SLP, "x:p:n", "usdt.s/"),
	OK("kprobe.multi/bpf_fentry_test*", KPROBE, BPF_TRACE_KPROBE_MULTI, 0,
	   "bpf_fentry_test*", "kprobe.multi/"),
	OK("kretprobe.multi/tcp_*", KPROBE, BPF_TRACE_KPROBE_MULTI, 0, "tcp_*", "kretprobe.multi/"),
	OK("kprobe.session/x", KPROBE, BPF_TRACE_KPROBE_SESSION, 0, "x", "kprobe.session/"),
	OK("uprobe.multi//bin/sh:f*", KPROBE, BPF_TRACE_UPROBE_MULTI, 0, "/bin/sh:f*",
	   "uprobe.multi/"),
	OK("uretprobe.multi/x:y", KPROBE, BPF_TRACE_UPROBE_MULTI, 0, "x:y", "uretprobe.multi/"),
	OK("uprobe.multi.s/x:y", KPROBE, BPF_TRACE_UPROBE_MULTI, SLP, "x:y", "uprobe.multi.s/"),
	OK("uprobe.session/x:y", KPROBE, BPF_TRACE_UPROBE_SESSION, 0, "x:y", "uprobe.session/"),
	OK("uprobe.session.s/x:y", KPROBE, BPF_TRACE_UPROBE_SESSION, SLP, "x:y",
	   "uprobe.session.s/"),
	BAD("kprobe__do_unlinkat"),
	BAD("kprobe.multi_x"),
	BAD("kprobes/x"),
	BAD("uprobe.x/y"),
	/* tracepoints */
	OK("tracepoint/sched/sched_switch", TRACEPOINT, 0, 0, "sched/sched_switch", "tracepoint/"),
	OK("tp/sched/sched_switch", TRACEPOINT, 0, 0, "sched/sched_switch", "tp/"),
	OK("tp", TRACEPOINT, 0, 0, NULL, "tp"),
	OK("raw_tracepoint/sched_switch", RAW_TRACEPOINT, 0, 0, "sched_switch", "raw_tracepoint/"),
	OK("raw_tp/sched_switch", RAW_TRACEPOINT, 0, 0, "sched_switch", "raw_tp/"),
	OK("raw_tp.w/bpf_test_finish", RAW_TRACEPOINT_WRITABLE, 0, 0, "bpf_test_finish",
	   "raw_tp.w/"),
	OK("raw_tracepoint.w/x", RAW_TRACEPOINT_WRITABLE, 0, 0, "x", "raw_tracepoint.w/"),
	BAD("tp_sched"),
	BAD("tracepoint_x"),
	/* BTF-attached */
	OK("tp_btf/sched_switch", TRACING, BPF_TRACE_RAW_TP, BTF, "sched_switch", "tp_btf/"),
	OK("fentry/do_unlinkat", TRACING, BPF_TRACE_FENTRY, BTF, "do_unlinkat", "fentry/"),
	OK("fentry", TRACING, BPF_TRACE_FENTRY, BTF, NULL, "fentry"),
	OK("fentry.s/do_unlinkat", TRACING, BPF_TRACE_FENTRY, BTF | SLP, "do_unlinkat", "fentry.s/"),
	OK("fexit/do_unlinkat", TRACING, BPF_TRACE_FEXIT, BTF, "do_unlinkat", "fexit/"),
	OK("fexit.s/x", TRACING, BPF_TRACE_FEXIT, BTF | SLP, "x", "fexit.s/"),
	OK("fmod_ret/x", TRACING, BPF_MODIFY_RETURN, BTF, "x", "fmod_ret/"),
	OK("fmod_ret.s/x", TRACING, BPF_MODIFY_RETURN, BTF | SLP, "x", "fmod_ret.s/"),
	OK("lsm/file_open", LSM, BPF_LSM_MAC, BTF, "file_open", "lsm/"),
	OK("lsm.s/bprm_committed_creds", LSM, BPF_LSM_MAC, BTF | SLP, "bprm_committed_creds",
	   "lsm.s/"),
	OK("lsm_cgroup/socket_bind", LSM, BPF_LSM_CGROUP, BTF, "socket_bind", "lsm_cgroup/"),
	OK("iter/task", TRACING, BPF_TRACE_ITER, BTF, "task", "iter/"),
	OK("iter.s/task_file", TRACING, BPF_TRACE_ITER, BTF | SLP, "task_file", "iter.s/"),
	OK("freplace/xdp_dummy", EXT, 0, BTF, "xdp_dummy", "freplace/"),
	OK("struct_ops/dctcp_init", STRUCT_OPS, 0, BTF, "dctcp_init", "struct_ops/"),
	OK("struct_ops", STRUCT_OPS, 0, BTF, NULL, "struct_ops"),
	OK("struct_ops.s/x", STRUCT_OPS, 0, BTF | SLP, "x", "struct_ops.s/"),
	BAD("fentry_x"),
	BAD("lsm_foo/x"),
	/* misc exact names */
	OK("perf_event", PERF_EVENT, 0, 0, NULL, "perf_event"),
	OK("syscall", SYSCALL, 0, SLP, NULL, "syscall"),
	OK("netfilter", NETFILTER, BPF_NETFILTER, 0, NULL, "netfilter"),
	OK("sk_lookup", SK_LOOKUP, BPF_SK_LOOKUP, ATT, NULL, "sk_lookup"),
	OK("sk_reuseport", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATT, NULL, "sk_reuseport"),
	OK("sk_reuseport/migrate", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, ATT, NULL,
	   "sk_reuseport/migrate"),
	OK("flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, OPT, NULL, "flow_dissector"),
	OK("lirc_mode2", LIRC_MODE2, BPF_LIRC_MODE2, OPT, NULL, "lirc_mode2"),
	OK("lwt_in", LWT_IN, 0, 0, NULL, "lwt_in"),
	OK("lwt_out", LWT_OUT, 0, 0, NULL, "lwt_out"),
	OK("lwt_xmit", LWT_XMIT, 0, 0, NULL, "lwt_xmit"),
	OK("lwt_seg6local", LWT_SEG6LOCAL, 0, 0, NULL, "lwt_seg6local"),
	OK("sockops", SOCK_OPS, BPF_CGROUP_SOCK_OPS, OPT, NULL, "sockops"),
	OK("sk_skb/stream_parser", SK_SKB, BPF_SK_SKB_STREAM_PARSER, OPT, NULL,
	   "sk_skb/stream_parser"),
	OK("sk_skb/stream_verdict", SK_SKB, BPF_SK_SKB_STREAM_VERDICT, OPT, NULL,
	   "sk_skb/stream_verdict"),
	OK("sk_skb", SK_SKB, 0, 0, NULL, "sk_skb"),
	OK("sk_msg", SK_MSG, BPF_SK_MSG_VERDICT, OPT, NULL, "sk_msg"),
	BAD("perf_event/x"),
	BAD("sk_skb/verdict"),
	BAD("sockops/x"),
	BAD("syscall/x"),
	BAD("lwt_xmit2"),
	/* cgroup */
	OK("cgroup_skb/ingress", CGROUP_SKB, BPF_CGROUP_INET_INGRESS, OPT, NULL,
	   "cgroup_skb/ingress"),
	OK("cgroup_skb/egress", CGROUP_SKB, BPF_CGROUP_INET_EGRESS, OPT, NULL, "cgroup_skb/egress"),
	OK("cgroup/skb", CGROUP_SKB, 0, 0, NULL, "cgroup/skb"),
	OK("cgroup/sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, OPT, NULL, "cgroup/sock"),
	OK("cgroup/sock_create", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT, NULL,
	   "cgroup/sock_create"),
	OK("cgroup/sock_release", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, ATT, NULL,
	   "cgroup/sock_release"),
	OK("cgroup/post_bind4", CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, ATT, NULL,
	   "cgroup/post_bind4"),
	OK("cgroup/connect4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, ATT, NULL,
	   "cgroup/connect4"),
	OK("cgroup/connect6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, ATT, NULL,
	   "cgroup/connect6"),
	OK("cgroup/connect_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_CONNECT, ATT, NULL,
	   "cgroup/connect_unix"),
	OK("cgroup/bind4", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATT, NULL, "cgroup/bind4"),
	OK("cgroup/bind6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, ATT, NULL, "cgroup/bind6"),
	OK("cgroup/sendmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, ATT, NULL,
	   "cgroup/sendmsg4"),
	OK("cgroup/recvmsg4", CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, ATT, NULL,
	   "cgroup/recvmsg4"),
	OK("cgroup/getpeername6", CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, ATT, NULL,
	   "cgroup/getpeername6"),
	OK("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETSOCKNAME, ATT, NULL,
	   "cgroup/getsockname_unix"),
	OK("cgroup/getsockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATT, NULL,
	   "cgroup/getsockopt"),
	OK("cgroup/setsockopt", CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, ATT, NULL,
	   "cgroup/setsockopt"),
	OK("cgroup/sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATT, NULL, "cgroup/sysctl"),
	OK("cgroup/dev", CGROUP_DEVICE, BPF_CGROUP_DEVICE, OPT, NULL, "cgroup/dev"),
	BAD("cgroup/skb/ingress"),
	BAD("cgroup_skb"),
	BAD("cgroup/sockopt"),
	BAD("cgroup/connect"),
	/* '?' = autoload off, same type */
	OK("?xdp", XDP, BPF_XDP, OPT, NULL, "xdp"),
	OK("?fentry/x", TRACING, BPF_TRACE_FENTRY, BTF, "x", "fentry/"),
	/* unknown: iproute2/samples-era names and plain non-program sections */
	BAD("socket1"),
	BAD("2/1"),
	BAD("from-netdev"),
	BAD(""),
	BAD("?"),
	BAD(".text"),
	BAD("license"),
	BAD(".maps"),
	BAD("XDP"),
	BAD(" xdp"),
};

START_TEST(test_from_section)
{
	const struct sec_row *r = &sec_rows[_i];
	struct progtype pt;
	int err;

	memset(&pt, 0xa5, sizeof(pt));
	err = progtype_from_section(r->sec, &pt);
	ck_assert_msg(err == r->err, "'%s': err %d, want %d", r->sec, err, r->err);
	if (err)
		return;
	ck_assert_msg(pt.prog_type == r->prog_type, "'%s': prog_type %s, want %s", r->sec,
		      progtype_name(pt.prog_type), progtype_name(r->prog_type));
	ck_assert_msg(pt.expected_attach_type == r->attach_type, "'%s': attach %u, want %u",
		      r->sec, pt.expected_attach_type, r->attach_type);
	ck_assert_msg(pt.flags == r->flags, "'%s': flags %#x, want %#x", r->sec, pt.flags,
		      r->flags);
	ck_assert_str_eq(pt.sec_prefix, r->prefix);
	if (!r->target) {
		ck_assert_msg(!pt.attach_target, "'%s': unexpected target '%s'", r->sec,
			      pt.attach_target);
	} else {
		ck_assert_ptr_nonnull(pt.attach_target);
		ck_assert_str_eq(pt.attach_target, r->target);
		/* borrowed: points into the caller's string */
		ck_assert(pt.attach_target >= r->sec &&
			  pt.attach_target <= r->sec + strlen(r->sec));
	}
}
END_TEST

struct name_row {
	const char *name;
	int err;
	u32 prog_type;
	u32 attach_type;
	u32 flags;
};

#define NOK(n, type, eat, fl) { n, 0, BPF_PROG_TYPE_##type, eat, fl }
#define NBAD(n) { n, -ENOENT, 0, 0, 0 }

static const struct name_row name_rows[] = {
	/* section-style */
	NOK("xdp", XDP, BPF_XDP, OPT),
	NOK("xdp.frags", XDP, BPF_XDP, FRAGS),
	NOK("tc", SCHED_CLS, 0, 0),
	NOK("socket", SOCKET_FILTER, 0, 0),
	NOK("kprobe", KPROBE, 0, 0),
	NOK("cgroup_skb/ingress", CGROUP_SKB, BPF_CGROUP_INET_INGRESS, OPT),
	NOK("tp_btf/x", TRACING, BPF_TRACE_RAW_TP, BTF),
	NOK("lsm.s/x", LSM, BPF_LSM_MAC, BTF | SLP),
	/* kernel type names (libbpf_bpf_prog_type_str) */
	NOK("socket_filter", SOCKET_FILTER, 0, 0),
	NOK("sched_cls", SCHED_CLS, 0, 0),
	NOK("sched_act", SCHED_ACT, 0, 0),
	NOK("tracepoint", TRACEPOINT, 0, 0),
	NOK("perf_event", PERF_EVENT, 0, 0),
	NOK("cgroup_skb", CGROUP_SKB, 0, 0),
	NOK("cgroup_sock", CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, OPT),
	NOK("lwt_in", LWT_IN, 0, 0),
	NOK("lwt_seg6local", LWT_SEG6LOCAL, 0, 0),
	NOK("sock_ops", SOCK_OPS, BPF_CGROUP_SOCK_OPS, OPT),
	NOK("sk_skb", SK_SKB, 0, 0),
	NOK("cgroup_device", CGROUP_DEVICE, BPF_CGROUP_DEVICE, OPT),
	NOK("sk_msg", SK_MSG, BPF_SK_MSG_VERDICT, OPT),
	NOK("raw_tracepoint", RAW_TRACEPOINT, 0, 0),
	NOK("raw_tracepoint_writable", RAW_TRACEPOINT_WRITABLE, 0, 0),
	NOK("cgroup_sock_addr", CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATT),
	NOK("lirc_mode2", LIRC_MODE2, BPF_LIRC_MODE2, OPT),
	NOK("sk_reuseport", SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATT),
	NOK("flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, OPT),
	NOK("cgroup_sysctl", CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATT),
	NOK("cgroup_sockopt", CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATT),
	NOK("tracing", TRACING, BPF_TRACE_FENTRY, BTF),
	NOK("struct_ops", STRUCT_OPS, 0, BTF),
	NOK("ext", EXT, 0, BTF),
	NOK("lsm", LSM, BPF_LSM_MAC, BTF),
	NOK("sk_lookup", SK_LOOKUP, BPF_SK_LOOKUP, ATT),
	NOK("syscall", SYSCALL, 0, SLP),
	NOK("netfilter", NETFILTER, BPF_NETFILTER, 0),
	NBAD("unspec"),
	NBAD("unknown"),
	NBAD(""),
	NBAD("sched-cls"),
	NBAD("XDP"),
	NBAD("socket1"),
	NBAD("from-netdev"),
};

START_TEST(test_from_name)
{
	const struct name_row *r = &name_rows[_i];
	struct progtype pt;
	int err;

	memset(&pt, 0xa5, sizeof(pt));
	err = progtype_from_name(r->name, &pt);
	ck_assert_msg(err == r->err, "'%s': err %d, want %d", r->name, err, r->err);
	if (err)
		return;
	ck_assert_msg(pt.prog_type == r->prog_type, "'%s': prog_type %s, want %s", r->name,
		      progtype_name(pt.prog_type), progtype_name(r->prog_type));
	ck_assert_msg(pt.expected_attach_type == r->attach_type, "'%s': attach %u, want %u",
		      r->name, pt.expected_attach_type, r->attach_type);
	ck_assert_msg(pt.flags == r->flags, "'%s': flags %#x, want %#x", r->name, pt.flags,
		      r->flags);
	ck_assert_ptr_nonnull(pt.sec_prefix);
}
END_TEST

/* every kernel type name resolves back to its own type */
START_TEST(test_name_roundtrip)
{
	struct progtype pt;
	u32 t;

	for (t = 1; t < PROGTYPE_NR_PROG_TYPES; t++) {
		const char *name = progtype_name(t);

		ck_assert_str_ne(name, "unknown");
		ck_assert_msg(!progtype_from_name(name, &pt), "'%s' not accepted", name);
		ck_assert_msg(pt.prog_type == t, "'%s' -> %u, want %u", name, pt.prog_type, t);
	}
}
END_TEST

static const struct {
	const char *sec;
	const char *use;	/* NULL: no hint */
} legacy_rows[] = {
	{ "socket1", "socket" },
	{ "socket_filter", "socket" },
	{ "xdp_prog", "xdp" },
	{ "xdp/foo", "xdp" },
	{ "xdp_devmap/x", "xdp/devmap" },
	{ "xdp_cpumap/x", "xdp/cpumap" },
	{ "classifier/ingress", "classifier" },
	{ "action/1", "action" },
	{ "perf_event_x", "perf_event" },
	{ "cgroup/skb1", "cgroup/skb" },
	{ "sk_skb/x", "sk_skb" },
	{ "?socket2", "socket" },
	/* valid or unrelated: no hint */
	{ "socket", NULL },
	{ "xdp", NULL },
	{ "kprobe/x", NULL },
	{ "2/1", NULL },
	{ "from-netdev", NULL },
	{ "tcx/foo", NULL },
	{ "tc/foo", NULL },
	{ ".text", NULL },
	{ "kprobe__x", NULL },
};

START_TEST(test_legacy_match)
{
	const char *got = progtype_legacy_match(legacy_rows[_i].sec);
	const char *want = legacy_rows[_i].use;

	if (!want)
		ck_assert_msg(!got, "'%s': unexpected hint '%s'", legacy_rows[_i].sec, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "'%s': hint '%s', want '%s'",
			      legacy_rows[_i].sec, got ? got : "(null)", want);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_UNSPEC), "unspec");
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_SOCKET_FILTER), "socket_filter");
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_SCHED_CLS), "sched_cls");
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_CGROUP_SOCK_ADDR), "cgroup_sock_addr");
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_EXT), "ext");
	ck_assert_str_eq(progtype_name(BPF_PROG_TYPE_SYSCALL), "syscall");
	ck_assert_str_eq(progtype_name(32), "netfilter");
	ck_assert_str_eq(progtype_name(33), "unknown");
	ck_assert_str_eq(progtype_name(~0u), "unknown");

	ck_assert_str_eq(attach_type_name(0), "cgroup_inet_ingress");
	ck_assert_str_eq(attach_type_name(BPF_TRACE_FENTRY), "trace_fentry");
	ck_assert_str_eq(attach_type_name(BPF_MODIFY_RETURN), "modify_return");
	ck_assert_str_eq(attach_type_name(BPF_LSM_CGROUP), "lsm_cgroup");
	ck_assert_str_eq(attach_type_name(44), "struct_ops");
	ck_assert_str_eq(attach_type_name(45), "netfilter");
	ck_assert_str_eq(attach_type_name(46), "tcx_ingress");
	ck_assert_str_eq(attach_type_name(47), "tcx_egress");
	ck_assert_str_eq(attach_type_name(48), "trace_uprobe_multi");
	ck_assert_str_eq(attach_type_name(49), "cgroup_unix_connect");
	ck_assert_str_eq(attach_type_name(53), "cgroup_unix_getsockname");
	ck_assert_str_eq(attach_type_name(54), "netkit_primary");
	ck_assert_str_eq(attach_type_name(55), "netkit_peer");
	ck_assert_str_eq(attach_type_name(56), "trace_kprobe_session");
	ck_assert_str_eq(attach_type_name(57), "trace_uprobe_session");
	ck_assert_str_eq(attach_type_name(58), "unknown");
}
END_TEST

/* every slot of both name tables is filled */
START_TEST(test_names_complete)
{
	u32 i;

	for (i = 0; i < PROGTYPE_NR_PROG_TYPES; i++)
		ck_assert_msg(progtype_name(i) && strcmp(progtype_name(i), "unknown"),
			      "prog type %u unnamed", i);
	for (i = 0; i < PROGTYPE_NR_ATTACH_TYPES; i++)
		ck_assert_msg(attach_type_name(i) && strcmp(attach_type_name(i), "unknown"),
			      "attach type %u unnamed", i);
}
END_TEST

static const struct {
	const char *sec;
	const char *prefix;	/* NULL: no BTF lookup by name */
	u32 kind;
} btf_rows[] = {
	{ "tp_btf/sched_switch", "btf_trace_", BTF_KIND_TYPEDEF },
	{ "lsm/file_open", "bpf_lsm_", BTF_KIND_FUNC },
	{ "lsm.s/file_open", "bpf_lsm_", BTF_KIND_FUNC },
	{ "lsm_cgroup/socket_bind", "bpf_lsm_", BTF_KIND_FUNC },
	{ "iter/task", "bpf_iter_", BTF_KIND_FUNC },
	{ "iter.s/task", "bpf_iter_", BTF_KIND_FUNC },
	{ "fentry/x", "", BTF_KIND_FUNC },
	{ "fexit/x", "", BTF_KIND_FUNC },
	{ "fmod_ret/x", "", BTF_KIND_FUNC },
	{ "fentry.s/x", "", BTF_KIND_FUNC },
	{ "freplace/x", "", BTF_KIND_FUNC },
	{ "struct_ops/x", NULL, 0 },
	{ "kprobe/x", NULL, 0 },
	{ "tp/a/b", NULL, 0 },
	{ "raw_tp/x", NULL, 0 },
	{ "xdp", NULL, 0 },
};

START_TEST(test_btf_prefix)
{
	struct progtype pt;
	const char *got;

	ck_assert_int_eq(progtype_from_section(btf_rows[_i].sec, &pt), 0);
	got = progtype_btf_prefix(&pt);
	if (!btf_rows[_i].prefix) {
		ck_assert_msg(!got, "'%s': unexpected prefix '%s'", btf_rows[_i].sec, got);
	} else {
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, btf_rows[_i].prefix);
	}
	ck_assert_uint_eq(progtype_btf_kind(&pt), btf_rows[_i].kind);
}
END_TEST

START_TEST(test_load_flags)
{
	struct progtype pt;

	ck_assert_int_eq(progtype_from_section("xdp.frags", &pt), 0);
	ck_assert_uint_eq(progtype_load_flags(&pt), BPF_F_XDP_HAS_FRAGS);
	ck_assert_int_eq(progtype_from_section("fentry.s/x", &pt), 0);
	ck_assert_uint_eq(progtype_load_flags(&pt), BPF_F_SLEEPABLE);
	ck_assert_int_eq(progtype_from_section("syscall", &pt), 0);
	ck_assert_uint_eq(progtype_load_flags(&pt), BPF_F_SLEEPABLE);
	ck_assert_int_eq(progtype_from_section("xdp", &pt), 0);
	ck_assert_uint_eq(progtype_load_flags(&pt), 0);
}
END_TEST

START_TEST(test_null)
{
	struct progtype pt;

	ck_assert_int_eq(progtype_from_section(NULL, &pt), -ENOENT);
	ck_assert_int_eq(progtype_from_name(NULL, &pt), -ENOENT);
	ck_assert_ptr_null(progtype_legacy_match(NULL));
}
END_TEST

Suite *progtype_suite(void)
{
	Suite *s = suite_create("progtype");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_from_section, 0, ARRAY_SIZE(sec_rows));
	tcase_add_loop_test(tc, test_from_name, 0, ARRAY_SIZE(name_rows));
	tcase_add_test(tc, test_name_roundtrip);
	tcase_add_loop_test(tc, test_legacy_match, 0, ARRAY_SIZE(legacy_rows));
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_names_complete);
	tcase_add_loop_test(tc, test_btf_prefix, 0, ARRAY_SIZE(btf_rows));
	tcase_add_test(tc, test_load_flags);
	tcase_add_test(tc, test_null);
	suite_add_tcase(s, tc);
	return s;
}
