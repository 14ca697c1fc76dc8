/* SPDX-License-Identifier: MIT */
/* import.c — header mapping, "did you mean", separator and header-row sniffing, and the slow path
 * of a cell, for answers files exported by survey platforms and spreadsheets. */
#include "data/import.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "data/csv.h"
#include "data/idcheck.h"

#define S_FOLD_MAX 1024

/* --- folding ------------------------------------------------------------------------------- */

/* The code point at s (n bytes left) and its length; an invalid byte is itself, length 1. */
static unsigned S_cp(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0];
	size_t l = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
	                      : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (l <= 1 || l > n) {
		*len = 1;
		return l == 1 ? c : 0xFFFFFFFFu; /* an invalid byte: kept as it is */
	}
	unsigned cp = c & (0x7F >> l);
	for (size_t k = 1; k < l; k++) {
		if ((s[k] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFFFFFFu;
		}
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	*len = l;
	return cp;
}

/* A code point's ASCII stand-in for comparison, or 0 when it has none. */
static int S_ascii_of(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
		return (int)(cp - 0xFEE0);
	switch (cp) {
	case 0x3000: case 0x00A0: case 0x2002: case 0x2003: case 0x2009: return ' ';
	case 0x3001: return ',';  /* 、 */
	case 0x3002: return '.';  /* 。 */
	case 0x201C: case 0x201D: return '"';
	case 0x2018: case 0x2019: return '\'';
	case 0x2013: case 0x2014: case 0x2015: return '-';
	case 0x3010: return '[';  /* 【 */
	case 0x3011: return ']';  /* 】 */
	default: return 0;
	}
}

/* Drops a leading question number: "12." "12、" "12)" "12:" "12 " "Q12 " "Q12." (folded: the
 * separator is already ASCII). Only when something follows. */
static size_t S_drop_number(char *s, size_t n)
{
	size_t i = 0;
	bool q = n > 0 && s[0] == 'q';
	if (q)
		i++;
	size_t d0 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d0)
		return n;
	size_t sep = i;
	if (i < n && (s[i] == '.' || s[i] == ',' || s[i] == ')' || s[i] == ':' || s[i] == '-'))
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i == sep || i >= n) /* needs a separator or a space, and a rest */
		return n;
	memmove(s, s + i, n - i);
	s[n - i] = '\0';
	return n - i;
}

size_t sb_import_fold(const char *in, size_t n, bool number, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n;) {
		size_t len;
		unsigned cp = S_cp(s + i, n - i, &len);
		int a = cp < 0x80 ? (int)cp : cp == 0xFFFFFFFFu ? -1 : S_ascii_of(cp);
		if (a == ' ' || a == '\t' || a == '\r' || a == '\n') {
			space = o > 0;
			i += len;
			continue;
		}
		size_t need = (a > 0 ? 1 : len) + space;
		if (o + need + 1 > size)
			return (size_t)-1;
		if (space)
			out[o++] = ' ';
		space = false;
		if (a > 0)
			out[o++] = (char)tolower(a);
		else
			for (size_t k = 0; k < len; k++)
				out[o++] = (char)s[i + k];
		i += len;
	}
	if (size == 0)
		return (size_t)-1;
	out[o] = '\0';
	if (number)
		o = S_drop_number(out, o);
	return o;
}

/* --- sniffing ------------------------------------------------------------------------------ */

