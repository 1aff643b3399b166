// SPDX-License-Identifier: GPL-2.0
#include "vmm/cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vmm/layout.h"

static const char usage_text[] =
"usage: sevvm run --kernel FILE [options]\n"
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
"exit status:\n"
"  0    the guest reset (i8042 0xFE, reboot=k) or powered off, --expect\n"
"       matched, or Ctrl-A x\n"
"  odd  the guest wrote v to the test exit port 0xf4: status (v << 1) | 1\n"
"  2    error: bad usage, bad input file, or a host-side failure\n"
"  4    --timeout expired\n"
"  6    the guest crashed: triple fault, KVM internal error, failed entry\n"
"  8    stopped by SIGINT, SIGTERM or SIGHUP\n";

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
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

int cli_parse(int argc, char **argv, struct vm_config *cfg, struct err *e)
{
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
	if (strcmp(argv[1], "run"))
		return err_set(e, EINVAL, "unknown command '%s' (try --help)", argv[1]);

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, ":vh", run_opts, NULL)) != -1) {
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
	if (!cfg->boot.kernel)
		return err_set(e, EINVAL, "run: --kernel FILE is required");
	return CLI_RUN;
}
