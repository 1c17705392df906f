/* Reference data with labels in the current language. */
#include "src/refdata.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <string.h>

enum kp_status refdata_list(struct session *s, enum ref_table t, struct ref_item **out, int *n)
{
	*n = ref_store_list(s->db, t, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read reference data"));
	}
	return KP_OK;
}

bool refdata_exists(struct session *s, enum ref_table t, const char *key)
{
	return key && *key && ref_store_exists(s->db, t, key) == 1;
}

const char *refdata_label(const struct ref_item *item)
{
	return i18n_label(item->label_da, item->label_en);
}

char *refdata_label_of(struct session *s, enum ref_table t, const char *key)
{
	struct ref_item *items;
	int n = ref_store_list(s->db, t, &items);
	char *label = NULL;

	for (int i = 0; i < n && !label; i++)
		if (key && strcmp(items[i].key, key) == 0)
			label = xstrdup(refdata_label(&items[i]));
	if (n >= 0)
		ref_list_free(items, n);
	return label ? label : xstrdup(key ? key : "");
}
