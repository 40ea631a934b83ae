/* list_methods.c: everything of list beyond its core (listobject.c): the protocol slots, the
 * methods, the list iterators, and list_from_iterable.
 *
 * Item access never allocates: tagged small-int indices take a direct path. Anything that can
 * run Python code (comparisons, key functions, foreign iterators) may mutate the list, so loops
 * re-read len and items after each such call, as CPython's do.
 *
 * sort is a natural merge sort in the shape of CPython's timsort (runs found and extended to
 * minrun by binary insertion, a stack of runs merged under the same invariants) without
 * galloping. While it runs the list looks empty, and a list that was changed meanwhile makes
 * the sort fail with "list modified during sort".
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "dictobject.h"
#include "interp.h"
#include "iterobject.h"
#include "listobject.h"
#include "rangeobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "intobject.h"

static bool is_heap(Type *t) { return (t->flags & TPF_HEAPTYPE) != 0; }

/* -- Building lists ------------------------------------------------------------------------------ */
static bool extend_from_iter(List *l, Value iterable) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Value it = obj_iter(iterable);
  bool ok = it != VNULL;
  if (ok) {
    gc_root(&it);
    Value x;
    while ((x = obj_next(it)))
      if (!list_append(l, x)) { ok = false; break; }
    if (err_occurred()) ok = false;
  }
  gc_root_restore(mark);
  return ok;
}

/* Appends a str's characters, one one-character str each. */
static bool extend_from_str(List *l, Str *s) {
  if (!list_reserve(l, l->len + s->nchars)) return false;
  const char *p = s->data, *end = s->data + s->len;
  gc_wb(&l->h);
  while (p < end) {
    size_t adv = 1;
    if ((unsigned char)*p < 0x80) l->items[l->len++] = OBJ_V(str_char((unsigned char)*p));
    else {
      utf8_decode(p, &adv);
      l->items[l->len++] = str_new(p, adv);
    }
    p += adv;
  }
  return true;
}

static bool list_extend_any(List *l, Value v) {
  Type *t = v_type(v);
  if (t == &Type_list || t == &Type_tuple) {
    int64_t n = t == &Type_list ? V_AS(List, v)->len : V_AS(Tuple, v)->len;
    if (!list_reserve(l, l->len + n)) return false;
    const Value *src = t == &Type_list ? V_AS(List, v)->items : V_AS(Tuple, v)->items; /* after reserve: l.extend(l) */
    if (n) memcpy(l->items + l->len, src, (size_t)n * sizeof(Value));
    l->len += n;
    gc_wb(&l->h);
    return true;
  }
  if (t == &Type_range) {
    Range *r = V_AS(Range, v);
    if (!list_reserve(l, l->len + r->len)) return false;
    for (int64_t i = 0, x = r->start; i < r->len; i++, x += r->step) l->items[l->len++] = int_from_i64(x);
    gc_wb(&l->h);
    return true;
  }
  if (t == &Type_str) return extend_from_str(l, V_AS(Str, v));
  if (t == &Type_dict) {
    Dict *d = V_AS(Dict, v);
    if (!list_reserve(l, l->len + d->used)) return false;
    int64_t pos = 0;
    Value k;
    while (dict_next(d, &pos, &k, NULL)) l->items[l->len++] = k;
    gc_wb(&l->h);
    return true;
  }
  if (t == &Type_set || t == &Type_frozenset) {
    Set *s = V_AS(Set, v);
    if (!list_reserve(l, l->len + s->used)) return false;
    int64_t pos = 0, h;
    Value k;
    while (set_next_entry(s, &pos, &k, &h)) l->items[l->len++] = k;
    gc_wb(&l->h);
    return true;
  }
  return extend_from_iter(l, v);
}

List *list_from_iterable(Value iterable) {
  GC_ROOT_SCOPE;
  List *l = list_new(0);
  if (!l) return NULL;
  int mark = gc_root_mark();
  gc_root((Value *)&l);
  bool ok = list_extend_any(l, iterable);
  gc_root_restore(mark);
  return ok ? l : NULL;
}

