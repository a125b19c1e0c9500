#include "dispatch.h"

#include "anyio_migrate.h"
#include "array.h"
#include "rule_registry.h"

#include <stdlib.h>
#include <string.h>

static size_t name_count(const char *const *names)
{
	size_t n = 0;
	while (names && names[n])
		n++;
	return n;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const am_dispatch_entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* The entries of every rule's list `names_of` picks, sorted. */
static am_dispatch_entry *
index_names(const char *const *(*names_of)(const am_rule *rule), size_t *count)
{
	size_t total = 0;
	for (size_t r = 0; r < AM_RULES_COUNT; r++)
		total += name_count(names_of(am_rules[r]));
	am_dispatch_entry *entries =
	        malloc((total ? total : 1) * sizeof(*entries));
	if (!entries)
		return NULL;
	size_t n = 0;
	for (size_t r = 0; r < AM_RULES_COUNT; r++) {
		const char *const *names = names_of(am_rules[r]);
		for (size_t i = 0; names && names[i]; i++)
			entries[n++] = (am_dispatch_entry){names[i], r};
	}
	qsort(entries, n, sizeof(*entries), entry_cmp);
	*count = n;
	return entries;
}

static const char *const *calls_of(const am_rule *rule)
{
	return rule->calls;
}

static const char *const *methods_of(const am_rule *rule)
{
	return rule->methods;
}

int am_dispatch_init(am_dispatch *d)
{
	memset(d, 0, sizeof(*d));
	d->members = index_names(calls_of, &d->member_count);
	d->methods = index_names(methods_of, &d->method_count);
	if (d->members && d->methods)
		return AM_OK;
	am_dispatch_release(d);
	return AM_ENOMEM;
}

void am_dispatch_release(am_dispatch *d)
{
	free(d->members);
	free(d->methods);
	memset(d, 0, sizeof(*d));
}

/* How `name` (len bytes, not NUL-terminated) sorts against `entry`. */
static int name_cmp(const char *entry, const char *name, size_t len)
{
	int c = strncmp(entry, name, len);
	if (c)
		return c;
	return entry[len] != '\0';
}

/* The entries named `name`: *count of them, from the one returned. */
static const am_dispatch_entry *find(const am_dispatch_entry *entries,
                                     size_t entry_count, const char *name,
                                     size_t len, size_t *count)
{
	size_t at;
	AM_LOWER_BOUND(at, entry_count,
	               name_cmp(entries[mid].name, name, len) < 0);
	size_t end = at;
	while (end < entry_count && name_cmp(entries[end].name, name, len) == 0)
		end++;
	*count = end - at;
	return entries + at;
}

size_t am_dispatch_call(const am_dispatch *d, const am_binder *b, TSNode callee,
                        am_dispatch_hit *hits)
{
	const am_syntax *sx = b->syntax;
	const am_dispatch_entry *by_member = NULL, *by_method = NULL;
	size_t member_hits = 0, method_hits = 0;
	char buf[256];
	const char *member =
	        d->member_count
	                ? am_bind_asyncio_member(b, callee, buf, sizeof(buf))
	                : NULL;
	if (member)
		by_member = find(d->members, d->member_count, member,
		                 strlen(member), &member_hits);
	if (d->method_count && am_node_is(callee, sx->attribute)) {
		uint32_t len;
		const char *method = am_node_text(
		        b->text, am_node_field(callee, sx->field.attribute),
		        &len);
		by_method = find(d->methods, d->method_count, method, len,
		                 &method_hits);
	}
	/* Both lists are in registry order: merge them. */
	size_t n = 0, i = 0, j = 0;
	while (i < member_hits || j < method_hits) {
		size_t rule = i < member_hits ? by_member[i].rule : SIZE_MAX;
		if (j < method_hits && by_method[j].rule < rule)
			rule = by_method[j].rule;
		am_dispatch_hit hit = {rule, NULL, NULL};
		if (i < member_hits && by_member[i].rule == rule)
			hit.asyncio_name = by_member[i++].name;
		if (j < method_hits && by_method[j].rule == rule)
			hit.method = by_method[j++].name;
		hits[n++] = hit;
	}
	return n;
}
