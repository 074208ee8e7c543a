/* Socket helper arguments and returns, as the 6.18 kernel checks them (kernel/bpf/verifier.c:
 * check_reg_type with sock_types / sock_common_types / fullsock_types / btf_id_sock_common_types,
 * the RET_PTR_TO_SOCKET_OR_NULL family of check_helper_call, mark_ptr_not_null_reg for lookups in
 * socket maps). Prototypes, availability and map compatibility are helper_protos.c's,
 * helper_avail.c's and helpers.c's.
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

int check_sock_arg(struct env *env, u32 kind, u32 regno, struct call_meta *meta)
{
	const struct reg *r = &cur_regs(env)[regno];
	const struct map_def *m = meta->map_idx >= 0 && (u32)meta->map_idx < env->map_cnt ?
				  &env->maps[meta->map_idx] : NULL;

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
