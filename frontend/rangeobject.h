/* rangeobject.h: range and its iterator. The interpreter's FOR_ITER steps a RangeIter inline. */
#ifndef PJS_RANGEOBJECT_H
#define PJS_RANGEOBJECT_H

#include "object.h"

/* remaining counts the values still to produce; next is the one produced next. small is 1 when
   every value is a tagged int: compiled loops check it once, not every item's bounds. */
typedef struct RangeIter { Obj h; int64_t next, small, step, remaining; } RangeIter;

Value range_new_i64(int64_t start, int64_t stop, int64_t step); /* step != 0; VNULL + error */
Value rangeiter_new(int64_t start, int64_t step, int64_t len);

#endif
