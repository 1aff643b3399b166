// SPDX-License-Identifier: GPL-2.0
/* The launch log: valid JSON at the end, guest-driven events bounded and counted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/launch_log.h"
#include "tests/unit/unit.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf;

	ck_assert_ptr_nonnull(f);
	buf = calloc(1, 64u << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (64u << 20) - 1, f);
	fclose(f);
	return buf;
}

static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

START_TEST(launch_log_bounds_guest_events)
{
	char path[] = "/tmp/sevvm-log-XXXXXX", cmd[128];
	struct sev_log log;
	struct err e = { 0 };
	unsigned int i;
	size_t len;
	char *text;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sev_log_open(&log, path, &e), 0);
	sev_log_event(&log, "launch", "\"mode\": \"sev-es\"");
	for (i = 0; i < SEV_LOG_BOUNDED_MAX + 25; i++)
		sev_log_event_bounded(&log, "ghcb", "\"cpu\": 0, \"request\": %u", i);
	sev_log_event(&log, "ap", "\"cpu\": 1");	/* not bounded, between them */
	for (i = 0; i < 3; i++)
		sev_log_event_bounded(&log, "ipi", "\"cpu\": 1");
	sev_log_close(&log);

	text = slurp(path, &len);
	ck_assert_uint_eq(count(text, "\"type\": \"ghcb\""), SEV_LOG_BOUNDED_MAX);
	ck_assert_uint_eq(count(text, "\"type\": \"ipi\""), 3);
	ck_assert_uint_eq(count(text, "\"type\": \"ap\""), 1);
	ck_assert_ptr_nonnull(strstr(text, "{\"type\": \"summary\", \"events\": \"ghcb\", "
				     "\"logged\": 10000, \"not_logged\": 25}"));
	ck_assert_ptr_nonnull(strstr(text, "{\"type\": \"summary\", \"events\": \"ipi\", "
				     "\"logged\": 3, \"not_logged\": 0}"));
	/* The first SEV_LOG_BOUNDED_MAX are written, the rest only counted. */
	ck_assert_ptr_null(strstr(text, "\"request\": 10000}"));
	ck_assert_ptr_nonnull(strstr(text, "\"request\": 9999}"));
	/* An independent parser takes the whole file. */
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' %s",
		 path);
	ck_assert_int_eq(system(cmd), 0);
	free(text);
	unlink(path);
}
END_TEST

/* Bounded events after the last flushed one still end in valid JSON. */
START_TEST(launch_log_ends_valid_after_buffered_events)
{
	char path[] = "/tmp/sevvm-log-XXXXXX", cmd[128];
	struct sev_log log;
	struct err e = { 0 };
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(sev_log_open(&log, path, &e), 0);
	sev_log_event_bounded(&log, "ghcb", "\"cpu\": 0");
	sev_log_close(&log);
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); "
		 "assert len(d[\"events\"]) == 2' %s", path);
	ck_assert_int_eq(system(cmd), 0);
	unlink(path);
}
END_TEST

Suite *launch_log_suite(void)
{
	Suite *s = suite_create("launch_log");
	TCase *tc = tcase_create("launch_log");

	tcase_add_test(tc, launch_log_bounds_guest_events);
	tcase_add_test(tc, launch_log_ends_valid_after_buffered_events);
	suite_add_tcase(s, tc);
	return s;
}
