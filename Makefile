# A thin wrapper around CMake: `make` sets up and builds, `make run` runs the
# tool on the bundled examples, `make test` runs the whole test suite, then
# runs it again built with AddressSanitizer and UndefinedBehaviorSanitizer,
# `make fuzz` runs the fuzz harnesses (FUZZ_SECONDS each), `make semfuzz`
# runs generated programs of new seeds before and after migration for
# SEMFUZZ_SECONDS (failures and their reproducers in build/semfuzz/), and
# `make install` puts the tool in PREFIX/bin and its man page in
# PREFIX/share/man/man1 (under DESTDIR when it is set, for packages).
BUILD_DIR ?= build
SANITIZE_DIR ?= $(BUILD_DIR)-sanitize
MEMCHECK_DIR ?= $(BUILD_DIR)-memcheck
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?= examples/
FUZZ_SECONDS ?= 60
SEMFUZZ_SECONDS ?= 600
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all setup configure build run test test-sanitize test-memcheck fuzz semfuzz docs install clean

all: build

setup:
	@scripts/setup

configure: setup
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/migrate_to_anyio $(ARGS)

test: configure
	@scripts/setup --test
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitize

# The whole suite under ASan and UBSan (valgrind's test left out: they do
# not mix). anyio and trio come from the first build's folder.
test-sanitize: setup
	@scripts/setup --test
	@cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
		-DAM_SANITIZE=ON -DAM_PYDEPS_DIR=$(CURDIR)/build/pydeps \
		-DAM_CORPUS_DIR=$(CURDIR)/build/corpus >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite with every run of the tool under valgrind's memcheck:
# slow (about an hour on 2 cores), so not part of `make test`.
test-memcheck: setup
	@scripts/setup --test
	@cmake -S . -B $(MEMCHECK_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
		-DAM_MEMCHECK=ON -DAM_PYDEPS_DIR=$(CURDIR)/build/pydeps \
		-DAM_CORPUS_DIR=$(CURDIR)/build/corpus >/dev/null
	@cmake --build $(MEMCHECK_DIR) -j $(JOBS)
	@cd $(MEMCHECK_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 3600

fuzz: setup
	@scripts/setup --fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

semfuzz: build
	@scripts/setup --test
	@mkdir -p $(BUILD_DIR)/semfuzz
	@python3 tests/semfuzz/semfuzz.py run --tool $(BUILD_DIR)/migrate_to_anyio \
		--pythonpath $(BUILD_DIR)/pydeps/root/usr/lib/python3/dist-packages \
		--jobs $(JOBS) --seconds $(SEMFUZZ_SECONDS) --out $(BUILD_DIR)/semfuzz \
		--stats $(BUILD_DIR)/semfuzz/stats.json

install: build
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

docs: build
	$(BUILD_DIR)/gen_rules --write .

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(MEMCHECK_DIR) build-fuzz
