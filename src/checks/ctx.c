/* Context layouts per program type: which byte ranges of the context a program may read or
 * write, with which sizes, and what a load yields (net/core/filter.c of 6.18:
 * bpf_skb_is_valid_access, sk_filter_is_valid_access, tc_cls_act_is_valid_access,
 * cg_skb_is_valid_access, xdp_is_valid_access). Program types whose context is not modelled yet
 * answer -EOPNOTSUPP (the verdict becomes unknown), never "allowed". */
#include <stddef.h>
#include <linux/bpf.h>

#include "checks/checks.h"
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

/* [lo, hi) contains off */
static bool in(s32 off, s32 lo, s32 hi)
{
	return off >= lo && off < hi;
}

static bool narrow_ok(u32 size, u32 size_default)
{
	return size <= size_default && !(size & (size - 1));
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
	default:
		return env_unknown(env, "not modelled yet: the context of %s programs",
				   progtype_name(env->prog_type));
	}
}
