#include "rule_list.h"
#include "rule_codes.h"

#include "anyio_migrate.h"

#include <stdlib.h>
#include <string.h>

struct column_widths {
	int code, name, kind;
};

static int wider(int width, const char *text)
{
	int len = (int)strlen(text);

	return len > width ? len : width;
}

static struct column_widths measure(void)
{
	struct column_widths widths = {4, 4, 4}; /* the headers' */
	size_t i;

	for (i = 0; i < am_rule_count(); i++) {
		const am_rule_info *rule = am_rule_at(i);

		widths.code = wider(widths.code, am_rule_code(rule));
		widths.name = wider(widths.name, am_rule_name(rule));
		widths.kind = wider(widths.kind, am_rule_fix_kind(rule));
	}
	return widths;
}

void rule_list_print(FILE *stream)
{
	struct column_widths widths = measure();
	size_t i;

	fprintf(stream, "%-*s  %-*s  %-*s  %s\n", widths.code, "CODE",
	        widths.name, "NAME", widths.kind, "KIND", "SUMMARY");
	for (i = 0; i < am_rule_count(); i++) {
		const am_rule_info *rule = am_rule_at(i);

		fprintf(stream, "%-*s  %-*s  %-*s  %s\n", widths.code,
		        am_rule_code(rule), widths.name, am_rule_name(rule),
		        widths.kind, am_rule_fix_kind(rule),
		        am_rule_summary(rule));
	}
}

int rule_list_explain(FILE *stream, const char *code)
{
	char *canonical = strdup(code);
	const am_rule_info *rule;
	const char *doc;
	size_t len;

	if (!canonical)
		return -1;
	rule_code_canonical(canonical);
	rule = am_rule_find(canonical);
	free(canonical);
	if (!rule)
		return -1;
	doc = am_rule_doc(rule);
	len = strlen(doc);
	fprintf(stream, "%s %s (%s): %s\n\n", am_rule_code(rule),
	        am_rule_name(rule), am_rule_fix_kind(rule),
	        am_rule_summary(rule));
	fputs(doc, stream);
	if (len == 0 || doc[len - 1] != '\n')
		fputc('\n', stream);
	return 0;
}
