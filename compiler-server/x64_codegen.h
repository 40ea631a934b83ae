/* x64_codegen.h: an optimized trace in, a blob out (shared/blob.h has the blob's layout and the
 * conventions of the code: r12 the interpreter window, r13 the blob's slots, spill slots on the
 * native stack).
 */
#ifndef PJS_X64_CODEGEN_H
#define PJS_X64_CODEGEN_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* Compiles a validated trace. Returns 0 with *blob (malloc'd) and *len, or -1 with a one-line
   reason in err (an op not supported here, too many live values, code too big). Keeps no state
   between calls: pypy-jitd runs it on several threads at once. */
int x64_compile(const IrTrace *t, uint8_t **blob, size_t *len, char *err, size_t errlen);

#endif
