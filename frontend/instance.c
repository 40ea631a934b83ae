/* instance.c: attribute storage of instances of user classes, through maps.
 *
 * A Map (hidden class, as PyPy and V8 call it) describes which attribute lives in which slot;
 * instances that gained the same attributes in the same order share one map, found by
 * following transitions from the type's root map. An attribute read with an inline cache is
 * then: compare the instance's map with the cached one, load the slot. An instance that grows
 * past MAP_ATTRS_MAX attributes or loses one (del) keeps its attributes in a Dict instead.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dictobject.h"
#include "gc.h"
#include "typeobject.h"

static void map_traverse(Obj *o, VisitFn visit) {
  Map *m = (Map *)o;
  visit((Value *)&m->parent);
  visit((Value *)&m->name);
  visit((Value *)&m->transitions);
}

static void ext_traverse(Obj *o, VisitFn visit) {
  InstExt *x = inst_ext(o);
  visit((Value *)&o->type);
  visit((Value *)&x->map);
  visit((Value *)&x->dict);
  int n = x->map ? x->map->nattrs : 0;
  for (int i = 0; i < n; i++) visit(&x->slots[i]);
}

static void instance_traverse(Obj *o, VisitFn visit) {
  Type *t = o->type;
  if (t->builtin_base) t->builtin_base->traverse(o, visit);
  ext_traverse(o, visit);
  if (t->layout == LAYOUT_EXC) {
    ExcObj *e = (ExcObj *)o;
    visit((Value *)&e->args);
    visit(&e->traceback);
    visit(&e->cause);
    visit(&e->context);
  }
}

static inline Value *inline_slots(Obj *o) { return (Value *)((char *)o + o->type->instsize); }

static void instance_finalize(Obj *o) {
  Type *t = o->type;
  if (t->builtin_base && t->builtin_base->finalize) t->builtin_base->finalize(o);
  InstExt *x = inst_ext(o);
  if (x->slots && x->slots != inline_slots(o)) free(x->slots);
}

Map *map_new_root(void) {
  Map *m = (Map *)gc_alloc(&Type_instmap, sizeof(Map));
  m->index = -1;
  return m;
}

int64_t map_index_of(Map *m, Str *name) {
  for (; m && m->name; m = m->parent)
    if (m->name == name || str_eq(m->name, name)) return m->index;
  return -1;
}

Map *map_add(Map *m, Str *name) {
  if (m->nattrs >= MAP_ATTRS_MAX) return NULL;
  if (!m->transitions) {
    m->transitions = dict_new();
    gc_wb(&m->h);
  }
  Value next = dict_get_str(m->transitions, name);
  if (next) return V_AS(Map, next);
  Map *n = (Map *)gc_alloc(&Type_instmap, sizeof(Map));
  n->parent = m;
  n->name = name;
  n->index = m->nattrs;
  n->nattrs = m->nattrs + 1;
  dict_set_str(m->transitions, name, OBJ_V(n));
  return n;
}

/* Heap-type instances carry nslots_hint inline slots right after their fixed part. */
Value instance_new(Type *t) {
  int cap = t->nslots_hint > 0 ? t->nslots_hint : 4;
  Obj *o = gc_alloc(t, t->instsize + (size_t)cap * sizeof(Value));
  if (t->builtin_base) t->builtin_base->init_empty(o);
  InstExt *x = inst_ext(o);
  x->map = t->root_map;
  x->cap = cap;
  x->slots = inline_slots(o);
  if (t->flags & TPF_HAS_DEL) gc_set_finalizer(o);
  return OBJ_V(o);
}

Value instance_get_own(Obj *obj, Str *name) {
  InstExt *o = inst_ext(obj);
  if (!o->map) return o->dict ? dict_get_str(o->dict, name) : VNULL;
  int64_t i = map_index_of(o->map, name);
  return i >= 0 ? o->slots[i] : VNULL;
}

static void to_dict_mode(Obj *obj) {
  InstExt *o = inst_ext(obj);
  /* The map chain runs newest-first: collect it, then insert in the order attributes came. */
  Dict *ordered = dict_new();
  Map *chain[MAP_ATTRS_MAX + 1];
  int n = 0;
  for (Map *m = o->map; m && m->name; m = m->parent) chain[n++] = m;
  for (int i = n - 1; i >= 0; i--) dict_set_str(ordered, chain[i]->name, o->slots[chain[i]->index]);
  o->dict = ordered;
  o->map = NULL;
  gc_wb(obj);
}

static bool grow_slots(Obj *obj, int need) {
  InstExt *o = inst_ext(obj);
  int cap = o->cap * 2;
  if (cap < need) cap = need;
  Value *inl = inline_slots(obj);
  Value *s = o->slots == inl ? malloc((size_t)cap * sizeof(Value))
                             : realloc(o->slots, (size_t)cap * sizeof(Value));
  if (!s) { err_no_memory(); return false; }
  if (o->slots == inl) memcpy(s, inl, (size_t)o->cap * sizeof(Value));
  o->slots = s;
  o->cap = cap;
  return true;
}

bool instance_set_own(Obj *obj, Str *name, Value v) {
  InstExt *o = inst_ext(obj);
  gc_wb_store(obj, v);
  if (o->map) {
    int64_t i = map_index_of(o->map, name);
    if (i >= 0) {
      o->slots[i] = v;
      return true;
    }
    Map *n = map_add(o->map, name);
    if (n) {
      if (n->nattrs > o->cap && !grow_slots(obj, n->nattrs)) return false;
      o->slots[n->index] = v;
      o->map = n;
      gc_wb_store(obj, OBJ_V(n));
      Type *t = obj->type;
      if (n->nattrs > t->nslots_hint && n->nattrs <= 16) t->nslots_hint = n->nattrs;
      return true;
    }
    to_dict_mode(obj);
  }
  if (!o->dict) {
    o->dict = dict_new();
    gc_wb(obj);
  }
  return dict_set_str(o->dict, name, v);
}

int instance_del_own(Obj *obj, Str *name) {
  InstExt *o = inst_ext(obj);
  if (o->map) {
    if (map_index_of(o->map, name) < 0) return 0;
    to_dict_mode(obj);
  }
  if (!o->dict) return 0;
  return dict_del(o->dict, OBJ_V(name));
}

Dict *instance_dict(Obj *obj) {
  InstExt *o = inst_ext(obj);
  if (!o->map) {
    if (!o->dict) { o->dict = dict_new(); gc_wb(obj); }
    return o->dict;
  }
  /* Programs that use __dict__ directly want a real, live dict: switch this instance over. */
  to_dict_mode(obj);
  return o->dict;
}

/* obj.__dict__: the live dict, or for classes with __slots__ along the way a snapshot
   without the slot names (in CPython those live outside the dict). */
Value instance_dict_view(Obj *obj) {
  Dict *d = instance_dict(obj);
  Tuple *sn = obj->type->slot_names;
  if (!sn) return OBJ_V(d);
  Dict *copy = dict_copy(d);
  for (int64_t i = 0; i < sn->len; i++) dict_del(copy, sn->items[i]);
  return OBJ_V(copy);
}

void instance_init_types(void) {
  Type_instmap.traverse = map_traverse;
  Type_object.traverse = instance_traverse;
  Type_object.finalize = instance_finalize;
}

void instance_set_heap_slots(Type *t) {
  t->traverse = instance_traverse;
  t->finalize = instance_finalize;
}
