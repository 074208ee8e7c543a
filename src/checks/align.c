/* Pointer alignment, as the 6.18 kernel's check_ptr_alignment() decides it before every load,
 * store and atomic (check_mem_access), per pointer kind:
 *   - packets (and their metadata, just in front) are checked as if NET_IP_ALIGN were 2, the
 *     value every architecture without efficient unaligned access uses: the access must be
 *     aligned at 2 + fixed offset + insn offset + the variable part;
 *   - every other kind at fixed offset + insn offset + the variable part, with the kind named in
 *     the message ("misaligned value access off (0x0; 0x4)+0+2 size 4");
 *   - the stack always, whatever the flags: the spill tracking of stack slots relies on it;
 *   - byte accesses never.
 * Strictness otherwise comes from the load: BPF_F_STRICT_ALIGNMENT asks for it, BPF_F_ANY_ALIGNMENT
 * overrides that, and without either x86_64 (CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS) does not
 * check. Atomics ask for it once (strict_alignment_once). Rule id: mem.misaligned. */
#include "checks/checks.h"

#ifndef BPF_F_STRICT_ALIGNMENT
#define BPF_F_STRICT_ALIGNMENT (1U << 0)
#endif
#ifndef BPF_F_ANY_ALIGNMENT
#define BPF_F_ANY_ALIGNMENT (1U << 1)
#endif

/* The kernel's env->strict_alignment on a machine with efficient unaligned access. */
static bool strict_alignment(const struct env *env)
{
	return (env->opts.prog_flags & BPF_F_STRICT_ALIGNMENT) &&
	       !(env->opts.prog_flags & BPF_F_ANY_ALIGNMENT);
}

int check_ptr_alignment(struct env *env, u32 regno, s32 off, u32 size, bool strict_once)
{
	const struct reg *r = &cur_regs(env)[regno];
	bool strict = strict_once || strict_alignment(env);
	const char *desc = "";
	s64 ip_align = 0;
	struct tnum at;
	char tn[64];

	/* exact types, as the kernel compares them: a map value that may be NULL is not one */
	switch (r->type) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		ip_align = 2;
		break;
	case PTR_TO_FLOW_KEYS:
		desc = "flow keys ";
		break;
	case PTR_TO_MAP_KEY:
		desc = "key ";
		break;
	case PTR_TO_MAP_VALUE:
		desc = "value ";
		break;
	case PTR_TO_CTX:
		desc = "context ";
		break;
	case PTR_TO_STACK:
		desc = "stack ";
		strict = true;
		break;
	case PTR_TO_SOCKET:
		desc = "sock ";
		break;
	case PTR_TO_SOCK_COMMON:
		desc = "sock_common ";
		break;
	case PTR_TO_TCP_SOCK:
		desc = "tcp_sock ";
		break;
	case PTR_TO_XDP_SOCK:
		desc = "xdp_sock ";
		break;
	default:
		break;
	}
	if (!strict || size == 1)
		return 0;
	at = tnum_add(r->var.var_off, tnum_const((u64)(ip_align + r->off + off)));
	if (tnum_is_aligned(at, size))
		return 0;
	tnum_fmt(tn, sizeof(tn), r->var.var_off);
	if (ip_align)
		return env_reject(env, "mem.misaligned",
				  "misaligned packet access off %lld+%s+%d+%d size %u",
				  (long long)ip_align, tn, r->off, off, size);
	return env_reject(env, "mem.misaligned", "misaligned %saccess off %s+%d+%d size %u", desc,
			  tn, r->off, off, size);
}
