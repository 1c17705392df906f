/* The key script of the headless screen tests (after tig's TIG_SCRIPT).
 * One entry a line:
 *   <Name>            one key: <Enter> <Esc> <Tab> <S-Tab> <Up> <Down> <Left>
 *                     <Right> <PgUp> <PgDn> <Home> <End> <BS> <Del> <Space>
 *                     <F1>..<F12> <C-x>
 *   :dump FILE        writes the screen rows to FILE (appends a blank line
 *                     and the rows when FILE exists; "-" is stdout)
 *   :resize COLSxROWS resizes the screen (a KEY_RESIZE follows)
 *   # comment         ignored, as are empty lines
 *   anything else     typed, one key per character (UTF-8)
 * When the script ends, the program quits without asking. */
#ifndef KP_UI_SCRIPT_H
#define KP_UI_SCRIPT_H

#include <stdbool.h>

bool script_open(const char *path, char *err, int errlen);
void script_close(void);
/* The next key of the script, TERM_KEY_EOF at its end. Runs :dump and
 * :resize on the way. */
int script_next_key(void);

#endif
