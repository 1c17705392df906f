/* Companies: the rules at entry. One company per CVR (checked here, since
 * synced tables carry no UNIQUE index); CVR and P-number fixed once set;
 * a pre-start person has no CVR. */
#include "src/company.h"
#include "db/gdpr_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/cvr.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/strbuf.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_MAX_CHARS 200
#define FIELD_MAX_CHARS 200

const char *const company_size_classes[] = { "", "0", "1-9", "10-49", "50-249", "250+", NULL };
const char *const company_growth_ambitions[] = { "", "none", "moderate", "high", NULL };

const char *const company_consent_scopes[] = { "sharing", "newsletter", NULL };

const char *company_consent_scope_label(const char *key)
{
	if (strcmp(key, "sharing") == 0)
		return _("sharing with other public business-support bodies");
	if (strcmp(key, "newsletter") == 0)
		return _("newsletters");
	return key;
}

/* True when the comma- or space-separated list holds key. */
static bool scope_has(const char *list, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = list; p && *p;) {
		p += strspn(p, " ,");
		size_t w = strcspn(p, " ,");
		if (w == len && strncmp(p, key, len) == 0)
			return true;
		p += w;
	}
	return false;
}

char *company_consent_scope_text(const char *scope)
{
	struct strbuf b = STRBUF_INIT;

	for (int i = 0; company_consent_scopes[i]; i++)
		if (scope_has(scope, company_consent_scopes[i]))
			strbuf_addf(&b, "%s%s", b.len ? ", " : "",
				    company_consent_scope_label(company_consent_scopes[i]));
	return strbuf_detach(&b);
}

/* The canonical form of a scope typed or picked: known keys in their
 * order; NULL (and *bad the first unknown word, caller frees) if a word is
 * not a scope. */
static char *scope_canonical(const char *scope, char **bad)
{
	struct strbuf b = STRBUF_INIT;

	*bad = NULL;
	for (const char *p = scope; p && *p;) {
		p += strspn(p, " ,");
		size_t w = strcspn(p, " ,");
		bool known = false;
		for (int i = 0; w && company_consent_scopes[i]; i++)
			known |= strlen(company_consent_scopes[i]) == w &&
				 strncmp(p, company_consent_scopes[i], w) == 0;
		if (w && !known) {
			*bad = xstrndup(p, w);
			strbuf_finish(&b);
			return NULL;
		}
		p += w;
	}
	for (int i = 0; company_consent_scopes[i]; i++)
		if (scope_has(scope, company_consent_scopes[i]))
			strbuf_addf(&b, "%s%s", b.len ? "," : "", company_consent_scopes[i]);
	return strbuf_detach(&b);
}

const char *company_growth_label(const char *key)
{
	if (!key || !*key)
		return _("not stated");
	if (strcmp(key, "none") == 0)
		return _("no growth ambition");
	if (strcmp(key, "moderate") == 0)
		return _("moderate growth ambition");
	if (strcmp(key, "high") == 0)
		return _("high growth ambition");
	return key;
}

static bool in_list(const char *const *list, const char *v)
{
	for (; *list; list++)
		if (strcmp(*list, v ? v : "") == 0)
			return true;
	return false;
}

/* Trims a member in place, treating NULL as "". Returns the string. */
static char *trim_field(char **field)
{
	if (!*field)
		*field = xstrdup("");
	return text_trim(*field);
}

/* label is a msgid, translated only when the check fails (a bulk import
 * checks millions of fields). Valid UTF-8 without controls is never wider
 * than its bytes, so the width is measured only for longer text. */
static enum kp_status check_text(struct session *s, const char *label, const char *v, size_t max)
{
	size_t len = strlen(v);

	if (!text_valid_utf8(v, len))
		return session_fail(s, KP_ERR_INVALID, _("%s is not valid UTF-8 text"), _(label));
	if (text_has_control(v, false))
		return session_fail(s, KP_ERR_INVALID, _("%s may not contain control characters"),
				    _(label));
	if (len > max && (len > max * 4 || text_width(v) > max))
		return session_fail(s, KP_ERR_INVALID, _("%s is longer than %zu characters"), _(label),
				    max);
	return KP_OK;
}

static enum kp_status validate_ids(struct session *s, struct company *c)
{
	char digits[11];

