/* Company import: one pass over the rows inside one transaction. Each row
 * is checked field by field (so a problem names its column), then by
 * company_validate (the rules every entry obeys), matched on CVR and
 * written. Bad rows are counted; at the end the transaction is committed
 * only if the run was not a dry run and either no row was bad or skip_bad
 * was given. New companies are staged in temporary tables and moved into
 * company with one statement (import_store_stage_*), their batch items
 * with them, and one audit entry records the batch: row-by-row inserts
 * made the full-text index flush at every statement. Changes to existing
 * companies are written and audited one by one, each in a savepoint. */
#include "src/import.h"
#include "src/import_internal.h"
#include "db/db.h"
#include "db/company_store.h"
#include "db/import_store.h"
#include "db/ref_store.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/clock.h"
#include "src/company.h"
#include "src/csv.h"
#include "src/cvr.h"
#include "src/i18n.h"
#include "src/refdata.h"
#include "src/session.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Header names are compared after import_normalise_header. */
static const struct {
	const char *key;
	const char *label;
	const char *aliases;
} field_defs[IMPORT_FIELD_COUNT] = {
	[IMPORT_CVR] = { "cvr", N_("CVR number"),
		"cvr,cvrnr,cvrnummer,cvrno,cvrnumber,virksomhedscvr,senr,vatnumber" },
	[IMPORT_PNUMBER] = { "pnumber", N_("P-number"),
		"pnr,pnummer,pnumber,pno,produktionsenhed,productionunit" },
	[IMPORT_NAME] = { "name", N_("name"),
		"navn,firmanavn,virksomhedsnavn,virksomhed,firma,name,companyname,company,"
		"businessname" },
	[IMPORT_ADDRESS] = { "address", N_("address"),
		"adresse,vejadresse,gadeadresse,vej,address,street,streetaddress" },
	[IMPORT_POSTCODE] = { "postcode", N_("postcode"),
		"postnr,postnummer,postcode,postalcode,zip,zipcode" },
	[IMPORT_TOWN] = { "town", N_("town"), "by,postdistrikt,bynavn,town,city" },
	[IMPORT_MUNICIPALITY] = { "municipality", N_("municipality"),
		"kommune,kommunekode,kommunenr,kommunenavn,municipality,municipalitycode" },
	[IMPORT_INDUSTRY] = { "industry", N_("industry code"),
		"branchekode,branche,db07,db07kode,hovedbranche,industrycode,industry,nace" },
	[IMPORT_SIZE] = { "size", N_("size class"),
		"størrelse,størrelsesklasse,ansatte,antalansatte,medarbejdere,antalmedarbejdere,"
		"sizeclass,size,employees" },
	[IMPORT_FOUNDED] = { "founded", N_("founding year"),
		"stiftet,stiftelsesår,stiftelsesdato,etableret,etableringsår,startdato,founded,"
		"foundingyear,yearfounded" },
	[IMPORT_TARGET_GROUP] = { "target_group", N_("target group"), "målgruppe,targetgroup" },
	[IMPORT_GROWTH] = { "growth", N_("growth ambition"),
		"vækstambition,vækstambitioner,growthambition,growth" },
	[IMPORT_CONTACT] = { "contact", N_("contact person"),
		"kontaktperson,kontakt,kontaktnavn,contact,contactperson,contactname" },
	[IMPORT_ROLE] = { "role", N_("contact's role"),
		"stilling,titel,rolle,role,title,position,jobtitle" },
	[IMPORT_EMAIL] = { "email", N_("e-mail"), "email,mail,emailadresse,epost" },
	[IMPORT_PHONE] = { "phone", N_("phone"),
		"telefon,tlf,tlfnr,telefonnummer,telefonnr,mobil,phone,telephone,phonenumber" },
};

/* Longest value accepted per field, in characters (as the entry forms). */
static const int field_max[IMPORT_FIELD_COUNT] = {
	[IMPORT_CVR] = 20, [IMPORT_PNUMBER] = 20, [IMPORT_NAME] = 200, [IMPORT_ADDRESS] = 200,
	[IMPORT_POSTCODE] = 10, [IMPORT_TOWN] = 60, [IMPORT_MUNICIPALITY] = 60,
	[IMPORT_INDUSTRY] = 10, [IMPORT_SIZE] = 20, [IMPORT_FOUNDED] = 20,
	[IMPORT_TARGET_GROUP] = 60, [IMPORT_GROWTH] = 40, [IMPORT_CONTACT] = 120,
	[IMPORT_ROLE] = 120, [IMPORT_EMAIL] = 200, [IMPORT_PHONE] = 40,
};

const char *import_field_key(enum import_field f)
{
	return field_defs[f].key;
}

const char *import_field_label(enum import_field f)
{
	return _(field_defs[f].label);
}

const char *import_field_aliases(enum import_field f)
{
	return field_defs[f].aliases;
}

/* Lower-cases ASCII and Æ Ø Å É, and drops spaces and punctuation, so
 * "CVR-nr." and "cvr nr" both give "cvrnr". Caller frees. */
char *import_normalise(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (strchr(" .-_/:#()'\"\t", *p))
			continue;
		if (p[0] == 0xc3 && (p[1] == 0x86 || p[1] == 0x98 || p[1] == 0x85 || p[1] == 0x89)) {
			strbuf_addch(&sb, (char)0xc3);
			strbuf_addch(&sb, (char)(p[1] + 0x20));
			p++;
			continue;
		}
		strbuf_addch(&sb, (char)tolower(*p));
	}
	return strbuf_detach(&sb);
}

bool import_alias_match(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && memcmp(p, name, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

void import_result_init(struct import_result *r)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < IMPORT_FIELD_COUNT; i++)
		r->column_of[i] = -1;
	strbuf_init(&r->rejects);
}

