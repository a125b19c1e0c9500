/* Every rule, once. The order is the order rules run and are listed in. */
#include "rules.h"

const am_rule *const am_rules[] = {
        &am_rule_imports,
        &am_rule_unused_suppression,
        &am_rule_run,
        &am_rule_sleep,
        &am_rule_sync_primitives,
        &am_rule_timeout_error,
        &am_rule_timeout,
        &am_rule_wait_for,
        &am_rule_shield,
        &am_rule_to_thread,
        &am_rule_event_loop,
        &am_rule_cancellation,
        &am_rule_coroutine_checks,
        &am_rule_current_task,
        &am_rule_pytest_marker,
        &am_rule_queue,
        &am_rule_queue_compat,
        &am_rule_gather,
        &am_rule_task_group,
        &am_rule_create_task,
        &am_rule_leftover,
};

const size_t am_rules_count = sizeof(am_rules) / sizeof(am_rules[0]);
