// SPDX-License-Identifier: GPL-2.0
#include "vmm/cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/backend.h"
#include "vmm/layout.h"

static const char usage_text[] =
"usage: sevvm run --kernel FILE [options]\n"
"       sevvm measure --sev|--sev-es (--kernel FILE | --firmware FILE) [options]\n"
"       sevvm inspect FIRMWARE\n"
"       sevvm owner session|verify|secret [options]\n"
"       sevvm platform status|export DIR|verify DIR [--sev-backend kvm|sim]\n"
"       sevvm --help | --version\n"
"\n"
"Runs a guest on KVM. The guest console is the 16550A UART at 0x3f8 on\n"
"stdin/stdout; when stdin is a terminal it is put in raw mode and Ctrl-A x\n"
"quits (Ctrl-A Ctrl-A sends Ctrl-A).\n"
"\n"
"options of run:\n"
"  --kernel FILE          bzImage (boot protocol 2.10+, 64-bit entry), ELF\n"
"                         vmlinux, or a flat binary (see --kernel-format)\n"
"  --kernel-format FMT    auto (default: bzImage or ELF by magic), bzimage,\n"
"                         elf, or flat: raw 64-bit code loaded and entered at\n"
"                         0x100000 in long mode, identity-mapped 4 GiB\n"
"  --initrd FILE          initial ramdisk\n"
"  --cmdline STRING       kernel command line\n"
"                         (default \"" DEFAULT_CMDLINE "\")\n"
"  --memory SIZE          guest RAM: N[K|M|G], plain N means MiB (default 256M)\n"
"  --cpus N               vCPUs, 1..64 (default 1)\n"
"  --timeout SEC          stop the guest after SEC seconds (exit status 4)\n"
"  --expect REGEX         exit 0 as soon as a line of console output matches\n"
"                         the POSIX extended REGEX\n"
"  --kvm PATH             KVM device (default /dev/kvm)\n"
"  -v, --verbose          say what sevvm does\n"
"\n"
"  --firmware F           boot through the firmware image F (OVMF-style, mapped\n"
"                         to end at 4 GiB): kernel, initrd and command line go\n"
"                         over fw_cfg, their hashes to the image's hash table\n"
"  --boot MODE            firmware (default for --sev/--sev-es with a bzImage:\n"
"                         sevvm's own firmware unless --firmware) or direct\n"
"                         (sevvm loads the kernel itself; default otherwise)\n"
"  --hash-table F         firmware boot: the 176-byte kernel hashes table to\n"
"                         measure and hand over (as the guest owner computed\n"
"                         it), instead of one computed from the files\n"
"\n"
"virtio devices on PCI (modern virtio-pci, MSI-X or INTx; stock kernels need\n"
"the virtio_pci module and the device's driver):\n"
"  --disk FILE[,ro][,cache=none|writeback]\n"
"                         virtio-blk on a raw image (repeatable, up to 8);\n"
"                         ro: writes fail with an I/O error; cache=none:\n"
"                         O_DIRECT; a flush completes after fdatasync\n"
"  --net tap=NAME[,mac=MAC]  virtio-net on the existing or new TAP device NAME\n"
"                         (default MAC 52:54:00:12:34:56)\n"
"  --console serial|virtio  where stdin goes: the UART (default) or virtio-\n"
"                         console, the guest's hvc0 (give console=hvc0)\n"
"  --rng                  virtio-rng, entropy from getrandom()\n"
"  --virtio-access-platform  offer VIRTIO_F_ACCESS_PLATFORM (always offered\n"
"                         to SEV and SEV-ES guests)\n"
"\n"
"debugging with gdb (`target remote`; every vCPU is a thread):\n"
"  --gdb tcp:[ADDR:]PORT | unix:PATH\n"
"                         GDB remote protocol stub on TCP (ADDR: IPv4, default\n"
"                         127.0.0.1) or on a new Unix socket of mode 0600; one\n"
"                         debugger at a time, the guest stops when it attaches.\n"
"                         gdb's kill ends sevvm with status 0\n"
"  --gdb-wait             every vCPU waits at its first instruction (the reset\n"
"                         vector under firmware boot) for the debugger\n"
"\n"
"SEV and SEV-ES. Firmware boot measures the image, then the kernel hashes\n"
"table, then (SEV-ES) one VMSA per vCPU, as QEMU does. Direct boot measures\n"
"every byte sevvm places in the guest, and for SEV-ES the BSP's VMSA holds\n"
"the 64-bit entry:\n"
"  --sev, --sev-es        launch an SEV or SEV-ES guest (SEV-ES direct boot:\n"
"                         --cpus 1)\n"
"  --sev-backend B        kvm (default): the kernel's SEV API and /dev/sev;\n"
"                         sim: sevvm's software model of KVM and the SEV\n"
"                         firmware (test keys, no encryption, no\n"
"                         confidentiality), for hosts without SEV\n"
"  --sev-init M           auto (default: KVM_SEV_INIT2 when KVM offers the SEV\n"
"                         VM types), init2, or legacy (KVM_SEV_INIT and\n"
"                         KVM_SEV_ES_INIT); the choice changes an SEV-ES\n"
"                         measurement\n"
"  --policy P             guest policy (default 0x1 for SEV, 0x5 for SEV-ES)\n"
"  --dh-cert F --session F  the guest owner's DH certificate and session blob\n"
"                         for LAUNCH_START (base64 files, as QEMU takes them)\n"
"  --secret-header F --secret F [--secret-gpa ADDR]\n"
"                         LAUNCH_SECRET: the packet header and the encrypted\n"
"                         secret (base64), injected at guest-physical ADDR\n"
"                         (default: the firmware's secret area)\n"
"  --attest-cmd CMD       after LAUNCH_MEASURE, run `/bin/sh -c CMD` (the guest\n"
"                         owner's verifier) with SEVVM_MEASUREMENT (base64\n"
"                         MEASURE || MNONCE), SEVVM_API, SEVVM_API_MAJOR,\n"
"                         SEVVM_API_MINOR, SEVVM_BUILD, SEVVM_POLICY,\n"
"                         SEVVM_SECRET_GPA, SEVVM_BACKEND, SEVVM (this sevvm)\n"
"                         and SEVVM_LAUNCH_DIR, a private directory where CMD\n"
"                         writes secret_header.b64 and secret.b64 for\n"
"                         LAUNCH_SECRET (at --secret-gpa or the firmware's\n"
"                         secret area); a non-zero status or missing files\n"
"                         stop the launch; the directory is removed afterwards\n"
"  --launch-log F         JSON log: every command and result, each measured\n"
"                         region with its SHA-256 and the running digest, each\n"
"                         VMSA, the measurement, GHCB requests, page states\n"
"  --dump-measured DIR    write measured.bin (every measured byte, in order)\n"
"                         and vmsa-cpuN.bin into DIR\n"
"  --sim-keys-out F       sim only: write the model's TEK || TIK (32 bytes)\n"
"\n"
"measure (offline, no KVM: the launch digest of the same options as run, and\n"
"with --tik the measurement):\n"
"  --tik F                the TIK (16 bytes)\n"
"  --mnonce HEX           the 16-byte MNONCE of LAUNCH_MEASURE\n"
"  --api MAJ.MIN          the platform's SEV API version\n"
"  --build N              the platform's firmware build\n"
"  --cbit N               the C-bit position the launch used (default: as a\n"
"                         run on this host with the same --sev-backend)\n"
"  --firmware F, --boot M as for run: a firmware launch as QEMU makes it, the\n"
"                         image, then with --kernel the hashes table, then for\n"
"                         --sev-es the reset-state VMSAs (APs at the SEV-ES\n"
"                         reset block)\n"
"  --cpu-sig N            CPUID(1).EAX in those VMSAs (default: this host's)\n"
"\n"
"inspect: the firmware image's size and place below 4 GiB, its reset vector,\n"
"its OVMF GUID table (each entry's offset, address, GUID and value), and the\n"
"SEV-ES reset address, hash table and secret areas a launch would use.\n"
"\n"
"owner (the guest owner's machine; files in base64 as QEMU takes them, TEK\n"
"and TIK as 16 raw bytes with mode 0600):\n"
"  owner session --pdh F --policy P [--out DIR]\n"
"                         new GODH key, TEK and TIK for the platform's PDH\n"
"                         certificate F (raw or base64): writes tek.bin,\n"
"                         tik.bin, godh.b64 and session.b64 into DIR (default .)\n"
"  owner verify --measurement M --tik F --api MAJ.MIN --build N --policy P\n"
"               (--digest D | measure's --sev/--sev-es, --kernel, --firmware,\n"
"               --initrd, --cmdline, --cpus ... options)\n"
"                         M: base64 MEASURE || MNONCE (or a file with it); D:\n"
"                         the launch digest (hex or base64). Prints \"match\"\n"
"                         (status 0) or \"mismatch\" with the expected and the\n"
"                         actual measurement (status 1)\n"
"  owner secret --tek F --tik F --measurement M --secret GUID:FILE... [--out DIR]\n"
"                         the EFI secret table of the files, encrypted for\n"
"                         LAUNCH_SECRET: secret_header.b64 and secret.b64\n"
"\n"
"platform (the SEV host's firmware: /dev/sev, or sim, the model, whose\n"
"certificates are TEST KEYS):\n"
"  platform status        PLATFORM_STATUS (API version, build, state, flags,\n"
"                         guests) and the chip ID (GET_ID2)\n"
"  platform export DIR    PDH_CERT_EXPORT: pdh.cert, pek.cert, oca.cert,\n"
"                         cek.cert, pdh.b64 (the model adds its ask.cert and\n"
"                         ark.cert; AMD publishes the real ones)\n"
"  platform verify DIR    checks ARK -> ASK -> CEK -> PEK <- OCA, PEK -> PDH\n"
"                         offline; status 1 and the certificate's name if not\n"
"\n"
"exit status:\n"
"  0    the guest reset (i8042 0xFE, reboot=k) or powered off, --expect\n"
"       matched, Ctrl-A x, or gdb's kill (--gdb)\n"
"  odd  the guest wrote v to the test exit port 0xf4: status (v << 1) | 1\n"
"  2    error: bad usage, bad input file, or a host-side failure\n"
"  4    --timeout expired\n"
"  6    the guest crashed: triple fault, KVM internal error, failed entry\n"
"  8    stopped by SIGINT, SIGTERM or SIGHUP\n"
"  10   an SEV guest asked to be terminated (GHCB termination request);\n"
"       the message gives the reason set and code in words\n";

