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
#include "typeobject.h"

static void map_traverse(Obj *o, VisitFn visit) {
  Map *m = (Map *)o;
  visit((Value *)&m->parent);
  visit((Value *)&m->name);
  visit((Value *)&m->transitions);
}

static void instance_traverse(Obj *o, VisitFn visit) {
  Instance *in = (Instance *)o;
  visit((Value *)&in->h.type);
  visit((Value *)&in->map);
  visit((Value *)&in->dict);
  int n = in->map ? in->map->nattrs : 0;
  for (int i = 0; i < n; i++) visit(&in->slots[i]);
  if (in->h.type->layout == LAYOUT_EXC) {
    ExcObj *e = (ExcObj *)o;
    visit((Value *)&e->args);
    visit(&e->traceback);
    visit(&e->cause);
    visit(&e->context);
  }
}

static void instance_finalize(Obj *o) {
  Instance *in = (Instance *)o;
  if (in->slots && in->slots != (Value *)((char *)o + o->type->instsize)) free(in->slots);
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
  Instance *in = (Instance *)gc_alloc(t, t->instsize + (size_t)cap * sizeof(Value));
  in->map = t->root_map;
  in->cap = cap;
  if (t->flags & TPF_HAS_DEL) in->h.gcflags |= GCF_FINALIZER;
  in->slots = (Value *)((char *)in + t->instsize);
  return OBJ_V(in);
}

Value instance_get_own(Instance *o, Str *name) {
  if (!o->map) return o->dict ? dict_get_str(o->dict, name) : VNULL;
  int64_t i = map_index_of(o->map, name);
  return i >= 0 ? o->slots[i] : VNULL;
}

static void to_dict_mode(Instance *o) {
  /* The map chain runs newest-first: collect it, then insert in the order attributes came. */
  Dict *ordered = dict_new();
  Map *chain[MAP_ATTRS_MAX + 1];
  int n = 0;
  for (Map *m = o->map; m && m->name; m = m->parent) chain[n++] = m;
  for (int i = n - 1; i >= 0; i--) dict_set_str(ordered, chain[i]->name, o->slots[chain[i]->index]);
  o->dict = ordered;
  o->map = NULL;
  gc_wb(&o->h);
}

static bool grow_slots(Instance *o, int need) {
  int cap = o->cap * 2;
  if (cap < need) cap = need;
  Value *inl = (Value *)((char *)o + o->h.type->instsize);
  Value *s = o->slots == inl ? malloc((size_t)cap * sizeof(Value))
                             : realloc(o->slots, (size_t)cap * sizeof(Value));
  if (!s) { err_no_memory(); return false; }
  if (o->slots == inl) memcpy(s, inl, (size_t)o->cap * sizeof(Value));
  o->slots = s;
  o->cap = cap;
  return true;
}

bool instance_set_own(Instance *o, Str *name, Value v) {
  gc_wb_store(&o->h, v);
  if (o->map) {
    int64_t i = map_index_of(o->map, name);
    if (i >= 0) {
      o->slots[i] = v;
      return true;
    }
    Map *n = map_add(o->map, name);
    if (n) {
      if (n->nattrs > o->cap && !grow_slots(o, n->nattrs)) return false;
      o->slots[n->index] = v;
      o->map = n;
      gc_wb_store(&o->h, OBJ_V(n));
      Type *t = o->h.type;
      if (n->nattrs > t->nslots_hint && n->nattrs <= 16) t->nslots_hint = n->nattrs;
      return true;
    }
    to_dict_mode(o);
  }
  if (!o->dict) {
    o->dict = dict_new();
    gc_wb(&o->h);
  }
  return dict_set_str(o->dict, name, v);
}

int instance_del_own(Instance *o, Str *name) {
  if (o->map) {
    if (map_index_of(o->map, name) < 0) return 0;
    to_dict_mode(o);
  }
  if (!o->dict) return 0;
  return dict_del(o->dict, OBJ_V(name));
}

Dict *instance_dict(Instance *o) {
  if (!o->map) {
    if (!o->dict) { o->dict = dict_new(); gc_wb(&o->h); }
    return o->dict;
  }
  /* Programs that use __dict__ directly want a real, live dict: switch this instance over. */
  to_dict_mode(o);
  return o->dict;
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
