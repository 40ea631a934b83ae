/* abstract.c: the object protocol: repr, hash, comparison, truth, calls, items, iteration,
 * and binary operators, for every type.
 *
 * Built-in types answer through their C slots; classes defined in Python answer through their
 * dunder methods, found with type_lookup (memoized per type version). Binary operators follow
 * CPython's rules: the left operand's method first, unless the right operand's type is a
 * subclass that overrides the reflected method; NotImplemented hands over to the other side.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "complexobject.h"
#include "interp.h"
#include "intobject.h"
#include "iterobject.h"
#include "strobject.h"
#include "typeobject.h"

CommonNames N;

/* Dunder names of the binary operators, in BinOpKind order. */
#define BINOP_DUNDERS(_) \
  _(add) _(sub) _(mul) _(matmul) _(truediv) _(mod) _(pow) _(lshift) _(rshift) _(or) _(xor) \
  _(and) _(floordiv)
static Str *binop_name[BINOP__COUNT], *binop_rname[BINOP__COUNT], *binop_iname[BINOP__COUNT];
static Str *cmp_name[6];
static const int cmp_swapped[6] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const cmp_text[6] = {"<", "<=", "==", "!=", ">", ">="};

static bool is_heap(Type *t) { return (t->flags & TPF_HEAPTYPE) != 0; }

/* Calls the dunder `name` found on v's type with v as self. VNULL + no error when absent. A
   dunder set to None is there but blocked: calling it is a TypeError, as in CPython. */
static Value call_dunder(Value v, Str *name, Value *args, int nargs, bool *found) {
  Type *t = v_type(v);
  Value f = type_lookup(t, name);
  *found = f != VNULL;
  if (!f) return VNULL;
  if (v_is(f, &Type_function)) return interp_call_function_self(V_AS(Function, f), v, args, nargs, NULL);
  if (v_is(f, &Type_builtin) && V_AS(Builtin, f)->owner) return V_AS(Builtin, f)->fn(v, args, nargs, NULL);
  if (f == V_NONE) return err_format(Exc_TypeError, "'NoneType' object is not callable");
  Value bound = descr_bind(f, v, t);
  if (!bound) return VNULL;
  return obj_call(bound, args, nargs, NULL);
}

Value obj_call_method(Value self, Str *name, Value *args, int nargs) {
  Value m = obj_getattr(self, name);
  if (!m) return VNULL;
  return obj_call(m, args, nargs, NULL);
}

/* -- repr / str --------------------------------------------------------------------------------- */
static Value check_str_result(Value r, const char *what) {
  if (r && !v_isinstance(r, &Type_str))
    return err_format(Exc_TypeError, "%s returned non-string (type %s)", what, type_name(v_type(r)));
  return r;
}

Value obj_repr(Value v) {
  Type *t = v_type(v);
  if (!is_heap(t) && t->repr) return t->repr(v);
  bool found;
  if (interp_enter_c() < 0) return VNULL;
  Value r = call_dunder(v, N.__repr__, NULL, 0, &found);
  interp_leave_c();
  if (!found) return object_repr_default(v);
  return check_str_result(r, "__repr__");
}

Value obj_str(Value v) {
  if (IS_STR(v)) return v;
  Type *t = v_type(v);
  if (!is_heap(t)) {
    if (t->str) return t->str(v);
    Value s = type_lookup(t, N.__str__);
    if (!s || (v_is(s, &Type_builtin) && V_AS(Builtin, s)->owner == &Type_object)) return obj_repr(v);
  }
  bool found;
  Value r = call_dunder(v, N.__str__, NULL, 0, &found);
  if (!found) return obj_repr(v);
  return check_str_result(r, "__str__");
}

