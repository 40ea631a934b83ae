/* interp.c: the bytecode interpreter.
 *
 * One C function, eval(), runs frames until its entry frame returns. Python-to-Python calls
 * push a frame and go on in the same loop (no C recursion), so deep Python recursion costs no
 * C stack; C code calling back into Python (builtins, dunders, generators) starts a nested
 * eval() on an entry frame. Dispatch is by computed goto. The operand stack pointer and pc
 * live in registers and are saved into the frame (SAVE) before anything that can run Python
 * code or reach a GC safepoint: the GC scans each frame's window up to its saved sp.
 *
 * Hot paths: tagged small ints and floats are handled inline; globals, attributes and methods
 * go through inline caches keyed on dict versions, type versions and instance maps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "ast.h"
#include "dictobject.h"
#include "errors.h"
#include "frame.h"
#include "gc.h"
#include "import.h"
#include "interp.h"
#include "jit.h"
#include "intobject.h"
#include "listobject.h"
#include "opcodes.h"
#include "rangeobject.h"
#include "sliceobject.h"
#include "strobject.h"
#include "typeobject.h"

static Value *vstack, *vstack_end;
static Frame frames[FRAME_DEPTH_MAX + 1];
static int depth;
static int c_depth;
int interp_recursion_limit = RECURSION_LIMIT_DEFAULT;
Dict *interp_builtins;

enum { CK_NONE, CK_SLOT, CK_METHOD, CK_CLASSATTR, CK_MODULE, CK_ADD_SLOT };

/* -- Roots and start-up ------------------------------------------------------------------------- */
static void scan_frames(VisitFn visit) {
  for (int i = 0; i < depth; i++) {
    Frame *f = &frames[i];
    visit((Value *)&f->code);
    visit((Value *)&f->func);
    visit((Value *)&f->globals);
    visit((Value *)&f->builtins);
    visit((Value *)&f->ns);
    visit((Value *)&f->gen);
    for (Value *p = f->localsplus; p < f->sp; p++) visit(p);
  }
}

static Value gen_close(Value self, Value *args, int nargs, Tuple *kw);

/* "Exception ignored in: ..." as CPython prints an error raised by a finalizer. */
static void report_ignored(Value where) {
  Value exc = err_fetch();
  Value r = obj_repr(where);
  if (!r) { err_clear(); r = str_from_cstr("<object>"); }
  fflush(stdout);
  fprintf(stderr, "Exception ignored in: %.*s\n", (int)STR_LEN(r), STR_DATA(r));
  err_print(exc);
}

/* Runs one queued finalizer: __del__, close() of a suspended generator, or a weakref callback. */
static void run_finalizer(Value obj, Value callback) {
  Value saved_handled = err_handled;
  if (callback) {
    if (!obj_call1(callback, obj)) report_ignored(callback);
  } else if (v_is(obj, &Type_generator)) {
    if (!gen_close(obj, NULL, 0, NULL)) report_ignored(obj);
  } else {
    Value del = type_lookup(v_type(obj), N.__del__);
    if (del && !obj_call1(del, obj)) report_ignored(del);
  }
  err_handled = saved_handled;
}

void interp_init(void) {
  gc_set_finalizer_runner(run_finalizer);
  size_t bytes = (size_t)VSTACK_WORDS * sizeof(Value);
  vstack = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (vstack == MAP_FAILED) {
    fputs("pypy-client: cannot map the value stack\n", stderr);
    exit(1);
  }
  vstack_end = vstack + VSTACK_WORDS;
  gc_add_root_scanner(scan_frames);
}

static Value *stack_top(void) { return depth ? frames[depth - 1].sp : vstack; }

int interp_enter_c(void) {
  if (++c_depth > C_REENTRY_MAX || depth + c_depth / 4 > interp_recursion_limit + 50) {
    c_depth--;
    err_format(Exc_RecursionError, "maximum recursion depth exceeded");
    return -1;
  }
  return 0;
}
void interp_leave_c(void) { c_depth--; }

/* -- Frames ---------------------------------------------------------------------------------------- */
static int nlocalsplus(Code *co) { return co->nlocals + co->ncells + co->nfree; }

/* Pushes a frame whose window starts at lp (arguments already bound there). */
static Frame *push_frame(Code *co, Function *fn, Dict *globals, Dict *builtins, Value *lp) {
  if (depth >= interp_recursion_limit || depth >= FRAME_DEPTH_MAX) {
    err_format(Exc_RecursionError, "maximum recursion depth exceeded");
    return NULL;
  }
  int nlp = nlocalsplus(co);
  if (lp + nlp + co->stacksize + 8 >= vstack_end) {
    err_format(Exc_RecursionError, "maximum recursion depth exceeded (value stack full)");
    return NULL;
  }
  if (!co->caches && co->ncaches) {
    co->caches = calloc((size_t)co->ncaches, sizeof(InlineCache));
    if (!co->caches) { err_no_memory(); return NULL; }
  }
  Frame *f = &frames[depth++];
  f->code = co;
  f->func = fn;
  f->globals = globals;
  f->builtins = builtins;
  f->ns = globals;
  f->localsplus = lp;
  f->stack_base = lp + nlp;
  f->sp = f->stack_base;
  f->pc = co->insns;
  f->ret_slot = NULL;
  f->gen = NULL;
  f->entry = false;
  f->init = false;
  return f;
}

static void init_cells(Frame *f, Function *fn) {
  Code *co = f->code;
  Value *cells = f->localsplus + co->nlocals;
  for (int k = 0; k < co->ncells; k++) {
    int a = co->cell_of_arg ? co->cell_of_arg[k] : -1;
    cells[k] = OBJ_V(cell_new(a >= 0 ? f->localsplus[a] : VNULL));
  }
  for (int k = 0; k < co->nfree; k++) cells[co->ncells + k] = fn->closure->items[k];
}

/* -- Argument binding -------------------------------------------------------------------------------- */
static const char *fname(Function *fn) { return fn->qualname->data; }

static Str *localname(Code *co, int i) { return V_AS(Str, co->localnames->items[i]); }

static void missing_args(Function *fn, Value *locals, int from, int to, bool kwonly) {
  Code *co = fn->code;
  int names[64], n = 0;
  for (int i = from; i < to && n < 64; i++)
    if (!locals[i]) names[n++] = i;
  char buf[512];
  size_t len = 0;
  for (int j = 0; j < n; j++) {
    const char *sep = j == 0 ? "" : (n == 2 ? " and " : (j == n - 1 ? ", and " : ", "));
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s'%s'", sep, localname(co, names[j])->data);
    if (len >= sizeof buf) break;
  }
  err_format(Exc_TypeError, "%s() missing %d required %s argument%s: %s", fname(fn), n,
             kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s", buf);
}

static bool too_many_positional(Function *fn, int given, int kwgiven) {
  Code *co = fn->code;
  int ndef = fn->defaults ? (int)fn->defaults->len : 0;
  char want[64];
  if (ndef) snprintf(want, sizeof want, "from %d to %d", co->argcount - ndef, co->argcount);
  else snprintf(want, sizeof want, "%d", co->argcount);
  char kw[96] = "";
  if (kwgiven) snprintf(kw, sizeof kw, " positional argument%s (and %d keyword-only argument%s)", given == 1 ? "" : "s", kwgiven, kwgiven == 1 ? "" : "s");
  err_format(Exc_TypeError, "%s() takes %s positional argument%s but %d%s %s given", fname(fn), want,
             (co->argcount == 1 && !ndef) ? "" : "s", given, kw[0] ? kw : (given == 1 ? "" : ""),
             given == 1 && !kwgiven ? "was" : "were");
  return false;
}

/* General binding: args[0..nargs) with the last len(kwnames) being keywords, into locals. */
static bool bind_args(Function *fn, const Value *args, int nargs, Tuple *kwnames, Value *locals) {
  Code *co = fn->code;
  int nkw = kwnames ? (int)kwnames->len : 0, npos = nargs - nkw;
  int total = co->argcount + co->kwonlycount;
  int nlp = nlocalsplus(co);
  for (int i = 0; i < nlp; i++) locals[i] = VNULL;
  int ncopy = npos < co->argcount ? npos : co->argcount;
  for (int i = 0; i < ncopy; i++) locals[i] = args[i];
  int extra_slot = total;
  if (co->flags & CO_VARARGS) {
    int nextra = npos > co->argcount ? npos - co->argcount : 0;
    locals[extra_slot++] = OBJ_V(tuple_from_array(args + ncopy, nextra));
  } else if (npos > co->argcount) {
    int kwonly_given = 0;
    for (int k = 0; k < nkw; k++)
      for (int i = co->argcount; i < total; i++)
        if (str_eq(localname(co, i), V_AS(Str, kwnames->items[k]))) kwonly_given++;
    return too_many_positional(fn, npos, kwonly_given);
  }
  Dict *kwdict = NULL;
  if (co->flags & CO_VARKEYWORDS) {
    kwdict = dict_new();
    locals[extra_slot] = OBJ_V(kwdict);
  }
  for (int k = 0; k < nkw; k++) {
    Str *name = V_AS(Str, kwnames->items[k]);
    int i = co->posonlycount;
    while (i < total && !str_eq(localname(co, i), name)) i++;
    if (i < total) {
      if (locals[i]) {
        err_format(Exc_TypeError, "%s() got multiple values for argument '%s'", fname(fn), name->data);
        return false;
      }
      locals[i] = args[npos + k];
    } else if (kwdict) {
      dict_set_str(kwdict, name, args[npos + k]);
    } else {
      for (int p = 0; p < co->posonlycount; p++)
        if (str_eq(localname(co, p), name)) {
          err_format(Exc_TypeError, "%s() got some positional-only arguments passed as keyword arguments: '%s'",
                     fname(fn), name->data);
          return false;
        }
      err_format(Exc_TypeError, "%s() got an unexpected keyword argument '%s'", fname(fn), name->data);
      return false;
    }
  }
  int ndef = fn->defaults ? (int)fn->defaults->len : 0;
  int first_def = co->argcount - ndef;
  for (int i = npos; i < co->argcount; i++)
    if (!locals[i] && i >= first_def) locals[i] = fn->defaults->items[i - first_def];
  for (int i = 0; i < co->argcount; i++)
    if (!locals[i]) {
      missing_args(fn, locals, 0, co->argcount, false);
      return false;
    }
  for (int i = co->argcount; i < total; i++) {
    if (locals[i]) continue;
    Value d = fn->kwdefaults ? dict_get_str(fn->kwdefaults, localname(co, i)) : VNULL;
    if (d) locals[i] = d;
  }
  for (int i = co->argcount; i < total; i++)
    if (!locals[i]) {
      missing_args(fn, locals, co->argcount, total, true);
      return false;
    }
  return true;
}

static bool simple_call(Code *co, int nargs) {
  return nargs == co->argcount && !(co->flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR)) && co->kwonlycount == 0;
}

