/* funcobject.c: functions, bound methods, built-in functions, cells and code objects: their
 * GC layout, repr, attributes and equality. Calling them is the interpreter's (interp.c) and
 * abstract.c's job.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dictobject.h"
#include "interp.h"
#include "jit.h"
#include "jitopts.h"
#include "strobject.h"
#include "typeobject.h"

/* -- function ---------------------------------------------------------------------------------- */
static void func_traverse(Obj *o, VisitFn visit) {
  Function *f = (Function *)o;
  visit((Value *)&f->code);
  visit((Value *)&f->globals);
  visit((Value *)&f->builtins);
  visit((Value *)&f->defaults);
  visit((Value *)&f->kwdefaults);
  visit((Value *)&f->closure);
  visit((Value *)&f->name);
  visit((Value *)&f->qualname);
  visit(&f->doc);
  visit((Value *)&f->dict);
  visit(&f->module);
}

Value function_new(Code *code, Dict *globals) {
  Function *f = (Function *)gc_alloc(&Type_function, sizeof(Function));
  f->code = code;
  f->globals = globals;
  f->name = code->name;
  f->qualname = code->qualname ? code->qualname : code->name;
  f->doc = code->consts && code->consts->len && IS_STR(code->consts->items[0]) ? code->consts->items[0] : V_NONE;
  Value mod = dict_get_str(globals, N.__name__);
  f->module = mod ? mod : V_NONE;
  if (jit_params.enabled) jit_register_code(code); /* exits may resume in it (jit_link.c) */
  return OBJ_V(f);
}

static Value func_repr(Value v) {
  char buf[512];
  snprintf(buf, sizeof buf, "<function %s at %p>", V_AS(Function, v)->qualname->data, (void *)V_OBJ(v));
  return str_from_cstr(buf);
}

static Value func_getattr(Value v, Str *name) {
  Function *f = V_AS(Function, v);
  if (name == N.__name__) return OBJ_V(f->name);
  if (name == N.__qualname__) return OBJ_V(f->qualname);
  if (name == N.__doc__) return f->doc;
  if (name == N.__module__) return f->module;
  if (name == N.__defaults__) return f->defaults ? OBJ_V(f->defaults) : V_NONE;
  if (name == N.__kwdefaults__) return f->kwdefaults ? OBJ_V(f->kwdefaults) : V_NONE;
  if (name == N.__code__) return OBJ_V(f->code);
  if (name == N.__globals__) return OBJ_V(f->globals);
  if (name == N.__annotations__) { /* annotations are not evaluated: an empty dict, kept */
    if (!f->dict) { f->dict = dict_new(); gc_wb(&f->h); }
    Value a = dict_get_str(f->dict, name);
    if (!a) { a = OBJ_V(dict_new()); dict_set_str(f->dict, name, a); }
    return a;
  }
  if (name == N.__dict__) {
    if (!f->dict) { f->dict = dict_new(); gc_wb(&f->h); }
    return OBJ_V(f->dict);
  }
  if (f->dict) {
    Value a = dict_get_str(f->dict, name);
    if (a) return a;
  }
  return type_generic_getattr(v, name);
}

static bool func_setattr(Value v, Str *name, Value val) {
  Function *f = V_AS(Function, v);
  if (name == N.__name__ && val && IS_STR(val)) { f->name = V_AS(Str, val); gc_wb(&f->h); return true; }
  if (name == N.__qualname__ && val && IS_STR(val)) { f->qualname = V_AS(Str, val); gc_wb(&f->h); return true; }
  if (name == N.__doc__) { f->doc = val ? val : V_NONE; gc_wb(&f->h); return true; }
  if (name == N.__module__) { f->module = val ? val : V_NONE; gc_wb(&f->h); return true; }
  if (name == N.__defaults__) {
    if (val && val != V_NONE && !IS_TUPLE(val)) {
      err_format(Exc_TypeError, "__defaults__ must be set to a tuple object");
      return false;
    }
    f->defaults = val && val != V_NONE ? V_AS(Tuple, val) : NULL;
    gc_wb(&f->h);
    return true;
  }
  if (!f->dict) { f->dict = dict_new(); gc_wb(&f->h); }
  if (val) return dict_set_str(f->dict, name, val);
  if (dict_del(f->dict, OBJ_V(name)) <= 0) {
    err_format(Exc_AttributeError, "'function' object has no attribute '%s'", name->data);
    return false;
  }
  return true;
}

