// SPDX-License-Identifier: GPL-2.0
/* RAM blocks and their notifiers, the I/O bus, the command line, the console. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "sev/backend.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/launch_options.h"
#include "vmm/cmd/options.h"
#include "vmm/util/console.h"
#include "vmm/util/iobus.h"
#include "vmm/util/ram.h"

struct counting_notifier {
	struct ram_notifier n;
	int added, removed;
	uint64_t bytes;
	int veto;
};

static int on_add(struct ram_notifier *n, struct ram_block *b, struct err *e)
{
	struct counting_notifier *c = (struct counting_notifier *)n;

	if (c->veto)
		return err_set(e, ENOMEM, "veto %s", b->name);
	c->added++;
	c->bytes += b->size;
	return 0;
}

static void on_remove(struct ram_notifier *n, struct ram_block *b)
{
	struct counting_notifier *c = (struct counting_notifier *)n;

	c->removed++;
	c->bytes -= b->size;
}

START_TEST(ram_blocks_and_notifiers)
{
	struct counting_notifier early = { .n = { on_add, on_remove } };
	struct counting_notifier late = { .n = { on_add, on_remove } };
	struct ram_block *a, *b;
	struct ram_mapping *m;
	struct err e = { 0 };
	struct ram r;

	ram_init(&r, -1, 32);
	ck_assert_int_eq(ram_notifier_add(&r, &early.n, &e), 0);
	ck_assert_int_eq(ram_block_add(&r, "low", 1 << 20, &a, &e), 0);
	ck_assert_int_eq(ram_block_add(&r, "bar", 64 << 10, &b, &e), 0);
	ck_assert_int_eq(early.added, 2);
	/* A late subscriber hears of the blocks that exist already. */
	ck_assert_int_eq(ram_notifier_add(&r, &late.n, &e), 0);
	ck_assert_int_eq(late.added, 2);
	ck_assert_uint_eq(late.bytes, (1 << 20) + (64 << 10));

	/* Mapping is separate and reversible; notifiers are not told. */
	ck_assert_int_eq(ram_map(&r, b, 0, 0xe0000000, 64 << 10, &m, &e), 0);
	ck_assert_ptr_eq(ram_gpa_to_hva(&r, 0xe0000010, 4), (char *)b->host + 0x10);
	ck_assert_int_eq(ram_unmap(&r, m, &e), 0);
	ck_assert_ptr_null(ram_gpa_to_hva(&r, 0xe0000010, 4));
	ck_assert_int_eq(ram_map(&r, b, 0, 0xe0000000, 64 << 10, &m, &e), 0);
	ck_assert_int_eq(early.added + early.removed, 2);

	ram_block_remove(&r, b);
	ck_assert_int_eq(early.removed, 1);
	ck_assert_int_eq(late.removed, 1);
	ck_assert_ptr_null(ram_gpa_to_hva(&r, 0xe0000010, 4));
	ram_destroy(&r);
	ck_assert_uint_eq(early.bytes, 0);
	ck_assert_uint_eq(late.bytes, 0);
}
END_TEST

START_TEST(ram_veto_and_bounds)
{
	struct counting_notifier ok = { .n = { on_add, on_remove } };
	struct counting_notifier no = { .n = { on_add, on_remove }, .veto = 1 };
	struct ram_block *a;
	struct err e = { 0 };
	struct ram r;

	ram_init(&r, -1, 32);
	ck_assert_int_eq(ram_notifier_add(&r, &ok.n, &e), 0);
	ck_assert_int_eq(ram_notifier_add(&r, &no.n, &e), 0);
	ck_assert_int_lt(ram_block_add(&r, "x", 1 << 20, &a, &e), 0);
	ck_assert_msg(strstr(e.msg, "veto x"), "%s", e.msg);
	/* The first subscriber was told to undo. */
	ck_assert_int_eq(ok.added, 1);
	ck_assert_int_eq(ok.removed, 1);
	ram_notifier_remove(&r, &no.n);

	ck_assert_int_eq(ram_block_add(&r, "x", 1 << 20, &a, &e), 0);
	ck_assert_int_lt(ram_block_add(&r, "odd", 1000, NULL, &e), 0);
	ck_assert_int_eq(ram_map(&r, a, 0, 0, 1 << 20, NULL, &e), 0);
	ck_assert_int_lt(ram_map(&r, a, 0, 0x80000, 1 << 20, NULL, &e), 0);	/* overlap */
	ck_assert_msg(strstr(e.msg, "overlaps"), "%s", e.msg);
	ck_assert_int_lt(ram_map(&r, a, 4096, 1 << 24, 1 << 20, NULL, &e), 0);	/* past block */
	/* Ranges that straddle the end or wrap are not guest RAM. */
	ck_assert_ptr_nonnull(ram_gpa_to_hva(&r, (1 << 20) - 8, 8));
	ck_assert_ptr_null(ram_gpa_to_hva(&r, (1 << 20) - 8, 9));
	ck_assert_ptr_null(ram_gpa_to_hva(&r, UINT64_MAX - 2, 8));
	ck_assert_int_lt(ram_write(&r, (1 << 20) - 1, "ab", 2, "probe", &e), 0);
	ck_assert_msg(strstr(e.msg, "probe"), "%s", e.msg);
	ram_destroy(&r);
}
END_TEST