void import_result_finish(struct import_result *r)
{
	for (int i = 0; i < r->ncolumns; i++)
		free(r->header[i]);
	free(r->header);
	free(r->column_label);
	for (int i = 0; i < r->nproblems; i++)
		free(r->problems[i].message);
	free(r->problems);
	for (int i = 0; i < r->ndisagreements; i++) {
		free(r->disagreements[i].cvr);
		free(r->disagreements[i].db_value);
		free(r->disagreements[i].file_value);
	}
	free(r->disagreements);
	for (int i = 0; i < r->npreview; i++)
		for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
			free(r->preview[i].values[f]);
	free(r->preview);
	strbuf_finish(&r->rejects);
	import_result_init(r);
}

/* Records a problem; the message is prefixed with the line and column. */
void import_problem_add(struct import_result *r, long line, int column, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->nproblems >= IMPORT_MAX_PROBLEMS)
		return;
	if (line > 0 && column > 0 && column <= r->ncolumns)
		strbuf_addf(&sb, _("line %ld, column %d (%s): "), line, column,
			    r->header[column - 1]);
	else if (line > 0)
		strbuf_addf(&sb, _("line %ld: "), line);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->problems = xrealloc(r->problems, (size_t)(r->nproblems + 1) * sizeof *r->problems);
	r->problems[r->nproblems++] = (struct import_problem){ line, column, strbuf_detach(&sb) };
}

/* ---- the file: charset, delimiter, header, mapping ---- */

enum kp_status import_fail_file(struct session *s, struct import_result *r, const char *msg)
{
	import_problem_add(r, 0, 0, "%s", msg);
	return session_fail(s, KP_ERR_INVALID, "%s", msg);
}

enum kp_status import_decode(struct session *s, const char *data, size_t len,
			     const struct import_options *opt, struct import_result *r,
			     struct strbuf *text)
{
	struct charset_report rep;

	if (opt->encoding && *opt->encoding) {
		if (!charset_parse(opt->encoding, &r->charset))
			return import_fail_file(s, r, _("unknown encoding; use utf-8, cp1252, iso-8859-1 or "
						 "iso-8859-15"));
	} else {
		r->charset = charset_detect(data, len);
		r->charset_detected = true;
	}
	if (!charset_decode(r->charset, data, len, text, &rep))
		return import_fail_file(s, r, rep.error);
	return KP_OK;
}

/* Finds the column for FIELD=COLUMN: a header name or a 1-based number. */
static int find_column(const struct import_result *r, const char *col)
{
	char *want = import_normalise(col);
	int found = -1;
	char *end;
	long num = strtol(col, &end, 10);

	if (*col && !*end && num >= 1 && num <= r->ncolumns)
		found = (int)num - 1;
	for (int i = 0; found < 0 && i < r->ncolumns; i++) {
		char *h = import_normalise(r->header[i]);

		if (strcmp(h, want) == 0)
			found = i;
		free(h);
	}
	free(want);
	return found;
}

static enum kp_status apply_map(struct session *s, struct import_result *r, const char *map)
{
	char *copy = xstrdup(map), *save = NULL;
	enum kp_status st = KP_OK;

	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int f;

		if (!eq) {
			st = session_fail(s, KP_ERR_INVALID, _("--map takes FIELD=COLUMN, not %s"), item);
			break;
		}
		*eq = '\0';
		text_trim(item);
		for (f = 0; f < IMPORT_FIELD_COUNT; f++)
			if (strcmp(item, field_defs[f].key) == 0)
				break;
		if (f == IMPORT_FIELD_COUNT) {
			st = session_fail(s, KP_ERR_INVALID, _("unknown field %s in --map"), item);
			break;
		}
		char *col = text_trim(eq + 1);
		int c = *col ? find_column(r, col) : -2;
		if (c == -1) {
			st = session_fail(s, KP_ERR_INVALID, _("no column %s in the file"), col);
			break;
		}
		for (int g = 0; g < IMPORT_FIELD_COUNT && c >= 0; g++)
			if (r->column_of[g] == c)
				r->column_of[g] = -1;     /* a column feeds one field */
		r->column_of[f] = c >= 0 ? c : -1;      /* "FIELD=" unmaps */
	}
	free(copy);
	if (st != KP_OK)
		import_problem_add(r, 0, 0, "%s", session_message(s));
	return st;
}

static void map_header(struct import_result *r)
{
	for (int i = 0; i < r->ncolumns; i++) {
		char *h = import_normalise(r->header[i]);

		for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
			if (r->column_of[f] < 0 && import_alias_match(field_defs[f].aliases, h)) {
				r->column_of[f] = i;
				break;
			}
		free(h);
	}
}

/* ---- one row ---- */

struct row {
	long line;
	char *v[IMPORT_FIELD_COUNT];      /* trimmed values, NULL when unmapped */
	bool bad;
};

struct ctx {
	struct session *s;
	const struct import_options *opt;
	struct import_result *r;
	struct csv_reader *rd;
	struct ref_item *munis, *groups;
	int nmunis, ngroups;
	struct import_batch batch;
	char stamp[CLOCK_TIME_LEN];
	unsigned char *staged;        /* bit per CVR staged but not yet flushed */
	unsigned char *known;         /* bit per CVR in the database (a hint) */
	long nstaged;
};

static void row_free(struct row *w)
{
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
		free(w->v[f]);
}

static void row_problem(struct ctx *x, struct row *w, int f, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void row_problem(struct ctx *x, struct row *w, int f, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	import_problem_add(x->r, w->line, f >= 0 ? x->r->column_of[f] + 1 : 0, "%s", msg ? msg : "?");
	free(msg);
	w->bad = true;
}

/* The employee count or class as one of company_size_classes. */
static const char *size_class_of(const char *v)
{
	char *end;
	long n;

	for (int i = 1; company_size_classes[i]; i++)
		if (strcmp(v, company_size_classes[i]) == 0)
			return company_size_classes[i];
	if (strcmp(v, "10\xe2\x80\x93" "49") == 0)   /* with an en dash */
		return "10-49";
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 0)
		return NULL;
	return n == 0 ? "0" : n < 10 ? "1-9" : n < 50 ? "10-49" : n < 250 ? "50-249" : "250+";
}