static Value func_descr_get(Value descr, Value obj, Value type) {
  (void)type;
  return obj ? method_new(descr, obj) : descr;
}

/* -- bound method --------------------------------------------------------------------------------- */
static void method_traverse(Obj *o, VisitFn visit) {
  visit(&((Method *)o)->self);
  visit(&((Method *)o)->func);
}

Value method_new(Value func, Value self) {
  Method *m = (Method *)gc_alloc(&Type_method, sizeof(Method));
  m->func = func;
  m->self = self;
  return OBJ_V(m);
}

static Value method_repr(Value v) {
  Method *m = V_AS(Method, v);
  Value qn = obj_getattr_opt(m->func, N.__qualname__);
  if (!qn) qn = obj_getattr_opt(m->func, N.__name__);
  Value sr = obj_repr(m->self);
  if (!sr) return VNULL;
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, "<bound method ");
  if (qn && IS_STR(qn)) sb_putstr(&b, qn);
  else sb_puts(&b, "?");
  sb_puts(&b, " of ");
  sb_putstr(&b, sr);
  sb_puts(&b, ">");
  return sb_finish(&b);
}

static Value method_getattr(Value v, Str *name) {
  Method *m = V_AS(Method, v);
  if (name == N.__self__) return m->self;
  if (name == N.func_) return m->func;
  return obj_getattr(m->func, name);
}

static Value method_richcompare(Value a, Value b, int op) {
  if ((op != CMP_EQ && op != CMP_NE) || !v_is(b, &Type_method)) return V_NOTIMPL;
  Method *x = V_AS(Method, a), *y = V_AS(Method, b);
  bool eq = x->func == y->func && x->self == y->self;
  return v_bool(op == CMP_EQ ? eq : !eq);
}

static bool method_hash(Value v, int64_t *out) {
  Method *m = V_AS(Method, v);
  int64_t h1, h2;
  if (!obj_hash(m->func, &h1)) return false;
  h2 = (int64_t)((uintptr_t)V_OBJ(m->self) >> 4);
  *out = h1 ^ h2;
  if (*out == -1) *out = -2;
  return true;
}

/* -- built-in function ------------------------------------------------------------------------------ */
static void builtin_traverse(Obj *o, VisitFn visit) {
  visit(&((Builtin *)o)->self);
  visit((Value *)&((Builtin *)o)->owner);
}

static Value builtin_repr(Value v) {
  Builtin *b = V_AS(Builtin, v);
  char buf[512];
  if (b->self && !v_is(b->self, &Type_module))
    snprintf(buf, sizeof buf, "<built-in method %s of %s object at %p>", b->name, type_name(v_type(b->self)),
             (void *)(uintptr_t)b->self);
  else if (b->owner)
    snprintf(buf, sizeof buf, "<method '%s' of '%s' objects>", b->name, type_name(b->owner));
  else
    snprintf(buf, sizeof buf, "<built-in function %s>", b->name);
  return str_from_cstr(buf);
}

static Value builtin_getattr(Value v, Str *name) {
  Builtin *b = V_AS(Builtin, v);
  if (name == N.__name__ || name == N.__qualname__) return str_from_cstr(b->name);
  if (name == N.__doc__) return b->doc ? str_from_cstr(b->doc) : V_NONE;
  if (name == N.__self__) return b->self ? b->self : V_NONE;
  return type_generic_getattr(v, name);
}

