/* typeobject.c: classes as Python sees them: attribute lookup with descriptors, class
 * creation (C3 MRO, __build_class__), calling a class, super, and the descriptor types
 * classmethod, staticmethod and property.
 *
 * Attribute lookup follows CPython's order: a data descriptor on the type wins, then the
 * instance's own attributes, then any other class attribute (bound if it is a function or
 * descriptor), then __getattr__.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dictobject.h"
#include "interp.h"
#include "strobject.h"
#include "typeobject.h"

static bool has_own_attrs(Value v) {
  Type *t = V_OBJ(v)->type;
  if (t->flags & (TPF_NOATTRS | TPF_METATYPE)) return false; /* classes keep attributes in their dict */
  return (t->flags & TPF_HEAPTYPE) || t->layout == LAYOUT_EXC;
}

/* -- Descriptors ------------------------------------------------------------------------------- */
static Value bind_builtin(Builtin *b, Value obj) {
  Builtin *nb = V_AS(Builtin, builtin_new(b->name, b->fn, obj));
  nb->doc = b->doc;
  return OBJ_V(nb);
}

static bool is_data_descr(Value attr) {
  if (!v_is_obj(attr)) return false;
  Type *at = V_OBJ(attr)->type;
  if (at->is_data_descr) return true;
  if (!(at->flags & TPF_HEAPTYPE)) return false;
  return type_lookup(at, N.__set__) || type_lookup(at, N.__delete__);
}

Value descr_bind(Value attr, Value obj, Type *t) {
  if (!v_is_obj(attr)) return attr;
  Type *at = V_OBJ(attr)->type;
  if (at == &Type_function) return obj ? method_new(attr, obj) : attr;
  if (at == &Type_builtin) {
    Builtin *b = V_AS(Builtin, attr);
    return (b->owner && obj) ? bind_builtin(b, obj) : attr;
  }
  if (at == &Type_classmethod) return method_new(V_AS(ClassMethod, attr)->func, OBJ_V(t));
  if (at == &Type_staticmethod) return V_AS(ClassMethod, attr)->func;
  if (at->descr_get) return at->descr_get(attr, obj, OBJ_V(t));
  if (at->flags & TPF_HEAPTYPE) {
    Value get = type_lookup(at, N.__get__);
    if (get) {
      Value args[3] = {attr, obj ? obj : V_NONE, OBJ_V(t)};
      return obj_call(get, args, 3, NULL);
    }
  }
  return attr;
}

static Value no_attribute(Value obj, Str *name) {
  return err_format(Exc_AttributeError, "'%s' object has no attribute '%s'", type_name(v_type(obj)), name->data);
}

Value type_generic_getattr(Value obj, Str *name) {
  Type *t = v_type(obj);
  Value attr = type_lookup(t, name);
  if (attr && is_data_descr(attr)) return descr_bind(attr, obj, t);
  if (v_is_obj(obj) && has_own_attrs(obj)) {
    Value own = instance_get_own(V_OBJ(obj), name);
    if (own) return own;
    if (name == N.__dict__ && !t->slots_only) return instance_dict_view(V_OBJ(obj));
  }
  if (attr) return descr_bind(attr, obj, t);
  if (name == N.__class__) return OBJ_V(t);
  if ((t->flags & TPF_HAS_GETATTR)) {
    Value ga = type_lookup(t, N.__getattr__);
    if (ga) {
      Value args[2] = {obj, OBJ_V(name)};
      return obj_call(ga, args, 2, NULL);
    }
  }
  return no_attribute(obj, name);
}

/* A namedtuple's field (collections.namedtuple makes them as properties over a builtin of
   this name): CPython's _tuplegetter, whose error messages differ from a property's. */
static bool is_tuplegetter(const Property *p) {
  return v_is(p->fget, &Type_builtin) && strcmp(V_AS(Builtin, p->fget)->name, "_tuplegetter") == 0;
}

bool type_generic_setattr(Value obj, Str *name, Value v) {
  Type *t = v_type(obj);
  Value attr = type_lookup(t, name);
  if (attr && is_data_descr(attr)) {
    Type *at = V_OBJ(attr)->type;
    if (at == &Type_property) {
      Property *p = V_AS(Property, attr);
      Value f = v ? p->fset : p->fdel;
      if ((!f || f == V_NONE) && is_tuplegetter(p)) {
        err_format(Exc_AttributeError, "can't %s attribute", v ? "set" : "delete");
        return false;
      }
      if (!f || f == V_NONE) {
        err_format(Exc_AttributeError, "property '%s' of '%s' object has no %s", name->data,
                   type_name(t), v ? "setter" : "deleter");
        return false;
      }
      Value r = v ? obj_call2(f, obj, v) : obj_call1(f, obj);
      return r != VNULL;
    }
    Value set = type_lookup(at, v ? N.__set__ : N.__delete__);
    if (set) {
      Value args[3] = {attr, obj, v};
      return obj_call(set, args, v ? 3 : 2, NULL) != VNULL;
    }
  }
  if (!v_is_obj(obj) || !has_own_attrs(obj)) {
    if (attr) err_format(Exc_AttributeError, "'%s' object attribute '%s' is read-only", type_name(t), name->data);
    else no_attribute(obj, name);
    return false;
  }
  if (v && !type_allows_attr(t, name)) {
    if (attr) err_format(Exc_AttributeError, "'%s' object attribute '%s' is read-only", type_name(t), name->data);
    else no_attribute(obj, name);
    return false;
  }
  if (v) return instance_set_own(V_OBJ(obj), name, v);
  if (instance_del_own(V_OBJ(obj), name) <= 0) {
    if (attr && v_is(attr, &Type_member_descriptor)) err_format(Exc_AttributeError, "%s", name->data);
    else no_attribute(obj, name);
    return false;
  }
  return true;
}

/* -- Attributes of classes themselves ------------------------------------------------------------ */
static Value type_special_attr(Type *t, Str *name) {
  if (name == N.__name__) return OBJ_V(t->name);
  if (name == N.__qualname__) return OBJ_V(t->qualname ? t->qualname : t->name);
  if (name == N.__mro__) return OBJ_V(t->mro);
  if (name == N.__bases__) return OBJ_V(t->bases);
  if (name == N.__base__) return t->base ? OBJ_V(t->base) : V_NONE;
  if (name == N.__dict__) return OBJ_V(dict_copy(t->dict));
  if (name == N.__class__) return OBJ_V(V_OBJ(OBJ_V(t))->type);
  if (name == N.__module__ && !(t->flags & TPF_HEAPTYPE)) return str_from_cstr("builtins");
  if (name == N.__doc__ && !(t->flags & TPF_HEAPTYPE)) return V_NONE;
  return VNULL;
}

