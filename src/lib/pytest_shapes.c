#include "pytest_shapes.h"

TSNode am_pytest_parameter_name(const am_syntax *sx, TSNode p)
{
	if (am_node_is(p, sx->identifier))
		return p;
	if (am_node_is(p, sx->typed_parameter))
		return ts_node_named_child(p, 0);
	if (am_node_is(p, sx->default_parameter) ||
	    am_node_is(p, sx->typed_default_parameter))
		return am_node_field(p, sx->field.name);
	return am_null_node();
}

/* The one statement of a function's body (comments aside), or a null
 * node. */
static TSNode only_statement(const am_syntax *sx, TSNode function)
{
	TSNode body = am_node_field(function, sx->field.body);
	uint32_t count = ts_node_named_child_count(body);
	TSNode first = am_null_node();
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(body, i);
		if (am_node_is(s, sx->comment))
			continue;
		if (!ts_node_is_null(first))
			return am_null_node();
		first = s;
	}
	return first;
}

TSNode am_pytest_handed_out_loop(const am_syntax *sx, const char *text,
                                 TSNode function)
{
	TSNode parameters = am_node_field(function, sx->field.parameters);
	if (am_node_is_async(function) ||
	    ts_node_named_child_count(parameters) != 1)
		return am_null_node();
	TSNode only = ts_node_named_child(parameters, 0);
	if (!am_node_is(only, sx->identifier) ||
	    !am_node_text_eq(text, only, "event_loop"))
		return am_null_node();
	TSNode statement = only_statement(sx, function);
	TSNode value = am_null_node();
	if (am_node_is(statement, sx->return_statement)) {
		value = ts_node_named_child(statement, 0);
	} else if (am_node_is(statement, sx->expression_statement)) {
		TSNode y = ts_node_named_child(statement, 0);
		if (am_node_is(y, sx->yield) &&
		    ts_node_named_child_count(y) == 1)
			value = ts_node_named_child(y, 0);
	}
	return am_node_is(value, sx->identifier) &&
	                       am_node_text_eq(text, value, "event_loop")
	               ? value
	               : am_null_node();
}
