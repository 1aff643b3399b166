// SPDX-License-Identifier: GPL-2.0
/* The VM's side of an SEV launch: hooks between vm_create() and sev/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/vcpu_vmsa.h"
#include "vmm/vm.h"
#include "vmm/vm_fw.h"
#include "vmm/vm_sev.h"

/* The model's C-bit: the top guest-physical address bit KVM offers. */
int vm_sev_sim_cbit(const struct kvm_cpuid2 *c, unsigned int *cbit, struct err *e)
{
	unsigned int i, bits = 0;

	for (i = 0; c && i < c->nent; i++)
		if (c->entries[i].function == 0x80000008)
			bits = c->entries[i].eax & 0xff;
	if (bits < 36 || bits > 52)
		return err_set(e, ENOTSUP, "the SEV model needs a C-bit: KVM reports %u physical "
			       "address bits", bits);
	*cbit = bits - 1;
	return 0;
}

static int read_vcpu(void *opaque, unsigned int idx, struct sev_vcpu_state *st, struct err *e)
{
	struct vm *vm = opaque;

	return vcpu_read_state(&vm->vcpus[idx], st, e);
}

/* KVM's vcpu->mutex for the model: the vCPU thread holds run_lock across KVM_RUN. */
static int trylock_vcpu(void *opaque, unsigned int idx)
{
	struct vm *vm = opaque;

	return pthread_mutex_trylock(&vm->vcpus[idx].run_lock) ? -EBUSY : 0;
}

static void unlock_vcpu(void *opaque, unsigned int idx)
{
	struct vm *vm = opaque;

	pthread_mutex_unlock(&vm->vcpus[idx].run_lock);
}

/* What sevvm set: the boot entry on the BSP (SEV-ES direct boot has one vCPU). */
static int expected_vcpu(void *opaque, unsigned int idx, struct sev_vcpu_state *st, struct err *e)
{
	const struct boot_entry *entry = opaque;

	if (idx)
		return err_set(e, EINVAL, "vCPU %u: no expected state", idx);
	sev_vcpu_reset_state(st, 0);
	vcpu_boot_state(entry, &st->regs, &st->sregs, &st->fpu);
	return 0;
}

/* A firmware launch: every vCPU at RESET, SEV-ES APs at the reset block. */
static int expected_fw_vcpu(void *opaque, unsigned int idx, struct sev_vcpu_state *st,
			    struct err *e)
{
	(void)e;
	vm_fw_reset_state(opaque, idx, st);
	return 0;
}

struct sev_vcpu_source vm_sev_expected_source(const struct boot_entry *entry)
{
	return (struct sev_vcpu_source){ .nr = 1, .get = expected_vcpu,
					 .opaque = (void *)(uintptr_t)entry };
}

int vm_sev_open(struct vm *vm, struct err *e)
{
	const struct sev_config *c = &vm->cfg->sev;
	unsigned int cbit = 0;
	int r;

	if (c->mode == SEV_MODE_ES && vm->ncpus > 1 && vm->cfg->boot.mode != BOOT_FIRMWARE)
		return err_set(e, EINVAL, "--sev-es with --cpus %u: a direct boot starts only the "
			       "BSP; an SEV-ES AP would begin at the reset vector with no firmware "
			       "there to hold it (use --cpus 1)", vm->ncpus);
	if (c->backend == SEV_BACKEND_SIM) {
		r = vm_sev_sim_cbit(vm->cpuid, &cbit, e);
		if (r)
			return r;
	}
	vm->sev = calloc(1, sizeof(*vm->sev));
	if (!vm->sev)
		return err_set(e, ENOMEM, "SEV state");
	r = sev_launch_open(&vm->sev->launch, c, vm->kvm.fd, cbit, e);
	if (r) {
		sev_launch_close(&vm->sev->launch);	/* safe on a partial open */
		free(vm->sev);
		vm->sev = NULL;
		return r;
	}
	if (c->backend == SEV_BACKEND_SIM)
		fprintf(stderr, "sevvm: %s on the software model (--sev-backend sim): test keys, "
			"no encryption, no confidentiality\n",
			c->mode == SEV_MODE_ES ? "SEV-ES" : "SEV");
	return 0;
}

