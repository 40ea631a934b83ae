/* dict_methods.c: everything of dict beyond its core table (dictobject.c): the protocol slots,
 * the methods, the key/value/item views with their set operations, and the dict iterators.
 *
 * Iterators walk entries[] by position and fail with CPython's RuntimeError when the dict's
 * size changed under them. Views hold only their dict; every operation reads it afresh.
 */
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "dictobject.h"
#include "interp.h"
#include "listobject.h"
#include "strobject.h"
#include "typeobject.h"

typedef struct DictView { Obj h; Dict *d; } DictView;
typedef struct DictIter { Obj h; Dict *d; int64_t pos, used, left; int32_t kind; bool reverse; } DictIter;
enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS };

static Type *const view_types[] = {&Type_dict_keys, &Type_dict_values, &Type_dict_items};
static Type *const iter_types[] = {&Type_dict_keyiterator, &Type_dict_valueiterator, &Type_dict_itemiterator};

static int view_kind(Value v) {
  Type *t = v_type(v);
  return t == &Type_dict_keys ? VIEW_KEYS : t == &Type_dict_values ? VIEW_VALUES : t == &Type_dict_items ? VIEW_ITEMS : -1;
}

/* -- Updating from anything ---------------------------------------------------------------------- */
static bool merge_dict(Dict *d, Dict *o) {
  if (o == d) return true;
  int64_t pos = 0;
  Value k, v;
  while (dict_next(o, &pos, &k, &v))
    if (!dict_set_hashed(d, k, o->entries[pos - 1].hash, v)) return false;
  return true;
}

/* d.update(mapping): through keys() and __getitem__. */
static bool merge_mapping(Dict *d, Value m, Value keysf) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Value keys = obj_call0(keysf), it = VNULL, k = VNULL;
  gc_root(&keys);
  gc_root(&it);
  gc_root(&k);
  bool ok = keys && (it = obj_iter(keys));
  while (ok && (k = obj_next(it))) {
    Value v = obj_getitem(m, k);
    ok = v && dict_set(d, k, v);
  }
  if (err_occurred()) ok = false;
  gc_root_restore(mark);
  return ok;
}

/* d.update(iterable of pairs). */
static bool merge_pairs(Dict *d, Value seq) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Value it = obj_iter(seq), item = VNULL;
  gc_root(&it);
  gc_root(&item);
  bool ok = it != VNULL;
  for (int64_t n = 0; ok && (item = obj_next(it)); n++) {
    Tuple *pair;
    if (IS_TUPLE(item)) pair = V_AS(Tuple, item);
    else {
      Value pit = obj_iter(item);
      if (!pit) {
        if (err_matches(Exc_TypeError)) {
          err_clear();
          err_format(Exc_TypeError, "cannot convert dictionary update sequence element #%lld to a sequence", (long long)n);
        }
        ok = false;
        break;
      }
      pair = tuple_from_iterable(pit);
      if (!pair) { ok = false; break; }
      item = OBJ_V(pair);
    }
    if (pair->len != 2) {
      err_format(Exc_ValueError, "dictionary update sequence element #%lld has length %lld; 2 is required",
                 (long long)n, (long long)pair->len);
      ok = false;
      break;
    }
    ok = dict_set(d, pair->items[0], pair->items[1]);
  }
  if (err_occurred()) ok = false;
  gc_root_restore(mark);
  return ok;
}

static bool update_from(Dict *d, Value arg) {
  if (IS_DICT(arg)) return merge_dict(d, V_AS(Dict, arg));
  if (!IS_LIST(arg) && !IS_TUPLE(arg)) {
    Value keysf = obj_getattr_opt(arg, N.keys);
    if (keysf) return merge_mapping(d, arg, keysf);
    if (err_occurred()) return false;
  }
  return merge_pairs(d, arg);
}

static bool update_kwargs(Dict *d, Value *args, int nargs, Tuple *kw) {
  if (!kw) return true;
  int npos = nargs - (int)kw->len;
  for (int64_t i = 0; i < kw->len; i++)
    if (!dict_set(d, kw->items[i], args[npos + i])) return false;
  return true;
}

