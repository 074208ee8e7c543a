/* Context layouts per program type: which byte ranges of the context a program may read or
 * write, with which sizes, and what a load yields: the 6.18 kernel's is_valid_access callbacks.
 * This file holds the dispatcher and the __sk_buff family (net/core/filter.c:
 * bpf_skb_is_valid_access, sk_filter_is_valid_access, tc_cls_act_is_valid_access,
 * cg_skb_is_valid_access, lwt_is_valid_access, sk_skb_is_valid_access,
 * flow_dissector_is_valid_access) and xdp_is_valid_access; socket contexts are in ctx_sock.c,
 * tracing and cgroup contexts in ctx_trace.c. Program types whose context is not modelled yet
 * answer -EOPNOTSUPP (the verdict becomes unknown), never "allowed".
 *
 * The tables check what the kernel checks before its convert_ctx_access rewrite; where that
 * rewrite would fail on an access is_valid_access allowed (an offset inside a field that has no
 * conversion case), the field answers "not allowed" too, since the kernel rejects the load. */
#include <stddef.h>
#include <linux/bpf.h>

#include "checks/checks.h"
#include "checks/ctx.h"
#include "loader/progtype.h"

/* struct __sk_buff offsets (uapi, stable) */
enum {
	SKB_MARK = 8, SKB_QUEUE_MAPPING = 12, SKB_PRIORITY = 32, SKB_TC_INDEX = 44,
	SKB_CB0 = 48, SKB_CB_END = 68, SKB_TC_CLASSID = 72, SKB_DATA = 76, SKB_DATA_END = 80,
	SKB_FAMILY = 88, SKB_REMOTE_IP4 = 92, SKB_LOCAL_IP4 = 96, SKB_REMOTE_IP6 = 100,
	SKB_LOCAL_IP6 = 116, SKB_LOCAL_PORT = 136, SKB_DATA_META = 140, SKB_FLOW_KEYS = 144,
	SKB_TSTAMP = 152, SKB_WIRE_LEN = 160, SKB_SK = 168, SKB_TSTAMP_TYPE = 180,
	SKB_HWTSTAMP = 184, SKB_SIZE = 192,
};


static bool in(s32 off, s32 lo, s32 hi)
{
	return ctx_in(off, lo, hi);
}

static bool narrow_ok(u32 size, u32 size_default)
{
	return ctx_narrow_ok(size, size_default);
}

/* bpf_skb_is_valid_access() */
static bool skb_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= SKB_SIZE || off % size)
		return false;
	if (in(off, SKB_CB0, SKB_CB_END))
		return off + size <= SKB_CB_END;
	if (in(off, SKB_REMOTE_IP6, SKB_LOCAL_IP6 + 16) || in(off, SKB_REMOTE_IP4, SKB_REMOTE_IP4 + 4) ||
	    in(off, SKB_LOCAL_IP4, SKB_LOCAL_IP4 + 4) || in(off, SKB_DATA, SKB_DATA + 4) ||
	    in(off, SKB_DATA_META, SKB_DATA_META + 4) || in(off, SKB_DATA_END, SKB_DATA_END + 4))
		return size == 4;
	if (in(off, SKB_FLOW_KEYS, SKB_FLOW_KEYS + 8))
		return false;
	if (in(off, SKB_HWTSTAMP, SKB_HWTSTAMP + 8))
		return t == ACC_READ && size == 8;
	if (in(off, SKB_TSTAMP, SKB_TSTAMP + 8))
		return size == 8;
	if (off == SKB_SK) {
		if (t == ACC_WRITE || size != 8)
			return false;
		*rt = PTR_TO_SOCK_COMMON | REG_MAYBE_NULL;
		return true;
	}
	if (off == SKB_TSTAMP_TYPE || in(off, SKB_TSTAMP_TYPE + 1, SKB_HWTSTAMP))
		return false;
	if (in(off, SKB_SK, SKB_SK + 8))
		return false;
	if (t == ACC_WRITE)
		return size == 4;
	return narrow_ok(size, 4);
}

static bool sk_filter_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (in(off, SKB_TC_CLASSID, SKB_TC_CLASSID + 4) || in(off, SKB_DATA, SKB_DATA + 4) ||
	    in(off, SKB_DATA_META, SKB_DATA_META + 4) || in(off, SKB_DATA_END, SKB_DATA_END + 4) ||
	    in(off, SKB_FAMILY, SKB_LOCAL_PORT + 4) || in(off, SKB_TSTAMP, SKB_TSTAMP + 8) ||
	    in(off, SKB_WIRE_LEN, SKB_WIRE_LEN + 4) || in(off, SKB_HWTSTAMP, SKB_HWTSTAMP + 8))
		return false;
	if (t == ACC_WRITE && !in(off, SKB_CB0, SKB_CB_END))
		return false;
	return skb_valid(off, size, t, rt);
}

