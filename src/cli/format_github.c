#include "format_github.h"

/* Escape `text` for a workflow command's message, or (`property` set) for
 * the value of one of its properties. */
static void append_escaped(struct buffer *out, const char *text, int property)
{
	for (; *text; text++) {
		switch (*text) {
		case '%':
			buffer_append_string(out, "%25");
			break;
		case '\r':
			buffer_append_string(out, "%0D");
			break;
		case '\n':
			buffer_append_string(out, "%0A");
			break;
		case ':':
			buffer_append_string(out, property ? "%3A" : ":");
			break;
		case ',':
			buffer_append_string(out, property ? "%2C" : ",");
			break;
		default:
			buffer_append(out, text, 1);
		}
	}
}

static void append_diagnostic(struct buffer *out, const char *path,
                              const am_diagnostic *diagnostic,
                              enum report_selection selection)
{
	am_position start, end;
	const char *mark = report_mark(diagnostic);

	am_diagnostic_range(diagnostic,
	                    selection == REPORT_LEFT_IN_OUTPUT ? AM_OUTPUT
	                                                       : AM_INPUT,
	                    &start, &end);
	buffer_append_string(out, "::error file=");
	append_escaped(out, path, 1);
	buffer_printf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=",
	              start.line, start.column, end.line, end.column);
	append_escaped(out, am_diagnostic_code(diagnostic), 1);
	buffer_append_string(out, "::");
	if (mark)
		buffer_printf(out, "%s ", mark);
	append_escaped(out, am_diagnostic_message(diagnostic), 0);
	buffer_append_string(out, "\n");
}

void format_github_diagnostics(struct buffer *out, const char *path,
                               const am_result *result,
                               enum report_selection selection)
{
	size_t count = am_result_diagnostic_count(result);
	size_t i;

	for (i = 0; i < count; i++) {
		const am_diagnostic *diagnostic =
		        am_result_diagnostic(result, i);

		if (report_selects(diagnostic, selection))
			append_diagnostic(out, path, diagnostic, selection);
	}
}
