/* types.c: the static built-in type objects, the singletons, and type-level lookup.
 *
 * type_lookup walks the MRO and is memoized in a global cache keyed by (type version, name):
 * a type's version changes whenever its dict or a base's dict changes, so a hit is always
 * current. The interpreter's inline caches key on the same version numbers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "object.h"
#include "typeobject.h"

#define TYPE_DEF(c, py) Type Type_##c = {.h = STATIC_HEADER(&Type_type), .cname = py, .flags = 0};
BUILTIN_TYPES(TYPE_DEF)
#undef TYPE_DEF

Obj NoneObj = STATIC_HEADER(&Type_NoneType);
Obj TrueObj = STATIC_HEADER(&Type_bool);
Obj FalseObj = STATIC_HEADER(&Type_bool);
Obj NotImplementedObj = STATIC_HEADER(&Type_NotImplementedType);
Obj EllipsisObj = STATIC_HEADER(&Type_ellipsis);

static Type *const all_static_types[] = {
#define TYPE_PTR(c, py) &Type_##c,
  BUILTIN_TYPES(TYPE_PTR)
#undef TYPE_PTR
};

uint64_t type_next_version = 1;

const char *type_name(Type *t) {
  if (t->name) return V_AS(Str, OBJ_V(t->name))->data;
  return t->cname;
}

bool type_is_subtype(Type *a, Type *b) {
  if (a == b) return true;
  if (!a->mro) {
    for (Type *t = a->base; t; t = t->base)
      if (t == b) return true;
    return b == &Type_object;
  }
  for (int64_t i = 0; i < a->mro->len; i++)
    if (V_AS(Type, a->mro->items[i]) == b) return true;
  return false;
}

/* -- Method cache ------------------------------------------------------------------------------ */
#define MCACHE_SIZE 4096
typedef struct MCacheEntry { uint64_t version; Str *name; Value value; } MCacheEntry;
static MCacheEntry mcache[MCACHE_SIZE];

static Value lookup_uncached(Type *t, Str *name) {
  if (!t->mro) {
    for (Type *b = t; b; b = b->base) {
      Value v = b->dict ? dict_get_str(b->dict, name) : VNULL;
      if (v) return v;
    }
    return VNULL;
  }
  for (int64_t i = 0; i < t->mro->len; i++) {
    Type *b = V_AS(Type, t->mro->items[i]);
    Value v = b->dict ? dict_get_str(b->dict, name) : VNULL;
    if (v) return v;
  }
  return VNULL;
}

Value type_lookup(Type *t, Str *name) {
  if (!(name->h.aux & STR_INTERNED)) return lookup_uncached(t, name);
  size_t h = (size_t)((t->version * 2654435761u) ^ ((uintptr_t)name >> 4)) & (MCACHE_SIZE - 1);
  MCacheEntry *e = &mcache[h];
  if (e->version == t->version && e->name == name) return e->value;
  Value v = lookup_uncached(t, name);
  e->version = t->version;
  e->name = name;
  e->value = v;
  return v;
}

/* The cache holds values without rooting them: versions are unique and never reused, and a
   type change gives the type a new one, so an entry whose value may be gone never hits. */

void type_modified(Type *t) {
  t->version = type_next_version++;
  if (t->subclasses)
    for (int64_t i = 0; i < t->subclasses->len; i++) type_modified(V_AS(Type, t->subclasses->items[i]));
}

/* -- Registration of C methods --------------------------------------------------------------------- */
Value builtin_new(const char *name, CFunc fn, Value self) {
  Builtin *b = (Builtin *)gc_alloc(&Type_builtin, sizeof(Builtin));
  b->name = name;
  b->fn = fn;
  b->self = self;
  return OBJ_V(b);
}

static Dict *type_dict(Type *t) {
  if (!t->dict) {
    t->dict = dict_new();
    if (t->h.gcflags & GCF_STATIC) gc_add_global_root((Value *)&t->dict);
  }
  return t->dict;
}

