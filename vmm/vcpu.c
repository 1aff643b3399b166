// SPDX-License-Identifier: GPL-2.0
/* vCPU creation, initial state, and the per-vCPU run loop thread. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vmm/cpuid.h"
#include "vmm/gdb/stub.h"
#include "vmm/layout.h"
#include "vmm/sandbox.h"
#include "vmm/vcpu.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

#define SIG_KICK SIGUSR1

/* Local APIC registers (APM vol. 2, 16.3): LVT LINT0 and LINT1. */
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_DM_NMI	0x400
#define APIC_DM_EXTINT	0x700

#define X86_CR0_PE	0x1ull
#define X86_CR0_ET	0x10ull
#define X86_CR0_NE	0x20ull
#define X86_CR0_PG	0x80000000ull
#define X86_CR4_PAE	0x20ull
#define EFER_LME	0x100ull
#define EFER_LMA	0x400ull

static int set_lint(struct vcpu *v, struct err *e)
{
	struct kvm_lapic_state lapic;
	uint32_t val;

	if (ioctl(v->fd, KVM_GET_LAPIC, &lapic) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_GET_LAPIC", v->id);
	/* Virtual wire mode: the 8259 through LINT0, NMIs through LINT1. */
	memcpy(&val, &lapic.regs[APIC_LVT_LINT0], 4);
	val = (val & ~0x700u & ~0x10000u) | APIC_DM_EXTINT;
	memcpy(&lapic.regs[APIC_LVT_LINT0], &val, 4);
	memcpy(&val, &lapic.regs[APIC_LVT_LINT1], 4);
	val = (val & ~0x700u & ~0x10000u) | APIC_DM_NMI;
	memcpy(&lapic.regs[APIC_LVT_LINT1], &val, 4);
	if (ioctl(v->fd, KVM_SET_LAPIC, &lapic) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_LAPIC", v->id);
	return 0;
}

#define MSR_MTRR_DEF_TYPE	0x2ff
#define MTRR_DEF_TYPE_E		(1u << 11)
#define MTRR_TYPE_WRBACK	6

/*
 * With no firmware, nobody enables the MTRRs, and Linux then turns PAT off
 * too (mtrr_bp_init(): "MTRRs disabled, skipping PAT initialization"). An
 * SEV guest needs PAT's write-protect type to decrypt memory in place
 * (early_memremap_encrypted_wp(), arch/x86/mm/ioremap.c) and BUG()s
 * without it. So the vCPUs start as firmware leaves them: MTRRs enabled,
 * default type write-back, no variable or fixed ranges.
 */
static int set_mtrr_default(struct vcpu *v, struct err *e)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1, .e[0] = { .index = MSR_MTRR_DEF_TYPE,
					  .data = MTRR_DEF_TYPE_E | MTRR_TYPE_WRBACK } };

	if (ioctl(v->fd, KVM_SET_MSRS, &m) != 1)
		return err_set(e, EINVAL, "vCPU %u: KVM_SET_MSRS MTRRdefType refused", v->id);
	return 0;
}