static Value type_getattr(Value self, Str *name) {
  Type *t = V_AS(Type, self);
  Type *meta = V_OBJ(self)->type;
  Value mattr = meta != &Type_type ? type_lookup(meta, name) : VNULL;
  if (mattr && is_data_descr(mattr)) return descr_bind(mattr, self, meta);
  Value attr = type_lookup(t, name);
  if (attr) {
    if (v_is_obj(attr)) {
      /* On the class itself, functions, method descriptors and properties come back as is. */
      Type *at = V_OBJ(attr)->type;
      if (at == &Type_function || at == &Type_builtin || at == &Type_property) return attr;
    }
    return descr_bind(attr, VNULL, t);
  }
  Value sp = type_special_attr(t, name);
  if (sp) return sp;
  if (mattr) return descr_bind(mattr, self, meta);
  Value tattr = type_lookup(&Type_type, name);
  if (tattr) return descr_bind(tattr, self, &Type_type);
  return err_format(Exc_AttributeError, "type object '%s' has no attribute '%s'", type_name(t), name->data);
}

static void scan_dunders(Type *t);

/* A dunder set on a class after its creation (cls.__setattr__ = f) changes what its
   instances, and its subclasses' instances, do. */
static void rescan_dunders(Type *t) {
  scan_dunders(t);
  if (t->subclasses)
    for (int64_t i = 0; i < t->subclasses->len; i++) rescan_dunders(V_AS(Type, t->subclasses->items[i]));
}

bool type_setattr(Value self, Str *name, Value v) {
  Type *t = V_AS(Type, self);
  if (!(t->flags & TPF_HEAPTYPE)) {
    err_format(Exc_TypeError, "cannot set '%s' attribute of immutable type '%s'", name->data, type_name(t));
    return false;
  }
  if (v) dict_set_str(t->dict, name, v);
  else if (dict_del(t->dict, OBJ_V(name)) <= 0) {
    err_format(Exc_AttributeError, "type object '%s' has no attribute '%s'", type_name(t), name->data);
    return false;
  }
  type_modified(t);
  if (name->data[0] == '_' && name->data[1] == '_') rescan_dunders(t);
  return true;
}

/* -- C3 linearization -------------------------------------------------------------------------- */
static bool in_tail(Tuple **seqs, int64_t *heads, int n, Value cand) {
  for (int i = 0; i < n; i++)
    for (int64_t j = heads[i] + 1; j < seqs[i]->len; j++)
      if (seqs[i]->items[j] == cand) return true;
  return false;
}

static Tuple *c3_mro(Type *t, Tuple *bases) {
  int n = (int)bases->len + 1;
  Tuple **seqs = calloc((size_t)n, sizeof(Tuple *));
  int64_t *heads = calloc((size_t)n, sizeof(int64_t));
  List *out = list_new(8);
  list_append(out, OBJ_V(t));
  for (int i = 0; i < n - 1; i++) seqs[i] = V_AS(Type, bases->items[i])->mro;
  seqs[n - 1] = bases;
  for (;;) {
    Value cand = VNULL;
    bool any = false;
    for (int i = 0; i < n && !cand; i++) {
      if (heads[i] >= seqs[i]->len) continue;
      any = true;
      Value c = seqs[i]->items[heads[i]];
      if (!in_tail(seqs, heads, n, c)) cand = c;
    }
    if (!any) break;
    if (!cand) {
      free(seqs);
      free(heads);
      StrBuilder b;
      sb_init(&b);
      sb_puts(&b, "Cannot create a consistent method resolution\norder (MRO) for bases ");
      for (int64_t i = 0; i < bases->len; i++) {
        if (i) sb_puts(&b, ", ");
        sb_puts(&b, type_name(V_AS(Type, bases->items[i])));
      }
      err_set_value(Exc_TypeError, sb_finish(&b));
      return NULL;
    }
    list_append(out, cand);
    for (int i = 0; i < n; i++)
      if (heads[i] < seqs[i]->len && seqs[i]->items[heads[i]] == cand) heads[i]++;
  }
  free(seqs);
  free(heads);
  return tuple_from_array(out->items, out->len);
}

/* -- Class creation --------------------------------------------------------------------------- */
static Type *solid_base(Tuple *bases) {
  Type *best = &Type_object;
  for (int64_t i = 0; i < bases->len; i++) {
    Type *b = V_AS(Type, bases->items[i]);
    if (b->layout == LAYOUT_EXC) best = b;
  }
  return best;
}

/* The built-in type whose layout instances of these bases start with (list, dict, set...),
   or NULL; two different ones cannot be combined. */
static bool builtin_layout_base(Tuple *bases, Type **out) {
  *out = NULL;
  for (int64_t i = 0; i < bases->len; i++) {
    Type *b = V_AS(Type, bases->items[i]);
    Type *bb = b->builtin_base ? b->builtin_base : (b->init_empty ? b : NULL);
    if (!bb) continue;
    if (*out && *out != bb) {
      err_format(Exc_TypeError, "multiple bases have instance lay-out conflict");
      return false;
    }
    *out = bb;
  }
  return true;
}

/* __slots__ along the MRO: which names instances may have, and whether they have a __dict__. */
static bool compute_slots(Type *t) {
  List *names = list_new(0);
  bool only = true;
  for (int64_t i = 0; i < t->mro->len; i++) {
    Type *c = V_AS(Type, t->mro->items[i]);
    if (!(c->flags & TPF_HEAPTYPE) || (c->layout == LAYOUT_EXC && !(c->flags & TPF_HEAPTYPE))) continue;
    Value sl = c->dict ? dict_get_str(c->dict, N.__slots__) : VNULL;
    if (!sl) { only = false; continue; }
    if (IS_STR(sl)) sl = tuple_pack(1, sl);
    List *l = list_from_iterable(sl);
    if (!l) return false;
    for (int64_t k = 0; k < l->len; k++) {
      if (!IS_STR(l->items[k])) {
        err_format(Exc_TypeError, "__slots__ items must be strings, not '%s'", type_name(v_type(l->items[k])));
        return false;
      }
      Str *n = str_intern(V_AS(Str, l->items[k]));
      if (str_eq(n, N.__dict__)) only = false;
      else list_append(names, OBJ_V(n));
    }
  }
  if (t->layout == LAYOUT_EXC) only = false;
  if (names->len) t->slot_names = tuple_from_array(names->items, names->len);
  t->slots_only = only && names->len > 0;
  return true;
}