/* -- Slots ---------------------------------------------------------------------------------------- */
static Value dict_repr(Value v) {
  GC_ROOT_SCOPE;
  Dict *d = V_AS(Dict, v);
  if (d->used == 0) return str_from_cstr("{}");
  if (repr_enter(v)) return str_from_cstr("{...}");
  if (interp_enter_c() < 0) { repr_leave(v); return VNULL; }
  int mark = gc_root_mark();
  Value k = VNULL, val = VNULL, r = VNULL;
  gc_root(&k);
  gc_root(&val);
  StrBuilder b;
  sb_init(&b);
  sb_putc(&b, '{');
  int64_t pos = 0;
  bool first = true;
  while (dict_next(d, &pos, &k, &val)) {
    if (!first) sb_puts(&b, ", ");
    first = false;
    Value s = obj_repr(k);
    if (!s) goto done;
    sb_putstr(&b, s);
    sb_puts(&b, ": ");
    s = obj_repr(val);
    if (!s) goto done;
    sb_putstr(&b, s);
  }
  sb_putc(&b, '}');
  r = sb_finish(&b);
done:
  if (!r) sb_free(&b);
  gc_root_restore(mark);
  interp_leave_c();
  repr_leave(v);
  return r;
}

static int dict_equal(Dict *a, Dict *b) {
  if (a->used != b->used) return 0;
  for (int64_t i = 0; i < a->nentries; i++) {
    DictEntry *e = &a->entries[i];
    if (!e->key) continue;
    Value key = e->key, av = e->value;
    Value bv = dict_get_hashed(b, key, e->hash);
    if (!bv) return err_occurred() ? -1 : 0;
    int eq = obj_eq(av, bv);
    if (eq <= 0) return eq;
  }
  return 1;
}

/* Subclasses compare by their items too (dict's layout is their base). */
static Value dict_richcompare(Value a, Value b, int op) {
  if (!v_isinstance(a, &Type_dict) || !v_isinstance(b, &Type_dict) || (op != CMP_EQ && op != CMP_NE))
    return V_NOTIMPL;
  if (interp_enter_c() < 0) return VNULL;
  int r = dict_equal(V_AS(Dict, a), V_AS(Dict, b));
  interp_leave_c();
  if (r < 0) return VNULL;
  return v_bool(op == CMP_EQ ? r : !r);
}

static int64_t dict_len(Value v) { return V_AS(Dict, v)->used; }

static int dict_contains(Value c, Value k) {
  if (dict_get(V_AS(Dict, c), k)) return 1;
  return err_occurred() ? -1 : 0;
}

static Value dict_getitem(Value c, Value k) {
  Value v = dict_get(V_AS(Dict, c), k);
  if (v || err_occurred()) return v;
  Type *t = v_type(c);
  if (t->flags & TPF_HEAPTYPE) { /* a subclass may define __missing__ */
    Value missing = type_lookup(t, N.__missing__);
    if (missing) return obj_call2(missing, c, k);
  }
  return err_set_value(Exc_KeyError, k);
}

static bool dict_setitem(Value c, Value k, Value v) {
  if (v) return dict_set(V_AS(Dict, c), k, v);
  int r = dict_del(V_AS(Dict, c), k);
  if (r == 0) err_set_value(Exc_KeyError, k);
  return r > 0;
}

static Value dict_binop(int op, Value a, Value b) {
  if (op == OP_BitOr) {
    if (!IS_DICT(a) || !IS_DICT(b)) return V_NOTIMPL;
    Dict *r = dict_copy(V_AS(Dict, a));
    return merge_dict(r, V_AS(Dict, b)) ? OBJ_V(r) : VNULL;
  }
  if (op == OP_BitOr + BINOP__COUNT && IS_DICT(a)) return update_from(V_AS(Dict, a), b) ? a : VNULL;
  return V_NOTIMPL;
}

static Value dict_new_slot(Type *t, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  int npos = nargs - (kw ? (int)kw->len : 0);
  if (npos > 1) return err_format(Exc_TypeError, "dict expected at most 1 argument, got %d", npos);
  Dict *d = dict_new_type(t);
  int mark = gc_root_mark();
  gc_root((Value *)&d);
  bool ok = (npos == 0 || update_from(d, args[0])) && update_kwargs(d, args, nargs, kw);
  gc_root_restore(mark);
  return ok ? OBJ_V(d) : VNULL;
}

/* -- Iterators --------------------------------------------------------------------------------------- */
static void dictiter_traverse(Obj *o, VisitFn visit) { visit((Value *)&((DictIter *)o)->d); }

static Value dictiter_new(Dict *d, int kind, bool reverse) {
  DictIter *it = (DictIter *)gc_alloc(iter_types[kind], sizeof(DictIter));
  it->d = d;
  it->used = it->left = d->used;
  it->kind = kind;
  it->reverse = reverse;
  it->pos = reverse ? d->nentries - 1 : 0;
  return OBJ_V(it);
}

