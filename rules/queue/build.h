/*
 * The queue analysis' own state and helpers, shared by its files (flow.h
 * says what the analysis finds).
 */
#ifndef AM_QUEUE_BUILD_H
#define AM_QUEUE_BUILD_H

#include "flow.h"

/* Calls visit on every node under root in source order; a 0 from visit
 * skips the node's children. */
typedef int (*node_visit)(TSNode node, void *data);

typedef struct wanted_argument {
	int channel; /* a parameter channel */
	TSNode argument;
} wanted_argument;

typedef struct loose_reference {
	TSNode node;
	unsigned kind;
} loose_reference;

typedef struct uncovered_call {
	int use;
	unsigned kind;
} uncovered_call;

typedef struct exports {
	int has_all;   /* the module defines __all__ */
	int all_known; /* ...as one list or tuple of strings, used nowhere */
	TSNode all_value;
	int program; /* it runs asyncio.run()/anyio.run() at top level */
} exports;

/* The identifiers that bind a name: how many, and the first two in source
 * order. */
typedef struct store_info {
	uint32_t count;
	TSNode first, second;
} store_info;

/* A string's value or an attribute's name, for finding them by name. */
typedef struct named_node {
	const char *name;
	uint32_t len;
	uint32_t order; /* in a walk of the module */
	int is_string;
	TSNode node;
} named_node;

typedef struct flow_build {
	am_context *ctx;
	am_queue_flow *flow;
	exports exports;
	store_info *stores;     /* per binding */
	unsigned char *indexed; /* per scope: its bindings' stores are known */
	TSNode *method_classes; /* per binding, see queue_method_class() */
	unsigned char *method_class_known;
	AM_ARRAY(named_node) named; /* sorted by name, then order */
	int named_ready;
	AM_ARRAY(wanted_argument) wanted;
	AM_ARRAY(loose_reference) loose; /* outside handlers */
	AM_ARRAY(uncovered_call) uncovered;
} flow_build;

/* build.c */
int queue_type_is(TSNode node, const char *type);

int queue_text_eq(const am_context *ctx, TSNode node, const char *s,
                  size_t len);

int queue_defines_scope(const am_context *ctx, TSNode node);

void queue_walk(TSNode root, node_visit visit, void *data);

const char *queue_string_value(const am_context *ctx, TSNode string,
                               uint32_t *len);

am_queue_channel *queue_channel_at(flow_build *fb, int index);

void queue_set_why(flow_build *fb, int channel, const char *why);

void queue_push_flag(flow_build *fb, TSNode at, const char *message);

void queue_push_use(flow_build *fb, am_queue_use use);

/* flow.c */
void queue_set_group_why(am_queue_flow *flow, int member, const char *why);

/* pool.c */
void queue_find_pools(flow_build *fb);

/* stores.c */
size_t queue_binding_stores(flow_build *fb, int binding, TSNode expected,
                            TSNode *other);

/* exports.c */
void queue_read_exports(flow_build *fb, exports *ex);

int queue_exported(const am_context *ctx, const exports *ex, const char *name,
                   int is_function);

/* methods.c */
int queue_is_decorated(const am_context *ctx, TSNode definition);

TSNode queue_method_class(flow_build *fb, TSNode object);

/* creations.c */
TSNode queue_annotation_expression(TSNode type);

void queue_find_creations(flow_build *fb);

/* uses.c */
void queue_method_use(flow_build *fb, int channel, TSNode holder,
                      TSNode attribute);

const char *queue_describe_escape(const am_context *ctx, TSNode holder);

int queue_in_self_documenting_field(const am_context *ctx, TSNode node);

int queue_in_lambda(const am_context *ctx, TSNode node);

/* parameters.c */
const char *queue_callee_function(flow_build *fb, TSNode name, TSNode *function,
                                  int *binding);

void queue_pass_use(flow_build *fb, int channel, TSNode holder);

/* classes.c */
/* Whether a name is bound once, by a `class` statement: *cls. */
int queue_callee_class(flow_build *fb, TSNode name, TSNode *cls, int *binding);

/* Why queues cannot be followed into a class, or NULL with its `__init__`
 * in *init. */
const char *queue_class_doubt(flow_build *fb, TSNode cls, int binding,
                              TSNode *init);

void queue_store_use(flow_build *fb, int channel, TSNode holder);

/* follow.c */
const named_node *queue_named(flow_build *fb, const char *name, size_t *count);

void queue_follow_all(flow_build *fb);

void queue_check_wanted(flow_build *fb);

unsigned queue_use_nowait(am_queue_use_kind kind);

void queue_spread_roles(am_queue_flow *flow);

/* try.c */
void queue_find_handlers(flow_build *fb);

void queue_read_clauses(flow_build *fb, am_queue_try *t);

int queue_find_root(int *parent, int member);

void queue_join(am_queue_flow *flow, int a, int b);

const char *queue_kind_name(unsigned kinds);

void queue_read_try_body(flow_build *fb, size_t index);

void queue_find_uncovered(flow_build *fb);

#endif