/* Binds args into a window at lp. args may overlap lp: they are copied first when needed. */
static bool bind_at(Function *fn, Value *lp, const Value *args, int nargs, Tuple *kwnames) {
  Code *co = fn->code;
  if (!kwnames && simple_call(co, nargs)) {
    if (nargs && args != lp) memmove(lp, args, sizeof(Value) * (size_t)nargs);
    for (int i = nargs; i < nlocalsplus(co); i++) lp[i] = VNULL;
    return true;
  }
  Value small[32];
  Value *tmp = nargs <= 32 ? small : malloc(sizeof(Value) * (size_t)nargs);
  if (!tmp) { err_no_memory(); return false; }
  if (nargs) memcpy(tmp, args, sizeof(Value) * (size_t)nargs);
  bool ok = bind_args(fn, tmp, nargs, kwnames, lp);
  if (tmp != small) free(tmp);
  return ok;
}

/* -- Generators ------------------------------------------------------------------------------------------ */
Value gen_new(Function *fn, Value *lp);
static Value eval(Frame *entry, bool throwing);

/* The __init__ of a class whose call is object.__new__ then __init__ on a plain instance (no
   metaclass, no __new__ of its own, no built-in base), when __init__ is a Python function
   that is not a generator; else NULL (type_call does the rest). */
static Function *plain_init(Type *t) {
  if ((t->flags & (TPF_HEAPTYPE | TPF_METATYPE | TPF_NOATTRS)) != TPF_HEAPTYPE || t->builtin_base ||
      t->layout == LAYOUT_EXC)
    return NULL;
  Value newf = type_lookup(t, N.__new__);
  if (newf && !v_is(newf, &Type_builtin)) return NULL;
  Value init = type_lookup(t, N.__init__);
  if (!init || !v_is(init, &Type_function) || (V_AS(Function, init)->code->flags & CO_GENERATOR)) return NULL;
  return V_AS(Function, init);
}

/* -- Calls from C ----------------------------------------------------------------------------------------- */
static Value run_function_at(Function *fn, Value *lp) {
  Code *co = fn->code;
  if (co->flags & CO_GENERATOR) return gen_new(fn, lp);
  Frame *f = push_frame(co, fn, fn->globals, fn->builtins, lp);
  if (!f) return VNULL;
  f->entry = true;
  init_cells(f, fn);
  return eval(f, false);
}

Value interp_call_function(Function *fn, Value *args, int nargs, Tuple *kwnames) {
  if (interp_enter_c() < 0) return VNULL;
  Value *lp = stack_top();
  Value r = VNULL;
  if (lp + nargs + nlocalsplus(fn->code) + 8 >= vstack_end) err_format(Exc_RecursionError, "maximum recursion depth exceeded");
  else if (bind_at(fn, lp, args, nargs, kwnames)) r = run_function_at(fn, lp);
  interp_leave_c();
  return r;
}

Value interp_call_function_self(Function *fn, Value self, Value *args, int nargs, Tuple *kwnames) {
  if (interp_enter_c() < 0) return VNULL;
  Value *lp = stack_top();
  Value r = VNULL;
  if (lp + nargs + 1 + nlocalsplus(fn->code) + 8 >= vstack_end) {
    err_format(Exc_RecursionError, "maximum recursion depth exceeded");
  } else {
    /* Lay [self, args...] out at lp; args may be anywhere (C arrays or the vstack below lp). */
    Value small[32];
    Value *tmp = nargs + 1 <= 32 ? small : malloc(sizeof(Value) * (size_t)(nargs + 1));
    if (!tmp) { interp_leave_c(); return err_no_memory(); }
    tmp[0] = self;
    if (nargs) memcpy(tmp + 1, args, sizeof(Value) * (size_t)nargs);
    if (bind_at(fn, lp, tmp, nargs + 1, kwnames)) r = run_function_at(fn, lp);
    if (tmp != small) free(tmp);
  }
  interp_leave_c();
  return r;
}

Value interp_run_module(Code *code, Dict *globals) {
  Value *lp = stack_top();
  Value b = dict_get_str(globals, N.__builtins__);
  Dict *builtins = b && IS_DICT(b) ? V_AS(Dict, b) : interp_builtins;
  if (b && v_is(b, &Type_module)) builtins = V_AS(Module, b)->dict;
  Frame *f = push_frame(code, NULL, globals, builtins, lp);
  if (!f) return VNULL;
  for (int i = 0; i < nlocalsplus(code); i++) lp[i] = VNULL;
  f->entry = true;
  return eval(f, false);
}

Value interp_run_class_body(Function *fn, Dict *ns) {
  Value *lp = stack_top();
  Frame *f = push_frame(fn->code, fn, fn->globals, fn->builtins, lp);
  if (!f) return VNULL;
  for (int i = 0; i < nlocalsplus(fn->code); i++) lp[i] = VNULL;
  f->ns = ns;
  f->entry = true;
  init_cells(f, fn);
  return eval(f, false);
}

/* -- Frame introspection for builtins ---------------------------------------------------------------------- */
Value interp_globals(void) { return depth ? OBJ_V(frames[depth - 1].globals) : V_NONE; }

Value interp_locals(void) {
  if (!depth) return V_NONE;
  Frame *f = &frames[depth - 1];
  if (!f->func || (f->code->flags & CO_CLASSBODY)) return OBJ_V(f->ns);
  Dict *d = dict_new();
  Code *co = f->code;
  for (int i = 0; i < nlocalsplus(co); i++) {
    Value v = f->localsplus[i];
    if (i >= co->nlocals && v && v_is(v, &Type_cell)) v = V_AS(Cell, v)->v;
    if (v) dict_set_str(d, localname(co, i), v);
  }
  return OBJ_V(d);
}

bool interp_super_args(Value *type, Value *obj) {
  if (!depth) { err_format(Exc_RuntimeError, "super(): no current frame"); return false; }
  Frame *f = &frames[depth - 1];
  Code *co = f->code;
  if (co->argcount == 0 || !f->func) { err_format(Exc_RuntimeError, "super(): no arguments"); return false; }
  Value first = f->localsplus[0];
  for (int k = 0; k < co->ncells; k++)
    if (co->cell_of_arg && co->cell_of_arg[k] == 0) first = V_AS(Cell, f->localsplus[co->nlocals + k])->v;
  if (!first) { err_format(Exc_RuntimeError, "super(): arg[0] deleted"); return false; }
  for (int k = 0; k < co->nfree; k++) {
    int i = co->nlocals + co->ncells + k;
    if (strcmp(localname(co, i)->data, "__class__") == 0) {
      Value c = V_AS(Cell, f->localsplus[i])->v;
      if (!c) { err_format(Exc_RuntimeError, "super(): empty __class__ cell"); return false; }
      *type = c;
      *obj = first;
      return true;
    }
  }
  err_format(Exc_RuntimeError, "super(): __class__ cell not found");
  return false;
}

/* -- Helpers for the opcodes' slow paths ------------------------------------------------------------------- */
static Value name_error(Str *name) {
  return err_format(Exc_NameError, "name '%s' is not defined", name->data);
}

static Value unbound_local(Code *co, int i) {
  if (i < co->nlocals)
    return err_format(Exc_UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value",
                      localname(co, i)->data);
  if (i < co->nlocals + co->ncells)
    return err_format(Exc_UnboundLocalError, "cannot access local variable '%s' where it is not associated with a value",
                      localname(co, i)->data);
  return err_format(Exc_NameError, "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
                    localname(co, i)->data);
}

static Value load_global(Frame *f, Str *name, CacheEntry *c) {
  Dict *g = f->globals, *b = f->builtins;
  int64_t i = dict_lookup_index(g, name);
  if (i >= 0) {
    c->key = g->version;
    c->key2 = 0;
    c->index = (int32_t)i;
    c->kind = 0;
    return g->entries[i].value;
  }
  int64_t j = dict_lookup_index(b, name);
  if (j < 0) return name_error(name);
  c->key = g->version;
  c->key2 = b->version;
  c->index = (int32_t)j;
  c->kind = 1;
  return b->entries[j].value;
}

/* The keys an attribute answer depends on: (type version, map) for instances of classes,
   (dict version, dict) for modules. False for objects whose attributes are not cached. */
static inline bool attr_keys(Obj *ob, uint64_t *k1, uint64_t *k2) {
  Type *t = ob->type;
  if ((t->flags & (TPF_HEAPTYPE | TPF_NOATTRS | TPF_METATYPE)) == TPF_HEAPTYPE) {
    *k1 = t->version;
    *k2 = (uint64_t)(uintptr_t)inst_ext(ob)->map;
    return true;
  }
  if (t == &Type_module) {
    Dict *d = ((Module *)ob)->dict;
    *k1 = d->version;
    *k2 = (uint64_t)(uintptr_t)d;
    return true;
  }
  return false;
}

static inline CacheEntry *attr_probe(InlineCache *c, Obj *ob) {
  uint64_t k1, k2;
  if (!attr_keys(ob, &k1, &k2)) return NULL;
  for (int i = 0; i < ATTR_WAYS; i++)
    if (c->e[i].key == k1 && c->e[i].key2 == k2 && c->e[i].kind != CK_NONE) return &c->e[i];
  return NULL;
}

static CacheEntry *attr_victim(InlineCache *c) {
  CacheEntry *e = &c->e[c->victim];
  c->victim = (c->victim + 1) % ATTR_WAYS;
  e->kind = CK_NONE;
  return e;
}

/* Fills a cache entry for obj.name when the answer is a plain slot or class attribute. */
static __attribute__((noinline)) void fill_attr_cache(InlineCache *ic, Value obj, Str *name, bool for_method) {
  if (!v_is_obj(obj)) return;
  Type *t = V_OBJ(obj)->type;
  uint64_t k1, k2;
  if (!attr_keys(V_OBJ(obj), &k1, &k2)) return;
  if (t == &Type_module) {
    int64_t i = dict_lookup_index(V_AS(Module, obj)->dict, name);
    if (i < 0) return;
    CacheEntry *c = attr_victim(ic);
    c->key = k1;
    c->key2 = k2;
    c->index = (int32_t)i;
    c->kind = CK_MODULE;
    return;
  }
  if (t->getattr || (t->flags & TPF_HAS_GETATTRIBUTE)) return;
  InstExt *in = inst_ext(V_OBJ(obj));
  if (!in->map) return;
  Value ta = type_lookup(t, name);
  if (ta && v_is_obj(ta)) {
    Type *at = V_OBJ(ta)->type;
    if (at->is_data_descr || ((at->flags & TPF_HEAPTYPE) && (type_lookup(at, N.__set__) || type_lookup(at, N.__get__)))) return;
  }
  int64_t idx = map_index_of(in->map, name);
  int kind = CK_NONE;
  if (idx >= 0) kind = CK_SLOT;
  else if (ta && v_is(ta, &Type_function) && for_method) kind = CK_METHOD;
  else if (ta && (!v_is_obj(ta) || (V_OBJ(ta)->type != &Type_function && V_OBJ(ta)->type != &Type_builtin &&
                                    !V_OBJ(ta)->type->descr_get && V_OBJ(ta)->type != &Type_classmethod &&
                                    V_OBJ(ta)->type != &Type_staticmethod && !(V_OBJ(ta)->type->flags & TPF_HEAPTYPE))))
    kind = CK_CLASSATTR;
  if (kind == CK_NONE) return;
  CacheEntry *c = attr_victim(ic);
  c->key = k1;
  c->key2 = k2;
  c->index = (int32_t)idx;
  c->value = ta;
  c->kind = kind;
}

