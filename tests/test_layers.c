/* SPDX-License-Identifier: MIT */
/* test_layers.c — the include checker: the layers of docs/architecture.md hold in src/.
 *
 * Every file belongs to the layer of its first folder under src/ (include/securebase.h to api):
 *   base < bank < data < score < report < render < api < cli     (tools: build-time programs)
 * and may use only its own layer and those below. Two kinds of edge are checked:
 * - an include: `#include "layer/file.h"` (or "file.h" beside the includer, or the public header);
 * - a use: a .c file names a function that another .c file defines (not static) — the dependency
 *   an include stands for, which is what makes two files that share one header depend on each
 *   other when each calls the other's functions.
 * The test fails on an edge that points upward (or into tools), an include that does not resolve,
 * and on any cycle among files, printing each offending edge. The checker is itself checked on a
 * small tree with one fault of each kind. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"

static const char *const S_layers[] = { "tools", "base", "bank", "data", "score", "report",
	                                    "render", "api", "cli" };
enum { S_N_LAYERS = sizeof S_layers / sizeof S_layers[0] };

typedef struct {
	char *path; /* relative to the root: "src/render/pdf/pdf_draw.h", "include/securebase.h" */
	int layer;  /* index into S_layers, -1 when not in a layer folder */
	char *text; /* the file with comments, strings and preprocessor lines blanked */
	char *raw;
} S_file;

typedef struct {
	char *name;
	size_t file;
} S_def;

typedef struct {
	const char *root;
	S_file *f;
	size_t n, cap;
	S_def *defs;
	size_t n_defs, cap_defs;
	char **why; /* n x n: why file i depends on file j, or NULL */
	size_t problems;
	bool quiet; /* the self-test: count problems, do not print them */
} S_tree;

static void *S_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	assert_non_null(q);
	return q;
}

static char *S_xstrdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

static void S_problem(S_tree *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_problem(S_tree *t, const char *fmt, ...)
{
	t->problems++;
	if (t->quiet)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_message("layers: %s\n", msg);
}

static int S_layer_of(const char *path)
{
	if (!strcmp(path, "include/securebase.h"))
		return 7; /* api */
	if (strncmp(path, "src/", 4) != 0)
		return -1;
	const char *p = path + 4, *slash = strchr(p, '/');
	size_t len = slash ? (size_t)(slash - p) : 0;
	for (int i = 0; i < S_N_LAYERS; i++)
		if (strlen(S_layers[i]) == len && !strncmp(p, S_layers[i], len))
			return i;
	return -1;
}

/* Blanks comments, string and character literals and preprocessor lines (keeping newlines), so
 * that only code is left to scan. */
static char *S_code_only(const char *s)
{
	char *o = S_xstrdup(s);
	size_t n = strlen(s);
	bool line_start = true;
	for (size_t i = 0; i < n;) {
		if (line_start) {
			size_t j = i;
			while (j < n && (s[j] == ' ' || s[j] == '\t'))
				j++;
			if (j < n && s[j] == '#') {
				while (j < n && !(s[j] == '\n' && s[j - 1] != '\\'))
					o[j++] = ' ';
				i = j;
				continue;
			}
		}
		line_start = s[i] == '\n';
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			size_t j = i + 2;
			while (j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'))
				j++;
			for (size_t k = i; k < j + 2 && k < n; k++)
				if (o[k] != '\n')
					o[k] = ' ';
			i = j + 2;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				o[i++] = ' ';
		} else if (s[i] == '"' || s[i] == '\'') {
			char q = s[i++];
			while (i < n && s[i] != q && s[i] != '\n') {
				if (s[i] == '\\')
					o[i++] = ' ';
				o[i++] = ' ';
			}
			i++;
		} else {
			i++;
		}
	}
	return o;
}

static void S_add_file(S_tree *t, const char *rel)
{
	char *abs = sb_join(t->root, rel);
	size_t len;
	char *raw = sb_read_file(abs, &len);
	free(abs);
	assert_non_null(raw);
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->f = S_xrealloc(t->f, t->cap * sizeof *t->f);
	}
	t->f[t->n++] = (S_file){ .path = S_xstrdup(rel), .layer = S_layer_of(rel), .raw = raw,
		                     .text = S_code_only(raw) };
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every .c and .h file under root/rel, in name order. */
static void S_walk(S_tree *t, const char *rel)
{
	char *abs = sb_join(t->root, rel);
	DIR *d = opendir(abs);
	free(abs);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = S_xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = S_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, S_name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *child = sb_join(rel, names[i]), *cabs = sb_join(t->root, child);
		struct stat st;
		size_t len = strlen(names[i]);
		if (stat(cabs, &st) == 0 && S_ISDIR(st.st_mode))
			S_walk(t, child);
		else if (len > 2 && (!strcmp(names[i] + len - 2, ".c") ||
		                     !strcmp(names[i] + len - 2, ".h")))
			S_add_file(t, child);
		free(child);
		free(cabs);
		free(names[i]);
	}
	free(names);
}

