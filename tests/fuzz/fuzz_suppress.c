/*
 * libFuzzer harness for suppression comments: the input is cut at its
 * newlines into comment texts, and the i-th becomes `# anyio-migrate: TEXT`
 * on the i-th line of an asyncio program that every rule has something to
 * do in (at the end of the line, or on a line of its own above it when TEXT
 * starts with '^'); texts beyond the program's lines are comments of their
 * own at its end. So nearly every input parses, and the fuzzer spends its
 * time on the comments' syntax (`ignore`, `ignore[CODES]`, `ignore-file`)
 * and on how they meet the rules. Checked against promises.h.
 */
#include "promises.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "# anyio-migrate: "

static const char *const program[] = {
        "import asyncio",
        "from asyncio import sleep as nap",
        "",
        "",
        "async def worker(q, ev):",
        "    await asyncio.sleep(0.1)",
        "    await nap(1)",
        "    lock = asyncio.Lock()",
        "    ev = asyncio.Event()",
        "    item = await asyncio.wait_for(q.get(), 5)",
        "    try:",
        "        await asyncio.gather(worker(q, ev), worker(q, ev))",
        "    except asyncio.CancelledError:",
        "        raise",
        "    loop = asyncio.get_running_loop()",
        "    await loop.run_in_executor(None, print, item)",
        "    async with asyncio.timeout(3):",
        "        await asyncio.shield(q.join())",
        "    return lock",
        "",
        "",
        "async def main():",
        "    q = asyncio.Queue()",
        "    task = asyncio.create_task(worker(q, None))",
        "    await task",
        "",
        "",
        "asyncio.run(main())",
};
#define PROGRAM_LINES (sizeof(program) / sizeof(program[0]))

struct text {
	char *bytes;
	size_t len;
};

static void add(struct text *out, const char *bytes, size_t len)
{
	memcpy(out->bytes + out->len, bytes, len);
	out->len += len;
}

static size_t indentation(const char *line)
{
	return strspn(line, " ");
}

/* One program line, with `comment` (may be NULL) placed as it asks. */
static void add_line(struct text *out, const char *line, const char *comment,
                     size_t comment_len)
{
	int above = comment && comment_len > 0 && comment[0] == '^';

	if (above) {
		add(out, line, indentation(line));
		add(out, MARKER, strlen(MARKER));
		add(out, comment + 1, comment_len - 1);
		add(out, "\n", 1);
	}
	add(out, line, strlen(line));
	if (comment && !above) {
		add(out, "  " MARKER, 2 + strlen(MARKER));
		add(out, comment, comment_len);
	}
	add(out, "\n", 1);
}

/* The program with the input's comment texts; NULL if out of memory. */
static struct text build(const char *input, size_t size)
{
	struct text out = {NULL, 0};
	size_t room = size + 1, i, line = 0;

	for (i = 0; i < PROGRAM_LINES; i++)
		room += strlen(program[i]) + 2 * strlen(MARKER) + 8;
	/* A text after the program's lines: "  ", its marker and "\n". */
	room += (size + 1) * (strlen(MARKER) + 4);
	out.bytes = malloc(room);
	if (!out.bytes)
		return out;
	while (size > 0 || line < PROGRAM_LINES) {
		const char *newline = size ? memchr(input, '\n', size) : NULL;
		size_t len = newline ? (size_t)(newline - input) : size;
		const char *comment = size || newline ? input : NULL;

		if (line < PROGRAM_LINES)
			add_line(&out, program[line], comment, len);
		else
			add_line(&out, "", comment, len);
		line++;
		input += len + (newline ? 1 : 0);
		size -= len + (newline ? 1 : 0);
	}
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text source = build((const char *)data, size);

	if (source.bytes)
		promise_check_migration(source.bytes, source.len, NULL);
	free(source.bytes);
	return 0;
}
