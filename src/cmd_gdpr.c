/* knudepunkt gdpr: data-protection tasks for administrators - the right-
 * of-access file, erasure after review, a recorded refusal, the retention
 * purge. */
#include "src/cli.h"
#include "src/company.h"
#include "src/gdpr.h"
#include "src/i18n.h"
#include "src/session.h"
#include "src/shared.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out, "%s", _("Usage: knudepunkt gdpr contacts CVR\n"
			     "       knudepunkt gdpr access CONTACT-ID [--output FILE]\n"
			     "       knudepunkt gdpr erase CONTACT-ID [--reviewed N]\n"
			     "       knudepunkt gdpr refuse CONTACT-ID --reason TEXT\n"
			     "       knudepunkt gdpr purge [--dry-run]\n"
			     "contacts lists a company's contact persons with their ids. access writes\n"
			     "everything stored about the person (new file, mode 0600). erase shows\n"
			     "every text naming the person, asks, then anonymises the person\n"
			     "everywhere; --reviewed N confirms without asking that N texts were\n"
			     "reviewed. purge anonymises cases closed more than the retention period\n"
			     "(setting retention_years, default 5) ago; --dry-run lists them.\n"));
}

static int done(struct session *s, int rc)
{
	session_close(s);
	return rc;
}

static int contacts(struct cli *c, const char *cvr)
{
	struct session *s = cli_open(c, false, true);
	struct company co = { 0 };
	struct contact *list;
	int n;

	if (!s)
		return 1;
	if (company_find_cvr(s, cvr, &co) != KP_OK || contact_list(s, co.id, &list, &n) != KP_OK) {
		company_finish(&co);
		return done(s, cli_fail_session(s));
	}
	for (int i = 0; i < n; i++) {
		printf("%s\t", list[i].id);
		cli_put(stdout, list[i].name);
		putchar('\t');
		cli_put(stdout, list[i].email);
		putchar('\n');
	}
	contact_list_free(list, n);
	company_finish(&co);
	return done(s, 0);
}

static int access_file(struct cli *c, const char *id, const char *path)
{
	struct session *s = cli_open(c, false, true);
	char *text = NULL;

	if (!s)
		return 1;
	if (gdpr_access_report(s, id, &text) != KP_OK)
		return done(s, cli_fail_session(s));
	int rc = 0;
	if (!path) {
		cli_put(stdout, text);
	} else {
		/* personal data: a new private file, never through a symlink */
		shared_as_user();   /* created as the real user (src/shared.h) */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		shared_as_program();
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			rc = cli_fail(_("cannot create %s: %s"), path, strerror(errno));
			if (fd >= 0)
				close(fd);
		} else {
			cli_put(f, text);
			if (fflush(f) != 0 || fsync(fd) != 0 || fclose(f) != 0)
				rc = cli_fail(_("cannot write %s: %s"), path, strerror(errno));
			else
				printf(_("wrote %s\n"), path);
		}
	}
	free(text);
	return done(s, rc);
}

static bool confirm(const char *question)
{
	char line[16];

	fputs(question, stderr);
	fflush(stderr);
	return fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y' || line[0] == 'j' ||
						  line[0] == 'J');
}

static int erase(struct cli *c, const char *id, int reviewed)
{
	struct session *s = cli_open(c, false, true);
	struct gdpr_review r;
	bool compacted;

	if (!s)
		return 1;
	if (gdpr_review_contact(s, id, &r) != KP_OK)
		return done(s, cli_fail_session(s));
	printf(_("%d text(s) name %s:\n"), r.n, r.contact_name);
	for (int i = 0; i < r.n; i++) {
		printf("  %s.%s %s: ", r.mentions[i].tbl, r.mentions[i].col, r.mentions[i].row_id);
		cli_put(stdout, r.mentions[i].text);
		putchar('\n');
	}
	fflush(stdout);
	if (reviewed < 0 && !confirm(_("Anonymise this person everywhere? This cannot be undone (y/N) "))) {
		gdpr_review_finish(&r);
		printf("%s\n", _("nothing was changed"));
		return done(s, 1);
	}
	int seen = reviewed < 0 ? r.n : reviewed;
	gdpr_review_finish(&r);
	if (gdpr_erase_contact(s, id, seen, &compacted) != KP_OK)
		return done(s, cli_fail_session(s));
	printf("%s\n", _("erased"));
	if (!compacted)
		cli_fail("%s", _("the database file could not be compacted yet; run knudepunkt gdpr purge "
				 "when no one else has it open"));
	return done(s, 0);
}

static int refuse(struct cli *c, const char *id, const char *reason)
{
	struct session *s = cli_open(c, false, true);

	if (!s)
		return 1;
	if (gdpr_refuse_erasure(s, id, reason) != KP_OK)
		return done(s, cli_fail_session(s));
	printf("%s\n", _("refusal recorded"));
	return done(s, 0);
}

static int purge(struct cli *c, bool dry_run)
{
	struct session *s = cli_open(c, false, true);
	char **ids;
	int n;
	bool compacted;

	if (!s)
		return 1;
	if (gdpr_purge(s, dry_run, &ids, &n, &compacted) != KP_OK)
		return done(s, cli_fail_session(s));
	for (int i = 0; i < n; i++) {
		printf("%s\n", ids[i]);
		free(ids[i]);
	}
	free(ids);
	printf(dry_run ? _("%d case(s) would be anonymised (closed more than %d years ago)\n")
		       : _("%d case(s) anonymised (closed more than %d years ago)\n"),
	       n, gdpr_retention_years(s));
	if (!compacted)
		cli_fail("%s", _("the database file could not be compacted yet; run again when no one "
				 "else has it open"));
	if (!dry_run && !compacted && gdpr_compact(s) != KP_OK)
		return done(s, 1);
	return done(s, 0);
}

int cmd_gdpr(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (argc < 2 || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(sub, "contacts") == 0 && argc == 3)
		return contacts(c, argv[2]);
	if (strcmp(sub, "access") == 0 && argc == 3)
		return access_file(c, argv[2], NULL);
	if (strcmp(sub, "access") == 0 && argc == 5 && strcmp(argv[3], "--output") == 0)
		return access_file(c, argv[2], argv[4]);
	if (strcmp(sub, "erase") == 0 && argc == 3)
		return erase(c, argv[2], -1);
	if (strcmp(sub, "erase") == 0 && argc == 5 && strcmp(argv[3], "--reviewed") == 0)
		return erase(c, argv[2], atoi(argv[4]) < 0 ? 0 : atoi(argv[4]));
	if (strcmp(sub, "refuse") == 0 && argc == 5 && strcmp(argv[3], "--reason") == 0)
		return refuse(c, argv[2], argv[4]);
	if (strcmp(sub, "purge") == 0 && argc <= 3)
		if (argc == 2 || strcmp(argv[2], "--dry-run") == 0)
			return purge(c, argc == 3);
	usage(stderr);
	return 2;
}