/* A read-only attribute computed by getter (a property over a builtin), e.g. float.real. */
void type_add_property(Type *t, const char *name, CFunc getter) {
  Property *p = (Property *)gc_alloc(&Type_property, sizeof(Property));
  p->fget = builtin_new(name, getter, VNULL);
  p->fset = p->fdel = p->doc = V_NONE;
  type_set_attr_cstr(t, name, OBJ_V(p));
}

/* -- member_descriptor: the class's view of a slot ------------------------------------------------ */
static Value member_get(Value descr, Value obj, Value type) {
  (void)type;
  if (!obj) return descr;
  MemberDescr *m = V_AS(MemberDescr, descr);
  return err_format(Exc_AttributeError, "'%s' object has no attribute '%s'", type_name(v_type(obj)), m->name->data);
}

static Value member_repr(Value v) {
  MemberDescr *m = V_AS(MemberDescr, v);
  char buf[512];
  snprintf(buf, sizeof buf, "<member '%.200s' of '%.200s' objects>", m->name->data, type_name(m->owner));
  return str_from_cstr(buf);
}

static Value member_getattr(Value v, Str *name) {
  MemberDescr *m = V_AS(MemberDescr, v);
  if (name == N.__name__) return OBJ_V(m->name);
  if (strcmp(name->data, "__objclass__") == 0) return OBJ_V(m->owner);
  return type_generic_getattr(v, name);
}

static Value member_m_get(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__get__", nargs, kw, 1, 2)) return VNULL;
  if (args[0] == V_NONE) return self;
  Value own = v_is_obj(args[0]) && has_own_attrs(args[0]) ? instance_get_own(V_OBJ(args[0]), V_AS(MemberDescr, self)->name) : VNULL;
  return own ? own : member_get(self, args[0], VNULL);
}

static const MethodDef member_methods[] = {{"__get__", member_m_get, NULL}, {NULL, NULL, NULL}};

static void member_traverse(Obj *o, VisitFn visit) {
  MemberDescr *m = (MemberDescr *)o;
  visit((Value *)&m->name);
  visit((Value *)&m->owner);
}

/* t's own __slots__ names become member descriptors in its dict; a class variable of the same
   name is CPython's ValueError. */
static bool add_member_descriptors(Type *t) {
  Value sl = dict_get_str(t->dict, N.__slots__);
  if (!sl) return true;
  if (IS_STR(sl)) sl = tuple_pack(1, sl);
  List *l = list_from_iterable(sl);
  if (!l) return false;
  for (int64_t k = 0; k < l->len; k++) {
    Str *n = str_intern(V_AS(Str, l->items[k]));
    if (str_eq(n, N.__dict__) || str_eq(n, N.__weakref__)) continue;
    if (dict_get_str(t->dict, n)) {
      err_format(Exc_ValueError, "'%s' in __slots__ conflicts with class variable", n->data);
      return false;
    }
    MemberDescr *m = (MemberDescr *)gc_alloc(&Type_member_descriptor, sizeof(MemberDescr));
    m->name = n;
    m->owner = t;
    dict_set_str(t->dict, n, OBJ_V(m));
  }
  return true;
}

bool type_allows_attr(Type *t, Str *name) {
  if (!t->slots_only) return true;
  for (int64_t i = 0; i < t->slot_names->len; i++)
    if (V_AS(Str, t->slot_names->items[i]) == name) return true;
  return false;
}

/* A subclass of type (a metaclass): its instances are classes, laid out as Type. */
static Value metatype_call(Value self, Value *args, int nargs, Tuple *kwnames);

static void make_metatype(Type *t) {
  t->flags |= TPF_METATYPE;
  t->builtin_base = NULL;
  t->getattr = Type_type.getattr;
  t->setattr_slot = type_setattr;
  t->call = metatype_call;
  t->repr = Type_type.repr;
}

static void inherit_builtin_slots(Type *t, Type *b) {
  t->repr = b->repr; t->str = b->str; t->hash = b->hash; t->richcompare = b->richcompare;
  t->iter = b->iter; t->next = b->next; t->binop = b->binop; t->unary = b->unary;
  t->getitem = b->getitem; t->setitem = b->setitem; t->len = b->len; t->contains = b->contains;
  t->traverse_range = NULL; /* dirty ranges of the built-in part: the whole object is walked */
}

static void scan_dunders(Type *t) {
  t->flags &= ~(uint32_t)(TPF_HAS_GETATTR | TPF_HAS_SETATTR | TPF_HAS_DEL | TPF_HAS_GETATTRIBUTE);
  if (type_lookup(t, N.__getattr__)) t->flags |= TPF_HAS_GETATTR;
  if (type_lookup(t, N.__setattr__) != type_lookup(&Type_object, N.__setattr__)) t->flags |= TPF_HAS_SETATTR;
  if (type_lookup(t, N.__del__)) t->flags |= TPF_HAS_DEL;
  if (type_lookup(t, N.__getattribute__) != type_lookup(&Type_object, N.__getattribute__)) t->flags |= TPF_HAS_GETATTRIBUTE;
}