/* -- repr, compare, length ----------------------------------------------------------------------- */
static Value list_repr(Value v) {
  List *l = V_AS(List, v);
  if (l->len == 0) return str_from_cstr("[]");
  if (repr_enter(v)) return str_from_cstr("[...]");
  if (interp_enter_c() < 0) { repr_leave(v); return VNULL; }
  StrBuilder b;
  sb_init(&b);
  sb_putc(&b, '[');
  Value r = VNULL;
  for (int64_t i = 0; i < l->len; i++) {
    if (i) sb_puts(&b, ", ");
    Value s = obj_repr(l->items[i]);
    if (!s) goto done;
    sb_putstr(&b, s);
  }
  sb_putc(&b, ']');
  r = sb_finish(&b);
done:
  if (!r) sb_free(&b);
  interp_leave_c();
  repr_leave(v);
  return r;
}

/* Subclasses compare by their items too (list's layout is their base). */
static Value list_richcompare(Value a, Value b, int op) {
  if (!v_isinstance(a, &Type_list) || !v_isinstance(b, &Type_list)) return V_NOTIMPL;
  return seq_richcompare(a, b, op);
}

static int64_t list_len(Value v) { return V_AS(List, v)->len; }


/* -- Items and slices -------------------------------------------------------------------------------- */
static Value index_type_error(Value k) {
  return err_format(Exc_TypeError, "list indices must be integers or slices, not %s", type_name(v_type(k)));
}

static Value list_slice(List *l, Slice *s) {
  int64_t start, stop, step, n;
  if (!slice_indices(s, l->len, &start, &stop, &step, &n)) return VNULL;
  List *r = list_new(n);
  if (!r) return VNULL;
  if (step == 1) {
    if (n) memcpy(r->items, l->items + start, (size_t)n * sizeof(Value));
  } else {
    for (int64_t i = 0, j = start; i < n; i++, j += step) r->items[i] = l->items[j];
  }
  r->len = n;
  return OBJ_V(r);
}

static Value list_getitem(Value c, Value k) {
  List *l = V_AS(List, c);
  int64_t i;
  if (v_is_int(k)) {
    i = v_int(k);
    if (i < 0) i += l->len;
  } else if (v_is(k, &Type_slice)) {
    return list_slice(l, V_AS(Slice, k));
  } else if (ctr_has_index(k)) {
    if (!ctr_index(k, l->len, &i)) return VNULL;
  } else {
    return index_type_error(k);
  }
  if ((uint64_t)i >= (uint64_t)l->len) return seq_index_error("list");
  return l->items[i];
}

/* The items of v as an array: a list or tuple's own, else a new list's (*holder). */
static bool seq_fast(Value v, const char *msg, Value *holder, Value **items, int64_t *n) {
  if (IS_LIST(v)) {
    *items = V_AS(List, v)->items;
    *n = V_AS(List, v)->len;
    *holder = v;
    return true;
  }
  if (IS_TUPLE(v)) {
    *items = V_AS(Tuple, v)->items;
    *n = V_AS(Tuple, v)->len;
    *holder = v;
    return true;
  }
  Value it = obj_iter(v);
  if (!it) {
    if (err_matches(Exc_TypeError)) {
      err_clear();
      err_format(Exc_TypeError, "%s", msg);
    }
    return false;
  }
  List *l = list_from_iterable(it);
  if (!l) return false;
  *holder = OBJ_V(l);
  *items = l->items;
  *n = l->len;
  return true;
}

/* l[lo:hi] = items[0:n] (items never alias l's own array). */
static bool replace_range(List *l, int64_t lo, int64_t hi, const Value *items, int64_t n) {
  if (lo < 0) lo = 0;
  else if (lo > l->len) lo = l->len;
  if (hi < lo) hi = lo;
  else if (hi > l->len) hi = l->len;
  int64_t d = n - (hi - lo);
  if (d > 0 && !list_reserve(l, l->len + d)) return false;
  if (d) memmove(l->items + hi + d, l->items + hi, (size_t)(l->len - hi) * sizeof(Value));
  if (n) memcpy(l->items + lo, items, (size_t)n * sizeof(Value));
  l->len += d;
  gc_wb(&l->h);
  return true;
}

