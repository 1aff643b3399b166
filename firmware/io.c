// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O. Under SEV-ES an IN/OUT would raise #VC, so the firmware asks
 * the hypervisor itself with a GHCB IOIO event (GHCB spec 56421 4.1.2);
 * before the GHCB page exists there is no way to do I/O (the MSR protocol
 * has none), and output is dropped.
 */
#include "firmware/fw.h"
#include "firmware/ghcb.h"

static uint32_t ghcb_io(struct fw *fw, uint16_t port, uint32_t v, uint32_t size, bool in)
{
	uint64_t info1 = (uint64_t)port << 16 | size | IOIO_A16 | (in ? IOIO_TYPE_IN : 0);

	if (!fw->ghcb_ready)
		return 0xffffffff;
	if (!in)
		ghcb_set(fw, GHCB_OFF_RAX, v);
	if (ghcb_call(fw, SVM_EXIT_IOIO_CODE, info1, 0))
		return 0xffffffff;
	return in ? (uint32_t)ghcb_get(fw, GHCB_OFF_RAX) : 0;
}

void io_out8(struct fw *fw, uint16_t port, uint8_t v)
{
	if (fw->sev_es)
		ghcb_io(fw, port, v, IOIO_SZ8, false);
	else
		__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

void io_out16(struct fw *fw, uint16_t port, uint16_t v)
{
	if (fw->sev_es)
		ghcb_io(fw, port, v, IOIO_SZ16, false);
	else
		__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

void io_out32(struct fw *fw, uint16_t port, uint32_t v)
{
	if (fw->sev_es)
		ghcb_io(fw, port, v, IOIO_SZ32, false);
	else
		__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

uint8_t io_in8(struct fw *fw, uint16_t port)
{
	uint8_t v;

	if (fw->sev_es)
		return (uint8_t)ghcb_io(fw, port, 0, IOIO_SZ8, true);
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

uint32_t io_in32(struct fw *fw, uint16_t port)
{
	uint32_t v;

	if (fw->sev_es)
		return ghcb_io(fw, port, 0, IOIO_SZ32, true);
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
