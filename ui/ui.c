/* Placeholder until the screens land: the foundation issue builds them. */
#include "ui/ui.h"

#include <curses.h>
#include <stdio.h>

int ui_run(struct session *s)
{
	(void)s;
	fprintf(stderr, "knudepunkt: the full-screen program is not built yet\n");
	return 1;
}
