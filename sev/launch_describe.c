// SPDX-License-Identifier: GPL-2.0
/*
 * The launch as the debugger's `monitor launch` shows it: what sevvm
 * started, measured and finished, from the launch state (the --launch-log
 * file, when there is one, has the same events in JSON).
 */
#include <inttypes.h>
#include <stdio.h>
#include "sev/launch.h"
#include "sev/launch_log.h"
#include "vmm/util/strbuf.h"

size_t sev_launch_describe(const struct sev_launch *l, char *buf, size_t len)
{
	char hex[2 * 48 + 1];
	struct strbuf sb;
	unsigned int i;

	if (!len)
		return 0;
	sb = strbuf_on(buf, len);
	strbuf_printf(&sb, "%s guest, %s, policy %#" PRIx32 ", handle %" PRIu32 ", backend %s\n",
	    l->cfg->mode == SEV_MODE_ES ? "SEV-ES" : "SEV",
	    l->init == SEV_INIT_INIT2 ? "KVM_SEV_INIT2" : "legacy KVM_SEV_INIT",
	    l->policy, l->handle, l->be ? l->be->name : "none");
	strbuf_printf(&sb, "LAUNCH_UPDATE_DATA: %u regions, %" PRIu64 " bytes%s\n",
	    l->regions.nr, l->measured_bytes, l->measured ? "" : " (not yet measured)");
	for (i = 0; i < l->regions.nr; i++) {
		const struct sev_region *r = &l->regions.r[i];

		strbuf_printf(&sb, "  0x%" PRIx64 "-0x%" PRIx64 " %s\n", r->gpa,
		    r->gpa + r->len - 1, r->what);
	}
	if (l->nr_vmsa)
		strbuf_printf(&sb, "LAUNCH_UPDATE_VMSA: %u vCPUs\n", l->nr_vmsa);
	if (l->measured) {
		strbuf_printf(&sb, "launch digest %s\n", sev_hex(l->digest, 32, hex));
		strbuf_printf(&sb, "measurement %s\n", sev_hex(l->measurement, 48, hex));
	}
	strbuf_printf(&sb, "%s\n", l->finished ? "LAUNCH_FINISH done: the guest runs" :
					     "LAUNCH_FINISH not yet done");
	return sb.len;
}
