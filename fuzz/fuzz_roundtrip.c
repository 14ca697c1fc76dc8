/* SPDX-License-Identifier: MIT */
/* fuzz_roundtrip.c — `score` on an arbitrary answers CSV, through the command's own code, to CSV
 * and to JSON Lines files; both are read back and must hold the same numbers as scoring the input
 * directly: the same ids (with the formula guard in CSV), scores (exactly in JSON, rounded as
 * sb_fmt_fixed rounds in CSV), bands, answered counts, style and flags; every rejected row in the
 * rejects file with its row and column; rows read = rows scored + rows rejected; a bad header
 * leaves no output file at all.
 *
 * cmd_score.c, cli_common.c, outformat.c and progress.c are compiled into this file, and the row formats and streaming
 * pipeline they call (src/score/rows.c, pipeline.c) come from the core library, so what is tested
 * is exactly what the binary runs (their static names start with S_; this file's helpers start
 * with R_). The command's
 * stderr (duplicate-id warnings) goes to /dev/null unless SB_FUZZ_VERBOSE is set.
 *
 * Input: byte 0 = options (bit 0: the bank's header line goes first; bit 1: with bit 0, a `note`
 * column is added and kept; bits 2-5: decimals, 0..9; bits 6-7 both set: the pipeline reads on
 * a thread of its own, as the program does, else everything runs on the calling thread
 * (SECUREBASE_THREADS=1): a thread started and joined twice a run made the run wait on the
 * scheduler most of its time), then the CSV. */
#include "../src/cli/cli_common.c"
#include "../src/cli/import_opts.c"
#include "../src/cli/cmd_score.c"
#include "../src/cli/cli_origin.c"
#include "../src/cli/outformat.c"
#include "../src/cli/messages.c"
#include "../src/cli/progress.c"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One scored row as scoring the input directly gives it. */
typedef struct {
	char *id, *note;
	size_t id_len, note_len;
	sb_result r;
} R_row;

typedef struct {
	R_row *rows;
	size_t n, cap;
	long *rej_row, *rej_col;
	size_t n_rej, rej_cap;
	bool header_bad;
} R_expect;

static char R_dir[256];

static void R_path(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", R_dir, name);
}

static void R_cleanup(void)
{
	rmdir(R_dir);
}

static void R_setup(void)
{
	if (R_dir[0])
		return;
	atexit(R_cleanup);
	const char *bases[] = { "/dev/shm", getenv("TMPDIR"), "/tmp" };
	for (size_t i = 0; i < 3; i++) {
		if (!bases[i])
			continue;
		snprintf(R_dir, sizeof R_dir, "%s/sbfuzz.XXXXXX", bases[i]);
		if (mkdtemp(R_dir))
			return;
	}
	abort();
}

static char *R_read(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (!b)
			abort();
		ssize_t k = read(fd, b + n, cap - n);
		if (k < 0)
			abort();
		if (k == 0)
			break;
		n += (size_t)k;
		if (n == cap)
			b = realloc(b, (cap *= 2) + 1);
	}
	close(fd);
	b[n] = '\0';
	*len = n;
	return b;
}

/* Scores the input directly, as the reference. */
static void R_expected(const sb_bank *b, const char *in, bool keep_note, R_expect *e)
{
	const char *keep[] = { "note" };
	sb_answers_opts o = { .keep = keep, .n_keep = keep_note, .check_duplicates = true,
		              .allow_missing_items = true, .block_size = 65536 };
	sb_diags d = { 0 };
	sb_answers *a = NULL;
	sb_status st = sb_answers_open_path(b, in, &o, &a, &d);
	if (st == SB_ERR_DATA) {
		e->header_bad = true;
		sb_diags_free(&d);
		return;
	}
	if (st != SB_OK)
		abort();
	for (;;) {
		sb_answer_row row;
		if (sb_answers_next(a, &row, &d) != SB_OK)
			abort();
		if (row.kind == SB_ANSWER_END)
			break;
		if (row.kind == SB_ANSWER_REJECT) {
			if (e->n_rej == e->rej_cap) {
				e->rej_cap = e->rej_cap ? 2 * e->rej_cap : 16;
				e->rej_row = realloc(e->rej_row, e->rej_cap * sizeof *e->rej_row);
				e->rej_col = realloc(e->rej_col, e->rej_cap * sizeof *e->rej_col);
				if (!e->rej_row || !e->rej_col)
					abort();
			}
			e->rej_row[e->n_rej] = row.row;
			e->rej_col[e->n_rej++] = row.column;
			continue;
		}
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 16;
			e->rows = realloc(e->rows, e->cap * sizeof *e->rows);
			if (!e->rows)
				abort();
		}
		R_row *x = &e->rows[e->n++];
		*x = (R_row){ .id = strndup(row.id, row.id_len), .id_len = row.id_len };
		if (keep_note) {
			x->note = malloc(row.kept_len[0] + 1);
			memcpy(x->note, row.kept[0], row.kept_len[0] + 1);
			x->note_len = row.kept_len[0];
		}
		if (!x->id || (keep_note && !x->note))
			abort();
		/* one result (and its plan, which costs more than scoring a row) for every row and
		 * run: the bank is the same for ever; each row keeps a copy of the scales */
		static sb_result work;
		if (!work.plan && sb_result_init(&work, b) != SB_OK)
			abort();
		sb_score(b, row.values, &work);
		x->r = work;
		x->r.plan = NULL;
		x->r.scales = malloc((work.n_scales ? work.n_scales : 1) * sizeof *work.scales);
		if (!x->r.scales)
			abort();
		memcpy(x->r.scales, work.scales, work.n_scales * sizeof *work.scales);
	}
	if (sb_answers_rows_read(a) != e->n + e->n_rej)
		abort();
	sb_answers_close(a);
	sb_diags_free(&d);
}

