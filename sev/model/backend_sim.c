// SPDX-License-Identifier: GPL-2.0
/*
 * The `sim` backend: a model of KVM's SEV code (arch/x86/kvm/svm/sev.c) in
 * front of the firmware model. It keeps KVM's rules: which VM type takes
 * which init command, that init comes before any vCPU, -ENOTTY before init,
 * -EIO with the firmware status in cmd->error, the LAUNCH_MEASURE length
 * probe, and it builds each SEV-ES VMSA from the vCPU's state the way
 * sev_es_sync_vmsa() does. The guest itself runs on a default KVM VM; what
 * it sees of SEV is sev/guest.c with the model's traps (sev/model/hw.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/backend.h"
#include "sev/model/hw.h"
#include "sev/model/sim_backend.h"
#include "sev/model/sim_chain.h"
#include "sev/model/sim_fw.h"
#include "sev/model/sim_platform.h"

#define SIM_BLOB_MAX		(16u * 1024)	/* SEV_FW_BLOB_MAX_SIZE */

static int sim_create_vm(struct sev_backend *b, int kvm_fd, unsigned long type)
{
	struct sim_backend *s = to_sim(b);

	if (type != KVM_X86_DEFAULT_VM && !(b->vm_types & (1ull << type)))
		return -EINVAL;
	s->vm_type = type;
	if (kvm_fd < 0)
		return 0;	/* `sevvm measure`: the model alone */
	b->vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0UL);
	return b->vm_fd < 0 ? -errno : 0;
}

/* KVM_SEV_INIT / KVM_SEV_ES_INIT: only on a default VM, before any vCPU. */
static int sim_legacy_init(struct sim_backend *s, bool es)
{
	if (s->vm_type != KVM_X86_DEFAULT_VM || s->active || s->b.vcpus.nr)
		return -EINVAL;
	if (es && !s->b.es)
		return -ENOTTY;
	s->active = true;
	s->es_active = es;
	s->ghcb_version = es ? 1 : 0;	/* legacy ES init is pinned to GHCB v1 */
	return 0;
}

/* KVM_SEV_INIT2 (6.10): __sev_guest_init()'s checks. */
static int sim_init2(struct sim_backend *s, const struct sevvm_kvm_sev_init *in)
{
	bool es = s->vm_type == KVM_X86_SEV_ES_VM;

	if (!in || (s->vm_type != KVM_X86_SEV_VM && !es) || s->active || s->b.vcpus.nr)
		return -EINVAL;
	if (in->flags || (in->vmsa_features & ~s->b.vmsa_features) ||
	    (!es && (in->vmsa_features || in->ghcb_version)) || in->ghcb_version > 2)
		return -EINVAL;
	if (es && !s->b.es)
		return -ENOTTY;
	s->active = true;
	s->es_active = es;
	s->init2 = true;
	s->vmsa_features = in->vmsa_features;
	s->ghcb_version = es ? (in->ghcb_version ? in->ghcb_version : 2) : 0;
	return 0;
}

static int sim_launch_start(struct sim_backend *s, struct kvm_sev_cmd *cmd,
			    struct kvm_sev_launch_start *p)
{
	enum sev_status st;
	uint32_t handle;

	if (!p || (p->dh_uaddr && p->dh_len > SIM_BLOB_MAX) ||
	    (p->session_uaddr && p->session_len > SIM_BLOB_MAX))
		return -EINVAL;
	handle = p->handle;
	st = sev_fw_launch_start(&s->fw, &handle, p->policy,
				 p->dh_uaddr ? uptr(p->dh_uaddr) : NULL, p->dh_uaddr ? p->dh_len : 0,
				 p->session_uaddr ? uptr(p->session_uaddr) : NULL,
				 p->session_uaddr ? p->session_len : 0);
	if (st != SEV_SUCCESS)
		return fw_ret(cmd, st);
	/*
	 * Binding the context to the VM's ASID: SEV-ES guests take ASIDs of
	 * their own range, so a policy that disagrees with the VM fails here.
	 * (The model's choice of status; hardware fails ACTIVATE.)
	 */
	if (!!(p->policy & SEV_POLICY_ES) != s->es_active) {
		sev_fw_decommission(&s->fw, handle);
		return fw_ret(cmd, SEV_POLICY_FAILURE);
	}
	s->handle = handle;
	p->handle = handle;
	return 0;
}