static bool assign_slice(List *l, Slice *s, Value v) {
  int64_t start, stop, step, n;
  if (!slice_indices(s, l->len, &start, &stop, &step, &n)) return false;
  Value holder = VNULL;
  Value *items = NULL;
  int64_t m = 0;
  if (v) {
    if (v == OBJ_V(l)) v = OBJ_V(list_from_array(l->items, l->len));
    if (!seq_fast(v, step == 1 ? "can only assign an iterable" : "must assign iterable to extended slice",
                  &holder, &items, &m))
      return false;
  }
  if (step == 1) return replace_range(l, start, stop, items, m);
  if (!v) {
    if (n <= 0) return true;
    if (step < 0) {
      stop = start + 1;
      start = stop + step * (n - 1) - 1;
      step = -step;
    }
    int64_t cur, i;
    for (cur = start, i = 0; cur < stop; cur += step, i++) {
      int64_t lim = step - 1;
      if (cur + step >= l->len) lim = l->len - cur - 1;
      memmove(l->items + cur - i, l->items + cur + 1, (size_t)lim * sizeof(Value));
    }
    cur = start + n * step;
    if (cur < l->len) memmove(l->items + cur - n, l->items + cur, (size_t)(l->len - cur) * sizeof(Value));
    l->len -= n;
    return true;
  }
  if (m != n) {
    err_format(Exc_ValueError, "attempt to assign sequence of size %lld to extended slice of size %lld",
               (long long)m, (long long)n);
    return false;
  }
  for (int64_t i = 0, cur = start; i < n; i++, cur += step) l->items[cur] = items[i];
  gc_wb(&l->h);
  return true;
}

static bool list_setitem(Value c, Value k, Value v) {
  List *l = V_AS(List, c);
  int64_t i;
  if (v_is_int(k)) {
    i = v_int(k);
    if (i < 0) i += l->len;
  } else if (v_is(k, &Type_slice)) {
    return assign_slice(l, V_AS(Slice, k), v);
  } else if (ctr_has_index(k)) {
    if (!ctr_index(k, l->len, &i)) return false;
  } else {
    index_type_error(k);
    return false;
  }
  if ((uint64_t)i >= (uint64_t)l->len) {
    seq_index_error("list assignment");
    return false;
  }
  if (v) {
    l->items[i] = v;
    gc_wb(&l->h);
  } else {
    memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
    l->len--;
  }
  return true;
}

/* -- Operators ---------------------------------------------------------------------------------------- */
/* r = items * times; items may be r's own array (l *= n). */
static bool repeat_into(List *r, const Value *items, int64_t n, int64_t times) {
  if (n == 0 || times <= 0) return true;
  if (n > INT64_MAX / 16 / times) { err_no_memory(); return false; }
  bool own = items == r->items;
  if (!list_reserve(r, n * times)) return false;
  if (own) items = r->items;
  if (n == 1) {
    Value x = items[0];
    for (int64_t i = 0; i < times; i++) r->items[i] = x;
  } else {
    memmove(r->items, items, (size_t)n * sizeof(Value));
    for (int64_t done = n; done < n * times;) { /* doubling copies */
      int64_t k = done <= n * times - done ? done : n * times - done;
      memcpy(r->items + done, r->items, (size_t)k * sizeof(Value));
      done += k;
    }
  }
  r->len = n * times;
  gc_wb(&r->h);
  return true;
}

