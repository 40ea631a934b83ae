/* sliceobject.h: slice objects beyond object.h (slice_indices is there). */
#ifndef PJS_SLICEOBJECT_H
#define PJS_SLICEOBJECT_H

#include "object.h"

Value slice_new(Value start, Value stop, Value step);

#endif