/* After a store that went the slow way: cache it when it was a plain slot write or added one
   attribute to the map (the common `self.x = ...` in __init__). */
static __attribute__((noinline)) void fill_store_cache(InlineCache *ic, Obj *obj, Str *name, Map *before) {
  Type *t = obj->type;
  InstExt *in = inst_ext(obj);
  if (t->getattr || t->setattr_slot || (t->flags & TPF_HAS_SETATTR) || !in->map) return;
  Value ta = type_lookup(t, name);
  if (ta && v_is_obj(ta) && (V_OBJ(ta)->type->is_data_descr || (V_OBJ(ta)->type->flags & TPF_HEAPTYPE))) return;
  int kind = in->map == before ? CK_SLOT : in->map->parent == before ? CK_ADD_SLOT : CK_NONE;
  if (kind == CK_NONE) return;
  CacheEntry *c = attr_victim(ic);
  c->key = t->version;
  c->key2 = (uint64_t)(uintptr_t)before;
  c->index = (int32_t)map_index_of(in->map, name);
  c->value = OBJ_V(in->map);
  c->kind = kind;
}

static Value binop_slow(int op, Value a, Value b) { return obj_binop(op, a, b); }

static bool unpack(Value seq, int n, Value *out) {
  GC_ROOT_SCOPE;
  /* out receives items in reverse: out[0] is the last item. */
  if (IS_TUPLE(seq) || IS_LIST(seq)) {
    int64_t len = IS_TUPLE(seq) ? V_AS(Tuple, seq)->len : V_AS(List, seq)->len;
    Value *items = IS_TUPLE(seq) ? V_AS(Tuple, seq)->items : V_AS(List, seq)->items;
    if (len != n) {
      if (len < n) err_format(Exc_ValueError, "not enough values to unpack (expected %d, got %lld)", n, (long long)len);
      else err_format(Exc_ValueError, "too many values to unpack (expected %d)", n);
      return false;
    }
    for (int i = 0; i < n; i++) out[n - 1 - i] = items[i];
    return true;
  }
  Value it = obj_iter(seq);
  if (!it) {
    if (err_matches(Exc_TypeError)) {
      err_clear();
      err_format(Exc_TypeError, "cannot unpack non-iterable %s object", type_name(v_type(seq)));
    }
    return false;
  }
  List *tmp = list_new(n);
  gc_root(&it);
  gc_root((Value *)&tmp);
  for (int i = 0; i < n; i++) {
    Value x = obj_next(it);
    if (!x) {
      if (!err_occurred()) err_format(Exc_ValueError, "not enough values to unpack (expected %d, got %d)", n, i);
      return false;
    }
    list_append(tmp, x);
  }
  Value x = obj_next(it);
  if (x) {
    err_format(Exc_ValueError, "too many values to unpack (expected %d)", n);
    return false;
  }
  if (err_occurred()) return false;
  for (int i = 0; i < n; i++) out[n - 1 - i] = tmp->items[i];
  return true;
}

static bool unpack_ex(Value seq, int before, int after, Value *out) {
  List *l = list_from_iterable(seq);
  if (!l) {
    if (err_matches(Exc_TypeError)) {
      err_clear();
      err_format(Exc_TypeError, "cannot unpack non-iterable %s object", type_name(v_type(seq)));
    }
    return false;
  }
  int64_t len = l->len;
  if (len < before + after) {
    err_format(Exc_ValueError, "not enough values to unpack (expected at least %d, got %lld)", before + after, (long long)len);
    return false;
  }
  int n = before + 1 + after, k = 0;
  /* out[0] is the top of stack: the first item. Fill from the bottom (last item) up. */
  for (int i = after - 1; i >= 0; i--) out[k++] = l->items[len - after + i];
  (void)n;
  List *mid = list_from_array(l->items + before, len - before - after);
  Value *tmp = out + k;
  tmp[0] = OBJ_V(mid);
  k++;
  for (int i = before - 1; i >= 0; i--) out[k++] = l->items[i];
  return true;
}

static Value format_value(Value v, int conv, Value spec) {
  if (conv == 1) v = obj_str(v);
  else if (conv == 2 || conv == 3) v = obj_repr(v);
  if (!v) return VNULL;
  if (!spec && IS_STR(v)) return v;
  return obj_format(v, spec ? spec : OBJ_V(str_empty()));
}

static int exc_match(Value exc, Value type) {
  if (IS_TUPLE(type)) {
    Tuple *t = V_AS(Tuple, type);
    for (int64_t i = 0; i < t->len; i++) {
      int m = exc_match(exc, t->items[i]);
      if (m) return m;
    }
    return 0;
  }
  if (!v_isinstance(type, &Type_type) || !type_is_subtype(V_AS(Type, type), Exc_BaseException)) {
    err_format(Exc_TypeError, "catching classes that do not inherit from BaseException is not allowed");
    return -1;
  }
  return v_isinstance(exc, V_AS(Type, type));
}

static bool do_raise(Value exc, Value cause) {
  Value e = exc_instantiate(exc);
  if (!e) return false;
  if (cause) {
    Value c = cause;
    if (c != V_NONE) {
      bool is_exc = v_isinstance(c, Exc_BaseException) ||
                    (v_isinstance(c, &Type_type) && type_is_subtype(V_AS(Type, c), Exc_BaseException));
      if (!is_exc) {
        err_format(Exc_TypeError, "exception causes must derive from BaseException");
        return false;
      }
      c = exc_instantiate(c);
      if (!c) return false;
    }
    ExcObj *eo = V_AS(ExcObj, e);
    eo->cause = c;
    eo->suppress_context = true;
    gc_wb(&eo->base.h);
  }
  err_set_obj(e);
  return true;
}

static const ExcEntry *find_handler(Code *co, uint32_t idx) {
  for (int i = 0; i < co->nexc; i++) {
    const ExcEntry *e = &co->exctab[i];
    if (idx >= e->start && idx < e->end) return e;
  }
  return NULL;
}

static Value make_function(Frame *f, int flags, Value *sp) {
  Code *co = V_AS(Code, sp[-1]);
  int k = -2;
  Function *fn = V_AS(Function, function_new(co, f->globals));
  fn->builtins = f->builtins;
  if (flags & 8) fn->closure = V_AS(Tuple, sp[k--]);
  if (flags & 2) fn->kwdefaults = V_AS(Dict, sp[k--]);
  if (flags & 1) fn->defaults = V_AS(Tuple, sp[k--]);
  return OBJ_V(fn);
}

/* How CPython names a callable in call errors: "__main__.f()", "print()". */
static void function_str(Value func, char *buf, size_t cap) {
  if (v_is(func, &Type_method)) func = V_AS(Method, func)->func;
  if (v_is(func, &Type_function)) {
    Function *fn = V_AS(Function, func);
    if (IS_STR(fn->module) && strcmp(STR_DATA(fn->module), "builtins") != 0)
      snprintf(buf, cap, "%.*s.%s()", (int)STR_LEN(fn->module), STR_DATA(fn->module), fn->qualname->data);
    else
      snprintf(buf, cap, "%s()", fn->qualname->data);
  } else if (v_is(func, &Type_builtin)) {
    snprintf(buf, cap, "%s()", V_AS(Builtin, func)->name);
  } else {
    snprintf(buf, cap, "%s object", type_name(v_type(func)));
  }
}

static Value call_ex(Value func, Value args, Value kwargs) {
  GC_ROOT_SCOPE;
  Tuple *t = IS_TUPLE(args) ? V_AS(Tuple, args) : tuple_from_iterable(args);
  if (!t) {
    Type *at = v_type(args);
    if (err_matches(Exc_TypeError) && !at->iter && !type_lookup(at, N.__iter__) && !type_lookup(at, N.__getitem__)) {
      char name[300];
      function_str(func, name, sizeof name);
      err_clear();
      err_format(Exc_TypeError, "%s argument after * must be an iterable, not %s", name, type_name(at));
    }
    return VNULL;
  }
  if (!kwargs || V_AS(Dict, kwargs)->used == 0) return obj_call(func, t->items, (int)t->len, NULL);
  Dict *d = V_AS(Dict, kwargs);
  int64_t n = t->len + d->used;
  Value *a = malloc(sizeof(Value) * (size_t)n);
  if (!a) return err_no_memory();
  Tuple *names = tuple_new(d->used);
  memcpy(a, t->items, sizeof(Value) * (size_t)t->len);
  int64_t pos = 0, i = 0;
  Value k, v;
  while (dict_next(d, &pos, &k, &v)) {
    names->items[i] = k;
    a[t->len + i] = v;
    i++;
  }
  Value tv = OBJ_V(t), nv = OBJ_V(names);
  gc_root(&tv);
  gc_root(&nv);
  Value r = obj_call(func, a, (int)n, names);
  free(a);
  return r;
}

static bool dict_merge_kw(Value target, Value src, Value func) {
  Dict *d = V_AS(Dict, target);
  if (!IS_DICT(src)) {
    Value keys = obj_call_method(src, N.keys, NULL, 0);
    if (!keys) {
      if (err_matches(Exc_AttributeError)) {
        err_clear();
        char name[300];
        function_str(func, name, sizeof name);
        err_format(Exc_TypeError, "%s argument after ** must be a mapping, not %s", name, type_name(v_type(src)));
      }
      return false;
    }
    Dict *tmp = dict_new();
    Value it = obj_iter(keys);
    if (!it) return false;
    Value k;
    while ((k = obj_next(it))) {
      Value v = obj_getitem(src, k);
      if (!v || !dict_set(tmp, k, v)) return false;
    }
    if (err_occurred()) return false;
    src = OBJ_V(tmp);
  }
  int64_t pos = 0;
  Value k, v;
  while (dict_next(V_AS(Dict, src), &pos, &k, &v)) {
    if (!IS_STR(k)) {
      err_format(Exc_TypeError, "keywords must be strings");
      return false;
    }
    if (dict_get(d, k)) {
      char name[300];
      function_str(func, name, sizeof name);
      err_format(Exc_TypeError, "%s got multiple values for keyword argument '%s'", name, STR_DATA(k));
      return false;
    }
    if (!dict_set(d, k, v)) return false;
  }
  return true;
}

