/* The journal: meetings and notes. Entries are appended, never edited; a
 * correction is a new note. Reading checks the case scope, so an intake
 * user or another consultant never sees the text. */
#include "src/journal.h"
#include "src/access.h"
#include "src/audit.h"
#include "src/case.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/text.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SUMMARY_MAX 20000

const char *const journal_places[] = { "house", "company", "online", "phone", NULL };

const char *journal_place_label(const char *place)
{
	if (!place || !*place)
		return "";
	if (strcmp(place, "house") == 0)
		return _("at the erhvervshus");
	if (strcmp(place, "company") == 0)
		return _("at the company");
	if (strcmp(place, "online") == 0)
		return _("online");
	if (strcmp(place, "phone") == 0)
		return _("by phone");
	return place;
}

static bool known_place(const char *place)
{
	for (int i = 0; journal_places[i]; i++)
		if (strcmp(journal_places[i], place) == 0)
			return true;
	return false;
}

static char *dup_trim(const char *s)
{
	return text_trim(xstrdup(s));
}

static enum kp_status validate(struct session *s, struct journal_entry *e, bool meeting, bool allow_cpr)
{
	char *summary = dup_trim(e->summary ? e->summary : "");
	char *participants = dup_trim(e->participants ? e->participants : "");

	free(e->summary);
	free(e->participants);
	e->summary = summary;
	e->participants = participants;
	if (!e->occurred || !clock_parse_date(e->occurred, NULL))
		return session_fail(s, KP_ERR_INVALID, _("date must be YYYY-MM-DD"));
	char today[CLOCK_DATE_LEN];
	clock_today(today);
	if (strcmp(e->occurred, today) > 0)
		return session_fail(s, KP_ERR_INVALID, _("a meeting cannot be logged before it has taken place"));
	if (!text_valid_utf8(summary, strlen(summary)) || text_has_control(summary, true) ||
	    text_has_control(participants, false))
		return session_fail(s, KP_ERR_INVALID, _("the text may not contain control characters"));
	if (strlen(summary) > SUMMARY_MAX || strlen(participants) > 1000)
		return session_fail(s, KP_ERR_INVALID, _("the text is too long"));
	if (meeting) {
		if (!e->place || !known_place(e->place))
			return session_fail(s, KP_ERR_INVALID,
					    _("say where the meeting was: house, company, online or phone"));
		if (e->duration_min < 0 || e->duration_min > 24 * 60)
			return session_fail(s, KP_ERR_INVALID, _("duration must be 0-1440 minutes"));
	} else {
		free(e->place);
		e->place = xstrdup("");
		e->duration_min = 0;
		if (!*summary)
			return session_fail(s, KP_ERR_INVALID, _("a note needs text"));
	}
	if (!allow_cpr && (text_looks_like_cpr(summary) || text_looks_like_cpr(participants)))
		return session_fail(s, KP_ERR_REFUSED,
				    _("the text looks like it contains a CPR number; CPR numbers must not be stored"));
	return KP_OK;
}

static enum kp_status append(struct session *s, struct journal_entry *e, const char *kind, bool allow_cpr)
{
	char id[UUID_STR_LEN], now[CLOCK_TIME_LEN];
	struct case_file c = { 0 };
	enum kp_status st = access_require(s, ACT_JOURNAL_WRITE);
	bool meeting = strcmp(kind, "meeting") == 0;
	int found;

	if (st != KP_OK)
		return st;
	found = case_store_get(s->db, e->case_id ? e->case_id : "", &c);
	if (found <= 0)
		return found < 0 ? session_db_fail(s, _("cannot read cases"))
				 : session_fail(s, KP_ERR_NOT_FOUND, _("no such case"));
	st = access_require_case_id(s, ACT_JOURNAL_WRITE, c.id, c.location, c.house, c.consultant_id);
	if (st == KP_OK && strcmp(c.status, "closed") == 0)
		st = session_fail(s, KP_ERR_STATE, _("the case is closed; reopen it to log more"));
	if (st == KP_OK && meeting && strcmp(c.status, "new") == 0)
		st = session_fail(s, KP_ERR_STATE, _("route the case to a consultant before logging a meeting"));
	if (st == KP_OK)
		st = validate(s, e, meeting, allow_cpr);
	bool activate = meeting && st == KP_OK && strcmp(c.status, "assigned") == 0;
	case_finish(&c);
	if (st != KP_OK)
		return st;
	uuid_generate(id);
	clock_timestamp(now);
	free(e->id);
	free(e->kind);
	free(e->author_id);
	free(e->created_at);
	e->id = xstrdup(id);
	e->kind = xstrdup(kind);
	e->author_id = xstrdup(s->user.id);
	e->created_at = xstrdup(now);
	if (!db_begin(s->db))
		return session_db_fail(s, _("cannot start a transaction"));
	bool ok = journal_store_insert(s->db, e) &&
		  audit_record(s, meeting ? "journal.meeting" : "journal.note", "journal_entry", id,
			       "case=%s", e->case_id);
	if (ok && activate && case_activate(s, e->case_id) != KP_OK) {
		db_rollback(s->db);
		return KP_ERR_DB;
	}
	if (!ok) {
		db_rollback(s->db);
		return session_db_fail(s, _("cannot save the journal entry"));
	}
	if (!db_commit(s->db))
		return session_db_fail(s, _("cannot save the journal entry"));
	return KP_OK;
}

enum kp_status journal_log_meeting(struct session *s, struct journal_entry *e, bool allow_cpr)
{
	return append(s, e, "meeting", allow_cpr);
}

enum kp_status journal_add_note(struct session *s, struct journal_entry *e, bool allow_cpr)
{
	return append(s, e, "note", allow_cpr);
}

enum kp_status journal_list(struct session *s, const char *case_id,
			    struct journal_entry **out, int *n)
{
	struct case_file c = { 0 };
	enum kp_status st;

	*out = NULL;
	*n = 0;
	if ((st = case_load_for(s, case_id, ACT_JOURNAL_READ, &c)) != KP_OK)
		return st;
	case_finish(&c);
	*n = journal_store_list(s->db, case_id, out);
	if (*n < 0) {
		*n = 0;
		return session_db_fail(s, _("cannot read the journal"));
	}
	/* every opening of a journal is in the audit trail; no trail, no read */
	if (!audit_record(s, "journal.read", "case_file", case_id, "entries=%d", *n)) {
		journal_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return KP_ERR_DB;
	}
	return KP_OK;
}
