/* Random record keys: UUID version 7 (48-bit Unix ms time, then random bits),
 * so keys made at one site sort roughly by creation time. */
#ifndef KP_UUID_H
#define KP_UUID_H

#include <stdbool.h>

#define UUID_STR_LEN 37   /* 36 characters and the NUL */

void uuid_generate(char out[UUID_STR_LEN]);
bool uuid_is_valid(const char *s);        /* lower-case canonical form */

#endif