static bool dict_update_any(Value target, Value src) {
  if (IS_DICT(src)) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(V_AS(Dict, src), &pos, &k, &v))
      if (!dict_set(V_AS(Dict, target), k, v)) return false;
    return true;
  }
  Value r = obj_call_method(target, str_intern_cstr("update"), &src, 1);
  if (!r && err_matches(Exc_AttributeError)) {
    err_clear();
    err_format(Exc_TypeError, "'%s' object is not a mapping", type_name(v_type(src)));
  }
  return r != VNULL;
}

static bool list_extend_any(List *l, Value src) {
  GC_ROOT_SCOPE;
  if (IS_LIST(src) || IS_TUPLE(src)) {
    int64_t n = IS_LIST(src) ? V_AS(List, src)->len : V_AS(Tuple, src)->len;
    Value *items = IS_LIST(src) ? V_AS(List, src)->items : V_AS(Tuple, src)->items;
    if (n == 0) return true;
    if (!list_reserve(l, l->len + n)) return false;
    gc_wb(&l->h);
    memcpy(l->items + l->len, items, sizeof(Value) * (size_t)n);
    l->len += n;
    return true;
  }
  Value it = obj_iter(src);
  if (!it) {
    if (err_matches(Exc_TypeError)) {
      err_clear();
      err_format(Exc_TypeError, "Value after * must be an iterable, not %s", type_name(v_type(src)));
    }
    return false;
  }
  gc_root(&it);
  Value x;
  while ((x = obj_next(it)))
    if (!list_append(l, x)) return false;
  return !err_occurred();
}

static bool set_update_any(Set *s, Value src) {
  GC_ROOT_SCOPE;
  Value it = obj_iter(src);
  if (!it) return false;
  gc_root(&it);
  Value x;
  while ((x = obj_next(it)))
    if (!set_add(s, x)) return false;
  return !err_occurred();
}

static bool import_star(Frame *f, Value mod) {
  if (!v_is(mod, &Type_module)) return true;
  Dict *md = V_AS(Module, mod)->dict;
  Value all = dict_get_str(md, N.__all__);
  if (all) {
    Value it = obj_iter(all);
    if (!it) return false;
    Value k;
    while ((k = obj_next(it))) {
      if (!IS_STR(k)) continue;
      Value v = dict_get(md, k);
      if (!v) return err_format(Exc_AttributeError, "module has no attribute '%s'", STR_DATA(k)) != VNULL;
      dict_set(f->ns, k, v);
    }
    return !err_occurred();
  }
  int64_t pos = 0;
  Value k, v;
  while (dict_next(md, &pos, &k, &v))
    if (IS_STR(k) && STR_DATA(k)[0] != '_') dict_set(f->ns, k, v);
  return true;
}

/* Sets up the frame of a call that the fast path in CALL does not take (keywords, defaults,
   *args, cells, first call). The caller's sp is saved at its arguments. */
static __attribute__((noinline)) Frame *enter_function(Frame *f, Function *fn, Value *callable, Value *args, int n,
                                                      Tuple *kwnames) {
  Code *fco = fn->code;
  f->sp = args; /* the callee's window starts at its arguments */
  Frame *nf = NULL;
  if (args + nlocalsplus(fco) + fco->stacksize + 8 >= vstack_end)
    err_format(Exc_RecursionError, "maximum recursion depth exceeded");
  else if (bind_at(fn, args, args, n, kwnames))
    nf = push_frame(fco, fn, fn->globals, fn->builtins, args);
  if (!nf) {
    f->sp = callable + 2;
    return NULL;
  }
  nf->ret_slot = callable;
  if (fco->ncells || fco->nfree) init_cells(nf, fn);
  return nf;
}

/* -- The JIT's view of the frames -------------------------------------------------------------------------- */
static void **dispatch_table;
static void *const *handler_table;
static void *record_label;

void interp_set_recording(bool on) {
  if (!dispatch_table) return;
  for (int i = 0; i < OP__COUNT; i++) dispatch_table[i] = on ? record_label : handler_table[i];
}

Frame *interp_top_frame(void) { return depth ? &frames[depth - 1] : NULL; }

bool interp_has_room(const Value *from, uint32_t slots, uint32_t nframes) {
  return depth + (int)nframes < interp_recursion_limit && depth + (int)nframes < FRAME_DEPTH_MAX &&
         from + slots + 8 < vstack_end;
}

Frame *interp_push_inlined(Code *co, Function *fn, Value *localsplus, Value *ret_slot) {
  if (depth >= FRAME_DEPTH_MAX) return NULL;
  Frame *nf = &frames[depth++];
  nf->code = co;
  nf->func = fn;
  nf->globals = fn->globals;
  nf->builtins = fn->builtins;
  nf->ns = fn->globals;
  nf->localsplus = localsplus;
  nf->stack_base = nf->sp = localsplus + nlocalsplus(co);
  nf->pc = co->insns;
  nf->ret_slot = ret_slot;
  nf->gen = NULL;
  nf->entry = false;
  nf->init = false;
  return nf;
}

/* -- The loop --------------------------------------------------------------------------------------------------- */
Value gen_yield_from_step(Value sub, Value sent, bool *yielded);
void gen_save(Generator *g, Frame *f, Value *sp, uint32_t *pc);

static Value eval(Frame *entry, bool throwing) {
  /* DISPATCH jumps through labels; while the JIT records, every entry is op_RECORD, which
     calls the recorder and then the instruction's handler (zero cost when not recording). */
  static void *const handlers[OP__COUNT] = {
#define OP_LABEL(name, cache, jump) &&op_##name,
    OPCODES(OP_LABEL)
  };
  static void *labels[OP__COUNT] = {OPCODES(OP_LABEL)};
#undef OP_LABEL
  if (!dispatch_table) {
    dispatch_table = labels;
    handler_table = handlers;
    record_label = &&op_RECORD;
  }
  Frame *f = entry;
  Code *co;
  Value *sp, *lp, *consts;
  uint32_t *pc, w, arg;
  Value exc;
  bool add_tb;
  int root_base = gc_root_mark(); /* roots pushed by this activation's handlers sit above */
  uint32_t *fresh_pc = NULL;      /* just after the BINARY_OP that made fresh_float */
  Value fresh_float = VNULL;

#define LOAD_FRAME() \
  do { co = f->code; sp = f->sp; pc = f->pc; lp = f->localsplus; consts = co->consts->items; } while (0)
#define SAVE() do { f->sp = sp; f->pc = pc; } while (0)
#define DISPATCH() do { w = *pc++; arg = w >> 8; goto *labels[w & 0xFF]; } while (0)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define NAME(i) V_AS(Str, co->names->items[i])
#define CACHE() (&((InlineCache *)co->caches)[*pc++])
#define ERROR() do { SAVE(); goto error; } while (0)
#define CHECK(v) do { if (!(v)) ERROR(); } while (0)
#define SAFEPOINT() do { if (gc_young_bytes > gc_threshold && gc_enabled) { SAVE(); gc_root_restore(root_base); \
      gc_collect_minor(); if (gc_has_pending()) gc_run_pending(); } } while (0)

  LOAD_FRAME();
  if (throwing) goto error;
  SAFEPOINT();
  DISPATCH();

op_NOP:
  DISPATCH();
op_POP_TOP:
  sp--;
  DISPATCH();
op_PUSH_NULL:
  PUSH(VNULL);
  DISPATCH();
op_COPY: {
  Value v = sp[-(int)arg];
  PUSH(v);
  DISPATCH();
}
op_SWAP: {
  Value t = sp[-1];
  sp[-1] = sp[-(int)arg];
  sp[-(int)arg] = t;
  DISPATCH();
}
op_LOAD_CONST:
  PUSH(consts[arg]);
  DISPATCH();
op_LOAD_FAST: {
  Value v = lp[arg];
  if (!v) { SAVE(); unbound_local(co, (int)arg); goto error; }
  PUSH(v);
  DISPATCH();
}
op_STORE_FAST:
  lp[arg] = POP();
  DISPATCH();
op_DELETE_FAST:
  if (!lp[arg]) { SAVE(); unbound_local(co, (int)arg); goto error; }
  lp[arg] = VNULL;
  DISPATCH();
op_LOAD_DEREF: {
  Value v = V_AS(Cell, lp[arg])->v;
  if (!v) { SAVE(); unbound_local(co, (int)arg); goto error; }
  PUSH(v);
  DISPATCH();
}
op_STORE_DEREF: {
  Cell *c = V_AS(Cell, lp[arg]);
  c->v = POP();
  gc_wb_store(&c->h, c->v);
  DISPATCH();
}
op_DELETE_DEREF: {
  Cell *c = V_AS(Cell, lp[arg]);
  if (!c->v) { SAVE(); unbound_local(co, (int)arg); goto error; }
  c->v = VNULL;
  DISPATCH();
}
op_LOAD_CLOSURE:
  PUSH(lp[arg]);
  DISPATCH();
op_LOAD_CLASSDEREF: {
  Value v = dict_get_str(f->ns, localname(co, (int)arg));
  if (!v) {
    v = V_AS(Cell, lp[arg])->v;
    if (!v) { SAVE(); unbound_local(co, (int)arg); goto error; }
  }
  PUSH(v);
  DISPATCH();
}
op_LOAD_GLOBAL: {
  CacheEntry *c = CACHE()->e;
  Dict *g = f->globals;
  Value v;
  if (c->key == g->version) {
    if (c->kind == 0) v = g->entries[c->index].value;
    else if (c->key2 == f->builtins->version) v = f->builtins->entries[c->index].value;
    else goto load_global_slow;
    PUSH(v);
    DISPATCH();
  }
load_global_slow:
  SAVE();
  v = load_global(f, NAME(arg), c);
  if (!v) goto error;
  PUSH(v);
  DISPATCH();
}
op_STORE_GLOBAL: {
  pc++;
  SAVE();
  CHECK(dict_set_str(f->globals, NAME(arg), TOP()));
  sp--;
  DISPATCH();
}
op_DELETE_GLOBAL: {
  SAVE();
  int r = dict_del(f->globals, OBJ_V(NAME(arg)));
  if (r <= 0) { if (r == 0) name_error(NAME(arg)); goto error; }
  DISPATCH();
}
op_LOAD_NAME: {
  Str *name = NAME(arg);
  Value v = dict_get_str(f->ns, name);
  if (!v) v = dict_get_str(f->globals, name);
  if (!v) v = dict_get_str(f->builtins, name);
  if (!v) { SAVE(); name_error(name); goto error; }
  PUSH(v);
  DISPATCH();
}
op_STORE_NAME:
  SAVE();
  CHECK(dict_set_str(f->ns, NAME(arg), TOP()));
  sp--;
  DISPATCH();
