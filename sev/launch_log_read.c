// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON reader (RFC 8259) for the launch log: objects, arrays,
 * strings, numbers and literals, nested at most JSON_DEPTH_MAX deep. Only
 * the members --explain needs are kept; anything else is checked for
 * syntax and skipped.
 */
#include "sev/launch_log_read.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_DEPTH_MAX	16
#define NAME_MAX_LEN	64
/* The longest string kept: a VMSA page or a region's data in hex. */
#define HEX_MAX_LEN	(2 * (SEV_MEASURED_DATA_MAX > SEV_VMSA_PAGE ? \
			      SEV_MEASURED_DATA_MAX : SEV_VMSA_PAGE))

struct json {
	const char *text, *p, *end;
	unsigned int event;	/* the number of the event being read, from 0 */
	const char *type;	/* its type, when known; NULL outside the events */
	const char *member;	/* the member being read, or NULL */
	struct err *e;
};

/* "launch log: offset N: event E (TYPE): "MEMBER": WHAT", as far as known. */
static int fail(struct json *j, const char *what)
{
	char where[160] = "";

	if (j->type)
		snprintf(where, sizeof(where), "event %u (%s): ", j->event, j->type[0] ? j->type : "?");
	if (j->member)
		snprintf(where + strlen(where), sizeof(where) - strlen(where), "\"%.60s\": ",
			 j->member);
	return err_set(j->e, EINVAL, "launch log: offset %td: %s%s", j->p - j->text, where, what);
}

static void skip_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int expect(struct json *j, char c)
{
	char msg[32];

	skip_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return 0;
	}
	snprintf(msg, sizeof(msg), "expected '%c'", c);
	return fail(j, msg);
}

static bool peek(struct json *j, char c)
{
	skip_ws(j);
	return j->p < j->end && *j->p == c;
}

/* 0..15, or -1 for what is not a hex digit. */
static int hex_digit(char c)
{
	return OPENSSL_hexchar2int((unsigned char)c);
}

/*
 * A string into @buf (NUL-terminated, at most @cap - 1 bytes; NULL:
 * checked and skipped). \uXXXX outside ASCII becomes '?': sevvm writes
 * only ASCII names.
 */
static int string(struct json *j, char *buf, size_t cap, size_t *outlen)
{
	size_t n = 0;

	if (expect(j, '"'))
		return fail(j, "expected a string");
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p++;

		if (c < 0x20)
			return fail(j, "control character in a string");
		if (c == '\\') {
			if (j->p >= j->end)
				break;
			c = (unsigned char)*j->p++;
			switch (c) {
			case '"': case '\\': case '/': break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				unsigned int v = 0, i;

				if (j->end - j->p < 4)
					return fail(j, "truncated \\u escape");
				for (i = 0; i < 4; i++) {
					int d = hex_digit(j->p[i]);

					if (d < 0)
						return fail(j, "bad \\u escape");
					v = v << 4 | (unsigned int)d;
				}
				j->p += 4;
				c = v && v < 0x80 ? (unsigned char)v : '?';
				break;
			}
			default:
				return fail(j, "bad escape in a string");
			}
		}
		if (buf) {
			if (n + 1 >= cap)
				return fail(j, "string too long");
			buf[n] = (char)c;
		}
		n++;
	}
	if (j->p >= j->end)
		return fail(j, "unterminated string");
	j->p++;
	if (buf)
		buf[n] = 0;
	if (outlen)
		*outlen = n;
	return 0;
}

/* A non-negative integer below 2^64 (sevvm's numbers); *@neg for "-N". */
static int number(struct json *j, uint64_t *v, bool *neg)
{
	const char *start;
	uint64_t x = 0;

	skip_ws(j);
	*neg = j->p < j->end && *j->p == '-';
	if (*neg)
		j->p++;
	start = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		unsigned int d = (unsigned int)(*j->p - '0');

		if (x > (UINT64_MAX - d) / 10)
			return fail(j, "number too large");
		x = x * 10 + d;
		j->p++;
	}
	if (j->p == start)
		return fail(j, "expected a number");
	/* A fraction or exponent: valid JSON, never sevvm's. */
	while (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E' || *j->p == '+' ||
				 *j->p == '-' || (*j->p >= '0' && *j->p <= '9')))
		j->p++;
	*v = x;
	return 0;
}

