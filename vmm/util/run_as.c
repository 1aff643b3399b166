// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/run_as.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

int run_as_lookup(struct run_as *ra, const char *name, struct err *e)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return err_set(e, EPERM, "--user %s: needs sevvm started as root (it runs as uid %u)",
			       name, (unsigned int)geteuid());
	errno = 0;
	pw = getpwnam(name);
	if (!pw)
		return errno ? err_sys(e, errno, "--user %s: looking the user up", name) :
			       err_set(e, ENOENT, "--user %s: no such user", name);
	if (pw->pw_uid == 0)
		return err_set(e, EINVAL, "--user %s: is root (uid 0), nothing to drop", name);
	*ra = (struct run_as){ .name = name, .uid = pw->pw_uid, .gid = pw->pw_gid };
	return 0;
}

int run_as_switch(const struct run_as *ra, struct err *e)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	/* Groups first: once the user ID is not root, they cannot change. */
	if (initgroups(ra->name, ra->gid) < 0)
		return err_sys(e, errno, "--user %s: initgroups", ra->name);
	if (setresgid(ra->gid, ra->gid, ra->gid) < 0)
		return err_sys(e, errno, "--user %s: setresgid(%u)", ra->name, (unsigned int)ra->gid);
	if (setresuid(ra->uid, ra->uid, ra->uid) < 0)
		return err_sys(e, errno, "--user %s: setresuid(%u)", ra->name, (unsigned int)ra->uid);
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    ru != ra->uid || eu != ra->uid || su != ra->uid ||
	    rg != ra->gid || eg != ra->gid || sg != ra->gid)
		return err_set(e, EPERM, "--user %s: the IDs did not all change", ra->name);
	if (setuid(0) == 0 || (ra->gid != 0 && setgid(0) == 0))
		return err_set(e, EPERM, "--user %s: root could be regained after the switch",
			       ra->name);
	return 0;
}