op_DELETE_NAME: {
  SAVE();
  int r = dict_del(f->ns, OBJ_V(NAME(arg)));
  if (r <= 0) { if (r == 0) name_error(NAME(arg)); goto error; }
  DISPATCH();
}
op_LOAD_ATTR: {
  InlineCache *c = CACHE();
  Value o = TOP();
  if (v_is_obj(o)) {
    Obj *ob = V_OBJ(o);
    CacheEntry *e = attr_probe(c, ob);
    if (e) {
      if (e->kind == CK_SLOT) { sp[-1] = inst_ext(ob)->slots[e->index]; DISPATCH(); }
      if (e->kind == CK_MODULE) { sp[-1] = ((Module *)ob)->dict->entries[e->index].value; DISPATCH(); }
      if (e->kind == CK_CLASSATTR) { sp[-1] = e->value; DISPATCH(); }
    }
  }
  SAVE();
  Value v = obj_getattr(o, NAME(arg));
  if (!v) goto error;
  fill_attr_cache(c, o, NAME(arg), false);
  sp[-1] = v;
  DISPATCH();
}
op_STORE_ATTR: {
  InlineCache *c = CACHE();
  Value o = TOP();
  if (v_is_obj(o)) {
    Obj *ob = V_OBJ(o);
    InstExt *in = inst_ext(ob);
    CacheEntry *e = attr_probe(c, ob);
    if (e && e->kind == CK_SLOT) {
      gc_wb_store(ob, SECOND());
      in->slots[e->index] = SECOND();
      sp -= 2;
      DISPATCH();
    }
    if (e && e->kind == CK_ADD_SLOT && e->index < in->cap) {
      gc_wb_store(ob, SECOND());
      in->slots[e->index] = SECOND();
      in->map = V_AS(Map, e->value);
      gc_wb_store(ob, e->value);
      sp -= 2;
      DISPATCH();
    }
  }
  SAVE();
  Str *name = NAME(arg);
  Map *before = v_is_obj(o) && (V_OBJ(o)->type->flags & (TPF_HEAPTYPE | TPF_NOATTRS | TPF_METATYPE)) == TPF_HEAPTYPE
                    ? inst_ext(V_OBJ(o))->map : NULL;
  CHECK(obj_setattr(o, name, SECOND()));
  if (before) fill_store_cache(c, V_OBJ(o), name, before);
  sp -= 2;
  DISPATCH();
}
op_DELETE_ATTR:
  SAVE();
  CHECK(obj_delattr(TOP(), NAME(arg)));
  sp--;
  DISPATCH();
op_LOAD_METHOD: {
  InlineCache *c = CACHE();
  Value o = TOP();
  if (v_is_obj(o)) {
    Obj *ob = V_OBJ(o);
    CacheEntry *e = attr_probe(c, ob);
    if (e) {
      if (e->kind == CK_METHOD) { sp[-1] = e->value; PUSH(o); DISPATCH(); }
      if (e->kind == CK_MODULE) { sp[-1] = ((Module *)ob)->dict->entries[e->index].value; PUSH(VNULL); DISPATCH(); }
      if (e->kind == CK_SLOT) { sp[-1] = inst_ext(ob)->slots[e->index]; PUSH(VNULL); DISPATCH(); }
      if (e->kind == CK_CLASSATTR) { sp[-1] = e->value; PUSH(VNULL); DISPATCH(); }
    }
  }
  SAVE();
  Str *name = NAME(arg);
  Type *t = v_type(o);
  /* Methods of built-in types: skip creating a bound method. */
  if (!(t->flags & TPF_HEAPTYPE) && !t->getattr) {
    Value m = type_lookup(t, name);
    if (m && v_is(m, &Type_builtin) && V_AS(Builtin, m)->owner) {
      sp[-1] = m;
      PUSH(o);
      DISPATCH();
    }
  }
  Value v = obj_getattr(o, name);
  if (!v) goto error;
  fill_attr_cache(c, o, name, true);
  CacheEntry *e = v_is_obj(o) ? attr_probe(c, V_OBJ(o)) : NULL;
  if (e && e->kind == CK_METHOD) {
    sp[-1] = e->value;
    PUSH(o);
    DISPATCH();
  }
  sp[-1] = v;
  PUSH(VNULL);
  DISPATCH();
}
op_CALL:
op_CALL_KW: {
  Tuple *kwnames = NULL;
  int n = (int)arg;
  if ((w & 0xFF) == OP_CALL_KW) kwnames = V_AS(Tuple, sp[-1]);
  Value *args = sp - n - (kwnames ? 1 : 0);
  Value *callable = args - 2;
  Value self = callable[1];
  if (self) { args--; n++; }
  Value fv = callable[0];
  if (v_is(fv, &Type_method) && !self) {
    Method *m = V_AS(Method, fv);
    callable[0] = fv = m->func;
    callable[1] = m->self;
    args--;
    n++;
  }
  /* C(args) of a plain class whose __init__ is a plain Python function: the instance is made
     here and __init__ runs as a frame of this loop (no nested interpreter); RETURN_VALUE hands
     the instance to the caller. */
  bool init_call = false;
  if (!self && !kwnames && v_is(fv, &Type_type)) {
    Function *init = plain_init(V_AS(Type, fv));
    if (init) {
      Value obj = instance_new(V_AS(Type, fv));
      if (!obj) goto error;
      callable[0] = obj;
      callable[1] = obj;
      args--;
      n++;
      fv = OBJ_V(init);
      init_call = true;
    }
  }
  if (v_is(fv, &Type_function)) {
    Function *fn = V_AS(Function, fv);
    Code *fco = fn->code;
    int nlp = nlocalsplus(fco);
    /* Fast path: positional arguments matching the parameters exactly, no cells. */
    if (!kwnames && n == fco->argcount && !(fco->flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR)) &&
        fco->kwonlycount == 0 && nlp == fco->nlocals && fco->caches && depth < interp_recursion_limit &&
        args + nlp + fco->stacksize + 8 < vstack_end) {
      for (int i = n; i < nlp; i++) args[i] = VNULL;
      f->sp = args;
      f->pc = pc;
      Frame *nf = &frames[depth++];
      nf->code = fco;
      nf->func = fn;
      nf->globals = fn->globals;
      nf->builtins = fn->builtins;
      nf->ns = fn->globals;
      nf->localsplus = args;
      nf->stack_base = nf->sp = args + nlp;
      nf->pc = fco->insns;
      nf->ret_slot = callable;
      nf->gen = NULL;
      nf->entry = false;
      nf->init = init_call;
      f = nf;
      LOAD_FRAME();
      SAFEPOINT();
      DISPATCH();
    }
    if (!(fco->flags & CO_GENERATOR)) {
      sp = args + n;
      SAVE();
      Frame *nf = enter_function(f, fn, callable, args, n, kwnames);
      if (!nf) goto error;
      nf->init = init_call;
      f = nf;
      LOAD_FRAME();
      SAFEPOINT();
      DISPATCH();
    }
  }
  SAVE();
  int mark = gc_root_mark();
  Value r;
  if (v_is(fv, &Type_builtin)) {
    if (interp_enter_c() < 0) goto error;
    r = builtin_call(V_AS(Builtin, fv), args, n, kwnames);
    interp_leave_c();
  } else {
    r = obj_call(fv, args, n, kwnames);
  }
  gc_root_restore(mark);
  if (!r) goto error;
  sp = callable;
  PUSH(r);
  DISPATCH();
}
op_CALL_EX: {
  Value kw = arg & 1 ? POP() : VNULL;
  Value args = POP();
  Value fn = TOP();
  PUSH(args);
  if (kw) PUSH(kw);
  SAVE();
  int mark = gc_root_mark();
  Value r = call_ex(fn, args, kw);
  gc_root_restore(mark);
  if (!r) goto error;
  sp -= kw ? 3 : 2;
  sp[0] = r;
  sp++;
  DISPATCH();
}
op_BINARY_OP: {
  Value a = SECOND(), b = TOP(), r;
  int op = (int)arg;
  int base = op >= BINOP__COUNT ? op - BINOP__COUNT : op;
  if (v_is_int(a) && v_is_int(b)) {
    int64_t x = v_int(a), y = v_int(b), z;
    switch (base) {
      case OP_Add: if (__builtin_add_overflow(x, y, &z) || z > SMALL_MAX || z < SMALL_MIN) goto binop_slow; r = v_from_int(z); goto binop_done;
      case OP_Sub: if (__builtin_sub_overflow(x, y, &z) || z > SMALL_MAX || z < SMALL_MIN) goto binop_slow; r = v_from_int(z); goto binop_done;
      case OP_Mult: if (__builtin_mul_overflow(x, y, &z) || z > SMALL_MAX || z < SMALL_MIN) goto binop_slow; r = v_from_int(z); goto binop_done;
      case OP_Mod:
        if (y == 0) goto binop_slow;
        z = x % y;
        if (z && ((z ^ y) < 0)) z += y;
        r = v_from_int(z);
        goto binop_done;
      case OP_FloorDiv:
        if (y == 0 || (x == SMALL_MIN && y == -1)) goto binop_slow;
        z = x / y;
        if ((x % y) && ((x ^ y) < 0)) z--;
        r = v_from_int(z);
        goto binop_done;
      case OP_BitAnd: r = v_from_int(x & y); goto binop_done;
      case OP_BitOr: r = v_from_int(x | y); goto binop_done;
      case OP_BitXor: r = v_from_int(x ^ y); goto binop_done;
      case OP_RShift: if (y < 0) goto binop_slow; r = v_from_int(y > 63 ? (x < 0 ? -1 : 0) : x >> y); goto binop_done;
      default: goto binop_slow;
    }
  }
  if (v_is_obj(a) && v_is_obj(b)) {
    Type *ta = V_OBJ(a)->type, *tb = V_OBJ(b)->type;
    if (ta == &Type_float && tb == &Type_float) {
      double x = V_AS(Float, a)->v, y = V_AS(Float, b)->v, z;
      switch (base) {
        case OP_Add: z = x + y; break;
        case OP_Sub: z = x - y; break;
        case OP_Mult: z = x * y; break;
        case OP_Div: if (y == 0) goto binop_slow; z = x / y; break;
        default: goto binop_slow;
      }
      /* A float that the previous instruction made and that only the operand stack holds
         (an intermediate of `a*b + c*d`) is consumed here: reuse its box for the result. */
      if (fresh_pc == pc - 1 && b == fresh_float) r = b;
      else if (fresh_pc == pc - 2 && a == fresh_float && INSN_OP(pc[-2]) == OP_LOAD_FAST) r = a;
      else r = float_new(z);
      V_AS(Float, r)->v = z;
      fresh_float = r;
      fresh_pc = pc;
      sp--;
      sp[-1] = r;
      DISPATCH();
    }
    if (ta == &Type_str && tb == &Type_str && base == OP_Add) {
      r = str_concat(a, b);
      goto binop_done;
    }
  }
binop_slow:
  SAVE();
  fresh_pc = NULL;
  r = binop_slow(op, a, b);
  if (!r) goto error;
binop_done:
  fresh_pc = NULL;
  sp--;
  sp[-1] = r;
  DISPATCH();
}
op_UNARY_NEGATIVE: {
  Value a = TOP();
  if (v_is_int(a) && v_int(a) != SMALL_MIN) { sp[-1] = v_from_int(-v_int(a)); DISPATCH(); }
  SAVE();
  Value r = obj_unary(OP_USub, a);
  CHECK(r);
  sp[-1] = r;
  DISPATCH();
}
op_UNARY_POSITIVE: {
  SAVE();
  Value r = obj_unary(OP_UAdd, TOP());
  CHECK(r);
  sp[-1] = r;
  DISPATCH();
}
op_UNARY_INVERT: {
  Value a = TOP();
  if (v_is_int(a)) { sp[-1] = v_from_int(~v_int(a)); DISPATCH(); }
  SAVE();
  Value r = obj_unary(OP_Invert, a);
  CHECK(r);
  sp[-1] = r;
  DISPATCH();
}
op_UNARY_NOT: {
  Value a = TOP();
  if (a == V_TRUE || a == V_FALSE) { sp[-1] = a == V_TRUE ? V_FALSE : V_TRUE; DISPATCH(); }
  SAVE();
  int t = obj_truthy(a);
  if (t < 0) goto error;
  sp[-1] = v_bool(!t);
  DISPATCH();
}
op_COMPARE_OP: {
  Value a = SECOND(), b = TOP(), r;
  bool res;
  if (v_is_int(a) && v_is_int(b)) {
    int64_t x = (int64_t)a, y = (int64_t)b; /* tagging preserves order */
    switch (arg) {
      case CMP_LT: res = x < y; break;
      case CMP_LE: res = x <= y; break;
      case CMP_EQ: res = x == y; break;
      case CMP_NE: res = x != y; break;
      case CMP_GT: res = x > y; break;
      default: res = x >= y; break;
    }
  } else if (IS_FLOAT(a) && IS_FLOAT(b)) {
    double x = V_AS(Float, a)->v, y = V_AS(Float, b)->v;
    switch (arg) {
      case CMP_LT: res = x < y; break;
      case CMP_LE: res = x <= y; break;
      case CMP_EQ: res = x == y; break;
      case CMP_NE: res = x != y; break;
      case CMP_GT: res = x > y; break;
      default: res = x >= y; break;
    }
  } else if ((arg == CMP_EQ || arg == CMP_NE) && IS_STR(a) && IS_STR(b)) {
    bool eq = str_eq(V_AS(Str, a), V_AS(Str, b));
    res = arg == CMP_EQ ? eq : !eq;
  } else {
    SAVE();
    r = obj_richcompare(a, b, (int)arg);
    if (!r) goto error;
    sp--;
    sp[-1] = r;
    DISPATCH();
  }
  /* A comparison feeding a conditional jump: jump on the C bool, no bool object pushed. */
  w = *pc;
  if ((w & 0xFF) == OP_POP_JUMP_IF_FALSE) {
    sp -= 2;
    pc = res ? pc + 1 : co->insns + (w >> 8);
    DISPATCH();
  }
  if ((w & 0xFF) == OP_POP_JUMP_IF_TRUE) {
    sp -= 2;
    pc = res ? co->insns + (w >> 8) : pc + 1;
    DISPATCH();
  }
  sp--;
  sp[-1] = v_bool(res);
  DISPATCH();
}
op_IS_OP: {
  bool is = SECOND() == TOP();
  sp--;
  sp[-1] = v_bool(arg ? !is : is);
  DISPATCH();
}
op_CONTAINS_OP: {
  SAVE();
  int r = obj_contains(TOP(), SECOND());
  if (r < 0) goto error;
  sp--;
  sp[-1] = v_bool(arg ? !r : r);
  DISPATCH();
}
op_BINARY_SUBSCR: {
  Value c = SECOND(), k = TOP(), r;
  if (v_is_int(k) && v_is_obj(c)) {
    int64_t i = v_int(k);
    Type *t = V_OBJ(c)->type;
    if (t == &Type_list) {
      List *l = V_AS(List, c);
      if (i < 0) i += l->len;
      if ((uint64_t)i < (uint64_t)l->len) { r = l->items[i]; goto subscr_done; }
    } else if (t == &Type_tuple) {
      Tuple *tu = V_AS(Tuple, c);
      if (i < 0) i += tu->len;
      if ((uint64_t)i < (uint64_t)tu->len) { r = tu->items[i]; goto subscr_done; }
    }
  } else if (IS_DICT(c)) {
    Dict *d = V_AS(Dict, c);
    SAVE();
    r = dict_get(d, k);
    if (r) goto subscr_done;
    if (err_occurred()) goto error;
  }
  SAVE();
  r = obj_getitem(c, k);
  if (!r) goto error;
subscr_done:
  sp--;
  sp[-1] = r;
  DISPATCH();
}
op_STORE_SUBSCR: {
  Value v = sp[-3], c = sp[-2], k = sp[-1];
  if (v_is_int(k) && IS_LIST(c)) {
    List *l = V_AS(List, c);
    int64_t i = v_int(k);
    if (i < 0) i += l->len;
    if ((uint64_t)i < (uint64_t)l->len) {
      gc_wb_list(l, i, v);
      l->items[i] = v;
      sp -= 3;
      DISPATCH();
    }
  }
  SAVE();
  if (IS_DICT(c)) { CHECK(dict_set(V_AS(Dict, c), k, v)); }
  else { CHECK(obj_setitem(c, k, v)); }
  sp -= 3;
  DISPATCH();
}
op_DELETE_SUBSCR:
  SAVE();
  CHECK(obj_delitem(SECOND(), TOP()));
  sp -= 2;
  DISPATCH();