/* Port I/O and MMIO as a vCPU exit does them, for the SEV run time (full-GHCB events). */
static void guest_pio(void *opaque, uint16_t port, void *data, unsigned int size, bool write)
{
	struct vm *vm = opaque;

	iobus_access(&vm->pio, port, data, size, write);
}

static void guest_mmio(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write)
{
	struct vm *vm = opaque;

	iobus_access(&vm->mmio, gpa, data, len, write);
}

int vm_sev_setup(struct vm *vm, struct err *e)
{
	struct vm_sev *s = vm->sev;
	struct sev_backend *be = s->launch.be;
	bool es = vm->cfg->sev.mode == SEV_MODE_ES;
	uint16_t ghcb = es ? (s->launch.init == SEV_INIT_INIT2 ? 2 : 1) : 0;
	struct sev_guest_host host = {
		.vm_fd = vm->fd, .ncpus = vm->ncpus, .ram = &vm->ram,
		.pio = guest_pio, .mmio = guest_mmio, .opaque = vm, .trace = vm->trace,
	};
	int r;

	r = sev_guest_init(&s->guest, be, es, ghcb, &host, &s->launch.log, e);
	s->guest_ready = true;
	if (!r)
		r = sev_guest_setup_vm(&s->guest, e);
	if (!r)
		r = sev_guest_cpuid(&s->guest, &vm->cpuid, be->reduced_phys_bits, e);
	return r;
}

int vm_sev_add_vcpus(struct vm *vm, struct err *e)
{
	unsigned int i;
	int r;

	for (i = 0; i < vm->ncpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		r = sev_guest_add_vcpu(&vm->sev->guest, i, v->fd, v->run, v->cpuid, e);
		if (r)
			return r;
	}
	return 0;
}

/* After the guest is loaded and the BSP holds its entry state. */
int vm_sev_finish(struct vm *vm, struct err *e)
{
	struct sev_launch *l = &vm->sev->launch;
	struct sev_vcpu_source expected = vm->fw ?
		(struct sev_vcpu_source){ .nr = vm->ncpus, .get = expected_fw_vcpu, .opaque = vm } :
		vm_sev_expected_source(&vm->entry);
	int r;

	l->be->vcpus = (struct sev_vcpu_source){
		.nr = vm->ncpus, .get = read_vcpu, .trylock = trylock_vcpu, .unlock = unlock_vcpu,
		.opaque = vm,
	};
	r = sev_launch_finish(l, &expected, e);
	return r ? r : sev_guest_launched(&vm->sev->guest, e);
}

void vm_sev_close(struct vm *vm, const char *why)
{
	struct vm_sev *s = vm->sev;
	char buf[400];

	if (!s)
		return;
	if (why && why[0])
		sev_log_event(&s->launch.log, "stop", "\"reason\": \"%s\"",
			      sev_log_str(why, buf, sizeof(buf)));
	if (s->guest_ready)
		sev_guest_log_pages(&s->guest);
	/* Blocks go while the notifier listens: KVM_MEMORY_ENCRYPT_UNREG_REGION. */
	ram_destroy(&vm->ram);
	sev_launch_close(&s->launch);
	if (s->guest_ready)
		sev_guest_destroy(&s->guest);
	free(s);
	vm->sev = NULL;
}

int vm_vcpu_ioctl(struct vm *vm, unsigned int cpu, unsigned long req, void *arg)
{
	struct sev_backend *be = vm->sev ? vm->sev->launch.be : NULL;
	int fd = vm->vcpus[cpu].fd;
	int r;

	if (be)
		return be->ops->vcpu_ioctl(be, cpu, fd, req, arg);
	r = ioctl(fd, req, arg);
	return r < 0 ? -errno : r;
}

bool vm_sev_state_protected(const struct vm *vm)
{
	return vm->sev && vm->cfg->sev.mode == SEV_MODE_ES && vm->sev->launch.measured;
}

int vm_sev_vcpu_state(struct vm *vm, unsigned int cpu, struct sev_vcpu_state *st,
		      struct err *e)
{
	if (!vm->sev)
		return err_set(e, EINVAL, "vCPU %u: not an SEV guest", cpu);
	return sev_vcpu_vmsa_state(vm->sev->launch.be, cpu, st, e);
}
