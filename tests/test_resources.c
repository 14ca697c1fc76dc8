/* SPDX-License-Identifier: MIT */
/* test_resources.c — nothing the user gave is lost, end to end on real files: an output that is
 * an input (answers, bank, summary, state file) or another output is refused with 64 before
 * anything is written; standard input is read by one input only; --bank is honoured by every
 * command; -o /dev/stdout writes through to what standard output is; a signal leaves no
 * temporary file; assess says honestly what it could not save. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include "support.h"

/* ---- fixtures ---------------------------------------------------------------------------- */

typedef struct {
	char *dir;
	char *answers;      /* DIR/a.csv: the header and two rows, p1 and p2 */
	char *answers_text; /* its bytes */
	char *bank;         /* DIR/bank.yaml: the embedded bank's YAML */
	char *bank_text;
} S_fix;

static char *S_answers_text(void)
{
	const char *argv[] = { "securebase", "template", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	size_t hl = strcspn(r.out, "\n");
	size_t items = 0;
	for (size_t i = 0; i < hl; i++)
		items += r.out[i] == ',';
	size_t cap = hl + 2 + 2 * (8 + items * 3);
	char *text = malloc(cap);
	size_t o = (size_t)snprintf(text, cap, "%.*s\n", (int)hl, r.out);
	for (int row = 1; row <= 2; row++) {
		o += (size_t)snprintf(text + o, cap - o, "p%d", row);
		for (size_t i = 0; i < items; i++)
			o += (size_t)snprintf(text + o, cap - o, ",%d", sb_fit_answer(i, (int)i + row));
		o += (size_t)snprintf(text + o, cap - o, "\n");
	}
	sb_run_free(&r);
	return text;
}

static int S_setup(void **state)
{
	S_fix *f = calloc(1, sizeof *f);
	f->dir = sb_tmpdir();
	f->answers = sb_join(f->dir, "a.csv");
	f->answers_text = S_answers_text();
	sb_write_file(f->answers, f->answers_text, strlen(f->answers_text));
	const char *argv[] = { "securebase", "bank", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, NULL);
	assert_int_equal(r.status, 0);
	f->bank = sb_join(f->dir, "bank.yaml");
	f->bank_text = r.out;
	r.out = NULL;
	sb_write_file(f->bank, f->bank_text, strlen(f->bank_text));
	sb_run_free(&r);
	*state = f;
	return 0;
}

static int S_teardown(void **state)
{
	S_fix *f = *state;
	sb_rmtree(f->dir);
	free(f->dir);
	free(f->answers);
	free(f->answers_text);
	free(f->bank);
	free(f->bank_text);
	free(f);
	return 0;
}

/* The file at path holds exactly text. */
static void S_unchanged(const char *path, const char *text)
{
	size_t len;
	char *got = sb_read_file(path, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(got, text, len);
	free(got);
}

static int S_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* No file in dir starts with '.' (the temporary files of outfile.c are .NAME.XXXXXX). */
static void S_no_temp(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("temporary file left: %s/%s", dir, e->d_name);
	}
	closedir(d);
}

/* Runs argv (in f->dir) and expects status and a line of stderr that is exactly line. */
static void S_expect(S_fix *f, const char *const *argv, const char *in, int status,
                     const char *line)
{
	sb_run_result r = sb_run(argv, in, in ? strlen(in) : 0, NULL, f->dir);
	if (r.status != status)
		fail_msg("exit %d, not %d; stderr: %s", r.status, status, r.err);
	if (line) {
		char want[4200];
		snprintf(want, sizeof want, "%s\n", line);
		if (!sb_contains(r.err, want))
			fail_msg("stderr lacks '%s': %s", line, r.err);
	}
	sb_run_free(&r);
}

/* ---- D1: an output that is an input, two outputs one file ----------------------------- */

static void test_output_is_input(void **state)
{
	S_fix *f = *state;
	{
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "a.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o a.csv is the input a.csv: refusing to overwrite it");
	}
	{
		const char *argv[] = { "securebase", "report", "a.csv", "--id", "p1", "-o", "a.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o a.csv is the input a.csv: refusing to overwrite it");
	}
	{
		const char *argv[] = { "securebase", "--bank", "bank.yaml", "score", "a.csv", "-o",
			               "bank.yaml", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o bank.yaml is the bank bank.yaml: refusing to overwrite it");
	}
	{
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "s.csv", "--rejects",
			               "./a.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: --rejects ./a.csv is the input a.csv: refusing to overwrite it");
	}
	{
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "s.csv", "--summary",
			               "a.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: --summary a.csv is the input a.csv: refusing to overwrite it");
	}
	{ /* a hard link is the same file under another name */
		char *hard = sb_join(f->dir, "also.csv");
		assert_int_equal(link(f->answers, hard), 0);
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "also.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o also.csv is the input a.csv: refusing to overwrite it");
		unlink(hard);
		free(hard);
	}
	{
		const char *argv[] = { "securebase", "compare", "a.csv", "--ids", "p1,p2", "--mode",
			               "retest", "-o", "a.csv", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o a.csv is the input a.csv: refusing to overwrite it");
	}
	{
		const char *argv[] = { "securebase", "-b", "bank.yaml", "form", "-o", "bank.yaml", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o bank.yaml is the bank bank.yaml: refusing to overwrite it");
	}
	S_unchanged(f->answers, f->answers_text);
	S_unchanged(f->bank, f->bank_text);
	char *s = sb_join(f->dir, "s.csv");
	assert_false(S_exists(s));
	free(s);
	S_no_temp(f->dir);
}

static void test_summary_inputs(void **state)
{
	S_fix *f = *state;
	const char *mk[] = { "securebase", "score", "a.csv", "-o", "s.csv", "--summary", "sum.json",
		             NULL };
	S_expect(f, mk, NULL, 0, NULL);
	char *sum = sb_join(f->dir, "sum.json");
	size_t len;
	char *text = sb_read_file(sum, &len);
	assert_non_null(text);
	const char *argv[] = { "securebase", "summary", "merge", "sum.json", "sum.json", "-o",
		               "sum.json", NULL };
	S_expect(f, argv, NULL, 64,
	         "securebase: -o sum.json is the summary sum.json: refusing to overwrite it");
	S_unchanged(sum, text);
	const char *cmp[] = { "securebase", "compare", "a.csv", "--ids", "p1,p2", "--mode", "retest",
		              "--summary", "sum.json", "-o", "sum.json", NULL };
	S_expect(f, cmp, NULL, 64,
	         "securebase: -o sum.json is the --summary sum.json: refusing to overwrite it");
	S_unchanged(sum, text);
	free(text);
	free(sum);
}

static void test_outputs_clash(void **state)
{
	S_fix *f = *state;
	char *out = sb_join(f->dir, "f");
	{ /* none exists yet: the same folder and name */
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "f", "--rejects", "f",
			               "--summary", "f", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o f and --rejects f are the same file: refusing to write one "
		         "over the other");
		assert_false(S_exists(out));
		char path[4200];
		snprintf(path, sizeof path, "%s/../%s/f", f->dir, strrchr(f->dir, '/') + 1);
		const char *argv2[] = { "securebase", "score", "a.csv", "-o", "f", "--summary", path,
			                NULL };
		char line[8600];
		snprintf(line, sizeof line, "securebase: -o f and --summary %s are the same file: "
		         "refusing to write one over the other", path);
		S_expect(f, argv2, NULL, 64, line);
		assert_false(S_exists(out));
	}
	{ /* it exists */
		sb_write_file(out, "keep\n", 5);
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "s.csv", "--rejects", "f",
			               "--summary", "./f", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: --rejects f and --summary ./f are the same file: refusing to write "
		         "one over the other");
		S_unchanged(out, "keep\n");
	}
	{ /* both on standard output */
		const char *argv[] = { "securebase", "score", "a.csv", "--rejects", "-", NULL };
		S_expect(f, argv, NULL, 64,
		         "securebase: -o standard output and --rejects standard output are the same "
		         "file: refusing to write one over the other");
	}
	{ /* apart, they are all written */
		const char *argv[] = { "securebase", "score", "a.csv", "-o", "s.csv", "--rejects", "r.csv",
			               "--summary", "f", NULL };
		S_expect(f, argv, NULL, 0, NULL);
		size_t len;
		char *got = sb_read_file(out, &len);
		assert_non_null(got);
		assert_true(len > 5 && got[0] == '{');
		free(got);
	}
	free(out);
	S_no_temp(f->dir);
}

