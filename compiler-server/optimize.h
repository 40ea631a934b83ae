/* optimize.h: the trace optimizer of pypy-jitd (docs/ARCHITECTURE.md, "The optimizer").
 *
 * One forward pass does the work, as PyPy's optimizer does: the interpreter frame and the int
 * and float boxes are virtual (a FRAME_SET, BOX_INT or NEW_FLOAT is emitted only where its value
 * escapes; exits write them from their snapshots), guards already proven are dropped, pure
 * operations are folded and shared, and loads are served from a heap cache. A loop is peeled:
 * the pass runs once as the preamble and once more as the loop proper, whose values carried
 * around the loop (frame slots and fields the loop writes) become the second LABEL's
 * arguments, unboxed; what the preamble proved about loop-invariant values holds in the loop,
 * so its guards and loads are not repeated there (loop-invariant code motion).
 */
#ifndef PJS_OPTIMIZE_H
#define PJS_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

typedef struct OptStats { uint32_t ops_in, ops_out, guards_in, guards_out, label_args; } OptStats;

/* Optimizes validated trace `in` into `out` (initialized and empty). Returns 0 with out
   validated, or -1 with a one-line reason in err. No global state: several threads may run it
   at once. */
int optimize_trace(const IrTrace *in, IrTrace *out, OptStats *st, char *err, size_t errlen);

#endif
