# SPDX-License-Identifier: MIT
# A thin layer over CMake: `make run` and `make test` are complete on a fresh Debian 12 machine.
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# CI turns warnings into errors.
WERROR     ?= $(if $(CI),ON,OFF)
CMAKE_ARGS ?=

.PHONY: all deps build run test bench fuzz valgrind coverage install deb deb-check clean

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DSECUREBASE_WERROR=$(WERROR) $(CMAKE_ARGS)
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the interactive assessment on the embedded bank.
run: build
	./$(BUILD)/securebase assess

test:
	@scripts/install-deps.sh build test
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSECUREBASE_SANITIZE=ON -DSECUREBASE_WERROR=$(WERROR) $(CMAKE_ARGS)
	cmake --build $(TEST_BUILD) -j $(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/install-deps.sh bench || true
	bench/run $(BUILD)/securebase

fuzz:
	@scripts/install-deps.sh build test fuzz
	scripts/fuzz.sh

# Line and branch coverage of src/ by the whole suite (build-cov, gcc --coverage, no sanitizers).
coverage:
	@scripts/install-deps.sh build test coverage
	scripts/coverage.sh

valgrind:
	@scripts/install-deps.sh build test valgrind
	cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=Debug -DSECUREBASE_SANITIZE=OFF -DSB_TEST_TIMEOUT=3600 $(CMAKE_ARGS)
	cmake --build build-valgrind -j $(JOBS)
	cd build-valgrind && SB_VALGRIND=1 ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(BUILD)

# The Debian package securebase_<version>_<arch>.deb (debian/), built in a scratch copy.
deb:
	@scripts/install-deps.sh build deb
	scripts/make-deb.sh

# The package built, lintian-clean, installed, run and removed (skips without root).
deb-check:
	@scripts/install-deps.sh build deb || true
	scripts/deb-check.sh

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-valgrind build-fuzz build-cov securebase_*.deb securebase-dbgsym_*.*deb
