/* object.h: the runtime's object model, shared by every frontend file.
 *
 * A Value is one machine word. Small ints are tagged (low bit 1, 63-bit signed payload) so the
 * hot paths never allocate for them; everything else is a pointer to an Obj, whose header holds
 * its Type and the GC's flags. Unbound locals and "error, see the pending exception" are VNULL.
 *
 * Collections run only at safepoints of the interpreter (function entry, loop back-edges), never
 * inside allocation. So C code may hold raw references freely between safepoints; C code that
 * calls back into Python (obj_call, obj_next on a generator, a user __eq__, ...) while holding a
 * young object that no frame or argument reaches must root it first (gc_root, in a function
 * that begins with GC_ROOT_SCOPE, which drops the roots when the function returns).
 *
 * Every store of a Value into a heap object goes through gc_wb(container) (the generational
 * write barrier): an old object that receives a young reference joins the remembered set.
 */
#ifndef PJS_OBJECT_H
#define PJS_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rt_limits.h"

/* -- Values ------------------------------------------------------------------------------- */
typedef uint64_t Value;
#define VNULL ((Value)0)
#define SMALL_MAX ((int64_t)(INT64_MAX >> 1))
#define SMALL_MIN ((int64_t)(INT64_MIN >> 1))
static inline bool v_is_int(Value v) { return (v & 1) != 0; }
static inline int64_t v_int(Value v) { return (int64_t)v >> 1; }
static inline Value v_from_int(int64_t i) { return ((uint64_t)i << 1) | 1; }
static inline bool v_is_obj(Value v) { return v != VNULL && (v & 1) == 0; }
#define V_OBJ(v) ((Obj *)(uintptr_t)(v))
#define V_AS(T, v) ((T *)(uintptr_t)(v))
#define OBJ_V(p) ((Value)(uintptr_t)(p))

/* -- The object header ------------------------------------------------------------------------ */
typedef struct Type Type;
typedef struct Obj {
  Type *type;
  uint32_t gcflags; /* GCF_* */
  uint32_t aux;     /* per-type small field (e.g. str: is-ascii, dict: unused) */
} Obj;

enum {
  GCF_MARK = 1u << 0,
  GCF_OLD = 1u << 1,
  GCF_REMEMBERED = 1u << 2,
  GCF_STATIC = 1u << 3,    /* statically allocated, never freed or swept */
  GCF_FINALIZER = 1u << 4, /* has a __del__ still to run */
  GCF_FINALIZED = 1u << 5,
  GCF_LARGE = 1u << 6,     /* allocated by malloc, not from a size class */
  GCF_WEAKREFD = 1u << 7,  /* some weakref points here */
  GCF_PARTIAL = 1u << 8,   /* an old list remembered for its dirty index range only */
};

#define STATIC_HEADER(t) {(t), GCF_STATIC | GCF_OLD, 0}

/* -- Concrete layouts -------------------------------------------------------------------------- */
typedef struct Str Str;
typedef struct Tuple Tuple;
typedef struct Dict Dict;
typedef struct List List;

typedef struct Float { Obj h; double v; } Float;

typedef struct StrBuf { Obj h; size_t cap, used; char bytes[]; } StrBuf; /* shared append buffer */
struct Str {
  Obj h;          /* aux bit 0: all ASCII; bit 1: interned */
  int64_t len;    /* bytes of UTF-8 */
  int64_t nchars; /* code points */
  int64_t hash;   /* -1 until computed */
  char *data;     /* NUL-terminated; points at inl or into buf */
  StrBuf *buf;    /* non-NULL when data lives in a shared append buffer (s += t in amortized O(1)) */
  char inl[];
};
#define STR_ASCII 1u
#define STR_INTERNED 2u
static inline bool str_is_ascii(const Str *s) { return (s->h.aux & STR_ASCII) != 0; }

struct Tuple { Obj h; int64_t len; int64_t hash; Value items[]; };
struct List { Obj h; int64_t len, cap; Value *items; int64_t dirty_lo, dirty_hi; /* see gc_wb_list */ };

typedef struct DictEntry { int64_t hash; Value key; Value value; } DictEntry;
/* Dict h.aux: a module's namespace (globals, builtins). Replacing a value there bumps the version
   too, so compiled code may treat a global as a constant under GUARD_DICT_VERSION. */
