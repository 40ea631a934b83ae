/* sliceobject.h: slice objects beyond object.h (slice_indices is there). */
#ifndef PJS_SLICEOBJECT_H
#define PJS_SLICEOBJECT_H

#include "object.h"

Value slice_new(Value start, Value stop, Value step);
/* A slice bound (int or __index__) to int64, huge values clamped: CPython's _PyEval_SliceIndex. */
bool slice_index_clamped(Value v, int64_t *out);

#endif