static size_t S_find(const S_tree *t, const char *rel)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->f[i].path, rel))
			return i;
	return (size_t)-1;
}

/* Records that file i depends on file j (the first reason is kept). */
static void S_edge(S_tree *t, size_t i, size_t j, const char *why)
{
	if (i == j || t->why[i * t->n + j])
		return;
	t->why[i * t->n + j] = S_xstrdup(why);
	int li = t->f[i].layer, lj = t->f[j].layer;
	if (li < 0 || lj < 0)
		return;
	if (lj > li || (lj == 0 && li != 0))
		S_problem(t, "%s (layer %s) uses %s (layer %s): %s", t->f[i].path, S_layers[li],
		          t->f[j].path, S_layers[lj], why);
}

/* The include edges of file i. */
static void S_includes(S_tree *t, size_t i)
{
	const char *s = t->f[i].raw;
	long line = 1;
	for (const char *p = s; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *q = p;
		while (q < p + len && (*q == ' ' || *q == '\t'))
			q++;
		char name[256];
		if (sscanf(q, "#include \"%255[^\"]\"", name) == 1 ||
		    sscanf(q, "# include \"%255[^\"]\"", name) == 1) {
			char cand[600];
			size_t j = (size_t)-1;
			if (strchr(name, '/')) {
				snprintf(cand, sizeof cand, "src/%s", name);
				j = S_find(t, cand);
			}
			if (j == (size_t)-1) { /* beside the includer */
				const char *slash = strrchr(t->f[i].path, '/');
				snprintf(cand, sizeof cand, "%.*s/%s", (int)(slash - t->f[i].path),
				         t->f[i].path, name);
				j = S_find(t, cand);
			}
			if (j == (size_t)-1) {
				snprintf(cand, sizeof cand, "include/%s", name);
				j = S_find(t, cand);
			}
			char why[400];
			snprintf(why, sizeof why, "%s:%ld: #include \"%s\"", t->f[i].path, line, name);
			if (j == (size_t)-1)
				S_problem(t, "%s does not resolve to a file of src/ or include/", why);
			else
				S_edge(t, i, j, why);
		}
		p += len + (eol ? 1 : 0);
	}
}

static bool S_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool S_ident_char(char c)
{
	return S_ident_start(c) || (c >= '0' && c <= '9');
}

/* The next token of s from *p: an identifier (returns its length) or one character (1); 0 at
 * the end. *start is set to where it begins. */
static size_t S_token(const char *s, size_t *p, size_t *start)
{
	while (s[*p] == ' ' || s[*p] == '\t' || s[*p] == '\n' || s[*p] == '\r')
		(*p)++;
	*start = *p;
	if (!s[*p])
		return 0;
	if (S_ident_start(s[*p])) {
		while (S_ident_char(s[*p]))
			(*p)++;
		return *p - *start;
	}
	(*p)++;
	return 1;
}

/* The functions file i defines with external linkage: at file scope, NAME ( ... ) followed by
 * a body, in a declaration without `static` or `=`. */