Type *type_new_heap(Str *name, Tuple *bases, Dict *ns, Type *metatype) {
  if (bases->len == 0) bases = V_AS(Tuple, tuple_pack(1, OBJ_V(&Type_object)));
  for (int64_t i = 0; i < bases->len; i++) {
    Value b = bases->items[i];
    if (!v_isinstance(b, &Type_type)) {
      err_format(Exc_TypeError, "bases must be types");
      return NULL;
    }
    Type *bt = V_AS(Type, b);
    bool over_tuple = bt != &Type_tuple && type_is_subtype(bt, &Type_tuple) && bt->new;
    if (!(bt->flags & TPF_BASETYPE) && bt->layout != LAYOUT_EXC && !(bt->flags & TPF_HEAPTYPE) && !over_tuple) {
      err_format(Exc_TypeError, "type '%s' is not an acceptable base type", type_name(bt));
      return NULL;
    }
    if (bt->layout == LAYOUT_BUILTIN && bt != &Type_object && !bt->init_empty && !(bt->flags & TPF_METATYPE) &&
        !over_tuple) {
      err_format(Exc_TypeError, "subclassing built-in type '%s' is not supported yet", type_name(bt));
      return NULL;
    }
  }
  Type *t = (Type *)gc_alloc(metatype, sizeof(Type));
  t->name = name;
  t->qualname = name;
  Value qn = dict_get_str(ns, N.__qualname__);
  if (qn && IS_STR(qn)) {
    t->qualname = V_AS(Str, qn);
    dict_del(ns, OBJ_V(N.__qualname__));
  }
  t->bases = bases;
  t->base = solid_base(bases);
  if (bases->len && V_AS(Type, bases->items[0])->layout != LAYOUT_BUILTIN) t->base = V_AS(Type, bases->items[0]);
  t->dict = dict_copy(ns);
  if (!dict_get_str(t->dict, N.__doc__)) dict_set_str(t->dict, N.__doc__, V_NONE); /* not inherited */
  t->flags = TPF_HEAPTYPE | TPF_BASETYPE;
  t->layout = t->base->layout == LAYOUT_EXC ? LAYOUT_EXC : LAYOUT_OBJECT;
  for (int64_t i = 0; i < bases->len; i++)
    if (V_AS(Type, bases->items[i])->layout == LAYOUT_EXC) t->layout = LAYOUT_EXC;
  t->instsize = t->layout == LAYOUT_EXC ? sizeof(ExcObj) : sizeof(Instance);
  t->ext_offset = offsetof(Instance, map);
  for (int64_t i = 0; i < bases->len; i++) {
    Type *b = V_AS(Type, bases->items[i]);
    if (b->flags & TPF_METATYPE) make_metatype(t);
    if ((b->flags & TPF_NOATTRS) || (b->layout == LAYOUT_BUILTIN && b != &Type_tuple && type_is_subtype(b, &Type_tuple)))
      t->base = b; /* over a namedtuple: instances are tuples made by its constructor */
  }
  Type *bb = NULL;
  if (!(t->flags & TPF_METATYPE) && !builtin_layout_base(bases, &bb)) return NULL;
  if (bb) {
    if (t->layout == LAYOUT_EXC) {
      err_format(Exc_TypeError, "multiple bases have instance lay-out conflict");
      return NULL;
    }
    t->builtin_base = bb;
    t->ext_offset = (bb->basicsize + 7) & ~(size_t)7;
    t->instsize = t->ext_offset + sizeof(InstExt);
    inherit_builtin_slots(t, bb);
  }
  t->root_map = map_new_root();
  t->version = type_next_version++;
  t->mro = c3_mro(t, bases);
  if (!t->mro) return NULL;
  instance_set_heap_slots(t);
  if (t->base && t->base != &Type_object && type_is_subtype(t->base, &Type_tuple)) {
    Type *b = t->base;
    t->flags |= TPF_NOATTRS;
    inherit_builtin_slots(t, b);
    t->traverse = b->traverse;
    t->finalize = b->finalize;
    t->new = b->new;
    t->getattr = b->getattr;
  }
  if (t->flags & TPF_METATYPE) {
    t->traverse = Type_type.traverse;
    t->finalize = NULL;
  }
  if (!compute_slots(t) || !add_member_descriptors(t)) return NULL;
  if (t->layout == LAYOUT_EXC) {
    t->getattr = Exc_BaseException->getattr;
    t->setattr_slot = Exc_BaseException->setattr_slot;
  }
  if (dict_get_str(t->dict, N.__eq__) && !dict_get_str(t->dict, N.__hash__)) dict_set_str(t->dict, N.__hash__, V_NONE);
  scan_dunders(t);
  for (int64_t i = 0; i < bases->len; i++) {
    Type *b = V_AS(Type, bases->items[i]);
    if (!b->subclasses) {
      b->subclasses = list_new(4);
      gc_wb(&b->h);
    }
    list_append(b->subclasses, OBJ_V(t));
  }
  return t;
}

static bool call_set_name_and_init_subclass(Type *t, Value *kwvals, Tuple *kwnames) {
  int64_t pos = 0;
  Value k, v;
  while (dict_next(t->dict, &pos, &k, &v)) {
    if (!v_is_obj(v) || !(V_OBJ(v)->type->flags & TPF_HEAPTYPE)) continue;
    Value sn = type_lookup(V_OBJ(v)->type, N.__set_name__);
    if (sn) {
      Value args[3] = {v, OBJ_V(t), k};
      if (!obj_call(sn, args, 3, NULL)) return false;
    }
  }
  for (int64_t i = 1; i < t->mro->len; i++) {
    Type *b = V_AS(Type, t->mro->items[i]);
    Value isc = b->dict ? dict_get_str(b->dict, N.__init_subclass__) : VNULL;
    if (!isc) continue;
    Value f = v_is(isc, &Type_classmethod) ? V_AS(ClassMethod, isc)->func : isc;
    if (v_is(f, &Type_builtin)) break;
    int nkw = kwnames ? (int)kwnames->len : 0;
    Value args[1 + 16];
    if (nkw > 16) { err_format(Exc_TypeError, "too many class keywords"); return false; }
    args[0] = OBJ_V(t);
    for (int k = 0; k < nkw; k++) args[1 + k] = kwvals[k];
    return obj_call(f, args, 1 + nkw, nkw ? kwnames : NULL) != VNULL;
  }
  if (kwnames && kwnames->len) {
    err_format(Exc_TypeError, "%s.__init_subclass__() takes no keyword arguments", type_name(t));
    return false;
  }
  return true;
}