static Value list_binop(int op, Value a, Value b) {
  bool inplace = op >= BINOP__COUNT;
  int base = inplace ? op - BINOP__COUNT : op;
  if (base == OP_Add) {
    if (!IS_LIST(a)) return V_NOTIMPL;
    if (inplace) return list_extend_any(V_AS(List, a), b) ? a : VNULL;
    if (!IS_LIST(b)) {
      if (is_heap(v_type(b))) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can only concatenate list (not \"%s\") to list", type_name(v_type(b)));
    }
    List *x = V_AS(List, a), *y = V_AS(List, b);
    List *r = list_new(x->len + y->len);
    if (!r) return VNULL;
    if (x->len) memcpy(r->items, x->items, (size_t)x->len * sizeof(Value));
    if (y->len) memcpy(r->items + x->len, y->items, (size_t)y->len * sizeof(Value));
    r->len = x->len + y->len;
    return OBJ_V(r);
  }
  if (base == OP_Mult) {
    Value seq = IS_LIST(a) ? a : b, n = IS_LIST(a) ? b : a;
    if (!ctr_has_index(n)) {
      if (is_heap(v_type(n))) return V_NOTIMPL;
      return err_format(Exc_TypeError, "can't multiply sequence by non-int of type '%s'", type_name(v_type(n)));
    }
    int64_t times;
    if (!index_of(n, &times)) {
      if (!err_matches(Exc_IndexError)) return VNULL;
      err_clear();
      return err_format(Exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    }
    List *l = V_AS(List, seq);
    if (inplace && seq == a) {
      if (times <= 0) { l->len = 0; return a; }
      if (!repeat_into(l, l->items, l->len, times)) return VNULL;
      return a;
    }
    List *r = list_new(0);
    if (!r || !repeat_into(r, l->items, l->len, times)) return VNULL;
    return OBJ_V(r);
  }
  return V_NOTIMPL;
}

/* -- Construction ---------------------------------------------------------------------------------------- */
static Value list_new_slot(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  if (kwnames && kwnames->len) return err_format(Exc_TypeError, "list() takes no keyword arguments");
  if (nargs > 1) return err_format(Exc_TypeError, "list expected at most 1 argument, got %d", nargs);
  if (nargs == 0) return OBJ_V(list_new(0));
  List *l = list_from_iterable(args[0]);
  return l ? OBJ_V(l) : VNULL;
}

/* -- Iterators ------------------------------------------------------------------------------------------- */
Value listiter_new(List *l) { return seqiter_make(&Type_list_iterator, OBJ_V(l)); }

static Value list_iter(Value v) { return listiter_new(V_AS(List, v)); }
static Value iter_self(Value v) { return v; }


static Value list_reversed(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__reversed__", nargs, kw, 0, 0)) return VNULL;
  return reversed_new_seq(self, V_AS(List, self)->len - 1);
}

/* -- Methods --------------------------------------------------------------------------------------------- */
static Value m_append(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("list.append", nargs, kw, 1, 1)) return VNULL;
  return list_append(V_AS(List, self), args[0]) ? V_NONE : VNULL;
}

static Value m_extend(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("list.extend", nargs, kw, 1, 1)) return VNULL;
  return list_extend_any(V_AS(List, self), args[0]) ? V_NONE : VNULL;
}

static Value m_insert(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("insert", nargs, kw, 2, 2)) return VNULL;
  List *l = V_AS(List, self);
  int64_t i;
  if (!index_of(args[0], &i)) return VNULL;
  if (i < 0) {
    i += l->len;
    if (i < 0) i = 0;
  } else if (i > l->len) {
    i = l->len;
  }
  if (!list_reserve(l, l->len + 1)) return VNULL;
  memmove(l->items + i + 1, l->items + i, (size_t)(l->len - i) * sizeof(Value));
  l->items[i] = args[1];
  l->len++;
  gc_wb(&l->h);
  return V_NONE;
}

static Value m_pop(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("pop", nargs, kw, 0, 1)) return VNULL;
  List *l = V_AS(List, self);
  int64_t i = -1;
  if (nargs && !index_of(args[0], &i)) return VNULL;
  if (l->len == 0) return err_format(Exc_IndexError, "pop from empty list");
  if (i < 0) i += l->len;
  if (i < 0 || i >= l->len) return err_format(Exc_IndexError, "pop index out of range");
  Value v = l->items[i];
  memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
  l->len--;
  return v;
}

static Value m_remove(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("list.remove", nargs, kw, 1, 1)) return VNULL;
  List *l = V_AS(List, self);
  for (int64_t i = 0; i < l->len; i++) {
    int eq = obj_eq(l->items[i], args[0]);
    if (eq < 0) return VNULL;
    if (eq && i < l->len) {
      memmove(l->items + i, l->items + i + 1, (size_t)(l->len - i - 1) * sizeof(Value));
      l->len--;
      return V_NONE;
    }
  }
  return err_format(Exc_ValueError, "list.remove(x): x not in list");
}

static Value m_index(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("index", nargs, kw, 1, 3)) return VNULL;
  int64_t at;
  if (!seq_find(self, args[0], args + 1, nargs - 1, &at)) return VNULL;
  if (at >= 0) return v_from_int(at);
  Value r = obj_repr(args[0]);
  if (!r) return VNULL;
  return err_format(Exc_ValueError, "%s is not in list", V_AS(Str, r)->data);
}

static Value m_count(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("list.count", nargs, kw, 1, 1)) return VNULL;
  return seq_count(self, args[0]);
}

static void reverse_values(Value *a, int64_t n) {
  for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
    Value t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

static Value m_reverse(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("list.reverse", nargs, kw, 0, 0)) return VNULL;
  reverse_values(V_AS(List, self)->items, V_AS(List, self)->len);
  return V_NONE;
}

