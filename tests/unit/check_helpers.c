/* helpers: the helper table (availability per program type and attach type, prototype variants)
 * and the argument, return and map-compatibility checks of checks/helpers.c, each case with the
 * kernel's (6.18) verdict and message. The availability facts are those of the kernel's
 * get_func_proto() switches (and of the kernel's own selftests: helper_restricted.c,
 * event_output.c, cgroup_storage.c, int_ptr.c, ctx.c), not read back from our table. */
#include <check.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "checks/helper_protos.h"
#include "isa/asm.h"
#include "loader/object.h"

/* ---- Availability ---- */

struct avail_case {
	u32 func, prog_type, attach;
	enum helper_avail want;
};

static const struct avail_case avail_cases[] = {
	{ BPF_FUNC_skb_store_bytes, BPF_PROG_TYPE_SCHED_CLS, 0, HELPER_OFFERED },
	{ BPF_FUNC_skb_store_bytes, BPF_PROG_TYPE_XDP, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_skb_store_bytes, BPF_PROG_TYPE_SOCKET_FILTER, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_xdp_adjust_head, BPF_PROG_TYPE_XDP, 0, HELPER_OFFERED },
	{ BPF_FUNC_xdp_adjust_head, BPF_PROG_TYPE_SCHED_CLS, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_redirect, BPF_PROG_TYPE_SOCKET_FILTER, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_redirect, BPF_PROG_TYPE_XDP, 0, HELPER_OFFERED },
	/* bpf_tracing_func_proto() refuses ktime_get_coarse_ns (selftests helper_restricted.c) */
	{ BPF_FUNC_ktime_get_coarse_ns, BPF_PROG_TYPE_KPROBE, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_ktime_get_coarse_ns, BPF_PROG_TYPE_PERF_EVENT, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_ktime_get_coarse_ns, BPF_PROG_TYPE_SCHED_CLS, 0, HELPER_OFFERED },
	/* selftests event_output.c: perf_event_output from cgroup device and sysctl programs */
	{ BPF_FUNC_perf_event_output, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, HELPER_OFFERED },
	{ BPF_FUNC_perf_event_output, BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, HELPER_OFFERED },
	{ BPF_FUNC_get_stackid, BPF_PROG_TYPE_PERF_EVENT, 0, HELPER_OFFERED },
	{ BPF_FUNC_get_stackid, BPF_PROG_TYPE_XDP, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_get_local_storage, BPF_PROG_TYPE_CGROUP_SKB, 0, HELPER_OFFERED },
	{ BPF_FUNC_get_local_storage, BPF_PROG_TYPE_SCHED_CLS, 0, HELPER_NOT_OFFERED },
	{ BPF_FUNC_sk_redirect_map, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, HELPER_OFFERED },
	{ BPF_FUNC_msg_redirect_hash, BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, HELPER_OFFERED },
	/* sock_addr_func_proto(): bind only from the connect hooks */
	{ BPF_FUNC_bind, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, HELPER_OFFERED },
	{ BPF_FUNC_bind, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, HELPER_NOT_OFFERED },
	{ BPF_FUNC_bind, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET_INGRESS,
	  HELPER_AVAIL_UNKNOWN },
	/* cgroup_current_func_proto(): no get_retval for recvmsg/getpeername/getsockname hooks */
	{ BPF_FUNC_get_retval, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG,
	  HELPER_NOT_OFFERED },
	{ BPF_FUNC_get_retval, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, HELPER_OFFERED },
	/* cg_sockopt_func_proto(): bpf_setsockopt for the setsockopt hook only */
	{ BPF_FUNC_setsockopt, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, HELPER_OFFERED },
	{ BPF_FUNC_setsockopt, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT,
	  HELPER_NOT_OFFERED },
	/* bpf_sk_storage_tracing_allowed() refuses syscall programs */
	{ BPF_FUNC_sk_storage_get, BPF_PROG_TYPE_SYSCALL, 0, HELPER_REFUSED },
	/* tracing's switch depends on the BTF target: not modelled */
	{ BPF_FUNC_map_lookup_elem, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, HELPER_AVAIL_UNKNOWN },
	{ BPF_FUNC_map_lookup_elem, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, HELPER_AVAIL_UNKNOWN },
	{ BPF_FUNC_map_lookup_elem, 200, 0, HELPER_AVAIL_UNKNOWN },
};