Value build_class(Value self, Value *args, int nargs, Tuple *kwnames) {
  GC_ROOT_SCOPE;
  (void)self;
  int nkw = kwnames ? (int)kwnames->len : 0;
  int npos = nargs - nkw;
  if (npos < 2) return err_format(Exc_TypeError, "__build_class__: not enough arguments");
  Value func = args[0], name = args[1];
  Type *meta = &Type_type;
  Value kwvals[16];
  List *names = list_new(0);
  gc_root((Value *)&names);
  for (int i = 0; i < nkw; i++) {
    if (V_AS(Str, kwnames->items[i]) == N.metaclass || str_eq(V_AS(Str, kwnames->items[i]), N.metaclass)) {
      meta = V_AS(Type, args[npos + i]);
    } else {
      if (names->len >= 16) return err_format(Exc_TypeError, "too many class keywords");
      kwvals[names->len] = args[npos + i];
      list_append(names, kwnames->items[i]);
    }
  }
  Tuple *subkw = names->len ? tuple_from_array(names->items, names->len) : NULL;
  Value subkwv = subkw ? OBJ_V(subkw) : VNULL;
  gc_root(&subkwv);
  Tuple *bases = tuple_from_array(args + 2, npos - 2);
  gc_root((Value *)&bases);
  /* The metaclass: the explicit one, or the most derived metaclass of the bases. */
  for (int64_t i = 0; i < bases->len; i++) {
    Type *bm = v_type(bases->items[i]);
    if (type_is_subtype(bm, meta)) meta = bm;
    else if (!type_is_subtype(meta, bm))
      return err_format(Exc_TypeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases");
  }
  Dict *ns = dict_new();
  gc_root((Value *)&ns);
  Value cell = interp_run_class_body(V_AS(Function, func), ns);
  if (!cell) return VNULL;
  if (meta != &Type_type) {
    Value margs[3] = {name, OBJ_V(bases), OBJ_V(ns)};
    return obj_call(OBJ_V(meta), margs, 3, NULL);
  }
  Type *t = type_new_heap(V_AS(Str, name), bases, ns, meta);
  if (!t) return VNULL;
  Value tv = OBJ_V(t);
  gc_root(&tv);
  Value cc = dict_get_str(t->dict, N.__classcell__);
  if (cc && v_is(cc, &Type_cell)) {
    V_AS(Cell, cc)->v = tv;
    gc_wb(V_OBJ(cc));
    dict_del(t->dict, OBJ_V(N.__classcell__));
  }
  if (!call_set_name_and_init_subclass(t, kwvals, subkw)) return VNULL;
  return tv;
}

/* -- Calling a class ------------------------------------------------------------------------------ */
static Value call_init(Value obj, Type *t, Value *args, int nargs, Tuple *kwnames) {
  GC_ROOT_SCOPE;
  Value init = type_lookup(t, N.__init__);
  if (!init || (v_is(init, &Type_builtin) && V_AS(Builtin, init)->owner == &Type_object)) {
    Value newf = type_lookup(t, N.__new__);
    bool custom_new = newf && !(v_is(newf, &Type_builtin));
    if (nargs > 0 && !custom_new && t->layout != LAYOUT_EXC)
      return err_format(Exc_TypeError, "%s() takes no arguments", type_name(t));
    return obj;
  }
  Value r;
  gc_root(&obj);
  if (v_is(init, &Type_function)) {
    r = interp_call_function_self(V_AS(Function, init), obj, args, nargs, kwnames);
  } else {
    Value bound = descr_bind(init, obj, t);
    r = obj_call(bound, args, nargs, kwnames);
  }
  if (!r) return VNULL;
  if (r != V_NONE)
    return err_format(Exc_TypeError, "__init__() should return None, not '%s'", type_name(v_type(r)));
  return obj;
}

Value exc_new_instance(Type *t, Value *args, int nargs);
static bool call_set_name_and_init_subclass(Type *t, Value *kwvals, Tuple *kwnames);

/* type.__new__(mcs, name, bases, ns): a class whose type is mcs. */
static Value metatype_new(Type *mcs, Value *args, int nargs) {
  if (nargs != 3 || !IS_STR(args[0]) || !IS_TUPLE(args[1]) || !IS_DICT(args[2]))
    return err_format(Exc_TypeError, "type.__new__() argument types must be str, tuple, dict");
  Type *nt = type_new_heap(V_AS(Str, args[0]), V_AS(Tuple, args[1]), V_AS(Dict, args[2]), mcs);
  if (!nt) return VNULL;
  Value cc = dict_get_str(nt->dict, N.__classcell__);
  if (cc && v_is(cc, &Type_cell)) {
    V_AS(Cell, cc)->v = OBJ_V(nt);
    gc_wb(V_OBJ(cc));
    dict_del(nt->dict, OBJ_V(N.__classcell__));
  }
  if (!call_set_name_and_init_subclass(nt, NULL, NULL)) return VNULL;
  return OBJ_V(nt);
}

static Value call_with(Value f, Value self, Value *args, int nargs, Tuple *kwnames) {
  Value small[16];
  Value *a = nargs + 1 <= 16 ? small : malloc(sizeof(Value) * (size_t)(nargs + 1));
  if (!a) return err_no_memory();
  a[0] = self;
  if (nargs) memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
  Value r = obj_call(f, a, nargs + 1, kwnames);
  if (a != small) free(a);
  return r;
}

/* Calling a class whose metaclass defines __call__ goes through it. */
static Value metatype_call(Value self, Value *args, int nargs, Tuple *kwnames) {
  Value c = type_lookup(V_OBJ(self)->type, N.__call__);
  if (c && v_is(c, &Type_function)) return call_with(c, self, args, nargs, kwnames);
  return type_call(self, args, nargs, kwnames);
}

static Value type_m_call(Value self, Value *args, int nargs, Tuple *kw) { return type_call(self, args, nargs, kw); }

/* type.__new__ as a method: super().__new__(mcs, name, bases, ns) in a metaclass. */
static Value type_m_new(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)kw;
  if (nargs == 4 && v_isinstance(args[0], &Type_type) && (V_AS(Type, args[0])->flags & TPF_METATYPE))
    return metatype_new(V_AS(Type, args[0]), args + 1, 3);
  if (nargs >= 1 && v_isinstance(args[0], &Type_type)) return type_call(args[0], args + 1, nargs - 1, NULL);
  return err_format(Exc_TypeError, "type.__new__(X): X is not a type object");
}

static Value type_m_init(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args; (void)nargs; (void)kw;
  return V_NONE;
}

