/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A debugger's access to an SEV guest's private memory: DBG_DECRYPT and
 * DBG_ENCRYPT (SEV API 55766, 6.13 and 6.14) through KVM_MEMORY_ENCRYPT_OP,
 * on either backend. The firmware refuses both with POLICY_FAILURE when the
 * guest policy has NODBG set.
 */
#ifndef SEVVM_SEV_DEBUG_H
#define SEVVM_SEV_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include "sev/launch.h"
#include "vmm/util/err.h"

/*
 * Copies @len bytes between @buf and the guest memory mapped at @hva
 * (sevvm's mapping of guest RAM), decrypting on read and encrypting on
 * write. Any alignment and length: the firmware works on 16-byte blocks of
 * one page, so the covering blocks go through a bounce buffer, and a write
 * that covers part of a block decrypts it first. Not while a vCPU of the
 * guest runs (the caller stops them).
 */
int sev_debug_access(struct sev_launch *l, void *hva, void *buf, size_t len, bool write,
		     struct err *e);

#endif