static void test_report_all_into_input(void **state)
{
	S_fix *f = *state;
	char *od = sb_join(f->dir, "od");
	assert_int_equal(mkdir(od, 0700), 0);
	char *in = sb_join(od, "p2.txt"); /* the answers, where --all would write p2's report */
	sb_write_file(in, f->answers_text, strlen(f->answers_text));
	const char *argv[] = { "securebase", "report", "od/p2.txt", "--all", "--out-dir", "od", NULL };
	S_expect(f, argv, NULL, 64,
	         "securebase: the report od/p2.txt is the input od/p2.txt: refusing to overwrite it");
	S_unchanged(in, f->answers_text);
	S_no_temp(od);
	sb_rmtree(od);
	free(in);
	free(od);
}

static void test_assess_outputs(void **state)
{
	S_fix *f = *state;
	sb_assess_env_t e;
	const char *const *env = sb_assess_env(&e, f->dir, 0, NULL);
	const char *argv[] = { "securebase", "-b", "bank.yaml", "assess", "--report", "bank.yaml",
		               "--format", "text", NULL };
	sb_run_result r = sb_run(argv, "1\n", 2, env, f->dir);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "securebase: --report bank.yaml is the bank bank.yaml: "
	                               "refusing to overwrite it\n"));
	sb_run_free(&r);
	S_unchanged(f->bank, f->bank_text);
	const char *argv2[] = { "securebase", "assess", "--report", "r.txt", "--save-answers",
		                "./r.txt", NULL };
	r = sb_run(argv2, "1\n", 2, env, f->dir);
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, "securebase: --report r.txt and --save-answers ./r.txt are "
	                               "the same file: refusing to write one over the other\n"));
	sb_run_free(&r);
	/* The state file: XDG_STATE_HOME/securebase/BANKID.session. */
	char sess[4200];
	snprintf(sess, sizeof sess, "%s/state/securebase/securebase.session", f->dir);
	char *dir = sb_join(f->dir, "state");
	mkdir(dir, 0700);
	free(dir);
	dir = sb_join(f->dir, "state/securebase");
	mkdir(dir, 0700);
	free(dir);
	sb_write_file(sess, "x\n", 2);
	const char *argv3[] = { "securebase", "assess", "--save-answers", sess, NULL };
	r = sb_run(argv3, "1\n", 2, env, f->dir);
	assert_int_equal(r.status, 64);
	char want[8600];
	snprintf(want, sizeof want, "securebase: the state file %s and --save-answers %s are the "
	         "same file: refusing to write one over the other\n", sess, sess);
	assert_true(sb_contains(r.err, want));
	sb_run_free(&r);
	S_unchanged(sess, "x\n");
	unlink(sess);
	r = sb_run(argv3, "1\n", 2, env, f->dir); /* not there yet: the same name is enough */
	assert_int_equal(r.status, 64);
	assert_true(sb_contains(r.err, want));
	sb_run_free(&r);
	assert_false(S_exists(sess));
}