static const char *growth_of(const char *v)
{
	static const char *const names[][2] = {
		{ "none", "none" }, { "ingen", "none" }, { "moderate", "moderate" },
		{ "moderat", "moderate" }, { "high", "high" }, { "høj", "high" }, { "hoej", "high" },
	};
	char *n = import_normalise(v);
	const char *out = NULL;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(n, names[i][0]) == 0)
			out = names[i][1];
	free(n);
	return out;
}

/* The year of "2015", "2015-03-01", "01-03-2015", "1.3.2015"; 0 if none. */
static int year_of(const char *v)
{
	size_t n = strlen(v);

	if (n >= 4 && isdigit((unsigned char)v[0]) && isdigit((unsigned char)v[1]) &&
	    isdigit((unsigned char)v[2]) && isdigit((unsigned char)v[3]) &&
	    (n == 4 || v[4] == '-'))
		return atoi(v);
	if (n >= 6 && strspn(v + n - 4, "0123456789") == 4 && strchr("-./", v[n - 5]))
		return atoi(v + n - 4);
	return 0;
}

static const char *ref_key(struct ref_item *items, int n, const char *v)
{
	char *want = import_normalise(v);
	const char *out = NULL;

	for (int i = 0; i < n && !out; i++) {
		char *da = import_normalise(items[i].label_da), *en = import_normalise(items[i].label_en);

		if (strcmp(items[i].key, v) == 0 || strcmp(da, want) == 0 || strcmp(en, want) == 0)
			out = items[i].key;
		free(da);
		free(en);
	}
	free(want);
	return out;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Checks that apply to every text value: no controls, not too long. */
static void check_texts(struct ctx *x, struct row *w)
{
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		const char *v = w->v[f];

		if (!v)
			continue;
		if (text_has_control(v, false))
			row_problem(x, w, f, _("%s contains control characters"),
				    import_field_label(f));
		else if (chars(v) > (size_t)field_max[f])
			row_problem(x, w, f, _("%s is longer than %d characters"),
				    import_field_label(f), field_max[f]);
	}
}

static bool has(const struct row *w, int f)
{
	return w->v[f] && *w->v[f];
}

/* Turns the row into a company (not yet validated); false if a field
 * cannot be read at all (the problem is recorded). Without is a field left
 * out, to find which one company_validate objects to. */
static bool row_company(struct ctx *x, struct row *w, struct company *c, int without,
			bool report)
{
	memset(c, 0, sizeof *c);
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		const char *v = f == without ? NULL : w->v[f];

		if (!v || !*v)
			continue;
		switch (f) {
		case IMPORT_CVR: c->cvr = xstrdup(v); break;
		case IMPORT_PNUMBER: c->pnumber = xstrdup(v); break;
		case IMPORT_NAME: c->name = xstrdup(v); break;
		case IMPORT_ADDRESS: c->address = xstrdup(v); break;
		case IMPORT_POSTCODE: c->postcode = xstrdup(v); break;
		case IMPORT_TOWN: c->town = xstrdup(v); break;
		case IMPORT_INDUSTRY: c->industry_code = xstrdup(v); break;
		case IMPORT_MUNICIPALITY: {
			const char *key = strspn(v, "0123456789") == strlen(v)
						  ? v : ref_key(x->munis, x->nmunis, v);
			if (key)
				c->municipality_code = atoi(key);
			else if (report)
				row_problem(x, w, f, _("unknown municipality %s"), v);
			break;
		}
		case IMPORT_SIZE: {
			const char *k = size_class_of(v);
			if (k)
				c->size_class = xstrdup(k);
			else if (report)
				row_problem(x, w, f, _("size class %s is not a number of employees or "
						       "one of 0, 1-9, 10-49, 50-249, 250+"), v);
			break;
		}
		case IMPORT_FOUNDED:
			c->founded_year = year_of(v);
			if (!c->founded_year && report)
				row_problem(x, w, f, _("founding year %s is not a year"), v);
			break;
		case IMPORT_TARGET_GROUP: {
			const char *k = ref_key(x->groups, x->ngroups, v);
			if (k)
				c->target_group = xstrdup(k);
			else if (report)
				row_problem(x, w, f, _("unknown target group %s"), v);
			break;
		}
		case IMPORT_GROWTH: {
			const char *k = growth_of(v);
			if (k)
				c->growth_ambition = xstrdup(k);
			else if (report)
				row_problem(x, w, f, _("growth ambition %s is not none, moderate or high"),
					    v);
			break;
		}
		default:
			break;
		}
	}
	return !w->bad;
}

static void check_contact(struct ctx *x, struct row *w)
{
	const char *e = w->v[IMPORT_EMAIL], *p = w->v[IMPORT_PHONE];

	if (!has(w, IMPORT_CONTACT))
		return;   /* details without a person are not stored */
	if (e && *e) {
		const char *at = strchr(e, '@');

		if (!at || at == e || strchr(e, ' ') || !strchr(at, '.'))
			row_problem(x, w, IMPORT_EMAIL, _("e-mail address %s is not valid"), e);
	}
	if (p && *p && strspn(p, "+0123456789 -()") != strlen(p))
		row_problem(x, w, IMPORT_PHONE, _("phone number may contain digits, spaces and + only"));
}