static Value dict_iter(Value v) { return dictiter_new(V_AS(Dict, v), VIEW_KEYS, false); }
static Value iter_self(Value v) { return v; }

/* The next live entry, or NULL: exhausted or an error set. */
static DictEntry *dictiter_step(DictIter *it) {
  Dict *d = it->d;
  if (!d) return NULL;
  if (it->used != d->used) {
    it->used = -1;
    err_format(Exc_RuntimeError, "dictionary changed size during iteration");
    return NULL;
  }
  DictEntry *e = NULL;
  if (it->reverse) {
    if (it->pos >= d->nentries) it->pos = d->nentries - 1;
    while (it->pos >= 0 && !(e = &d->entries[it->pos--])->key) e = NULL;
  } else {
    while (it->pos < d->nentries && !(e = &d->entries[it->pos++])->key) e = NULL;
  }
  if (!e) {
    it->d = NULL;
    return NULL;
  }
  if (it->left == 0) {
    it->used = -1;
    err_format(Exc_RuntimeError, "dictionary keys changed during iteration");
    return NULL;
  }
  it->left--;
  return e;
}

static Value dictiter_next(Value v) {
  DictIter *it = V_AS(DictIter, v);
  DictEntry *e = dictiter_step(it);
  if (!e) return VNULL;
  if (it->kind == VIEW_KEYS) return e->key;
  if (it->kind == VIEW_VALUES) return e->value;
  return tuple_pack(2, e->key, e->value);
}

static bool dictitems_next2(Value v, Value *k, Value *val) {
  DictEntry *e = dictiter_step(V_AS(DictIter, v));
  if (!e) return false;
  *k = e->key;
  *val = e->value;
  return true;
}

/* -- Views --------------------------------------------------------------------------------------------- */
static void view_traverse(Obj *o, VisitFn visit) { visit((Value *)&((DictView *)o)->d); }

static Value view_new(Dict *d, int kind) {
  DictView *v = (DictView *)gc_alloc(view_types[kind], sizeof(DictView));
  v->d = d;
  return OBJ_V(v);
}

static Dict *view_dict(Value v) { return V_AS(DictView, v)->d; }
static int64_t view_len(Value v) { return view_dict(v)->used; }
static Value view_iter(Value v) { return dictiter_new(view_dict(v), view_kind(v), false); }

static int items_contains(Value c, Value item) {
  if (!IS_TUPLE(item) || V_AS(Tuple, item)->len != 2) return 0;
  Value v = dict_get(view_dict(c), V_AS(Tuple, item)->items[0]);
  if (!v) return err_occurred() ? -1 : 0;
  return obj_eq(v, V_AS(Tuple, item)->items[1]);
}

static int keys_contains(Value c, Value k) { return dict_contains(OBJ_V(view_dict(c)), k); }

static int view_contains(Value c, Value x) {
  return view_kind(c) == VIEW_KEYS ? keys_contains(c, x) : items_contains(c, x);
}

static Value view_repr(Value v) {
  GC_ROOT_SCOPE;
  const char *name = type_name(v_type(v));
  if (repr_enter(v)) return str_from_cstr("...");
  int mark = gc_root_mark();
  List *l = list_from_iterable(v);
  gc_root((Value *)&l);
  Value r = l ? obj_repr(OBJ_V(l)) : VNULL;
  gc_root_restore(mark);
  repr_leave(v);
  if (!r) return VNULL;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, name);
  sb_putc(&b, '(');
  sb_putstr(&b, r);
  sb_putc(&b, ')');
  return sb_finish(&b);
}

static bool is_setlike(Value v) {
  return v_is(v, &Type_set) || v_is(v, &Type_frozenset) || v_is(v, &Type_dict_keys) || v_is(v, &Type_dict_items);
}

/* Is every element of a (iterated) in b (by obj_contains)? */
static int all_contained_in(Value a, Value b) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Value it = obj_iter(a), x = VNULL;
  gc_root(&it);
  gc_root(&x);
  int r = it ? 1 : -1;
  while (r == 1 && (x = obj_next(it))) r = obj_contains(b, x);
  if (r == 1 && err_occurred()) r = -1;
  gc_root_restore(mark);
  return r;
}