START_TEST(helper_offered__kernel_facts)
{
	const struct avail_case *c = &avail_cases[_i];

	ck_assert_msg(helper_offered(c->func, c->prog_type, c->attach) == c->want,
		      "helper %u, type %u, attach %u: %d, want %d", c->func, c->prog_type, c->attach,
		      helper_offered(c->func, c->prog_type, c->attach), c->want);
}
END_TEST

START_TEST(helper_proto__table_breadth_and_variants)
{
	const struct helper_proto *fn;

	ck_assert_uint_ge(helper_proto_count(), 120);
	fn = helper_proto(BPF_FUNC_get_socket_cookie, BPF_PROG_TYPE_SCHED_CLS, 0);
	ck_assert_ptr_nonnull(fn);
	ck_assert_uint_eq(fn->args[0], HARG_CTX);
	fn = helper_proto(BPF_FUNC_get_socket_cookie, BPF_PROG_TYPE_SYSCALL, 0);
	ck_assert_ptr_nonnull(fn);
	ck_assert_uint_eq(fn->args[0], HARG_UNMODELLED);
	fn = helper_proto(BPF_FUNC_strtoul, BPF_PROG_TYPE_CGROUP_SYSCTL, 0);
	ck_assert_ptr_nonnull(fn);
	ck_assert_uint_eq(fn->args[3], HARG_FIXED_UNINIT);
	ck_assert_uint_eq(fn->arg_size[3], 8);
	ck_assert(helper_proto(BPF_FUNC_skb_pull_data, BPF_PROG_TYPE_SCHED_CLS, 0)->flags & HF_CHANGES_PKT);
	/* get_func_ip: GPL-only for plain kprobes, not for kprobe_multi */
	ck_assert(helper_proto(BPF_FUNC_get_func_ip, BPF_PROG_TYPE_KPROBE, 0)->gpl_only);
	ck_assert(!helper_proto(BPF_FUNC_get_func_ip, BPF_PROG_TYPE_KPROBE,
				BPF_TRACE_KPROBE_MULTI)->gpl_only);
	ck_assert(!(helper_proto(BPF_FUNC_skb_load_bytes, BPF_PROG_TYPE_SCHED_CLS, 0)->flags &
		    HF_CHANGES_PKT));
}
END_TEST

/* ---- Calls ---- */

enum { M_NONE, M_HASH, M_CGSTORAGE, M_RODATA, M_RODATA_NOSTR, M_ARRAY, M_PROG_ARRAY, M_DEVMAP,
       M_SOCKMAP, M_QUEUE };

struct call_case {
	const char *name;
	u32 prog_type, attach;
	int map;		/* map 0 of the program (M_*) */
	bool non_gpl;
	const char *text;	/* "lddw %rN, 0" loads map 0 (value address for rodata/array) */
	enum verdict verdict;
	u32 insn;
	const char *msg;
};

#define MEM_EXPECTED "expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_"

