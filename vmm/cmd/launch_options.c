// SPDX-License-Identifier: GPL-2.0
#include "vmm/cmd/launch_options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/backend.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
#include "vmm/layout.h"

enum {
	OPT_KERNEL = 256, OPT_KERNEL_FORMAT, OPT_INITRD, OPT_CMDLINE, OPT_MEMORY,
	OPT_CPUS, OPT_TIMEOUT, OPT_EXPECT, OPT_KVM, OPT_VERSION,
	OPT_SEV, OPT_SEV_ES, OPT_SEV_BACKEND, OPT_SEV_INIT, OPT_POLICY, OPT_DH_CERT,
	OPT_SESSION, OPT_SECRET_HEADER, OPT_SECRET, OPT_SECRET_GPA, OPT_LAUNCH_LOG,
	OPT_DUMP_MEASURED, OPT_SIM_KEYS_OUT, OPT_TIK, OPT_MNONCE, OPT_API, OPT_BUILD,
	OPT_CBIT, OPT_FIRMWARE, OPT_CPU_SIG, OPT_BOOT, OPT_HASH_TABLE, OPT_EXPLAIN,
	OPT_ATTEST_CMD,
	OPT_DISK, OPT_NET, OPT_CONSOLE, OPT_RNG, OPT_VIRTIO_ACCESS_PLATFORM,
	OPT_TRACE, OPT_TRACE_FILE, OPT_DEBUGCON, OPT_GDB, OPT_GDB_WAIT,
	OPT_SANDBOX, OPT_USER,
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
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "trace-file", required_argument, NULL, OPT_TRACE_FILE },
	{ "debugcon", required_argument, NULL, OPT_DEBUGCON },
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
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "attest-cmd", required_argument, NULL, OPT_ATTEST_CMD },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "net", required_argument, NULL, OPT_NET },
	{ "console", required_argument, NULL, OPT_CONSOLE },
	{ "rng", no_argument, NULL, OPT_RNG },
	{ "virtio-access-platform", no_argument, NULL, OPT_VIRTIO_ACCESS_PLATFORM },
	{ "gdb", required_argument, NULL, OPT_GDB },
	{ "gdb-wait", no_argument, NULL, OPT_GDB_WAIT },
	{ "sandbox", required_argument, NULL, OPT_SANDBOX },
	{ "user", required_argument, NULL, OPT_USER },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Options of SEV launches (run and measure). 1: not an SEV option. */
static int parse_sev_opt(int c, const char *arg, struct launch_options *o, struct err *e)
{
	struct sev_config *s = &o->vm.sev;
	struct measure_config *m = &o->measure;
	enum sev_backend_kind kind;
	uint64_t v;

	switch (c) {
	case OPT_SEV:
	case OPT_SEV_ES:
		if (s->mode != SEV_MODE_OFF && s->mode != (c == OPT_SEV ? SEV_MODE_SEV : SEV_MODE_ES))
			return err_set(e, EINVAL, "--sev and --sev-es exclude each other");
		s->mode = c == OPT_SEV ? SEV_MODE_SEV : SEV_MODE_ES;
		return 0;
	case OPT_SEV_BACKEND:
		if (parse_sev_backend(arg, &kind))
			return err_set(e, EINVAL, "--sev-backend '%s': expected kvm or sim", arg);
		s->backend = kind;
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
	case OPT_EXPLAIN:		m->explain = arg; return 0;
	case OPT_SECRET_GPA:
		if (parse_u64(arg, UINT64_MAX, &s->secret_gpa) || s->secret_gpa & 15)
			return err_set(e, EINVAL, "--secret-gpa '%s': expected a 16-byte aligned address", arg);
		s->secret_gpa_set = true;
		return 0;
	case OPT_MNONCE:
		if (parse_hex(arg, m->mnonce, sizeof(m->mnonce)))
			return err_set(e, EINVAL, "--mnonce '%s': expected 32 hex digits", arg);
		m->mnonce_set = true;
		return 0;
	case OPT_API:
		if (parse_api_version(arg, &m->api_major, &m->api_minor))
			return err_set(e, EINVAL, "--api '%s': expected MAJOR.MINOR", arg);
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
static int check_sev(const struct launch_options *o, bool measure, struct err *e)
{
	const struct sev_config *s = &o->vm.sev;
	const struct measure_config *m = &o->measure;

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
			 m->cpu_sig_set || m->explain))
		return err_set(e, EINVAL, "--tik, --mnonce, --api, --build, --cbit, --cpu-sig and "
			       "--explain belong to measure");
	if (m->explain && (s->launch_log || s->dump_dir || m->tik))
		return err_set(e, EINVAL, "measure --explain LOG reads LOG: it takes no --launch-log, "
			       "--dump-measured or --tik");
	if (measure && m->tik && (!m->mnonce_set || !m->api_set || !m->build_set))
		return err_set(e, EINVAL, "measure --tik: also give --mnonce, --api and --build");
	return 0;
}