char sb_import_sniff_delimiter(const char *head, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool q = false;
	for (size_t i = 0; i < n; i++) {
		char c = head[i];
		if (c == '"')
			q = !q;
		else if (q)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

long sb_import_sniff_header_rows(const char *head, size_t n, char delim)
{
	sb_csv *r;
	if (sb_csv_open_mem(head, n, n + 1, &r) != SB_OK) /* one block of the head's size */
		return 0;
	sb_csv_set_delimiter(r, delim);
	long skip = 0;
	sb_csv_record rec;
	for (int k = 0; k < 3; k++) {
		if (sb_csv_next(r, &rec) != SB_OK || rec.kind != SB_CSV_RECORD)
			break;
		if (k < 2)
			continue;
		for (size_t j = 0; j < rec.n_fields; j++) {
			const sb_csv_field *f = &rec.fields[j];
			if (f->len >= 11 && memcmp(f->p, "{\"ImportId\"", 11) == 0) {
				skip = 2;
				break;
			}
		}
	}
	sb_csv_free(r);
	return skip;
}

/* --- the header ---------------------------------------------------------------------------- */

/* Names platforms give the respondent's id column, folded (tried when there is no `id`). */
static const char *const S_id_names[] = {
	"id", "record_id", "responseid", "response id", "respondent id", "respondent_id",
	"participant id", "participant_id", "token", "序号",
};

/* A name as it may be shown in a message: control characters and quotes as \xHH, 60 bytes. */
static void S_shown(char *out, size_t size, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i >= 60) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7f || c == '\'')
			o += (size_t)snprintf(out + o, size - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static size_t S_lev(const char *a, size_t na, const char *b, size_t nb)
{
	if (na > 64 || nb > 64)
		return 99;
	size_t row[65];
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t cur = row[j];
			size_t sub = prev + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			size_t best = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
			row[j] = sub < best ? sub : best;
			prev = cur;
		}
	}
	return row[nb];
}

/* s lower-cased with leading zeros of each digit run dropped. */
static void S_unpad(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		char c = (char)tolower((unsigned char)s[i]);
		bool run_start = c >= '0' && c <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9');
		if (run_start)
			while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
				i++;
		out[o++] = (char)tolower((unsigned char)s[i]);
	}
	out[o] = '\0';
}

/* How close column name s is to item id: 1 same but for case, 2 same but for zero padding,
 * 3 + edit distance when within reach, 0 not close. */
static size_t S_closeness(const char *id, const char *s, size_t n)
{
	size_t ni = strlen(id);
	if (ni == n && strncasecmp(id, s, n) == 0)
		return 1;
	char a[128], c[128];
	S_unpad(id, ni, a, sizeof a);
	S_unpad(s, n, c, sizeof c);
	if (strcmp(a, c) == 0)
		return 2;
	/* one edit: ids of one bank often differ by two (anx01, avo01) */
	return S_lev(id, ni, s, n) == 1 ? 4 : 0;
}

/* Item whose id is s (exact), or SB_NONE. */
static size_t S_item_id(const sb_bank *b, const char *s, size_t n)
{
	if (n == 0 || n > SB_ID_MAX)
		return SB_NONE;
	char id[SB_ID_MAX + 1];
	memcpy(id, s, n);
	id[n] = '\0';
	return sb_bank_item(b, id);
}

typedef struct {
	const sb_bank *b;
	char *const *texts; /* the bank's folded item texts (S_texts_fold), NULL until needed */
} S_texts;

/* The hash table's slots for n texts: a power of two, at least twice n. */
static size_t S_slots(size_t n)
{
	size_t k = 16;
	while (k < 2 * n)
		k *= 2;
	return k;
}

/* Folds the bank's item texts into one allocation: n pointers, then a hash table of S_slots(n)
 * slots (1 + the index of the first text of each value, 0 empty; open addressing), then the
 * texts. NULL when out of memory. */
static char **S_texts_build(const sb_bank *b)
{
	size_t n = b->n_items * SB_LANG_COUNT, bytes = 0, ns = S_slots(n);
	char f[S_FOLD_MAX];
	for (int pass = 0; pass < 2; pass++) { /* measure, then fill */
		char **t = NULL, *p = NULL;
		uint32_t *slot = NULL;
		if (pass == 1) {
			if (!(t = sb_malloc((n ? n : 1) * sizeof *t + ns * sizeof *slot + bytes)))
				return NULL;
			slot = (uint32_t *)(t + (n ? n : 1));
			memset(slot, 0, ns * sizeof *slot);
			p = (char *)(slot + ns);
		}
		for (size_t i = 0; i < b->n_items; i++)
			for (size_t l = 0; l < SB_LANG_COUNT; l++) {
				const char *x = b->items[i].text.s[l];
				size_t fl = x ? sb_import_fold(x, strlen(x), false, f, sizeof f) : 0;
				if (fl == (size_t)-1)
					fl = 0;
				if (pass == 0) {
					bytes += fl ? fl + 1 : 0;
					continue;
				}
				size_t k = i * SB_LANG_COUNT + l;
				t[k] = fl ? memcpy(p, f, fl + 1) : NULL;
				p += fl ? fl + 1 : 0;
				if (!fl)
					continue;
				/* a text already in the table keeps its first item: the order of a scan */
				size_t h = (size_t)sb_id_hash(t[k], fl) & (ns - 1);
				while (slot[h] && strcmp(t[slot[h] - 1], t[k]) != 0)
					h = (h + 1) & (ns - 1);
				if (!slot[h])
					slot[h] = (uint32_t)(k + 1);
			}
		if (pass == 1)
			return t;
	}
	return NULL;
}