/* -- hash ----------------------------------------------------------------------------------------- */
bool obj_hash(Value v, int64_t *out) {
  if (v_is_int(v)) return int_hash(v, out);
  Type *t = V_OBJ(v)->type;
  if (t == &Type_str) { *out = str_hash(V_AS(Str, v)); return true; }
  if (!is_heap(t) && t->hash) return t->hash(v, out);
  Value h = type_lookup(t, N.__hash__);
  if (!h || h == V_NONE) {
    err_format(Exc_TypeError, "unhashable type: '%s'", type_name(t));
    return false;
  }
  if (v_is(h, &Type_builtin) && V_AS(Builtin, h)->owner == &Type_object) {
    *out = (int64_t)((uintptr_t)V_OBJ(v) >> 4);
    return true;
  }
  bool found;
  Value r = call_dunder(v, N.__hash__, NULL, 0, &found);
  if (!r) return false;
  if (!v_isinstance(r, &Type_int)) {
    err_format(Exc_TypeError, "__hash__ method should return an integer");
    return false;
  }
  if (!int_hash(r, out)) return false;
  return true;
}

/* -- comparisons ----------------------------------------------------------------------------------- */
static Value try_compare(Value a, Value b, int op) {
  Type *t = v_type(a);
  if (!is_heap(t) && t->richcompare) return t->richcompare(a, b, op);
  bool found;
  Value arg = b;
  Value r = call_dunder(a, cmp_name[op], &arg, 1, &found);
  if (!found) return V_NOTIMPL;
  return r;
}

Value obj_richcompare(Value a, Value b, int op) {
  if (v_is_int(a) && v_is_int(b)) {
    int64_t x = v_int(a), y = v_int(b);
    switch (op) {
      case CMP_LT: return v_bool(x < y);
      case CMP_LE: return v_bool(x <= y);
      case CMP_EQ: return v_bool(x == y);
      case CMP_NE: return v_bool(x != y);
      case CMP_GT: return v_bool(x > y);
      default: return v_bool(x >= y);
    }
  }
  Type *ta = v_type(a), *tb = v_type(b);
  bool reflected_first = ta != tb && type_is_subtype(tb, ta) && is_heap(tb);
  if (interp_enter_c() < 0) return VNULL;
  Value r = V_NOTIMPL;
  if (reflected_first) r = try_compare(b, a, cmp_swapped[op]);
  if (r == V_NOTIMPL) r = try_compare(a, b, op);
  if (r == V_NOTIMPL && !reflected_first) r = try_compare(b, a, cmp_swapped[op]);
  interp_leave_c();
  if (r != V_NOTIMPL) return r;
  if (op == CMP_EQ) return v_bool(a == b);
  if (op == CMP_NE) return v_bool(a != b);
  return err_format(Exc_TypeError, "'%s' not supported between instances of '%s' and '%s'", cmp_text[op],
                    type_name(ta), type_name(tb));
}

int obj_compare_bool(Value a, Value b, int op) {
  Value r = obj_richcompare(a, b, op);
  if (!r) return -1;
  return obj_truthy(r);
}

int obj_eq(Value a, Value b) {
  if (a == b) return 1;
  if (v_is_int(a) && v_is_int(b)) return 0;
  if (IS_STR(a) && IS_STR(b)) return str_eq(V_AS(Str, a), V_AS(Str, b));
  return obj_compare_bool(a, b, CMP_EQ);
}

/* -- truth ------------------------------------------------------------------------------------------- */
int obj_truthy(Value v) {
  if (v == V_TRUE) return 1;
  if (v == V_FALSE || v == V_NONE) return 0;
  if (v_is_int(v)) return v_int(v) != 0;
  Type *t = V_OBJ(v)->type;
  if (t == &Type_str) return STR_LEN(v) != 0;
  if (t == &Type_list) return V_AS(List, v)->len != 0;
  if (t == &Type_tuple) return V_AS(Tuple, v)->len != 0;
  if (t == &Type_dict) return V_AS(Dict, v)->used != 0;
  if (t == &Type_float) return V_AS(Float, v)->v != 0.0;
  if (t == &Type_complex) return V_AS(Complex, v)->re != 0.0 || V_AS(Complex, v)->im != 0.0;
  if (t == &Type_int) return int_sign(v) != 0;
  if (!is_heap(t)) {
    if (t->len) {
      int64_t n = t->len(v);
      return n < 0 ? -1 : n != 0;
    }
    return 1;
  }
  bool found;
  Value r = call_dunder(v, N.__bool__, NULL, 0, &found);
  if (found) {
    if (!r) return -1;
    if (r != V_TRUE && r != V_FALSE) {
      err_format(Exc_TypeError, "__bool__ should return bool, returned %s", type_name(v_type(r)));
      return -1;
    }
    return r == V_TRUE;
  }
  if (!type_lookup(t, N.__len__)) return 1;
  int64_t n = obj_len(v);
  return n < 0 ? -1 : n != 0;
}

