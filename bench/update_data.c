// SPDX-License-Identifier: GPL-2.0
/*
 * update_data: the software model's LAUNCH_UPDATE_DATA throughput.
 * Creates the model, starts a guest, then passes SIZE MiB through
 * LAUNCH_UPDATE_DATA in CHUNK-KiB commands and prints "MB/s" (10^6 bytes
 * per second) of the fastest of RUNS passes. "stream" walks a SIZE MiB
 * buffer (as a launch does over a large kernel or initrd: memory-bound);
 * "cached" passes the same CHUNK again and again, as `openssl speed` does
 * with its one buffer, so the two compare like with like.
 *
 * usage: update_data stream|cached [SIZE_MIB [CHUNK_KIB [RUNS]]]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sev/model/sim_fw.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	bool cached = argc > 1 && !strcmp(argv[1], "cached");
	size_t size = (argc > 2 ? strtoul(argv[2], NULL, 0) : 256) << 20;
	size_t chunk = (argc > 3 ? strtoul(argv[3], NULL, 0) : 1024) << 10;
	unsigned int runs = argc > 4 ? (unsigned int)strtoul(argv[4], NULL, 0) : 5, i;
	struct sev_fw_config cfg = { .api_major = 1, .api_minor = 55, .build = 21, .es = true };
	struct err e = { 0 };
	struct sev_fw fw;
	double best = 0;
	uint8_t *buf;

	if (argc < 2 || (!cached && strcmp(argv[1], "stream"))) {
		fprintf(stderr, "usage: update_data stream|cached [SIZE_MIB [CHUNK_KIB [RUNS]]]\n");
		return 2;
	}
	if (!size || !chunk || chunk % 16 || chunk > size || chunk > UINT32_MAX) {
		fprintf(stderr, "update_data: SIZE and CHUNK must be > 0, CHUNK 16-byte aligned\n");
		return 2;
	}
	buf = aligned_alloc(4096, size);
	if (!buf)
		return 1;
	for (i = 0; i < size; i++)
		buf[i] = (uint8_t)(i * 131u + (i >> 12));
	if (sev_fw_create(&fw, &cfg, &e)) {
		fprintf(stderr, "update_data: %s\n", e.msg);
		return 1;
	}
	sev_fw_init(&fw);
	for (i = 0; i < runs; i++) {
		uint32_t handle = 0;
		size_t off;
		double t0, mbs;

		if (sev_fw_launch_start(&fw, &handle, 0x1, NULL, 0, NULL, 0) != SEV_SUCCESS) {
			fprintf(stderr, "update_data: LAUNCH_START failed\n");
			return 1;
		}
		t0 = now();
		for (off = 0; off + chunk <= size; off += chunk)
			if (sev_fw_launch_update_data(&fw, handle, off, buf + (cached ? 0 : off),
						      (uint32_t)chunk) !=
			    SEV_SUCCESS) {
				fprintf(stderr, "update_data: LAUNCH_UPDATE_DATA failed\n");
				return 1;
			}
		mbs = (double)off / (now() - t0) / 1e6;
		if (mbs > best)
			best = mbs;
		sev_fw_decommission(&fw, handle);
	}
	printf("%.1f\n", best);
	sev_fw_destroy(&fw);
	free(buf);
	return 0;
}
