/* Socket helpers and socket maps, as the 6.18 kernel checks them (kernel/bpf/verifier.c:
 * check_reg_type with sock_types / sock_common_types / fullsock_types / btf_id_sock_common_types,
 * the RET_PTR_TO_SOCKET_OR_NULL family of check_helper_call, check_map_func_compatibility and
 * may_update_sockmap for SOCKMAP / SOCKHASH / REUSEPORT_SOCKARRAY / XSKMAP / SK_STORAGE,
 * mark_ptr_not_null_reg for lookups in socket maps; net/core/filter.c for the prototypes and
 * which program types offer them).
 *
 * Socket pointers: PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK (fields
 * checked by check_sock_access in ctx_sock.c), and the BTF pointers the bpf_skc_to_* helpers
 * return (PTR_TO_BTF_ID with struct reg.btf_sock naming the struct; every such struct starts with
 * a sock_common, which is what ARG_PTR_TO_BTF_ID_SOCK_COMMON asks). Other BTF pointers passed as
 * sockets need the kernel's BTF and are answered unknown. References (lookups acquire, sk_release
 * releases, casts keep the parent's) are refs.c's. */
#include <linux/bpf.h>

#include "checks/checks.h"
#include "checks/helper_protos.h"
#include "loader/object.h"

#define SOCK_COMMON_TYPES "sock_common, sock, tcp_sock, xdp_sock"

static int sock_mismatch(struct env *env, u32 regno, const char *expected)
{
	return env_reject(env, "helper.arg_type", "R%u type=%s expected=%s", regno,
			  env_type_str(env, cur_regs(env)[regno].type), expected);
}

/* type_is_sk_pointer(): the socket kinds with a uapi mirror struct */
static bool is_sk_type(u32 type)
{
	return type == PTR_TO_SOCK_COMMON || type == PTR_TO_SOCKET || type == PTR_TO_TCP_SOCK ||
	       type == PTR_TO_XDP_SOCK;
}

/* Program types whose offer of the socket helpers was read from a live 6.18 kernel (one load
 * per helper and type): bit of @prog_type, or 0 when not measured. */
static u32 measured_bit(u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:	return 1 << 0;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:		return 1 << 1;	/* one func_proto */
	case BPF_PROG_TYPE_CGROUP_SKB:		return 1 << 2;
	case BPF_PROG_TYPE_XDP:			return 1 << 3;
	case BPF_PROG_TYPE_KPROBE:		return 1 << 4;
	case BPF_PROG_TYPE_SK_SKB:		return 1 << 5;
	case BPF_PROG_TYPE_SK_LOOKUP:		return 1 << 6;
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:	return 1 << 7;
	case BPF_PROG_TYPE_SOCK_OPS:		return 1 << 8;
	case BPF_PROG_TYPE_SK_MSG:		return 1 << 9;
	case BPF_PROG_TYPE_SK_REUSEPORT:	return 1 << 10;
	case BPF_PROG_TYPE_FLOW_DISSECTOR:	return 1 << 11;
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:	return 1 << 12;	/* the same answers */
	case BPF_PROG_TYPE_CGROUP_SOCK:		return 1 << 13;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:	return 1 << 14;
	case BPF_PROG_TYPE_SYSCALL:		return 1 << 15;
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_NETFILTER:		return 1 << 16;	/* none offered */
	default:				return 0;
	}
}

enum {
	O_SOCKET = 1 << 0, O_TC = 1 << 1, O_CGSKB = 1 << 2, O_XDP = 1 << 3, O_SKSKB = 1 << 5,
	O_SKLOOKUP = 1 << 6, O_SOCKADDR = 1 << 7, O_SOCKOPS = 1 << 8, O_SKMSG = 1 << 9,
	O_REUSEPORT = 1 << 10, O_FLOW = 1 << 11, O_LWT = 1 << 12, O_CGSOCK = 1 << 13,
	O_SOCKOPT = 1 << 14, O_SYSCALL = 1 << 15,
};

