/* jit_record_obj.c: recording what touches objects: globals, calls (Python functions are
 * inlined; a few builtins become IR), instance attributes, list and tuple items, iteration over
 * lists. The state and the conventions are in jit_rec.h.
 *
 * Everything the trace assumes about the heap is guarded at the place it is assumed: globals by
 * their module dict's version (a namespace dict's version changes with any of its values),
 * instances by their exact class, its version and their attribute map, containers by their
 * exact type and their length.
 */
#include <stddef.h>
#include <math.h>
#include <string.h>

#include "import.h"
#include "iterobject.h"
#include "jit_rec.h"
#include "opcodes.h"
#include "strobject.h"
#include "typeobject.h"

static void write_barrier(IrRef obj);

/* -- Symbols --------------------------------------------------------------------------------------- */

static IrRef global_const(Str *module, const char *name)
{
  return ir_const_global(T, module->data, name);
}

/* The module `name` whose namespace is `globals`, if sys.modules knows it as such: where a
   SYM_GLOBAL resolves in every process. */
static bool module_is(Str *name, Dict *globals)
{
  Value m = dict_get_str(sys_modules, name);
  return m && v_is(m, &Type_module) && V_AS(Module, m)->dict == globals;
}

static IrRef class_const(Type *t)
{
  Value mod = dict_get_str(t->dict, N.__module__);
  if (!mod || !IS_STR(mod) || !t->qualname) return IR_NOREF;
  static const uint8_t nohash[16];
  jit_register_class(t);
  return ir_const_class(T, STR_DATA(mod), t->qualname->data, nohash);
}

static IrRef map_const(IrRef cls, Map *m)
{
  const char *names[64];
  uint32_t n = 0;
  for (Map *p = m; p && p->name; p = p->parent) {
    if (n == 64) return IR_NOREF;
    names[n++] = p->name->data;
  }
  for (uint32_t i = 0; i < n / 2; i++) {
    const char *x = names[i];
    names[i] = names[n - 1 - i];
    names[n - 1 - i] = x;
  }
  return ir_const_map(T, cls, names, n);
}

static Dict *frame_globals(const RFrame *f) { return f->func ? f->func->globals : rec->root->globals; }
static Dict *frame_builtins(const RFrame *f) { return f->func ? f->func->builtins : rec->root->builtins; }

/* -- Globals -------------------------------------------------------------------------------------- */

bool rec_load_global(uint32_t arg)
{
  const RFrame *f = top_frame();
  Str *name = V_AS(Str, f->code->names->items[arg]);
  Dict *g = frame_globals(f);
  if (!module_is(f->module, g)) return false;
  if (dict_get_str(g, name)) {
    IrRef k = global_const(f->module, name->data);
    rec_guard(IR_GUARD_DICT_VERSION, k, 0);
    rec_push(k, IRK_REF);
    return true;
  }
  Str *bname = str_intern_cstr("builtins");
  if (!dict_get_str(frame_builtins(f), name) || !module_is(bname, frame_builtins(f))) return false;
  rec_guard(IR_GUARD_DICT_VERSION, global_const(f->module, ""), 0);
  IrRef k = global_const(bname, name->data);
  rec_guard(IR_GUARD_DICT_VERSION, k, 0);
  rec_push(k, IRK_REF);
  return true;
}

/* -- Cells --------------------------------------------------------------------------------------- */

/* A closure's variables live in Cell objects held in the frame's cell slots. */
bool rec_cell(int op, uint32_t arg)
{
  uint32_t slot = top_frame()->base + arg;
  Value c = concrete(slot);
  if (!v_is(c, &Type_cell)) return false;
  IrRef p = rec_slot_ref(slot);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_cell));
  if (op == OP_LOAD_CLOSURE) {
    rec_push(p, IRK_REF);
    return true;
  }
  if (op == OP_LOAD_DEREF) {
    if (!V_AS(Cell, c)->v) return false; /* raises */
    IrRef v = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, offsetof(Cell, v), 0);
    rec_guard(IR_GUARD_NONNULL, v, 0);
    rec_push(v, IRK_REF);
    return true;
  }
  IrRef v = rec_boxed(rec->sp - 1);
  if (v == IR_NOREF) return false;
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, p, offsetof(Cell, v), v);
  write_barrier(p);
  rec_drop(1);
  return true;
}

/* -- Calls ----------------------------------------------------------------------------------------- */

