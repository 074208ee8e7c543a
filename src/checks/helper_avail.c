/* Which helpers each program type may call: the answers of the Linux 6.18 kernel's per-type
 * get_func_proto() switches (bpf_base_func_proto() in kernel/bpf/helpers.c shared by all,
 * sk_filter/tc_cls_act/xdp/cg_skb/lwt/sock_ops/sk_msg/sk_skb/sk_lookup/... in net/core/filter.c,
 * the cgroup ones in kernel/bpf/cgroup.c, the tracing ones in kernel/trace/bpf_trace.c,
 * bpf_syscall_func_proto in kernel/bpf/syscall.c), in privileged mode (CAP_BPF + CAP_PERFMON:
 * the bpf_token_capable() branches are taken).
 *
 * The tables are data, produced by tools/helper_probe -c on the 6.18 kernel these tests run on
 * (one "call ID; exit" program per helper and program type: "program of this type cannot use
 * helper" or not) and cross-read with the switches named above. They reflect that kernel's
 * build and state too: override_return (CONFIG_BPF_KPROBE_OVERRIDE) is not built in, and
 * probe_write_user is withheld under lockdown; `helper_probe -d` compares the whole table,
 * argument checks included, with the kernel in one sweep. Program types not listed in
 * PT_ALL (tracing, lsm, ext, struct_ops: their switch depends on the BTF attach target; lirc_mode2:
 * not built into the kernel) answer unknown.
 *
 * Attach types: get_func_proto() looks at expected_attach_type for cgroup_sock_addr
 * (bind only for connect hooks; get_retval/set_retval not for recvmsg/getpeername/getsockname)
 * and cgroup_sockopt (getsockopt/setsockopt only for the setsockopt hook): attach_rules[] lists
 * those, attach_sets[] the attach types probed per program type; another attach type of such a
 * program type answers unknown for the attach-dependent helpers. */
#include <linux/bpf.h>

#include "checks/helper_protos.h"
#include "loader/progtype.h"

struct attach_rule {
	u32 prog_type, func;
	u64 attach;		/* attach types (bits) whose programs are offered @func */
};

struct attach_set {
	u32 prog_type;
	u64 attach;		/* attach types (bits) probed for @prog_type */
};

#define PT_ALL (PT(SOCKET_FILTER) | PT(KPROBE) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(TRACEPOINT) | PT(XDP) | PT(PERF_EVENT) | PT(CGROUP_SKB) | PT(CGROUP_SOCK) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(SOCK_OPS) | PT(SK_SKB) | PT(CGROUP_DEVICE) | PT(SK_MSG) | PT(RAW_TRACEPOINT) | PT(CGROUP_SOCK_ADDR) | PT(LWT_SEG6LOCAL) | PT(SK_REUSEPORT) | PT(FLOW_DISSECTOR) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(SK_LOOKUP) | PT(SYSCALL) | PT(NETFILTER))