static void R_expect_free(R_expect *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->rows[i].id);
		free(e->rows[i].note);
		free(e->rows[i].r.scales);
	}
	free(e->rows);
	free(e->rej_row);
	free(e->rej_col);
}

static bool R_field_is(const sb_csv_field *f, const char *s, size_t n)
{
	return f->len == n && (n == 0 || memcmp(f->p, s, n) == 0);
}

/* A text cell as the CSV writer must have written it: the guard, then the bytes. */
static bool R_cell_is(const sb_csv_field *f, const char *s, size_t n)
{
	if (sb_csv_needs_guard(s, n))
		return f->len == n + 1 && f->p[0] == '\'' && memcmp(f->p + 1, s, n) == 0;
	return R_field_is(f, s, n);
}

static long R_long(const sb_csv_field *f)
{
	char buf[32];
	if (f->len == 0 || f->len >= sizeof buf)
		abort();
	memcpy(buf, f->p, f->len);
	buf[f->len] = '\0';
	char *end;
	long v = strtol(buf, &end, 10);
	if (*end)
		abort();
	return v;
}

static void R_check_csv(const sb_bank *b, const R_expect *e, const char *path, int decimals,
                        bool keep_note)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	sb_csv *r = NULL;
	if (fd < 0 || sb_csv_open_fd(fd, 0, &r) != SB_OK)
		abort();
	size_t cols = 1 + keep_note + 5 * b->n_scales + 2, n = 0;
	for (;; n++) {
		sb_csv_record rec;
		if (sb_csv_next(r, &rec) != SB_OK || rec.kind == SB_CSV_BAD)
			abort(); /* the writer must write CSV its own reader takes */
		if (rec.kind == SB_CSV_END)
			break;
		if (rec.n_fields != cols)
			abort();
		if (n == 0) {
			if (!R_field_is(&rec.fields[0], "id", 2))
				abort();
			continue;
		}
		if (n > e->n)
			abort();
		const R_row *x = &e->rows[n - 1];
		const sb_csv_field *f = rec.fields;
		if (!R_cell_is(f++, x->id, x->id_len))
			abort();
		if (keep_note && !R_cell_is(f++, x->note, x->note_len))
			abort();
		for (size_t i = 0; i < b->n_scales; i++) {
			const sb_scale_result *s = &x->r.scales[i];
			char num[SB_NUMFMT_MAX];
			size_t nl = s->scored ? sb_fmt_fixed(num, s->score, decimals) : 0;
			if (!R_field_is(f, num, nl))
				abort();
			if (s->scored) { /* the text is the score, rounded */
				char buf[SB_NUMFMT_MAX + 1];
				memcpy(buf, f->p, f->len);
				buf[f->len] = '\0';
				double v = strtod(buf, NULL);
				if (!(fabs(v - s->score) <= 0.5 * pow(10, -decimals) + 1e-9 * fmax(1, fabs(v))))
					abort();
			}
			f++;
			const char *band = s->scored && s->band != SB_NONE
				? b->scales[i].bands[s->band].id : "";
			if (!R_field_is(f++, band, strlen(band)))
				abort();
			char ans[64];
			int al = snprintf(ans, sizeof ans, "%zu/%zu", s->answered, s->n_items);
			if (!R_field_is(f++, ans, (size_t)al))
				abort();
			al = snprintf(ans, sizeof ans, "%zu", s->answered); /* <scale>_answered_n */
			if (!R_field_is(f++, ans, (size_t)al))
				abort();
			al = snprintf(ans, sizeof ans, "%zu", s->n_items); /* <scale>_items */
			if (!R_field_is(f++, ans, (size_t)al))
				abort();
		}
		const char *style = x->r.has_style ? sb_style_id(x->r.style) : "";
		if (!R_field_is(f++, style, strlen(style)))
			abort();
		char flags[SB_QUALITY_FLAGS_MAX];
		size_t fl = sb_quality_flags(&x->r.quality, flags, sizeof flags);
		if (!R_field_is(f, flags, fl))
			abort();
	}
	if (n != e->n + 1)
		abort();
	sb_csv_free(r);
	close(fd);
}

