/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV / SEV-ES launch driver (sev-reference Part A 7; AMD SEV API 55766
 * chapter 6): picks the VM type and init command, LAUNCH_START, registers
 * guest memory from the RAM-block notifier, then LAUNCH_UPDATE_DATA of every
 * byte sevvm wrote into the guest, LAUNCH_UPDATE_VMSA (SEV-ES),
 * LAUNCH_MEASURE, LAUNCH_SECRET and LAUNCH_FINISH. It keeps its own running
 * digest of what it measures: the prediction the launch log shows and
 * `sevvm measure` prints.
 */
#ifndef SEVVM_SEV_LAUNCH_H
#define SEVVM_SEV_LAUNCH_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/backend.h"
#include "sev/config.h"
#include "sev/launch_log.h"
#include "sev/measured.h"
#include "sev/regions.h"
#include "vmm/util/ram.h"

struct sev_launch {
	const struct sev_config *cfg;
	struct sev_backend *be;
	unsigned long vm_type;
	enum sev_init_kind init;
	uint32_t policy, handle;
	struct sev_user_data_status platform;
	struct sev_regions regions;
	EVP_MD_CTX *ld;			/* sevvm's running launch digest */
	uint64_t measured_bytes;
	uint64_t pinned;		/* bytes registered (pinned by KVM) so far */
	uint8_t digest[32];
	uint8_t measurement[48];	/* MEASURE || MNONCE */
	bool measured, finished;
	uint64_t secret_area;		/* the firmware's, for --secret without --secret-gpa */
	uint32_t secret_area_size;	/* its size from the image's secret block */
	unsigned int nr_vmsa;
	uint8_t (*vmsa)[SEV_VMSA_PAGE];	/* what sevvm expects KVM to build */
	struct sev_log log;
	struct sev_measured *record;	/* when set, every measured item goes there too */
	struct ram *ram;
	struct ram_notifier notifier;
};

/*
 * Opens the backend and decides the VM type and init command. @kvm_fd may
 * be -1 for `sevvm measure` (model only). @sim_cbit: the C-bit position the
 * model reports (below the guest's physical address width).
 */
int sev_launch_open(struct sev_launch *l, const struct sev_config *cfg, int kvm_fd,
		    unsigned int sim_cbit, struct err *e);
void sev_launch_close(struct sev_launch *l);
/*
 * For the debugger (monitor launch): the init, policy and handle, the
 * regions measured, the digest and measurement once made, whether the
 * launch finished; as much as fits in @len. Returns the length written.
 */
size_t sev_launch_describe(const struct sev_launch *l, char *buf, size_t len);

/* KVM_CREATE_VM through the backend; *vm_fd = -1 in measure mode. */
int sev_launch_create_vm(struct sev_launch *l, int kvm_fd, int *vm_fd, struct err *e);
/* INIT / INIT2 and LAUNCH_START: after the VM exists, before any vCPU. */
int sev_launch_start(struct sev_launch *l, struct err *e);
/*
 * Subscribes to @ram: registers (pins) every block with REG_REGION after
 * checking RLIMIT_MEMLOCK, and watches every write sevvm makes into it.
 */
int sev_launch_attach_ram(struct sev_launch *l, struct ram *ram, struct err *e);
/*
 * After the guest is loaded and the vCPUs hold their first state:
 * measures, optionally injects the secret, finishes. @expected gives the
 * vCPU states sevvm set (for its own prediction of the VMSAs); the model
 * reads the real ones through l->be->vcpus.
 */
int sev_launch_finish(struct sev_launch *l, const struct sev_vcpu_source *expected,
		      struct err *e);

/* The C-bit mask for page tables and the guest-visible model. */
static inline uint64_t sev_launch_cbit_mask(const struct sev_launch *l)
{
	return l->be ? 1ull << l->be->cbit : 0;
}

#endif