/* The bank's item texts folded, built the first time a header of any reader of this bank needs
 * them and kept with the bank (bank->folded_texts): folding them on every open was most of the
 * cost of opening a small file. -1 when out of memory. */
static int S_texts_fold(S_texts *t)
{
	if (t->texts)
		return 0;
	char **have = __atomic_load_n(&t->b->folded_texts, __ATOMIC_ACQUIRE);
	if (!have) {
		char **mine = S_texts_build(t->b);
		if (!mine)
			return -1;
		/* the bank is shared and const to readers; this one field is set once, atomically */
		char ***slot = (char ***)&t->b->folded_texts;
		if (__atomic_compare_exchange_n(slot, &have, mine, false, __ATOMIC_ACQ_REL,
		                                __ATOMIC_ACQUIRE))
			have = mine;
		else
			sb_free(mine); /* another thread was first: have is its table */
	}
	t->texts = have;
	return 0;
}

static size_t S_item_text(const S_texts *t, const char *s, size_t n)
{
	char f[S_FOLD_MAX];
	size_t fl = sb_import_fold(s, n, true, f, sizeof f);
	if (fl == (size_t)-1 || fl == 0)
		return SB_NONE;
	/* the hash table after the pointers (S_texts_build): the first item with this text */
	size_t nt = t->b->n_items * SB_LANG_COUNT, ns = S_slots(nt);
	const uint32_t *slot = (const uint32_t *)(t->texts + (nt ? nt : 1));
	for (size_t h = (size_t)sb_id_hash(f, fl) & (ns - 1); slot[h]; h = (h + 1) & (ns - 1))
		if (strcmp(t->texts[slot[h] - 1], f) == 0)
			return (slot[h] - 1) / SB_LANG_COUNT;
	return SB_NONE;
}

/* A column by code or text: the part inside trailing [..], after the last '.', after the last
 * " - " or "—"; each as an id, then as a text. */
static size_t S_item_inner(const S_texts *t, const char *s, size_t n)
{
	const char *parts[3];
	size_t lens[3], np = 0;
	if (n >= 3 && s[n - 1] == ']') {
		const char *o = NULL;
		for (size_t i = n - 1; i-- > 0;)
			if (s[i] == '[') {
				o = s + i;
				break;
			}
		if (o && o > s) {
			parts[np] = o + 1;
			lens[np++] = (size_t)(s + n - 1 - (o + 1));
		}
	}
	const char *dot = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '.') {
			dot = s + i;
			break;
		}
	if (dot && dot > s && dot + 1 < s + n) {
		parts[np] = dot + 1;
		lens[np++] = (size_t)(s + n - dot - 1);
	}
	const char *dash = NULL;
	size_t dl = 0;
	for (size_t i = 0; i + 3 <= n; i++) {
		if (memcmp(s + i, " - ", 3) == 0) {
			dash = s + i;
			dl = 3;
		} else if (memcmp(s + i, "\xE2\x80\x94", 3) == 0) {
			dash = s + i;
			dl = 3;
		}
	}
	if (dash && dash > s) {
		parts[np] = dash + dl;
		lens[np++] = (size_t)(s + n - dash - dl);
	}
	for (size_t k = 0; k < np; k++) {
		size_t it = S_item_id(t->b, parts[k], lens[k]);
		if (it == SB_NONE)
			it = S_item_text(t, parts[k], lens[k]);
		if (it != SB_NONE)
			return it;
	}
	return SB_NONE;
}

/* One header being mapped: what sb_import_header was given, and which column each item took. */
typedef struct {
	const sb_bank *b;
	const char *const *names;
	const size_t *lens;
	size_t n;
	const sb_import_header_opts *o;
	const char *file;
	long row;
	sb_col_map *map;
	size_t *first; /* per item: its column, or SB_NONE */
	sb_diags *d;
} S_hdr;

