/* runtime.c: start-up order of the runtime's parts, and running source text.
 *
 * Order matters: the collector and the core types' GC slots first, then interned names, then
 * the type objects (whose names are interned strings), exception classes (real classes, so
 * they need the type machinery), the remaining types' methods, modules and builtins.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bltinmodule.h"
#include "bytesobject.h"
#include "compile.h"
#include "containers.h"
#include "dictobject.h"
#include "dis.h"
#include "errors.h"
#include "fileobject.h"
#include "complexobject.h"
#include "floatobject.h"
#include "gc.h"
#include "import.h"
#include "interp.h"
#include "listobject.h"
#include "parser.h"
#include "runtime.h"
#include "jit.h"
#include "str_format.h"
#include "strobject.h"
#include "symtable.h"
#include "sysmodule.h"
#include "typeobject.h"

void abstract_init(void);
void funcobject_init(void);
void gen_init_types(void);
void int_init(void);
void str_methods_init(void);
void bytes_init(void);
extern Dict *interp_builtins;
static Dict *main_globals;

static Value py_build_class(Value self, Value *args, int nargs, Tuple *kwnames) {
  return build_class(self, args, nargs, kwnames);
}

/* -- compile, exec, eval ------------------------------------------------------------------------
   Code runs with one namespace dict for its names. Called without globals inside a function,
   exec/eval see the function's locals through a copy of the globals updated with them:
   reads work and writes stay invisible to the function, as in CPython. */
static Value source_or_code(const char *fname, Value src, bool expression, const char *filename) {
  if (v_is(src, &Type_code)) return src;
  if (!IS_STR(src)) {
    const char *p;
    int64_t n;
    if (!bytes_view(src, &p, &n))
      return err_format(Exc_TypeError, "%s() arg 1 must be a string, bytes or code object", fname);
    src = str_new(p, (size_t)n);
  }
  const char *text = STR_DATA(src);
  size_t len = (size_t)STR_LEN(src);
  if (expression) /* eval() ignores leading blanks */
    while (len && (*text == ' ' || *text == '\t')) { text++; len--; }
  Code *c = runtime_compile(text, len, filename, expression);
  return c ? OBJ_V(c) : VNULL;
}

static Dict *exec_namespace(const char *fname, Value g, Value l, bool *ok) {
  *ok = true;
  if (g && g != V_NONE) {
    if (!IS_DICT(g)) {
      *ok = false;
      err_format(Exc_TypeError, "%s() globals must be a dict, not %s", fname, type_name(v_type(g)));
      return NULL;
    }
    Dict *d = V_AS(Dict, g);
    if (!dict_get_str(d, N.__builtins__)) dict_set_str(d, N.__builtins__, OBJ_V(interp_builtins));
    if (l && l != V_NONE && l != g && IS_DICT(l)) {
      Dict *merged = dict_copy(d);
      int64_t pos = 0;
      Value k, v;
      while (dict_next(V_AS(Dict, l), &pos, &k, &v)) dict_set(merged, k, v);
      return merged;
    }
    return d;
  }
  Value cg = interp_globals(), cl = interp_locals();
  if (!IS_DICT(cg)) return runtime_main_globals();
  if (!IS_DICT(cl) || cl == cg) return V_AS(Dict, cg);
  Dict *merged = dict_copy(V_AS(Dict, cg));
  int64_t pos = 0;
  Value k, v;
  while (dict_next(V_AS(Dict, cl), &pos, &k, &v)) dict_set(merged, k, v);
  return merged;
}

static Value run_in(const char *fname, Value *a, bool expression) {
  GC_ROOT_SCOPE;
  bool ok;
  Dict *ns = exec_namespace(fname, a[1], a[2], &ok);
  if (!ok) return VNULL;
  Value nsv = OBJ_V(ns);
  gc_root(&nsv);
  Value code = source_or_code(fname, a[0], expression, "<string>");
  if (!code) return VNULL;
  gc_root(&code);
  Value r = interp_run_module(V_AS(Code, code), ns);
  if (!r) return VNULL;
  /* exec(src, g, l): names the code bound go to l (they were bound in the merged copy). */
  if (a[2] && a[2] != V_NONE && IS_DICT(a[2]) && a[1] && IS_DICT(a[1]) && a[2] != a[1]) {
    int64_t pos = 0;
    Value k, v;
    while (dict_next(ns, &pos, &k, &v))
      if (dict_get(V_AS(Dict, a[1]), k) != v && !dict_set(V_AS(Dict, a[2]), k, v)) return VNULL;
  }
  return expression ? r : V_NONE;
}

