/* _collectionsmodule.c: the C half of collections: deque, the dict subtypes defaultdict,
 * OrderedDict and Counter, and the namedtuple class factory. lib/collections/__init__.py
 * adds the parts that are plain logic (Counter's arithmetic, most_common, ...).
 *
 * The dict subtypes are static types whose instances start with a Dict (so every dict slot and
 * method works on them) and whose base is dict (so isinstance(x, dict) holds). Their objects are
 * made by building a plain dict and moving its tables into an object of the subtype
 * (dict_adopt). Counter's Python methods are attached to its type; its repr, comparison and
 * operator slots call them by name (py_dunder).
 *
 * A namedtuple class is a Type made at run time whose instances are tuples in layout: tuple's
 * slots, plus one property per field reading its index, and a new that takes the fields by
 * position or keyword with CPython's messages.
 *
 * A deque is a ring buffer of Values: head is the slot of the leftmost item, len the count.
 * Iterators fail with CPython's RuntimeError when the deque was mutated under them (state).
 */
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "containers.h"
#include "dictobject.h"
#include "errors.h"
#include "import.h"
#include "interp.h"
#include "intobject.h"
#include "strobject.h"
#include "typeobject.h"

#define DEQUE_MIN_CAP 8

/* -- Shared helpers -------------------------------------------------------------------------- */
static int npos_of(int nargs, Tuple *kw) { return nargs - (kw ? (int)kw->len : 0); }


/* Calls type(self).<name>(self, args...) when the type defines it; *found says whether it did. */
static Value py_dunder(Value self, const char *name, Value *args, int nargs, bool *found) {
  Value f = type_lookup(v_type(self), str_intern_cstr(name));
  *found = f != VNULL;
  if (!f) return VNULL;
  Value argv[3] = {self, VNULL, VNULL};
  for (int i = 0; i < nargs && i < 2; i++) argv[i + 1] = args[i];
  return obj_call(f, argv, nargs + 1, NULL);
}

/* -- Dict subtypes --------------------------------------------------------------------------- */
typedef struct DefaultDict { Dict d; Value factory; } DefaultDict;

/* An empty object of dict subtype t (size bytes) holding src's tables; src is left empty. */
static Dict *dict_adopt(Type *t, size_t size, Dict *src) {
  Dict *d = (Dict *)gc_alloc(t, size);
  memcpy((char *)d + sizeof(Obj), (char *)src + sizeof(Obj), sizeof(Dict) - sizeof(Obj));
  src->index = NULL;
  src->entries = NULL;
  src->used = src->nentries = src->cap = 0;
  return d;
}

static size_t dict_size_of(Type *t) { return t == &Type_defaultdict ? sizeof(DefaultDict) : sizeof(Dict); }

static void defaultdict_traverse(Obj *o, VisitFn visit) {
  Type_dict.traverse(o, visit);
  visit(&((DefaultDict *)o)->factory);
}

/* a == b for two dicts (any subtype): same keys, equal values. */
static int dicts_equal(Dict *a, Dict *b) {
  GC_ROOT_SCOPE;
  if (a->used != b->used) return 0;
  Value k = VNULL, v = VNULL, ov = VNULL;
  gc_root(&k);
  gc_root(&v);
  gc_root(&ov);
  int64_t pos = 0;
  while (dict_next(a, &pos, &k, &v)) {
    ov = dict_get_hashed(b, k, a->entries[pos - 1].hash);
    if (!ov) return err_occurred() ? -1 : 0;
    int r = obj_eq(v, ov);
    if (r <= 0) return r;
  }
  return 1;
}

/* Both OrderedDicts: the keys must also come in the same order. */
static int keys_in_same_order(Dict *a, Dict *b) {
  GC_ROOT_SCOPE;
  Value ka = VNULL, kb = VNULL;
  gc_root(&ka);
  gc_root(&kb);
  int64_t pa = 0, pb = 0;
  while (dict_next(a, &pa, &ka, NULL)) {
    if (!dict_next(b, &pb, &kb, NULL)) return 0;
    int r = obj_eq(ka, kb);
    if (r <= 0) return r;
  }
  return 1;
}

static Value subdict_richcompare(Value a, Value b, int op) {
  if (!v_isinstance(a, &Type_dict) || !v_isinstance(b, &Type_dict) || (op != CMP_EQ && op != CMP_NE))
    return V_NOTIMPL;
  int r = dicts_equal(V_AS(Dict, a), V_AS(Dict, b));
  if (r > 0 && v_is(a, &Type_OrderedDict) && v_is(b, &Type_OrderedDict))
    r = keys_in_same_order(V_AS(Dict, a), V_AS(Dict, b));
  if (r < 0) return VNULL;
  return v_bool(op == CMP_EQ ? r : !r);
}

/* dict(*args, **kw)'s work on an existing subtype object, through dict.update. */
static bool dict_fill(Value d, Value *args, int nargs, Tuple *kw) {
  if (nargs == 0) return true;
  Value upd = type_lookup(&Type_dict, str_intern_cstr("update"));
  Value *argv = malloc(sizeof(Value) * (size_t)(nargs + 1));
  if (!argv) { err_no_memory(); return false; }
  argv[0] = d;
  memcpy(argv + 1, args, sizeof(Value) * (size_t)nargs);
  Value r = obj_call(upd, argv, nargs + 1, kw);
  free(argv);
  return r != VNULL;
}

static Value copy_as(Value self) {
  Type *t = v_type(self);
  Dict *d = dict_adopt(t, dict_size_of(t), dict_copy(V_AS(Dict, self)));
  if (t == &Type_defaultdict) ((DefaultDict *)d)->factory = ((DefaultDict *)V_OBJ(self))->factory;
  return OBJ_V(d);
}

static Value m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("copy", nargs, kw, 0, 0)) return VNULL;
  return copy_as(self);
}

/* -- defaultdict -- */
/* Functions, builtins and bound methods are called by obj_call directly, not through a slot. */
static bool is_callable(Value v) {
  Type *t = v_type(v);
  if (t == &Type_function || t == &Type_builtin || t == &Type_method || t->call) return true;
  return type_is_subtype(t, &Type_type) || type_lookup(t, N.__call__) != VNULL;
}