/* Validates the row; on success c holds the normalised company. */
static bool validate_row(struct ctx *x, struct row *w, struct company *c)
{
	enum cvr_problem cp;

	check_texts(x, w);
	if (!has(w, IMPORT_CVR))
		row_problem(x, w, IMPORT_CVR, _("CVR number is missing"));
	else if ((cp = cvr_check(w->v[IMPORT_CVR], NULL)) != CVR_OK)
		row_problem(x, w, IMPORT_CVR, "%s: %s", cvr_problem_message(cp), w->v[IMPORT_CVR]);
	if (!has(w, IMPORT_NAME))
		row_problem(x, w, IMPORT_NAME, _("company name is missing"));
	check_contact(x, w);
	if (w->bad)
		return false;
	if (!row_company(x, w, c, -1, true)) {
		company_finish(c);
		return false;
	}
	if (company_validate(x->s, c) == KP_OK)
		return true;
	/* which column? the first whose absence makes the row valid */
	char *msg = xstrdup(session_message(x->s));
	int culprit = -1;
	for (int f = 0; f < IMPORT_FIELD_COUNT && culprit < 0; f++) {
		struct company t;

		if (!has(w, f) || f == IMPORT_CVR || f == IMPORT_NAME)
			continue;
		row_company(x, w, &t, f, false);
		if (company_validate(x->s, &t) == KP_OK)
			culprit = f;
		company_finish(&t);
	}
	row_problem(x, w, culprit, "%s", msg);
	free(msg);
	company_finish(c);
	return false;
}

/* ---- writing ---- */

static bool add_item(struct ctx *x, const char *tbl, const char *row_id, const char *action,
		     const char *field, const char *old_value, const char *new_value)
{
	char id[UUID_STR_LEN];

	uuid_generate(id);
	struct import_item it = {
		.id = id, .batch_id = x->batch.id, .tbl = (char *)tbl, .row_id = (char *)row_id,
		.action = (char *)action, .field = (char *)field, .old_value = (char *)old_value,
		.new_value = (char *)new_value,
	};
	return import_store_item_insert(x->s->db, &it);
}

/* The id of the contact an import creates together with a company: the
 * company's id with its last twelve hex digits inverted (still a UUIDv7 of
 * the same moment; one a random id does not meet). A revert knows the
 * batch's own contact of a company it created by it, without a marker on
 * the contact row (a column there would be one more synced field on every
 * contact) or an import_item row per contact. */
static void import_contact_id(const char *company_id, char out[UUID_STR_LEN])
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(company_id);

	snprintf(out, UUID_STR_LEN, "%s", company_id);
	for (size_t i = n > 12 ? n - 12 : 0; i < n; i++) {
		const char *d = strchr(hex, tolower((unsigned char)out[i]));

		if (d && *d)
			out[i] = hex[15 - (d - hex)];
	}
}

/* A contact the row names: created with its company (staged: the id
 * derived from the company's), or added to a company found by CVR (an
 * import_item records it). */
static bool add_contact(struct ctx *x, struct row *w, const char *company_id, bool staged)
{
	char id[UUID_STR_LEN];

	if (staged)
		import_contact_id(company_id, id);
	else
		uuid_generate(id);
	struct contact k = {
		.id = id, .company_id = (char *)company_id, .name = w->v[IMPORT_CONTACT],
		.role = w->v[IMPORT_ROLE] ? w->v[IMPORT_ROLE] : (char *)"",
		.email = w->v[IMPORT_EMAIL] ? w->v[IMPORT_EMAIL] : (char *)"",
		.phone = w->v[IMPORT_PHONE] ? w->v[IMPORT_PHONE] : (char *)"",
		.created_at = x->stamp,
	};
	if (staged)
		return import_store_stage_contact(x->s->db, &k);
	return contact_store_insert(x->s->db, &k) &&
	       add_item(x, "contact", id, "created", "", NULL, k.name);
}

static bool create_company(struct ctx *x, struct row *w, struct company *c)
{
	char id[UUID_STR_LEN];

	uuid_generate(id);
	free(c->id);
	c->id = xstrdup(id);
	c->created_at = xstrdup(x->stamp);
	c->created_by = xstrdup(x->s->user.id);
	if (!import_store_stage_company(x->s->db, c, x->batch.id,
					has(w, IMPORT_CONTACT) ? w->v[IMPORT_CONTACT] : NULL))
		return false;
	if (has(w, IMPORT_CONTACT) && !add_contact(x, w, id, true))
		return false;
	long n = atol(c->cvr);
	x->staged[n / 8] |= (unsigned char)(1u << (n % 8));
	x->nstaged++;
	x->r->created++;
	return true;
}

/* The company fields an import can set, as text, and their setters. */
static const int merge_fields[] = {
	IMPORT_PNUMBER, IMPORT_NAME, IMPORT_ADDRESS, IMPORT_POSTCODE, IMPORT_TOWN,
	IMPORT_MUNICIPALITY, IMPORT_INDUSTRY, IMPORT_SIZE, IMPORT_FOUNDED, IMPORT_TARGET_GROUP,
	IMPORT_GROWTH,
};

static char **field_slot(struct company *c, int f)
{
	switch (f) {
	case IMPORT_PNUMBER: return &c->pnumber;
	case IMPORT_NAME: return &c->name;
	case IMPORT_ADDRESS: return &c->address;
	case IMPORT_POSTCODE: return &c->postcode;
	case IMPORT_TOWN: return &c->town;
	case IMPORT_INDUSTRY: return &c->industry_code;
	case IMPORT_SIZE: return &c->size_class;
	case IMPORT_TARGET_GROUP: return &c->target_group;
	case IMPORT_GROWTH: return &c->growth_ambition;
	default: return NULL;
	}
}

/* The field as text: "" when empty. Caller frees. */
static char *field_get(struct company *c, int f)
{
	if (f == IMPORT_MUNICIPALITY)
		return c->municipality_code ? xasprintf("%d", c->municipality_code) : xstrdup("");
	if (f == IMPORT_FOUNDED)
		return c->founded_year ? xasprintf("%d", c->founded_year) : xstrdup("");
	char **slot = field_slot(c, f);
	return xstrdup(slot && *slot ? *slot : "");
}

