// SPDX-License-Identifier: GPL-2.0
/*
 * Opening /dev/kvm. The VMM never looks at the host's CPUID for svm/vmx:
 * nested and paravirtual KVM implementations work without them, so the only
 * test is whether the kernel answers the ioctls we need.
 */
#include "vmm/util/kvm.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <unistd.h>

int kvm_check_cap(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	return r < 0 ? 0 : r;
}

int kvm_sys_open(struct kvm_sys *k, const char *path, struct err *e)
{
	int r;

	*k = (struct kvm_sys){ .fd = -1 };
	k->fd = open(path, O_RDWR | O_CLOEXEC);
	if (k->fd < 0)
		return err_sys(e, errno, "cannot open %s%s", path,
			       errno == ENOENT ? " (is the kvm module loaded?)" : "");

	k->api_version = ioctl(k->fd, KVM_GET_API_VERSION, 0);
	if (k->api_version != KVM_API_VERSION) {
		r = err_set(e, ENOTSUP, "%s: KVM API version %d, expected %d",
			    path, k->api_version, KVM_API_VERSION);
		goto fail;
	}
	r = ioctl(k->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (r <= 0) {
		r = err_sys(e, r < 0 ? errno : EINVAL, "%s: KVM_GET_VCPU_MMAP_SIZE", path);
		goto fail;
	}
	k->vcpu_mmap_size = (size_t)r;

	k->max_vcpus = kvm_check_cap(k->fd, KVM_CAP_MAX_VCPUS);
	if (!k->max_vcpus)
		k->max_vcpus = kvm_check_cap(k->fd, KVM_CAP_NR_VCPUS);
	if (!k->max_vcpus)
		k->max_vcpus = 4;	/* the documented default */
	k->nr_memslots = kvm_check_cap(k->fd, KVM_CAP_NR_MEMSLOTS);
	if (!k->nr_memslots)
		k->nr_memslots = 32;
	k->has_irqchip = kvm_check_cap(k->fd, KVM_CAP_IRQCHIP);
	k->has_pit2 = kvm_check_cap(k->fd, KVM_CAP_PIT2);
	k->has_tss_addr = kvm_check_cap(k->fd, KVM_CAP_SET_TSS_ADDR);
	k->has_immediate_exit = kvm_check_cap(k->fd, KVM_CAP_IMMEDIATE_EXIT);
	k->has_user_memory = kvm_check_cap(k->fd, KVM_CAP_USER_MEMORY);
	k->has_ioeventfd = kvm_check_cap(k->fd, KVM_CAP_IOEVENTFD);
	k->has_irqfd = kvm_check_cap(k->fd, KVM_CAP_IRQFD);
	k->has_msi = kvm_check_cap(k->fd, KVM_CAP_SIGNAL_MSI);

	if (!k->has_user_memory) {
		r = err_set(e, ENOTSUP, "%s: KVM_CAP_USER_MEMORY is missing", path);
		goto fail;
	}
	if (!k->has_irqchip) {
		r = err_set(e, ENOTSUP, "%s: KVM_CAP_IRQCHIP (in-kernel irqchip) is missing", path);
		goto fail;
	}
	return 0;
fail:
	close(k->fd);
	k->fd = -1;
	return r;
}

void kvm_sys_close(struct kvm_sys *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}