/* The interpreter's fast path: positional arguments matching the parameters, no cells. */
/* Positional arguments, the missing ones from the defaults; no cells, no *args. */
static bool inlinable(Function *fn, int n)
{
  Code *co = fn->code;
  int64_t ndef = fn->defaults ? fn->defaults->len : 0;
  return n <= co->argcount && n + ndef >= co->argcount && n + ndef <= co->argcount + ndef &&
         !(co->flags & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR)) && co->kwonlycount == 0 &&
         co->ncells == 0 && co->nfree == 0 && (co->caches || !co->ncaches);
}

/* The defaults the call leaves to the function: loaded from it (they may be reassigned). */
static bool load_defaults(IrRef fnv, Function *fn, int n, IrRef *out)
{
  int32_t argc = fn->code->argcount;
  if (n == argc) return true;
  int64_t ndef = fn->defaults->len;
  IrRef d = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, fnv, offsetof(Function, defaults), 0);
  rec_guard(IR_GUARD_NONNULL, d, 0);
  IrRef len = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, d, offsetof(Tuple, len), 0);
  rec_guard(IR_GUARD_VALUE, len, ir_const_int(T, ndef));
  for (int32_t j = n; j < argc; j++)
    out[j - n] = ir_emit_k(T, IR_GETARRAYITEM, IRK_REF, IR_AUX_ARRAY(8, offsetof(Tuple, items)), d,
                           ir_const_int(T, j - (argc - ndef)), 0);
  return true;
}

static bool rec_call_function(uint32_t callable, uint32_t base, int n)
{
  Function *fn = V_AS(Function, concrete(callable));
  IrRef p = rec_slot_ref(callable);
  uint8_t hash[16];
  jit_code_hash(fn->code, hash);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_function));
  IrRef code = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, offsetof(Function, code), 0);
  rec_guard(IR_GUARD_VALUE, code, ir_const_code(T, hash, fn->code->name->data,
                                                fn->code->filename->data,
                                                (uint32_t)fn->code->firstlineno));
  IrRef defs[256];
  if (fn->code->argcount - n > 256 || !load_defaults(p, fn, n, defs)) return false;
  top_frame()->call_pc = rec->cur_pc;
  if (!rec_push_frame(fn->code, fn, fn->globals, base, callable)) return false;
  const RFrame *f = top_frame();
  for (uint32_t i = base + (uint32_t)n; i < base + f->nlp; i++)
    rec->slots[i] = (AVal){REC_NULL, IRK_REF, false};
  for (int32_t j = n; j < fn->code->argcount; j++)
    rec->slots[base + (uint32_t)j] = (AVal){defs[j - n], IRK_REF, false};
  rec->sp = base + f->nlp;
  rec->expect_pc = 0;
  return true;
}

static bool builtin_is(Value v, const char *module, const char *name)
{
  if (!v_is(v, &Type_builtin)) return false;
  Builtin *b = V_AS(Builtin, v);
  if (strcmp(b->name, name) != 0 || b->owner) return false;
  if (!b->self) return strcmp(module, "builtins") == 0;
  return v_is(b->self, &Type_module) && strcmp(V_AS(Module, b->self)->name->data, module) == 0;
}

/* math functions the trace calls directly. The guard keeps the argument where the function
   cannot raise; any other argument is left to the interpreter. */
typedef struct MathFn { const char *name, *helper; IrOp cmp; double bound; bool of_abs; } MathFn;
static const MathFn math_fns[] = {
  {"sin", "math_sin", IR_FLOAT_LT, INFINITY, true}, /* ValueError for +-inf */
  {"cos", "math_cos", IR_FLOAT_LT, INFINITY, true},
  {"exp", "math_exp", IR_FLOAT_LT, 709.0, false},   /* OverflowError above ~709.78 */
  {"log", "math_log", IR_FLOAT_GT, 0.0, false},     /* ValueError for x <= 0 */
};

static bool rec_call_math(uint32_t callable, uint32_t args)
{
  Value fv = concrete(callable), x = concrete(args);
  if (!IS_FLOAT(x) && !v_is_int(x)) return false;
  for (size_t j = 0; j < sizeof math_fns / sizeof *math_fns; j++) {
    const MathFn *m = &math_fns[j];
    if (!builtin_is(fv, "math", m->name)) continue;
    double d = IS_FLOAT(x) ? V_AS(Float, x)->v : (double)v_int(x), a = m->of_abs ? fabs(d) : d;
    if (!(m->cmp == IR_FLOAT_LT ? a < m->bound : a > m->bound)) return false;
    IrRef f = rec_as_float(args), fa = m->of_abs ? ir_emit(T, IR_FLOAT_ABS, f, 0, 0) : f;
    rec_guard_true(ir_emit(T, m->cmp, fa, ir_const_float(T, m->bound), 0), true);
    IrRef r = ir_emit_k(T, IR_CALL, IRK_FLOAT, 0, ir_const_helper(T, m->helper), f, IR_NOREF);
    rec->sp = callable;
    rec_push(r, IRK_FLOAT);
    return true;
  }
  return false;
}