/* Whether s is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
static bool R_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
		         : c >= 0xF0 && c <= 0xF4 ? 3 : 4;
		if (k == 4 || n - i <= k)
			return false;
		unsigned cp = k ? c & (0x3F >> k) : c;
		for (size_t j = 1; j <= k; j++) {
			if ((u[i + j] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (u[i + j] & 0x3F);
		}
		static const unsigned min[4] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

static void R_check_jsonl(const sb_bank *b, const R_expect *e, const char *path, bool keep_note)
{
	size_t len;
	char *text = R_read(path, &len);
	if (!text)
		abort();
	size_t n = 0;
	for (char *line = text; line < text + len; n++) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));
		if (!nl || n >= e->n)
			abort();
		json_error_t je;
		json_t *o = json_loadb(line, (size_t)(nl - line), JSON_ALLOW_NUL, &je);
		if (!json_is_object(o))
			abort();
		const R_row *x = &e->rows[n];
		json_t *id = json_object_get(o, "id");
		if (!json_is_string(id) || json_string_length(id) != x->id_len ||
		    memcmp(json_string_value(id), x->id, x->id_len) != 0)
			abort();
		if (keep_note) {
			json_t *note = json_object_get(o, "note");
			if (!json_is_string(note))
				abort();
			if (R_utf8_valid(x->note, x->note_len) &&
			    (json_string_length(note) != x->note_len ||
			     memcmp(json_string_value(note), x->note, x->note_len) != 0))
				abort();
		}
		for (size_t i = 0; i < b->n_scales; i++) {
			const sb_scale *sc = &b->scales[i];
			const sb_scale_result *s = &x->r.scales[i];
			json_t *v = json_object_get(o, sc->id);
			if (s->scored ? !json_is_number(v) || json_number_value(v) != s->score
			              : !json_is_null(v))
				abort(); /* 17 significant digits give back the very same double */
			char key[SB_ID_MAX + 16];
			snprintf(key, sizeof key, "%s_band", sc->id);
			json_t *band = json_object_get(o, key);
			if (s->scored && s->band != SB_NONE
			        ? !json_is_string(band) ||
			                  strcmp(json_string_value(band), sc->bands[s->band].id) != 0
			        : !json_is_null(band))
				abort();
			snprintf(key, sizeof key, "%s_answered", sc->id);
			if (json_integer_value(json_object_get(o, key)) != (json_int_t)s->answered)
				abort();
			snprintf(key, sizeof key, "%s_items", sc->id);
			if (json_integer_value(json_object_get(o, key)) != (json_int_t)s->n_items)
				abort();
		}
		json_t *style = json_object_get(o, "style");
		if (x->r.has_style ? !json_is_string(style) ||
		                             strcmp(json_string_value(style), sb_style_id(x->r.style)) != 0
		                   : !json_is_null(style))
			abort();
		json_t *flags = json_object_get(o, "flags");
		const sb_quality *q = &x->r.quality;
		size_t nflags = (size_t)q->flag_longstring + q->flag_irv + q->flag_inconsistent +
		                q->flag_missing;
		if (!json_is_array(flags) || json_array_size(flags) != nflags)
			abort();
		json_decref(o);
		line = nl + 1;
	}
	if (n != e->n)
		abort();
	free(text);
}

