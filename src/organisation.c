/* The partner directory: validation and role checks around
 * db/organisation_store.c. Names are unique (folded) at entry; two sites
 * adding the same name offline keep both, as SYNC.md requires. */
#include "src/organisation.h"
#include "db/db.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ORG_NAME_MAX 200
#define ORG_TEXT_MAX 2000

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

int organisation_keys_split(const char *json, char ***keys)
{
	const char *p = skip_ws(json ? json : "");
	int n = 0;

	*keys = NULL;
	if (*p++ != '[')
		return -1;
	p = skip_ws(p);
	while (*p != ']') {
		const char *start;

		if (n > 0) {
			if (*p++ != ',')
				goto bad;
			p = skip_ws(p);
		}
		if (*p++ != '"')
			goto bad;
		start = p;
		while (key_char(*p))
			p++;
		if (*p != '"' || p == start)
			goto bad;
		*keys = xrealloc(*keys, (size_t)(n + 1) * sizeof **keys);
		(*keys)[n++] = xstrndup(start, (size_t)(p - start));
		p = skip_ws(p + 1);
	}
	if (*skip_ws(p + 1) != '\0')
		goto bad;
	return n;
bad:
	organisation_keys_free(*keys, n);
	*keys = NULL;
	return -1;
}

void organisation_keys_free(char **keys, int n)
{
	db_strings_free(keys, n);
}

char *organisation_keys_join(const char *const *keys, int n)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addch(&sb, '[');
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "%s\"%s\"", i ? "," : "", keys[i]);
	strbuf_addch(&sb, ']');
	return strbuf_detach(&sb);
}

bool organisation_keys_has(const char *json, const char *key)
{
	char **keys;
	int n = organisation_keys_split(json, &keys);
	bool found = false;

	for (int i = 0; i < n && !found; i++)
		found = strcmp(keys[i], key) == 0;
	organisation_keys_free(keys, n);
	return found;
}

const char *organisation_type_label(const struct organisation *o)
{
	return i18n_label(o->type_label_da, o->type_label_en);
}

/* A one-line text field: valid, no control characters, within max. */
static enum kp_status check_line(struct session *s, const char *what, const char *v,
				 size_t max, bool required)
{
	if (!v || !*v)
		return required ? session_fail(s, KP_ERR_INVALID, _("%s is required"), what) : KP_OK;
	if (!text_valid_utf8(v, strlen(v)) || text_has_control(v, false))
		return session_fail(s, KP_ERR_INVALID, _("%s contains control characters"), what);
	if (strlen(v) > max)
		return session_fail(s, KP_ERR_INVALID, _("%s is too long (at most %zu bytes)"), what, max);
	return KP_OK;
}

static enum kp_status check_themes(struct session *s, const char *json)
{
	char **keys;
	int n = organisation_keys_split(json ? json : "[]", &keys);
	enum kp_status st = KP_OK;

	if (n < 0)
		return session_fail(s, KP_ERR_INVALID, _("themes must be a list of theme keys"));
	for (int i = 0; i < n && st == KP_OK; i++) {
		int found = organisation_store_theme_exists(s->db, keys[i]);

		if (found < 0)
			st = session_db_fail(s, _("cannot read themes"));
		else if (!found)
			st = session_fail(s, KP_ERR_INVALID, _("unknown theme '%s'"), keys[i]);
	}
	organisation_keys_free(keys, n);
	return st;
}

static enum kp_status check_area(struct session *s, const struct organisation *o)
{
	const char *area = o->area && *o->area ? o->area : "national";
	int found;

	if (strcmp(area, "municipality") == 0 || strcmp(o->type, "municipality") == 0) {
		if (strcmp(area, "municipality") != 0 || o->municipality_code <= 0)
			return session_fail(s, KP_ERR_INVALID,
					    _("a municipal business service needs its municipality"));
		found = organisation_store_municipality_exists(s->db, o->municipality_code);
		if (found < 0)
			return session_db_fail(s, _("cannot read municipalities"));
		if (!found)
			return session_fail(s, KP_ERR_INVALID, _("unknown municipality code %d"),
					    o->municipality_code);
		return KP_OK;
	}
	if (o->municipality_code > 0)
		return session_fail(s, KP_ERR_INVALID,
				    _("only a municipal area takes a municipality code"));
	if (strcmp(area, "national") == 0)
		return KP_OK;
	found = organisation_store_house_exists(s->db, area);
	if (found < 0)
		return session_db_fail(s, _("cannot read houses"));
	if (!found)
		return session_fail(s, KP_ERR_INVALID,
				    _("unknown area '%s' (national, a house, or municipality)"), area);
	return KP_OK;
}

static enum kp_status validate(struct session *s, const struct organisation *o)
{
	enum kp_status st;
	int found;

