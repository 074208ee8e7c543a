/* Section name -> program type, as libbpf 1.x decides it (see progtype.h). The table below is
 * libbpf's section_defs[] in libbpf's order (first match wins), as of libbpf 1.6: "foo+"
 * entries (SEC_PLUS) match "foo" and "foo/<target>", all others (SEC_EXACT) only the exact
 * name. libbpf 1.0 dropped the sloppy prefix matching of 0.x ("xdp_foo", "socket1",
 * "classifier/x") and the "xdp_devmap/" / "xdp_cpumap/" spellings; progtype_legacy_match()
 * recognises those. */
#include <linux/btf.h>
#include <string.h>

#include "loader/progtype.h"

struct progtype_sec_def {
	const char *name;	/* "tp" for libbpf's "tp+", "xdp/devmap" for exact entries */
	const char *name_slash;	/* "tp/" for "+" entries, NULL for exact ones */
	u32 prog_type;
	u32 expected_attach_type;
	u32 flags;
};

#define ATT	PROGTYPE_ATTACHABLE
#define ATT_OPT	(PROGTYPE_ATTACHABLE | PROGTYPE_EXP_ATTACH_OPT)
#define BTF	PROGTYPE_ATTACH_BTF
#define SLP	PROGTYPE_SLEEPABLE
#define FRAGS	PROGTYPE_XDP_FRAGS
#define USDT	PROGTYPE_USDT
/* private: libbpf 0.x matched this exact entry as a plain prefix (SEC_SLOPPY_PFX) */
#define SLOPPY	(1u << 31)

#define SEC_PLUS(n, type, eat, fl)						\
	{ .name = n, .name_slash = n "/", .prog_type = BPF_PROG_TYPE_##type,	\
	  .expected_attach_type = (eat), .flags = (fl) }
#define SEC_EXACT(n, type, eat, fl)						\
	{ .name = n, .prog_type = BPF_PROG_TYPE_##type,				\
	  .expected_attach_type = (eat), .flags = (fl) }