static void R_check_rejects(const R_expect *e, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	sb_csv *r = NULL;
	if (fd < 0 || sb_csv_open_fd(fd, 0, &r) != SB_OK)
		abort();
	size_t n = 0;
	for (;; n++) {
		sb_csv_record rec;
		if (sb_csv_next(r, &rec) != SB_OK || rec.kind == SB_CSV_BAD)
			abort();
		if (rec.kind == SB_CSV_END)
			break;
		if (rec.n_fields != 4)
			abort();
		if (n == 0)
			continue;
		if (n > e->n_rej || R_long(&rec.fields[0]) != e->rej_row[n - 1] ||
		    R_long(&rec.fields[1]) != e->rej_col[n - 1])
			abort();
	}
	if (n != e->n_rej + 1)
		abort();
	sb_csv_free(r);
	close(fd);
}

/* Runs `securebase score ARGS` in this process, as main() would. */
static int R_score(sb_cli *c, const char *const *args)
{
	char *argv[16];
	int argc = 0;
	while (args[argc]) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	argv[argc] = NULL;
	int saved = -1;
	static int null = -1; /* opened once for every run */
	if (!getenv("SB_FUZZ_VERBOSE")) {
		if (null < 0)
			null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		saved = dup(2);
		if (null < 0 || saved < 0 || dup2(null, 2) < 0)
			abort();
	}
	optind = 0;
	int rc = cmd_score(c, argc, argv);
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t opt = data[0];
	bool header = opt & 1, keep_note = (opt & 3) == 3;
	int decimals = (opt >> 2) % 10;
	if ((opt & 0xC0) == 0xC0)
		unsetenv("SECUREBASE_THREADS");
	else
		setenv("SECUREBASE_THREADS", "1", 1);
	data++;
	size--;
	R_setup();

	static sb_cli cli = { .quiet = true, .lang = SB_LANG_EN };
	const sb_bank *b = NULL;
	if (sb_cli_bank(&cli, &b) != 0)
		abort();
	char in[300], out_csv[300], out_jsonl[300], rej1[300], rej2[300];
	R_path(in, sizeof in, "in.csv");
	R_path(out_csv, sizeof out_csv, "out.csv");
	R_path(out_jsonl, sizeof out_jsonl, "out.jsonl");
	R_path(rej1, sizeof rej1, "rejects1.csv");
	R_path(rej2, sizeof rej2, "rejects2.csv");
	sb_buf input = { 0 };
	if (header) {
		sb_answers_write_header(b, &input);
		if (keep_note) {
			input.len--;
			sb_buf_puts(&input, ",note\n");
		}
	}
	sb_buf_put(&input, (const char *)data, size);
	/* a plain write: the input is not under test, and sb_out_save's temporary name, fsync and
	 * rename (tested by every output of the two runs) cost as much as a run's reading */
	int fd = open(in, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (input.failed || fd < 0 ||
	    (input.len && write(fd, input.data, input.len) != (ssize_t)input.len) || close(fd) != 0)
		abort();
	sb_buf_free(&input);

	R_expect e = { 0 };
	R_expected(b, in, keep_note, &e);
	char dec[4];
	snprintf(dec, sizeof dec, "%d", decimals);
	const char *csv_args[] = { "score", "--allow-missing-items", in, "-o", out_csv, "--rejects",
		                   rej1, "--decimals", dec, keep_note ? "--keep" : NULL, "note", NULL };
	const char *jsonl_args[] = { "score", "--allow-missing-items", in, "--format", "jsonl", "-o",
		                     out_jsonl, "--rejects", rej2, keep_note ? "--keep" : NULL, "note",
		                     NULL };
	int rc1 = R_score(&cli, csv_args);
	int rc2 = R_score(&cli, jsonl_args);
	struct stat st;
	if (e.header_bad) {
		/* a bad header stops the command before any output exists */
		if (rc1 != 65 || rc2 != 65 || stat(out_csv, &st) == 0 || stat(out_jsonl, &st) == 0 ||
		    stat(rej1, &st) == 0)
			abort();
	} else {
		int want = e.n_rej ? 65 : 0;
		if (rc1 != want || rc2 != want)
			abort();
		R_check_csv(b, &e, out_csv, decimals, keep_note);
		R_check_jsonl(b, &e, out_jsonl, keep_note);
		R_check_rejects(&e, rej1);
		R_check_rejects(&e, rej2);
		if (stat(out_csv, &st) != 0 || (st.st_mode & 0777) != 0600)
			abort();
	}
	R_expect_free(&e);
	unlink(in);
	unlink(out_csv);
	unlink(out_jsonl);
	unlink(rej1);
	unlink(rej2);
	return 0;
}