Value type_call(Value self, Value *args, int nargs, Tuple *kwnames) {
  Type *t = V_AS(Type, self);
  if (t == &Type_type) {
    if (nargs == 1 && !kwnames) return OBJ_V(v_type(args[0]));
    if (nargs == 3 && !kwnames) {
      if (!IS_STR(args[0]) || !IS_TUPLE(args[1]) || !IS_DICT(args[2]))
        return err_format(Exc_TypeError, "type() argument types must be str, tuple, dict");
      Type *nt = type_new_heap(V_AS(Str, args[0]), V_AS(Tuple, args[1]), V_AS(Dict, args[2]), &Type_type);
      return nt ? OBJ_V(nt) : VNULL;
    }
    return err_format(Exc_TypeError, "type() takes 1 or 3 arguments");
  }
  if (!(t->flags & TPF_HEAPTYPE)) {
    if (!t->new) return err_format(Exc_TypeError, "cannot create '%s' instances", type_name(t));
    return t->new(t, args, nargs, kwnames);
  }
  Value newf = type_lookup(t, N.__new__);
  Value obj;
  if ((t->flags & TPF_METATYPE) && (!newf || v_is(newf, &Type_builtin))) {
    /* Meta(name, bases, ns) with no __new__ of its own: type.__new__. */
    obj = metatype_new(t, args, nargs - (kwnames ? (int)kwnames->len : 0));
    if (!obj) return VNULL;
    Value init = type_lookup(t, N.__init__);
    if (init && !v_is(init, &Type_builtin)) {
      Value r = call_with(init, obj, args, nargs, kwnames);
      if (!r) return VNULL;
    }
    return obj;
  }
  if ((t->flags & TPF_NOATTRS) && (!newf || v_is(newf, &Type_builtin))) {
    obj = t->new(t, args, nargs, kwnames);
    if (!obj) return VNULL;
    Value init = type_lookup(t, N.__init__);
    if (init && v_is(init, &Type_function)) {
      Value r = call_with(init, obj, args, nargs, kwnames);
      if (!r) return VNULL;
    }
    return obj;
  }
  if (newf && !v_is(newf, &Type_builtin)) {
    Value f = v_is(newf, &Type_staticmethod) ? V_AS(ClassMethod, newf)->func : newf;
    Value *a = malloc(sizeof(Value) * (size_t)(nargs + 1));
    if (!a) return err_no_memory();
    a[0] = self;
    if (nargs) memcpy(a + 1, args, sizeof(Value) * (size_t)nargs);
    obj = obj_call(f, a, nargs + 1, kwnames);
    free(a);
    if (!obj) return VNULL;
    if (!v_isinstance(obj, t)) return obj;
  } else if (t->layout == LAYOUT_EXC) {
    obj = exc_new_instance(t, args, nargs - (kwnames ? (int)kwnames->len : 0));
  } else {
    obj = instance_new(t);
  }
  return call_init(obj, v_type(obj), args, nargs, kwnames);
}

/* -- super ---------------------------------------------------------------------------------------- */
static void super_traverse(Obj *o, VisitFn visit) {
  Super *s = (Super *)o;
  visit((Value *)&s->type);
  visit(&s->obj);
  visit((Value *)&s->obj_type);
}

static Value super_new(Type *tp, Value *args, int nargs, Tuple *kwnames) {
  (void)tp;
  if (kwnames) return err_format(Exc_TypeError, "super() takes no keyword arguments");
  Value type, obj;
  if (nargs == 0) {
    if (!interp_super_args(&type, &obj)) return VNULL;
  } else if (nargs == 2) {
    type = args[0];
    obj = args[1];
  } else {
    return err_format(Exc_TypeError, "super() takes 0 or 2 arguments");
  }
  if (!v_isinstance(type, &Type_type)) return err_format(Exc_TypeError, "super() argument 1 must be a type");
  Super *s = (Super *)gc_alloc(&Type_super, sizeof(Super));
  s->type = V_AS(Type, type);
  s->obj = obj;
  if (v_isinstance(obj, &Type_type) && type_is_subtype(V_AS(Type, obj), s->type)) s->obj_type = V_AS(Type, obj);
  else if (v_isinstance(obj, s->type)) s->obj_type = v_type(obj);
  else return err_format(Exc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
  return OBJ_V(s);
}

static Value super_getattr(Value self, Str *name) {
  Super *s = V_AS(Super, self);
  Tuple *mro = s->obj_type->mro;
  int64_t i = 0;
  while (i < mro->len && V_AS(Type, mro->items[i]) != s->type) i++;
  for (i++; i < mro->len; i++) {
    Type *b = V_AS(Type, mro->items[i]);
    Value v = b->dict ? dict_get_str(b->dict, name) : VNULL;
    if (!v) continue;
    bool on_class = s->obj_type == V_AS(Type, s->obj) && v_isinstance(s->obj, &Type_type);
    if (v_is(v, &Type_classmethod) || !on_class) return descr_bind(v, on_class ? VNULL : s->obj, s->obj_type);
    return descr_bind(v, VNULL, s->obj_type);
  }
  if (name == N.__class__) return OBJ_V(&Type_super);
  return err_format(Exc_AttributeError, "'super' object has no attribute '%s'", name->data);
}

/* -- classmethod, staticmethod, property ------------------------------------------------------------ */
static void cm_traverse(Obj *o, VisitFn visit) { visit(&((ClassMethod *)o)->func); }
static Value cm_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check(t == &Type_classmethod ? "classmethod" : "staticmethod", nargs, kwnames, 1, 1)) return VNULL;
  ClassMethod *c = (ClassMethod *)gc_alloc(t, sizeof(ClassMethod));
  c->func = args[0];
  return OBJ_V(c);
}
static Value cm_getattr(Value self, Str *name) {
  if (name == N.func_ || str_eq(name, N.func_)) return V_AS(ClassMethod, self)->func;
  Value f = V_AS(ClassMethod, self)->func;
  if (name == N.__name__ || name == N.__doc__ || name == N.__qualname__) return obj_getattr(f, name);
  return type_generic_getattr(self, name);
}

static void prop_traverse(Obj *o, VisitFn visit) {
  Property *p = (Property *)o;
  visit(&p->fget);
  visit(&p->fset);
  visit(&p->fdel);
  visit(&p->doc);
}
static Value prop_make(Value fget, Value fset, Value fdel, Value doc) {
  Property *p = (Property *)gc_alloc(&Type_property, sizeof(Property));
  p->fget = fget ? fget : V_NONE;
  p->fset = fset ? fset : V_NONE;
  p->fdel = fdel ? fdel : V_NONE;
  p->doc = doc ? doc : V_NONE;
  return OBJ_V(p);
}
static Value prop_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  (void)t;
  static const char *const names[] = {"fget", "fset", "fdel", "doc", NULL};
  Value out[4] = {0};
  if (!args_parse("property", args, nargs, kwnames, names, 0, 4, out)) return VNULL;
  return prop_make(out[0], out[1], out[2], out[3]);
}
static Value prop_get(Value descr, Value obj, Value type) {
  (void)type;
  Property *p = V_AS(Property, descr);
  if (!obj) return descr;
  if (p->fget == V_NONE) return err_format(Exc_AttributeError, "property has no getter");
  return obj_call1(p->fget, obj);
}
static Value prop_getattr(Value self, Str *name) {
  Property *p = V_AS(Property, self);
  if (strcmp(name->data, "fget") == 0) return p->fget;
  if (strcmp(name->data, "fset") == 0) return p->fset;
  if (strcmp(name->data, "fdel") == 0) return p->fdel;
  if (name == N.__doc__) return p->doc != V_NONE || p->fget == V_NONE ? p->doc : obj_getattr(p->fget, N.__doc__);
  return type_generic_getattr(self, name);
}