int sock_helper_offered(u32 prog_type, u32 func)
{
	static const struct {
		u32 func, offered;
	} tab[] = {
		{ BPF_FUNC_sk_lookup_tcp, O_TC | O_CGSKB | O_XDP | O_SKSKB | O_SOCKADDR },
		{ BPF_FUNC_sk_lookup_udp, O_TC | O_CGSKB | O_XDP | O_SKSKB | O_SOCKADDR },
		{ BPF_FUNC_skc_lookup_tcp, O_TC | O_CGSKB | O_XDP | O_SKSKB | O_SOCKADDR },
		{ BPF_FUNC_sk_release, O_TC | O_CGSKB | O_XDP | O_SKSKB | O_SOCKADDR | O_SKLOOKUP },
		{ BPF_FUNC_sk_fullsock, O_TC | O_CGSKB },
		{ BPF_FUNC_tcp_sock, O_TC | O_CGSKB | O_SOCKOPS | O_SOCKOPT },
		{ BPF_FUNC_get_listener_sock, O_TC | O_CGSKB },
		{ BPF_FUNC_sk_assign, O_TC | O_SKLOOKUP },
		{ BPF_FUNC_sk_cgroup_id, O_CGSKB },
		{ BPF_FUNC_sk_ancestor_cgroup_id, O_CGSKB },
		{ BPF_FUNC_tcp_check_syncookie, O_TC | O_XDP },
		{ BPF_FUNC_tcp_gen_syncookie, O_TC | O_XDP },
		/* cgroup_sock: bpf_sk_storage_get_cg_sock_proto (check_sock_arg) */
		{ BPF_FUNC_sk_storage_get,
		  O_TC | O_CGSKB | O_SOCKADDR | O_SOCKOPS | O_SKMSG | O_CGSOCK | O_SOCKOPT },
		{ BPF_FUNC_sk_storage_delete,
		  O_TC | O_CGSKB | O_SOCKADDR | O_SOCKOPS | O_SKMSG | O_SOCKOPT },
		{ BPF_FUNC_sk_select_reuseport, O_REUSEPORT },
		{ BPF_FUNC_sk_redirect_map, O_SKSKB },
		{ BPF_FUNC_sk_redirect_hash, O_SKSKB },
		{ BPF_FUNC_msg_redirect_map, O_SKMSG },
		{ BPF_FUNC_msg_redirect_hash, O_SKMSG },
		{ BPF_FUNC_sock_map_update, O_SOCKOPS },
		{ BPF_FUNC_sock_hash_update, O_SOCKOPS },
	};
	/* bpf_sk_base_func_proto(): every networking type but sk_reuseport and cgroup_sock; and
	 * syscall programs */
	const u32 skc_to = O_SOCKET | O_TC | O_CGSKB | O_XDP | O_SKSKB | O_SKLOOKUP | O_SOCKADDR |
			   O_SOCKOPS | O_SKMSG | O_FLOW | O_LWT | O_SYSCALL;
	u32 bit = measured_bit(prog_type);
	size_t i;

	if (!bit)
		return -1;
	/* syscall programs get the tracing prototype, whose .allowed refuses them ("helper
	 * call is not allowed in probe"): not modelled */
	if (bit == O_SYSCALL &&
	    (func == BPF_FUNC_sk_storage_get || func == BPF_FUNC_sk_storage_delete))
		return -1;
	switch (func) {
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_unix_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
		return !!(skc_to & bit);
	}
	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (tab[i].func == func)
			return !!(tab[i].offered & bit);
	return -1;
}

bool sock_helper_pkt_access(u32 func)
{
	switch (func) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_tcp_check_syncookie:
	case BPF_FUNC_tcp_gen_syncookie:
		return true;
	default:
		return false;
	}
}

/* ARG_PTR_TO_BTF_ID_SOCK_COMMON (with OBJ_RELEASE for bpf_sk_release). */
static int check_btf_sock_arg(struct env *env, u32 regno, bool release, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];

	if (reg_base(r) == PTR_TO_BTF_ID && r->type != (PTR_TO_BTF_ID | REG_MAYBE_NULL)) {
		/* plain and trusted BTF pointers pass the type check; then the struct must start
		 * with a sock_common (btf_struct_ids_match), known here for the bpf_skc_to_* ones */
		if (r->type != PTR_TO_BTF_ID || !r->btf_sock || r->off ||
		    !tnum_equals_const(r->var.var_off, 0))
			return env_unknown(env, "not modelled yet: BTF pointer passed as a socket");
	} else if (!is_sk_type(r->type)) {
		return sock_mismatch(env, regno, SOCK_COMMON_TYPES ", ptr_, trusted_ptr_");
	}
	if (release) {
		if (!r->ref_obj_id)
			return env_reject(env, "refs.not_referenced",
					  "R%u must be referenced when passed to release function", regno);
		meta->release_regno = regno;
	}
	return 0;
}

