/* A growable NUL-terminated byte buffer (after git's strbuf). */
#ifndef KP_STRBUF_H
#define KP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;      /* always NUL-terminated once initialised */
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_finish(struct strbuf *sb);           /* frees the buffer */
char *strbuf_detach(struct strbuf *sb);          /* caller frees; sb is reset */
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
/* v as an unsigned LEB128 varint in its shortest form (sync formats). */
void strbuf_add_varint(struct strbuf *sb, uint64_t v);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *strbuf_str(const struct strbuf *sb);  /* "" when empty, never NULL */

#endif
