/*
 * Following asyncio queues through a file, for the rule that turns each
 * into a pair of anyio memory object streams (ANY301).
 *
 * A queue is followed from where it is created to every use: through the
 * name or `self` attribute that holds it, into the parameters of the
 * functions of the file it is passed to, and into the `try` statements
 * whose `except asyncio.QueueEmpty/QueueFull` catch what its `*_nowait`
 * calls raise. A queue and such a parameter are both channels. Everything
 * one rewrite must change together — the queues that share a parameter or
 * a `try`, those parameters, those `try` statements — forms a group: a
 * group is rewritten as a whole or, when one of its parts cannot be
 * followed, not at all.
 */
#ifndef AM_QUEUE_FLOW_H
#define AM_QUEUE_FLOW_H

#include "array.h"
#include "rule.h"

typedef enum am_queue_holder {
	AM_QUEUE_LOCAL,     /* q = asyncio.Queue() in a function */
	AM_QUEUE_MODULE,    /* the same at module level */
	AM_QUEUE_ATTRIBUTE, /* self.q = asyncio.Queue() in a method */
	AM_QUEUE_PARAMETER, /* a parameter of a function given queues */
	AM_QUEUE_FIELD      /* self.q = q: a parameter of __init__, stored */
} am_queue_holder;

/* What a channel is used for. */
enum { AM_QUEUE_SENDS = 1, AM_QUEUE_RECEIVES = 2 };
/* What `*_nowait` calls raise: asyncio.QueueEmpty, asyncio.QueueFull. */
enum { AM_QUEUE_EMPTY = 1, AM_QUEUE_FULL = 2 };

typedef enum am_queue_use_kind {
	AM_QUEUE_USE_PUT,        /* q.put(x), or q.put not called */
	AM_QUEUE_USE_GET,        /* q.get() */
	AM_QUEUE_USE_PUT_NOWAIT, /* q.put_nowait(x) */
	AM_QUEUE_USE_GET_NOWAIT, /* q.get_nowait() */
	AM_QUEUE_USE_QSIZE,      /* q.qsize() */
	AM_QUEUE_USE_EMPTY,      /* q.empty() */
	AM_QUEUE_USE_FULL,       /* q.full() */
	AM_QUEUE_USE_MAXSIZE,    /* q.maxsize, of a queue of literal size */
	AM_QUEUE_USE_PASS,       /* f(q): given to a parameter channel */
	AM_QUEUE_USE_TASK_DONE,  /* q.task_done(), of a worker pool (pool.c) */
	AM_QUEUE_USE_JOIN        /* await q.join(), of a worker pool */
} am_queue_use_kind;

/* What the maxsize argument is. */
typedef enum am_queue_size {
	AM_QUEUE_UNBOUNDED, /* absent, 0 or a negative literal */
	AM_QUEUE_LITERAL,   /* a positive integer literal */
	AM_QUEUE_NAMED,   /* a name or attribute: `n if n > 0 else math.inf` */
	AM_QUEUE_COMPUTED /* another expression, evaluated once:
	                   * `max(e, 0) or math.inf` */
} am_queue_size;

typedef struct am_queue_use {
	am_queue_use_kind kind;
	int channel;
	TSNode holder;   /* `q` or `self.q` */
	TSNode method;   /* the attribute `q.put` (methods and maxsize) */
	TSNode call;     /* the call of the method, or null */
	TSNode argument; /* PASS: `q`, or the keyword argument `name=q` */
	int target;      /* PASS: the parameter channel */
	int pooled;      /* GET: rewritten with its worker's loop (pool.c) */
} am_queue_use;

typedef struct am_queue_channel {
	am_queue_holder holder;
	const char *name; /* `q`: the name, attribute or parameter */
	int binding;      /* the name's binding; -1 for attributes */
	TSNode defined;   /* names: the identifier that binds it */
	/* queues */
	TSNode call;       /* asyncio.Queue(...) */
	TSNode reference;  /* the `asyncio.Queue` in it */
	TSNode assignment; /* q = asyncio.Queue(...) */
	TSNode size;       /* the maxsize argument, or null */
	am_queue_size size_kind;
	const char *item_type;   /* `int` of `asyncio.Queue[int]`, or NULL */
	TSNode class_annotation; /* attributes: `q: T` in the class body */
	/* parameters */
	TSNode parameter;  /* identifier or typed_parameter */
	TSNode annotation; /* its annotation's expression, or null */
	TSNode function;   /* parameters: the function; attributes: class */
	TSNode owner;      /* parameters of `__init__`: the class called */
	unsigned roles;    /* AM_QUEUE_SENDS | AM_QUEUE_RECEIVES */
	unsigned nowait;   /* kinds its `*_nowait` calls (or callees) raise */
	const char *why;   /* why it cannot be followed, or NULL */
} am_queue_channel;

/* Whether a channel is a queue the file makes, rather than a parameter or
 * the attribute a parameter is stored in. */
static inline int am_queue_created(const am_queue_channel *ch)
{
	return ch->holder < AM_QUEUE_PARAMETER;
}

/* A `try` with a handler naming asyncio.QueueEmpty or QueueFull, or a
 * `with contextlib.suppress(...)` naming them. */