static bool tc_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (t == ACC_WRITE && !(in(off, SKB_MARK, SKB_MARK + 4) || in(off, SKB_TC_INDEX, SKB_TC_INDEX + 4) ||
				in(off, SKB_PRIORITY, SKB_PRIORITY + 4) ||
				in(off, SKB_TC_CLASSID, SKB_TC_CLASSID + 4) ||
				in(off, SKB_CB0, SKB_CB_END) || in(off, SKB_TSTAMP, SKB_TSTAMP + 8) ||
				in(off, SKB_QUEUE_MAPPING, SKB_QUEUE_MAPPING + 4)))
		return false;
	if (in(off, SKB_DATA, SKB_DATA + 4))
		*rt = PTR_TO_PACKET;
	else if (in(off, SKB_DATA_META, SKB_DATA_META + 4))
		*rt = PTR_TO_PACKET_META;
	else if (in(off, SKB_DATA_END, SKB_DATA_END + 4))
		*rt = PTR_TO_PACKET_END;
	else if (in(off, SKB_FAMILY, SKB_LOCAL_PORT + 4))
		return false;
	return skb_valid(off, size, t, rt);
}

static bool cg_skb_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (in(off, SKB_TC_CLASSID, SKB_TC_CLASSID + 4) || in(off, SKB_DATA_META, SKB_DATA_META + 4) ||
	    in(off, SKB_WIRE_LEN, SKB_WIRE_LEN + 4))
		return false;
	if (t == ACC_WRITE && !(in(off, SKB_MARK, SKB_MARK + 4) || in(off, SKB_PRIORITY, SKB_PRIORITY + 4) ||
				in(off, SKB_CB0, SKB_CB_END) || in(off, SKB_TSTAMP, SKB_TSTAMP + 8)))
		return false;
	if (in(off, SKB_DATA, SKB_DATA + 4))
		*rt = PTR_TO_PACKET;
	else if (in(off, SKB_DATA_END, SKB_DATA_END + 4))
		*rt = PTR_TO_PACKET_END;
	return skb_valid(off, size, t, rt);
}

/* lwt_is_valid_access(): lwt_in, lwt_out, lwt_xmit, lwt_seg6local */
static bool lwt_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (in(off, SKB_TC_CLASSID, SKB_TC_CLASSID + 4) || in(off, SKB_FAMILY, SKB_LOCAL_PORT + 4) ||
	    in(off, SKB_DATA_META, SKB_DATA_META + 4) || in(off, SKB_TSTAMP, SKB_TSTAMP + 8) ||
	    in(off, SKB_WIRE_LEN, SKB_WIRE_LEN + 4) || in(off, SKB_HWTSTAMP, SKB_HWTSTAMP + 8))
		return false;
	if (t == ACC_WRITE && !(in(off, SKB_MARK, SKB_MARK + 4) ||
				in(off, SKB_PRIORITY, SKB_PRIORITY + 4) || in(off, SKB_CB0, SKB_CB_END)))
		return false;
	if (in(off, SKB_DATA, SKB_DATA + 4))
		*rt = PTR_TO_PACKET;
	else if (in(off, SKB_DATA_END, SKB_DATA_END + 4))
		*rt = PTR_TO_PACKET_END;
	return skb_valid(off, size, t, rt);
}

/* sk_skb_is_valid_access(). Not switched on yet: the sk_skb selftests ("pkt > pkt_end taken
 * check") need the kernel's mark_pkt_end() / is_pkt_ptr_branch_taken() in the engine's branch
 * logic; without it the engine walks a path the kernel knows is dead and rejects an accepted
 * program. Flip this once transfer.c models it. */
static const bool sk_skb_enabled = true;