/* ---- D9: standard input claimed twice ------------------------------------------------------ */

static void test_stdin_twice(void **state)
{
	S_fix *f = *state;
	{
		const char *argv[] = { "securebase", "-b", "-", "score", "-", NULL };
		S_expect(f, argv, f->bank_text, 64,
		         "securebase: standard input can be read only once: input - and bank - both "
		         "name it");
	}
	{
		const char *argv[] = { "securebase", "-b", "-", "report", "-", "--all", "--out-dir",
			               "od2", NULL };
		S_expect(f, argv, f->bank_text, 64,
		         "securebase: standard input can be read only once: input - and bank - both "
		         "name it");
		char *od = sb_join(f->dir, "od2");
		assert_false(S_exists(od));
		free(od);
	}
	{
		const char *argv[] = { "securebase", "compare", "-", "--ids", "p1,p2", "--mode", "retest",
			               "--with", "-", NULL };
		S_expect(f, argv, f->answers_text, 64,
		         "securebase: standard input can be read only once: input - and --with - both "
		         "name it");
	}
	{
		const char *argv[] = { "securebase", "summary", "merge", "-", "-", NULL };
		S_expect(f, argv, "{}", 64,
		         "securebase: standard input can be read only once: summary - and summary - "
		         "both name it");
	}
	{
		const char *argv[] = { "securebase", "-b", "-", "validate", "-", NULL };
		S_expect(f, argv, f->bank_text, 64,
		         "securebase: standard input can be read only once: bank - and bank - both "
		         "name it");
	}
	{
		const char *argv[] = { "securebase", "-b", "-", "assess", NULL };
		S_expect(f, argv, f->bank_text, 64,
		         "securebase: standard input can be read only once: typed answers - and bank - "
		         "both name it");
	}
	{ /* once is fine */
		const char *argv[] = { "securebase", "-b", "-", "score", "a.csv", NULL };
		S_expect(f, argv, f->bank_text, 0, NULL);
	}
}

