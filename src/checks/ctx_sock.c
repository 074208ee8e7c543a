/* Socket-level contexts: struct bpf_sock (cgroup_sock), bpf_sock_addr (cgroup_sock_addr),
 * bpf_sock_ops, sk_msg_md, bpf_sk_lookup and sk_reuseport_md, as the 6.18 kernel's
 * net/core/filter.c checks them (bpf_sock_is_valid_access + __sock_filter_check_attach_type,
 * sock_addr_is_valid_access, sock_ops_is_valid_access, sk_msg_is_valid_access,
 * sk_lookup_is_valid_access, sk_reuseport_is_valid_access).
 *
 * Offsets are the uapi layouts (fields are only ever appended). Pointer fields use the 6.18
 * bpf_ctx_range_ptr() semantics: a 4-byte access inside an 8-byte pointer field is invalid.
 * Where a program type needs an expected attach type the kernel would refuse to load without,
 * an unexpected one answers unknown rather than guess. */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "checks/ctx.h"

/* ---- struct bpf_sock: cgroup_sock programs ---- */

enum {
	SK_BOUND_DEV_IF = 0, SK_FAMILY = 4, SK_TYPE = 8, SK_PROTOCOL = 12, SK_MARK = 16,
	SK_PRIORITY = 20, SK_SRC_IP4 = 24, SK_SRC_IP6 = 28, SK_SRC_PORT = 44, SK_DST_PORT = 48,
	SK_DST_IP4 = 52, SK_DST_IP6 = 56, SK_STATE = 72, SK_RX_QUEUE_MAPPING = 76, SK_SIZE = 80,
};

/* bpf_sock_is_valid_access() */
static bool bpf_sock_valid(s32 off, u32 size)
{
	u32 field_size;

	if (off < 0 || off >= SK_SIZE || off % size)
		return false;
	switch (off) {
	case SK_STATE:
	case SK_FAMILY:
	case SK_TYPE:
	case SK_PROTOCOL:
	case SK_SRC_PORT:
	case SK_RX_QUEUE_MAPPING:
		return ctx_narrow_ok(size, 4);
	}
	if (ctx_in(off, SK_SRC_IP4, SK_SRC_IP4 + 4) || ctx_in(off, SK_SRC_IP6, SK_SRC_IP6 + 16) ||
	    ctx_in(off, SK_DST_IP4, SK_DST_IP4 + 4) || ctx_in(off, SK_DST_IP6, SK_DST_IP6 + 16))
		return ctx_narrow_ok(size, 4);
	if (ctx_in(off, SK_DST_PORT, SK_DST_PORT + 2)) {
		/* a 4-byte load of the 2-byte dst_port is kept for compatibility */
		field_size = size == 4 ? 4 : 2;
		return ctx_narrow_ok(size, field_size);
	}
	if (ctx_in(off, SK_DST_PORT + 2, SK_DST_IP4))
		return false;
	return size == 4;
}

/* __sock_filter_check_attach_type() */
static bool sock_attach_ok(s32 off, enum access_type t, u32 at)
{
	switch (off) {
	case SK_BOUND_DEV_IF:
	case SK_MARK:
	case SK_PRIORITY:
		return at == BPF_CGROUP_INET_SOCK_CREATE || at == BPF_CGROUP_INET_SOCK_RELEASE;
	}
	if (ctx_in(off, SK_SRC_IP4, SK_SRC_IP4 + 4)) {
		if (at != BPF_CGROUP_INET4_POST_BIND)
			return false;
	} else if (ctx_in(off, SK_SRC_IP6, SK_SRC_IP6 + 16)) {
		if (at != BPF_CGROUP_INET6_POST_BIND)
			return false;
	} else if (ctx_in(off, SK_SRC_PORT, SK_SRC_PORT + 4)) {
		if (at != BPF_CGROUP_INET4_POST_BIND && at != BPF_CGROUP_INET6_POST_BIND)
			return false;
	}
	return t == ACC_READ;
}

/* sock_filter_is_valid_access() */
int ctx_sock_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	u32 at = env->attach_type;

	/* bpf_prog_load_fixup_attach_type(): no attach type means socket creation */
	if (!at)
		at = BPF_CGROUP_INET_SOCK_CREATE;
	switch (at) {
	case BPF_CGROUP_INET_SOCK_CREATE:
	case BPF_CGROUP_INET_SOCK_RELEASE:
	case BPF_CGROUP_INET4_POST_BIND:
	case BPF_CGROUP_INET6_POST_BIND:
		break;
	default:
		return env_unknown(env, "not modelled yet: cgroup_sock programs with attach type %u",
				   at);
	}
	return bpf_sock_valid(off, size) && sock_attach_ok(off, t, at);
}

/* ---- struct bpf_sock_addr: cgroup_sock_addr programs ---- */

enum {
	SA_USER_IP4 = 4, SA_USER_IP6 = 8, SA_USER_PORT = 24, SA_MSG_SRC_IP4 = 40,
	SA_MSG_SRC_IP6 = 44, SA_PAD = 60, SA_SK = 64, SA_SIZE = 72,
};

