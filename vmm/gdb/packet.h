/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GDB remote serial protocol framing (GDB manual, appendix E "Remote
 * Protocol", section "Overview"): a pure byte-at-a-time parser of what the
 * debugger sends, and the encoder of what the stub answers. No I/O here.
 *
 *   $<payload>#<two hex digits: sum of the payload bytes mod 256>
 *
 * In the payload, '}' escapes the next byte (sent XOR 0x20) and '*'
 * repeats the byte before it (the next byte minus 29) more times. The
 * checksum covers the bytes as sent, before either is undone. Outside a
 * packet, '+' and '-' acknowledge and 0x03 asks the stub to stop the target.
 */
#ifndef SEVVM_GDB_PACKET_H
#define SEVVM_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest decoded payload the stub takes (offered as PacketSize). */
#define GDB_PACKET_MAX	4096

enum gdb_rx_event {
	GDB_RX_NONE,		/* byte taken, nothing complete */
	GDB_RX_PACKET,		/* rx->payload holds rx->len decoded bytes */
	GDB_RX_ACK,		/* '+' */
	GDB_RX_NACK,		/* '-': resend the last reply */
	GDB_RX_INTERRUPT,	/* 0x03 outside a packet */
	/* Malformed packets; rx->why says what was wrong. */
	GDB_RX_BAD_CHECKSUM,	/* answered with '-' */
	GDB_RX_BAD_PACKET,	/* answered with '+' and an error reply */
};

struct gdb_rx {
	enum { RX_IDLE, RX_BODY, RX_CSUM1, RX_CSUM2 } state;
	uint8_t raw[GDB_PACKET_MAX];	/* as sent, before escapes and runs */
	size_t raw_len;
	bool overflow;
	uint8_t sum;			/* of the raw bytes */
	uint8_t csum_hi;
	uint8_t payload[GDB_PACKET_MAX + 1];	/* decoded, NUL-terminated */
	size_t len;
	const char *why;		/* for GDB_RX_BAD_* */
};

void gdb_rx_init(struct gdb_rx *rx);
/* Takes one byte from the debugger. */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

/*
 * Undoes escapes and runs of @raw into @out (at most @cap bytes). Returns
 * the decoded length, or -1 with *@why set: an escape or a run with no
 * byte to act on, a run count out of range, or more than @cap bytes.
 */
long gdb_decode(const uint8_t *raw, size_t len, uint8_t *out, size_t cap, const char **why);

/*
 * Frames @len bytes of @payload as "$...#cc", escaping '$', '#', '}' and
 * '*'. Returns the framed length, or -1 when @cap is too small.
 */
long gdb_encode(const uint8_t *payload, size_t len, char *out, size_t cap);

/* Hex helpers for packet fields. */
int gdb_hex_digit(uint8_t c);	/* -1 if not a hex digit */
/* Reads hex digits at *@p (at most 16, at least one) up to a byte that is not one. */
int gdb_parse_hex(const char **p, uint64_t *val);
/* @n bytes from 2n hex digits; -1 on a bad digit. */
int gdb_hex_to_bin(const char *hex, uint8_t *out, size_t n);
void gdb_bin_to_hex(const uint8_t *in, size_t n, char *out);	/* writes 2n + NUL */

#endif
