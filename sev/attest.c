// SPDX-License-Identifier: GPL-2.0
#include "sev/attest.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define ATTEST_VARS	10

/* The environment of the command: our variables first, then sevvm's own. */
static char **build_env(const struct sev_attest_info *in, const char *dir)
{
	char b64[72], self[PATH_MAX];
	size_t n = 0, i, k = 0;
	char **env;
	ssize_t sl;

	while (environ[n])
		n++;
	env = calloc(n + ATTEST_VARS + 1, sizeof(*env));
	if (!env)
		return NULL;
	EVP_EncodeBlock((unsigned char *)b64, in->measurement, 48);
	sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[sl > 0 ? sl : 0] = 0;
	if (asprintf(&env[k++], "SEVVM_MEASUREMENT=%s", b64) < 0 ||
	    asprintf(&env[k++], "SEVVM_API_MAJOR=%u", in->api_major) < 0 ||
	    asprintf(&env[k++], "SEVVM_API_MINOR=%u", in->api_minor) < 0 ||
	    asprintf(&env[k++], "SEVVM_API=%u.%u", in->api_major, in->api_minor) < 0 ||
	    asprintf(&env[k++], "SEVVM_BUILD=%u", in->build) < 0 ||
	    asprintf(&env[k++], "SEVVM_POLICY=%#x", in->policy) < 0 ||
	    asprintf(&env[k++], "SEVVM_SECRET_GPA=%#" PRIx64, in->secret_gpa) < 0 ||
	    asprintf(&env[k++], "SEVVM_BACKEND=%s", in->backend) < 0 ||
	    asprintf(&env[k++], "SEVVM_LAUNCH_DIR=%s", dir) < 0 ||
	    asprintf(&env[k++], "SEVVM=%s", self) < 0) {
		env[k - 1] = NULL;
		for (i = 0; i < k; i++)
			free(env[i]);
		free(env);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "SEVVM", 5))
			env[k++] = environ[i];
	}
	return env;
}

static void free_env(char **env)
{
	unsigned int i;

	for (i = 0; i < ATTEST_VARS; i++)
		free(env[i]);
	free(env);
}

/* The child: only async-signal-safe calls between fork and exec. */
static void child(const char *cmd, char **env)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)cmd, NULL };
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);
	execve("/bin/sh", argv, env);
	_exit(127);
}

static int run(const char *cmd, char **env, struct err *e)
{
	pid_t pid, w;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return err_sys(e, errno, "--attest-cmd: fork");
	if (pid == 0)
		child(cmd, env);
	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return err_sys(e, errno, "--attest-cmd: waitpid");
	if (WIFSIGNALED(status))
		return err_set(e, ECANCELED, "--attest-cmd was killed by signal %d: the launch "
			       "stops before LAUNCH_SECRET", WTERMSIG(status));
	if (WEXITSTATUS(status))
		return err_set(e, ECANCELED, "--attest-cmd exited with status %d: the guest owner "
			       "refused the launch, which stops before LAUNCH_SECRET",
			       WEXITSTATUS(status));
	return 0;
}

static int check_output(const char *dir, struct err *e)
{
	static const char *const names[] = { SEV_ATTEST_HEADER_FILE, SEV_ATTEST_SECRET_FILE };
	char path[PATH_MAX + 32];
	struct stat st;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
			return err_set(e, ENOENT, "--attest-cmd exited 0 but wrote no %s into "
				       "$SEVVM_LAUNCH_DIR (it must write %s and %s)", names[i],
				       SEV_ATTEST_HEADER_FILE, SEV_ATTEST_SECRET_FILE);
	}
	return 0;
}

int sev_attest_run(const char *cmd, const struct sev_attest_info *in, char dir[PATH_MAX],
		   struct err *e)
{
	const char *tmp = getenv("TMPDIR");
	char **env;
	int r;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(dir, PATH_MAX, "%s/sevvm-launch.XXXXXX", tmp) >= PATH_MAX) {
		dir[0] = 0;
		return err_set(e, ENAMETOOLONG, "--attest-cmd: TMPDIR is too long");
	}
	if (!mkdtemp(dir)) {
		r = err_sys(e, errno, "--attest-cmd: mkdtemp %s", dir);
		dir[0] = 0;
		return r;
	}
	env = build_env(in, dir);
	if (!env)
		return err_set(e, ENOMEM, "--attest-cmd: environment");
	r = run(cmd, env, e);
	free_env(env);
	return r ? r : check_output(dir, e);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;	/* go on: remove what can be removed */
}

void sev_attest_cleanup(char dir[PATH_MAX])
{
	if (!dir[0])
		return;
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	dir[0] = 0;
}
