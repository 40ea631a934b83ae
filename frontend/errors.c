/* errors.c: the built-in exception classes, the pending exception, and tracebacks.
 *
 * Exception classes are real classes (heap types with the LAYOUT_EXC instance layout), made at
 * start-up from the BUILTIN_EXCEPTIONS table, so user classes inherit from them like any
 * other. The pending exception is always an instance; raising a class instantiates it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "dictobject.h"
#include "errors.h"
#include "interp.h"
#include "strobject.h"
#include "typeobject.h"

#define DEFINE_EXC(name, base) Type *Exc_##name;
BUILTIN_EXCEPTIONS(DEFINE_EXC)
#undef DEFINE_EXC

static Value pending;        /* the exception being raised, or VNULL */
Value err_handled = VNULL;   /* the exception being handled (sys.exc_info), or VNULL */

/* -- Raising ---------------------------------------------------------------------------------- */
/* OSError(errno, strerror[, filename]) becomes the subclass for errno (FileNotFoundError...),
   keeps errno, strerror and filename as attributes and only the first two in args. */
static Type *oserror_subclass(int64_t errnum) {
  switch (errnum) {
    case ENOENT: return Exc_FileNotFoundError;
    case EEXIST: return Exc_FileExistsError;
    case EACCES: case EPERM: return Exc_PermissionError;
    case EISDIR: return Exc_IsADirectoryError;
    case ENOTDIR: return Exc_NotADirectoryError;
    default: return NULL;
  }
}

Value exc_new_instance(Type *t, Value *args, int nargs) {
  bool oserr = type_is_subtype(t, Exc_OSError) && nargs >= 2 && nargs <= 5 && v_is_int(args[0]);
  if (oserr && t == Exc_OSError && oserror_subclass(v_int(args[0]))) t = oserror_subclass(v_int(args[0]));
  ExcObj *e = V_AS(ExcObj, instance_new(t));
  e->args = tuple_from_array(args, oserr ? 2 : nargs);
  e->cause = V_NONE;
  e->context = V_NONE;
  if (oserr) {
    instance_set_own(&e->base.h, N.errno_, args[0]);
    instance_set_own(&e->base.h, N.strerror, args[1]);
    if (nargs >= 3) instance_set_own(&e->base.h, N.filename, args[2]);
  }
  return OBJ_V(e);
}

Value err_set_obj(Value exc) {
  ExcObj *e = V_AS(ExcObj, exc);
  if (err_handled && err_handled != exc && e->context == V_NONE) {
    /* Chain to the handled exception, but never make a cycle. */
    Value c = err_handled;
    bool cycle = false;
    for (int guard = 0; c && c != V_NONE && guard < 1000; guard++) {
      if (c == exc) { cycle = true; break; }
      c = V_AS(ExcObj, c)->context;
    }
    if (!cycle) { e->context = err_handled; gc_wb(&e->base.h); }
  }
  pending = exc;
  return VNULL;
}

Value err_set_value(Type *t, Value arg) {
  Value a = arg;
  return err_set_obj(exc_new_instance(t, &a, arg ? 1 : 0));
}

Value err_format(Type *t, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return err_set_value(t, str_from_cstr(buf));
}

Value err_no_memory(void) { return err_set_value(Exc_MemoryError, VNULL); }
bool err_occurred(void) { return pending != VNULL; }
Value err_fetch(void) { Value e = pending; pending = VNULL; return e; }
void err_clear(void) { pending = VNULL; }
Value err_peek(void) { return pending; }
bool err_matches(Type *t) { return pending && v_isinstance(pending, t); }

Value err_from_errno(int errnum, Value filename) {
  Type *t = Exc_OSError;
  switch (errnum) {
    case ENOENT: t = Exc_FileNotFoundError; break;
    case EEXIST: t = Exc_FileExistsError; break;
    case EACCES: case EPERM: t = Exc_PermissionError; break;
    case EISDIR: t = Exc_IsADirectoryError; break;
    case ENOTDIR: t = Exc_NotADirectoryError; break;
    default: break;
  }
  Value args[3] = {v_from_int(errnum), str_from_cstr(strerror(errnum)), filename};
  Value e = exc_new_instance(t, args, filename ? 3 : 2);
  return err_set_obj(e);
}

/* Exception value for a class or instance being raised; TypeError when it is neither. */
Value exc_instantiate(Value v) {
  if (v_isinstance(v, &Type_type) && type_is_subtype(V_AS(Type, v), Exc_BaseException))
    return obj_call0(v);
  if (v_isinstance(v, Exc_BaseException)) return v;
  return err_format(Exc_TypeError, "exceptions must derive from BaseException");
}

