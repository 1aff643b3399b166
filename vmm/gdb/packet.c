// SPDX-License-Identifier: GPL-2.0
/* GDB remote protocol framing: see packet.h. */
#include "vmm/gdb/packet.h"

#include <string.h>

void gdb_rx_init(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
	rx->state = RX_IDLE;
}

int gdb_hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long gdb_decode(const uint8_t *raw, size_t len, uint8_t *out, size_t cap, const char **why)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		uint8_t c = raw[i];

		if (c == '}') {
			if (++i == len) {
				*why = "escape '}' at the end of the packet";
				return -1;
			}
			c = raw[i] ^ 0x20;
		} else if (c == '*') {
			unsigned int count;

			/*
			 * Run-length: "*" then a printable count byte, n - 29
			 * more copies of the byte before. Counts that would
			 * be '#' or '$' are not sent; below 3 are not runs.
			 */
			if (n == 0) {
				*why = "run-length '*' with no byte before it";
				return -1;
			}
			if (++i == len) {
				*why = "run-length '*' at the end of the packet";
				return -1;
			}
			if (raw[i] < 29 + 3 || raw[i] > 126 || raw[i] == '#' || raw[i] == '$') {
				*why = "run-length count out of range";
				return -1;
			}
			count = raw[i] - 29u;
			if (count > cap - n) {
				*why = "packet longer than PacketSize once runs are expanded";
				return -1;
			}
			memset(out + n, out[n - 1], count);
			n += count;
			continue;
		}
		if (n == cap) {
			*why = "packet longer than PacketSize";
			return -1;
		}
		out[n++] = c;
	}
	return (long)n;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte)
{
	int d;
	long n;

	switch (rx->state) {
	case RX_IDLE:
		if (byte == '$') {
			rx->state = RX_BODY;
			rx->raw_len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDB_RX_NONE;
		}
		if (byte == '+')
			return GDB_RX_ACK;
		if (byte == '-')
			return GDB_RX_NACK;
		if (byte == 0x03)
			return GDB_RX_INTERRUPT;
		return GDB_RX_NONE;	/* noise between packets is ignored */
	case RX_BODY:
		if (byte == '#') {
			rx->state = RX_CSUM1;
			return GDB_RX_NONE;
		}
		if (byte == '$') {
			/* A new start: the debugger gave up on the last one. */
			rx->raw_len = 0;
			rx->sum = 0;
			rx->overflow = false;
			return GDB_RX_NONE;
		}
		rx->sum = (uint8_t)(rx->sum + byte);
		if (rx->raw_len < sizeof(rx->raw))
			rx->raw[rx->raw_len++] = byte;
		else
			rx->overflow = true;
		return GDB_RX_NONE;
	case RX_CSUM1:
		d = gdb_hex_digit(byte);
		if (d < 0) {
			rx->state = RX_IDLE;
			rx->why = "checksum is not two hex digits";
			return GDB_RX_BAD_CHECKSUM;
		}
		rx->csum_hi = (uint8_t)d;
		rx->state = RX_CSUM2;
		return GDB_RX_NONE;
	case RX_CSUM2:
		rx->state = RX_IDLE;
		d = gdb_hex_digit(byte);
		if (d < 0) {
			rx->why = "checksum is not two hex digits";
			return GDB_RX_BAD_CHECKSUM;
		}
		if ((uint8_t)(rx->csum_hi << 4 | d) != rx->sum) {
			rx->why = "checksum does not match the payload";
			return GDB_RX_BAD_CHECKSUM;
		}
		if (rx->overflow) {
			rx->why = "packet longer than PacketSize";
			return GDB_RX_BAD_PACKET;
		}
		n = gdb_decode(rx->raw, rx->raw_len, rx->payload, GDB_PACKET_MAX, &rx->why);
		if (n < 0)
			return GDB_RX_BAD_PACKET;
		rx->len = (size_t)n;
		rx->payload[rx->len] = '\0';
		return GDB_RX_PACKET;
	}
	return GDB_RX_NONE;
}

long gdb_encode(const uint8_t *payload, size_t len, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t sum = 0;
	size_t i, n = 0;

	if (cap < 1)
		return -1;
	out[n++] = '$';
	for (i = 0; i < len; i++) {
		uint8_t c = payload[i];

		if (c == '$' || c == '#' || c == '}' || c == '*') {
			if (cap - n < 2)
				return -1;
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		}
		if (cap - n < 1)
			return -1;
		out[n++] = (char)c;
		sum = (uint8_t)(sum + c);
	}
	if (cap - n < 3)
		return -1;
	out[n++] = '#';
	out[n++] = hex[sum >> 4];
	out[n++] = hex[sum & 0xf];
	return (long)n;
}

int gdb_parse_hex(const char **p, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	int d, digits = 0;

	while ((d = gdb_hex_digit((uint8_t)*s)) >= 0) {
		if (++digits > 16)
			return -1;
		v = v << 4 | (uint64_t)d;
		s++;
	}
	if (!digits)
		return -1;
	*val = v;
	*p = s;
	return 0;
}

int gdb_hex_to_bin(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = gdb_hex_digit((uint8_t)hex[2 * i]), lo;

		if (hi < 0)
			return -1;
		lo = gdb_hex_digit((uint8_t)hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void gdb_bin_to_hex(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}
