// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD probe for bench/startup: notes the memslots a VMM registers and,
 * at its first KVM_RUN, writes two figures to $SEVVM_BENCH_OUT and ends the
 * process:
 *   startup_ns  CLOCK_MONOTONIC now minus $SEVVM_BENCH_T0 (taken by
 *               exec_stamp just before execve)
 *   rss_kib     resident memory from /proc/self/smaps outside every range
 *               given to KVM_SET_USER_MEMORY_REGION (the guest's RAM and ROMs)
 *   t0_ns       $SEVVM_BENCH_T0 itself, to place a VMM's own timestamps
 * The same probe runs under every VMM measured, so the figures compare.
 *
 * The probe's own pages count in rss_kib too, so it stays small: raw system
 * calls instead of dlsym(RTLD_NEXT) for the real ioctl, and a hand-written
 * parser on a static buffer instead of stdio and sscanf (whose code and
 * buffers would add some 150 KiB to every VMM's figure).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOTS 64

struct slot_range {
	uint64_t start, end;
};

static struct slot_range slots[MAX_SLOTS];
static atomic_int nr_slots;
static atomic_flag reported = ATOMIC_FLAG_INIT;
static char smaps_buf[1 << 16];

static void note_slot(const struct kvm_userspace_memory_region *r)
{
	int i = atomic_fetch_add(&nr_slots, 1);

	if (i >= MAX_SLOTS || !r->memory_size)
		return;
	slots[i].start = r->userspace_addr;
	slots[i].end = r->userspace_addr + r->memory_size;
}

/* Whether [start, end) lies outside every memslot. */
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

/* A number in @base at *p; moves *p past it. */
static uint64_t parse_num(const char **p, const char *end, unsigned int base)
{
	uint64_t v = 0;

	for (; *p < end; (*p)++) {
		char c = **p;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else
			break;
		v = v * base + d;
	}
	return v;
}

/*
 * One line of smaps: a mapping's header "start-end perms ..." sets
 * *counted; "Rss: N kB" adds N when the mapping is counted.
 */
static void smaps_line(const char *l, const char *end, bool *counted, uint64_t *total)
{
	const char *p = l;
	uint64_t start, stop;

	if (end - l > 4 && !memcmp(l, "Rss:", 4)) {
		for (p = l + 4; p < end && *p == ' '; p++)
			;
		if (*counted)
			*total += parse_num(&p, end, 10);
		return;
	}
	start = parse_num(&p, end, 16);
	if (p == l || p >= end || *p != '-')
		return;		/* another field line */
	p++;
	stop = parse_num(&p, end, 16);
	if (p < end && *p == ' ')
		*counted = outside_slots(start, stop);
}

static uint64_t rss_outside_guest_kib(void)
{
	int fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
	size_t have = 0;
	uint64_t total = 0;
	bool counted = true;

	if (fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(fd, smaps_buf + have, sizeof(smaps_buf) - have);
		const char *l = smaps_buf, *nl, *end;

		if (n <= 0)
			break;
		end = smaps_buf + have + (size_t)n;
		while ((nl = memchr(l, '\n', (size_t)(end - l)))) {
			smaps_line(l, nl, &counted, &total);
			l = nl + 1;
		}
		have = (size_t)(end - l);
		memmove(smaps_buf, l, have);
		if (have == sizeof(smaps_buf))
			have = 0;	/* no line is this long */
	}
	close(fd);
	return total;
}

/* "NAME VALUE\n" into @p. */
static char *put_figure(char *p, const char *name, uint64_t v)
{
	char digits[24];
	int n = 0;

	while (*name)
		*p++ = *name++;
	*p++ = ' ';
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	*p++ = '\n';
	return p;
}

static void report(void)
{
	struct timespec now;
	const char *t0 = getenv("SEVVM_BENCH_T0");
	const char *out = getenv("SEVVM_BENCH_OUT");
	uint64_t ns, start_ns = 0;
	char line[128], *p = line;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	if (t0)
		start_ns = parse_num(&t0, t0 + strlen(t0), 10);
	p = put_figure(p, "startup_ns", ns - start_ns);
	p = put_figure(p, "rss_kib", rss_outside_guest_kib());
	p = put_figure(p, "t0_ns", start_ns);
	fd = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	if (fd >= 0) {
		if (write(fd, line, (size_t)(p - line)) < 0) {
			/* bench/startup says the VMM never reached KVM_RUN */
		}
		close(fd);
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
	if (req == KVM_SET_USER_MEMORY_REGION)
		note_slot(arg);
	if (req == KVM_RUN && !atomic_flag_test_and_set(&reported))
		report();
	return (int)syscall(SYS_ioctl, fd, req, arg);
}
