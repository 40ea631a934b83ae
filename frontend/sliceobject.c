/* sliceobject.c: slice objects and the index arithmetic every sequence shares.
 *
 * slice_indices is CPython's PySlice_Unpack + PySlice_AdjustIndices: bounds beyond int64 are
 * clamped (never an error), then start and stop are clipped into the sequence so that a walk
 * of `count` steps from start never leaves it, for any step.
 */
#include "containers.h"
#include "intobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "typeobject.h"


static bool is_none(Value v) { return v == VNULL || v == V_NONE; }

Value slice_new(Value start, Value stop, Value step) {
  Slice *s = (Slice *)gc_alloc(&Type_slice, sizeof(Slice));
  s->start = start ? start : V_NONE;
  s->stop = stop ? stop : V_NONE;
  s->step = step ? step : V_NONE;
  return OBJ_V(s);
}

bool slice_index_clamped(Value v, int64_t *out) {
  if (v_is_int(v)) { *out = v_int(v); return true; }
  if (!ctr_has_index(v)) {
    err_format(Exc_TypeError, "slice indices must be integers or None or have an __index__ method");
    return false;
  }
  Value i = int_index(v);
  if (!i) return false;
  if (v_is_int(i)) { *out = v_int(i); return true; }
  if (int_as_i64(i, out)) return true;
  *out = int_sign(i) < 0 ? INT64_MIN : INT64_MAX;
  return true;
}

static void adjust(int64_t *i, int64_t len, int64_t step) {
  if (*i < 0) {
    *i += len;
    if (*i < 0) *i = step < 0 ? -1 : 0;
  } else if (*i >= len) {
    *i = step < 0 ? len - 1 : len;
  }
}

bool slice_indices(Slice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step, int64_t *count) {
  int64_t st = 1, a, b;
  if (!is_none(s->step)) {
    if (!slice_index_clamped(s->step, &st)) return false;
    if (st == 0) {
      err_format(Exc_ValueError, "slice step cannot be zero");
      return false;
    }
    if (st < -INT64_MAX) st = -INT64_MAX;
  }
  if (is_none(s->start)) a = st < 0 ? INT64_MAX : 0;
  else if (!slice_index_clamped(s->start, &a)) return false;
  if (is_none(s->stop)) b = st < 0 ? INT64_MIN : INT64_MAX;
  else if (!slice_index_clamped(s->stop, &b)) return false;
  adjust(&a, len, st);
  adjust(&b, len, st);
  int64_t n = 0;
  if (st < 0) {
    if (b < a) n = (a - b - 1) / (-st) + 1;
  } else if (a < b) {
    n = (b - a - 1) / st + 1;
  }
  *start = a;
  *stop = b;
  *step = st;
  *count = n;
  return true;
}

/* -- Slots ---------------------------------------------------------------------------------------- */
static void slice_traverse(Obj *o, VisitFn visit) {
  Slice *s = (Slice *)o;
  visit(&s->start);
  visit(&s->stop);
  visit(&s->step);
}

static Value slice_new_slot(Type *t, Value *args, int nargs, Tuple *kw) {
  (void)t;
  if (kw && kw->len) return err_format(Exc_TypeError, "slice() takes no keyword arguments");
  if (nargs < 1) return err_format(Exc_TypeError, "slice expected at least 1 argument, got %d", nargs);
  if (nargs > 3) return err_format(Exc_TypeError, "slice expected at most 3 arguments, got %d", nargs);
  if (nargs == 1) return slice_new(V_NONE, args[0], V_NONE);
  return slice_new(args[0], args[1], nargs > 2 ? args[2] : V_NONE);
}

static Value slice_repr(Value v) {
  Slice *s = V_AS(Slice, v);
  Value parts[3] = {s->start, s->stop, s->step};
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, "slice(");
  for (int i = 0; i < 3; i++) {
    Value r = obj_repr(parts[i]);
    if (!r) { sb_free(&b); return VNULL; }
    if (i) sb_puts(&b, ", ");
    sb_putstr(&b, r);
  }
  sb_putc(&b, ')');
  return sb_finish(&b);
}

static Value slice_richcompare(Value a, Value b, int op) {
  GC_ROOT_SCOPE;
  if (!v_is(a, &Type_slice) || !v_is(b, &Type_slice)) return V_NOTIMPL;
  Slice *x = V_AS(Slice, a), *y = V_AS(Slice, b);
  int mark = gc_root_mark();
  Value tx = tuple_pack(3, x->start, x->stop, x->step);
  gc_root(&tx);
  Value ty = tuple_pack(3, y->start, y->stop, y->step);
  gc_root(&ty);
  Value r = obj_richcompare(tx, ty, op);
  gc_root_restore(mark);
  return r;
}

static Value slice_getattr(Value v, Str *name) {
  Slice *s = V_AS(Slice, v);
  if (name == N.start || str_eq(name, N.start)) return s->start;
  if (name == N.stop || str_eq(name, N.stop)) return s->stop;
  if (name == N.step || str_eq(name, N.step)) return s->step;
  return type_generic_getattr(v, name);
}

static Value m_indices(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("indices", nargs, kw, 1, 1)) return VNULL;
  int64_t len;
  if (!index_of(args[0], &len)) return VNULL;
  if (len < 0) return err_format(Exc_ValueError, "length should not be negative");
  int64_t start, stop, step, n;
  if (!slice_indices(V_AS(Slice, self), len, &start, &stop, &step, &n)) return VNULL;
  return tuple_pack(3, int_from_i64(start), int_from_i64(stop), int_from_i64(step));
}

static const MethodDef slice_methods[] = {
  {"indices", m_indices, "S.indices(len) -> (start, stop, stride)"},
  {NULL, NULL, NULL},
};

void slice_init(void) {
  Type *t = &Type_slice;
  t->traverse = slice_traverse;
  t->new = slice_new_slot;
  t->repr = slice_repr;
  t->richcompare = slice_richcompare;
  t->getattr = slice_getattr;
  type_add_methods(t, slice_methods);
}