static bool is_ip4_attach(u32 at)
{
	switch (at) {
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP4_RECVMSG:
		return true;
	default:
		return false;
	}
}

static bool is_ip6_attach(u32 at)
{
	switch (at) {
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET6_CONNECT:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
		return true;
	default:
		return false;
	}
}

/* sock_addr_is_valid_access() */
int ctx_sock_addr_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	u32 at = env->attach_type;

	/* other attach types (unix sockets, or none: the kernel refuses the load) */
	if (!is_ip4_attach(at) && !is_ip6_attach(at))
		return env_unknown(env,
				   "not modelled yet: cgroup_sock_addr programs with attach type %u",
				   at);
	if (off < 0 || off >= SA_SIZE || off % size)
		return false;
	/* no IPv6 fields from an IPv4 hook and vice versa */
	if (ctx_in(off, SA_USER_IP4, SA_USER_IP4 + 4) && !is_ip4_attach(at))
		return false;
	if (ctx_in(off, SA_USER_IP6, SA_USER_IP6 + 16) && !is_ip6_attach(at))
		return false;
	if (ctx_in(off, SA_MSG_SRC_IP4, SA_MSG_SRC_IP4 + 4) && at != BPF_CGROUP_UDP4_SENDMSG)
		return false;
	if (ctx_in(off, SA_MSG_SRC_IP6, SA_MSG_SRC_IP6 + 16) && at != BPF_CGROUP_UDP6_SENDMSG)
		return false;

	if (ctx_in(off, SA_USER_IP4, SA_USER_PORT + 4) ||
	    ctx_in(off, SA_MSG_SRC_IP4, SA_MSG_SRC_IP6 + 16)) {
		if (ctx_wide_ok(off, size, SA_USER_IP6, SA_USER_IP6 + 16) ||
		    ctx_wide_ok(off, size, SA_MSG_SRC_IP6, SA_MSG_SRC_IP6 + 16))
			return true;
		return t == ACC_READ ? ctx_narrow_ok(size, 4) : size == 4;
	}
	if (ctx_in(off, SA_SK, SA_SK + 8)) {
		if (t != ACC_READ || size != 8)
			return false;
		*rt = PTR_TO_SOCKET;
		return true;
	}
	/* The padding before sk passes the kernel's default case, but its
	 * sock_addr_convert_ctx_access() has no case for it and the load fails verification. */
	if (ctx_in(off, SA_PAD, SA_SK))
		return false;
	/* user_family, family, type, protocol: 4-byte reads */
	return t == ACC_READ && size == 4;
}

/* ---- struct bpf_sock_ops ---- */

enum {
	SO_REPLY = 4, SO_SK_TXHASH = 164, SO_BYTES_RECEIVED = 168, SO_SK = 184, SO_SKB_DATA = 192,
	SO_SKB_DATA_END = 200, SO_SKB_TCP_FLAGS = 212, SO_SKB_HWTSTAMP = 216, SO_SIZE = 224,
};

/* sock_ops_is_valid_access() */
int ctx_sock_ops_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= SO_SIZE || off % size)
		return false;
	if (t == ACC_WRITE)
		return (off == SO_REPLY || off == SO_SK_TXHASH) && size == 4;
	if (ctx_in(off, SO_BYTES_RECEIVED, SO_BYTES_RECEIVED + 16) ||
	    ctx_in(off, SO_SKB_HWTSTAMP, SO_SKB_HWTSTAMP + 8))
		return size == 8;
	if (ctx_in(off, SO_SK, SO_SK + 8)) {
		*rt = PTR_TO_SOCKET | REG_MAYBE_NULL;
		return size == 8;
	}
	if (ctx_in(off, SO_SKB_DATA, SO_SKB_DATA + 8)) {
		*rt = PTR_TO_PACKET;
		return size == 8;
	}
	if (ctx_in(off, SO_SKB_DATA_END, SO_SKB_DATA_END + 8)) {
		*rt = PTR_TO_PACKET_END;
		return size == 8;
	}
	if (off == SO_SKB_TCP_FLAGS)
		return ctx_narrow_ok(size, 4);
	return size == 4;
}

/* ---- struct sk_msg_md ---- */

enum {
	MSG_DATA = 0, MSG_DATA_END = 8, MSG_FAMILY = 16, MSG_SIZE_END = 72, MSG_SK = 72,
};

/* sk_msg_is_valid_access(): family .. size are 4-byte reads, the three pointers 8-byte ones */
int ctx_sk_msg_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (t == ACC_WRITE || off % size)
		return false;
	if (ctx_in(off, MSG_DATA, MSG_DATA + 8)) {
		*rt = PTR_TO_PACKET;
		return size == 8;
	}
	if (ctx_in(off, MSG_DATA_END, MSG_DATA_END + 8)) {
		*rt = PTR_TO_PACKET_END;
		return size == 8;
	}
	if (ctx_in(off, MSG_SK, MSG_SK + 8)) {
		*rt = PTR_TO_SOCKET;
		return size == 8;
	}
	if (ctx_in(off, MSG_FAMILY, MSG_SIZE_END))
		return size == 4;
	return false;
}