/* The id column: --id-column, else `id`, else a name platforms give it. SB_OK or SB_ERR_DATA. */
static sb_status S_id_column(const S_hdr *h, size_t *id_col)
{
	sb_status st = SB_OK;
	*id_col = SB_NONE;
	const char *want = h->o->id_column ? h->o->id_column : "id";
	for (size_t j = 0; j < h->n; j++) {
		if (strlen(h->names[j]) != h->lens[j] || strcmp(h->names[j], want) != 0)
			continue;
		if (*id_col != SB_NONE) {
			sb_diags_add(h->d, h->file, h->row, (long)j + 1,
			             "column '%s' appears twice (first in column %zu)", want, *id_col + 1);
			st = SB_ERR_DATA;
			continue;
		}
		*id_col = j;
	}
	if (*id_col == SB_NONE && !h->o->id_column) {
		for (size_t k = 0; k < sizeof S_id_names / sizeof *S_id_names && *id_col == SB_NONE; k++)
			for (size_t j = 0; j < h->n; j++) {
				char f[128];
				size_t fl = sb_import_fold(h->names[j], h->lens[j], false, f, sizeof f);
				if (fl != (size_t)-1 && strcmp(f, S_id_names[k]) == 0) {
					*id_col = j;
					break;
				}
			}
	}
	if (*id_col == SB_NONE) {
		if (h->o->id_column)
			sb_diags_add(h->d, h->file, h->row, 0, "the header has no column '%s' (--id-column)",
			             want);
		else
			sb_diags_add(h->d, h->file, h->row, 0,
			             "the header has no 'id' column (name the id column with --id-column)");
		return SB_ERR_DATA;
	}
	h->map[*id_col].role = SB_COL_ID;
	return st;
}

/* Items to columns: by id, by the mapping file, by code, by text; each pass only fills what the
 * earlier ones left. SB_OK, SB_ERR_DATA (an item twice) or SB_ERR_INTERNAL. */
static sb_status S_map_items(const S_hdr *h, S_texts *t)
{
	sb_status st = SB_OK;
	const sb_import_header_opts *o = h->o;
	size_t next = 0; /* by id: the item after the last one found (headers mostly follow the bank) */
	for (int pass = 0; pass < 4; pass++) {
		for (size_t j = 0; j < h->n; j++) {
			const char *name = h->names[j];
			if (h->map[j].role != SB_COL_IGNORED || strlen(name) != h->lens[j])
				continue;
			size_t it = SB_NONE;
			if (pass == 0) {
				/* ids are unique in a bank, so a match at next is what sb_bank_item would find */
				const char *guess = next < h->b->n_items ? h->b->items[next].id : NULL;
				it = guess && guess[0] == name[0] && strcmp(guess, name) == 0 ? next
				     : h->lens[j] <= SB_ID_MAX ? sb_bank_item(h->b, name) /* ids are short */
				                               : SB_NONE;
				if (it != SB_NONE)
					next = it + 1;
			} else if (pass == 1) {
				for (size_t k = 0; k < o->n_columns && it == SB_NONE; k++)
					if (strcmp(o->columns[k].column, name) == 0)
						it = sb_bank_item(h->b, o->columns[k].item);
			} else if (S_texts_fold(t) != 0) {
				return SB_ERR_INTERNAL;
			} else if (pass == 2) {
				it = S_item_inner(t, name, h->lens[j]);
			} else {
				it = S_item_text(t, name, h->lens[j]);
			}
			if (it == SB_NONE)
				continue;
			if (h->first[it] != SB_NONE) {
				sb_diags_add(h->d, h->file, h->row, (long)j + 1,
				             "item '%s' appears twice (first in column %zu)", h->b->items[it].id,
				             h->first[it] + 1);
				st = SB_ERR_DATA;
				h->map[j].role = SB_COL_KEPT; /* not listed as ignored */
				continue;
			}
			h->first[it] = j;
			h->map[j] = (sb_col_map){ .role = SB_COL_ITEM, .item = it,
			                          .how = pass == 0 ? SB_BY_ID : pass == 1 ? SB_BY_FILE
			                               : pass == 2 ? SB_BY_CODE : SB_BY_TEXT };
		}
	}
	return st;
}