/* -- attributes ---------------------------------------------------------------------------------------- */
Value obj_getattr(Value v, Str *name) {
  Type *t = v_type(v);
  if (t->getattr) return t->getattr(v, name);
  if (is_heap(t) && (t->flags & TPF_HAS_GETATTRIBUTE)) {
    bool found;
    Value arg = OBJ_V(name);
    return call_dunder(v, N.__getattribute__, &arg, 1, &found);
  }
  return type_generic_getattr(v, name);
}

Value obj_getattr_opt(Value v, Str *name) {
  Value r = obj_getattr(v, name);
  if (!r && err_matches(Exc_AttributeError)) err_clear();
  return r;
}

bool type_setattr(Value self, Str *name, Value v);

static bool setattr_any(Value obj, Str *name, Value v) {
  Type *t = v_type(obj);
  if (t == &Type_type || type_is_subtype(t, &Type_type)) return type_setattr(obj, name, v);
  if (t->setattr_slot) return t->setattr_slot(obj, name, v);
  /* A class's own __delattr__ is looked up at each del (rare; no flag for it). */
  bool hook = v ? (t->flags & TPF_HAS_SETATTR) != 0
                : type_lookup(t, N.__delattr__) != type_lookup(&Type_object, N.__delattr__);
  if (is_heap(t) && hook) {
    bool found;
    Value args[2] = {OBJ_V(name), v};
    Value r = call_dunder(obj, v ? N.__setattr__ : N.__delattr__, args, v ? 2 : 1, &found);
    return r != VNULL;
  }
  return type_generic_setattr(obj, name, v);
}

bool obj_setattr(Value obj, Str *name, Value v) { return setattr_any(obj, name, v); }
bool obj_delattr(Value obj, Str *name) { return setattr_any(obj, name, VNULL); }

/* -- calls -------------------------------------------------------------------------------------------- */
static Value call_with_self(Value f, Value self, Value *args, int nargs, Tuple *kwnames) {
  if (v_is(f, &Type_function)) return interp_call_function_self(V_AS(Function, f), self, args, nargs, kwnames);
  Value small[16];
  Value *a = nargs + 1 <= 16 ? small : malloc(sizeof(Value) * (size_t)(nargs + 1));
  if (!a) return err_no_memory();
  a[0] = self;
  if (nargs) memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
  Value r = obj_call(f, a, nargs + 1, kwnames);
  if (a != small) free(a);
  return r;
}

static Value builtin_dispatch(Builtin *b, Value *args, int nargs, Tuple *kwnames) {
  if (!b->owner) return b->fn(b->self, args, nargs, kwnames);
  if (b->self) return b->fn(b->self, args, nargs, kwnames);
  int npos = nargs - (kwnames ? (int)kwnames->len : 0);
  if (npos < 1) return err_format(Exc_TypeError, "unbound method %s.%s() needs an argument", type_name(b->owner), b->name);
  if (!v_isinstance(args[0], b->owner))
    return err_format(Exc_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", b->name,
                      type_name(b->owner), type_name(v_type(args[0])));
  return b->fn(args[0], args + 1, nargs - 1, kwnames);
}

/* Any roots a built-in pushed are dropped when it returns. */
Value builtin_call(Builtin *b, Value *args, int nargs, Tuple *kwnames) {
  int mark = gc_root_mark();
  Value r = builtin_dispatch(b, args, nargs, kwnames);
  gc_root_restore(mark);
  return r;
}

Value obj_call(Value f, Value *args, int nargs, Tuple *kwnames) {
  Type *t = v_type(f);
  if (t == &Type_function) return interp_call_function(V_AS(Function, f), args, nargs, kwnames);
  if (t == &Type_builtin) {
    if (interp_enter_c() < 0) return VNULL;
    Value r = builtin_call(V_AS(Builtin, f), args, nargs, kwnames);
    interp_leave_c();
    return r;
  }
  if (t == &Type_method) {
    Method *m = V_AS(Method, f);
    return call_with_self(m->func, m->self, args, nargs, kwnames);
  }
  if (t->call) return t->call(f, args, nargs, kwnames);
  if (type_is_subtype(t, &Type_type)) return type_call(f, args, nargs, kwnames);
  Value c = type_lookup(t, N.__call__);
  if (!c) return err_format(Exc_TypeError, "'%s' object is not callable", type_name(t));
  return call_with_self(c, f, args, nargs, kwnames);
}

