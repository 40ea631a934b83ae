/* containers_init.c: start-up of the container types, and the helpers their files share.
 *
 * Built-in types answer the protocol through C slots; the dunder methods Python code can see
 * (`[].__len__`, `dict.__getitem__`, ...) are thin wrappers that call the slot of self's type,
 * registered here once for every container type that has the slot.
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "iterobject.h"
#include "interp.h"
#include "sliceobject.h"
#include "intobject.h"
#include "typeobject.h"

/* -- repr recursion guard -------------------------------------------------------------------- */
/* The containers being printed right now, innermost last: identity only, never dereferenced. */
static Value *repr_stack;
static int64_t repr_len, repr_cap;

bool repr_enter(Value v) {
  for (int64_t i = repr_len - 1; i >= 0; i--)
    if (repr_stack[i] == v) return true;
  if (repr_len == repr_cap) {
    repr_cap = repr_cap ? repr_cap * 2 : 32;
    repr_stack = realloc(repr_stack, (size_t)repr_cap * sizeof(Value));
    if (!repr_stack) abort();
  }
  repr_stack[repr_len++] = v;
  return false;
}

void repr_leave(Value v) {
  for (int64_t i = repr_len - 1; i >= 0; i--)
    if (repr_stack[i] == v) {
      memmove(repr_stack + i, repr_stack + i + 1, (size_t)(repr_len - i - 1) * sizeof(Value));
      repr_len--;
      return;
    }
}

/* -- indices ------------------------------------------------------------------------------------ */
bool ctr_has_index(Value v) {
  if (v_is_int(v)) return true;
  Type *t = V_OBJ(v)->type;
  if (t == &Type_int || t == &Type_bool || type_is_subtype(t, &Type_int)) return true;
  return (t->flags & TPF_HEAPTYPE) && type_lookup(t, N.__index__);
}

bool ctr_index(Value k, int64_t len, int64_t *out) {
  int64_t i;
  if (!index_of(k, &i)) return false;
  if (i < 0) i += len;
  *out = i;
  return true;
}

Value ctr_cmp_len(int64_t a, int64_t b, int op) {
  switch (op) {
    case CMP_LT: return v_bool(a < b);
    case CMP_LE: return v_bool(a <= b);
    case CMP_EQ: return v_bool(a == b);
    case CMP_NE: return v_bool(a != b);
    case CMP_GT: return v_bool(a > b);
    default: return v_bool(a >= b);
  }
}

/* Lexicographic comparison of two lists or tuples. The items are re-read after every __eq__,
   which may mutate a list. */
static Value *items_of(Value h, int64_t *n) {
  Type *t = V_OBJ(h)->type;
  if (t == &Type_list || (t != &Type_tuple && !type_is_subtype(t, &Type_tuple))) { /* a list, or a subclass */
    *n = V_AS(List, h)->len;
    return V_AS(List, h)->items;
  }
  *n = V_AS(Tuple, h)->len;
  return V_AS(Tuple, h)->items;
}

/* The iterator of lists and tuples: one implementation, two type names. */
void seqiter_traverse(Obj *o, VisitFn visit) { visit(&((SeqIter *)o)->seq); }

Value seqiter_make(Type *t, Value seq) {
  SeqIter *it = (SeqIter *)gc_alloc(t, sizeof(SeqIter));
  it->seq = seq;
  return OBJ_V(it);
}

Value seqiter_step(Value v) {
  SeqIter *it = V_AS(SeqIter, v);
  if (!it->seq) return VNULL;
  int64_t n;
  Value *items = items_of(it->seq, &n);
  if (it->index < n) return items[it->index++];
  it->seq = VNULL;
  return VNULL;
}

/* `v in seq` for lists and tuples; the items are re-read after every __eq__, which may
   mutate a list. */
int seq_contains(Value seq, Value v) {
  int64_t n;
  for (int64_t i = 0;; i++) {
    Value *items = items_of(seq, &n);
    if (i >= n) return 0;
    int eq = obj_eq(items[i], v);
    if (eq) return eq;
  }
}

/* A start/stop argument of index(): clamped like a slice bound, then made non-negative. */
static bool bound_arg(Value v, int64_t len, int64_t *out) {
  if (!ctr_has_index(v)) {
    err_format(Exc_TypeError, "slice indices must be integers or have an __index__ method");
    return false;
  }
  if (!slice_index_clamped(v, out)) return false;
  if (*out < 0) {
    *out += len;
    if (*out < 0) *out = 0;
  }
  return true;
}

bool seq_find(Value seq, Value x, Value *bounds, int nbounds, int64_t *at) {
  int64_t n, start = 0, stop = INT64_MAX;
  items_of(seq, &n);
  if (nbounds > 0 && !bound_arg(bounds[0], n, &start)) return false;
  if (nbounds > 1 && !bound_arg(bounds[1], n, &stop)) return false;
  for (int64_t i = start; i < stop; i++) {
    Value *items = items_of(seq, &n);
    if (i >= n) break;
    int eq = obj_eq(items[i], x);
    if (eq < 0) return false;
    if (eq) { *at = i; return true; }
  }
  *at = -1;
  return true;
}

