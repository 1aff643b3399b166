// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory for the launch (design decision 1): every RAM block pinned
 * and registered with KVM_MEMORY_ENCRYPT_REG_REGION from the RAM-block
 * notifier, for the VM's life, and every write sevvm makes into guest RAM
 * recorded as a region to measure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "sev/launch.h"
#include "sev/launch_internal.h"

#define CAP_IPC_LOCK_BIT 14

static bool has_cap_ipc_lock(void)
{
	char line[256];
	bool yes = false;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "CapEff:", 7)) {
			yes = (strtoull(line + 7, NULL, 16) >> CAP_IPC_LOCK_BIT) & 1;
			break;
		}
	}
	if (f)
		fclose(f);
	return yes;
}

/*
 * KVM pins every registered page and charges it to RLIMIT_MEMLOCK
 * (sev_pin_memory()); checked for each block before it is registered, so
 * the message says how much the whole guest needs.
 */
static int check_memlock(struct sev_launch *l, uint64_t need, struct err *e)
{
	struct rlimit rl;
	bool cap = has_cap_ipc_lock();

	if (getrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		rl.rlim_cur = RLIM_INFINITY;
	sev_log_event(&l->log, "memlock", "\"needed\": %" PRIu64 ", \"limit\": %lld, "
		      "\"cap_ipc_lock\": %s", need,
		      rl.rlim_cur == RLIM_INFINITY ? -1LL : (long long)rl.rlim_cur,
		      cap ? "true" : "false");
	if (l->be->kind == SEV_BACKEND_KVM && !cap && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < need)
		return err_set(e, ENOMEM, "SEV pins all guest memory: %" PRIu64 " KiB must be lockable, "
			       "but RLIMIT_MEMLOCK is %llu KiB (raise it: ulimit -l %" PRIu64
			       ", or run with CAP_IPC_LOCK)", need >> 10,
			       (unsigned long long)rl.rlim_cur >> 10, need >> 10);
	return 0;
}

/* The RAM-block notifier: pin and register every block for the VM's life. */
static int block_added(struct ram_notifier *n, struct ram_block *b, struct err *e)
{
	struct sev_launch *l = (struct sev_launch *)((char *)n - offsetof(struct sev_launch, notifier));
	struct kvm_enc_region reg = { .addr = (uint64_t)(uintptr_t)b->host, .size = b->size };
	int r = check_memlock(l, l->pinned + b->size, e);

	if (r)
		return r;
	r = l->be->ops->reg_region(l->be, &reg);
	if (!r)
		l->pinned += b->size;
	sev_log_event(&l->log, "register", "\"block\": \"%s\", \"size\": %" PRIu64 ", \"result\": %d",
		      b->name, b->size, r);
	if (r)
		return err_set(e, -r, "KVM_MEMORY_ENCRYPT_REG_REGION (RAM block %s, %" PRIu64
			       " MiB): %s", b->name, b->size >> 20, strerror(-r));
	return 0;
}

static void block_removed(struct ram_notifier *n, struct ram_block *b)
{
	struct sev_launch *l = (struct sev_launch *)((char *)n - offsetof(struct sev_launch, notifier));
	struct kvm_enc_region reg = { .addr = (uint64_t)(uintptr_t)b->host, .size = b->size };
	int r = l->be->ops->unreg_region(l->be, &reg);

	if (!r && l->pinned >= b->size)
		l->pinned -= b->size;
	sev_log_event(&l->log, "unregister", "\"block\": \"%s\", \"result\": %d", b->name, r);
}

static void written(void *opaque, uint64_t gpa, uint64_t len, const char *what)
{
	sev_regions_add(opaque, gpa, len, what);
}


int sev_launch_attach_ram(struct sev_launch *l, struct ram *ram, struct err *e)
{
	int r;

	l->ram = ram;
	l->notifier = (struct ram_notifier){ .block_added = block_added,
					     .block_removed = block_removed };
	r = ram_notifier_add(ram, &l->notifier, e);
	if (r)
		return r;
	ram->watch = (struct ram_write_watch){ .written = written, .opaque = &l->regions };
	return 0;
}