/* Items with no column (the optional safety questions are never required): one problem per item
 * a free column probably meant ("did you mean"); then, when some items did map, the others in
 * one line (when none did, the file is likely not for this bank at all). SB_OK, SB_ERR_DATA or
 * SB_ERR_INTERNAL; *mapped is the count of required items that have a column. */
static sb_status S_missing_items(const S_hdr *h, size_t *mapped)
{
	const sb_bank *b = h->b;
	size_t ni = b->n_items, n = h->n, required = 0;
	*mapped = 0;
	for (size_t i = 0; i < ni; i++) {
		required += !b->items[i].safety;
		*mapped += h->first[i] != SB_NONE && !b->items[i].safety;
	}
	if (*mapped == required || h->o->allow_missing_items)
		return SB_OK;
	sb_status st = SB_OK;
	sb_buf rest = { 0 };
	size_t n_rest = 0;
	/* each free column goes to the missing item it is closest to (ANX01 to anx01, not to anx02
	 * one letter away), and each item takes the closest column given to it */
	size_t *col_item = sb_malloc((n ? n : 1) * sizeof *col_item);
	size_t *col_score = sb_malloc((n ? n : 1) * sizeof *col_score);
	if (!col_item || !col_score) {
		sb_free(col_item);
		sb_free(col_score);
		return SB_ERR_INTERNAL;
	}
	for (size_t j = 0; j < n; j++) {
		col_item[j] = SB_NONE;
		col_score[j] = 0;
		if (h->map[j].role == SB_COL_ITEM || h->map[j].role == SB_COL_ID ||
		    sb_bank_item(b, h->names[j]) != SB_NONE)
			continue;
		for (size_t i = 0; i < ni; i++) {
			if (h->first[i] != SB_NONE || b->items[i].safety)
				continue;
			size_t c = S_closeness(b->items[i].id, h->names[j], h->lens[j]);
			if (c && (!col_score[j] || c < col_score[j])) {
				col_score[j] = c;
				col_item[j] = i;
			}
		}
	}
	for (size_t i = 0; i < ni; i++) {
		if (h->first[i] != SB_NONE || b->items[i].safety)
			continue;
		size_t best = SB_NONE, score = 0;
		for (size_t j = 0; j < n; j++)
			if (col_item[j] == i && (!score || col_score[j] < score)) {
				score = col_score[j];
				best = j;
			}
		if (best != SB_NONE) {
			char shown[256];
			S_shown(shown, sizeof shown, h->names[best], h->lens[best]);
			sb_diags_add(h->d, h->file, h->row, (long)best + 1,
			             "no column for item %s; did you mean '%s' (column %zu)?", b->items[i].id,
			             shown, best + 1);
			st = SB_ERR_DATA;
		} else if (*mapped > 0) {
			sb_buf_puts(&rest, n_rest++ ? ", " : "");
			sb_buf_puts(&rest, b->items[i].id);
		}
	}
	sb_free(col_item);
	sb_free(col_score);
	if (n_rest)
		sb_diags_add(h->d, h->file, h->row, 0, "no column for item%s %s", n_rest == 1 ? "" : "s",
		             rest.data ? rest.data : "");
	sb_buf_free(&rest);
	if (*mapped > 0) {
		sb_diags_add(h->d, h->file, h->row, 0,
		             "%zu of %zu items have no column: rename the columns, map them with "
		             "--columns FILE.csv, or score without them with --allow-missing-items",
		             required - *mapped, required);
		st = SB_ERR_DATA;
	}
	return st;
}

/* The worse of two statuses: out of memory over bad data over fine. */
static sb_status S_worse(sb_status a, sb_status b)
{
	if (a == SB_ERR_INTERNAL || b == SB_ERR_INTERNAL)
		return SB_ERR_INTERNAL;
	return a != SB_OK ? a : b;
}

