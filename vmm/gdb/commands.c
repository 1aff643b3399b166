// SPDX-License-Identifier: GPL-2.0
/*
 * The stub's answers to the debugger's packets (GDB manual, appendix E,
 * "Packets", "General Query Packets", "Stop Reply Packets"). Every field
 * is checked; a packet that does not parse gets "E16" (EINVAL), one that
 * names memory sevvm cannot reach "E0e" (EFAULT), and one the stub does
 * not know the empty reply, as the protocol asks.
 */
#include "vmm/gdb/stub_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/debug.h"
#include "vmm/gdb/paging.h"
#include "vmm/gdb/regs.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

#define E_INVAL	"E16"
#define E_FAULT	"E0e"

/* The largest memory read one reply holds, in bytes (two hex digits each). */
#define MEM_MAX	(GDB_PACKET_MAX / 2)

static bool sev_guest(const struct gdb_stub *g)
{
	return g->vm->cfg->sev.mode != SEV_MODE_OFF;
}

const char *gdb_sev_refusal(struct gdb_stub *g)
{
	const char *why = "the guest policy has NODBG set: the SEV firmware refuses to decrypt "
			  "its memory";

	if (!g->said_sev) {
		fprintf(stderr, "sevvm: gdb: %s\n", why);
		g->said_sev = true;
	}
	return why;
}

/* KVM's state of vCPU @cpu, through the SEV backend's rules (vm_vcpu_ioctl()). */
static int read_state(struct gdb_stub *g, unsigned int cpu, struct gdb_cpu_state *s)
{
	struct vm *vm = g->vm;
	int r;

	memset(s, 0, sizeof(*s));
	r = vm_vcpu_ioctl(vm, cpu, KVM_GET_REGS, &s->regs);
	if (r >= 0)
		r = vm_vcpu_ioctl(vm, cpu, KVM_GET_SREGS, &s->sregs);
	if (r >= 0)
		r = vm_vcpu_ioctl(vm, cpu, KVM_GET_FPU, &s->fpu);
	return r < 0 ? r : 0;
}

static int write_state(struct gdb_stub *g, unsigned int cpu, const struct gdb_cpu_state *s)
{
	struct vm *vm = g->vm;
	struct gdb_cpu_state c = *s;	/* the ioctls take non-const pointers */
	int r;

	r = vm_vcpu_ioctl(vm, cpu, KVM_SET_REGS, &c.regs);
	if (r >= 0)
		r = vm_vcpu_ioctl(vm, cpu, KVM_SET_SREGS, &c.sregs);
	if (r >= 0)
		r = vm_vcpu_ioctl(vm, cpu, KVM_SET_FPU, &c.fpu);
	return r < 0 ? r : 0;
}

/* Whether the firmware refuses the debugger an SEV guest's memory (NODBG). */
bool gdb_sev_nodbg(const struct gdb_stub *g)
{
	return sev_guest(g) && (sev_config_policy(&g->vm->cfg->sev) & 1);
}

/*
 * Guest-physical memory: sevvm's mapping of it, or, for an SEV guest's
 * private memory, the firmware's DBG_DECRYPT / DBG_ENCRYPT (sev/debug.h).
 * Returns 0, -EFAULT outside guest RAM, or the firmware's refusal (said on
 * stderr once).
 */
int gdb_phys_access(struct gdb_stub *g, uint64_t gpa, void *buf, size_t len, bool write,
		    bool private)
{
	uint8_t *hva = ram_gpa_to_hva(&g->vm->ram, gpa, len);
	struct err e;
	int r;

	if (!hva)
		return -EFAULT;
	if (private && sev_guest(g) && g->vm->sev) {
		r = sev_debug_access(&g->vm->sev->launch, hva, buf, len, write, &e);
		if (r && !g->said_sev) {
			fprintf(stderr, "sevvm: gdb: %s\n", e.msg);
			g->said_sev = true;
		}
		return r;
	}
	if (write) {
		memcpy(hva, buf, len);
		ram_note_write(&g->vm->ram, gpa, len, "gdb");
	} else {
		memcpy(buf, hva, len);
	}
	return 0;
}

/* A page-table entry: always private memory under SEV (paging.h). */
static int phys_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return gdb_phys_access(opaque, gpa, buf, len, false, true);
}

