/* Horizontal bar charts as text: Unicode eighth blocks, or '#' and '.'
 * when the terminal cannot show them (text_ascii_only). Used by the goals
 * report and the dashboard screen alike. */
#ifndef KP_BAR_H
#define KP_BAR_H

#include <stdbool.h>

/* A bar of exactly width columns filled to fraction (clamped to 0..1):
 * full blocks, one partial block, then light shade (or '#', '.').
 * Caller frees. */
char *bar_render(double fraction, int width, bool ascii);

#endif
