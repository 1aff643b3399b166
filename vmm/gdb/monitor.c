// SPDX-License-Identifier: GPL-2.0
/*
 * The stub's "monitor" commands (qRcmd, GDB manual E.4 "General Query
 * Packets"): sevvm's own views of the guest, answered as hex-encoded
 * console text. Each command builds its text in the stub's text buffer
 * through a strbuf, which cuts rather than overruns.
 */
#include "vmm/gdb/stub_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/debug.h"
#include "vmm/util/strbuf.h"
#include "vmm/vcpu.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

#define E_INVAL	"E16"

/* The longest guest-physical read "xp" shows, in bytes. */
#define XP_MAX	256

void gdb_monitor_out(char *reply, size_t cap, const char *text)
{
	size_t n = strlen(text);

	if (2 * n + 1 > cap)
		n = (cap - 1) / 2;
	gdb_bin_to_hex((const uint8_t *)text, n, reply);
}

static const char monitor_help[] =
	"sevvm monitor commands:\n"
	"  xp ADDR [LEN]   guest-physical memory (LEN bytes, default 16, at most 256)\n"
	"  msr INDEX       an MSR of the current thread's vCPU\n"
	"  cpus            where each vCPU is\n"
	"  launch          SEV: the launch so far (init, policy, what was measured)\n"
	"  pages           SEV: which guest pages are shared with the host\n"
	"  ghcb [N]        SEV-ES: vCPU N's GHCB (default the current thread's)\n";

static void monitor_xp(struct gdb_stub *g, const char *arg, struct strbuf *out)
{
	unsigned long long addr, len = 16, i;
	uint8_t bytes[XP_MAX];
	char *end;
	int r;

	errno = 0;
	addr = strtoull(arg, &end, 0);
	if (errno || end == arg) {
		strbuf_printf(out, "xp: ADDR expected\n");
		return;
	}
	if (*end) {
		len = strtoull(end, &end, 0);
		if (errno || *end || !len || len > XP_MAX) {
			strbuf_printf(out, "xp: LEN must be 1..%d\n", XP_MAX);
			return;
		}
	}
	if (gdb_sev_nodbg(g)) {
		strbuf_printf(out, "xp: %s\n", gdb_sev_refusal(g));
		return;
	}
	/* An SEV guest's physical memory is read as private (decrypted). */
	r = gdb_phys_access(g, addr, bytes, len, false, true);
	if (r) {
		strbuf_printf(out, r == -EFAULT ? "xp: %#llx+%llu is not guest RAM\n" :
			      "xp: %#llx+%llu: the SEV firmware refused to decrypt it\n", addr, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			strbuf_printf(out, "%s%#010llx:", i ? "\n" : "", addr + i);
		strbuf_printf(out, " %02x", bytes[i]);
	}
	strbuf_printf(out, "\n");
}

static void monitor_msr(struct gdb_stub *g, const char *arg, struct strbuf *out)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1 };
	unsigned long idx;
	char *end;

	errno = 0;
	idx = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || idx > 0xffffffffu) {
		strbuf_printf(out, "msr: INDEX expected\n");
		return;
	}
	m.e[0].index = (uint32_t)idx;
	if (ioctl(g->vm->vcpus[g->g_cpu].fd, KVM_GET_MSRS, &m) != 1)
		strbuf_printf(out, "msr %#lx: KVM does not read it\n", idx);
	else
		strbuf_printf(out, "msr %#lx on vCPU %u: %#" PRIx64 "\n", idx, g->g_cpu,
			      (uint64_t)m.e[0].data);
}

static void monitor_sev(struct gdb_stub *g, const char *cmd, struct strbuf *out)
{
	struct vm_sev *sev = g->vm->sev;

	if (!sev) {
		strbuf_printf(out, "%s: not an SEV guest\n", cmd);
	} else if (!strcmp(cmd, "launch")) {
		sev_launch_describe(&sev->launch, out->buf + out->len, out->cap - out->len);
		out->len += strlen(out->buf + out->len);
	} else if (!sev->guest_ready) {
		strbuf_printf(out, "pages: the guest is not set up yet\n");
	} else {
		sev_page_state_describe(&sev->guest.pages, out->buf + out->len,
					out->cap - out->len);
		out->len += strlen(out->buf + out->len);
	}
}

/* A vCPU's GHCB MSR, GHCB page and last requests (sev/ghcb_describe.h). */
static void monitor_ghcb(struct gdb_stub *g, const char *arg, struct strbuf *out)
{
	struct vm_sev *sev = g->vm->sev;
	unsigned long cpu = g->g_cpu;
	struct err e = { 0 };
	char *end;

	if (*arg) {
		errno = 0;
		cpu = strtoul(arg, &end, 0);
		if (errno || end == arg || *end || cpu >= g->vm->ncpus) {
			strbuf_printf(out, "ghcb: N must be a vCPU index 0..%u\n", g->vm->ncpus - 1);
			return;
		}
	}
	if (!sev || g->vm->cfg->sev.mode != SEV_MODE_ES) {
		strbuf_printf(out, "ghcb: not an SEV-ES guest\n");
	} else if (!sev->guest_ready) {
		strbuf_printf(out, "ghcb: the guest is not set up yet\n");
	} else if (!sev->guest.hw || !sev->guest.hw->ops->describe_ghcb) {
		/*
		 * On an SEV host the CPU saves the guest's GHCB MSR in the VMCB
		 * control area (GHCB_GPA, APM vol. 2 15.35.4), KVM's alone: no
		 * ioctl reads it, and KVM_SEV_GET_VMSA does not carry it.
		 */
		strbuf_printf(out, "ghcb: on an SEV host the GHCB MSR is in KVM's VMCB, which "
			      "sevvm cannot read\n");
	} else if (sev->guest.hw->ops->describe_ghcb(sev->guest.hw, (unsigned int)cpu, out, &e)) {
		strbuf_printf(out, "ghcb: %s\n", e.msg);
	}
}

static void monitor_cpus(struct gdb_stub *g, struct strbuf *out)
{
	unsigned int i;

	for (i = 0; i < g->vm->ncpus && out->len + 2 < out->cap; i++) {
		/* vcpu_describe() NUL-ends within its length: one byte kept for the '\n'. */
		out->len += vcpu_describe(&g->vm->vcpus[i], out->buf + out->len,
					  out->cap - out->len - 1);
		strbuf_printf(out, "\n");
	}
}

/* qRcmd,HEX: "monitor" commands; the reply is hex-encoded console text. */
void gdb_monitor(struct gdb_stub *g, const char *hex, char *reply, size_t cap)
{
	struct strbuf out = strbuf_on(g->text, sizeof(g->text));
	size_t n = strlen(hex) / 2;
	char cmd[256], *arg;

	if (strlen(hex) % 2 || n >= sizeof(cmd) || gdb_hex_to_bin(hex, (uint8_t *)cmd, n)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	cmd[n] = '\0';
	arg = cmd + strcspn(cmd, " ");
	if (*arg)
		*arg++ = '\0';
	if (!strcmp(cmd, "xp"))
		monitor_xp(g, arg, &out);
	else if (!strcmp(cmd, "msr"))
		monitor_msr(g, arg, &out);
	else if (!strcmp(cmd, "launch") || !strcmp(cmd, "pages"))
		monitor_sev(g, cmd, &out);
	else if (!strcmp(cmd, "ghcb"))
		monitor_ghcb(g, arg, &out);
	else if (!strcmp(cmd, "cpus"))
		monitor_cpus(g, &out);
	else
		strbuf_printf(&out, "%s", monitor_help);
	gdb_monitor_out(reply, cap, g->text);
}
