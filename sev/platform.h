/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV platform commands a guest owner's tools need (AMD SEV API 55766
 * chapter 5; Linux /dev/sev, sev-reference Part B 2.6): PLATFORM_STATUS,
 * PDH_CERT_EXPORT and GET_ID2 as SEV_ISSUE_CMD, on /dev/sev (backend kvm)
 * or on sevvm's software model (backend sim) through the same uAPI, length
 * queries included. The model's chain also has its own TEST ARK and ASK
 * (sev/sim_chain.h).
 */
#ifndef SEVVM_SEV_PLATFORM_H
#define SEVVM_SEV_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sev/backend.h"
#include "sev/sev_cert_chain.h"

#define SEV_PLATFORM_ID_MAX	128

struct sev_platform {
	enum sev_backend_kind kind;
	int fd;				/* /dev/sev (kvm) */
	struct sev_backend *sim;	/* the model (sim) */
};

/* kvm: opens @dev (/dev/sev) and says what is missing when it cannot. */
int sev_platform_open(struct sev_platform *p, enum sev_backend_kind kind, const char *dev,
		      struct err *e);
void sev_platform_close(struct sev_platform *p);

int sev_platform_status(struct sev_platform *p, struct sev_user_data_status *st, struct err *e);
/*
 * PDH_CERT_EXPORT into c->sev[PDH], [PEK], [OCA], [CEK]; the model also
 * fills c->amd (its TEST ARK and ASK) and sets *have_amd. On hardware the
 * ARK and ASK are AMD's, published per product, not given by the platform.
 */
int sev_platform_export(struct sev_platform *p, struct sev_chain_certs *c, bool *have_amd,
			struct err *e);
/* GET_ID2: the chip's unique ID (64 bytes per socket). */
int sev_platform_get_id(struct sev_platform *p, uint8_t id[SEV_PLATFORM_ID_MAX], size_t *len,
			struct err *e);
/* "UNINIT", "INIT", "WORKING" or "?". */
const char *sev_platform_state_name(uint8_t state);

#endif
