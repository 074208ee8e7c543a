/* Our verdict beside the live kernel's (see kcompare.c). */
#ifndef BPFVERIFY_REPORT_KCOMPARE_H
#define BPFVERIFY_REPORT_KCOMPARE_H

#include "analysis/analysis.h"
#include "loader/kernel.h"

struct kcompare {
	bool agree;		/* same verdict and, for a rejection the log places, same insn */
	bool kinsn_known;	/* the kernel's log names the instruction it rejected at */
	u32 kinsn;
	char text[640];		/* "bpfverify rejects at insn 27: <msg>: agrees" or how it differs */
};

/* Compares our result @res with the kernel's load @k (verdict KLOAD_ACCEPTED or
 * KLOAD_REJECTED; its log gives the failing instruction: klog_error_insn()). An unknown
 * answer of ours never agrees. */
void kcompare(const struct analysis_result *res, const struct kload_result *k,
	      struct kcompare *out);

#endif