Value obj_call0(Value f) { return obj_call(f, NULL, 0, NULL); }
Value obj_call1(Value f, Value a) { return obj_call(f, &a, 1, NULL); }
Value obj_call2(Value f, Value a, Value b) {
  Value args[2] = {a, b};
  return obj_call(f, args, 2, NULL);
}

/* -- items ----------------------------------------------------------------------------------------------- */
Value obj_getitem(Value c, Value k) {
  Type *t = v_type(c);
  if (!is_heap(t) && t->getitem) return t->getitem(c, k);
  bool found;
  Value r = call_dunder(c, N.__getitem__, &k, 1, &found);
  if (found) return r;
  if (t == &Type_type || type_is_subtype(t, &Type_type)) {
    Value cg = obj_getattr_opt(c, N.__class_getitem__);
    if (cg) return obj_call1(cg, k);
    if (err_occurred()) return VNULL;
    return err_format(Exc_TypeError, "type '%s' is not subscriptable", type_name(V_AS(Type, c)));
  }
  return err_format(Exc_TypeError, "'%s' object is not subscriptable", type_name(t));
}

bool obj_setitem(Value c, Value k, Value v) {
  Type *t = v_type(c);
  if (!is_heap(t) && t->setitem) return t->setitem(c, k, v);
  bool found;
  Value args[2] = {k, v};
  Value r = call_dunder(c, N.__setitem__, args, 2, &found);
  if (found) return r != VNULL;
  err_format(Exc_TypeError, "'%s' object does not support item assignment", type_name(t));
  return false;
}

bool obj_delitem(Value c, Value k) {
  Type *t = v_type(c);
  if (!is_heap(t) && t->setitem) return t->setitem(c, k, VNULL);
  bool found;
  Value r = call_dunder(c, N.__delitem__, &k, 1, &found);
  if (found) return r != VNULL;
  err_format(Exc_TypeError, "'%s' object doesn't support item deletion", type_name(t));
  return false;
}

/* -- iteration ---------------------------------------------------------------------------------------------- */
Value obj_iter(Value v) {
  Type *t = v_type(v);
  if (!is_heap(t) && t->iter) return t->iter(v);
  if (is_heap(t) && type_lookup(t, N.__iter__) == V_NONE) /* blocked: no __getitem__ fallback */
    return err_format(Exc_TypeError, "'%s' object is not iterable", type_name(t));
  bool found;
  Value r = call_dunder(v, N.__iter__, NULL, 0, &found);
  if (found) {
    if (!r) return VNULL;
    Type *rt = v_type(r);
    if (!(rt->next || (is_heap(rt) && type_lookup(rt, N.__next__))))
      return err_format(Exc_TypeError, "iter() returned non-iterator of type '%s'", type_name(rt));
    return r;
  }
  if ((is_heap(t) && type_lookup(t, N.__getitem__)) || (!is_heap(t) && t->getitem)) return seqiter_new(v);
  return err_format(Exc_TypeError, "'%s' object is not iterable", type_name(t));
}

Value obj_next(Value it) {
  Type *t = v_type(it);
  if (!is_heap(t) && t->next) {
    Value r = t->next(it);
    if (!r && err_matches(Exc_StopIteration)) err_clear();
    return r;
  }
  bool found;
  Value r = call_dunder(it, N.__next__, NULL, 0, &found);
  if (!found) return err_format(Exc_TypeError, "'%s' object is not an iterator", type_name(t));
  if (!r && err_matches(Exc_StopIteration)) err_clear();
  return r;
}

