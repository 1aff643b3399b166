/* SPDX-License-Identifier: GPL-2.0 */
/* sevvm firmware: the state every part shares, and the small helpers. */
#ifndef FW_FW_H
#define FW_FW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "firmware/e820.h"
#include "firmware/layout.h"

/* Why the firmware stops (reason set 2, "sevvm firmware", in GHCB terminations). */
enum fw_fail {
	FW_FAIL_KERNEL_HASH = 1,
	FW_FAIL_INITRD_HASH = 2,
	FW_FAIL_CMDLINE_HASH = 3,
	FW_FAIL_NO_HASH_TABLE = 4,
	FW_FAIL_UNEXPECTED_VC = 5,
	FW_FAIL_FW_CFG = 6,
	FW_FAIL_PLACEMENT = 7,
	FW_FAIL_AP_START = 8,
	FW_FAIL_EXCEPTION = 9,		/* a CPU exception in the firmware */
};

#define FW_TERM_REASON_SET	2

struct fw {
	bool sev;			/* SEV_STATUS bit 0 */
	bool sev_es;			/* SEV_STATUS bit 1 */
	unsigned int cbit;		/* C-bit position (CPUID 0x8000001F EBX[5:0]) */
	uint64_t cbit_mask;		/* 0 without SEV */
	bool ghcb_ready;		/* SEV-ES: the GHCB page is registered */
	uint8_t *ghcb;
	unsigned int ncpus;
	struct fw_e820_map e820;		/* the map Linux gets */
	uint64_t acpi_rsdp;		/* boot_params.acpi_rsdp_addr; 0: no ACPI tables */
};

/* lib.c: what the compiler may call, and string helpers. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* console.c: the 8250 UART at 0x3f8; every line starts with "sevvm-fw: ". */
void console_init(struct fw *fw);
void fw_print(struct fw *fw, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fw_vprint(struct fw *fw, const char *fmt, va_list ap);
void fw_print_hex(struct fw *fw, const uint8_t *p, size_t len);
void fw_print_guid(struct fw *fw, const uint8_t guid[16]);

/* io.c: port I/O, directly or through the GHCB under SEV-ES. */
void io_out8(struct fw *fw, uint16_t port, uint8_t v);
void io_out16(struct fw *fw, uint16_t port, uint16_t v);
void io_out32(struct fw *fw, uint16_t port, uint32_t v);
uint8_t io_in8(struct fw *fw, uint16_t port);
uint32_t io_in32(struct fw *fw, uint16_t port);

/* sev.c */
void sev_init(struct fw *fw, unsigned int flags, unsigned int cbit);
void sev_share_pages(struct fw *fw, uint64_t gpa, uint64_t npages);
int ghcb_call(struct fw *fw, uint64_t exit_code, uint64_t info1, uint64_t info2);
void ghcb_set(struct fw *fw, unsigned int off, uint64_t v);
uint64_t ghcb_get(struct fw *fw, unsigned int off);
void mmio_write32(struct fw *fw, uint64_t gpa, uint32_t v);
uint32_t mmio_read32(struct fw *fw, uint64_t gpa);
uint64_t msr_ghcb_call(uint64_t request);
__attribute__((noreturn)) void fw_fail(struct fw *fw, enum fw_fail code);

/* idt.c */
void idt_init(struct fw *fw);

/* Assembly (entry64.S). */
extern const uint8_t exception_entries[];
__attribute__((noreturn)) void boot_linux_jump(uint64_t entry, uint64_t boot_params);

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/*
 * Writes the GHCB MSR and exits: VMGEXIT is "rep; vmmcall" (GHCB spec 56421
 * 2.2). One asm statement, so nothing can come between the two (sevvm's
 * software model recognises the pair) and the registers stay as they were.
 */
static inline void ghcb_msr_vmgexit(uint64_t v)
{
	__asm__ volatile("wrmsr\n\t.byte 0xf3, 0x0f, 0x01, 0xd9"
			 : : "c"(0xc0010130u), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void cpu_pause(void)
{
	__asm__ volatile("pause");
}

static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

#endif