typedef struct am_queue_try {
	TSNode statement;
	TSNode body;      /* what it guards */
	unsigned caught;  /* the kinds its handlers name */
	unsigned first;   /* the kinds its first such handler names */
	unsigned arising; /* the kinds its body raises through channels */
	int involved;     /* it catches what its body raises through channels */
	int closed;       /* its body calls nothing but channel methods */
	const char *why;
} am_queue_try;

/* A node of an `except` type to become `anyio.WouldBlock`. */
typedef struct am_queue_handler_type {
	int try_index;
	TSNode node;
} am_queue_handler_type;

/* A creation reported without being followed. */
typedef struct am_queue_flag {
	TSNode at;
	const char *message;
} am_queue_flag;

/* A worker of a pool: `while True:`, `item = await q.get()` first and
 * `q.task_done()` last (or alone in the `finally:` of the last statement, a
 * `try`), becomes `async for item in q_receive:`. */
typedef struct am_queue_worker {
	int channel;   /* the worker's parameter */
	TSNode loop;   /* the `while True:` */
	TSNode first;  /* `item = await q.get()` */
	TSNode item;   /* its target */
	TSNode done;   /* the `q.task_done()` statement, or null */
	TSNode finale; /* the `finally:` clause holding it, or null */
	TSNode unwrap; /* that `try` when it has no handlers: its body
	                * takes its place */
} am_queue_worker;

/* The worker pool of asyncio's documentation, in the function that makes
 * the queue: workers started by `asyncio.create_task()` into a list, items
 * put, `await q.join()`, then every task cancelled (and gathered with
 * `return_exceptions=True`). The workers start in a task group whose body
 * ends by closing the send stream where join() was: each worker's loop
 * then ends once the items are received, and the group waits for the last
 * item to be done. */
typedef struct am_queue_pool {
	int channel;          /* the queue */
	int join;             /* the JOIN use */
	TSNode list;          /* `tasks = []`, or null */
	TSNode creation;      /* the `for` loop, or `tasks = [...]` */
	TSNode make;          /* the statement calling create_task */
	TSNode append;        /* `tasks.append(task)` after it, or null */
	TSNode comprehension; /* `[... for _ in range(n)]`, or null */
	TSNode coroutine;     /* `worker(...)` */
	TSNode join_statement;
	TSNode cancels; /* `for t in tasks: t.cancel()` */
	TSNode gather;  /* `await asyncio.gather(*tasks, ...)`, or null */
	am_queue_worker worker;
} am_queue_pool;

typedef struct am_queue_flow {
	AM_ARRAY(am_queue_channel) channels;
	AM_ARRAY(am_queue_use) uses;
	AM_ARRAY(am_queue_try) tries;
	AM_ARRAY(am_queue_handler_type) handler_types;
	AM_ARRAY(am_queue_flag) flags;
	AM_ARRAY(am_queue_pool) pools;
	/* Groups over members: channels 0..n-1, then the tries. */
	int *parent;
	const char **group_why; /* by root: why the group stays, or NULL */
	int *group_culprit;     /* by root: the member that makes it stay */
	int failed;             /* out of memory */
} am_queue_flow;

/* An annotation a followed name carries: `asyncio.Queue[int]`. */
typedef struct am_queue_annotation {
	int is_queue;          /* asyncio.Queue, with or without [T] */
	const char *item_type; /* T, or NULL */
	/* A string annotation, "asyncio.Queue[T]": T may name what is defined
	 * later, and the streams' annotation is a string too. The text around
	 * the string's content (quotes and prefix) in before and after. */
	int quoted;
	const char *before, *after;
} am_queue_annotation;

/* Reads an annotation expression. Returns why it cannot be carried over to
 * the streams (it names asyncio otherwise), or NULL. */
const char *am_queue_annotation_read(const am_context *ctx, TSNode expression,
                                     am_queue_annotation *annotation);

/* What a parameter channel's calls name: its function, or the class whose
 * `__init__` it is a parameter of. */
const char *am_queue_callee_name(const am_context *ctx,
                                 const am_queue_channel *ch);

/* "the `try` at line 12", "the `suppress()` at line 12". */
const char *am_queue_try_describe(const am_context *ctx, const am_queue_try *t);

/* Follows every queue of the file. Returns 0 when out of memory. */
int am_queue_flow_build(am_context *ctx, am_queue_flow *flow);
void am_queue_flow_release(am_queue_flow *flow);

/* The group (root member) of channel `index`, or of try `index` after
 * the channels. */
int am_queue_flow_group(const am_queue_flow *flow, int member);

/* The worker pool of a group (root member), or NULL. */
const am_queue_pool *am_queue_flow_pool(const am_queue_flow *flow, int group);

/* The edits of a pool's rewrite, passed to `add`: the task group around its
 * workers' start, the send stream closed where join() was, the tasks and
 * their cancel gone, and each worker's loop an `async for`. `send` names
 * the queue's send stream, `receive` the worker's receive stream. */
void am_queue_pool_edits(am_context *ctx, const am_queue_pool *pool,
                         const char *send, const char *receive,
                         void (*add)(void *data, uint32_t start, uint32_t end,
                                     const char *text),
                         void *data);

#endif
