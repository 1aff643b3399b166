// SPDX-License-Identifier: GPL-2.0
/* GDB remote protocol framing (vmm/gdb/packet.c): packets as gdb sends them. */
#include <stdio.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "vmm/gdb/packet.h"

/* Feeds @s; returns the last event that was not GDB_RX_NONE. */
static enum gdb_rx_event feed(struct gdb_rx *rx, const char *s, size_t len)
{
	enum gdb_rx_event last = GDB_RX_NONE, ev;
	size_t i;

	for (i = 0; i < len; i++) {
		ev = gdb_rx_feed(rx, (uint8_t)s[i]);
		if (ev != GDB_RX_NONE)
			last = ev;
	}
	return last;
}

static enum gdb_rx_event feeds(struct gdb_rx *rx, const char *s)
{
	return feed(rx, s, strlen(s));
}

/* Frames @body with its checksum summed here, byte by byte. */
static void frame(char *out, size_t cap, const char *body)
{
	unsigned int sum = 0;
	size_t i;

	for (i = 0; body[i]; i++)
		sum += (uint8_t)body[i];
	snprintf(out, cap, "$%s#%02x", body, sum & 0xff);
}

START_TEST(known_packets)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	/* Checksums summed by Python: sum(map(ord, s)) & 0xff. */
	ck_assert_int_eq(feeds(&rx, "$g#67"), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 1);
	ck_assert_str_eq((char *)rx.payload, "g");
	ck_assert_int_eq(feeds(&rx, "$?#3f"), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.payload, "?");
	ck_assert_int_eq(feeds(&rx, "$qSupported:multiprocess+;swbreak+#1b"), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.payload, "qSupported:multiprocess+;swbreak+");
	/* Upper-case checksum digits are taken too. */
	ck_assert_int_eq(feeds(&rx, "$vCont?#49"), GDB_RX_PACKET);
	ck_assert_int_eq(feeds(&rx, "$OK#9A"), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.payload, "OK");
}
END_TEST

START_TEST(acks_and_interrupt)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	ck_assert_int_eq(gdb_rx_feed(&rx, '+'), GDB_RX_ACK);
	ck_assert_int_eq(gdb_rx_feed(&rx, '-'), GDB_RX_NACK);
	ck_assert_int_eq(gdb_rx_feed(&rx, 0x03), GDB_RX_INTERRUPT);
	ck_assert_int_eq(gdb_rx_feed(&rx, 'x'), GDB_RX_NONE);
	/* Inside a packet 0x03 and '+' are payload bytes. */
	ck_assert_int_eq(feed(&rx, "$X0,1:\x03+#", 9), GDB_RX_NONE);
	ck_assert_int_eq(feeds(&rx, "ee"), GDB_RX_BAD_CHECKSUM);
}
END_TEST

START_TEST(bad_checksums)
{
	struct gdb_rx rx;

	gdb_rx_init(&rx);
	ck_assert_int_eq(feeds(&rx, "$g#68"), GDB_RX_BAD_CHECKSUM);
	ck_assert_ptr_nonnull(rx.why);
	ck_assert_int_eq(feeds(&rx, "$g#6"), GDB_RX_NONE);
	ck_assert_int_eq(feeds(&rx, "z"), GDB_RX_BAD_CHECKSUM);
	ck_assert_int_eq(feeds(&rx, "$g#x7"), GDB_RX_BAD_CHECKSUM);
	/* After each the parser takes the next packet. */
	ck_assert_int_eq(feeds(&rx, "$g#67"), GDB_RX_PACKET);
	/* A '$' inside a body restarts the packet. */
	ck_assert_int_eq(feeds(&rx, "$m0,4$g#67"), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.payload, "g");
}
END_TEST

START_TEST(escapes)
{
	struct gdb_rx rx;
	char pkt[64];

	gdb_rx_init(&rx);
	/* "}" 0x03 stands for '#' (0x23), "}]" for '}' (0x7d). */
	frame(pkt, sizeof(pkt), "X0,3:}\x03}]}\x04");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 8);
	ck_assert_int_eq(memcmp(rx.payload, "X0,3:#}$", 8), 0);
	frame(pkt, sizeof(pkt), "X0,1:}");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "escape '}' at the end of the packet");
}
END_TEST

START_TEST(run_length)
{
	struct gdb_rx rx;
	char pkt[64];

	gdb_rx_init(&rx);
	/* "0* " is '0' and 32 - 29 = 3 more: "0000". */
	frame(pkt, sizeof(pkt), "M0,2:0* ");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_PACKET);
	ck_assert_str_eq((char *)rx.payload, "M0,2:0000");
	/* '~' (126) is the longest run: 97 more. */
	frame(pkt, sizeof(pkt), "a*~");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, 98);
	ck_assert_int_eq(rx.payload[97], 'a');
	ck_assert_int_eq(rx.payload[98], '\0');
	/* Malformed runs: none before, none after, counts out of range. */
	frame(pkt, sizeof(pkt), "*!");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "run-length '*' with no byte before it");
	frame(pkt, sizeof(pkt), "a*");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "run-length '*' at the end of the packet");
	frame(pkt, sizeof(pkt), "a*\x1f");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "run-length count out of range");
	frame(pkt, sizeof(pkt), "a*\x7f");
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
}
END_TEST