#define DICT_NAMESPACE 1u
struct Dict {
  Obj h;
  int64_t used;      /* live entries */
  int64_t nentries;  /* entries[] slots used, including deleted (key == VNULL) */
  int64_t cap;       /* entries[] capacity */
  int64_t mask;      /* index table size - 1 */
  uint64_t version;  /* bumped whenever a key is added or removed (inline caches key on it) */
  int32_t *index;    /* -1 empty, -2 dummy, else entry number */
  DictEntry *entries;
  int64_t dirty_lo, dirty_hi; /* entries an old dict got young references in (gc_wb_range_slow) */
};

typedef struct SetEntry { int64_t hash; Value key; } SetEntry;
typedef struct Set { Obj h; int64_t used, fill, mask; SetEntry *table; int64_t hash; } Set; /* type set or frozenset */

typedef struct Cell { Obj h; Value v; } Cell;
typedef struct Slice { Obj h; Value start, stop, step; } Slice;
typedef struct Range { Obj h; int64_t start, stop, step, len; } Range;

/* Bytecode: see opcodes.h. Line table: one entry per instruction word. */
typedef struct ExcEntry { uint32_t start, end, handler, depth; uint32_t lasti; } ExcEntry;
typedef struct Code {
  Obj h;
  uint32_t *insns;
  int32_t ninsns;
  int32_t *lines;        /* source line per instruction word */
  Tuple *consts;
  Tuple *names;          /* Str names for globals, attributes, imports */
  Tuple *localnames;     /* locals, then cellvars, then freevars */
  int32_t nlocals;       /* plain locals (params included) */
  int32_t ncells, nfree;
  int32_t argcount, posonlycount, kwonlycount;
  int32_t flags;         /* CO_* */
  int32_t stacksize;
  int32_t ncaches;
  int32_t nexc;
  ExcEntry *exctab;
  int32_t *cell_of_arg;  /* for each cell: the arg index it starts from, or -1 */
  void *caches;          /* InlineCache[ncaches], interpreter-owned */
  Str *name, *qualname, *filename;
  int32_t firstlineno;
  uint64_t hash_lo, hash_hi; /* content hash (xxh3-128 of bytecode, consts, names): the JIT's key */
  uint32_t *counters;    /* back-edge counters, one per loop header (JIT) */
} Code;
enum { CO_VARARGS = 1, CO_VARKEYWORDS = 2, CO_GENERATOR = 4, CO_NESTED = 8, CO_MODULE = 16, CO_CLASSBODY = 32 };

typedef struct Function {
  Obj h;
  Code *code;
  Dict *globals;
  Dict *builtins;
  Tuple *defaults;   /* or NULL */
  Dict *kwdefaults;  /* or NULL */
  Tuple *closure;    /* Cells, or NULL */
  Str *name, *qualname;
  Value doc;
  Dict *dict;        /* function attributes, created lazily */
  Value module;
} Function;

typedef Value (*CFunc)(Value self, Value *args, int nargs, Tuple *kwnames);
typedef struct Builtin {
  Obj h;
  const char *name;
  CFunc fn;
  Value self;        /* bound receiver (module or instance), or VNULL */
  Type *owner;       /* a method descriptor of this type: self comes as the first argument */
  const char *doc;
} Builtin;

/* Tables of C functions, each ended by {NULL}: methods of a built-in type, functions of a
   module. A method's CFunc gets the receiver as `self`. */
typedef struct MethodDef { const char *name; CFunc fn; const char *doc; } MethodDef;
void type_add_methods(Type *t, const MethodDef *defs);
void module_add_functions(Value module, const MethodDef *defs);

typedef struct Method { Obj h; Value self; Value func; } Method;
typedef struct ClassMethod { Obj h; Value func; } ClassMethod; /* also staticmethod */
typedef struct Property { Obj h; Value fget, fset, fdel, doc; } Property;
/* A name of __slots__, in the class that declared it: P.x. The value lives in the instance's
   attributes like any other; the descriptor answers for the class and for an unset slot. */
typedef struct MemberDescr { Obj h; Str *name; Type *owner; } MemberDescr;

