/*
 * The unit test runner: every tests/unit/check_<name>.c defines
 * <name>_suite(), listed in the generated suites.h. CK_RUN_SUITE and
 * CK_RUN_CASE pick one, as Check documents.
 */
#include <check.h>
#include <stdlib.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int
main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

	/* config_load() must not fill the tester's own cache directory;
	 * the configcache suite turns the cache on in a directory of its
	 * own. */
	setenv("COMPLAINT_NO_CACHE", "1", 1);
#define SUITE(name) srunner_add_suite(sr, name##_suite());
#include "suites.h"
#undef SUITE

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
