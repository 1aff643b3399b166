// SPDX-License-Identifier: GPL-2.0
/*
 * The launch driver and the model of KVM's SEV code: KVM's rules for each
 * command, the region list, and a whole launch whose digest and
 * measurement are checked against Python's hashlib/hmac.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sev/backend.h"
#include "sev/debug.h"
#include "sev/launch.h"
#include "sev/regions.h"
#include "sev/model/sim_fw.h"
#include "sev/status.h"
#include "tests/unit/unit.h"
#include "vmm/layout.h"
#include "vmm/vm.h"

static int fixed_rand(void *opaque, uint8_t *buf, size_t len)
{
	(void)opaque;
	memset(buf, 0xa5, len);
	return 0;
}

static struct sev_backend *open_sim(void)
{
	struct sev_sim_config c = { .api_major = 1, .api_minor = 55, .build = 21, .cbit = 47,
				    .rand = fixed_rand };
	struct sev_backend *b = NULL;
	struct err e;

	ck_assert_int_eq(sev_backend_sim_open(&b, &c, &e), 0);
	return b;
}

static int op(struct sev_backend *b, uint32_t id, void *data, uint32_t *fw)
{
	struct kvm_sev_cmd cmd = { .id = id, .data = (uint64_t)(uintptr_t)data };
	int r = b->ops->mem_enc_op(b, &cmd);

	if (fw)
		*fw = cmd.error;
	return r;
}

START_TEST(kvm_rules_before_init)
{
	struct sev_backend *b = open_sim();
	struct kvm_sev_launch_start start = { .policy = 1 };
	struct sevvm_kvm_sev_init init2 = { 0 };
	struct kvm_enc_region reg = { .addr = 0x1000, .size = 0x1000 };

	ck_assert_int_eq(b->ops->create_vm(b, -1, KVM_X86_DEFAULT_VM), 0);
	/* Nothing but an init command before init: -ENOTTY, as sev_mem_enc_ioctl. */
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_START, &start, NULL), -ENOTTY);
	ck_assert_int_eq(b->ops->reg_region(b, &reg), -ENOTTY);
	/* INIT2 needs an SEV VM type. */
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &init2, NULL), -EINVAL);
	ck_assert_int_eq(op(b, KVM_SEV_INIT, NULL, NULL), 0);
	ck_assert_int_eq(op(b, KVM_SEV_INIT, NULL, NULL), -EINVAL);	/* only once */
	/* Not an ES VM: no VMSA to update. */
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, NULL), -ENOTTY);
	sev_backend_close(b);
}
END_TEST

START_TEST(kvm_rules_init2)
{
	struct sev_backend *b = open_sim();
	struct sevvm_kvm_sev_init bad_flags = { .flags = 1 }, bad_ghcb = { .ghcb_version = 3 };
	struct sevvm_kvm_sev_init ok = { 0 };

	ck_assert_int_eq(b->ops->create_vm(b, -1, KVM_X86_SEV_ES_VM), 0);
	ck_assert_int_eq(op(b, KVM_SEV_ES_INIT, NULL, NULL), -EINVAL);	/* legacy: default VM only */
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &bad_flags, NULL), -EINVAL);
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &bad_ghcb, NULL), -EINVAL);
	b->vcpus.nr = 1;	/* a vCPU exists: too late */
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &ok, NULL), -EINVAL);
	b->vcpus.nr = 0;
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &ok, NULL), 0);
	sev_backend_close(b);
}
END_TEST

