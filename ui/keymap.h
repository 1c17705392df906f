/* Keys map to named actions, defined once in UI_ACTIONS. The help overlay
 * and the status-line hints are generated from this table, so they cannot
 * go stale. A screen lists the actions it uses (struct screen_ops.actions);
 * a key is looked up among the current screen's actions first, then among
 * the navigation actions every screen shares, so two screens may give the
 * same letter different meanings but never shadow the reserved keys. */
#ifndef KP_UI_KEYMAP_H
#define KP_UI_KEYMAP_H

#include <curses.h>
#include <stdbool.h>

/* Key codes in one int space: characters are their code point, curses
 * function keys are shifted above Unicode. */
#define K_FN(k) ((k) + 0x200000)
#define K_CTRL(c) ((c) & 0x1f)
#define K_ESC 27

/* X(NAME, hint, help, keys...) — hint is the short status-line label (NULL:
 * not hinted), help the line in the help overlay; both N_() texts. The
 * navigation block comes first and is shared by every screen (it ends at
 * UA_REDRAW). Add a screen's actions after it, one line each. */
#define UI_ACTIONS(X) \
	X(UP,          NULL,              N_("move up"),                      K_FN(KEY_UP), 'k') \
	X(DOWN,        NULL,              N_("move down"),                    K_FN(KEY_DOWN), 'j') \
	X(LEFT,        NULL,              N_("move left, or previous tab"),   K_FN(KEY_LEFT), 'h') \
	X(RIGHT,       NULL,              N_("move right, or next tab"),      K_FN(KEY_RIGHT), 'l') \
	X(PAGE_UP,     NULL,              N_("page up"),                      K_FN(KEY_PPAGE), K_CTRL('b')) \
	X(PAGE_DOWN,   NULL,              N_("page down"),                    K_FN(KEY_NPAGE), K_CTRL('f')) \
	X(FIRST,       NULL,              N_("go to the first line"),         K_FN(KEY_HOME), 'g') \
	X(LAST,        NULL,              N_("go to the last line"),          K_FN(KEY_END), 'G') \
	X(OPEN,        N_("open"),        N_("open the selected line"),       '\n', '\r', K_FN(KEY_ENTER)) \
	X(CLOSE,       N_("back"),        N_("close this screen (back)"),     K_ESC, 'q') \
	X(QUIT,        N_("quit"),        N_("quit the program"),             'Q', K_CTRL('c')) \
	X(SEARCH,      N_("search"),      N_("search"),                       '/') \
	X(SEARCH_NEXT, NULL,              N_("next match"),                   'n') \
	X(SEARCH_PREV, NULL,              N_("previous match"),               'N') \
	X(HELP,        N_("help"),        N_("show the keys of this screen"), '?', K_FN(KEY_F(1))) \
	X(NEXT_TAB,    NULL,              N_("next tab (main screens)"),      '\t') \
	X(PREV_TAB,    NULL,              N_("previous tab (main screens)"),  K_FN(KEY_BTAB)) \
	X(MENU,        NULL,              N_("main menu"),                    'm', K_FN(KEY_F(9))) \
	X(PASSWORD,    NULL,              N_("change your password"),         K_CTRL('p')) \
	X(REDRAW,      NULL,              N_("redraw the screen"),            K_CTRL('l')) \
	/* forms and dialogs */ \
	X(SAVE,        N_("save"),        N_("save"),                         K_FN(KEY_F(2)), K_CTRL('s')) \
	X(NEXT_FIELD,  NULL,              N_("next field"),                   '\t', K_FN(KEY_DOWN)) \
	X(PREV_FIELD,  NULL,              N_("previous field"),               K_FN(KEY_BTAB), K_FN(KEY_UP)) \
	X(TOGGLE,      N_("choose"),      N_("choose, or tick and untick"),   ' ') \
	X(YES,         NULL,              N_("yes"),                          'y', 'Y', 'j', 'J') \
	X(NO,          NULL,              N_("no"),                           'n', 'N', K_ESC, '\n', '\r') \
	/* screens */ \
	X(NEW,         N_("new"),         N_("register a new one"),           'a') \
	X(EDIT,        N_("edit"),        N_("edit"),                         'e') \
	X(CONTACTS,    N_("contacts"),    N_("contact persons"),              'c') \
	X(CONSENT,     N_("consent"),     N_("give or withdraw consent"),     's') \
	X(NEW_CASE,    N_("new case"),    N_("open a case for this company"), 'o') \
	X(ASSIGN,      N_("assign"),      N_("route to a branch and consultant"), 'r') \
	X(MEETING,     N_("meeting"),     N_("log a meeting"),                'M') \
	X(NOTE,        N_("note"),        N_("add a note"),                   'w') \
	X(CLOSE_CASE,  N_("close case"),  N_("close the case with an outcome"), 'x') \
	X(REOPEN,      N_("reopen"),      N_("reopen a closed case"),         'R') \
	X(SCOPE,       N_("mine/branch/all"), N_("show my cases, my branch's or all"), 'v') \
	X(FILTER,      N_("status"),      N_("filter by status"),             'f') \
	X(DELETE,      N_("remove"),      N_("remove the selected line"),     'd') \
	/* referrals and the partner directory */ \
	X(REFERRALS,   N_("referrals"),   N_("referrals of this case"),       'F') \
	X(ADVANCE,     N_("status"),      N_("move the referral on: sent, accepted, completed, declined or withdrawn"), 's') \
	X(REPORT_BACK, N_("report back"), N_("report back to the municipality that referred the case"), 'b') \
	X(ADD_CONTACT, N_("add contact"), N_("add a contact person"),         'c') \
	X(TYPE_FILTER, N_("type"),        N_("filter by partner type"),       't') \
	X(THEME_FILTER, N_("theme"),      N_("filter by theme"),              'T') \
	X(AREA_FILTER, N_("area"),        N_("filter by area served"),        'A') \
	X(STATUS_FILTER, N_("status"),    N_("filter by referral status"),    'f') \
	X(BRANCH_FILTER, N_("branch"),    N_("filter by branch"),             'B') \
	X(USER_FILTER, N_("consultant"),  N_("filter by consultant"),         'u') \
	X(PERIOD,      N_("period"),      N_("choose the period (referral dates)"), 'p') \
	X(GROUP_VIEW,  N_("view"),        N_("show the list, or counts by destination, status, branch or consultant"), 'v') \
	X(OPEN_CASE,   N_("case"),        N_("open the case of the selected referral"), 'o') \
	/* supervision: caseloads, queue, evaluations, targets, goals */ \
	X(SORT,        N_("sort"),        N_("change the sort order"),        'S') \
	X(IDLE_FILTER, N_("idle"),        N_("show all open cases, only idle ones, or only those with overdue follow-ups"), 'i') \
	X(IDLE_DAYS,   NULL,              N_("set how many days without a journal entry make a case idle"), 'D') \
	X(MARK,        N_("mark"),        N_("mark or unmark the case"),      ' ') \
	X(REASSIGN,    N_("reassign"),    N_("reassign the marked cases (or the selected one)"), 'r') \
	X(EVALUATE,    N_("evaluation"),  N_("record the company's evaluation of the closed case"), 'E') \
	X(GOAL_PERIOD, N_("period"),      N_("choose the period: a year, a quarter or from..to"), 'p') \
	X(TARGETS,     N_("targets"),     N_("enter the result-contract targets"), 't') \
	/* import and export (ui/screen_import.c, ui/export_dialog.c) */ \
	X(IMPORT,      N_("import"),      N_("import companies from a CSV file (a preview first)"), 'i') \
	X(EXPORT,      N_("export"),      N_("export this list to a CSV file"), 'X') \
	X(EXPORT_MEETINGS, NULL,          N_("export the meetings of these cases to a CSV file"), 'Y') \
	X(IMPORT_EVAL, NULL,              N_("import evaluations from a CSV file (a preview first)"), 'I') \
	X(ENCODING,    N_("encoding"),    N_("choose the file's encoding"),   'E') \
	X(DELIMITER,   N_("delimiter"),   N_("choose the delimiter"),         'D') \
	X(MAPPING,     N_("columns"),     N_("map fields to columns (FIELD=COLUMN,...)"), 'C') \
	X(UPDATE_TOGGLE, N_("update"),    N_("overwrite fields where the file disagrees (on/off)"), 'U') \
	X(SKIP_BAD,    N_("skip bad"),    N_("import the good rows, write the bad ones to a reject file (on/off)"), 'S') \
	/* the audit trail (ui/screen_audit.c) */ \
	X(RECORD_FILTER, N_("record"),    N_("show one record's entries (a case, company or contact id)"), 'o') \
	X(AUDIT_PERIOD, N_("period"),     N_("choose the period: from and to dates"), 'p') \
	X(VERIFY,      N_("verify"),      N_("verify the audit trail's hash chain"), 'V') \
	/* sync and its conflicts (ui/screen_sync.c, ui/screen_conflicts.c) */ \
	X(SYNC_EXPORT, N_("export"),      N_("export what the selected site lacks to a file"), 'x') \
	X(SYNC_FULL,   N_("full"),        N_("export everything to a file, for a new or restored site"), 'X') \
	X(SYNC_IMPORT, N_("import"),      N_("import sync files: shows what changed, or why a file was refused"), 'i') \
	X(SYNC_HELD,   N_("held"),        N_("apply the files held because they are dated ahead of this clock"), 'H') \
	X(CONFLICT_RESTORE, N_("restore"), N_("restore the other value: a new write that syncs and wins everywhere"), 'r') \
	X(CONFLICT_KEEP, N_("keep"),      N_("keep the winning value and mark the conflict resolved"), 'K') \
	X(CONFLICT_ALL, N_("all"),        N_("show the unresolved conflicts, or all"), 'v') \
	X(INTEGRITY,   NULL,              N_("integrity: companies registered twice with the same CVR number"), 'D') \
	X(MERGE,       N_("merge"),       N_("merge the selected company into another with its CVR number"), 'M') \
	/* case members and trust positions (ui/screen_case_members.c, ui/screen_trust.c) */ \
	X(MEMBERS,     N_("members"),     N_("consultants added to the case"), 'p') \
	X(TRUST_END,   N_("end"),         N_("end the selected trust position on a date"), 'x') \
	X(TRUST_VIEW,  N_("view"),        N_("show my positions, the house's positions, or the cases assigned despite a position"), 'v') \
	/* user administration (ui/screen_users.c) */ \
	X(USER_ACTIVE, N_("(de)activate"), N_("deactivate someone who left, or activate again"), 'd') \
	X(USER_PASSWORD, N_("password"),  N_("set the selected user's password"), 'p') \
	X(USER_UNLOCK, N_("unlock"),      N_("lift the lock after too many failed logins"), 'u') \
	X(USER_SCOPE,  N_("scope"),       N_("choose the locations a supervisor works on"), 'L')

enum ui_action {
	UA_NONE = 0,
#define UA_ENUM(name, hint, help, ...) UA_##name,
	UI_ACTIONS(UA_ENUM)
#undef UA_ENUM
	UA_COUNT
};

/* Actions every screen shares: UA_UP .. UA_REDRAW. */
#define UA_NAV_LAST UA_REDRAW

/* The action of key among acts (UA_NONE-terminated; may be NULL), then
 * among the shared navigation actions. UA_NONE if unbound. */
enum ui_action keymap_lookup(int key, const enum ui_action *acts);
bool keymap_has_key(enum ui_action a, int key);
const char *keymap_name(enum ui_action a);            /* "OPEN" */
const char *keymap_hint(enum ui_action a);            /* translated or NULL */
const char *keymap_help(enum ui_action a);            /* translated */
/* The keys of a, shown as in the help ("Enter, l"); caller frees. */
char *keymap_keys_label(enum ui_action a, int max_keys);
/* One key shown as text ("C-l", "F1", "Esc", "PgDn", "k"). */
void keymap_key_label(int key, char *out, int outlen);

#endif