static Value view_richcompare(Value a, Value b, int op) {
  if (!is_setlike(a) || !is_setlike(b)) return V_NOTIMPL;
  int64_t la = obj_len(a), lb = obj_len(b);
  if (la < 0 || lb < 0) return VNULL;
  int ok = 0;
  switch (op) {
    case CMP_EQ:
    case CMP_NE:
      if (la == lb) ok = all_contained_in(a, b);
      if (op == CMP_NE && ok >= 0) ok = !ok;
      break;
    case CMP_LT: if (la < lb) ok = all_contained_in(a, b); break;
    case CMP_LE: if (la <= lb) ok = all_contained_in(a, b); break;
    case CMP_GT: if (la > lb) ok = all_contained_in(b, a); break;
    default: if (la >= lb) ok = all_contained_in(b, a); break;
  }
  return ok < 0 ? VNULL : v_bool(ok);
}

/* view & other: CPython's _PyDictView_Intersect. */
static Value view_intersect(Value self, Value other) {
  GC_ROOT_SCOPE;
  if (view_kind(self) < 0) { Value t = self; self = other; other = t; }
  int64_t lself = view_len(self);
  if (v_is(other, &Type_set) && lself <= V_AS(Set, other)->used) return set_op(OP_BitAnd, V_AS(Set, other), self);
  if (view_kind(other) == VIEW_KEYS || view_kind(other) == VIEW_ITEMS) {
    if (view_len(other) > lself) { Value t = self; self = other; other = t; }
  }
  int mark = gc_root_mark();
  Set *r = set_new(&Type_set);
  Value it = VNULL, x = VNULL;
  gc_root((Value *)&r);
  gc_root(&it);
  gc_root(&x);
  it = obj_iter(other);
  bool ok = it != VNULL;
  while (ok && (x = obj_next(it))) {
    int c = view_contains(self, x);
    if (c < 0 || (c && !set_add(r, x))) ok = false;
  }
  if (err_occurred()) ok = false;
  gc_root_restore(mark);
  return ok ? OBJ_V(r) : VNULL;
}

/* items ^ items: CPython's dictitems_xor, which keeps the order its two passes produce. */
static Value items_xor(Value a, Value b) {
  GC_ROOT_SCOPE;
  int mark = gc_root_mark();
  Dict *tmp = dict_copy(view_dict(a)), *d2 = view_dict(b);
  Set *r = set_new(&Type_set);
  gc_root((Value *)&tmp);
  gc_root((Value *)&r);
  bool ok = true;
  for (int64_t pos = 0; ok && pos < d2->nentries; pos++) {
    DictEntry e = d2->entries[pos];
    if (!e.key) continue;
    Value v1 = dict_get_hashed(tmp, e.key, e.hash);
    if (!v1) {
      ok = !err_occurred() && set_add(r, tuple_pack(2, e.key, e.value));
    } else {
      /* the same pair: in neither result; different values: both pairs are in it */
      int eq = obj_eq(v1, e.value);
      if (eq < 0 || (eq && dict_del_hashed(tmp, e.key, e.hash) < 0)) ok = false;
      else if (!eq) ok = set_add(r, tuple_pack(2, e.key, e.value));
    }
  }
  int64_t pos = 0;
  Value k, v;
  while (ok && dict_next(tmp, &pos, &k, &v)) ok = set_add(r, tuple_pack(2, k, v));
  gc_root_restore(mark);
  return ok ? OBJ_V(r) : VNULL;
}

static Value view_binop(int op, Value a, Value b) {
  GC_ROOT_SCOPE;
  if (op >= BINOP__COUNT) return V_NOTIMPL;
  if (op != OP_BitOr && op != OP_BitAnd && op != OP_Sub && op != OP_BitXor) return V_NOTIMPL;
  if (op == OP_BitAnd) return view_intersect(a, b);
  if (op == OP_BitXor && view_kind(a) == VIEW_ITEMS && view_kind(b) == VIEW_ITEMS) return items_xor(a, b);
  Set *r = set_from_iterable(&Type_set, a);
  if (!r) return VNULL;
  int mark = gc_root_mark();
  gc_root((Value *)&r);
  bool ok = op == OP_BitOr ? set_update_internal(r, b)
          : op == OP_Sub   ? set_difference_update(r, b)
                           : set_symmetric_difference_update(r, b);
  gc_root_restore(mark);
  return ok ? OBJ_V(r) : VNULL;
}

static Value view_reversed(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__reversed__", nargs, kw, 0, 0)) return VNULL;
  return dictiter_new(view_dict(self), view_kind(self), true);
}

