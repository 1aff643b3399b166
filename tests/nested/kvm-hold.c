// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold: keeps two idle VMs open in the outer VM of the nested test
 * environment for as long as the scenarios run (tests/nested/outer-init).
 *
 * Why: KVM flips static keys when the first VM or vCPU of a kind appears
 * and again when the last one goes (preempt notifiers in the scheduler's
 * finish_task_switch(), the local APIC's apic_sw_disabled, and
 * kvm_has_noapic_vcpu for a vCPU without an in-kernel irqchip). Each flip
 * rewrites kernel text with text_poke_bp(), an INT3 put in while the other
 * CPU may be executing there. The outer VM runs under TCG, whose multi-
 * threaded translation does not always see that rewrite in time: the
 * other CPU then executes an INT3 the kernel no longer expects and the
 * outer kernel dies ("Oops: int3" in finish_task_switch). That was seen
 * twice in a row in sync_regs_test on the 6.12 outer kernel, a selftest
 * that creates and destroys VMs while another thread context-switches;
 * it is rare (twelve runs of it in a row did not show it again). With
 * these VMs held the count never returns to zero, so the keys flip once,
 * here, before any scenario, and never again. What the scenarios check is
 * unchanged; tests/nested/run.sh still reruns a scenario the outer kernel
 * died in this way.
 *
 * It prints "kvm-hold: ready" once the VMs exist and then sleeps until
 * killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* A VM with one vCPU, with or without the in-kernel irqchip. */
static int hold_vm(int kvm, int irqchip)
{
	int vm, vcpu;

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		fprintf(stderr, "kvm-hold: KVM_CREATE_VM: %s\n", strerror(errno));
		return -1;
	}
	if (irqchip && ioctl(vm, KVM_CREATE_IRQCHIP, 0) < 0) {
		fprintf(stderr, "kvm-hold: KVM_CREATE_IRQCHIP: %s\n", strerror(errno));
		return -1;
	}
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		fprintf(stderr, "kvm-hold: KVM_CREATE_VCPU: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (kvm < 0) {
		fprintf(stderr, "kvm-hold: /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	if (hold_vm(kvm, 1) || hold_vm(kvm, 0))
		return 1;
	printf("kvm-hold: ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
