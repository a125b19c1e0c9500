/*
 * Golden fixture runner: fixtures/<rule>/<case>.py is the input,
 * <case>.expected.py the expected output (absent: the input must come out
 * unchanged), <case>.diagnostics the expected diagnostics, one a line as
 * `line:col: CODE [*] message` ([*] for a rewritten use; input positions).
 * Also checks that the reported edits turn the input into the output, that
 * migrating the output again changes nothing (idempotence), and that it
 * then reports no rewrite.
 *
 * A case in a folder named after a rule pins that rule: every rule runs,
 * but only that rule's diagnostics are the expectation, so rewording one
 * rule changes no other rule's fixtures. A case anywhere else (the
 * engine's own, in tests/engine/<topic>/) expects every diagnostic.
 *
 *     fixture_runner CASE.py            check
 *     fixture_runner --update CASE.py   write the expected files
 *
 * A first line `# fixture-options: queue-compat=MODULE select=CODE
 * ignore=CODE` (any of them) runs the case with those options; for tests,
 * `pytest-auto=yes`, `sync-fixtures=NAME,NAME`, `anyio-backends=LIST`
 * (the root conftest.py), `backends-asked=yes` and
 * `event-loop-unrequested=yes`.
 */
#include "anyio_migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
	char *data;
	size_t len;
} text;

static int read_file(const char *path, text *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t cap = 4096, len = 0;
	char *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *grown = realloc(data, cap *= 2);
			if (!grown) {
				free(data);
				data = NULL;
			}
			data = grown;
		}
	}
	fclose(f);
	if (!data)
		return 0;
	out->data = data;
	out->len = len;
	return 1;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	int ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static char *sibling(const char *input, const char *suffix)
{
	size_t base = strlen(input) - 3; /* without ".py" */
	char *path = malloc(base + strlen(suffix) + 1);
	memcpy(path, input, base);
	strcpy(path + base, suffix);
	return path;
}

/* The code of the rule a case pins (the rule its folder is named after),
 * or NULL when it expects every diagnostic. */
static const char *pinned_code(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	const char *folder = slash;
	while (folder > path && folder[-1] != '/')
		folder--;
	char name[128];
	size_t len = (size_t)(slash - folder);
	if (len == 0 || len >= sizeof(name))
		return NULL;
	memcpy(name, folder, len);
	name[len] = '\0';
	const am_rule_info *rule = am_rule_find(name);
	return rule && strcmp(am_rule_name(rule), name) == 0
	               ? am_rule_code(rule)
	               : NULL;
}

static char *format_diagnostics(const am_result *result, const char *pinned,
                                size_t *len)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	for (size_t i = 0; i < am_result_diagnostic_count(result); i++) {
		const am_diagnostic *d = am_result_diagnostic(result, i);
		if (pinned && strcmp(am_diagnostic_code(d), pinned) != 0)
			continue;
		am_position start;
		am_diagnostic_range(d, AM_INPUT, &start, NULL);
		fprintf(out, "%u:%u: %s %s%s\n", start.line, start.column,
		        am_diagnostic_code(d),
		        am_diagnostic_fixed(d) ? "[*] " : "",
		        am_diagnostic_message(d));
	}
	fclose(out);
	return buf;
}

/* The input with the result's edits applied. */
static char *apply_edits(const text *input, const am_result *result,
                         size_t *len)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);
	size_t pos = 0;
	for (size_t i = 0; i < am_result_edit_count(result); i++) {
		size_t start, end, tlen;
		const char *t;
		am_result_edit(result, i, &start, &end, &t, &tlen);
		fwrite(input->data + pos, 1, start - pos, out);
		fwrite(t, 1, tlen, out);
		pos = end;
	}
	fwrite(input->data + pos, 1, input->len - pos, out);
	fclose(out);
	return buf;
}

/* Options from the fixture's first line: `# fixture-options:` and then
 * `queue-compat=MODULE`, `select=CODE` or `ignore=CODE` (one code or
 * prefix each), or `unsafe-fixes=no` (the safe fixes only, as without
 * --unsafe-fixes). */
typedef struct fixture_options {
	char line[256];
	const char *select[2], *ignore[2];
	const char *sync_fixtures[8];
} fixture_options;

/* `a,b,c` split in place into a NULL-terminated list. */
static void split_names(char *value, const char **names, size_t cap)
{
	size_t n = 0;
	for (char *name = value; name && n + 1 < cap;) {
		char *comma = strchr(name, ',');
		if (comma)
			*comma++ = '\0';
		names[n++] = name;
		name = comma;
	}
	names[n] = NULL;
}