START_TEST(kvm_rules_policy_and_probe)
{
	struct sev_backend *b = open_sim();
	struct kvm_sev_launch_start es_policy = { .policy = 0x5 }, start = { .policy = 0x1 };
	struct kvm_sev_launch_measure m = { 0 };
	struct kvm_enc_region reg = { .addr = 0x10000, .size = 0x2000 };
	struct kvm_enc_region other = { .addr = 0x10000, .size = 0x1000 };
	uint32_t fw;

	ck_assert_int_eq(b->ops->create_vm(b, -1, KVM_X86_SEV_VM), 0);
	ck_assert_int_eq(op(b, SEVVM_KVM_SEV_INIT2, &(struct sevvm_kvm_sev_init){ 0 }, NULL), 0);
	/* An ES policy on an SEV (not ES) VM cannot bind. */
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_START, &es_policy, &fw), -EIO);
	ck_assert_uint_eq(fw, SEV_POLICY_FAILURE);
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_START, &start, &fw), 0);
	ck_assert_uint_ne(start.handle, 0);
	/* MEASURE before the launch is measured: the length probe. */
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_MEASURE, &m, &fw), -EIO);
	ck_assert_uint_eq(fw, SEV_INVALID_LENGTH);
	ck_assert_uint_eq(m.len, 48);
	/* FINISH from LUPDATE is an illegal transition. */
	ck_assert_int_eq(op(b, KVM_SEV_LAUNCH_FINISH, NULL, &fw), -EIO);
	ck_assert_uint_eq(fw, SEV_INVALID_GUEST_STATE);
	ck_assert_int_eq(b->ops->reg_region(b, &reg), 0);
	ck_assert_int_eq(b->ops->unreg_region(b, &other), -EINVAL);	/* exact match only */
	ck_assert_int_eq(b->ops->unreg_region(b, &reg), 0);
	sev_backend_close(b);
}
END_TEST

START_TEST(regions_merge)
{
	struct sev_regions s;

	sev_regions_init(&s);
	ck_assert_int_eq(sev_regions_add(&s, 0x1003, 5, "a"), 0);	/* -> [0x1000, 0x1010) */
	ck_assert_int_eq(sev_regions_add(&s, 0x3000, 0x20, "c"), 0);
	ck_assert_int_eq(sev_regions_add(&s, 0x2000, 0x10, "b"), 0);
	ck_assert_uint_eq(s.nr, 3);
	ck_assert_uint_eq(s.r[0].gpa, 0x1000);
	ck_assert_uint_eq(s.r[0].len, 0x10);
	ck_assert_uint_eq(s.r[1].gpa, 0x2000);
	/* One range bridging b and c merges them, keeping both names. */
	ck_assert_int_eq(sev_regions_add(&s, 0x2008, 0xff8, "d"), 0);
	ck_assert_uint_eq(s.nr, 2);
	ck_assert_uint_eq(s.r[1].gpa, 0x2000);
	ck_assert_uint_eq(s.r[1].len, 0x1020);
	ck_assert_str_eq(s.r[1].what, "b+d+c");
	ck_assert_uint_eq(sev_regions_bytes(&s), 0x1030);
	ck_assert_int_eq(sev_regions_add(&s, UINT64_MAX - 4, 16, "wrap"), -EINVAL);
	sev_regions_free(&s);
}
END_TEST

/* A firmware launch: the image (rank 0) before the hashes table (rank 1). */
START_TEST(regions_by_rank)
{
	struct sev_regions s;

	sev_regions_init(&s);
	ck_assert_int_eq(sev_regions_add(&s, 0xffff0000, 0x10000, "firmware"), 0);
	s.rank = 1;
	ck_assert_int_eq(sev_regions_add(&s, 0x800000, 176, "table"), 0);
	/* Touching the image's end, but another rank: not merged. */
	ck_assert_int_eq(sev_regions_add(&s, 0xfffeff00, 0x100, "below"), 0);
	ck_assert_int_eq(sev_regions_add(&s, 0x800010, 0x10, "in table"), 0);
	ck_assert_uint_eq(s.nr, 3);
	ck_assert_uint_eq(s.r[0].gpa, 0xffff0000);
	ck_assert_uint_eq(s.r[0].rank, 0);
	ck_assert_uint_eq(s.r[1].gpa, 0x800000);
	ck_assert_uint_eq(s.r[1].len, 176);
	ck_assert_str_eq(s.r[1].what, "table+in table");
	ck_assert_uint_eq(s.r[2].gpa, 0xfffeff00);
	ck_assert_uint_eq(s.r[2].rank, 1);
	/* A lower rank still goes in front of the higher one. */
	s.rank = 0;
	ck_assert_int_eq(sev_regions_add(&s, 0x1000, 16, "low"), 0);
	ck_assert_uint_eq(s.r[0].gpa, 0x1000);
	ck_assert_uint_eq(s.r[1].gpa, 0xffff0000);
	sev_regions_free(&s);
}
END_TEST