static Value m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("list.copy", nargs, kw, 0, 0)) return VNULL;
  List *l = list_from_array(V_AS(List, self)->items, V_AS(List, self)->len);
  return l ? OBJ_V(l) : VNULL;
}

static Value m_clear(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("list.clear", nargs, kw, 0, 0)) return VNULL;
  List *l = V_AS(List, self);
  list_free_items(l);
  l->len = l->cap = 0;
  return V_NONE;
}

/* -- sort ----------------------------------------------------------------------------------------------- */
/* keys[] is sorted; vals[] (NULL without a key function) moves along with it. */
enum { CMP_GENERIC, CMP_SMALLINT, CMP_STR, CMP_FLOAT };
typedef struct Run { int64_t base, len; } Run;
typedef struct Sorter {
  Value *keys, *vals;
  Value *tmpk, *tmpv; /* merge scratch, n entries each */
  int kind;
  Run runs[90];
  int nruns;
} Sorter;

/* 1 when a < b, 0 when not, -1 on error. */
static int lt(Sorter *s, Value a, Value b) {
  switch (s->kind) {
    case CMP_SMALLINT: return (int64_t)a < (int64_t)b; /* tagging keeps the order */
    case CMP_STR: {
      Str *x = V_AS(Str, a), *y = V_AS(Str, b); /* UTF-8 byte order is code point order */
      int64_t n = x->len < y->len ? x->len : y->len;
      int c = memcmp(x->data, y->data, (size_t)n);
      return c < 0 || (c == 0 && x->len < y->len);
    }
    case CMP_FLOAT: return V_AS(Float, a)->v < V_AS(Float, b)->v;
    default: return obj_compare_bool(a, b, CMP_LT);
  }
}

static int pick_kind(const Value *k, int64_t n) {
  if (n == 0) return CMP_GENERIC;
  Type *t = v_type(k[0]);
  int kind = v_is_int(k[0]) ? CMP_SMALLINT : t == &Type_str ? CMP_STR : t == &Type_float ? CMP_FLOAT : CMP_GENERIC;
  for (int64_t i = 1; i < n && kind != CMP_GENERIC; i++) {
    Value v = k[i];
    if (kind == CMP_SMALLINT ? !v_is_int(v) : !v_is(v, t)) kind = CMP_GENERIC;
  }
  return kind;
}

static void move(Sorter *s, int64_t dst, int64_t src, int64_t n) {
  memmove(s->keys + dst, s->keys + src, (size_t)n * sizeof(Value));
  if (s->vals) memmove(s->vals + dst, s->vals + src, (size_t)n * sizeof(Value));
}

static void reverse_range(Sorter *s, int64_t lo, int64_t hi) {
  reverse_values(s->keys + lo, hi - lo);
  if (s->vals) reverse_values(s->vals + lo, hi - lo);
}

/* Sorts [lo, hi) given that [lo, start) is sorted. */
static bool binary_insertion(Sorter *s, int64_t lo, int64_t hi, int64_t start) {
  for (; start < hi; start++) {
    Value pk = s->keys[start], pv = s->vals ? s->vals[start] : VNULL;
    int64_t l = lo, r = start;
    while (l < r) {
      int64_t m = l + ((r - l) >> 1);
      int c = lt(s, pk, s->keys[m]);
      if (c < 0) return false;
      if (c) r = m;
      else l = m + 1;
    }
    move(s, l + 1, l, start - l);
    s->keys[l] = pk;
    if (s->vals) s->vals[l] = pv;
  }
  return true;
}

/* Length of the run starting at lo; a strictly descending run is reversed in place. */
static int64_t count_run(Sorter *s, int64_t lo, int64_t hi) {
  if (lo + 1 >= hi) return hi - lo;
  int64_t n = 2;
  int c = lt(s, s->keys[lo + 1], s->keys[lo]);
  if (c < 0) return -1;
  if (c) {
    for (; lo + n < hi; n++) {
      c = lt(s, s->keys[lo + n], s->keys[lo + n - 1]);
      if (c < 0) return -1;
      if (!c) break;
    }
    reverse_range(s, lo, lo + n);
  } else {
    for (; lo + n < hi; n++) {
      c = lt(s, s->keys[lo + n], s->keys[lo + n - 1]);
      if (c < 0) return -1;
      if (c) break;
    }
  }
  return n;
}

