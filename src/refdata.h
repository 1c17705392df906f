/* Reference data for pick lists and validation, with labels in the
 * current language. */
#ifndef KP_REFDATA_H
#define KP_REFDATA_H

#include "db/ref_store.h"
#include "src/status.h"

#include <stdbool.h>

struct session;

enum kp_status refdata_list(struct session *s, enum ref_table t, struct ref_item **out, int *n);
bool refdata_exists(struct session *s, enum ref_table t, const char *key);
/* Town and municipality of a postcode, as ref_store_postcode. */
int refdata_postcode(struct session *s, const char *postcode, char **town, int *municipality);

/* For many validations inside one write transaction (a bulk import):
 * from begin to end, refdata_exists and refdata_postcode answer from the
 * reference tables read once, in memory, instead of a query each. Only
 * inside a write transaction that the caller opened before begin and
 * ends after end: then no one else can change the tables meanwhile (one
 * writer), and the caller must not change them itself. begin returns
 * false (and does nothing) when a cache is already held; call end only
 * after a true. session_close ends a cache left held. */
bool refdata_cache_begin(struct session *s);
void refdata_cache_end(struct session *s);
const char *refdata_label(const struct ref_item *item);      /* current language, borrowed */
/* Label of key in table t, copied (caller frees); the key itself if unknown.
 * Reads the table: for a label per row of a list, use refdata_label_in. */
char *refdata_label_of(struct session *s, enum ref_table t, const char *key);
/* Label of key among items (a table read once with refdata_list, e.g. when
 * a screen opens), borrowed; the key itself if it is not there, "" for
 * NULL. No query. */
const char *refdata_label_in(const struct ref_item *items, int n, const char *key);

#endif