static Value bi_exec(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"source", "globals", "locals", NULL};
  Value a[3];
  if (!args_parse("exec", args, nargs, kw, names, 1, 3, a)) return VNULL;
  return run_in("exec", a, false);
}

static Value bi_eval(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"source", "globals", "locals", NULL};
  Value a[3];
  if (!args_parse("eval", args, nargs, kw, names, 1, 3, a)) return VNULL;
  return run_in("eval", a, !v_is(a[0], &Type_code) || (V_AS(Code, a[0])->flags & CO_MODULE));
}

static Value bi_compile(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"source", "filename", "mode", "flags", "dont_inherit", "optimize", NULL};
  Value a[6];
  if (!args_parse("compile", args, nargs, kw, names, 3, 6, a)) return VNULL;
  if (!IS_STR(a[1]) || !IS_STR(a[2])) return err_format(Exc_TypeError, "compile() filename and mode must be str");
  const char *mode = STR_DATA(a[2]);
  bool expression = strcmp(mode, "eval") == 0;
  if (!expression && strcmp(mode, "exec") != 0 && strcmp(mode, "single") != 0)
    return err_format(Exc_ValueError, "compile() mode must be 'exec', 'eval' or 'single'");
  return source_or_code("compile", a[0], expression, STR_DATA(a[1]));
}

static const MethodDef runtime_builtins[] = {
  {"exec", bi_exec, NULL}, {"eval", bi_eval, NULL}, {"compile", bi_compile, NULL}, {NULL, NULL, NULL}};

void runtime_init(int argc, char **argv, const char *script_dir) {
  gc_init();
  str_init_types();
  dict_init_types();
  list_init_types();
  tuple_init_types();
  abstract_init();
  types_init();
  instance_init_types();
  typeobject_init();
  singletons_init();
  funcobject_init();
  gen_init_types();
  errors_init();
  int_init();
  float_init();
  complex_init();
  str_methods_init();
  str_format_init();
  bytes_init();
  containers_init();
  file_init();
  interp_init();
  sys_set_argv(argc, argv);
  import_init(script_dir);
  interp_builtins = dict_new();
  interp_builtins->h.aux |= DICT_NAMESPACE;
  gc_add_global_root((Value *)&interp_builtins);
  builtins_init(interp_builtins);
  dict_set_str(interp_builtins, str_intern_cstr("__build_class__"), builtin_new("__build_class__", py_build_class, VNULL));
  dict_set_str(interp_builtins, str_intern_cstr("open"), builtin_new("open", file_open, VNULL));
  for (const MethodDef *d = runtime_builtins; d->name; d++)
    dict_set_str(interp_builtins, str_intern_cstr(d->name), builtin_new(d->name, d->fn, VNULL));
  Value bm = module_new("builtins");
  V_AS(Module, bm)->dict = interp_builtins;
  dict_set_str(sys_modules, str_intern_cstr("builtins"), bm);
  main_globals = dict_new();
  main_globals->h.aux |= DICT_NAMESPACE;
  gc_add_global_root((Value *)&main_globals);
  dict_set_str(main_globals, N.__name__, OBJ_V(N.__main__));
  dict_set_str(main_globals, N.__builtins__, OBJ_V(interp_builtins));
  dict_set_str(main_globals, N.__doc__, V_NONE);
  Value mm = module_new("__main__");
  V_AS(Module, mm)->dict = main_globals;
  dict_set_str(sys_modules, N.__main__, mm);
  jit_init();
}

Dict *runtime_main_globals(void) { return main_globals; }