static Value defaultdict_new(Type *t, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  Value factory = V_NONE;
  if (npos_of(nargs, kw) > 0) {
    factory = args[0];
    if (factory != V_NONE && !is_callable(factory))
      return err_format(Exc_TypeError, "first argument must be callable or None");
    args++;
    nargs--;
  }
  Value d = OBJ_V(dict_adopt(t, sizeof(DefaultDict), dict_new()));
  ((DefaultDict *)V_OBJ(d))->factory = factory;
  gc_root(&d);
  return dict_fill(d, args, nargs, kw) ? d : VNULL;
}

static Value defaultdict_missing(Value self, Value key) {
  GC_ROOT_SCOPE;
  Value f = ((DefaultDict *)V_OBJ(self))->factory;
  if (f == V_NONE) return err_set_value(Exc_KeyError, key);
  gc_root(&key);
  Value v = obj_call0(f);
  if (!v) return VNULL;
  gc_root(&v);
  return obj_setitem(self, key, v) ? v : VNULL;
}

static Value defaultdict_getitem(Value self, Value key) {
  Value v = dict_get(V_AS(Dict, self), key);
  if (v || err_occurred()) return v;
  return defaultdict_missing(self, key);
}

static Value dd_missing_method(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("defaultdict.__missing__", nargs, kw, 1, 1)) return VNULL;
  return defaultdict_missing(self, args[0]);
}

static Value defaultdict_repr(Value self) {
  GC_ROOT_SCOPE;
  Value f = ((DefaultDict *)V_OBJ(self))->factory, fr = VNULL, dr = VNULL;
  gc_root(&fr);
  fr = f == V_NONE ? str_from_cstr("None") : obj_repr(f);
  if (fr) dr = Type_dict.repr(self);
  if (!dr) return VNULL;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, "defaultdict(");
  sb_putstr(&b, fr);
  sb_puts(&b, ", ");
  sb_putstr(&b, dr);
  sb_putc(&b, ')');
  return sb_finish(&b);
}

static Value defaultdict_getattr(Value self, Str *name) {
  if (str_eq(name, V_AS(Str, str_from_cstr("default_factory")))) return ((DefaultDict *)V_OBJ(self))->factory;
  return type_generic_getattr(self, name);
}

static bool defaultdict_setattr(Value self, Str *name, Value v) {
  if (str_eq(name, V_AS(Str, str_from_cstr("default_factory")))) {
    ((DefaultDict *)V_OBJ(self))->factory = v ? v : V_NONE;
    gc_wb(V_OBJ(self));
    return true;
  }
  return type_generic_setattr(self, name, v);
}

static const MethodDef defaultdict_methods[] = {
  {"__missing__", dd_missing_method, "__missing__(key) # Called by __getitem__ for missing key."},
  {"copy", m_copy, "D.copy() -> a shallow copy of D."},
  {NULL, NULL, NULL},
};

/* -- OrderedDict -- */
static Value od_new(Type *t, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (npos_of(nargs, kw) > 1)
    return err_format(Exc_TypeError, "expected at most 1 arguments, got %d", npos_of(nargs, kw));
  Value d = OBJ_V(dict_adopt(t, sizeof(Dict), dict_new()));
  gc_root(&d);
  return dict_fill(d, args, nargs, kw) ? d : VNULL;
}

static bool parse_last(const char *fname, Value *args, int nargs, Tuple *kw, int nreq, Value *key, bool *last) {
  static const char *const names1[] = {"last"};
  static const char *const names2[] = {"key", "last"};
  Value a[2] = {VNULL, VNULL};
  if (!args_parse(fname, args, nargs, kw, nreq ? names2 : names1, nreq, nreq + 1, a)) return false;
  if (nreq) *key = a[0];
  Value l = a[nreq];
  int t = l ? obj_truthy(l) : 1;
  if (t < 0) return false;
  *last = t;
  return true;
}

static Value od_move_to_end(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  Value key = VNULL, v = VNULL, k = VNULL, x = VNULL;
  bool last;
  if (!parse_last("move_to_end", args, nargs, kw, 1, &key, &last)) return VNULL;
  Dict *d = V_AS(Dict, self);
  v = dict_get(d, key);
  if (!v) return err_occurred() ? VNULL : err_set_value(Exc_KeyError, key);
  gc_root(&v);
  gc_root(&k);
  gc_root(&x);
  if (dict_del(d, key) < 0) return VNULL;
  if (last) return dict_set(d, key, v) ? V_NONE : VNULL;
  /* To the front: reinsert every other entry after key. */
  Dict *rest = dict_copy(d);
  x = OBJ_V(rest);
  dict_clear(d);
  if (!dict_set(d, key, v)) return VNULL;
  int64_t pos = 0;
  Value val;
  while (dict_next(rest, &pos, &k, &val))
    if (!dict_set_hashed(d, k, rest->entries[pos - 1].hash, val)) return VNULL;
  return V_NONE;
}

static Value od_popitem(Value self, Value *args, int nargs, Tuple *kw) {
  bool last;
  if (!parse_last("popitem", args, nargs, kw, 0, NULL, &last)) return VNULL;
  Dict *d = V_AS(Dict, self);
  if (d->used == 0) return err_format(Exc_KeyError, "dictionary is empty");
  int64_t i = last ? d->nentries - 1 : 0;
  while (d->entries[i].key == VNULL) i += last ? -1 : 1;
  DictEntry e = d->entries[i];
  Value r = tuple_pack(2, e.key, e.value);
  if (dict_del_hashed(d, e.key, e.hash) < 0) return VNULL;
  return r;
}

static const MethodDef od_methods[] = {
  {"move_to_end", od_move_to_end, "Move an existing element to the end (or beginning if last is false)."},
  {"popitem", od_popitem, "Remove and return a (key, value) pair from the dictionary."},
  {"copy", m_copy, "od.copy() -> a shallow copy of od"},
  {NULL, NULL, NULL},
};

