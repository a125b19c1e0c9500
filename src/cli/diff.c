#include "diff.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COLOUR_BOLD "\033[1m"
#define COLOUR_RED "\033[31m"
#define COLOUR_GREEN "\033[32m"
#define COLOUR_CYAN "\033[36m"
#define COLOUR_RESET "\033[0m"

int diff_use_colour(void)
{
	const char *no_colour = getenv("NO_COLOR");

	if (no_colour && no_colour[0] != '\0')
		return 0;
	return isatty(STDOUT_FILENO);
}

static int starts_with(const char *line, size_t len, const char *prefix)
{
	size_t prefix_len = strlen(prefix);

	return len >= prefix_len && memcmp(line, prefix, prefix_len) == 0;
}

static void append_coloured(struct buffer *out, const char *colour,
                            const char *bytes, size_t len)
{
	buffer_append_string(out, colour);
	buffer_append(out, bytes, len);
	buffer_append_string(out, COLOUR_RESET);
}

/* "@@ -a,b +c,d @@ context": the range part cyan, the context plain. */
static void append_hunk_header(struct buffer *out, const char *line, size_t len)
{
	const char *close = NULL;
	size_t i;

	for (i = 2; i + 1 < len; i++) {
		if (line[i] == '@' && line[i + 1] == '@') {
			close = line + i + 2;
			break;
		}
	}
	if (!close) {
		append_coloured(out, COLOUR_CYAN, line, len);
		return;
	}
	append_coloured(out, COLOUR_CYAN, line, (size_t)(close - line));
	buffer_append(out, close, len - (size_t)(close - line));
}

static const char *body_colour(char first)
{
	if (first == '+')
		return COLOUR_GREEN;
	if (first == '-')
		return COLOUR_RED;
	return NULL;
}

/* One line of the patch, without its '\n'; `in_hunks` once "@@" is seen. */
static void append_line(struct buffer *out, const char *line, size_t len,
                        int colour, int in_hunks)
{
	const char *chosen = NULL;

	if (!colour) {
		buffer_append(out, line, len);
	} else if (!in_hunks) {
		append_coloured(out, COLOUR_BOLD, line, len);
	} else if (starts_with(line, len, "@@")) {
		append_hunk_header(out, line, len);
	} else if (len > 0 && (chosen = body_colour(line[0]))) {
		append_coloured(out, chosen, line, len);
	} else {
		buffer_append(out, line, len);
	}
	buffer_append(out, "\n", 1);
}

/* Copy the patch from its "--- " header on, colouring as asked. */
static void append_patch(struct buffer *out, const char *patch, size_t len,
                         int colour)
{
	const char *end = patch + len;
	int in_headers = 0;
	int in_hunks = 0;

	while (patch < end) {
		const char *newline =
		        memchr(patch, '\n', (size_t)(end - patch));
		size_t line_len = newline ? (size_t)(newline - patch)
		                          : (size_t)(end - patch);

		if (!in_hunks && starts_with(patch, line_len, "@@"))
			in_hunks = 1;
		if (!in_headers && starts_with(patch, line_len, "--- "))
			in_headers = 1;
		if (in_headers)
			append_line(out, patch, line_len, colour, in_hunks);
		patch += line_len + (newline ? 1 : 0);
	}
}

static char *libgit2_message(void)
{
	const git_error *error = git_error_last();

	return strdup(error && error->message ? error->message
	                                      : "cannot make the diff");
}

int diff_render(const char *path, struct diff_text before,
                struct diff_text after, int colour, struct buffer *out,
                char **out_error)
{
	git_diff_options options;
	git_patch *patch = NULL;
	git_buf text = {NULL, 0, 0};
	int status;

	*out_error = NULL;
	git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
	/* The library has already refused NUL bytes: never "Binary files
	 * differ". */
	options.flags |= GIT_DIFF_FORCE_TEXT;
	status = git_patch_from_buffers(&patch, before.bytes, before.len, path,
	                                after.bytes, after.len, path, &options);
	if (status == 0)
		status = git_patch_to_buf(&text, patch);
	if (status == 0)
		append_patch(out, text.ptr, text.size, colour);
	else
		*out_error = libgit2_message();
	git_buf_dispose(&text);
	git_patch_free(patch);
	return status == 0 ? 0 : -1;
}
