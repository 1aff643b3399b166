/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest console on the host side: output to stdout (line-buffered, with
 * a timer flush), matching of --expect against each output line, and stdin
 * in raw mode with the Ctrl-A escape (Ctrl-A x quits, Ctrl-A Ctrl-A sends
 * a literal Ctrl-A).
 */
#ifndef SEVVM_CONSOLE_H
#define SEVVM_CONSOLE_H

#include <pthread.h>
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>
#include "vmm/util/err.h"

#define CONSOLE_OBUF	4096
#define CONSOLE_LINE	4096
#define CONSOLE_ESCAPE	0x01	/* Ctrl-A */

/*
 * Where guest output comes from. The serial port (a vCPU thread) and the
 * virtio console (the I/O thread) share stdout: each has its own line
 * buffer, so that their lines never mix mid-line (Linux's tty layer hands
 * the virtio console a line's text and its "\r\n" in separate buffers).
 */
enum console_source {
	CONSOLE_SERIAL,
	CONSOLE_VIRTIO,
	CONSOLE_NR_SOURCES,
};

struct console_stream {
	char obuf[CONSOLE_OBUF];
	size_t olen;
	char line[CONSOLE_LINE + 1];
	size_t llen;
	bool line_dirty;		/* line changed since last match */
};

struct console {
	pthread_mutex_t lock;
	int out_fd;
	struct console_stream streams[CONSOLE_NR_SOURCES];
	bool has_expect, matched;
	regex_t expect;
	void (*on_match)(void *opaque);
	void *opaque;
	/* input */
	int in_fd;
	bool raw, saw_escape;
	struct termios saved;
};

int console_init(struct console *c, int out_fd, int in_fd, const char *expect,
		 void (*on_match)(void *), void *opaque, struct err *e);
/* Restores the terminal and flushes. */
void console_destroy(struct console *c);

/* One byte of guest output from @src. */
void console_putc(struct console *c, enum console_source src, uint8_t byte);
/* @len bytes of guest output from @src, locking once a piece (a line, or CONSOLE_OBUF). */
void console_write(struct console *c, enum console_source src, const void *buf, size_t len);
/* Writes out buffered output and matches a pending partial line. */
void console_flush(struct console *c);
bool console_has_pending(struct console *c);

/* Puts stdin into raw mode when it is a terminal. */
int console_raw_input(struct console *c, struct err *e);

/*
 * Filters host input through the escape state machine: bytes for the guest go
 * to @out (at most @len), and *quit is set on Ctrl-A x. Returns bytes in @out.
 */
size_t console_filter_input(struct console *c, const uint8_t *in, size_t len,
			    uint8_t *out, bool *quit);

#endif
