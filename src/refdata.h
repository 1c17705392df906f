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
const char *refdata_label(const struct ref_item *item);      /* current language, borrowed */
/* Label of key in table t, copied (caller frees); the key itself if unknown. */
char *refdata_label_of(struct session *s, enum ref_table t, const char *key);

#endif
