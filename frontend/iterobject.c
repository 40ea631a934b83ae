/* iterobject.c: the iterator types behind builtins: enumerate, zip, map, filter, reversed, and
 * the sequence iterator (iteration through __getitem__ until IndexError) and the callable
 * iterator (iter(f, sentinel)).
 *
 * Each keeps only its source iterators and a little state; an item produced by one call that
 * is still needed while another call runs Python code is rooted for that time.
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "interp.h"
#include "intobject.h"
#include "iterobject.h"
#include "strobject.h"
#include "typeobject.h"

typedef struct Zip { Obj h; Tuple *iters; bool strict; } Zip;
typedef struct MapObj { Obj h; Value func; Tuple *iters; } MapObj;
typedef struct Filter { Obj h; Value func; Value it; } Filter;
typedef struct CallIter { Obj h; Value func; Value sentinel; } CallIter;

static Value iter_self(Value v) { return v; }

static bool no_kwargs(const char *name, Tuple *kw) {
  if (kw && kw->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", name);
    return false;
  }
  return true;
}

/* A tuple of iter(x) for each of args[0..n). */
static Tuple *iters_of(Value *args, int n) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Tuple *t = tuple_new(n);
  for (int i = 0; i < n; i++) t->items[i] = V_NONE;
  gc_root((Value *)&t);
  for (int i = 0; i < n && t; i++) {
    Value it = obj_iter(args[i]);
    if (!it) t = NULL;
    else t->items[i] = it;
  }
  gc_root_restore(mark);
  return t;
}

/* -- Sequence iterator and reversed ------------------------------------------------------------------ */

Value seqiter_new(Value seq) {
  SeqIter *it = (SeqIter *)gc_alloc(&Type_seq_iterator, sizeof(SeqIter));
  it->seq = seq;
  return OBJ_V(it);
}

static Value seqiter_next(Value v) {
  SeqIter *it = V_AS(SeqIter, v);
  if (!it->seq) return VNULL;
  Value r = obj_getitem(it->seq, v_from_int(it->index));
  if (!r) {
    if (err_matches(Exc_IndexError) || err_matches(Exc_StopIteration)) {
      err_clear();
      it->seq = VNULL;
    }
    return VNULL;
  }
  it->index++;
  return r;
}

Value reversed_new_seq(Value seq, int64_t start) {
  SeqIter *it = (SeqIter *)gc_alloc(&Type_reversed, sizeof(SeqIter));
  it->seq = seq;
  it->index = start;
  return OBJ_V(it);
}

static Value reversed_next(Value v) {
  SeqIter *it = V_AS(SeqIter, v);
  Value seq = it->seq;
  if (!seq || it->index < 0) {
    it->seq = VNULL;
    return VNULL;
  }
  Type *t = v_type(seq);
  if (t == &Type_list) {
    List *l = V_AS(List, seq);
    if (it->index < l->len) return l->items[it->index--];
    it->seq = VNULL;
    return VNULL;
  }
  if (t == &Type_tuple) return V_AS(Tuple, seq)->items[it->index--];
  if (t == &Type_str && str_is_ascii(V_AS(Str, seq)))
    return OBJ_V(str_char((unsigned char)V_AS(Str, seq)->data[it->index--]));
  Value r = obj_getitem(seq, v_from_int(it->index));
  if (!r) {
    if (err_matches(Exc_IndexError) || err_matches(Exc_StopIteration)) {
      err_clear();
      it->seq = VNULL;
    }
    return VNULL;
  }
  it->index--;
  return r;
}

static Value reversed_new_slot(Type *tp, Value *args, int nargs, Tuple *kw) {
  (void)tp;
  if (!no_kwargs("reversed", kw)) return VNULL;
  if (nargs != 1) return err_format(Exc_TypeError, "reversed expected 1 argument, got %d", nargs);
  Value seq = args[0];
  Type *t = v_type(seq);
  if (t == &Type_list) return reversed_new_seq(seq, V_AS(List, seq)->len - 1);
  if (t == &Type_tuple) return reversed_new_seq(seq, V_AS(Tuple, seq)->len - 1);
  if (t == &Type_str) return reversed_new_seq(seq, V_AS(Str, seq)->nchars - 1);
  Value rev = type_lookup(t, N.__reversed__);
  if (rev == V_NONE) return err_format(Exc_TypeError, "'%s' object is not reversible", type_name(t));
  if (rev) {
    Value bound = descr_bind(rev, seq, t);
    return bound ? obj_call0(bound) : VNULL;
  }
  bool seqlike = (t->flags & TPF_HEAPTYPE) ? type_lookup(t, N.__getitem__) != VNULL : t->getitem != NULL;
  if (!seqlike || t == &Type_dict)
    return err_format(Exc_TypeError, "'%s' object is not reversible", type_name(t));
  int64_t n = obj_len(seq);
  if (n < 0) return VNULL;
  return reversed_new_seq(seq, n - 1);
}