/* ---- struct bpf_sk_lookup ---- */

enum {
	LK_SK = 0, LK_FAMILY = 8, LK_REMOTE_PORT = 36, LK_LOCAL_IP4 = 40, LK_INGRESS_IFINDEX = 64,
	LK_SIZE = 72,
};

/* sk_lookup_is_valid_access() */
int ctx_sk_lookup_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= LK_SIZE || off % size || t != ACC_READ)
		return false;
	if (ctx_in(off, LK_SK, LK_SK + 8)) {
		*rt = PTR_TO_SOCKET | REG_MAYBE_NULL;
		return size == 8;
	}
	/* remote_port: 2 bytes, a 4-byte load kept for compatibility; then 2 bytes of padding */
	if (ctx_in(off, LK_REMOTE_PORT, LK_REMOTE_PORT + 2))
		return size == 4 || ctx_narrow_ok(size, 2);
	if (ctx_in(off, LK_REMOTE_PORT + 2, LK_LOCAL_IP4))
		return ctx_narrow_ok(size, 2);
	/* family, protocol, remote_ip4, remote_ip6, local_ip4, local_ip6, local_port,
	 * ingress_ifindex */
	if (ctx_in(off, LK_FAMILY, LK_INGRESS_IFINDEX + 4))
		return ctx_narrow_ok(size, 4);
	return false;
}

/* ---- struct sk_reuseport_md ---- */

enum {
	RP_DATA = 0, RP_DATA_END = 8, RP_LEN = 16, RP_ETH_PROTOCOL = 20, RP_IP_PROTOCOL = 24,
	RP_BIND_INANY = 28, RP_HASH = 32, RP_SK = 40, RP_MIGRATING_SK = 48, RP_SIZE = 56,
};

/* sk_reuseport_is_valid_access() */
int ctx_sk_reuseport_access(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= RP_SIZE || off % size || t != ACC_READ)
		return false;
	switch (off) {
	case RP_DATA:
		*rt = PTR_TO_PACKET;
		return size == 8;
	case RP_DATA_END:
		*rt = PTR_TO_PACKET_END;
		return size == 8;
	case RP_HASH:
		return size == 4;
	case RP_SK:
		*rt = PTR_TO_SOCKET;
		return size == 8;
	case RP_MIGRATING_SK:
		*rt = PTR_TO_SOCK_COMMON | REG_MAYBE_NULL;
		return size == 8;
	}
	/* eth_protocol is loaded from the 2-byte skb->protocol: no 1-byte loads */
	if (ctx_in(off, RP_ETH_PROTOCOL, RP_ETH_PROTOCOL + 4) && size < 2)
		return false;
	if (ctx_in(off, RP_LEN, RP_HASH))
		return ctx_narrow_ok(size, 4);
	return false;
}

/* ---- Fields behind socket pointers ---- */

enum {
	TCP_SK_BYTES_RECEIVED = 80, TCP_SK_BYTES_ACKED = 88, TCP_SK_SIZE = 112,	/* to icsk_retransmits */
	XDP_SK_SIZE = 4,							/* queue_id */
};

/* bpf_tcp_sock_is_valid_access() */
static bool tcp_sock_valid(s32 off, u32 size)
{
	if (off < 0 || off >= TCP_SK_SIZE || off % size)
		return false;
	if (off == TCP_SK_BYTES_RECEIVED || off == TCP_SK_BYTES_ACKED)
		return size == 8;
	return size == 4;
}

/* The kernel's check_sock_access(): bpf_sock_common_is_valid_access (no type .. priority),
 * bpf_sock_is_valid_access, bpf_tcp_sock_is_valid_access, bpf_xdp_sock_is_valid_access. Only
 * the exact non-NULL kinds get here (mem.c): a sock_or_null is "invalid mem access". Sign-extending
 * loads are checked like plain ones (the kernel accepts e.g. an s16 load of dst_port). */
int check_sock_access(struct env *env, u32 regno, s32 off, u32 size)
{
	const struct reg *r = &cur_regs(env)[regno];
	bool ok;

	if (r->var.smin < 0)
		return env_reject(env, "mem.negative",
				  "R%u min value is negative, either use unsigned index or do a if (index >=0) check.",
				  regno);
	switch (r->type) {
	case PTR_TO_SOCK_COMMON:
		/* bpf_sock_common_is_valid_access(): not type .. priority */
		ok = !ctx_in(off, SK_TYPE, SK_PRIORITY + 4) && bpf_sock_valid(off, size);
		break;
	case PTR_TO_SOCKET:
		ok = bpf_sock_valid(off, size);
		break;
	case PTR_TO_TCP_SOCK:
		ok = tcp_sock_valid(off, size);
		break;
	case PTR_TO_XDP_SOCK:
		/* bpf_xdp_sock_is_valid_access() */
		ok = off >= 0 && off < XDP_SK_SIZE && !(off % size) && size == 4;
		break;
	default:
		ok = false;
		break;
	}
	if (!ok)
		return env_reject(env, "mem.sock_access", "R%u invalid %s access off=%d size=%u",
				  regno, env_type_str(env, r->type), off, size);
	return 0;
}
