/* The case journal: meetings and notes, append-only and confidential. Only
 * the case's consultant and supervisors of its house read or write it. */
#ifndef KP_JOURNAL_H
#define KP_JOURNAL_H

#include "db/journal_store.h"
#include "src/status.h"

struct session;

/* Logs a meeting (occurred date required, place one of house, company,
 * online, phone; duration 0..1440 minutes). The first meeting of an
 * assigned case makes it active. Text that looks like a CPR number is
 * refused unless allow_cpr (the UI asks first). Sets e->id. */
enum kp_status journal_log_meeting(struct session *s, struct journal_entry *e, bool allow_cpr);
enum kp_status journal_add_note(struct session *s, struct journal_entry *e, bool allow_cpr);
enum kp_status journal_list(struct session *s, const char *case_id,
			    struct journal_entry **out, int *n);
const char *journal_place_label(const char *place);   /* translated */
extern const char *const journal_places[];            /* NULL-terminated keys */

#endif