static int sim_update_vmsa(struct sim_backend *s, struct kvm_sev_cmd *cmd)
{
	struct sev_vcpu_source *src = &s->b.vcpus;
	unsigned int i;
	struct err e;

	if (!s->es_active)
		return -ENOTTY;
	if (!src->nr || !src->get)
		return -EINVAL;
	if (s->nr_vmsa != src->nr) {
		free(s->vmsa);
		free(s->protected);
		s->vmsa = calloc(src->nr, sizeof(*s->vmsa));
		s->protected = calloc(src->nr, sizeof(*s->protected));
		s->nr_vmsa = s->vmsa && s->protected ? src->nr : 0;
		if (!s->nr_vmsa)
			return -ENOMEM;
	}
	for (i = 0; i < src->nr; i++) {
		struct sev_vcpu_state st;
		enum sev_status fst;

		if (s->protected[i])
			return -EINVAL;
		if (src->get(src->opaque, i, &st, &e) ||
		    sev_vmsa_build(&st, s->init2 ? SEV_INIT_INIT2 : SEV_INIT_LEGACY,
				   s->vmsa_features, s->vmsa[i], &e))
			return -EINVAL;
		fst = sev_fw_launch_update_vmsa(&s->fw, s->handle,
						SIM_VMSA_PADDR_BASE + (uint64_t)i * SEV_VMSA_SIZE,
						s->vmsa[i], SEV_VMSA_SIZE);
		if (fst != SEV_SUCCESS)
			return fw_ret(cmd, fst);
		s->protected[i] = true;
	}
	return 0;
}

static int sim_measure(struct sim_backend *s, struct kvm_sev_cmd *cmd,
		       struct kvm_sev_launch_measure *p)
{
	uint32_t len;
	enum sev_status st;

	if (!p || (p->uaddr && p->len > SIM_BLOB_MAX))
		return -EINVAL;
	len = p->uaddr ? p->len : 0;
	st = sev_fw_launch_measure(&s->fw, s->handle, p->uaddr ? uptr(p->uaddr) : NULL, &len);
	p->len = len;
	return fw_ret(cmd, st);
}

static int sim_secret(struct sim_backend *s, struct kvm_sev_cmd *cmd,
		      struct kvm_sev_launch_secret *p)
{
	if (!p || !p->guest_uaddr || !p->guest_len || !p->hdr_uaddr || !p->trans_uaddr ||
	    p->hdr_len > SIM_BLOB_MAX || p->trans_len > SIM_BLOB_MAX)
		return -EINVAL;
	return fw_ret(cmd, sev_fw_launch_secret(&s->fw, s->handle, uptr(p->hdr_uaddr), p->hdr_len,
						uptr(p->trans_uaddr), p->trans_len,
						p->guest_uaddr, uptr(p->guest_uaddr), p->guest_len));
}

static int sim_dbg(struct sim_backend *s, struct kvm_sev_cmd *cmd, struct kvm_sev_dbg *p,
		   bool decrypt)
{
	enum sev_status st;

	if (!p || !p->len || p->src_uaddr + p->len < p->src_uaddr ||
	    p->dst_uaddr + p->len < p->dst_uaddr)
		return -EINVAL;
	if (decrypt)
		st = sev_fw_dbg_decrypt(&s->fw, s->handle, p->src_uaddr, uptr(p->src_uaddr),
					uptr(p->dst_uaddr), p->len);
	else
		st = sev_fw_dbg_encrypt(&s->fw, s->handle, p->dst_uaddr, uptr(p->src_uaddr),
					uptr(p->dst_uaddr), p->len);
	return fw_ret(cmd, st);
}