/* -- Counter (most methods in lib/collections) -- */
static Value counter_new(Type *t, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (npos_of(nargs, kw) > 1)
    return err_format(Exc_TypeError, "expected at most 1 arguments, got %d", npos_of(nargs, kw));
  Value d = OBJ_V(dict_adopt(t, sizeof(Dict), dict_new()));
  gc_root(&d);
  if (nargs == 0) return d;
  Value upd = type_lookup(t, str_intern_cstr("update"));
  if (!upd) return err_format(Exc_TypeError, "Counter.update is missing");
  Value *argv = malloc(sizeof(Value) * (size_t)(nargs + 1));
  if (!argv) return err_no_memory();
  argv[0] = d;
  memcpy(argv + 1, args, sizeof(Value) * (size_t)nargs);
  Value r = obj_call(upd, argv, nargs + 1, kw);
  free(argv);
  return r ? d : VNULL;
}

static Value counter_getitem(Value self, Value key) {
  Value v = dict_get(V_AS(Dict, self), key);
  if (v || err_occurred()) return v;
  return v_from_int(0);
}

static bool counter_setitem(Value self, Value key, Value v) {
  if (v) return dict_set(V_AS(Dict, self), key, v);
  return dict_del(V_AS(Dict, self), key) >= 0; /* del c[missing] is no error */
}

static Value counter_repr(Value self) {
  bool found;
  Value r = py_dunder(self, "__repr__", NULL, 0, &found);
  return found ? r : Type_dict.repr(self);
}

static Value counter_richcompare(Value a, Value b, int op) {
  static const char *const names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
  if (!v_is(a, &Type_Counter)) return subdict_richcompare(a, b, op);
  bool found;
  Value r = py_dunder(a, names[op], &b, 1, &found);
  return found ? r : subdict_richcompare(a, b, op);
}

static Value counter_binop(int op, Value a, Value b) {
  const char *name = NULL;
  bool inplace = op >= BINOP__COUNT;
  switch (inplace ? op - BINOP__COUNT : op) {
    case OP_Add: name = inplace ? "__iadd__" : "__add__"; break;
    case OP_Sub: name = inplace ? "__isub__" : "__sub__"; break;
    case OP_BitOr: name = inplace ? "__ior__" : "__or__"; break;
    case OP_BitAnd: name = inplace ? "__iand__" : "__and__"; break;
    default: return V_NOTIMPL;
  }
  if (!v_is(a, &Type_Counter)) return V_NOTIMPL;
  bool found;
  Value r = py_dunder(a, name, &b, 1, &found);
  return found ? r : V_NOTIMPL;
}

static Value counter_unary(int op, Value a) {
  bool found;
  const char *name = op == OP_USub ? "__neg__" : op == OP_UAdd ? "__pos__" : NULL;
  if (!name) return err_format(Exc_TypeError, "bad operand type for unary ~: 'Counter'");
  Value r = py_dunder(a, name, NULL, 0, &found);
  return found ? r : err_format(Exc_TypeError, "bad operand type for unary %s: 'Counter'", op == OP_USub ? "-" : "+");
}

static const MethodDef counter_methods[] = {
  {"copy", m_copy, "Return a shallow copy."},
  {NULL, NULL, NULL},
};

/* -- deque ------------------------------------------------------------------------------------- */
typedef struct Deque {
  Obj h;
  Value *items;    /* malloc'd ring of cap slots */
  int64_t cap, head, len;
  int64_t maxlen;  /* -1: unbounded */
  uint64_t state;  /* bumped by every mutation, checked by iterators */
} Deque;
typedef struct DequeIter { Obj h; Deque *d; int64_t index; uint64_t state; bool reverse; } DequeIter;

#define DQ(v) V_AS(Deque, (v))
static Value *dq_at(Deque *d, int64_t i) { return &d->items[(d->head + i) % d->cap]; }

static void deque_traverse(Obj *o, VisitFn visit) {
  Deque *d = (Deque *)o;
  for (int64_t i = 0; i < d->len; i++) visit(dq_at(d, i));
}

static void deque_finalize(Obj *o) { free(((Deque *)o)->items); }

static bool dq_grow(Deque *d) {
  if (d->len < d->cap) return true;
  int64_t ncap = d->cap ? d->cap * 2 : DEQUE_MIN_CAP;
  Value *n = malloc(sizeof(Value) * (size_t)ncap);
  if (!n) { err_no_memory(); return false; }
  for (int64_t i = 0; i < d->len; i++) n[i] = *dq_at(d, i);
  free(d->items);
  d->items = n;
  d->cap = ncap;
  d->head = 0;
  return true;
}

static Value dq_popleft_raw(Deque *d) {
  Value v = d->items[d->head];
  d->head = (d->head + 1) % d->cap;
  d->len--;
  d->state++;
  return v;
}

static Value dq_pop_raw(Deque *d) {
  Value v = *dq_at(d, d->len - 1);
  d->len--;
  d->state++;
  return v;
}

static bool dq_append(Deque *d, Value v) {
  if (d->maxlen == 0) return true;
  if (d->len == d->maxlen) dq_popleft_raw(d);
  if (!dq_grow(d)) return false;
  *dq_at(d, d->len) = v;
  d->len++;
  d->state++;
  gc_wb(&d->h);
  return true;
}

static bool dq_appendleft(Deque *d, Value v) {
  if (d->maxlen == 0) return true;
  if (d->len == d->maxlen) dq_pop_raw(d);
  if (!dq_grow(d)) return false;
  d->head = (d->head - 1 + d->cap) % d->cap;
  d->items[d->head] = v;
  d->len++;
  d->state++;
  gc_wb(&d->h);
  return true;
}

static bool dq_extend(Deque *d, Value iterable, bool left) {
  GC_ROOT_SCOPE;
  if (OBJ_V(d) == iterable) {
    List *l = list_from_iterable(iterable);
    if (!l) return false;
    iterable = OBJ_V(l);
  }
  Value it = obj_iter(iterable), x = VNULL;
  if (!it) return false;
  gc_root(&it);
  gc_root(&x);
  while ((x = obj_next(it)))
    if (!(left ? dq_appendleft(d, x) : dq_append(d, x))) return false;
  return !err_occurred();
}

