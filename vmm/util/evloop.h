/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The I/O thread: one epoll loop that runs device back ends (virtqueue
 * kicks, TAP and console input, interrupt resamples) off the vCPU threads.
 */
#ifndef SEVVM_EVLOOP_H
#define SEVVM_EVLOOP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "vmm/util/err.h"

struct evloop_handler {
	int fd;
	void (*fn)(struct evloop_handler *h, uint32_t events);
	void *opaque;
};

struct evloop {
	int epfd;
	int stop_fd;		/* eventfd: ends the loop */
	pthread_t thread;
	bool started;
	/*
	 * Optional, set after evloop_init(): runs first in the I/O thread
	 * (the sandbox); false ends the thread before it serves anything.
	 */
	bool (*thread_init)(void *opaque);
	void *opaque;
};

int evloop_init(struct evloop *l, struct err *e);
/* @h must live until evloop_destroy(); events are EPOLLIN and friends. */
int evloop_add(struct evloop *l, struct evloop_handler *h, uint32_t events, struct err *e);
int evloop_mod(struct evloop *l, struct evloop_handler *h, uint32_t events);
void evloop_del(struct evloop *l, struct evloop_handler *h);
int evloop_start(struct evloop *l, struct err *e);
/* Ends the loop after the handler running now returns, and joins it. */
void evloop_stop(struct evloop *l);
void evloop_destroy(struct evloop *l);

#endif