START_TEST(status_names)
{
	char buf[64];

	ck_assert_str_eq(sev_status_str(2, buf, sizeof(buf)), "INVALID_GUEST_STATE (0x02)");
	ck_assert_str_eq(sev_status_name(0x0b), "BAD_MEASUREMENT");
	ck_assert_str_eq(sev_status_name(0x1e), "UNKNOWN");
	ck_assert_str_eq(sev_status_name(0xffffffffu), "UNKNOWN");
}
END_TEST

/* Runs /usr/bin/python3 -c @prog, returns its first output line. */
static void python(const char *prog, char *out, size_t len)
{
	char cmd[4096];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c '%s'", prog);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(out, (int)len, p));
	out[strcspn(out, "\n")] = 0;
	ck_assert_int_eq(pclose(p), 0);
}

/* A whole SEV launch on the model, checked against hashlib and hmac. */
START_TEST(launch_digest_and_measurement)
{
	struct sev_config cfg = { .mode = SEV_MODE_SEV, .backend = SEV_BACKEND_SIM };
	struct sev_vcpu_source none = { 0 };
	struct e820_map map;
	struct sev_launch l;
	struct ram ram;
	struct err e;
	char hex[65], want[200];
	uint8_t tek[16], tik[16];
	int vm_fd;

	ram_init(&ram, -1, 64);
	ck_assert_int_eq(sev_launch_open(&l, &cfg, -1, 47, &e), 0);
	ck_assert_int_eq(sev_launch_create_vm(&l, -1, &vm_fd, &e), 0);
	ck_assert_int_eq(sev_launch_start(&l, &e), 0);
	ck_assert_int_eq(vm_create_memory(&ram, &map, 16ull << 20, &e), 0);
	ck_assert_int_eq(sev_launch_attach_ram(&l, &ram, &e), 0);
	/* "hello" at 0x1003 measures [0x1000, 0x1010); 0x22 x 32 at 0x2008 -> [0x2000, 0x2030). */
	ck_assert_int_eq(ram_write(&ram, 0x1003, "hello", 5, "a", &e), 0);
	ck_assert_int_eq(ram_write(&ram, 0x2008, (uint8_t[32]){ [0 ... 31] = 0x22 }, 32, "b", &e), 0);
	ck_assert_int_eq(sev_launch_finish(&l, &none, &e), 0);
	ck_assert_uint_eq(l.measured_bytes, 0x40);
	python("import hashlib; m = bytes(3) + b\"hello\" + bytes(8) + bytes(8) + b\"\\x22\" * 32 + bytes(8); "
	       "print(hashlib.sha256(m).hexdigest())", want, sizeof(want));
	ck_assert_str_eq(sev_hex(l.digest, 32, hex), want);
	/* The measurement with the model's TIK: HMAC-SHA256 as 55766 6.5 gives it. */
	ck_assert_int_eq(sev_backend_sim_keys(l.be, tek, tik), 0);
	{
		char prog[1024], th[33], dh[65], nh[33];

		snprintf(prog, sizeof(prog), "import hmac, hashlib; "
			 "d = bytes([4, 1, 55, 21]) + (1).to_bytes(4, \"little\") + bytes.fromhex(\"%s\") + bytes.fromhex(\"%s\"); "
			 "print(hmac.new(bytes.fromhex(\"%s\"), d, hashlib.sha256).hexdigest())",
			 sev_hex(l.digest, 32, dh), sev_hex(l.measurement + 32, 16, nh),
			 sev_hex(tik, 16, th));
		python(prog, want, sizeof(want));
		ck_assert_str_eq(sev_hex(l.measurement, 32, hex), want);
	}
	ck_assert(l.finished);
	ram_destroy(&ram);
	sev_launch_close(&l);
}
END_TEST

