/* x64_backend.h: the x86-64 backend of pypy-jitd: an (optimized) trace in, a blob out.
 *
 * shared/blob.h is the contract: the blob's layout, the register and frame conventions (r12 the
 * interpreter window, r13 the blob's slots, spill slots at [rsp + 8*i]) and how exits leave.
 * The backend is split by concern: x64_backend.c (the driver and the trace's structure),
 * x64_backend_ra.c (liveness and register allocation), x64_backend_move.c (operands, moves,
 * parallel moves, calls), x64_backend_ops.c and x64_backend_float.c (code for each op),
 * x64_backend_div.c (Python's floor division and modulo), x64_backend_exit.c (exit stubs and
 * tails), x64_backend_blob.c (imports and the blob writer).
 */
#ifndef PJS_X64_BACKEND_H
#define PJS_X64_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* Compiles a validated trace (a loop, or a bridge when IR_TRACE_BRIDGE is set). Returns 0 with
   *blob (malloc'd, *len bytes), or -1 with a one-line reason in err: an op this backend does
   not support (named), more live values than spill slots, code or tables over their limits.
   Keeps no state between calls: pypy-jitd runs it on several threads at once. */
int x64_compile(const IrTrace *t, uint8_t **blob, size_t *len, char *err, size_t errlen);

#endif