int vcpu_create(struct vm *vm, unsigned int id, struct err *e)
{
	struct vcpu *v = &vm->vcpus[id];
	struct kvm_cpuid2 *cpuid;
	int r;

	*v = (struct vcpu){ .vm = vm, .id = id, .fd = -1 };
	pthread_mutex_init(&v->run_lock, NULL);
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (v->fd < 0)
		return err_sys(e, errno, "KVM_CREATE_VCPU %u", id);
	v->run = mmap(NULL, vm->kvm.vcpu_mmap_size, PROT_READ | PROT_WRITE,
		      MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return err_sys(e, errno, "vCPU %u: mmap kvm_run", id);
	}

	cpuid = cpuid_dup(vm->cpuid);
	if (!cpuid)
		return err_set(e, ENOMEM, "vCPU %u: CPUID", id);
	cpuid_fixup(cpuid, id, vm->ncpus);
	r = ioctl(v->fd, KVM_SET_CPUID2, cpuid);
	v->cpuid = cpuid;
	if (r < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_CPUID2", id);
	r = set_mtrr_default(v, e);
	return r ? r : set_lint(v, e);
}

void vcpu_boot_state(const struct boot_entry *entry, struct kvm_regs *regs,
		     struct kvm_sregs *sregs, struct kvm_fpu *fpu)
{
	struct kvm_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = BOOT_CS, .type = 0xb,
		.present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = {
		.base = 0, .limit = 0xffffffff, .selector = BOOT_DS, .type = 0x3,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
	struct kvm_segment tss = {
		.base = 0, .limit = 0x67, .selector = BOOT_TSS, .type = 0xb,
		.present = 1, .s = 0,
	};

	*fpu = (struct kvm_fpu){ .fcw = 0x37f, .mxcsr = 0x1f80 };
	*regs = (struct kvm_regs){
		.rflags = 0x2,
		.rip = entry->rip,
		.rsi = entry->rsi,
		.rsp = entry->rsp,
	};
	sregs->cs = code;
	sregs->ds = sregs->es = sregs->fs = sregs->gs = sregs->ss = data;
	sregs->tr = tss;
	sregs->ldt = (struct kvm_segment){ .type = 0x2, .unusable = 1 };
	sregs->gdt.base = GUEST_GDT_ADDR;
	sregs->gdt.limit = BOOT_GDT_ENTRIES * 8 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;
	sregs->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG;
	sregs->cr3 = GUEST_PML4;
	sregs->cr4 = X86_CR4_PAE;
	sregs->efer = EFER_LME | EFER_LMA;
	if (entry->protected32) {
		/*
		 * Multiboot spec 3.2: flat 32-bit CS and data segments,
		 * paging off, interrupts off (RFLAGS.IF clear above),
		 * EAX = 0x2BADB002, EBX = the information structure. A20 is
		 * always on in KVM. The selectors and GDTR are undefined
		 * there: the kernel loads its own GDT before reloading them.
		 */
		sregs->cs.l = 0;
		sregs->cs.db = 1;
		sregs->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
		sregs->cr3 = 0;
		sregs->cr4 = 0;
		sregs->efer = 0;
		regs->rax = entry->rax;
		regs->rbx = entry->rbx;
	}
}

int vcpu_setup_bsp(struct vcpu *v, const struct boot_entry *entry, struct err *e)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_fpu fpu;

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_GET_SREGS", v->id);
	vcpu_boot_state(entry, &regs, &sregs, &fpu);
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_SREGS", v->id);
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_REGS", v->id);
	if (ioctl(v->fd, KVM_SET_FPU, &fpu) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_FPU", v->id);
	return 0;
}

int vcpu_set_reset_state(struct vcpu *v, const struct sev_vcpu_state *st, struct err *e)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return err_sys(e, errno, "vCPU %u: reading its reset state", v->id);
	/*
	 * All of it, as QEMU's x86_cpu_reset() does: KVM's own RESET state
	 * differs in details (SS attributes, RDX) that the SEV-ES VMSA and so
	 * the measurement would show. The APIC base (BSP flag) stays KVM's.
	 */
	regs = st->regs;
	sregs.cs = st->sregs.cs;
	sregs.ds = st->sregs.ds;
	sregs.es = st->sregs.es;
	sregs.fs = st->sregs.fs;
	sregs.gs = st->sregs.gs;
	sregs.ss = st->sregs.ss;
	sregs.tr = st->sregs.tr;
	sregs.ldt = st->sregs.ldt;
	sregs.gdt = st->sregs.gdt;
	sregs.idt = st->sregs.idt;
	sregs.cr0 = st->sregs.cr0;
	sregs.cr2 = st->sregs.cr2;
	sregs.cr3 = st->sregs.cr3;
	sregs.cr4 = st->sregs.cr4;
	sregs.efer = st->sregs.efer;
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0 || ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return err_sys(e, errno, "vCPU %u: setting its reset state", v->id);
	return 0;
}

#define MSR_IA32_CR_PAT	0x277

int vcpu_read_state(struct vcpu *v, struct sev_vcpu_state *st, struct err *e)
{
	struct kvm_debugregs dbg;
	struct kvm_xsave xsave;
	struct kvm_xcrs xcrs;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} msrs = { .hdr.nmsrs = 1, .e[0].index = MSR_IA32_CR_PAT };
	unsigned int i;

	memset(st, 0, sizeof(*st));
	if (ioctl(v->fd, KVM_GET_REGS, &st->regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &st->sregs) < 0 ||
	    ioctl(v->fd, KVM_GET_FPU, &st->fpu) < 0 || ioctl(v->fd, KVM_GET_DEBUGREGS, &dbg) < 0)
		return err_sys(e, errno, "vCPU %u: reading its state", v->id);
	/*
	 * KVM_GET_FPU leaves mxcsr out (kvm_arch_vcpu_ioctl_get_fpu() copies
	 * only the x87 and XMM registers), while sev_es_sync_vmsa() takes
	 * mxcsr from the guest's XSAVE area: read it from there, at byte 24
	 * of the legacy region (APM vol. 2 11.4.4).
	 */
	st->fpu.mxcsr = 0x1f80;
	if (ioctl(v->fd, KVM_GET_XSAVE, &xsave) == 0)
		st->fpu.mxcsr = xsave.region[6];
	st->dr6 = dbg.dr6;
	st->dr7 = dbg.dr7;
	st->xcr0 = 1;
	if (ioctl(v->fd, KVM_GET_XCRS, &xcrs) == 0)
		for (i = 0; i < xcrs.nr_xcrs && i < KVM_MAX_XCRS; i++)
			if (xcrs.xcrs[i].xcr == 0)
				st->xcr0 = xcrs.xcrs[i].value;
	st->pat = 0x0007040600070406ull;
	if (ioctl(v->fd, KVM_GET_MSRS, &msrs) == 1)
		st->pat = msrs.e[0].data;
	return 0;
}

