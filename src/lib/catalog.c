/* The public view of the rule registry. */
#include "anyio_migrate.h"

#include "rule.h"

#include <string.h>

static const am_rule *rule_of(const am_rule_info *info)
{
	return (const am_rule *)info;
}

size_t am_rule_count(void)
{
	return am_rules_count;
}

const am_rule_info *am_rule_at(size_t index)
{
	return index < am_rules_count ? (const am_rule_info *)am_rules[index]
	                              : NULL;
}

const am_rule_info *am_rule_find(const char *code_or_name)
{
	for (size_t i = 0; i < am_rules_count; i++)
		if (strcmp(am_rules[i]->code, code_or_name) == 0 ||
		    strcmp(am_rules[i]->name, code_or_name) == 0)
			return (const am_rule_info *)am_rules[i];
	return NULL;
}

const char *am_rule_code(const am_rule_info *info)
{
	return rule_of(info)->code;
}

const char *am_rule_name(const am_rule_info *info)
{
	return rule_of(info)->name;
}

const char *am_rule_summary(const am_rule_info *info)
{
	return rule_of(info)->summary;
}

const char *am_rule_doc(const am_rule_info *info)
{
	return rule_of(info)->doc;
}

const char *am_rule_fix_kind(const am_rule_info *info)
{
	switch (rule_of(info)->fix_kind) {
	case AM_RULE_FIXES:
		return "fix";
	case AM_RULE_FLAGS:
		return "flag";
	case AM_RULE_MIXED:
		break;
	}
	return "fix or flag";
}

const char *am_rule_fix_safety(const am_rule_info *info)
{
	const am_rule *rule = rule_of(info);
	if (rule->fix_kind == AM_RULE_FLAGS)
		return NULL;
	switch (rule->safety) {
	case AM_RULE_SAFE:
		return "safe";
	case AM_RULE_UNSAFE:
		return "unsafe";
	case AM_RULE_SAFE_OR_UNSAFE:
		break;
	}
	return "safe or unsafe";
}
