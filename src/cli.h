/* The command line: global options, then a subcommand, each a function
 * that calls the same core functions the screens use. Output goes to
 * stdout, errors to stderr, all stored text through text_sanitize. */
#ifndef KP_CLI_H
#define KP_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct session;

struct cli {
	const char *db_path;     /* --db, or NULL for the default */
	const char *user;        /* --user, or NULL */
	const char *lang;        /* --lang, or NULL */
	bool setgid;             /* installed set-group-ID: --db, KNUDEPUNKT_* ignored */
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);   /* argv[0] is the name */
	const char *summary;     /* N_() text for --help */
};

/* Runs argv[0] as a subcommand; returns the exit status (2 for usage). */
int cli_dispatch(struct cli *c, int argc, char **argv);
bool cli_is_command(const char *name);
void cli_print_help(FILE *out);

/* Opens the database named by --db / KNUDEPUNKT_DB / the default, and
 * logs in the --user (or the account's login name). With need_user false
 * no login is attempted. Prints the reason and returns NULL on failure. */
struct session *cli_open(struct cli *c, bool create, bool need_user);

/* Makes the acting user of s the person at the keyboard (src/cli_auth.c):
 * in a demo database whoever --user names; otherwise the user mapped to
 * the operating-system account, or the --user whose password is given.
 * With must false (the screens) nobody may be logged in afterwards: a demo
 * database's screens offer its users, others show the login screen, which
 * asks for the password (unless KNUDEPUNKT_PASSWORD_FD gives it). Fails
 * with the reason in the session. */
enum kp_status cli_identify(struct cli *c, struct session *s, bool must);
/* A password from KNUDEPUNKT_PASSWORD_FD (one line) or the terminal with
 * echo off; NULL if neither can be read. Free with cli_wipe_secret. */
char *cli_read_secret(const char *prompt);
void cli_wipe_secret(char *secret);
/* A login name typed on standard input (caller frees); NULL if none. */
char *cli_read_login(void);
const char *cli_account_name(void);   /* the real user's account, borrowed */
/* The user --user or $KNUDEPUNKT_USER names (not in set-group-ID mode), or
 * NULL; borrowed. */
const char *cli_wanted_user(const struct cli *c);

/* Sets login's password, asked twice (src/cmd_passwd.c), or with unlock
 * lifts its lock; prints the outcome and returns the exit status. */
int cli_set_password(struct session *s, const char *login, bool unlock);
/* Prints "knudepunkt: <msg>" to stderr, sanitised; returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the session's last failure; returns the exit status for it. */
int cli_fail_session(struct session *s);
/* Prints a stored text sanitised, as one field. */
void cli_put(FILE *out, const char *text);

/* subcommands, one file each (src/cmd_*.c) */
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_passwd(struct cli *c, int argc, char **argv);
int cmd_trust(struct cli *c, int argc, char **argv);
int cmd_gdpr(struct cli *c, int argc, char **argv);
int cmd_member(struct cli *c, int argc, char **argv);
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
/* report kinds (src/cmd_report_*.c), dispatched by cmd_report */
int cmd_report_referrals(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_report_goals(struct cli *c, int argc, char **argv);
int cmd_report_extract(struct cli *c, int argc, char **argv);
int cmd_report_caseload(struct cli *c, int argc, char **argv);
int cmd_report_queue(struct cli *c, int argc, char **argv);
/* supervision (src/cmd_target.c, cmd_evaluation.c, cmd_reassign.c) */
int cmd_target(struct cli *c, int argc, char **argv);
int cmd_evaluation(struct cli *c, int argc, char **argv);
int cmd_reassign(struct cli *c, int argc, char **argv);
int cmd_site(struct cli *c, int argc, char **argv);
int cmd_sync(struct cli *c, int argc, char **argv);

#endif
