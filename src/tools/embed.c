/* SPDX-License-Identifier: MIT */
/* embed.c — build tool: turns a file into a C array (the default bank inside the binary). */
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: embed INPUT OUTPUT.c SYMBOL\n");
		return 64;
	}
	FILE *in = fopen(argv[1], "rb");
	if (!in) {
		perror(argv[1]);
		return 66;
	}
	FILE *out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		fclose(in);
		return 73;
	}
	fprintf(out, "/* generated from %s by embed; do not edit */\n#include <stddef.h>\n", argv[1]);
	fprintf(out, "const unsigned char %s[] = {\n", argv[3]);
	unsigned long n = 0;
	int c;
	while ((c = getc(in)) != EOF) {
		fprintf(out, "%d,%s", c, (++n % 20) ? "" : "\n");
	}
	fprintf(out, "0};\nconst size_t %s_len = %lu;\n", argv[3], n);
	int bad = ferror(in) || fclose(out) != 0;
	fclose(in);
	if (bad) {
		fprintf(stderr, "embed: write failed\n");
		return 74;
	}
	return 0;
}
