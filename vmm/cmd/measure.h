/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_CMD_MEASURE_H
#define SEVVM_CMD_MEASURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "sev/measured.h"
#include "vmm/vm.h"

/* `sevvm measure`: the measurement's inputs besides the launch digest. */
struct measure_config {
	const char *tik;
	uint32_t cpu_sig;	/* CPUID(1).EAX in the SEV-ES reset VMSAs */
	bool mnonce_set, api_set, build_set, cbit_set, cpu_sig_set;
	uint8_t mnonce[16];
	uint8_t api_major, api_minor, build;
	unsigned int cbit;
	const char *explain;		/* --explain LOG: a launch log or a dump directory */
	struct sev_measured *record;	/* when set, the launch's measured items go there */
};

/*
 * The launch digest of @cfg's launch into @digest; with @out, also prints
 * it there (and with --tik the measurement). @out NULL: quiet, for
 * `sevvm owner verify`.
 */
int sevvm_measure(const struct vm_config *cfg, const struct measure_config *m, FILE *out,
		  uint8_t digest[32], struct err *e);

/* The firmware launch (--firmware): measure_fw.c. */
int sevvm_measure_firmware(const struct vm_config *cfg, const struct measure_config *m,
			   FILE *out, uint8_t digest[32], struct err *e);
/*
 * `sevvm measure --explain LOG` (measure_explain.c): the launch LOG
 * describes against the one @cfg expects, region by region and VMSA
 * field by field, on @out. Returns 0 when they match, 1 when they
 * differ, or -errno.
 */
int sevvm_measure_explain(const struct vm_config *cfg, const struct measure_config *m,
			  FILE *out, struct err *e);
/* The item-by-item comparison --explain prints; the number of items that differ, or -errno. */
int measure_explain_items(FILE *out, const struct sev_measured *launch,
			  const struct sev_measured *expected, struct err *e);
/* With --tik, prints the measurement of @digest; else nothing. */
int measure_print_measurement(const struct measure_config *m, uint32_t policy,
			      const uint8_t digest[32], struct err *e);

#endif
