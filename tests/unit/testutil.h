/* Helpers shared by the unit tests: a temporary database per test. */
#ifndef KP_TESTUTIL_H
#define KP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

struct session;

/* Hermetic environment: TZ=UTC, English, the clock fixed at
 * 2026-03-02T09:00:00Z. Call first in main. */
void test_setup(void);

/* A fresh database in a temporary directory (removed by tmpdb_remove). */
char *tmpdb_path(void);                     /* caller frees */
void tmpdb_remove(const char *path);        /* removes the file, -wal, -shm and the folder */

/* A session on a fresh database with one user of each role at the
 * Aarhus head office (logins intake, consultant, supervisor, admin) and a
 * second consultant (consultant2) at Herning; logged in as login. */
struct session *test_session(const char *login);
void test_session_close(struct session *s);  /* closes and removes the files */
/* Switches the acting user. */
void test_login(struct session *s, const char *login);

#endif
