// SPDX-License-Identifier: GPL-2.0
/* The VM's side of a firmware boot (vmm/boot_fw.h does the loading). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/launch_log.h"
#include "vmm/vm_fw.h"
#include "vmm/cpuid.h"
#include "vmm/vm_sev.h"

/* How many refused fw_cfg DMA transfers are worth a line on stderr. */
#define DMA_ERRORS_SHOWN	5

static struct boot_fw_config fw_config(const struct vm *vm)
{
	const struct vm_config *c = vm->cfg;

	return (struct boot_fw_config){
		.firmware = c->boot.firmware, .kernel = c->boot.kernel, .initrd = c->boot.initrd,
		.cmdline = c->boot.cmdline, .hash_table = c->boot.hash_table, .ncpus = vm->ncpus, .mem_size = c->mem_size,
		.sev = vm->sev != NULL, .sev_es = vm->cfg->sev.mode == SEV_MODE_ES,
	};
}

/*
 * Which image the guest starts in, so a launch can be matched to the exact
 * firmware: its SHA-256 in the launch log (and with -v on stderr).
 */
static int name_firmware(const struct vm *vm, struct err *e)
{
	const struct boot_fw_image *img = &vm->fw->image;
	char hex[65], name[2 * 4096];
	uint8_t sha[32];
	int r = boot_fw_image_sha256(img, sha, e);

	if (r)
		return r;
	sev_hex(sha, sizeof(sha), hex);
	if (vm->cfg->verbose)
		fprintf(stderr, "sevvm: firmware: %s, %zu bytes, sha256 %s\n", img->name, img->len,
			hex);
	if (vm->sev)
		sev_log_event(&vm->sev->launch.log, "firmware", "\"source\": \"%s\", "
			      "\"name\": \"%s\", \"size\": %zu, \"sha256\": \"%s\"",
			      img->embedded ? "embedded" : "file",
			      sev_log_str(img->name, name, sizeof(name)), img->len, hex);
	return 0;
}

int vm_fw_map(struct vm *vm, struct err *e)
{
	struct boot_fw_config c = fw_config(vm);
	int r;

	vm->fw = calloc(1, sizeof(*vm->fw));
	if (!vm->fw)
		return err_set(e, ENOMEM, "firmware boot");
	r = boot_fw_map(vm->fw, &c, &vm->ram, e);
	if (!r)
		r = name_firmware(vm, e);
	return r;
}

/*
 * fw_cfg DMA goes to guest RAM only. Under SEV sevvm writes only pages the
 * guest shared (KVM_HC_MAP_GPA_RANGE) once the guest has said that list is
 * complete (KVM_MIGRATION_READY); before that it cannot know which pages
 * the guest shared through its page tables alone, as OVMF does, and lets
 * the transfer through like KVM and QEMU, saying so once on stderr
 * (the reasoning: sev_page_state_dma_check(), sev/page_state.c).
 */
static void *dma_map(void *opaque, uint64_t gpa, uint64_t len, bool write, const char **why)
{
	struct vm *vm = opaque;
	void *hva;
	int r;

	(void)write;
	hva = ram_gpa_to_hva(&vm->ram, gpa, len);
	if (!hva) {
		*why = "not guest RAM";
	} else if (vm->sev) {
		r = sev_guest_dma_check(&vm->sev->guest, gpa, len);
		if (r < 0)
			*why = "private (not made shared with KVM_HC_MAP_GPA_RANGE, and the guest set "
			       "KVM_MIGRATION_READY)", hva = NULL;
		else if (r > 0 && !vm->fw->unannounced_dma++)
			fprintf(stderr, "sevvm: fw_cfg: DMA at %#" PRIx64 ", %" PRIu64 " bytes, to a "
				"page not announced with KVM_HC_MAP_GPA_RANGE: allowed (the guest "
				"has not set KVM_MIGRATION_READY; told once)\n", gpa, len);
	}
	if (!hva && vm->fw->cfg.dma_errors < DMA_ERRORS_SHOWN)
		fprintf(stderr, "sevvm: fw_cfg: DMA at %#" PRIx64 ", %" PRIu64 " bytes, refused: "
			"%s\n", gpa, len, *why);
	return hva;
}

void vm_fw_reset_state(const struct vm *vm, unsigned int idx, struct sev_vcpu_state *st)
{
	boot_fw_reset_state(&vm->fw->layout, vm->cfg->sev.mode == SEV_MODE_ES, idx,
			    cpuid_signature(vm->vcpus[idx].cpuid), st);
}

int vm_fw_load(struct vm *vm, struct err *e)
{
	struct fw_cfg_dma_ops dma = { .map = dma_map, .opaque = vm };
	struct boot_fw_config c = fw_config(vm);
	unsigned int rank = 0, i;
	int r;

	r = boot_fw_load(vm->fw, &c, &vm->ram, &vm->e820, &dma,
			 vm->sev ? &vm->sev->launch.regions.rank : &rank, e);
	if (r)
		return r;
	for (i = 0; i < vm->ncpus; i++) {
		struct sev_vcpu_state st;

		vm_fw_reset_state(vm, i, &st);
		r = vcpu_set_reset_state(&vm->vcpus[i], &st, e);
		if (r)
			return r;
	}
	vm->entry = (struct boot_entry){ .rip = 0xfffffff0, .format = KERNEL_BZIMAGE };
	if (vm->sev && vm->fw->layout.has_secret_area) {
		vm->sev->launch.secret_area = vm->fw->layout.secret_area.base;
		vm->sev->launch.secret_area_size = vm->fw->layout.secret_area.size;
	}
	return 0;
}

void vm_fw_destroy(struct vm *vm)
{
	if (!vm->fw)
		return;
	boot_fw_destroy(vm->fw);
	free(vm->fw);
	vm->fw = NULL;
}
