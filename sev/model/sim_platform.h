/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model's /dev/sev commands for the guest owner's tools, behind the same
 * uAPI as the kernel's (drivers/crypto/ccp/sev-dev.c; sev-reference Part B
 * 2.6): SEV_PDH_CERT_EXPORT (the PDH and PEK || OCA || CEK of the model's
 * TEST chain) and SEV_GET_ID2, each with the kernel's length query: a zero
 * address or a short length gets INVALID_LENGTH and the lengths needed.
 */
#ifndef SEVVM_SEV_SIM_PLATFORM_H
#define SEVVM_SEV_SIM_PLATFORM_H

#include "sev/compat.h"
#include "sev/sev_cert_chain.h"
#include "sev/model/sim_fw.h"

#define SEV_SIM_ID_LEN	64	/* one socket's ID */

/*
 * One command for the model @fw; *chain caches its certificate chain
 * (built on first use; free() it). Returns 0 or -errno with cmd->error set
 * as KVM's /dev/sev does; -EINVAL for commands the model does not have.
 */
int sev_sim_platform_cmd(struct sev_fw *fw, struct sev_chain_certs **chain,
			 struct sev_issue_cmd *cmd);
/* The cached chain, built if needed (for the model's ARK and ASK). */
int sev_sim_platform_chain(struct sev_fw *fw, struct sev_chain_certs **chain, struct err *e);

#endif
