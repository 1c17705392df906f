/* Bars in eighths of a column. Each Unicode block is 3 bytes in UTF-8. */
#include "src/bar.h"
#include "src/strbuf.h"

char *bar_render(double fraction, int width, bool ascii)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	struct strbuf sb = STRBUF_INIT;
	int units, full, part, used;

	if (width < 0)
		width = 0;
	if (!(fraction > 0))                          /* also NaN */
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	strbuf_init(&sb);
	units = (int)(fraction * width * (ascii ? 1 : 8) + 0.5);
	full = ascii ? units : units / 8;
	part = ascii ? 0 : units % 8;
	for (int i = 0; i < full; i++)
		strbuf_addstr(&sb, ascii ? "#" : "█");
	if (part)
		strbuf_addstr(&sb, eighths[part]);
	used = full + (part ? 1 : 0);
	for (int i = used; i < width; i++)
		strbuf_addstr(&sb, ascii ? "." : "░");
	return strbuf_detach(&sb);
}
