# Builds the wasm core. `make` is the release build; `make debug` adds
# assertions and debug info. EMCC can point at any emscripten (emsdk's too).
EMCC ?= emcc
export NODE_PATH ?= /usr/share/nodejs
include emsdk-config/flags.mk

SRC := $(wildcard wasm/src/*.c wasm/src/device/*.c wasm/src/coll/*.c wasm/abi/*.c)
HDR := $(wildcard wasm/include/*.h wasm/src/*.h wasm/src/device/*.h wasm/src/coll/*.h)

build/wmpi.wasm: $(SRC) $(HDR) emsdk-config/flags.mk
	@mkdir -p build
	$(EMCC) $(WASM_COMMON) $(WASM_RELEASE) $(SRC) -o $@

build/wmpi-debug.wasm: $(SRC) $(HDR) emsdk-config/flags.mk
	@mkdir -p build
	$(EMCC) $(WASM_COMMON) $(WASM_DEBUG) $(SRC) -o $@

debug: build/wmpi-debug.wasm

clean:
	rm -rf build dist

.PHONY: debug clean
