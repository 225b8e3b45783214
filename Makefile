# Builds the wasm core. `make` is the release build; `make debug` adds
# assertions and debug info. EMCC can point at any emscripten (emsdk's too).
EMCC ?= emcc
EMAR ?= $(dir $(shell command -v $(EMCC)))emar
export NODE_PATH ?= /usr/share/nodejs
include emsdk-config/flags.mk

CORE := $(wildcard wasm/src/*.c wasm/src/device/*.c wasm/src/coll/*.c wasm/src/rma/*.c wasm/src/io/*.c wasm/src/dyn/*.c)
# the core reaches files (MPI-IO) through WASI, as C programs do (wasm/libc/wasi_paths.c)
SRC := $(CORE) $(wildcard wasm/abi/*.c) wasm/libc/wasi_paths.c
HDR := $(wildcard wasm/include/*.h wasm/src/*.h wasm/src/device/*.h wasm/src/coll/*.h wasm/src/rma/*.h wasm/src/io/*.h wasm/src/dyn/*.h)
# C programs also get wasm/libc: what emscripten's libc lacks for a shared-memory program
LIB_OBJ := $(patsubst wasm/src/%.c,build/lib/%.o,$(CORE)) $(patsubst wasm/libc/%.c,build/lib/libc/%.o,$(wildcard wasm/libc/*.c))

# the core as a library for C programs (wmpicc links it into each program's .wasm)
all: build/wmpi.wasm build/libwmpi.a

build/wmpi.wasm: $(SRC) $(HDR) emsdk-config/flags.mk
	@mkdir -p build
	$(EMCC) $(WASM_COMMON) $(WASM_RELEASE) $(SRC) -o $@

build/wmpi-debug.wasm: $(SRC) $(HDR) emsdk-config/flags.mk
	@mkdir -p build
	$(EMCC) $(WASM_COMMON) $(WASM_DEBUG) $(SRC) -o $@

debug: build/wmpi-debug.wasm

build/lib/%.o: wasm/src/%.c $(HDR) emsdk-config/flags.mk
	@mkdir -p $(dir $@)
	$(EMCC) -c $(WASM_CFLAGS) $(WASM_RELEASE) $< -o $@

build/lib/libc/%.o: wasm/libc/%.c emsdk-config/flags.mk
	@mkdir -p $(dir $@)
	$(EMCC) -c $(WASM_CFLAGS) $(WASM_RELEASE) $< -o $@

build/libwmpi.a: $(LIB_OBJ)
	@rm -f $@
	$(EMAR) rcs $@ $^

clean:
	rm -rf build dist

.PHONY: all debug clean