	if ((st = check_line(s, _("the name"), o->name, ORG_NAME_MAX, true)) != KP_OK ||
	    (st = check_line(s, _("the type"), o->type, 40, true)) != KP_OK ||
	    (st = check_line(s, _("the e-mail address"), o->email, ORG_NAME_MAX, false)) != KP_OK ||
	    (st = check_line(s, _("the phone number"), o->phone, 40, false)) != KP_OK ||
	    (st = check_line(s, _("the website"), o->website, ORG_NAME_MAX, false)) != KP_OK ||
	    (st = check_line(s, _("the note"), o->note, ORG_TEXT_MAX, false)) != KP_OK)
		return st;
	if (o->email && *o->email && !strchr(o->email, '@'))
		return session_fail(s, KP_ERR_INVALID, _("the e-mail address needs an @"));
	found = organisation_store_partner_type_exists(s->db, o->type);
	if (found < 0)
		return session_db_fail(s, _("cannot read partner types"));
	if (!found)
		return session_fail(s, KP_ERR_INVALID, _("unknown partner type '%s'"), o->type);
	if ((st = check_themes(s, o->themes)) != KP_OK)
		return st;
	if ((st = check_area(s, o)) != KP_OK)
		return st;
	found = organisation_store_name_taken(s->db, o->name, o->id);
	if (found < 0)
		return session_db_fail(s, _("cannot check organisation names"));
	if (found)
		return session_fail(s, KP_ERR_DUPLICATE, _("an organisation named %s is already registered"),
				    o->name);
	return KP_OK;
}

/* Rolls back a failed write; the message is the store's error unless
 * audit_record already set one (callers clear msg before db_begin). */
static enum kp_status write_failed(struct session *s, const char *what)
{
	if (!s->msg[0])
		session_db_fail(s, what);
	db_rollback(s->db);
	return KP_ERR_DB;
}

enum kp_status organisation_create(struct session *s, struct organisation *o)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	enum kp_status st = access_require(s, ACT_PARTNER_WRITE);

	if (st != KP_OK)
		return st;
	if (!o->area || !*o->area) {
		free(o->area);
		o->area = xstrdup(o->municipality_code > 0 ? "municipality" : "national");
	}
	if (!o->themes)
		o->themes = xstrdup("[]");
	free(o->id);
	o->id = NULL;
	if ((st = validate(s, o)) != KP_OK)
		return st;
	uuid_generate(id);
	clock_timestamp(at);
	o->id = xstrdup(id);
	free(o->created_at);
	o->created_at = xstrdup(at);
	s->msg[0] = '\0';
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!organisation_store_insert(s->db, o))
		return write_failed(s, _("cannot save the organisation"));
	if (!audit_record(s, "organisation.create", "organisation", o->id, "%s (%s)", o->name, o->type))
		return write_failed(s, _("cannot write the audit trail"));
	if (!db_commit(s->db))
		return write_failed(s, _("cannot save the organisation"));
	return KP_OK;
}

/* "field: old -> new" for each changed field, for the audit detail. */
static void diff(struct strbuf *sb, const char *field, const char *a, const char *b)
{
	if (strcmp(a ? a : "", b ? b : "") != 0)
		strbuf_addf(sb, "%s%s: %s -> %s", sb->len ? "; " : "", field, a ? a : "", b ? b : "");
}

enum kp_status organisation_update(struct session *s, const struct organisation *o)
{
	struct organisation old = { 0 };
	struct strbuf sb = STRBUF_INIT;
	enum kp_status st = access_require(s, ACT_PARTNER_WRITE);
	int found;

	if (st != KP_OK)
		return st;
	if (!o->id || !*o->id)
		return session_fail(s, KP_ERR_INVALID, _("no organisation given"));
	found = organisation_store_get(s->db, o->id, &old);
	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such organisation"));
	if ((st = validate(s, o)) != KP_OK)
		goto out;
	diff(&sb, "name", old.name, o->name);
	diff(&sb, "type", old.type, o->type);
	diff(&sb, "themes", old.themes, o->themes);
	diff(&sb, "area", old.area, o->area);
	diff(&sb, "email", old.email, o->email);
	diff(&sb, "phone", old.phone, o->phone);
	diff(&sb, "website", old.website, o->website);
	diff(&sb, "note", old.note, o->note);
	diff(&sb, "active", old.active ? "1" : "0", o->active ? "1" : "0");
	if (old.municipality_code != o->municipality_code)
		strbuf_addf(&sb, "%smunicipality: %d -> %d", sb.len ? "; " : "",
			    old.municipality_code, o->municipality_code);
	if (sb.len == 0)
		goto out;   /* nothing changed: nothing to write or audit */
	s->msg[0] = '\0';
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!organisation_store_update(s->db, o))
		st = write_failed(s, _("cannot save the organisation"));
	else if (!audit_record(s, "organisation.update", "organisation", o->id, "%s", sb.buf))
		st = write_failed(s, _("cannot write the audit trail"));
	else if (!db_commit(s->db))
		st = write_failed(s, _("cannot save the organisation"));
