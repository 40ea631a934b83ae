/* tuple_methods.c: everything of tuple beyond its core (tupleobject.c): the protocol slots,
 * index/count, the tuple iterator, and tuple_from_iterable.
 *
 * The hash is CPython 3.11's xxHash-based one, lane by lane, so hash((1, 2)) agrees with
 * CPython's; it is cached in the tuple (tuples are immutable, as are the hashes of their items
 * for every hashable built-in type).
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "interp.h"
#include "iterobject.h"
#include "listobject.h"
#include "sliceobject.h"
#include "strobject.h"

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

bool tuple_hash_items(const Value *items, int64_t n, int64_t *out) {
  uint64_t acc = XXPRIME_5;
  for (int64_t i = 0; i < n; i++) {
    int64_t h;
    if (!obj_hash(items[i], &h)) return false;
    acc += (uint64_t)h * XXPRIME_2;
    acc = XXROTATE(acc);
    acc *= XXPRIME_1;
  }
  acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539UL);
  *out = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
  return true;
}

static bool tuple_hash(Value v, int64_t *out) {
  Tuple *t = V_AS(Tuple, v);
  if (t->hash != -1) { *out = t->hash; return true; }
  if (!tuple_hash_items(t->items, t->len, out)) return false;
  t->hash = *out;
  return true;
}

Tuple *tuple_from_iterable(Value v) {
  if (IS_TUPLE(v)) return V_AS(Tuple, v);
  if (IS_LIST(v)) return tuple_from_array(V_AS(List, v)->items, V_AS(List, v)->len);
  List *l = list_from_iterable(v);
  if (!l) return NULL;
  return tuple_from_array(l->items, l->len);
}

static Value tuple_repr(Value v) {
  Tuple *t = V_AS(Tuple, v);
  if (t->len == 0) return str_from_cstr("()");
  if (repr_enter(v)) return str_from_cstr("(...)");
  if (interp_enter_c() < 0) { repr_leave(v); return VNULL; }
  StrBuilder b;
  sb_init(&b);
  sb_putc(&b, '(');
  Value r = VNULL;
  for (int64_t i = 0; i < t->len; i++) {
    if (i) sb_puts(&b, ", ");
    Value s = obj_repr(t->items[i]);
    if (!s) goto done;
    sb_putstr(&b, s);
  }
  if (t->len == 1) sb_putc(&b, ',');
  sb_putc(&b, ')');
  r = sb_finish(&b);
done:
  if (!r) sb_free(&b);
  interp_leave_c();
  repr_leave(v);
  return r;
}

static Value tuple_richcompare(Value a, Value b, int op) {
  if (!v_isinstance(a, &Type_tuple) || !v_isinstance(b, &Type_tuple)) return V_NOTIMPL;
  return seq_richcompare(a, b, op);
}

static int64_t tuple_len(Value v) { return V_AS(Tuple, v)->len; }


static Value tuple_getitem(Value c, Value k) {
  Tuple *t = V_AS(Tuple, c);
  int64_t i;
  if (v_is_int(k)) {
    i = v_int(k);
    if (i < 0) i += t->len;
  } else if (v_is(k, &Type_slice)) {
    int64_t start, stop, step, n;
    if (!slice_indices(V_AS(Slice, k), t->len, &start, &stop, &step, &n)) return VNULL;
    if (step == 1 && n == t->len) return c;
    Tuple *r = tuple_new(n);
    for (int64_t j = 0, x = start; j < n; j++, x += step) r->items[j] = t->items[x];
    return OBJ_V(r);
  } else if (ctr_has_index(k)) {
    if (!ctr_index(k, t->len, &i)) return VNULL;
  } else {
    return err_format(Exc_TypeError, "tuple indices must be integers or slices, not %s", type_name(v_type(k)));
  }
  if ((uint64_t)i >= (uint64_t)t->len) return seq_index_error("tuple");
  return t->items[i];
}

static Value tuple_binop(int op, Value a, Value b) {
  int base = op >= BINOP__COUNT ? op - BINOP__COUNT : op;
  if (base == OP_Add) {
    if (!IS_TUPLE(a)) return V_NOTIMPL;
    if (!IS_TUPLE(b)) {
      if (v_type(b)->flags & TPF_HEAPTYPE) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple", type_name(v_type(b)));
    }
    Tuple *x = V_AS(Tuple, a), *y = V_AS(Tuple, b);
    if (y->len == 0) return a;
    if (x->len == 0) return b;
    Tuple *r = tuple_new(x->len + y->len);
    memcpy(r->items, x->items, (size_t)x->len * sizeof(Value));
    memcpy(r->items + x->len, y->items, (size_t)y->len * sizeof(Value));
    return OBJ_V(r);
  }
  if (base == OP_Mult) {
    Value seq = IS_TUPLE(a) ? a : b, nv = IS_TUPLE(a) ? b : a;
    if (!ctr_has_index(nv)) {
      if (v_type(nv)->flags & TPF_HEAPTYPE) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can't multiply sequence by non-int of type '%s'", type_name(v_type(nv)));
    }
    int64_t times;
    if (!index_of(nv, &times)) {
      if (!err_matches(Exc_IndexError)) return VNULL;
      err_clear();
      return err_format(Exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    }
    Tuple *t = V_AS(Tuple, seq);
    if (times == 1) return seq;
    if (times <= 0 || t->len == 0) return OBJ_V(tuple_new(0));
    if (t->len > INT64_MAX / 16 / times) return err_no_memory();
    Tuple *r = tuple_new(t->len * times);
    for (int64_t i = 0; i < times; i++) memcpy(r->items + i * t->len, t->items, (size_t)t->len * sizeof(Value));
    return OBJ_V(r);
  }
  return V_NOTIMPL;
}

static Value tuple_new_slot(Type *tp, Value *args, int nargs, Tuple *kwnames) {
  (void)tp;
  if (kwnames && kwnames->len) return err_format(Exc_TypeError, "tuple() takes no keyword arguments");
  if (nargs > 1) return err_format(Exc_TypeError, "tuple expected at most 1 argument, got %d", nargs);
  if (nargs == 0) return OBJ_V(tuple_new(0));
  Tuple *t = tuple_from_iterable(args[0]);
  return t ? OBJ_V(t) : VNULL;
}

/* -- Iterator ------------------------------------------------------------------------------------- */
Value tupleiter_new(Tuple *t) { return seqiter_make(&Type_tuple_iterator, OBJ_V(t)); }

