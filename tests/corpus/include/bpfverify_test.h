/* Expectation annotations for corpus programs, read back from BTF decl tags by the corpus runner
 * (tools/difftest.c) and by bpfverify itself. The tag strings are the same as the kernel selftests'
 * (comment:test_expect_*), so the same object can be read by either harness; this header is ours.
 *
 *	SEC("xdp") __failure __msg("invalid access to packet")
 *	int bad_pkt(struct xdp_md *ctx) { ... }
 *
 * __success / __failure: the kernel's verdict for the program.
 * __msg("..."): a fragment the kernel's verifier log must contain (repeatable, in log order).
 * __description("..."): one line shown in reports.
 * __known_divergence("why"): bpfverify check is known to disagree with the kernel here (verdict
 *   or failing instruction); recorded in KNOWN_DIFFERENCES.md, not hidden.
 * __known_cfg_divergence("why"): the structural check alone (bpfverify cfg) disagrees; check agrees.
 */
#ifndef BPFVERIFY_TEST_H
#define BPFVERIFY_TEST_H

#define __bpfv_tag(s) __attribute__((btf_decl_tag(s)))
#define __success __bpfv_tag("comment:test_expect_success")
#define __failure __bpfv_tag("comment:test_expect_failure")
#define __msg(m) __bpfv_tag("comment:test_expect_msg=" m)
#define __description(d) __bpfv_tag("comment:test_description=" d)
#define __known_divergence(why) __bpfv_tag("comment:bpfverify_known_divergence=" why)
#define __known_cfg_divergence(why) __bpfv_tag("comment:bpfverify_known_cfg_divergence=" why)

#ifndef __naked
#define __naked __attribute__((naked))
#endif

#endif
