// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub's pure parts: the page-table walk (vmm/gdb/paging.c), the
 * register layout against its target description (regs.c, target_xml.c),
 * and the command handlers' answers to malformed packets (commands.c) on
 * a VM with no KVM behind it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "vmm/gdb/paging.h"
#include "vmm/gdb/regs.h"
#include "vmm/gdb/stub_internal.h"
#include "vmm/vm.h"

/* A guest-physical memory of 64 pages for page tables. */
#define PHYS_SIZE (64 * 4096)
static uint8_t phys[PHYS_SIZE];

static int phys_rd(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	(void)opaque;
	if (gpa >= PHYS_SIZE || len > PHYS_SIZE - gpa)
		return -1;
	memcpy(buf, phys + gpa, len);
	return 0;
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(phys + gpa, &v, 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(phys + gpa, &v, 4);
}

START_TEST(walk_long_mode)
{
	/* CR3 = 0x1000 (PML4), 0x2000 PDPT, 0x3000 PD, 0x4000 PT; C-bit 47. */
	const uint64_t cbit = 1ull << 47;
	struct gdb_paging p = { .cr0 = 0x80000011, .cr3 = 0x1000 | cbit, .cr4 = 0x20,
				.efer = 0x500, .cbit_mask = cbit, .read = phys_rd };
	uint64_t va = 0xffffffff81234567ull, pa;
	const char *why;

	memset(phys, 0, sizeof(phys));
	/* va: PML4 index 511, PDPT 510, PD 9, PT 0x34. */
	put64(0x1000 + 511 * 8, 0x2000 | cbit | 3);
	put64(0x2000 + 510 * 8, 0x3000 | cbit | 3);
	put64(0x3000 + 9 * 8, 0x4000 | cbit | 3);
	put64(0x4000 + 0x34 * 8, 0x7654000 | cbit | 3);
	ck_assert_int_eq(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0x7654567);	/* C-bit gone */
	/* A 2 MiB page at PD index 9. */
	put64(0x3000 + 9 * 8, 0x40000000 | cbit | 0x83);
	ck_assert_int_eq(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0x40034567);
	/* A 1 GiB page at PDPT index 510. */
	put64(0x2000 + 510 * 8, 0x80000000ull | cbit | 0x83);
	ck_assert_int_eq(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0x81234567);
	/* Not present at each level says which. */
	put64(0x2000 + 510 * 8, 0x3000 | 3);
	put64(0x3000 + 9 * 8, 0x4000 | 3);
	put64(0x4000 + 0x34 * 8, 0);
	ck_assert_int_lt(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_str_eq(why, "PTE not present");
	put64(0x1000 + 511 * 8, 0x2000);
	ck_assert_int_lt(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_str_eq(why, "PML4E not present");
	/* A table outside RAM. */
	put64(0x1000 + 511 * 8, 0x100000000ull | 3);
	ck_assert_int_lt(gdb_translate(&p, va, &pa, NULL, &why), 0);
	ck_assert_str_eq(why, "a page table is outside guest RAM");
	/* Paging off: the address is physical. */
	p.cr0 = 0x11;
	ck_assert_int_eq(gdb_translate(&p, 0xfff0, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0xfff0);
}
END_TEST

START_TEST(walk_legacy)
{
	struct gdb_paging p = { .cr0 = 0x80000011, .cr3 = 0x1000, .cr4 = 0x10, .read = phys_rd };
	uint64_t pa;
	const char *why;

	memset(phys, 0, sizeof(phys));
	/* 32-bit: va 0xc0401234 = PDE 0x301, PTE 1. */
	put32(0x1000 + 0x301 * 4, 0x2000 | 3);
	put32(0x2000 + 1 * 4, 0x00abc000 | 3);
	ck_assert_int_eq(gdb_translate(&p, 0xc0401234, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0xabc234);
	/* A 4 MiB page with CR4.PSE. */
	put32(0x1000 + 0x301 * 4, 0x01c00000 | 0x83);
	ck_assert_int_eq(gdb_translate(&p, 0xc0401234, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0x01c01234);
	/* PAE: PDPT at CR3 (32-byte aligned), va 0xc0401234 = PDPTE 3, PDE 2, PTE 1. */
	p.cr4 = 0x20;
	p.cr3 = 0x3020;
	put64(0x3020 + 3 * 8, 0x4000 | 1);
	put64(0x4000 + 2 * 8, 0x5000 | 3);
	put64(0x5000 + 1 * 8, 0x00def000 | 3);
	ck_assert_int_eq(gdb_translate(&p, 0xc0401234, &pa, NULL, &why), 0);
	ck_assert_uint_eq(pa, 0xdef234);
}
END_TEST

/* The n-th <reg .../> of the description: its name and bitsize. */
static int xml_reg(unsigned int n, char *name, size_t cap, unsigned int *bits)
{
	const char *p = gdb_target_xml;
	unsigned int i;

	for (i = 0; (p = strstr(p, "<reg ")); i++, p++) {
		const char *q, *e;

		if (i != n)
			continue;
		q = strstr(p, "name=\"") + 6;
		e = strchr(q, '"');
		if ((size_t)(e - q) >= cap)
			return -1;
		memcpy(name, q, (size_t)(e - q));
		name[e - q] = '\0';
		*bits = (unsigned int)atoi(strstr(p, "bitsize=\"") + 9);
		return 0;
	}
	return -1;
}

START_TEST(layout_matches_description)
{
	char name[32];
	unsigned int i, bits, total = 0;

	for (i = 0; xml_reg(i, name, sizeof(name), &bits) == 0; i++) {
		ck_assert_uint_eq(gdb_reg_size(i) * 8, bits);
		total += bits;
	}
	ck_assert_uint_eq(i, GDB_NUM_REGS);
	ck_assert_uint_eq(total / 8, gdb_regs_size());
	ck_assert_int_eq(xml_reg(GDB_REG_RIP, name, sizeof(name), &bits), 0);
	ck_assert_str_eq(name, "rip");
	ck_assert_int_eq(xml_reg(GDB_REG_CS, name, sizeof(name), &bits), 0);
	ck_assert_str_eq(name, "cs");
	ck_assert_ptr_nonnull(strstr(gdb_target_xml, "<architecture>i386:x86-64</architecture>"));
	ck_assert_ptr_nonnull(strstr(gdb_target_xml, "org.gnu.gdb.i386.core"));
	ck_assert_ptr_nonnull(strstr(gdb_target_xml, "org.gnu.gdb.i386.segments"));
}
END_TEST

/* Each register by name, set and read back through the layout. */
static unsigned int reg_index(const char *want)
{
	char name[32];
	unsigned int i, bits;

	for (i = 0; xml_reg(i, name, sizeof(name), &bits) == 0; i++)
		if (!strcmp(name, want))
			return i;
	ck_abort_msg("no register %s", want);
	return 0;
}

START_TEST(registers_by_name)
{
	struct gdb_cpu_state s;
	uint8_t b[16];
	uint64_t v;

	memset(&s, 0, sizeof(s));
	s.regs.rsp = 0x1111;
	s.regs.rbp = 0x2222;
	s.sregs.cs.base = 0xffff0000;
	s.sregs.cs.selector = 0xf000;
	s.sregs.cr3 = 0x9000;
	s.sregs.efer = 0x500;
	s.sregs.fs.base = 0x12345678;
	gdb_reg_get(&s, reg_index("rsp"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0x1111);
	gdb_reg_get(&s, reg_index("rbp"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0x2222);
	gdb_reg_get(&s, reg_index("cs_base"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0xffff0000);
	v = 0;
	gdb_reg_get(&s, reg_index("cs"), b);
	memcpy(&v, b, 4);
	ck_assert_uint_eq(v, 0xf000);
	gdb_reg_get(&s, reg_index("cr3"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0x9000);
	gdb_reg_get(&s, reg_index("efer"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0x500);
	gdb_reg_get(&s, reg_index("fs_base"), b);
	memcpy(&v, b, 8);
	ck_assert_uint_eq(v, 0x12345678);
	v = 0xabcdef;
	memcpy(b, &v, 8);
	gdb_reg_set(&s, reg_index("r15"), b);
	ck_assert_uint_eq(s.regs.r15, 0xabcdef);
	/* All x87 registers empty: the full tag word is all ones. */
	gdb_reg_get(&s, reg_index("ftag"), b);
	ck_assert_int_eq(b[0], 0xff);
	ck_assert_int_eq(b[1], 0xff);
}
END_TEST

/* A VM with no KVM: vCPU fds are -1, no guest RAM. */
struct fake {
	struct vm_config cfg;
	struct vm vm;
	struct vcpu vcpus[2];
	struct gdb_vcpu cpus[2];
	struct gdb_stub g;
};

static struct fake *fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));

	ck_assert_ptr_nonnull(f);
	f->vm.cfg = &f->cfg;
	f->vm.ncpus = 2;
	f->vm.vcpus = f->vcpus;
	f->vcpus[0].fd = f->vcpus[1].fd = -1;
	f->g.vm = &f->vm;
	f->g.cpus = f->cpus;
	snprintf(f->g.last_stop, sizeof(f->g.last_stop), "T05thread:1;");
	return f;
}

static const char *ask(struct gdb_stub *g, const char *pkt, enum gdb_cmd_result *res)
{
	static char reply[2 * GDB_PACKET_MAX + 1];

	*res = gdb_handle_packet(g, pkt, strlen(pkt), reply, sizeof(reply));
	return reply;
}

START_TEST(malformed_commands)
{
	static const char *const bad[] = {
		"m", "m100000", "m100000,", "m,4", "mzz,4", "m100000,4x", "m11111111111111111,4",
		"M100000,2:00", "M100000,1:0", "M100000,1:zz", "M100000,1", "M100000,99999:00",
		"X100000,2:a", "g1", "Gzz", "G00", "p", "pzz", "p45", "p1000", "P10=00",
		"P10", "Pzz=0000000000000000", "P45=00", "Hx1", "Hg", "Hg3", "Hgzz", "Hc99",
		"T3", "T0", "Tzz", "Z0", "Z0,100000", "Z9,100000,1", "Z2,100001,4",
		"Z2,100000,3", "Zq,1,1", "c100000", "s5", "vCont;x", "vCont;s:9", "vCont;c:zz",
		"vCont;", "vCont;C", "qRcmd,z", "qRcmd,7", "qXfer:features:read:target.xml:zz",
		"qXfer:features:read:other.xml:0,10", "qThreadExtraInfo,9",
	};
	struct fake *f = fake_new();
	enum gdb_cmd_result res;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *r = ask(&f->g, bad[i], &res);

		ck_assert_msg(res == GDB_CMD_REPLY && r[0] == 'E',
			      "'%s' answered '%s' (result %d), expected an error", bad[i], r, res);
	}
	/* Well-formed, but the VM has no memory or registers to give. */
	ck_assert_str_eq(ask(&f->g, "m100000,4", &res), "E0e");
	ck_assert_str_eq(ask(&f->g, "g", &res), "E0e");
	ck_assert_str_eq(ask(&f->g, "Z0,100000,1", &res), "E0e");
	/* Unknown packets get the empty reply. */
	ck_assert_str_eq(ask(&f->g, "vMustReplyEmpty", &res), "");
	ck_assert_str_eq(ask(&f->g, "qTStatus", &res), "");
	ck_assert_str_eq(ask(&f->g, "!", &res), "");
	free(f);
}
END_TEST

START_TEST(queries)
{
	static char xml[16384];
	struct fake *f = fake_new();
	enum gdb_cmd_result res;
	size_t off = 0;
	const char *r;

	r = ask(&f->g, "qSupported:multiprocess+;swbreak+;hwbreak+", &res);
	ck_assert_ptr_nonnull(strstr(r, "PacketSize=1000"));
	ck_assert_ptr_nonnull(strstr(r, "qXfer:features:read+"));
	ck_assert_str_eq(ask(&f->g, "qfThreadInfo", &res), "m1,2");
	ck_assert_str_eq(ask(&f->g, "qsThreadInfo", &res), "l");
	ck_assert_str_eq(ask(&f->g, "Hg2", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "qC", &res), "QC2");
	ck_assert_str_eq(ask(&f->g, "T2", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "?", &res), "T05thread:1;");
	ck_assert_str_eq(ask(&f->g, "vCont?", &res), "vCont;c;C;s;S");
	/* The description in 200-byte pieces is the description. */
	for (;;) {
		char pkt[64];

		snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,c8", off);
		r = ask(&f->g, pkt, &res);
		ck_assert(r[0] == 'm' || r[0] == 'l');
		ck_assert_uint_lt(off + strlen(r + 1), sizeof(xml));
		memcpy(xml + off, r + 1, strlen(r + 1));
		off += strlen(r + 1);
		if (r[0] == 'l')
			break;
	}
	xml[off] = '\0';
	ck_assert_str_eq(xml, gdb_target_xml);
	/* Hardware breakpoints: four debug registers, then ENOSPC. */
	ck_assert_str_eq(ask(&f->g, "Z1,1000,1", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "Z2,2000,4", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "Z3,3000,8", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "Z4,4000,2", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "Z1,5000,1", &res), "E1c");
	ck_assert_str_eq(ask(&f->g, "z2,2000,4", &res), "OK");
	ck_assert_str_eq(ask(&f->g, "Z1,5000,1", &res), "OK");
	ck_assert_uint_eq(f->g.hw[1].addr, 0x5000);
	ck_assert_uint_eq(f->g.hw[1].type, 1);
	/* monitor help: hex-encoded text. */
	r = ask(&f->g, "qRcmd,68656c70", &res);	/* "help" */
	ck_assert_uint_gt(strlen(r), 20);
	ck_assert_int_eq(r[0], '7');	/* 's' = 0x73 */
	ck_assert_int_eq(ask(&f->g, "k", &res)[0], '\0');
	ck_assert_int_eq(res, GDB_CMD_KILL);
	ck_assert_str_eq(ask(&f->g, "D", &res), "OK");
	ck_assert_int_eq(res, GDB_CMD_DETACH);
	free(f);
}
END_TEST

START_TEST(listen_addresses)
{
	char host[64], path[108];
	unsigned int port;
	struct err e = { 0 };

	ck_assert_int_eq(gdb_parse_listen("tcp:1234", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_uint_eq(port, 1234);
	ck_assert_int_eq(gdb_parse_listen("tcp:127.0.0.2:99", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_str_eq(host, "127.0.0.2");
	ck_assert_uint_eq(port, 99);
	ck_assert_int_eq(gdb_parse_listen("unix:/tmp/s", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_str_eq(path, "/tmp/s");
	ck_assert_int_lt(gdb_parse_listen("tcp:0", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_int_lt(gdb_parse_listen("tcp:65536", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_int_lt(gdb_parse_listen("tcp:host:1", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "IPv4"));
	ck_assert_int_lt(gdb_parse_listen("tcp:-1", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_int_lt(gdb_parse_listen("unix:", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
	ck_assert_int_lt(gdb_parse_listen("udp:1", host, sizeof(host), &port, path,
					  sizeof(path), &e), 0);
}
END_TEST

Suite *gdb_stub_suite(void)
{
	Suite *s = suite_create("gdb_stub");
	TCase *tc = tcase_create("stub");

	tcase_add_test(tc, walk_long_mode);
	tcase_add_test(tc, walk_legacy);
	tcase_add_test(tc, layout_matches_description);
	tcase_add_test(tc, registers_by_name);
	tcase_add_test(tc, malformed_commands);
	tcase_add_test(tc, queries);
	tcase_add_test(tc, listen_addresses);
	suite_add_tcase(s, tc);
	return s;
}