void cli_usage(FILE *f)
{
	fputs(usage_text, f);
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 20;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case '\0': break;
	default: return -EINVAL;
	}
	if ((*end == 'i' || *end == 'B') && end[-1] != '\0')
		end += *end == 'i' ? (end[1] == 'B' ? 2 : 1) : 1;
	if (*end || v > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = (uint64_t)v << shift;
	return 0;
}

enum {
	OPT_KERNEL = 256, OPT_KERNEL_FORMAT, OPT_INITRD, OPT_CMDLINE, OPT_MEMORY,
	OPT_CPUS, OPT_TIMEOUT, OPT_EXPECT, OPT_KVM, OPT_VERSION,
	OPT_SEV, OPT_SEV_ES, OPT_SEV_BACKEND, OPT_SEV_INIT, OPT_POLICY, OPT_DH_CERT,
	OPT_SESSION, OPT_SECRET_HEADER, OPT_SECRET, OPT_SECRET_GPA, OPT_LAUNCH_LOG,
	OPT_DUMP_MEASURED, OPT_SIM_KEYS_OUT, OPT_TIK, OPT_MNONCE, OPT_API, OPT_BUILD,
	OPT_CBIT, OPT_FIRMWARE, OPT_CPU_SIG, OPT_BOOT, OPT_HASH_TABLE,
	OPT_ATTEST_CMD,
	OPT_DISK, OPT_NET, OPT_CONSOLE, OPT_RNG, OPT_VIRTIO_ACCESS_PLATFORM,
	OPT_GDB, OPT_GDB_WAIT,
};

