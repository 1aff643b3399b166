/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GHCB protocol for the firmware: the layout, MSR protocol codes and
 * events are sevvm's own (sev/ghcb.h, the hypervisor side of the same
 * protocol, a freestanding header); here only what the guest side adds.
 */
#ifndef FW_GHCB_H
#define FW_GHCB_H

#include "sev/ghcb.h"

#define MSR_GHCB			0xc0010130
#define GHCB_PROTOCOL_VERSION		1

/* IOIO EXITINFO1 (APM vol. 2 15.10.2, figure 15-2). */
#define IOIO_TYPE_IN			(1u << 0)
#define IOIO_SZ8			(1u << 4)
#define IOIO_SZ16			(1u << 5)
#define IOIO_SZ32			(1u << 6)
#define IOIO_A16			(1u << 7)

/* include/uapi/linux/kvm_para.h */
#define KVM_HC_MAP_GPA_RANGE		12
#define KVM_MAP_GPA_RANGE_DECRYPTED	0
#define KVM_MAP_GPA_RANGE_ENCRYPTED	0x10

#endif
