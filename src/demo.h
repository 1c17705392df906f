/* The demo database: fictional staff at every location and fictional
 * companies, contacts, consent, cases in every status with meetings and
 * notes, made through the same core functions the screens call (each
 * action by a user whose role may do it). Deterministic for a seed and a
 * database state; adding to a database that has data adds companies and
 * cases and never duplicates a user. */
#ifndef KP_DEMO_H
#define KP_DEMO_H

#include "src/status.h"

#include <stdbool.h>

struct session;

#define DEMO_DEFAULT_COMPANIES 300

struct demo_result {
	int users;              /* users created (existing logins are kept) */
	int companies;
	int contacts;
	int cases;
	int meetings;
	int notes;
	int referrals;
	int evaluations;        /* companies' evaluations of closed cases */
	int targets;            /* result-contract targets set (per house, per year) */
};

/* The staff logins: admin; at location number L (1-based, Aarhus first)
 * modtagelse<L> (intake), leder<L> (supervisor) and konsulent<3L-2> to
 * konsulent<3L> (consultants), so konsulent1 is a consultant in Aarhus. */
#define DEMO_ADMIN_LOGIN "admin"
#define DEMO_CONSULTANTS_PER_LOCATION 3

/* Makes a database without users a demo database (setting demo = 1) with
 * its first administrator, login admin (*fresh true); or checks that a
 * database with users is a demo database and acts as its first active
 * administrator. A database with users that is not one is refused. */
enum kp_status demo_prepare(struct session *s, bool *fresh);

/* Fills the database of s, whose acting user must be an administrator
 * (ACT_DEMO); the acting user is the administrator again afterwards. One
 * transaction: on failure nothing is kept and the session says why.
 * referrals: also run the partner network's demo (src/demo_referrals.h)
 * over the new cases. */
enum kp_status demo_fill(struct session *s, int companies, unsigned long seed, bool referrals,
			 struct demo_result *out);

#endif
