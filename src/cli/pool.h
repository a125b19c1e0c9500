/*
 * A pool of worker threads over a list of tasks. Workers take the next task
 * from a shared atomic index, so a slow file holds up one worker only; the
 * main thread waits for the tasks in list order, so it can print each one's
 * output as soon as it and all before it are done, and the output does not
 * depend on the number of workers.
 */
#ifndef CLI_POOL_H
#define CLI_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* Do task `index` on worker `worker` (0 <= worker < workers). */
typedef void pool_work(void *shared, size_t worker, size_t index);

struct pool_worker {
	struct pool *pool;
	size_t number;
	pthread_t thread;
};

struct pool {
	pool_work *work;
	void *shared;
	size_t tasks;
	atomic_size_t next; /* the next task to hand out */
	pthread_mutex_t lock;
	pthread_cond_t finished; /* signalled when a task is done */
	unsigned char *done;     /* per task, under `lock` */
	size_t done_count;       /* under `lock` */
	struct pool_worker *workers;
	size_t started;
};

/*
 * Start `workers` threads on `tasks` tasks. Returns 0, or -1 if out of
 * memory or no thread could start (nothing is running then).
 */
int pool_start(struct pool *pool, size_t workers, size_t tasks, pool_work *work,
               void *shared);
/*
 * Wait up to `timeout_ms` for task `index`. Returns 1 once it is done, 0 on
 * timeout. *done_count tells how many tasks are done in all.
 */
int pool_wait(struct pool *pool, size_t index, long timeout_ms,
              size_t *done_count);
/* Wait for every worker to finish and release the pool. */
void pool_finish(struct pool *pool);
/* How many workers for `tasks` tasks: `jobs` (--jobs), or one per CPU when
 * 0; never more than the tasks, at least one. */
size_t pool_worker_count(size_t jobs, size_t tasks);

#endif