static void S_definitions(S_tree *t, size_t i)
{
	const char *s = t->f[i].text;
	size_t p = 0, st, len;
	int depth = 0, paren = 0;
	bool is_static = false, has_eq = false;
	char cand[128] = "";
	bool after_params = false;
	while ((len = S_token(s, &p, &st)) > 0) {
		char c = s[st];
		if (depth > 0) {
			if (c == '{')
				depth++;
			else if (c == '}' && --depth == 0 && after_params) {
				is_static = has_eq = after_params = false; /* a function body ended */
				cand[0] = '\0';
			}
			continue;
		}
		if (len > 1 || S_ident_start(c)) {
			if (paren == 0 && len == 6 && !strncmp(s + st, "static", 6))
				is_static = true;
			size_t q = p;
			while (s[q] == ' ' || s[q] == '\t' || s[q] == '\n')
				q++;
			if (paren == 0 && !cand[0] && s[q] == '(' && len < sizeof cand &&
			    strncmp(s + st, "__attribute__", len) != 0)
				snprintf(cand, sizeof cand, "%.*s", (int)len, s + st);
			continue;
		}
		switch (c) {
		case '(': paren++; break;
		case ')':
			if (--paren == 0 && cand[0])
				after_params = true;
			break;
		case '=': if (paren == 0) has_eq = true; break;
		case ';':
			if (paren == 0) {
				is_static = has_eq = after_params = false;
				cand[0] = '\0';
			}
			break;
		case '{':
			depth = 1;
			if (after_params && !has_eq && !is_static && cand[0] && strcmp(cand, "main") != 0) {
				if (t->n_defs == t->cap_defs) {
					t->cap_defs = t->cap_defs ? 2 * t->cap_defs : 256;
					t->defs = S_xrealloc(t->defs, t->cap_defs * sizeof *t->defs);
				}
				t->defs[t->n_defs++] = (S_def){ .name = S_xstrdup(cand), .file = i };
			}
			if (!(after_params && !has_eq && cand[0]))
				after_params = false; /* a struct, enum or initialiser */
			break;
		default: break;
		}
	}
}

static int S_def_cmp(const void *a, const void *b)
{
	return strcmp(((const S_def *)a)->name, ((const S_def *)b)->name);
}

static int S_def_key(const void *key, const void *elem)
{
	return strcmp(key, ((const S_def *)elem)->name);
}

/* The use edges of .c file i: every name it mentions that another .c file defines. */
static void S_uses(S_tree *t, size_t i)
{
	const char *s = t->f[i].text;
	size_t p = 0, st, len;
	char name[128];
	while ((len = S_token(s, &p, &st)) > 0) {
		if (!S_ident_start(s[st]) || len >= sizeof name)
			continue;
		memcpy(name, s + st, len);
		name[len] = '\0';
		const S_def *d = bsearch(name, t->defs, t->n_defs, sizeof *t->defs, S_def_key);
		if (d && d->file != i) {
			char why[400];
			snprintf(why, sizeof why, "%s calls %s(), defined in %s", t->f[i].path, name,
			         t->f[d->file].path);
			S_edge(t, i, d->file, why);
		}
	}
}

/* Reports every edge that lies on a cycle (both ends reach each other), with the way back. */
static void S_cycles(S_tree *t)
{
	size_t n = t->n;
	bool *reach = calloc(n * n, 1);
	assert_non_null(reach);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			reach[i * n + j] = t->why[i * n + j] != NULL;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < n; i++)
			if (reach[i * n + k])
				for (size_t j = 0; j < n; j++)
					reach[i * n + j] |= reach[k * n + j];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			if (!t->why[i * n + j])
				continue;
			if (reach[j * n + i])
				S_problem(t, "cycle: %s -> %s (%s), and %s leads back", t->f[i].path,
				          t->f[j].path, t->why[i * n + j], t->f[j].path);
		}
	free(reach);
}

/* Checks the tree at root (its src/ and include/); returns the number of problems. */
static size_t S_check(const char *root, bool quiet, size_t *n_files, size_t *n_edges)
{
	S_tree t = { .root = root, .quiet = quiet };
	S_walk(&t, "src");
	S_walk(&t, "include");
	t.why = calloc(t.n * t.n + 1, sizeof *t.why);
	assert_non_null(t.why);
	for (size_t i = 0; i < t.n; i++) {
		if (t.f[i].layer < 0 && strncmp(t.f[i].path, "include/", 8) != 0)
			S_problem(&t, "%s is in no layer folder", t.f[i].path);
		size_t len = strlen(t.f[i].path);
		if (t.f[i].path[len - 1] == 'c')
			S_definitions(&t, i);
	}
	qsort(t.defs, t.n_defs, sizeof *t.defs, S_def_cmp);
	for (size_t i = 1; i < t.n_defs; i++)
		if (!strcmp(t.defs[i].name, t.defs[i - 1].name))
			S_problem(&t, "%s() is defined in both %s and %s", t.defs[i].name,
			          t.f[t.defs[i - 1].file].path, t.f[t.defs[i].file].path);
	for (size_t i = 0; i < t.n; i++) {
		S_includes(&t, i);
		if (t.f[i].path[strlen(t.f[i].path) - 1] == 'c')
			S_uses(&t, i);
	}
	S_cycles(&t);
	size_t edges = 0;
	for (size_t k = 0; k < t.n * t.n; k++)
		if (t.why[k]) {
			edges++;
			free(t.why[k]);
		}
	if (n_files)
		*n_files = t.n;
	if (n_edges)
		*n_edges = edges;
	for (size_t i = 0; i < t.n; i++) {
		free(t.f[i].path);
		free(t.f[i].raw);
		free(t.f[i].text);
	}
	for (size_t i = 0; i < t.n_defs; i++)
		free(t.defs[i].name);
	free(t.defs);
	free(t.f);
	free(t.why);
	return t.problems;
}