/*
 * The debugger's access to a launched guest's memory (sev/debug.c) on the
 * model: unaligned reads and a write that covers part of a 16-byte block
 * and crosses a page (the firmware takes whole blocks of one page), and the
 * firmware's POLICY_FAILURE under NODBG named in the message.
 */
static void debug_launch(struct sev_launch *l, struct sev_config *cfg, struct ram *ram,
			 uint32_t policy)
{
	struct sev_vcpu_source none = { 0 };
	struct e820_map map;
	struct err e;
	int vm_fd;

	*cfg = (struct sev_config){ .mode = SEV_MODE_SEV, .backend = SEV_BACKEND_SIM,
				    .policy_set = true, .policy = policy };
	ram_init(ram, -1, 64);
	ck_assert_int_eq(sev_launch_open(l, cfg, -1, 47, &e), 0);
	ck_assert_int_eq(sev_launch_create_vm(l, -1, &vm_fd, &e), 0);
	ck_assert_int_eq(sev_launch_start(l, &e), 0);
	ck_assert_int_eq(vm_create_memory(ram, &map, 16ull << 20, &e), 0);
	ck_assert_int_eq(sev_launch_attach_ram(l, ram, &e), 0);
	ck_assert_int_eq(sev_launch_finish(l, &none, &e), 0);
}

START_TEST(debug_access_any_alignment)
{
	struct sev_config cfg;
	struct sev_launch l;
	struct ram ram;
	struct err e;
	uint8_t *hva, got[40], patch[21];
	unsigned int i;

	debug_launch(&l, &cfg, &ram, 0);
	hva = ram_gpa_to_hva(&ram, 0x10000, 0x2000);
	ck_assert_ptr_nonnull(hva);
	for (i = 0; i < 0x2000; i++)
		hva[i] = (uint8_t)(i * 7);
	/* 40 bytes from 0x10ff3: 13 in one page, 27 in the next. */
	ck_assert_int_eq(sev_debug_access(&l, hva + 0xff3, got, sizeof(got), false, &e), 0);
	ck_assert_mem_eq(got, hva + 0xff3, sizeof(got));
	memset(patch, 0xee, sizeof(patch));
	ck_assert_int_eq(sev_debug_access(&l, hva + 0xff5, patch, sizeof(patch), true, &e), 0);
	for (i = 0xfe0; i < 0x1020; i++)
		ck_assert_uint_eq(hva[i], i >= 0xff5 && i < 0xff5 + sizeof(patch) ? 0xee :
					  (uint8_t)(i * 7));
	ram_destroy(&ram);
	sev_launch_close(&l);
}
END_TEST

START_TEST(debug_access_nodbg)
{
	struct sev_config cfg;
	struct sev_launch l;
	struct ram ram;
	struct err e;
	uint8_t *hva, b[16];

	debug_launch(&l, &cfg, &ram, 1);
	hva = ram_gpa_to_hva(&ram, 0x10000, 16);
	ck_assert_int_eq(sev_debug_access(&l, hva, b, 4, false, &e), -EPERM);
	ck_assert_msg(strstr(e.msg, "KVM_SEV_DBG_DECRYPT") && strstr(e.msg, "NODBG"), "%s", e.msg);
	ck_assert_int_eq(sev_debug_access(&l, hva, b, sizeof(b), true, &e), -EPERM);
	ck_assert_msg(strstr(e.msg, "KVM_SEV_DBG_ENCRYPT"), "%s", e.msg);
	ram_destroy(&ram);
	sev_launch_close(&l);
}
END_TEST