int64_t obj_len(Value v) {
  Type *t = v_type(v);
  if (t == &Type_list) return V_AS(List, v)->len;
  if (t == &Type_tuple) return V_AS(Tuple, v)->len;
  if (t == &Type_str) return V_AS(Str, v)->nchars;
  if (t == &Type_dict) return V_AS(Dict, v)->used;
  if (!is_heap(t) && t->len) return t->len(v);
  bool found;
  Value r = call_dunder(v, N.__len__, NULL, 0, &found);
  if (!found) {
    err_format(Exc_TypeError, "object of type '%s' has no len()", type_name(t));
    return -1;
  }
  if (!r) return -1;
  if (!v_isinstance(r, &Type_int)) {
    err_format(Exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v_type(r)));
    return -1;
  }
  int64_t n;
  if (!int_as_i64(r, &n)) {
    err_format(Exc_OverflowError, "cannot fit 'int' into an index-sized integer");
    return -1;
  }
  if (n < 0) {
    err_format(Exc_ValueError, "__len__() should return >= 0");
    return -1;
  }
  return n;
}

int obj_contains(Value c, Value v) {
  GC_ROOT_SCOPE;
  Type *t = v_type(c);
  if (!is_heap(t) && t->contains) return t->contains(c, v);
  bool found;
  Value r = call_dunder(c, N.__contains__, &v, 1, &found);
  if (found) return r ? obj_truthy(r) : -1;
  Value it = obj_iter(c);
  if (!it) {
    if (err_matches(Exc_TypeError)) {
      err_clear();
      err_format(Exc_TypeError, "argument of type '%s' is not iterable", type_name(t));
    }
    return -1;
  }
  gc_root(&it);
  Value x;
  while ((x = obj_next(it))) {
    int eq = obj_eq(x, v);
    if (eq != 0) return eq;
  }
  return err_occurred() ? -1 : 0;
}

/* -- arithmetic ---------------------------------------------------------------------------------------------- */
static Value slot_binop(Type *t, int op, Value a, Value b, bool reflected) {
  if (!is_heap(t)) return t->binop ? t->binop(op, a, b) : V_NOTIMPL;
  int base = op >= BINOP__COUNT ? op - BINOP__COUNT : op;
  Str *name = op >= BINOP__COUNT ? binop_iname[base] : reflected ? binop_rname[base] : binop_name[base];
  bool found;
  Value self = reflected ? b : a, other = reflected ? a : b;
  Value r = call_dunder(self, name, &other, 1, &found);
  if (!found) {
    /* A class inheriting only object: nothing. */
    return V_NOTIMPL;
  }
  return r;
}

Value obj_binop(int op, Value a, Value b) {
  Type *ta = v_type(a), *tb = v_type(b);
  if (interp_enter_c() < 0) return VNULL;
  Value r = V_NOTIMPL;
  bool inplace = op >= BINOP__COUNT;
  if (op >= BINOP__COUNT) {
    r = slot_binop(ta, op, a, b, false);
    if (r == V_NOTIMPL) op -= BINOP__COUNT;
  }
  if (r == V_NOTIMPL) {
    bool sub_first = ta != tb && is_heap(tb) && type_is_subtype(tb, ta);
    if (sub_first) r = slot_binop(tb, op, a, b, true);
    if (r == V_NOTIMPL) r = slot_binop(ta, op, a, b, false);
    if (r == V_NOTIMPL && ta != tb && !sub_first) r = slot_binop(tb, op, a, b, true);
  }
  interp_leave_c();
  if (r == V_NOTIMPL) {
    int base = op >= BINOP__COUNT ? op - BINOP__COUNT : op;
    const char *sym = ast_binop_text[base];
    char isym[8];
    if (inplace) { snprintf(isym, sizeof isym, "%s=", sym); sym = isym; }
    if (base == OP_Pow && !inplace) sym = "** or pow()";
    return err_format(Exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", sym, type_name(ta),
                      type_name(tb));
  }
  return r;
}

Value obj_unary(int op, Value a) {
  Type *t = v_type(a);
  if (!is_heap(t) && t->unary) {
    Value r = t->unary(op, a);
    if (r != V_NOTIMPL) return r;
  } else if (is_heap(t)) {
    Str *name = op == OP_USub ? N.__neg__ : op == OP_UAdd ? N.__pos__ : N.__invert__;
    bool found;
    Value r = call_dunder(a, name, NULL, 0, &found);
    if (found) return r;
  }
  return err_format(Exc_TypeError, "bad operand type for unary %s: '%s'", ast_unaryop_text[op], type_name(t));
}

