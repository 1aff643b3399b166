/* SPDX-License-Identifier: GPL-2.0 */
/* The stub's state, shared by its connection/vCPU side (stub.c) and its commands (commands.c, monitor.c). */
#ifndef SEVVM_GDB_STUB_INTERNAL_H
#define SEVVM_GDB_STUB_INTERNAL_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "vmm/gdb/packet.h"
#include "vmm/gdb/stub.h"

#define GDB_MAX_SW_BREAKPOINTS	64
#define GDB_HW_SLOTS		4	/* DR0..DR3 */

/* Per vCPU; the fields under the stub's lock say so. */
struct gdb_vcpu {
	bool parked;			/* lock */
	bool go;			/* lock: may run while stop_all */
	bool has_event;			/* lock: a debug exit not yet reported */
	struct kvm_debug_exit_arch event;	/* lock */
	bool step;			/* stub thread: single-step on resume */
	struct kvm_guest_debug applied;	/* stub thread: as last set (zero: KVM's default) */
};

struct gdb_sw_bp {
	uint64_t addr;			/* guest-virtual, as gdb gave it */
	uint64_t gpa;
	uint8_t orig;
	bool used;
};

struct gdb_hw_bp {
	uint64_t addr;
	unsigned int type;		/* 1 exec, 2 write, 3 read, 4 access (the Z type) */
	unsigned int len;
	bool used;
};

struct gdb_stub {
	struct vm *vm;
	bool wait;
	int listen_fd, client_fd;
	int wake_fd;			/* eventfd: a vCPU has a debug event */
	int quit_fd;			/* eventfd: the VM is ending */
	char unix_path[108];		/* unlinked at close; "" for TCP */
	pthread_t thread;
	bool started;

	pthread_mutex_t lock;		/* a leaf: see stub.h */
	pthread_cond_t cond;
	bool stop_all;			/* lock */
	bool released;			/* lock */
	unsigned int nparked;		/* lock */
	struct gdb_vcpu *cpus;

	/* The stub thread's alone. */
	struct gdb_rx rx;
	bool running;			/* resumed: the debugger waits for a stop reply */
	unsigned int g_cpu, c_cpu;	/* Hg / Hc threads (vCPU index) */
	unsigned int last_cpu;		/* the thread of the last stop reply */
	char last_stop[96];
	struct gdb_sw_bp sw[GDB_MAX_SW_BREAKPOINTS];
	struct gdb_hw_bp hw[GDB_HW_SLOTS];
	bool said_sev;			/* the SEV memory refusal said once */
	bool said_regs;			/* the SEV-ES register refusal said once */
	char out[2 * GDB_PACKET_MAX + 8];	/* framed reply, kept for a NACK */
	size_t out_len;
	char reply[2 * GDB_PACKET_MAX + 1];	/* the payload being answered */
	uint8_t scratch[GDB_PACKET_MAX];	/* memory and register bytes of one command */
	char text[2048];			/* monitor output */
};

/* commands.c: answers one packet; @reply gets the payload (NUL-ended). */
enum gdb_cmd_result {
	GDB_CMD_REPLY,		/* send reply */
	GDB_CMD_RESUMED,	/* the vCPUs run: the reply is the next stop */
	GDB_CMD_DETACH,		/* reply, then drop the client; the guest runs */
	GDB_CMD_KILL,		/* no reply: sevvm ends */
};

enum gdb_cmd_result gdb_handle_packet(struct gdb_stub *g, const char *pkt, size_t len,
				      char *reply, size_t cap);

/* commands.c: guest memory and the SEV refusal, for the monitor too. */
bool gdb_sev_nodbg(const struct gdb_stub *g);
/* Why the firmware refuses (said on stderr the first time). */
const char *gdb_sev_refusal(struct gdb_stub *g);
/* Guest-physical memory, @private through DBG_DECRYPT/ENCRYPT: 0, -EFAULT or the refusal. */
int gdb_phys_access(struct gdb_stub *g, uint64_t gpa, void *buf, size_t len, bool write,
		    bool private);

/* monitor.c: qRcmd,HEX (the "monitor" commands) and the hex text of a reply. */
void gdb_monitor(struct gdb_stub *g, const char *hex, char *reply, size_t cap);
void gdb_monitor_out(char *reply, size_t cap, const char *text);

/* stub.c: vCPU control for the commands. */
void gdb_stop_all(struct gdb_stub *g);
/* Resumes: every vCPU (@only < 0) or vCPU @only alone, each with its step flag. */
int gdb_resume(struct gdb_stub *g, int only);
/* Sets the breakpoints and step flags on vCPU @cpu (parked). */
int gdb_apply_debug(struct gdb_stub *g, unsigned int cpu);
/* Takes the breakpoints out (before a detach). */
void gdb_remove_all(struct gdb_stub *g);
/* The stop reply for the event that stopped the VM (or @sig without one). */
void gdb_stop_reply(struct gdb_stub *g, int sig, char *reply, size_t cap);

#endif
