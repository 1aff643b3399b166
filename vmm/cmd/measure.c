// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm measure`: the launch digest of a run's options, offline. It goes
 * through the same code as a launch (boot loader, region list, launch
 * driver) against the software model with no KVM VM behind it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sev/blob.h"
#include "sev/crypto.h"
#include "sev/launch.h"
#include "vmm/cpuid.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/launch_options.h"
#include "vmm/cmd/measure.h"
#include "vmm/cmd/options.h"
#include "vmm/vm_sev.h"

/* The C-bit a run with these options would use on this host. */
static int host_cbit(const struct vm_config *cfg, const struct measure_config *m,
		     unsigned int *cbit, struct err *e)
{
	struct kvm_cpuid2 *c = NULL;
	unsigned int eax, ebx, ecx, edx;
	int fd, r;

	if (m->cbit_set) {
		*cbit = m->cbit;
		return 0;
	}
	if (cfg->sev.backend == SEV_BACKEND_KVM) {
		__asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
				 : "a"(0x8000001fu), "c"(0u));
		*cbit = ebx & 0x3f;
		if (*cbit < 32)
			return err_set(e, ENOTSUP, "measure: this host reports no C-bit; give --cbit");
		return 0;
	}
	fd = open(cfg->kvm_path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "measure: %s (or give --cbit)", cfg->kvm_path);
	r = cpuid_get_supported(fd, &c, e);
	close(fd);
	if (!r)
		r = vm_sev_sim_cbit(c, cbit, e);
	free(c);
	return r;
}

/* With --tik: the measurement and the blob LAUNCH_MEASURE returns (API 55766, 6.5). */
int measure_print_measurement(const struct measure_config *m, uint32_t policy,
			      const uint8_t digest[32], struct err *e)
{
	uint8_t tik[16], meas[48];
	unsigned char b64[72];
	char hex[65];
	int r;

	if (!m->tik)
		return 0;
	r = sev_read_exact(m->tik, "--tik", tik, sizeof(tik), e);
	if (r)
		return r;
	r = sev_measurement(tik, m->api_major, m->api_minor, m->build, policy, digest,
			    m->mnonce, meas);
	OPENSSL_cleanse(tik, sizeof(tik));
	if (r)
		return err_set(e, EIO, "measurement: HMAC failed");
	memcpy(meas + 32, m->mnonce, 16);
	EVP_EncodeBlock(b64, meas, sizeof(meas));
	printf("measurement: %s\n", sev_hex(meas, 32, hex));
	printf("launch measure blob (base64, MEASURE || MNONCE): %s\n", b64);
	return 0;
}

int sevvm_measure(const struct vm_config *cfg, const struct measure_config *m, FILE *out,
		  uint8_t digest[32], struct err *e)
{
	struct boot_config boot = cfg->boot;
	struct sev_vcpu_source expected;
	struct sev_config sc = cfg->sev;
	struct sev_launch l;
	struct boot_entry entry;
	struct e820_map map;
	struct ram ram;
	unsigned int cbit;
	char hex[65];
	int vm_fd, r;

	if (cfg->boot.mode == BOOT_FIRMWARE)
		return sevvm_measure_firmware(cfg, m, out, digest, e);
	sc.backend = SEV_BACKEND_SIM;	/* the model; it never touches KVM here */
	r = host_cbit(cfg, m, &cbit, e);
	if (r)
		return r;
	ram_init(&ram, -1, 64);
	r = sev_launch_open(&l, &sc, -1, cbit, e);
	if (!r)
		r = sev_launch_create_vm(&l, -1, &vm_fd, e);
	if (!r)
		r = sev_launch_start(&l, e);
	if (!r)
		r = vm_create_memory(&ram, &map, cfg->mem_size, e);
	if (!r)
		r = sev_launch_attach_ram(&l, &ram, e);
	if (r)
		goto out;
	boot.ncpus = cfg->ncpus;
	boot.cbit_mask = 1ull << cbit;
	r = boot_load(&boot, &ram, &map, &entry, e);
	if (r)
		goto out;
	expected = vm_sev_expected_source(&entry);
	l.be->vcpus = expected;
	if (sc.mode == SEV_MODE_ES && cfg->ncpus > 1) {
		r = err_set(e, EINVAL, "--sev-es direct boot measures one vCPU (use --cpus 1)");
		goto out;
	}
	l.record = m->record;
	r = sev_launch_finish(&l, &expected, e);
	if (r)
		goto out;
	memcpy(digest, l.digest, 32);
	if (m->record) {
		memcpy(m->record->digest, l.digest, 32);
		m->record->have_digest = true;
		snprintf(m->record->mode, sizeof(m->record->mode), "%s",
			 sc.mode == SEV_MODE_ES ? "sev-es" : "sev");
		snprintf(m->record->init, sizeof(m->record->init), "%s",
			 l.init == SEV_INIT_INIT2 ? "init2" : "legacy");
	}
	if (!out)
		goto out;
	fprintf(out, "launch digest: %s\n", sev_hex(l.digest, 32, hex));
	fprintf(out, "measured: %" PRIu64 " bytes in %u regions%s (%s init, C-bit %u, policy %#x)\n",
		l.measured_bytes, l.regions.nr, sc.mode == SEV_MODE_ES ? " and 1 VMSA" : "",
		l.init == SEV_INIT_INIT2 ? "INIT2" : "legacy", cbit, l.policy);
	r = measure_print_measurement(m, l.policy, l.digest, e);
out:
	ram_destroy(&ram);
	sev_launch_close(&l);
	return r;
}

int cmd_measure(int argc, char **argv)
{
	struct launch_options o;
	struct err e = { 0 };
	uint8_t digest[32];
	int status;

	if (!launch_options_for_command(argc, argv, LAUNCH_MEASURE, &o, &status))
		return status;
	if (o.measure.explain) {
		status = sevvm_measure_explain(&o.vm, &o.measure, stdout, &e);
		return status < 0 ? cmd_fail("measure --explain", &e) : status;
	}
	if (sevvm_measure(&o.vm, &o.measure, stdout, digest, &e) < 0)
		return cmd_fail(NULL, &e);
	return 0;
}