static Value syntax_error(const char *kind, const char *msg, const char *filename, int lineno, int col, const char *text) {
  Type *t = strcmp(kind, "IndentationError") == 0 ? Exc_IndentationError
            : strcmp(kind, "TabError") == 0       ? Exc_TabError
            : strcmp(kind, "RecursionError") == 0 ? Exc_RecursionError
            : strcmp(kind, "MemoryError") == 0    ? Exc_MemoryError
                                                  : Exc_SyntaxError;
  if (!type_is_subtype(t, Exc_SyntaxError)) return err_format(t, "%s", msg);
  Value details = tuple_pack(4, str_from_cstr(filename), v_from_int(lineno), v_from_int(col),
                             text ? str_from_cstr(text) : V_NONE);
  Value args[2] = {str_from_cstr(msg), details};
  return err_set_obj(exc_new_instance(t, args, 2));
}

Code *runtime_compile(const char *src, size_t len, const char *filename, bool expression) {
  Arena arena;
  arena_init(&arena);
  ParseError perr;
  memset(&perr, 0, sizeof perr);
  Node *tree = expression ? parse_expression(&arena, src, len, filename, &perr)
                          : parse_module(&arena, src, len, filename, &perr);
  Code *code = NULL;
  if (!tree) {
    syntax_error(perr.kind, perr.msg, filename, perr.lineno, perr.col, perr.line_text);
    goto done;
  }
  SymTable st;
  memset(&st, 0, sizeof st);
  if (symtable_build(&st, &arena, tree, src, len, &perr) != 0) {
    syntax_error(perr.kind, perr.msg, filename, perr.lineno, perr.col, perr.line_text);
    goto done;
  }
  CompileError cerr;
  memset(&cerr, 0, sizeof cerr);
  code = expression ? compile_expression(tree, &st, filename, &cerr) : compile_module(tree, &st, filename, &cerr);
  if (!code) syntax_error(cerr.kind, cerr.msg, filename, cerr.lineno, cerr.col, NULL);
  else if (getenv("PYPY_DIS")) dis_code(stderr, code); /* developers: the bytecode of each file */
done:
  arena_free(&arena);
  return code;
}

bool runtime_run_source(const char *src, size_t len, const char *filename, Dict *globals) {
  GC_ROOT_SCOPE;
  Code *code = runtime_compile(src, len, filename, false);
  if (!code) return false;
  Value cv = OBJ_V(code);
  gc_root(&cv);
  return interp_run_module(code, globals) != VNULL;
}

bool runtime_run_file(const char *path, Dict *globals) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    err_from_errno(errno, str_from_cstr(path));
    return false;
  }
  StrBuilder b;
  sb_init(&b);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    sb_put(&b, buf, n);
    if (b.len > SOURCE_BYTES_MAX) {
      fclose(f);
      sb_free(&b);
      err_format(Exc_MemoryError, "source file '%s' is larger than %u bytes", path, SOURCE_BYTES_MAX);
      return false;
    }
  }
  fclose(f);
  bool ok = runtime_run_source(b.data ? b.data : "", b.len, path, globals);
  sb_free(&b);
  return ok;
}

/* The end of a program, as CPython ends one: atexit functions (last registered first), then
   the main module's globals are dropped and a full collection runs the finalizers (__del__,
   weakref callbacks) of what they held. Errors are reported and ignored. */
void runtime_shutdown(void) {
  Value ae = dict_get_str(sys_modules, str_intern_cstr("atexit"));
  if (ae && v_is(ae, &Type_module)) {
    Value run = dict_get_str(V_AS(Module, ae)->dict, str_intern_cstr("_run_exitfuncs"));
    if (run && !obj_call0(run)) err_print(err_fetch());
  }
  dict_clear(main_globals);
  for (int i = 0; i < 2; i++) {
    gc_collect_major();
    gc_run_pending();
  }
  if (err_occurred()) err_clear();
  jit_shutdown();
}

int runtime_exit_status(Value exc) {
  if (v_isinstance(exc, Exc_SystemExit)) {
    Tuple *a = V_AS(ExcObj, exc)->args;
    Value code = a->len == 0 ? V_NONE : a->len == 1 ? a->items[0] : OBJ_V(a);
    if (code == V_NONE) return 0;
    if (v_is_int(code)) return (int)(v_int(code) & 0xFF);
    fflush(stdout);
    Value s = obj_str(code);
    if (s) fprintf(stderr, "%.*s\n", (int)STR_LEN(s), STR_DATA(s));
    else err_clear();
    return 1;
  }
  err_print(exc);
  return 1;
}
