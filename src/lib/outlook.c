#include "outlook.h"

#include "anyio_migrate.h"
#include "imports.h"

#include <stdlib.h>
#include <string.h>

/* ---- the names that matter ------------------------------------------------
 */

static int is_asyncio_qualname(const char *q)
{
	return q && strncmp(q, "asyncio", 7) == 0 &&
	       (q[7] == '\0' || q[7] == '.');
}

/* A binding the importer may remove: one asyncio import's name that is
 * not re-exported (`__all__`, `import x as x`). */
static int removable(const am_binding *bd)
{
	return bd->kind == AM_BINDING_IMPORT && !bd->exported &&
	       is_asyncio_qualname(bd->qualname);
}

/* Whether a name is one the importer acts on: a removable binding's or a
 * free name's. */
static int watched(const am_binder *b, const char *name, size_t len)
{
	if (am_imports_free_name_index(name, len) >= 0)
		return 1;
	for (size_t i = 0; i < b->bindings.count; i++) {
		const am_binding *bd = &b->bindings.items[i];
		if (removable(bd) && bd->name_len == len &&
		    memcmp(bd->name, name, len) == 0)
			return 1;
	}
	return 0;
}

/* A load of `name` in `scope` after the rewrites. */
static void count_load(am_outlook *o, int scope, const char *name, size_t len)
{
	int binding = am_bind_lookup(o->binder, scope, name, len);
	if (binding >= 0) {
		o->uses[binding]++;
		return;
	}
	int index = am_imports_free_name_index(name, len);
	if (index >= 0)
		o->free_names |= 1u << index;
}

/* ---- the loads the edits leave ------------------------------------------- */

/* Keeps the loads of `uses` (sorted) outside the edits. 0 when an edit
 * cuts through a name. */
static int keep_loads_of(am_outlook *o, const am_name_use *uses, size_t count,
                         const am_edit_list *kept)
{
	const am_binder *b = o->binder;
	size_t e = 0;
	for (size_t i = 0; i < count; i++) {
		const am_name_use *u = &uses[i];
		while (e < kept->edits.count &&
		       kept->edits.items[e].end <= u->start &&
		       kept->edits.items[e].start < u->start)
			e++;
		const am_edit *edit =
		        e < kept->edits.count ? &kept->edits.items[e] : NULL;
		if (edit && edit->start < u->end && u->start < edit->end) {
			if (edit->start > u->start || edit->end < u->end)
				return 0; /* part of the name */
			continue;         /* replaced */
		}
		if (edit && edit->start == edit->end &&
		    edit->start > u->start && edit->start < u->end)
			return 0; /* an insertion inside the name */
		if (u->binding >= 0) {
			o->uses[u->binding]++;
			continue;
		}
		int index = am_imports_free_name_index(b->text + u->start,
		                                       u->end - u->start);
		if (index >= 0)
			o->free_names |= 1u << index;
	}
	return 1;
}

/* The code's loads and those of string annotations, which
 * typing.get_type_hints() evaluates. */
static int keep_loads(am_outlook *o, const am_edit_list *kept)
{
	const am_binder *b = o->binder;
	return keep_loads_of(o, b->uses.items, b->uses.count, kept) &&
	       keep_loads_of(o, b->string_uses.items, b->string_uses.count,
	                     kept);
}

/* Whether an edit touches an import statement: the importer reads those
 * statements as the binder saw them. */
static int touches_imports(const am_binder *b, const am_edit_list *kept)
{
	for (size_t i = 0; i < b->imports.count; i++) {
		TSNode s = b->imports.items[i].statement;
		uint32_t start = ts_node_start_byte(s),
		         end = ts_node_end_byte(s);
		for (size_t k = 0; k < kept->edits.count; k++) {
			const am_edit *e = &kept->edits.items[k];
			if (e->start <= end && start <= e->end)
				return 1;
		}
	}
	return 0;
}

/* ---- reading an edit's text ------------------------------------------------
 */

typedef struct reader {
	am_outlook *outlook;
	const char *text;
	size_t len, at;
	int scope;        /* where the edit lands */
	int depth;        /* of brackets */
	int after_dot;    /* the last token was `.` */
	int binds_next;   /* the last token was def, class, as, import, ... */
	int for_target;   /* between `for` and `in` */
	int line_watched; /* a watched name at depth 0 on this logical line */
	int unknown;
} reader;

