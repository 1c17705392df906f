/* The partner network: organisations of the business-support system
 * (state schemes, GTS institutes, clusters, municipal business services,
 * private advisors, authorities) with their contacts, themes and area.
 * Everyone may read the directory; supervisors and administrators keep it.
 * Every write is role-checked, validated, and audited in its transaction. */
#ifndef KP_ORGANISATION_H
#define KP_ORGANISATION_H

#include "db/organisation_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

/* Validates and registers o (id and created_at are set here; the caller
 * still owns o and frees it with organisation_finish). Required: name,
 * type (a partner type), area ("national", a house key, or "municipality"
 * with a municipality code); themes a JSON array of theme keys. */
enum kp_status organisation_create(struct session *s, struct organisation *o);
/* Saves every field of o but id and created_at. */
enum kp_status organisation_update(struct session *s, const struct organisation *o);
enum kp_status organisation_get(struct session *s, const char *id, struct organisation *out);
enum kp_status organisation_list(struct session *s, const struct organisation_filter *f,
				 struct organisation **out, int *n);

/* Several private advisors for a theme that serve house (NULL: anywhere),
 * those offered least often first so no advisor is favoured. */
enum kp_status organisation_advisors(struct session *s, const char *theme, const char *house,
				     int max, struct organisation **out, int *n);

enum kp_status organisation_contact_add(struct session *s, struct organisation_contact *c);
enum kp_status organisation_contact_update(struct session *s, const struct organisation_contact *c);
enum kp_status organisation_contacts(struct session *s, const char *organisation_id,
				     struct organisation_contact **out, int *n);

/* The label of a partner type in the current language (borrowed from o). */
const char *organisation_type_label(const struct organisation *o);

/* A JSON array of simple keys ([a-z0-9_-]) as an array of strings:
 * returns the count (keys caller-freed with organisation_keys_free) or -1
 * when the text is not such an array. */
int organisation_keys_split(const char *json, char ***keys);
void organisation_keys_free(char **keys, int n);
/* The keys as a JSON array; caller frees. */
char *organisation_keys_join(const char *const *keys, int n);
bool organisation_keys_has(const char *json, const char *key);

#endif
