/* Section name -> program type, expected attach type and load flags, following libbpf 1.x
 * (src/libbpf.c: section_defs[], sec_def_matches(), libbpf_prepare_prog_load()) so that an
 * object is analysed as the type libbpf would load it as. Also the reverse names
 * (libbpf_bpf_prog_type_str / libbpf_bpf_attach_type_str spelling) and the vmlinux BTF name
 * prefix of BTF-attached programs (btf_get_kernel_prefix_kind()). No allocation, no state. */
#ifndef BPFVERIFY_LOADER_PROGTYPE_H
#define BPFVERIFY_LOADER_PROGTYPE_H

#include <linux/bpf.h>

#include "util.h"

/* Program and attach types newer than the Debian 12 (6.1) uapi header, with the numbers of
 * include/uapi/linux/bpf.h. These are enumerators upstream, not macros, so #ifndef cannot see
 * them: with a newer header the macro shadows the enumerator with the same value, which is
 * harmless as long as <linux/bpf.h> is included first (done above). */
#ifndef BPF_PROG_TYPE_NETFILTER
#define BPF_PROG_TYPE_NETFILTER		32	/* 6.4 */
#endif
#ifndef BPF_STRUCT_OPS
#define BPF_STRUCT_OPS			44	/* 6.4 */
#endif
#ifndef BPF_NETFILTER
#define BPF_NETFILTER			45	/* 6.4 */
#endif
#ifndef BPF_TCX_INGRESS
#define BPF_TCX_INGRESS			46	/* 6.6 */
#endif
#ifndef BPF_TCX_EGRESS
#define BPF_TCX_EGRESS			47	/* 6.6 */
#endif
#ifndef BPF_TRACE_UPROBE_MULTI
#define BPF_TRACE_UPROBE_MULTI		48	/* 6.6 */
#endif
#ifndef BPF_CGROUP_UNIX_CONNECT
#define BPF_CGROUP_UNIX_CONNECT		49	/* 6.7 */
#endif
#ifndef BPF_CGROUP_UNIX_SENDMSG
#define BPF_CGROUP_UNIX_SENDMSG		50
#endif
#ifndef BPF_CGROUP_UNIX_RECVMSG
#define BPF_CGROUP_UNIX_RECVMSG		51
#endif
#ifndef BPF_CGROUP_UNIX_GETPEERNAME
#define BPF_CGROUP_UNIX_GETPEERNAME	52
#endif
#ifndef BPF_CGROUP_UNIX_GETSOCKNAME
#define BPF_CGROUP_UNIX_GETSOCKNAME	53
#endif
#ifndef BPF_NETKIT_PRIMARY
#define BPF_NETKIT_PRIMARY		54	/* 6.7 */
#endif
#ifndef BPF_NETKIT_PEER
#define BPF_NETKIT_PEER			55
#endif
#ifndef BPF_TRACE_KPROBE_SESSION
#define BPF_TRACE_KPROBE_SESSION	56	/* 6.10 */
#endif
#ifndef BPF_TRACE_UPROBE_SESSION
#define BPF_TRACE_UPROBE_SESSION	57	/* 6.13 */
#endif

/* Number of program / attach types the name tables know (one past the last). */
#define PROGTYPE_NR_PROG_TYPES		(BPF_PROG_TYPE_NETFILTER + 1)
#define PROGTYPE_NR_ATTACH_TYPES	(BPF_TRACE_UPROBE_SESSION + 1)

/* struct progtype.flags; the first three are what the loader acts on. */
enum progtype_flags {
	/* attach_btf_id must be resolved before loading: vmlinux/module BTF for tp_btf, fentry,
	 * fexit, fmod_ret, lsm, lsm_cgroup, iter (libbpf SEC_ATTACH_BTF); the target program's
	 * BTF for freplace; the .struct_ops map's type for struct_ops (libbpf does not mark
	 * struct_ops, but the kernel requires attach_btf_id for it too) */
	PROGTYPE_ATTACH_BTF	= 1 << 0,
	PROGTYPE_SLEEPABLE	= 1 << 1,	/* load with BPF_F_SLEEPABLE (SEC_SLEEPABLE) */
	PROGTYPE_XDP_FRAGS	= 1 << 2,	/* load with BPF_F_XDP_HAS_FRAGS (SEC_XDP_FRAGS) */
	/* informational, as in libbpf: */
	PROGTYPE_USDT		= 1 << 3,	/* libbpf >= 1.5 loads it as BPF_TRACE_UPROBE_MULTI when
						 * the kernel has uprobe_multi links (SEC_USDT) */
	PROGTYPE_ATTACHABLE	= 1 << 4,	/* SEC_ATTACHABLE: legacy BPF_PROG_ATTACH type */
	PROGTYPE_EXP_ATTACH_OPT	= 1 << 5,	/* SEC_EXP_ATTACH_OPT: libbpf drops the expected attach
						 * type on kernels without support for it */
};

