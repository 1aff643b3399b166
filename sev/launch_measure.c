// SPDX-License-Identifier: GPL-2.0
/*
 * What a launch measures (sev-reference Part A 1.3-1.5): LAUNCH_UPDATE_DATA
 * of every region sevvm wrote, in order, then the SEV-ES VMSAs, then
 * LAUNCH_MEASURE; sevvm's own running digest beside the firmware's, and the
 * --dump-measured files.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sev/launch.h"
#include "sev/launch_internal.h"

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
	if (!l->cfg->dump_dir)
		return NULL;
	return sev_dump_open(l->cfg->dump_dir, name, e);
}

/* Measures one region: sevvm's digest, then LAUNCH_UPDATE_DATA in place. */
static int measure_region(struct sev_launch *l, const struct sev_region *g, FILE *dump,
			  struct err *e)
{
	struct kvm_sev_launch_update_data upd;
	uint8_t sum[32] = { 0 }, run[32] = { 0 };
	char args[128];
	void *hva = ram_gpa_to_hva(l->ram, g->gpa, g->len);
	int r;

	if (!hva || g->len > UINT32_MAX)
		return err_set(e, EFAULT, "measured region %s [%#" PRIx64 ", %#" PRIx64
			       ") is not guest RAM", g->what, g->gpa, g->gpa + g->len);
	EVP_DigestUpdate(l->ld, hva, g->len);
	l->measured_bytes += g->len;
	if (dump && fwrite(hva, 1, g->len, dump) != g->len)
		return err_sys(e, errno, "--dump-measured: write");
	/* The region's own hash costs a pass over it: only for the log and the record. */
	if (l->log.f || l->record) {
		EVP_Digest(hva, g->len, sum, NULL, EVP_sha256(), NULL);
		running_digest(l, run);
	}
	if (l->record) {
		r = sev_measured_add_hashed(l->record, g->gpa, g->len, g->what, sum, hva, e);
		if (r)
			return r;
	}
	sev_log_region(&l->log, g->gpa, g->len, g->what, hva, sum, run);
	upd = (struct kvm_sev_launch_update_data){ .uaddr = (uint64_t)(uintptr_t)hva,
						   .len = (uint32_t)g->len };
	snprintf(args, sizeof(args), "\"gpa\": %" PRIu64 ", \"len\": %" PRIu64, g->gpa, g->len);
	return sev_launch_cmd(l, KVM_SEV_LAUNCH_UPDATE_DATA, &upd, args, false, e);
}

int sev_launch_measure_data(struct sev_launch *l, struct err *e)
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
int sev_launch_measure_vmsas(struct sev_launch *l, const struct sev_vcpu_source *expected,
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

		r = expected->get(expected->opaque, i, &st, e);
		if (!r)
			r = sev_vmsa_build(&st, l->init, 0, l->vmsa[i], e);
		if (r)
			return err_prefix(e, "vCPU %u VMSA: ", i);
		EVP_Digest(l->vmsa[i], SEV_VMSA_PAGE, sum, NULL, EVP_sha256(), NULL);
		EVP_DigestUpdate(l->ld, l->vmsa[i], SEV_VMSA_PAGE);
		l->measured_bytes += SEV_VMSA_PAGE;
		sev_log_vmsa(&l->log, i, st.regs.rip, l->vmsa[i], sum);
		if (l->record)
			r = sev_measured_add_vmsa(l->record, i, l->vmsa[i], e);
		if (!r)
			r = dump_vmsa(l, i, "", l->vmsa[i], e);
		if (r)
			return r;
	}
	r = sev_launch_cmd(l, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, "", false, e);
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

int sev_launch_measure(struct sev_launch *l, struct err *e)
{
	struct kvm_sev_launch_measure m = { 0 };
	uint8_t model[32];
	char hd[65], hm[65], hn[33];
	int r;

	/* Probe the length first (KVM: uaddr 0, len 0 -> INVALID_LENGTH and len). */
	sev_launch_cmd(l, KVM_SEV_LAUNCH_MEASURE, &m, "\"len\": 0", true, e);
	if (m.len != sizeof(l->measurement))
		return err_set(e, EPROTO, "KVM_SEV_LAUNCH_MEASURE: length probe gave %u bytes, "
			       "expected %zu", m.len, sizeof(l->measurement));
	m.uaddr = (uint64_t)(uintptr_t)l->measurement;
	r = sev_launch_cmd(l, KVM_SEV_LAUNCH_MEASURE, &m, "\"len\": 48", false, e);
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