void traceback_add(Value exc, Code *code, int line) {
  ExcObj *e = V_AS(ExcObj, exc);
  Traceback *tb = (Traceback *)gc_alloc(&Type_traceback, sizeof(Traceback));
  tb->next = e->traceback ? V_AS(Traceback, e->traceback) : NULL;
  tb->code = code;
  tb->line = line;
  e->traceback = OBJ_V(tb);
  gc_wb(&e->base.h);
}

/* -- BaseException's methods -------------------------------------------------------------------- */
/* SyntaxError(msg, (filename, lineno, offset, text)) reads "msg (filename, line N)". */
static Value syntax_error_str(Tuple *a) {
  Tuple *d = V_AS(Tuple, a->items[1]);
  Value msg = obj_str(a->items[0]);
  if (!msg || d->len < 2 || !IS_STR(d->items[0]) || !v_is_int(d->items[1])) return msg;
  const char *fn = STR_DATA(d->items[0]);
  const char *base = strrchr(fn, '/');
  char buf[1200];
  snprintf(buf, sizeof buf, "%.*s (%s, line %lld)", (int)STR_LEN(msg), STR_DATA(msg), base ? base + 1 : fn,
           (long long)v_int(d->items[1]));
  return str_from_cstr(buf);
}

static Value exc_str_of(Value self) {
  ExcObj *e = V_AS(ExcObj, self);
  Tuple *a = e->args;
  Type *t = v_type(self);
  if (type_is_subtype(t, Exc_SyntaxError) && a->len == 2 && IS_TUPLE(a->items[1])) return syntax_error_str(a);
  Value errnum = type_is_subtype(t, Exc_OSError) ? instance_get_own(&e->base.h, N.errno_) : VNULL;
  if (errnum && v_is_int(errnum)) {
    /* "[Errno 2] No such file or directory: 'x'" */
    Value se = instance_get_own(&e->base.h, N.strerror), fv = instance_get_own(&e->base.h, N.filename);
    Value msg = se ? obj_str(se) : OBJ_V(str_empty());
    Value fn = fv && fv != V_NONE ? obj_repr(fv) : VNULL;
    if (!msg || (fv && fv != V_NONE && !fn)) return VNULL;
    StrBuilder b;
    sb_init(&b);
    char num[32];
    snprintf(num, sizeof num, "[Errno %lld] ", (long long)v_int(errnum));
    sb_puts(&b, num);
    sb_putstr(&b, msg);
    if (fn) { sb_puts(&b, ": "); sb_putstr(&b, fn); }
    return sb_finish(&b);
  }
  if (type_is_subtype(t, Exc_KeyError) && a->len == 1) return obj_repr(a->items[0]);
  if (a->len == 0) return OBJ_V(str_empty());
  if (a->len == 1) return obj_str(a->items[0]);
  return obj_str(OBJ_V(a));
}

static Value exc_m_str(Value self, Value *args, int n, Tuple *k) { (void)args; (void)n; (void)k; return exc_str_of(self); }

static Value exc_m_repr(Value self, Value *args, int n, Tuple *k) {
  (void)args; (void)n; (void)k;
  ExcObj *e = V_AS(ExcObj, self);
  StrBuilder b;
  sb_init(&b);
  sb_puts(&b, type_name(v_type(self)));
  if (e->args->len == 1) {
    Value r = obj_repr(e->args->items[0]);
    if (!r) { sb_free(&b); return VNULL; }
    sb_putc(&b, '(');
    sb_putstr(&b, r);
    sb_putc(&b, ')');
  } else {
    Value r = obj_repr(OBJ_V(e->args));
    if (!r) { sb_free(&b); return VNULL; }
    sb_putstr(&b, r);
  }
  return sb_finish(&b);
}

static Value exc_m_init(Value self, Value *args, int n, Tuple *k) {
  ExcObj *e = V_AS(ExcObj, self);
  int npos = n - (k ? (int)k->len : 0);
  e->args = tuple_from_array(args, npos);
  gc_wb(&e->base.h);
  return V_NONE;
}

static Value exc_m_with_traceback(Value self, Value *args, int n, Tuple *k) {
  if (!args_check("with_traceback", n, k, 1, 1)) return VNULL;
  V_AS(ExcObj, self)->traceback = args[0] == V_NONE ? VNULL : args[0];
  gc_wb(V_OBJ(self));
  return self;
}

static const MethodDef exc_methods[] = {
  {"__str__", exc_m_str, NULL}, {"__repr__", exc_m_repr, NULL}, {"__init__", exc_m_init, NULL},
  {"with_traceback", exc_m_with_traceback, NULL}, {NULL, NULL, NULL}};

static Value arg_or_none(ExcObj *e, int i) { return e->args->len > i ? e->args->items[i] : V_NONE; }