static Value builtin_richcompare(Value a, Value b, int op) {
  if ((op != CMP_EQ && op != CMP_NE) || !v_is(b, &Type_builtin)) return V_NOTIMPL;
  Builtin *x = V_AS(Builtin, a), *y = V_AS(Builtin, b);
  bool eq = x == y || (x->fn == y->fn && x->self == y->self);
  return v_bool(op == CMP_EQ ? eq : !eq);
}

/* -- cell and code ------------------------------------------------------------------------------------ */
static void cell_traverse(Obj *o, VisitFn visit) { visit(&((Cell *)o)->v); }

Cell *cell_new(Value v) {
  Cell *c = (Cell *)gc_alloc(&Type_cell, sizeof(Cell));
  c->v = v;
  return c;
}

static void code_traverse(Obj *o, VisitFn visit) {
  Code *c = (Code *)o;
  visit((Value *)&c->consts);
  visit((Value *)&c->names);
  visit((Value *)&c->localnames);
  visit((Value *)&c->name);
  visit((Value *)&c->qualname);
  visit((Value *)&c->filename);
}

static void code_finalize(Obj *o) {
  Code *c = (Code *)o;
  free(c->insns);
  free(c->lines);
  free(c->exctab);
  free(c->cell_of_arg);
  free(c->caches);
  free(c->counters);
}

static Value code_repr(Value v) {
  Code *c = V_AS(Code, v);
  char buf[600];
  snprintf(buf, sizeof buf, "<code object %s at %p, file \"%s\", line %d>", c->name->data, (void *)c,
           c->filename ? c->filename->data : "?", c->firstlineno);
  return str_from_cstr(buf);
}

static Value code_getattr(Value v, Str *name) {
  Code *c = V_AS(Code, v);
  if (str_eq(name, N.name) || strcmp(name->data, "co_name") == 0) return OBJ_V(c->name);
  if (strcmp(name->data, "co_filename") == 0) return OBJ_V(c->filename);
  if (strcmp(name->data, "co_firstlineno") == 0) return v_from_int(c->firstlineno);
  if (strcmp(name->data, "co_varnames") == 0) return OBJ_V(c->localnames);
  if (strcmp(name->data, "co_argcount") == 0) return v_from_int(c->argcount);
  if (strcmp(name->data, "co_posonlyargcount") == 0) return v_from_int(c->posonlycount);
  if (strcmp(name->data, "co_kwonlyargcount") == 0) return v_from_int(c->kwonlycount);
  if (strcmp(name->data, "co_nlocals") == 0) return v_from_int(c->nlocals);
  if (strcmp(name->data, "co_consts") == 0) return OBJ_V(c->consts);
  if (strcmp(name->data, "co_names") == 0) return OBJ_V(c->names);
  if (strcmp(name->data, "co_qualname") == 0) return OBJ_V(c->qualname ? c->qualname : c->name);
  return type_generic_getattr(v, name);
}

void funcobject_init(void) {
  Type_function.traverse = func_traverse;
  Type_function.repr = func_repr;
  Type_function.getattr = func_getattr;
  Type_function.setattr_slot = func_setattr;
  Type_function.descr_get = func_descr_get;
  Type_method.traverse = method_traverse;
  Type_method.repr = method_repr;
  Type_method.getattr = method_getattr;
  Type_method.richcompare = method_richcompare;
  Type_method.hash = method_hash;
  Type_builtin.traverse = builtin_traverse;
  Type_builtin.repr = builtin_repr;
  Type_builtin.getattr = builtin_getattr;
  Type_builtin.richcompare = builtin_richcompare;
  Type_cell.traverse = cell_traverse;
  Type_code.traverse = code_traverse;
  Type_code.finalize = code_finalize;
  Type_code.repr = code_repr;
  Type_code.getattr = code_getattr;
}