/* max(a, b) and min(a, b) of two floats or two ints: the first of the extremes, as CPython
   keeps it (b replaces a only when strictly greater, or smaller), by a guarded comparison. */
static bool rec_call_minmax(uint32_t callable, uint32_t args)
{
  Value fv = concrete(callable);
  bool is_max = builtin_is(fv, "builtins", "max");
  if (!is_max && !builtin_is(fv, "builtins", "min")) return false;
  Value a = concrete(args), b = concrete(args + 1);
  bool floats = IS_FLOAT(a) && IS_FLOAT(b);
  if (!floats && !(v_is_int(a) && v_is_int(b))) return false;
  IrRef ra = floats ? rec_as_float(args) : rec_as_int(args);
  IrRef rb = floats ? rec_as_float(args + 1) : rec_as_int(args + 1);
  bool takes_b = floats ? (is_max ? V_AS(Float, b)->v > V_AS(Float, a)->v : V_AS(Float, b)->v < V_AS(Float, a)->v)
                        : (is_max ? v_int(b) > v_int(a) : v_int(b) < v_int(a));
  IrOp cmp = floats ? (is_max ? IR_FLOAT_GT : IR_FLOAT_LT) : (is_max ? IR_INT_GT : IR_INT_LT);
  rec_guard_true(ir_emit(T, cmp, rb, ra, 0), takes_b);
  rec->sp = callable;
  rec_push(takes_b ? rb : ra, floats ? IRK_FLOAT : IRK_INT);
  return true;
}

/* A call of a builtin the trace computes itself: len(list | tuple), abs(), math.sqrt() and
   the math functions above, max and min of two numbers. */
static bool rec_call_builtin(uint32_t callable, uint32_t args, int n)
{
  Value fv = concrete(callable);
  const AVal *fa = &rec->slots[callable];
  const IrConst *k = ir_const_get(T, fa->ref);
  if (!k || k->kind != IRC_SYM_GLOBAL) return false; /* not a guarded global */
  if (n == 2) return rec_call_minmax(callable, args);
  if (n != 1) return false;
  if (rec_call_math(callable, args)) return true;
  Value x = concrete(args);
  IrRef r;
  IrKind kind;
  if (builtin_is(fv, "builtins", "len") && (IS_LIST(x) || IS_TUPLE(x))) {
    IrRef p = rec_slot_ref(args);
    Type *t = IS_LIST(x) ? &Type_list : &Type_tuple;
    rec_guard(IR_GUARD_CLASS, p, rec_type_const(t));
    r = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, IS_LIST(x) ? offsetof(List, len) : offsetof(Tuple, len), 0);
    kind = IRK_INT;
  } else if (builtin_is(fv, "builtins", "abs") && IS_FLOAT(x)) {
    r = ir_emit(T, IR_FLOAT_ABS, rec_as_float(args), 0, 0);
    kind = IRK_FLOAT;
  } else if (builtin_is(fv, "math", "sqrt") && (IS_FLOAT(x) || v_is_int(x))) {
    IrRef f = rec_as_float(args);
    double d = IS_FLOAT(x) ? V_AS(Float, x)->v : (double)v_int(x);
    if (!(d >= 0.0)) return false; /* ValueError, or NaN */
    rec_guard_true(ir_emit(T, IR_FLOAT_GE, f, ir_const_float(T, 0.0), 0), true);
    r = ir_emit(T, IR_FLOAT_SQRT, f, 0, 0);
    kind = IRK_FLOAT;
  } else {
    return false;
  }
  rec->sp = callable;
  rec_push(r, kind);
  return true;
}

/* range(stop), range(start, stop[, step]) of small ints, the builtin (a guarded global): a
   new range object, made by a helper; a zero step is left to the interpreter's error. */
