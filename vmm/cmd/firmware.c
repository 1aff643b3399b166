// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm firmware extract FILE`: writes out the firmware image built into
 * sevvm (vmm/fw_embedded.h), so a guest owner or a firmware developer gets
 * the exact bytes a launch without --firmware measures, to give to other
 * tools (sev-snp-measure, virt-qemu-sev-validate, QEMU's -bios).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sev/launch_log.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
#include "vmm/fw_embedded.h"

static const char firmware_usage[] =
"usage: sevvm firmware extract [--force] FILE\n"
"\n"
"  extract FILE           write sevvm's embedded firmware image to FILE (\"-\":\n"
"                         stdout, unless it is a terminal). FILE must not\n"
"                         exist unless --force, which replaces a regular file\n"
"                         whole (a new file renamed over it); a failed write\n"
"                         leaves no partial FILE. Prints the image's size and\n"
"                         SHA-256 on stderr\n";

static int write_all(int fd, const char *path, struct err *e)
{
	const uint8_t *p = fw_embedded_data();
	size_t len = fw_embedded_size(), done = 0;

	while (done < len) {
		ssize_t n = write(fd, p + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_sys(e, n < 0 ? errno : EIO, "%s: write", path);
		done += (size_t)n;
	}
	return 0;
}

/* The mode a plain open(..., 0644) would give: the umask applies. */
static mode_t file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0644 & ~mask;
}

/*
 * Without @force the image goes to a file made with O_EXCL (never an
 * existing file, never through a symlink); with @force to a new file next
 * to @path that is then renamed over it, so @path is replaced whole or not
 * at all. Only a regular file is ever replaced: renaming over a device
 * node or a symlink would destroy it, not write to it. On any error the
 * file sevvm made is removed.
 */
static int extract_to_file(const char *path, bool force, struct err *e)
{
	char tmp[PATH_MAX];
	const char *made = path;
	struct stat st;
	int fd, r;

	if (force && lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return err_set(e, EINVAL, "%s exists and is not a regular file: --force replaces "
			       "only a regular file", path);
	if (force) {
		if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp))
			return err_set(e, ENAMETOOLONG, "%s: path too long", path);
		fd = mkostemp(tmp, O_CLOEXEC);
		made = tmp;
		if (fd >= 0 && fchmod(fd, file_mode()) < 0) {
			r = err_sys(e, errno, "%s: chmod", tmp);
			goto fail_fd;
		}
	} else {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		if (errno == EEXIST)
			return err_set(e, EEXIST, "%s exists (give --force to replace it)", path);
		return err_sys(e, errno, "%s", path);
	}
	r = write_all(fd, path, e);
	if (!r && fsync(fd) < 0)
		r = err_sys(e, errno, "%s: fsync", path);
	if (close(fd) < 0 && !r)
		r = err_sys(e, errno, "%s: close", path);
	if (!r && force && rename(tmp, path) < 0)
		r = err_sys(e, errno, "%s", path);
	if (r)
		unlink(made);
	return r;
fail_fd:
	close(fd);
	unlink(made);
	return r;
}

static int extract_to_stdout(struct err *e)
{
	if (isatty(STDOUT_FILENO))
		return err_set(e, EINVAL, "extract -: stdout is a terminal; redirect it, or give "
			       "a FILE");
	/* The status of a pipe or file is known only once what was written is out. */
	if (write_all(STDOUT_FILENO, "stdout", e))
		return -EIO;
	if (fsync(STDOUT_FILENO) < 0 && errno != EINVAL && errno != EROFS)
		return err_sys(e, errno, "stdout: fsync");
	return 0;
}

static int firmware_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct err e = { 0 };
	bool force = false;
	uint8_t sha[32];
	char hex[65];
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f') {
			force = true;
		} else if (c == 'h') {
			fputs(firmware_usage, stdout);
			return 0;
		} else {
			return cmd_usage_error("firmware", firmware_usage, "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error("firmware", firmware_usage, "extract: give one FILE");
	r = fw_embedded_sha256(sha, &e);
	if (!r)
		r = strcmp(argv[optind], "-") ? extract_to_file(argv[optind], force, &e) :
						extract_to_stdout(&e);
	if (r)
		return cmd_fail("firmware", &e);
	fprintf(stderr, "sevvm: %s (%zu bytes, sha256 %s) written to %s\n", FW_EMBEDDED_NAME,
		fw_embedded_size(), sev_hex(sha, sizeof(sha), hex),
		strcmp(argv[optind], "-") ? argv[optind] : "stdout");
	return 0;
}

int cmd_firmware(int argc, char **argv)
{
	static const struct command subs[] = {
		{ .name = "extract", .main = firmware_extract },
	};

	return command_dispatch("firmware", firmware_usage, subs, 1, argc, argv);
}
