/* rangeobject.h: range and its iterator. The interpreter's FOR_ITER steps a RangeIter inline. */
#ifndef PJS_RANGEOBJECT_H
#define PJS_RANGEOBJECT_H

#include "object.h"

/* A small iterator (every item a tagged int, and the end fits 64 bits) produces next while
   next is short of stop, then stops with next == stop: one field changes per item, and
   compiled loops check `small` once. Any other counts its items down in remaining. */
typedef struct RangeIter { Obj h; int64_t next, small, step, remaining, stop; } RangeIter;

/* The iterator's next item into *v; false when it is exhausted. */
static inline bool rangeiter_take(RangeIter *r, int64_t *v)
{
  if (r->small) {
    if (r->step > 0 ? r->next >= r->stop : r->next <= r->stop) return false;
    *v = r->next;
    r->next += r->step;
    return true;
  }
  if (r->remaining <= 0) return false;
  r->remaining--;
  *v = r->next;
  r->next += r->remaining ? r->step : 0; /* never past the last item: no overflow */
  return true;
}

Value range_new_i64(int64_t start, int64_t stop, int64_t step); /* step != 0; VNULL + error */
Value rangeiter_new(int64_t start, int64_t step, int64_t len);

#endif
