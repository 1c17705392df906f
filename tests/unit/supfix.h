/* A hand-made data set for the supervision tests (caseloads, evaluations,
 * targets and goals). Every figure the tests expect is worked out in
 * tests/unit/test_goals.c from the rows in supfix.c. */
#ifndef KP_SUPFIX_H
#define KP_SUPFIX_H

#include <stdbool.h>

struct session;

/* A fresh database with users (sup, cons at Aarhus; cons2 at Herning;
 * intake, admin at Aarhus; supkbh at København), logged in as login; with
 * data, the companies, cases, journal entries and evaluations of supfix.c. */
struct session *supfix_open(const char *login, bool data);
void supfix_close(struct session *s);
void supfix_login(struct session *s, const char *login);
/* Runs SQL on the fixture's database (asserting success). */
void supfix_exec(struct session *s, const char *sql);
/* The first column of the first row of sql, as an integer. */
long supfix_scalar(struct session *s, const char *sql);

#endif