static void field_set(struct company *c, int f, const char *v)
{
	if (f == IMPORT_MUNICIPALITY) {
		c->municipality_code = atoi(v);
		return;
	}
	if (f == IMPORT_FOUNDED) {
		c->founded_year = atoi(v);
		return;
	}
	char **slot = field_slot(c, f);
	free(*slot);
	*slot = f == IMPORT_PNUMBER && !*v ? NULL : xstrdup(v);
}

static void add_disagreement(struct ctx *x, struct row *w, const char *cvr, int f,
			     const char *db_value, const char *file_value)
{
	struct import_result *r = x->r;

	r->disagreement_count++;
	if (r->ndisagreements >= IMPORT_MAX_PROBLEMS)
		return;
	r->disagreements = xrealloc(r->disagreements,
				    (size_t)(r->ndisagreements + 1) * sizeof *r->disagreements);
	r->disagreements[r->ndisagreements++] = (struct import_disagreement){
		w->line, xstrdup(cvr), (enum import_field)f, xstrdup(db_value), xstrdup(file_value),
	};
}

/* Whether the company already has a contact of this name; fills its empty
 * fields from the row (recorded), or adds the contact. */
static int merge_contact(struct ctx *x, struct row *w, struct company *old)
{
	struct contact *list = NULL;
	int n = contact_store_list(x->s->db, old->id, &list), changed = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcasecmp(list[i].name, w->v[IMPORT_CONTACT]) == 0) {
			contact_list_free(list, n);
			return 0;          /* known: contact details are edited by hand */
		}
	contact_list_free(list, n);
	if (!add_contact(x, w, old->id, false))
		return -1;
	changed = 1;
	return changed;
}

static bool merge_company(struct ctx *x, struct row *w, struct company *c, struct company *old)
{
	struct company upd = { 0 };
	struct strbuf changed = STRBUF_INIT;
	int nchanged = 0;
	bool ok = true;

	/* start from the stored company; set what the file fills or updates */
	company_store_get(x->s->db, old->id, &upd);
	for (size_t i = 0; i < sizeof merge_fields / sizeof merge_fields[0]; i++) {
		int f = merge_fields[i];
		char *dbv = field_get(old, f), *filev = field_get(c, f);
		bool fill = !*dbv && *filev;
		bool differ = *dbv && *filev && strcasecmp(dbv, filev) != 0;

		/* the town the postcode gave is no disagreement when the file has none */
		if (f == IMPORT_TOWN && !has(w, IMPORT_TOWN))
			differ = fill = false;
		if (f == IMPORT_MUNICIPALITY && !has(w, IMPORT_MUNICIPALITY))
			differ = fill = false;
		if (differ)
			add_disagreement(x, w, old->cvr, f, dbv, filev);
		if (fill || (differ && x->opt->update && f != IMPORT_PNUMBER)) {
			field_set(&upd, f, filev);
			ok = ok && add_item(x, "company", old->id, fill ? "filled" : "updated",
					    import_field_key(f), dbv, filev);
			strbuf_addf(&changed, "%s%s", nchanged++ ? "," : "", import_field_key(f));
		}
		free(dbv);
		free(filev);
	}
	if (ok && nchanged > 0) {
		ok = company_validate(x->s, &upd) == KP_OK && company_store_update(x->s->db, &upd) &&
		     audit_record(x->s, "import.company", "company", old->id, "batch=%s fields=%s",
				  x->batch.id, changed.buf);
		if (!ok && session_message(x->s)[0])
			row_problem(x, w, -1, "%s", session_message(x->s));
	}
	int contact = ok && has(w, IMPORT_CONTACT) ? merge_contact(x, w, old) : 0;
	if (contact < 0)
		ok = false;
	if (ok) {
		if (nchanged > 0 || contact > 0)
			x->r->updated++;
		else
			x->r->unchanged++;
	}
	company_finish(&upd);
	strbuf_finish(&changed);
	return ok;
}

/* ---- the run ---- */

static void keep_preview(struct ctx *x, struct row *w, enum import_row_status st)
{
	struct import_result *r = x->r;

	if (r->npreview >= x->opt->preview_rows)
		return;
	r->preview = xrealloc(r->preview, (size_t)(r->npreview + 1) * sizeof *r->preview);
	struct import_preview_row *p = &r->preview[r->npreview++];
	p->line = w->line;
	p->status = st;
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
		p->values[f] = w->v[f] ? xstrdup(w->v[f]) : NULL;
}

static void keep_reject(struct ctx *x, const struct row *w, int first_problem)
{
	struct csv_reader *rd = x->rd;
	struct strbuf *out = &x->r->rejects;
	const char *msg = first_problem < x->r->nproblems ? x->r->problems[first_problem].message
							  : "";

	for (int i = 0; i < rd->nfields; i++) {
		csv_write_field(out, csv_field(rd, i), x->r->delimiter);
		strbuf_addch(out, x->r->delimiter);
	}
	csv_write_field(out, msg, x->r->delimiter);
	strbuf_addstr(out, "\r\n");
	(void)w;
}

static void read_row(struct ctx *x, struct row *w)
{
	memset(w, 0, sizeof *w);
	w->line = x->rd->rec_line;
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		int c = x->r->column_of[f];

		if (c >= 0 && c < x->rd->nfields)
			w->v[f] = text_trim(xstrdup(csv_unneutralise(csv_field(x->rd, c))));
	}
}

static void mark_known(void *ctx, const char *cvr)
{
	unsigned char *known = ctx;
	char *end;
	long n = strtol(cvr, &end, 10);

	if (*end == '\0' && n >= 0 && n < 100000000)
		known[n / 8] |= (unsigned char)(1u << (n % 8));
}

/* Moves the staged companies into the company table (one statement). */
static bool flush(struct ctx *x)
{
	if (x->nstaged == 0)
		return true;
	x->nstaged = 0;
	return import_store_stage_flush(x->s->db);
}

