// SPDX-License-Identifier: GPL-2.0
#include "vmm/cmd/options.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "vmm/vm.h"

/*
 * The digits at @s in @base (0: C's prefixes, 0x hexadecimal and 0 octal,
 * as strtoull's base 0) into *@out; *@end past them. -EINVAL without a
 * digit or past UINT64_MAX. Not strtoull: a launch that parses only its
 * memory size would touch libc's strtol code and locale data for it,
 * resident for the VM's life.
 */
static int parse_digits(const char *s, unsigned int base, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	if (!base) {
		base = 10;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		} else if (p[0] == '0') {
			base = 8;
		}
	}
	for (s = p; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	*out = v;
	*end = p;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned int shift = 20;
	const char *end;
	uint64_t v;

	if (!s || parse_digits(s, 10, &v, &end))
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case '\0': break;
	default: return -EINVAL;
	}
	if ((*end == 'i' || *end == 'B') && end[-1] != '\0')
		end += *end == 'i' ? (end[1] == 'B' ? 2 : 1) : 1;
	if (*end || v > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;

	if (!s || parse_digits(s, 0, &v, &end) || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(s, UINT32_MAX, &v))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int parse_hex(const char *s, uint8_t *out, size_t len)
{
	size_t i;

	if (strlen(s) != 2 * len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		int hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		int lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int parse_api_version(const char *s, uint8_t *major, uint8_t *minor)
{
	unsigned int maj, min;
	char tail;

	if (sscanf(s, "%u.%u%c", &maj, &min, &tail) != 2 || maj > 255 || min > 255)
		return -EINVAL;
	*major = (uint8_t)maj;
	*minor = (uint8_t)min;
	return 0;
}

int parse_sev_backend(const char *s, enum sev_backend_kind *kind)
{
	if (!strcmp(s, "kvm"))
		*kind = SEV_BACKEND_KVM;
	else if (!strcmp(s, "sim"))
		*kind = SEV_BACKEND_SIM;
	else
		return -EINVAL;
	return 0;
}

int cmd_fail(const char *cmd, const struct err *e)
{
	fprintf(stderr, "sevvm%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", e->msg);
	return EXIT_ERROR;
}

int cmd_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sevvm %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return EXIT_ERROR;
}