static const struct call_case call_cases[] = {
	/* availability and prototype flags */
	{ "redirect_in_socket_filter", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "mov %r1, 1; mov %r2, 0; call 23; mov %r0, 0; exit", V_UNSAFE, 2,
	  "program of this type cannot use helper bpf_redirect#23" },
	{ "coarse_ns_in_kprobe", BPF_PROG_TYPE_KPROBE, 0, M_NONE, false,
	  "call 160; mov %r0, 0; exit", V_UNSAFE, 0,
	  "program of this type cannot use helper bpf_ktime_get_coarse_ns#160" },
	{ "printk_needs_gpl", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, true,
	  "stdw [%r10-8], 0; mov %r1, %r10; add %r1, -8; mov %r2, 8; call 6; mov %r0, 0; exit",
	  V_UNSAFE, 4, "cannot call GPL-restricted function from non-GPL compatible program" },
	{ "copy_from_user_might_sleep", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; mov %r2, 8; mov %r3, 0; call 148; mov %r0, 0; exit",
	  V_UNSAFE, 4, "helper call might sleep in a non-sleepable prog" },
	/* tracing / lsm: the helpers every covered type gets are offered, the others unknown */
	{ "ktime_in_fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, M_NONE, false,
	  "call 5; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "probe_read_in_fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; mov %r2, 8; mov %r3, 0; call 4; mov %r0, 0; exit",
	  V_UNKNOWN, 4, "helper bpf_probe_read#4 for program type tracing" },
	{ "seq_write_in_fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, M_NONE, false,
	  "mov %r1, 0; mov %r2, 0; mov %r3, 0; call 127; mov %r0, 0; exit", V_UNKNOWN, 3,
	  "helper bpf_seq_write#127 for program type tracing" },
	{ "get_func_ip_in_tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, M_NONE, false,
	  "call 173; mov %r0, 0; exit", V_UNSAFE, 0,
	  "func bpf_get_func_ip#173 not supported for program type 5" },
	{ "get_func_ip_in_kprobe", BPF_PROG_TYPE_KPROBE, 0, M_NONE, false,
	  "call 173; mov %r0, 0; exit", V_SAFE, 0, "" },
	/* per-type prototypes: get_cgroup_classid reads the skb in tc, the current task in sk_msg */
	{ "classid_tc_needs_ctx", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; call 17; mov %r0, 1; exit", V_UNSAFE, 2,
	  "R1 type=fp expected=ctx" },
	{ "classid_sk_msg_no_arg", BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; call 17; mov %r0, 1; exit", V_SAFE, 0, "" },
	/* ARG_PTR_TO_CTX / ARG_PTR_TO_CTX_OR_NULL (selftests ctx.c) */
	{ "ctx_arg_scalar", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r1, 0; call 17; mov %r0, 0; exit", V_UNSAFE, 1, "R1 type=scalar expected=ctx" },
	{ "ctx_arg_modified", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "add %r1, 4; call 34; mov %r0, 0; exit", V_UNSAFE, 1,
	  "dereference of modified ctx ptr R1 off=4 disallowed" },
	{ "ctx_or_null_null", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, M_NONE, false,
	  "mov %r1, 0; call 122; mov %r0, 1; exit", V_SAFE, 0, "" },
	{ "ctx_or_null_ctx", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, M_NONE, false,
	  "call 122; mov %r0, 1; exit", V_SAFE, 0, "" },
	{ "ctx_or_null_one", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, M_NONE, false,
	  "mov %r1, 1; call 122; mov %r0, 1; exit", V_UNSAFE, 1, "R1 type=scalar expected=ctx" },
	/* ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY (csum_diff) */
	{ "mem_or_null_null", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r1, 0; mov %r2, 0; mov %r3, 0; mov %r4, 0; mov %r5, 0; call 28; mov %r0, 0; exit",
	  V_SAFE, 0, "" },
	{ "mem_or_null_scalar", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r1, 1; mov %r2, 0; mov %r3, 0; mov %r4, 0; mov %r5, 0; call 28; mov %r0, 0; exit",
	  V_UNSAFE, 5, "R1 type=scalar " MEM_EXPECTED },
	{ "mem_or_null_null_sized", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r1, 0; mov %r2, 4; mov %r3, 0; mov %r4, 0; mov %r5, 0; call 28; mov %r0, 0; exit",
	  V_UNSAFE, 5, "R1 type=scalar expected=fp" },
	/* ARG_CONST_SIZE */
	{ "size_negative", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; mov %r2, -1; call 16; mov %r0, 0; exit", V_UNSAFE, 3,
	  "R2 min value is negative, either use unsigned or 'var &= const'" },
	{ "size_zero", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "mov %r1, %r10; add %r1, -8; mov %r2, 0; call 16; mov %r0, 0; exit", V_UNSAFE, 3,
	  "R2 invalid zero-sized read" },
	{ "uninit_mem_scalar", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "mov %r1, 0; mov %r2, 8; call 16; mov %r0, 0; exit", V_UNSAFE, 2,
	  "R1 type=scalar " MEM_EXPECTED },
	/* ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED (selftests int_ptr.c) */
	{ "strtoul_ok", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "stw [%r10-8], 0x31; mov %r1, %r10; add %r1, -8; mov %r2, 4; mov %r3, 0;"
	  "mov %r4, %r10; add %r4, -16; call 106; ldxdw %r0, [%r10-16]; mov %r0, 0; exit",
	  V_SAFE, 0, "" },
	{ "strtoul_small", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "stw [%r10-8], 0x31; mov %r1, %r10; add %r1, -8; mov %r2, 4; mov %r3, 0;"
	  "mov %r4, %r10; add %r4, -4; call 106; mov %r0, 0; exit",
	  V_UNSAFE, 7, "invalid write to stack R4 off=-4 size=8" },
	{ "strtoul_misaligned", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "stw [%r10-8], 0x31; mov %r1, %r10; add %r1, -8; mov %r2, 4; mov %r3, 0;"
	  "mov %r4, %r10; add %r4, -20; call 106; mov %r0, 0; exit",
	  V_UNSAFE, 7, "misaligned stack access off 0+-20+0 size 8" },
	/* ARG_PTR_TO_CONST_STR (bpf_snprintf's format) */
	{ "const_str_ok", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_RODATA, false,
	  "lddw %r3, 0; mov %r1, %r10; add %r1, -16; mov %r2, 16; mov %r4, 0; mov %r5, 0;"
	  "call 165; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "const_str_unterminated", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_RODATA_NOSTR, false,
	  "lddw %r3, 0; mov %r1, %r10; add %r1, -16; mov %r2, 16; mov %r4, 0; mov %r5, 0;"
	  "call 165; mov %r0, 0; exit", V_UNSAFE, 7, "string is not zero-terminated" },
	{ "const_str_writable_map", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_ARRAY, false,
	  "lddw %r3, 0; mov %r1, %r10; add %r1, -16; mov %r2, 16; mov %r4, 0; mov %r5, 0;"
	  "call 165; mov %r0, 0; exit", V_UNSAFE, 7, "R3 does not point to a readonly map'" },
	{ "const_str_stack", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_NONE, false,
	  "stdw [%r10-8], 0; mov %r3, %r10; add %r3, -8; mov %r1, %r10; add %r1, -16; mov %r2, 8;"
	  "mov %r4, 0; mov %r5, 0; call 165; mov %r0, 0; exit", V_UNSAFE, 8,
	  "R3 type=fp expected=map_value" },
	/* map compatibility, both directions (selftests cgroup_storage.c) */
	{ "local_storage_on_hash", BPF_PROG_TYPE_CGROUP_SKB, 0, M_HASH, false,
	  "lddw %r1, 0; mov %r2, 0; call 81; mov %r0, 0; exit", V_UNSAFE, 3,
	  "cannot pass map_type 1 into func bpf_get_local_storage#81" },
	{ "local_storage_ok", BPF_PROG_TYPE_CGROUP_SKB, 0, M_CGSTORAGE, false,
	  "lddw %r1, 0; mov %r2, 0; call 81; ldxw %r1, [%r0+0]; mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "local_storage_oob", BPF_PROG_TYPE_CGROUP_SKB, 0, M_CGSTORAGE, false,
	  "lddw %r1, 0; mov %r2, 0; call 81; ldxw %r1, [%r0+256]; mov %r0, 0; exit", V_UNSAFE, 4,
	  "invalid access to map value, value_size=64 off=256 size=4" },
	{ "local_storage_flags", BPF_PROG_TYPE_CGROUP_SKB, 0, M_CGSTORAGE, false,
	  "lddw %r1, 0; mov %r2, 1; call 81; mov %r0, 0; exit", V_UNSAFE, 3,
	  "get_local_storage() doesn't support non-zero flags" },
	{ "lookup_on_cgroup_storage", BPF_PROG_TYPE_CGROUP_SKB, 0, M_CGSTORAGE, false,
	  "stdw [%r10-16], 0; stdw [%r10-8], 0; lddw %r1, 0; mov %r2, %r10; add %r2, -16; call 1;"
	  "mov %r0, 0; exit", V_UNSAFE, 6,
	  "cannot pass map_type 19 into func bpf_map_lookup_elem#1" },
	{ "redirect_map_on_hash", BPF_PROG_TYPE_XDP, 0, M_HASH, false,
	  "lddw %r1, 0; mov %r2, 0; mov %r3, 0; call 51; exit", V_UNSAFE, 4,
	  "cannot pass map_type 1 into func bpf_redirect_map#51" },
	{ "tail_call_on_hash", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_HASH, false,
	  "lddw %r2, 0; mov %r3, 0; call 12; mov %r0, 0; exit", V_UNSAFE, 3,
	  "expected prog array map for tail call" },
	{ "update_on_prog_array", BPF_PROG_TYPE_SOCKET_FILTER, 0, M_PROG_ARRAY, false,
	  "stdw [%r10-8], 0; lddw %r1, 0; mov %r2, %r10; add %r2, -8; mov %r3, %r10; add %r3, -8;"
	  "mov %r4, 0; call 2; mov %r0, 0; exit", V_UNSAFE, 8,
	  "cannot pass map_type 3 into func bpf_map_update_elem#2" },
	/* record_func_map(): the kernel makes devmaps read-only for programs */
	{ "update_on_devmap", BPF_PROG_TYPE_XDP, 0, M_DEVMAP, false,
	  "stdw [%r10-8], 0; lddw %r1, 0; mov %r2, %r10; add %r2, -8; mov %r3, %r10; add %r3, -8;"
	  "mov %r4, 0; call 2; mov %r0, 2; exit", V_UNSAFE, 8, "write into map forbidden" },
	/* resolve_map_arg_type(): a sockmap value is a socket */
	{ "update_sockmap_with_stack", BPF_PROG_TYPE_SCHED_CLS, 0, M_SOCKMAP, false,
	  "stdw [%r10-8], 0; lddw %r1, 0; mov %r2, %r10; add %r2, -8; mov %r3, %r10; add %r3, -8;"
	  "mov %r4, 0; call 2; mov %r0, 0; exit", V_UNSAFE, 8,
	  "R3 type=fp expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_" },
	/* ARG_PTR_TO_UNINIT_MAP_VALUE: pop and peek lack pkt_access, push has it */
	{ "pop_into_packet", BPF_PROG_TYPE_XDP, 0, M_QUEUE, false,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r4, %r2; add %r4, 8; jgt %r4, %r3, out;"
	  "lddw %r1, 0; mov %r3, 0; call 88; out: mov %r0, 2; exit", V_UNSAFE, 8,
	  "helper access to the packet is not allowed" },
	{ "push_from_packet", BPF_PROG_TYPE_XDP, 0, M_QUEUE, false,
	  "ldxw %r2, [%r1+0]; ldxw %r3, [%r1+4]; mov %r4, %r2; add %r4, 8; jgt %r4, %r3, out;"
	  "lddw %r1, 0; mov %r3, 0; call 87; out: mov %r0, 2; exit", V_SAFE, 0, "" },
	{ "pop_on_sockmap", BPF_PROG_TYPE_SCHED_CLS, 0, M_SOCKMAP, false,
	  "lddw %r1, 0; mov %r2, %r10; add %r2, -8; call 88; mov %r0, 0; exit", V_UNSAFE, 4,
	  "invalid arg_type for sockmap/sockhash" },
	/* helpers changing packet data kill packet pointers, spilled copies too */
	{ "pkt_ptr_after_pull", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r6, %r1; ldxw %r2, [%r1+76]; ldxw %r3, [%r1+80]; mov %r4, %r2; add %r4, 8;"
	  "jgt %r4, %r3, out; mov %r7, %r2; mov %r1, %r6; mov %r2, 8; call 39; ldxb %r0, [%r7+0];"
	  "out: mov %r0, 0; exit", V_UNSAFE, 10, "R7 invalid mem access 'scalar'" },
	{ "spilled_pkt_ptr_after_store_bytes", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r6, %r1; ldxw %r2, [%r1+76]; ldxw %r3, [%r1+80]; mov %r4, %r2; add %r4, 8;"
	  "jgt %r4, %r3, out; stxdw [%r10-16], %r2; stdw [%r10-8], 0; mov %r1, %r6; mov %r2, 0;"
	  "mov %r3, %r10; add %r3, -8; mov %r4, 1; mov %r5, 0; call 9; ldxdw %r7, [%r10-16];"
	  "ldxb %r0, [%r7+0]; out: mov %r0, 0; exit", V_UNSAFE, 16, "R7 invalid mem access 'scalar'" },
	{ "pkt_ptr_after_tail_call_ok", BPF_PROG_TYPE_SCHED_CLS, 0, M_PROG_ARRAY, false,
	  "mov %r6, %r1; ldxw %r2, [%r1+76]; ldxw %r3, [%r1+80]; mov %r4, %r2; add %r4, 8;"
	  "jgt %r4, %r3, out; mov %r7, %r2; mov %r1, %r6; lddw %r2, 0; mov %r3, 0; call 12;"
	  "ldxb %r0, [%r7+0]; out: mov %r0, 0; exit", V_SAFE, 0, "" },
	{ "pkt_ptr_after_load_bytes_ok", BPF_PROG_TYPE_SCHED_CLS, 0, M_NONE, false,
	  "mov %r6, %r1; ldxw %r2, [%r1+76]; ldxw %r3, [%r1+80]; mov %r4, %r2; add %r4, 8;"
	  "jgt %r4, %r3, out; mov %r7, %r2; mov %r1, %r6; mov %r2, 0; mov %r3, %r10; add %r3, -8;"
	  "mov %r4, 4; call 26; ldxb %r0, [%r7+0]; out: mov %r0, 0; exit", V_SAFE, 0, "" },
};

static void fill_map(struct map_def *m, int kind, u8 *data)
{
	memset(m, 0, sizeof(*m));
	m->inner_idx = -1;
	m->name = (char *)"m";
	m->max_entries = 1;
	m->key_size = 4;
	m->value_size = 64;
	switch (kind) {
	case M_HASH:
		m->type = BPF_MAP_TYPE_HASH;
		m->key_size = 8;
		break;
	case M_QUEUE:
		m->type = BPF_MAP_TYPE_QUEUE;
		m->key_size = 0;
		m->value_size = 8;
		break;
	case M_CGSTORAGE:
		m->type = BPF_MAP_TYPE_CGROUP_STORAGE;
		m->key_size = 16;
		m->max_entries = 0;
		break;
	case M_PROG_ARRAY:
	case M_DEVMAP:
	case M_SOCKMAP:
		m->type = kind == M_DEVMAP ? BPF_MAP_TYPE_DEVMAP :
			  kind == M_SOCKMAP ? BPF_MAP_TYPE_SOCKMAP : BPF_MAP_TYPE_PROG_ARRAY;
		m->value_size = 4;
		break;
	case M_RODATA:
	case M_RODATA_NOSTR:
		m->type = BPF_MAP_TYPE_ARRAY;
		m->kind = MAP_KIND_RODATA;
		m->map_flags = BPF_F_RDONLY_PROG;
		m->value_size = 16;
		memset(data, 'a', 16);
		if (kind == M_RODATA)
			data[3] = 0;
		m->data = data;
		break;
	default:
		m->type = BPF_MAP_TYPE_ARRAY;
		break;
	}
}

START_TEST(helper_call__kernel_verdicts)
{
	const struct call_case *c = &call_cases[_i];
	struct analysis_opts opts = { .gpl = !c->non_gpl };
	struct analysis_result res;
	struct bpf_insn *insns;
	struct map_def map;
	u8 data[16];
	struct prog p;
	char err[256];
	u32 cnt, i;

	ck_assert_msg(!asm_parse(c->text, &insns, &cnt, err, sizeof(err)), "%s: %s", c->name, err);
	fill_map(&map, c->map, data);
	for (i = 0; i < cnt; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			insns[i].src_reg = c->map == M_RODATA || c->map == M_RODATA_NOSTR ||
					   c->map == M_ARRAY ? BPF_PSEUDO_MAP_VALUE : BPF_PSEUDO_MAP_FD;
	memset(&p, 0, sizeof(p));
	p.insns = insns;
	p.insn_cnt = cnt;
	p.pt.prog_type = c->prog_type;
	p.pt.expected_attach_type = c->attach;
	ck_assert_int_eq(analysis_run(&p, c->map == M_NONE ? NULL : &map, c->map == M_NONE ? 0 : 1,
				      &opts, &res), 0);
	free(insns);
	ck_assert_msg(res.verdict == c->verdict, "%s: verdict %s: %s", c->name,
		      verdict_name(res.verdict), res.diag.msg);
	if (c->verdict == V_UNSAFE) {
		ck_assert_msg(res.diag.insn_idx == c->insn, "%s: insn %u, want %u (%s)", c->name,
			      res.diag.insn_idx, c->insn, res.diag.msg);
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
	}
	if (c->verdict == V_UNKNOWN)
		ck_assert_msg(strstr(res.diag.msg, c->msg), "%s: \"%s\"", c->name, res.diag.msg);
}
END_TEST

Suite *helpers_suite(void)
{
	Suite *s = suite_create("helpers");
	TCase *tc = tcase_create("helpers");

	tcase_add_loop_test(tc, helper_offered__kernel_facts, 0,
			    sizeof(avail_cases) / sizeof(avail_cases[0]));
	tcase_add_test(tc, helper_proto__table_breadth_and_variants);
	tcase_add_loop_test(tc, helper_call__kernel_verdicts, 0,
			    sizeof(call_cases) / sizeof(call_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