void type_add_methods(Type *t, const MethodDef *defs) {
  Dict *d = type_dict(t);
  for (; defs->name; defs++) {
    Builtin *b = V_AS(Builtin, builtin_new(defs->name, defs->fn, VNULL));
    b->owner = t;
    b->doc = defs->doc;
    dict_set_str(d, str_intern_cstr(defs->name), OBJ_V(b));
  }
  type_modified(t);
}

void type_set_attr_cstr(Type *t, const char *name, Value v) {
  dict_set_str(type_dict(t), str_intern_cstr(name), v);
  type_modified(t);
}

/* -- Start-up -------------------------------------------------------------------------------------- */
static void static_type_init(Type *t) {
  if (t != &Type_object) t->base = t->base ? t->base : &Type_object;
  t->name = str_intern_cstr(t->cname);
  t->qualname = t->name;
  type_dict(t);
  t->version = type_next_version++;
  t->layout = LAYOUT_BUILTIN;
  gc_add_global_root((Value *)&t->name);
  gc_add_global_root((Value *)&t->qualname);
  gc_add_global_root((Value *)&t->mro);
  gc_add_global_root((Value *)&t->bases);
  gc_add_global_root((Value *)&t->subclasses);
  gc_add_global_root((Value *)&t->root_map);
}

void types_init(void) {
  Type_bool.base = &Type_int;
  Type_object.layout = LAYOUT_OBJECT;
  for (size_t i = 0; i < sizeof all_static_types / sizeof all_static_types[0]; i++)
    static_type_init(all_static_types[i]);
  Type_object.layout = LAYOUT_OBJECT;
  for (size_t i = 0; i < sizeof all_static_types / sizeof all_static_types[0]; i++) {
    Type *t = all_static_types[i];
    t->mro = type_compute_mro_simple(t);
    t->bases = V_AS(Tuple, tuple_pack(1, OBJ_V(t->base ? t->base : &Type_object)));
    if (t == &Type_object) t->bases = tuple_new(0);
  }
  static const Type *const subclassable[] = {&Type_object, &Type_int, &Type_float, &Type_str,
                                             &Type_list, &Type_dict, &Type_tuple, &Type_set,
                                             &Type_frozenset, &Type_bytes, &Type_type};
  for (size_t i = 0; i < sizeof subclassable / sizeof subclassable[0]; i++)
    ((Type *)subclassable[i])->flags |= TPF_BASETYPE;
}

Tuple *type_compute_mro_simple(Type *t) {
  int n = 0;
  for (Type *b = t; b; b = b->base) n++;
  Tuple *mro = tuple_new(n);
  int i = 0;
  for (Type *b = t; b; b = b->base) mro->items[i++] = OBJ_V(b);
  return mro;
}

/* -- None, NotImplemented, Ellipsis ------------------------------------------------------------- */
static Value none_repr(Value v) { (void)v; return str_from_cstr("None"); }
static Value notimpl_repr(Value v) { (void)v; return str_from_cstr("NotImplemented"); }
static Value ellipsis_repr(Value v) { (void)v; return str_from_cstr("Ellipsis"); }
static bool singleton_hash(Value v, int64_t *out) { *out = (int64_t)((uintptr_t)V_OBJ(v) >> 4); return true; }
static Value none_new(Type *t, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check(type_name(t), nargs, kw, 0, 0)) return VNULL;
  return t == &Type_NoneType ? V_NONE : t == &Type_ellipsis ? V_ELLIPSIS : V_NOTIMPL;
}

void singletons_init(void) {
  Type_NoneType.repr = none_repr;
  Type_NotImplementedType.repr = notimpl_repr;
  Type_ellipsis.repr = ellipsis_repr;
  Type_NoneType.hash = singleton_hash;
  Type_NotImplementedType.hash = singleton_hash;
  Type_ellipsis.hash = singleton_hash;
  Type_NoneType.new = none_new;
  Type_NotImplementedType.new = none_new;
  Type_ellipsis.new = none_new;
}