/* -- Callable iterator --------------------------------------------------------------------------------- */
static void calliter_traverse(Obj *o, VisitFn visit) {
  visit(&((CallIter *)o)->func);
  visit(&((CallIter *)o)->sentinel);
}

Value calliter_new(Value f, Value sentinel) {
  CallIter *it = (CallIter *)gc_alloc(&Type_callable_iterator, sizeof(CallIter));
  it->func = f;
  it->sentinel = sentinel;
  return OBJ_V(it);
}

static Value calliter_next(Value v) {
  GC_ROOT_SCOPE;
  CallIter *it = V_AS(CallIter, v);
  if (!it->func) return VNULL;
  Value r = obj_call0(it->func);
  if (!r) {
    if (err_matches(Exc_StopIteration)) {
      err_clear();
      it->func = it->sentinel = VNULL;
    }
    return VNULL;
  }
  int mark = gc_root_mark();
  gc_root(&r);
  int eq = obj_eq(r, it->sentinel);
  gc_root_restore(mark);
  if (eq < 0) return VNULL;
  if (eq) {
    it->func = it->sentinel = VNULL;
    return VNULL;
  }
  return r;
}

/* -- enumerate ------------------------------------------------------------------------------------------ */
static void enumerate_traverse(Obj *o, VisitFn visit) {
  visit(&((Enumerate *)o)->it);
  visit(&((Enumerate *)o)->count);
}

static Value enumerate_new(Type *tp, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)tp;
  static const char *const names[] = {"iterable", "start"};
  Value a[2];
  if (nargs == 0) return err_format(Exc_TypeError, "enumerate() missing required argument 'iterable'");
  if (!args_parse("enumerate", args, nargs, kw, names, 1, 2, a)) return VNULL;
  Value start = v_from_int(0);
  if (a[1]) {
    start = v_is_int(a[1]) ? a[1] : int_index(a[1]);
    if (!start) return VNULL;
  }
  int mark = gc_root_mark();
  gc_root(&start);
  Value it = obj_iter(a[0]);
  gc_root_restore(mark);
  if (!it) return VNULL;
  Enumerate *e = (Enumerate *)gc_alloc(&Type_enumerate, sizeof(Enumerate));
  e->it = it;
  e->count = start;
  return OBJ_V(e);
}

/* The next (count, item) pair; false: exhausted or an error set. */
static bool enumerate_next2(Value v, Value *count, Value *item) {
  GC_ROOT_SCOPE;
  Enumerate *e = V_AS(Enumerate, v);
  Value x = obj_next(e->it);
  if (!x) return false;
  Value c = e->count, next;
  if (v_is_int(c) && v_int(c) < SMALL_MAX) next = v_from_int(v_int(c) + 1);
  else {
    int mark = gc_root_mark();
    gc_root(&x);
    next = int_binop(OP_Add, c, v_from_int(1));
    gc_root_restore(mark);
    if (!next) return false;
  }
  e->count = next;
  gc_wb_store(&e->h, next);
  *count = c;
  *item = x;
  return true;
}

static Value enumerate_next(Value v) {
  Value c, x;
  return enumerate_next2(v, &c, &x) ? tuple_pack(2, c, x) : VNULL;
}

/* -- zip ------------------------------------------------------------------------------------------------ */
static void zip_traverse(Obj *o, VisitFn visit) { visit((Value *)&((Zip *)o)->iters); }

static Value zip_new(Type *tp, Value *args, int nargs, Tuple *kw) {
  (void)tp;
  bool strict = false;
  int npos = nargs - (kw ? (int)kw->len : 0);
  for (int i = 0; kw && i < kw->len; i++) {
    Str *k = V_AS(Str, kw->items[i]);
    if (strcmp(k->data, "strict") != 0)
      return err_format(Exc_TypeError, "zip() got an unexpected keyword argument '%s'", k->data);
    int t = obj_truthy(args[npos + i]);
    if (t < 0) return VNULL;
    strict = t;
  }
  Tuple *iters = iters_of(args, npos);
  if (!iters) return VNULL;
  Zip *z = (Zip *)gc_alloc(&Type_zip, sizeof(Zip));
  z->iters = iters;
  z->strict = strict;
  return OBJ_V(z);
}

static Value zip_mismatch(int i, bool longer) {
  const char *plural = i == 1 ? " " : "s 1-";
  return err_format(Exc_ValueError, "zip() argument %d is %s than argument%s%d", i + 1, longer ? "longer" : "shorter",
                    plural, i);
}