/* deque(iterable=(), maxlen=None)'s arguments into an empty d: its maxlen, then the items. */
static bool dq_fill(Value d, Value *args, int nargs, Tuple *kw) {
  static const char *const names[] = {"iterable", "maxlen"};
  Value a[2] = {VNULL, VNULL};
  if (!args_parse("deque", args, nargs, kw, names, 0, 2, a)) return false;
  int64_t maxlen = -1;
  if (a[1] && a[1] != V_NONE) {
    if (!v_isinstance(a[1], &Type_int)) { err_format(Exc_TypeError, "an integer is required"); return false; }
    if (!index_of(a[1], &maxlen)) return false;
    if (maxlen < 0) { err_format(Exc_ValueError, "maxlen must be non-negative"); return false; }
  }
  DQ(d)->maxlen = maxlen;
  return !a[0] || dq_extend(DQ(d), a[0], false);
}

static Value deque_new(Type *t, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  Value d = OBJ_V(gc_alloc(t, sizeof(Deque)));
  gc_root(&d);
  DQ(d)->maxlen = -1;
  return dq_fill(d, args, nargs, kw) ? d : VNULL;
}

/* d.__init__(...) on an existing deque starts it again (deque() itself fills it in new). */
static Value dq_m_init(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  gc_root(&self);
  DQ(self)->len = 0;
  DQ(self)->head = 0;
  DQ(self)->state++;
  return dq_fill(self, args, nargs, kw) ? V_NONE : VNULL;
}

static bool dq_index(Deque *d, Value k, int64_t *out) {
  if (!ctr_has_index(k)) {
    err_format(Exc_TypeError, "sequence index must be integer, not '%s'", type_name(v_type(k)));
    return false;
  }
  if (!ctr_index(k, d->len, out)) return false;
  if (*out < 0 || *out >= d->len) {
    err_format(Exc_IndexError, "deque index out of range");
    return false;
  }
  return true;
}

static Value deque_getitem(Value self, Value k) {
  int64_t i;
  return dq_index(DQ(self), k, &i) ? *dq_at(DQ(self), i) : VNULL;
}

static void dq_delete_at(Deque *d, int64_t i) {
  for (int64_t j = i; j < d->len - 1; j++) *dq_at(d, j) = *dq_at(d, j + 1);
  d->len--;
  d->state++;
}

static bool deque_setitem(Value self, Value k, Value v) {
  int64_t i;
  if (!dq_index(DQ(self), k, &i)) return false;
  if (!v) {
    dq_delete_at(DQ(self), i);
    return true;
  }
  *dq_at(DQ(self), i) = v;
  gc_wb(V_OBJ(self));
  return true;
}

static Value dq_m_delitem(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__delitem__", nargs, kw, 1, 1)) return VNULL;
  return deque_setitem(self, args[0], VNULL) ? V_NONE : VNULL;
}

static int64_t deque_len(Value self) { return DQ(self)->len; }

static int deque_contains(Value self, Value v) {
  Deque *d = DQ(self);
  uint64_t state = d->state;
  for (int64_t i = 0; i < d->len; i++) {
    int r = obj_eq(*dq_at(d, i), v);
    if (d->state != state) {
      err_format(Exc_RuntimeError, "deque mutated during iteration");
      return -1;
    }
    if (r != 0) return r;
  }
  return 0;
}

static Value deque_repr(Value self) {
  GC_ROOT_SCOPE;
  Deque *d = DQ(self);
  if (repr_enter(self)) return str_from_cstr("[...]");
  List *l = list_new(d->len);
  for (int64_t i = 0; i < d->len; i++) list_append(l, *dq_at(d, i));
  Value lv = OBJ_V(l);
  gc_root(&lv);
  Value r = obj_repr(lv);
  repr_leave(self);
  if (!r) return VNULL;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, "deque(");
  sb_putstr(&b, r);
  if (d->maxlen >= 0) {
    char buf[40];
    snprintf(buf, sizeof buf, ", maxlen=%lld", (long long)d->maxlen);
    sb_puts(&b, buf);
  }
  sb_putc(&b, ')');
  return sb_finish(&b);
}

static Value deque_as_list(Value self) {
  Deque *d = DQ(self);
  List *l = list_new(d->len);
  for (int64_t i = 0; i < d->len; i++) list_append(l, *dq_at(d, i));
  return OBJ_V(l);
}

static Value deque_richcompare(Value a, Value b, int op) {
  GC_ROOT_SCOPE;
  if (!v_is(a, &Type_deque) || !v_is(b, &Type_deque)) return V_NOTIMPL;
  Value la = deque_as_list(a), lb = VNULL;
  gc_root(&la);
  lb = deque_as_list(b);
  return obj_richcompare(la, lb, op);
}

/* d * n and n * d: a new deque (keeping the last maxlen items); d *= n: in place. */
static Value dq_repeat(Value d, Value n, bool in_place) {
  GC_ROOT_SCOPE;
  int64_t times;
  if (!v_isinstance(n, &Type_int)) { /* a class's __rmul__ may take it; else a sequence's error */
    if (v_type(n)->flags & TPF_HEAPTYPE) return V_NOTIMPL;
    return err_format(Exc_TypeError, "can't multiply sequence by non-int of type '%s'", type_name(v_type(n)));
  }
  if (!index_of(n, &times)) return VNULL;
  Value src = deque_as_list(d), r = d;
  gc_root(&src);
  gc_root(&r);
  if (!in_place) {
    r = OBJ_V(gc_alloc(&Type_deque, sizeof(Deque)));
    DQ(r)->maxlen = DQ(d)->maxlen;
  } else {
    DQ(r)->len = 0;
    DQ(r)->head = 0;
    DQ(r)->state++;
  }
  for (int64_t k = 0; k < times; k++)
    if (!dq_extend(DQ(r), src, false)) return VNULL;
  return r;
}

static Value deque_binop(int op, Value a, Value b) {
  GC_ROOT_SCOPE;
  if (op == OP_Mult && v_is(a, &Type_deque)) return dq_repeat(a, b, false);
  if (op == OP_Mult && v_is(b, &Type_deque)) return dq_repeat(b, a, false);
  if (op == OP_Mult + BINOP__COUNT && v_is(a, &Type_deque)) return dq_repeat(a, b, true);
  if (op == OP_Add + BINOP__COUNT && v_is(a, &Type_deque)) {
    return dq_extend(DQ(a), b, false) ? a : VNULL;
  }
  if (op == OP_Add) {
    if (!v_is(a, &Type_deque) || !v_is(b, &Type_deque)) return V_NOTIMPL;
    Deque *r = (Deque *)gc_alloc(&Type_deque, sizeof(Deque));
    r->maxlen = DQ(a)->maxlen;
    Value rv = OBJ_V(r);
    gc_root(&rv);
    return dq_extend(r, a, false) && dq_extend(r, b, false) ? rv : VNULL;
  }
  return V_NOTIMPL;
}

