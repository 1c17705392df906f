/* Who is at the keyboard, for the command line and before the screens
 * start. Outside a demo database --user cannot make anyone someone else:
 * the operating-system account's own user needs nothing more, any other
 * user needs that user's password: on the command line read from the
 * terminal with echo off; for the screens asked by their login screen
 * (ui/screen_login.c); or, for both, a line of the file descriptor named
 * by KNUDEPUNKT_PASSWORD_FD (for scripts and tests; never a command-line
 * argument or an environment value, which other users could see). */
#include "src/auth.h"
#include "src/cli.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static char *read_line_fd(int fd)
{
	size_t cap = AUTH_MAX_LENGTH + 2, n = 0;
	char *buf;
	char ch;

	if (sodium_init() < 0)
		die("libsodium cannot start");
	buf = sodium_malloc(cap);
	if (!buf)
		die("out of memory");
	for (;;) {
		ssize_t r = read(fd, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || ch == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = ch;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	char *out = xstrdup(buf);
	sodium_free(buf);
	return out;
}

char *cli_read_secret(const char *prompt)
{
	const char *fdv = getenv("KNUDEPUNKT_PASSWORD_FD");
	struct termios old, quiet;

	if (fdv && *fdv) {
		char *end;
		long fd = strtol(fdv, &end, 10);
		if (*end || fd < 0 || fd > 1024 || fcntl((int)fd, F_GETFD) < 0)
			return NULL;
		return read_line_fd((int)fd);
	}
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0)
		return NULL;
	if (write(tty, prompt, strlen(prompt)) < 0 || tcgetattr(tty, &old) != 0) {
		close(tty);
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	tcsetattr(tty, TCSAFLUSH, &quiet);
	char *line = read_line_fd(tty);
	tcsetattr(tty, TCSAFLUSH, &old);
	ssize_t w = write(tty, "\n", 1);
	(void)w;
	close(tty);
	return line;
}

void cli_wipe_secret(char *secret)
{
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
}

const char *cli_account_name(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw ? pw->pw_name : NULL;
}

static enum kp_status with_password(struct session *s, const char *login)
{
	char prompt[256];
	int delay = 1;

	snprintf(prompt, sizeof prompt, _("Password for %s: "), login);
	char *pw = cli_read_secret(prompt);
	if (!pw)
		return session_fail(s, KP_ERR_DENIED,
				    _("acting as %s needs that user's password, and there is no terminal "
				      "to ask for it"), login);
	enum kp_status st = auth_login_password(s, login, pw, &delay);
	cli_wipe_secret(pw);
	if (st != KP_OK && delay > 0)
		sleep((unsigned)delay);
	return st;
}

static bool password_fd_named(void)
{
	const char *fdv = getenv("KNUDEPUNKT_PASSWORD_FD");

	return fdv && *fdv;
}

enum kp_status cli_identify(struct cli *c, struct session *s, bool must)
{
	const char *account = cli_account_name();
	const char *wanted = cli_wanted_user(c);

	if (auth_is_demo(s)) {
		const char *login = wanted ? wanted : account;
		if (!login || (!wanted && !must))
			return KP_OK;   /* the screens offer the demo users */
		enum kp_status st = session_login(s, login);
		return st == KP_OK || must || wanted ? st : KP_OK;
	}
	if (!wanted || (account && strcmp(wanted, account) == 0)) {
		enum kp_status st = auth_login_account(s, account);
		if (st == KP_OK || wanted)
			return st;
		if (!must)
			return KP_OK;   /* a shared account: the login screen asks who it is */
		/* a shared account on the command line: ask who it is */
		char *login = isatty(STDIN_FILENO) ? cli_read_login() : NULL;
		if (!login || !*login) {
			free(login);
			return session_fail(s, KP_ERR_DENIED,
					    _("the account %s is not a Knudepunkt user; log in with --user LOGIN"),
					    account ? account : "?");
		}
		st = with_password(s, login);
		free(login);
		return st;
	}
	if (!must && !password_fd_named())
		return KP_OK;   /* the login screen asks for the password (ui/screen_login.c) */
	return with_password(s, wanted);
}

const char *cli_wanted_user(const struct cli *c)
{
	const char *wanted = c->user && *c->user ? c->user : NULL;

	if (!wanted && !c->setgid) {
		const char *env = getenv("KNUDEPUNKT_USER");
		wanted = env && *env ? env : NULL;
	}
	return wanted;
}

char *cli_read_login(void)
{
	const char *fdv = getenv("KNUDEPUNKT_PASSWORD_FD");
	char line[256];

	if (fdv && *fdv)
		return NULL;   /* scripts name the user with --user */
	fputs(_("Login: "), stderr);
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}
