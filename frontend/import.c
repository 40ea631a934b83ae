/* import.c: module objects and the import system.
 *
 * `import a.b.c` imports a, then a.b, then a.b.c, each once: sys.modules caches them, and a
 * module is entered there before its code runs so circular imports see the partial module.
 * A name is found among the built-in modules first, then as NAME.py or NAME/__init__.py in
 * each sys.path entry (a package's submodules in its __path__).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "dictobject.h"
#include "errors.h"
#include "import.h"
#include "interp.h"
#include "runtime.h"
#include "strobject.h"
#include "typeobject.h"

#ifndef PJS_LIB_DIR
#define PJS_LIB_DIR "lib"
#endif

Dict *sys_modules;
List *sys_path;
extern Dict *interp_builtins;

/* -- Module objects -------------------------------------------------------------------------- */
static void module_traverse(Obj *o, VisitFn visit) {
  visit((Value *)&((Module *)o)->name);
  visit((Value *)&((Module *)o)->dict);
}

Value module_new(const char *name) {
  Module *m = (Module *)gc_alloc(&Type_module, sizeof(Module));
  m->name = V_AS(Str, str_from_cstr(name));
  m->dict = dict_new();
  m->dict->h.aux |= DICT_NAMESPACE;
  dict_set_str(m->dict, N.__name__, OBJ_V(m->name));
  dict_set_str(m->dict, N.__doc__, V_NONE);
  return OBJ_V(m);
}

void module_set(Value module, const char *name, Value v) {
  dict_set_str(V_AS(Module, module)->dict, str_intern_cstr(name), v);
}

void module_add_functions(Value module, const MethodDef *defs) {
  for (; defs->name; defs++) {
    Builtin *b = V_AS(Builtin, builtin_new(defs->name, defs->fn, module));
    b->doc = defs->doc;
    module_set(module, defs->name, OBJ_V(b));
  }
}

static Value module_getattr(Value self, Str *name) {
  Module *m = V_AS(Module, self);
  Value v = dict_get_str(m->dict, name);
  if (v) return v;
  if (name == N.__dict__) return OBJ_V(m->dict);
  Value ga = dict_get_str(m->dict, N.__getattr__);
  if (ga) return obj_call1(ga, OBJ_V(name));
  return err_format(Exc_AttributeError, "module '%s' has no attribute '%s'", m->name->data, name->data);
}

static bool module_setattr(Value self, Str *name, Value v) {
  Module *m = V_AS(Module, self);
  if (v) return dict_set_str(m->dict, name, v);
  if (dict_del(m->dict, OBJ_V(name)) <= 0) {
    err_format(Exc_AttributeError, "module '%s' has no attribute '%s'", m->name->data, name->data);
    return false;
  }
  return true;
}

static Value module_repr(Value self) {
  Module *m = V_AS(Module, self);
  Value file = dict_get_str(m->dict, N.__file__);
  char buf[1024];
  if (file && IS_STR(file))
    snprintf(buf, sizeof buf, "<module '%s' from '%.*s'>", m->name->data, (int)STR_LEN(file), STR_DATA(file));
  else
    snprintf(buf, sizeof buf, "<module '%s' (built-in)>", m->name->data);
  return str_from_cstr(buf);
}

/* -- Finding and loading ------------------------------------------------------------------------ */
static bool is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static Value builtin_module(const char *name) {
#define TRY_BUILTIN(n, fn) if (strcmp(name, #n) == 0) return fn();
  BUILTIN_MODULES(TRY_BUILTIN)
#undef TRY_BUILTIN
  return VNULL;
}