/* -- deque iterators -- */
static void dequeiter_traverse(Obj *o, VisitFn visit) { visit((Value *)&((DequeIter *)o)->d); }

static Value dequeiter_new(Deque *d, bool reverse) {
  DequeIter *it = (DequeIter *)gc_alloc(&Type_deque_iterator, sizeof(DequeIter));
  it->d = d;
  it->state = d->state;
  it->reverse = reverse;
  it->index = reverse ? d->len - 1 : 0;
  return OBJ_V(it);
}

static Value deque_iter(Value self) { return dequeiter_new(DQ(self), false); }
static Value iter_self(Value v) { return v; }

static Value dequeiter_next(Value v) {
  DequeIter *it = V_AS(DequeIter, v);
  Deque *d = it->d;
  if (!d) return VNULL;
  if (d->state != it->state) {
    it->d = NULL;
    return err_format(Exc_RuntimeError, "deque mutated during iteration");
  }
  if (it->index < 0 || it->index >= d->len) {
    it->d = NULL;
    return VNULL;
  }
  Value r = *dq_at(d, it->index);
  it->index += it->reverse ? -1 : 1;
  return r;
}

/* -- deque methods -- */
#define SELF DQ(self)

static Value dq_m_append(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("append", nargs, kw, 1, 1)) return VNULL;
  return dq_append(SELF, args[0]) ? V_NONE : VNULL;
}

static Value dq_m_appendleft(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("appendleft", nargs, kw, 1, 1)) return VNULL;
  return dq_appendleft(SELF, args[0]) ? V_NONE : VNULL;
}

static Value dq_m_pop(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("pop", nargs, kw, 0, 0)) return VNULL;
  if (SELF->len == 0) return err_format(Exc_IndexError, "pop from an empty deque");
  return dq_pop_raw(SELF);
}

static Value dq_m_popleft(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("popleft", nargs, kw, 0, 0)) return VNULL;
  if (SELF->len == 0) return err_format(Exc_IndexError, "pop from an empty deque");
  return dq_popleft_raw(SELF);
}

static Value dq_m_extend(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("extend", nargs, kw, 1, 1)) return VNULL;
  return dq_extend(SELF, args[0], false) ? V_NONE : VNULL;
}

static Value dq_m_extendleft(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("extendleft", nargs, kw, 1, 1)) return VNULL;
  return dq_extend(SELF, args[0], true) ? V_NONE : VNULL;
}

static Value dq_m_rotate(Value self, Value *args, int nargs, Tuple *kw) {
  int64_t n = 1;
  if (!args_check("rotate", nargs, kw, 0, 1)) return VNULL;
  if (nargs && !index_of(args[0], &n)) return VNULL;
  Deque *d = SELF;
  if (d->len <= 1) return V_NONE;
  n %= d->len;
  if (n < 0) n += d->len;
  /* Rotating right by n moves the last n items to the front. */
  for (int64_t i = 0; i < n; i++) {
    Value v = dq_pop_raw(d);
    d->head = (d->head - 1 + d->cap) % d->cap;
    d->items[d->head] = v;
    d->len++;
  }
  d->state++;
  return V_NONE;
}

static Value dq_m_clear(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("clear", nargs, kw, 0, 0)) return VNULL;
  SELF->len = 0;
  SELF->head = 0;
  SELF->state++;
  return V_NONE;
}

static Value dq_m_count(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("count", nargs, kw, 1, 1)) return VNULL;
  Deque *d = SELF;
  uint64_t state = d->state;
  int64_t n = 0;
  for (int64_t i = 0; i < d->len; i++) {
    int r = obj_eq(*dq_at(d, i), args[0]);
    if (r < 0) return VNULL;
    if (d->state != state) return err_format(Exc_RuntimeError, "deque mutated during iteration");
    n += r;
  }
  return v_from_int(n);
}

static Value dq_m_index(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("index", nargs, kw, 1, 3)) return VNULL;
  Deque *d = SELF;
  int64_t start = 0, stop = d->len;
  if (nargs > 1 && !ctr_index(args[1], d->len, &start)) return VNULL;
  if (nargs > 2 && !ctr_index(args[2], d->len, &stop)) return VNULL;
  if (start < 0) start = 0;
  if (stop > d->len) stop = d->len;
  for (int64_t i = start; i < stop && i < d->len; i++) {
    int r = obj_eq(*dq_at(d, i), args[0]);
    if (r < 0) return VNULL;
    if (r) return v_from_int(i);
  }
  return err_format(Exc_ValueError, "deque.index(x): x not in deque");
}

static Value dq_m_remove(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("remove", nargs, kw, 1, 1)) return VNULL;
  Deque *d = SELF;
  for (int64_t i = 0; i < d->len; i++) {
    int r = obj_eq(*dq_at(d, i), args[0]);
    if (r < 0) return VNULL;
    if (r) {
      dq_delete_at(d, i);
      return V_NONE;
    }
  }
  return err_format(Exc_ValueError, "deque.remove(x): x not in deque");
}

static Value dq_m_insert(Value self, Value *args, int nargs, Tuple *kw) {
  int64_t i;
  if (!args_check("insert", nargs, kw, 2, 2) || !index_of(args[0], &i)) return VNULL;
  Deque *d = SELF;
  if (d->maxlen >= 0 && d->len >= d->maxlen) return err_format(Exc_IndexError, "deque already at its maximum size");
  if (i < 0) i += d->len;
  if (i < 0) i = 0;
  if (i > d->len) i = d->len;
  if (!dq_append(d, args[1])) return VNULL;
  for (int64_t j = d->len - 1; j > i; j--) *dq_at(d, j) = *dq_at(d, j - 1);
  *dq_at(d, i) = args[1];
  return V_NONE;
}

static Value dq_m_reverse(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("reverse", nargs, kw, 0, 0)) return VNULL;
  Deque *d = SELF;
  for (int64_t i = 0, j = d->len - 1; i < j; i++, j--) {
    Value t = *dq_at(d, i);
    *dq_at(d, i) = *dq_at(d, j);
    *dq_at(d, j) = t;
  }
  d->state++;
  return V_NONE;
}