/*
 * RLIMIT_MEMLOCK is checked as each RAM block is registered, also for RAM
 * made after the launch attached (as `sevvm run` does), and the message says
 * how much the guest needs. Runs in Check's forked child: it drops
 * CAP_IPC_LOCK and lowers the limit there, and lets the model stand in for
 * KVM (the check applies to the kvm backend only).
 */
START_TEST(memlock_checked_per_block)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct caps[2];
	struct sev_config cfg = { .mode = SEV_MODE_SEV, .backend = SEV_BACKEND_SIM };
	struct rlimit rl = { .rlim_cur = 8u << 20, .rlim_max = 8u << 20 };
	struct e820_map map;
	struct sev_launch l;
	struct ram ram;
	struct err e;
	int vm_fd;

	ck_assert_int_eq(syscall(SYS_capget, &hdr, caps), 0);
	caps[CAP_IPC_LOCK / 32].effective &= ~(1u << (CAP_IPC_LOCK % 32));
	ck_assert_int_eq(syscall(SYS_capset, &hdr, caps), 0);
	ck_assert_int_eq(setrlimit(RLIMIT_MEMLOCK, &rl), 0);

	ram_init(&ram, -1, 64);
	ck_assert_int_eq(sev_launch_open(&l, &cfg, -1, 47, &e), 0);
	ck_assert_int_eq(sev_launch_create_vm(&l, -1, &vm_fd, &e), 0);
	ck_assert_int_eq(sev_launch_start(&l, &e), 0);
	ck_assert_int_eq(sev_launch_attach_ram(&l, &ram, &e), 0);
	l.be->kind = SEV_BACKEND_KVM;
	ck_assert_int_eq(vm_create_memory(&ram, &map, 16ull << 20, &e), -ENOMEM);
	ck_assert_msg(strstr(e.msg, "16384 KiB must be lockable") &&
		      strstr(e.msg, "RLIMIT_MEMLOCK is 8192 KiB"), "message: %s", e.msg);
	l.be->kind = SEV_BACKEND_SIM;
	ck_assert_uint_eq(l.pinned, 0);
	ram_destroy(&ram);
	sev_launch_close(&l);
}
END_TEST

/* A VM that fails before it opened KVM closes none of the process's files (fd 0 was one). */
START_TEST(vm_destroy_after_early_failure)
{
	struct vm_config cfg = { .expect = "(", .ncpus = 1, .kvm_path = "/dev/null" };
	struct stat before, after;
	struct vm *vm = calloc(1, sizeof(*vm));
	struct err e = { 0 };
	int fd0 = open("/dev/null", O_RDONLY | O_CLOEXEC);

	/* fd 0 is whatever the runner gave us, or this /dev/null if it gave none. */
	if (fd0 > 0 && fcntl(0, F_GETFD) < 0)
		dup2(fd0, 0);
	ck_assert_int_eq(fstat(0, &before), 0);
	ck_assert_int_lt(vm_create(vm, &cfg, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "--expect"));
	vm_destroy(vm);
	ck_assert_int_eq(fstat(0, &after), 0);
	ck_assert_uint_eq(before.st_ino, after.st_ino);
	ck_assert_uint_eq(before.st_dev, after.st_dev);
	if (fd0 > 0)
		close(fd0);
	free(vm);
}
END_TEST

Suite *sev_launch_suite(void)
{
	Suite *s = suite_create("sev-launch");
	TCase *t = tcase_create("launch");

	tcase_add_test(t, kvm_rules_before_init);
	tcase_add_test(t, kvm_rules_init2);
	tcase_add_test(t, kvm_rules_policy_and_probe);
	tcase_add_test(t, regions_merge);
	tcase_add_test(t, regions_by_rank);
	tcase_add_test(t, status_names);
	tcase_add_test(t, launch_digest_and_measurement);
	tcase_add_test(t, debug_access_any_alignment);
	tcase_add_test(t, debug_access_nodbg);
	tcase_add_test(t, memlock_checked_per_block);
	tcase_add_test(t, vm_destroy_after_early_failure);
	suite_add_tcase(s, t);
	return s;
}