/* ---- D4: --bank is honoured by every command --------------------------------------------- */

static void test_bank_everywhere(void **state)
{
	S_fix *f = *state;
	static const char *const cmds[][8] = {
		{ "validate" },
		{ "bank" },
		{ "template" },
		{ "form" },
		{ "score", "a.csv" },
		{ "report", "a.csv", "--id", "p1" },
		{ "compare", "a.csv", "--ids", "p1,p2", "--mode", "retest" },
		{ "summary", "merge", "x.json" },
		{ "assess" },
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		const char *argv[12] = { "securebase", "-b", "/nonexistent.yaml" };
		for (size_t k = 0; k < 8 && cmds[i][k]; k++)
			argv[3 + k] = cmds[i][k];
		sb_run_result r = sb_run(argv, "", 0, NULL, f->dir);
		static const char want[] =
			"securebase: /nonexistent.yaml: cannot open: No such file or directory\n";
		if (r.status != 66 || strcmp(r.err, want) != 0)
			fail_msg("%s: exit %d, stderr: %s", cmds[i][0], r.status, r.err);
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
	}
	/* validate and bank use it: a bank whose id differs from the embedded one */
	char *other = sb_join(f->dir, "other.yaml");
	char *text = strdup(f->bank_text);
	char *id = strstr(text, "id: securebase");
	assert_non_null(id);
	memcpy(id, "id: elsewhere ", 14);
	sb_write_file(other, text, strlen(text));
	const char *v[] = { "securebase", "-b", "other.yaml", "validate", NULL };
	sb_run_result r = sb_run(v, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 0);
	assert_true(!strncmp(r.out, "other.yaml: bank elsewhere ", 27));
	sb_run_free(&r);
	const char *b[] = { "securebase", "-b", "other.yaml", "bank", NULL };
	r = sb_run(b, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, strlen(text));
	assert_memory_equal(r.out, text, r.out_len);
	sb_run_free(&r);
	const char *bs[] = { "securebase", "-b", "-", "bank", NULL };
	r = sb_run(bs, text, strlen(text), NULL, f->dir);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.out_len, strlen(text));
	sb_run_free(&r);
	/* an invalid bank is not printed */
	sb_write_file(other, "id: [\n", 6);
	r = sb_run(b, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 65);
	assert_int_equal(r.out_len, 0);
	sb_run_free(&r);
	r = sb_run(v, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 65);
	sb_run_free(&r);
	free(text);
	free(other);
}

/* ---- D3: -o /dev/stdout writes through to what standard output is ------------------------ */

