/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One SEV interface, two backends, cut at the kernel uAPI (design decision
 * 2): the launch driver builds the same kvm_sev_* command structures for
 * both. `kvm` passes them to KVM_MEMORY_ENCRYPT_OP and /dev/sev; `sim` is a
 * software model of KVM's SEV code (arch/x86/kvm/svm/sev.c) in front of the
 * firmware model of sev/model/sim_fw.c. Code that runs on SEV hosts reaches
 * the model only through this interface: the ops, and the sim functions
 * declared below (implemented in sev/model/).
 */
#ifndef SEVVM_SEV_BACKEND_H
#define SEVVM_SEV_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include "sev/compat.h"
#include "sev/vmsa.h"
#include "vmm/util/err.h"

enum sev_backend_kind { SEV_BACKEND_KVM, SEV_BACKEND_SIM };

/*
 * How KVM (and so the model) reads each vCPU's state: at LAUNCH_UPDATE_VMSA,
 * and (the model) at KVM_SEV_GET_VMSA.
 */
struct sev_vcpu_source {
	unsigned int nr;
	int (*get)(void *opaque, unsigned int idx, struct sev_vcpu_state *st, struct err *e);
	/*
	 * KVM's vcpu->mutex, held across KVM_RUN: 0 when taken, -EBUSY while
	 * the vCPU runs. NULL: no vCPU ever runs (measure mode, tests).
	 */
	int (*trylock)(void *opaque, unsigned int idx);
	void (*unlock)(void *opaque, unsigned int idx);
	void *opaque;
};

struct sev_backend;
struct sev_guest_host;
struct sev_guest_hw;

struct sev_backend_ops {
	/* KVM_CREATE_VM of @type; the model rides on a default VM (or none: kvm_fd < 0). */
	int (*create_vm)(struct sev_backend *b, int kvm_fd, unsigned long type);
	/* KVM_MEMORY_ENCRYPT_OP: 0 or -errno; cmd->error holds the firmware status. */
	int (*mem_enc_op)(struct sev_backend *b, struct kvm_sev_cmd *cmd);
	int (*reg_region)(struct sev_backend *b, const struct kvm_enc_region *r);
	int (*unreg_region)(struct sev_backend *b, const struct kvm_enc_region *r);
	/* SEV_ISSUE_CMD on /dev/sev: 0 or -errno; cmd->error as above. */
	int (*sev_issue_cmd)(struct sev_backend *b, struct sev_issue_cmd *cmd);
	/*
	 * An ioctl on vCPU @idx's fd (@fd): its result or -errno. kvm passes it
	 * on; the model first applies KVM 6.12's rules for protected vCPUs
	 * (sev/model/sim_vcpu.c), so that CI sees sevvm break them.
	 */
	int (*vcpu_ioctl)(struct sev_backend *b, unsigned int idx, int fd, unsigned long req,
			  void *arg);
	/*
	 * What SEV hardware does for the running guest that a default VM lacks
	 * (sev/guest_hw.h): the model's traps; NULL on an SEV host, where the
	 * processor and KVM do it all.
	 */
	int (*guest_hw)(struct sev_backend *b, const struct sev_guest_host *host, bool es,
			uint16_t ghcb_version, struct sev_guest_hw **out, struct err *e);
	void (*destroy)(struct sev_backend *b);
};

struct sev_backend {
	const struct sev_backend_ops *ops;
	enum sev_backend_kind kind;
	const char *name;		/* "kvm", "sim" */
	int vm_fd;			/* set once the VM exists; -1 before */
	uint64_t vm_types;		/* KVM_CAP_VM_TYPES bitmap (bit 0 always) */
	uint64_t vmsa_features;		/* KVM_X86_SEV_VMSA_FEATURES */
	bool es;			/* the platform can run SEV-ES guests */
	uint64_t get_vmsa_len;		/* KVM_X86_SEV_GET_VMSA; 0: no KVM_SEV_GET_VMSA */
	unsigned int cbit, reduced_phys_bits;
	struct sev_vcpu_source vcpus;	/* used by the model */
};

/*
 * kvm: checks that this host can run SEV (and SEV-ES when @es) guests;
 * otherwise fails with a message naming what is missing and pointing to
 * --sev-backend sim.
 */
int sev_backend_kvm_open(struct sev_backend **out, int kvm_fd, bool es, struct err *e);

struct sev_sim_config {
	uint8_t api_major, api_minor, build;
	uint8_t seed[32];
	unsigned int cbit;		/* C-bit position the model reports */
	/* Tests make the model deterministic; NULL = RAND_bytes. */
	int (*rand)(void *opaque, uint8_t *buf, size_t len);
	void *rand_opaque;
};

int sev_backend_sim_open(struct sev_backend **out, const struct sev_sim_config *cfg,
			 struct err *e);
struct sev_chain_certs;
/* The model's whole TEST certificate chain, ARK and ASK included (built on first use). */
int sev_backend_sim_chain(struct sev_backend *b, const struct sev_chain_certs **out,
			  struct err *e);
/* The model's guest keys (for --sim-keys-out, and tests): -ENOENT before LAUNCH_START. */
int sev_backend_sim_keys(struct sev_backend *b, uint8_t tek[16], uint8_t tik[16]);
/* The model's own launch digest so far. */
int sev_backend_sim_digest(struct sev_backend *b, uint8_t out[32]);
/* The KVM model's record of the VMSA it built for vCPU @idx (after LAUNCH_UPDATE_VMSA). */
const uint8_t *sev_backend_sim_vmsa(struct sev_backend *b, unsigned int idx);
/* Whether @ark_id is the model's TEST ARK (its chain proves nothing on a real host). */
bool sev_backend_sim_is_test_ark(const uint8_t ark_id[16]);

static inline void sev_backend_close(struct sev_backend *b)
{
	if (b)
		b->ops->destroy(b);
}

#endif
