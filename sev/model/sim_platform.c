// SPDX-License-Identifier: GPL-2.0
#include "sev/model/sim_platform.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include "sev/model/sim_chain.h"

#define CHAIN_LEN	(3 * SEV_CERT_SIZE)	/* PEK || OCA || CEK */

static void *uptr(__u64 a)
{
	return (void *)(uintptr_t)a;
}

int sev_sim_platform_chain(struct sev_fw *fw, struct sev_chain_certs **chain, struct err *e)
{
	int r;

	if (*chain)
		return 0;
	*chain = calloc(1, sizeof(**chain));
	if (!*chain)
		return err_set(e, ENOMEM, "SEV model: certificate chain");
	r = sev_sim_chain_build(fw->cfg.seed, sev_fw_pdh(fw), fw->cfg.api_major,
				fw->cfg.api_minor, *chain, e);
	if (r) {
		free(*chain);
		*chain = NULL;
	}
	return r;
}

/* 55766 5.10 PDH_CERT_EXPORT as the kernel passes it (sev_ioctl_do_pdh_export). */
static int pdh_cert_export(struct sev_fw *fw, struct sev_chain_certs **chain,
			   struct sev_issue_cmd *cmd)
{
	struct sev_user_data_pdh_cert_export *x = uptr(cmd->data);
	struct err e = { 0 };
	uint8_t *out;

	if (!x)
		return -EFAULT;
	/* PDH_CERT_EXPORT is allowed in INIT and WORKING (55766 5.1.2). */
	if (fw->state == SEV_PSTATE_UNINIT) {
		cmd->error = SEV_INVALID_PLATFORM_STATE;
		return -EIO;
	}
	if (!x->pdh_cert_address || !x->cert_chain_address || x->pdh_cert_len < SEV_CERT_SIZE ||
	    x->cert_chain_len < CHAIN_LEN) {
		x->pdh_cert_len = SEV_CERT_SIZE;
		x->cert_chain_len = CHAIN_LEN;
		cmd->error = SEV_INVALID_LENGTH;
		return -EIO;
	}
	if (sev_sim_platform_chain(fw, chain, &e)) {
		cmd->error = SEV_HWERROR_PLATFORM;
		return -EIO;
	}
	memcpy(uptr(x->pdh_cert_address), (*chain)->sev[SEV_CHAIN_PDH], SEV_CERT_SIZE);
	out = uptr(x->cert_chain_address);
	memcpy(out, (*chain)->sev[SEV_CHAIN_PEK], SEV_CERT_SIZE);
	memcpy(out + SEV_CERT_SIZE, (*chain)->sev[SEV_CHAIN_OCA], SEV_CERT_SIZE);
	memcpy(out + 2 * SEV_CERT_SIZE, (*chain)->sev[SEV_CHAIN_CEK], SEV_CERT_SIZE);
	x->pdh_cert_len = SEV_CERT_SIZE;
	x->cert_chain_len = CHAIN_LEN;
	return 0;
}

/* GET_ID2: the model's ID is HMAC-SHA512(seed, "sevvm-sim ID"). */
static int get_id2(struct sev_fw *fw, struct sev_issue_cmd *cmd)
{
	static const char label[] = "sevvm-sim ID";
	struct sev_user_data_get_id2 *g = uptr(cmd->data);
	size_t n = 0;

	if (!g)
		return -EFAULT;
	if (!g->address || g->length < SEV_SIM_ID_LEN) {
		g->length = SEV_SIM_ID_LEN;
		cmd->error = SEV_INVALID_LENGTH;
		return -EIO;
	}
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA512", NULL, fw->cfg.seed, sizeof(fw->cfg.seed),
		       (const uint8_t *)label, strlen(label), uptr(g->address), SEV_SIM_ID_LEN,
		       &n) || n != SEV_SIM_ID_LEN) {
		cmd->error = SEV_HWERROR_PLATFORM;
		return -EIO;
	}
	g->length = SEV_SIM_ID_LEN;
	return 0;
}

int sev_sim_platform_cmd(struct sev_fw *fw, struct sev_chain_certs **chain,
			 struct sev_issue_cmd *cmd)
{
	switch (cmd->cmd) {
	case SEV_PDH_CERT_EXPORT:
		return pdh_cert_export(fw, chain, cmd);
	case SEV_GET_ID2:
		return get_id2(fw, cmd);
	default:
		return -EINVAL;
	}
}
