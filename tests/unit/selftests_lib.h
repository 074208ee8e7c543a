/* Check suites that walk the kernel selftest data set (json.h): one loop for all of them. */
#ifndef BPFVERIFY_TESTS_SELFTESTS_LIB_H
#define BPFVERIFY_TESTS_SELFTESTS_LIB_H

#include <check.h>
#include <errno.h>
#include <stdio.h>

#include "json.h"

/* Runs @fn(case, @ctx) over every case of the data set; returns from the calling test with a
 * SKIP line when the data is absent, fails it when a line is not JSON. */
#define SELFTESTS_FOR_EACH_OR_SKIP(fn, ctx)                                                    \
	do {                                                                                    \
		char why_[512];                                                                 \
		int n_ = selftests_for_each(selftests_path(), (fn), (ctx), why_, sizeof(why_)); \
		if (n_ == -ENOENT) {                                                            \
			printf("SKIP: kernel selftest data not found at %s\n", selftests_path()); \
			fflush(stdout);                                                         \
			return;                                                                 \
		}                                                                               \
		ck_assert_msg(n_ > 0, "%s", why_);                                              \
	} while (0)

#endif