static Value view_isdisjoint(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!args_check("isdisjoint", nargs, kw, 1, 1)) return VNULL;
  int mark = gc_root_mark();
  Value it = obj_iter(args[0]), x = VNULL, r = V_TRUE;
  gc_root(&it);
  gc_root(&x);
  if (!it) r = VNULL;
  while (r == V_TRUE && (x = obj_next(it))) {
    int c = view_contains(self, x);
    if (c) r = c < 0 ? VNULL : V_FALSE;
  }
  if (r == V_TRUE && err_occurred()) r = VNULL;
  gc_root_restore(mark);
  return r;
}

/* -- Methods ------------------------------------------------------------------------------------------- */
#define SELF V_AS(Dict, self)

static Value m_get(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("get", nargs, kw, 1, 2)) return VNULL;
  Value v = dict_get(SELF, args[0]);
  if (v || err_occurred()) return v;
  return nargs > 1 ? args[1] : V_NONE;
}

static Value m_setdefault(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("setdefault", nargs, kw, 1, 2)) return VNULL;
  int64_t h;
  if (!obj_hash(args[0], &h)) return VNULL;
  Value v = dict_get_hashed(SELF, args[0], h);
  if (v || err_occurred()) return v;
  Value def = nargs > 1 ? args[1] : V_NONE;
  return dict_set_hashed(SELF, args[0], h, def) ? def : VNULL;
}

static Value m_pop(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("pop", nargs, kw, 1, 2)) return VNULL;
  int64_t h;
  if (!obj_hash(args[0], &h)) return VNULL;
  Value v = dict_get_hashed(SELF, args[0], h);
  if (!v) {
    if (err_occurred()) return VNULL;
    return nargs > 1 ? args[1] : err_set_value(Exc_KeyError, args[0]);
  }
  return dict_del_hashed(SELF, args[0], h) < 0 ? VNULL : v;
}

static Value m_popitem(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("popitem", nargs, kw, 0, 0)) return VNULL;
  Dict *d = SELF;
  if (d->used == 0) return err_format(Exc_KeyError, "popitem(): dictionary is empty");
  int64_t i = d->nentries - 1;
  while (!d->entries[i].key) i--;
  DictEntry e = d->entries[i];
  Value r = tuple_pack(2, e.key, e.value);
  if (dict_del_hashed(d, e.key, e.hash) < 0) return VNULL;
  d->nentries = i; /* the next insertion reuses the slot, as CPython's popitem does */
  return r;
}

static Value m_keys(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("keys", nargs, kw, 0, 0)) return VNULL;
  return view_new(SELF, VIEW_KEYS);
}

static Value m_values(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("values", nargs, kw, 0, 0)) return VNULL;
  return view_new(SELF, VIEW_VALUES);
}

static Value m_items(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("items", nargs, kw, 0, 0)) return VNULL;
  return view_new(SELF, VIEW_ITEMS);
}

static Value m_update(Value self, Value *args, int nargs, Tuple *kw) {
  int npos = nargs - (kw ? (int)kw->len : 0);
  if (npos > 1) return err_format(Exc_TypeError, "update expected at most 1 argument, got %d", npos);
  if (npos == 1 && !update_from(SELF, args[0])) return VNULL;
  return update_kwargs(SELF, args, nargs, kw) ? V_NONE : VNULL;
}

static Value m_clear(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("clear", nargs, kw, 0, 0)) return VNULL;
  dict_clear(SELF);
  return V_NONE;
}

static Value m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("copy", nargs, kw, 0, 0)) return VNULL;
  return OBJ_V(dict_copy(SELF));
}

static Value m_reversed(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__reversed__", nargs, kw, 0, 0)) return VNULL;
  return dictiter_new(SELF, VIEW_KEYS, true);
}

/* cls.fromkeys for a subclass (or any class): like CPython, build cls() and store each key
   through its __setitem__, so subclasses with their own layout or hooks work. */
static Value fromkeys_generic(Value cls, Value src, Value value) {
  GC_ROOT_SCOPE;
  gc_root(&src);
  gc_root(&value);
  Value d = obj_call0(cls);
  if (!d) return VNULL;
  gc_root(&d);
  Value it = obj_iter(src);
  if (!it) return VNULL;
  gc_root(&it);
  Value x;
  while ((x = obj_next(it)))
    if (!obj_setitem(d, x, value)) return VNULL;
  return err_occurred() ? VNULL : d;
}

/* dict.fromkeys(iterable, value=None): a classmethod, so args[0] is the class it was called on
   (a dict subclass gets an instance of itself). */
