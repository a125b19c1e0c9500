#include "pool.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *worker_main(void *argument)
{
	struct pool_worker *worker = argument;
	struct pool *pool = worker->pool;

	for (;;) {
		size_t index = atomic_fetch_add(&pool->next, 1);

		if (index >= pool->tasks)
			break;
		pool->work(pool->shared, worker->number, index);
		pthread_mutex_lock(&pool->lock);
		pool->done[index] = 1;
		pool->done_count++;
		pthread_cond_broadcast(&pool->finished);
		pthread_mutex_unlock(&pool->lock);
	}
	return NULL;
}

static int pool_init(struct pool *pool, size_t workers, size_t tasks,
                     pool_work *work, void *shared)
{
	pool->work = work;
	pool->shared = shared;
	pool->tasks = tasks;
	atomic_init(&pool->next, 0);
	pool->done_count = 0;
	pool->started = 0;
	pool->done = calloc(tasks ? tasks : 1, 1);
	pool->workers = calloc(workers, sizeof(*pool->workers));
	if (!pool->done || !pool->workers) {
		free(pool->done);
		free(pool->workers);
		return -1;
	}
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->finished, NULL);
	return 0;
}

int pool_start(struct pool *pool, size_t workers, size_t tasks, pool_work *work,
               void *shared)
{
	size_t i;

	if (workers == 0 || pool_init(pool, workers, tasks, work, shared) != 0)
		return -1;
	for (i = 0; i < workers; i++) {
		struct pool_worker *worker = &pool->workers[pool->started];

		worker->pool = pool;
		worker->number = pool->started;
		if (pthread_create(&worker->thread, NULL, worker_main,
		                   worker) == 0)
			pool->started++;
	}
	if (pool->started > 0)
		return 0;
	pool_finish(pool);
	return -1;
}

static void deadline_after(struct timespec *deadline, long timeout_ms)
{
	clock_gettime(CLOCK_REALTIME, deadline);
	deadline->tv_sec += timeout_ms / 1000;
	deadline->tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
}

int pool_wait(struct pool *pool, size_t index, long timeout_ms,
              size_t *done_count)
{
	struct timespec deadline;
	int done;

	deadline_after(&deadline, timeout_ms);
	pthread_mutex_lock(&pool->lock);
	while (!pool->done[index] &&
	       pthread_cond_timedwait(&pool->finished, &pool->lock,
	                              &deadline) != ETIMEDOUT) {
	}
	done = pool->done[index];
	*done_count = pool->done_count;
	pthread_mutex_unlock(&pool->lock);
	return done;
}

void pool_finish(struct pool *pool)
{
	size_t i;

	for (i = 0; i < pool->started; i++)
		pthread_join(pool->workers[i].thread, NULL);
	pthread_cond_destroy(&pool->finished);
	pthread_mutex_destroy(&pool->lock);
	free(pool->done);
	free(pool->workers);
	pool->done = NULL;
	pool->workers = NULL;
	pool->started = 0;
}

size_t pool_worker_count(size_t jobs, size_t tasks)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t wanted = jobs ? jobs : cpus > 0 ? (size_t)cpus : 1;

	if (wanted > tasks)
		wanted = tasks;
	return wanted ? wanted : 1;
}