static const u64 offered[] = {
	[1] = PT_ALL,	/* bpf_map_lookup_elem */
	[2] = PT_ALL,	/* bpf_map_update_elem */
	[3] = PT_ALL,	/* bpf_map_delete_elem */
	[4] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(SYSCALL),	/* bpf_probe_read */
	[5] = PT_ALL,	/* bpf_ktime_get_ns */
	[6] = PT_ALL,	/* bpf_trace_printk */
	[7] = PT_ALL,	/* bpf_get_prandom_u32 */
	[8] = PT_ALL,	/* bpf_get_smp_processor_id */
	[9] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT) | PT(SK_SKB),	/* bpf_skb_store_bytes */
	[10] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_l3_csum_replace */
	[11] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_l4_csum_replace */
	[12] = PT_ALL,	/* bpf_tail_call */
	[13] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_clone_redirect */
	[14] = PT_ALL,	/* bpf_get_current_pid_tgid */
	[15] = PT_ALL,	/* bpf_get_current_uid_gid */
	[16] = PT_ALL,	/* bpf_get_current_comm */
	[17] = PT_ALL,	/* bpf_get_cgroup_classid */
	[18] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_vlan_push */
	[19] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_vlan_pop */
	[20] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_skb_get_tunnel_key */
	[21] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_skb_set_tunnel_key */
	[22] = PT_ALL,	/* bpf_perf_event_read */
	[23] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(LWT_XMIT),	/* bpf_redirect */
	[24] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(LWT_SEG6LOCAL),	/* bpf_get_route_realm */
	[25] = PT_ALL & ~(PT(SK_REUSEPORT) | PT(FLOW_DISSECTOR) | PT(NETFILTER)),	/* bpf_perf_event_output */
	[26] = PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(SK_SKB) | PT(LWT_SEG6LOCAL) | PT(SK_REUSEPORT) | PT(FLOW_DISSECTOR),	/* bpf_skb_load_bytes */
	[27] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(SYSCALL),	/* bpf_get_stackid */
	[28] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(LWT_SEG6LOCAL),	/* bpf_csum_diff */
	[29] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_skb_get_tunnel_opt */
	[30] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_skb_set_tunnel_opt */
	[31] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_change_proto */
	[32] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_change_type */
	[33] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(LWT_SEG6LOCAL),	/* bpf_skb_under_cgroup */
	[34] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(LWT_SEG6LOCAL),	/* bpf_get_hash_recalc */
	[35] = PT_ALL,	/* bpf_get_current_task */
	[37] = PT_ALL,	/* bpf_current_task_under_cgroup */
	[38] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT) | PT(SK_SKB),	/* bpf_skb_change_tail */
	[39] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_IN) | PT(LWT_OUT) | PT(LWT_XMIT) | PT(SK_SKB) | PT(LWT_SEG6LOCAL),	/* bpf_skb_pull_data */
	[40] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_csum_update */
	[41] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_set_hash_invalid */
	[42] = PT_ALL,	/* bpf_get_numa_node_id */
	[43] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT) | PT(SK_SKB),	/* bpf_skb_change_head */
	[44] = PT(XDP),	/* bpf_xdp_adjust_head */
	[45] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(SYSCALL),	/* bpf_probe_read_str */
	[46] = PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(CGROUP_SOCK) | PT(SOCK_OPS) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR) | PT(SK_REUSEPORT) | PT(SYSCALL),	/* bpf_get_socket_cookie */
	[47] = PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(SK_SKB),	/* bpf_get_socket_uid */
	[48] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_set_hash */
	[49] = PT(SOCK_OPS) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SOCKOPT),	/* bpf_setsockopt */
	[50] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(SK_SKB),	/* bpf_skb_adjust_room */
	[51] = PT(XDP),	/* bpf_redirect_map */
	[52] = PT(SK_SKB),	/* bpf_sk_redirect_map */
	[53] = PT(SOCK_OPS),	/* bpf_sock_map_update */
	[54] = PT(XDP),	/* bpf_xdp_adjust_meta */
	[55] = PT_ALL,	/* bpf_perf_event_read_value */
	[56] = PT(PERF_EVENT),	/* bpf_perf_prog_read_value */
	[57] = PT(SOCK_OPS) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SOCKOPT),	/* bpf_getsockopt */
	[59] = PT(SOCK_OPS),	/* bpf_sock_ops_cb_flags_set */
	[60] = PT(SK_MSG),	/* bpf_msg_redirect_map */
	[61] = PT(SK_MSG),	/* bpf_msg_apply_bytes */
	[62] = PT(SK_MSG),	/* bpf_msg_cork_bytes */
	[63] = PT(SK_MSG),	/* bpf_msg_pull_data */
	[64] = PT(CGROUP_SOCK_ADDR),	/* bpf_bind */
	[65] = PT(XDP),	/* bpf_xdp_adjust_tail */
	[66] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_get_xfrm_state */
	[67] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(SYSCALL),	/* bpf_get_stack */
	[68] = PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(SK_REUSEPORT),	/* bpf_skb_load_bytes_relative */
	[69] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_fib_lookup */
	[70] = PT(SOCK_OPS),	/* bpf_sock_hash_update */
	[71] = PT(SK_MSG),	/* bpf_msg_redirect_hash */
	[72] = PT(SK_SKB),	/* bpf_sk_redirect_hash */
	[73] = PT(LWT_IN) | PT(LWT_XMIT),	/* bpf_lwt_push_encap */
	[74] = PT(LWT_SEG6LOCAL),	/* bpf_lwt_seg6_store_bytes */
	[75] = PT(LWT_SEG6LOCAL),	/* bpf_lwt_seg6_adjust_srh */
	[76] = PT(LWT_SEG6LOCAL),	/* bpf_lwt_seg6_action */
	[79] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB),	/* bpf_skb_cgroup_id */
	[80] = PT_ALL,	/* bpf_get_current_cgroup_id */
	[81] = PT(CGROUP_SKB) | PT(CGROUP_SOCK) | PT(SOCK_OPS) | PT(CGROUP_DEVICE) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SYSCTL) | PT(CGROUP_SOCKOPT),	/* bpf_get_local_storage */
	[82] = PT(SK_REUSEPORT),	/* bpf_sk_select_reuseport */
	[83] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB),	/* bpf_skb_ancestor_cgroup_id */
	[84] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(CGROUP_SKB) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR),	/* bpf_sk_lookup_tcp */
	[85] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(CGROUP_SKB) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR),	/* bpf_sk_lookup_udp */
	[86] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(CGROUP_SKB) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR) | PT(SK_LOOKUP),	/* bpf_sk_release */
	[87] = PT_ALL,	/* bpf_map_push_elem */
	[88] = PT_ALL,	/* bpf_map_pop_elem */
	[89] = PT_ALL,	/* bpf_map_peek_elem */
	[90] = PT(SK_MSG),	/* bpf_msg_push_data */
	[91] = PT(SK_MSG),	/* bpf_msg_pop_data */
	[93] = PT_ALL,	/* bpf_spin_lock */
	[94] = PT_ALL,	/* bpf_spin_unlock */
	[95] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB),	/* bpf_sk_fullsock */
	[96] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(SOCK_OPS) | PT(CGROUP_SOCKOPT),	/* bpf_tcp_sock */
	[97] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB),	/* bpf_skb_ecn_set_ce */
	[98] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB),	/* bpf_get_listener_sock */
	[99] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP) | PT(CGROUP_SKB) | PT(SK_SKB) | PT(CGROUP_SOCK_ADDR),	/* bpf_skc_lookup_tcp */
	[100] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_check_syncookie */
	[101] = PT(CGROUP_SYSCTL),	/* bpf_sysctl_get_name */
	[102] = PT(CGROUP_SYSCTL),	/* bpf_sysctl_get_current_value */
	[103] = PT(CGROUP_SYSCTL),	/* bpf_sysctl_get_new_value */
	[104] = PT(CGROUP_SYSCTL),	/* bpf_sysctl_set_new_value */
	[105] = PT_ALL,	/* bpf_strtol */
	[106] = PT_ALL,	/* bpf_strtoul */
	[107] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(CGROUP_SOCK) | PT(SOCK_OPS) | PT(SK_MSG) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SOCKOPT),	/* bpf_sk_storage_get */
	[108] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(SOCK_OPS) | PT(SK_MSG) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SOCKOPT),	/* bpf_sk_storage_delete */
	[109] = PT_ALL,	/* bpf_send_signal */
	[110] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_gen_syncookie */
	[111] = PT(SYSCALL),	/* bpf_skb_output */
	[112] = PT_ALL,	/* bpf_probe_read_user */
	[113] = PT_ALL,	/* bpf_probe_read_kernel */
	[114] = PT_ALL,	/* bpf_probe_read_user_str */
	[115] = PT_ALL,	/* bpf_probe_read_kernel_str */
	[117] = PT_ALL,	/* bpf_send_signal_thread */
	[118] = PT_ALL,	/* bpf_jiffies64 */
	[119] = PT(PERF_EVENT),	/* bpf_read_branch_records */
	[120] = PT_ALL,	/* bpf_get_ns_current_pid_tgid */
	[121] = PT(SYSCALL),	/* bpf_xdp_output */
	[122] = PT(SOCKET_FILTER) | PT(SCHED_CLS) | PT(SCHED_ACT) | PT(CGROUP_SKB) | PT(CGROUP_SOCK) | PT(SOCK_OPS) | PT(SK_MSG) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SOCKOPT),	/* bpf_get_netns_cookie */
	[123] = PT_ALL,	/* bpf_get_current_ancestor_cgroup_id */
	[124] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(SK_LOOKUP),	/* bpf_sk_assign */
	[125] = PT_ALL,	/* bpf_ktime_get_boot_ns */
	[128] = PT(CGROUP_SKB),	/* bpf_sk_cgroup_id */
	[129] = PT(CGROUP_SKB),	/* bpf_sk_ancestor_cgroup_id */
	[130] = PT_ALL,	/* bpf_ringbuf_output */
	[131] = PT_ALL,	/* bpf_ringbuf_reserve */
	[132] = PT_ALL,	/* bpf_ringbuf_submit */
	[133] = PT_ALL,	/* bpf_ringbuf_discard */
	[134] = PT_ALL,	/* bpf_ringbuf_query */
	[135] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(LWT_XMIT),	/* bpf_csum_level */
	[136] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_tcp6_sock */
	[137] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_tcp_sock */
	[138] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_tcp_timewait_sock */
	[139] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_tcp_request_sock */
	[140] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_udp6_sock */
	[141] = PT_ALL,	/* bpf_get_task_stack */
	[142] = PT(SOCK_OPS),	/* bpf_load_hdr_opt */
	[143] = PT(SOCK_OPS),	/* bpf_store_hdr_opt */
	[144] = PT(SOCK_OPS),	/* bpf_reserve_hdr_opt */
	[148] = PT_ALL,	/* bpf_copy_from_user */
	[149] = PT_ALL,	/* bpf_snprintf_btf */
	[151] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_cgroup_classid */
	[152] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_redirect_neigh */
	[153] = PT_ALL,	/* bpf_per_cpu_ptr */
	[154] = PT_ALL,	/* bpf_this_cpu_ptr */
	[155] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_redirect_peer */
	[156] = PT_ALL,	/* bpf_task_storage_get */
	[157] = PT_ALL,	/* bpf_task_storage_delete */
	[158] = PT_ALL,	/* bpf_get_current_task_btf */
	[160] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(SYSCALL) | PT(NETFILTER)),	/* bpf_ktime_get_coarse_ns */
	[162] = PT(SYSCALL),	/* bpf_sock_from_file */
	[163] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_check_mtu */
	[164] = PT_ALL,	/* bpf_for_each_map_elem */
	[165] = PT_ALL,	/* bpf_snprintf */
	[166] = PT(SYSCALL),	/* bpf_sys_bpf */
	[167] = PT(SYSCALL),	/* bpf_btf_find_by_name_kind */
	[168] = PT(SYSCALL),	/* bpf_sys_close */
	[169] = PT_ALL,	/* bpf_timer_init */
	[170] = PT_ALL,	/* bpf_timer_set_callback */
	[171] = PT_ALL,	/* bpf_timer_start */
	[172] = PT_ALL,	/* bpf_timer_cancel */
	[173] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE) | PT(SYSCALL),	/* bpf_get_func_ip */
	[174] = PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(RAW_TRACEPOINT) | PT(RAW_TRACEPOINT_WRITABLE),	/* bpf_get_attach_cookie */
	[175] = PT_ALL,	/* bpf_task_pt_regs */
	[176] = PT_ALL,	/* bpf_get_branch_snapshot */
	[177] = PT_ALL,	/* bpf_trace_vprintk */
	[178] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_unix_sock */
	[179] = PT(SYSCALL),	/* bpf_kallsyms_lookup_name */
	[180] = PT_ALL,	/* bpf_find_vma */
	[181] = PT_ALL,	/* bpf_loop */
	[182] = PT_ALL,	/* bpf_strncmp */
	[186] = PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SYSCTL) | PT(CGROUP_SOCKOPT),	/* bpf_get_retval */
	[187] = PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(CGROUP_SOCK_ADDR) | PT(CGROUP_SYSCTL) | PT(CGROUP_SOCKOPT),	/* bpf_set_retval */
	[188] = PT(XDP) | PT(SYSCALL),	/* bpf_xdp_get_buff_len */
	[189] = PT(XDP),	/* bpf_xdp_load_bytes */
	[190] = PT(XDP),	/* bpf_xdp_store_bytes */
	[191] = PT_ALL,	/* bpf_copy_from_user_task */
	[192] = PT(SCHED_CLS) | PT(SCHED_ACT),	/* bpf_skb_set_tstamp */
	[194] = PT_ALL,	/* bpf_kptr_xchg */
	[195] = PT_ALL,	/* bpf_map_lookup_percpu_elem */
	[196] = PT_ALL & ~(PT(KPROBE) | PT(TRACEPOINT) | PT(PERF_EVENT) | PT(CGROUP_SOCK) | PT(CGROUP_DEVICE) | PT(RAW_TRACEPOINT) | PT(SK_REUSEPORT) | PT(CGROUP_SYSCTL) | PT(RAW_TRACEPOINT_WRITABLE) | PT(CGROUP_SOCKOPT) | PT(NETFILTER)),	/* bpf_skc_to_mptcp_sock */
	[197] = PT_ALL,	/* bpf_dynptr_from_mem */
	[198] = PT_ALL,	/* bpf_ringbuf_reserve_dynptr */
	[199] = PT_ALL,	/* bpf_ringbuf_submit_dynptr */
	[200] = PT_ALL,	/* bpf_ringbuf_discard_dynptr */
	[201] = PT_ALL,	/* bpf_dynptr_read */
	[202] = PT_ALL,	/* bpf_dynptr_write */
	[203] = PT_ALL,	/* bpf_dynptr_data */
	[204] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_raw_gen_syncookie_ipv4 */
	[205] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_raw_gen_syncookie_ipv6 */
	[206] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_raw_check_syncookie_ipv4 */
	[207] = PT(SCHED_CLS) | PT(SCHED_ACT) | PT(XDP),	/* bpf_tcp_raw_check_syncookie_ipv6 */
	[208] = PT_ALL,	/* bpf_ktime_get_tai_ns */
	[209] = PT_ALL,	/* bpf_user_ringbuf_drain */
	[210] = PT_ALL,	/* bpf_cgrp_storage_get */
	[211] = PT_ALL,	/* bpf_cgrp_storage_delete */
};