	if (c->is_prestart) {
		if (c->cvr && *c->cvr)
			return session_fail(s, KP_ERR_INVALID,
					    _("a pre-start person has no CVR number; register a company instead"));
		free(c->cvr);
		c->cvr = NULL;
	} else {
		enum cvr_problem p = cvr_check(c->cvr, digits);
		if (p != CVR_OK)
			return session_fail(s, KP_ERR_INVALID, "%s: %s", cvr_problem_message(p),
					    c->cvr ? c->cvr : "");
		free(c->cvr);
		c->cvr = xstrdup(digits);
	}
	if (c->pnumber && *text_trim(c->pnumber)) {
		if (!pnumber_is_valid(c->pnumber, digits))
			return session_fail(s, KP_ERR_INVALID, _("P-number must have 10 digits"));
		free(c->pnumber);
		c->pnumber = xstrdup(digits);
	} else {
		free(c->pnumber);
		c->pnumber = NULL;
	}
	return KP_OK;
}

static enum kp_status validate_address(struct session *s, struct company *c)
{
	char *town = NULL;
	int muni = 0;
	const char *pc = trim_field(&c->postcode);

	if (*pc) {
		if (strlen(pc) != 4 || strspn(pc, "0123456789") != 4)
			return session_fail(s, KP_ERR_INVALID, _("postcode must have 4 digits"));
		int found = refdata_postcode(s, pc, &town, &muni);
		if (found < 0)
			return session_db_fail(s, _("cannot read postcodes"));
		if (!found)
			return session_fail(s, KP_ERR_INVALID, _("unknown postcode %s"), pc);
		if (!*trim_field(&c->town)) {
			free(c->town);
			c->town = town;
			town = NULL;
		}
		if (!c->municipality_code)
			c->municipality_code = muni;
		free(town);
	}
	if (c->municipality_code) {
		char code[16];
		snprintf(code, sizeof code, "%d", c->municipality_code);
		if (!refdata_exists(s, REF_MUNICIPALITY, code))
			return session_fail(s, KP_ERR_INVALID, _("unknown municipality code %d"),
					    c->municipality_code);
	}
	return KP_OK;
}

static enum kp_status validate_rest(struct session *s, struct company *c)
{
	time_t now = clock_now();
	struct tm tm;

	gmtime_r(&now, &tm);
	if (c->founded_year && (c->founded_year < 1600 || c->founded_year > tm.tm_year + 1900))
		return session_fail(s, KP_ERR_INVALID, _("founding year %d is not possible"),
				    c->founded_year);
	if (!in_list(company_size_classes, trim_field(&c->size_class)))
		return session_fail(s, KP_ERR_INVALID, _("unknown size class %s"), c->size_class);
	if (!in_list(company_growth_ambitions, trim_field(&c->growth_ambition)))
		return session_fail(s, KP_ERR_INVALID, _("unknown growth ambition %s"), c->growth_ambition);
	if (*trim_field(&c->target_group) && !refdata_exists(s, REF_TARGET_GROUP, c->target_group))
		return session_fail(s, KP_ERR_INVALID, _("unknown target group %s"), c->target_group);
	const char *ic = trim_field(&c->industry_code);
	if (*ic && (strlen(ic) != 6 || strspn(ic, "0123456789") != 6))
		return session_fail(s, KP_ERR_INVALID, _("industry code must have 6 digits (DB07)"));
	if (!c->industry_class || !*trim_field(&c->industry_class)) {
		free(c->industry_class);
		c->industry_class = xstrdup("DB07");
	}
	if (strcmp(c->industry_class, "DB07") != 0 && strcmp(c->industry_class, "DB25") != 0)
		return session_fail(s, KP_ERR_INVALID, _("industry classification must be DB07 or DB25"));
	if (c->consent_given && *c->consent_given && !clock_parse_date(c->consent_given, NULL))
		return session_fail(s, KP_ERR_INVALID, _("consent date must be YYYY-MM-DD"));
	if (c->consent_withdrawn && *c->consent_withdrawn && !clock_parse_date(c->consent_withdrawn, NULL))
		return session_fail(s, KP_ERR_INVALID, _("withdrawal date must be YYYY-MM-DD"));
	return KP_OK;
}

enum kp_status company_validate(struct session *s, struct company *c)
{
	enum kp_status st;

