/*
 * libFuzzer harness over the library: bytes in, migration out. Beyond "no
 * crash, no sanitizer report", every input checks the engine's promises:
 *  - an input that parses gives an output that parses (AM_EVERIFY and
 *    AM_EINTERNAL never happen);
 *  - the reported edits turn the input into the output, so every byte
 *    outside them is unchanged;
 *  - migrating the output again changes nothing (idempotence).
 * A broken promise aborts, which libFuzzer reports with the input.
 */
#include "anyio_migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static am_engine *engine;

static void broken(const char *promise)
{
	fprintf(stderr, "promise broken: %s\n", promise);
	abort();
}

/* The input with the result's edits applied equals the output. */
static void check_edits(const char *input, size_t len, const am_result *r)
{
	size_t out_len;
	const char *out = am_result_text(r, &out_len);
	size_t pos = 0, at = 0;
	for (size_t i = 0; i < am_result_edit_count(r); i++) {
		size_t start, end, text_len;
		const char *text;
		am_result_edit(r, i, &start, &end, &text, &text_len);
		if (start < pos || end < start || end > len)
			broken("edits are sorted and inside the input");
		size_t same = start - pos;
		if (at + same + text_len > out_len ||
		    memcmp(out + at, input + pos, same) != 0 ||
		    memcmp(out + at + same, text, text_len) != 0)
			broken("bytes outside the edits are unchanged");
		at += same + text_len;
		pos = end;
	}
	if (out_len - at != len - pos ||
	    memcmp(out + at, input + pos, len - pos) != 0)
		broken("bytes after the last edit are unchanged");
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!engine && am_engine_new(&engine) != AM_OK)
		abort();
	const char *input = (const char *)data;
	am_result *r = NULL;
	int rc = am_migrate(engine, input, size, NULL, &r);
	if (rc == AM_EVERIFY)
		broken("an input that parses gives an output that parses");
	if (rc == AM_EINTERNAL)
		broken("the rules settle");
	if (rc == AM_OK) {
		check_edits(input, size, r);
		size_t len;
		const char *out = am_result_text(r, &len);
		am_result *again = NULL;
		if (am_migrate(engine, out, len, NULL, &again) != AM_OK)
			broken("the output migrates again");
		size_t again_len;
		const char *again_text = am_result_text(again, &again_len);
		if (again_len != len || memcmp(again_text, out, len) != 0)
			broken("migrating the output changes nothing");
		am_result_free(again);
	}
	am_result_free(r);
	return 0;
}
