# A thin wrapper around CMake: `make` sets up and builds, `make run` runs the
# tool on the bundled examples, `make test` runs the whole test suite.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?= examples/

.PHONY: all setup configure build run test docs clean

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

docs: build
	$(BUILD_DIR)/gen_rules > docs/rules.md

clean:
	rm -rf $(BUILD_DIR)
