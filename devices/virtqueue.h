/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The split virtqueue (VIRTIO 1.2, 2.7), independent of the transport: the
 * device side of the descriptor table, the available ring and the used ring
 * in guest memory. The guest is untrusted: every ring and buffer address is
 * translated through the RAM map with bounds checks, chains that loop or run
 * longer than the queue are refused, and a broken ring is reported with the
 * field that was wrong so the device can ask for a reset (2.1.2).
 */
#ifndef SEVVM_VIRTQUEUE_H
#define SEVVM_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>
#include "vmm/util/err.h"
#include "vmm/util/ram.h"

#define VIRTQ_MAX_SIZE		256	/* queue size sevvm offers */
#define VIRTQ_MAX_SEGS		VIRTQ_MAX_SIZE	/* buffers in one chain */

#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2
#define VIRTQ_DESC_F_INDIRECT	4
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/*
 * Guest memory as the device sees it: guest-physical addresses with
 * @gpa_mask applied (an SEV guest's C-bit stripped) looked up in @ram.
 */
struct virtq_mem {
	const struct ram *ram;
	uint64_t gpa_mask;
};

struct virtq {
	const struct virtq_mem *mem;
	uint16_t size;
	bool event_idx;		/* VIRTIO_F_EVENT_IDX negotiated (2.7.7, 2.7.10) */
	bool indirect;		/* VIRTIO_F_INDIRECT_DESC negotiated (2.7.5.3) */
	bool ready;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	struct virtq_desc *desc;
	uint16_t *avail;	/* flags, idx, ring[size], used_event */
	uint16_t *used;		/* flags, idx, {le32 id, le32 len}[size], avail_event */
	uint16_t last_avail;	/* next available entry the device takes */
	uint16_t used_idx;	/* next used entry the device fills */
	uint16_t signalled_used;	/* used_idx when the driver was last told */
	bool signalled_valid;
};

/* One descriptor chain: device-readable buffers first, then device-writable. */
struct virtq_elem {
	uint16_t head;
	unsigned int nout, nin;
	struct iovec iov[VIRTQ_MAX_SEGS];	/* out[0..nout), in[nout..nout+nin) */
	uint64_t out_len, in_len;
};

/*
 * Makes the queue ready with the addresses the driver wrote: @size a power of
 * two up to VIRTQ_MAX_SIZE, each ring aligned (2.7: 16, 2 and 4 bytes) and
 * entirely inside guest RAM. -EINVAL naming the field otherwise.
 */
int virtq_start(struct virtq *q, const struct virtq_mem *mem, uint16_t size,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx,
		bool indirect, struct err *e);
void virtq_stop(struct virtq *q);

/*
 * Takes the next available chain into @el: 1 when one was taken, 0 when the
 * ring is empty (with EVENT_IDX, avail_event is then set so the driver kicks
 * for the next one), -EINVAL with a message naming the field when the ring
 * is broken (the queue is then unusable until reset).
 */
int virtq_pop(struct virtq *q, struct virtq_elem *el, struct err *e);

/* Gives back the chain virtq_pop() just took, unused (no buffer data to fill yet). */
void virtq_unpop(struct virtq *q);

/* Returns chain @head to the driver with @len bytes written into it. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t len);

/* After one or more pushes: true when the driver wants an interrupt. */
bool virtq_should_notify(struct virtq *q);

/* Copies @len bytes from @src into the writable buffers of @el; returns bytes copied. */
size_t virtq_elem_write(const struct virtq_elem *el, const void *src, size_t len);
/* Copies up to @len bytes of the readable buffers of @el into @dst. */
size_t virtq_elem_read(const struct virtq_elem *el, void *dst, size_t len);

#endif
