/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory as RAM blocks (design decision 1): a block is host memory with
 * a lifetime; mapping it into guest-physical space (a KVM memslot) is a
 * separate, reversible act. Subscribers (the SEV backend pins and registers
 * memory from here) hear about blocks being added and removed, not mapped.
 */
#ifndef SEVVM_RAM_H
#define SEVVM_RAM_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define RAM_MAX_BLOCKS		16
#define RAM_MAX_NOTIFIERS	8
#define RAM_MAX_MAPPINGS	32

struct ram_block {
	char name[32];
	void *host;
	uint64_t size;
	bool in_use;
};

/* One memslot: a window of a block at a guest-physical address. */
struct ram_mapping {
	struct ram_block *block;
	uint64_t offset;	/* into the block */
	uint64_t gpa;
	uint64_t size;
	uint32_t slot;
	bool in_use;
};

struct ram_notifier {
	/* Both may be NULL. A failing block_added vetoes the block. */
	int (*block_added)(struct ram_notifier *n, struct ram_block *b, struct err *e);
	void (*block_removed)(struct ram_notifier *n, struct ram_block *b);
};

/*
 * Told of every write the VMM makes into guest RAM by address (the SEV
 * launch measures exactly those bytes). @what names the data.
 */
struct ram_write_watch {
	void (*written)(void *opaque, uint64_t gpa, uint64_t len, const char *what);
	void *opaque;
};

struct ram {
	int vm_fd;		/* -1: no KVM (unit tests) */
	uint32_t nr_slots;	/* KVM_CAP_NR_MEMSLOTS */
	struct ram_block blocks[RAM_MAX_BLOCKS];
	struct ram_mapping maps[RAM_MAX_MAPPINGS];
	struct ram_notifier *notifiers[RAM_MAX_NOTIFIERS];
	unsigned int nr_notifiers;
	struct ram_write_watch watch;
};

void ram_init(struct ram *r, int vm_fd, uint32_t nr_slots);
/* Unmaps and removes every block. */
void ram_destroy(struct ram *r);

/* Allocates @size bytes of zeroed, page-aligned host memory as a block. */
int ram_block_add(struct ram *r, const char *name, uint64_t size,
		  struct ram_block **out, struct err *e);
void ram_block_remove(struct ram *r, struct ram_block *b);

/* Maps [offset, offset+size) of @b at @gpa (a KVM memslot) and back. */
int ram_map(struct ram *r, struct ram_block *b, uint64_t offset, uint64_t gpa,
	    uint64_t size, struct ram_mapping **out, struct err *e);
int ram_unmap(struct ram *r, struct ram_mapping *m, struct err *e);

/* Subscribes; the notifier first hears of every block that already exists. */
int ram_notifier_add(struct ram *r, struct ram_notifier *n, struct err *e);
void ram_notifier_remove(struct ram *r, struct ram_notifier *n);

/*
 * Host pointer for guest-physical [gpa, gpa+len), or NULL when the range is
 * not entirely inside one mapping. Every access to guest memory by address
 * goes through here: the guest is untrusted.
 */
void *ram_gpa_to_hva(const struct ram *r, uint64_t gpa, uint64_t len);

/*
 * Reports a write made through a pointer from ram_gpa_to_hva() to the write
 * watch; ram_write() reports its own.
 */
void ram_note_write(const struct ram *r, uint64_t gpa, uint64_t len, const char *what);

/* Copies into guest memory; -EFAULT with a message naming @what. */
int ram_write(const struct ram *r, uint64_t gpa, const void *src, uint64_t len,
	      const char *what, struct err *e);

#endif