static const u64 refused_in_probe[] = {
	[107] = PT(SYSCALL),	/* bpf_sk_storage_get */
	[108] = PT(SYSCALL),	/* bpf_sk_storage_delete */
	[147] = PT(SYSCALL),	/* bpf_d_path */
};

static const struct attach_rule attach_rules[] = {
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 64, 0xc00ULL },	/* bpf_bind */
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 186, 0x600000000cf00ULL },	/* bpf_get_retval */
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 187, 0x600000000cf00ULL },	/* bpf_set_retval */
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, 49, 0x400000ULL },	/* bpf_setsockopt */
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, 57, 0x400000ULL },	/* bpf_getsockopt */
};

static const struct attach_set attach_sets[] = {
	{ BPF_PROG_TYPE_KPROBE, 0x301040000000001ULL },
	{ BPF_PROG_TYPE_XDP, 0xa00000001ULL },
	{ BPF_PROG_TYPE_CGROUP_SKB, 0x3ULL },
	{ BPF_PROG_TYPE_CGROUP_SOCK, 0x400003004ULL },
	{ BPF_PROG_TYPE_SK_SKB, 0x4000000030ULL },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, 0x3e0001e018cf00ULL },
	{ BPF_PROG_TYPE_SK_REUSEPORT, 0x18000000000ULL },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT, 0x600000ULL },
};

