// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Accepted loops the verifier does not walk iteration by iteration: the open-coded numeric
 * iterator (bpf_iter_num_* kfuncs, kernel >= 6.4) and may_goto (kernel >= 6.9), whose loop bodies
 * are verified until the state converges. */
#include "corpus_tracing.h"

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1000);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

__u64 total;

SEC("socket")
__success __description("open-coded iterator: bpf_iter_num over [0, 1000), map lookup per element")
int iter_num_sum(struct __sk_buff *skb)
{
	struct bpf_iter_num it;
	__u64 sum = 0;
	int *i;

	bpf_iter_num_new(&it, 0, 1000);
	while ((i = bpf_iter_num_next(&it))) {
		__u32 k = *i;
		__u64 *v = bpf_map_lookup_elem(&vals, &k);

		if (v)
			sum += *v;
	}
	bpf_iter_num_destroy(&it);
	total = sum;
	return 0;
}

/* may_goto: jumps to the label once the kernel's per-program loop budget is used up */
#define loop_budget_left()							\
	({									\
		__label__ out, done;						\
		int ok = 1;							\
		asm volatile goto("may_goto %l[out]" :::: out);		\
		goto done;							\
	out:									\
		ok = 0;								\
	done:									\
		ok;								\
	})

SEC("socket")
__success __description("may_goto: a loop with no bound the verifier can prove, cut by may_goto")
int may_goto_loop(struct __sk_buff *skb)
{
	__u64 n = skb->len, steps = 0;

	while (n > 1 && loop_budget_left()) {
		n = n & 1 ? 3 * n + 1 : n >> 1;
		steps++;
	}
	total = steps;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