static bool sk_skb_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (in(off, SKB_TC_CLASSID, SKB_TC_CLASSID + 4) || in(off, SKB_DATA_META, SKB_DATA_META + 4) ||
	    in(off, SKB_TSTAMP, SKB_TSTAMP + 8) || in(off, SKB_WIRE_LEN, SKB_WIRE_LEN + 4) ||
	    in(off, SKB_HWTSTAMP, SKB_HWTSTAMP + 8))
		return false;
	if (t == ACC_WRITE && !(in(off, SKB_TC_INDEX, SKB_TC_INDEX + 4) ||
				in(off, SKB_PRIORITY, SKB_PRIORITY + 4)))
		return false;
	if (in(off, SKB_MARK, SKB_MARK + 4))
		return false;
	if (in(off, SKB_DATA, SKB_DATA + 4))
		*rt = PTR_TO_PACKET;
	else if (in(off, SKB_DATA_END, SKB_DATA_END + 4))
		*rt = PTR_TO_PACKET_END;
	return skb_valid(off, size, t, rt);
}

/* flow_dissector_is_valid_access(): data, data_end and flow_keys, read only. The kernel checks
 * no alignment here, but its flow_dissector_convert_ctx_access() only rewrites loads at the
 * field start and fails verification on any other offset: those are rejected as well. */
static bool flow_dissector_valid(s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (off < 0 || off >= SKB_SIZE || t == ACC_WRITE)
		return false;
	if (in(off, SKB_DATA, SKB_DATA + 4)) {
		*rt = PTR_TO_PACKET;
		return size == 4 && off == SKB_DATA;
	}
	if (in(off, SKB_DATA_END, SKB_DATA_END + 4)) {
		*rt = PTR_TO_PACKET_END;
		return size == 4 && off == SKB_DATA_END;
	}
	if (in(off, SKB_FLOW_KEYS, SKB_FLOW_KEYS + 8)) {
		*rt = PTR_TO_FLOW_KEYS;
		return size == 8 && off == SKB_FLOW_KEYS;
	}
	return false;
}

/* struct xdp_md: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex */
static bool xdp_valid(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	if (env->attach_type != BPF_XDP_DEVMAP && off == 20)
		return false;
	if (t == ACC_WRITE)
		return false;
	if (off == 0)
		*rt = PTR_TO_PACKET;
	else if (off == 8)
		*rt = PTR_TO_PACKET_META;
	else if (off == 4)
		*rt = PTR_TO_PACKET_END;
	return off >= 0 && off < 24 && !(off % size) && size == 4;
}

int ctx_access_ok(struct env *env, s32 off, u32 size, enum access_type t, u32 *rt)
{
	*rt = SCALAR_VALUE;
	switch (env->prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return sk_filter_valid(off, size, t, rt);
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return tc_valid(off, size, t, rt);
	case BPF_PROG_TYPE_CGROUP_SKB:
		return cg_skb_valid(off, size, t, rt);
	case BPF_PROG_TYPE_XDP:
		return xdp_valid(env, off, size, t, rt);
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
		return lwt_valid(off, size, t, rt);
	case BPF_PROG_TYPE_SK_SKB:
		if (!sk_skb_enabled)
			return env_unknown(env, "not modelled yet: the context of sk_skb programs "
					   "(needs is_pkt_ptr_branch_taken)");
		return sk_skb_valid(off, size, t, rt);
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return flow_dissector_valid(off, size, t, rt);
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return ctx_sock_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return ctx_sock_addr_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_SOCK_OPS:
		return ctx_sock_ops_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_SK_MSG:
		return ctx_sk_msg_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_SK_LOOKUP:
		return ctx_sk_lookup_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return ctx_sk_reuseport_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_KPROBE:
		return ctx_kprobe_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_TRACEPOINT:
		return ctx_tracepoint_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		/* with a BTF attach target the arguments are typed (btf_ctx_access) */
		if (env->prog->attach_btf_id)
			return env_unknown(env, "not modelled yet: the context of BTF raw_tracepoint "
					   "programs");
		return ctx_raw_tp_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return ctx_raw_tp_writable_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_PERF_EVENT:
		return ctx_perf_event_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_SYSCALL:
		return ctx_syscall_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return ctx_cgroup_dev_access(env, off, size, t, rt);
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return ctx_sysctl_access(env, off, size, t, rt);
	default:
		return env_unknown(env, "not modelled yet: the context of %s programs",
				   progtype_name(env->prog_type));
	}
}

/* The kernel's check_flow_keys_access(): struct bpf_flow_keys is 56 bytes (nhoff .. flow_label),
 * read and written freely by flow dissector programs. */
int check_flow_keys_access(struct env *env, s32 off, u32 size)
{
	if (off < 0 || (u64)off + size > 56)
		return env_reject(env, "mem.flow_keys", "invalid access to flow keys off=%d size=%u",
				  off, size);
	return 0;
}
