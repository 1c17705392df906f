/* Temporary databases for unit tests. */
#include "tests/unit/testutil.h"
#include "db/db.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *tmpdb_path(void)
{
	char tmpl[] = "/tmp/kp-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!dir)
		die("mkdtemp failed");
	return xasprintf("%s/test.db", dir);
}

void tmpdb_remove(const char *path)
{
	char *p;
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}
