/* The partner network: organisations (synced table organisation, seeded by
 * migration 0002) and their contact persons (organisation_contact). The
 * store checks nothing but what SQL needs; src/organisation.c validates. */
#ifndef KP_ORGANISATION_STORE_H
#define KP_ORGANISATION_STORE_H

#include <stdbool.h>

struct db;

struct organisation {
	char *id;
	char *name;
	char *type;                /* partner_type key */
	char *themes;              /* JSON array of theme keys */
	char *area;                /* "national", a house key, or "municipality" */
	int municipality_code;     /* municipal business services; 0 otherwise */
	char *email;
	char *phone;
	char *website;
	char *note;
	bool active;
	char *created_at;
	/* joined, read only */
	char *type_label_da;
	char *type_label_en;
	char *area_name;           /* municipality name, house name or "" */
	int referral_count;        /* referrals to it, all time */
};

struct organisation_contact {
	char *id;
	char *organisation_id;
	char *name;
	char *role;
	char *email;
	char *phone;
	bool active;
	char *created_at;
};

/* Which organisations a list shows. NULL/empty members do not filter. */
struct organisation_filter {
	const char *text;          /* folded substring of name, note, website */
	const char *type;          /* partner_type key */
	const char *theme;         /* theme key the organisation covers */
	const char *area;          /* "national" or a house key: serves that house */
	bool include_inactive;
	int limit;                 /* 0: no limit */
};

void organisation_finish(struct organisation *o);      /* frees the members, zeroes */
void organisation_list_free(struct organisation *list, int n);
void organisation_contact_finish(struct organisation_contact *c);
void organisation_contact_list_free(struct organisation_contact *list, int n);

bool organisation_store_insert(struct db *db, const struct organisation *o);
/* Updates every field but id and created_at. */
bool organisation_store_update(struct db *db, const struct organisation *o);
/* 1 found, 0 not found, -1 error; out is filled only when found. */
int organisation_store_get(struct db *db, const char *id, struct organisation *out);
/* The (active) business service of a municipality; 1, 0 or -1. */
int organisation_store_find_municipal(struct db *db, int municipality_code,
				      struct organisation *out);
/* Organisations in Danish name order; *out caller-freed with
 * organisation_list_free. Returns the count or -1. */
int organisation_store_list(struct db *db, const struct organisation_filter *f,
			    struct organisation **out);
/* Active private advisors covering theme (NULL: any) that serve house
 * (NULL: any): those offered least often first, then by name, so no
 * advisor is favoured. At most max. Returns the count or -1. */
int organisation_store_advisors(struct db *db, const char *theme, const char *house,
				int max, struct organisation **out);
/* True when an organisation named name (folded, exact) exists other than
 * except_id; -1 on error. */
int organisation_store_name_taken(struct db *db, const char *name, const char *except_id);

bool organisation_contact_store_insert(struct db *db, const struct organisation_contact *c);
bool organisation_contact_store_update(struct db *db, const struct organisation_contact *c);
int organisation_contact_store_get(struct db *db, const char *id, struct organisation_contact *out);
/* Contacts of an organisation by name. Returns the count or -1. */
int organisation_contact_store_list(struct db *db, const char *organisation_id,
				    struct organisation_contact **out);

/* Reference checks for the core: 1 exists, 0 not, -1 error. */
int organisation_store_partner_type_exists(struct db *db, const char *type);
int organisation_store_theme_exists(struct db *db, const char *theme);
int organisation_store_house_exists(struct db *db, const char *house);
int organisation_store_municipality_exists(struct db *db, int code);

#endif
