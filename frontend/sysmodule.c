/* sysmodule.c: the sys module: argv, path, modules, the standard streams, exit, limits. */
#include <stdint.h>
#include <stdio.h>

#include "errors.h"
#include "fileobject.h"
#include "gc.h"
#include "import.h"
#include "interp.h"
#include "intobject.h"
#include "strobject.h"
#include "sysmodule.h"

extern List *sys_path;
static Value sys_module;
static int saved_argc;
static char **saved_argv;

void sys_set_argv(int argc, char **argv) {
  saved_argc = argc;
  saved_argv = argv;
}

static Value sys_attr(const char *name) {
  if (!sys_module) {
    Value m = import_module_cstr("sys");
    if (!m) return VNULL;
  }
  return dict_get_str(V_AS(Module, sys_module)->dict, str_intern_cstr(name));
}

Value sys_get_stdout(void) { return sys_attr("stdout"); }
Value sys_get_stderr(void) { return sys_attr("stderr"); }
Value sys_get_stdin(void) { return sys_attr("stdin"); }

static Value sys_exit(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("exit", nargs, kw, 0, 1)) return VNULL;
  return err_set_value(Exc_SystemExit, nargs ? args[0] : VNULL);
}

static Value sys_getrecursionlimit(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("getrecursionlimit", nargs, kw, 0, 0)) return VNULL;
  return v_from_int(interp_recursion_limit);
}

static Value sys_setrecursionlimit(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("setrecursionlimit", nargs, kw, 1, 1)) return VNULL;
  int64_t n;
  if (!v_is_int(args[0])) return err_format(Exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(v_type(args[0])));
  n = v_int(args[0]);
  if (n < 1) return err_format(Exc_ValueError, "recursion limit must be greater or equal than 1");
  interp_recursion_limit = n > FRAME_DEPTH_MAX ? FRAME_DEPTH_MAX : (int)n;
  return V_NONE;
}

static Value sys_exc_info(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("exc_info", nargs, kw, 0, 0)) return VNULL;
  if (!err_handled) return tuple_pack(3, V_NONE, V_NONE, V_NONE);
  ExcObj *e = V_AS(ExcObj, err_handled);
  return tuple_pack(3, OBJ_V(v_type(err_handled)), err_handled, e->traceback ? e->traceback : V_NONE);
}

static Value sys_exception(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("exception", nargs, kw, 0, 0)) return VNULL;
  return err_handled ? err_handled : V_NONE;
}

static Value sys_intern(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("intern", nargs, kw, 1, 1)) return VNULL;
  if (!IS_STR(args[0])) return err_format(Exc_TypeError, "intern() argument must be str, not %s", type_name(v_type(args[0])));
  return OBJ_V(str_intern(V_AS(Str, args[0])));
}

static Value sys_getsizeof(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("getsizeof", nargs, kw, 1, 2)) return VNULL;
  return v_from_int(v_is_int(args[0]) ? 28 : 56);
}

/* sys.version_info is a named tuple made on first use (PEP 562 module __getattr__), so that
   start-up does not import collections. */
static Value sys_getattr_hook(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("__getattr__", nargs, kw, 1, 1)) return VNULL;
  if (IS_STR(args[0]) && strcmp(STR_DATA(args[0]), "version_info") == 0) {
    Value coll = import_module_cstr("collections");
    if (!coll) return VNULL;
    Value nt = obj_getattr(coll, str_intern_cstr("namedtuple"));
    if (!nt) return VNULL;
    Value fields = str_from_cstr("major minor micro releaselevel serial");
    Value cls = obj_call2(nt, str_from_cstr("version_info"), fields);
    if (!cls) return VNULL;
    Value vals[5] = {v_from_int(3), v_from_int(11), v_from_int(0), str_from_cstr("final"), v_from_int(0)};
    Value vi = obj_call(cls, vals, 5, NULL);
    if (vi) module_set(sys_module, "version_info", vi);
    return vi;
  }
  return err_format(Exc_AttributeError, "module 'sys' has no attribute '%.*s'", IS_STR(args[0]) ? (int)STR_LEN(args[0]) : 1,
                    IS_STR(args[0]) ? STR_DATA(args[0]) : "?");
}

static const MethodDef sys_functions[] = {
  {"__getattr__", sys_getattr_hook, NULL},
  {"exit", sys_exit, NULL}, {"getrecursionlimit", sys_getrecursionlimit, NULL},
  {"setrecursionlimit", sys_setrecursionlimit, NULL}, {"exc_info", sys_exc_info, NULL},
  {"exception", sys_exception, NULL}, {"intern", sys_intern, NULL}, {"getsizeof", sys_getsizeof, NULL},
  {NULL, NULL, NULL}};

Value sys_module_init(void) {
  Value m = module_new("sys");
  sys_module = m;
  gc_add_global_root(&sys_module);
  module_add_functions(m, sys_functions);
  List *argv = list_new(saved_argc);
  for (int i = 0; i < saved_argc; i++) list_append(argv, str_from_cstr(saved_argv[i]));
  module_set(m, "argv", OBJ_V(argv));
  module_set(m, "path", OBJ_V(sys_path));
  module_set(m, "modules", OBJ_V(sys_modules));
  module_set(m, "stdout", file_from_stdio(stdout, "<stdout>", "w"));
  module_set(m, "stderr", file_from_stdio(stderr, "<stderr>", "w"));
  module_set(m, "stdin", file_from_stdio(stdin, "<stdin>", "r"));
  module_set(m, "__stdout__", sys_attr("stdout"));
  module_set(m, "__stderr__", sys_attr("stderr"));
  module_set(m, "maxsize", int_from_i64(INT64_MAX));
  module_set(m, "byteorder", str_from_cstr("little"));
  module_set(m, "platform", str_from_cstr("linux"));
  module_set(m, "implementation_name", str_from_cstr("pypy-jit-server"));
  module_set(m, "version", str_from_cstr("3.11.0 (pypy-jit-server 0.1)"));
  module_set(m, "executable", str_from_cstr("pypy-client"));
  module_set(m, "float_repr_style", str_from_cstr("short"));
  module_set(m, "dont_write_bytecode", V_TRUE);
  return m;
}