static Value dq_m_copy(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)args;
  if (!args_check("copy", nargs, kw, 0, 0)) return VNULL;
  Deque *r = (Deque *)gc_alloc(&Type_deque, sizeof(Deque));
  r->maxlen = SELF->maxlen;
  Value rv = OBJ_V(r);
  gc_root(&rv);
  for (int64_t i = 0; i < SELF->len; i++)
    if (!dq_append(r, *dq_at(SELF, i))) return VNULL;
  return rv;
}

static Value dq_m_reversed(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__reversed__", nargs, kw, 0, 0)) return VNULL;
  return dequeiter_new(SELF, true);
}

#undef SELF

static Value deque_getattr(Value self, Str *name) {
  if (name->len == 6 && memcmp(name->data, "maxlen", 6) == 0)
    return DQ(self)->maxlen < 0 ? V_NONE : v_from_int(DQ(self)->maxlen);
  return type_generic_getattr(self, name);
}

static const MethodDef deque_methods[] = {
  {"append", dq_m_append, "Add an element to the right side of the deque."},
  {"appendleft", dq_m_appendleft, "Add an element to the left side of the deque."},
  {"pop", dq_m_pop, "Remove and return the rightmost element."},
  {"popleft", dq_m_popleft, "Remove and return the leftmost element."},
  {"extend", dq_m_extend, "Extend the right side of the deque with elements from the iterable"},
  {"extendleft", dq_m_extendleft, "Extend the left side of the deque with elements from the iterable"},
  {"rotate", dq_m_rotate, "Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."},
  {"clear", dq_m_clear, "Remove all elements from the deque."},
  {"count", dq_m_count, "D.count(value) -- return number of occurrences of value"},
  {"index", dq_m_index, "D.index(value, [start, [stop]]) -- return first index of value."},
  {"remove", dq_m_remove, "D.remove(value) -- remove first occurrence of value."},
  {"insert", dq_m_insert, "D.insert(index, object) -- insert object before index"},
  {"reverse", dq_m_reverse, "D.reverse() -- reverse *IN PLACE*"},
  {"copy", dq_m_copy, "Return a shallow copy of a deque."},
  {"__copy__", dq_m_copy, "Return a shallow copy of a deque."},
  {"__init__", dq_m_init, "Initialize self.  See help(type(self)) for accurate signature."},
  {"__delitem__", dq_m_delitem, "Delete self[key]."},
  {"__reversed__", dq_m_reversed, "D.__reversed__() -- return a reverse iterator over the deque"},
  {NULL, NULL, NULL},
};

/* -- namedtuple -------------------------------------------------------------------------------- */
static Tuple *nt_fields(Type *t) {
  Value f = type_lookup(t, str_intern_cstr("_fields"));
  return f && IS_TUPLE(f) ? V_AS(Tuple, f) : V_AS(Tuple, OBJ_V(tuple_new(0)));
}

static Value nt_field_get(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("_tuplegetter", nargs, kw, 1, 1)) return VNULL;
  if (!v_isinstance(args[0], &Type_tuple)) return err_format(Exc_TypeError, "descriptor requires a tuple");
  Tuple *t = V_AS(Tuple, args[0]);
  int64_t i = v_int(self);
  if (i >= t->len) return err_format(Exc_IndexError, "tuple index out of range");
  return t->items[i];
}

static Tuple *nt_alloc(Type *t, int64_t n) {
  Tuple *r = (Tuple *)gc_alloc(t, sizeof(Tuple) + (size_t)n * sizeof(Value));
  r->len = n;
  r->hash = -1;
  return r;
}

static Value nt_new(Type *t, Value *args, int nargs, Tuple *kw) {
  Tuple *fields = nt_fields(t);
  int64_t n = fields->len;
  int npos = npos_of(nargs, kw);
  const char *tn = type_name(t);
  if (npos > n)
    return err_format(Exc_TypeError, "%s.__new__() takes %lld positional arguments but %d were given", tn,
                      (long long)n + 1, npos + 1);
  Tuple *r = nt_alloc(t, n);
  for (int i = 0; i < npos; i++) r->items[i] = args[i];
  for (int k = 0; kw && k < kw->len; k++) {
    int64_t j = 0;
    while (j < n && !str_eq(V_AS(Str, fields->items[j]), V_AS(Str, kw->items[k]))) j++;
    if (j == n)
      return err_format(Exc_TypeError, "%s.__new__() got an unexpected keyword argument '%s'", tn,
                        V_AS(Str, kw->items[k])->data);
    if (r->items[j])
      return err_format(Exc_TypeError, "%s.__new__() got multiple values for argument '%s'", tn,
                        V_AS(Str, fields->items[j])->data);
    r->items[j] = args[npos + k];
  }
  Value defs = type_lookup(t, str_intern_cstr("_field_defaults"));
  int missing = 0;
  for (int64_t j = 0; j < n; j++) {
    if (r->items[j]) continue;
    Value d = defs && IS_DICT(defs) ? dict_get(V_AS(Dict, defs), fields->items[j]) : VNULL;
    if (d) r->items[j] = d;
    else missing++;
  }
  if (missing) {
    StrBuilder b;
    sb_init(&b);
    int seen = 0;
    for (int64_t j = 0; j < n; j++) {
      if (r->items[j]) continue;
      if (seen) sb_puts(&b, missing == 2 ? " and " : seen == missing - 1 ? ", and " : ", ");
      sb_putc(&b, '\'');
      sb_putstr(&b, fields->items[j]);
      sb_putc(&b, '\'');
      seen++;
    }
    Value names = sb_finish(&b);
    for (int64_t j = 0; j < n; j++) if (!r->items[j]) r->items[j] = V_NONE;
    return err_format(Exc_TypeError, "%s.__new__() missing %d required positional argument%s: %s", tn, missing,
                      missing == 1 ? "" : "s", STR_DATA(names));
  }
  return OBJ_V(r);
}

