/* Allocation that cannot fail, and die(): the fatal path. die() runs the
 * hook set by the UI (which restores the terminal) before printing. */
#ifndef KP_XALLOC_H
#define KP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);             /* NULL gives "" (caller frees) */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die_set_hook(void (*hook)(void));    /* called once before die() prints */

#endif
