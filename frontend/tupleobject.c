/* tupleobject.c: the core of tuple: creation and the GC's view. Items are inline. */
#include <stdarg.h>

#include "object.h"

static Tuple *empty_tuple;

static void tuple_traverse(Obj *o, VisitFn visit) {
  Tuple *t = (Tuple *)o;
  for (int64_t i = 0; i < t->len; i++) visit(&t->items[i]);
}

Tuple *tuple_new(int64_t n) {
  if (n == 0 && empty_tuple) return empty_tuple;
  Tuple *t = (Tuple *)gc_alloc(&Type_tuple, sizeof(Tuple) + (size_t)n * sizeof(Value));
  t->len = n;
  t->hash = -1;
  if (n == 0) {
    empty_tuple = t;
    gc_add_global_root((Value *)&empty_tuple);
  }
  return t;
}

Value tuple_pack(int n, ...) {
  Tuple *t = tuple_new(n);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) t->items[i] = va_arg(ap, Value);
  va_end(ap);
  return OBJ_V(t);
}

Tuple *tuple_from_array(const Value *items, int64_t n) {
  Tuple *t = tuple_new(n);
  if (n) memcpy(t->items, items, (size_t)n * sizeof(Value));
  return t;
}

void tuple_init_types(void) { Type_tuple.traverse = tuple_traverse; }