int check_sock_arg(struct env *env, u32 func, u32 kind, u32 regno, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m = meta->map_idx >= 0 && (u32)meta->map_idx < env->map_cnt ?
				  &env->maps[meta->map_idx] : NULL;

	if (func == BPF_FUNC_sk_assign && env->prog_type == BPF_PROG_TYPE_SK_LOOKUP &&
	    kind == HARG_BTF_SOCK_COMMON)
		kind = HARG_SOCKET_OR_NULL;	/* bpf_sk_lookup_assign_proto */
	if (func == BPF_FUNC_sk_storage_get && env->prog_type == BPF_PROG_TYPE_CGROUP_SOCK &&
	    kind == HARG_BTF_SOCK_COMMON) {
		/* bpf_sk_storage_get_cg_sock_proto: the socket is the context itself */
		if (r->type != PTR_TO_CTX)
			return sock_mismatch(env, regno, "ctx");
		return check_ctx_ptr(env, regno, r);
	}
	switch (kind) {
	case HARG_SOCK_COMMON:
		if (!is_sk_type(r->type))
			return sock_mismatch(env, regno, SOCK_COMMON_TYPES);
		return 0;
	case HARG_SOCKET_OR_NULL:
		if (reg_is_null(r))
			return 0;
		/* check_reg_type() folds the argument's MAYBE_NULL into the register's type */
		if ((r->type & ~REG_MAYBE_NULL) != PTR_TO_SOCKET)
			return sock_mismatch(env, regno, "sock");
		return 0;
	case HARG_BTF_SOCK_COMMON:
	case HARG_SOCK_RELEASE:
		return check_btf_sock_arg(env, regno, kind == HARG_SOCK_RELEASE, meta);
	case HARG_MAP_VALUE:	/* resolve_map_arg_type(): a socket map's value is a socket */
		if (!m || (m->type != BPF_MAP_TYPE_SOCKMAP && m->type != BPF_MAP_TYPE_SOCKHASH))
			return env_unknown(env, "not modelled yet: map value argument");
		return check_btf_sock_arg(env, regno, false, meta);
	default:
		return env_unknown(env, "not modelled yet: helper argument kind %u", kind);
	}
}

bool sock_map_value_is_sock(const struct env *env, s32 map_idx)
{
	const struct map_def *m = map_idx >= 0 && (u32)map_idx < env->map_cnt ?
				  &env->maps[map_idx] : NULL;

	return m && (m->type == BPF_MAP_TYPE_SOCKMAP || m->type == BPF_MAP_TYPE_SOCKHASH);
}

static u8 btf_sock_of(u32 func)
{
	switch (func) {
	case BPF_FUNC_skc_to_tcp_sock:
		return BTF_SOCK_TCP;
	case BPF_FUNC_skc_to_tcp6_sock:
		return BTF_SOCK_TCP6;
	case BPF_FUNC_skc_to_udp6_sock:
		return BTF_SOCK_UDP6;
	case BPF_FUNC_skc_to_tcp_timewait_sock:
		return BTF_SOCK_TCP_TW;
	case BPF_FUNC_skc_to_tcp_request_sock:
		return BTF_SOCK_TCP_REQ;
	case BPF_FUNC_skc_to_unix_sock:
		return BTF_SOCK_UNIX;
	case BPF_FUNC_skc_to_mptcp_sock:
		return BTF_SOCK_MPTCP;
	default:
		return BTF_SOCK_NONE;
	}
}