/* Attributes kept in fixed fields, and the per-class views of args (StopIteration.value, ...). */
static Value exc_getattr(Value self, Str *name) {
  ExcObj *e = V_AS(ExcObj, self);
  Type *t = v_type(self);
  if (name == N.args) return OBJ_V(e->args);
  if (name == N.__traceback__) return e->traceback ? e->traceback : V_NONE;
  if (name == N.__cause__) return e->cause;
  if (name == N.__context__) return e->context;
  if (name == N.__suppress_context__) return v_bool(e->suppress_context);
  Value own = instance_get_own(&e->base.h, name);
  if (own) return own;
  if (name == N.value && type_is_subtype(t, Exc_StopIteration)) return arg_or_none(e, 0);
  if (name == N.code && type_is_subtype(t, Exc_SystemExit)) return e->args->len == 1 ? e->args->items[0] : e->args->len ? OBJ_V(e->args) : V_NONE;
  if (type_is_subtype(t, Exc_OSError) && (name == N.errno_ || name == N.strerror || name == N.filename))
    return V_NONE;
  if (type_is_subtype(t, Exc_SyntaxError)) {
    if (name == N.msg) return arg_or_none(e, 0);
    Value d = arg_or_none(e, 1);
    Str *fields[4] = {N.filename, N.lineno, N.offset, N.text};
    for (int i = 0; i < 4; i++)
      if (name == fields[i]) return IS_TUPLE(d) && V_AS(Tuple, d)->len > i ? V_AS(Tuple, d)->items[i] : V_NONE;
  }
  if (name == N.name && (type_is_subtype(t, Exc_NameError) || type_is_subtype(t, Exc_ImportError))) return V_NONE;
  return type_generic_getattr(self, name);
}

static bool exc_setattr(Value self, Str *name, Value v) {
  ExcObj *e = V_AS(ExcObj, self);
  gc_wb(&e->base.h);
  if (name == N.__cause__) {
    if (v && v != V_NONE && !v_isinstance(v, Exc_BaseException)) {
      err_format(Exc_TypeError, "exception cause must be None or derive from BaseException");
      return false;
    }
    e->cause = v ? v : V_NONE;
    e->suppress_context = true;
    return true;
  }
  if (name == N.__context__) { e->context = v ? v : V_NONE; return true; }
  if (name == N.__suppress_context__) { e->suppress_context = v && obj_truthy(v) > 0; return true; }
  if (name == N.__traceback__) { e->traceback = (v && v != V_NONE) ? v : VNULL; return true; }
  if (name == N.args) {
    Tuple *t = tuple_from_iterable(v);
    if (!t) return false;
    e->args = t;
    return true;
  }
  return type_generic_setattr(self, name, v);
}

/* -- Tracebacks ---------------------------------------------------------------------------------------- */
static void print_source_line(FILE *out, Str *filename, int line) {
  FILE *f = fopen(filename->data, "r");
  if (!f) return;
  char buf[4096];
  int n = 0;
  while (fgets(buf, sizeof buf, f)) {
    if (++n == line) {
      char *p = buf;
      while (*p == ' ' || *p == '\t' || *p == '\f') p++;
      size_t len = strlen(p);
      while (len && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' ')) p[--len] = 0;
      if (len) fprintf(out, "    %s\n", p);
      break;
    }
  }
  fclose(f);
}

/* CPython's layout for a SyntaxError: where, the line, a caret, then "SyntaxError: msg". */
static bool print_syntax_error(FILE *out, ExcObj *e) {
  Tuple *a = e->args;
  if (a->len != 2 || !IS_TUPLE(a->items[1]) || V_AS(Tuple, a->items[1])->len < 4) return false;
  Tuple *d = V_AS(Tuple, a->items[1]);
  if (!IS_STR(d->items[0]) || !v_is_int(d->items[1])) return false;
  fprintf(out, "  File \"%s\", line %lld\n", STR_DATA(d->items[0]), (long long)v_int(d->items[1]));
  if (IS_STR(d->items[3]) && STR_LEN(d->items[3])) {
    const char *t = STR_DATA(d->items[3]);
    int64_t n = STR_LEN(d->items[3]), skip = 0;
    while (skip < n && (t[skip] == ' ' || t[skip] == '\t')) skip++;
    fprintf(out, "    %.*s\n", (int)(n - skip), t + skip);
    int64_t col = v_is_int(d->items[2]) ? v_int(d->items[2]) : 0;
    if (col > skip) fprintf(out, "    %*s^\n", (int)(col - 1 - skip), "");
  }
  Value msg = obj_str(a->items[0]);
  if (!msg) { err_clear(); return false; }
  fprintf(out, "%s: %.*s\n", type_name(v_type(OBJ_V(e))), (int)STR_LEN(msg), STR_DATA(msg));
  return true;
}

