#include "syntax.h"

int am_syntax_init(am_syntax *syntax, const TSLanguage *language)
{
	int ok = 1;
#define AM_SYNTAX_RESOLVE(name)                                                \
	syntax->name = ts_language_symbol_for_name(language, #name,            \
	                                           sizeof(#name) - 1, true);   \
	ok &= syntax->name != 0;
	AM_SYNTAX_SYMBOLS(AM_SYNTAX_RESOLVE)
#undef AM_SYNTAX_RESOLVE
#define AM_SYNTAX_RESOLVE_FIELD(name)                                          \
	syntax->field.name = ts_language_field_id_for_name(language, #name,    \
	                                                   sizeof(#name) - 1); \
	ok &= syntax->field.name != 0;
	AM_SYNTAX_FIELDS(AM_SYNTAX_RESOLVE_FIELD)
#undef AM_SYNTAX_RESOLVE_FIELD
	return ok ? 0 : -1;
}