/* One data row: validate, then create or merge. False on a database error. */
static bool import_row(struct ctx *x)
{
	struct row w;
	struct company c = { 0 }, old = { 0 };
	int first = x->r->nproblems;
	bool ok = true;
	enum import_row_status st = IMPORT_ROW_BAD;

	read_row(x, &w);
	x->r->rows++;
	if (validate_row(x, &w, &c)) {
		long cvr = atol(c.cvr);
		bool staged = x->staged[cvr / 8] & (1u << (cvr % 8));
		if (staged && !flush(x))
			ok = false;
		/* a number neither in the database nor staged is new: no query */
		int found = !ok ? -1
			  : (staged || (x->known[cvr / 8] & (1u << (cvr % 8))))
				  ? company_store_find_cvr(x->s->db, c.cvr, &old) : 0;
		long before = x->r->updated;

		if (found < 0) {
			ok = false;
		} else if (found == 0) {
			ok = create_company(x, &w, &c);
			st = IMPORT_ROW_NEW;
		} else if (!db_begin(x->s->db)) {
			ok = false;
		} else {
			/* a savepoint, so a row refused halfway leaves no items behind */
			ok = merge_company(x, &w, &c, &old);
			if (ok && !w.bad)
				ok = db_commit(x->s->db);
			else
				db_rollback(x->s->db);
			st = x->r->updated > before ? IMPORT_ROW_UPDATE : IMPORT_ROW_UNCHANGED;
		}
		if (!ok && !w.bad) {
			session_db_fail(x->s, _("cannot save company"));
		}
	}
	if (w.bad) {
		x->r->rejected++;
		st = IMPORT_ROW_BAD;
		keep_reject(x, &w, first);
		ok = true;   /* a bad row is not a database error */
	}
	keep_preview(x, &w, st);
	company_finish(&c);
	company_finish(&old);
	row_free(&w);
	return ok;
}

static void reject_header(struct ctx *x)
{
	struct strbuf *out = &x->r->rejects;

	for (int i = 0; i < x->r->ncolumns; i++) {
		csv_write_field(out, x->r->header[i], x->r->delimiter);
		strbuf_addch(out, x->r->delimiter);
	}
	csv_write_field(out, _("Error"), x->r->delimiter);
	strbuf_addstr(out, "\r\n");
}

static enum kp_status read_header(struct ctx *x, const char *text, size_t len)
{
	struct import_result *r = x->r;
	int rc = csv_read(x->rd);

	if (rc < 0) {
		char *msg = csv_error_describe(x->rd);
		enum kp_status st = import_fail_file(x->s, r, msg);
		free(msg);
		return st;
	}
	if (rc == 0)
		return import_fail_file(x->s, r, _("the file is empty"));
	r->ncolumns = x->rd->nfields;
	r->header = xcalloc((size_t)r->ncolumns, sizeof *r->header);
	for (int i = 0; i < r->ncolumns; i++)
		r->header[i] = text_trim(xstrdup(csv_field(x->rd, i)));
	x->rd->expect_fields = r->ncolumns;
	map_header(r);
	if (x->opt->map && *x->opt->map && apply_map(x->s, r, x->opt->map) != KP_OK)
		return KP_ERR_INVALID;
	r->column_label = xcalloc((size_t)r->ncolumns, sizeof *r->column_label);
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
		if (r->column_of[f] >= 0)
			r->column_label[r->column_of[f]] = field_defs[f].label;
	if (r->column_of[IMPORT_CVR] < 0)
		return import_fail_file(x->s, r, _("no column for the CVR number: name it CVR or CVR-nr., "
					    "or use --map cvr=COLUMN"));
	if (r->column_of[IMPORT_NAME] < 0)
		return import_fail_file(x->s, r, _("no column for the company name: name it Navn or "
					    "Firmanavn, or use --map name=COLUMN"));
	(void)text;
	(void)len;
	reject_header(x);
	return KP_OK;
}

static bool start_batch(struct ctx *x)
{
	char id[UUID_STR_LEN];
	const char *base = x->opt->file_name ? strrchr(x->opt->file_name, '/') : NULL;

	uuid_generate(id);
	x->batch.id = xstrdup(id);
	x->batch.kind = xstrdup("companies");
	x->batch.file_name = xstrdup(base ? base + 1 : x->opt->file_name ? x->opt->file_name : "");
	x->batch.encoding = xstrdup(charset_name(x->r->charset));
	x->batch.delimiter = xstrdup(x->r->delimiter == '\t' ? "tab"
				     : (char[]){ x->r->delimiter, '\0' });
	x->batch.created_at = xstrdup(x->stamp);
	x->batch.created_by = xstrdup(x->s->user.id);
	return import_store_batch_insert(x->s->db, &x->batch);
}

static bool finish_batch(struct ctx *x)
{
	struct import_result *r = x->r;

	x->batch.created = r->created;
	x->batch.updated = r->updated;
	x->batch.unchanged = r->unchanged;
	x->batch.rejected = r->rejected;
	return import_store_batch_counts(x->s->db, &x->batch) &&
	       audit_record(x->s, "import.companies", "import_batch", x->batch.id,
			    "file=%s encoding=%s created=%ld updated=%ld unchanged=%ld rejected=%ld",
			    x->batch.file_name, x->batch.encoding, r->created, r->updated,
			    r->unchanged, r->rejected);
}

static enum kp_status load_refs(struct ctx *x)
{
	x->nmunis = ref_store_list(x->s->db, REF_MUNICIPALITY, &x->munis);
	x->ngroups = ref_store_list(x->s->db, REF_TARGET_GROUP, &x->groups);
	if (x->nmunis < 0 || x->ngroups < 0)
		return session_db_fail(x->s, _("cannot read reference data"));
	return KP_OK;
}

