/* listobject.c: the core of list: a malloc'd array of Values that grows geometrically. */
#include <stdio.h>
#include <stdlib.h>

#include "object.h"
#include "listobject.h"

static void list_traverse(Obj *o, VisitFn visit) {
  List *l = (List *)o;
  for (int64_t i = 0; i < l->len; i++) visit(&l->items[i]);
}

static void list_traverse_range(Obj *o, int64_t lo, int64_t hi, VisitFn visit) {
  List *l = (List *)o;
  if (hi > l->len) hi = l->len;
  for (int64_t i = lo; i < hi; i++) visit(&l->items[i]);
}

/* Small lists keep their items right after the header, so making one costs no malloc. */
#define LIST_INLINE_CAP 4
static inline Value *inline_items(List *l) { return (Value *)(l + 1); }

void list_free_items(List *l) {
  if (l->items != inline_items(l)) free(l->items);
  l->items = NULL;
}

static void list_finalize(Obj *o) {
  List *l = (List *)o;
  if (l->items != inline_items(l)) free(l->items);
}

bool list_reserve(List *l, int64_t cap) {
  if (cap <= l->cap) return true;
  int64_t ncap = l->cap < 4 ? 4 : l->cap + (l->cap >> 1);
  if (ncap < cap) ncap = cap;
  if (ncap > (int64_t)(SIZE_MAX / 2 / sizeof(Value))) { err_no_memory(); return false; }
  bool was_inline = l->items == inline_items(l);
  Value *items = was_inline ? malloc((size_t)ncap * sizeof(Value)) : realloc(l->items, (size_t)ncap * sizeof(Value));
  if (!items) { err_no_memory(); return false; }
  if (was_inline) memcpy(items, l->items, (size_t)l->len * sizeof(Value));
  l->items = items;
  l->cap = ncap;
  return true;
}

List *list_new(int64_t cap) {
  if (cap <= LIST_INLINE_CAP) {
    List *l = (List *)gc_alloc(&Type_list, sizeof(List) + LIST_INLINE_CAP * sizeof(Value));
    l->items = inline_items(l);
    l->cap = LIST_INLINE_CAP;
    return l;
  }
  List *l = (List *)gc_alloc(&Type_list, sizeof(List));
  if (!list_reserve(l, cap)) return NULL;
  return l;
}

List *list_from_array(const Value *items, int64_t n) {
  List *l = list_new(n);
  if (!l) return NULL;
  if (n) memcpy(l->items, items, (size_t)n * sizeof(Value));
  l->len = n;
  return l;
}

/* The empty value of a list (also the built-in part of an instance of a subclass of list):
   no inline items, the subclass's attributes follow the List. */
static void list_init_empty(Obj *o) { (void)o; }

bool list_append(List *l, Value v) {
  if (l->len == l->cap && !list_reserve(l, l->len + 1)) return false;
  gc_wb_list(l, l->len, v);
  l->items[l->len++] = v;
  return true;
}

void list_init_types(void) {
  Type_list.traverse = list_traverse;
  Type_list.init_empty = list_init_empty;
  Type_list.basicsize = sizeof(List);
  Type_list.traverse_range = list_traverse_range;
  Type_list.finalize = list_finalize;
}