op_BUILD_SLICE: {
  Value step = arg == 3 ? POP() : V_NONE;
  Value stop = POP();
  Value start = TOP();
  sp[-1] = slice_new(start, stop, step);
  DISPATCH();
}
op_BUILD_TUPLE: {
  Tuple *t = tuple_new(arg);
  sp -= arg;
  memcpy(t->items, sp, sizeof(Value) * arg);
  PUSH(OBJ_V(t));
  DISPATCH();
}
op_BUILD_LIST: {
  List *l = list_from_array(sp - arg, arg);
  CHECK(l);
  sp -= arg;
  PUSH(OBJ_V(l));
  DISPATCH();
}
op_BUILD_SET: {
  SAVE();
  Set *s = set_new(&Type_set);
  Value sv = OBJ_V(s);
  gc_root(&sv);
  for (uint32_t i = 0; i < arg; i++) CHECK(set_add(s, sp[-(int)arg + (int)i]));
  gc_root_restore(root_base);
  sp -= arg;
  PUSH(sv);
  DISPATCH();
}
op_BUILD_MAP: {
  SAVE();
  Dict *d = dict_new();
  Value dv = OBJ_V(d);
  gc_root(&dv);
  Value *base = sp - 2 * arg;
  for (uint32_t i = 0; i < arg; i++) CHECK(dict_set(d, base[2 * i], base[2 * i + 1]));
  gc_root_restore(root_base);
  sp = base;
  PUSH(dv);
  DISPATCH();
}
op_BUILD_STRING: {
  StrBuilder b;
  sb_init(&b);
  for (uint32_t i = 0; i < arg; i++) sb_putstr(&b, sp[-(int)arg + (int)i]);
  sp -= arg;
  PUSH(sb_finish(&b));
  DISPATCH();
}
op_LIST_APPEND: {
  Value v = POP();
  CHECK(list_append(V_AS(List, sp[-(int)arg]), v));
  DISPATCH();
}
op_SET_ADD: {
  SAVE();
  CHECK(set_add(V_AS(Set, sp[-(int)arg - 1]), TOP()));
  sp--;
  DISPATCH();
}
op_MAP_ADD: {
  SAVE();
  CHECK(dict_set(V_AS(Dict, sp[-(int)arg - 2]), SECOND(), TOP()));
  sp -= 2;
  DISPATCH();
}
op_LIST_EXTEND:
  SAVE();
  CHECK(list_extend_any(V_AS(List, sp[-(int)arg - 1]), TOP()));
  sp--;
  DISPATCH();
op_SET_UPDATE:
  SAVE();
  CHECK(set_update_any(V_AS(Set, sp[-(int)arg - 1]), TOP()));
  sp--;
  DISPATCH();
op_DICT_UPDATE:
  SAVE();
  CHECK(dict_update_any(sp[-(int)arg - 1], TOP()));
  sp--;
  DISPATCH();
op_DICT_MERGE:
  SAVE();
  /* The callable sits below the positional tuple and the dict being built. */
  CHECK(dict_merge_kw(sp[-(int)arg - 1], TOP(), sp - (int)arg - 3 >= f->stack_base ? sp[-(int)arg - 3] : VNULL));
  sp--;
  DISPATCH();
op_LIST_TO_TUPLE: {
  List *l = V_AS(List, TOP());
  sp[-1] = OBJ_V(tuple_from_array(l->items, l->len));
  DISPATCH();
}
op_UNPACK_SEQUENCE: {
  Value seq = TOP();
  if (IS_TUPLE(seq) && V_AS(Tuple, seq)->len == (int64_t)arg) {
    Tuple *t = V_AS(Tuple, seq);
    sp--;
    for (int i = (int)arg - 1; i >= 0; i--) PUSH(t->items[i]);
    DISPATCH();
  }
  SAVE();
  Value small[16];
  Value *out = arg <= 16 ? small : malloc(sizeof(Value) * arg);
  bool ok = out && unpack(seq, (int)arg, out);
  if (ok) {
    sp--;
    for (uint32_t i = 0; i < arg; i++) PUSH(out[i]);
  } else if (!out) err_no_memory();
  if (out && out != small) free(out);
  if (!ok) goto error;
  DISPATCH();
}
op_UNPACK_EX: {
  int before = (int)(arg & 0xFF), after = (int)(arg >> 8), n = before + after + 1;
  SAVE();
  Value *out = malloc(sizeof(Value) * (size_t)n);
  if (!out) { err_no_memory(); goto error; }
  bool ok = unpack_ex(TOP(), before, after, out);
  if (ok) {
    sp--;
    for (int i = 0; i < n; i++) PUSH(out[i]);
  }
  free(out);
  if (!ok) goto error;
  DISPATCH();
}
op_FORMAT_VALUE: {
  Value spec = (arg & 4) ? TOP() : VNULL;
  Value v = (arg & 4) ? SECOND() : TOP();
  SAVE();
  Value r = format_value(v, (int)(arg & 3), spec);
  CHECK(r);
  if (arg & 4) sp--;
  sp[-1] = r;
  DISPATCH();
}
op_JUMP_FORWARD:
  pc = co->insns + arg;
  DISPATCH();
