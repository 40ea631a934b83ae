/* rangeobject.c: range and range_iterator.
 *
 * A range keeps start, stop, step and its length as int64; every query (len, item, membership
 * of an int, index) is arithmetic, O(1). The iterator is the flat RangeIter of rangeobject.h
 * that the interpreter's FOR_ITER also steps inline.
 */
#include "containers.h"
#include "intobject.h"
#include "rangeobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "typeobject.h"


/* Number of values in range(start, stop, step); -1 when it does not fit an int64. */
static int64_t range_length(int64_t start, int64_t stop, int64_t step) {
  __int128 n = 0;
  if (step > 0 && start < stop) n = ((__int128)stop - start - 1) / step + 1;
  else if (step < 0 && start > stop) n = ((__int128)start - stop - 1) / -(__int128)step + 1;
  return n > INT64_MAX ? -1 : (int64_t)n;
}

Value range_new_i64(int64_t start, int64_t stop, int64_t step) {
  int64_t len = range_length(start, stop, step);
  if (len < 0) return err_format(Exc_OverflowError, "Python int too large to convert to C ssize_t");
  Range *r = (Range *)gc_alloc(&Type_range, sizeof(Range));
  r->start = start;
  r->stop = stop;
  r->step = step;
  r->len = len;
  return OBJ_V(r);
}

Value rangeiter_new(int64_t start, int64_t step, int64_t len) {
  RangeIter *it = (RangeIter *)gc_alloc(&Type_range_iterator, sizeof(RangeIter));
  it->next = start;
  it->step = step;
  it->remaining = len;
  __int128 last = (__int128)start + (__int128)step * (len > 0 ? len - 1 : 0);
  __int128 end = (__int128)start + (__int128)step * len;
  it->small = start >= SMALL_MIN && start <= SMALL_MAX && last >= SMALL_MIN && last <= SMALL_MAX &&
              end >= INT64_MIN && end <= INT64_MAX;
  it->stop = it->small ? (int64_t)end : 0;
  return OBJ_V(it);
}

static Value range_new_slot(Type *t, Value *args, int nargs, Tuple *kw) {
  (void)t;
  if (kw && kw->len) return err_format(Exc_TypeError, "range() takes no keyword arguments");
  if (nargs < 1) return err_format(Exc_TypeError, "range expected at least 1 argument, got %d", nargs);
  if (nargs > 3) return err_format(Exc_TypeError, "range expected at most 3 arguments, got %d", nargs);
  int64_t v[3] = {0, 0, 1};
  for (int i = 0; i < nargs; i++) {
    if (!index_of(args[i], &v[i])) {
      if (err_matches(Exc_IndexError)) {
        err_clear();
        err_format(Exc_OverflowError, "Python int too large to convert to C ssize_t");
      }
      return VNULL;
    }
  }
  if (nargs == 1) return range_new_i64(0, v[0], 1);
  if (nargs == 3 && v[2] == 0) return err_format(Exc_ValueError, "range() arg 3 must not be zero");
  return range_new_i64(v[0], v[1], v[2]);
}

/* -- Slots ------------------------------------------------------------------------------------------ */
static Value range_repr(Value v) {
  Range *r = V_AS(Range, v);
  char buf[96];
  if (r->step == 1) snprintf(buf, sizeof buf, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
  else snprintf(buf, sizeof buf, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop, (long long)r->step);
  return str_from_cstr(buf);
}

static int64_t range_len(Value v) { return V_AS(Range, v)->len; }

static Value range_iter(Value v) {
  Range *r = V_AS(Range, v);
  return rangeiter_new(r->start, r->step, r->len);
}

static Value iter_self(Value v) { return v; }

static Value rangeiter_next(Value v) {
  int64_t x;
  if (!rangeiter_take(V_AS(RangeIter, v), &x)) return VNULL;
  return int_from_i64(x);
}

/* The int value of v when it is an int (or bool); *big when it is an int beyond int64. */
static bool int_value(Value v, int64_t *out, bool *big) {
  *big = false;
  if (v_is_int(v)) { *out = v_int(v); return true; }
  if (v == V_TRUE || v == V_FALSE) { *out = v == V_TRUE; return true; }
  if (v_is(v, &Type_int)) {
    if (!int_as_i64(v, out)) *big = true;
    return true;
  }
  return false;
}

/* Position of x in r, or -1. */
static int64_t position(Range *r, int64_t x) {
  if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop)) return -1;
  __int128 d = (__int128)x - r->start;
  if (d % r->step) return -1;
  return (int64_t)(d / r->step);
}

static int range_contains(Value c, Value v) {
  Range *r = V_AS(Range, c);
  int64_t x;
  bool big;
  if (int_value(v, &x, &big)) return !big && position(r, x) >= 0;
  for (int64_t i = 0; i < r->len; i++) {
    int eq = obj_eq(int_from_i64(r->start + i * r->step), v);
    if (eq) return eq;
  }
  return 0;
}

