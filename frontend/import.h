/* import.h: modules and the import system. */
#ifndef PJS_IMPORT_H
#define PJS_IMPORT_H

#include "object.h"

/* Built-in modules: name, init function (returns the new module, or VNULL + error).
   The table lives in import.c; each init is in its own <name>module.c. */
#define BUILTIN_MODULES(_) \
  _(sys, sys_module_init) _(math, math_module_init) _(time, time_module_init) \
  _(gc, gc_module_init) _(_weakref, _weakref_module_init) \
  _(_random, _random_module_init) _(posix, posix_module_init) \
  _(_collections, _collections_module_init) \
  _(_sre, _sre_module_init) _(_hashlib, _hashlib_module_init)

#define DECLARE_MODINIT(name, fn) Value fn(void);
BUILTIN_MODULES(DECLARE_MODINIT)
#undef DECLARE_MODINIT

Value module_new(const char *name);                     /* empty module with __name__ set */
void module_set(Value module, const char *name, Value v);
Value import_name(Str *name, Value fromlist, Value level, Dict *globals);
Value import_from(Value module, Str *name);
Value import_module_cstr(const char *dotted);           /* import a.b.c, return the leaf */
void import_init(const char *script_dir);              /* sys.path[0] */
extern Dict *sys_modules;

#endif