/* Merges the sorted [a, b) and [b, c). On a comparison error every item is still in place
   somewhere in [a, c). */
static bool merge(Sorter *s, int64_t a, int64_t b, int64_t c) {
  /* Items of the left run not greater than the right run's first are already in place. */
  int c0 = 0;
  while (a < b && (c0 = lt(s, s->keys[b], s->keys[a])) == 0) a++;
  if (c0 < 0 && a < b) return false;
  if (a == b) return true;
  /* Items of the right run not less than the left run's last are in place too. */
  while (c > b && (c0 = lt(s, s->keys[c - 1], s->keys[b - 1])) == 0) c--;
  if (c0 < 0 && c > b) return false;
  int64_t na = b - a, nb = c - b;
  bool ok = true;
  if (na <= nb) {
    memcpy(s->tmpk, s->keys + a, (size_t)na * sizeof(Value));
    if (s->vals) memcpy(s->tmpv, s->vals + a, (size_t)na * sizeof(Value));
    int64_t i = 0, j = b, d = a;
    while (i < na && j < c) {
      int r = lt(s, s->keys[j], s->tmpk[i]);
      if (r < 0) { ok = false; break; }
      if (r) {
        s->keys[d] = s->keys[j];
        if (s->vals) s->vals[d] = s->vals[j];
        j++;
      } else {
        s->keys[d] = s->tmpk[i];
        if (s->vals) s->vals[d] = s->tmpv[i];
        i++;
      }
      d++;
    }
    memcpy(s->keys + d, s->tmpk + i, (size_t)(na - i) * sizeof(Value));
    if (s->vals) memcpy(s->vals + d, s->tmpv + i, (size_t)(na - i) * sizeof(Value));
  } else {
    memcpy(s->tmpk, s->keys + b, (size_t)nb * sizeof(Value));
    if (s->vals) memcpy(s->tmpv, s->vals + b, (size_t)nb * sizeof(Value));
    int64_t i = b - 1, j = nb - 1, d = c - 1;
    while (i >= a && j >= 0) {
      int r = lt(s, s->tmpk[j], s->keys[i]);
      if (r < 0) { ok = false; break; }
      if (r) {
        s->keys[d] = s->keys[i];
        if (s->vals) s->vals[d] = s->vals[i];
        i--;
      } else {
        s->keys[d] = s->tmpk[j];
        if (s->vals) s->vals[d] = s->tmpv[j];
        j--;
      }
      d--;
    }
    memcpy(s->keys + d - j, s->tmpk, (size_t)(j + 1) * sizeof(Value));
    if (s->vals) memcpy(s->vals + d - j, s->tmpv, (size_t)(j + 1) * sizeof(Value));
  }
  return ok;
}

static bool merge_at(Sorter *s, int i) {
  Run *r = s->runs;
  bool ok = merge(s, r[i].base, r[i + 1].base, r[i + 1].base + r[i + 1].len);
  r[i].len += r[i + 1].len;
  if (i == s->nruns - 3) r[i + 1] = r[i + 2];
  s->nruns--;
  return ok;
}

/* Timsort's invariants on the run stack: len[n-2] > len[n-1] + len[n], len[n-1] > len[n]. */
static bool merge_collapse(Sorter *s) {
  Run *p = s->runs;
  while (s->nruns > 1) {
    int n = s->nruns - 2;
    if ((n > 0 && p[n - 1].len <= p[n].len + p[n + 1].len) || (n > 1 && p[n - 2].len <= p[n - 1].len + p[n].len)) {
      if (p[n - 1].len < p[n + 1].len) n--;
      if (!merge_at(s, n)) return false;
    } else if (p[n].len <= p[n + 1].len) {
      if (!merge_at(s, n)) return false;
    } else {
      break;
    }
  }
  return true;
}

