// SPDX-License-Identifier: GPL-2.0
/*
 * The launch log: valid JSON at the end, guest-driven events bounded and
 * counted; read back (sev/launch_log_read.c) item for item, the hashes
 * checked by Python's hashlib, and broken logs refused with the event and
 * member named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "sev/launch_log.h"
#include "sev/launch_log_read.h"
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

/* The SHA-256 of @n bytes of value @byte, from Python's hashlib, into @hex. */
static void python_sha(unsigned int byte, unsigned int n, char hex[65])
{
	char cmd[160], line[80];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "python3 -c 'import hashlib; "
		 "print(hashlib.sha256(bytes([%u]) * %u).hexdigest())'", byte, n);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	/* The whole line with its newline, so that Python's write does not meet a closed pipe. */
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_uint_eq(strlen(line), 65);
	memcpy(hex, line, 64);
	hex[64] = 0;
}

START_TEST(launch_log_reads_back_what_it_wrote)
{
	char path[] = "/tmp/sevvm-log-XXXXXX", want[65], hex[65];
	static uint8_t small[32], big[8192], page[SEV_VMSA_PAGE];
	uint8_t sum_small[32], sum_big[32], sum_page[32], zero[32] = { 0 };
	struct sev_measured m;
	struct sev_log log;
	struct err e = { 0 };
	size_t len;
	char *text;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	memset(small, 0xab, sizeof(small));
	memset(big, 0xcd, sizeof(big));
	page[0x310] = 0x12;
	page[0x311] = 0x0f;
	EVP_Digest(small, sizeof(small), sum_small, NULL, EVP_sha256(), NULL);
	EVP_Digest(big, sizeof(big), sum_big, NULL, EVP_sha256(), NULL);
	EVP_Digest(page, sizeof(page), sum_page, NULL, EVP_sha256(), NULL);
	ck_assert_int_eq(sev_log_open(&log, path, &e), 0);
	sev_log_event(&log, "launch", "\"mode\": \"sev-es\", \"init\": \"legacy\"");
	sev_log_region(&log, 0x7000, sizeof(small), "zero \"page\"", small, sum_small, zero);
	sev_log_region(&log, 0x1000000, sizeof(big), "kernel", big, sum_big, zero);
	sev_log_vmsa(&log, 3, 0xfff0, page, sum_page);
	sev_log_event(&log, "measurement", "\"digest\": \"%s\"", sev_hex(sum_big, 32, hex));
	sev_log_close(&log);

	text = slurp(path, &len);
	sev_measured_init(&m);
	ck_assert_msg(sev_launch_log_read(text, len, &m, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(m.nr, 3);
	ck_assert_str_eq(m.mode, "sev-es");
	ck_assert_str_eq(m.init, "legacy");
	ck_assert(m.have_digest && !memcmp(m.digest, sum_big, 32));
	ck_assert_uint_eq(m.items[0].gpa, 0x7000);
	ck_assert_str_eq(m.items[0].what, "zero \"page\"");
	ck_assert_ptr_nonnull(m.items[0].data);
	ck_assert_mem_eq(m.items[0].data, small, sizeof(small));
	python_sha(0xab, 32, want);
	ck_assert_str_eq(sev_hex(m.items[0].sha256, 32, hex), want);
	/* Past SEV_MEASURED_DATA_MAX, the hash only. */
	ck_assert_ptr_null(m.items[1].data);
	python_sha(0xcd, 8192, want);
	ck_assert_str_eq(sev_hex(m.items[1].sha256, 32, hex), want);
	ck_assert_int_eq(m.items[2].kind, SEV_MEASURED_VMSA);
	ck_assert_uint_eq(m.items[2].cpu, 3);
	ck_assert_mem_eq(m.items[2].data, page, sizeof(page));
	python_sha(0, 4096, want);	/* not the zero page: the VMSA has rdx set */
	ck_assert_str_ne(sev_hex(m.items[2].sha256, 32, hex), want);
	sev_measured_free(&m);
	free(text);
	unlink(path);
}
END_TEST

/* @log must be refused with a message containing @what. */
static void refused(const char *log, const char *what)
{
	struct sev_measured m;
	struct err e = { 0 };

	sev_measured_init(&m);
	ck_assert_msg(sev_launch_log_read(log, strlen(log), &m, &e) < 0, "accepted: %s", log);
	ck_assert_msg(strstr(e.msg, what), "'%s' lacks '%s'", e.msg, what);
	sev_measured_free(&m);
}

#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define LOG(ev) "{\"sevvm_launch_log\": 1, \"events\": [" ev "]}"

START_TEST(launch_log_refuses_broken_logs)
{
	char deep[200];

	refused("", "not a launch log");
	refused("{\"events\": []}", "\"events\" before \"sevvm_launch_log\"");
	refused("{\"sevvm_launch_log\": 2, \"events\": []}", "is 2, this sevvm reads version 1");
	refused(LOG("{\"type\": \"region\", \"gpa\": 0, \"len\": 0, \"what\": \"x\"}"),
		"event 0 (region): \"sha256\" is missing");
	refused(LOG("{\"type\": \"region\", \"gpa\": 0, \"len\": -3, \"what\": \"x\"}"),
		"event 0 (region): \"len\" is negative");
	refused(LOG("{\"type\": \"region\", \"gpa\": 18446744073709551615, \"len\": 2, "
		    "\"what\": \"x\", \"sha256\": \"" EMPTY_SHA "\"}"),
		"\"len\" runs past the end of the address space");
	refused(LOG("{\"type\": \"region\", \"gpa\": 0, \"len\": 0, \"what\": \"x\", "
		    "\"sha256\": \"00\"}"), "\"sha256\" is not 64 hex digits");
	refused(LOG("{\"type\": \"region\", \"gpa\": 0, \"len\": 1, \"what\": \"x\", "
		    "\"sha256\": \"" EMPTY_SHA "\", \"data\": \"0\"}"),
		"\"data\" is not 2 * len hex digits");
	refused(LOG("{\"type\": \"region\", \"gpa\": 0, \"len\": 1, \"what\": \"x\", "
		    "\"sha256\": \"" EMPTY_SHA "\", \"data\": \"00\"}"),
		"\"data\" does not have the event's sha256");
	refused(LOG("{\"type\": \"vmsa\", \"cpu\": 0, \"sha256\": \"" EMPTY_SHA "\", "
		    "\"vmsa\": \"zz\"}"), "\"vmsa\" is not up to 8192 hex digits");
	refused(LOG("{\"type\": \"vmsa\", \"sha256\": \"" EMPTY_SHA "\"}"), "\"cpu\" is missing");
	refused(LOG("{\"type\": \"region\", \"gpa\": \"0x10\"}"),
		"event 0 (region): \"gpa\": expected a number");
	refused(LOG("{\"type\": \"ghcb\", \"x\": \"a\\qb\"}"), "bad escape in a string");
	refused(LOG("{}"), "event 0 (?): \"type\" is missing");
	refused(LOG("{\"type\": \"stop\"}") " trailing", "data after the log's closing brace");
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = 0;
	refused(LOG("{\"type\": \"x\", \"y\": "), "event 0 (x): \"y\": expected a number");
	{
		char buf[400];

		snprintf(buf, sizeof(buf), LOG("{\"type\": \"x\", \"y\": %s"), deep);
		refused(buf, "nested too deep");
	}
}
END_TEST

Suite *launch_log_suite(void)
{
	Suite *s = suite_create("launch_log");
	TCase *tc = tcase_create("launch_log");

	/* 10000 events under ASan on a loaded machine, and Python started three times. */
	tcase_set_timeout(tc, 60);

	tcase_add_test(tc, launch_log_bounds_guest_events);
	tcase_add_test(tc, launch_log_ends_valid_after_buffered_events);
	tcase_add_test(tc, launch_log_reads_back_what_it_wrote);
	tcase_add_test(tc, launch_log_refuses_broken_logs);
	suite_add_tcase(s, tc);
	return s;
}
