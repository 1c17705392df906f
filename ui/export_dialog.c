/* The export dialog: file name (prompt), encoding (pick list, UTF-8 with
 * a byte-order mark first, as Excel wants), for company data who gets the
 * file (the house's own work, or another body under the consent scope
 * sharing or newsletter, as knudepunkt export --consent), then the core
 * does the rest: it leaves out what consent does not cover and says how
 * much (doc/privacy.md). */
#include "ui/export_dialog.h"
#include "ui/pick.h"
#include "ui/prompt.h"
#include "ui/screen.h"
#include "src/charset.h"
#include "src/datafile.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/strbuf.h"

#include <stdlib.h>

void export_dialog(struct ui *ui, enum export_kind kind, const struct export_filter *f,
		   const char *default_name)
{
	static const enum charset sets[] = { CHARSET_UTF8_BOM, CHARSET_CP1252, CHARSET_UTF8,
					     CHARSET_LATIN1, CHARSET_LATIN9 };
	struct pick_item items[5];
	struct export_options o;
	struct export_result res;
	struct strbuf data = STRBUF_INIT;
	char err[512];
	char *path = prompt_line(ui, _("Export to file: "), default_name);
	int i;

	if (!path || !*path) {
		free(path);
		return;
	}
	for (i = 0; i < 5; i++)
		items[i] = (struct pick_item){ charset_name(sets[i]), charset_label(sets[i]) };
	i = pick_one(ui, _("Encoding"), items, 5, 0);
	if (i < 0) {
		free(path);
		return;
	}
	export_options_default(&o);
	o.charset = sets[i];
	struct export_filter with_consent = *f;
	if (kind == EXPORT_COMPANIES || kind == EXPORT_CASES || kind == EXPORT_REFERRALS ||
	    kind == EXPORT_MEETINGS) {
		static const char *const scopes[] = { NULL, "sharing", "newsletter" };
		const struct pick_item purposes[] = {
			{ "", _("the house's own work (consent does not limit it)") },
			{ "sharing", _("another public business-support body: only companies that consent to sharing") },
			{ "newsletter", _("a newsletter: only companies that consent to newsletters") },
		};
		int p = pick_one(ui, _("Who gets the file?"), purposes, 3, 0);
		if (p < 0) {
			free(path);
			return;
		}
		with_consent.consent = scopes[p];
	}
	f = &with_consent;
	if (export_build(ui->s, kind, f, &o, &data, &res) != KP_OK)
		ui_fail(ui);
	else if (!datafile_write(path, data.buf ? data.buf : "", data.len, err, sizeof err))
		ui_error(ui, "%s", err);
	else if (f->consent && res.withheld > 0)
		ui_info(ui, _("%ld rows written to %s; %ld left out: no consent to %s"), res.rows, path,
			res.withheld, f->consent);
	else if (res.rep.unmappable_count > 0)
		ui_info(ui, _("%ld rows written to %s; %s cannot hold %s (written as the nearest "
			      "letters)"), res.rows, path, charset_label(o.charset), res.rep.unmappable);
	else
		ui_info(ui, _("%ld rows written to %s"), res.rows, path);
	strbuf_finish(&data);
	free(path);
}