static Value prop_setter(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("setter", nargs, kw, 1, 1)) return VNULL;
  Property *p = V_AS(Property, self);
  return prop_make(p->fget, args[0], p->fdel, p->doc);
}
static Value prop_getter(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("getter", nargs, kw, 1, 1)) return VNULL;
  Property *p = V_AS(Property, self);
  return prop_make(args[0], p->fset, p->fdel, p->doc);
}
static Value prop_deleter(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("deleter", nargs, kw, 1, 1)) return VNULL;
  Property *p = V_AS(Property, self);
  return prop_make(p->fget, p->fset, args[0], p->doc);
}
static const MethodDef property_methods[] = {
  {"setter", prop_setter, NULL}, {"getter", prop_getter, NULL}, {"deleter", prop_deleter, NULL}, {NULL, NULL, NULL}};

/* -- object's own methods --------------------------------------------------------------------------- */
Value object_repr_default(Value v) {
  Type *t = v_type(v);
  Value mod = t->dict ? dict_get_str(t->dict, N.__module__) : VNULL;
  char buf[512];
  if (mod && IS_STR(mod) && strcmp(STR_DATA(mod), "builtins") != 0)
    snprintf(buf, sizeof buf, "<%.*s.%s object at %p>", (int)STR_LEN(mod), STR_DATA(mod),
             V_AS(Str, OBJ_V(t->qualname))->data, (void *)V_OBJ(v));
  else
    snprintf(buf, sizeof buf, "<%s object at %p>", type_name(t), (void *)V_OBJ(v));
  return str_from_cstr(buf);
}

static Value obj_m_repr(Value self, Value *a, int n, Tuple *k) { (void)a; (void)n; (void)k; return object_repr_default(self); }
static Value obj_m_str(Value self, Value *a, int n, Tuple *k) { (void)a; (void)n; (void)k; return obj_repr(self); }
static Value obj_m_init(Value self, Value *a, int n, Tuple *k) { (void)self; (void)a; (void)n; (void)k; return V_NONE; }
static Value obj_m_new(Value self, Value *a, int n, Tuple *k) {
  (void)self; (void)k;
  if (n < 1 || !v_isinstance(a[0], &Type_type)) return err_format(Exc_TypeError, "object.__new__(X): X is not a type object");
  Type *t = V_AS(Type, a[0]);
  if (t->layout == LAYOUT_EXC) return exc_new_instance(t, a + 1, n - 1);
  if (!(t->flags & TPF_HEAPTYPE)) return t->new ? t->new(t, a + 1, n - 1, NULL) : err_format(Exc_TypeError, "cannot create instances");
  return instance_new(t);
}
static Value obj_m_eq(Value self, Value *a, int n, Tuple *k) { (void)k; (void)n; return self == a[0] ? V_TRUE : V_NOTIMPL; }
static Value obj_m_ne(Value self, Value *a, int n, Tuple *k) {
  (void)k; (void)n;
  Value eq = obj_richcompare(self, a[0], CMP_EQ);
  if (!eq || eq == V_NOTIMPL) return eq;
  int t = obj_truthy(eq);
  return t < 0 ? VNULL : v_bool(!t);
}
static Value obj_m_hash(Value self, Value *a, int n, Tuple *k) {
  (void)a; (void)n; (void)k;
  return v_from_int((int64_t)((uintptr_t)V_OBJ(self) >> 4));
}
static Value obj_m_setattr(Value self, Value *a, int n, Tuple *k) {
  if (!args_check("__setattr__", n, k, 2, 2)) return VNULL;
  if (!IS_STR(a[0])) return err_format(Exc_TypeError, "attribute name must be string");
  return type_generic_setattr(self, str_intern(V_AS(Str, a[0])), a[1]) ? V_NONE : VNULL;
}
static Value obj_m_delattr(Value self, Value *a, int n, Tuple *k) {
  if (!args_check("__delattr__", n, k, 1, 1)) return VNULL;
  if (!IS_STR(a[0])) return err_format(Exc_TypeError, "attribute name must be string");
  return type_generic_setattr(self, str_intern(V_AS(Str, a[0])), VNULL) ? V_NONE : VNULL;
}
static Value obj_m_getattribute(Value self, Value *a, int n, Tuple *k) {
  if (!args_check("__getattribute__", n, k, 1, 1)) return VNULL;
  if (!IS_STR(a[0])) return err_format(Exc_TypeError, "attribute name must be string");
  return type_generic_getattr(self, str_intern(V_AS(Str, a[0])));
}
static Value obj_m_format(Value self, Value *a, int n, Tuple *k) {
  if (!args_check("__format__", n, k, 1, 1)) return VNULL;
  if (IS_STR(a[0]) && STR_LEN(a[0]) > 0)
    return err_format(Exc_TypeError, "unsupported format string passed to %s.__format__", type_name(v_type(self)));
  return obj_str(self);
}
static Value obj_m_init_subclass(Value self, Value *a, int n, Tuple *k) { (void)self; (void)a; (void)n; (void)k; return V_NONE; }
static Value obj_m_dir(Value self, Value *a, int n, Tuple *k) { (void)self; (void)a; (void)n; (void)k; return OBJ_V(list_new(0)); }

static Value object_new(Type *t, Value *args, int nargs, Tuple *kwnames) {
  if (!args_check("object", nargs, kwnames, 0, 0)) return VNULL;
  (void)args;
  Instance *in = (Instance *)gc_alloc(t, sizeof(Instance));
  return OBJ_V(in);
}

static const MethodDef object_methods[] = {
  {"__repr__", obj_m_repr, NULL}, {"__str__", obj_m_str, NULL}, {"__init__", obj_m_init, NULL},
  {"__eq__", obj_m_eq, NULL}, {"__ne__", obj_m_ne, NULL}, {"__hash__", obj_m_hash, NULL},
  {"__setattr__", obj_m_setattr, NULL}, {"__delattr__", obj_m_delattr, NULL},
  {"__getattribute__", obj_m_getattribute, NULL}, {"__format__", obj_m_format, NULL},
  {"__dir__", obj_m_dir, NULL}, {NULL, NULL, NULL}};

