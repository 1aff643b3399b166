// SPDX-License-Identifier: GPL-2.0
#include "sev/launch.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include "sev/attest.h"
#include "sev/blob.h"
#include "sev/status.h"

#define SEV_BLOB_MAX	(16u * 1024)	/* SEV_FW_BLOB_MAX_SIZE */
#define CAP_IPC_LOCK_BIT 14

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
static int sev_cmd(struct sev_launch *l, uint32_t id, void *data, const char *args,
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
		r = sev_cmd(l, SEVVM_KVM_SEV_INIT2, &init2,
			    "\"vmsa_features\": 0, \"flags\": 0, \"ghcb_version\": 0", false, e);
	else
		r = sev_cmd(l, l->cfg->mode == SEV_MODE_ES ? KVM_SEV_ES_INIT : KVM_SEV_INIT, NULL,
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
	r = sev_cmd(l, KVM_SEV_LAUNCH_START, &start, args, false, e);
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

static bool has_cap_ipc_lock(void)
{
	char line[256];
	bool yes = false;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "CapEff:", 7)) {
			yes = (strtoull(line + 7, NULL, 16) >> CAP_IPC_LOCK_BIT) & 1;
			break;
		}
	}
	if (f)
		fclose(f);
	return yes;
}

/*
 * KVM pins every registered page and charges it to RLIMIT_MEMLOCK
 * (sev_pin_memory()); checked for each block before it is registered, so
 * the message says how much the whole guest needs.
 */
