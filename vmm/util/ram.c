// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/ram.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

void ram_init(struct ram *r, int vm_fd, uint32_t nr_slots)
{
	*r = (struct ram){ .vm_fd = vm_fd, .nr_slots = nr_slots };
}

void ram_destroy(struct ram *r)
{
	struct err e;
	unsigned int i;

	for (i = 0; i < RAM_MAX_MAPPINGS; i++)
		if (r->maps[i].in_use)
			ram_unmap(r, &r->maps[i], &e);
	for (i = 0; i < RAM_MAX_BLOCKS; i++)
		if (r->blocks[i].in_use)
			ram_block_remove(r, &r->blocks[i]);
}

static void notify_removed(struct ram *r, struct ram_block *b, unsigned int upto)
{
	unsigned int i;

	for (i = upto; i-- > 0;)
		if (r->notifiers[i]->block_removed)
			r->notifiers[i]->block_removed(r->notifiers[i], b);
}

int ram_block_add(struct ram *r, const char *name, uint64_t size,
		  struct ram_block **out, struct err *e)
{
	struct ram_block *b = NULL;
	unsigned int i;
	void *host;
	int ret;

	if (!size || size & 0xfff)
		return err_set(e, EINVAL, "RAM block %s: size %#" PRIx64 " is not a multiple of 4 KiB",
			       name, size);
	for (i = 0; i < RAM_MAX_BLOCKS; i++)
		if (!r->blocks[i].in_use) {
			b = &r->blocks[i];
			break;
		}
	if (!b)
		return err_set(e, ENOSPC, "RAM block %s: more than %d blocks", name, RAM_MAX_BLOCKS);

	/* NORESERVE: untouched guest memory costs nothing. */
	host = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED)
		return err_sys(e, errno, "RAM block %s: cannot allocate %" PRIu64 " MiB",
			       name, size >> 20);
	/*
	 * Transparent huge pages where the host offers them: loading a kernel
	 * and initrd then takes a handful of 2 MiB faults instead of thousands
	 * of 4 KiB ones, and the guest's TLB reach grows. Advice only: a host
	 * without THP (EINVAL) gets 4 KiB pages, as before.
	 */
	madvise(host, size, MADV_HUGEPAGE);

	*b = (struct ram_block){ .host = host, .size = size, .in_use = true };
	/* Truncated to fit; a copy, not snprintf(): see vcpu_thread_name(). */
	memcpy(b->name, name, strnlen(name, sizeof(b->name) - 1));

	for (i = 0; i < r->nr_notifiers; i++) {
		if (!r->notifiers[i]->block_added)
			continue;
		ret = r->notifiers[i]->block_added(r->notifiers[i], b, e);
		if (ret < 0) {
			notify_removed(r, b, i);
			munmap(host, size);
			b->in_use = false;
			return ret;
		}
	}
	if (out)
		*out = b;
	return 0;
}

void ram_block_remove(struct ram *r, struct ram_block *b)
{
	struct err e;
	unsigned int i;

	if (!b->in_use)
		return;
	for (i = 0; i < RAM_MAX_MAPPINGS; i++)
		if (r->maps[i].in_use && r->maps[i].block == b)
			ram_unmap(r, &r->maps[i], &e);
	notify_removed(r, b, r->nr_notifiers);
	munmap(b->host, b->size);
	b->in_use = false;
}

