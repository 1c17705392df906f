/* Reference data with labels in the current language. */
#include "src/refdata.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <stdlib.h>
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

struct refdata_cache {
	char **keys[REF_TABLES];      /* sorted; loaded on first use */
	int nkeys[REF_TABLES];        /* -1 until loaded */
	struct ref_postcode *postcodes;
	int npostcodes;               /* -1 until loaded */
};

bool refdata_cache_begin(struct session *s)
{
	if (s->refs)
		return false;
	s->refs = xcalloc(1, sizeof *s->refs);
	for (int t = 0; t < REF_TABLES; t++)
		s->refs->nkeys[t] = -1;
	s->refs->npostcodes = -1;
	return true;
}

void refdata_cache_end(struct session *s)
{
	struct refdata_cache *c = s->refs;

	if (!c)
		return;
	for (int t = 0; t < REF_TABLES; t++) {
		for (int i = 0; i < c->nkeys[t]; i++)
			free(c->keys[t][i]);
		free(c->keys[t]);
	}
	ref_postcode_list_free(c->postcodes, c->npostcodes > 0 ? c->npostcodes : 0);
	free(c);
	s->refs = NULL;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of t, sorted, or NULL (not held: ask the database). The list
 * of locations leaves out a location without its house, so it is not
 * held. */
static char **cached_keys(struct session *s, enum ref_table t, int *n)
{
	struct refdata_cache *c = s->refs;

	if (!c || t == REF_LOCATION)
		return NULL;
	if (c->nkeys[t] < 0) {
		struct ref_item *items;
		int m = ref_store_list(s->db, t, &items);

		if (m < 0)
			return NULL;
		c->keys[t] = xcalloc((size_t)(m > 0 ? m : 1), sizeof *c->keys[t]);
		for (int i = 0; i < m; i++) {
			c->keys[t][i] = items[i].key;
			items[i].key = NULL;
		}
		ref_list_free(items, m);
		qsort(c->keys[t], (size_t)m, sizeof *c->keys[t], cmp_key);
		c->nkeys[t] = m;
	}
	*n = c->nkeys[t];
	return c->keys[t];
}

bool refdata_exists(struct session *s, enum ref_table t, const char *key)
{
	int n;
	char **keys;

	if (!key || !*key)
		return false;
	if ((keys = cached_keys(s, t, &n)))
		return bsearch(&key, keys, (size_t)n, sizeof *keys, cmp_key) != NULL;
	return ref_store_exists(s->db, t, key) == 1;
}

int refdata_postcode(struct session *s, const char *postcode, char **town, int *municipality)
{
	struct refdata_cache *c = s->refs;

	if (c && c->npostcodes < 0)
		c->npostcodes = ref_store_postcodes(s->db, &c->postcodes);
	if (!c || c->npostcodes < 0)
		return ref_store_postcode(s->db, postcode, town, municipality);
	/* the first row of the postcode: the lowest municipality code */
	int lo = 0, hi = c->npostcodes;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (strcmp(c->postcodes[mid].postcode, postcode) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->npostcodes || strcmp(c->postcodes[lo].postcode, postcode) != 0)
		return 0;
	if (town)
		*town = xstrdup(c->postcodes[lo].town);
	if (municipality)
		*municipality = c->postcodes[lo].municipality;
	return 1;
}

const char *refdata_label(const struct ref_item *item)
{
	return i18n_label(item->label_da, item->label_en);
}

const char *refdata_label_in(const struct ref_item *items, int n, const char *key)
{
	for (int i = 0; key && i < n; i++)
		if (strcmp(items[i].key, key) == 0)
			return refdata_label(&items[i]);
	return key ? key : "";
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
