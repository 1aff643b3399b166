/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the launch driver: launch.c (the command sequence),
 * launch_memory.c (registration and measured writes), launch_measure.c
 * (what is measured) and launch_secret.c (the secret).
 */
#ifndef SEVVM_SEV_LAUNCH_INTERNAL_H
#define SEVVM_SEV_LAUNCH_INTERNAL_H

#include "sev/launch.h"

/* The largest blob KVM passes to the firmware (SEV_FW_BLOB_MAX_SIZE). */
#define SEV_BLOB_MAX	(16u * 1024)

/*
 * One KVM_MEMORY_ENCRYPT_OP, logged with @args (JSON members). Firmware
 * errors are named: "KVM_SEV_LAUNCH_START: firmware error POLICY_FAILURE (0x07)".
 */
int sev_launch_cmd(struct sev_launch *l, uint32_t id, void *data, const char *args,
		   bool quiet_probe, struct err *e);

/* LAUNCH_UPDATE_DATA of every region written so far, in order. */
int sev_launch_measure_data(struct sev_launch *l, struct err *e);
/* SEV-ES: the VMSAs sevvm expects, then one LAUNCH_UPDATE_VMSA for all vCPUs. */
int sev_launch_measure_vmsas(struct sev_launch *l, const struct sev_vcpu_source *expected,
			     struct err *e);
/* LAUNCH_MEASURE, checked against sevvm's running digest (and the model's). */
int sev_launch_measure(struct sev_launch *l, struct err *e);
/* --attest-cmd, or --secret-header with --secret; nothing without them. */
int sev_launch_secret(struct sev_launch *l, struct err *e);

#endif