op_JUMP_BACKWARD: {
  InlineCache *c = CACHE();
  pc = co->insns + arg;
  SAFEPOINT();
  if (++c->e[0].kind >= jit_hot_count) {
    SAVE();
    if (jit_back_edge(f, c)) {
      f = interp_top_frame();
      LOAD_FRAME();
      fresh_pc = NULL;
    }
  }
  DISPATCH();
}
op_RECORD:
  pc--;
  SAVE();
  jit_record_insn(f, pc);
  pc++;
  goto *handlers[w & 0xFF];
op_POP_JUMP_IF_FALSE: {
  Value v = POP();
  if (v == V_FALSE) { pc = co->insns + arg; DISPATCH(); }
  if (v == V_TRUE) DISPATCH();
  SAVE();
  int t = obj_truthy(v);
  if (t < 0) goto error;
  if (!t) pc = co->insns + arg;
  DISPATCH();
}
op_POP_JUMP_IF_TRUE: {
  Value v = POP();
  if (v == V_TRUE) { pc = co->insns + arg; DISPATCH(); }
  if (v == V_FALSE) DISPATCH();
  SAVE();
  int t = obj_truthy(v);
  if (t < 0) goto error;
  if (t) pc = co->insns + arg;
  DISPATCH();
}
op_JUMP_IF_FALSE_OR_POP: {
  SAVE();
  int t = obj_truthy(TOP());
  if (t < 0) goto error;
  if (!t) pc = co->insns + arg;
  else sp--;
  DISPATCH();
}
op_JUMP_IF_TRUE_OR_POP: {
  SAVE();
  int t = obj_truthy(TOP());
  if (t < 0) goto error;
  if (t) pc = co->insns + arg;
  else sp--;
  DISPATCH();
}
op_GET_ITER: {
  SAVE();
  Value it = obj_iter(TOP());
  CHECK(it);
  sp[-1] = it;
  DISPATCH();
}
op_FOR_ITER: {
  Value it = TOP();
  Type *t = v_type(it);
  if (t == &Type_range_iterator) {
    int64_t v;
    if (rangeiter_take(V_AS(RangeIter, it), &v)) {
      PUSH(v >= SMALL_MIN && v <= SMALL_MAX ? v_from_int(v) : int_from_i64(v));
      DISPATCH();
    }
    sp--;
    pc = co->insns + arg;
    DISPATCH();
  }
  SAVE();
  if (t->next2 && INSN_OP(*pc) == OP_UNPACK_SEQUENCE && INSN_ARG(*pc) == 2) {
    /* `for a, b in enumerate(...) / d.items()`: the pair without the tuple. */
    Value first, second;
    if (t->next2(it, &first, &second)) {
      pc++;
      PUSH(second);
      PUSH(first);
      DISPATCH();
    }
    if (err_occurred()) {
      if (!err_matches(Exc_StopIteration)) goto error;
      err_clear();
    }
    sp--;
    pc = co->insns + arg;
    DISPATCH();
  }
  Value v = t->next && !(t->flags & TPF_HEAPTYPE) ? t->next(it) : obj_next(it);
  if (v) {
    PUSH(v);
    DISPATCH();
  }
  if (err_occurred()) {
    if (!err_matches(Exc_StopIteration)) goto error;
    err_clear();
  }
  sp--;
  pc = co->insns + arg;
  DISPATCH();
}
op_RETURN_VALUE: {
  Value r = POP();
  if (f->gen) {
    f->gen->state = GEN_DONE;
    f->sp = f->localsplus;
  }
  bool was_entry = f->entry, init = f->init;
  Value *slot = f->ret_slot;
  depth--;
  if (was_entry) { gc_root_restore(root_base); return r; }
  f = &frames[depth - 1];
  LOAD_FRAME();
  sp = slot;
  if (init) { /* the class call's value: the instance, which __init__ must leave alone */
    if (r != V_NONE) {
      err_format(Exc_TypeError, "__init__() should return None, not '%s'", type_name(v_type(r)));
      goto error;
    }
    r = *slot;
  }
  PUSH(r);
  DISPATCH();
}
op_YIELD_VALUE: {
  Value r = POP();
  gen_save(f->gen, f, sp, pc);
  depth--;
  gc_root_restore(root_base);
  return r;
}
op_GET_YIELD_FROM_ITER: {
  Value o = TOP();
  if (!v_is(o, &Type_generator)) {
    SAVE();
    Value it = obj_iter(o);
    CHECK(it);
    sp[-1] = it;
  }
  DISPATCH();
}
op_YIELD_FROM: {
  Value sent = TOP(), sub = SECOND();
  SAVE();
  bool yielded;
  Value r = gen_yield_from_step(sub, sent, &yielded);
  if (!r) goto error;
  if (yielded) {
    sp--;            /* the resumed frame pushes the value sent next */
    pc--;            /* and runs YIELD_FROM again */
    gen_save(f->gen, f, sp, pc);
    depth--;
    gc_root_restore(root_base);
    return r;
  }
  sp -= 2;
  PUSH(r);
  DISPATCH();
}
op_MAKE_FUNCTION: {
  Value fn = make_function(f, (int)arg, sp);
  sp -= 1 + ((arg & 1) != 0) + ((arg & 2) != 0) + ((arg & 8) != 0);
  PUSH(fn);
  DISPATCH();
}
op_LOAD_BUILD_CLASS: {
  Value v = dict_get_str(f->builtins, str_intern_cstr("__build_class__"));
  if (!v) { SAVE(); err_format(Exc_NameError, "__build_class__ not found"); goto error; }
  PUSH(v);
  DISPATCH();
}
op_PUSH_EXC_INFO: {
  Value e = TOP();
  sp[-1] = err_handled ? err_handled : V_NONE;
  PUSH(e);
  err_handled = e;
  DISPATCH();
}
op_POP_EXCEPT: {
  Value prev = POP();
  err_handled = prev == V_NONE ? VNULL : prev;
  DISPATCH();
}
op_CHECK_EXC_MATCH: {
  SAVE();
  int m = exc_match(SECOND(), TOP());
  if (m < 0) goto error;
  sp[-1] = v_bool(m);
  DISPATCH();
}
op_RERAISE:
  exc = POP();
  SAVE();
  err_set_obj(exc);
  add_tb = false;
  goto unwind;
op_RAISE_VARARGS: {
  SAVE();
  if (arg == 0) {
    if (!err_handled) { err_format(Exc_RuntimeError, "No active exception to reraise"); goto error; }
    err_set_obj(err_handled);
    add_tb = false;
    goto unwind;
  }
  Value cause = arg == 2 ? POP() : VNULL;
  Value e = POP();
  SAVE();
  do_raise(e, cause);
  goto error;
}
op_BEFORE_WITH: {
  Value mgr = TOP();
  SAVE();
  Type *t = v_type(mgr);
  Value enter = type_lookup(t, N.__enter__), exitm = type_lookup(t, N.__exit__);
  if (!enter || !exitm) {
    err_format(Exc_TypeError, "'%s' object does not support the context manager protocol", type_name(t));
    goto error;
  }
  Value bound_exit = descr_bind(exitm, mgr, t);
  CHECK(bound_exit);
  sp[-1] = bound_exit;
  PUSH(mgr);
  SAVE();
  Value be = descr_bind(enter, mgr, t);
  CHECK(be);
  Value r = obj_call0(be);
  CHECK(r);
  sp[-1] = r;
  DISPATCH();
}
op_WITH_EXCEPT_START: {
  Value e = sp[-1], exitf = sp[-3];
  SAVE();
  ExcObj *eo = V_AS(ExcObj, e);
  Value args[3] = {OBJ_V(v_type(e)), e, eo->traceback ? eo->traceback : V_NONE};
  Value r = obj_call(exitf, args, 3, NULL);
  CHECK(r);
  PUSH(r);
  DISPATCH();
}
op_LOAD_ASSERTION_ERROR:
  PUSH(OBJ_V(Exc_AssertionError));
  DISPATCH();
op_IMPORT_NAME: {
  Value fromlist = POP(), level = TOP();
  SAVE();
  Value m = import_name(NAME(arg), fromlist, level, f->globals);
  CHECK(m);
  sp[-1] = m;
  DISPATCH();
}
op_IMPORT_FROM: {
  SAVE();
  Value v = import_from(TOP(), NAME(arg));
  CHECK(v);
  PUSH(v);
  DISPATCH();
}
op_IMPORT_STAR:
  SAVE();
  CHECK(import_star(f, TOP()));
  sp--;
  DISPATCH();
op_SETUP_ANNOTATIONS: {
  Str *ann = N.__annotations__;
  if (!dict_get_str(f->ns, ann)) {
    SAVE();
    CHECK(dict_set_str(f->ns, ann, OBJ_V(dict_new())));
  }
  DISPATCH();
}

error:
  add_tb = true;
unwind:
  gc_root_restore(root_base);
  for (;;) {
    exc = err_peek();
    if (!exc) { /* a C function failed without saying why: CPython's SystemError, not a crash */
      err_format(Exc_SystemError, "error return without exception set");
      exc = err_peek();
    }
    uint32_t idx = (uint32_t)(f->pc - co->insns);
    if (idx > 0) idx--;
    while (idx > 0 && co->lines[idx] < 0) idx--;
    if (add_tb) traceback_add(exc, co, co->lines[idx]);
    add_tb = true;
    const ExcEntry *h = find_handler(co, idx);
    if (h) {
      sp = f->stack_base + h->depth;
      err_clear();
      PUSH(exc);
      pc = co->insns + h->handler;
      lp = f->localsplus;
      DISPATCH();
    }
    if (f->gen) {
      f->gen->state = GEN_DONE;
      f->sp = f->localsplus;
      if (err_matches(Exc_StopIteration)) { /* PEP 479 */
        Value si = err_fetch();
        Value re = exc_new_instance(Exc_RuntimeError, (Value[]){str_from_cstr("generator raised StopIteration")}, 1);
        V_AS(ExcObj, re)->cause = si;
        V_AS(ExcObj, re)->context = si;
        V_AS(ExcObj, re)->suppress_context = true;
        err_set_obj(re);
      }
    }
    bool was_entry = f->entry;
    depth--;
    if (was_entry) return VNULL;
    f = &frames[depth - 1];
    LOAD_FRAME();
  }
}