static int is_name_start(unsigned char c)
{
	return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int is_name_byte(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int word_is(const char *word, size_t len, const char *keyword)
{
	return strlen(keyword) == len && memcmp(word, keyword, len) == 0;
}

/* A string literal from r->at (after its prefix); an f- or t-string that
 * may load a watched name in a field makes the outlook unknown. */
static void skip_string(reader *r, int interpolated)
{
	char quote = r->text[r->at];
	int triple = r->at + 2 < r->len && r->text[r->at + 1] == quote &&
	             r->text[r->at + 2] == quote;
	size_t start = r->at;
	r->at += triple ? 3 : 1;
	while (r->at < r->len) {
		char c = r->text[r->at];
		if (c == '\\') {
			r->at += 2;
			continue;
		}
		if (c == quote && (!triple || (r->at + 2 < r->len &&
		                               r->text[r->at + 1] == quote &&
		                               r->text[r->at + 2] == quote))) {
			r->at += triple ? 3 : 1;
			break;
		}
		r->at++;
	}
	if (!interpolated)
		return;
	/* Every name inside may be a load: any watched one makes it unknown. */
	for (size_t i = start; i < r->at && i < r->len;) {
		if (!is_name_start((unsigned char)r->text[i]) ||
		    (i > start &&
		     is_name_byte((unsigned char)r->text[i - 1]))) {
			i++;
			continue;
		}
		size_t end = i;
		while (end < r->len &&
		       is_name_byte((unsigned char)r->text[end]))
			end++;
		if (watched(r->outlook->binder, r->text + i, end - i))
			r->unknown = 1;
		i = end;
	}
}

/* A keyword that binds the names after it. */
static int binds_after(const char *word, size_t len)
{
	static const char *const keywords[] = {
	        "def",    "class",    "as",     "import", "from",
	        "global", "nonlocal", "lambda", "del",    NULL};
	for (const char *const *k = keywords; *k; k++)
		if (word_is(word, len, *k))
			return 1;
	return 0;
}

/* Whether the name before `at` is assigned to: `=` (not `==`), an
 * augmented assignment or `:=` follows it. */
static int assigns_at(const reader *r, size_t at)
{
	static const char *const operators[] = {
	        ":=", "+=", "-=",  "*=",  "/=",  "%=",  "&=", "|=",
	        "^=", "@=", "<<=", ">>=", "**=", "//=", NULL};
	while (at < r->len && (r->text[at] == ' ' || r->text[at] == '\t'))
		at++;
	const char *rest = r->text + at;
	size_t left = r->len - at;
	if (left >= 1 && rest[0] == '=' && (left == 1 || rest[1] != '='))
		return 1;
	for (const char *const *op = operators; *op; op++) {
		size_t n = strlen(*op);
		if (left >= n && memcmp(rest, *op, n) == 0)
			return 1;
	}
	return 0;
}

/* Whether a word is a string prefix (rb, f, T, ...). */
static int is_string_prefix(const char *word, size_t len)
{
	if (len > 2)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("rRbBfFuUtT", word[i]))
			return 0;
	return 1;
}

static void read_name(reader *r)
{
	size_t start = r->at;
	while (r->at < r->len && is_name_byte((unsigned char)r->text[r->at]))
		r->at++;
	const char *word = r->text + start;
	size_t len = r->at - start;
	/* A string prefix: rb"...", f'...', t"..." */
	if (r->at < r->len &&
	    (r->text[r->at] == '"' || r->text[r->at] == '\'') &&
	    is_string_prefix(word, len)) {
		int interpolated =
		        memchr(word, 'f', len) || memchr(word, 'F', len) ||
		        memchr(word, 't', len) || memchr(word, 'T', len);
		skip_string(r, interpolated);
		r->after_dot = r->binds_next = 0;
		return;
	}
	int after_dot = r->after_dot;
	int binds = r->binds_next;
	r->after_dot = 0;
	r->binds_next = binds_after(word, len);
	if (word_is(word, len, "for"))
		r->for_target = 1;
	else if (word_is(word, len, "in"))
		r->for_target = 0;
	if (r->binds_next || after_dot ||
	    !watched(r->outlook->binder, word, len))
		return;
	if (binds || r->for_target || assigns_at(r, r->at)) {
		r->unknown = 1;
		return;
	}
	if (r->depth == 0)
		r->line_watched = 1;
	count_load(r->outlook, r->scope, word, len);
}

/* An operator or bracket; an assignment after a watched name on the same
 * logical line may bind it (`anyio, x = ...`). */
static void read_operator(reader *r)
{
	char c = r->text[r->at];
	char next = r->at + 1 < r->len ? r->text[r->at + 1] : '\0';
	r->after_dot = c == '.';
	r->binds_next = 0;
	if (c == '(' || c == '[' || c == '{')
		r->depth++;
	else if ((c == ')' || c == ']' || c == '}') && r->depth > 0)
		r->depth--;
	else if (c == '=' && next != '=' && r->depth == 0 && r->line_watched)
		r->unknown = 1;
	if (c == '=' && next == '=') {
		r->at += 2;
		return;
	}
	if ((c == '<' || c == '>' || c == '!') && next == '=') {
		r->at += 2; /* comparisons are no assignments */
		return;
	}
	r->at++;
}

static void read_text(reader *r)
{
	while (r->at < r->len && !r->unknown) {
		unsigned char c = (unsigned char)r->text[r->at];
		if (c == '#') {
			while (r->at < r->len && r->text[r->at] != '\n')
				r->at++;
		} else if (c == '\\' && r->at + 1 < r->len &&
		           (r->text[r->at + 1] == '\n' ||
		            r->text[r->at + 1] == '\r')) {
			r->at += 2;
		} else if (c == '\n') {
			if (r->depth == 0)
				r->line_watched = r->for_target = 0;
			r->at++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
			r->at++;
		} else if (c == '"' || c == '\'') {
			skip_string(r, 0);
			r->after_dot = r->binds_next = 0;
		} else if (c >= '0' && c <= '9') {
			while (r->at < r->len &&
			       (is_name_byte((unsigned char)r->text[r->at]) ||
			        r->text[r->at] == '.'))
				r->at++;
			r->after_dot = r->binds_next = 0;
		} else if (is_name_start(c)) {
			read_name(r);
		} else {
			read_operator(r);
		}
	}
}

/* ---- the outlook ----------------------------------------------------------
 */

int am_outlook_build(am_outlook *o, const am_binder *b,
                     const am_edit_list *kept, int *known)
{
	memset(o, 0, sizeof(*o));
	*known = 0;
	if (touches_imports(b, kept))
		return AM_OK;
	o->binder = b;
	o->uses = calloc(b->bindings.count + 1, sizeof(*o->uses));
	if (!o->uses)
		return AM_ENOMEM;
	int ok = keep_loads(o, kept);
	for (size_t i = 0; ok && i < kept->edits.count; i++) {
		const am_edit *e = &kept->edits.items[i];
		reader r = {
		        o, e->text, e->len, 0, am_bind_scope_at(b, e->start),
		        0, 0,       0,      0, 0,
		        0};
		read_text(&r);
		ok = !r.unknown;
	}
	for (size_t i = 0; ok && i < b->bindings.count; i++) {
		const am_binding *bd = &b->bindings.items[i];
		am_outlook_name unused = {bd->name, bd->name_len};
		if (removable(bd) && o->uses[i] == 0 &&
		    !AM_ARRAY_PUSH(&o->unused, unused)) {
			am_outlook_release(o);
			return AM_ENOMEM;
		}
	}
	if (!ok) {
		am_outlook_release(o);
		return AM_OK;
	}
	*known = 1;
	return AM_OK;
}

void am_outlook_release(am_outlook *o)
{
	free(o->uses);
	AM_ARRAY_FREE(&o->unused);
	memset(o, 0, sizeof(*o));
}

int am_outlook_is_free(const am_outlook *o, const char *name)
{
	int index = am_imports_free_name_index(name, strlen(name));
	return index >= 0 && (o->free_names >> index) & 1u;
}

int am_outlook_holds(const am_outlook *o, const am_binder *after)
{
	const char *name;
	for (int i = 0; (name = am_imports_free_name(i)) != NULL; i++) {
		if (!((o->free_names >> i) & 1u))
			continue;
		int binding = am_bind_lookup(after, 0, name, strlen(name));
		const am_binding *bd =
		        binding >= 0 ? &after->bindings.items[binding] : NULL;
		if (bd && bd->uses == 0 && bd->string_uses == 0)
			return 0; /* imported for nothing */
	}
	for (size_t i = 0; i < o->unused.count; i++)
		if (am_bind_loads_unbound(after, o->unused.items[i].name,
		                          o->unused.items[i].len))
			return 0; /* removed, yet still used */
	return 1;
}
