# Gazette: the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is what those two are made of.

BUILD      ?= build
ASAN_BUILD ?= build-asan
CONFIG     ?= config/gazette.example.toml
JOBS       ?= $(shell nproc)
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Exactly what building and testing need (Debian 12 package names).
DEPS := cmake ninja-build g++ pkg-config ca-certificates \
        libboost1.81-dev libboost-url1.81-dev libssl-dev zlib1g-dev libbrotli-dev \
        libpugixml-dev libgumbo-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev \
        libtomlplusplus-dev libcli11-dev libsystemd-dev libgtest-dev libgmock-dev \
        libpsl-dev publicsuffix libxml2-dev \
        nlohmann-json3-dev python3 openssl sqlite3 \
        hugo python3-feedparser python3-prometheus-client
# PostgreSQL as a shared store (issue 16): the client library, and the server
# binaries (initdb, pg_ctl) with which the tests start a throwaway cluster.
DEPS += libpqxx-dev postgresql
# `make deb` and the package and man page tests (in `make test`) need these too.
DEPS += debhelper dpkg-dev adduser systemd strace groff-base man-db
# Only for `make bench`: the comparison programs and the fast file server.
BENCH_DEPS := libbenchmark-dev nginx-light newsboat sfeed time bc python3-readability
# Only for `make fuzz`: clang++ and its runtimes (libFuzzer, ASan, UBSan).
FUZZ_DEPS := clang libclang-rt-14-dev
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=

CMAKE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=Release
# Where `make deb` puts gazette_VERSION_ARCH.deb (and gazette-dbgsym_*.deb).
DIST ?= dist

.PHONY: deps bench-deps build build-asan run test test-normal test-asan demo bench fuzz format clean
.PHONY: deb

define apt_install
	@missing=$$(for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(DEPS))

bench-deps: deps
	$(call apt_install,$(BENCH_DEPS))

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAZETTE_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	mkdir -p var
	./$(BUILD)/gazette --config $(CONFIG) run

test: test-normal test-asan

# As root, the package is built first and integration.deb_package_test
# installs that one (not root: the test skips, so no package is built).
test-normal: build $(if $(SUDO),,deb)
	cd $(BUILD) && GAZETTE_DEB_DIR=$(CURDIR)/$(DIST) ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -LE package

# The Debian package, from the tree as it is on disk (packaging/build-deb.sh):
# only gazette and its man page are compiled, the tests are not.
deb: deps
	rm -f $(DIST)/gazette_*.deb $(DIST)/gazette-dbgsym_*.deb
	bash packaging/build-deb.sh $(DIST)

# Serves the demo news site in tests/fixtures/demo-site on 127.0.0.1 and runs
# the daemon against it, with its database in var/demo.db.
demo: build
	bash tests/support/run_demo.sh ./$(BUILD)/gazette

bench: bench-deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DGAZETTE_BENCH=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	bash bench/poll.sh ./$(BUILD)/gazette
	./$(BUILD)/bench/extract_bench --benchmark_counters_tabular=true
	/usr/bin/python3 bench/extract_quality.py --tool ./$(BUILD)/gazette
	bash bench/export.sh ./$(BUILD)/gazette

# Each parser's libFuzzer target for FUZZ_SECONDS (default 60) each, or only
# FUZZ_TARGETS (e.g. FUZZ_TARGETS="feed date"); see docs/reliability.md.
fuzz: deps
	$(call apt_install,$(FUZZ_DEPS))
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DGAZETTE_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run_fuzzers.sh $(FUZZ_BUILD) $(FUZZ_TARGETS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DIST)