static void read_options(const text *input, am_options *options,
                         fixture_options *fo)
{
	static const char marker[] = "# fixture-options: ";
	size_t n = sizeof(marker) - 1, i = 0;
	if (input->len <= n || memcmp(input->data, marker, n) != 0)
		return;
	while (n + i < input->len && i + 1 < sizeof(fo->line) &&
	       input->data[n + i] != '\n' && input->data[n + i] != '\r')
		fo->line[i] = input->data[n + i], i++;
	fo->line[i] = '\0';
	for (char *word = strtok(fo->line, " "); word;
	     word = strtok(NULL, " ")) {
		char *value = strchr(word, '=');
		if (!value)
			continue;
		*value++ = '\0';
		if (strcmp(word, "queue-compat") == 0)
			options->queue_compat = value;
		else if (strcmp(word, "select") == 0)
			fo->select[0] = value, options->select = fo->select;
		else if (strcmp(word, "ignore") == 0)
			fo->ignore[0] = value, options->ignore = fo->ignore;
		else if (strcmp(word, "unsafe-fixes") == 0)
			options->unsafe_fixes = strcmp(value, "no") != 0;
		else if (strcmp(word, "pytest-auto") == 0)
			options->pytest_auto_mode = strcmp(value, "yes") == 0;
		else if (strcmp(word, "sync-fixtures") == 0) {
			split_names(value, fo->sync_fixtures,
			            sizeof(fo->sync_fixtures) /
			                    sizeof(fo->sync_fixtures[0]));
			options->sync_requested_fixtures = fo->sync_fixtures;
		} else if (strcmp(word, "anyio-backends") == 0)
			options->anyio_backends = value;
		else if (strcmp(word, "backends-asked") == 0)
			options->anyio_backends_asked =
			        strcmp(value, "yes") == 0;
		else if (strcmp(word, "event-loop-unrequested") == 0)
			options->event_loop_unrequested =
			        strcmp(value, "yes") == 0;
	}
}

static int same(const char *what, const char *path, const char *want,
                size_t want_len, const char *got, size_t got_len)
{
	if (want_len == got_len && memcmp(want, got, got_len) == 0)
		return 1;
	fprintf(stderr,
	        "FAIL %s: %s differs\n--- expected\n%.*s\n--- got\n%.*s\n---\n",
	        path, what, (int)want_len, want, (int)got_len, got);
	return 0;
}

int main(int argc, char **argv)
{
	int update = argc == 3 && strcmp(argv[1], "--update") == 0;
	if (argc != 2 && !update) {
		fprintf(stderr, "usage: fixture_runner [--update] CASE.py\n");
		return 2;
	}
	const char *path = argv[argc - 1];
	text input, expected = {0}, diags = {0};
	if (!read_file(path, &input)) {
		perror(path);
		return 2;
	}
	char *expected_path = sibling(path, ".expected.py");
	char *diags_path = sibling(path, ".diagnostics");
	am_engine *engine;
	if (am_engine_new(&engine) != AM_OK) {
		fprintf(stderr, "engine setup failed\n");
		return 2;
	}
	/* Fixtures show every rewrite, the unsafe ones too. */
	am_options options = AM_OPTIONS_INIT;
	options.unsafe_fixes = 1;
	fixture_options fo = {0};
	read_options(&input, &options, &fo);
	am_result *result;
	int rc = am_migrate(engine, input.data, input.len, &options, &result);
	if (rc != AM_OK) {
		fprintf(stderr, "FAIL %s: %s\n", path, am_result_error(result));
		return 1;
	}
	size_t out_len, diag_len, applied_len;
	const char *out = am_result_text(result, &out_len);
	char *diag_text =
	        format_diagnostics(result, pinned_code(path), &diag_len);
	if (update) {
		if (am_result_changed(result))
			write_file(expected_path, out, out_len);
		else
			remove(expected_path);
		if (diag_len)
			write_file(diags_path, diag_text, diag_len);
		else
			remove(diags_path);
		printf("updated %s\n", path);
		free(diag_text);
		am_result_free(result);
		am_engine_free(engine);
		free(expected_path);
		free(diags_path);
		free(input.data);
		return 0;
	}
	int ok = 1;
	int has_expected = read_file(expected_path, &expected);
	int has_diags = read_file(diags_path, &diags);
	if (!has_expected)
		expected = input;
	if (!has_diags)
		diags.data = "", diags.len = 0;
	ok &= same("output", path, expected.data, expected.len, out, out_len);
	ok &= same("diagnostics", path, diags.data, diags.len, diag_text,
	           diag_len);
	char *applied = apply_edits(&input, result, &applied_len);
	ok &= same("input with the reported edits applied", path, out, out_len,
	           applied, applied_len);
	am_result *again;
	if (am_migrate(engine, out, out_len, &options, &again) != AM_OK) {
		fprintf(stderr, "FAIL %s: output does not migrate: %s\n", path,
		        am_result_error(again));
		ok = 0;
	} else {
		size_t again_len;
		const char *again_text = am_result_text(again, &again_len);
		ok &= same("output migrated again (idempotence)", path, out,
		           out_len, again_text, again_len);
		for (size_t i = 0; i < am_result_diagnostic_count(again); i++)
			if (am_diagnostic_fixed(
			            am_result_diagnostic(again, i))) {
				fprintf(stderr,
				        "FAIL %s: a second run rewrites\n",
				        path);
				ok = 0;
				break;
			}
	}
	am_result_free(again);
	am_result_free(result);
	am_engine_free(engine);
	free(applied);
	free(diag_text);
	if (has_expected)
		free(expected.data);
	if (has_diags)
		free(diags.data);
	free(expected_path);
	free(diags_path);
	free(input.data);
	printf("%s %s\n", ok ? "ok" : "FAIL", path);
	return ok ? 0 : 1;
}