sb_status sb_import_header(const sb_bank *b, const char *const *names, const size_t *lens,
                           size_t n, const sb_import_header_opts *o, const char *file, long row,
                           sb_col_map *map, size_t *id_col, sb_diags *d)
{
	sb_status st = SB_OK;
	size_t ni = b->n_items;
	S_texts t = { .b = b };
	S_hdr h = { .b = b, .names = names, .lens = lens, .n = n, .o = o, .file = file, .row = row,
	            .map = map, .first = sb_malloc((ni ? ni : 1) * sizeof(size_t)), .d = d };
	if (!h.first) {
		st = SB_ERR_INTERNAL;
		goto done;
	}
	for (size_t i = 0; i < ni; i++)
		h.first[i] = SB_NONE;
	for (size_t j = 0; j < n; j++)
		map[j] = (sb_col_map){ .role = SB_COL_IGNORED, .item = SB_NONE };
	for (size_t k = 0; k < o->n_columns; k++)
		if (sb_bank_item(b, o->columns[k].item) == SB_NONE) {
			sb_diags_add(d, file, row, 0, "--columns maps '%s' to '%s', which is not an item of the bank",
			             o->columns[k].column, o->columns[k].item);
			st = SB_ERR_DATA;
		}
	st = S_worse(st, S_id_column(&h, id_col));
	st = S_worse(st, S_map_items(&h, &t));
	if (st == SB_ERR_INTERNAL)
		goto done;
	for (size_t k = 0; k < o->n_keep; k++)
		for (size_t j = 0; j < n; j++)
			if (map[j].role == SB_COL_IGNORED && strcmp(names[j], o->keep[k]) == 0)
				map[j].role = SB_COL_KEPT;
	size_t mapped;
	st = S_worse(st, S_missing_items(&h, &mapped));
	if (st != SB_ERR_INTERNAL && mapped == 0 && ni > 0) {
		sb_diags_add(d, file, row, 0,
		             "the header names no item of the bank (try 'securebase template')");
		st = SB_ERR_DATA;
	}
done:
	sb_free(h.first);
	if (st == SB_ERR_INTERNAL)
		sb_diags_add(d, file, 0, 0, "out of memory");
	return st;
}

/* --- cells --------------------------------------------------------------------------------- */

typedef struct {
	char *text; /* folded */
	int value;
} S_label;

/* The bank's response labels folded, in one allocation kept with the bank (bank->folded_labels):
 * this header, then labels[n_scales], n_labels[n_scales], the labels of every scale one after
 * the other, and their texts. */
typedef struct {
	S_label **labels; /* per response scale */
	size_t *n_labels;
} S_labels;

struct sb_cells {
	const S_labels *lab; /* the bank's, not owned */
	size_t n_scales;
	char **missing;      /* folded; in the same allocation as the cells */
	size_t n_missing;
};

void sb_cells_free(sb_cells *c)
{
	sb_free(c);
}

/* Folds every response label of the bank into one allocation (S_labels). NULL when out of memory
 * or when a label does not fold (longer than S_FOLD_MAX). */
static S_labels *S_labels_build(const sb_bank *b)
{
	size_t ns = b->n_responses, nl = 0, bytes = 0;
	char f[S_FOLD_MAX];
	for (int pass = 0; pass < 2; pass++) { /* measure, then fill */
		S_labels *t = NULL;
		S_label *next = NULL;
		char *p = NULL;
		if (pass == 1) {
			size_t head = sizeof *t + (ns + 1) * (sizeof *t->labels + sizeof *t->n_labels);
			head = (head + _Alignof(S_label) - 1) / _Alignof(S_label) * _Alignof(S_label);
			if (!(t = sb_malloc(head + (nl + 1) * sizeof *next + bytes)))
				return NULL;
			t->labels = (S_label **)(t + 1);
			t->n_labels = (size_t *)(t->labels + ns + 1);
			next = (S_label *)((char *)t + head);
			p = (char *)(next + nl + 1);
		}
		for (size_t r = 0; r < ns; r++) {
			const sb_response_scale *rs = &b->responses[r];
			size_t nv = rs->max >= rs->min ? (size_t)(rs->max - rs->min + 1) : 0;
			if (pass == 1) {
				t->labels[r] = next;
				t->n_labels[r] = 0;
			}
			for (size_t v = 0; v < nv; v++)
				for (size_t l = 0; l < SB_LANG_COUNT; l++) {
					const char *x = rs->labels ? rs->labels[v].s[l] : NULL;
					if (!x || !*x)
						continue;
					size_t fl = sb_import_fold(x, strlen(x), false, f, sizeof f);
					if (fl == (size_t)-1) {
						sb_free(t);
						return NULL;
					}
					if (pass == 0) {
						nl++;
						bytes += fl + 1;
						continue;
					}
					*next++ = (S_label){ .text = memcpy(p, f, fl + 1),
					                     .value = rs->min + (int)v };
					t->n_labels[r]++;
					p += fl + 1;
				}
		}
		if (pass == 1)
			return t;
	}
	return NULL;
}

