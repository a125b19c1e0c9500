/* The rules: one file each in rules/, listed in rules/registry.c. */
#ifndef AM_RULES_H
#define AM_RULES_H

#include "rule.h"

extern const am_rule am_rule_imports;         /* ANY001 */
extern const am_rule am_rule_unused_suppression; /* ANY002 */
extern const am_rule am_rule_run;             /* ANY101 */
extern const am_rule am_rule_sleep;           /* ANY102 */
extern const am_rule am_rule_sync_primitives; /* ANY103 */
extern const am_rule am_rule_timeout_error;   /* ANY104 */
extern const am_rule am_rule_timeout;         /* ANY105 */
extern const am_rule am_rule_wait_for;        /* ANY201 */
extern const am_rule am_rule_shield;          /* ANY202 */
extern const am_rule am_rule_to_thread;       /* ANY203 */
extern const am_rule am_rule_event_loop;      /* ANY204 */
extern const am_rule am_rule_cancellation;    /* ANY205 */
extern const am_rule am_rule_coroutine_checks; /* ANY206 */
extern const am_rule am_rule_current_task;    /* ANY207 */
extern const am_rule am_rule_pytest_marker;   /* ANY208 */
extern const am_rule am_rule_queue;           /* ANY301 */
extern const am_rule am_rule_queue_compat;    /* ANY302 */
extern const am_rule am_rule_gather;          /* ANY401 */
extern const am_rule am_rule_task_group;      /* ANY402 */
extern const am_rule am_rule_create_task;     /* ANY403 */
extern const am_rule am_rule_leftover;        /* ANY900 */

#endif
