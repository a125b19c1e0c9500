#include "promises.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void promise_broken(const char *promise)
{
	fprintf(stderr, "promise broken: %s\n", promise);
	abort();
}

am_engine *promise_engine(void)
{
	static am_engine *engine;

	if (!engine && am_engine_new(&engine) != AM_OK)
		promise_broken("an engine can be made");
	return engine;
}

/* The input with the result's edits applied equals the output. */
static void check_edits(const char *input, size_t len, const am_result *result)
{
	size_t out_len, pos = 0, at = 0, i;
	const char *out = am_result_text(result, &out_len);

	for (i = 0; i < am_result_edit_count(result); i++) {
		size_t start, end, text_len, same;
		const char *text;

		if (am_result_edit(result, i, &start, &end, &text, &text_len) !=
		    AM_OK)
			promise_broken("every edit can be read");
		if (start < pos || end < start || end > len)
			promise_broken("edits are sorted and inside the input");
		same = start - pos;
		if (at + same + text_len > out_len ||
		    memcmp(out + at, input + pos, same) != 0 ||
		    memcmp(out + at + same, text, text_len) != 0)
			promise_broken("bytes outside the edits are unchanged");
		at += same + text_len;
		pos = end;
	}
	if (out_len - at != len - pos ||
	    memcmp(out + at, input + pos, len - pos) != 0)
		promise_broken("bytes after the last edit are unchanged");
}

static void check_idempotent(const am_result *result, const am_options *options)
{
	size_t len, again_len;
	const char *out = am_result_text(result, &len);
	const char *again_text;
	am_result *again = NULL;

	if (am_migrate(promise_engine(), out, len, options, &again) != AM_OK)
		promise_broken("the output migrates again");
	again_text = am_result_text(again, &again_len);
	if (again_len != len || memcmp(again_text, out, len) != 0)
		promise_broken("migrating the output changes nothing");
	am_result_free(again);
}

void promise_check_migration(const char *input, size_t len,
                             const am_options *options)
{
	am_result *result = NULL;
	int status = am_migrate(promise_engine(), input, len, options, &result);

	if (status == AM_EVERIFY)
		promise_broken("an input that parses gives an output that "
		               "parses");
	if (status == AM_EINTERNAL)
		promise_broken("the rules settle");
	if (status != AM_OK && status != AM_ENOMEM && !result)
		promise_broken("a failed migration still has a result");
	if (status == AM_OK) {
		check_edits(input, len, result);
		check_idempotent(result, options);
	}
	am_result_free(result);
}

static void ignore_name(const char *name, size_t len, void *data)
{
	size_t *count = data;
	(void)name;
	*count += len > 0;
}

void promise_check_scans(const char *input, size_t len)
{
	static const am_scan_kind kinds[] = {AM_SCAN_SYNC_REQUESTS,
	                                     AM_SCAN_ASYNC_FIXTURES,
	                                     AM_SCAN_LOOP_REQUESTS};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t names = 0;
		am_scan_tests(promise_engine(), input, len, kinds[i],
		              ignore_name, &names);
	}
}