/* Instances of user classes: attributes in slots described by a shared Map (hidden class), so
   attribute reads are an inline-cache check plus an indexed load. An instance whose attribute
   set stops fitting a map (del, too many attrs) switches to a Dict (map == NULL). */
typedef struct Map {
  Obj h;
  struct Map *parent;
  Str *name;          /* the attribute this map adds, NULL for the root */
  int32_t index;      /* its slot */
  int32_t nattrs;
  Dict *transitions;  /* name -> Map, lazily */
} Map;
/* The attribute storage of an instance of a class: right after the header for plain instances
   and exceptions, after the built-in part for instances of subclasses of list, dict, set
   (Type.ext_offset says where; inst_ext finds it). */
typedef struct InstExt {
  Map *map;
  Dict *dict;         /* used when map == NULL */
  int32_t cap;
  Value *slots;       /* cap entries: inline after the object, or malloc'd when it grew */
} InstExt;
typedef struct Instance {
  Obj h;
  Map *map;           /* the same fields as InstExt, in the same order */
  Dict *dict;
  int32_t cap;
  Value *slots;
} Instance;

/* Exceptions are Instances with extra fixed fields. */
typedef struct ExcObj {
  Instance base;
  Tuple *args;
  Value traceback;    /* Traceback or VNULL */
  Value cause, context;
  bool suppress_context;
} ExcObj;
typedef struct Traceback { Obj h; struct Traceback *next; Code *code; int32_t line; } Traceback;

typedef struct Module { Obj h; Str *name; Dict *dict; } Module;

/* -- Types ---------------------------------------------------------------------------------- */
typedef enum {
  LAYOUT_OBJECT,   /* plain Instance */
  LAYOUT_EXC,      /* ExcObj */
  LAYOUT_BUILTIN,  /* a built-in type's own C layout: not subclassable as instance storage */
} Layout;

typedef Value (*UnaryFn)(Value);
typedef Value (*BinFn)(Value, Value);
typedef void (*VisitFn)(Value *slot);

struct Type {
  Obj h;
  const char *cname;   /* for built-in types */
  Str *name, *qualname;
  Type *base;
  Tuple *bases;        /* Type objects */
  Tuple *mro;          /* Type objects, self first */
  Dict *dict;
  uint64_t version;    /* bumped when this type's or a base's dict changes (attribute caches) */
  Layout layout;
  size_t basicsize;    /* bytes of an instance of a built-in type; 0 when variable */
  uint32_t flags;      /* TPF_* */
  Map *root_map;       /* for LAYOUT_OBJECT/EXC instances */
  List *subclasses;    /* strong refs; version changes propagate down */
  int32_t nslots_hint; /* attributes its instances ended up with: initial slot capacity */
  size_t instsize;     /* bytes of an instance of a heap type, up to its inline attribute slots */
  size_t ext_offset;   /* where its InstExt is (heap types) */
  Type *builtin_base;  /* a heap type deriving from list/dict/set...: that built-in type */
  void (*init_empty)(Obj *); /* built-in types that can be subclassed: make the empty value */
  Tuple *slot_names;   /* __slots__ of the class and its bases (Str), or NULL */
  bool slots_only;     /* every class in the MRO has __slots__ without "__dict__" */
  /* C-level slots for built-in types; user classes reach dunders through their dict. */
  void (*traverse)(Obj *, VisitFn);
  void (*traverse_range)(Obj *, int64_t lo, int64_t hi, VisitFn); /* items/entries [lo, hi) */
  void (*finalize)(Obj *); /* free malloc'd parts when swept */
  Value (*repr)(Value);
  Value (*str)(Value);
  bool (*hash)(Value, int64_t *out);
  Value (*richcompare)(Value, Value, int op); /* NotImplemented when unsupported */
  Value (*iter)(Value);
  Value (*next)(Value);  /* VNULL with no error set = exhausted */
  /* Iterators of pairs (enumerate, dict items): the next pair without making the tuple, for
     `for a, b in ...`. False: exhausted, or an error is set. */
  bool (*next2)(Value it, Value *first, Value *second);
  Value (*call)(Value self, Value *args, int nargs, Tuple *kwnames);
  Value (*getattr)(Value, Str *);   /* full lookup; VNULL + AttributeError when missing */
  Value (*new)(Type *t, Value *args, int nargs, Tuple *kwnames);
  Value (*binop)(int op, Value a, Value b);   /* BinOpKind (+ BINOP__COUNT in-place); V_NOTIMPL */
  Value (*unary)(int op, Value a);            /* UnaryOpKind except Not */
  Value (*getitem)(Value c, Value k);
  bool (*setitem)(Value c, Value k, Value v); /* v == VNULL: delete */
  int64_t (*len)(Value c);
  int (*contains)(Value c, Value v);
  Value (*descr_get)(Value descr, Value obj, Value type); /* obj VNULL: accessed on the class */
  bool is_data_descr;                                     /* has a descr_set (property) */
  bool (*setattr_slot)(Value obj, Str *name, Value v);    /* v VNULL: delete */
};
enum {
  TPF_HEAPTYPE = 1,       /* created by a class statement */
  TPF_BASETYPE = 2,       /* may be subclassed */
  TPF_HAS_DEL = 4,
  TPF_HAS_GETATTR = 8,    /* __getattr__ somewhere in the MRO */
  TPF_HAS_SETATTR = 16,
  TPF_HAS_GETATTRIBUTE = 32,
  TPF_METATYPE = 64,      /* type itself or a subclass of type: its instances are classes */
  TPF_NOATTRS = 128,      /* a class over tuple's layout (e.g. of a namedtuple): no instance attributes */
};

