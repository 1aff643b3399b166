// SPDX-License-Identifier: GPL-2.0
/* The launch's command sequence: backend, VM type, init, LAUNCH_START ... LAUNCH_FINISH. */
#include "sev/launch.h"
#include "sev/launch_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/blob.h"
#include "sev/status.h"

static const char *cmd_name(uint32_t id)
{
	switch (id) {
	case KVM_SEV_INIT:			return "KVM_SEV_INIT";
	case KVM_SEV_ES_INIT:			return "KVM_SEV_ES_INIT";
	case SEVVM_KVM_SEV_INIT2:		return "KVM_SEV_INIT2";
	case KVM_SEV_LAUNCH_START:		return "KVM_SEV_LAUNCH_START";
	case KVM_SEV_LAUNCH_UPDATE_DATA:	return "KVM_SEV_LAUNCH_UPDATE_DATA";
	case KVM_SEV_LAUNCH_UPDATE_VMSA:	return "KVM_SEV_LAUNCH_UPDATE_VMSA";
	case KVM_SEV_LAUNCH_MEASURE:		return "KVM_SEV_LAUNCH_MEASURE";
	case KVM_SEV_LAUNCH_SECRET:		return "KVM_SEV_LAUNCH_SECRET";
	case KVM_SEV_LAUNCH_FINISH:		return "KVM_SEV_LAUNCH_FINISH";
	default:				return "KVM_SEV_?";
	}
}

/*
 * One KVM_MEMORY_ENCRYPT_OP, logged with @args (JSON members). Firmware
 * errors are named: "KVM_SEV_LAUNCH_START: firmware error POLICY_FAILURE (0x07)".
 */
int sev_launch_cmd(struct sev_launch *l, uint32_t id, void *data, const char *args,
		   bool quiet_probe, struct err *e)
{
	struct kvm_sev_cmd cmd = { .id = id, .data = (uint64_t)(uintptr_t)data };
	char st[64];
	int r = l->be->ops->mem_enc_op(l->be, &cmd);

	sev_log_event(&l->log, "command", "\"cmd\": \"%s\", \"args\": {%s}, \"result\": %d, "
		      "\"fw_error\": \"%s\"", cmd_name(id), args, r,
		      sev_status_str(cmd.error, st, sizeof(st)));
	if (!r || quiet_probe)
		return r;
	if (cmd.error)
		r = err_set(e, EIO, "%s: firmware error %s", cmd_name(id), st);
	else
		r = err_set(e, -r, "%s: %s", cmd_name(id), strerror(-r));
	sev_log_event(&l->log, "error", "\"message\": \"%s\"", e->msg);
	return r;
}

static int choose_init(struct sev_launch *l, struct err *e)
{
	bool es = l->cfg->mode == SEV_MODE_ES;
	unsigned long type = es ? KVM_X86_SEV_ES_VM : KVM_X86_SEV_VM;
	bool offered = l->be->vm_types & (1ull << type);

	switch (l->cfg->init) {
	case SEV_INIT_MODE_AUTO:
		l->init = offered ? SEV_INIT_INIT2 : SEV_INIT_LEGACY;
		break;
	case SEV_INIT_MODE_INIT2:
		if (!offered)
			return err_set(e, ENOTSUP, "--sev-init init2: KVM does not offer the %s VM type "
				       "(KVM_CAP_VM_TYPES = %#" PRIx64 "); use --sev-init legacy",
				       es ? "SEV-ES" : "SEV", l->be->vm_types);
		l->init = SEV_INIT_INIT2;
		break;
	case SEV_INIT_MODE_LEGACY:
		l->init = SEV_INIT_LEGACY;
		break;
	}
	l->vm_type = l->init == SEV_INIT_INIT2 ? type : KVM_X86_DEFAULT_VM;
	return 0;
}

static int platform_status(struct sev_launch *l, struct err *e)
{
	struct sev_issue_cmd cmd = {
		.cmd = SEV_PLATFORM_STATUS, .data = (uint64_t)(uintptr_t)&l->platform,
	};
	char st[64];
	int r = l->be->ops->sev_issue_cmd(l->be, &cmd);

	if (r)
		return err_set(e, EIO, "SEV_PLATFORM_STATUS: %s",
			       cmd.error ? sev_status_str(cmd.error, st, sizeof(st)) : strerror(-r));
	sev_log_event(&l->log, "platform", "\"api_major\": %u, \"api_minor\": %u, \"build\": %u, "
		      "\"state\": %u, \"es\": %s, \"guests\": %u", l->platform.api_major,
		      l->platform.api_minor, l->platform.build, l->platform.state,
		      l->platform.flags & 0x100 ? "true" : "false", l->platform.guest_count);
	if (l->cfg->mode == SEV_MODE_ES && !(l->platform.flags & 0x100))
		return err_set(e, ENOTSUP, "--sev-es: the SEV firmware is not configured for SEV-ES");
	return 0;
}

