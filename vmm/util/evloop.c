// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/evloop.h"

#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

int evloop_init(struct evloop *l, struct err *e)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	*l = (struct evloop){ .epfd = -1, .stop_fd = -1 };
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return err_sys(e, errno, "epoll_create1");
	l->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (l->stop_fd < 0)
		return err_sys(e, errno, "eventfd");
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->stop_fd, &ev) < 0)
		return err_sys(e, errno, "epoll_ctl");
	return 0;
}

int evloop_add(struct evloop *l, struct evloop_handler *h, uint32_t events, struct err *e)
{
	struct epoll_event ev = { .events = events, .data.ptr = h };

	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, h->fd, &ev) < 0)
		return err_sys(e, errno, "epoll_ctl(ADD fd %d)", h->fd);
	return 0;
}

int evloop_mod(struct evloop *l, struct evloop_handler *h, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = h };

	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, h->fd, &ev) < 0 ? -errno : 0;
}

void evloop_del(struct evloop *l, struct evloop_handler *h)
{
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, h->fd, NULL);
}

static void *loop_thread(void *arg)
{
	struct evloop *l = arg;
	struct epoll_event evs[32];
	sigset_t all;

	/* Signals belong to the main thread's signalfd. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_setname_np(pthread_self(), "virtio-io");
	if (l->thread_init && !l->thread_init(l->opaque))
		return NULL;
	for (;;) {
		int n = epoll_wait(l->epfd, evs, 32, -1), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		for (i = 0; i < n; i++) {
			struct evloop_handler *h = evs[i].data.ptr;

			if (!h)
				return NULL;	/* stop_fd */
			h->fn(h, evs[i].events);
		}
	}
}

int evloop_start(struct evloop *l, struct err *e)
{
	int r = pthread_create(&l->thread, NULL, loop_thread, l);

	if (r)
		return err_sys(e, r, "I/O thread");
	l->started = true;
	return 0;
}

void evloop_stop(struct evloop *l)
{
	uint64_t one = 1;

	if (!l->started)
		return;
	if (write(l->stop_fd, &one, sizeof(one)) < 0) {
		/* cannot fail: one write to a fresh eventfd */
	}
	pthread_join(l->thread, NULL);
	l->started = false;
}

void evloop_destroy(struct evloop *l)
{
	evloop_stop(l);
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->stop_fd >= 0)
		close(l->stop_fd);
	l->epfd = l->stop_fd = -1;
}
