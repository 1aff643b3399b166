/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registers gdb sees and where they live in KVM's state: the order of
 * the 'g' packet is the order of the target description (target_xml.c).
 */
#ifndef SEVVM_GDB_REGS_H
#define SEVVM_GDB_REGS_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>

struct gdb_cpu_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
};

enum {
	GDB_REG_RIP = 16,
	GDB_REG_EFLAGS = 17,
	GDB_REG_CS = 18,
	GDB_NUM_REGS = 69,
};

/* Size in bytes of register @n, 0 when there is none. */
size_t gdb_reg_size(unsigned int n);
/* Bytes of all registers (the 'g' reply is twice as many hex digits). */
size_t gdb_regs_size(void);
/* Register @n little-endian into @out (gdb_reg_size(n) bytes). */
void gdb_reg_get(const struct gdb_cpu_state *s, unsigned int n, uint8_t *out);
void gdb_reg_set(struct gdb_cpu_state *s, unsigned int n, const uint8_t *in);

/* i386:x86-64 with segment bases, control registers and EFER. */
extern const char gdb_target_xml[];

#endif