START_TEST(too_long)
{
	static char pkt[GDB_PACKET_MAX + 64];
	static char body[GDB_PACKET_MAX + 8];
	struct gdb_rx rx;
	size_t i;

	gdb_rx_init(&rx);
	memset(body, 'a', GDB_PACKET_MAX);
	body[GDB_PACKET_MAX] = '\0';
	frame(pkt, sizeof(pkt), body);
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_PACKET);
	ck_assert_uint_eq(rx.len, GDB_PACKET_MAX);
	body[GDB_PACKET_MAX] = 'a';
	body[GDB_PACKET_MAX + 1] = '\0';
	frame(pkt, sizeof(pkt), body);
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "packet longer than PacketSize");
	/* Runs that expand past PacketSize. */
	for (i = 0; i + 3 <= GDB_PACKET_MAX / 24 * 3; i += 3)
		memcpy(body + i, "a*~", 3);
	body[i] = '\0';
	frame(pkt, sizeof(pkt), body);
	ck_assert_int_eq(feeds(&rx, pkt), GDB_RX_BAD_PACKET);
	ck_assert_str_eq(rx.why, "packet longer than PacketSize once runs are expanded");
}
END_TEST

START_TEST(encode)
{
	char out[64];
	struct gdb_rx rx;
	long n;

	n = gdb_encode((const uint8_t *)"OK", 2, out, sizeof(out));
	ck_assert_int_eq(n, 6);
	ck_assert_int_eq(memcmp(out, "$OK#9a", 6), 0);
	n = gdb_encode((const uint8_t *)"", 0, out, sizeof(out));
	ck_assert_int_eq(memcmp(out, "$#00", 4), 0);
	/* The four special bytes are escaped, and the parser gets them back. */
	n = gdb_encode((const uint8_t *)"a$#}*b", 6, out, sizeof(out));
	ck_assert_int_eq(n, 14);
	ck_assert_int_eq(memcmp(out, "$a}\x04}\x03}]}\x0a" "b#", 12), 0);
	gdb_rx_init(&rx);
	ck_assert_int_eq(feed(&rx, out, (size_t)n), GDB_RX_PACKET);
	ck_assert_int_eq(memcmp(rx.payload, "a$#}*b", 6), 0);
	/* Too small a buffer fails; it never writes past it. */
	ck_assert_int_eq(gdb_encode((const uint8_t *)"OK", 2, out, 5), -1);
	ck_assert_int_eq(gdb_encode((const uint8_t *)"}", 1, out, 2), -1);
}
END_TEST

START_TEST(hex_fields)
{
	const char *p;
	uint64_t v;
	uint8_t bin[4];
	char hex[9];

	p = "fffffff0,4";
	ck_assert_int_eq(gdb_parse_hex(&p, &v), 0);
	ck_assert_uint_eq(v, 0xfffffff0u);
	ck_assert_int_eq(*p, ',');
	p = "ffffffff81000000";
	ck_assert_int_eq(gdb_parse_hex(&p, &v), 0);
	ck_assert_uint_eq(v, 0xffffffff81000000ull);
	p = "10000000000000000";	/* 17 digits */
	ck_assert_int_eq(gdb_parse_hex(&p, &v), -1);
	p = ",4";
	ck_assert_int_eq(gdb_parse_hex(&p, &v), -1);
	ck_assert_int_eq(gdb_hex_to_bin("deadBEEF", bin, 4), 0);
	ck_assert_int_eq(bin[0], 0xde);
	ck_assert_int_eq(bin[3], 0xef);
	ck_assert_int_eq(gdb_hex_to_bin("dea", bin, 2), -1);
	ck_assert_int_eq(gdb_hex_to_bin("zz", bin, 1), -1);
	gdb_bin_to_hex(bin, 4, hex);
	ck_assert_str_eq(hex, "deadbeef");
}
END_TEST

/* Every byte string, however hostile, gets an event and no overrun. */
START_TEST(garbage)
{
	struct gdb_rx rx;
	uint32_t x = 12345;
	unsigned int i, packets = 0, bad = 0;

	gdb_rx_init(&rx);
	for (i = 0; i < 200000; i++) {
		enum gdb_rx_event ev;
		uint8_t b;

		x = x * 1103515245u + 12345u;
		b = (uint8_t)(x >> 16);
		/* Bias towards the framing bytes. */
		if ((x >> 8 & 7) == 0)
			b = "$#}*+-0a"[x >> 24 & 7];
		ev = gdb_rx_feed(&rx, b);
		if (ev == GDB_RX_PACKET) {
			packets++;
			ck_assert_uint_le(rx.len, GDB_PACKET_MAX);
			ck_assert_int_eq(rx.payload[rx.len], '\0');
		} else if (ev == GDB_RX_BAD_CHECKSUM || ev == GDB_RX_BAD_PACKET) {
			bad++;
			ck_assert_ptr_nonnull(rx.why);
		}
	}
	ck_assert_uint_gt(bad, 0);
	(void)packets;
}
END_TEST

Suite *gdb_packet_suite(void)
{
	Suite *s = suite_create("gdb_packet");
	TCase *tc = tcase_create("framing");

	tcase_add_test(tc, known_packets);
	tcase_add_test(tc, acks_and_interrupt);
	tcase_add_test(tc, bad_checksums);
	tcase_add_test(tc, escapes);
	tcase_add_test(tc, run_length);
	tcase_add_test(tc, too_long);
	tcase_add_test(tc, encode);
	tcase_add_test(tc, hex_fields);
	tcase_add_test(tc, garbage);
	suite_add_tcase(s, tc);
	return s;
}