int sev_launch_open(struct sev_launch *l, const struct sev_config *cfg, int kvm_fd,
		    unsigned int sim_cbit, struct err *e)
{
	struct sev_sim_config sim = {
		.api_major = cfg->sim_api_major ? cfg->sim_api_major : SEV_SIM_API_MAJOR,
		.api_minor = cfg->sim_api_major ? cfg->sim_api_minor : SEV_SIM_API_MINOR,
		.build = cfg->sim_api_major ? cfg->sim_build : SEV_SIM_BUILD,
		.seed = SEV_SIM_SEED,
		.cbit = sim_cbit,
	};
	int r;

	*l = (struct sev_launch){ .cfg = cfg, .policy = sev_config_policy(cfg) };
	sev_regions_init(&l->regions);
	l->ld = EVP_MD_CTX_new();
	if (!l->ld || !EVP_DigestInit_ex(l->ld, EVP_sha256(), NULL))
		return err_set(e, ENOMEM, "SHA-256");
	r = sev_log_open(&l->log, cfg->launch_log, e);
	if (r)
		return r;
	if (cfg->backend == SEV_BACKEND_SIM)
		r = sev_backend_sim_open(&l->be, &sim, e);
	else
		r = sev_backend_kvm_open(&l->be, kvm_fd, cfg->mode == SEV_MODE_ES, e);
	if (!r)
		r = choose_init(l, e);
	if (r)
		return r;
	sev_log_event(&l->log, "launch", "\"mode\": \"%s\", \"backend\": \"%s\", \"init\": \"%s\", "
		      "\"vm_type\": %lu, \"policy\": %u, \"cbit\": %u%s",
		      cfg->mode == SEV_MODE_ES ? "sev-es" : "sev", l->be->name,
		      l->init == SEV_INIT_INIT2 ? "init2" : "legacy", l->vm_type, l->policy,
		      l->be->cbit, l->be->kind == SEV_BACKEND_SIM ?
		      ", \"note\": \"software model: test keys, no encryption\"" : "");
	return platform_status(l, e);
}

int sev_launch_create_vm(struct sev_launch *l, int kvm_fd, int *vm_fd, struct err *e)
{
	int r = l->be->ops->create_vm(l->be, kvm_fd, l->vm_type);

	if (r)
		return err_set(e, -r, "KVM_CREATE_VM (type %lu, %s): %s", l->vm_type,
			       l->vm_type ? (l->vm_type == KVM_X86_SEV_ES_VM ? "KVM_X86_SEV_ES_VM" :
			       "KVM_X86_SEV_VM") : "default", strerror(-r));
	*vm_fd = l->be->vm_fd;
	return 0;
}

int sev_launch_start(struct sev_launch *l, struct err *e)
{
	struct sevvm_kvm_sev_init init2 = { 0 };
	struct kvm_sev_launch_start start = { .policy = l->policy };
	uint8_t *dh = NULL, *session = NULL;
	size_t dh_len = 0, session_len = 0;
	char args[160];
	int r;

	if (l->init == SEV_INIT_INIT2)
		r = sev_launch_cmd(l, SEVVM_KVM_SEV_INIT2, &init2,
			    "\"vmsa_features\": 0, \"flags\": 0, \"ghcb_version\": 0", false, e);
	else
		r = sev_launch_cmd(l, l->cfg->mode == SEV_MODE_ES ? KVM_SEV_ES_INIT : KVM_SEV_INIT, NULL,
			    "", false, e);
	if (r)
		return r;
	if (l->cfg->dh_cert || l->cfg->session) {
		if (!l->cfg->dh_cert || !l->cfg->session)
			return err_set(e, EINVAL, "--dh-cert and --session go together");
		r = sev_read_base64(l->cfg->dh_cert, "--dh-cert", SEV_BLOB_MAX, &dh, &dh_len, e);
		if (!r)
			r = sev_read_base64(l->cfg->session, "--session", SEV_BLOB_MAX, &session,
					    &session_len, e);
		if (r)
			goto out;
		start.dh_uaddr = (uint64_t)(uintptr_t)dh;
		start.dh_len = (uint32_t)dh_len;
		start.session_uaddr = (uint64_t)(uintptr_t)session;
		start.session_len = (uint32_t)session_len;
	}
	snprintf(args, sizeof(args), "\"handle\": 0, \"policy\": %u, \"dh_len\": %u, "
		 "\"session_len\": %u", l->policy, start.dh_len, start.session_len);
	r = sev_launch_cmd(l, KVM_SEV_LAUNCH_START, &start, args, false, e);
	if (!r) {
		l->handle = start.handle;
		sev_log_event(&l->log, "guest", "\"handle\": %u", l->handle);
	}
out:
	free(dh);
	if (session)
		OPENSSL_cleanse(session, session_len);
	free(session);
	return r;
}

int sev_launch_finish(struct sev_launch *l, const struct sev_vcpu_source *expected,
		      struct err *e)
{
	uint8_t keys[32];
	int r;

	r = sev_launch_measure_data(l, e);
	if (!r && l->cfg->mode == SEV_MODE_ES)
		r = sev_launch_measure_vmsas(l, expected, e);
	if (!r)
		r = sev_launch_measure(l, e);
	if (!r && l->cfg->sim_keys_out) {
		if (l->be->kind != SEV_BACKEND_SIM)
			return err_set(e, EINVAL, "--sim-keys-out: only the software model has keys to give");
		r = sev_backend_sim_keys(l->be, keys, keys + 16);
		if (!r)
			r = sev_write_private(l->cfg->sim_keys_out, keys, sizeof(keys), e);
		OPENSSL_cleanse(keys, sizeof(keys));
	}
	if (!r)
		r = sev_launch_secret(l, e);
	if (!r)
		r = sev_launch_cmd(l, KVM_SEV_LAUNCH_FINISH, NULL, "", false, e);
	if (!r)
		l->finished = true;
	return r;
}

void sev_launch_close(struct sev_launch *l)
{
	if (l->ram) {
		l->ram->watch = (struct ram_write_watch){ 0 };
		ram_notifier_remove(l->ram, &l->notifier);
	}
	sev_backend_close(l->be);
	l->be = NULL;
	sev_regions_free(&l->regions);
	EVP_MD_CTX_free(l->ld);
	l->ld = NULL;
	free(l->vmsa);
	l->vmsa = NULL;
	sev_log_close(&l->log);
}
