// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-ES application processors, the way OVMF starts them. The hypervisor
 * cannot set an SEV-ES AP's registers, so on the first SIPI an AP starts at
 * the CS:IP of its measured VMSA: the SEV-ES reset block (rom.S). There it
 * checks in and parks in AP reset hold (GHCB spec 56421 2.3.1, 0x006).
 * Linux later reads the jump table address (AP_JUMP_TABLE, 56421 4.1.9),
 * writes its trampoline's IP and CS there and sends INIT/SIPI, which
 * releases the hold; the AP then far-jumps through the table
 * (sev_es_setup_ap_jump_table() in arch/x86/kernel/sev.c).
 */
#include "firmware/boot.h"
#include "firmware/ghcb.h"

#define APIC_SVR		0xfee000f0
#define APIC_ICR_LOW		0xfee00300
#define APIC_ICR_HIGH		0xfee00310
#define APIC_SVR_ENABLE		0x100
#define APIC_SPURIOUS_VECTOR	0xff
/* ICR (Intel SDM vol. 3 10.6.1): all excluding self, level assert, INIT or start-up. */
#define ICR_ALL_BUT_SELF	(3u << 18)
#define ICR_LEVEL_ASSERT	(1u << 14)
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)
#define AP_WAIT_POLLS		100000000u	/* seconds under emulation; APs check in within ms */

void ap_start(struct fw *fw)
{
	volatile uint16_t *counter = (volatile uint16_t *)(uintptr_t)FW_AP_COUNTER;
	unsigned int want = fw->ncpus - 1, i;
	uint32_t sipi_vector = FW_AP_JUMP_TABLE >> 12;	/* ignored for SEV-ES, KVM uses the VMSA */

	if (!fw->sev_es)
		return;	/* Linux starts plain and SEV APs itself with INIT/SIPI */
	memset((void *)(uintptr_t)FW_AP_JUMP_TABLE, 0, FW_PAGE_SIZE);
	if (ghcb_call(fw, SVM_VMGEXIT_AP_JUMP_TABLE, 0, FW_AP_JUMP_TABLE)) {
		fw_print(fw, "AP jump table: the hypervisor refused %#x", FW_AP_JUMP_TABLE);
		fw_fail(fw, FW_FAIL_AP_START);
	}
	if (!want)
		return;
	mmio_write32(fw, APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	mmio_write32(fw, APIC_ICR_HIGH, 0);
	mmio_write32(fw, APIC_ICR_LOW, ICR_ALL_BUT_SELF | ICR_LEVEL_ASSERT | ICR_INIT);
	mmio_write32(fw, APIC_ICR_LOW, ICR_ALL_BUT_SELF | ICR_LEVEL_ASSERT | ICR_STARTUP | sipi_vector);
	mmio_write32(fw, APIC_ICR_LOW, ICR_ALL_BUT_SELF | ICR_LEVEL_ASSERT | ICR_STARTUP | sipi_vector);
	for (i = 0; i < AP_WAIT_POLLS && *counter < want; i++)
		cpu_pause();
	if (*counter < want) {
		fw_print(fw, "AP start failed: %u of %u APs checked in", *counter, want);
		fw_fail(fw, FW_FAIL_AP_START);
	}
	fw_print(fw, "%u APs checked in, held for Linux (jump table %#x)", want, FW_AP_JUMP_TABLE);
}
