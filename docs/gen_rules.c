/*
 * Writes what the documentation says about the rules from the rules' own
 * metadata, so that it cannot drift from the code:
 *
 *     gen_rules                 prints docs/rules.md
 *     gen_rules --write SRC     writes docs/rules.md, and the rule table of
 *                               SRC/README.md and the rule list of the man
 *                               page (between their markers)
 *     gen_rules --check SRC     exits 1 when one of them is not what
 *                               --write would write (a test runs this)
 *
 * `make docs` runs --write.
 */
#include "anyio_migrate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing string. */
typedef struct text {
	char *data;
	size_t len;
} text;

static void put(text *t, const char *s, size_t n)
{
	char *data = realloc(t->data, t->len + n + 1);
	if (!data) {
		fprintf(stderr, "gen_rules: out of memory\n");
		exit(2);
	}
	memcpy(data + t->len, s, n);
	t->data = data;
	t->len += n;
	t->data[t->len] = '\0';
}

static void puts_to(text *t, const char *s)
{
	put(t, s, strlen(s));
}

static void printf_to(text *t, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void printf_to(text *t, const char *fmt, ...)
{
	char buf[4096];
	va_list args;
	va_start(args, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		fprintf(stderr, "gen_rules: a line longer than %zu bytes\n",
		        sizeof(buf));
		exit(2);
	}
	put(t, buf, (size_t)n);
}

static const char *kind_words(const am_rule_info *r)
{
	const char *kind = am_rule_fix_kind(r);
	if (strcmp(kind, "fix") == 0)
		return "rewrites";
	if (strcmp(kind, "flag") == 0)
		return "reports only";
	return "rewrites where provably safe, reports the rest";
}

/* The rule's doc with its headings one level down, under the rule's own. */
static void doc_to(text *t, const char *doc)
{
	const char *line = doc;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len >= 3 && strncmp(line, "## ", 3) == 0)
			puts_to(t, "#");
		put(t, line, len);
		puts_to(t, "\n");
		line += len + (end ? 1 : 0);
	}
}

/* docs/rules.md */
static void reference(text *t)
{
	puts_to(t, "# Rules\n\n");
	puts_to(t,
	        "Generated from the rules' own documentation by `make docs`; "
	        "do not edit by hand.\n\n");
	puts_to(t, "| code | name | kind | fix safety | summary |\n");
	puts_to(t, "|---|---|---|---|---|\n");
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		const char *safety = am_rule_fix_safety(r);
		printf_to(t, "| [%s](#%s) | %s | %s | %s | %s |\n",
		          am_rule_code(r), am_rule_code(r), am_rule_name(r),
		          am_rule_fix_kind(r), safety ? safety : "",
		          am_rule_summary(r));
	}
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		printf_to(t, "\n<a id=\"%s\"></a>\n## %s %s\n\n",
		          am_rule_code(r), am_rule_code(r), am_rule_name(r));
		printf_to(t, "%s — %s.\n\n", am_rule_summary(r), kind_words(r));
		doc_to(t, am_rule_doc(r));
	}
}

/* README.md's rule table. */
static void readme_table(text *t)
{
	puts_to(t, "| code | name | kind | what it does |\n");
	puts_to(t, "|---|---|---|---|\n");
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		printf_to(t, "| %s | %s | %s | %s |\n", am_rule_code(r),
		          am_rule_name(r), am_rule_fix_kind(r),
		          am_rule_summary(r));
	}
}

/* The man page's list of codes and names, a sentence filled to lines of
 * at most 72 characters. */
static void man_list(text *t)
{
	size_t column = 0;
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		char item[128];
		snprintf(item, sizeof(item), "%s %s%s", am_rule_code(r),
		         am_rule_name(r), i + 1 < am_rule_count() ? "," : ".");
		size_t len = strlen(item);
		if (column && column + 1 + len > 72) {
			puts_to(t, "\n");
			column = 0;
		} else if (column) {
			puts_to(t, " ");
			column++;
		}
		puts_to(t, item);
		column += len;
	}
	puts_to(t, "\n");
}

static int read_file(const char *path, text *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char buf[65536];
	size_t n;
	out->data = NULL;
	out->len = 0;
	put(out, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		put(out, buf, n);
	fclose(f);
	return 1;
}

/* `file` with the lines between the line holding `begin` and the line
 * holding `end` replaced by `inner`; NULL when a marker is missing. */
static char *splice(const char *file, const char *begin, const char *end,
                    const text *inner)
{
	const char *b = strstr(file, begin);
	const char *from = b ? strchr(b, '\n') : NULL;
	const char *e = from ? strstr(from, end) : NULL;
	if (!e)
		return NULL;
	while (e > from && e[-1] != '\n')
		e--;
	text out = {0};
	put(&out, file, (size_t)(from + 1 - file));
	put(&out, inner->data, inner->len);
	puts_to(&out, e);
	return out.data;
}

typedef struct target {
	const char *path;  /* under SRC */
	const char *begin; /* NULL: the whole file */
	const char *end;
	void (*make)(text *t);
} target;

static const target targets[] = {
        {"docs/rules.md", NULL, NULL, reference},
        {"README.md", "<!-- rules table: begin", "<!-- rules table: end",
         readme_table},
        {"docs/migrate_to_anyio.1", ".\\\" rules list: begin",
         ".\\\" rules list: end", man_list},
};

/* What `target` should hold, or NULL (with a message) when it cannot be
 * made. */
static char *wanted(const char *src, const target *tg, text *current)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", src, tg->path);
	text made = {0};
	tg->make(&made);
	if (!tg->begin)
		return made.data;
	if (!read_file(path, current)) {
		perror(path);
		return NULL;
	}
	char *whole = splice(current->data, tg->begin, tg->end, &made);
	if (!whole)
		fprintf(stderr, "%s: the markers `%s` and `%s` are missing\n",
		        path, tg->begin, tg->end);
	free(made.data);
	return whole;
}

static int write_or_check(const char *src, int write)
{
	int status = 0;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		const target *tg = &targets[i];
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", src, tg->path);
		text current = {0};
		char *want = wanted(src, tg, &current);
		if (!want) {
			status = 2;
			continue;
		}
		if (!current.data && !read_file(path, &current))
			current.data = NULL;
		int same = current.data && strcmp(current.data, want) == 0;
		if (!same && write) {
			FILE *f = fopen(path, "wb");
			if (!f || fputs(want, f) == EOF || fclose(f) != 0) {
				perror(path);
				status = 2;
			}
		} else if (!same) {
			fprintf(stderr,
			        "%s is not what the rules' metadata make: run "
			        "`make docs`\n",
			        tg->path);
			status = status ? status : 1;
		}
		free(want);
		free(current.data);
	}
	return status;
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		text t = {0};
		reference(&t);
		fputs(t.data, stdout);
		free(t.data);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		return write_or_check(argv[2], 1);
	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return write_or_check(argv[2], 0);
	fprintf(stderr, "usage: gen_rules [--write SRC | --check SRC]\n");
	return 2;
}
