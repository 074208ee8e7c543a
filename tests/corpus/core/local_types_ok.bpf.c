// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* CO-RE relocations of every kind against types the program defines itself (___v1 flavors of
 * "core_probe", "core_pair" and two enums). The running kernel has none of them, so against
 * vmlinux every relocation resolves to "does not exist": the guarded field accesses are
 * poisoned (call unknown#195896080) in branches the verifier never takes, and the program loads.
 * tests/unit/check_core.c relocates the same object against a hand-built target BTF that does
 * have these types (reordered, resized, one field missing) and checks each patched instruction.
 *
 * Forms covered: LDX, ST and STX offsets (and a load resized from 4 to 8 bytes), ALU immediates,
 * ld_imm64 (a 64-bit enumerator), array element offsets, a member inside an anonymous union,
 * bitfields through BPF_CORE_READ_BITFIELD. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpfverify_test.h"

struct core_probe___v1 {
	int a;
	long b;
	unsigned int c;
	short d;
	int gone;
	union {
		int u1;
	};
	unsigned int lo : 3, hi : 5;
	int arr[4];
} __attribute__((preserve_access_index));

struct core_pair___v1 {
	int x;
	int y;
} __attribute__((preserve_access_index));

enum core_probe_e___v1 {
	CORE_PROBE_A = 1,
	CORE_PROBE_B = 2,
	CORE_PROBE_GONE = 3,
};

enum core_probe_big___v1 {
	CORE_PROBE_BIG = 0x100000000ULL,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[128]);
} core_buf SEC(".maps");

__u64 core_out[24];

SEC("socket")
__success __description("CO-RE: all 13 relocation kinds on local ___v1 types; absent here, so the guarded uses are dead code")
int core_local_types(struct __sk_buff *skb)
{
	struct core_probe___v1 *v;
	__u32 zero = 0;

	core_out[0] = bpf_core_type_id_local(struct core_probe___v1);
	core_out[1] = bpf_core_type_id_kernel(struct core_probe___v1);
	core_out[2] = bpf_core_type_size(struct core_probe___v1);
	core_out[3] = bpf_core_type_matches(struct core_probe___v1);
	core_out[4] = bpf_core_type_matches(struct core_pair___v1);
	core_out[5] = bpf_core_enum_value_exists(enum core_probe_e___v1, CORE_PROBE_GONE);
	if (bpf_core_enum_value_exists(enum core_probe_e___v1, CORE_PROBE_B))
		core_out[6] = bpf_core_enum_value(enum core_probe_e___v1, CORE_PROBE_B);
	if (bpf_core_enum_value_exists(enum core_probe_big___v1, CORE_PROBE_BIG))
		core_out[7] = bpf_core_enum_value(enum core_probe_big___v1, CORE_PROBE_BIG);

	v = bpf_map_lookup_elem(&core_buf, &zero);
	if (!v || !bpf_core_type_exists(struct core_probe___v1))
		return 0;
	if (bpf_core_field_exists(v->a)) {
		core_out[8] = v->a;
		v->a = 7;
	}
	if (bpf_core_field_exists(v->b))
		v->b = skb->len;
	if (bpf_core_field_exists(v->c))
		core_out[9] = v->c;
	if (bpf_core_field_exists(v->d))
		core_out[10] = v->d;
	if (bpf_core_field_exists(v->gone))
		core_out[11] = v->gone;
	if (bpf_core_field_exists(v->u1))
		core_out[12] = v->u1;
	if (bpf_core_field_exists(v->arr[2])) {
		core_out[13] = bpf_core_field_offset(v->arr[2]);
		core_out[14] = bpf_core_field_size(v->arr);
	}
	core_out[15] = bpf_core_field_size(v->b);
	core_out[16] = __builtin_preserve_field_info(v->a, BPF_FIELD_SIGNED);
	if (bpf_core_field_exists(v->hi))
		core_out[17] = BPF_CORE_READ_BITFIELD(v, hi);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
