/* Export from a list on screen: asks for the file and the encoding, then
 * writes the list (with the screen's filter) through export_build and
 * datafile_write, and says what was written in the status line. */
#ifndef KP_UI_EXPORT_DIALOG_H
#define KP_UI_EXPORT_DIALOG_H

#include "src/export.h"

struct ui;

/* default_name: the file name offered (in the current folder). */
void export_dialog(struct ui *ui, enum export_kind kind, const struct export_filter *f,
		   const char *default_name);

#endif
