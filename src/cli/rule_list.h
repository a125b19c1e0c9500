/*
 * --list-rules and --explain CODE: the rule registry, as a table and as
 * each rule's own documentation.
 *
 *   CODE    NAME   KIND  SUMMARY
 *   ANY102  sleep  fix   `asyncio.sleep(d)` ...
 *
 * KIND is "fix" (always rewritten), "flag" (only reported) or "fix or
 * flag" (rewritten where provably safe, reported elsewhere).
 */
#ifndef CLI_RULE_LIST_H
#define CLI_RULE_LIST_H

#include <stdio.h>

void rule_list_print(FILE *stream);
/* Print the doc of the rule with that code or name; -1 if there is none. */
int rule_list_explain(FILE *stream, const char *code);

#endif
