/* SPDX-License-Identifier: GPL-2.0 */
/* What the command line asks of an SEV launch. */
#ifndef SEVVM_SEV_CONFIG_H
#define SEVVM_SEV_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum sev_mode { SEV_MODE_OFF, SEV_MODE_SEV, SEV_MODE_ES };
enum sev_init_mode { SEV_INIT_MODE_AUTO, SEV_INIT_MODE_INIT2, SEV_INIT_MODE_LEGACY };

struct sev_config {
	enum sev_mode mode;
	int backend;			/* enum sev_backend_kind */
	enum sev_init_mode init;
	bool policy_set;
	uint32_t policy;		/* default 0x1 (SEV), 0x5 (SEV-ES) */
	const char *dh_cert, *session;	/* base64 files, as QEMU takes them */
	const char *secret_header, *secret;
	bool secret_gpa_set;
	uint64_t secret_gpa;
	const char *attest_cmd;		/* the owner's verifier (sev/attest.h) */
	const char *launch_log;		/* JSON */
	const char *dump_dir;		/* measured.bin, vmsa-cpuN.bin */
	const char *sim_keys_out;	/* the model's TEK || TIK (32 bytes) */
	uint8_t sim_api_major, sim_api_minor, sim_build;
};

#define SEV_DEFAULT_POLICY_SEV	0x1u	/* NODBG */
#define SEV_DEFAULT_POLICY_ES	0x5u	/* NODBG | ES */
/* The model's platform: API 1.55, build 21 (a Milan-era firmware). */
#define SEV_SIM_API_MAJOR	1
#define SEV_SIM_API_MINOR	55
#define SEV_SIM_BUILD		21
/* The model's published seed (zero-padded to 32 bytes): its keys are TEST KEYS. */
#define SEV_SIM_SEED		"sevvm software model TEST KEYS"

static inline uint32_t sev_config_policy(const struct sev_config *c)
{
	if (c->policy_set)
		return c->policy;
	return c->mode == SEV_MODE_ES ? SEV_DEFAULT_POLICY_ES : SEV_DEFAULT_POLICY_SEV;
}

#endif