/* Comparison ops, in CPython's order. */
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };

/* -- Built-in singletons and types -------------------------------------------------------------- */
extern Obj NoneObj, TrueObj, FalseObj, NotImplementedObj, EllipsisObj;
#define V_NONE OBJ_V(&NoneObj)
#define V_TRUE OBJ_V(&TrueObj)
#define V_FALSE OBJ_V(&FalseObj)
#define V_NOTIMPL OBJ_V(&NotImplementedObj)
#define V_ELLIPSIS OBJ_V(&EllipsisObj)
static inline Value v_bool(bool b) { return b ? V_TRUE : V_FALSE; }

/* One table of the built-in types: C name, Python name. */
#define BUILTIN_TYPES(_) \
  _(type, "type") _(object, "object") _(int, "int") _(bool, "bool") _(float, "float") \
  _(str, "str") _(bytes, "bytes") _(bytearray, "bytearray") _(tuple, "tuple") _(list, "list") \
  _(dict, "dict") _(set, "set") _(frozenset, "frozenset") _(NoneType, "NoneType") \
  _(NotImplementedType, "NotImplementedType") _(ellipsis, "ellipsis") _(function, "function") \
  _(builtin, "builtin_function_or_method") _(method, "method") _(code, "code") _(cell, "cell") \
  _(module, "module") _(range, "range") _(slice, "slice") _(classmethod, "classmethod") \
  _(staticmethod, "staticmethod") _(property, "property") _(map_, "map") _(generator, "generator") \
  _(traceback, "traceback") _(strbuf, "strbuf") _(instmap, "instmap") _(super, "super") \
  _(list_iterator, "list_iterator") _(tuple_iterator, "tuple_iterator") \
  _(range_iterator, "range_iterator") _(str_iterator, "str_ascii_iterator") \
  _(dict_keyiterator, "dict_keyiterator") _(dict_valueiterator, "dict_valueiterator") \
  _(dict_itemiterator, "dict_itemiterator") _(set_iterator, "set_iterator") \
  _(dict_keys, "dict_keys") _(dict_values, "dict_values") _(dict_items, "dict_items") \
  _(enumerate, "enumerate") _(zip, "zip") _(filter, "filter") _(reversed, "reversed") \
  _(callable_iterator, "callable_iterator") _(seq_iterator, "iterator") \
  _(file, "TextIOWrapper") _(weakref, "weakref") \
  _(random_Random, "Random") _(deque, "deque") _(deque_iterator, "_deque_iterator") \
  _(defaultdict, "defaultdict") _(OrderedDict, "OrderedDict") _(Counter, "Counter") \
  _(re_Program, "SRE_Program") _(re_Scanner, "SRE_Scanner") \
  _(member_descriptor, "member_descriptor") _(hashlib_HASH, "HASH") \
  _(complex, "complex")

