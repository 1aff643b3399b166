// SPDX-License-Identifier: GPL-2.0
/* The `kvm` backend: KVM_MEMORY_ENCRYPT_OP on the VM, SEV_ISSUE_CMD on /dev/sev. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sev/backend.h"
#include "vmm/util/kvm.h"

#define SEV_DEVICE	"/dev/sev"

struct kvm_backend {
	struct sev_backend b;
	int sev_fd;
};

static struct kvm_backend *to_kvm(struct sev_backend *b)
{
	return (struct kvm_backend *)b;
}

static int kvm_mem_enc_op(struct sev_backend *b, struct kvm_sev_cmd *cmd)
{
	cmd->sev_fd = (__u32)to_kvm(b)->sev_fd;
	return ioctl(b->vm_fd, KVM_MEMORY_ENCRYPT_OP, cmd) < 0 ? -errno : 0;
}

static int kvm_reg_region(struct sev_backend *b, const struct kvm_enc_region *r)
{
	return ioctl(b->vm_fd, KVM_MEMORY_ENCRYPT_REG_REGION, r) < 0 ? -errno : 0;
}

static int kvm_unreg_region(struct sev_backend *b, const struct kvm_enc_region *r)
{
	return ioctl(b->vm_fd, KVM_MEMORY_ENCRYPT_UNREG_REGION, r) < 0 ? -errno : 0;
}

static int kvm_create_vm(struct sev_backend *b, int kvm_fd, unsigned long type)
{
	b->vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, type);
	return b->vm_fd < 0 ? -errno : 0;
}

static int kvm_sev_issue_cmd(struct sev_backend *b, struct sev_issue_cmd *cmd)
{
	return ioctl(to_kvm(b)->sev_fd, SEV_ISSUE_CMD, cmd) < 0 ? -errno : 0;
}

static int kvm_vcpu_ioctl(struct sev_backend *b, unsigned int idx, int fd, unsigned long req,
			  void *arg)
{
	int r = ioctl(fd, req, arg);

	(void)b;
	(void)idx;
	return r < 0 ? -errno : r;
}

static void kvm_destroy(struct sev_backend *b)
{
	struct kvm_backend *k = to_kvm(b);

	if (k->sev_fd >= 0)
		close(k->sev_fd);
	free(k);
}

static const struct sev_backend_ops kvm_ops = {
	.create_vm = kvm_create_vm,
	.mem_enc_op = kvm_mem_enc_op,
	.reg_region = kvm_reg_region,
	.unreg_region = kvm_unreg_region,
	.sev_issue_cmd = kvm_sev_issue_cmd,
	.vcpu_ioctl = kvm_vcpu_ioctl,
	.destroy = kvm_destroy,
};

/* "Y", "1" or "N", "0" from /sys/module/kvm_amd/parameters/NAME; -1 if absent. */
static int kvm_amd_param(const char *name)
{
	char path[128], buf[8] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/kvm_amd/parameters/%s", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return buf[0] == 'Y' || buf[0] == '1';
}

static void host_cbit(struct sev_backend *b)
{
	unsigned int eax, ebx, ecx, edx;

	/* CPUID 0x8000001F: EBX[5:0] C-bit, [11:6] reduced physical bits (APM vol. 3). */
	__asm__ volatile("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
			 : "a"(0x8000001fu), "c"(0u));
	b->cbit = ebx & 0x3f;
	b->reduced_phys_bits = (ebx >> 6) & 0x3f;
}

/* Names everything this host lacks for SEV (or SEV-ES); empty when nothing. */
static void missing_pieces(bool es, bool have_dev, int vm_types, char *buf, size_t len)
{
	int sev = kvm_amd_param("sev"), sev_es = kvm_amd_param("sev_es");
	size_t n = 0;

	buf[0] = 0;
	if (!have_dev)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      SEV_DEVICE " (the PSP driver, ccp)");
	if (sev < 0)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      "the kvm_amd module (not loaded)");
	else if (!sev)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      "kvm_amd's sev parameter (sev=N)");
	else if (es && sev_es == 0)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      "kvm_amd's sev_es parameter (sev_es=N)");
	if (n < len && vm_types >= 0 && !(vm_types & (1 << (es ? KVM_X86_SEV_ES_VM : KVM_X86_SEV_VM))) &&
	    (sev <= 0 || !have_dev))
		snprintf(buf + n, len - n, "%sthe %s VM type (KVM_CAP_VM_TYPES = %#x)",
			 n ? ", " : "", es ? "SEV-ES" : "SEV", (unsigned int)vm_types);
}

/*
 * A /dev/kvm attribute of group KVM_X86_GRP_SEV (KVM_GET_DEVICE_ATTR, 6.10);
 * 0 when the kernel does not know it.
 */
static uint64_t sev_attr(int kvm_fd, uint64_t attr_id)
{
	uint64_t val = 0;
	struct kvm_device_attr attr = {
		.group = KVM_X86_GRP_SEV, .attr = attr_id, .addr = (uint64_t)(uintptr_t)&val,
	};

	return ioctl(kvm_fd, KVM_GET_DEVICE_ATTR, &attr) < 0 ? 0 : val;
}

int sev_backend_kvm_open(struct sev_backend **out, int kvm_fd, bool es, struct err *e)
{
	int vm_types = kvm_check_cap(kvm_fd, KVM_CAP_VM_TYPES);
	struct kvm_backend *k;
	char missing[400];
	int fd;

	fd = open(SEV_DEVICE, O_RDWR | O_CLOEXEC);
	missing_pieces(es, fd >= 0, vm_types, missing, sizeof(missing));
	if (missing[0]) {
		if (fd >= 0)
			close(fd);
		return err_set(e, ENODEV, "--%s: this host cannot run %s guests: missing %s; "
			       "--sev-backend sim runs them on sevvm's software model instead",
			       es ? "sev-es" : "sev", es ? "SEV-ES" : "SEV", missing);
	}
	if (fd < 0)
		return err_sys(e, errno, SEV_DEVICE);
	k = calloc(1, sizeof(*k));
	if (!k) {
		close(fd);
		return err_set(e, ENOMEM, "SEV backend");
	}
	k->sev_fd = fd;
	k->b = (struct sev_backend){
		.ops = &kvm_ops, .kind = SEV_BACKEND_KVM, .name = "kvm", .vm_fd = -1,
		.vm_types = (uint64_t)(vm_types > 0 ? vm_types : 1),
		/* Before 6.10: no VMSA features. */
		.vmsa_features = sev_attr(kvm_fd, KVM_X86_SEV_VMSA_FEATURES),
		/* kernel-patches/0001; absent from stock kernels. */
		.get_vmsa_len = sev_attr(kvm_fd, KVM_X86_SEV_GET_VMSA),
		.es = kvm_amd_param("sev_es") == 1,
	};
	host_cbit(&k->b);
	*out = &k->b;
	return 0;
}