static Value m_fromkeys(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!args_check("fromkeys", nargs - 1, kw, 1, 2)) return VNULL;
  Value cls = args[0];
  args++;
  nargs--;
  Value value = nargs > 1 ? args[1] : V_NONE;
  if (cls != OBJ_V(&Type_dict)) return fromkeys_generic(cls, args[0], value);
  Type *t = &Type_dict;
  int mark = gc_root_mark();
  Dict *d = dict_new_type(t);
  Value it = VNULL, x = VNULL;
  gc_root((Value *)&d);
  gc_root(&it);
  gc_root(&x);
  bool ok = true;
  Value src = args[0];
  if (IS_DICT(src)) {
    Dict *o = V_AS(Dict, src);
    int64_t pos = 0;
    while (ok && dict_next(o, &pos, &x, NULL)) ok = dict_set_hashed(d, x, o->entries[pos - 1].hash, value);
  } else if (v_is(src, &Type_set) || v_is(src, &Type_frozenset)) {
    int64_t pos = 0, h;
    while (ok && set_next_entry(V_AS(Set, src), &pos, &x, &h)) ok = dict_set_hashed(d, x, h, value);
  } else {
    it = obj_iter(src);
    ok = it != VNULL;
    while (ok && (x = obj_next(it))) ok = dict_set(d, x, value);
    if (err_occurred()) ok = false;
  }
  gc_root_restore(mark);
  return ok ? OBJ_V(d) : VNULL;
}

#undef SELF

static const MethodDef dict_methods[] = {
  {"get", m_get, "Return the value for key if key is in the dictionary, else default."},
  {"setdefault", m_setdefault, "Insert key with a value of default if key is not in the dictionary."},
  {"pop", m_pop, "Remove specified key and return the corresponding value."},
  {"popitem", m_popitem, "Remove and return a (key, value) pair as a 2-tuple."},
  {"keys", m_keys, "D.keys() -> a set-like object providing a view on D's keys"},
  {"values", m_values, "D.values() -> an object providing a view on D's values"},
  {"items", m_items, "D.items() -> a set-like object providing a view on D's items"},
  {"update", m_update, "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
  {"clear", m_clear, "D.clear() -> None.  Remove all items from D."},
  {"copy", m_copy, "D.copy() -> a shallow copy of D"},
  {"__reversed__", m_reversed, "Return a reverse iterator over the dict keys."},
  {NULL, NULL, NULL},
};

static const MethodDef setview_methods[] = {
  {"isdisjoint", view_isdisjoint, "Return True if the view and the given iterable have a null intersection."},
  {"__reversed__", view_reversed, "Return a reverse iterator over the dict keys."},
  {NULL, NULL, NULL},
};

static const MethodDef values_methods[] = {
  {"__reversed__", view_reversed, "Return a reverse iterator over the dict values."},
  {NULL, NULL, NULL},
};

void dict_methods_init(void) {
  Type *t = &Type_dict;
  t->repr = dict_repr;
  t->richcompare = dict_richcompare;
  t->iter = dict_iter;
  t->len = dict_len;
  t->contains = dict_contains;
  t->getitem = dict_getitem;
  t->setitem = dict_setitem;
  t->binop = dict_binop;
  t->new = dict_new_slot;
  type_add_methods(t, dict_methods);
  Builtin *fk = V_AS(Builtin, builtin_new("fromkeys", m_fromkeys, VNULL));
  fk->doc = "Create a new dictionary with keys from iterable and values set to value.";
  ClassMethod *cm = (ClassMethod *)gc_alloc(&Type_classmethod, sizeof(ClassMethod));
  cm->func = OBJ_V(fk);
  type_set_attr_cstr(&Type_dict, "fromkeys", OBJ_V(cm));

  for (int k = 0; k < 3; k++) {
    Type *vt = view_types[k];
    vt->traverse = view_traverse;
    vt->len = view_len;
    vt->iter = view_iter;
    vt->repr = view_repr;
    if (k != VIEW_VALUES) {
      vt->contains = view_contains;
      vt->richcompare = view_richcompare;
      vt->binop = view_binop;
      type_add_methods(vt, setview_methods);
    } else {
      type_add_methods(vt, values_methods);
    }
    Type *it = iter_types[k];
    it->traverse = dictiter_traverse;
    it->iter = iter_self;
    it->next = dictiter_next;
    if (k == VIEW_ITEMS) it->next2 = dictitems_next2;
  }
}