#define DECLARE_TYPE(c, py) extern Type Type_##c;
BUILTIN_TYPES(DECLARE_TYPE)
#undef DECLARE_TYPE
/* Big ints are Type_int objects too (see intobject.h): a small int is never boxed. */

static inline Type *v_type(Value v) { return v_is_int(v) ? &Type_int : V_OBJ(v)->type; }
static inline bool v_is(Value v, Type *t) { return v_is_obj(v) && V_OBJ(v)->type == t; }
#define IS_STR(v) v_is(v, &Type_str)
#define IS_FLOAT(v) v_is(v, &Type_float)
#define IS_TUPLE(v) v_is(v, &Type_tuple)
#define IS_LIST(v) v_is(v, &Type_list)
#define IS_DICT(v) v_is(v, &Type_dict)
bool type_is_subtype(Type *a, Type *b);
static inline InstExt *inst_ext(Obj *o) { return (InstExt *)((char *)o + o->type->ext_offset); }
static inline bool v_isinstance(Value v, Type *t) { Type *vt = v_type(v); return vt == t || type_is_subtype(vt, t); }

/* -- GC ------------------------------------------------------------------------------------ */
void gc_init(void);
Obj *gc_alloc(Type *t, size_t size);          /* zeroed, header set, young */
void gc_wb_slow(Obj *o);
static inline void gc_wb(Obj *o) { if ((o->gcflags & (GCF_OLD | GCF_REMEMBERED | GCF_STATIC)) == GCF_OLD) gc_wb_slow(o); }
static inline bool gc_is_young(Value v) { return v_is_obj(v) && !(V_OBJ(v)->gcflags & (GCF_OLD | GCF_STATIC)); }
/* The barrier for storing v into o: only a young v can make an old o point into the nursery. */
static inline void gc_wb_store(Obj *o, Value v) { if (gc_is_young(v)) gc_wb(o); }
/* Storing v at index i of a list (or entry i of a dict): a big old container is remembered for
   its dirty index range only, so appending to it does not make every minor collection walk all
   of it. The range lives in the container (dirty_lo/dirty_hi); its type's traverse_range walks it. */
void gc_wb_range_slow(Obj *o, int64_t *lo, int64_t *hi, int64_t i);
static inline void gc_wb_list(struct List *l, int64_t i, Value v) {
  if (gc_is_young(v) && (l->h.gcflags & (GCF_OLD | GCF_REMEMBERED | GCF_STATIC)) == GCF_OLD)
    gc_wb_range_slow(&l->h, &l->dirty_lo, &l->dirty_hi, i);
}
void gc_root(Value *slot);                    /* push a C root (by address): see GC_ROOT_SCOPE */
int gc_root_mark(void);
void gc_root_restore(int mark);
void gc_root_scope_end(int *mark);
/* Every function that calls gc_root starts with GC_ROOT_SCOPE;: its roots are dropped when it
   returns, whichever way, so no root ever outlives the C variable it points at. */
#define GC_ROOT_SCOPE int gc_scope_mark_ __attribute__((cleanup(gc_root_scope_end))) = gc_root_mark()
void gc_add_global_root(Value *slot);         /* lives forever */
bool gc_should_collect(void);                 /* cheap: the interpreter polls at safepoints */
void gc_collect_minor(void);
void gc_collect_major(void);
void gc_visit(Value *slot);                   /* for traverse functions */
extern size_t gc_young_bytes, gc_threshold;