	if (!*trim_field(&c->name))
		return session_fail(s, KP_ERR_INVALID, c->is_prestart ? _("the person's name is required")
								      : _("company name is required"));
	if ((st = check_text(s, N_("name"), c->name, NAME_MAX_CHARS)) != KP_OK ||
	    (st = check_text(s, N_("address"), trim_field(&c->address), FIELD_MAX_CHARS)) != KP_OK ||
	    (st = check_text(s, N_("town"), trim_field(&c->town), 60)) != KP_OK ||
	    (st = check_text(s, N_("consent scope"), trim_field(&c->consent_scope), FIELD_MAX_CHARS)) != KP_OK)
		return st;
	if ((st = validate_ids(s, c)) != KP_OK)
		return st;
	if ((st = validate_address(s, c)) != KP_OK)
		return st;
	return validate_rest(s, c);
}

static bool differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Names of the fields that differ between two versions (for the audit:
 * names only, never values). Caller frees. */
static char *changed_fields(const struct company *a, const struct company *b)
{
	struct strbuf sb = STRBUF_INIT;
	const struct {
		const char *name;
		const char *x, *y;
	} text[] = {
		{ "cvr", a->cvr, b->cvr }, { "pnumber", a->pnumber, b->pnumber },
		{ "name", a->name, b->name }, { "address", a->address, b->address },
		{ "postcode", a->postcode, b->postcode }, { "town", a->town, b->town },
		{ "industry_code", a->industry_code, b->industry_code },
		{ "industry_class", a->industry_class, b->industry_class },
		{ "size_class", a->size_class, b->size_class },
		{ "target_group", a->target_group, b->target_group },
		{ "growth_ambition", a->growth_ambition, b->growth_ambition },
		{ "consent_given", a->consent_given, b->consent_given },
		{ "consent_scope", a->consent_scope, b->consent_scope },
		{ "consent_withdrawn", a->consent_withdrawn, b->consent_withdrawn },
	};

	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (differs(text[i].x, text[i].y))
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "", text[i].name);
	if (a->municipality_code != b->municipality_code)
		strbuf_addf(&sb, "%smunicipality_code", sb.len ? "," : "");
	if (a->founded_year != b->founded_year)
		strbuf_addf(&sb, "%sfounded_year", sb.len ? "," : "");
	if (a->is_prestart != b->is_prestart)
		strbuf_addf(&sb, "%sis_prestart", sb.len ? "," : "");
	return strbuf_detach(&sb);
}

/* Runs fn inside a transaction with the audit entry; rolls back on failure. */
static enum kp_status commit_or_fail(struct session *s, bool ok, const char *what)
{
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, what);
	}
	if (!db_commit(s->db))
		return session_db_fail(s, what);
	return KP_OK;
}

enum kp_status company_create(struct session *s, struct company *c, char **existing_id)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	struct company other = { 0 };
	enum kp_status st;

	if (existing_id)
		*existing_id = NULL;
	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK)
		return st;
	if ((st = company_validate(s, c)) != KP_OK)
		return st;
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	if (c->cvr) {
		int found = company_store_find_cvr(s->db, c->cvr, &other);
		if (found != 0) {
			db_rollback(s->db);
			if (found < 0)
				return session_db_fail(s, _("cannot read companies"));
			if (existing_id)
				*existing_id = xstrdup(other.id);
			session_fail(s, KP_ERR_DUPLICATE, _("CVR %s is already registered: %s"),
				     c->cvr, other.name);
			company_finish(&other);
			return KP_ERR_DUPLICATE;
		}
	}
	uuid_generate(id);
	clock_timestamp(now);
	free(c->id);
	free(c->created_at);
	free(c->created_by);
	c->id = xstrdup(id);
	c->created_at = xstrdup(now);
	c->created_by = xstrdup(s->user.id);
	bool ok = company_store_insert(s->db, c) &&
		  audit_record(s, "company.create", "company", id, "cvr=%s", c->cvr ? c->cvr : "-");
	return commit_or_fail(s, ok, _("cannot save company"));
}

