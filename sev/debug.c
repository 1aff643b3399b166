// SPDX-License-Identifier: GPL-2.0
/* DBG_DECRYPT / DBG_ENCRYPT for the debugger: see debug.h. */
#include "sev/debug.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "sev/backend.h"
#include "sev/status.h"

#define DBG_BLOCK	16u	/* the firmware's alignment of address and length */
#define PAGE		4096u

/*
 * One command on whole blocks of one page. Not through sev_launch_cmd():
 * a debugger's reads would flood the launch log.
 */
static int dbg_cmd(struct sev_launch *l, uint32_t id, uintptr_t src, uintptr_t dst, uint32_t len,
		   struct err *e)
{
	struct kvm_sev_dbg dbg = { .src_uaddr = src, .dst_uaddr = dst, .len = len };
	struct kvm_sev_cmd cmd = { .id = id, .data = (uint64_t)(uintptr_t)&dbg };
	const char *name = id == KVM_SEV_DBG_DECRYPT ? "KVM_SEV_DBG_DECRYPT" :
						      "KVM_SEV_DBG_ENCRYPT";
	char st[64];
	int r = l->be->ops->mem_enc_op(l->be, &cmd);

	if (!r)
		return 0;
	if (cmd.error == SEV_POLICY_FAILURE)
		return err_set(e, EPERM, "%s: the guest policy has NODBG set, so the SEV "
			       "firmware refuses to decrypt or encrypt its memory", name);
	if (cmd.error)
		return err_set(e, EIO, "%s: firmware error %s", name,
			       sev_status_str(cmd.error, st, sizeof(st)));
	return err_set(e, -r, "%s: %s", name, strerror(-r));
}

int sev_debug_access(struct sev_launch *l, void *hva, void *buf, size_t len, bool write,
		     struct err *e)
{
	uint8_t bounce[PAGE] __attribute__((aligned(DBG_BLOCK)));
	uintptr_t at = (uintptr_t)hva;
	uint8_t *p = buf;
	int r;

	while (len) {
		uintptr_t start = at & ~(uintptr_t)(DBG_BLOCK - 1);
		size_t in_page = PAGE - (at & (PAGE - 1)), n = len < in_page ? len : in_page;
		uintptr_t end = (at + n + DBG_BLOCK - 1) & ~(uintptr_t)(DBG_BLOCK - 1);
		uint32_t span = (uint32_t)(end - start);
		size_t skip = at - start;

		/* A write of whole blocks needs no read; any other access does. */
		if (!write || skip || n % DBG_BLOCK) {
			r = dbg_cmd(l, KVM_SEV_DBG_DECRYPT, start, (uintptr_t)bounce, span, e);
			if (r)
				return r;
		}
		if (write) {
			memcpy(bounce + skip, p, n);
			r = dbg_cmd(l, KVM_SEV_DBG_ENCRYPT, (uintptr_t)bounce, start, span, e);
			if (r)
				return r;
		} else {
			memcpy(p, bounce + skip, n);
		}
		at += n;
		p += n;
		len -= n;
	}
	return 0;
}