static Value nt_repr(Value self) {
  GC_ROOT_SCOPE;
  Tuple *t = V_AS(Tuple, self);
  Tuple *fields = nt_fields(v_type(self));
  if (repr_enter(self)) return str_from_cstr("...");
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, type_name(v_type(self)));
  sb_putc(&b, '(');
  for (int64_t i = 0; i < t->len; i++) {
    if (i) sb_puts(&b, ", ");
    if (i < fields->len) {
      sb_putstr(&b, fields->items[i]);
      sb_putc(&b, '=');
    }
    Value r = obj_repr(t->items[i]);
    if (!r) {
      sb_free(&b);
      repr_leave(self);
      return VNULL;
    }
    sb_putstr(&b, r);
  }
  sb_putc(&b, ')');
  repr_leave(self);
  return sb_finish(&b);
}

static Value nt_asdict(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("_asdict", nargs, kw, 0, 0)) return VNULL;
  Tuple *t = V_AS(Tuple, self), *fields = nt_fields(v_type(self));
  Dict *d = dict_new();
  for (int64_t i = 0; i < t->len && i < fields->len; i++)
    if (!dict_set(d, fields->items[i], t->items[i])) return VNULL;
  return OBJ_V(d);
}

static Value nt_replace(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (nargs - (kw ? (int)kw->len : 0) != 0)
    return err_format(Exc_TypeError, "_replace() takes 1 positional argument but %d were given",
                      nargs - (kw ? (int)kw->len : 0) + 1);
  Type *tp = v_type(self);
  Tuple *t = V_AS(Tuple, self), *fields = nt_fields(tp);
  Tuple *r = nt_alloc(tp, t->len);
  memcpy(r->items, t->items, sizeof(Value) * (size_t)t->len);
  StrBuilder bad;
  sb_init(&bad);
  int nbad = 0;
  for (int k = 0; kw && k < kw->len; k++) {
    int64_t j = 0;
    while (j < fields->len && !str_eq(V_AS(Str, fields->items[j]), V_AS(Str, kw->items[k]))) j++;
    if (j < fields->len && j < r->len) {
      r->items[j] = args[k];
      continue;
    }
    if (nbad++) sb_puts(&bad, ", ");
    sb_putc(&bad, '\'');
    sb_putstr(&bad, kw->items[k]);
    sb_putc(&bad, '\'');
  }
  if (nbad) {
    Value s = sb_finish(&bad);
    return err_format(Exc_ValueError, "Got unexpected field names: [%s]", STR_DATA(s));
  }
  sb_free(&bad);
  return OBJ_V(r);
}

/* _make(iterable): bound to the class itself. */
static Value nt_make(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("_make", nargs, kw, 1, 1)) return VNULL;
  Type *tp = V_AS(Type, self);
  Tuple *src = tuple_from_iterable(args[0]);
  if (!src) return VNULL;
  int64_t n = nt_fields(tp)->len;
  if (src->len != n)
    return err_format(Exc_TypeError, "Expected %lld arguments, got %lld", (long long)n, (long long)src->len);
  Tuple *r = nt_alloc(tp, n);
  memcpy(r->items, src->items, sizeof(Value) * (size_t)n);
  return OBJ_V(r);
}

static Value nt_getnewargs(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__getnewargs__", nargs, kw, 0, 0)) return VNULL;
  Tuple *t = V_AS(Tuple, self);
  return OBJ_V(tuple_from_array(t->items, t->len));
}

/* tuple's binop and comparison take exact tuples: give them plain copies. */
static Value as_plain_tuple(Value v) {
  if (!v_is_obj(v) || IS_TUPLE(v) || !v_isinstance(v, &Type_tuple)) return v;
  return OBJ_V(tuple_from_array(V_AS(Tuple, v)->items, V_AS(Tuple, v)->len));
}

static Value nt_binop(int op, Value a, Value b) {
  GC_ROOT_SCOPE;
  a = as_plain_tuple(a);
  gc_root(&a);
  b = as_plain_tuple(b);
  return Type_tuple.binop(op, a, b);
}

static Value nt_richcompare(Value a, Value b, int op) {
  GC_ROOT_SCOPE;
  a = as_plain_tuple(a);
  gc_root(&a);
  b = as_plain_tuple(b);
  return Type_tuple.richcompare(a, b, op);
}

static const MethodDef nt_methods[] = {
  {"_asdict", nt_asdict, "Return a new dict which maps field names to their values."},
  {"_replace", nt_replace, "Return a new Point object replacing specified fields with new values"},
  {"__getnewargs__", nt_getnewargs, "Return self as a plain tuple.  Used by copy and pickle."},
  {NULL, NULL, NULL},
};

/* _make_namedtuple(typename, fields, defaults, module, doc): fields a tuple of str (validated by
   the Python caller); defaults None or a tuple for the rightmost fields. */
static Value make_namedtuple(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!args_check("_make_namedtuple", nargs, kw, 5, 5)) return VNULL;
  if (!IS_STR(args[0]) || !IS_TUPLE(args[1])) return err_format(Exc_TypeError, "bad namedtuple spec");
  Tuple *fields = V_AS(Tuple, args[1]);
  Type *t = (Type *)gc_alloc(&Type_type, sizeof(Type));
  Value tv = OBJ_V(t);
  gc_root(&tv);
  t->name = str_intern(V_AS(Str, args[0]));
  t->qualname = t->name;
  t->base = &Type_tuple;
  t->bases = V_AS(Tuple, tuple_pack(1, OBJ_V(&Type_tuple)));
  t->mro = V_AS(Tuple, tuple_pack(3, tv, OBJ_V(&Type_tuple), OBJ_V(&Type_object)));
  t->dict = dict_new();
  t->version = type_next_version++;
  t->layout = LAYOUT_BUILTIN;
  t->traverse = Type_tuple.traverse;
  t->finalize = Type_tuple.finalize;
  t->hash = Type_tuple.hash;
  t->richcompare = nt_richcompare;
  t->iter = Type_tuple.iter;
  t->len = Type_tuple.len;
  t->contains = Type_tuple.contains;
  t->getitem = Type_tuple.getitem;
  t->binop = nt_binop;
  t->repr = nt_repr;
  t->new = nt_new;
  Dict *d = t->dict;
  dict_set_str(d, N.__module__, args[3]);
  dict_set_str(d, N.__doc__, args[4]);
  dict_set_str(d, str_intern_cstr("_fields"), OBJ_V(fields));
  Dict *defs = dict_new();
  dict_set_str(d, str_intern_cstr("_field_defaults"), OBJ_V(defs));
  if (args[2] != V_NONE) {
    if (!IS_TUPLE(args[2])) return err_format(Exc_TypeError, "defaults must be a tuple");
    Tuple *dv = V_AS(Tuple, args[2]);
    if (dv->len > fields->len) return err_format(Exc_TypeError, "Got more default values than field names");
    for (int64_t i = 0; i < dv->len; i++)
      dict_set(defs, fields->items[fields->len - dv->len + i], dv->items[i]);
  }
  for (int64_t i = 0; i < fields->len; i++) {
    Property *p = (Property *)gc_alloc(&Type_property, sizeof(Property));
    p->fget = builtin_new("_tuplegetter", nt_field_get, v_from_int(i));
    p->fset = p->fdel = V_NONE;
    char doc[48];
    snprintf(doc, sizeof doc, "Alias for field number %lld", (long long)i);
    p->doc = str_from_cstr(doc);
    dict_set(d, fields->items[i], OBJ_V(p));
  }
  type_add_methods(t, nt_methods);
  dict_set_str(d, str_intern_cstr("_make"), builtin_new("_make", nt_make, tv));
  return tv;
}