Value seq_count(Value seq, Value x) {
  int64_t n, count = 0;
  for (int64_t i = 0;; i++) {
    Value *items = items_of(seq, &n);
    if (i >= n) return v_from_int(count);
    int eq = obj_eq(items[i], x);
    if (eq < 0) return VNULL;
    count += eq;
  }
}

Value seq_richcompare(Value ha, Value hb, int op) {
  int64_t na, nb;
  items_of(ha, &na);
  items_of(hb, &nb);
  if ((op == CMP_EQ || op == CMP_NE) && na != nb) return v_bool(op == CMP_NE);
  if (interp_enter_c() < 0) return VNULL;
  int64_t i = 0;
  Value x = VNULL, y = VNULL;
  for (;; i++) {
    Value *ia = items_of(ha, &na), *ib = items_of(hb, &nb);
    if (i >= na || i >= nb) break;
    x = ia[i];
    y = ib[i];
    if (x == y) continue;
    if (v_is_int(x) && v_is_int(y)) break;
    if (IS_STR(x) && IS_STR(y)) {
      if (str_eq(V_AS(Str, x), V_AS(Str, y))) continue;
      break;
    }
    int eq = obj_eq(x, y);
    if (eq < 0) { interp_leave_c(); return VNULL; }
    if (!eq) break;
  }
  interp_leave_c();
  items_of(ha, &na);
  items_of(hb, &nb);
  if (i >= na || i >= nb) return ctr_cmp_len(na, nb, op);
  if (op == CMP_EQ) return V_FALSE;
  if (op == CMP_NE) return V_TRUE;
  return obj_richcompare(x, y, op);
}

/* -- Dunder wrappers over the slots ---------------------------------------------------------------- */
static bool no_kw(const char *name, Tuple *kw) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

static bool nargs_is(const char *name, int n, Tuple *kw, int want) {
  if (!no_kw(name, kw)) return false;
  if (n != want) {
    err_format(Exc_TypeError, "expected %d argument%s, got %d", want, want == 1 ? "" : "s", n);
    return false;
  }
  return true;
}