static void test_dev_stdout(void **state)
{
	S_fix *f = *state;
	const char *plain[] = { "securebase", "-q", "score", "a.csv", NULL };
	sb_run_result want = sb_run(plain, NULL, 0, NULL, f->dir);
	assert_int_equal(want.status, 0);
	assert_true(sb_contains(want.out, "\np2,"));
	char cmd[8600];
	/* standard output on a file, through /dev/stdout, /dev/fd/1 and /proc/self/fd/1 */
	static const char *const names[] = { "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(cmd, sizeof cmd, "cd '%s' && rm -f out.csv && '%s' -q score a.csv -o %s > out.csv "
		         "&& cat out.csv", f->dir, SB_BINARY, names[i]);
		char *got = sb_sh(cmd);
		assert_string_equal(got, want.out);
		free(got);
	}
	/* >> appends: what was there stays */
	snprintf(cmd, sizeof cmd, "cd '%s' && echo before > out.csv && '%s' -q score a.csv -o "
	         "/dev/stdout >> out.csv && cat out.csv", f->dir, SB_BINARY);
	char *got = sb_sh(cmd);
	assert_true(strncmp(got, "before\n", 7) == 0);
	assert_string_equal(got + 7, want.out);
	free(got);
	/* a pipe, and a report */
	const char *argv[] = { "securebase", "-q", "score", "a.csv", "-o", "/dev/stdout", NULL };
	sb_run_result r = sb_run(argv, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, want.out);
	sb_run_free(&r);
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' report a.csv --id p2 --format json -o /dev/stdout "
	         "> rep.json && head -c 1 rep.json", f->dir, SB_BINARY);
	got = sb_sh(cmd);
	assert_string_equal(got, "{");
	free(got);
	/* standard input is no output */
	const char *in[] = { "securebase", "score", "a.csv", "-o", "/dev/stdin", NULL };
	r = sb_run(in, NULL, 0, NULL, f->dir);
	assert_int_equal(r.status, 73);
	sb_run_free(&r);
	sb_run_free(&want);
	S_no_temp(f->dir);
}

/* ---- D7: a signal leaves no temporary file ------------------------------------------------ */

/* Whether dir holds a file whose name starts with prefix. */
static int S_has_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int found = 0;
	for (struct dirent *e; (e = readdir(d));)
		found = found || strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return found;
}

/* score reads a pipe this test feeds: the header and some rows, then it waits for more while
 * its temporary outputs exist; then sig. It must die of sig and leave no temporary file. */
