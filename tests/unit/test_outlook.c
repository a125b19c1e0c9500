/* Unit tests of outlook.h: what accepted rewrites leave for the importer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "anyio_migrate.h"
#include "arena.h"
#include "bind.h"
#include "outlook.h"
#include "syntax.h"

#include <stdlib.h>
#include <string.h>

/* One text, parsed and bound. */
typedef struct bound {
	TSTree *tree;
	am_binder binder;
	int ready;
	const char *text;
} bound;

typedef struct fixture {
	TSParser *parser;
	am_syntax syntax;
	am_arena arena;
	bound before, after;
	am_edit_list edits;
	am_outlook outlook;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	am_arena_init(&f->arena);
	f->parser = ts_parser_new();
	if (!f->parser ||
	    !ts_parser_set_language(f->parser, tree_sitter_python()) ||
	    am_syntax_init(&f->syntax, tree_sitter_python()) != 0)
		return -1;
	return 0;
}

static void unbind(bound *b)
{
	if (b->ready)
		am_binder_release(&b->binder);
	if (b->tree)
		ts_tree_delete(b->tree);
}

static int teardown(void **state)
{
	fixture *f = *state;
	unbind(&f->before);
	unbind(&f->after);
	AM_ARRAY_FREE(&f->edits.edits);
	am_outlook_release(&f->outlook);
	am_arena_release(&f->arena);
	if (f->parser)
		ts_parser_delete(f->parser);
	free(f);
	return 0;
}

static void bind_text(fixture *f, bound *b, const char *text)
{
	b->text = text;
	b->tree = ts_parser_parse_string(f->parser, NULL, text,
	                                 (uint32_t)strlen(text));
	assert_non_null(b->tree);
	assert_int_equal(am_bind(&b->binder, &f->syntax, &f->arena, text,
	                         ts_tree_root_node(b->tree), f->parser),
	                 AM_OK);
	b->ready = 1;
}

/* An edit replacing the first occurrence of `old` (after `after`, when not
 * NULL) with `text`; edits are added in the order of the text. */
static void edit(fixture *f, const char *after, const char *old,
                 const char *text)
{
	const char *from = f->before.text;
	if (after) {
		from = strstr(from, after);
		assert_non_null(from);
	}
	const char *at = strstr(from, old);
	assert_non_null(at);
	uint32_t start = (uint32_t)(at - f->before.text);
	am_edit e = {start, start + (uint32_t)strlen(old), text,
	             (uint32_t)strlen(text), (uint32_t)f->edits.edits.count};
	assert_true(AM_ARRAY_PUSH(&f->edits.edits, e));
}

/* The outlook of the edits: whether it is known. */
static int look(fixture *f)
{
	int known = -1;
	assert_int_equal(am_outlook_build(&f->outlook, &f->before.binder,
	                                  &f->edits, &known),
	                 AM_OK);
	return known;
}

static uint32_t uses_of(const fixture *f, const char *name)
{
	int scope = 0;
	int binding =
	        am_bind_lookup(&f->before.binder, scope, name, strlen(name));
	assert_true(binding >= 0);
	return f->outlook.uses[binding];
}

static const char module[] = "import asyncio\n"
                             "from asyncio import sleep\n\n\n"
                             "async def main(x):\n"
                             "    await asyncio.sleep(1)\n"
                             "    await sleep(2)\n";

/* The loads the edits replace go, those their texts make come. */
static void test_loads_left_and_made(void **state)
{
	fixture *f = *state;
	bind_text(f, &f->before, module);
	edit(f, "main", "asyncio.sleep", "anyio.sleep");
	edit(f, "await sleep", "sleep", "anyio.sleep");
	assert_int_equal(look(f), 1);
	assert_int_equal(uses_of(f, "asyncio"), 0);
	assert_int_equal(uses_of(f, "sleep"), 0);
	assert_true(am_outlook_is_free(&f->outlook, "anyio"));
	assert_false(am_outlook_is_free(&f->outlook, "math"));
	assert_int_equal(f->outlook.unused.count, 2);
}

/* Names in an edit's text load what they resolve to where it lands;
 * attributes and plain strings load nothing. */
static void test_loads_in_edit_texts(void **state)
{
	fixture *f = *state;
	bind_text(f, &f->before, module);
	edit(f, "main", "asyncio.sleep(1)",
	     "x.anyio(sleep, 'asyncio', math.inf == asyncio)");
	assert_int_equal(look(f), 1);
	assert_int_equal(uses_of(f, "asyncio"), 1);
	assert_int_equal(uses_of(f, "sleep"), 2);
	assert_false(am_outlook_is_free(&f->outlook, "anyio"));
	assert_true(am_outlook_is_free(&f->outlook, "math"));
	assert_int_equal(f->outlook.unused.count, 0);
}

/* What the outlook cannot tell: a text that may bind a name the importer
 * acts on, or load one inside an f-string; an edit on an import statement
 * or through a name. */
static void test_unknown(void **state)
{
	fixture *f = *state;
	static const char *const texts[] = {
	        "anyio = 1",       "anyio, y = 1, 2",
	        "anyio += 1",      "(anyio := 1)",
	        "f(anyio=1)",      "for anyio in x: pass",
	        "lambda anyio: 0", "with x as anyio: pass",
	        "del sleep",       "f'{anyio.x}'",
	        "rf\"{sleep}\"",
	};
	bind_text(f, &f->before, module);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		f->edits.edits.count = 0;
		edit(f, "main", "await asyncio.sleep(1)", texts[i]);
		assert_int_equal(look(f), 0);
	}
	f->edits.edits.count = 0;
	edit(f, NULL, "from asyncio import sleep", "");
	assert_int_equal(look(f), 0);
	f->edits.edits.count = 0;
	edit(f, "main", "asyncio.sl", "anyio.sl"); /* through `asyncio` */
	assert_int_equal(look(f), 1);
	am_outlook_release(&f->outlook);
	f->edits.edits.count = 0;
	edit(f, "main", "syncio.sleep", "x"); /* cuts `asyncio` */
	assert_int_equal(look(f), 0);
}

/* Checked on the binder of the text after the rewrites and the imports. */
static void test_holds(void **state)
{
	fixture *f = *state;
	bind_text(f, &f->before, module);
	edit(f, "main", "asyncio.sleep", "anyio.sleep");
	edit(f, "await sleep", "sleep", "anyio.sleep");
	assert_int_equal(look(f), 1);
	bind_text(f, &f->after,
	          "import anyio\n\n\n"
	          "async def main(x):\n"
	          "    await anyio.sleep(1)\n"
	          "    await anyio.sleep(2)\n");
	assert_true(am_outlook_holds(&f->outlook, &f->after.binder));
	unbind(&f->after);
	memset(&f->after, 0, sizeof(f->after));
	/* anyio imported for nothing */
	bind_text(f, &f->after,
	          "import anyio\n\n\nasync def main(x):\n"
	          "    pass\n");
	assert_false(am_outlook_holds(&f->outlook, &f->after.binder));
	unbind(&f->after);
	memset(&f->after, 0, sizeof(f->after));
	/* `sleep` removed, yet loaded */
	bind_text(f, &f->after,
	          "import anyio\n\n\nasync def main(x):\n"
	          "    await anyio.sleep(1)\n"
	          "    await sleep(2)\n");
	assert_false(am_outlook_holds(&f->outlook, &f->after.binder));
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        TEST(test_loads_left_and_made),
	        TEST(test_loads_in_edit_texts),
	        TEST(test_unknown),
	        TEST(test_holds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
