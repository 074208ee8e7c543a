/* Our verdict beside the live kernel's: the comparison `bpfverify kernel` prints under each
 * kernel verdict and tools/difftest requires for every corpus program. Agreement is the same
 * verdict and, for a rejection, the same failing instruction where the kernel's log tells it. */
#include <stdio.h>
#include <string.h>

#include "report/kcompare.h"
#include "report/klog.h"

void kcompare(const struct analysis_result *res, const struct kload_result *k,
	      struct kcompare *out)
{
	bool kacc = k->verdict == KLOAD_ACCEPTED;
	int n;

	out->kinsn_known = !kacc && klog_error_insn(k->log, &out->kinsn);
	switch (res->verdict) {
	case V_SAFE:
		out->agree = kacc;
		n = snprintf(out->text, sizeof(out->text), "bpfverify accepts");
		break;
	case V_UNSAFE:
		out->agree = !kacc && (!out->kinsn_known || out->kinsn == res->diag.insn_idx);
		n = snprintf(out->text, sizeof(out->text), "bpfverify rejects at insn %u: %.*s",
			     res->diag.insn_idx, (int)strcspn(res->diag.msg, "\n"), res->diag.msg);
		break;
	default:
		out->agree = false;
		n = snprintf(out->text, sizeof(out->text), "bpfverify cannot decide: %.*s",
			     (int)strcspn(res->diag.msg, "\n"), res->diag.msg);
		break;
	}
	if (n < 0 || (size_t)n >= sizeof(out->text) - 64)
		n = (int)sizeof(out->text) - 64;
	if (out->agree)
		snprintf(out->text + n, sizeof(out->text) - n, ": agrees");
	else if (res->verdict == V_UNSAFE && !kacc)
		snprintf(out->text + n, sizeof(out->text) - n, ": DIFFERS (the kernel: insn %u)",
			 out->kinsn);
	else
		snprintf(out->text + n, sizeof(out->text) - n, ": DIFFERS");
}
