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
 *   map KIB NAME  with $SEVVM_BENCH_MAPS set, one line per mapping counted
 *               in rss_kib that has resident pages (NAME: its file, or
 *               [heap], [stack], [anon]), so a change shows where it went
 * The same probe runs under every VMM measured, so the figures compare.
 * Both files are opened before the VMM's main runs: by its first KVM_RUN a
 * VMM may run under a seccomp filter that refuses openat (sevvm's sandbox),
 * and the probe must measure the VMM as it really runs.
 *
 * The probe's own pages count in rss_kib too, so it stays small: raw system
 * calls instead of dlsym(RTLD_NEXT) for the real ioctl and for the clock,
 * a hand-written parser on a static buffer instead of stdio and sscanf
 * (whose code and buffers would add some 150 KiB to every VMM's figure),
 * and no _FORTIFY_SOURCE (Makefile): its __memmove_chk and the libc
 * clock_gettime each sit in a libc page (64 KiB with the kernel's fault-
 * around) that a VMM need not touch by its first KVM_RUN.
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
static int smaps_fd = -1, out_fd = -1;
static bool want_maps;
static char maps_buf[1 << 14];
static size_t maps_len;

/* The mapping being read: its name, whether it counts, its Rss. */
struct mapping {
	char name[96];
	bool counted;
	uint64_t rss_kib;
};

__attribute__((constructor)) static void probe_open(void)
{
	const char *out = getenv("SEVVM_BENCH_OUT");

	want_maps = getenv("SEVVM_BENCH_MAPS") != NULL;
	smaps_fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC);
	if (out)
		out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

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

/* "map KIB NAME" for @m into maps_buf, when asked for and it has pages. */
static void put_mapping(const struct mapping *m)
{
	char line[160], *p;
	size_t n;

	if (!want_maps || !m->counted || !m->rss_kib)
		return;
	p = put_figure(line, "map", m->rss_kib);
	p[-1] = ' ';		/* put_figure ends the line: the name goes first */
	n = strnlen(m->name, sizeof(m->name));
	memcpy(p, m->name, n);
	p += n;
	*p++ = '\n';
	n = (size_t)(p - line);
	if (maps_len + n <= sizeof(maps_buf)) {
		memcpy(maps_buf + maps_len, line, n);
		maps_len += n;
	}
}

/*
 * One line of smaps: a mapping's header "start-end perms offset dev inode
 * [name]" starts *m (whether it counts, its name); "Rss: N kB" adds N to
 * *total when the mapping counts.
 */
static void smaps_line(const char *l, const char *end, struct mapping *m, uint64_t *total)
{
	const char *p = l;
	uint64_t start, stop, kib;
	int field;
	size_t n;

	if (end - l > 4 && !memcmp(l, "Rss:", 4)) {
		for (p = l + 4; p < end && *p == ' '; p++)
			;
		kib = parse_num(&p, end, 10);
		if (m->counted) {
			*total += kib;
			m->rss_kib += kib;
		}
		return;
	}
	start = parse_num(&p, end, 16);
	if (p == l || p >= end || *p != '-')
		return;		/* another field line */
	p++;
	stop = parse_num(&p, end, 16);
	if (p >= end || *p != ' ')
		return;
	put_mapping(m);
	*m = (struct mapping){ .counted = outside_slots(start, stop) };
	for (field = 0; field < 4 && p < end; field++) {	/* perms offset dev inode */
		while (p < end && *p == ' ')
			p++;
		while (p < end && *p != ' ')
			p++;
	}
	while (p < end && *p == ' ')
		p++;
	n = (size_t)(end - p);
	if (!n) {
		p = "[anon]";
		n = 6;
	}
	if (n >= sizeof(m->name))
		n = sizeof(m->name) - 1;
	memcpy(m->name, p, n);
}

static uint64_t rss_outside_guest_kib(void)
{
	size_t have = 0;
	uint64_t total = 0;
	struct mapping m = { .counted = true };
	off_t pos = 0;

	if (smaps_fd < 0)
		return 0;
	/* smaps is generated as it is read: the contents now, not at open. */
	for (;;) {
		ssize_t n = pread(smaps_fd, smaps_buf + have, sizeof(smaps_buf) - have, pos);
		const char *l = smaps_buf, *nl, *end;

		if (n <= 0)
			break;
		pos += n;
		end = smaps_buf + have + (size_t)n;
		while ((nl = memchr(l, '\n', (size_t)(end - l)))) {
			smaps_line(l, nl, &m, &total);
			l = nl + 1;
		}
		have = (size_t)(end - l);
		memmove(smaps_buf, l, have);
		if (have == sizeof(smaps_buf))
			have = 0;	/* no line is this long */
	}
	put_mapping(&m);
	return total;
}

static void report(void)
{
	struct timespec now;
	const char *t0 = getenv("SEVVM_BENCH_T0");
	uint64_t ns, start_ns = 0;
	char line[128], *p = line;

	/* libc's clock_gettime would map its page for the probe alone */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
	ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	if (t0)
		start_ns = parse_num(&t0, t0 + strlen(t0), 10);
	p = put_figure(p, "startup_ns", ns - start_ns);
	p = put_figure(p, "rss_kib", rss_outside_guest_kib());
	p = put_figure(p, "t0_ns", start_ns);
	if (out_fd >= 0 && (write(out_fd, line, (size_t)(p - line)) < 0 ||
			    (maps_len && write(out_fd, maps_buf, maps_len) < 0))) {
		/* bench/startup says the VMM never reached KVM_RUN */
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
