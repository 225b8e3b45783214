# Flag sets for the wasm core (see ../shared TOOLCHAIN notes). Standalone
# wasm, no emscripten JS glue; one shared imported memory per rank. The
# channel functions (wasm/src/channel.h) stay undefined: they are imports.
WASM_COMMON := -sSTANDALONE_WASM --no-entry -matomics -mbulk-memory \
  -sIMPORTED_MEMORY -Wl,--shared-memory \
  -sINITIAL_MEMORY=16MB -sMAXIMUM_MEMORY=4GB -sALLOW_MEMORY_GROWTH=1 \
  -sERROR_ON_UNDEFINED_SYMBOLS=0 -sWARN_ON_UNDEFINED_SYMBOLS=0 -sEXPORTED_FUNCTIONS=_malloc,_free \
  -Wall -Wextra -Werror -Wno-unused-parameter -Iwasm/include
# compiling the core's files for libwmpi.a (and a C program's files, in wmpicc): shared-memory atomics
WASM_CFLAGS := -matomics -mbulk-memory -Wall -Wextra -Werror -Wno-unused-parameter -Iwasm/include
WASM_RELEASE := -O2 -DNDEBUG
WASM_DEBUG := -O0 -g -sASSERTIONS=1
