/* typeobject.h: classes, instances, attribute lookup, descriptors, super. */
#ifndef PJS_TYPEOBJECT_H
#define PJS_TYPEOBJECT_H

#include "object.h"

typedef struct Super { Obj h; Type *type; Value obj; Type *obj_type; } Super;

extern uint64_t type_next_version;
void types_init(void);
void typeobject_init(void);
void singletons_init(void);
Tuple *type_compute_mro_simple(Type *t);
void type_modified(Type *t);
void type_set_attr_cstr(Type *t, const char *name, Value v);
void type_add_property(Type *t, const char *name, CFunc getter); /* read-only, computed */

Value type_generic_getattr(Value obj, Str *name);   /* object.__getattribute__ */
bool type_generic_setattr(Value obj, Str *name, Value v); /* v VNULL: delete */
Value descr_bind(Value attr, Value obj, Type *t);    /* functions -> bound methods, etc. */
Type *type_new_heap(Str *name, Tuple *bases, Dict *ns, Type *metatype);
Value type_call(Value self, Value *args, int nargs, Tuple *kwnames);
Value build_class(Value self, Value *args, int nargs, Tuple *kwnames); /* builtins.__build_class__ */
Value instance_new(Type *t);                          /* a bare instance of a heap type */
Value object_repr_default(Value v);

/* Instances' attribute slots. */
Value instance_get_own(Obj *o, Str *name);            /* VNULL when absent */
bool instance_set_own(Obj *o, Str *name, Value v);
int instance_del_own(Obj *o, Str *name);              /* 1 deleted, 0 absent */
int64_t map_index_of(Map *m, Str *name);              /* -1 when absent */
Map *map_add(Map *m, Str *name);                      /* transition; NULL past MAP_ATTRS_MAX */
Dict *instance_dict(Obj *o);
Value instance_dict_view(Obj *o);                     /* __dict__ as Python sees it */
bool type_allows_attr(Type *t, Str *name);            /* __slots__ permit name */                     /* switches o to dict mode: a live __dict__ */
Map *map_new_root(void);
void instance_init_types(void);
void instance_set_heap_slots(Type *t);

#endif
