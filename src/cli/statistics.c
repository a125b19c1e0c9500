#include "statistics.h"

#include <stdlib.h>
#include <string.h>

static size_t rule_index(const am_diagnostic *diagnostic)
{
	const am_rule_info *rule = am_rule_find(am_diagnostic_code(diagnostic));
	size_t i;

	for (i = 0; rule && i < am_rule_count(); i++) {
		if (am_rule_at(i) == rule)
			return i;
	}
	return am_rule_count();
}

int file_tally_count(struct file_tally *tally, const am_result *result,
                     int refused)
{
	size_t count = am_result_diagnostic_count(result);
	size_t i;

	tally->rules = calloc(am_rule_count() + 1, sizeof(*tally->rules));
	if (!tally->rules)
		return -1;
	for (i = 0; i < count; i++) {
		const am_diagnostic *d = am_result_diagnostic(result, i);
		struct rule_tally *t = &tally->rules[rule_index(d)];

		if (am_diagnostic_applicability(d) == AM_FIX_NONE)
			t->by_hand++;
		else if (am_diagnostic_fixed(d) && !refused)
			t->fixed++;
		else
			t->fixable++;
	}
	return 0;
}

void file_tally_free(struct file_tally *tally)
{
	free(tally->rules);
	tally->rules = NULL;
}

int statistics_init(struct statistics *statistics)
{
	memset(statistics, 0, sizeof(*statistics));
	statistics->rules =
	        calloc(am_rule_count() + 1, sizeof(*statistics->rules));
	return statistics->rules ? 0 : -1;
}

static void add_file(struct statistics *statistics, const char *path,
                     size_t fixable, size_t by_hand)
{
	struct file_left *files;

	if (statistics->file_count == statistics->capacity) {
		size_t capacity =
		        statistics->capacity ? statistics->capacity * 2 : 64;

		files = realloc(statistics->files, capacity * sizeof(*files));
		if (!files) {
			statistics->failed = 1;
			return;
		}
		statistics->files = files;
		statistics->capacity = capacity;
	}
	files = &statistics->files[statistics->file_count];
	files->path = strdup(path);
	files->fixable = fixable;
	files->by_hand = by_hand;
	if (!files->path)
		statistics->failed = 1;
	else
		statistics->file_count++;
}

void statistics_add(struct statistics *statistics, const char *path,
                    const struct file_tally *tally)
{
	size_t fixable = 0, by_hand = 0;
	size_t i;

	if (!tally->rules)
		return;
	for (i = 0; i <= am_rule_count(); i++) {
		struct rule_tally *all = &statistics->rules[i];

		all->fixed += tally->rules[i].fixed;
		all->fixable += tally->rules[i].fixable;
		all->by_hand += tally->rules[i].by_hand;
		fixable += tally->rules[i].fixable;
		by_hand += tally->rules[i].by_hand;
	}
	if (fixable + by_hand > 0)
		add_file(statistics, path, fixable, by_hand);
}

/* Most uses left first; then by path. */
static int compare_files(const void *left, const void *right)
{
	const struct file_left *a = left, *b = right;
	size_t x = a->fixable + a->by_hand, y = b->fixable + b->by_hand;

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void sort_files(struct statistics *statistics)
{
	if (statistics->file_count > 1)
		qsort(statistics->files, statistics->file_count,
		      sizeof(*statistics->files), compare_files);
}

static const char *rule_name(size_t i)
{
	return i < am_rule_count() ? am_rule_name(am_rule_at(i)) : "?";
}

static const char *rule_code(size_t i)
{
	return i < am_rule_count() ? am_rule_code(am_rule_at(i)) : "?";
}

void statistics_print(struct statistics *statistics, FILE *stream, size_t top)
{
	struct rule_tally total = {0, 0, 0};
	size_t i;

	fprintf(stream, "%-7s %-19s %7s %7s %7s\n", "code", "name", "fixed",
	        "fixable", "by hand");
	for (i = 0; i <= am_rule_count(); i++) {
		const struct rule_tally *t = &statistics->rules[i];

		if (t->fixed + t->fixable + t->by_hand == 0)
			continue;
		fprintf(stream, "%-7s %-19s %7zu %7zu %7zu\n", rule_code(i),
		        rule_name(i), t->fixed, t->fixable, t->by_hand);
		total.fixed += t->fixed;
		total.fixable += t->fixable;
		total.by_hand += t->by_hand;
	}
	fprintf(stream, "%-27s %7zu %7zu %7zu\n", "total", total.fixed,
	        total.fixable, total.by_hand);
	sort_files(statistics);
	if (statistics->file_count > 0)
		fprintf(stream, "\nfiles with the most uses left:\n");
	for (i = 0; i < statistics->file_count && i < top; i++) {
		const struct file_left *f = &statistics->files[i];

		fprintf(stream, "%7zu  %s (%zu fixable, %zu by hand)\n",
		        f->fixable + f->by_hand, f->path, f->fixable,
		        f->by_hand);
	}
}

json_t *statistics_json(struct statistics *statistics, size_t top)
{
	json_t *rules = json_array();
	json_t *files = json_array();
	size_t i;

	for (i = 0; rules && i <= am_rule_count(); i++) {
		const struct rule_tally *t = &statistics->rules[i];

		if (t->fixed + t->fixable + t->by_hand == 0)
			continue;
		json_array_append_new(
		        rules, json_pack("{s:s, s:s, s:I, s:I, s:I}", "code",
		                         rule_code(i), "rule", rule_name(i),
		                         "fixed", (json_int_t)t->fixed,
		                         "fixable", (json_int_t)t->fixable,
		                         "by_hand", (json_int_t)t->by_hand));
	}
	sort_files(statistics);
	for (i = 0; files && i < statistics->file_count && i < top; i++) {
		const struct file_left *f = &statistics->files[i];

		json_array_append_new(
		        files, json_pack("{s:s, s:I, s:I}", "path", f->path,
		                         "fixable", (json_int_t)f->fixable,
		                         "by_hand", (json_int_t)f->by_hand));
	}
	return json_pack("{s:o, s:o}", "rules", rules, "files", files);
}

void statistics_free(struct statistics *statistics)
{
	size_t i;

	for (i = 0; i < statistics->file_count; i++)
		free(statistics->files[i].path);
	free(statistics->files);
	free(statistics->rules);
	memset(statistics, 0, sizeof(*statistics));
}