/* -- small helpers ---------------------------------------------------------------------------------------------- */
Value seq_index_error(const char *what) { return err_format(Exc_IndexError, "%s index out of range", what); }

bool index_of(Value v, int64_t *out) {
  if (v_is_int(v)) { *out = v_int(v); return true; }
  Value i = int_index(v);
  if (!i) return false;
  if (!int_as_i64(i, out)) {
    err_format(Exc_IndexError, "cannot fit 'int' into an index-sized integer");
    return false;
  }
  return true;
}

Value obj_type_name(Value v) { return str_from_cstr(type_name(v_type(v))); }

bool args_check(const char *fname, int nargs, Tuple *kwnames, int min, int max) {
  if (kwnames && kwnames->len) {
    err_format(Exc_TypeError, "%s() takes no keyword arguments", fname);
    return false;
  }
  if (nargs >= min && nargs <= max) return true;
  if (min == max) {
    if (min == 0) err_format(Exc_TypeError, "%s() takes no arguments (%d given)", fname, nargs);
    else if (min == 1) err_format(Exc_TypeError, "%s() takes exactly one argument (%d given)", fname, nargs);
    else err_format(Exc_TypeError, "%s expected %d arguments, got %d", fname, min, nargs);
  } else if (nargs < min) {
    err_format(Exc_TypeError, "%s expected at least %d argument%s, got %d", fname, min, min == 1 ? "" : "s", nargs);
  } else {
    err_format(Exc_TypeError, "%s expected at most %d argument%s, got %d", fname, max, max == 1 ? "" : "s", nargs);
  }
  return false;
}

bool args_parse(const char *fname, Value *args, int nargs, Tuple *kwnames, const char *const *names,
                int npos_required, int nmax, Value *out) {
  int nkw = kwnames ? (int)kwnames->len : 0;
  int npos = nargs - nkw;
  if (npos > nmax) {
    err_format(Exc_TypeError, "%s() takes at most %d argument%s (%d given)", fname, nmax, nmax == 1 ? "" : "s", npos);
    return false;
  }
  for (int i = 0; i < nmax; i++) out[i] = i < npos ? args[i] : VNULL;
  for (int k = 0; k < nkw; k++) {
    Str *kn = V_AS(Str, kwnames->items[k]);
    int i = 0;
    while (i < nmax && names[i] && strcmp(names[i], kn->data) != 0) i++;
    if (i >= nmax || !names[i]) {
      err_format(Exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname, kn->data);
      return false;
    }
    if (out[i]) {
      err_format(Exc_TypeError, "argument for %s() given by name ('%s') and position (%d)", fname, kn->data, i + 1);
      return false;
    }
    out[i] = args[npos + k];
  }
  for (int i = 0; i < npos_required; i++) {
    if (!out[i]) {
      err_format(Exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname, names[i], i + 1);
      return false;
    }
  }
  return true;
}

static Str *dunder(const char *prefix, const char *name) {
  char buf[32];
  snprintf(buf, sizeof buf, "__%s%s__", prefix, name);
  return str_intern_cstr(buf);
}

void abstract_init(void) {
#define CN_INIT(n) N.n = str_intern_cstr(#n); gc_add_global_root((Value *)&N.n);
  COMMON_NAMES(CN_INIT)
#undef CN_INIT
#define CN_INIT2(n, text) N.n = str_intern_cstr(text); gc_add_global_root((Value *)&N.n);
  COMMON_NAMES_SPELLED(CN_INIT2)
#undef CN_INIT2
  int i = 0;
#define BD(n) \
  binop_name[i] = dunder("", #n); binop_rname[i] = dunder("r", #n); binop_iname[i] = dunder("i", #n); \
  gc_add_global_root((Value *)&binop_name[i]); gc_add_global_root((Value *)&binop_rname[i]); \
  gc_add_global_root((Value *)&binop_iname[i]); i++;
  BINOP_DUNDERS(BD)
#undef BD
  static const char *const cmp[6] = {"lt", "le", "eq", "ne", "gt", "ge"};
  for (int k = 0; k < 6; k++) {
    cmp_name[k] = dunder("", cmp[k]);
    gc_add_global_root((Value *)&cmp_name[k]);
  }
}