static Value type_m_mro(Value self, Value *a, int n, Tuple *k) {
  (void)a; (void)n; (void)k;
  return OBJ_V(list_from_array(V_AS(Type, self)->mro->items, V_AS(Type, self)->mro->len));
}
static Value type_m_subclasses(Value self, Value *a, int n, Tuple *k) {
  (void)a; (void)n; (void)k;
  List *s = V_AS(Type, self)->subclasses;
  return OBJ_V(s ? list_from_array(s->items, s->len) : list_new(0));
}
static Value type_m_call(Value self, Value *args, int nargs, Tuple *kw);
static Value type_m_setattr(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("__setattr__", nargs, kw, 2, 2)) return VNULL;
  if (!IS_STR(args[0])) return err_format(Exc_TypeError, "attribute name must be string");
  return type_setattr(self, str_intern(V_AS(Str, args[0])), args[1]) ? V_NONE : VNULL;
}
static const MethodDef type_methods[] = {
  {"mro", type_m_mro, NULL}, {"__subclasses__", type_m_subclasses, NULL}, {"__call__", type_m_call, NULL},
  {"__setattr__", type_m_setattr, NULL}, {NULL, NULL, NULL}};

/* __init__ of list, dict and set, for subclasses (the built-in constructors do the work
   themselves): they fill the value already made empty by instance_new. */
static Value call_named(Value self, const char *name, Value *args, int nargs, Tuple *kw) {
  Value m = obj_getattr(self, str_intern_cstr(name));
  return m ? obj_call(m, args, nargs, kw) : VNULL;
}

static Value list_init(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("list", nargs, kw, 0, 1)) return VNULL;
  if (!call_named(self, "clear", NULL, 0, NULL)) return VNULL;
  return nargs ? call_named(self, "extend", args, 1, NULL) : V_NONE;
}

static Value dict_init(Value self, Value *args, int nargs, Tuple *kw) {
  int npos = nargs - (kw ? (int)kw->len : 0);
  if (npos > 1) return err_format(Exc_TypeError, "dict expected at most 1 argument, got %d", npos);
  return call_named(self, "update", args, nargs, kw) ? V_NONE : VNULL;
}

static Value set_init(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("set", nargs, kw, 0, 1)) return VNULL;
  if (!call_named(self, "clear", NULL, 0, NULL)) return VNULL;
  return nargs ? call_named(self, "update", args, 1, NULL) : V_NONE;
}

static const MethodDef list_init_methods[] = {{"__init__", list_init, NULL}, {NULL, NULL, NULL}};
static const MethodDef dict_init_methods[] = {{"__init__", dict_init, NULL}, {NULL, NULL, NULL}};
static const MethodDef set_init_methods[] = {{"__init__", set_init, NULL}, {NULL, NULL, NULL}};

static Value type_repr(Value v) {
  Type *t = V_AS(Type, v);
  Value mod = (t->flags & TPF_HEAPTYPE) ? dict_get_str(t->dict, N.__module__) : VNULL;
  char buf[512];
  if (mod && IS_STR(mod))
    snprintf(buf, sizeof buf, "<class '%.*s.%s'>", (int)STR_LEN(mod), STR_DATA(mod), V_AS(Str, OBJ_V(t->qualname))->data);
  else
    snprintf(buf, sizeof buf, "<class '%s'>", type_name(t));
  return str_from_cstr(buf);
}

static void type_traverse(Obj *o, VisitFn visit) {
  Type *t = (Type *)o;
  visit((Value *)&t->h.type);
  visit((Value *)&t->name);
  visit((Value *)&t->qualname);
  visit((Value *)&t->base);
  visit((Value *)&t->bases);
  visit((Value *)&t->mro);
  visit((Value *)&t->dict);
  visit((Value *)&t->root_map);
  visit((Value *)&t->subclasses);
  visit((Value *)&t->slot_names);
}

static Value cm_descr_get(Value descr, Value obj, Value type) {
  (void)obj;
  return method_new(V_AS(ClassMethod, descr)->func, type);
}

void typeobject_init(void) {
  Type_type.call = type_call;
  Type_type.flags |= TPF_METATYPE;
  type_set_attr_cstr(&Type_type, "__new__", builtin_new("__new__", type_m_new, VNULL));
  type_set_attr_cstr(&Type_type, "__init__", builtin_new("__init__", type_m_init, VNULL));
  Type_type.getattr = type_getattr;
  Type_type.repr = type_repr;
  Type_type.traverse = type_traverse;
  Type_super.new = super_new;
  Type_super.getattr = super_getattr;
  Type_super.traverse = super_traverse;
  Type_classmethod.new = cm_new;
  Type_classmethod.traverse = cm_traverse;
  Type_classmethod.getattr = cm_getattr;
  Type_classmethod.descr_get = cm_descr_get;
  Type_staticmethod.new = cm_new;
  Type_staticmethod.traverse = cm_traverse;
  Type_staticmethod.getattr = cm_getattr;
  Type_property.new = prop_new;
  Type_property.traverse = prop_traverse;
  Type_property.descr_get = prop_get;
  Type_property.getattr = prop_getattr;
  Type_property.is_data_descr = true;
  Type_member_descriptor.descr_get = member_get;
  Type_member_descriptor.repr = member_repr;
  Type_member_descriptor.getattr = member_getattr;
  Type_member_descriptor.traverse = member_traverse;
  type_add_methods(&Type_member_descriptor, member_methods);
  type_add_methods(&Type_property, property_methods);
  type_add_methods(&Type_object, object_methods);
  type_add_methods(&Type_type, type_methods);
  Value newb = builtin_new("__new__", obj_m_new, VNULL);
  type_set_attr_cstr(&Type_object, "__new__", newb);
  Value isc = builtin_new("__init_subclass__", obj_m_init_subclass, VNULL);
  type_set_attr_cstr(&Type_object, "__init_subclass__", isc);
  Type_object.instsize = sizeof(Instance);
  Type_object.ext_offset = offsetof(Instance, map);
  type_add_methods(&Type_list, list_init_methods);
  type_add_methods(&Type_dict, dict_init_methods);
  type_add_methods(&Type_set, set_init_methods);
  Type_object.root_map = map_new_root();
  Type_object.new = object_new;
}