static int check_memlock(struct sev_launch *l, uint64_t need, struct err *e)
{
	struct rlimit rl;
	bool cap = has_cap_ipc_lock();

	if (getrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		rl.rlim_cur = RLIM_INFINITY;
	sev_log_event(&l->log, "memlock", "\"needed\": %" PRIu64 ", \"limit\": %lld, "
		      "\"cap_ipc_lock\": %s", need,
		      rl.rlim_cur == RLIM_INFINITY ? -1LL : (long long)rl.rlim_cur,
		      cap ? "true" : "false");
	if (l->be->kind == SEV_BACKEND_KVM && !cap && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < need)
		return err_set(e, ENOMEM, "SEV pins all guest memory: %" PRIu64 " KiB must be lockable, "
			       "but RLIMIT_MEMLOCK is %llu KiB (raise it: ulimit -l %" PRIu64
			       ", or run with CAP_IPC_LOCK)", need >> 10,
			       (unsigned long long)rl.rlim_cur >> 10, need >> 10);
	return 0;
}

/* The RAM-block notifier: pin and register every block for the VM's life. */
static int block_added(struct ram_notifier *n, struct ram_block *b, struct err *e)
{
	struct sev_launch *l = (struct sev_launch *)((char *)n - offsetof(struct sev_launch, notifier));
	struct kvm_enc_region reg = { .addr = (uint64_t)(uintptr_t)b->host, .size = b->size };
	int r = check_memlock(l, l->pinned + b->size, e);

	if (r)
		return r;
	r = l->be->ops->reg_region(l->be, &reg);
	if (!r)
		l->pinned += b->size;
	sev_log_event(&l->log, "register", "\"block\": \"%s\", \"size\": %" PRIu64 ", \"result\": %d",
		      b->name, b->size, r);
	if (r)
		return err_set(e, -r, "KVM_MEMORY_ENCRYPT_REG_REGION (RAM block %s, %" PRIu64
			       " MiB): %s", b->name, b->size >> 20, strerror(-r));
	return 0;
}

static void block_removed(struct ram_notifier *n, struct ram_block *b)
{
	struct sev_launch *l = (struct sev_launch *)((char *)n - offsetof(struct sev_launch, notifier));
	struct kvm_enc_region reg = { .addr = (uint64_t)(uintptr_t)b->host, .size = b->size };
	int r = l->be->ops->unreg_region(l->be, &reg);

	if (!r && l->pinned >= b->size)
		l->pinned -= b->size;
	sev_log_event(&l->log, "unregister", "\"block\": \"%s\", \"result\": %d", b->name, r);
}

static void written(void *opaque, uint64_t gpa, uint64_t len, const char *what)
{
	sev_regions_add(opaque, gpa, len, what);
}


int sev_launch_attach_ram(struct sev_launch *l, struct ram *ram, struct err *e)
{
	int r;

	l->ram = ram;
	l->notifier = (struct ram_notifier){ .block_added = block_added,
					     .block_removed = block_removed };
	r = ram_notifier_add(ram, &l->notifier, e);
	if (r)
		return r;
	ram->watch = (struct ram_write_watch){ .written = written, .opaque = &l->regions };
	return 0;
}

/* The running digest so far, without disturbing it. */
static void running_digest(struct sev_launch *l, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int n = 0;

	memset(out, 0, 32);
	if (c && EVP_MD_CTX_copy_ex(c, l->ld))
		EVP_DigestFinal_ex(c, out, &n);
	EVP_MD_CTX_free(c);
}

static FILE *dump_open(struct sev_launch *l, const char *name, struct err *e)
{
	char path[4096];
	FILE *f;

	if (!l->cfg->dump_dir)
		return NULL;
	/* The directory is made on first use; an existing one is fine. */
	if (mkdir(l->cfg->dump_dir, 0700) && errno != EEXIST) {
		err_sys(e, errno, "--dump-measured %s", l->cfg->dump_dir);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", l->cfg->dump_dir, name);
	f = fopen(path, "we");
	if (!f)
		err_sys(e, errno, "--dump-measured %s", path);
	return f;
}

/* Measures one region: sevvm's digest, then LAUNCH_UPDATE_DATA in place. */
static int measure_region(struct sev_launch *l, const struct sev_region *g, FILE *dump,
			  struct err *e)
{
	struct kvm_sev_launch_update_data upd;
	uint8_t sum[32] = { 0 }, run[32] = { 0 };
	char hs[65], hr[65], what[2 * SEV_REGION_NAME_MAX], args[128];
	void *hva = ram_gpa_to_hva(l->ram, g->gpa, g->len);

	if (!hva || g->len > UINT32_MAX)
		return err_set(e, EFAULT, "measured region %s [%#" PRIx64 ", %#" PRIx64
			       ") is not guest RAM", g->what, g->gpa, g->gpa + g->len);
	EVP_DigestUpdate(l->ld, hva, g->len);
	l->measured_bytes += g->len;
	if (dump && fwrite(hva, 1, g->len, dump) != g->len)
		return err_sys(e, errno, "--dump-measured: write");
	/* The region's own hash costs a pass over it: only for the log. */
	if (l->log.f) {
		EVP_Digest(hva, g->len, sum, NULL, EVP_sha256(), NULL);
		running_digest(l, run);
	}
	sev_log_event(&l->log, "region", "\"gpa\": %" PRIu64 ", \"len\": %" PRIu64 ", \"what\": \"%s\", "
		      "\"sha256\": \"%s\", \"digest\": \"%s\"", g->gpa, g->len,
		      sev_log_str(g->what, what, sizeof(what)), sev_hex(sum, 32, hs),
		      sev_hex(run, 32, hr));
	upd = (struct kvm_sev_launch_update_data){ .uaddr = (uint64_t)(uintptr_t)hva,
						   .len = (uint32_t)g->len };
	snprintf(args, sizeof(args), "\"gpa\": %" PRIu64 ", \"len\": %" PRIu64, g->gpa, g->len);
	return sev_cmd(l, KVM_SEV_LAUNCH_UPDATE_DATA, &upd, args, false, e);
}

static int measure_data(struct sev_launch *l, struct err *e)
{
	FILE *dump;
	unsigned int i;
	int r = 0;

	if (l->regions.error)
		return err_set(e, -l->regions.error, "measured regions: out of memory");
	dump = dump_open(l, "measured.bin", e);
	if (l->cfg->dump_dir && !dump)
		return -EIO;
	for (i = 0; i < l->regions.nr && !r; i++)
		r = measure_region(l, &l->regions.r[i], dump, e);
	if (dump)
		fclose(dump);
	return r;
}

/* vmsa-cpuN.bin: the VMSA sevvm measured; vmsa-cpuN.kvm.bin: the model's, on a mismatch. */
static int dump_vmsa(struct sev_launch *l, unsigned int cpu, const char *suffix,
		     const uint8_t *page, struct err *e)
{
	char name[64];
	FILE *dump;
	int r = 0;

	if (!l->cfg->dump_dir)
		return 0;
	snprintf(name, sizeof(name), "vmsa-cpu%u%s.bin", cpu, suffix);
	dump = dump_open(l, name, e);
	if (!dump)
		return -EIO;
	if (fwrite(page, 1, SEV_VMSA_PAGE, dump) != SEV_VMSA_PAGE)
		r = err_sys(e, errno, "--dump-measured %s: write", name);
	if (fclose(dump) && !r)
		r = err_sys(e, errno, "--dump-measured %s: close", name);
	return r;
}

/* SEV-ES: the VMSAs sevvm expects, then one LAUNCH_UPDATE_VMSA for all vCPUs. */
static int measure_vmsas(struct sev_launch *l, const struct sev_vcpu_source *expected,
			 struct err *e)
{
	unsigned int i;
	int r;

	l->vmsa = calloc(expected->nr, sizeof(*l->vmsa));
	if (!l->vmsa)
		return err_set(e, ENOMEM, "VMSA");
	l->nr_vmsa = expected->nr;
	for (i = 0; i < expected->nr; i++) {
		struct sev_vcpu_state st;
		uint8_t sum[32];
		char hs[65];

		r = expected->get(expected->opaque, i, &st, e);
		if (!r)
			r = sev_vmsa_build(&st, l->init, 0, l->vmsa[i], e);
		if (r)
			return err_prefix(e, "vCPU %u VMSA: ", i);
		EVP_Digest(l->vmsa[i], SEV_VMSA_PAGE, sum, NULL, EVP_sha256(), NULL);
		EVP_DigestUpdate(l->ld, l->vmsa[i], SEV_VMSA_PAGE);
		l->measured_bytes += SEV_VMSA_PAGE;
		sev_log_event(&l->log, "vmsa", "\"cpu\": %u, \"rip\": %llu, \"sha256\": \"%s\"", i,
			      (unsigned long long)st.regs.rip, sev_hex(sum, 32, hs));
		r = dump_vmsa(l, i, "", l->vmsa[i], e);
		if (r)
			return r;
	}
	r = sev_cmd(l, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, "", false, e);
	if (r)
		return r;
	/* The model built its own VMSAs from what KVM holds: they must agree. */
	for (i = 0; l->be->kind == SEV_BACKEND_SIM && i < l->nr_vmsa; i++) {
		const uint8_t *m = sev_backend_sim_vmsa(l->be, i);

		size_t off;

		if (!m)
			return err_set(e, EPROTO, "vCPU %u: the model has no VMSA", i);
		for (off = 0; off < SEV_VMSA_PAGE && m[off] == l->vmsa[i][off]; off++)
			;
		if (off < SEV_VMSA_PAGE) {
			dump_vmsa(l, i, ".kvm", m, e);
			return err_set(e, EPROTO, "vCPU %u: the VMSA KVM's state gives differs from "
				       "the one sevvm set up, first at offset %#zx (%s); "
				       "--dump-measured writes both", i, off, sev_vmsa_field(off));
		}
	}
	return 0;
}

static int measure(struct sev_launch *l, struct err *e)
{
	struct kvm_sev_launch_measure m = { 0 };
	uint8_t model[32];
	char hd[65], hm[65], hn[33];
	int r;

	/* Probe the length first (KVM: uaddr 0, len 0 -> INVALID_LENGTH and len). */
	sev_cmd(l, KVM_SEV_LAUNCH_MEASURE, &m, "\"len\": 0", true, e);
	if (m.len != sizeof(l->measurement))
		return err_set(e, EPROTO, "KVM_SEV_LAUNCH_MEASURE: length probe gave %u bytes, "
			       "expected %zu", m.len, sizeof(l->measurement));
	m.uaddr = (uint64_t)(uintptr_t)l->measurement;
	r = sev_cmd(l, KVM_SEV_LAUNCH_MEASURE, &m, "\"len\": 48", false, e);
	if (r)
		return r;
	l->measured = true;
	running_digest(l, l->digest);
	sev_log_event(&l->log, "measurement", "\"digest\": \"%s\", \"measured_bytes\": %" PRIu64
		      ", \"measurement\": \"%s\", \"mnonce\": \"%s\"", sev_hex(l->digest, 32, hd),
		      l->measured_bytes, sev_hex(l->measurement, 32, hm),
		      sev_hex(l->measurement + 32, 16, hn));
	if (l->be->kind == SEV_BACKEND_SIM && (sev_backend_sim_digest(l->be, model) ||
					       memcmp(model, l->digest, 32)))
		return err_set(e, EPROTO, "the model's launch digest differs from sevvm's own");
	return 0;
}

/* LAUNCH_SECRET of the packet in the base64 files @hdr_path and @data_path. */
static int inject_secret(struct sev_launch *l, const char *hdr_path, const char *data_path,
			 struct err *e)
{
	uint64_t gpa;
	struct kvm_sev_launch_secret s = { 0 };
	uint8_t *hdr = NULL, *data = NULL;
	size_t hdr_len = 0, len = 0;
	char args[160];
	void *hva;
	int r;

	if (!hdr_path != !data_path)
		return err_set(e, EINVAL, "--secret-header and --secret go together");
	if (!data_path)
		return 0;
	if (!l->cfg->secret_gpa_set && !l->secret_area)
		return err_set(e, EINVAL, "--secret: give --secret-gpa (the firmware names no secret "
			       "area, or this is a direct boot)");
	gpa = l->cfg->secret_gpa_set ? l->cfg->secret_gpa : l->secret_area;
	r = sev_read_base64(hdr_path, "--secret-header", SEV_BLOB_MAX, &hdr, &hdr_len, e);
	if (!r)
		r = sev_read_base64(data_path, "--secret", SEV_BLOB_MAX, &data, &len, e);
	if (r)
		goto out;
	hva = ram_gpa_to_hva(l->ram, gpa, len);
	if (!hva) {
		r = err_set(e, EFAULT, "secret at %#" PRIx64 ": %zu bytes there are not guest RAM",
			    gpa, len);
		goto out;
	}
	s = (struct kvm_sev_launch_secret){
		.hdr_uaddr = (uint64_t)(uintptr_t)hdr, .hdr_len = (uint32_t)hdr_len,
		.guest_uaddr = (uint64_t)(uintptr_t)hva, .guest_len = (uint32_t)len,
		.trans_uaddr = (uint64_t)(uintptr_t)data, .trans_len = (uint32_t)len,
	};
	snprintf(args, sizeof(args), "\"gpa\": %" PRIu64 ", \"hdr_len\": %zu, \"len\": %zu",
		 gpa, hdr_len, len);
	r = sev_cmd(l, KVM_SEV_LAUNCH_SECRET, &s, args, false, e);
out:
	if (hdr)
		OPENSSL_cleanse(hdr, hdr_len);
	if (data)
		OPENSSL_cleanse(data, len);
	free(hdr);
	free(data);
	return r;
}

/*
 * --attest-cmd: the guest owner's command sees the measurement and returns
 * the secret packet, which goes to LAUNCH_SECRET; its directory is removed
 * whatever happens.
 */
static int attest(struct sev_launch *l, struct err *e)
{
	const struct sev_attest_info in = {
		.measurement = l->measurement,
		.api_major = l->platform.api_major, .api_minor = l->platform.api_minor,
		.build = l->platform.build, .policy = l->policy,
		.backend = l->be->kind == SEV_BACKEND_SIM ? "sim" : "kvm",
		.secret_gpa = l->cfg->secret_gpa_set ? l->cfg->secret_gpa : l->secret_area,
	};
	char dir[PATH_MAX] = "", hdr[PATH_MAX + 32], data[PATH_MAX + 32];
	int r;

	/* Nowhere to put a secret: say so before asking the owner for one. */
	if (!l->cfg->secret_gpa_set && !l->secret_area)
		return err_set(e, EINVAL, "--attest-cmd: give --secret-gpa (the firmware names no "
			       "secret area, or this is a direct boot)");
	r = sev_attest_run(l->cfg->attest_cmd, &in, dir, e);

	sev_log_event(&l->log, "attest", "\"accepted\": %s%s%s%s", r ? "false" : "true",
		      r ? ", \"message\": \"" : "", r ? e->msg : "", r ? "\"" : "");
	if (!r) {
		snprintf(hdr, sizeof(hdr), "%s/%s", dir, SEV_ATTEST_HEADER_FILE);
		snprintf(data, sizeof(data), "%s/%s", dir, SEV_ATTEST_SECRET_FILE);
		r = inject_secret(l, hdr, data, e);
	}
	sev_attest_cleanup(dir);
	return r;
}

int sev_launch_finish(struct sev_launch *l, const struct sev_vcpu_source *expected,
		      struct err *e)
{
	uint8_t keys[32];
	int r;

	r = measure_data(l, e);
	if (!r && l->cfg->mode == SEV_MODE_ES)
		r = measure_vmsas(l, expected, e);
	if (!r)
		r = measure(l, e);
	if (!r && l->cfg->sim_keys_out) {
		if (l->be->kind != SEV_BACKEND_SIM)
			return err_set(e, EINVAL, "--sim-keys-out: only the software model has keys to give");
		r = sev_backend_sim_keys(l->be, keys, keys + 16);
		if (!r)
			r = sev_write_private(l->cfg->sim_keys_out, keys, sizeof(keys), e);
		OPENSSL_cleanse(keys, sizeof(keys));
	}
	if (!r && l->cfg->attest_cmd)
		r = attest(l, e);
	else if (!r)
		r = inject_secret(l, l->cfg->secret_header, l->cfg->secret, e);
	if (!r)
		r = sev_cmd(l, KVM_SEV_LAUNCH_FINISH, NULL, "", false, e);
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