/* -- Errors --------------------------------------------------------------------------------- */
/* The pending exception lives in the thread state; functions return VNULL (or false/-1). */
#define BUILTIN_EXCEPTIONS(_) \
  _(BaseException, object) _(SystemExit, BaseException) _(KeyboardInterrupt, BaseException) \
  _(GeneratorExit, BaseException) _(Exception, BaseException) _(StopIteration, Exception) \
  _(ArithmeticError, Exception) _(FloatingPointError, ArithmeticError) \
  _(OverflowError, ArithmeticError) _(ZeroDivisionError, ArithmeticError) \
  _(AssertionError, Exception) _(AttributeError, Exception) _(BufferError, Exception) \
  _(EOFError, Exception) _(ImportError, Exception) _(ModuleNotFoundError, ImportError) \
  _(LookupError, Exception) _(IndexError, LookupError) _(KeyError, LookupError) \
  _(MemoryError, Exception) _(NameError, Exception) _(UnboundLocalError, NameError) \
  _(OSError, Exception) _(FileNotFoundError, OSError) _(FileExistsError, OSError) \
  _(PermissionError, OSError) _(IsADirectoryError, OSError) _(NotADirectoryError, OSError) \
  _(ReferenceError, Exception) _(RuntimeError, Exception) _(NotImplementedError, RuntimeError) \
  _(RecursionError, RuntimeError) _(SyntaxError, Exception) _(IndentationError, SyntaxError) \
  _(TabError, IndentationError) _(SystemError, Exception) _(TypeError, Exception) \
  _(ValueError, Exception) _(UnicodeError, ValueError) _(UnicodeDecodeError, UnicodeError) \
  _(UnicodeEncodeError, UnicodeError) _(Warning, Exception) _(UserWarning, Warning) \
  _(DeprecationWarning, Warning) _(RuntimeWarning, Warning) _(StopAsyncIteration, Exception)
#define DECLARE_EXC(name, base) extern Type *Exc_##name;
BUILTIN_EXCEPTIONS(DECLARE_EXC)
#undef DECLARE_EXC

