# sevvm — one build: `make` builds everything into build/, `make check` runs all tests.

CC      ?= cc
BUILD   ?= build
VERSION := 0.1.0

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wformat-security \
	-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
	-Wpointer-arith -Wcast-align -Wwrite-strings -Wundef -Wvla \
	-Wnull-dereference -Wdouble-promotion -Wimplicit-fallthrough \
	-Wmissing-declarations -Wredundant-decls -Wswitch-enum \
	-Wconversion -Wno-sign-conversion -Wstack-protector
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -D_GNU_SOURCE $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
	    -fno-strict-aliasing -pthread -I. -DSEVVM_VERSION='"$(VERSION)"'
LDFLAGS  += -pthread
# libseccomp is dlopen()ed while the sandbox builds its filters
# (vmm/util/libseccomp.c), not linked.
LDLIBS   := -lcrypto

# Sanitizer flavour: the same sources, built into $(BUILD)/san.
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	      -fno-sanitize-recover=undefined

CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lm)

VMM_SRCS := $(sort $(shell find vmm devices sev -name "*.c"))
# The sevvm executable loads libcrypto at its first call into it
# (vmm/util/lazy_libcrypto.c); everything else links libcrypto directly.
LAZY_CRYPTO_SRC := vmm/util/lazy_libcrypto.c
LIB_SRCS := $(filter-out vmm/main.c $(LAZY_CRYPTO_SRC),$(VMM_SRCS))
# Firmware files that are plain freestanding C: the unit tests build them too.
FW_UNIT_SRCS := firmware/sha256.c firmware/e820.c firmware/hash_table.c firmware/secret_table.c \
		firmware/acpi_loader.c
UNIT_SRCS := $(wildcard tests/unit/*.c) $(FW_UNIT_SRCS)

OBJS      := $(VMM_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
SAN_OBJS  := $(VMM_SRCS:%.c=$(BUILD)/san/obj/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/san/obj/%.o)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/obj/%.o)
SAN_UNIT_OBJS := $(UNIT_SRCS:%.c=$(BUILD)/san/obj/%.o)

.PHONY: all check deps unit clean bench demo
all: $(BUILD)/sevvm $(BUILD)/san/sevvm $(BUILD)/unit-tests $(BUILD)/san/unit-tests guest \
	$(BUILD)/firmware/sevvm-fw.bin

# sevvm's link order: what a plain direct boot runs first, then what it
# does not (SEV and its model, the GDB stub, the other commands, firmware
# boot, multiboot, virtio, the libcrypto trampolines). ld lays .text out in
# link order and the kernel maps a file's pages 64 KiB around each fault,
# so start-up code kept together leaves the rest of the file unmapped
# (bench/startup's memory figure).
COLD_SRCS := $(filter sev/% vmm/gdb/% vmm/cmd/measure% vmm/cmd/owner.c vmm/cmd/platform.c \
	       vmm/cmd/inspect.c vmm/cmd/firmware.c %multiboot.c %virtio.c %virtio_blk.c \
	       %virtio_console.c %virtio_net.c %virtio_pci.c %virtio_rng.c vmm/vcpu_describe.c \
	       vmm/vm_sev.c vmm/vm_fw.c $(LAZY_CRYPTO_SRC),$(VMM_SRCS))
SEVVM_OBJS := $(addprefix $(BUILD)/obj/,$(patsubst %.c,%.o,$(filter-out $(COLD_SRCS),$(VMM_SRCS)) \
	      $(COLD_SRCS)))

$(BUILD)/sevvm: $(SEVVM_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/san/sevvm: $(SAN_OBJS)
	$(CC) $(LDFLAGS) -fsanitize=address,undefined -o $@ $^

# The trampolines of vmm/util/lazy_libcrypto.c: one for each libcrypto
# function the other objects call (rewritten only when the list changes).
LAZY_CRYPTO_H := $(BUILD)/gen/libcrypto_syms.h
LAZY_CRYPTO_OBJS := $(LAZY_CRYPTO_SRC:%.c=$(BUILD)/obj/%.o) $(LAZY_CRYPTO_SRC:%.c=$(BUILD)/san/obj/%.o)
$(LAZY_CRYPTO_H): $(filter-out $(LAZY_CRYPTO_OBJS),$(OBJS)) scripts/libcrypto-syms.sh
	@mkdir -p $(dir $@)
	@scripts/libcrypto-syms.sh "$$($(CC) -print-file-name=libcrypto.so)" \
		$(filter %.o,$^) >$@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi
$(LAZY_CRYPTO_OBJS): $(LAZY_CRYPTO_H)
$(LAZY_CRYPTO_OBJS): CFLAGS += -I$(BUILD)/gen

# The system call names of the sandbox's report (vmm/sandbox.c).
SYSCALL_NAMES_H := $(BUILD)/gen/syscall_names.h
SANDBOX_OBJS := $(BUILD)/obj/vmm/sandbox.o $(BUILD)/san/obj/vmm/sandbox.o
$(SYSCALL_NAMES_H): scripts/syscall-names.sh
	@mkdir -p $(dir $@)
	@scripts/syscall-names.sh "$(CC)" >$@.tmp && mv $@.tmp $@
$(SANDBOX_OBJS) $(BUILD)/fuzz/obj/vmm/sandbox.o: $(SYSCALL_NAMES_H)
$(SANDBOX_OBJS): CFLAGS += -I$(BUILD)/gen
$(BUILD)/fuzz/obj/vmm/sandbox.o: FUZZ_CFLAGS += -I$(BUILD)/gen

$(BUILD)/unit-tests: $(UNIT_OBJS) $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/san/unit-tests: $(SAN_UNIT_OBJS) $(SAN_LIB_OBJS)
	$(CC) $(LDFLAGS) -fsanitize=address,undefined -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC     $<'
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/san/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC-SAN $<'
	@$(CC) $(CFLAGS) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

# AMD's root certificates, assembled into sev/amd_roots.o by .incbin.
AMD_ROOT_CERTS := $(wildcard sev/amd-roots/*/*.cert)
$(BUILD)/obj/sev/amd_roots.o $(BUILD)/san/obj/sev/amd_roots.o: $(AMD_ROOT_CERTS)

