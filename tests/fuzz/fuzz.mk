# libFuzzer targets (tests/fuzz/fuzz_*.c): the library sources built again
# with clang and ASan+UBSan into $(BUILD)/fuzz, one binary per parser of
# outside input. `make fuzz` runs each for FUZZ_SECONDS, or until
# FUZZ_RUNS executions when that is set and comes first; `make check` runs
# each for a few seconds through tests/run-all.sh.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_RUNS    ?=
FUZZ_ONLY    ?=
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# clang's -Wcast-align warns on x86 too (gcc's only where alignment traps),
# its -Wformat=2 on vfprintf() wrappers that gcc's leaves alone, and it
# calls the struct kvm_msrs + entries idiom (a gnu11 extension) out.
FUZZ_CFLAGS  := -std=gnu11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -pthread -I. \
		-DSEVVM_VERSION='"$(VERSION)"' $(WARN) -Wno-unused-command-line-argument -Wno-cast-align \
		-Wno-format-nonliteral -Wno-gnu-variable-sized-type-not-at-end \
		$(FUZZ_SAN)
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/fuzz/obj/%.o) $(FW_UNIT_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)
# The unit tests' virtio driver, with a stand-in for Check's assertions.
FUZZ_VH_OBJ  := $(BUILD)/fuzz/obj/tests/unit/virtio_harness.o
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC-FUZZ $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_VH_OBJ): tests/unit/virtio_harness.c tests/fuzz/shim/check.h
	@mkdir -p $(dir $@)
	@echo '  CC-FUZZ $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz/shim -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJS) $(FUZZ_VH_OBJ)
	@echo '  LD-FUZZ $@'
	@$(FUZZ_CC) -pthread -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LDLIBS)

.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_VH_OBJ) $(FUZZ_TARGETS:%=$(BUILD)/fuzz/obj/tests/fuzz/%.o)

.PHONY: fuzz fuzz-build fuzz-seeds
fuzz-build: $(FUZZ_BINS)

# The seeds take the GUIDs from these sources.
FUZZ_SEEDS := $(BUILD)/fuzz/seeds/.made
$(FUZZ_SEEDS): tests/fuzz/make-seeds.py sev/ovmf.c sev/kernel_hashes_abi.h firmware/secret_table.c
	rm -rf $(BUILD)/fuzz/seeds
	python3 tests/fuzz/make-seeds.py $(BUILD)/fuzz/seeds
	touch $@

fuzz-seeds: $(FUZZ_SEEDS)

# run.sh builds the targets and seeds first (so tests/run-all.sh can too).
fuzz: deps
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_ONLY="$(FUZZ_ONLY)" tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS)

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_VH_OBJ:.o=.d) $(BUILD)/fuzz/obj/tests/fuzz/*.d
