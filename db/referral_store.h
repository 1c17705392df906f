/* Referrals (synced table referral), their append-only status history
 * (referral_event), reports back to a referring municipality
 * (referral_report_back), and the counts of the referral report. The
 * workflow and every check live in src/referral.c. */
#ifndef KP_REFERRAL_STORE_H
#define KP_REFERRAL_STORE_H

#include <stdbool.h>

struct db;

struct referral {
	char *id;
	char *case_id;
	char *organisation_id;
	char *contact_id;           /* NULL if none */
	char *theme;                /* theme key or "" */
	char *reason;
	char *referred_on;          /* date */
	char *status;               /* proposed, sent, accepted, completed, declined, withdrawn */
	char *status_on;            /* date of the current status */
	char *follow_up;            /* date or NULL */
	char *outcome;
	char *advisors_offered;     /* JSON array of organisation ids */
	char *created_at;
	char *created_by;
	char *updated_at;
	/* joined, read only */
	char *organisation_name;
	char *organisation_type;
	char *contact_name;         /* "" if none */
	char *company_name;
	char *case_title;
	char *consultant_id;        /* of the case, "" if none */
	char *consultant_name;
	char *location;             /* of the case, "" if none */
	char *house;                /* of the case's location, "" if none */
};

struct referral_event {
	char *id;
	char *referral_id;
	char *at;                   /* timestamp */
	char *on_date;              /* date the change took effect */
	char *user_id;
	char *user_name;            /* joined */
	char *from_status;          /* "" for the creation */
	char *to_status;
	char *note;
};

struct referral_report_back {
	char *id;
	char *case_id;
	char *organisation_id;
	int municipality_code;
	char *reported_on;
	char *summary;
	char *user_id;
	char *created_at;
	char *organisation_name;    /* joined */
	char *user_name;            /* joined */
};

/* What the case behind a referral looks like, for the scope checks. */
struct referral_case_info {
	char *house;                /* "" if the case is not routed */
	char *location;
	char *consultant_id;        /* "" if none */
	char *source;
	int source_municipality;    /* 0 if none */
	char *source_date;          /* "" if none */
	char *company_name;
	char *status;
};

/* Which referrals a list shows. NULL/empty members do not filter. */
struct referral_filter {
	const char *case_id;
	const char *organisation_id;
	const char *organisation_type;
	const char *status;          /* one status, or "open" (not yet ended) */
	const char *house;
	const char *location;
	const char *consultant_id;
	const char *from;            /* referred_on >= from */
	const char *to;              /* referred_on <= to */
	const char *due_by;          /* open, with follow_up <= due_by */
	const char *today;           /* with today: overdue (open, follow-up before
					today) first, then by follow-up date */
	int limit;                   /* 0: no limit */
};

/* One destination's line of the referral report. A (case, destination)
 * pair counts once however many referrals it holds in the period; its
 * status is the furthest of its live referrals (proposed < sent < declined
 * < accepted < completed). Pairs whose referrals were all withdrawn count
 * only in withdrawn. */
struct referral_count {
	char *organisation_id;
	char *organisation_name;
	char *organisation_type;
	char *type_label_da;
	char *type_label_en;
	int proposed, sent, accepted, completed, declined;
	int total;                   /* sum of the five */
	int withdrawn;
};

void referral_finish(struct referral *r);
void referral_list_free(struct referral *list, int n);
void referral_event_finish(struct referral_event *e);
void referral_event_list_free(struct referral_event *list, int n);
void referral_report_back_list_free(struct referral_report_back *list, int n);
void referral_case_info_finish(struct referral_case_info *c);
void referral_count_list_free(struct referral_count *list, int n);

bool referral_store_insert(struct db *db, const struct referral *r);
/* Updates contact, theme, reason, status, status_on, follow_up, outcome,
 * advisors_offered and updated_at. */
bool referral_store_update(struct db *db, const struct referral *r);
/* 1 found, 0 not found, -1 error. */
int referral_store_get(struct db *db, const char *id, struct referral *out);
int referral_store_list(struct db *db, const struct referral_filter *f, struct referral **out);

bool referral_event_insert(struct db *db, const struct referral_event *e);
/* Oldest first. Returns the count or -1. */
int referral_event_list(struct db *db, const char *referral_id, struct referral_event **out);

bool referral_report_back_insert(struct db *db, const struct referral_report_back *rb);
int referral_report_back_list(struct db *db, const char *case_id,
			      struct referral_report_back **out);

/* 1 found, 0 not found, -1 error. */
int referral_store_case_info(struct db *db, const char *case_id, struct referral_case_info *out);

/* Counts per destination for referrals dated from..to (inclusive) on cases
 * of house (NULL: all); by partner type order, then name. Returns the
 * number of destinations or -1. */
int referral_store_count(struct db *db, const char *from, const char *to, const char *house,
			 struct referral_count **out);
/* The same for the cases of some locations of the house: location is one
 * key or several separated by commas (NULL: the whole house), for goal IV
 * of a branch and for a supervisor with a location scope. */
int referral_store_count_at(struct db *db, const char *from, const char *to, const char *house,
			    const char *location, struct referral_count **out);

#endif