static void handle_io(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;
	uint32_t i;

	for (i = 0; i < run->io.count; i++) {
		iobus_access(&v->vm->pio, run->io.port, data, run->io.size, write);
		data += run->io.size;
	}
}

static const char *system_event_name(uint32_t type)
{
	switch (type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:	return "shutdown";
	case KVM_SYSTEM_EVENT_RESET:	return "reset";
	case KVM_SYSTEM_EVENT_CRASH:	return "crash";
	default:			return "unknown";
	}
}

/* Handles one exit; returns false when the vCPU must stop. */
static bool handle_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	struct vm *vm = v->vm;

	vcpu_trace_exit(vm->trace, v->id, run);
	if (run->exit_reason == KVM_EXIT_DEBUG && vm->gdb) {
		gdb_vcpu_debug_exit(vm->gdb, v->id, &run->debug.arch);
		return true;
	}
	if (vm->sev) {
		char msg[300];

		switch (sev_guest_handle_exit(&vm->sev->guest, v->id, run, msg, sizeof(msg))) {
		case SEV_EXIT_HANDLED:
			return true;
		case SEV_EXIT_TERMINATE:
			vm_request_stop(vm, VM_STOP_TERMINATED, EXIT_GUEST_TERMINATED, "%s", msg);
			return false;
		case SEV_EXIT_ERROR:
			vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "%s", msg);
			return false;
		case SEV_EXIT_NOT_MINE:
			break;
		}
	}
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		handle_io(v);
		return true;
	case KVM_EXIT_MMIO:
		iobus_access(&vm->mmio, run->mmio.phys_addr, run->mmio.data,
			     run->mmio.len, run->mmio.is_write);
		return true;
	case KVM_EXIT_INTR:
		return true;
	case KVM_EXIT_HLT:
		vm_request_stop(vm, VM_STOP_POWEROFF, EXIT_GUEST_OK,
				"vCPU %u halted with interrupts off", v->id);
		return false;
	case KVM_EXIT_SHUTDOWN:
		vm_request_stop(vm, VM_STOP_CRASH, EXIT_GUEST_CRASH,
				"guest triple fault on vCPU %u (KVM_EXIT_SHUTDOWN)", v->id);
		return false;
	case KVM_EXIT_SYSTEM_EVENT:
		switch (run->system_event.type) {
		case KVM_SYSTEM_EVENT_SHUTDOWN:
			vm_request_stop(vm, VM_STOP_POWEROFF, EXIT_GUEST_OK, "guest powered off");
			break;
		case KVM_SYSTEM_EVENT_RESET:
			vm_request_stop(vm, VM_STOP_RESET, EXIT_GUEST_OK, "guest reset");
			break;
		default:
			vm_request_stop(vm, VM_STOP_CRASH, EXIT_GUEST_CRASH,
					"guest system event %u (%s) on vCPU %u",
					run->system_event.type,
					system_event_name(run->system_event.type), v->id);
			break;
		}
		return false;
	case KVM_EXIT_FAIL_ENTRY:
		vm_request_stop(vm, VM_STOP_CRASH, EXIT_GUEST_CRASH,
				"vCPU %u: VM entry failed, hardware reason %#" PRIx64, v->id,
				(uint64_t)run->fail_entry.hardware_entry_failure_reason);
		return false;
	case KVM_EXIT_INTERNAL_ERROR:
		vm_request_stop(vm, VM_STOP_CRASH, EXIT_GUEST_CRASH,
				"vCPU %u: KVM internal error, suberror %u", v->id,
				run->internal.suberror);
		return false;
	default:
		vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR,
				"vCPU %u: unhandled KVM exit reason %u", v->id, run->exit_reason);
		return false;
	}
}