/* Why an SEV-ES vCPU's registers cannot be had, said on stderr the first time. */
static void say_regs_once(struct gdb_stub *g, const char *why)
{
	if (!g->said_regs) {
		fprintf(stderr, "sevvm: gdb: SEV-ES registers: %s\n", why);
		g->said_regs = true;
	}
}

/*
 * The current thread's control registers for the page walk: an SEV-ES
 * vCPU's from its decrypted VMSA (KVM refuses KVM_GET_SREGS there).
 */
static int paging_regs(struct gdb_stub *g, struct kvm_sregs *sregs)
{
	struct sev_vcpu_state st;
	struct err e = { 0 };
	int r;

	if (!vm_sev_state_protected(g->vm))
		return vm_vcpu_ioctl(g->vm, g->g_cpu, KVM_GET_SREGS, sregs);
	r = vm_sev_vcpu_state(g->vm, g->g_cpu, &st, &e);
	if (r) {
		say_regs_once(g, e.msg);
		return r;
	}
	*sregs = st.sregs;
	return 0;
}

/*
 * Guest-virtual memory of the current thread's vCPU, page by page through
 * its page tables. The guest runs on other vCPUs only while the stub
 * waits for a stop, never while it is here.
 */
static int virt_access(struct gdb_stub *g, uint64_t va, uint8_t *buf, size_t len, bool write)
{
	struct gdb_paging p = { .read = phys_read, .opaque = g };
	struct kvm_sregs sregs;
	const char *why;
	int r = paging_regs(g, &sregs);

	if (r < 0)
		return r;
	p.cr0 = sregs.cr0;
	p.cr3 = sregs.cr3;
	p.cr4 = sregs.cr4;
	p.efer = sregs.efer;
	p.cbit_mask = g->vm->sev ? sev_launch_cbit_mask(&g->vm->sev->launch) : 0;
	while (len) {
		size_t chunk = 0x1000 - (va & 0xfff);
		bool private;
		uint64_t pa;

		if (chunk > len)
			chunk = len;
		if (gdb_translate(&p, va, &pa, &private, &why))
			return -EFAULT;
		r = gdb_phys_access(g, pa, buf, chunk, write, private);
		if (r)
			return r;
		va += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * A refusal: "E01" (EPERM). gdb 13 takes no text in the replies to m, M, g
 * and Z ("E.text" is read as data), so sevvm says why on its stderr.
 */
static void err_refused(char *reply, size_t cap, const char *why)
{
	(void)why;
	snprintf(reply, cap, "E01");
}

/* The reply to a failed memory access: E01 when the SEV firmware refused it. */
static void err_access(char *reply, size_t cap, int r)
{
	snprintf(reply, cap, r == -EPERM || r == -EIO ? "E01" : E_FAULT);
}

static int parse_addr_len(const char **p, uint64_t *addr, uint64_t *len)
{
	if (gdb_parse_hex(p, addr) || **p != ',')
		return -1;
	(*p)++;
	return gdb_parse_hex(p, len);
}

static void cmd_read_mem(struct gdb_stub *g, const char *p, char *reply, size_t cap)
{
	uint8_t *buf = g->scratch;
	uint64_t addr, len;
	int r;

	if (parse_addr_len(&p, &addr, &len) || *p) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (gdb_sev_nodbg(g)) {
		err_refused(reply, cap, gdb_sev_refusal(g));
		return;
	}
	if (len > MEM_MAX)
		len = MEM_MAX;	/* a short read; gdb asks again for the rest */
	r = virt_access(g, addr, buf, (size_t)len, false);
	if (r) {
		err_access(reply, cap, r);
		return;
	}
	gdb_bin_to_hex(buf, (size_t)len, reply);
}

static void cmd_write_mem(struct gdb_stub *g, const char *p, const char *end, bool binary,
			  char *reply, size_t cap)
{
	uint8_t *buf = g->scratch;
	uint64_t addr, len;
	int r;

	if (parse_addr_len(&p, &addr, &len) || *p != ':' || len > sizeof(g->scratch)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	p++;
	if (binary) {
		if ((uint64_t)(end - p) != len) {
			snprintf(reply, cap, E_INVAL);
			return;
		}
		memcpy(buf, p, (size_t)len);
	} else if ((uint64_t)(end - p) != 2 * len || gdb_hex_to_bin(p, buf, (size_t)len)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (gdb_sev_nodbg(g)) {
		err_refused(reply, cap, gdb_sev_refusal(g));
		return;
	}
	r = virt_access(g, addr, buf, (size_t)len, true);
	if (r)
		err_access(reply, cap, r);
	else
		snprintf(reply, cap, "OK");
}

/* A register refusal of an SEV-ES guest, said on stderr the first time. */
static void regs_refused(struct gdb_stub *g, const char *why, char *reply, size_t cap)
{
	say_regs_once(g, why);
	err_refused(reply, cap, why);
}

/*
 * An SEV-ES vCPU's registers after launch, from its decrypted VMSA
 * (KVM_SEV_GET_VMSA, sev/vcpu_vmsa.h); read-only, since no command
 * writes an encrypted VMSA.
 */
static bool fetch_vmsa_regs(struct gdb_stub *g, struct gdb_cpu_state *s, bool write,
			    char *reply, size_t cap)
{
	struct sev_vcpu_state st;
	struct err e = { 0 };

	if (write) {
		regs_refused(g, "read-only: the VMSA is encrypted and no KVM command writes it",
			     reply, cap);
		return false;
	}
	if (vm_sev_vcpu_state(g->vm, g->g_cpu, &st, &e)) {
		regs_refused(g, e.msg, reply, cap);
		return false;
	}
	*s = (struct gdb_cpu_state){ .regs = st.regs, .sregs = st.sregs, .fpu = st.fpu };
	return true;
}

/*
 * The selected vCPU's state into @s for a register command (@write: one
 * that writes them back): false, with the error reply written, when the
 * state cannot be had.
 */
static bool fetch_regs(struct gdb_stub *g, struct gdb_cpu_state *s, bool write, char *reply,
		       size_t cap)
{
	if (vm_sev_state_protected(g->vm))
		return fetch_vmsa_regs(g, s, write, reply, cap);
	if (read_state(g, g->g_cpu, s)) {
		snprintf(reply, cap, E_FAULT);
		return false;
	}
	return true;
}

static void cmd_read_regs(struct gdb_stub *g, char *reply, size_t cap)
{
	uint8_t *bytes = g->scratch;
	struct gdb_cpu_state s;
	size_t off = 0;
	unsigned int i;

	if (!fetch_regs(g, &s, false, reply, cap))
		return;
	for (i = 0; i < GDB_NUM_REGS; i++) {
		gdb_reg_get(&s, i, bytes + off);
		off += gdb_reg_size(i);
	}
	gdb_bin_to_hex(bytes, off, reply);
}

static void cmd_write_regs(struct gdb_stub *g, const char *p, size_t len, char *reply, size_t cap)
{
	uint8_t *bytes = g->scratch;
	struct gdb_cpu_state s;
	size_t off = 0, need = gdb_regs_size();
	unsigned int i;

	if (len != 2 * need || gdb_hex_to_bin(p, bytes, need)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (!fetch_regs(g, &s, true, reply, cap))
		return;
	for (i = 0; i < GDB_NUM_REGS; i++) {
		gdb_reg_set(&s, i, bytes + off);
		off += gdb_reg_size(i);
	}
	snprintf(reply, cap, write_state(g, g->g_cpu, &s) ? E_FAULT : "OK");
}

static void cmd_read_reg(struct gdb_stub *g, const char *p, char *reply, size_t cap)
{
	uint8_t bytes[16];
	struct gdb_cpu_state s;
	uint64_t n;

	if (gdb_parse_hex(&p, &n) || *p || !gdb_reg_size((unsigned int)n) || n >= GDB_NUM_REGS) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (!fetch_regs(g, &s, false, reply, cap))
		return;
	gdb_reg_get(&s, (unsigned int)n, bytes);
	gdb_bin_to_hex(bytes, gdb_reg_size((unsigned int)n), reply);
}

static void cmd_write_reg(struct gdb_stub *g, const char *p, const char *end, char *reply,
			  size_t cap)
{
	uint8_t bytes[16];
	struct gdb_cpu_state s;
	uint64_t n;
	size_t sz;

	if (gdb_parse_hex(&p, &n) || *p != '=' || n >= GDB_NUM_REGS) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	p++;
	sz = gdb_reg_size((unsigned int)n);
	if ((size_t)(end - p) != 2 * sz || gdb_hex_to_bin(p, bytes, sz)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (!fetch_regs(g, &s, true, reply, cap))
		return;
	gdb_reg_set(&s, (unsigned int)n, bytes);
	snprintf(reply, cap, write_state(g, g->g_cpu, &s) ? E_FAULT : "OK");
}

/* Thread IDs are vCPU index + 1; 0 is "any", -1 "all" (GDB manual, "thread-id"). */
static int parse_thread(struct gdb_stub *g, const char *p, int *cpu)
{
	uint64_t t;

	if (!strcmp(p, "-1") || !strcmp(p, "0")) {
		*cpu = -1;
		return 0;
	}
	if (gdb_parse_hex(&p, &t) || *p || t == 0 || t > g->vm->ncpus)
		return -1;
	*cpu = (int)t - 1;
	return 0;
}

static void cmd_set_thread(struct gdb_stub *g, const char *p, char *reply, size_t cap)
{
	char op = *p++;
	int cpu;

	if ((op != 'g' && op != 'c') || parse_thread(g, p, &cpu)) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (cpu < 0)
		cpu = (int)g->last_cpu;
	if (op == 'g')
		g->g_cpu = (unsigned int)cpu;
	else
		g->c_cpu = (unsigned int)cpu;
	snprintf(reply, cap, "OK");
}

static void cmd_thread_info(struct gdb_stub *g, char *reply, size_t cap)
{
	size_t off = 0;
	unsigned int i;

	reply[off++] = 'm';
	for (i = 0; i < g->vm->ncpus && off + 12 < cap; i++)
		off += (size_t)snprintf(reply + off, cap - off, "%s%x", i ? "," : "", i + 1);
	reply[off] = '\0';
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void cmd_xfer_features(const char *p, char *reply, size_t cap)
{
	size_t total = strlen(gdb_target_xml);
	uint64_t off, len;

	if (strncmp(p, "target.xml:", 11)) {
		snprintf(reply, cap, "E00");	/* annex not known */
		return;
	}
	p += 11;
	if (parse_addr_len(&p, &off, &len) || *p) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (len > cap - 2)
		len = cap - 2;
	if (off >= total) {
		snprintf(reply, cap, "l");
		return;
	}
	if (len > total - off)
		len = total - off;
	reply[0] = off + len == total ? 'l' : 'm';
	memcpy(reply + 1, gdb_target_xml + off, (size_t)len);
	reply[1 + len] = '\0';
}

/* Z/z TYPE,ADDR,KIND */
static void cmd_breakpoint(struct gdb_stub *g, const char *p, bool insert, char *reply, size_t cap)
{
	uint64_t type, addr, kind;
	unsigned int i;

	if (gdb_parse_hex(&p, &type) || *p++ != ',' || parse_addr_len(&p, &addr, &kind) ||
	    (*p && *p != ';') || type > 4) {
		snprintf(reply, cap, E_INVAL);
		return;
	}
	if (type == 0) {
		uint8_t int3 = 0xcc, orig;

		if (sev_guest(g)) {
			err_refused(reply, cap, gdb_sev_refusal(g));
			return;
		}
		for (i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
			if (g->sw[i].used && g->sw[i].addr == addr)
				break;
		if (!insert) {
			if (i < GDB_MAX_SW_BREAKPOINTS) {
				virt_access(g, addr, &g->sw[i].orig, 1, true);
				g->sw[i].used = false;
			}
			snprintf(reply, cap, "OK");
			return;
		}
		if (i < GDB_MAX_SW_BREAKPOINTS) {
			snprintf(reply, cap, "OK");
			return;
		}
		for (i = 0; i < GDB_MAX_SW_BREAKPOINTS && g->sw[i].used; i++)
			;
		if (i == GDB_MAX_SW_BREAKPOINTS) {
			snprintf(reply, cap, "E1c");	/* ENOSPC */
			return;
		}
		if (virt_access(g, addr, &orig, 1, false) || virt_access(g, addr, &int3, 1, true)) {
			snprintf(reply, cap, E_FAULT);
			return;
		}
		g->sw[i] = (struct gdb_sw_bp){ .addr = addr, .orig = orig, .used = true };
		snprintf(reply, cap, "OK");
		return;
	}
	/* Hardware: DR0..DR3 on every vCPU. Watchpoints of 1, 2, 4 or 8 aligned bytes. */
	if (type != 1 && ((kind != 1 && kind != 2 && kind != 4 && kind != 8) || addr % kind)) {
		snprintf(reply, cap, "E16");
		return;
	}
	for (i = 0; i < GDB_HW_SLOTS; i++)
		if (g->hw[i].used && g->hw[i].addr == addr && g->hw[i].type == type)
			break;
	if (!insert) {
		if (i < GDB_HW_SLOTS)
			g->hw[i].used = false;
		snprintf(reply, cap, "OK");
		return;
	}
	if (i == GDB_HW_SLOTS) {
		for (i = 0; i < GDB_HW_SLOTS && g->hw[i].used; i++)
			;
		if (i == GDB_HW_SLOTS) {
			snprintf(reply, cap, "E1c");	/* all four debug registers in use */
			return;
		}
	}
	g->hw[i] = (struct gdb_hw_bp){ .addr = addr, .type = (unsigned int)type,
				       .len = (unsigned int)kind, .used = true };
	snprintf(reply, cap, "OK");
}

void gdb_remove_all(struct gdb_stub *g)
{
	unsigned int i;

	for (i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (g->sw[i].used) {
			virt_access(g, g->sw[i].addr, &g->sw[i].orig, 1, true);
			g->sw[i].used = false;
		}
	for (i = 0; i < GDB_HW_SLOTS; i++)
		g->hw[i].used = false;
}

static enum gdb_cmd_result resume(struct gdb_stub *g, int only, char *reply, size_t cap)
{
	int r = gdb_resume(g, only);

	if (r) {
		/* KVM_SET_GUEST_DEBUG refuses any vCPU whose state is protected. */
		if (r == -EINVAL && vm_sev_state_protected(g->vm))
			fprintf(stderr, "sevvm: gdb: KVM refuses single steps and breakpoints on "
				"SEV-ES vCPUs (KVM_SET_GUEST_DEBUG: EINVAL)\n");
		snprintf(reply, cap, E_FAULT);
		return GDB_CMD_REPLY;
	}
	return GDB_CMD_RESUMED;
}

static void clear_steps(struct gdb_stub *g)
{
	unsigned int i;

	for (i = 0; i < g->vm->ncpus; i++)
		g->cpus[i].step = false;
}

/*
 * vCont;ACTION[:TID];... — the first action that names a thread applies to
 * it, one without a thread to every other. "vCont;s:1" steps vCPU 0 with
 * the others stopped; "vCont;s:1;c" lets them run meanwhile.
 */
static enum gdb_cmd_result cmd_vcont(struct gdb_stub *g, const char *p, char *reply, size_t cap)
{
	bool set[VM_MAX_CPUS] = { false }, step[VM_MAX_CPUS] = { false };
	unsigned int i, nrun = 0;
	int last = -1;

	while (*p == ';') {
		char act = *++p;
		int cpu = -1;

		if (act != 'c' && act != 's' && act != 'C' && act != 'S') {
			snprintf(reply, cap, E_INVAL);
			return GDB_CMD_REPLY;
		}
		p++;
		if (act == 'C' || act == 'S') {	/* signal number: ignored, no signals to deliver */
			uint64_t sig;

			if (gdb_parse_hex(&p, &sig)) {
				snprintf(reply, cap, E_INVAL);
				return GDB_CMD_REPLY;
			}
		}
		if (*p == ':') {
			char tid[24];
			size_t n = strcspn(++p, ";");

			if (n >= sizeof(tid)) {
				snprintf(reply, cap, E_INVAL);
				return GDB_CMD_REPLY;
			}
			memcpy(tid, p, n);
			tid[n] = '\0';
			p += n;
			if (parse_thread(g, tid, &cpu)) {
				snprintf(reply, cap, E_INVAL);
				return GDB_CMD_REPLY;
			}
		}
		for (i = 0; i < g->vm->ncpus; i++) {
			if (set[i] || (cpu >= 0 && (unsigned int)cpu != i))
				continue;
			set[i] = true;
			step[i] = act == 's' || act == 'S';
		}
	}
	if (*p) {
		snprintf(reply, cap, E_INVAL);
		return GDB_CMD_REPLY;
	}
	for (i = 0; i < g->vm->ncpus; i++) {
		g->cpus[i].step = step[i];
		if (set[i]) {
			nrun++;
			last = (int)i;
		}
	}
	if (!nrun) {
		snprintf(reply, cap, E_INVAL);
		return GDB_CMD_REPLY;
	}
	if (nrun == g->vm->ncpus)
		return resume(g, -1, reply, cap);
	if (nrun == 1)
		return resume(g, last, reply, cap);
	/* Some but not all: a mix the stub cannot park separately. */
	snprintf(reply, cap, E_INVAL);
	return GDB_CMD_REPLY;
}

static bool starts(const char *p, const char *prefix)
{
	return !strncmp(p, prefix, strlen(prefix));
}

static void cmd_query(struct gdb_stub *g, const char *p, char *reply, size_t cap)
{
	if (starts(p, "qSupported")) {
		snprintf(reply, cap, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
			 "vContSupported+", GDB_PACKET_MAX);
	} else if (starts(p, "qXfer:features:read:")) {
		cmd_xfer_features(p + 20, reply, cap);
	} else if (!strcmp(p, "qfThreadInfo")) {
		cmd_thread_info(g, reply, cap);
	} else if (!strcmp(p, "qsThreadInfo")) {
		snprintf(reply, cap, "l");
	} else if (!strcmp(p, "qC")) {
		snprintf(reply, cap, "QC%x", g->g_cpu + 1);
	} else if (!strcmp(p, "qAttached")) {
		snprintf(reply, cap, "1");	/* the VM was there first: detach on quit */
	} else if (starts(p, "qRcmd,")) {
		gdb_monitor(g, p + 6, reply, cap);
	} else if (starts(p, "qThreadExtraInfo,")) {
		const char *t = p + 17;
		char text[32];
		int cpu;

		if (parse_thread(g, t, &cpu) || cpu < 0) {
			snprintf(reply, cap, E_INVAL);
			return;
		}
		snprintf(text, sizeof(text), "vCPU %d", cpu);
		gdb_monitor_out(reply, cap, text);
	} else {
		reply[0] = '\0';
	}
}

enum gdb_cmd_result gdb_handle_packet(struct gdb_stub *g, const char *pkt, size_t len,
				      char *reply, size_t cap)
{
	const char *end = pkt + len;
	int cpu;

	reply[0] = '\0';
	if (!len)
		return GDB_CMD_REPLY;
	switch (pkt[0]) {
	case '?':
		snprintf(reply, cap, "%s", g->last_stop);
		break;
	case 'g':
		if (len != 1)
			snprintf(reply, cap, E_INVAL);
		else
			cmd_read_regs(g, reply, cap);
		break;
	case 'G':
		cmd_write_regs(g, pkt + 1, len - 1, reply, cap);
		break;
	case 'p':
		cmd_read_reg(g, pkt + 1, reply, cap);
		break;
	case 'P':
		cmd_write_reg(g, pkt + 1, end, reply, cap);
		break;
	case 'm':
		cmd_read_mem(g, pkt + 1, reply, cap);
		break;
	case 'M':
		cmd_write_mem(g, pkt + 1, end, false, reply, cap);
		break;
	case 'X':
		cmd_write_mem(g, pkt + 1, end, true, reply, cap);
		break;
	case 'H':
		cmd_set_thread(g, pkt + 1, reply, cap);
		break;
	case 'T':
		snprintf(reply, cap, parse_thread(g, pkt + 1, &cpu) || cpu < 0 ? E_INVAL : "OK");
		break;
	case 'q':
		cmd_query(g, pkt, reply, cap);
		break;
	case 'Z':
	case 'z':
		cmd_breakpoint(g, pkt + 1, pkt[0] == 'Z', reply, cap);
		break;
	case 'c':
		/* c[ADDR]: resuming elsewhere is not offered. */
		if (len != 1) {
			snprintf(reply, cap, E_INVAL);
			break;
		}
		clear_steps(g);
		return resume(g, -1, reply, cap);
	case 's':
		if (len != 1) {
			snprintf(reply, cap, E_INVAL);
			break;
		}
		/* Steps the Hc thread; the others stay stopped. */
		clear_steps(g);
		g->cpus[g->c_cpu].step = true;
		return resume(g, (int)g->c_cpu, reply, cap);
	case 'v':
		if (!strcmp(pkt, "vCont?"))
			snprintf(reply, cap, "vCont;c;C;s;S");
		else if (starts(pkt, "vCont;"))
			return cmd_vcont(g, pkt + 5, reply, cap);
		else if (!strcmp(pkt, "vMustReplyEmpty"))
			reply[0] = '\0';
		break;
	case 'D':
		snprintf(reply, cap, "OK");
		return GDB_CMD_DETACH;
	case 'k':
		return GDB_CMD_KILL;
	default:
		break;
	}
	return GDB_CMD_REPLY;
}