static Value range_getitem(Value c, Value k) {
  Range *r = V_AS(Range, c);
  if (v_is(k, &Type_slice)) {
    int64_t a, b, st, n;
    if (!slice_indices(V_AS(Slice, k), r->len, &a, &b, &st, &n)) return VNULL;
    __int128 ns = (__int128)r->start + (__int128)a * r->step, ne = (__int128)r->start + (__int128)b * r->step;
    __int128 nst = (__int128)st * r->step;
    if (ns > INT64_MAX || ns < INT64_MIN || ne > INT64_MAX || ne < INT64_MIN || nst > INT64_MAX || nst < INT64_MIN)
      return err_format(Exc_OverflowError, "Python int too large to convert to C ssize_t");
    return range_new_i64((int64_t)ns, (int64_t)ne, (int64_t)nst);
  }
  if (!ctr_has_index(k))
    return err_format(Exc_TypeError, "range indices must be integers or slices, not %s", type_name(v_type(k)));
  int64_t i;
  if (!ctr_index(k, r->len, &i)) return VNULL;
  if (i < 0 || i >= r->len) return err_format(Exc_IndexError, "range object index out of range");
  return int_from_i64(r->start + i * r->step);
}

static bool range_eq(Range *a, Range *b) {
  if (a->len != b->len) return false;
  if (a->len == 0) return true;
  if (a->start != b->start) return false;
  return a->len == 1 || a->step == b->step;
}

static Value range_richcompare(Value a, Value b, int op) {
  if (!v_is(a, &Type_range) || !v_is(b, &Type_range) || (op != CMP_EQ && op != CMP_NE)) return V_NOTIMPL;
  bool eq = range_eq(V_AS(Range, a), V_AS(Range, b));
  return v_bool(op == CMP_EQ ? eq : !eq);
}

/* CPython hashes (len, start, step), with None for what does not define the sequence. */
static bool range_hash(Value v, int64_t *out) {
  Range *r = V_AS(Range, v);
  Value t[3] = {int_from_i64(r->len), V_NONE, V_NONE};
  if (r->len) {
    t[1] = int_from_i64(r->start);
    if (r->len != 1) t[2] = int_from_i64(r->step);
  }
  return tuple_hash_items(t, 3, out);
}

static Value range_getattr(Value v, Str *name) {
  Range *r = V_AS(Range, v);
  if (name == N.start || str_eq(name, N.start)) return int_from_i64(r->start);
  if (name == N.stop || str_eq(name, N.stop)) return int_from_i64(r->stop);
  if (name == N.step || str_eq(name, N.step)) return int_from_i64(r->step);
  return type_generic_getattr(v, name);
}

/* -- Methods ------------------------------------------------------------------------------------------ */
static Value m_reversed(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__reversed__", nargs, kw, 0, 0)) return VNULL;
  Range *r = V_AS(Range, self);
  if (r->len == 0) return rangeiter_new(r->start, r->step, 0);
  return rangeiter_new(r->start + (r->len - 1) * r->step, -r->step, r->len);
}

static Value m_count(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("count", nargs, kw, 1, 1)) return VNULL;
  Range *r = V_AS(Range, self);
  int64_t x;
  bool big;
  if (int_value(args[0], &x, &big)) return v_from_int(!big && position(r, x) >= 0);
  int64_t n = 0;
  for (int64_t i = 0; i < r->len; i++) {
    int eq = obj_eq(int_from_i64(r->start + i * r->step), args[0]);
    if (eq < 0) return VNULL;
    n += eq;
  }
  return v_from_int(n);
}

static Value m_index(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("index", nargs, kw, 1, 1)) return VNULL;
  Range *r = V_AS(Range, self);
  int64_t x;
  bool big;
  if (int_value(args[0], &x, &big)) {
    int64_t p = big ? -1 : position(r, x);
    if (p >= 0) return v_from_int(p);
    Value s = obj_repr(args[0]);
    if (!s) return VNULL;
    return err_format(Exc_ValueError, "%s is not in range", V_AS(Str, s)->data);
  }
  for (int64_t i = 0; i < r->len; i++) {
    int eq = obj_eq(int_from_i64(r->start + i * r->step), args[0]);
    if (eq < 0) return VNULL;
    if (eq) return v_from_int(i);
  }
  return err_format(Exc_ValueError, "sequence.index(x): x not in sequence");
}

static const MethodDef range_methods[] = {
  {"__reversed__", m_reversed, "Return a reverse iterator."},
  {"count", m_count, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
  {"index", m_index, "rangeobject.index(value) -> integer -- return index of value."},
  {NULL, NULL, NULL},
};

void range_init(void) {
  Type *t = &Type_range;
  t->new = range_new_slot;
  t->repr = range_repr;
  t->len = range_len;
  t->iter = range_iter;
  t->contains = range_contains;
  t->getitem = range_getitem;
  t->richcompare = range_richcompare;
  t->hash = range_hash;
  t->getattr = range_getattr;
  type_add_methods(t, range_methods);

  Type_range_iterator.iter = iter_self;
  Type_range_iterator.next = rangeiter_next;
}
