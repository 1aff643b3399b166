// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD probe for bench/startup: notes the memslots a VMM registers and,
 * at its first KVM_RUN, writes two figures to $SEVVM_BENCH_OUT and ends the
 * process:
 *   startup_ns  CLOCK_MONOTONIC now minus $SEVVM_BENCH_T0 (taken by
 *               exec_stamp just before execve)
 *   rss_kib     resident memory from /proc/self/smaps outside every range
 *               given to KVM_SET_USER_MEMORY_REGION (the guest's RAM and ROMs)
 * The same probe runs under every VMM measured, so the figures compare.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOTS 64

struct slot_range {
	uint64_t start, end;
};

static struct slot_range slots[MAX_SLOTS];
static atomic_int nr_slots;
static atomic_flag reported = ATOMIC_FLAG_INIT;

static int (*real_ioctl)(int, unsigned long, ...);

static void note_slot(const struct kvm_userspace_memory_region *r)
{
	int i = atomic_fetch_add(&nr_slots, 1);

	if (i >= MAX_SLOTS || !r->memory_size)
		return;
	slots[i].start = r->userspace_addr;
	slots[i].end = r->userspace_addr + r->memory_size;
}

/* KiB of the part of [start, end) that lies outside every memslot. */
static int outside_slots(uint64_t start, uint64_t end)
{
	int n = atomic_load(&nr_slots);

	if (n > MAX_SLOTS)
		n = MAX_SLOTS;
	for (int i = 0; i < n; i++)
		if (start < slots[i].end && slots[i].start < end)
			return 0;
	return 1;
}

static uint64_t rss_outside_guest_kib(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	uint64_t total = 0, start = 0, end = 0, kib;
	int counted = 1;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " ", &start, &end) == 2) {
			counted = outside_slots(start, end);
			continue;
		}
		if (counted && sscanf(line, "Rss: %" SCNu64 " kB", &kib) == 1)
			total += kib;
	}
	fclose(f);
	return total;
}

static void report(void)
{
	struct timespec now;
	const char *t0 = getenv("SEVVM_BENCH_T0");
	const char *out = getenv("SEVVM_BENCH_OUT");
	uint64_t ns, start_ns = t0 ? strtoull(t0, NULL, 10) : 0;
	FILE *f;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	f = out ? fopen(out, "w") : NULL;
	if (f) {
		fprintf(f, "startup_ns %" PRIu64 "\nrss_kib %" PRIu64 "\n",
			ns - start_ns, rss_outside_guest_kib());
		fclose(f);
	}
	_exit(0);
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	if (req == KVM_SET_USER_MEMORY_REGION)
		note_slot(arg);
	if (req == KVM_RUN && !atomic_flag_test_and_set(&reported))
		report();
	return real_ioctl(fd, req, arg);
}