static Value exec_module_file(const char *fullname, const char *path, const char *pkgdir) {
  GC_ROOT_SCOPE;
  Value m = module_new(fullname);
  gc_root(&m);
  Dict *d = V_AS(Module, m)->dict;
  dict_set_str(d, N.__file__, str_from_cstr(path));
  dict_set_str(d, N.__builtins__, OBJ_V(interp_builtins));
  const char *dot = strrchr(fullname, '.');
  if (pkgdir) {
    dict_set_str(d, N.__path__, OBJ_V(list_from_array((Value[]){str_from_cstr(pkgdir)}, 1)));
    dict_set_str(d, str_intern_cstr("__package__"), str_from_cstr(fullname));
  } else {
    dict_set_str(d, str_intern_cstr("__package__"), dot ? str_new(fullname, (size_t)(dot - fullname)) : OBJ_V(str_empty()));
  }
  Value key = str_from_cstr(fullname);
  gc_root(&key);
  dict_set(sys_modules, key, m);
  if (!runtime_run_file(path, d)) {
    dict_del(sys_modules, key);
    return VNULL;
  }
  /* The module may have replaced itself in sys.modules. */
  Value now = dict_get(sys_modules, key);
  return now ? now : m;
}

/* Looks for `leaf` in the directories of `paths` (a list of str). */
static Value find_and_load(const char *fullname, const char *leaf, Value paths) {
  if (!paths || !IS_LIST(paths)) return VNULL;
  List *l = V_AS(List, paths);
  char path[4200], dir[4096];
  for (int64_t i = 0; i < l->len; i++) {
    if (!IS_STR(l->items[i])) continue;
    const char *base = STR_DATA(l->items[i]);
    if (!*base) base = ".";
    if (snprintf(dir, sizeof dir, "%s/%s", base, leaf) >= (int)sizeof dir) continue;
    if (snprintf(path, sizeof path, "%s/__init__.py", dir) >= (int)sizeof path) continue;
    if (is_dir(dir) && is_file(path)) return exec_module_file(fullname, path, dir);
    if (snprintf(path, sizeof path, "%s/%s.py", base, leaf) >= (int)sizeof path) continue;
    if (is_file(path)) return exec_module_file(fullname, path, NULL);
  }
  return VNULL;
}

static Value not_found(const char *fullname) {
  Value e = exc_new_instance(Exc_ModuleNotFoundError, NULL, 0);
  char msg[1100];
  snprintf(msg, sizeof msg, "No module named '%s'", fullname);
  V_AS(ExcObj, e)->args = V_AS(Tuple, tuple_pack(1, str_from_cstr(msg)));
  instance_set_own(V_OBJ(e), N.name, str_from_cstr(fullname));
  return err_set_obj(e);
}

static Value import_one(const char *fullname, Value parent) {
  Value key = str_from_cstr(fullname);
  Value m = dict_get(sys_modules, key);
  if (m) return m;
  const char *dot = strrchr(fullname, '.');
  if (!parent) {
    m = builtin_module(fullname);
    if (m) {
      dict_set(sys_modules, key, m);
      return m;
    }
    if (err_occurred()) return VNULL;
    m = find_and_load(fullname, fullname, OBJ_V(sys_path));
  } else {
    Value path = dict_get_str(V_AS(Module, parent)->dict, N.__path__);
    m = find_and_load(fullname, dot + 1, path);
    if (m) {
      /* Bind the submodule as an attribute of its package. */
      dict_set_str(V_AS(Module, parent)->dict, str_intern_cstr(dot + 1), m);
    }
  }
  if (!m && !err_occurred()) return not_found(fullname);
  return m;
}

Value import_module_cstr(const char *dotted) {
  GC_ROOT_SCOPE;
  char buf[1024];
  size_t n = strlen(dotted);
  if (n == 0 || n >= sizeof buf) return err_format(Exc_ValueError, "Empty module name");
  Value parent = VNULL, m = VNULL;
  for (size_t i = 0; i <= n; i++) {
    if (dotted[i] != '.' && dotted[i] != 0) continue;
    memcpy(buf, dotted, i);
    buf[i] = 0;
    m = import_one(buf, parent);
    if (!m) return VNULL;
    parent = m;
    gc_root(&parent);
  }
  return m;
}

