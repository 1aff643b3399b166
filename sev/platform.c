// SPDX-License-Identifier: GPL-2.0
#include "sev/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sev/config.h"
#include "sev/status.h"

const char *sev_platform_state_name(uint8_t state)
{
	switch (state) {
	case SEV_PSTATE_UNINIT:		return "UNINIT";
	case SEV_PSTATE_INIT:		return "INIT";
	case SEV_PSTATE_WORKING:	return "WORKING";
	default:			return "?";
	}
}

int sev_platform_open(struct sev_platform *p, enum sev_backend_kind kind, const char *dev,
		      struct err *e)
{
	struct sev_sim_config sim = {
		.api_major = SEV_SIM_API_MAJOR, .api_minor = SEV_SIM_API_MINOR,
		.build = SEV_SIM_BUILD, .seed = SEV_SIM_SEED,
	};

	*p = (struct sev_platform){ .kind = kind, .fd = -1 };
	if (kind == SEV_BACKEND_SIM)
		return sev_backend_sim_open(&p->sim, &sim, e);
	p->fd = open(dev, O_RDWR | O_CLOEXEC);
	if (p->fd < 0 && errno == EACCES)
		p->fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (p->fd >= 0)
		return 0;
	if (errno == ENOENT)
		return err_set(e, ENODEV, "%s does not exist: this host has no SEV firmware "
			       "interface (an AMD PSP with SEV and the ccp driver); "
			       "--sev-backend sim uses sevvm's software model instead", dev);
	return err_sys(e, errno, "%s", dev);
}

void sev_platform_close(struct sev_platform *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	sev_backend_close(p->sim);
	p->sim = NULL;
}

/* One SEV_ISSUE_CMD; firmware errors named. */
static int issue(struct sev_platform *p, uint32_t cmd, void *data, const char *name,
		 bool quiet, struct err *e)
{
	struct sev_issue_cmd c = { .cmd = cmd, .data = (uint64_t)(uintptr_t)data };
	char st[64];
	int r;

	if (p->sim)
		r = p->sim->ops->sev_issue_cmd(p->sim, &c);
	else
		r = ioctl(p->fd, SEV_ISSUE_CMD, &c) < 0 ? -errno : 0;
	if (!r || quiet)
		return r;
	if (c.error)
		return err_set(e, EIO, "%s: firmware error %s", name,
			       sev_status_str(c.error, st, sizeof(st)));
	return err_set(e, -r, "%s: %s", name, strerror(-r));
}

int sev_platform_status(struct sev_platform *p, struct sev_user_data_status *st, struct err *e)
{
	return issue(p, SEV_PLATFORM_STATUS, st, "SEV_PLATFORM_STATUS", false, e);
}

int sev_platform_export(struct sev_platform *p, struct sev_chain_certs *c, bool *have_amd,
			struct err *e)
{
	uint8_t chain[3 * SEV_CERT_SIZE];
	struct sev_user_data_pdh_cert_export x = { 0 };
	const struct sev_chain_certs *model;
	int r;

	memset(c, 0, sizeof(*c));
	*have_amd = false;
	/* The length query (all zero) answers with the sizes the firmware needs. */
	issue(p, SEV_PDH_CERT_EXPORT, &x, "SEV_PDH_CERT_EXPORT", true, e);
	if (x.pdh_cert_len != SEV_CERT_SIZE || x.cert_chain_len != sizeof(chain))
		return err_set(e, EPROTO, "SEV_PDH_CERT_EXPORT: the firmware wants %u and %u "
			       "bytes, expected %u (PDH) and %zu (PEK, OCA, CEK)", x.pdh_cert_len,
			       x.cert_chain_len, SEV_CERT_SIZE, sizeof(chain));
	x.pdh_cert_address = (uint64_t)(uintptr_t)c->sev[SEV_CHAIN_PDH];
	x.cert_chain_address = (uint64_t)(uintptr_t)chain;
	r = issue(p, SEV_PDH_CERT_EXPORT, &x, "SEV_PDH_CERT_EXPORT", false, e);
	if (r)
		return r;
	/* The chain buffer is PEK || OCA || CEK (sev-reference Part C 2.4). */
	memcpy(c->sev[SEV_CHAIN_PEK], chain, SEV_CERT_SIZE);
	memcpy(c->sev[SEV_CHAIN_OCA], chain + SEV_CERT_SIZE, SEV_CERT_SIZE);
	memcpy(c->sev[SEV_CHAIN_CEK], chain + 2 * SEV_CERT_SIZE, SEV_CERT_SIZE);
	if (!p->sim)
		return 0;
	/* The model's own ARK and ASK, which no /dev/sev command returns. */
	r = sev_backend_sim_chain(p->sim, &model, e);
	if (r)
		return r;
	memcpy(c->amd, model->amd, sizeof(c->amd));
	memcpy(c->amd_len, model->amd_len, sizeof(c->amd_len));
	*have_amd = true;
	return 0;
}

int sev_platform_get_id(struct sev_platform *p, uint8_t id[SEV_PLATFORM_ID_MAX], size_t *len,
			struct err *e)
{
	struct sev_user_data_get_id2 g = { 0 };
	int r;

	issue(p, SEV_GET_ID2, &g, "SEV_GET_ID2", true, e);
	if (!g.length || g.length > SEV_PLATFORM_ID_MAX)
		return err_set(e, EPROTO, "SEV_GET_ID2: the firmware wants %u bytes, "
			       "expected 1..%u",
			       g.length, SEV_PLATFORM_ID_MAX);
	g.address = (uint64_t)(uintptr_t)id;
	r = issue(p, SEV_GET_ID2, &g, "SEV_GET_ID2", false, e);
	if (!r)
		*len = g.length;
	return r;
}
