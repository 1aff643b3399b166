// SPDX-License-Identifier: GPL-2.0
/*
 * bench/blk's guest side: COUNT transfers of BLOCK bytes on DEV with
 * O_DIRECT, one at a time (queue depth 1), sequential from offset 0 or at
 * random BLOCK-aligned offsets (a fixed xorshift sequence, the same for every
 * VMM). Prints "MODE ops=N bytes=B seconds=S mbps=M iops=I". Built
 * statically into the benchmark initramfs.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull, blocks;
	bool write, random;
	struct timespec t0, t1;
	long block, count, i;
	double secs;
	off_t size;
	void *buf;
	int fd;

	if (argc != 5 || (strcmp(argv[1], "seq-read") && strcmp(argv[1], "seq-write") &&
			  strcmp(argv[1], "rand-read"))) {
		fprintf(stderr, "usage: blkio seq-read|seq-write|rand-read DEV BLOCK COUNT\n");
		return 2;
	}
	write = !strcmp(argv[1], "seq-write");
	random = !strcmp(argv[1], "rand-read");
	block = atol(argv[3]);
	count = atol(argv[4]);
	fd = open(argv[2], (write ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0 || block <= 0 || count <= 0) {
		perror(argv[2]);
		return 1;
	}
	size = lseek(fd, 0, SEEK_END);
	blocks = (uint64_t)size / (uint64_t)block;
	if (!blocks || (!random && (uint64_t)count > blocks) ||
	    posix_memalign(&buf, 4096, (size_t)block))
		return 1;
	memset(buf, 0x5a, (size_t)block);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		off_t off = (off_t)(random ? next(&seed) % blocks : (uint64_t)i) * block;
		ssize_t n = write ? pwrite(fd, buf, (size_t)block, off) :
				    pread(fd, buf, (size_t)block, off);

		if (n != block) {
			perror(argv[1]);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s ops=%ld bytes=%ld seconds=%.3f mbps=%.2f iops=%.0f\n", argv[1], count,
	       count * block, secs, (double)(count * block) / secs / 1e6, (double)count / secs);
	return 0;
}