static int value_skip(struct json *j, unsigned int depth);

/* The members of an object or elements of an array, skipped. */
static int container_skip(struct json *j, char close, unsigned int depth)
{
	j->p++;
	if (peek(j, close)) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (close == '}' && (string(j, NULL, 0, NULL) || expect(j, ':')))
			return -EINVAL;
		if (value_skip(j, depth + 1))
			return -EINVAL;
		if (peek(j, ',')) {
			j->p++;
			continue;
		}
		return expect(j, close);
	}
}

static int value_skip(struct json *j, unsigned int depth)
{
	static const char *const lit[] = { "true", "false", "null" };
	unsigned int i;
	uint64_t v;
	bool neg;

	if (depth > JSON_DEPTH_MAX)
		return fail(j, "nested too deep");
	skip_ws(j);
	if (j->p >= j->end)
		return fail(j, "expected a value");
	switch (*j->p) {
	case '{':
		return container_skip(j, '}', depth);
	case '[':
		return container_skip(j, ']', depth);
	case '"':
		return string(j, NULL, 0, NULL);
	}
	for (i = 0; i < 3; i++) {
		size_t n = strlen(lit[i]);

		if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, lit[i], n)) {
			j->p += n;
			return 0;
		}
	}
	return number(j, &v, &neg);
}

/* The members of one event that --explain reads. */
struct event {
	char type[NAME_MAX_LEN];
	/* Room for what other events keep in members of these names. */
	char what[512];
	char mode[32], init[32];
	char sha256[128], digest[128];
	char *hex;		/* "data" or "vmsa" */
	size_t hex_len;
	uint64_t gpa, len, cpu;
	bool has_gpa, has_len, has_cpu, has_what, has_sha256, has_digest, has_hex;
};

static int event_fail(struct json *j, const struct event *ev, const char *member,
		      const char *what)
{
	return err_set(j->e, EINVAL, "launch log: offset %td: event %u (%s): \"%s\" %s",
		       j->p - j->text, j->event, ev->type[0] ? ev->type : "?", member, what);
}

/* One member, with the name known to messages. */
static int event_member(struct json *j, struct event *ev, const char *name);

static int event_member_at(struct json *j, struct event *ev, const char *name)
{
	int r;

	j->member = name;
	r = event_member(j, ev, name);
	j->member = NULL;
	return r;
}

static int member_uint(struct json *j, struct event *ev, const char *name, uint64_t *v,
		       bool *has)
{
	bool neg;

	if (number(j, v, &neg))
		return -EINVAL;
	if (neg)
		return event_fail(j, ev, name, "is negative");
	*has = true;
	return 0;
}

static int member_str(struct json *j, struct event *ev, const char *name, char *buf,
		      size_t cap, size_t *len)
{
	if (!peek(j, '"'))
		return event_fail(j, ev, name, "is not a string");
	return string(j, buf, cap, len);
}

/* One member of an event: the ones we read, or skipped. */
static int event_member(struct json *j, struct event *ev, const char *name)
{
	if (!strcmp(name, "type"))
		return member_str(j, ev, name, ev->type, sizeof(ev->type), NULL);
	if (!strcmp(name, "gpa"))
		return member_uint(j, ev, name, &ev->gpa, &ev->has_gpa);
	if (!strcmp(name, "len"))
		return member_uint(j, ev, name, &ev->len, &ev->has_len);
	if (!strcmp(name, "cpu"))
		return member_uint(j, ev, name, &ev->cpu, &ev->has_cpu);
	if (!strcmp(name, "what")) {
		ev->has_what = true;
		return member_str(j, ev, name, ev->what, sizeof(ev->what), NULL);
	}
	if (!strcmp(name, "mode"))
		return member_str(j, ev, name, ev->mode, sizeof(ev->mode), NULL);
	if (!strcmp(name, "init"))
		return member_str(j, ev, name, ev->init, sizeof(ev->init), NULL);
	if (!strcmp(name, "sha256")) {
		ev->has_sha256 = true;
		return member_str(j, ev, name, ev->sha256, sizeof(ev->sha256), NULL);
	}
	if (!strcmp(name, "digest")) {
		ev->has_digest = true;
		return member_str(j, ev, name, ev->digest, sizeof(ev->digest), NULL);
	}
	if (!strcmp(name, "data") || !strcmp(name, "vmsa")) {
		if (ev->has_hex)
			return event_fail(j, ev, name, "comes twice");
		ev->has_hex = true;
		return member_str(j, ev, name, ev->hex, HEX_MAX_LEN + 1, &ev->hex_len);
	}
	return value_skip(j, 2);
}