out:
	strbuf_finish(&sb);
	organisation_finish(&old);
	return st;
}

enum kp_status organisation_get(struct session *s, const char *id, struct organisation *out)
{
	enum kp_status st = access_require(s, ACT_PARTNER_READ);
	int found;

	if (st != KP_OK)
		return st;
	found = organisation_store_get(s->db, id ? id : "", out);
	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such organisation"));
	return KP_OK;
}

enum kp_status organisation_list(struct session *s, const struct organisation_filter *f,
				 struct organisation **out, int *n)
{
	enum kp_status st = access_require(s, ACT_PARTNER_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = organisation_store_list(s->db, f, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list organisations"));
	}
	return KP_OK;
}

enum kp_status organisation_advisors(struct session *s, const char *theme, const char *house,
				     int max, struct organisation **out, int *n)
{
	enum kp_status st = access_require(s, ACT_PARTNER_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = organisation_store_advisors(s->db, theme && *theme ? theme : NULL,
					 house && *house ? house : NULL, max, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list advisors"));
	}
	return KP_OK;
}

static enum kp_status validate_contact(struct session *s, const struct organisation_contact *c)
{
	enum kp_status st;

	if ((st = check_line(s, _("the name"), c->name, ORG_NAME_MAX, true)) != KP_OK ||
	    (st = check_line(s, _("the role"), c->role, ORG_NAME_MAX, false)) != KP_OK ||
	    (st = check_line(s, _("the e-mail address"), c->email, ORG_NAME_MAX, false)) != KP_OK ||
	    (st = check_line(s, _("the phone number"), c->phone, 40, false)) != KP_OK)
		return st;
	if (c->email && *c->email && !strchr(c->email, '@'))
		return session_fail(s, KP_ERR_INVALID, _("the e-mail address needs an @"));
	if (text_looks_like_cpr(c->name) || (c->role && text_looks_like_cpr(c->role)))
		return session_fail(s, KP_ERR_INVALID,
				    _("the text looks like a CPR number, which is never stored"));
	return KP_OK;
}

enum kp_status organisation_contact_add(struct session *s, struct organisation_contact *c)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	struct organisation org = { 0 };
	enum kp_status st = access_require(s, ACT_PARTNER_WRITE);
	int found;

	if (st != KP_OK)
		return st;
	if ((st = validate_contact(s, c)) != KP_OK)
		return st;
	found = organisation_store_get(s->db, c->organisation_id ? c->organisation_id : "", &org);
	organisation_finish(&org);
	if (found < 0)
		return session_db_fail(s, _("cannot read the organisation"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such organisation"));
	uuid_generate(id);
	clock_timestamp(at);
	free(c->id);
	c->id = xstrdup(id);
	free(c->created_at);
	c->created_at = xstrdup(at);
	s->msg[0] = '\0';
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!organisation_contact_store_insert(s->db, c))
		return write_failed(s, _("cannot save the contact"));
	if (!audit_record(s, "organisation.contact_add", "organisation_contact", c->id,
			  "organisation %s", c->organisation_id))
		return write_failed(s, _("cannot write the audit trail"));
	if (!db_commit(s->db))
		return write_failed(s, _("cannot save the contact"));
	return KP_OK;
}

enum kp_status organisation_contact_update(struct session *s, const struct organisation_contact *c)
{
	struct organisation_contact old = { 0 };
	enum kp_status st = access_require(s, ACT_PARTNER_WRITE);
	int found;

	if (st != KP_OK)
		return st;
	if ((st = validate_contact(s, c)) != KP_OK)
		return st;
	found = organisation_contact_store_get(s->db, c->id ? c->id : "", &old);
	organisation_contact_finish(&old);
	if (found < 0)
		return session_db_fail(s, _("cannot read the contact"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such contact"));
	s->msg[0] = '\0';
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (!organisation_contact_store_update(s->db, c))
		return write_failed(s, _("cannot save the contact"));
	if (!audit_record(s, "organisation.contact_update", "organisation_contact", c->id, NULL))
		return write_failed(s, _("cannot write the audit trail"));
	if (!db_commit(s->db))
		return write_failed(s, _("cannot save the contact"));
	return KP_OK;
}

enum kp_status organisation_contacts(struct session *s, const char *organisation_id,
				     struct organisation_contact **out, int *n)
{
	enum kp_status st = access_require(s, ACT_PARTNER_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = organisation_contact_store_list(s->db, organisation_id ? organisation_id : "", out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot list contacts"));
	}
	return KP_OK;
}