/* Reads every data row inside the open transaction. */
static enum kp_status run_rows(struct ctx *x)
{
	int rc;

	while ((rc = csv_read(x->rd)) != 0) {
		if (rc < 0 && x->rd->err != CSV_ERR_FIELD_COUNT) {
			char *msg = csv_error_describe(x->rd);
			enum kp_status st = import_fail_file(x->s, x->r, msg);
			free(msg);
			return st;
		}
		if (rc < 0) {
			char *msg = csv_error_describe(x->rd);
			import_problem_add(x->r, 0, 0, "%s", msg);
			free(msg);
			x->r->rows++;
			x->r->rejected++;
			keep_reject(x, NULL, x->r->nproblems - 1);
			continue;
		}
		if (!import_row(x))
			return KP_ERR_DB;
	}
	if (!flush(x))
		return session_db_fail(x->s, _("cannot save company"));
	if (x->r->rows == 0)
		return import_fail_file(x->s, x->r, _("the file has a header but no rows"));
	return KP_OK;
}

enum kp_status import_companies(struct session *s, const char *data, size_t len,
				const struct import_options *opt, struct import_result *res)
{
	struct strbuf text = STRBUF_INIT;
	struct csv_reader rd;
	struct ctx x = { .s = s, .opt = opt, .r = res, .rd = &rd };
	enum kp_status st;
	bool refs = false;

	import_result_init(res);
	csv_reader_init(&rd, "", 0, ';');
	if ((st = access_require(s, ACT_COMPANY_WRITE)) != KP_OK)
		goto out;
	if ((st = import_decode(s, data, len, opt, res, &text)) != KP_OK)
		goto out;
	res->delimiter = opt->delimiter;
	if (!res->delimiter) {
		res->delimiter = csv_detect_delimiter(text.buf ? text.buf : "", text.len);
		res->delimiter_detected = true;
	}
	csv_reader_init(&rd, text.buf ? text.buf : "", text.len, res->delimiter);
	if ((st = read_header(&x, text.buf, text.len)) != KP_OK)
		goto out;
	if ((st = load_refs(&x)) != KP_OK)
		goto out;
	clock_timestamp(x.stamp);
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	/* the reference tables cannot change under our write transaction */
	refs = refdata_cache_begin(s);
	if (!start_batch(&x) || !import_store_stage_begin(s->db)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot record the import"));
		goto out;
	}
	x.staged = xcalloc(100000000 / 8, 1);   /* CVR numbers are 8 digits */
	x.known = xcalloc(100000000 / 8, 1);
	if (import_store_cvrs(s->db, mark_known, x.known) < 0) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot read companies"));
		goto out;
	}
	st = run_rows(&x);
	if (st == KP_OK && res->rejected > 0 && !opt->skip_bad) {
		st = session_fail(s, KP_ERR_INVALID,
				  ngettext("%ld row has problems; nothing was imported (--skip-bad "
					   "imports the others)",
					   "%ld rows have problems; nothing was imported (--skip-bad "
					   "imports the others)", (unsigned long)res->rejected),
				  res->rejected);
	}
	if (st == KP_OK && !finish_batch(&x))
		st = KP_ERR_DB;
	if (refs)
		refdata_cache_end(s);   /* before the transaction ends */
	refs = false;
	if (st != KP_OK || opt->dry_run) {
		db_rollback(s->db);
		goto out;
	}
	if (res->created + res->updated == 0) {
		/* nothing changed: no batch to keep */
		db_rollback(s->db);
		goto out;
	}
	if (!db_commit(s->db)) {
		st = session_db_fail(s, _("cannot save the import"));
		goto out;
	}
	res->written = true;
	snprintf(res->batch_id, sizeof res->batch_id, "%s", x.batch.id);
out:
	if (refs)
		refdata_cache_end(s);
	if (x.staged)
		import_store_stage_end(s->db);
	free(x.staged);
	free(x.known);
	if (st == KP_ERR_INVALID && res->nproblems > 0 && res->rejected == 0)
		session_fail(s, st, "%s", res->problems[0].message);
	ref_list_free(x.munis, x.nmunis > 0 ? x.nmunis : 0);
	ref_list_free(x.groups, x.ngroups > 0 ? x.ngroups : 0);
	import_batch_finish(&x.batch);
	csv_reader_finish(&rd);
	strbuf_finish(&text);
	return st;
}

/* ---- revert ---- */

static void revert_problem(struct import_result *r, struct session *s, const char *id,
			   const char *why)
{
	struct company c = { 0 };

	if (company_store_get(s->db, id, &c) == 1)
		import_problem_add(r, 0, 0, _("%s (CVR %s): %s"), c.name, c.cvr ? c.cvr : "-", why);
	else
		import_problem_add(r, 0, 0, "%s: %s", id, why);
	company_finish(&c);
}

static int field_index(const char *key)
{
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
		if (strcmp(field_defs[f].key, key) == 0)
			return f;
	return -1;
}

/* What a batch did: the companies it created (each with the contact made
 * with it, known by import_contact_id), the contacts its items list as
 * created, and its items (fields filled or updated, evaluations). */
struct revert {
	struct session *s;
	struct import_batch *b;
	struct import_item *items;
	int nitems;
	char **companies, **contacts;
	int ncompanies, ncontacts;
};

static bool revert_read(struct revert *v)
{
	struct db *db = v->s->db;

	v->nitems = import_store_items(db, v->b->id, &v->items);
	v->ncompanies = import_store_created(db, false, v->b->id, &v->companies);
	v->ncontacts = import_store_created(db, true, v->b->id, &v->contacts);
	return v->nitems >= 0 && v->ncompanies >= 0 && v->ncontacts >= 0;
}

static void revert_finish(struct revert *v)
{
	import_item_list_free(v->items, v->nitems > 0 ? v->nitems : 0);
	db_strings_free(v->companies, v->ncompanies > 0 ? v->ncompanies : 0);
	db_strings_free(v->contacts, v->ncontacts > 0 ? v->ncontacts : 0);
}

