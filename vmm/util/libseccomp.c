// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/libseccomp.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#define STR_(x) #x
#define STR(x) STR_(x)
/* The soname of the major version whose <seccomp.h> sevvm is built with. */
#define LIBSECCOMP_SONAME "libseccomp.so." STR(SCMP_VER_MAJOR)

static const struct {
	const char *name;
	size_t offset;
} funcs[] = {
	{ "seccomp_init", offsetof(struct libseccomp, init) },
	{ "seccomp_attr_set", offsetof(struct libseccomp, attr_set) },
	{ "seccomp_rule_add_array", offsetof(struct libseccomp, rule_add_array) },
	{ "seccomp_syscall_resolve_num_arch", offsetof(struct libseccomp, syscall_resolve_num_arch) },
	{ "seccomp_export_bpf", offsetof(struct libseccomp, export_bpf) },
	{ "seccomp_release", offsetof(struct libseccomp, release) },
};

int libseccomp_open(struct libseccomp *l, struct err *e)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	l->handle = dlopen(LIBSECCOMP_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!l->handle)
		return err_set(e, ENOENT, "sandbox: loading %s: %s", LIBSECCOMP_SONAME, dlerror());
	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		void *f = dlsym(l->handle, funcs[i].name);

		if (!f) {
			err_set(e, ENOENT, "sandbox: %s: %s", LIBSECCOMP_SONAME, dlerror());
			libseccomp_close(l);
			return -ENOENT;
		}
		/* a function pointer's bytes, as dlsym(3) documents */
		memcpy((char *)l + funcs[i].offset, &f, sizeof(f));
	}
	return 0;
}

void libseccomp_close(struct libseccomp *l)
{
	if (l->handle)
		dlclose(l->handle);
	memset(l, 0, sizeof(*l));
}
