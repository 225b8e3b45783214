/* Character I/O for C programs built by wmpicc. Debian's emscripten ships
 * these functions in a libc.a built without atomics, which wasm-ld refuses to
 * link into a shared-memory program; their _unlocked forms link (and a rank
 * is one thread, so the stream lock guards nothing). libwmpi.a comes before
 * libc in the link, so these are the ones a program gets. */
#include <stdio.h>

#undef fputc
#undef putc
#undef putchar
#undef fgetc
#undef getc
#undef getchar

int fputc(int c, FILE *f) { return fputc_unlocked(c, f); }
int putc(int c, FILE *f) { return fputc_unlocked(c, f); }
int putchar(int c) { return fputc_unlocked(c, stdout); }
int fgetc(FILE *f) { return getc_unlocked(f); }
int getc(FILE *f) { return getc_unlocked(f); }
int getchar(void) { return getc_unlocked(stdin); }