static bool rec_call_range(uint32_t callable, uint32_t args, int n)
{
  const IrConst *k = ir_const_get(T, rec->slots[callable].ref);
  if (!k || k->kind != IRC_SYM_GLOBAL || n < 1 || n > 3) return false;
  for (int j = 0; j < n; j++)
    if (!v_is_int(concrete(args + (uint32_t)j))) return false;
  IrRef v[3];
  for (int j = 0; j < n; j++) v[j] = rec_as_int(args + (uint32_t)j);
  IrRef start = n == 1 ? ir_const_int(T, 0) : v[0], stop = n == 1 ? v[0] : v[1];
  IrRef step = n == 3 ? v[2] : ir_const_int(T, 1);
  if (n == 3) {
    if (v_int(concrete(args + 2)) == 0) return false;
    if (!ir_isconst(step)) rec_guard_true(ir_emit(T, IR_INT_NE, step, ir_const_int(T, 0), 0), true);
  }
  IrRef a[3] = {start, stop, step};
  IrRef r = ir_emit_k(T, IR_CALL, IRK_REF, 0, ir_const_helper(T, "range_new"), ir_const_args(T, a, 3), IR_NOREF);
  rec->sp = callable;
  rec_push(r, IRK_REF);
  return true;
}

bool rec_call(uint32_t arg)
{
  int n = (int)arg;
  uint32_t args = rec->sp - (uint32_t)n, callable = args - 2;
  if (concrete(callable + 1)) { args--; n++; }
  Value fv = concrete(callable);
  if (v_is(fv, &Type_function) && inlinable(V_AS(Function, fv), n)) {
    if (rec->slots[callable + 1].ref == REC_NULL || concrete(callable + 1))
      return rec_call_function(callable, args, n);
    return false;
  }
  if (v_is(fv, &Type_builtin) && rec->slots[callable + 1].ref == REC_NULL)
    return rec_call_builtin(callable, args, n);
  if (fv == OBJ_V(&Type_range) && rec->slots[callable + 1].ref == REC_NULL)
    return rec_call_range(callable, args, n);
  if (v_is(fv, &Type_builtin) && V_AS(Builtin, fv)->owner == &Type_list && n == 2 &&
      strcmp(V_AS(Builtin, fv)->name, "append") == 0 && IS_LIST(concrete(args))) {
    /* lst.append(x), after rec_load_attr's LOAD_METHOD: the list is guarded there. */
    IrRef v = rec_boxed(args + 1);
    if (v == IR_NOREF) return false;
    ir_emit_k(T, IR_CALL, IRK_VOID, 0, ir_const_helper(T, "list_append"), rec_slot_ref(args), v);
    rec->sp = callable;
    rec_push(ir_const_none(T), IRK_REF);
    return true;
  }
  return false;
}

/* Leaving an inlined frame: the result goes where the callable was, as in the interpreter. */
bool rec_return(void)
{
  if (rec->nfr == 1) return false; /* the loop's own frame returns: the loop is left */
  AVal v = rec->slots[rec->sp - 1];
  uint32_t ret = top_frame()->ret_slot;
  rec->nfr--;
  rec->slots[ret] = (AVal){v.ref, v.kind, false};
  if (v.ref == IR_NOREF) return false;
  rec->sp = ret + 1;
  rec->expect_pc = top_frame()->call_pc + 1;
  return true;
}

/* -- Attributes -------------------------------------------------------------------------------------- */

/* Instances whose attributes live in map slots, with no hook that could see the access. */
static bool plain_instance(Value o)
{
  if (!v_is_obj(o)) return false;
  Type *t = V_OBJ(o)->type;
  unsigned hooks = TPF_NOATTRS | TPF_METATYPE | TPF_HAS_GETATTR | TPF_HAS_GETATTRIBUTE | TPF_HAS_SETATTR;
  return (t->flags & (TPF_HEAPTYPE | hooks)) == TPF_HEAPTYPE && !t->builtin_base && !t->slots_only &&
         inst_ext(V_OBJ(o))->map != NULL;
}

/* Guards o's class, the class's version and o's map; returns the slots pointer. */
static IrRef guard_instance(uint32_t s, Type *t, Map *m)
{
  IrRef p = rec_slot_ref(s), cls = class_const(t);
  if (cls == IR_NOREF) return IR_NOREF;
  IrRef map = map_const(cls, m);
  if (map == IR_NOREF) return IR_NOREF;
  rec_guard(IR_GUARD_CLASS, p, cls);
  rec_guard(IR_GUARD_TYPE_VERSION, cls, 0);
  IrRef mv = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, (uint32_t)(t->ext_offset + offsetof(InstExt, map)), 0);
  rec_guard(IR_GUARD_VALUE, mv, map);
  return ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, (uint32_t)(t->ext_offset + offsetof(InstExt, slots)), 0);
}

