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
#include <unistd.h>
#include "sev/crypto.h"
#include "sev/kernel_hashes.h"
#include "sev/launch_log.h"
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

static void vmsa_digest(EVP_MD_CTX *ld, const uint8_t page[SEV_VMSA_PAGE], unsigned int nr)
{
	while (nr--)
		EVP_DigestUpdate(ld, page, SEV_VMSA_PAGE);
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
	EVP_MD_CTX *ld = NULL;
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

	ld = EVP_MD_CTX_new();
	if (!ld || !EVP_DigestInit_ex(ld, EVP_sha256(), NULL)) {
		r = err_set(e, ENOMEM, "SHA-256");
		goto out;
	}
	EVP_DigestUpdate(ld, img, size);
	bytes = size;
	if (cfg->boot.kernel) {
		EVP_DigestUpdate(ld, table, sizeof(table));
		bytes += sizeof(table);
	}
	if (es) {
		vmsa_digest(ld, bsp, 1);
		vmsa_digest(ld, ap, cfg->ncpus - 1);
		bytes += (uint64_t)cfg->ncpus * SEV_VMSA_PAGE;
	}
	EVP_DigestFinal_ex(ld, digest, NULL);

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
	EVP_MD_CTX_free(ld);
	boot_fw_image_close(&fw);
	return r;
}
