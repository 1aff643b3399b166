// SPDX-License-Identifier: GPL-2.0
/* Direct boot: sevvm runs the linker/loader commands itself, into the BIOS area. */
#include "vmm/acpi/acpi.h"

#include <errno.h>
#include <inttypes.h>
#include "vmm/layout.h"

int acpi_write_direct(struct ram *ram, const struct acpi_config *cfg, struct err *e)
{
	const uint64_t addr[ACPI_FILES] = {
		[ACPI_FILE_TABLES] = GUEST_ACPI_TABLES, [ACPI_FILE_RSDP] = GUEST_ACPI_RSDP,
	};
	struct acpi_linker l;
	uint8_t *out[ACPI_FILES];
	size_t len[ACPI_FILES];
	unsigned int i;
	int r;

	r = acpi_build(&l, cfg, e);
	if (r)
		return r;
	len[ACPI_FILE_TABLES] = l.file[ACPI_FILE_TABLES].len;
	len[ACPI_FILE_RSDP] = l.file[ACPI_FILE_RSDP].len;
	if (GUEST_ACPI_RSDP + len[ACPI_FILE_RSDP] > GUEST_ACPI_TABLES ||
	    GUEST_ACPI_TABLES + len[ACPI_FILE_TABLES] > GUEST_ACPI_END) {
		r = err_set(e, ENOSPC, "ACPI: %zu bytes of tables do not fit below 1 MiB",
			    len[ACPI_FILE_TABLES]);
		goto out;
	}
	for (i = 0; i < ACPI_FILES; i++) {
		out[i] = ram_gpa_to_hva(ram, addr[i], len[i]);
		if (!out[i]) {
			r = err_set(e, EFAULT, "ACPI: %s at %#" PRIx64 " is not RAM",
				    acpi_file_name((enum acpi_file)i), addr[i]);
			goto out;
		}
	}
	r = acpi_linker_apply(&l, addr, out, e);
	if (r)
		goto out;
	ram_note_write(ram, GUEST_ACPI_RSDP, len[ACPI_FILE_RSDP], "ACPI RSDP");
	ram_note_write(ram, GUEST_ACPI_TABLES, len[ACPI_FILE_TABLES], "ACPI tables");
out:
	acpi_linker_free(&l);
	return r;
}