static bool is_data_descriptor(Value d)
{
  if (!d || !v_is_obj(d)) return false;
  Type *dt = V_OBJ(d)->type;
  return dt == &Type_property || ((dt->flags & TPF_HEAPTYPE) && type_lookup(dt, N.__set__));
}

/* The plain function `name` found on t's MRO, loaded from its owner's dict at run time: the
   entry index can differ in another process, so it is bounds-checked, and the call guards the
   function's code. */
static IrRef method_value(Type *t, Str *name)
{
  for (int64_t i = 0; i < t->mro->len; i++) {
    Type *owner = V_AS(Type, t->mro->items[i]);
    int64_t e = dict_lookup_index(owner->dict, name);
    if (e < 0) continue;
    IrRef oc = (owner->flags & TPF_HEAPTYPE) ? class_const(owner) : rec_type_const(owner);
    if (oc == IR_NOREF || (uint64_t)e * sizeof(DictEntry) + sizeof(DictEntry) >= IR_FIELD_OFFSET_MAX) return IR_NOREF;
    IrRef d = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, oc, offsetof(Type, dict), 0);
    IrRef ne = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, d, offsetof(Dict, nentries), 0);
    rec_guard_true(ir_emit(T, IR_INT_GT, ne, ir_const_int(T, e), 0), true);
    IrRef ents = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, d, offsetof(Dict, entries), 0);
    IrRef fv = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, ents,
                         (uint32_t)((uint64_t)e * sizeof(DictEntry) + offsetof(DictEntry, value)), 0);
    rec_guard(IR_GUARD_NONNULL, fv, 0);
    return fv;
  }
  return IR_NOREF;
}

/* A class attribute that reads as itself through an instance: not a function, descriptor or
   method wrapper of any kind. */
static bool plain_class_value(Value d)
{
  if (!d) return false;
  if (v_is_int(d)) return true;
  Type *dt = V_OBJ(d)->type;
  return !(dt->flags & TPF_HEAPTYPE) && dt != &Type_function && dt != &Type_classmethod &&
         dt != &Type_staticmethod && dt != &Type_builtin && dt != &Type_property && !dt->descr_get;
}

/* m.name on a module: a global of that module. */
static bool rec_module_attr(uint32_t s, Str *name, bool method)
{
  Module *m = V_AS(Module, concrete(s));
  if (!dict_get_str(m->dict, name) || !module_is(m->name, m->dict)) return false;
  rec_guard(IR_GUARD_VALUE, rec_slot_ref(s), global_const(m->name, ""));
  IrRef k = global_const(m->name, name->data);
  rec_guard(IR_GUARD_DICT_VERSION, k, 0);
  rec_drop(1);
  rec_push(k, IRK_REF);
  if (method) rec_push(REC_NULL, IRK_REF);
  return true;
}

bool rec_load_attr(uint32_t arg, bool method)
{
  uint32_t s = rec->sp - 1;
  Value o = concrete(s);
  Str *name = V_AS(Str, top_frame()->code->names->items[arg]);
  if (v_is(o, &Type_module)) return rec_module_attr(s, name, method);
  if (method && IS_LIST(o) && strcmp(name->data, "append") == 0) {
    /* Built-in types' dicts cannot change: the method is loaded from list's dict. */
    IrRef p = rec_slot_ref(s);
    rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_list));
    IrRef fv = method_value(&Type_list, name);
    if (fv == IR_NOREF) return false;
    rec_drop(1);
    rec_push(fv, IRK_REF);
    rec_push(p, IRK_REF);
    return true;
  }
  if (!plain_instance(o)) return false;
  Type *t = V_OBJ(o)->type;
  Map *m = inst_ext(V_OBJ(o))->map;
  Value d = type_lookup(t, name);
  int64_t idx = map_index_of(m, name);
  if (is_data_descriptor(d)) return false;
  if (idx >= 0) {
    IrRef slots = guard_instance(s, t, m);
    if (slots == IR_NOREF) return false;
    IrRef v = ir_emit_k(T, IR_GETARRAYITEM, IRK_REF, IR_AUX_ARRAY(8, 0), slots, ir_const_int(T, idx), 0);
    rec_drop(1);
    rec_push(v, IRK_REF);
    if (method) rec_push(REC_NULL, IRK_REF);
    return true;
  }
  if (!method && plain_class_value(d)) {
    /* A class attribute (a plain value) read through an instance. */
    if (guard_instance(s, t, m) == IR_NOREF) return false;
    IrRef v = method_value(t, name);
    if (v == IR_NOREF) return false;
    rec_drop(1);
    rec_push(v, IRK_REF);
    return true;
  }
  if (!method || !d || !v_is(d, &Type_function)) return false;
  IrRef p = rec_slot_ref(s);
  if (guard_instance(s, t, m) == IR_NOREF) return false;
  IrRef fv = method_value(t, name);
  if (fv == IR_NOREF) return false;
  rec_drop(1);
  rec_push(fv, IRK_REF);
  rec_push(p, IRK_REF);
  return true;
}