static Value w_len(Value self, Value *a, int n, Tuple *kw) {
  (void)a;
  if (!nargs_is("__len__", n, kw, 0)) return VNULL;
  int64_t r = v_type(self)->len(self);
  return r < 0 ? VNULL : v_from_int(r);
}
static Value w_getitem(Value self, Value *a, int n, Tuple *kw) {
  if (!nargs_is("__getitem__", n, kw, 1)) return VNULL;
  return v_type(self)->getitem(self, a[0]);
}
static Value w_setitem(Value self, Value *a, int n, Tuple *kw) {
  if (!nargs_is("__setitem__", n, kw, 2)) return VNULL;
  return v_type(self)->setitem(self, a[0], a[1]) ? V_NONE : VNULL;
}
static Value w_delitem(Value self, Value *a, int n, Tuple *kw) {
  if (!nargs_is("__delitem__", n, kw, 1)) return VNULL;
  return v_type(self)->setitem(self, a[0], VNULL) ? V_NONE : VNULL;
}
static Value w_contains(Value self, Value *a, int n, Tuple *kw) {
  if (!nargs_is("__contains__", n, kw, 1)) return VNULL;
  int r = v_type(self)->contains(self, a[0]);
  return r < 0 ? VNULL : v_bool(r);
}
static Value w_iter(Value self, Value *a, int n, Tuple *kw) {
  (void)a;
  if (!nargs_is("__iter__", n, kw, 0)) return VNULL;
  return v_type(self)->iter(self);
}
static Value w_next(Value self, Value *a, int n, Tuple *kw) {
  (void)a;
  if (!nargs_is("__next__", n, kw, 0)) return VNULL;
  Value r = v_type(self)->next(self);
  if (!r && !err_occurred()) err_set_value(Exc_StopIteration, VNULL);
  return r;
}
static Value w_repr(Value self, Value *a, int n, Tuple *kw) {
  (void)a;
  if (!nargs_is("__repr__", n, kw, 0)) return VNULL;
  return v_type(self)->repr(self);
}
static Value w_hash(Value self, Value *a, int n, Tuple *kw) {
  (void)a;
  if (!nargs_is("__hash__", n, kw, 0)) return VNULL;
  int64_t h;
  return v_type(self)->hash(self, &h) ? int_from_i64(h) : VNULL;
}
#define CMP_WRAPPER(name, op) \
  static Value w_##name(Value self, Value *a, int n, Tuple *kw) { \
    if (!nargs_is("__" #name "__", n, kw, 1)) return VNULL; \
    return v_type(self)->richcompare(self, a[0], op); \
  }
CMP_WRAPPER(lt, CMP_LT)
CMP_WRAPPER(le, CMP_LE)
CMP_WRAPPER(eq, CMP_EQ)
CMP_WRAPPER(ne, CMP_NE)
CMP_WRAPPER(gt, CMP_GT)
CMP_WRAPPER(ge, CMP_GE)
#undef CMP_WRAPPER

/* Binary operator wrappers: forward, reflected (operands swapped) and in-place forms. */
#define BIN_WRAPPER(name, op) \
  static Value w_##name(Value self, Value *a, int n, Tuple *kw) { \
    if (!nargs_is("__" #name "__", n, kw, 1)) return VNULL; \
    return v_type(self)->binop(op, self, a[0]); \
  } \
  __attribute__((unused)) static Value w_r##name(Value self, Value *a, int n, Tuple *kw) { \
    if (!nargs_is("__r" #name "__", n, kw, 1)) return VNULL; \
    return v_type(self)->binop(op, a[0], self); \
  } \
  __attribute__((unused)) static Value w_i##name(Value self, Value *a, int n, Tuple *kw) { \
    if (!nargs_is("__i" #name "__", n, kw, 1)) return VNULL; \
    return v_type(self)->binop(op + BINOP__COUNT, self, a[0]); \
  }
BIN_WRAPPER(add, OP_Add)
BIN_WRAPPER(mul, OP_Mult)
BIN_WRAPPER(or, OP_BitOr)
BIN_WRAPPER(and, OP_BitAnd)
BIN_WRAPPER(sub, OP_Sub)
BIN_WRAPPER(xor, OP_BitXor)
#undef BIN_WRAPPER

/* Which wrappers a type gets. */
enum { W_ADD = 1, W_MUL = 2, W_SETOPS = 4, W_INPLACE = 8, W_REFLECTED = 16 };

static void add_wrappers(Type *t, int binops) {
  MethodDef defs[40];
  int n = 0;
#define ADD(nm, f) defs[n++] = (MethodDef){nm, f, NULL}
  if (t->len) ADD("__len__", w_len);
  if (t->getitem) ADD("__getitem__", w_getitem);
  if (t->setitem) { ADD("__setitem__", w_setitem); ADD("__delitem__", w_delitem); }
  if (t->contains) ADD("__contains__", w_contains);
  if (t->iter) ADD("__iter__", w_iter);
  if (t->next) ADD("__next__", w_next);
  if (t->repr) ADD("__repr__", w_repr);
  if (t->hash) ADD("__hash__", w_hash);
  if (t->richcompare) {
    ADD("__lt__", w_lt); ADD("__le__", w_le); ADD("__eq__", w_eq);
    ADD("__ne__", w_ne); ADD("__gt__", w_gt); ADD("__ge__", w_ge);
  }
  if (binops & W_ADD) {
    ADD("__add__", w_add);
    if (binops & W_INPLACE) ADD("__iadd__", w_iadd);
  }
  if (binops & W_MUL) {
    ADD("__mul__", w_mul); ADD("__rmul__", w_rmul);
    if (binops & W_INPLACE) ADD("__imul__", w_imul);
  }
  if (binops & W_SETOPS) {
    ADD("__or__", w_or); ADD("__and__", w_and); ADD("__sub__", w_sub); ADD("__xor__", w_xor);
    if (binops & W_REFLECTED) {
      ADD("__ror__", w_ror); ADD("__rand__", w_rand); ADD("__rsub__", w_rsub); ADD("__rxor__", w_rxor);
    }
    if (binops & W_INPLACE) {
      ADD("__ior__", w_ior); ADD("__iand__", w_iand); ADD("__isub__", w_isub); ADD("__ixor__", w_ixor);
    }
  }
#undef ADD
  defs[n] = (MethodDef){NULL, NULL, NULL};
  type_add_methods(t, defs);
}

/* Types whose instances compare by value but have no hash: __hash__ = None, as in CPython. */
static void unhashable(Type *t) { type_set_attr_cstr(t, "__hash__", V_NONE); }

void containers_init(void) {
  list_methods_init();
  tuple_methods_init();
  dict_methods_init();
  set_methods_init();
  range_init();
  slice_init();
  iterobject_init();

  add_wrappers(&Type_list, W_ADD | W_MUL | W_INPLACE);
  add_wrappers(&Type_tuple, W_ADD | W_MUL);
  add_wrappers(&Type_dict, W_SETOPS | W_INPLACE);
  add_wrappers(&Type_set, W_SETOPS | W_INPLACE);
  add_wrappers(&Type_frozenset, W_SETOPS);
  add_wrappers(&Type_dict_keys, W_SETOPS | W_REFLECTED);
  add_wrappers(&Type_dict_items, W_SETOPS | W_REFLECTED);
  static Type *const plain[] = {&Type_range, &Type_slice, &Type_dict_values, &Type_list_iterator,
                                &Type_tuple_iterator, &Type_range_iterator, &Type_dict_keyiterator,
                                &Type_dict_valueiterator, &Type_dict_itemiterator, &Type_set_iterator,
                                &Type_enumerate, &Type_zip, &Type_map_, &Type_filter, &Type_reversed,
                                &Type_callable_iterator, &Type_seq_iterator};
  for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) add_wrappers(plain[i], 0);

  static Type *const nohash[] = {&Type_list, &Type_dict, &Type_set, &Type_slice, &Type_dict_keys,
                                 &Type_dict_items};
  for (size_t i = 0; i < sizeof nohash / sizeof nohash[0]; i++) unhashable(nohash[i]);
}