static void S_signal_run(S_fix *f, int sig)
{
	char *out = sb_join(f->dir, "sig");
	assert_int_equal(mkdir(out, 0700), 0);
	int in[2];
	assert_int_equal(pipe(in), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		close(in[0]);
		close(in[1]);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
		for (int i = 0; i < 4; i++)
			signal(sigs[i], SIG_DFL);
		if (chdir(out) != 0)
			_exit(99);
		execl(SB_BINARY, "securebase", "score", "-", "-o", "scores.csv", "--rejects", "rej.csv",
		      "--summary", "sum.json", (char *)NULL);
		_exit(98);
	}
	close(in[0]);
	/* the header and the rows, many times over, then nothing more */
	const char *rows = strchr(f->answers_text, '\n') + 1;
	assert_int_equal(write(in[1], f->answers_text, strlen(f->answers_text)),
	                 (ssize_t)strlen(f->answers_text));
	for (int i = 0; i < 200; i++)
		assert_int_equal(write(in[1], rows, strlen(rows)), (ssize_t)strlen(rows));
	/* wait (up to 60 s) until all three temporary files exist */
	int waited = 0;
	while (!(S_has_prefix(out, ".scores.csv.") && S_has_prefix(out, ".rej.csv.") &&
	         S_has_prefix(out, ".sum.json.")) && waited++ < 600)
		usleep(100000);
	assert_true(waited < 600);
	usleep(200000);
	assert_int_equal(kill(pid, sig), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(in[1]);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
		fail_msg("signal %d: status %#x", sig, status);
	S_no_temp(out);
	assert_false(S_has_prefix(out, "scores.csv"));
	sb_rmtree(out);
	free(out);
}

static void test_signals_leave_no_temp(void **state)
{
	S_fix *f = *state;
	int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	for (int i = 0; i < 4; i++)
		S_signal_run(f, sigs[i]);
}

/* ---- D2: assess says what it saved, and refuses a damaged state file ------------------- */

static void test_assess_unsaved(void **state)
{
	S_fix *f = *state;
	char sess[4200];
	sb_assess_env_t e;
	snprintf(sess, sizeof sess, "%s/state/securebase/securebase.session", f->dir);
	const char *argv[] = { "securebase", "--lang", "en", "assess", NULL };
	{ /* the third save fails: two answers are in the file, nothing more is asked */
		const char *const fail[] = { "SECUREBASE_TEST_FAIL_IO=rename:3:EACCES", NULL };
		sb_run_result r = sb_run(argv, "1\n2\n3\n4\n5\n", 10,
		                         sb_assess_env(&e, f->dir, 0, fail), f->dir);
		assert_int_equal(r.status, 73);
		char want[9000];
		snprintf(want, sizeof want,
		         "securebase: Stopped: your progress cannot be saved (%s: cannot replace: "
		         "Permission denied). Saved in %s, from the last save that worked: 2 of 52 "
		         "answers; '%s assess --resume' carries on from statement 3. Not saved: "
		         "your last step after that.\n", sess, sess, SB_BINARY);
		if (!sb_contains(r.err, want))
			fail_msg("stderr: %s", r.err);
		assert_false(sb_contains(r.err, "4/52."));
		assert_false(sb_contains(r.err, "are saved"));
		assert_int_equal(r.out_len, 0);
		sb_run_free(&r);
		size_t len;
		char *text = sb_read_file(sess, &len);
		assert_non_null(text);
		assert_true(sb_contains(text, "position 2\nanx01 1\navo01 2\nsw01 -\n"));
		free(text);
	}
	{ /* damaged: an answer changed by hand; refused, and kept as it is */
		size_t len;
		char *text = sb_read_file(sess, &len);
		char *at = strstr(text, "avo01 2");
		at[6] = '5';
		sb_write_file(sess, text, len);
		const char *resume[] = { "securebase", "--lang", "en", "assess", "--resume", NULL };
		sb_run_result r = sb_run(resume, "1\n", 2, sb_assess_env(&e, f->dir, 0, NULL), f->dir);
		assert_int_equal(r.status, 65);
		char want[9000];
		snprintf(want, sizeof want, "%s:60:5: the file is damaged: its checksum is ", sess);
		if (!sb_contains(r.err, want) ||
		    !sb_contains(r.err, "securebase: the paused session cannot be read. The file is "
		                        "kept as it is"))
			fail_msg("stderr: %s", r.err);
		sb_run_free(&r);
		S_unchanged(sess, text);
		free(text);
		unlink(sess);
	}
	{ /* the first save fails: nothing is in the file, and it says so */
		const char *const fail[] = { "SECUREBASE_TEST_FAIL_IO=write:1:ENOSPC", NULL };
		sb_run_result r = sb_run(argv, "1\n2\n3\n", 6, sb_assess_env(&e, f->dir, 0, fail),
		                         f->dir);
		assert_int_equal(r.status, 73);
		char want[9000];
		snprintf(want, sizeof want,
		         "securebase: Stopped: your progress cannot be saved (%s: write failed: No space "
		         "left on device). Nothing was saved: none of your 1 answers (of 52) is in %s, so "
		         "no more statements were asked.\n", sess, sess);
		if (!sb_contains(r.err, want))
			fail_msg("stderr: %s", r.err);
		assert_false(S_exists(sess));
		sb_run_free(&r);
	}
	char *dir = sb_join(f->dir, "state/securebase");
	S_no_temp(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_output_is_input, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_summary_inputs, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_outputs_clash, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_report_all_into_input, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_assess_outputs, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_stdin_twice, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_bank_everywhere, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_dev_stdout, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_signals_leave_no_temp, S_setup, S_teardown),
		cmocka_unit_test_setup_teardown(test_assess_unsaved, S_setup, S_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
