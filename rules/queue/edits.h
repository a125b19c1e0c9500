/*
 * The text of the queue rule's rewrite (ANY301): one group of queues,
 * parameters and `try` statements followed by the analysis of flow.h becomes
 * one fix.
 */
#ifndef AM_QUEUE_EDITS_H
#define AM_QUEUE_EDITS_H

#include "flow.h"

/* The names given to the streams of a channel. */
typedef struct am_queue_names {
	const char *send;    /* NULL when the channel has no send stream */
	const char *receive; /* NULL when it has no receive stream */
} am_queue_names;

/* Names the streams of every channel of a group, fresh in the file. */
void am_queue_name_group(am_context *ctx, const am_queue_flow *flow, int group,
                         am_queue_names *names);

/* Proposes the fix of a group (named). Returns 0, proposing nothing, when
 * two of its edits would overlap. */
int am_queue_fix_group(am_context *ctx, const am_queue_flow *flow, int group,
                       const am_queue_names *names, const char *message);

#endif