/* A field the batch set on a company it did not create (on one it created
 * the field goes with the company); -1 on a database error. */
static int field_item(struct revert *v, const struct import_item *it)
{
	if (strcmp(it->tbl, "company") != 0 || strcmp(it->action, "created") == 0)
		return 0;
	int by = import_store_created_by(v->s->db, it->row_id, v->b->id);
	return by < 0 ? -1 : !by;
}

/* Checks that nothing has been built on what the batch did; false on a
 * database error. */
static bool revert_check(struct revert *v, struct import_result *r)
{
	struct session *s = v->s;

	for (int i = 0; i < v->ncompanies; i++) {
		const char *id = v->companies[i];
		char own[UUID_STR_LEN];

		import_contact_id(id, own);
		if (import_store_company_cases(s->db, id) > 0)
			revert_problem(r, s, id, _("has cases since the import"));
		if (import_store_foreign_contacts(s->db, id, v->b->id, own) > 0)
			revert_problem(r, s, id, _("has new contacts since the import"));
		if (import_store_row_writes_since(s->db, id, v->b->created_at) > 0)
			revert_problem(r, s, id, _("was edited since the import"));
	}
	for (int i = 0; i < v->nitems; i++) {
		struct import_item *it = &v->items[i];
		int field = field_item(v, it);

		if (field < 0)
			return false;
		if (!field)
			continue;
		struct company c = { 0 };
		int f = field_index(it->field);
		if (company_store_get(s->db, it->row_id, &c) != 1 || f < 0) {
			revert_problem(r, s, it->row_id, _("no longer exists"));
			continue;
		}
		char *now = field_get(&c, f);
		if (strcmp(now, it->new_value ? it->new_value : "") != 0)
			revert_problem(r, s, it->row_id, _("a field the import set was edited since"));
		free(now);
		company_finish(&c);
	}
	return true;
}

static bool revert_apply(struct revert *v, long *removed, long *restored)
{
	struct db *db = v->s->db;

	/* restore fields first, newest change first, then remove what was created */
	for (int i = v->nitems - 1; i >= 0; i--) {
		struct import_item *it = &v->items[i];
		struct company c = { 0 };
		int field = field_item(v, it);

		if (field <= 0) {
			if (field < 0)
				return false;
			continue;
		}
		if (company_store_get(db, it->row_id, &c) != 1)
			return false;
		field_set(&c, field_index(it->field), it->old_value ? it->old_value : "");
		bool ok = company_store_update(db, &c);
		company_finish(&c);
		if (!ok)
			return false;
		(*restored)++;
	}
	for (int i = 0; i < v->ncontacts; i++)
		if (!contact_store_delete(db, v->contacts[i]))
			return false;
	for (int i = v->nitems - 1; i >= 0; i--) {
		struct import_item *it = &v->items[i];

		if (strcmp(it->action, "created") != 0 || strcmp(it->tbl, "evaluation") != 0)
			continue;
		if (!import_store_delete_evaluation(db, it->row_id))
			return false;
		(*removed)++;
	}
	for (int i = 0; i < v->ncompanies; i++) {
		char own[UUID_STR_LEN];

		import_contact_id(v->companies[i], own);
		if (!contact_store_delete(db, own) || !company_store_delete(db, v->companies[i]))
			return false;
		(*removed)++;
	}
	return true;
}

enum kp_status import_revert(struct session *s, const char *batch_id, long *removed,
			     long *restored, struct import_result *res)
{
	struct import_batch b = { 0 };
	struct revert v = { .s = s, .b = &b };
	char now[CLOCK_TIME_LEN];
	enum kp_status st;
	int found;

	*removed = *restored = 0;
	import_result_init(res);
	if ((st = access_require(s, ACT_COMPANY_READ)) != KP_OK)
		return st;
	found = import_store_batch_get(s->db, batch_id, &b);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read import batches"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no import batch %s"), batch_id);
	/* who may make such an import may undo it */
	st = access_require(s, strcmp(b.kind, "evaluations") == 0 ? ACT_EVALUATION
								  : ACT_COMPANY_WRITE);
	if (st != KP_OK)
		goto out;
	if (b.reverted_at) {
		st = session_fail(s, KP_ERR_STATE, _("import batch %s was reverted on %s"), batch_id,
				  b.reverted_at);
		goto out;
	}
	if (!db_begin(s->db)) {
		st = session_db_fail(s, _("cannot start a transaction"));
		goto out;
	}
	if (!revert_read(&v) || !revert_check(&v, res)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot read import batches"));
		goto out;
	}
	if (res->nproblems > 0) {
		db_rollback(s->db);
		st = session_fail(s, KP_ERR_STATE,
				  _("the import cannot be reverted: something has been built on it "
				    "since (%s)"), res->problems[0].message);
		goto out;
	}
	clock_timestamp(now);
	if (!revert_apply(&v, removed, restored) ||
	    !import_store_batch_reverted(s->db, batch_id, now, s->user.id) ||
	    !audit_record(s, "import.revert", "import_batch", batch_id,
			  "removed=%ld restored=%ld", *removed, *restored)) {
		db_rollback(s->db);
		st = session_db_fail(s, _("cannot revert the import"));
		goto out;
	}
	if (!db_commit(s->db)) {
		st = session_db_fail(s, _("cannot revert the import"));
		goto out;
	}
	st = KP_OK;
out:
	revert_finish(&v);
	import_batch_finish(&b);
	return st;
}

enum kp_status import_batches(struct session *s, int limit, struct import_batch **out, int *n)
{
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if ((st = access_require(s, ACT_COMPANY_READ)) != KP_OK)
		return st;
	*n = import_store_batch_list(s->db, limit, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read import batches"));
	}
	return KP_OK;
}