/* The bank's folded labels, built by the first reader that needs them and kept with the bank
 * (set once, atomically, like its folded item texts): folding them on every open was a good
 * part of opening a small file. NULL when out of memory. */
static const S_labels *S_labels_get(const sb_bank *b)
{
	void *have = __atomic_load_n(&b->folded_labels, __ATOMIC_ACQUIRE);
	if (have)
		return have;
	S_labels *mine = S_labels_build(b);
	if (!mine)
		return NULL;
	/* the bank is shared and const to readers; this one field is set once, atomically */
	void **slot = (void **)&b->folded_labels;
	if (__atomic_compare_exchange_n(slot, &have, mine, false, __ATOMIC_ACQ_REL,
	                                __ATOMIC_ACQUIRE))
		return mine;
	sb_free(mine); /* another thread was first: have is its table */
	return have;
}

sb_status sb_cells_new(const sb_bank *b, const char *const *missing, size_t n_missing,
                       bool missing_set, sb_cells **out)
{
	static const char *const def[] = { "NA" };
	if (!missing_set) {
		missing = def;
		n_missing = 1;
	}
	*out = NULL;
	const S_labels *lab = S_labels_get(b);
	if (!lab)
		return SB_ERR_INTERNAL;
	/* the cells, then the missing codes' pointers and their folded texts, in one allocation */
	char f[S_FOLD_MAX];
	size_t bytes = 0;
	for (size_t k = 0; k < n_missing; k++) {
		size_t fl = sb_import_fold(missing[k], strlen(missing[k]), false, f, sizeof f);
		if (fl == (size_t)-1)
			return SB_ERR_INTERNAL;
		bytes += fl + 1;
	}
	sb_cells *c = sb_malloc(sizeof *c + (n_missing + 1) * sizeof *c->missing + bytes);
	if (!c)
		return SB_ERR_INTERNAL;
	*c = (sb_cells){ .lab = lab, .n_scales = b->n_responses, .n_missing = n_missing };
	c->missing = (char **)(c + 1);
	char *p = (char *)(c->missing + n_missing + 1);
	for (size_t k = 0; k < n_missing; k++) {
		size_t fl = sb_import_fold(missing[k], strlen(missing[k]), false, f, sizeof f);
		c->missing[k] = memcpy(p, f, fl + 1);
		p += fl + 1;
	}
	*out = c;
	return SB_OK;
}

int sb_cells_value(const sb_cells *c, size_t r, const char *s, size_t n, long long *v)
{
	char f[256];
	size_t fl = sb_import_fold(s, n, false, f, sizeof f);
	if (fl == (size_t)-1)
		return 0;
	if (fl == 0) {
		*v = SB_MISSING;
		return 1;
	}
	for (size_t k = 0; k < c->n_missing; k++)
		if (strcmp(f, c->missing[k]) == 0) {
			*v = SB_MISSING;
			return 1;
		}
	/* a whole number, maybe signed, maybe with a decimal part of zeros */
	size_t i = f[0] == '-';
	size_t d0 = i;
	long long x = 0;
	while (i < fl && f[i] >= '0' && f[i] <= '9') {
		if (x < 1000000000000LL)
			x = x * 10 + (f[i] - '0');
		i++;
	}
	if (i > d0) {
		size_t j = i;
		if (j < fl && f[j] == '.') {
			j++;
			while (j < fl && f[j] == '0')
				j++;
		}
		if (j == fl) {
			*v = f[0] == '-' ? -x : x;
			return 1;
		}
	}
	if (r < c->n_scales)
		for (size_t k = 0; k < c->lab->n_labels[r]; k++)
			if (strcmp(f, c->lab->labels[r][k].text) == 0) {
				*v = c->lab->labels[r][k].value;
				return 1;
			}
	return 0;
}