static int sim_mem_enc_op(struct sev_backend *b, struct kvm_sev_cmd *cmd)
{
	struct sim_backend *s = to_sim(b);
	void *data = uptr(cmd->data);
	struct kvm_sev_launch_update_data *upd = data;
	struct kvm_sev_guest_status *gs = data;
	enum sev_guest_state state;

	cmd->error = 0;
	switch (cmd->id) {
	case KVM_SEV_INIT:
	case KVM_SEV_ES_INIT:
		return sim_legacy_init(s, cmd->id == KVM_SEV_ES_INIT);
	case SEVVM_KVM_SEV_INIT2:
		return sim_init2(s, data);
	default:
		break;
	}
	if (!s->active)
		return -ENOTTY;
	switch (cmd->id) {
	case KVM_SEV_LAUNCH_START:
		return sim_launch_start(s, cmd, data);
	case KVM_SEV_LAUNCH_UPDATE_DATA:
		/* sev_pin_memory() refuses empty and wrapping ranges. */
		if (!upd || !upd->len || upd->uaddr + upd->len < upd->uaddr)
			return -EINVAL;
		return fw_ret(cmd, sev_fw_launch_update_data(&s->fw, s->handle, upd->uaddr,
							     uptr(upd->uaddr), upd->len));
	case KVM_SEV_LAUNCH_UPDATE_VMSA:
		return sim_update_vmsa(s, cmd);
	case KVM_SEV_LAUNCH_MEASURE:
		return sim_measure(s, cmd, data);
	case KVM_SEV_LAUNCH_SECRET:
		return sim_secret(s, cmd, data);
	case KVM_SEV_LAUNCH_FINISH:
		return fw_ret(cmd, sev_fw_launch_finish(&s->fw, s->handle));
	case KVM_SEV_GUEST_STATUS:
		if (!gs)
			return -EINVAL;
		if (fw_ret(cmd, sev_fw_guest_status(&s->fw, s->handle, &gs->policy, &state)))
			return -EIO;
		gs->handle = s->handle;
		gs->state = (__u32)state;
		return 0;
	case KVM_SEV_DBG_DECRYPT:
	case KVM_SEV_DBG_ENCRYPT:
		return sim_dbg(s, cmd, data, cmd->id == KVM_SEV_DBG_DECRYPT);
	case SEVVM_KVM_SEV_GET_VMSA:
		return sim_get_vmsa(s, cmd, data);
	default:
		return -EINVAL;
	}
}