static Value tuple_iter(Value v) { return tupleiter_new(V_AS(Tuple, v)); }
static Value iter_self(Value v) { return v; }


/* -- Methods ------------------------------------------------------------------------------------- */
static Value m_index(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("index", nargs, kw, 1, 3)) return VNULL;
  int64_t at;
  if (!seq_find(self, args[0], args + 1, nargs - 1, &at)) return VNULL;
  if (at >= 0) return v_from_int(at);
  return err_format(Exc_ValueError, "tuple.index(x): x not in tuple");
}

static Value m_count(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("tuple.count", nargs, kw, 1, 1)) return VNULL;
  return seq_count(self, args[0]);
}

static const MethodDef tuple_methods[] = {
  {"index", m_index, "Return first index of value."},
  {"count", m_count, "Return number of occurrences of value."},
  {NULL, NULL, NULL},
};

void tuple_methods_init(void) {
  Type *t = &Type_tuple;
  t->repr = tuple_repr;
  t->richcompare = tuple_richcompare;
  t->hash = tuple_hash;
  t->iter = tuple_iter;
  t->len = tuple_len;
  t->contains = seq_contains;
  t->getitem = tuple_getitem;
  t->binop = tuple_binop;
  t->new = tuple_new_slot;
  type_add_methods(t, tuple_methods);

  Type_tuple_iterator.traverse = seqiter_traverse;
  Type_tuple_iterator.iter = iter_self;
  Type_tuple_iterator.next = seqiter_step;
}
