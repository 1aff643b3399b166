// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/run_as.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

int run_as_user(const char *name, uid_t *uid, gid_t *gid, struct err *e)
{
	struct passwd *pw;
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

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
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	/* Groups first: once the user ID is not root, they cannot change. */
	if (initgroups(name, *gid) < 0)
		return err_sys(e, errno, "--user %s: initgroups", name);
	if (setresgid(*gid, *gid, *gid) < 0)
		return err_sys(e, errno, "--user %s: setresgid(%u)", name, (unsigned int)*gid);
	if (setresuid(*uid, *uid, *uid) < 0)
		return err_sys(e, errno, "--user %s: setresuid(%u)", name, (unsigned int)*uid);
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    ru != *uid || eu != *uid || su != *uid || rg != *gid || eg != *gid || sg != *gid)
		return err_set(e, EPERM, "--user %s: the IDs did not all change", name);
	if (setuid(0) == 0 || (*gid != 0 && setgid(0) == 0))
		return err_set(e, EPERM, "--user %s: root could be regained after the switch", name);
	return 0;
}