/* The write barrier of a store into obj: remembered when old (gc_wb's test, inline). */
static void write_barrier(IrRef obj)
{
  IrRef flags = ir_emit_k(T, IR_GETFIELD, IRK_INT, 4, obj, offsetof(Obj, gcflags), 0);
  IrRef bits = ir_emit(T, IR_INT_AND, flags, ir_const_int(T, GCF_OLD | GCF_REMEMBERED | GCF_STATIC), 0);
  IrRef old = ir_emit(T, IR_INT_EQ, bits, ir_const_int(T, GCF_OLD), 0);
  ir_emit(T, IR_COND_CALL, old, ir_const_helper(T, "gc_wb"), obj);
}

bool rec_store_attr(uint32_t arg)
{
  uint32_t s = rec->sp - 1, vs = rec->sp - 2;
  Value o = concrete(s);
  Str *name = V_AS(Str, top_frame()->code->names->items[arg]);
  if (!plain_instance(o)) return false;
  Type *t = V_OBJ(o)->type;
  Map *m = inst_ext(V_OBJ(o))->map;
  int64_t idx = map_index_of(m, name);
  if (idx < 0 || is_data_descriptor(type_lookup(t, name))) return false; /* a new attribute */
  IrRef slots = guard_instance(s, t, m);
  if (slots == IR_NOREF) return false;
  IrRef v = rec_boxed(vs);
  if (v == IR_NOREF) return false;
  ir_emit_k(T, IR_SETARRAYITEM, IRK_VOID, IR_AUX_ARRAY(8, 0), slots, ir_const_int(T, idx), v);
  write_barrier(rec_slot_ref(s));
  rec_drop(2);
  return true;
}

/* -- Lists and tuples ---------------------------------------------------------------------------------- */

/* Guards c's exact type and that k indexes it (-len <= k < len); returns the index from 0. */
static IrRef checked_index(uint32_t cs, uint32_t ks, IrRef *p)
{
  Value c = concrete(cs), k = concrete(ks);
  bool list = IS_LIST(c);
  int64_t len = list ? V_AS(List, c)->len : V_AS(Tuple, c)->len;
  if (!v_is_int(k) || v_int(k) < -len || v_int(k) >= len) return IR_NOREF;
  *p = rec_slot_ref(cs);
  rec_guard(IR_GUARD_CLASS, *p, rec_type_const(list ? &Type_list : &Type_tuple));
  IrRef i = rec_as_int(ks);
  IrRef n = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, *p, list ? offsetof(List, len) : offsetof(Tuple, len), 0);
  bool neg = v_int(k) < 0;
  rec_guard_true(ir_emit(T, IR_INT_GE, i, ir_const_int(T, 0), 0), !neg);
  if (neg) i = ir_emit(T, IR_INT_ADD, i, n, 0); /* a[-1]: counted from the end */
  rec_guard_true(ir_emit(T, IR_INT_GE, i, ir_const_int(T, 0), 0), true);
  rec_guard_true(ir_emit(T, IR_INT_LT, i, n, 0), true);
  return i;
}

static IrRef item(IrRef p, bool list, IrRef i)
{
  if (!list) return ir_emit_k(T, IR_GETARRAYITEM, IRK_REF, IR_AUX_ARRAY(8, offsetof(Tuple, items)), p, i, 0);
  IrRef items = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, offsetof(List, items), 0);
  return ir_emit_k(T, IR_GETARRAYITEM, IRK_REF, IR_AUX_ARRAY(8, 0), items, i, 0);
}