static const struct progtype_sec_def progtype_sec_defs[] = {
	SEC_EXACT("socket",			SOCKET_FILTER, 0, SLOPPY),
	SEC_EXACT("sk_reuseport/migrate",	SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, ATT | SLOPPY),
	SEC_EXACT("sk_reuseport",		SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATT | SLOPPY),
	SEC_PLUS("kprobe",			KPROBE, 0, 0),
	SEC_PLUS("uprobe",			KPROBE, 0, 0),
	SEC_PLUS("uprobe.s",			KPROBE, 0, SLP),
	SEC_PLUS("kretprobe",			KPROBE, 0, 0),
	SEC_PLUS("uretprobe",			KPROBE, 0, 0),
	SEC_PLUS("uretprobe.s",			KPROBE, 0, SLP),
	SEC_PLUS("kprobe.multi",		KPROBE, BPF_TRACE_KPROBE_MULTI, 0),
	SEC_PLUS("kretprobe.multi",		KPROBE, BPF_TRACE_KPROBE_MULTI, 0),
	SEC_PLUS("kprobe.session",		KPROBE, BPF_TRACE_KPROBE_SESSION, 0),
	SEC_PLUS("uprobe.multi",		KPROBE, BPF_TRACE_UPROBE_MULTI, 0),
	SEC_PLUS("uretprobe.multi",		KPROBE, BPF_TRACE_UPROBE_MULTI, 0),
	SEC_PLUS("uprobe.session",		KPROBE, BPF_TRACE_UPROBE_SESSION, 0),
	SEC_PLUS("uprobe.multi.s",		KPROBE, BPF_TRACE_UPROBE_MULTI, SLP),
	SEC_PLUS("uretprobe.multi.s",		KPROBE, BPF_TRACE_UPROBE_MULTI, SLP),
	SEC_PLUS("uprobe.session.s",		KPROBE, BPF_TRACE_UPROBE_SESSION, SLP),
	SEC_PLUS("ksyscall",			KPROBE, 0, 0),
	SEC_PLUS("kretsyscall",			KPROBE, 0, 0),
	SEC_PLUS("usdt",			KPROBE, 0, USDT),
	SEC_PLUS("usdt.s",			KPROBE, 0, USDT | SLP),
	SEC_EXACT("tc/ingress",			SCHED_CLS, BPF_TCX_INGRESS, 0),	/* alias of tcx */
	SEC_EXACT("tc/egress",			SCHED_CLS, BPF_TCX_EGRESS, 0),	/* alias of tcx */
	SEC_EXACT("tcx/ingress",		SCHED_CLS, BPF_TCX_INGRESS, 0),
	SEC_EXACT("tcx/egress",			SCHED_CLS, BPF_TCX_EGRESS, 0),
	SEC_EXACT("tc",				SCHED_CLS, 0, 0),	/* legacy, use tcx */
	SEC_EXACT("classifier",			SCHED_CLS, 0, SLOPPY),	/* legacy, use tcx */
	SEC_EXACT("action",			SCHED_ACT, 0, SLOPPY),	/* legacy, use tcx */
	SEC_EXACT("netkit/primary",		SCHED_CLS, BPF_NETKIT_PRIMARY, 0),
	SEC_EXACT("netkit/peer",		SCHED_CLS, BPF_NETKIT_PEER, 0),
	SEC_PLUS("tracepoint",			TRACEPOINT, 0, 0),
	SEC_PLUS("tp",				TRACEPOINT, 0, 0),
	SEC_PLUS("raw_tracepoint",		RAW_TRACEPOINT, 0, 0),
	SEC_PLUS("raw_tp",			RAW_TRACEPOINT, 0, 0),
	SEC_PLUS("raw_tracepoint.w",		RAW_TRACEPOINT_WRITABLE, 0, 0),
	SEC_PLUS("raw_tp.w",			RAW_TRACEPOINT_WRITABLE, 0, 0),
	SEC_PLUS("tp_btf",			TRACING, BPF_TRACE_RAW_TP, BTF),
	SEC_PLUS("fentry",			TRACING, BPF_TRACE_FENTRY, BTF),
	SEC_PLUS("fmod_ret",			TRACING, BPF_MODIFY_RETURN, BTF),
	SEC_PLUS("fexit",			TRACING, BPF_TRACE_FEXIT, BTF),
	SEC_PLUS("fentry.s",			TRACING, BPF_TRACE_FENTRY, BTF | SLP),
	SEC_PLUS("fmod_ret.s",			TRACING, BPF_MODIFY_RETURN, BTF | SLP),
	SEC_PLUS("fexit.s",			TRACING, BPF_TRACE_FEXIT, BTF | SLP),
	SEC_PLUS("freplace",			EXT, 0, BTF),
	SEC_PLUS("lsm",				LSM, BPF_LSM_MAC, BTF),
	SEC_PLUS("lsm.s",			LSM, BPF_LSM_MAC, BTF | SLP),
	SEC_PLUS("lsm_cgroup",			LSM, BPF_LSM_CGROUP, BTF),
	SEC_PLUS("iter",			TRACING, BPF_TRACE_ITER, BTF),
	SEC_PLUS("iter.s",			TRACING, BPF_TRACE_ITER, BTF | SLP),
	SEC_EXACT("syscall",			SYSCALL, 0, SLP),
	SEC_EXACT("xdp.frags/devmap",		XDP, BPF_XDP_DEVMAP, FRAGS),
	SEC_EXACT("xdp/devmap",			XDP, BPF_XDP_DEVMAP, ATT),
	SEC_EXACT("xdp.frags/cpumap",		XDP, BPF_XDP_CPUMAP, FRAGS),
	SEC_EXACT("xdp/cpumap",			XDP, BPF_XDP_CPUMAP, ATT),
	SEC_EXACT("xdp.frags",			XDP, BPF_XDP, FRAGS),
	SEC_EXACT("xdp",			XDP, BPF_XDP, ATT_OPT | SLOPPY),
	SEC_EXACT("perf_event",			PERF_EVENT, 0, SLOPPY),
	SEC_EXACT("lwt_in",			LWT_IN, 0, SLOPPY),
	SEC_EXACT("lwt_out",			LWT_OUT, 0, SLOPPY),
	SEC_EXACT("lwt_xmit",			LWT_XMIT, 0, SLOPPY),
	SEC_EXACT("lwt_seg6local",		LWT_SEG6LOCAL, 0, SLOPPY),
	SEC_EXACT("sockops",			SOCK_OPS, BPF_CGROUP_SOCK_OPS, ATT_OPT | SLOPPY),
	SEC_EXACT("sk_skb/stream_parser",	SK_SKB, BPF_SK_SKB_STREAM_PARSER, ATT_OPT | SLOPPY),
	SEC_EXACT("sk_skb/stream_verdict",	SK_SKB, BPF_SK_SKB_STREAM_VERDICT, ATT_OPT | SLOPPY),
	SEC_EXACT("sk_skb",			SK_SKB, 0, SLOPPY),
	SEC_EXACT("sk_msg",			SK_MSG, BPF_SK_MSG_VERDICT, ATT_OPT | SLOPPY),
	SEC_EXACT("lirc_mode2",			LIRC_MODE2, BPF_LIRC_MODE2, ATT_OPT | SLOPPY),
	SEC_EXACT("flow_dissector",		FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, ATT_OPT | SLOPPY),
	SEC_EXACT("cgroup_skb/ingress",		CGROUP_SKB, BPF_CGROUP_INET_INGRESS, ATT_OPT | SLOPPY),
	SEC_EXACT("cgroup_skb/egress",		CGROUP_SKB, BPF_CGROUP_INET_EGRESS, ATT_OPT | SLOPPY),
	SEC_EXACT("cgroup/skb",			CGROUP_SKB, 0, SLOPPY),
	SEC_EXACT("cgroup/sock_create",		CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT | SLOPPY),
	SEC_EXACT("cgroup/sock_release",	CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, ATT | SLOPPY),
	SEC_EXACT("cgroup/sock",		CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT_OPT | SLOPPY),
	SEC_EXACT("cgroup/post_bind4",		CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, ATT | SLOPPY),
	SEC_EXACT("cgroup/post_bind6",		CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, ATT | SLOPPY),
	SEC_EXACT("cgroup/bind4",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATT | SLOPPY),
	SEC_EXACT("cgroup/bind6",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, ATT | SLOPPY),
	SEC_EXACT("cgroup/connect4",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, ATT | SLOPPY),
	SEC_EXACT("cgroup/connect6",		CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, ATT | SLOPPY),
	SEC_EXACT("cgroup/connect_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_CONNECT, ATT),
	SEC_EXACT("cgroup/sendmsg4",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, ATT | SLOPPY),
	SEC_EXACT("cgroup/sendmsg6",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, ATT | SLOPPY),
	SEC_EXACT("cgroup/sendmsg_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_SENDMSG, ATT),
	SEC_EXACT("cgroup/recvmsg4",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, ATT | SLOPPY),
	SEC_EXACT("cgroup/recvmsg6",		CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, ATT | SLOPPY),
	SEC_EXACT("cgroup/recvmsg_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_RECVMSG, ATT),
	SEC_EXACT("cgroup/getpeername4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, ATT | SLOPPY),
	SEC_EXACT("cgroup/getpeername6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, ATT | SLOPPY),
	SEC_EXACT("cgroup/getpeername_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETPEERNAME, ATT),
	SEC_EXACT("cgroup/getsockname4",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, ATT | SLOPPY),
	SEC_EXACT("cgroup/getsockname6",	CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, ATT | SLOPPY),
	SEC_EXACT("cgroup/getsockname_unix",	CGROUP_SOCK_ADDR, BPF_CGROUP_UNIX_GETSOCKNAME, ATT),
	SEC_EXACT("cgroup/sysctl",		CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATT | SLOPPY),
	SEC_EXACT("cgroup/getsockopt",		CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATT | SLOPPY),
	SEC_EXACT("cgroup/setsockopt",		CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, ATT | SLOPPY),
	SEC_EXACT("cgroup/dev",			CGROUP_DEVICE, BPF_CGROUP_DEVICE, ATT_OPT | SLOPPY),
	/* libbpf gives struct_ops no SEC_ATTACH_BTF, but the kernel needs attach_btf_id */
	SEC_PLUS("struct_ops",			STRUCT_OPS, 0, BTF),
	SEC_PLUS("struct_ops.s",		STRUCT_OPS, 0, BTF | SLP),
	SEC_EXACT("sk_lookup",			SK_LOOKUP, BPF_SK_LOOKUP, ATT | SLOPPY),
	SEC_EXACT("netfilter",			NETFILTER, BPF_NETFILTER, 0),
};

/* Spellings libbpf 1.0 removed outright, with their replacement. */
static const struct {
	const char *prefix;
	const char *use;
} progtype_removed[] = {
	{ "xdp_devmap/", "xdp/devmap" },
	{ "xdp_cpumap/", "xdp/cpumap" },
};

#define PT(type, n, sec) [BPF_PROG_TYPE_##type] = { .name = n, .section = sec }

/* libbpf_bpf_prog_type_str() names, and the section whose attach type and flags a bare
 * kernel type name given to progtype_from_name() takes. */
static const struct {
	const char *name;
	const char *section;
} progtype_kernel[] = {
	PT(UNSPEC,			"unspec", NULL),
	PT(SOCKET_FILTER,		"socket_filter", "socket"),
	PT(KPROBE,			"kprobe", "kprobe"),
	PT(SCHED_CLS,			"sched_cls", "tc"),
	PT(SCHED_ACT,			"sched_act", "action"),
	PT(TRACEPOINT,			"tracepoint", "tracepoint"),
	PT(XDP,				"xdp", "xdp"),
	PT(PERF_EVENT,			"perf_event", "perf_event"),
	PT(CGROUP_SKB,			"cgroup_skb", "cgroup/skb"),
	PT(CGROUP_SOCK,			"cgroup_sock", "cgroup/sock"),
	PT(LWT_IN,			"lwt_in", "lwt_in"),
	PT(LWT_OUT,			"lwt_out", "lwt_out"),
	PT(LWT_XMIT,			"lwt_xmit", "lwt_xmit"),
	PT(SOCK_OPS,			"sock_ops", "sockops"),
	PT(SK_SKB,			"sk_skb", "sk_skb"),
	PT(CGROUP_DEVICE,		"cgroup_device", "cgroup/dev"),
	PT(SK_MSG,			"sk_msg", "sk_msg"),
	PT(RAW_TRACEPOINT,		"raw_tracepoint", "raw_tracepoint"),
	PT(CGROUP_SOCK_ADDR,		"cgroup_sock_addr", "cgroup/bind4"),
	PT(LWT_SEG6LOCAL,		"lwt_seg6local", "lwt_seg6local"),
	PT(LIRC_MODE2,			"lirc_mode2", "lirc_mode2"),
	PT(SK_REUSEPORT,		"sk_reuseport", "sk_reuseport"),
	PT(FLOW_DISSECTOR,		"flow_dissector", "flow_dissector"),
	PT(CGROUP_SYSCTL,		"cgroup_sysctl", "cgroup/sysctl"),
	PT(RAW_TRACEPOINT_WRITABLE,	"raw_tracepoint_writable", "raw_tracepoint.w"),
	PT(CGROUP_SOCKOPT,		"cgroup_sockopt", "cgroup/getsockopt"),
	PT(TRACING,			"tracing", "fentry"),
	PT(STRUCT_OPS,			"struct_ops", "struct_ops"),
	PT(EXT,				"ext", "freplace"),
	PT(LSM,				"lsm", "lsm"),
	PT(SK_LOOKUP,			"sk_lookup", "sk_lookup"),
	PT(SYSCALL,			"syscall", "syscall"),
	PT(NETFILTER,			"netfilter", "netfilter"),
};

_Static_assert(ARRAY_SIZE(progtype_kernel) == PROGTYPE_NR_PROG_TYPES,
	       "progtype_kernel[] must name every program type");

static const char *const progtype_attach_names[] = {
	[BPF_CGROUP_INET_INGRESS]		= "cgroup_inet_ingress",
	[BPF_CGROUP_INET_EGRESS]		= "cgroup_inet_egress",
	[BPF_CGROUP_INET_SOCK_CREATE]		= "cgroup_inet_sock_create",
	[BPF_CGROUP_SOCK_OPS]			= "cgroup_sock_ops",
	[BPF_SK_SKB_STREAM_PARSER]		= "sk_skb_stream_parser",
	[BPF_SK_SKB_STREAM_VERDICT]		= "sk_skb_stream_verdict",
	[BPF_CGROUP_DEVICE]			= "cgroup_device",
	[BPF_SK_MSG_VERDICT]			= "sk_msg_verdict",
	[BPF_CGROUP_INET4_BIND]			= "cgroup_inet4_bind",
	[BPF_CGROUP_INET6_BIND]			= "cgroup_inet6_bind",
	[BPF_CGROUP_INET4_CONNECT]		= "cgroup_inet4_connect",
	[BPF_CGROUP_INET6_CONNECT]		= "cgroup_inet6_connect",
	[BPF_CGROUP_INET4_POST_BIND]		= "cgroup_inet4_post_bind",
	[BPF_CGROUP_INET6_POST_BIND]		= "cgroup_inet6_post_bind",
	[BPF_CGROUP_UDP4_SENDMSG]		= "cgroup_udp4_sendmsg",
	[BPF_CGROUP_UDP6_SENDMSG]		= "cgroup_udp6_sendmsg",
	[BPF_LIRC_MODE2]			= "lirc_mode2",
	[BPF_FLOW_DISSECTOR]			= "flow_dissector",
	[BPF_CGROUP_SYSCTL]			= "cgroup_sysctl",
	[BPF_CGROUP_UDP4_RECVMSG]		= "cgroup_udp4_recvmsg",
	[BPF_CGROUP_UDP6_RECVMSG]		= "cgroup_udp6_recvmsg",
	[BPF_CGROUP_GETSOCKOPT]			= "cgroup_getsockopt",
	[BPF_CGROUP_SETSOCKOPT]			= "cgroup_setsockopt",
	[BPF_TRACE_RAW_TP]			= "trace_raw_tp",
	[BPF_TRACE_FENTRY]			= "trace_fentry",
	[BPF_TRACE_FEXIT]			= "trace_fexit",
	[BPF_MODIFY_RETURN]			= "modify_return",
	[BPF_LSM_MAC]				= "lsm_mac",
	[BPF_TRACE_ITER]			= "trace_iter",
	[BPF_CGROUP_INET4_GETPEERNAME]		= "cgroup_inet4_getpeername",
	[BPF_CGROUP_INET6_GETPEERNAME]		= "cgroup_inet6_getpeername",
	[BPF_CGROUP_INET4_GETSOCKNAME]		= "cgroup_inet4_getsockname",
	[BPF_CGROUP_INET6_GETSOCKNAME]		= "cgroup_inet6_getsockname",
	[BPF_XDP_DEVMAP]			= "xdp_devmap",
	[BPF_CGROUP_INET_SOCK_RELEASE]		= "cgroup_inet_sock_release",
	[BPF_XDP_CPUMAP]			= "xdp_cpumap",
	[BPF_SK_LOOKUP]				= "sk_lookup",
	[BPF_XDP]				= "xdp",
	[BPF_SK_SKB_VERDICT]			= "sk_skb_verdict",
	[BPF_SK_REUSEPORT_SELECT]		= "sk_reuseport_select",
	[BPF_SK_REUSEPORT_SELECT_OR_MIGRATE]	= "sk_reuseport_select_or_migrate",
	[BPF_PERF_EVENT]			= "perf_event",
	[BPF_TRACE_KPROBE_MULTI]		= "trace_kprobe_multi",
	[BPF_LSM_CGROUP]			= "lsm_cgroup",
	[BPF_STRUCT_OPS]			= "struct_ops",
	[BPF_NETFILTER]				= "netfilter",
	[BPF_TCX_INGRESS]			= "tcx_ingress",
	[BPF_TCX_EGRESS]			= "tcx_egress",
	[BPF_TRACE_UPROBE_MULTI]		= "trace_uprobe_multi",
	[BPF_CGROUP_UNIX_CONNECT]		= "cgroup_unix_connect",
	[BPF_CGROUP_UNIX_SENDMSG]		= "cgroup_unix_sendmsg",
	[BPF_CGROUP_UNIX_RECVMSG]		= "cgroup_unix_recvmsg",
	[BPF_CGROUP_UNIX_GETPEERNAME]		= "cgroup_unix_getpeername",
	[BPF_CGROUP_UNIX_GETSOCKNAME]		= "cgroup_unix_getsockname",
	[BPF_NETKIT_PRIMARY]			= "netkit_primary",
	[BPF_NETKIT_PEER]			= "netkit_peer",
	[BPF_TRACE_KPROBE_SESSION]		= "trace_kprobe_session",
	[BPF_TRACE_UPROBE_SESSION]		= "trace_uprobe_session",
};

_Static_assert(ARRAY_SIZE(progtype_attach_names) == PROGTYPE_NR_ATTACH_TYPES,
	       "progtype_attach_names[] must name every attach type");

/* libbpf's sec_def_matches(); fills @out on a match. */
static bool progtype_sec_def_match(const struct progtype_sec_def *def, const char *sec,
				   struct progtype *out)
{
	size_t len = strlen(def->name);
	const char *target = NULL;
	const char *prefix = def->name;

	if (def->name_slash) {
		if (strncmp(sec, def->name, len) != 0)
			return false;
		if (sec[len] == '/') {
			target = sec + len + 1;
			prefix = def->name_slash;
		} else if (sec[len] != '\0') {
			return false;
		}
	} else if (strcmp(sec, def->name) != 0) {
		return false;
	}

	out->prog_type = def->prog_type;
	out->expected_attach_type = def->expected_attach_type;
	out->flags = def->flags & ~SLOPPY;
	out->attach_target = target;
	out->sec_prefix = prefix;
	return true;
}

int progtype_from_section(const char *sec, struct progtype *out)
{
	size_t i;

	if (!sec)
		return -ENOENT;
	/* SEC("?foo") is SEC("foo") with autoload off (bpf_object__init_prog()) */
	if (sec[0] == '?')
		sec++;
	for (i = 0; i < ARRAY_SIZE(progtype_sec_defs); i++) {
		if (progtype_sec_def_match(&progtype_sec_defs[i], sec, out))
			return 0;
	}
	return -ENOENT;
}

int progtype_from_name(const char *name, struct progtype *out)
{
	size_t i;

	if (!name || !name[0])
		return -ENOENT;
	if (!progtype_from_section(name, out))
		return 0;
	for (i = 0; i < ARRAY_SIZE(progtype_kernel); i++) {
		if (!progtype_kernel[i].section || strcmp(name, progtype_kernel[i].name) != 0)
			continue;
		if (analyzer_bug_if(progtype_from_section(progtype_kernel[i].section, out) ||
				    out->prog_type != i,
				    "bad default section '%s' for program type %zu",
				    progtype_kernel[i].section, i))
			return -ENOENT;
		return 0;
	}
	return -ENOENT;
}

const char *progtype_legacy_match(const char *sec)
{
	struct progtype pt;
	size_t i;

	if (!sec || !progtype_from_section(sec, &pt))
		return NULL;
	if (sec[0] == '?')
		sec++;
	for (i = 0; i < ARRAY_SIZE(progtype_removed); i++) {
		if (!strncmp(sec, progtype_removed[i].prefix, strlen(progtype_removed[i].prefix)))
			return progtype_removed[i].use;
	}
	/* libbpf 0.x's SEC_SLOPPY_PFX entries, in table order; its "foo/" entries became "foo+",
	 * which 1.x still accepts with the "/" */
	for (i = 0; i < ARRAY_SIZE(progtype_sec_defs); i++) {
		const struct progtype_sec_def *def = &progtype_sec_defs[i];

		if ((def->flags & SLOPPY) && !strncmp(sec, def->name, strlen(def->name)))
			return def->name;
	}
	return NULL;
}

const char *progtype_name(u32 prog_type)
{
	if (prog_type >= ARRAY_SIZE(progtype_kernel))
		return "unknown";
	return progtype_kernel[prog_type].name;
}

const char *attach_type_name(u32 attach_type)
{
	if (attach_type >= ARRAY_SIZE(progtype_attach_names))
		return "unknown";
	return progtype_attach_names[attach_type];
}

/* libbpf btf_get_kernel_prefix_kind() */
const char *progtype_btf_prefix(const struct progtype *pt)
{
	if (!(pt->flags & PROGTYPE_ATTACH_BTF) || pt->prog_type == BPF_PROG_TYPE_STRUCT_OPS)
		return NULL;
	switch (pt->expected_attach_type) {
	case BPF_TRACE_RAW_TP:
		return "btf_trace_";
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
		return "bpf_lsm_";
	case BPF_TRACE_ITER:
		return "bpf_iter_";
	default:
		return "";
	}
}

u32 progtype_btf_kind(const struct progtype *pt)
{
	if (!progtype_btf_prefix(pt))
		return 0;
	if (pt->expected_attach_type == BPF_TRACE_RAW_TP)
		return BTF_KIND_TYPEDEF;
	return BTF_KIND_FUNC;
}

u32 progtype_load_flags(const struct progtype *pt)
{
	u32 flags = 0;

	if (pt->flags & PROGTYPE_SLEEPABLE)
		flags |= BPF_F_SLEEPABLE;
	if (pt->flags & PROGTYPE_XDP_FRAGS)
		flags |= BPF_F_XDP_HAS_FRAGS;
	return flags;
}
