/* SPDX-License-Identifier: MIT */
/* score_and_report.c — libsecurebase through its public header only: load the default bank (or
 * --bank FILE), read an answers CSV, score the row with the given id (the first row when none is
 * given), print its scores as a Markdown table and then its Markdown report.
 *
 *   score_and_report [--bank FILE] ANSWERS.csv [ID]
 *   cc score_and_report.c $(pkg-config --cflags --libs securebase)
 *
 * Exit status: 0; 64 usage; 65 the row is missing or was rejected; otherwise the library's. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <securebase.h>

/* What the row callback looks for and what it made of it. */
typedef struct {
	const char *want; /* the id, or NULL for the first row */
	securebase_status status;
	int found;
} job;

/* Prints one scale's score as a table row: id, score (6 decimals), band, items answered. */
static void print_scale(const securebase_result *r, size_t i)
{
	size_t n_items = 0;
	size_t answered = securebase_result_answered(r, i, &n_items);
	const char *band = securebase_result_band(r, i);
	if (securebase_result_scored(r, i))
		printf("| %s | %.6f | %s | %zu/%zu |\n", securebase_result_scale_id(r, i),
		       securebase_result_score(r, i), band ? band : "", answered, n_items);
	else
		printf("| %s | | | %zu/%zu |\n", securebase_result_scale_id(r, i), answered, n_items);
}

/* The CSV callback: on the wanted row, prints the scores and builds the report. */
static int on_row(void *user, long row, const char *id, const securebase_result *r)
{
	job *j = user;
	(void)row;
	if (j->want && strcmp(id, j->want) != 0)
		return 0;
	j->found = 1;
	printf("# Scores of %s\n\n| scale | score | band | answered |\n|---|---|---|---|\n", id);
	for (size_t i = 0; i < securebase_result_scale_count(r); i++)
		print_scale(r, i);
	const char *style = securebase_result_style(r);
	printf("\nstyle: %s\nflags: %s\n\n", style ? style : "",
	       securebase_result_flags_text(r));
	/* The result lives only during this call, so the report is rendered here too. */
	securebase_report *rep = NULL;
	j->status = securebase_report_new(r, "en", "self", id, "2026-01-01", &rep, NULL);
	if (j->status == SECUREBASE_OK) {
		char *md = NULL;
		size_t len = 0;
		j->status = securebase_report_render(rep, "md", &md, &len, NULL);
		if (j->status == SECUREBASE_OK)
			fwrite(md, 1, len, stdout);
		securebase_free(md);
	}
	securebase_report_free(rep);
	return 1; /* found: stop reading */
}

/* Prints every problem as the command-line tool does. */
static void print_errors(const securebase_errors *e)
{
	for (size_t i = 0; i < securebase_errors_count(e); i++) {
		char *s = securebase_errors_format(e, i);
		fprintf(stderr, "score_and_report: %s\n", s ? s : "out of memory");
		securebase_free(s);
	}
}

int main(int argc, char **argv)
{
	const char *bank_path = NULL;
	if (argc > 2 && strcmp(argv[1], "--bank") == 0) {
		bank_path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: score_and_report [--bank FILE] ANSWERS.csv [ID]\n");
		return 64;
	}
	securebase_errors *err = securebase_errors_new();
	securebase_bank *bank = NULL;
	job j = { .want = argc == 3 ? argv[2] : NULL };
	int rc;
	securebase_status st = bank_path ? securebase_bank_load_file(bank_path, &bank, err)
	                                 : securebase_bank_load_default(&bank, err);
	if (st != SECUREBASE_OK) {
		rc = st;
		goto done;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "score_and_report: %s: cannot open\n", argv[1]);
		rc = 66;
		goto done;
	}
	st = securebase_score_csv(bank, fd, argv[1], on_row, &j, err);
	close(fd);
	if (st != SECUREBASE_OK && st != SECUREBASE_STOPPED && !j.found)
		rc = st;
	else if (!j.found)
		rc = 65;
	else
		rc = j.status;
	if (!j.found && st != SECUREBASE_ERR_DATA)
		fprintf(stderr, "score_and_report: no row with id '%s'\n", j.want ? j.want : "");
done:
	print_errors(err);
	securebase_bank_free(bank);
	securebase_errors_free(err);
	if (fflush(stdout) != 0)
		return 74;
	return rc;
}