int launch_options_parse(int argc, char **argv, enum launch_cmd cmd, struct launch_options *o,
			 struct err *e)
{
	struct vm_config *cfg = &o->vm;
	bool measure = cmd == LAUNCH_MEASURE, sandbox_set = false;
	char *end;
	long n;
	int c;

	*o = (struct launch_options){
		.vm = {
			.boot = { .format = KERNEL_AUTO, .cmdline = DEFAULT_CMDLINE },
			.mem_size = DEFAULT_MEM_SIZE,
			.ncpus = 1,
			.kvm_path = "/dev/kvm",
		},
	};
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vh", run_opts, NULL)) != -1) {
		int s = parse_sev_opt(c, optarg, o, e);

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
				return err_set(e, EINVAL, "--kernel-format '%s': expected auto, bzimage, elf, flat or multiboot",
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
		case OPT_SANDBOX:
			if (!strcmp(optarg, "on"))
				cfg->no_sandbox = false;
			else if (!strcmp(optarg, "off"))
				cfg->no_sandbox = true;
			else
				return err_set(e, EINVAL, "--sandbox '%s': expected on or off", optarg);
			sandbox_set = true;
			break;
		case OPT_USER:
			if (!*optarg)
				return err_set(e, EINVAL, "--user: expected a user name");
			o->user = optarg;
			break;
		case 'v':
			cfg->verbose = true;
			break;
		case OPT_TRACE:
			if (trace_parse_kinds(optarg, &cfg->trace, e))
				return -EINVAL;
			break;
		case OPT_TRACE_FILE:
			cfg->trace_file = optarg;
			break;
		case OPT_DEBUGCON:
			if (!*optarg)
				return err_set(e, EINVAL, "--debugcon: expected FILE or stdout");
			cfg->debugcon = optarg;
			break;
		case 'h':
			return LAUNCH_WANTS_HELP;
		case OPT_VERSION:
			return LAUNCH_WANTS_VERSION;
		case ':':
			return err_set(e, EINVAL, "option %s needs an argument", argv[optind - 1]);
		default:
			return err_set(e, EINVAL, "unknown option '%s' (try --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return err_set(e, EINVAL, "unexpected argument '%s' (try --help)", argv[optind]);
	/* measure can take the firmware alone: --firmware F, or --boot firmware (embedded). */
	if (!cfg->boot.kernel &&
	    !(measure && (cfg->boot.firmware || cfg->boot.mode == BOOT_FIRMWARE)))
		return err_set(e, EINVAL, "%s: --kernel FILE is required", measure ? "measure" : "run");
	if (cfg->trace_file && !cfg->trace)
		return err_set(e, EINVAL, "--trace-file: give --trace too");
	if (measure && cfg->trace)
		return err_set(e, EINVAL, "--trace belongs to run");
	if (measure && cfg->debugcon)
		return err_set(e, EINVAL, "--debugcon belongs to run");
	if (check_sev(o, measure, e))
		return -EINVAL;
	if (boot_resolve(&cfg->boot, cfg->sev.mode != SEV_MODE_OFF, e))
		return -EINVAL;
	if (cfg->boot.hash_table && cfg->boot.mode != BOOT_FIRMWARE)
		return err_set(e, EINVAL, "--hash-table belongs to a firmware boot");
	if (cfg->gdb.wait && !cfg->gdb.listen)
		return err_set(e, EINVAL, "--gdb-wait needs --gdb");
	if (measure && cfg->gdb.listen)
		return err_set(e, EINVAL, "--gdb belongs to run");
	if (measure && (sandbox_set || o->user))
		return err_set(e, EINVAL, "--sandbox and --user belong to run");
	return LAUNCH_PARSED;
}

bool launch_options_for_command(int argc, char **argv, enum launch_cmd cmd,
				struct launch_options *o, int *status)
{
	struct err e = { 0 };
	int r = launch_options_parse(argc, argv, cmd, o, &e);

	*status = 0;
	if (r < 0)
		*status = cmd_fail(NULL, &e);
	else if (r == LAUNCH_WANTS_HELP)
		sevvm_usage(stdout);
	else if (r == LAUNCH_WANTS_VERSION)
		*status = sevvm_version(stdout);
	return r == LAUNCH_PARSED;
}