/* -- Generators ---------------------------------------------------------------------------------------------------- */
static void gen_traverse(Obj *o, VisitFn visit) {
  Generator *g = (Generator *)o;
  visit((Value *)&g->func);
  visit((Value *)&g->code);
  visit((Value *)&g->globals);
  visit((Value *)&g->builtins);
  visit(&g->handled);
  visit((Value *)&g->name);
  visit((Value *)&g->qualname);
  if (g->state != GEN_RUNNING)
    for (int i = 0; i < g->nsaved; i++) visit(&g->saved[i]);
}


Value gen_new(Function *fn, Value *lp) {
  Code *co = fn->code;
  /* The saved window lives inline after the generator's fields: no malloc per generator. */
  int window = nlocalsplus(co) + co->stacksize;
  Generator *g = (Generator *)gc_alloc(&Type_generator, sizeof(Generator) + sizeof(Value) * (size_t)window);
  g->func = fn;
  g->code = co;
  g->globals = fn->globals;
  g->builtins = fn->builtins;
  g->window = window;
  g->saved = (Value *)(g + 1);
  int nlp = nlocalsplus(co);
  memcpy(g->saved, lp, sizeof(Value) * (size_t)co->nlocals);
  g->nsaved = nlp;
  /* Cells are made now, as the frame would at entry. */
  for (int k = 0; k < co->ncells; k++) {
    int a = co->cell_of_arg ? co->cell_of_arg[k] : -1;
    g->saved[co->nlocals + k] = OBJ_V(cell_new(a >= 0 ? lp[a] : VNULL));
  }
  for (int k = 0; k < co->nfree; k++) g->saved[co->nlocals + co->ncells + k] = fn->closure->items[k];
  g->state = GEN_CREATED;
  g->name = fn->name;
  g->qualname = fn->qualname;
  return OBJ_V(g);
}

void gen_save(Generator *g, Frame *f, Value *sp, uint32_t *pc) {
  g->nsaved = (int32_t)(sp - f->localsplus);
  memcpy(g->saved, f->localsplus, sizeof(Value) * (size_t)g->nsaved);
  g->pc = (uint32_t)(pc - f->code->insns);
  g->state = GEN_SUSPENDED;
  /* Suspended inside a try or with block: if it is abandoned, the collector closes it so
     its finally blocks run. Elsewhere closing would do nothing: no finalizer needed. */
  if (find_handler(f->code, g->pc ? g->pc - 1 : 0)) gc_set_finalizer(&g->h);
  else g->h.gcflags &= ~GCF_FINALIZER;
  g->handled = err_handled;
  gc_wb(&g->h);
}

/* Resumes g. sent: the value for the suspended yield (ignored at the start); throw: an
   exception to raise at the yield instead. Returns the yielded value with *done false, the
   return value with *done true, or VNULL on an exception. */
static Value gen_resume(Generator *g, Value sent, Value throw, bool *done) {
  *done = false;
  if (g->state == GEN_RUNNING) return err_format(Exc_ValueError, "generator already executing");
  if (g->state == GEN_DONE) {
    *done = true;
    if (throw) { err_set_obj(throw); return VNULL; }
    return VNULL;
  }
  if (g->state == GEN_CREATED && sent && sent != V_NONE && !throw)
    return err_format(Exc_TypeError, "can't send non-None value to a just-started generator");
  if (interp_enter_c() < 0) return VNULL;
  Value *lp = stack_top();
  Code *co = g->code;
  Frame *f = push_frame(co, g->func, g->globals, g->builtins, lp);
  if (!f) { interp_leave_c(); return VNULL; }
  f->entry = true;
  f->gen = g;
  memcpy(lp, g->saved, sizeof(Value) * (size_t)g->nsaved);
  f->sp = lp + g->nsaved;
  f->pc = co->insns + g->pc;
  bool started = g->state != GEN_CREATED;
  g->state = GEN_RUNNING;
  Value saved_handled = err_handled;
  if (started && !throw) *f->sp++ = sent ? sent : V_NONE;
  Value r;
  if (throw) err_set_obj(throw); /* raised at the suspension point */
  r = eval(f, throw != VNULL);
  err_handled = saved_handled;
  interp_leave_c();
  if (g->state == GEN_DONE) {
    *done = true;
    g->h.gcflags &= ~GCF_FINALIZER;
  }
  return r;
}

static Value stop_iteration(Value v) {
  if (v && v != V_NONE) return err_set_value(Exc_StopIteration, v);
  return err_set_value(Exc_StopIteration, VNULL);
}

static Value gen_next_slot(Value self) {
  bool done;
  Value r = gen_resume(V_AS(Generator, self), V_NONE, VNULL, &done);
  if (done && r) return r == V_NONE ? VNULL : stop_iteration(r); /* next() shows the value */
  return r;
}

static Value gen_iter_slot(Value self) { return self; }

static Value gen_send(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("send", nargs, kw, 1, 1)) return VNULL;
  bool done;
  Value r = gen_resume(V_AS(Generator, self), args[0], VNULL, &done);
  if (done && !err_occurred()) return stop_iteration(r);
  return r;
}

/* Throws into g, delegating to a sub-iterator when g is suspended in `yield from`. */
static Value gen_throw_value(Generator *g, Value exc, bool *done) {
  *done = false;
  if (g->state == GEN_SUSPENDED && INSN_OP(g->code->insns[g->pc]) == OP_YIELD_FROM) {
    Value sub = g->saved[g->nsaved - 1];
    Value r;
    bool subdone = false;
    if (v_is(sub, &Type_generator)) {
      r = gen_throw_value(V_AS(Generator, sub), exc, &subdone);
    } else {
      Value m = obj_getattr_opt(sub, v_isinstance(exc, Exc_GeneratorExit) ? N.close : N.throw);
      if (!m) return gen_resume(g, VNULL, exc, done);
      r = v_isinstance(exc, Exc_GeneratorExit) ? obj_call0(m) : obj_call1(m, exc);
      if (r && v_isinstance(exc, Exc_GeneratorExit)) return gen_resume(g, VNULL, exc, done);
    }
    if (r && !subdone) return r; /* the sub-iterator yielded: so do we */
    if (r && subdone) {
      g->nsaved--;                /* drop sub, resume after YIELD_FROM with its result */
      g->pc++;
      return gen_resume(g, r, VNULL, done);
    }
    if (err_matches(Exc_StopIteration)) {
      Value e = err_fetch();
      Tuple *a = V_AS(ExcObj, e)->args;
      g->nsaved--;
      g->pc++;
      return gen_resume(g, a->len ? a->items[0] : V_NONE, VNULL, done);
    }
    Value e = err_fetch();
    g->pc++;
    return gen_resume(g, VNULL, e, done);
  }
  if (g->state == GEN_CREATED) g->state = GEN_DONE;
  return gen_resume(g, VNULL, exc, done);
}

static Value gen_throw(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("throw", nargs, kw, 1, 3)) return VNULL;
  Value e = args[0];
  if (v_isinstance(e, &Type_type)) {
    e = nargs >= 2 && args[1] != V_NONE ? obj_call1(e, args[1]) : obj_call0(e);
    if (!e) return VNULL;
  }
  if (!v_isinstance(e, Exc_BaseException)) return err_format(Exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s", type_name(v_type(e)));
  bool done;
  Value r = gen_throw_value(V_AS(Generator, self), e, &done);
  if (done && r) return stop_iteration(r);
  return r;
}

static Value gen_close(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("close", nargs, kw, 0, 0)) return VNULL;
  (void)args;
  Generator *g = V_AS(Generator, self);
  if (g->state == GEN_CREATED || g->state == GEN_DONE) { g->state = GEN_DONE; return V_NONE; }
  Value e = exc_new_instance(Exc_GeneratorExit, NULL, 0);
  bool done;
  Value r = gen_throw_value(g, e, &done);
  if (r && !done) return err_format(Exc_RuntimeError, "generator ignored GeneratorExit");
  if (!r && (err_matches(Exc_GeneratorExit) || err_matches(Exc_StopIteration))) err_clear();
  if (!r && err_occurred()) return VNULL;
  return V_NONE;
}

Value gen_yield_from_step(Value sub, Value sent, bool *yielded) {
  *yielded = false;
  if (v_is(sub, &Type_generator)) {
    bool done;
    Value r = gen_resume(V_AS(Generator, sub), sent, VNULL, &done);
    if (!done && r) { *yielded = true; return r; }
    if (err_occurred()) return VNULL;
    return r ? r : V_NONE;
  }
  Value r = sent == V_NONE ? obj_next(sub) : obj_call_method(sub, N.send, &sent, 1);
  if (r) { *yielded = true; return r; }
  if (!err_occurred()) return V_NONE;
  if (err_matches(Exc_StopIteration)) {
    Value e = err_fetch();
    Tuple *a = V_AS(ExcObj, e)->args;
    return a->len ? a->items[0] : V_NONE;
  }
  return VNULL;
}

static Value gen_repr(Value self) {
  char buf[512];
  snprintf(buf, sizeof buf, "<generator object %s at %p>", V_AS(Generator, self)->qualname->data, (void *)V_OBJ(self));
  return str_from_cstr(buf);
}

static Value gen_getattr(Value self, Str *name) {
  Generator *g = V_AS(Generator, self);
  if (name == N.__name__) return OBJ_V(g->name);
  if (name == N.__qualname__) return OBJ_V(g->qualname);
  if (strcmp(name->data, "gi_running") == 0) return v_bool(g->state == GEN_RUNNING);
  if (strcmp(name->data, "gi_code") == 0) return OBJ_V(g->code);
  if (strcmp(name->data, "gi_frame") == 0) return g->state == GEN_DONE ? V_NONE : self;
  if (strcmp(name->data, "gi_suspended") == 0) return v_bool(g->state == GEN_SUSPENDED);
  return type_generic_getattr(self, name);
}

static Value gen_m_next(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__next__", nargs, kw, 0, 0)) return VNULL;
  Value r = gen_next_slot(self);
  if (!r && !err_occurred()) err_set_value(Exc_StopIteration, VNULL);
  return r;
}

static Value gen_m_iter(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("__iter__", nargs, kw, 0, 0)) return VNULL;
  return self;
}

static const MethodDef gen_methods[] = {
  {"send", gen_send, NULL}, {"throw", gen_throw, NULL}, {"close", gen_close, NULL},
  {"__next__", gen_m_next, NULL}, {"__iter__", gen_m_iter, NULL}, {NULL, NULL, NULL}};

void gen_init_types(void) {
  Type_generator.traverse = gen_traverse;
  Type_generator.iter = gen_iter_slot;
  Type_generator.next = gen_next_slot;
  Type_generator.repr = gen_repr;
  Type_generator.getattr = gen_getattr;
  type_add_methods(&Type_generator, gen_methods);
}