/* _set_type_attr(type, name, value): lets lib/collections attach Python methods to the
   types of this module (built-in types refuse setattr). */
static Value set_type_attr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("_set_type_attr", nargs, kw, 3, 3)) return VNULL;
  Value t = args[0];
  if (t != OBJ_V(&Type_Counter) && t != OBJ_V(&Type_OrderedDict) && t != OBJ_V(&Type_defaultdict) &&
      t != OBJ_V(&Type_deque))
    return err_format(Exc_TypeError, "_set_type_attr: not a collections type");
  if (!IS_STR(args[1])) return err_format(Exc_TypeError, "attribute name must be string");
  type_set_attr_cstr(V_AS(Type, t), STR_DATA(args[1]), args[2]);
  return V_NONE;
}

static const MethodDef collections_functions[] = {
  {"_make_namedtuple", make_namedtuple, "Builds a namedtuple class."},
  {"_set_type_attr", set_type_attr, "Sets an attribute of a collections type."},
  {NULL, NULL, NULL},
};

/* -- Start-up ---------------------------------------------------------------------------------- */
static void subdict_init(Type *t, Value (*new)(Type *, Value *, int, Tuple *)) {
  t->base = &Type_dict;
  t->mro = type_compute_mro_simple(t);
  t->bases = V_AS(Tuple, tuple_pack(1, OBJ_V(&Type_dict)));
  t->traverse = Type_dict.traverse;
  t->finalize = Type_dict.finalize;
  t->repr = Type_dict.repr;
  t->iter = Type_dict.iter;
  t->len = Type_dict.len;
  t->contains = Type_dict.contains;
  t->getitem = Type_dict.getitem;
  t->setitem = Type_dict.setitem;
  t->binop = Type_dict.binop;
  t->richcompare = subdict_richcompare;
  t->new = new;
  type_set_attr_cstr(t, "__hash__", V_NONE);
  type_modified(t);
}

static Value od_repr(Value self) {
  GC_ROOT_SCOPE;
  Dict *d = V_AS(Dict, self);
  if (d->used == 0) return str_from_cstr("OrderedDict()");
  if (repr_enter(self)) return str_from_cstr("...");
  List *items = list_new(d->used);
  Value lv = OBJ_V(items);
  gc_root(&lv);
  int64_t pos = 0;
  Value k, v;
  while (dict_next(d, &pos, &k, &v)) list_append(items, tuple_pack(2, k, v));
  Value r = obj_repr(lv);
  repr_leave(self);
  if (!r) return VNULL;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, "OrderedDict(");
  sb_putstr(&b, r);
  sb_putc(&b, ')');
  return sb_finish(&b);
}

static void types_init_once(void) {
  subdict_init(&Type_defaultdict, defaultdict_new);
  Type_defaultdict.traverse = defaultdict_traverse;
  Type_defaultdict.getitem = defaultdict_getitem;
  Type_defaultdict.repr = defaultdict_repr;
  Type_defaultdict.getattr = defaultdict_getattr;
  Type_defaultdict.setattr_slot = defaultdict_setattr;
  type_add_methods(&Type_defaultdict, defaultdict_methods);

  subdict_init(&Type_OrderedDict, od_new);
  Type_OrderedDict.repr = od_repr;
  type_add_methods(&Type_OrderedDict, od_methods);

  subdict_init(&Type_Counter, counter_new);
  Type_Counter.getitem = counter_getitem;
  Type_Counter.setitem = counter_setitem;
  Type_Counter.repr = counter_repr;
  Type_Counter.richcompare = counter_richcompare;
  Type_Counter.binop = counter_binop;
  Type_Counter.unary = counter_unary;
  type_add_methods(&Type_Counter, counter_methods);

  Type *t = &Type_deque;
  t->traverse = deque_traverse;
  t->finalize = deque_finalize;
  t->new = deque_new;
  t->getitem = deque_getitem;
  t->setitem = deque_setitem;
  t->len = deque_len;
  t->contains = deque_contains;
  t->repr = deque_repr;
  t->richcompare = deque_richcompare;
  t->binop = deque_binop;
  t->iter = deque_iter;
  t->getattr = deque_getattr;
  type_set_attr_cstr(t, "__hash__", V_NONE);
  type_add_methods(t, deque_methods);
  Type_deque_iterator.traverse = dequeiter_traverse;
  Type_deque_iterator.iter = iter_self;
  Type_deque_iterator.next = dequeiter_next;
}

Value _collections_module_init(void) {
  static bool types_ready;
  if (!types_ready) {
    types_ready = true;
    types_init_once();
  }
  Value m = module_new("_collections");
  module_add_functions(m, collections_functions);
  module_set(m, "deque", OBJ_V(&Type_deque));
  module_set(m, "defaultdict", OBJ_V(&Type_defaultdict));
  module_set(m, "OrderedDict", OBJ_V(&Type_OrderedDict));
  module_set(m, "Counter", OBJ_V(&Type_Counter));
  return m;
}
