/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model of KVM's SEV code: its state, shared by the command side
 * (backend_sim.c) and the vCPU side (sim_vcpu.c: KVM_SEV_GET_VMSA and the
 * rules for protected vCPUs).
 */
#ifndef SEVVM_SEV_MODEL_SIM_BACKEND_H
#define SEVVM_SEV_MODEL_SIM_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include "sev/backend.h"
#include "sev/model/sim_fw.h"

#define SIM_VMSA_PADDR_BASE	0xfee000000000ull /* where the model "keeps" VMSAs */

struct sim_backend {
	struct sev_backend b;
	struct sev_fw fw;
	unsigned long vm_type;
	bool active, es_active, init2;
	uint64_t vmsa_features;
	uint16_t ghcb_version;
	uint32_t handle;
	struct kvm_enc_region *regions;
	unsigned int nr_regions;
	uint8_t (*vmsa)[SEV_VMSA_SIZE];	/* as LAUNCH_UPDATE_VMSA built them */
	bool *protected;		/* vcpu->arch.guest_state_protected, per vCPU */
	unsigned int nr_vmsa;
	struct sev_chain_certs *chain;	/* the model's TEST chain, built on demand */
};

static inline struct sim_backend *to_sim(struct sev_backend *b)
{
	return (struct sim_backend *)b;
}

static inline void *uptr(__u64 a)
{
	return (void *)(uintptr_t)a;
}

/* KVM turns a firmware error into -EIO with the status in cmd->error. */
static inline int fw_ret(struct kvm_sev_cmd *cmd, enum sev_status st)
{
	cmd->error = st;
	return st == SEV_SUCCESS ? 0 : -EIO;
}

/* KVM_SEV_GET_VMSA (kernel-patches/0001, sev_get_vmsa()). */
int sim_get_vmsa(struct sim_backend *s, struct kvm_sev_cmd *cmd,
		 struct sevvm_kvm_sev_get_vmsa *p);
/* sev_backend_ops.vcpu_ioctl. */
int sim_vcpu_ioctl(struct sev_backend *b, unsigned int idx, int fd, unsigned long req, void *arg);

#endif
