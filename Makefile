# Wraps meson, as Neovim's Makefile wraps CMake. The two commands of the
# README's quick start:
#   make run    set up, build, create the demo database if missing, start
#   make test   set up, build, run every test (also under ASan/UBSan)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 300
DEMO_DB ?= $(CURDIR)/demo/knudepunkt-demo.db
MESON_FLAGS ?=

# Debian packages the build and the tests need.
DEB_PACKAGES = build-essential meson ninja-build pkg-config gettext python3 \
	libncurses-dev libsqlite3-dev libsodium-dev libcmocka-dev tmux sqlite3 clang

.PHONY: all deps build run test test-asan bench soak fuzz install install-shared clean

all: build

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_FLAGS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(DEMO_DB): | build
	mkdir -p $(dir $(DEMO_DB))
	$(BUILD)/knudepunkt --db $(DEMO_DB) demo

run: build $(DEMO_DB)
	$(BUILD)/knudepunkt --db $(DEMO_DB) --user $${KNUDEPUNKT_USER:-konsulent1}

test: build
	@sh tests/run-tests $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

bench: build
	meson test -C $(BUILD) --benchmark --verbose

# The sync simulation over many more seeds (SOAK_SEEDS per size and
# profile); a failing seed is printed with the command that replays it.
SOAK_SEEDS ?= 200
soak: build
	$(BUILD)/tests/sync_sim --seed 1000 --seeds $(SOAK_SEEDS) --sites 3 --quiet
	$(BUILD)/tests/sync_sim --seed 2000 --seeds $(SOAK_SEEDS) --sites 5 --quiet
	$(BUILD)/tests/sync_sim --seed 3000 --seeds $(SOAK_SEEDS) --sites 4 --profile equal --quiet
	$(BUILD)/tests/sync_sim --seed 4000 --seeds $(SOAK_SEEDS) --sites 4 --profile misroute --quiet
	$(BUILD)/tests/sync_sim --seed 5000 --seeds $$(( $(SOAK_SEEDS) / 10 + 1 )) --sites 12 --quiet

# Every fuzz target for FUZZ_SECONDS each (clang, libFuzzer, ASan/UBSan).
fuzz: deps
	test -f $(FUZZ_BUILD)/build.ninja || CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true
	ninja -C $(FUZZ_BUILD)
	FUZZ_SECONDS=$(FUZZ_SECONDS) meson test -C $(FUZZ_BUILD) --suite fuzz-run --verbose \
		--timeout-multiplier 0

install: build
	meson install -C $(BUILD)

# A shared host (README, "Installing on a shared host"): the program
# set-group-ID to KNUDEPUNKT_GROUP, the data in KNUDEPUNKT_DATA (2770).
PREFIX ?= /usr/local
KNUDEPUNKT_GROUP ?= knudepunkt
KNUDEPUNKT_DATA ?= /var/lib/knudepunkt
install-shared: install
	sh tools/install-shared.sh $(BUILD)/knudepunkt $(PREFIX) $(KNUDEPUNKT_GROUP) $(KNUDEPUNKT_DATA)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
