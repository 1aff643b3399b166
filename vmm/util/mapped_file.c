// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/mapped_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int mapped_file_open(const char *name, struct mapped_file *f, struct err *e)
{
	struct stat st;
	int fd, r = 0;

	*f = (struct mapped_file){ .name = name, .fd = -1 };
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "%s", name);
	if (fstat(fd, &st) < 0) {
		r = err_sys(e, errno, "%s", name);
	} else if (!S_ISREG(st.st_mode)) {
		r = err_set(e, EINVAL, "%s: not a regular file", name);
	} else if (!st.st_size) {
		r = err_set(e, EINVAL, "%s: empty file", name);
	} else {
		f->len = (size_t)st.st_size;
		f->data = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (f->data == MAP_FAILED) {
			f->data = NULL;
			r = err_sys(e, errno, "%s: mmap", name);
		}
	}
	if (r)
		close(fd);
	else
		f->fd = fd;
	return r;
}

void mapped_file_close(struct mapped_file *f)
{
	if (f->data)
		munmap(f->data, f->len);
	if (f->fd >= 0)
		close(f->fd);
	f->data = NULL;
	f->fd = -1;
}