static void print_one(FILE *out, Value exc) {
  ExcObj *e = V_AS(ExcObj, exc);
  if (e->traceback) {
    fputs("Traceback (most recent call last):\n", out);
    for (Traceback *tb = V_AS(Traceback, e->traceback); tb; tb = tb->next) {
      fprintf(out, "  File \"%s\", line %d, in %s\n", tb->code->filename->data, tb->line, tb->code->name->data);
      print_source_line(out, tb->code->filename, tb->line);
    }
  }
  if (type_is_subtype(v_type(exc), Exc_SyntaxError) && print_syntax_error(out, e)) return;
  Type *t = v_type(exc);
  Value mod = (t->flags & TPF_HEAPTYPE) ? dict_get_str(t->dict, N.__module__) : VNULL;
  bool builtin_mod = !mod || !IS_STR(mod) || strcmp(STR_DATA(mod), "builtins") == 0 || strcmp(STR_DATA(mod), "__main__") == 0;
  if (!builtin_mod) fprintf(out, "%.*s.", (int)STR_LEN(mod), STR_DATA(mod));
  fputs(V_AS(Str, OBJ_V(t->qualname))->data, out);
  Value s = obj_str(exc);
  if (!s) { err_clear(); s = str_from_cstr("<exception str() failed>"); }
  if (STR_LEN(s)) fprintf(out, ": %.*s", (int)STR_LEN(s), STR_DATA(s));
  fputc('\n', out);
}

static void print_chain(FILE *out, Value exc, int depth) {
  ExcObj *e = V_AS(ExcObj, exc);
  if (depth < 100) {
    if (e->cause != V_NONE) {
      print_chain(out, e->cause, depth + 1);
      fputs("\nThe above exception was the direct cause of the following exception:\n\n", out);
    } else if (e->context != V_NONE && !e->suppress_context) {
      print_chain(out, e->context, depth + 1);
      fputs("\nDuring handling of the above exception, another exception occurred:\n\n", out);
    }
  }
  print_one(out, exc);
}

void err_print(Value exc) {
  fflush(stdout);
  print_chain(stderr, exc, 0);
  fflush(stderr);
}

/* -- Start-up -------------------------------------------------------------------------------------------- */
static Value exc_type_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  if (kwnames && kwnames->len) return err_format(Exc_TypeError, "%s() takes no keyword arguments", type_name(t));
  return exc_new_instance(t, args, nargs);
}

static Type *make_exc_type(const char *name, Type *base) {
  Dict *ns = dict_new();
  dict_set_str(ns, N.__module__, str_from_cstr("builtins"));
  Tuple *bases = V_AS(Tuple, tuple_pack(1, OBJ_V(base)));
  Type *t = type_new_heap(str_intern_cstr(name), bases, ns, &Type_type);
  t->layout = LAYOUT_EXC;
  t->instsize = sizeof(ExcObj);
  t->getattr = exc_getattr;
  t->setattr_slot = exc_setattr;
  t->new = exc_type_new;
  t->flags &= ~TPF_HEAPTYPE; /* built-in: slots answer, not dunder lookup */
  t->flags |= TPF_BASETYPE;
  return t;
}

static void traceback_traverse(Obj *o, VisitFn visit) {
  visit((Value *)&((Traceback *)o)->next);
  visit((Value *)&((Traceback *)o)->code);
}

static Value exc_repr_slot(Value v) { return exc_m_repr(v, NULL, 0, NULL); }
static Value exc_str_slot(Value v) { return exc_str_of(v); }

void errors_init(void) {
  gc_add_global_root(&pending);
  gc_add_global_root(&err_handled);
  Type_traceback.traverse = traceback_traverse;
  Exc_BaseException = make_exc_type("BaseException", &Type_object);
  Exc_BaseException->layout = LAYOUT_EXC;
  type_add_methods(Exc_BaseException, exc_methods);
  gc_add_global_root((Value *)&Exc_BaseException);
#define MAKE_EXC(name, base) \
  if (Exc_##name == NULL) { Exc_##name = make_exc_type(#name, Exc_##base); gc_add_global_root((Value *)&Exc_##name); }
#define Exc_object (&Type_object)
  BUILTIN_EXCEPTIONS(MAKE_EXC)
#undef Exc_object
#undef MAKE_EXC
  /* Built-in exception types answer repr/str through slots; user subclasses through dunders,
     which find BaseException's methods above. */
#define SET_SLOTS(name, base) Exc_##name->repr = exc_repr_slot; Exc_##name->str = exc_str_slot;
  BUILTIN_EXCEPTIONS(SET_SLOTS)
#undef SET_SLOTS
}
