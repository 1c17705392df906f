/* Audit entries for the acting user and terminal. */
#include "src/audit.h"
#include "db/audit_store.h"
#include "src/clock.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/uuid.h"
#include "src/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool audit_record(struct session *s, const char *action, const char *tbl,
		  const char *row_id, const char *detail_fmt, ...)
{
	char id[UUID_STR_LEN], at[CLOCK_TIME_LEN];
	char *detail = NULL;
	va_list ap;

	uuid_generate(id);
	clock_timestamp(at);
	if (detail_fmt) {
		va_start(ap, detail_fmt);
		if (vasprintf(&detail, detail_fmt, ap) < 0)
			detail = NULL;
		va_end(ap);
	}
	struct audit_entry e = {
		.id = id, .at = at, .user_id = s->user.id, .terminal = s->terminal,
		.action = (char *)action, .tbl = (char *)tbl, .row_id = (char *)row_id,
		.detail = detail,
	};
	bool ok = audit_store_append(s->db, &e);
	free(detail);
	if (!ok)
		session_db_fail(s, _("cannot write the audit trail"));
	return ok;
}
