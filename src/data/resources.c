/* SPDX-License-Identifier: MIT */
/* resources.c — the inputs and outputs of one command, checked against each other. */
#include "data/resources.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

static void S_add(sb_resources *r, const char *what, const char *path, bool output)
{
	if (!path || r->n >= SB_RES_MAX)
		return;
	r->v[r->n++] = (sb_resource){ .what = what, .path = path, .output = output };
}

void sb_res_input(sb_resources *r, const char *what, const char *path)
{
	S_add(r, what, path, false);
}

void sb_res_output(sb_resources *r, const char *what, const char *path)
{
	S_add(r, what, path, true);
}

typedef struct {
	bool std;     /* "-": standard input or output */
	bool exists;  /* stat (or fstat of 0/1) succeeded */
	struct stat st;
	char *where;  /* for an output that does not exist: realpath(folder) + "/" + name */
} S_info;

/* The absolute name a file that does not exist yet would get, or NULL (no such folder). */
static char *S_would_be(const char *path, bool *nomem)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	if (!*name)
		return NULL;
	char dir[PATH_MAX], real[PATH_MAX];
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!realpath(dir, real))
		return NULL;
	size_t n = strlen(real) + strlen(name) + 2;
	char *out = sb_malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
	else
		*nomem = true;
	return out;
}

/* Fills in; false only when memory ran out. */
static bool S_look(const sb_resource *e, S_info *in)
{
	in->std = strcmp(e->path, "-") == 0;
	if (in->std)
		in->exists = fstat(e->output ? STDOUT_FILENO : STDIN_FILENO, &in->st) == 0;
	else
		in->exists = stat(e->path, &in->st) == 0;
	if (!in->exists && e->output && !in->std) {
		bool nomem = false;
		in->where = S_would_be(e->path, &nomem);
		return !nomem;
	}
	return true;
}

static bool S_same_inode(const S_info *a, const S_info *b)
{
	return a->exists && b->exists && a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
}

/* A pipe or socket: what one reader takes, another never sees. */
static bool S_stream(const S_info *a)
{
	return a->exists && (S_ISFIFO(a->st.st_mode) || S_ISSOCK(a->st.st_mode));
}

static const char *S_name(const sb_resource *e)
{
	return strcmp(e->path, "-") == 0 ? (e->output ? "standard output" : "standard input")
	                                 : e->path;
}

/* Whether entries i < j clash; if so, the message naming both is added to d. */
static bool S_clash(const sb_resource *ei, const S_info *a, const sb_resource *ej, const S_info *b,
                    sb_diags *d)
{
	if (!ei->output && !ej->output) {
		/* Two inputs: only standard input or one pipe claimed twice is a problem. */
		if ((a->std && b->std) || (S_stream(a) && S_same_inode(a, b))) {
			sb_diags_add(d, "securebase", 0, 0,
			             "%s can be read only once: %s %s and %s %s both name it",
			             a->std && b->std ? "standard input" : ei->path, ei->what, ei->path,
			             ej->what, ej->path);
			return true;
		}
		return false;
	}
	if (ei->output && ej->output) {
		bool same = (a->std && b->std) ||
		            (a->exists && S_ISREG(a->st.st_mode) && S_same_inode(a, b)) ||
		            (a->where && b->where && strcmp(a->where, b->where) == 0);
		if (same)
			sb_diags_add(d, "securebase", 0, 0,
			             "%s %s and %s %s are the same file: refusing to write one over the "
			             "other", ei->what, S_name(ei), ej->what, S_name(ej));
		return same;
	}
	/* An input and an output. */
	const sb_resource *eo = ei->output ? ei : ej, *ein = ei->output ? ej : ei;
	const S_info *o = ei->output ? a : b;
	if (!(o->exists && S_ISREG(o->st.st_mode) && S_same_inode(a, b)))
		return false;
	sb_diags_add(d, "securebase", 0, 0, "%s %s is the %s %s: refusing to overwrite it", eo->what,
	             S_name(eo), ein->what, S_name(ein));
	return true;
}

sb_status sb_res_check(const sb_resources *r, sb_diags *d)
{
	S_info *info = sb_calloc(r->n ? r->n : 1, sizeof *info);
	if (!info) {
		sb_diags_add(d, "securebase", 0, 0, "out of memory");
		return SB_ERR_INTERNAL;
	}
	sb_status st = SB_OK;
	for (size_t i = 0; i < r->n; i++)
		if (!S_look(&r->v[i], &info[i]))
			st = SB_ERR_INTERNAL;
	if (st != SB_OK)
		sb_diags_add(d, "securebase", 0, 0, "out of memory");
	for (size_t i = 0; i < r->n && st == SB_OK; i++)
		for (size_t j = i + 1; j < r->n && st == SB_OK; j++)
			if (S_clash(&r->v[i], &info[i], &r->v[j], &info[j], d))
				st = SB_ERR_USAGE;
	for (size_t i = 0; i < r->n; i++)
		sb_free(info[i].where);
	sb_free(info);
	return st;
}