Value err_format(Type *exc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
Value err_set_value(Type *exc, Value arg);   /* raise exc(arg); arg VNULL = no args */
Value err_set_obj(Value exc_instance);       /* raise an instance */
bool err_occurred(void);
Value err_fetch(void);                       /* take the pending exception (instance) */
void err_clear(void);
bool err_matches(Type *t);                   /* pending exception is an instance of t */
Value err_no_memory(void);

/* -- The core protocol ------------------------------------------------------------------------ */
Value obj_repr(Value v);                     /* Str or VNULL */
Value obj_str(Value v);
bool obj_hash(Value v, int64_t *out);
int obj_eq(Value a, Value b);                /* 1, 0, -1 on error; identity first */
Value obj_richcompare(Value a, Value b, int op);
int obj_compare_bool(Value a, Value b, int op);
int obj_truthy(Value v);                     /* 1, 0, -1 on error */
Value obj_getattr(Value v, Str *name);
Value obj_getattr_opt(Value v, Str *name);   /* VNULL, no error, when missing */
bool obj_setattr(Value v, Str *name, Value val);
bool obj_delattr(Value v, Str *name);
Value obj_call(Value f, Value *args, int nargs, Tuple *kwnames); /* kwnames: trailing args' names */
Value obj_call0(Value f);
Value obj_call1(Value f, Value a);
Value obj_call2(Value f, Value a, Value b);
Value obj_call_method(Value self, Str *name, Value *args, int nargs); /* VNULL + error if missing */
Value obj_getitem(Value c, Value k);
bool obj_setitem(Value c, Value k, Value v);
bool obj_delitem(Value c, Value k);
Value obj_iter(Value v);
Value obj_next(Value it);                    /* VNULL: exhausted (no error) or error (err_occurred) */
int64_t obj_len(Value v);                    /* -1 on error */
int obj_contains(Value c, Value v);          /* 1, 0, -1 */
Value obj_type_name(Value v);
const char *type_name(Type *t);
Value type_lookup(Type *t, Str *name);       /* MRO lookup of a class attribute, VNULL if none */
Value obj_format(Value v, Value spec);
Value obj_binop(int op, Value a, Value b);    /* op: BinOpKind, + BINOP__COUNT for in-place */
Value obj_unary(int op, Value a);             /* op: UnaryOpKind (not Not) */
Value builtin_call(Builtin *b, Value *args, int nargs, Tuple *kwnames);

/* -- Constructors and helpers of the core types ------------------------------------------------ */
Value int_from_i64(int64_t i);
Value float_new(double d);
Value str_new(const char *utf8, size_t len);  /* validates nothing: callers pass UTF-8 */
Value str_from_cstr(const char *s);
Str *str_intern_cstr(const char *s);
Str *str_intern(Str *s);
Value str_concat(Value a, Value b);
bool str_eq(const Str *a, const Str *b);
int64_t str_hash(Str *s);
Tuple *tuple_new(int64_t n);                  /* items VNULL: fill before any safepoint */
Value tuple_pack(int n, ...);
List *list_new(int64_t cap);
bool list_append(List *l, Value v);
Dict *dict_new(void);
Value dict_get(Dict *d, Value key);           /* VNULL when missing (check err_occurred) */
Value dict_get_str(Dict *d, Str *key);        /* interned/plain str key, never errors */
bool dict_set(Dict *d, Value key, Value v);
bool dict_set_str(Dict *d, Str *key, Value v);
int dict_del(Dict *d, Value key);             /* 1 deleted, 0 missing (no error), -1 error */
int64_t dict_lookup_index(Dict *d, Str *key); /* entry index for inline caches, -1 */
Set *set_new(Type *t);
bool set_add(Set *s, Value key);
int set_contains(Set *s, Value key);
Cell *cell_new(Value v);
Value method_new(Value func, Value self);
Value builtin_new(const char *name, CFunc fn, Value self);

List *list_from_iterable(Value iterable);     /* a new list; VNULL + error */
List *list_from_array(const Value *items, int64_t n);
Tuple *tuple_from_array(const Value *items, int64_t n);
Tuple *tuple_from_iterable(Value iterable);
bool slice_indices(Slice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step, int64_t *count);
Value seq_index_error(const char *what);      /* "list index out of range" IndexError */
bool index_of(Value v, int64_t *out);         /* __index__ to int64; TypeError/OverflowError (IndexError: "cannot fit 'int' into an index-sized integer") */

/* Argument helpers for builtins: CPython-style TypeErrors. */
bool args_check(const char *fname, int nargs, Tuple *kwnames, int min, int max);
bool args_parse(const char *fname, Value *args, int nargs, Tuple *kwnames,
                const char *const *names, int npos_required, int nmax, Value *out);

/* One interned Str per name the runtime looks up often. */
#define COMMON_NAMES(_) \
  _(__init__) _(__new__) _(__repr__) _(__str__) _(__hash__) _(__eq__) _(__ne__) _(__lt__) \
  _(__le__) _(__gt__) _(__ge__) _(__bool__) _(__len__) _(__getitem__) _(__setitem__) \
  _(__delitem__) _(__contains__) _(__iter__) _(__next__) _(__call__) _(__getattr__) \
  _(__getattribute__) _(__setattr__) _(__delattr__) _(__enter__) _(__exit__) _(__del__) \
  _(__name__) _(__qualname__) _(__module__) _(__doc__) _(__class__) _(__dict__) \
  _(__get__) _(__set__) _(__delete__) _(__format__) _(__index__) _(__int__) _(__float__) \
  _(__neg__) _(__pos__) _(__abs__) _(__invert__) _(__round__) _(__reversed__) \
  _(__missing__) _(__main__) _(__builtins__) _(__file__) _(__slots__) _(__init_subclass__) \
  _(__set_name__) _(__mro__) _(__bases__) _(__base__) _(__all__) _(__path__) _(__spec__) \
  _(__cause__) _(__context__) _(__traceback__) _(__suppress_context__) _(__class_getitem__) \
  _(__length_hint__) _(__trunc__) _(__floor__) _(__ceil__) _(__divmod__) _(__rdivmod__) \
  _(__weakref__) _(__self__) _(__defaults__) _(__code__) _(__kwdefaults__) _(__globals__) _(strerror) _(filename) _(lineno) _(offset) _(text) _(__notes__) _(start) _(stop) _(step) _(__annotations__) _(__instancecheck__) _(__subclasscheck__) \
  _(__prepare__) _(__classcell__) _(args) _(send) _(throw) _(close) _(write) _(flush) \
  _(keys) _(items) _(values) _(get) _(append) _(join) _(format) _(metaclass) _(__import__) \
  _(value) _(code) _(fileno) _(read) _(readline) _(stdout) _(stderr) _(name) _(msg) _(path)
/* Names that cannot be C identifiers as they are: field, text. */
#define COMMON_NAMES_SPELLED(_) _(func_, "__func__") _(errno_, "errno")
typedef struct CommonNames {
#define CN_FIELD(n) Str *n;
  COMMON_NAMES(CN_FIELD)
#undef CN_FIELD
#define CN_FIELD2(n, text) Str *n;
  COMMON_NAMES_SPELLED(CN_FIELD2)
#undef CN_FIELD2
} CommonNames;
extern CommonNames N;

#endif
