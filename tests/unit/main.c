// SPDX-License-Identifier: GPL-2.0
/* Unit test runner: TAP on stdout, one line per test. */
#include <stdlib.h>
#include "tests/unit/unit.h"

int main(void)
{
	SRunner *sr = srunner_create(bzimage_suite());
	int failed;

	srunner_add_suite(sr, e820_suite());
	srunner_add_suite(sr, mptable_suite());
	srunner_add_suite(sr, acpi_suite());
	srunner_add_suite(sr, uart_suite());
	srunner_add_suite(sr, devices_suite());
	srunner_add_suite(sr, chipset_suite());
	srunner_add_suite(sr, core_suite());
	srunner_add_suite(sr, sev_crypto_suite());
	srunner_add_suite(sr, sev_fw_suite());
	srunner_add_suite(sr, vmsa_suite());
	srunner_add_suite(sr, ghcb_suite());
	srunner_add_suite(sr, launch_log_suite());
	srunner_add_suite(sr, sev_ovmf_suite());
	srunner_add_suite(sr, sev_launch_suite());
	srunner_add_suite(sr, fw_cfg_suite());
	srunner_add_suite(sr, firmware_suite());
	srunner_add_suite(sr, guest_model_suite());
	srunner_add_suite(sr, sev_owner_suite());
	srunner_add_suite(sr, sev_cert_chain_suite());
	srunner_add_suite(sr, sev_chain_trust_suite());
	srunner_add_suite(sr, virtqueue_suite());
	srunner_add_suite(sr, virtio_pci_suite());
	srunner_add_suite(sr, virtio_blk_suite());
	srunner_add_suite(sr, virtio_console_suite());
	srunner_add_suite(sr, gdb_packet_suite());
	srunner_add_suite(sr, gdb_stub_suite());
	srunner_add_suite(sr, gdb_wire_suite());
	srunner_add_suite(sr, ghcb_describe_suite());
	srunner_add_suite(sr, sev_get_vmsa_suite());
	srunner_add_suite(sr, boot_fw_suite());
	srunner_add_suite(sr, sandbox_suite());
	srunner_add_suite(sr, multiboot_suite());
	srunner_add_suite(sr, pc_testdev_suite());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
