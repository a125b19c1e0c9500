/*
 * Prints docs/rules.md from the rules' own documentation, so the reference
 * cannot drift from the code: `make docs` writes it, and a test checks that
 * the committed file is what this prints.
 */
#include "anyio_migrate.h"

#include <stdio.h>
#include <string.h>

/* The rule's doc with its headings one level down, under the rule's own. */
static void print_doc(const char *doc)
{
	const char *line = doc;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len >= 3 && strncmp(line, "## ", 3) == 0)
			fputs("#", stdout);
		fwrite(line, 1, len, stdout);
		fputs("\n", stdout);
		line += len + (end ? 1 : 0);
	}
}

int main(void)
{
	puts("# Rules\n");
	puts("Generated from the rules' own documentation by `make docs`; do not "
	     "edit by hand.\n");
	puts("| code | name | kind | fix safety | summary |");
	puts("|---|---|---|---|---|");
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		const char *safety = am_rule_fix_safety(r);
		printf("| [%s](#%s) | %s | %s | %s | %s |\n", am_rule_code(r),
		       am_rule_code(r), am_rule_name(r), am_rule_fix_kind(r),
		       safety ? safety : "", am_rule_summary(r));
	}
	for (size_t i = 0; i < am_rule_count(); i++) {
		const am_rule_info *r = am_rule_at(i);
		printf("\n<a id=\"%s\"></a>\n## %s %s\n\n", am_rule_code(r),
		       am_rule_code(r), am_rule_name(r));
		printf("%s — %s.\n\n", am_rule_summary(r),
		       strcmp(am_rule_fix_kind(r), "fix") == 0
		               ? "rewrites"
		               : strcmp(am_rule_fix_kind(r), "flag") == 0
		                         ? "reports only"
		                         : "rewrites where provably safe, reports "
		                           "the rest");
		print_doc(am_rule_doc(r));
	}
	return 0;
}