static int sim_reg_region(struct sev_backend *b, const struct kvm_enc_region *r)
{
	struct sim_backend *s = to_sim(b);
	struct kvm_enc_region *n;

	if (!s->active)
		return -ENOTTY;
	if (!r->size || r->addr + r->size < r->addr)
		return -EINVAL;
	n = realloc(s->regions, (s->nr_regions + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	s->regions = n;
	s->regions[s->nr_regions++] = *r;
	return 0;
}

static int sim_unreg_region(struct sev_backend *b, const struct kvm_enc_region *r)
{
	struct sim_backend *s = to_sim(b);
	unsigned int i;

	if (!s->active)
		return -ENOTTY;
	for (i = 0; i < s->nr_regions; i++) {
		if (s->regions[i].addr == r->addr && s->regions[i].size == r->size) {
			s->regions[i] = s->regions[--s->nr_regions];
			return 0;
		}
	}
	return -EINVAL;	/* KVM: only an exact match unregisters */
}

static int sim_sev_issue_cmd(struct sev_backend *b, struct sev_issue_cmd *cmd)
{
	struct sim_backend *s = to_sim(b);
	struct sev_user_data_status *out = uptr(cmd->data);
	struct sev_fw_platform_status st;

	switch (cmd->cmd) {
	case SEV_PLATFORM_STATUS:
		if (!out)
			return -EINVAL;
		cmd->error = sev_fw_platform_status(&s->fw, &st);
		if (cmd->error)
			return -EIO;
		*out = (struct sev_user_data_status){
			.api_major = st.api_major, .api_minor = st.api_minor, .state = st.state,
			.flags = st.config ? 0x100u : 0, .build = st.build,
			.guest_count = st.guest_count,
		};
		return 0;
	default:
		return sev_sim_platform_cmd(&s->fw, &s->chain, cmd);
	}
}

static int sim_guest_hw(struct sev_backend *b, const struct sev_guest_host *host, bool es,
			uint16_t ghcb_version, struct sev_guest_hw **out, struct err *e)
{
	return sev_model_create(out, host, es, b->cbit, ghcb_version, e);
}

static void sim_destroy(struct sev_backend *b)
{
	struct sim_backend *s = to_sim(b);

	free(s->chain);
	sev_fw_destroy(&s->fw);
	free(s->regions);
	free(s->vmsa);
	free(s->protected);
	free(s);
}

static const struct sev_backend_ops sim_ops = {
	.create_vm = sim_create_vm,
	.mem_enc_op = sim_mem_enc_op,
	.reg_region = sim_reg_region,
	.unreg_region = sim_unreg_region,
	.sev_issue_cmd = sim_sev_issue_cmd,
	.vcpu_ioctl = sim_vcpu_ioctl,
	.guest_hw = sim_guest_hw,
	.destroy = sim_destroy,
};

int sev_backend_sim_open(struct sev_backend **out, const struct sev_sim_config *cfg,
			 struct err *e)
{
	struct sev_fw_config fc = {
		.api_major = cfg->api_major, .api_minor = cfg->api_minor, .build = cfg->build,
		.es = true, .rand = cfg->rand, .rand_opaque = cfg->rand_opaque,
	};
	struct sim_backend *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return err_set(e, ENOMEM, "SEV model");
	memcpy(fc.seed, cfg->seed, sizeof(fc.seed));
	r = sev_fw_create(&s->fw, &fc, e);
	if (r) {
		free(s);
		return r;
	}
	/* kvm_amd initialises the platform when it loads (psp_init_on_probe). */
	sev_fw_init(&s->fw);
	s->b = (struct sev_backend){
		.ops = &sim_ops, .kind = SEV_BACKEND_SIM, .name = "sim", .vm_fd = -1,
		.vm_types = (1u << KVM_X86_DEFAULT_VM) | (1u << KVM_X86_SEV_VM) |
			    (1u << KVM_X86_SEV_ES_VM),
		.vmsa_features = 0, .es = true, .cbit = cfg->cbit, .reduced_phys_bits = 1,
		.get_vmsa_len = SEV_VMSA_PAGE,	/* the model has kernel-patches/0001 */
	};
	*out = &s->b;
	return 0;
}

int sev_backend_sim_chain(struct sev_backend *b, const struct sev_chain_certs **out,
			  struct err *e)
{
	struct sim_backend *s = to_sim(b);
	int r;

	if (b->kind != SEV_BACKEND_SIM)
		return err_set(e, EINVAL, "only the software model has its own ARK and ASK");
	r = sev_sim_platform_chain(&s->fw, &s->chain, e);
	*out = s->chain;
	return r;
}

int sev_backend_sim_keys(struct sev_backend *b, uint8_t tek[16], uint8_t tik[16])
{
	struct sim_backend *s = to_sim(b);

	if (b->kind != SEV_BACKEND_SIM || !s->handle)
		return -ENOENT;
	return sev_fw_guest_keys(&s->fw, s->handle, tek, tik);
}

int sev_backend_sim_digest(struct sev_backend *b, uint8_t out[32])
{
	struct sim_backend *s = to_sim(b);

	if (b->kind != SEV_BACKEND_SIM || !s->handle)
		return -ENOENT;
	return sev_fw_running_digest(&s->fw, s->handle, out);
}

const uint8_t *sev_backend_sim_vmsa(struct sev_backend *b, unsigned int idx)
{
	struct sim_backend *s = to_sim(b);

	if (b->kind != SEV_BACKEND_SIM || idx >= s->nr_vmsa || !s->protected[idx])
		return NULL;
	return s->vmsa[idx];
}

bool sev_backend_sim_is_test_ark(const uint8_t ark_id[16])
{
	return sev_sim_chain_is_test(ark_id);
}