static bool resolve_relative(Str *name, int level, Dict *globals, char *out, size_t cap) {
  Value pkg = dict_get_str(globals, str_intern_cstr("__package__"));
  if (!pkg || !IS_STR(pkg) || STR_LEN(pkg) == 0) {
    Value nm = dict_get_str(globals, N.__name__);
    if (!dict_get_str(globals, N.__path__) && nm && IS_STR(nm)) {
      const char *d = memrchr(STR_DATA(nm), '.', (size_t)STR_LEN(nm));
      pkg = d ? str_new(STR_DATA(nm), (size_t)(d - STR_DATA(nm))) : VNULL;
    } else {
      pkg = nm;
    }
  }
  if (!pkg || !IS_STR(pkg) || STR_LEN(pkg) == 0) {
    err_format(Exc_ImportError, "attempted relative import with no known parent package");
    return false;
  }
  char base[1024];
  snprintf(base, sizeof base, "%.*s", (int)STR_LEN(pkg), STR_DATA(pkg));
  for (int i = 1; i < level; i++) {
    char *d = strrchr(base, '.');
    if (!d) {
      err_format(Exc_ImportError, "attempted relative import beyond top-level package");
      return false;
    }
    *d = 0;
  }
  int n = name->len ? snprintf(out, cap, "%s.%s", base, name->data) : snprintf(out, cap, "%s", base);
  if (n < 0 || (size_t)n >= cap) {
    err_format(Exc_ImportError, "module name too long");
    return false;
  }
  return true;
}

Value import_name(Str *name, Value fromlist, Value level, Dict *globals) {
  int lv = v_is_int(level) ? (int)v_int(level) : 0;
  char full[1024];
  if (lv > 0) {
    if (!resolve_relative(name, lv, globals, full, sizeof full)) return VNULL;
  } else {
    snprintf(full, sizeof full, "%s", name->data);
  }
  Value leaf = import_module_cstr(full);
  if (!leaf) return VNULL;
  bool has_from = fromlist && fromlist != V_NONE && !(IS_TUPLE(fromlist) && V_AS(Tuple, fromlist)->len == 0);
  if (has_from || lv > 0) return leaf;
  const char *dot = strchr(full, '.');
  if (!dot) return leaf;
  char top[1024];
  snprintf(top, sizeof top, "%.*s", (int)(dot - full), full);
  return dict_get(sys_modules, str_from_cstr(top));
}

Value import_from(Value module, Str *name) {
  if (v_is(module, &Type_module)) {
    Module *m = V_AS(Module, module);
    Value v = dict_get_str(m->dict, name);
    if (v) return v;
    char sub[1024];
    snprintf(sub, sizeof sub, "%s.%s", m->name->data, name->data);
    if (dict_get_str(m->dict, N.__path__)) {
      Value r = import_module_cstr(sub);
      if (r) return r;
      if (!err_matches(Exc_ModuleNotFoundError)) return VNULL;
      err_clear();
    }
    Value file = dict_get_str(m->dict, N.__file__);
    if (file && IS_STR(file))
      return err_format(Exc_ImportError, "cannot import name '%s' from '%s' (%.*s)", name->data, m->name->data,
                        (int)STR_LEN(file), STR_DATA(file));
    return err_format(Exc_ImportError, "cannot import name '%s' from '%s' (unknown location)", name->data, m->name->data);
  }
  Value v = obj_getattr(module, name);
  if (!v && err_matches(Exc_AttributeError)) {
    err_clear();
    return err_format(Exc_ImportError, "cannot import name '%s'", name->data);
  }
  return v;
}

void import_init(const char *script_dir) {
  Type_module.traverse = module_traverse;
  Type_module.getattr = module_getattr;
  Type_module.setattr_slot = module_setattr;
  Type_module.repr = module_repr;
  sys_modules = dict_new();
  gc_add_global_root((Value *)&sys_modules);
  sys_path = list_new(4);
  gc_add_global_root((Value *)&sys_path);
  list_append(sys_path, str_from_cstr(script_dir));
  const char *pp = getenv("PYTHONPATH");
  while (pp && *pp) {
    const char *c = strchr(pp, ':');
    size_t n = c ? (size_t)(c - pp) : strlen(pp);
    if (n) list_append(sys_path, str_new(pp, n));
    pp = c ? c + 1 : NULL;
  }
  const char *lib = getenv("PYPY_CLIENT_LIB");
  list_append(sys_path, str_from_cstr(lib && *lib ? lib : PJS_LIB_DIR));
}
