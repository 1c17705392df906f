/* Every screen's ops, one ui/screen_*.c file each. Screens that take an
 * argument say so here (it is what ui_push passes to open). */
#ifndef KP_UI_SCREENS_H
#define KP_UI_SCREENS_H

#include "ui/screen.h"

extern const struct screen_ops screen_user_picker;     /* arg: NULL */
extern const struct screen_ops screen_login;           /* arg: login to fill in, or NULL */
extern const struct screen_ops screen_company_list;    /* arg: NULL */
extern const struct screen_ops screen_company;         /* arg: company id (copied) */
extern const struct screen_ops screen_company_form;    /* arg: company id, or NULL: new */
extern const struct screen_ops screen_case_list;       /* arg: NULL */
extern const struct screen_ops screen_case;            /* arg: case id (copied) */
extern const struct screen_ops screen_contacts;        /* arg: company id (copied) */
extern const struct screen_ops screen_sync;            /* arg: NULL */
extern const struct screen_ops screen_conflicts;       /* arg: NULL */
extern const struct screen_ops screen_integrity;       /* arg: NULL (from the sync screen) */
/* Importing a CSV file with a preview; arg: the file's path (copied).
 * screen_import takes companies, screen_import_evaluations the evaluation
 * system's answers (its keys: no column mapping, no update). */
extern const struct screen_ops screen_import;
extern const struct screen_ops screen_import_evaluations;

/* arg of screen_contact_form: the company, and the contact to edit or
 * NULL for a new one (both copied) */
struct contact_form_arg {
	const char *company_id;
	const char *contact_id;
};
extern const struct screen_ops screen_contact_form;

/* arg of screen_case_form: a new case for company_id, or case_id to edit
 * (copied); focus_assign puts the cursor on the branch */
struct case_form_arg {
	const char *company_id;
	const char *case_id;
	bool focus_assign;
};
extern const struct screen_ops screen_case_form;

/* arg of screen_journal_form: the case (copied) and "meeting" or "note" */
struct journal_form_arg {
	const char *case_id;
	const char *kind;
};
extern const struct screen_ops screen_journal_form;

/* Referrals and the partner directory (ui/screen_partner*.c,
 * ui/screen_*referral*.c, ui/screen_followups.c) */
extern const struct screen_ops screen_partners;          /* arg: NULL */
extern const struct screen_ops screen_partner;           /* arg: organisation id (copied) */
extern const struct screen_ops screen_partner_form;      /* arg: organisation id, or NULL: new */
extern const struct screen_ops screen_partner_contact_form; /* arg: organisation id (copied) */
extern const struct screen_ops screen_case_referrals;    /* arg: case id (copied) */
extern const struct screen_ops screen_case_members;      /* arg: case id (copied) */
extern const struct screen_ops screen_trust;             /* arg: NULL */
extern const struct screen_ops screen_followups;         /* arg: NULL */
extern const struct screen_ops screen_referral_overview; /* arg: NULL */

/* arg of screen_referral_form: a new referral from case_id, or
 * referral_id to edit (copied) */
struct referral_form_arg {
	const char *case_id;
	const char *referral_id;
};
extern const struct screen_ops screen_referral_form;

/* Supervision (ui/screen_caseload.c, screen_queue.c, screen_goals.c,
 * screen_targets.c, screen_evaluation_form.c) */
extern const struct screen_ops screen_caseload;          /* arg: NULL */
extern const struct screen_ops screen_queue;             /* arg: NULL */
extern const struct screen_ops screen_goals;             /* arg: NULL */
extern const struct screen_ops screen_evaluation_form;   /* arg: case id (copied) */

/* arg of screen_targets: the house (NULL: the user's), a location of it
 * or NULL, and the year (all copied) */
struct targets_arg {
	const char *house;
	const char *location;
	int year;
};
extern const struct screen_ops screen_targets;

/* Security (ui/screen_audit.c): the audit trail for supervisors and
 * administrators. */
extern const struct screen_ops screen_audit;             /* arg: NULL */

/* User administration (ui/screen_users.c, administrators): the list, and
 * the form for a new user (arg NULL) or to edit one (arg: its login). */
extern const struct screen_ops screen_users;             /* arg: NULL */
extern const struct screen_ops screen_user_form;

#endif
