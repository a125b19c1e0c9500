/*
 * --format github: one GitHub Actions workflow command per diagnostic, which
 * a workflow run shows as an annotation on the line:
 *
 *   ::error file=app.py,line=4,col=11,endLine=4,endColumn=24,title=ANY102::[*]
 * message
 *
 * `[*]` marks the uses --apply fixes, as in the text format. In the message
 * '%', '\r' and '\n' are escaped as %25, %0D and %0A; in the properties ':'
 * and ',' too (%3A, %2C), as GitHub reads them.
 */
#ifndef CLI_FORMAT_GITHUB_H
#define CLI_FORMAT_GITHUB_H

#include "anyio_migrate.h"
#include "buffer.h"
#include "report.h"

void format_github_diagnostics(struct buffer *out, const char *path,
                               const am_result *result,
                               enum report_selection selection);

#endif