static void kick_handler(int sig)
{
	(void)sig;	/* only interrupts KVM_RUN */
}

/*
 * "vcpuN" by hand: nothing before the first KVM_RUN formats text, so the
 * printf engine's code (some 128 KiB of libc) is not mapped in only for
 * this (bench/startup counts the VMM's resident memory at that moment).
 */
static void vcpu_thread_name(char name[16], unsigned int id)
{
	char digits[10];
	unsigned int n = 0;
	char *p = name;

	memcpy(p, "vcpu", 4);
	p += 4;
	do {
		digits[n++] = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	while (n)
		*p++ = digits[--n];
	*p = '\0';
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	bool first_run = true;
	struct err e = { 0 };
	sigset_t set;
	char name[16];
	int r;

	vcpu_thread_name(name, v->id);
	pthread_setname_np(pthread_self(), name);
	sigemptyset(&set);
	sigaddset(&set, SIG_KICK);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	/* Before the first KVM_RUN: the guest never runs an unsandboxed vCPU. */
	if (sandbox_enter_thread(v->vm->sandbox, SANDBOX_VCPU, name, &e) < 0) {
		vm_request_stop(v->vm, VM_STOP_ERROR, EXIT_ERROR, "vCPU %u: %s", v->id, e.msg);
		return NULL;
	}

	while (vm_stopping(v->vm) == VM_RUNNING) {
		if (v->vm->gdb && !gdb_vcpu_wait(v->vm->gdb, v->id))
			continue;	/* the VM is ending */
		if (v->vm->sev) {
			/* The SEV model holds an SEV-ES AP until its SIPI. */
			r = sev_guest_before_run(&v->vm->sev->guest, v->id, &e);
			if (r < 0) {
				vm_request_stop(v->vm, VM_STOP_ERROR, EXIT_ERROR, "%s", e.msg);
				break;
			}
			if (!r)
				continue;
		}
		if (!v->id && first_run) {
			/* --trace startup's last phase: vCPU 0 is about to run. */
			trace_phase(v->vm->trace, "vCPU threads, first KVM_RUN");
			first_run = false;
		}
		pthread_mutex_lock(&v->run_lock);
		r = ioctl(v->fd, KVM_RUN, 0) < 0 ? -errno : 0;
		pthread_mutex_unlock(&v->run_lock);
		if (r) {
			if (r == -EINTR || r == -EAGAIN)
				continue;
			vm_request_stop(v->vm, VM_STOP_ERROR, EXIT_ERROR,
					"vCPU %u: KVM_RUN: %s", v->id, strerror(-r));
			break;
		}
		if (!handle_exit(v))
			break;
	}
	return NULL;
}

int vcpu_start(struct vcpu *v, struct err *e)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	pthread_attr_t attr;
	int r;

	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, NULL);	/* no SA_RESTART: KVM_RUN returns EINTR */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	r = pthread_create(&v->thread, &attr, vcpu_thread, v);
	pthread_attr_destroy(&attr);
	if (r)
		return err_sys(e, r, "vCPU %u: thread", v->id);
	v->started = true;
	return 0;
}

void vcpu_kick(struct vcpu *v)
{
	if (!v->started)
		return;
	if (v->run)
		__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pthread_kill(v->thread, SIG_KICK);
}

void vcpu_join(struct vcpu *v)
{
	if (v->started)
		pthread_join(v->thread, NULL);
	v->started = false;
}

void vcpu_destroy(struct vcpu *v)
{
	vcpu_join(v);
	if (v->run)
		munmap(v->run, v->vm->kvm.vcpu_mmap_size);
	v->run = NULL;
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	free(v->cpuid);
	v->cpuid = NULL;
	pthread_mutex_destroy(&v->run_lock);
}
