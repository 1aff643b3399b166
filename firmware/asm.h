/* SPDX-License-Identifier: GPL-2.0 */
/* Assembly helpers shared by rom.S and entry64.S. */
#ifndef FW_ASM_H
#define FW_ASM_H

#include "firmware/layout.h"

/* The flat data selector in every data segment register (clobbers %eax). */
	.macro load_data_segments
	movl $FW_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	.endm

#endif