bool rec_subscr(void)
{
  uint32_t cs = rec->sp - 2, ks = rec->sp - 1;
  Value c = concrete(cs);
  if (!IS_LIST(c) && !IS_TUPLE(c)) return false;
  IrRef p, i = checked_index(cs, ks, &p);
  if (i == IR_NOREF) return false;
  IrRef v = item(p, IS_LIST(c), i);
  rec_drop(2);
  rec_push(v, IRK_REF);
  return true;
}

bool rec_store_subscr(void)
{
  uint32_t vs = rec->sp - 3, cs = rec->sp - 2, ks = rec->sp - 1;
  if (!IS_LIST(concrete(cs))) return false;
  IrRef p, i = checked_index(cs, ks, &p);
  if (i == IR_NOREF) return false;
  IrRef v = rec_boxed(vs);
  if (v == IR_NOREF) return false;
  IrRef items = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, p, offsetof(List, items), 0);
  ir_emit_k(T, IR_SETARRAYITEM, IRK_VOID, IR_AUX_ARRAY(8, 0), items, i, v);
  ir_emit_k(T, IR_CALL, IRK_VOID, 0, ir_const_helper(T, "list_wb"), p, i);
  rec_drop(3);
  return true;
}

bool rec_unpack(uint32_t n)
{
  uint32_t s = rec->sp - 1;
  Value c = concrete(s);
  bool list = IS_LIST(c);
  if (!list && !IS_TUPLE(c)) return false;
  if ((list ? V_AS(List, c)->len : V_AS(Tuple, c)->len) != (int64_t)n || n > 16) return false;
  IrRef p = rec_slot_ref(s);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(list ? &Type_list : &Type_tuple));
  IrRef len = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, p, list ? offsetof(List, len) : offsetof(Tuple, len), 0);
  rec_guard(IR_GUARD_VALUE, len, ir_const_int(T, n));
  IrRef v[16];
  for (uint32_t i = 0; i < n; i++) v[i] = item(p, list, ir_const_int(T, i));
  rec_drop(1);
  for (uint32_t i = n; i-- > 0;) rec_push(v[i], IRK_REF);
  return true;
}

/* One step of list iterator li (seqiter_step): guards it, its list, and its index against the
   length as the interpreter finds them now. At the end the iterator lets go of its list and
   the loop is left (in a bridge): the for's iterator is popped, false is returned. */
static bool list_iter_step(IrRef li, bool more, IrRef *seq, IrRef *idx)
{
  rec_guard(IR_GUARD_CLASS, li, rec_type_const(&Type_list_iterator));
  *seq = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, li, offsetof(SeqIter, seq), 0);
  rec_guard(IR_GUARD_NONNULL, *seq, 0);
  rec_guard(IR_GUARD_CLASS, *seq, rec_type_const(&Type_list));
  *idx = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, li, offsetof(SeqIter, index), 0);
  IrRef len = ir_emit_k(T, IR_GETFIELD, IRK_INT, 8, *seq, offsetof(List, len), 0);
  rec_guard_true(ir_emit(T, IR_INT_LT, *idx, len, 0), more);
  if (more) return true;
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, li, offsetof(SeqIter, seq), ir_const_int(T, 0));
  rec_drop(1);
  rec->expect_pc = INSN_ARG(top_frame()->code->insns[rec->cur_pc]);
  return false;
}

/* `for x in a_list`: the iterator's index, as seqiter_step advances it. */
bool rec_for_iter_list(void)
{
  uint32_t s = rec->sp - 1;
  SeqIter *it = V_AS(SeqIter, concrete(s));
  if (!it->seq || !IS_LIST(it->seq)) return false;
  bool more = it->index < V_AS(List, it->seq)->len;
  IrRef p = rec_slot_ref(s), seq, idx;
  if (!list_iter_step(p, more, &seq, &idx)) return true;
  IrRef v = item(seq, true, idx);
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, p, offsetof(SeqIter, index),
            ir_emit(T, IR_INT_ADD, idx, ir_const_int(T, 1), 0));
  rec_push(v, IRK_REF);
  return true;
}

/* A list comprehension's append. */
bool rec_list_append(uint32_t arg)
{
  uint32_t ls = rec->sp - 1 - arg, vs = rec->sp - 1;
  if (!IS_LIST(concrete(ls))) return false;
  IrRef v = rec_boxed(vs);
  if (v == IR_NOREF) return false;
  IrRef p = rec_slot_ref(ls);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(&Type_list));
  ir_emit_k(T, IR_CALL, IRK_VOID, 0, ir_const_helper(T, "list_append"), p, v);
  rec_drop(1);
  return true;
}

