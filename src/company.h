/* Companies and pre-start persons: validation, registration, edits,
 * contacts, consent, search. Every function checks the acting user's role,
 * validates, writes in one transaction and records the audit entry. */
#ifndef KP_COMPANY_H
#define KP_COMPANY_H

#include "db/company_store.h"
#include "src/status.h"

struct session;

/* Trims and normalises c in place (CVR digits, P-number digits, town and
 * municipality from the postcode when empty) and checks every field.
 * On failure the session message names the field and the problem. */
enum kp_status company_validate(struct session *s, struct company *c);

/* Registers c (validated first). Sets c->id, created_at, created_by.
 * A CVR that exists gives KP_ERR_DUPLICATE and existing_id (caller frees)
 * names the company to open instead. */
enum kp_status company_create(struct session *s, struct company *c, char **existing_id);
/* Saves edits; the CVR and P-number cannot change once registered. */
enum kp_status company_update(struct session *s, struct company *c);
enum kp_status company_get(struct session *s, const char *id, struct company *out);
/* KP_ERR_NOT_FOUND when no company has this CVR. */
enum kp_status company_find_cvr(struct session *s, const char *cvr, struct company *out);
/* Companies whose name is very like name (case and spacing folded, legal
 * suffixes such as A/S and ApS ignored); for the warning before saving. */
int company_similar(struct session *s, const char *name, const char *except_id,
		    struct company_hit **out);

enum kp_status company_search(struct session *s, const char *query, int limit, int offset,
			      struct company_hit **out, int *n);

enum kp_status contact_add(struct session *s, struct contact *c);      /* sets id */
enum kp_status contact_update(struct session *s, struct contact *c);
enum kp_status contact_remove(struct session *s, const char *id);
enum kp_status contact_list(struct session *s, const char *company_id,
			    struct contact **out, int *n);

/* Consent: given with a scope (e.g. "sharing,newsletter") on a date;
 * withdrawal is one action and takes effect at once. The scopes are the
 * optional uses of company_consent_scopes; guidance itself is a public
 * task and needs none. A scope is stored in canonical form (known keys,
 * in that order, comma-separated); an unknown key is refused. */
extern const char *const company_consent_scopes[];     /* NULL-terminated keys */
const char *company_consent_scope_label(const char *key);   /* translated */
/* The labels of a stored scope, ", "-separated (caller frees). */
char *company_consent_scope_text(const char *scope);
enum kp_status company_consent_give(struct session *s, const char *id, const char *scope);
enum kp_status company_consent_withdraw(struct session *s, const char *id);
/* Each giving and withdrawal records who, when, the scope and the version
 * of the consent text (setting consent_text_version, default "1") in the
 * synced history consent_event. */
struct consent_event;
enum kp_status company_consent_history(struct session *s, const char *id,
				       struct consent_event **out, int *n);
char *consent_text_version(struct session *s);              /* caller frees */
/* True when c has consent now that covers scope ("sharing", "newsletter"):
 * exports and sync beyond the house must check it. */
bool company_consent_allows(const struct company *c, const char *scope);

/* Labels for the size classes and growth ambitions (translated). */
extern const char *const company_size_classes[];       /* NULL-terminated */
extern const char *const company_growth_ambitions[];   /* NULL-terminated keys */
const char *company_growth_label(const char *key);

#endif
