/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_TESTS_UNIT_H
#define SEVVM_TESTS_UNIT_H

#include <check.h>

Suite *bzimage_suite(void);
Suite *e820_suite(void);
Suite *mptable_suite(void);
Suite *acpi_suite(void);
Suite *uart_suite(void);
Suite *devices_suite(void);
Suite *chipset_suite(void);
Suite *core_suite(void);
Suite *sev_crypto_suite(void);
Suite *sev_fw_suite(void);
Suite *vmsa_suite(void);
Suite *ghcb_suite(void);
Suite *sev_ovmf_suite(void);
Suite *sev_launch_suite(void);
Suite *fw_cfg_suite(void);
Suite *firmware_suite(void);
Suite *guest_model_suite(void);
Suite *sev_owner_suite(void);
Suite *sev_cert_chain_suite(void);
Suite *sev_chain_trust_suite(void);
Suite *virtqueue_suite(void);
Suite *virtio_pci_suite(void);
Suite *virtio_blk_suite(void);
Suite *virtio_console_suite(void);
Suite *launch_log_suite(void);
Suite *gdb_packet_suite(void);
Suite *gdb_stub_suite(void);
Suite *gdb_wire_suite(void);
Suite *ghcb_describe_suite(void);
Suite *sev_get_vmsa_suite(void);
Suite *boot_fw_suite(void);
Suite *sandbox_suite(void);
Suite *multiboot_suite(void);
Suite *pc_testdev_suite(void);

#endif