enum kp_status company_update(struct session *s, struct company *c)
{
	struct company old = { 0 };
	enum kp_status st;
	int found;

	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK)
		return st;
	found = company_store_get(s->db, c->id ? c->id : "", &old);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read companies"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such company"));
	/* fixed once registered: a CVR or P-number that is set cannot change */
	if ((old.cvr && (!c->cvr || strcmp(old.cvr, c->cvr) != 0)) ||
	    (old.pnumber && (!c->pnumber || strcmp(old.pnumber, c->pnumber) != 0))) {
		company_finish(&old);
		return session_fail(s, KP_ERR_STATE,
				    _("the CVR and P-number of a registered company cannot be changed"));
	}
	if (old.cvr)
		c->is_prestart = false;
	if ((st = company_validate(s, c)) != KP_OK) {
		company_finish(&old);
		return st;
	}
	if (!old.cvr && c->cvr) {
		/* a pre-start person who got a CVR: still one company per CVR */
		struct company other = { 0 };
		int dup = company_store_find_cvr(s->db, c->cvr, &other);
		company_finish(&other);
		if (dup != 0) {
			company_finish(&old);
			return dup < 0 ? session_db_fail(s, _("cannot read companies"))
				       : session_fail(s, KP_ERR_DUPLICATE, _("CVR %s is already registered"),
						      c->cvr);
		}
	}
	char *fields = changed_fields(&old, c);
	company_finish(&old);
	if (!*fields) {
		free(fields);
		return KP_OK;   /* nothing changed: no write, no audit entry */
	}
	if (!db_begin(s->db)) {
		free(fields);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	bool ok = company_store_update(s->db, c) &&
		  audit_record(s, "company.update", "company", c->id, "fields=%s", fields);
	free(fields);
	return commit_or_fail(s, ok, _("cannot save company"));
}

enum kp_status company_get(struct session *s, const char *id, struct company *out)
{
	enum kp_status st = access_require(s, ACT_COMPANY_READ);
	int found;

	if (st != KP_OK)
		return st;
	found = company_store_get(s->db, id ? id : "", out);
	if (found < 0)
		return session_db_fail(s, _("cannot read companies"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no such company"));
	/* every look-up is in the audit trail (right of access: who looked) */
	if (!audit_record(s, "company.read", "company", out->id, NULL)) {
		company_finish(out);
		return KP_ERR_DB;
	}
	return KP_OK;
}

enum kp_status company_find_cvr(struct session *s, const char *cvr, struct company *out)
{
	enum kp_status st = access_require(s, ACT_COMPANY_READ);
	char digits[9];
	int found;

	if (st != KP_OK)
		return st;
	if (cvr_check(cvr, digits) != CVR_OK)
		return session_fail(s, KP_ERR_INVALID, "%s", cvr_problem_message(cvr_check(cvr, NULL)));
	found = company_store_find_cvr(s->db, digits, out);
	if (found < 0)
		return session_db_fail(s, _("cannot read companies"));
	if (!found)
		return session_fail(s, KP_ERR_NOT_FOUND, _("no company with CVR %s"), digits);
	return KP_OK;
}

/* Folds a name for likeness: lower case, letters and digits only, a
 * trailing legal form (A/S, ApS, I/S, IVS, P/S, K/S, A.m.b.a.) dropped.
 * Caller frees. */
static char *likeness_key(const char *name)
{
	static const char *const suffixes[] = { "as", "aps", "is", "ivs", "ps", "ks", "amba", "fmba", NULL };
	size_t len = strlen(name);
	char *words = xmalloc(len + 2);
	char *key = xmalloc(len + 1);
	size_t n = 0;

	/* "/" and "." join letters (A/S -> as); other punctuation separates */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '/' || *p == '.')
			continue;
		words[n++] = isalnum(*p) ? (char)tolower(*p) : *p >= 0x80 ? (char)*p : ' ';
	}
	words[n] = '\0';
	text_trim(words);
	char *last = strrchr(words, ' ');
	if (last) {
		for (int k = 0; suffixes[k]; k++)
			if (strcmp(last + 1, suffixes[k]) == 0)
				*last = '\0';
	}
	n = 0;
	for (const char *r = words; *r; r++)
		if (*r != ' ')
			key[n++] = *r;
	key[n] = '\0';
	free(words);
	return key;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

int company_similar(struct session *s, const char *name, const char *except_id,
		    struct company_hit **out)
{
	char prefix[16];
	struct company_hit *cand;
	char *key = likeness_key(name ? name : "");
	size_t i = 0;
	int n, k = 0;

