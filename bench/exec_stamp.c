// SPDX-License-Identifier: GPL-2.0
/*
 * exec_stamp PROG ARGS...: puts CLOCK_MONOTONIC in nanoseconds into
 * $SEVVM_BENCH_T0 and execs PROG, so kvm_run_probe.so can time exec to the
 * first KVM_RUN without counting the launcher.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec t;
	char buf[32];

	if (argc < 2) {
		fprintf(stderr, "usage: exec_stamp PROG [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	snprintf(buf, sizeof(buf), "%" PRIu64,
		 (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec);
	setenv("SEVVM_BENCH_T0", buf, 1);
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