int sock_helper_ret(struct env *env, u32 func, u32 kind)
{
	struct reg *r0 = &cur_regs(env)[BPF_REG_0];

	switch (kind) {
	case HRET_SOCKET_OR_NULL:
		*r0 = reg_ptr(PTR_TO_SOCKET | REG_MAYBE_NULL, 0);
		break;
	case HRET_SOCK_COMMON_OR_NULL:
		*r0 = reg_ptr(PTR_TO_SOCK_COMMON | REG_MAYBE_NULL, 0);
		break;
	case HRET_TCP_SOCK_OR_NULL:
		*r0 = reg_ptr(PTR_TO_TCP_SOCK | REG_MAYBE_NULL, 0);
		break;
	case HRET_BTF_SOCK_OR_NULL:
		*r0 = reg_ptr(PTR_TO_BTF_ID | REG_MAYBE_NULL, 0);
		r0->btf_sock = btf_sock_of(func);
		if (!r0->btf_sock)
			return env_unknown(env, "not modelled yet: BTF return of helper %u", func);
		break;
	default:
		return env_unknown(env, "not modelled yet: helper return kind %u", kind);
	}
	r0->id = ++env->id_gen;
	return 0;
}

/* may_update_sockmap(): map_update_elem / map_delete_elem on a sockmap or sockhash. */
static bool may_update_sockmap(struct env *env, u32 func)
{
	if (func != BPF_FUNC_map_update_elem && func != BPF_FUNC_map_delete_elem)
		return false;
	switch (env->prog_type) {
	case BPF_PROG_TYPE_SOCK_OPS:
		if (func == BPF_FUNC_map_delete_elem)
			return true;
		break;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	default:
		break;
	}
	env_log(env, "cannot update sockmap in this context");
	return false;
}

/* The helpers that take a sockmap (@hash false) or a sockhash (@hash true) and nothing else. */
static bool is_sockmap_helper(u32 func, bool hash)
{
	if (hash)
		return func == BPF_FUNC_sk_redirect_hash || func == BPF_FUNC_msg_redirect_hash ||
		       func == BPF_FUNC_sock_hash_update;
	return func == BPF_FUNC_sk_redirect_map || func == BPF_FUNC_msg_redirect_map ||
	       func == BPF_FUNC_sock_map_update;
}

int sock_map_func_compatible(struct env *env, u32 map_type, u32 func)
{
	switch (map_type) {
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		switch (func) {
		case BPF_FUNC_map_lookup_elem:
		case BPF_FUNC_sk_select_reuseport:
			break;
		case BPF_FUNC_map_update_elem:
		case BPF_FUNC_map_delete_elem:
			if (env->prog_type == BPF_PROG_TYPE_TRACING)
				return -1;	/* allowed for BPF_TRACE_ITER */
			if (!may_update_sockmap(env, func))
				return 0;
			break;
		default:
			if (!is_sockmap_helper(func, map_type == BPF_MAP_TYPE_SOCKHASH))
				return 0;
			break;
		}
		break;
	case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		if (func != BPF_FUNC_sk_select_reuseport)
			return 0;
		break;
	case BPF_MAP_TYPE_XSKMAP:
		if (func == BPF_FUNC_redirect_map)
			return -1;
		if (func != BPF_FUNC_map_lookup_elem)
			return 0;
		break;
	case BPF_MAP_TYPE_SK_STORAGE:
		if (func == BPF_FUNC_kptr_xchg)
			return -1;
		if (func != BPF_FUNC_sk_storage_get && func != BPF_FUNC_sk_storage_delete)
			return 0;
		break;
	default:
		if (func != BPF_FUNC_sk_select_reuseport && func != BPF_FUNC_sk_storage_get &&
		    func != BPF_FUNC_sk_storage_delete && !is_sockmap_helper(func, false) &&
		    !is_sockmap_helper(func, true))
			return -2;
		break;
	}
	/* the helper's side */
	switch (func) {
	case BPF_FUNC_sk_select_reuseport:
		return map_type == BPF_MAP_TYPE_REUSEPORT_SOCKARRAY ||
		       map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH;
	case BPF_FUNC_sk_storage_get:
	case BPF_FUNC_sk_storage_delete:
		return map_type == BPF_MAP_TYPE_SK_STORAGE;
	default:
		if (is_sockmap_helper(func, false))
			return map_type == BPF_MAP_TYPE_SOCKMAP;
		if (is_sockmap_helper(func, true))
			return map_type == BPF_MAP_TYPE_SOCKHASH;
		return 1;
	}
}

u32 sock_map_lookup_type(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		return PTR_TO_SOCKET;
	case BPF_MAP_TYPE_XSKMAP:
		return PTR_TO_XDP_SOCK;
	default:
		return 0;
	}
}