# sevvm's measured boot firmware (firmware/): freestanding C and assembly with
# its own linker script, a flat image that ends at 4 GiB.
FW_SRCS := $(wildcard firmware/*.c) $(wildcard firmware/*.S)
FW_OBJS := $(addsuffix .o,$(addprefix $(BUILD)/firmware/obj/,$(basename $(notdir $(FW_SRCS)))))
FW_CFLAGS := -std=gnu11 -O2 $(WARN) -I. -ffreestanding -nostdlib -fno-pic -fno-pie \
	     -mcmodel=small -mno-red-zone -mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 \
	     -mno-avx -fno-stack-protector -fno-asynchronous-unwind-tables \
	     -fno-tree-loop-distribute-patterns -fno-strict-aliasing

$(BUILD)/firmware/obj/%.o: firmware/%.c
	@mkdir -p $(dir $@)
	@echo '  CC-FW  $<'
	@$(CC) $(FW_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/firmware/obj/%.o: firmware/%.S
	@mkdir -p $(dir $@)
	@echo '  AS-FW  $<'
	@$(CC) $(FW_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/firmware/sevvm-fw.elf: $(FW_OBJS) firmware/fw.lds
	ld -nostdlib -static -no-pie --no-warn-rwx-segments -T firmware/fw.lds -o $@ $(FW_OBJS)

$(BUILD)/firmware/sevvm-fw.bin: $(BUILD)/firmware/sevvm-fw.elf
	objcopy -O binary $< $@
	@size=$$(stat -c %s $@); if [ $$((size % 4096)) -ne 0 ] || [ $$size -gt 65536 ]; then \
		echo "$@: $$size bytes, not a multiple of 4 KiB up to 64 KiB" >&2; rm -f $@; exit 1; fi

# The firmware image, assembled into sevvm by .incbin (vmm/fw_embedded.c):
# every flavour of that object depends on it and is told its path.
FW_IMAGE := $(BUILD)/firmware/sevvm-fw.bin
FW_EMBED_OBJS := $(BUILD)/obj/vmm/fw_embedded.o $(BUILD)/san/obj/vmm/fw_embedded.o \
		 $(BUILD)/fuzz/obj/vmm/fw_embedded.o
$(FW_EMBED_OBJS): $(FW_IMAGE)
$(FW_EMBED_OBJS): CFLAGS += -DSEVVM_FW_IMAGE='"$(FW_IMAGE)"'
$(BUILD)/fuzz/obj/vmm/fw_embedded.o: FUZZ_CFLAGS += -DSEVVM_FW_IMAGE='"$(FW_IMAGE)"'

.PHONY: guest
guest: $(BUILD)/guest/hello.elf
	guest/build-flat.sh $(BUILD)/guest
	guest/build-multiboot.sh $(BUILD)/guest

# The same hello guest as an ELF executable, for the vmlinux loader.
$(BUILD)/guest/hello.elf: guest/flat/hello.S
	@mkdir -p $(dir $@)
	$(CC) -c -o $(BUILD)/guest/hello.o $<
	ld -N -nostdlib -static --no-warn-rwx-segments -Ttext=0x100000 -e _start \
		-o $@ $(BUILD)/guest/hello.o

# make install [PREFIX=/usr/local] [DESTDIR=]: the executable (its firmware
# is inside it), the man page and the README; make uninstall removes exactly
# those files, and share/doc/sevvm once it is empty.
PREFIX ?= /usr/local
INSTALL_FILES := bin/sevvm share/man/man1/sevvm.1 share/doc/sevvm/README.md
.PHONY: install uninstall
install: $(BUILD)/sevvm man/sevvm.1 README.md
	install -D -m 0755 $(BUILD)/sevvm $(DESTDIR)$(PREFIX)/bin/sevvm
	install -D -m 0644 man/sevvm.1 $(DESTDIR)$(PREFIX)/share/man/man1/sevvm.1
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/sevvm/README.md

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALL_FILES))
	rmdir $(DESTDIR)$(PREFIX)/share/doc/sevvm 2>/dev/null || true

# Installs the Debian packages the build and the tests need (idempotent).
deps:
	scripts/install-deps.sh

check: deps
	$(MAKE) all
	tests/run-all.sh $(BUILD)

# Startup benchmark helpers: an LD_PRELOAD probe that stops a VMM at its
# first KVM_RUN, and a launcher that stamps the time of exec.
BENCH_TOOLS := $(BUILD)/bench/kvm_run_probe.so $(BUILD)/bench/exec_stamp \
	       $(BUILD)/bench/update_data $(BUILD)/bench/blkio

$(BUILD)/bench/kvm_run_probe.so: bench/kvm_run_probe.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -U_FORTIFY_SOURCE -fPIC -shared -o $@ $<

$(BUILD)/bench/exec_stamp: bench/exec_stamp.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

# The SEV model's LAUNCH_UPDATE_DATA throughput, linked with sevvm's own code.
$(BUILD)/bench/update_data: $(BUILD)/obj/bench/update_data.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# bench/blk's guest I/O program, static for the guest initramfs.
$(BUILD)/bench/blkio: bench/blkio.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -static -o $@ $<

bench: deps
	$(MAKE) all $(BENCH_TOOLS)
	bench/startup $(BUILD)
	bench/measure $(BUILD)
	bench/boot $(BUILD)
	bench/blk $(BUILD)

# The demo: Debian's kernel booted by sevvm inside the nested KVM environment
# (this machine's own /dev/kvm cannot boot Linux), its console shown live.
demo: deps
	$(MAKE) all
	NESTED_ONLY=linux-boot NESTED_VERBOSE=1 tests/nested/run.sh $(BUILD)

include tests/fuzz/fuzz.mk

clean:
	rm -rf $(BUILD)

-include $(OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(UNIT_OBJS:.o=.d) $(SAN_UNIT_OBJS:.o=.d) $(FW_OBJS:.o=.d)
