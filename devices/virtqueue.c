// SPDX-License-Identifier: GPL-2.0
#include "devices/virtqueue.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

/* Ring sizes in bytes (VIRTIO 1.2, 2.7: "Queue Part" table). */
static uint64_t desc_bytes(uint16_t size)
{
	return 16ull * size;
}

static uint64_t avail_bytes(uint16_t size)
{
	return 6ull + 2ull * size;
}

static uint64_t used_bytes(uint16_t size)
{
	return 6ull + 8ull * size;
}

static void *translate(const struct virtq_mem *m, uint64_t gpa, uint64_t len)
{
	return ram_gpa_to_hva(m->ram, gpa & m->gpa_mask, len);
}

static int map_ring(const struct virtq_mem *m, const char *name, uint64_t gpa, uint64_t len,
		    uint64_t align, void **out, struct err *e)
{
	if (gpa & (align - 1))
		return err_set(e, EINVAL, "queue_%s %#" PRIx64 " is not %" PRIu64 "-byte aligned",
			       name, gpa, align);
	*out = translate(m, gpa, len);
	if (!*out)
		return err_set(e, EINVAL, "queue_%s [%#" PRIx64 ", +%#" PRIx64 ") is not in guest RAM",
			       name, gpa, len);
	return 0;
}

int virtq_start(struct virtq *q, const struct virtq_mem *mem, uint16_t size,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx,
		bool indirect, struct err *e)
{
	void *d, *a, *u;
	int r;

	virtq_stop(q);
	if (!size || size > VIRTQ_MAX_SIZE || (size & (size - 1)))
		return err_set(e, EINVAL, "queue_size %u is not a power of 2 up to %u", size,
			       VIRTQ_MAX_SIZE);
	r = map_ring(mem, "desc", desc, desc_bytes(size), 16, &d, e);
	if (!r)
		r = map_ring(mem, "driver", avail, avail_bytes(size), 2, &a, e);
	if (!r)
		r = map_ring(mem, "device", used, used_bytes(size), 4, &u, e);
	if (r)
		return r;
	*q = (struct virtq){
		.mem = mem, .size = size, .event_idx = event_idx, .indirect = indirect,
		.ready = true, .desc_gpa = desc, .avail_gpa = avail, .used_gpa = used,
		.desc = d, .avail = a, .used = u,
	};
	/* The device's view starts where the ring is now (2.7.13: zero after reset). */
	q->used_idx = __atomic_load_n(&q->used[1], __ATOMIC_ACQUIRE);
	q->last_avail = q->used_idx;
	return 0;
}

void virtq_stop(struct virtq *q)
{
	*q = (struct virtq){ 0 };
}

static uint16_t avail_idx(const struct virtq *q)
{
	return __atomic_load_n(&q->avail[1], __ATOMIC_ACQUIRE);
}

static void set_avail_event(struct virtq *q, uint16_t v)
{
	/* avail_event follows used->ring[size]: 2 + 4 * size u16s in. */
	__atomic_store_n(&q->used[2 + 4 * (size_t)q->size], v, __ATOMIC_RELAXED);
}

/* Adds one buffer of a chain to @el; @where names the descriptor. */
static int add_buffer(struct virtq *q, struct virtq_elem *el, const struct virtq_desc *d,
		      const char *where, unsigned int i, struct err *e)
{
	bool write = d->flags & VIRTQ_DESC_F_WRITE;
	void *p;

	if (!d->len)
		return 0;	/* an empty buffer carries nothing */
	if (!write && el->nin)
		return err_set(e, EINVAL, "%s[%u].flags: device-readable buffer after a "
			       "device-writable one (2.7.4.2)", where, i);
	if (el->nout + el->nin >= VIRTQ_MAX_SEGS)
		return err_set(e, EINVAL, "%s[%u]: chain has more than %u buffers", where, i,
			       VIRTQ_MAX_SEGS);
	p = translate(q->mem, d->addr, d->len);
	if (!p)
		return err_set(e, EINVAL, "%s[%u].addr [%#" PRIx64 ", +%#x) is not in guest RAM",
			       where, i, d->addr, d->len);
	el->iov[el->nout + el->nin] = (struct iovec){ .iov_base = p, .iov_len = d->len };
	if (write) {
		el->nin++;
		el->in_len += d->len;
	} else {
		el->nout++;
		el->out_len += d->len;
	}
	return 0;
}

/* Walks an indirect table (2.7.5.3): one level, its own loop limit. */
static int walk_indirect(struct virtq *q, struct virtq_elem *el, const struct virtq_desc *id,
			 uint16_t at, struct err *e)
{
	const struct virtq_desc *table;
	unsigned int n, i, seen = 0;
	int r;

	if (!q->indirect)
		return err_set(e, EINVAL, "desc[%u].flags: INDIRECT without VIRTIO_F_INDIRECT_DESC", at);
	if (id->flags & VIRTQ_DESC_F_NEXT)
		return err_set(e, EINVAL, "desc[%u].flags: INDIRECT together with NEXT", at);
	if (!id->len || id->len % sizeof(struct virtq_desc))
		return err_set(e, EINVAL, "desc[%u].len %u: not a multiple of 16 for an indirect table",
			       at, id->len);
	n = id->len / sizeof(struct virtq_desc);
	if (n > VIRTQ_MAX_SEGS)
		return err_set(e, EINVAL, "desc[%u].len %u: indirect table of more than %u entries",
			       at, id->len, VIRTQ_MAX_SEGS);
	if (id->addr & 15)
		return err_set(e, EINVAL, "desc[%u].addr %#" PRIx64 ": indirect table not 16-byte aligned",
			       at, id->addr);
	table = translate(q->mem, id->addr, id->len);
	if (!table)
		return err_set(e, EINVAL, "desc[%u].addr [%#" PRIx64 ", +%#x): indirect table not in guest RAM",
			       at, id->addr, id->len);
	for (i = 0;;) {
		struct virtq_desc d;

		memcpy(&d, &table[i], sizeof(d));	/* read once: the guest may change it */
		if (d.flags & VIRTQ_DESC_F_INDIRECT)
			return err_set(e, EINVAL, "indirect[%u].flags: nested INDIRECT (2.7.5.3.1)", i);
		r = add_buffer(q, el, &d, "indirect", i, e);
		if (r)
			return r;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		if (++seen >= n)
			return err_set(e, EINVAL, "indirect[%u].next: chain loops or exceeds the %u-entry table",
				       i, n);
		if (d.next >= n)
			return err_set(e, EINVAL, "indirect[%u].next %u: beyond the %u-entry table",
				       i, d.next, n);
		i = d.next;
	}
}

