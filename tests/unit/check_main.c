/* The single Check runner: every tests/unit/check_<mod>.c exports <mod>_suite(); the Makefile
 * lists them in suites.h. CK_RUN_SUITE=<mod> focuses on one suite (Check's own variable).
 * Exit status: the number of failed tests (0 when all pass). */
#include <check.h>
#include <stdlib.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
