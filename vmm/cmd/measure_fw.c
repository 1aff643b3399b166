// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm measure --firmware F` (or, without it, sevvm's embedded firmware):
 * the launch digest of a firmware launch as QEMU makes it (sev-reference
 * Part A 1.3-1.5): the whole firmware image, then, with --kernel, the
 * 176-byte kernel hashes table at the address the firmware's SEV hash
 * table block names, then for SEV-ES one VMSA per vCPU in the reset state
 * (the BSP at 0xfffffff0, the APs at the firmware's SEV-ES reset block).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/crypto.h"
#include "sev/kernel_hashes.h"
#include "sev/launch_log.h"
#include "sev/measured.h"
#include "sev/ovmf.h"
#include "sev/vmsa.h"
#include "vmm/boot_fw.h"
#include "vmm/cpuid.h"
#include "vmm/cmd/measure.h"

/* CPUID(1).EAX as KVM would give the vCPUs here: RDX of the reset state. */
static int vcpu_signature(const struct vm_config *cfg, const struct measure_config *m,
			  uint32_t *sig, struct err *e)
{
	struct kvm_cpuid2 *c = NULL;
	int fd, r;

	if (m->cpu_sig_set) {
		*sig = m->cpu_sig;
		return 0;
	}
	fd = open(cfg->kvm_path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "measure: %s for the vCPU signature (or give --cpu-sig)",
			       cfg->kvm_path);
	r = cpuid_get_supported(fd, &c, e);
	close(fd);
	if (!r)
		*sig = cpuid_signature(c);
	free(c);
	return r;
}

/*
 * The measurement as it goes: the digest, and each item into --launch-log
 * (as a launch logs it) and into the record --explain compares.
 */
struct fw_measure {
	EVP_MD_CTX *ld;
	struct sev_log log;
	struct sev_measured *record;
	const char *dump_dir;	/* --dump-measured: measured.bin, vmsa-cpuN.bin */
	FILE *dump;		/* measured.bin, while regions go there */
	uint64_t bytes;
};

/* The item's bytes into the --dump-measured files, as a launch writes them. */
static int fw_dump(struct fw_measure *fm, const uint8_t *data, size_t len, int cpu,
		   struct err *e)
{
	char name[32];
	FILE *f;
	int r = 0;

	if (!fm->dump_dir)
		return 0;
	if (cpu < 0) {
		if (!fm->dump)
			fm->dump = sev_dump_open(fm->dump_dir, "measured.bin", e);
		if (!fm->dump)
			return -e->code;
		if (fwrite(data, 1, len, fm->dump) != len)
			return err_sys(e, errno, "--dump-measured: write");
		return 0;
	}
	snprintf(name, sizeof(name), "vmsa-cpu%d.bin", cpu);
	f = sev_dump_open(fm->dump_dir, name, e);
	if (!f)
		return -e->code;
	if (fwrite(data, 1, len, f) != len)
		r = err_sys(e, errno, "--dump-measured %s: write", name);
	if (fclose(f) && !r)
		r = err_sys(e, errno, "--dump-measured %s: close", name);
	return r;
}

/* One measured item: a region, or with @cpu >= 0 that vCPU's VMSA. */
static int fw_measure_item(struct fw_measure *fm, uint64_t gpa, const uint8_t *data, size_t len,
			   const char *what, int cpu, uint64_t rip, struct err *e)
{
	uint8_t sum[32], run[32];
	EVP_MD_CTX *c;

	EVP_DigestUpdate(fm->ld, data, len);
	fm->bytes += len;
	if (fw_dump(fm, data, len, cpu, e))
		return -e->code;
	if (fm->record && cpu >= 0 && sev_measured_add_vmsa(fm->record, (unsigned int)cpu, data, e))
		return -e->code;
	if (fm->record && cpu < 0 && sev_measured_add_region(fm->record, gpa, len, what, data, e))
		return -e->code;
	if (!fm->log.f)
		return 0;
	EVP_Digest(data, len, sum, NULL, EVP_sha256(), NULL);
	if (cpu >= 0) {
		sev_log_vmsa(&fm->log, (unsigned int)cpu, rip, data, sum);
		return 0;
	}
	c = EVP_MD_CTX_new();
	if (!c || !EVP_MD_CTX_copy_ex(c, fm->ld) || !EVP_DigestFinal_ex(c, run, NULL)) {
		EVP_MD_CTX_free(c);
		return err_set(e, ENOMEM, "SHA-256");
	}
	EVP_MD_CTX_free(c);
	sev_log_region(&fm->log, gpa, len, what, data, sum, run);
	return 0;
}

int sevvm_measure_firmware(const struct vm_config *cfg, const struct measure_config *m,
			   FILE *out, uint8_t digest[32], struct err *e)
{
	bool es = cfg->sev.mode == SEV_MODE_ES;
	enum sev_init_kind init = cfg->sev.init == SEV_INIT_MODE_LEGACY ?
		SEV_INIT_LEGACY : SEV_INIT_INIT2;
	struct boot_fw_launch launch = {
		.kernel = cfg->boot.kernel != NULL, .sev = true, .sev_es = es, .ncpus = cfg->ncpus,
	};
	uint8_t table[SEV_HASH_TABLE_SIZE], fw_sha[32];
	uint8_t bsp[SEV_VMSA_PAGE], ap[SEV_VMSA_PAGE];
	struct boot_fw_layout l;
	struct sev_vcpu_state st;
	uint32_t sig = 0;
	struct boot_fw_image fw;
	struct fw_measure fm = { .record = m->record, .dump_dir = cfg->sev.dump_dir };
	unsigned int cpu;
	const uint8_t *img;
	uint64_t bytes;
	size_t size;
	char hex[65];
	int r;

	r = boot_fw_image_open(cfg->boot.firmware, &fw, e);
	if (r)
		return r;
	launch.firmware = fw.name;
	img = fw.data;
	size = fw.len;
	r = boot_fw_read_layout(&l, img, size, &launch, e);
	if (!r && cfg->boot.kernel)
		r = sev_kernel_hashes_get(cfg->boot.hash_table, cfg->boot.kernel,
					  cfg->boot.initrd, cfg->boot.cmdline, table, e);
	if (!r && es)
		r = vcpu_signature(cfg, m, &sig, e);
	/* The BSP's and (all alike) the APs' reset state, as a run sets them. */
	if (!r && es) {
		boot_fw_reset_state(&l, es, 0, sig, &st);
		r = sev_vmsa_build(&st, init, 0, bsp, e);
	}
	if (!r && es && cfg->ncpus > 1) {
		boot_fw_reset_state(&l, es, 1, sig, &st);
		r = sev_vmsa_build(&st, init, 0, ap, e);
	}
	if (r)
		goto out;

	fm.ld = EVP_MD_CTX_new();
	if (!fm.ld || !EVP_DigestInit_ex(fm.ld, EVP_sha256(), NULL)) {
		r = err_set(e, ENOMEM, "SHA-256");
		goto out;
	}
	r = sev_log_open(&fm.log, cfg->sev.launch_log, e);
	if (r)
		goto out;
	sev_log_event(&fm.log, "launch", "\"mode\": \"%s\", \"backend\": \"measure\", "
		      "\"init\": \"%s\", \"policy\": %u, \"note\": \"sevvm measure: the "
		      "expected launch, computed offline\"", es ? "sev-es" : "sev",
		      init == SEV_INIT_INIT2 ? "init2" : "legacy", sev_config_policy(&cfg->sev));
	r = fw_measure_item(&fm, ovmf_gpa(size, 0), img, size, "firmware", -1, 0, e);
	if (!r && cfg->boot.kernel)
		r = fw_measure_item(&fm, l.hash_area.base, table, sizeof(table),
				    "kernel hashes table", -1, 0, e);
	for (cpu = 0; !r && es && cpu < cfg->ncpus; cpu++)
		r = fw_measure_item(&fm, 0, cpu ? ap : bsp, SEV_VMSA_PAGE, "VMSA", (int)cpu,
				    cpu ? l.ap_reset_addr & 0xffff : 0xfff0, e);
	if (r)
		goto out;
	EVP_DigestFinal_ex(fm.ld, digest, NULL);
	bytes = fm.bytes;
	sev_log_event(&fm.log, "measurement", "\"digest\": \"%s\", \"measured_bytes\": %" PRIu64,
		      sev_hex(digest, 32, hex), bytes);
	if (fm.record) {
		memcpy(fm.record->digest, digest, 32);
		fm.record->have_digest = true;
		snprintf(fm.record->mode, sizeof(fm.record->mode), "%s", es ? "sev-es" : "sev");
		snprintf(fm.record->init, sizeof(fm.record->init), "%s",
			 init == SEV_INIT_INIT2 ? "init2" : "legacy");
	}

	if (!out)
		goto out;
	fprintf(out, "launch digest: %s\n", sev_hex(digest, 32, hex));
	r = boot_fw_image_sha256(&fw, fw_sha, e);
	if (r)
		goto out;
	fprintf(out, "firmware: %s, sha256 %s\n", fw.name, sev_hex(fw_sha, 32, hex));
	fprintf(out, "measured: %" PRIu64 " bytes: firmware %zu bytes at %#" PRIx64, bytes,
			size, ovmf_gpa(size, 0));
	if (cfg->boot.kernel)
		fprintf(out, ", kernel hashes table %u bytes at %#x", SEV_HASH_TABLE_SIZE,
			l.hash_area.base);
	if (es) {
		fprintf(out, ", %u VMSA(s) (%s init, vCPU signature %#x", cfg->ncpus,
			init == SEV_INIT_INIT2 ? "INIT2" : "legacy", sig);
		if (cfg->ncpus > 1)
			fprintf(out, ", APs at %#x", l.ap_reset_addr);
		fprintf(out, ")");
	}
	fprintf(out, " (policy %#x)\n", sev_config_policy(&cfg->sev));
	r = measure_print_measurement(m, sev_config_policy(&cfg->sev), digest, e);
out:
	if (fm.dump && fclose(fm.dump) && !r)
		r = err_sys(e, errno, "--dump-measured measured.bin: close");
	sev_log_close(&fm.log);
	EVP_MD_CTX_free(fm.ld);
	boot_fw_image_close(&fw);
	return r;
}