/* The source tree: no upward edge, no cycle. */
static void test_source_tree(void **state)
{
	(void)state;
	size_t files = 0, edges = 0;
	size_t problems = S_check(SB_SOURCE_DIR, false, &files, &edges);
	print_message("layers: %zu files, %zu edges, %zu problems\n", files, edges, problems);
	assert_true(files > 50);
	assert_true(edges > 100);
	assert_int_equal(problems, 0);
}

static void S_put(const char *root, const char *rel, const char *text)
{
	char *p = sb_join(root, rel);
	char *dir = S_xstrdup(p);
	for (char *s = strchr(dir + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(dir, 0700);
		*s = '/';
	}
	free(dir);
	sb_write_file(p, text, strlen(text));
	free(p);
}

/* A small tree with one fault of each kind: each is found, and a clean tree passes. */
static void test_checker_finds_faults(void **state)
{
	(void)state;
	char *root = sb_tmpdir();
	S_put(root, "src/base/a.h", "/* a */\nint sb_a(void);\n");
	S_put(root, "src/base/a.c", "#include \"base/a.h\"\nint sb_a(void)\n{\n\treturn 1;\n}\n");
	S_put(root, "src/score/s.h", "int sb_s(void);\n");
	S_put(root, "src/score/s.c",
	      "#include \"score/s.h\"\n#include \"base/a.h\"\n"
	      "static int S_x(void) { return 2; }\n"
	      "int sb_s(void)\n{\n\treturn sb_a() + S_x(); /* sb_r() */\n}\n");
	size_t files = 0;
	assert_int_equal(S_check(root, true, &files, NULL), 0);
	assert_int_equal(files, 4);

	/* Upward: base includes a cli header. */
	S_put(root, "src/cli/c.h", "int sb_c;\n");
	S_put(root, "src/base/up.c", "#include \"cli/c.h\"\nstatic const char *s = \"x\";\n");
	assert_int_equal(S_check(root, true, NULL, NULL), 1);
	char *p = sb_join(root, "src/base/up.c");
	remove(p);
	free(p);

	/* An include that resolves nowhere. */
	S_put(root, "src/base/lost.c", "#include \"base/nowhere.h\"\n");
	assert_int_equal(S_check(root, true, NULL, NULL), 1);
	p = sb_join(root, "src/base/lost.c");
	remove(p);
	free(p);

	/* A cycle through one shared header: r.c calls q.c's function and q.c calls r.c's. */
	S_put(root, "src/report/shared.h", "int sb_r(void);\nint sb_q(void);\n");
	S_put(root, "src/report/r.c",
	      "#include \"report/shared.h\"\nint sb_r(void)\n{\n\treturn sb_q();\n}\n");
	S_put(root, "src/report/q.c",
	      "#include \"report/shared.h\"\nint sb_q(void)\n{\n\treturn 0;\n}\n"
	      "int sb_q2(int x)\n{\n\treturn x ? sb_r() : 0;\n}\n");
	assert_int_equal(S_check(root, true, NULL, NULL), 2); /* r -> q and q -> r */
	/* A lower layer calling up through a header of its own (score defines, base calls). */
	S_put(root, "src/report/q.c",
	      "#include \"report/shared.h\"\nint sb_q(void)\n{\n\treturn 0;\n}\n");
	S_put(root, "src/base/b.c", "int sb_s(void);\nint sb_b(void)\n{\n\treturn sb_s();\n}\n");
	assert_int_equal(S_check(root, true, NULL, NULL), 1);
	sb_rmtree(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker_finds_faults),
		cmocka_unit_test(test_source_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