/* @n bytes of hex @s (exactly 2n digits) into @out. */
static int unhex(const char *s, size_t slen, uint8_t *out, size_t n)
{
	size_t i;

	if (slen != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static int sha_member(struct json *j, const struct event *ev, const char *name,
		      const char *hex, uint8_t out[32])
{
	if (unhex(hex, strlen(hex), out, 32))
		return event_fail(j, ev, name, "is not 64 hex digits");
	return 0;
}

static int region_event(struct json *j, const struct event *ev, struct sev_measured *m)
{
	uint8_t sum[32], *data = NULL;
	int r;

	if (!ev->has_gpa || !ev->has_len || !ev->has_what || !ev->has_sha256)
		return event_fail(j, ev, !ev->has_gpa ? "gpa" : !ev->has_len ? "len" :
				  !ev->has_what ? "what" : "sha256", "is missing");
	if (strlen(ev->what) >= SEV_REGION_NAME_MAX)
		return event_fail(j, ev, "what", "is longer than a region's name");
	if (ev->gpa + ev->len < ev->gpa)
		return event_fail(j, ev, "len", "runs past the end of the address space");
	r = sha_member(j, ev, "sha256", ev->sha256, sum);
	if (r)
		return r;
	if (ev->has_hex) {
		uint8_t check[32];

		if (ev->len > SEV_MEASURED_DATA_MAX)
			return event_fail(j, ev, "data", "is given for a region longer than 4096 bytes");
		data = malloc(ev->len ? ev->len : 1);
		if (!data)
			return err_set(j->e, ENOMEM, "launch log: event %u", j->event);
		if (unhex(ev->hex, ev->hex_len, data, ev->len))
			r = event_fail(j, ev, "data", "is not 2 * len hex digits");
		else if (!EVP_Digest(data, ev->len, check, NULL, EVP_sha256(), NULL) ||
			 memcmp(check, sum, 32))
			r = event_fail(j, ev, "data", "does not have the event's sha256");
	}
	if (!r)
		r = sev_measured_add_hashed(m, ev->gpa, ev->len, ev->what, sum, data, j->e);
	free(data);
	return r;
}

static int vmsa_event(struct json *j, const struct event *ev, struct sev_measured *m)
{
	uint8_t sum[32], check[32], page[SEV_VMSA_PAGE] = { 0 };
	struct sev_measured_item *it;
	int r;

	if (!ev->has_cpu || !ev->has_sha256)
		return event_fail(j, ev, !ev->has_cpu ? "cpu" : "sha256", "is missing");
	if (ev->cpu >= SEV_MEASURED_ITEMS_MAX)
		return event_fail(j, ev, "cpu", "is out of range");
	r = sha_member(j, ev, "sha256", ev->sha256, sum);
	if (r)
		return r;
	if (!ev->has_hex) {
		/* A log of an older sevvm: the hash only. */
		r = sev_measured_add_hashed(m, 0, SEV_VMSA_PAGE, "VMSA", sum, NULL, j->e);
		if (r)
			return r;
		it = &m->items[m->nr - 1];
		it->kind = SEV_MEASURED_VMSA;
		it->cpu = (unsigned int)ev->cpu;
		return 0;
	}
	if (ev->hex_len % 2 || ev->hex_len > 2 * SEV_VMSA_PAGE ||
	    unhex(ev->hex, ev->hex_len, page, ev->hex_len / 2))
		return event_fail(j, ev, "vmsa", "is not up to 8192 hex digits");
	if (!EVP_Digest(page, SEV_VMSA_PAGE, check, NULL, EVP_sha256(), NULL) ||
	    memcmp(check, sum, 32))
		return event_fail(j, ev, "vmsa", "does not have the event's sha256");
	return sev_measured_add_vmsa(m, (unsigned int)ev->cpu, page, j->e);
}

static int use_event(struct json *j, const struct event *ev, struct sev_measured *m)
{
	if (!ev->type[0])
		return event_fail(j, ev, "type", "is missing");
	if (!strcmp(ev->type, "region"))
		return region_event(j, ev, m);
	if (!strcmp(ev->type, "vmsa"))
		return vmsa_event(j, ev, m);
	if (!strcmp(ev->type, "launch")) {
		if (strlen(ev->mode) >= sizeof(m->mode) || strlen(ev->init) >= sizeof(m->init))
			return event_fail(j, ev, strlen(ev->mode) >= sizeof(m->mode) ? "mode" : "init",
					  "is too long");
		memcpy(m->mode, ev->mode, strlen(ev->mode) + 1);
		memcpy(m->init, ev->init, strlen(ev->init) + 1);
		return 0;
	}
	if (!strcmp(ev->type, "measurement")) {
		if (!ev->has_digest)
			return event_fail(j, ev, "digest", "is missing");
		m->have_digest = true;
		return sha_member(j, ev, "digest", ev->digest, m->digest);
	}
	return 0;
}

static int event_body(struct json *j, struct event *ev, char *name);

static int event(struct json *j, char *hex, struct sev_measured *m)
{
	struct event ev = { .hex = hex };
	char name[NAME_MAX_LEN];
	int r;

	j->type = ev.type;
	r = event_body(j, &ev, name);
	if (!r)
		r = use_event(j, &ev, m);
	j->type = NULL;
	return r;
}

static int event_body(struct json *j, struct event *ev, char *name)
{
	if (expect(j, '{'))
		return -EINVAL;
	if (peek(j, '}')) {
		j->p++;
		return 0;	/* use_event() says what is missing */
	}
	for (;;) {
		if (!peek(j, '"'))
			return fail(j, "expected a member name");
		if (string(j, name, NAME_MAX_LEN, NULL) || expect(j, ':') ||
		    event_member_at(j, ev, name))
			return -EINVAL;
		if (peek(j, ',')) {
			j->p++;
			continue;
		}
		return expect(j, '}');
	}
}

static int events(struct json *j, struct sev_measured *m)
{
	char *hex;
	int r = 0;

	if (expect(j, '['))
		return err_prefix(j->e, "\"events\": ");
	if (peek(j, ']')) {
		j->p++;
		return 0;
	}
	hex = malloc(HEX_MAX_LEN + 1);
	if (!hex)
		return err_set(j->e, ENOMEM, "launch log");
	for (j->event = 0; !r; j->event++) {
		r = event(j, hex, m);
		if (r)
			break;
		if (peek(j, ',')) {
			j->p++;
			continue;
		}
		r = expect(j, ']');
		break;
	}
	free(hex);
	return r;
}

int sev_launch_log_read(const char *text, size_t len, struct sev_measured *m, struct err *e)
{
	struct json j = { .text = text, .p = text, .end = text + len, .e = e };
	bool version = false, have_events = false;
	char name[NAME_MAX_LEN];
	uint64_t v;
	bool neg;
	int r;

	if (expect(&j, '{'))
		return err_prefix(e, "not a launch log: ");
	for (;;) {
		if (!peek(&j, '"'))
			return fail(&j, "expected a member name");
		if (string(&j, name, sizeof(name), NULL) || expect(&j, ':'))
			return -EINVAL;
		if (!strcmp(name, "sevvm_launch_log")) {
			if (number(&j, &v, &neg))
				return err_prefix(e, "\"sevvm_launch_log\": ");
			if (neg || v != 1)
				return err_set(e, EINVAL, "launch log: \"sevvm_launch_log\" is %s%" PRIu64
					       ", this sevvm reads version 1", neg ? "-" : "", v);
			version = true;
		} else if (!strcmp(name, "events")) {
			if (!version)
				return err_set(e, EINVAL, "launch log: \"events\" before "
					       "\"sevvm_launch_log\": not a sevvm launch log");
			r = events(&j, m);
			if (r)
				return r;
			have_events = true;
		} else if (value_skip(&j, 1)) {
			return -EINVAL;
		}
		if (peek(&j, ',')) {
			j.p++;
			continue;
		}
		if (expect(&j, '}'))
			return -EINVAL;
		break;
	}
	skip_ws(&j);
	if (j.p != j.end)
		return fail(&j, "data after the log's closing brace");
	if (!have_events)
		return err_set(e, EINVAL, "launch log: no \"sevvm_launch_log\" and \"events\" members");
	return 0;
}