static int64_t minrun(int64_t n) {
  int64_t r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

static bool run_sort(Sorter *s, int64_t n) {
  if (n < 2) return true;
  s->kind = pick_kind(s->keys, n);
  int64_t mr = minrun(n), lo = 0;
  s->nruns = 0;
  while (lo < n) {
    int64_t len = count_run(s, lo, n);
    if (len < 0) return false;
    if (len < mr) {
      int64_t force = n - lo < mr ? n - lo : mr;
      if (!binary_insertion(s, lo, lo + force, lo + len)) return false;
      len = force;
    }
    s->runs[s->nruns++] = (Run){lo, len};
    if (!merge_collapse(s)) return false;
    lo += len;
  }
  while (s->nruns > 1) {
    int k = s->nruns - 2;
    if (k > 0 && s->runs[k - 1].len < s->runs[k + 1].len) k--;
    if (!merge_at(s, k)) return false;
  }
  return true;
}

/* A List that owns an array for the collector's sake while the sort holds it. */
static List *hold_array(Value *items, int64_t n) {
  List *h = list_new(0);
  h->items = items;
  h->len = h->cap = n;
  return h;
}

static Value m_sort(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  static const char *const names[] = {"key", "reverse"};
  int nkw = kw ? (int)kw->len : 0;
  if (nargs - nkw > 0) return err_format(Exc_TypeError, "sort() takes no positional arguments");
  Value opt[2];
  if (!args_parse("sort", args, nargs, kw, names, 0, 2, opt)) return VNULL;
  Value keyf = opt[0] && opt[0] != V_NONE ? opt[0] : VNULL;
  int rev = 0;
  if (opt[1] && (rev = obj_truthy(opt[1])) < 0) return VNULL;

  List *l = V_AS(List, self);
  int64_t n = l->len;
  int mark = gc_root_mark();
  List *vals = hold_array(l->items, n), *keys = NULL, *scratch = NULL;
  gc_root((Value *)&vals);
  l->items = NULL;
  l->len = l->cap = 0;
  Value result = V_NONE;

  if (keyf) {
    keys = list_new(n);
    gc_root((Value *)&keys);
    for (int64_t i = 0; i < n; i++) {
      Value k = obj_call1(keyf, vals->items[i]);
      if (!k) { result = VNULL; goto done; }
      keys->items[keys->len++] = k;
      gc_wb(&keys->h);
    }
  }
  Sorter s = {.keys = keys ? keys->items : vals->items, .vals = keys ? vals->items : NULL};
  if (rev) reverse_range(&s, 0, n);
  scratch = list_new(keys ? 2 * n : n); /* never traversed past len 0: its items are copies */
  gc_root((Value *)&scratch);
  s.tmpk = scratch->items;
  s.tmpv = keys ? scratch->items + n : NULL;
  if (!run_sort(&s, n)) result = VNULL;
  if (rev) reverse_values(vals->items, n);

done:
  if (l->items || l->len) {
    if (result) err_format(Exc_ValueError, "list modified during sort");
    result = VNULL;
    list_free_items(l);
  }
  l->items = vals->items;
  l->len = n;
  l->cap = vals->cap;
  gc_wb(&l->h);
  vals->items = NULL;
  vals->len = vals->cap = 0;
  gc_root_restore(mark);
  return result;
}

/* -- Registration ------------------------------------------------------------------------------------------- */
static const MethodDef list_methods[] = {
  {"append", m_append, "Append object to the end of the list."},
  {"extend", m_extend, "Extend list by appending elements from the iterable."},
  {"insert", m_insert, "Insert object before index."},
  {"pop", m_pop, "Remove and return item at index (default last)."},
  {"remove", m_remove, "Remove first occurrence of value."},
  {"index", m_index, "Return first index of value."},
  {"count", m_count, "Return number of occurrences of value."},
  {"reverse", m_reverse, "Reverse *IN PLACE*."},
  {"sort", m_sort, "Sort the list in ascending order and return None."},
  {"copy", m_copy, "Return a shallow copy of the list."},
  {"clear", m_clear, "Remove all items from list."},
  {"__reversed__", list_reversed, "Return a reverse iterator over the list."},
  {NULL, NULL, NULL},
};

void list_methods_init(void) {
  Type *t = &Type_list;
  t->repr = list_repr;
  t->richcompare = list_richcompare;
  t->iter = list_iter;
  t->len = list_len;
  t->contains = seq_contains;
  t->getitem = list_getitem;
  t->setitem = list_setitem;
  t->binop = list_binop;
  t->new = list_new_slot;
  type_add_methods(t, list_methods);

  Type_list_iterator.traverse = seqiter_traverse;
  Type_list_iterator.iter = iter_self;
  Type_list_iterator.next = seqiter_step;
}
