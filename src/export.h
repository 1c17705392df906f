/* Exporting lists to CSV for a spreadsheet: companies, cases, referrals
 * and meetings, and the lists of the supervision and directory screens
 * (caseload, front-desk queue, follow-ups due, partner directory, audit
 * trail; src/export_lists.c), each within the acting user's rights (the
 * same core functions as the lists on screen), with the filters of the
 * command line and the TUI.
 * Defaults fit a Danish Excel: UTF-8 with a byte-order mark, ';', dates
 * as YYYY-MM-DD, header names in the user's language that the import
 * recognises again. Cells a spreadsheet would run as formulas are
 * neutralised (csv.h). Every export is recorded in the audit trail. */
#ifndef KP_EXPORT_H
#define KP_EXPORT_H

#include "src/charset.h"
#include "src/status.h"

#include <stdbool.h>

struct session;
struct strbuf;

enum export_kind {
	EXPORT_COMPANIES, EXPORT_CASES, EXPORT_REFERRALS, EXPORT_MEETINGS,
	EXPORT_CASELOAD,            /* open cases of a branch, consultant or the house */
	EXPORT_QUEUE,               /* new cases nobody is assigned */
	EXPORT_FOLLOWUPS,           /* the user's referral follow-ups due */
	EXPORT_PARTNERS,            /* the partner directory */
	EXPORT_AUDIT,               /* the audit trail (supervisors, administrators) */
	EXPORT_USERS,               /* the users and their state (administrators) */
	EXPORT_KIND_COUNT
};

/* "companies", "cases", "referrals", "meetings", "caseload", "queue",
 * "followups", "partners", "audit", "users"; false if unknown. */
/* A theme list (JSON of keys) as its labels, comma-separated ("" for
 * none); caller frees. */
char *export_theme_labels(struct session *s, const char *json);
bool export_kind_parse(const char *name, enum export_kind *out);
const char *export_kind_name(enum export_kind k);

struct export_filter {
	const char *house;          /* house key */
	const char *branch;         /* location key */
	const char *consultant;     /* login */
	const char *consultant_id;  /* or the user id (screens have it) */
	const char *partner_type;   /* referrals: the destination's partner type */
	const char *search;         /* companies: the company list's search text */
	const char *status;         /* case or referral status ("open" too) */
	const char *from, *to;      /* YYYY-MM-DD, inclusive */
	const char *consent;        /* "sharing" or "newsletter": an export that leaves
				       the house for that purpose holds only companies
				       (and their cases, meetings, referrals) whose
				       consent covers it now (doc/privacy.md) */
	/* caseload */
	bool idle;                  /* only cases idle the configured days */
	bool overdue;               /* only cases with overdue follow-ups */
	const char *sort;           /* opened, idle, company, consultant, status */
	/* partners (also partner_type and search) */
	const char *theme;          /* theme key */
	const char *area;           /* national, a house key or municipality */
	/* audit */
	const char *actor;          /* the login whose entries */
	const char *action;         /* action prefix, e.g. "journal." */
	const char *record;         /* a record's id */
};

struct export_options {
	enum charset charset;       /* CHARSET_UTF8_BOM by default */
	char delimiter;             /* ';' when 0 */
	bool strict;                /* refuse characters the charset cannot hold */
};

struct export_result {
	long rows;
	long withheld;              /* rows left out for want of consent (filter.consent) */
	struct charset_report rep;  /* unmappable characters, when transliterated */
};

void export_options_default(struct export_options *o);

/* Appends the whole file (header and rows, encoded) to out. Filters that
 * do not apply to a kind are refused with KP_ERR_INVALID. Nothing is
 * appended on failure. */
enum kp_status export_build(struct session *s, enum export_kind k, const struct export_filter *f,
			    const struct export_options *o, struct strbuf *out,
			    struct export_result *res);

#endif