	*out = NULL;
	if (strlen(key) < 3 || !s->logged_in) {
		free(key);
		return 0;
	}
	/* candidates share the first three characters of the folded name */
	while (name[i] == ' ')
		i++;
	snprintf(prefix, sizeof prefix, "%.3s", name + i);
	n = company_store_similar(s->db, prefix, 400, &cand);
	for (int j = 0; j < n; j++) {
		char *other = likeness_key(cand[j].name);
		size_t len = strlen(key) > strlen(other) ? strlen(key) : strlen(other);
		bool like = strcmp(other, key) == 0 || (len >= 6 && edit_distance(other, key) <= 2);
		free(other);
		if (like && !(except_id && strcmp(except_id, cand[j].id) == 0)) {
			struct company_hit tmp = cand[k];
			cand[k++] = cand[j];
			cand[j] = tmp;
		}
	}
	free(key);
	if (n < 0)
		return 0;
	for (int j = k; j < n; j++) {
		free(cand[j].id);
		free(cand[j].cvr);
		free(cand[j].name);
		free(cand[j].town);
		free(cand[j].contacts);
	}
	*out = cand;
	return k;
}

enum kp_status company_search(struct session *s, const char *query, int limit, int offset,
			      struct company_hit **out, int *n)
{
	enum kp_status st = access_require(s, ACT_COMPANY_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = company_store_search(s->db, query ? query : "", limit, offset, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("search failed"));
	}
	/* every search is in the audit trail with its text, which may name a
	 * person: the text is kept encrypted under a key of its own, which
	 * erasure of that person destroys (src/audit.h); typing is noted and
	 * written once, with the final text (audit_note_search) */
	if (offset == 0)
		audit_note_search(s, query, *n);
	return KP_OK;
}

static enum kp_status validate_contact(struct session *s, struct contact *c)
{
	enum kp_status st;

	if (!*trim_field(&c->name))
		return session_fail(s, KP_ERR_INVALID, _("contact name is required"));
	if ((st = check_text(s, N_("contact name"), c->name, 120)) != KP_OK ||
	    (st = check_text(s, N_("role"), trim_field(&c->role), 120)) != KP_OK ||
	    (st = check_text(s, N_("e-mail"), trim_field(&c->email), 200)) != KP_OK ||
	    (st = check_text(s, N_("phone"), trim_field(&c->phone), 40)) != KP_OK)
		return st;
	if (*c->email && (!strchr(c->email, '@') || strchr(c->email, ' ') ||
			  strchr(c->email, '@') == c->email || !strchr(strchr(c->email, '@'), '.')))
		return session_fail(s, KP_ERR_INVALID, _("e-mail address %s is not valid"), c->email);
	if (*c->phone && strspn(c->phone, "+0123456789 -()") != strlen(c->phone))
		return session_fail(s, KP_ERR_INVALID, _("phone number may contain digits, spaces and + only"));
	return KP_OK;
}

enum kp_status contact_add(struct session *s, struct contact *c)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	struct company co = { 0 };
	enum kp_status st;

	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK)
		return st;
	if ((st = validate_contact(s, c)) != KP_OK)
		return st;
	int found = company_store_get(s->db, c->company_id ? c->company_id : "", &co);
	company_finish(&co);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read companies"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such company"));
	uuid_generate(id);
	clock_timestamp(now);
	free(c->id);
	free(c->created_at);
	c->id = xstrdup(id);
	c->created_at = xstrdup(now);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = contact_store_insert(s->db, c) &&
		  audit_record(s, "contact.create", "contact", id, "company=%s", c->company_id);
	return commit_or_fail(s, ok, _("cannot save contact"));
}

enum kp_status contact_update(struct session *s, struct contact *c)
{
	struct contact old = { 0 };
	enum kp_status st;

	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK)
		return st;
	if ((st = validate_contact(s, c)) != KP_OK)
		return st;
	int found = contact_store_get(s->db, c->id ? c->id : "", &old);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read contacts"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such contact"));
	char fields[64];
	snprintf(fields, sizeof fields, "%s%s%s%s", differs(old.name, c->name) ? "name," : "",
		 differs(old.role, c->role) ? "role," : "", differs(old.email, c->email) ? "email," : "",
		 differs(old.phone, c->phone) ? "phone," : "");
	contact_finish(&old);
	if (!*fields)
		return KP_OK;
	fields[strlen(fields) - 1] = '\0';
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = contact_store_update(s->db, c) &&
		  audit_record(s, "contact.update", "contact", c->id, "fields=%s", fields);
	return commit_or_fail(s, ok, _("cannot save contact"));
}