static int walk_chain(struct virtq *q, struct virtq_elem *el, uint16_t head, struct err *e)
{
	unsigned int seen = 0;
	uint16_t i = head;
	int r;

	for (;;) {
		struct virtq_desc d;

		memcpy(&d, &q->desc[i], sizeof(d));
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (i != head || el->nout || el->nin)
				return err_set(e, EINVAL, "desc[%u].flags: INDIRECT not at the head of its chain",
					       i);
			return walk_indirect(q, el, &d, i, e);
		}
		r = add_buffer(q, el, &d, "desc", i, e);
		if (r)
			return r;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		if (++seen >= q->size)
			return err_set(e, EINVAL, "desc[%u].next: chain from head %u loops or is longer "
				       "than the queue size %u", i, head, q->size);
		if (d.next >= q->size)
			return err_set(e, EINVAL, "desc[%u].next %u: beyond the queue size %u",
				       i, d.next, q->size);
		i = d.next;
	}
}

int virtq_pop(struct virtq *q, struct virtq_elem *el, struct err *e)
{
	uint16_t idx, pending, head;

	if (!q->ready)
		return 0;
	idx = avail_idx(q);
	pending = (uint16_t)(idx - q->last_avail);
	if (!pending && q->event_idx) {
		/* Ask for a kick at the next entry, then look once more (2.7.10). */
		set_avail_event(q, q->last_avail);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		idx = avail_idx(q);
		pending = (uint16_t)(idx - q->last_avail);
	}
	if (!pending)
		return 0;
	if (pending > q->size)
		return err_set(e, EINVAL, "avail.idx %u is %u entries ahead of the device's %u "
			       "(queue size %u)", idx, pending, q->last_avail, q->size);
	head = __atomic_load_n(&q->avail[2 + q->last_avail % q->size], __ATOMIC_RELAXED);
	if (head >= q->size)
		return err_set(e, EINVAL, "avail.ring[%u] = %u: head beyond the queue size %u",
			       q->last_avail % q->size, head, q->size);
	el->head = head;
	el->nout = el->nin = 0;
	el->out_len = el->in_len = 0;
	if (walk_chain(q, el, head, e))
		return -EINVAL;
	q->last_avail++;
	if (q->event_idx)
		set_avail_event(q, q->last_avail);
	return 1;
}

void virtq_unpop(struct virtq *q)
{
	q->last_avail--;
	if (q->event_idx)
		set_avail_event(q, q->last_avail);
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t len)
{
	uint32_t *ring = (uint32_t *)(q->used + 2);
	size_t slot = q->used_idx % q->size;

	__atomic_store_n(&ring[2 * slot], (uint32_t)head, __ATOMIC_RELAXED);
	__atomic_store_n(&ring[2 * slot + 1], len, __ATOMIC_RELAXED);
	q->used_idx++;
	/* The buffers and the entry before the index (2.7.8.2). */
	__atomic_store_n(&q->used[1], q->used_idx, __ATOMIC_RELEASE);
}

bool virtq_should_notify(struct virtq *q)
{
	uint16_t old = q->signalled_used, now = q->used_idx, event;
	bool valid = q->signalled_valid;

	if (!q->ready)
		return false;
	/* The used index must be visible before we read the driver's wish. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	q->signalled_used = now;
	q->signalled_valid = true;
	if (!q->event_idx)
		return !(__atomic_load_n(&q->avail[0], __ATOMIC_RELAXED) & VIRTQ_AVAIL_F_NO_INTERRUPT);
	if (!valid)
		return true;
	event = __atomic_load_n(&q->avail[2 + q->size], __ATOMIC_RELAXED);
	/* vring_need_event(): did the index pass used_event since last time? */
	return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
}

size_t virtq_elem_write(const struct virtq_elem *el, const void *src, size_t len)
{
	const uint8_t *s = src;
	size_t done = 0;
	unsigned int i;

	for (i = el->nout; i < el->nout + el->nin && done < len; i++) {
		size_t n = el->iov[i].iov_len;

		if (n > len - done)
			n = len - done;
		memcpy(el->iov[i].iov_base, s + done, n);
		done += n;
	}
	return done;
}

size_t virtq_elem_read(const struct virtq_elem *el, void *dst, size_t len)
{
	uint8_t *d = dst;
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < el->nout && done < len; i++) {
		size_t n = el->iov[i].iov_len;

		if (n > len - done)
			n = len - done;
		memcpy(d + done, el->iov[i].iov_base, n);
		done += n;
	}
	return done;
}