static Value zip_next(Value v) {
  GC_ROOT_SCOPE;
  Zip *z = V_AS(Zip, v);
  int64_t n = z->iters->len;
  if (n == 0) return VNULL;
  int mark = gc_root_mark();
  Tuple *r = tuple_new(n);
  for (int64_t i = 0; i < n; i++) r->items[i] = V_NONE;
  gc_root((Value *)&r);
  Value result = OBJ_V(r);
  for (int64_t i = 0; i < n; i++) {
    Value x = obj_next(z->iters->items[i]);
    if (!x) {
      result = VNULL;
      if (z->strict && !err_occurred()) {
        if (i) zip_mismatch((int)i, false);
        else {
          for (int64_t j = 1; j < n; j++) {
            Value y = obj_next(z->iters->items[j]);
            if (y) { zip_mismatch((int)j, true); break; }
            if (err_occurred()) break;
          }
        }
      }
      break;
    }
    r->items[i] = x;
    gc_wb(&r->h);
  }
  gc_root_restore(mark);
  return result;
}

/* -- map ------------------------------------------------------------------------------------------------- */
static void map_traverse(Obj *o, VisitFn visit) {
  visit(&((MapObj *)o)->func);
  visit((Value *)&((MapObj *)o)->iters);
}

static Value map_new(Type *tp, Value *args, int nargs, Tuple *kw) {
  (void)tp;
  if (!no_kwargs("map", kw)) return VNULL;
  if (nargs < 2) return err_format(Exc_TypeError, "map() must have at least two arguments.");
  Tuple *iters = iters_of(args + 1, nargs - 1);
  if (!iters) return VNULL;
  MapObj *m = (MapObj *)gc_alloc(&Type_map_, sizeof(MapObj));
  m->func = args[0];
  m->iters = iters;
  return OBJ_V(m);
}

static Value map_next(Value v) {
  GC_ROOT_SCOPE;
  MapObj *m = V_AS(MapObj, v);
  int64_t n = m->iters->len;
  if (n == 1) {
    Value x = obj_next(m->iters->items[0]);
    return x ? obj_call1(m->func, x) : VNULL;
  }
  int mark = gc_root_mark();
  Tuple *a = tuple_new(n);
  for (int64_t i = 0; i < n; i++) a->items[i] = V_NONE;
  gc_root((Value *)&a);
  Value r = VNULL;
  for (int64_t i = 0; i < n; i++) {
    Value x = obj_next(m->iters->items[i]);
    if (!x) goto done;
    a->items[i] = x;
    gc_wb(&a->h);
  }
  r = obj_call(m->func, a->items, (int)n, NULL);
done:
  gc_root_restore(mark);
  return r;
}

/* -- filter ------------------------------------------------------------------------------------------------ */
static void filter_traverse(Obj *o, VisitFn visit) {
  visit(&((Filter *)o)->func);
  visit(&((Filter *)o)->it);
}

static Value filter_new(Type *tp, Value *args, int nargs, Tuple *kw) {
  (void)tp;
  if (!no_kwargs("filter", kw)) return VNULL;
  if (nargs != 2) return err_format(Exc_TypeError, "filter expected 2 arguments, got %d", nargs);
  Value it = obj_iter(args[1]);
  if (!it) return VNULL;
  Filter *f = (Filter *)gc_alloc(&Type_filter, sizeof(Filter));
  f->func = args[0];
  f->it = it;
  return OBJ_V(f);
}

static Value filter_next(Value v) {
  GC_ROOT_SCOPE;
  Filter *f = V_AS(Filter, v);
  int mark = gc_root_mark();
  Value x = VNULL, r = VNULL;
  gc_root(&x);
  while ((x = obj_next(f->it))) {
    int ok;
    if (f->func == V_NONE || f->func == OBJ_V(&Type_bool)) ok = obj_truthy(x);
    else {
      Value t = obj_call1(f->func, x);
      ok = t ? obj_truthy(t) : -1;
    }
    if (ok < 0) break;
    if (ok) { r = x; break; }
  }
  gc_root_restore(mark);
  return r;
}

/* -- Registration --------------------------------------------------------------------------------------------- */
void iterobject_init(void) {
  Type_seq_iterator.traverse = seqiter_traverse;
  Type_seq_iterator.iter = iter_self;
  Type_seq_iterator.next = seqiter_next;

  Type_reversed.traverse = seqiter_traverse;
  Type_reversed.iter = iter_self;
  Type_reversed.next = reversed_next;
  Type_reversed.new = reversed_new_slot;

  Type_callable_iterator.traverse = calliter_traverse;
  Type_callable_iterator.iter = iter_self;
  Type_callable_iterator.next = calliter_next;

  Type_enumerate.traverse = enumerate_traverse;
  Type_enumerate.iter = iter_self;
  Type_enumerate.next = enumerate_next;
  Type_enumerate.next2 = enumerate_next2;
  Type_enumerate.new = enumerate_new;

  Type_zip.traverse = zip_traverse;
  Type_zip.iter = iter_self;
  Type_zip.next = zip_next;
  Type_zip.new = zip_new;

  Type_map_.traverse = map_traverse;
  Type_map_.iter = iter_self;
  Type_map_.next = map_next;
  Type_map_.new = map_new;

  Type_filter.traverse = filter_traverse;
  Type_filter.iter = iter_self;
  Type_filter.next = filter_next;
  Type_filter.new = filter_new;
}