struct io_probe {
	uint64_t off;
	unsigned int len, calls;
	bool write;
};

static void io_fn(void *o, uint64_t off, void *data, unsigned int len, bool is_write)
{
	struct io_probe *p = o;

	p->off = off;
	p->len = len;
	p->write = is_write;
	p->calls++;
	if (!is_write)
		memset(data, 0x5a, len);
}

START_TEST(iobus_dispatch)
{
	struct io_probe a = { 0 }, b = { 0 };
	struct err e = { 0 };
	struct iobus bus;
	uint32_t v = 0;

	iobus_init(&bus, "pio");
	ck_assert_int_eq(iobus_register(&bus, 0x3f8, 8, io_fn, &a, "uart", &e), 0);
	ck_assert_int_eq(iobus_register(&bus, 0x60, 1, io_fn, &b, "kbd", &e), 0);
	ck_assert_int_lt(iobus_register(&bus, 0x3fc, 8, io_fn, &b, "clash", &e), 0);
	ck_assert_msg(strstr(e.msg, "overlaps uart"), "%s", e.msg);
	ck_assert(iobus_access(&bus, 0x3fd, &v, 1, false));
	ck_assert_uint_eq(a.off, 5);
	ck_assert_uint_eq(v & 0xff, 0x5a);
	ck_assert(iobus_access(&bus, 0x60, &v, 1, true));
	ck_assert_uint_eq(b.calls, 1);
	ck_assert(b.write);
	/* Unclaimed reads float high; accesses past a range's end miss. */
	ck_assert(!iobus_access(&bus, 0x80, &v, 4, false));
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert(!iobus_access(&bus, 0x3ff, &v, 2, false));
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

START_TEST(sizes)
{
	uint64_t v;

	ck_assert_int_eq(parse_size("512M", &v), 0);
	ck_assert_uint_eq(v, 512ull << 20);
	ck_assert_int_eq(parse_size("2G", &v), 0);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert_int_eq(parse_size("64", &v), 0);	/* MiB, as QEMU's -m */
	ck_assert_uint_eq(v, 64ull << 20);
	ck_assert_int_eq(parse_size("1024K", &v), 0);
	ck_assert_uint_eq(v, 1ull << 20);
	ck_assert_int_eq(parse_size("1GiB", &v), 0);
	ck_assert_uint_eq(v, 1ull << 30);
	ck_assert_int_lt(parse_size("", &v), 0);
	ck_assert_int_lt(parse_size("-1G", &v), 0);
	ck_assert_int_lt(parse_size("12X", &v), 0);
	ck_assert_int_lt(parse_size("99999999999999999999", &v), 0);
	ck_assert_int_lt(parse_size("17179869184T", &v), 0);
	ck_assert_int_lt(parse_size(" 1G", &v), 0);
	ck_assert_int_lt(parse_size("M", &v), 0);
	ck_assert_int_eq(parse_size("16777215T", &v), 0);
	ck_assert_uint_eq(v, 16777215ull << 40);
}
END_TEST

/* parse_u64: C's prefixes (strtoull's base 0), every digit, the bounds. */
START_TEST(numbers)
{
	uint64_t v;
	uint32_t w;

	ck_assert_int_eq(parse_u64("0x1fF", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 0x1ff);
	ck_assert_int_eq(parse_u64("017", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 15);
	ck_assert_int_eq(parse_u64("0", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_u64("9876543210", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, 9876543210ull);
	ck_assert_int_eq(parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse_u64("0xffffffffffffffff", UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_lt(parse_u64("18446744073709551616", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64("0x10000000000000000", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64("256", 255, &v), 0);
	ck_assert_int_lt(parse_u64("08", UINT64_MAX, &v), 0);	/* not octal */
	ck_assert_int_lt(parse_u64("0x", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64("12a", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64("-1", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64("", UINT64_MAX, &v), 0);
	ck_assert_int_lt(parse_u64(NULL, UINT64_MAX, &v), 0);
	ck_assert_int_eq(parse_u32("4294967295", &w), 0);
	ck_assert_uint_eq(w, UINT32_MAX);
	ck_assert_int_lt(parse_u32("4294967296", &w), 0);
}
END_TEST

/* argv[0] is "run" or "measure", as main() hands it to the command. */
static int parse_opts(struct launch_options *o, struct err *e, int n, ...)
{
	char *argv[16];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[n] = NULL;
	return launch_options_parse(n, argv, strcmp(argv[0], "measure") ? LAUNCH_RUN :
				    LAUNCH_MEASURE, o, e);
}

START_TEST(command_line)
{
	struct launch_options o;
	struct err e = { 0 };

	ck_assert_int_eq(parse_opts(&o, &e, 7, "run", "--kernel", "k", "--cpus", "2", "--memory", "512M"),
			 LAUNCH_PARSED);
	ck_assert_str_eq(o.vm.boot.kernel, "k");
	ck_assert_uint_eq(o.vm.ncpus, 2);
	ck_assert_uint_eq(o.vm.mem_size, 512ull << 20);
	ck_assert_str_eq(o.vm.boot.cmdline, DEFAULT_CMDLINE);
	ck_assert_int_eq(parse_opts(&o, &e, 2, "run", "--help"), LAUNCH_WANTS_HELP);
	ck_assert_int_eq(parse_opts(&o, &e, 2, "measure", "--version"), LAUNCH_WANTS_VERSION);
	ck_assert_ptr_null(command_find("fly"));
	ck_assert_ptr_eq(command_find("owner")->main, cmd_owner);
	ck_assert_int_lt(parse_opts(&o, &e, 1, "run"), 0);
	ck_assert_msg(strstr(e.msg, "--kernel"), "%s", e.msg);
	ck_assert_int_lt(parse_opts(&o, &e, 5, "run", "--kernel", "k", "--cpus", "65"), 0);
	ck_assert_msg(strstr(e.msg, "--cpus"), "%s", e.msg);
	ck_assert_int_lt(parse_opts(&o, &e, 5, "run", "--kernel", "k", "--memory", "1M"), 0);
	ck_assert_int_lt(parse_opts(&o, &e, 5, "run", "--kernel", "k", "--timeout", "-3"), 0);
	ck_assert_msg(strstr(e.msg, "--timeout"), "%s", e.msg);
	ck_assert_int_lt(parse_opts(&o, &e, 4, "run", "--kernel", "k", "--bogus"), 0);
	ck_assert_msg(strstr(e.msg, "--bogus"), "%s", e.msg);
	ck_assert_int_lt(parse_opts(&o, &e, 2, "run", "--kernel"), 0);
	ck_assert_msg(strstr(e.msg, "needs an argument"), "%s", e.msg);
	ck_assert_int_eq(parse_opts(&o, &e, 5, "run", "--kernel", "k", "--kernel-format", "flat"),
			 LAUNCH_PARSED);
	ck_assert_uint_eq(o.vm.boot.format, KERNEL_FLAT);
}
END_TEST

static void matched(void *o)
{
	(*(int *)o)++;
}

static void feed(struct console *c, const char *s)
{
	while (*s)
		console_putc(c, CONSOLE_SERIAL, (uint8_t)*s++);
}

/*
 * The serial port and the virtio console write at once: each one's lines
 * reach the output whole (the case of a virtio console line whose "\r\n"
 * came in a second buffer, with a serial line in between).
 */
START_TEST(console_sources_keep_their_lines)
{
	struct console c;
	struct err e = { 0 };
	int p[2], hits = 0;
	char out[256];
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(console_init(&c, p[1], -1, "^ALL-RNG-OK$", matched, &hits, &e), 0);
	console_putc(&c, CONSOLE_VIRTIO, 'H');
	console_putc(&c, CONSOLE_VIRTIO, '0');
	feed(&c, "ALL-RNG-OK\r\n");
	console_putc(&c, CONSOLE_VIRTIO, '\r');
	console_putc(&c, CONSOLE_VIRTIO, '\n');
	console_destroy(&c);
	close(p[1]);
	n = read(p[0], out, sizeof(out) - 1);
	close(p[0]);
	ck_assert_int_gt(n, 0);
	out[n] = '\0';
	ck_assert_str_eq(out, "ALL-RNG-OK\r\nH0\r\n");
	ck_assert_int_eq(hits, 1);
}
END_TEST

/* Reads what the console wrote to pipe @fd, up to EOF. */
static size_t drain(int fd, char *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;

	while (got < max && (n = read(fd, buf + got, max - got)) > 0)
		got += (size_t)n;
	return got;
}

/*
 * One console_write() of several lines, a line longer than the output
 * buffer and NULs: the output is the input byte for byte, and --expect
 * matches a line inside the buffer, once; without an expectation, the
 * same output.
 */
START_TEST(console_write_in_pieces)
{
	static char in[3 * CONSOLE_OBUF], out[sizeof(in) + 1];
	const char *mark = "MARK-7\r\n";
	struct console c;
	struct err e = { 0 };
	int p[2], hits = 0;
	size_t len = 0, pass;

	memcpy(in, "boot\r\n", 6);
	len = 6;
	memset(in + len, 'x', CONSOLE_OBUF + 100);
	len += CONSOLE_OBUF + 100;
	in[len++] = '\n';
	memcpy(in + len, mark, strlen(mark));
	len += strlen(mark);
	memcpy(in + len, "\0\0tail", 6);
	len += 6;
	for (pass = 0; pass < 2; pass++) {
		hits = 0;
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(console_init(&c, p[1], -1, pass ? NULL : "^MARK-[0-9]$", matched,
					      &hits, &e), 0);
		console_write(&c, CONSOLE_VIRTIO, in, len);
		ck_assert_int_eq(hits, !pass);
		console_write(&c, CONSOLE_VIRTIO, mark, strlen(mark));
		ck_assert_int_eq(hits, !pass);	/* once only */
		console_destroy(&c);
		close(p[1]);
		ck_assert_uint_eq(drain(p[0], out, sizeof(out)), len + strlen(mark));
		close(p[0]);
		ck_assert_mem_eq(out, in, len);
		ck_assert_mem_eq(out + len, mark, strlen(mark));
	}
}
END_TEST

START_TEST(console_expect_and_escape)
{
	struct console c;
	struct err e = { 0 };
	int hits = 0, fd = open("/dev/null", O_WRONLY);
	uint8_t out[16];
	bool quit;
	size_t n;

	ck_assert_int_lt(console_init(&c, fd, -1, "a(", matched, &hits, &e), 0);
	ck_assert_msg(strstr(e.msg, "--expect"), "%s", e.msg);
	ck_assert_int_eq(console_init(&c, fd, -1, "NPROC=[0-9]+$", matched, &hits, &e), 0);
	feed(&c, "booting\r\nNPROC=");
	ck_assert_int_eq(hits, 0);
	feed(&c, "2\r\n");
	ck_assert_int_eq(hits, 1);
	feed(&c, "NPROC=3\n");
	ck_assert_int_eq(hits, 1);	/* once only */
	console_destroy(&c);

	/* A partial line (a prompt) matches at the flush tick. */
	ck_assert_int_eq(console_init(&c, fd, -1, "login: $", matched, &hits, &e), 0);
	feed(&c, "login: ");
	ck_assert_int_eq(hits, 1);
	console_flush(&c);
	ck_assert_int_eq(hits, 2);
	console_destroy(&c);

	ck_assert_int_eq(console_init(&c, fd, -1, NULL, NULL, NULL, &e), 0);
	n = console_filter_input(&c, (const uint8_t *)"ab\001\001c\001q", 7, out, &quit);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(memcmp(out, "ab\001c", 4), 0);
	ck_assert(!quit);
	n = console_filter_input(&c, (const uint8_t *)"z\001xrest", 7, out, &quit);
	ck_assert(quit);
	ck_assert_uint_eq(n, 1);
	console_destroy(&c);
	close(fd);
}
END_TEST

/* SEV options: defaults, and the cross-option refusals name the problem. */
START_TEST(command_line_sev)
{
	struct launch_options o;
	const struct vm_config *cfg = &o.vm;
	struct err e;

	ck_assert_int_eq(parse_opts(&o, &e, 6, "run", "--kernel", "k", "--sev-es", "--sev-backend", "sim"),
			 LAUNCH_PARSED);
	ck_assert_int_eq(cfg->sev.mode, SEV_MODE_ES);
	ck_assert_int_eq(cfg->sev.backend, SEV_BACKEND_SIM);
	ck_assert_uint_eq(sev_config_policy(&cfg->sev), 0x5);
	ck_assert_int_lt(parse_opts(&o, &e, 6, "run", "--kernel", "k", "--sev", "--policy", "0x5"), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "ES bit"));
	ck_assert_int_lt(parse_opts(&o, &e, 5, "run", "--kernel", "k", "--launch-log", "x"), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "need --sev"));
	ck_assert_int_lt(parse_opts(&o, &e, 6, "measure", "--kernel", "k", "--sev", "--tik", "t"), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "--mnonce"));
	ck_assert_int_lt(parse_opts(&o, &e, 6, "run", "--kernel", "k", "--sev", "--sev-init", "new"), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "--sev-init 'new'"));
}
END_TEST

Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ram_blocks_and_notifiers);
	tcase_add_test(tc, ram_veto_and_bounds);
	tcase_add_test(tc, iobus_dispatch);
	tcase_add_test(tc, sizes);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, command_line);
	tcase_add_test(tc, command_line_sev);
	tcase_add_test(tc, console_expect_and_escape);
	tcase_add_test(tc, console_sources_keep_their_lines);
	tcase_add_test(tc, console_write_in_pieces);
	suite_add_tcase(s, tc);
	return s;
}