enum kp_status contact_remove(struct session *s, const char *id)
{
	enum kp_status st = access_require(s, ACT_COMPANY_WRITE);

	if (st != KP_OK)
		return st;
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = contact_store_delete(s->db, id) &&
		  audit_record(s, "contact.delete", "contact", id, NULL);
	return commit_or_fail(s, ok, _("cannot remove contact"));
}

enum kp_status contact_list(struct session *s, const char *company_id,
			    struct contact **out, int *n)
{
	enum kp_status st = access_require(s, ACT_COMPANY_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = contact_store_list(s->db, company_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read contacts"));
	}
	if (!audit_record(s, "contact.read", "company", company_id, "contacts=%d", *n)) {
		contact_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return KP_ERR_DB;
	}
	return KP_OK;
}

char *consent_text_version(struct session *s)
{
	char *v = db_setting_get(s->db, "consent_text_version");

	if (v && *v)
		return v;
	free(v);
	return xstrdup("1");
}

bool company_consent_allows(const struct company *c, const char *scope)
{
	if (!c->consent_given || !*c->consent_given || (c->consent_withdrawn && *c->consent_withdrawn))
		return false;
	return scope_has(c->consent_scope, scope);
}

enum kp_status company_consent_history(struct session *s, const char *id,
				       struct consent_event **out, int *n)
{
	enum kp_status st = access_require(s, ACT_COMPANY_READ);

	*out = NULL;
	*n = 0;
	if (st != KP_OK)
		return st;
	*n = gdpr_store_consent_list(s->db, id ? id : "", out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the consent history"));
	}
	return KP_OK;
}

static enum kp_status set_consent(struct session *s, const char *id, const char *scope, bool give)
{
	struct company c = { 0 };
	char today[CLOCK_DATE_LEN];
	enum kp_status st = company_get(s, id, &c);

	if (st != KP_OK)
		return st;
	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK) {
		company_finish(&c);
		return st;
	}
	clock_today(today);
	if (give) {
		char *bad, *canon = scope_canonical(scope, &bad);

		if (!canon) {
			st = session_fail(s, KP_ERR_INVALID,
					  _("\"%s\" is not a consent scope (sharing, newsletter)"), bad);
			free(bad);
			company_finish(&c);
			return st;
		}
		if (!*canon) {
			free(canon);
			company_finish(&c);
			return session_fail(s, KP_ERR_INVALID, _("say what the consent covers"));
		}
		free(c.consent_given);
		free(c.consent_scope);
		free(c.consent_withdrawn);
		c.consent_given = xstrdup(today);
		c.consent_scope = canon;
		c.consent_withdrawn = NULL;
	} else {
		if (!c.consent_given || c.consent_withdrawn) {
			company_finish(&c);
			return session_fail(s, KP_ERR_STATE, _("there is no consent to withdraw"));
		}
		c.consent_withdrawn = xstrdup(today);
	}
	if (!db_begin(s->db)) {
		company_finish(&c);
		return session_db_fail(s, _("cannot start a transaction"));
	}
	/* the history: who, when, scope and the version of the consent text */
	char eid[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	char *version = consent_text_version(s);
	uuid_generate(eid);
	clock_timestamp(now);
	struct consent_event ev = { .id = eid, .company_id = c.id, .kind = give ? "given" : "withdrawn",
				    .scope = c.consent_scope, .text_version = version, .at = now,
				    .user_id = s->user.id };
	bool ok = company_store_update(s->db, &c) && gdpr_store_consent_insert(s->db, &ev) &&
		  audit_record(s, give ? "consent.give" : "consent.withdraw", "company", id,
			       "scope=%s text=%s", c.consent_scope, version);
	free(version);
	company_finish(&c);
	return commit_or_fail(s, ok, _("cannot save consent"));
}

enum kp_status company_consent_give(struct session *s, const char *id, const char *scope)
{
	return set_consent(s, id, scope, true);
}

enum kp_status company_consent_withdraw(struct session *s, const char *id)
{
	return set_consent(s, id, NULL, false);
}