static int set_slot(struct ram *r, const struct ram_mapping *m, uint64_t size, struct err *e)
{
	struct kvm_userspace_memory_region region = {
		.slot = m->slot,
		.guest_phys_addr = m->gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)m->block->host + m->offset,
	};

	if (r->vm_fd < 0)
		return 0;
	if (ioctl(r->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return err_sys(e, errno, "KVM_SET_USER_MEMORY_REGION slot %u gpa %#" PRIx64
			       " size %#" PRIx64, m->slot, m->gpa, size);
	return 0;
}

int ram_map(struct ram *r, struct ram_block *b, uint64_t offset, uint64_t gpa,
	    uint64_t size, struct ram_mapping **out, struct err *e)
{
	struct ram_mapping *m = NULL;
	uint64_t slot_used = 0;
	unsigned int i;
	uint32_t slot;
	int ret;

	if (!size || (offset | gpa | size) & 0xfff || offset > b->size ||
	    size > b->size - offset || gpa + size < gpa)
		return err_set(e, EINVAL, "RAM block %s: bad mapping offset %#" PRIx64
			       " size %#" PRIx64 " at %#" PRIx64, b->name, offset, size, gpa);
	for (i = 0; i < RAM_MAX_MAPPINGS; i++) {
		const struct ram_mapping *o = &r->maps[i];

		if (!o->in_use) {
			if (!m)
				m = &r->maps[i];
			continue;
		}
		if (o->slot < 64)
			slot_used |= 1ull << o->slot;
		if (gpa < o->gpa + o->size && o->gpa < gpa + size)
			return err_set(e, EEXIST, "RAM block %s at %#" PRIx64
				       " overlaps %s at %#" PRIx64, b->name, gpa,
				       o->block->name, o->gpa);
	}
	for (slot = 0; slot < 64 && slot < r->nr_slots; slot++)
		if (!(slot_used & (1ull << slot)))
			break;
	if (!m || slot >= 64 || slot >= r->nr_slots)
		return err_set(e, ENOSPC, "RAM block %s: no free memslot", b->name);

	*m = (struct ram_mapping){ .block = b, .offset = offset, .gpa = gpa,
				   .size = size, .slot = slot };
	ret = set_slot(r, m, size, e);
	if (ret < 0)
		return ret;
	m->in_use = true;
	if (out)
		*out = m;
	return 0;
}

int ram_unmap(struct ram *r, struct ram_mapping *m, struct err *e)
{
	int ret;

	if (!m->in_use)
		return 0;
	ret = set_slot(r, m, 0, e);	/* size 0 deletes the slot */
	m->in_use = false;
	return ret;
}

int ram_notifier_add(struct ram *r, struct ram_notifier *n, struct err *e)
{
	unsigned int i;
	int ret;

	if (r->nr_notifiers >= RAM_MAX_NOTIFIERS)
		return err_set(e, ENOSPC, "too many RAM notifiers");
	for (i = 0; i < RAM_MAX_BLOCKS; i++) {
		if (!r->blocks[i].in_use || !n->block_added)
			continue;
		ret = n->block_added(n, &r->blocks[i], e);
		if (ret < 0) {
			while (i-- > 0)
				if (r->blocks[i].in_use && n->block_removed)
					n->block_removed(n, &r->blocks[i]);
			return ret;
		}
	}
	r->notifiers[r->nr_notifiers++] = n;
	return 0;
}

void ram_notifier_remove(struct ram *r, struct ram_notifier *n)
{
	unsigned int i;

	for (i = 0; i < r->nr_notifiers; i++) {
		if (r->notifiers[i] != n)
			continue;
		memmove(&r->notifiers[i], &r->notifiers[i + 1],
			(r->nr_notifiers - i - 1) * sizeof(r->notifiers[0]));
		r->nr_notifiers--;
		return;
	}
}

void *ram_gpa_to_hva(const struct ram *r, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	if (gpa + len < gpa)
		return NULL;
	for (i = 0; i < RAM_MAX_MAPPINGS; i++) {
		const struct ram_mapping *m = &r->maps[i];

		if (m->in_use && gpa >= m->gpa && gpa - m->gpa <= m->size &&
		    len <= m->size - (gpa - m->gpa))
			return (char *)m->block->host + m->offset + (gpa - m->gpa);
	}
	return NULL;
}

int ram_write(const struct ram *r, uint64_t gpa, const void *src, uint64_t len,
	      const char *what, struct err *e)
{
	void *dst = ram_gpa_to_hva(r, gpa, len);

	if (!dst)
		return err_set(e, EFAULT, "%s: [%#" PRIx64 ", %#" PRIx64 ") is not guest RAM",
			       what, gpa, gpa + len);
	memcpy(dst, src, len);
	ram_note_write(r, gpa, len, what);
	return 0;
}

void ram_note_write(const struct ram *r, uint64_t gpa, uint64_t len, const char *what)
{
	if (r->watch.written && len)
		r->watch.written(r->watch.opaque, gpa, len, what);
}