static const struct option run_opts[] = {
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "kernel-format", required_argument, NULL, OPT_KERNEL_FORMAT },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "kvm", required_argument, NULL, OPT_KVM },
	{ "verbose", no_argument, NULL, 'v' },
	{ "sev", no_argument, NULL, OPT_SEV },
	{ "sev-es", no_argument, NULL, OPT_SEV_ES },
	{ "sev-backend", required_argument, NULL, OPT_SEV_BACKEND },
	{ "sev-init", required_argument, NULL, OPT_SEV_INIT },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "dh-cert", required_argument, NULL, OPT_DH_CERT },
	{ "session", required_argument, NULL, OPT_SESSION },
	{ "secret-header", required_argument, NULL, OPT_SECRET_HEADER },
	{ "secret", required_argument, NULL, OPT_SECRET },
	{ "secret-gpa", required_argument, NULL, OPT_SECRET_GPA },
	{ "launch-log", required_argument, NULL, OPT_LAUNCH_LOG },
	{ "dump-measured", required_argument, NULL, OPT_DUMP_MEASURED },
	{ "sim-keys-out", required_argument, NULL, OPT_SIM_KEYS_OUT },
	{ "tik", required_argument, NULL, OPT_TIK },
	{ "mnonce", required_argument, NULL, OPT_MNONCE },
	{ "api", required_argument, NULL, OPT_API },
	{ "build", required_argument, NULL, OPT_BUILD },
	{ "cbit", required_argument, NULL, OPT_CBIT },
	{ "firmware", required_argument, NULL, OPT_FIRMWARE },
	{ "boot", required_argument, NULL, OPT_BOOT },
	{ "hash-table", required_argument, NULL, OPT_HASH_TABLE },
	{ "cpu-sig", required_argument, NULL, OPT_CPU_SIG },
	{ "attest-cmd", required_argument, NULL, OPT_ATTEST_CMD },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "net", required_argument, NULL, OPT_NET },
	{ "console", required_argument, NULL, OPT_CONSOLE },
	{ "rng", no_argument, NULL, OPT_RNG },
	{ "virtio-access-platform", no_argument, NULL, OPT_VIRTIO_ACCESS_PLATFORM },
	{ "gdb", required_argument, NULL, OPT_GDB },
	{ "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_hex16(const char *s, uint8_t out[16])
{
	unsigned int i;

	if (strlen(s) != 32)
		return -EINVAL;
	for (i = 0; i < 16; i++) {
		unsigned int hi, lo;

		if (sscanf(s + 2 * i, "%1x%1x", &hi, &lo) != 2)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Options of SEV launches (run and measure). 1: not an SEV option. */
static int parse_sev_opt(int c, const char *arg, struct vm_config *cfg, struct err *e)
{
	struct sev_config *s = &cfg->sev;
	struct measure_config *m = &cfg->measure;
	unsigned int maj, min;
	uint64_t v;
	char tail;

	switch (c) {
	case OPT_SEV:
	case OPT_SEV_ES:
		if (s->mode != SEV_MODE_OFF && s->mode != (c == OPT_SEV ? SEV_MODE_SEV : SEV_MODE_ES))
			return err_set(e, EINVAL, "--sev and --sev-es exclude each other");
		s->mode = c == OPT_SEV ? SEV_MODE_SEV : SEV_MODE_ES;
		return 0;
	case OPT_SEV_BACKEND:
		if (strcmp(arg, "kvm") && strcmp(arg, "sim"))
			return err_set(e, EINVAL, "--sev-backend '%s': expected kvm or sim", arg);
		s->backend = strcmp(arg, "kvm") ? SEV_BACKEND_SIM : SEV_BACKEND_KVM;
		return 0;
	case OPT_SEV_INIT:
		if (!strcmp(arg, "auto"))
			s->init = SEV_INIT_MODE_AUTO;
		else if (!strcmp(arg, "init2"))
			s->init = SEV_INIT_MODE_INIT2;
		else if (!strcmp(arg, "legacy"))
			s->init = SEV_INIT_MODE_LEGACY;
		else
			return err_set(e, EINVAL, "--sev-init '%s': expected auto, init2 or legacy", arg);
		return 0;
	case OPT_POLICY:
		if (parse_u64(arg, UINT32_MAX, &v))
			return err_set(e, EINVAL, "--policy '%s': expected a 32-bit number", arg);
		s->policy = (uint32_t)v;
		s->policy_set = true;
		return 0;
	case OPT_DH_CERT:		s->dh_cert = arg; return 0;
	case OPT_SESSION:		s->session = arg; return 0;
	case OPT_SECRET_HEADER:		s->secret_header = arg; return 0;
	case OPT_SECRET:		s->secret = arg; return 0;
	case OPT_LAUNCH_LOG:		s->launch_log = arg; return 0;
	case OPT_DUMP_MEASURED:		s->dump_dir = arg; return 0;
	case OPT_SIM_KEYS_OUT:		s->sim_keys_out = arg; return 0;
	case OPT_ATTEST_CMD:		s->attest_cmd = arg; return 0;
	case OPT_TIK:			m->tik = arg; return 0;
	case OPT_SECRET_GPA:
		if (parse_u64(arg, UINT64_MAX, &s->secret_gpa) || s->secret_gpa & 15)
			return err_set(e, EINVAL, "--secret-gpa '%s': expected a 16-byte aligned address", arg);
		s->secret_gpa_set = true;
		return 0;
	case OPT_MNONCE:
		if (parse_hex16(arg, m->mnonce))
			return err_set(e, EINVAL, "--mnonce '%s': expected 32 hex digits", arg);
		m->mnonce_set = true;
		return 0;
	case OPT_API:
		if (sscanf(arg, "%u.%u%c", &maj, &min, &tail) != 2 || maj > 255 || min > 255)
			return err_set(e, EINVAL, "--api '%s': expected MAJOR.MINOR", arg);
		m->api_major = (uint8_t)maj;
		m->api_minor = (uint8_t)min;
		m->api_set = true;
		return 0;
	case OPT_BUILD:
		if (parse_u64(arg, 255, &v))
			return err_set(e, EINVAL, "--build '%s': expected 0..255", arg);
		m->build = (uint8_t)v;
		m->build_set = true;
		return 0;
	case OPT_CPU_SIG:
		if (parse_u64(arg, UINT32_MAX, &v))
			return err_set(e, EINVAL, "--cpu-sig '%s': expected a 32-bit number", arg);
		m->cpu_sig = (uint32_t)v;
		m->cpu_sig_set = true;
		return 0;
	case OPT_CBIT:
		if (parse_u64(arg, 63, &v) || v < 32)
			return err_set(e, EINVAL, "--cbit '%s': expected 32..63", arg);
		m->cbit = (unsigned int)v;
		m->cbit_set = true;
		return 0;
	default:
		return 1;
	}
}

/* Options of virtio devices. 1: not a virtio option. */
static int parse_virtio_opt(int c, const char *arg, struct vm_config *cfg, struct err *e)
{
	switch (c) {
	case OPT_DISK:		return virtio_parse_disk(&cfg->virtio, arg, e);
	case OPT_NET:		return virtio_parse_net(&cfg->virtio, arg, e);
	case OPT_CONSOLE:	return virtio_parse_console(&cfg->virtio, arg, e);
	case OPT_RNG:		cfg->virtio.rng = true; return 0;
	case OPT_VIRTIO_ACCESS_PLATFORM:
		cfg->virtio.access_platform = true;
		return 0;
	default:		return 1;
	}
}

/* Cross-option rules of SEV launches. */
static int check_sev(const struct vm_config *cfg, bool measure, struct err *e)
{
	const struct sev_config *s = &cfg->sev;
	const struct measure_config *m = &cfg->measure;

	if (s->mode == SEV_MODE_OFF) {
		if (measure)
			return err_set(e, EINVAL, "measure: give --sev or --sev-es");
		if (s->policy_set || s->dh_cert || s->session || s->secret || s->secret_header ||
		    s->launch_log || s->dump_dir || s->sim_keys_out || s->backend || s->init ||
		    s->attest_cmd)
			return err_set(e, EINVAL, "SEV options need --sev or --sev-es");
	}
	if (s->attest_cmd && (measure || s->secret || s->secret_header))
		return err_set(e, EINVAL, "--attest-cmd belongs to run and replaces --secret and "
			       "--secret-header");
	if (s->mode != SEV_MODE_OFF && s->policy_set &&
	    !!(s->policy & 0x4) != (s->mode == SEV_MODE_ES))
		return err_set(e, EINVAL, "--policy %#x %s the ES bit (0x4) but %s was given", s->policy,
			       s->policy & 0x4 ? "has" : "lacks",
			       s->mode == SEV_MODE_ES ? "--sev-es" : "--sev");
	if (!measure && (m->tik || m->mnonce_set || m->api_set || m->build_set || m->cbit_set ||
			 m->cpu_sig_set))
		return err_set(e, EINVAL, "--tik, --mnonce, --api, --build, --cbit and --cpu-sig "
			       "belong to measure");
	if (measure && m->tik && (!m->mnonce_set || !m->api_set || !m->build_set))
		return err_set(e, EINVAL, "measure --tik: also give --mnonce, --api and --build");
	return 0;
}

int cli_parse(int argc, char **argv, struct vm_config *cfg, struct err *e)
{
	bool measure;
	char *end;
	long n;
	int c;

	*cfg = (struct vm_config){
		.boot = { .format = KERNEL_AUTO, .cmdline = DEFAULT_CMDLINE },
		.mem_size = DEFAULT_MEM_SIZE,
		.ncpus = 1,
		.kvm_path = "/dev/kvm",
	};
	if (argc < 2)
		return err_set(e, EINVAL, "no command given (try --help)");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return CLI_HELP;
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
		return CLI_VERSION;
	if (!strcmp(argv[1], "inspect")) {
		if (argc != 3 || argv[2][0] == '-')
			return err_set(e, EINVAL, "usage: sevvm inspect FIRMWARE");
		cfg->boot.firmware = argv[2];
		return CLI_INSPECT;
	}
	if (strcmp(argv[1], "run") && strcmp(argv[1], "measure"))
		return err_set(e, EINVAL, "unknown command '%s' (try --help)", argv[1]);
	measure = !strcmp(argv[1], "measure");

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":vh", run_opts, NULL)) != -1) {
		int s = parse_sev_opt(c, optarg, cfg, e);

		if (s > 0)
			s = parse_virtio_opt(c, optarg, cfg, e);

		if (s <= 0) {
			if (s < 0)
				return s;
			continue;
		}
		switch (c) {
		case OPT_KERNEL:
			cfg->boot.kernel = optarg;
			break;
		case OPT_KERNEL_FORMAT:
			if (kernel_format_parse(optarg, &cfg->boot.format))
				return err_set(e, EINVAL, "--kernel-format '%s': expected auto, bzimage, elf or flat",
					       optarg);
			break;
		case OPT_INITRD:
			cfg->boot.initrd = optarg;
			break;
		case OPT_FIRMWARE:
			cfg->boot.firmware = optarg;
			break;
		case OPT_HASH_TABLE:
			cfg->boot.hash_table = optarg;
			break;
		case OPT_BOOT:
			if (!strcmp(optarg, "direct"))
				cfg->boot.mode = BOOT_DIRECT;
			else if (!strcmp(optarg, "firmware"))
				cfg->boot.mode = BOOT_FIRMWARE;
			else
				return err_set(e, EINVAL, "--boot '%s': expected direct or firmware",
					       optarg);
			break;
		case OPT_CMDLINE:
			cfg->boot.cmdline = optarg;
			break;
		case OPT_MEMORY:
			if (parse_size(optarg, &cfg->mem_size) || cfg->mem_size & 0xfff ||
			    cfg->mem_size < GUEST_MEM_MIN || cfg->mem_size > GUEST_MEM_MAX)
				return err_set(e, EINVAL, "--memory '%s': expected a multiple of 4 KiB from 4M to 1T",
					       optarg);
			break;
		case OPT_CPUS:
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1 || n > VM_MAX_CPUS)
				return err_set(e, EINVAL, "--cpus '%s': expected 1..%d", optarg, VM_MAX_CPUS);
			cfg->ncpus = (unsigned int)n;
			break;
		case OPT_TIMEOUT:
			errno = 0;
			cfg->timeout = strtod(optarg, &end);
			if (errno || *end || end == optarg || !isfinite(cfg->timeout) ||
			    cfg->timeout <= 0 || cfg->timeout > 1e7)
				return err_set(e, EINVAL, "--timeout '%s': expected seconds > 0", optarg);
			break;
		case OPT_EXPECT:
			cfg->expect = optarg;
			break;
		case OPT_KVM:
			cfg->kvm_path = optarg;
			break;
		case OPT_GDB:
			cfg->gdb.listen = optarg;
			break;
		case OPT_GDB_WAIT:
			cfg->gdb.wait = true;
			break;
		case 'v':
			cfg->verbose = true;
			break;
		case 'h':
			return CLI_HELP;
		case OPT_VERSION:
			return CLI_VERSION;
		case ':':
			return err_set(e, EINVAL, "option %s needs an argument", argv[optind]);
		default:
			return err_set(e, EINVAL, "unknown option '%s' (try --help)", argv[optind]);
		}
	}
	if (optind < argc - 1)
		return err_set(e, EINVAL, "unexpected argument '%s' (try --help)", argv[optind + 1]);
	if (!cfg->boot.kernel && !(measure && cfg->boot.firmware))
		return err_set(e, EINVAL, "%s: --kernel FILE is required", argv[1]);
	if (check_sev(cfg, measure, e))
		return -EINVAL;
	if (boot_resolve(&cfg->boot, cfg->sev.mode != SEV_MODE_OFF, e))
		return -EINVAL;
	if (cfg->boot.hash_table && cfg->boot.mode != BOOT_FIRMWARE)
		return err_set(e, EINVAL, "--hash-table belongs to a firmware boot");
	if (cfg->gdb.wait && !cfg->gdb.listen)
		return err_set(e, EINVAL, "--gdb-wait needs --gdb");
	if (measure && cfg->gdb.listen)
		return err_set(e, EINVAL, "--gdb belongs to run");
	return measure ? CLI_MEASURE : CLI_RUN;
}