enum helper_avail helper_offered(u32 func, u32 prog_type, u32 attach_type)
{
	u64 bit = prog_type < 64 ? 1ULL << prog_type : 0;
	size_t i;

	if (!(bit & PT_ALL))
		return HELPER_AVAIL_UNKNOWN;
	for (i = 0; i < ARRAY_SIZE(attach_rules); i++) {
		if (attach_rules[i].prog_type != prog_type || attach_rules[i].func != func)
			continue;
		if (attach_type >= 64)
			return HELPER_AVAIL_UNKNOWN;
		for (size_t s = 0; s < ARRAY_SIZE(attach_sets); s++)
			if (attach_sets[s].prog_type == prog_type &&
			    !(attach_sets[s].attach & (1ULL << attach_type)))
				return HELPER_AVAIL_UNKNOWN;
		return attach_rules[i].attach & (1ULL << attach_type) ? HELPER_OFFERED :
									HELPER_NOT_OFFERED;
	}
	if (func < ARRAY_SIZE(refused_in_probe) && (refused_in_probe[func] & bit))
		return HELPER_REFUSED;
	if (func >= ARRAY_SIZE(offered) || !(offered[func] & bit))
		return HELPER_NOT_OFFERED;
	return HELPER_OFFERED;
}

bool helper_offered_to_every_type(u32 func)
{
	return func < ARRAY_SIZE(offered) && offered[func] == PT_ALL &&
	       (func >= ARRAY_SIZE(refused_in_probe) || !refused_in_probe[func]);
}
