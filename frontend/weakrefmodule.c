/* weakrefmodule.c: the _weakref module: weak references (weakref.ref) on top of the GC.
 *
 * A Weakref's referent is not traversed: a collection that finds the referent unreachable
 * clears it and queues the callback, which runs after the collection (gc.h). weakref.py in
 * lib/ builds WeakValueDictionary, WeakKeyDictionary and finalize on this.
 */
#include <stdio.h>

#include "gc.h"
#include "import.h"
#include "strobject.h"
#include "typeobject.h"

static void weakref_traverse(Obj *o, VisitFn visit) { visit(&((Weakref *)o)->callback); }

static bool weakrefable(Value v) {
  if (!v_is_obj(v)) return false;
  Type *t = V_OBJ(v)->type;
  if (t->flags & TPF_HEAPTYPE) return true;
  return t == &Type_function || t == &Type_type || t == &Type_set || t == &Type_frozenset ||
         t == &Type_method || t == &Type_generator || t == &Type_code || t == &Type_module ||
         type_is_subtype(t, &Type_type) || t->layout == LAYOUT_EXC || t == &Type_file;
}

static Value weakref_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  if (!args_check("weakref", nargs, kwnames, 1, 2)) return VNULL;
  if (!weakrefable(args[0]))
    return err_format(Exc_TypeError, "cannot create weak reference to '%s' object", type_name(v_type(args[0])));
  Weakref *w = (Weakref *)gc_alloc(&Type_weakref, sizeof(Weakref));
  w->referent = args[0];
  w->callback = nargs == 2 ? args[1] : V_NONE;
  w->hash = -1;
  gc_register_weakref(w);
  return OBJ_V(w);
}

static Value weakref_call(Value self, Value *args, int nargs, Tuple *kwnames) {
  (void)args;
  if (!args_check("weakref", nargs, kwnames, 0, 0)) return VNULL;
  Weakref *w = V_AS(Weakref, self);
  return w->referent ? w->referent : V_NONE;
}

static bool weakref_hash(Value self, int64_t *out) {
  Weakref *w = V_AS(Weakref, self);
  if (w->hash == -1) {
    if (!w->referent) {
      err_format(Exc_TypeError, "weak object has gone away");
      return false;
    }
    if (!obj_hash(w->referent, &w->hash)) return false;
  }
  *out = w->hash;
  return true;
}

static Value weakref_richcompare(Value a, Value b, int op) {
  if ((op != CMP_EQ && op != CMP_NE) || !v_is(b, &Type_weakref)) return V_NOTIMPL;
  Weakref *x = V_AS(Weakref, a), *y = V_AS(Weakref, b);
  if (!x->referent || !y->referent) return v_bool((x == y) == (op == CMP_EQ));
  int eq = obj_eq(x->referent, y->referent);
  if (eq < 0) return VNULL;
  return v_bool(op == CMP_EQ ? eq : !eq);
}

static Value weakref_repr(Value self) {
  Weakref *w = V_AS(Weakref, self);
  char buf[256];
  if (!w->referent) snprintf(buf, sizeof buf, "<weakref at %p; dead>", (void *)V_OBJ(self));
  else snprintf(buf, sizeof buf, "<weakref at %p; to '%s' at %p>", (void *)V_OBJ(self),
                type_name(v_type(w->referent)), (void *)V_OBJ(w->referent));
  return str_from_cstr(buf);
}

static Value weakref_getattr(Value self, Str *name) {
  if (strcmp(name->data, "__callback__") == 0) return V_AS(Weakref, self)->callback;
  return type_generic_getattr(self, name);
}

static Value wr_getweakrefcount(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("getweakrefcount", nargs, kw, 1, 1)) return VNULL;
  return v_from_int(0);
}

static const MethodDef weakref_functions[] = {
  {"getweakrefcount", wr_getweakrefcount, NULL}, {NULL, NULL, NULL}};

Value _weakref_module_init(void) {
  Type_weakref.new = weakref_new;
  Type_weakref.call = weakref_call;
  Type_weakref.hash = weakref_hash;
  Type_weakref.richcompare = weakref_richcompare;
  Type_weakref.repr = weakref_repr;
  Type_weakref.getattr = weakref_getattr;
  Type_weakref.traverse = weakref_traverse;
  Value m = module_new("_weakref");
  module_add_functions(m, weakref_functions);
  module_set(m, "ref", OBJ_V(&Type_weakref));
  module_set(m, "ReferenceType", OBJ_V(&Type_weakref));
  return m;
}