/* iter(a list) or iter(a range): a new iterator object, made by a helper. */
bool rec_get_iter(void)
{
  uint32_t s = rec->sp - 1;
  Value c = concrete(s);
  Type *t = IS_LIST(c) ? &Type_list : v_is(c, &Type_range) ? &Type_range : NULL;
  if (!t) return false;
  IrRef p = rec_slot_ref(s);
  rec_guard(IR_GUARD_CLASS, p, rec_type_const(t));
  IrRef it = ir_emit_k(T, IR_CALL, IRK_REF, 0, ir_const_helper(T, t == &Type_list ? "list_iter" : "range_iter"),
                       p, IR_NOREF);
  rec_drop(1);
  rec_push(it, IRK_REF);
  return true;
}

/* `x is None` / `x is not None`: the answer is fixed by x's class, which is guarded. */
bool rec_is_op(uint32_t arg)
{
  uint32_t sa = rec->sp - 2, sb = rec->sp - 1;
  Value va = concrete(sa), vb = concrete(sb);
  uint32_t xs = vb == V_NONE ? sa : va == V_NONE ? sb : UINT32_MAX;
  if (xs == UINT32_MAX) return false;
  Value x = concrete(xs);
  IrRef p = rec_slot_ref(xs);
  if (x == V_NONE) {
    rec_guard(IR_GUARD_VALUE, p, ir_const_none(T));
  } else if (v_is_int(x)) {
    if (rec->slots[xs].kind != IRK_INT) rec_guard(IR_GUARD_TAGGED_INT, p, 0);
  } else {
    if (rec->slots[xs].kind == IRK_FLOAT) goto known; /* an unboxed float is not None */
    Type *t = V_OBJ(x)->type;
    IrRef k = (t->flags & TPF_HEAPTYPE) ? class_const(t) : rec_type_const(t);
    if (k == IR_NOREF || rec->slots[xs].kind != IRK_REF) return false;
    rec_guard(IR_GUARD_CLASS, p, k);
  }
known:;
  bool is = va == vb;
  rec_drop(2);
  rec_push(ir_const_bool(T, arg ? !is : is), IRK_REF);
  return true;
}

/* `for i, x in enumerate(a_list)`: the interpreter runs FOR_ITER and the UNPACK_SEQUENCE 2
   after it as one step (Type.next2), pushing the item, then the count. */
bool rec_for_iter_enumerate(void)
{
  uint32_t s = rec->sp - 1;
  Enumerate *en = V_AS(Enumerate, concrete(s));
  const uint32_t *code = top_frame()->code->insns;
  uint32_t next = code[rec->cur_pc + 1];
  if (INSN_OP(next) != OP_UNPACK_SEQUENCE || INSN_ARG(next) != 2 || !v_is(en->it, &Type_list_iterator))
    return false;
  SeqIter *it = V_AS(SeqIter, en->it);
  if (!it->seq || !IS_LIST(it->seq) || !v_is_int(en->count) || v_int(en->count) >= SMALL_MAX) return false;
  bool more = it->index < V_AS(List, it->seq)->len;
  IrRef e = rec_slot_ref(s);
  rec_guard(IR_GUARD_CLASS, e, rec_type_const(&Type_enumerate));
  IrRef li = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, e, offsetof(Enumerate, it), 0), seq, idx;
  if (!list_iter_step(li, more, &seq, &idx)) return true;
  IrRef c = ir_emit_k(T, IR_GETFIELD, IRK_REF, 8, e, offsetof(Enumerate, count), 0);
  rec_guard(IR_GUARD_TAGGED_INT, c, 0);
  IrRef ci = ir_emit(T, IR_UNBOX_INT, c, 0, 0);
  rec_guard_true(ir_emit(T, IR_INT_LT, ci, ir_const_int(T, SMALL_MAX), 0), true);
  IrRef v = item(seq, true, idx);
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, li, offsetof(SeqIter, index),
            ir_emit(T, IR_INT_ADD, idx, ir_const_int(T, 1), 0));
  IrRef c1 = ir_emit(T, IR_BOX_INT, ir_emit(T, IR_INT_ADD, ci, ir_const_int(T, 1), 0), 0, 0);
  ir_emit_k(T, IR_SETFIELD, IRK_VOID, 8, e, offsetof(Enumerate, count), c1);
  rec_push(v, IRK_REF);
  rec_push(ci, IRK_INT);
  rec->expect_pc = rec->cur_pc + 2;
  return true;
}
