/* SPDX-License-Identifier: MIT */
/* gen.c — deterministic answer files for the benchmark: reads a codebook CSV (securebase template
 * --codebook --format csv) on stdin and writes ROWS respondents to stdout. Each respondent has one
 * latent level per scale; an answer is that level plus noise, rounded into the item's range and
 * reversed for reverse-keyed items, so scales have realistic internal consistency. About
 * MISSING_PERMILLE / 1000 of the cells are left empty.
 *
 *   gen ROWS SEED MISSING_PERMILLE < codebook.csv > answers.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 1000

static uint64_t S_state;

static uint64_t S_next(void) /* splitmix64 */
{
	uint64_t z = (S_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double S_unif(void)
{
	return (double)(S_next() >> 11) / 9007199254740992.0;
}

static double S_normal(void) /* Box-Muller, one value per call */
{
	double u = S_unif(), v = S_unif();
	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen ROWS SEED MISSING_PERMILLE < codebook.csv\n");
		return 64;
	}
	long rows = atol(argv[1]);
	S_state = strtoull(argv[2], NULL, 10);
	unsigned missing = (unsigned)atoi(argv[3]);
	static char ids[MAX_ITEMS][72], scales[MAX_ITEMS][72];
	static int rev[MAX_ITEMS], lo[MAX_ITEMS], hi[MAX_ITEMS], scale_of[MAX_ITEMS];
	static char scale_names[MAX_ITEMS][72];
	int n = 0, n_scales = 0;
	char line[65536];
	if (!fgets(line, sizeof line, stdin) || strncmp(line, "item,scale,reverse,min,max", 26) != 0) {
		fprintf(stderr, "gen: expected a codebook CSV on stdin\n");
		return 65;
	}
	while (fgets(line, sizeof line, stdin) && n < MAX_ITEMS) {
		char rv[8];
		if (sscanf(line, "%71[^,],%71[^,],%7[^,],%d,%d", ids[n], scales[n], rv, &lo[n], &hi[n]) != 5)
			continue; /* a line inside a quoted text */
		rev[n] = strcmp(rv, "yes") == 0;
		int s;
		for (s = 0; s < n_scales && strcmp(scale_names[s], scales[n]) != 0; s++)
			;
		if (s == n_scales)
			strcpy(scale_names[n_scales++], scales[n]);
		scale_of[n] = s;
		n++;
	}
	static char out[1 << 20];
	setvbuf(stdout, out, _IOFBF, sizeof out);
	fputs("id", stdout);
	for (int i = 0; i < n; i++)
		printf(",%s", ids[i]);
	fputc('\n', stdout);
	double level[MAX_ITEMS];
	for (long r = 1; r <= rows; r++) {
		for (int s = 0; s < n_scales; s++)
			level[s] = S_normal(); /* in SD units */
		printf("p%07ld", r);
		for (int i = 0; i < n; i++) {
			putchar(',');
			if (S_next() % 1000 < missing)
				continue;
			double mid = (lo[i] + hi[i]) / 2.0, spread = (hi[i] - lo[i]) / 5.0;
			double x = mid + spread * (0.9 * level[scale_of[i]] + 0.7 * S_normal());
			int v = (int)lround(x);
			if (v < lo[i])
				v = lo[i];
			if (v > hi[i])
				v = hi[i];
			if (rev[i])
				v = lo[i] + hi[i] - v;
			printf("%d", v);
		}
		putchar('\n');
	}
	return fflush(stdout) == 0 ? 0 : 74;
}