struct progtype {
	u32 prog_type;			/* enum bpf_prog_type */
	u32 expected_attach_type;	/* enum bpf_attach_type; 0 when none */
	u32 flags;			/* enum progtype_flags */
	/* borrowed pointer into the section name after "<prefix>/" ("sched/sched_switch" for
	 * "tp/sched/sched_switch", "do_unlinkat" for "fentry/do_unlinkat"); libbpf takes the BTF
	 * attach name the same way. NULL when the section has no "/..." part. */
	const char *attach_target;
	/* static: the matched libbpf section; for libbpf's "foo+" entries "foo/" when a target
	 * follows and "foo" for the bare name ("tp/" for "tp/a/b", "fentry" for "fentry"),
	 * otherwise the whole name ("xdp.frags", "cgroup/connect4") */
	const char *sec_prefix;
};

/* Matches @sec like libbpf 1.x find_sec_def(): a leading '?' (autoload off) is skipped, then
 * the first entry of libbpf's table wins, where "foo+" accepts "foo" and "foo/...", and every
 * other entry only the exact name. 0 and fills @out, or -ENOENT for unknown names ("socket1",
 * "2/1", "from-netdev", "xdp/foo", "classifier/foo"; see progtype_legacy_match()). */
int progtype_from_section(const char *sec, struct progtype *out);

/* For -t/--type: a section-style name as above ("xdp", "tc", "socket", "kprobe",
 * "cgroup_skb/ingress", "tp_btf/x"), else a kernel program type name in libbpf's
 * libbpf_bpf_prog_type_str() spelling ("socket_filter", "sched_cls", "cgroup_sock_addr", ...),
 * which takes the attach type and flags of a representative libbpf section ("sched_cls" ->
 * "tc", "cgroup_sock_addr" -> "cgroup/bind4", "tracing" -> "fentry"). 0 or -ENOENT. */
int progtype_from_name(const char *name, struct progtype *out);

/* For sections libbpf 1.x rejects but libbpf 0.x's sloppy prefix matching accepted
 * ("socket1", "xdp_prog", "kprobe__sys_open", "xdp_devmap/x"): the libbpf 1.x section to use
 * instead ("socket", "xdp", "kprobe", "xdp/devmap"); NULL when @sec is valid or unrelated. */
const char *progtype_legacy_match(const char *sec);

/* "socket_filter", "xdp", ...; "unknown" for out of range. */
const char *progtype_name(u32 prog_type);
/* libbpf_bpf_attach_type_str() spelling ("cgroup_inet_ingress", "trace_fentry", ...);
 * "unknown" for out of range. Note that 0 is BPF_CGROUP_INET_INGRESS. */
const char *attach_type_name(u32 attach_type);

/* For BTF-attached types: the prefix put before attach_target to form the BTF name that
 * libbpf/the kernel look up: "btf_trace_" for tp_btf, "bpf_lsm_" for lsm and lsm_cgroup,
 * "bpf_iter_" for iter, "" for fentry/fexit/fmod_ret and freplace. NULL for struct_ops (the
 * type comes from the .struct_ops map) and for types without PROGTYPE_ATTACH_BTF. */
const char *progtype_btf_prefix(const struct progtype *pt);
/* The BTF kind of that name: BTF_KIND_TYPEDEF for tp_btf, BTF_KIND_FUNC otherwise; 0 when
 * progtype_btf_prefix() is NULL. */
u32 progtype_btf_kind(const struct progtype *pt);

/* BPF_F_SLEEPABLE / BPF_F_XDP_HAS_FRAGS as implied by pt->flags, for BPF_PROG_LOAD. */
u32 progtype_load_flags(const struct progtype *pt);

#endif
