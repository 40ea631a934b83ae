/* bltinmodule.c: the builtins namespace: the built-in types and exceptions by name, the
 * constants, and the built-in functions (print, len, min/max, sum, sorted, isinstance, ...).
 *
 * Most functions are thin: they check arguments with CPython's messages and hand over to the
 * object protocol (obj_*). The ones that loop over an iterable (all, any, min, max, sum) call
 * back into Python for every item, so the values they keep between items (the iterator, the
 * best item so far, the running total) live in rooted locals.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ast.h"
#include "bltinmodule.h"
#include "bytesobject.h"
#include "dictobject.h"
#include "fileobject.h"
#include "floatobject.h"
#include "interp.h"
#include "intobject.h"
#include "iterobject.h"
#include "strobject.h"
#include "sysmodule.h"
#include "typeobject.h"

static Str *s_sort, *s_dir;

/* -- Helpers ---------------------------------------------------------------------------------------- */
/* NAME runs NAME_body and drops the C roots it pushed, so no root outlives its C frame however
   the builtin was reached (from the interpreter or from other C code). */
#define ROOT_SCOPE(name) \
  static Value name(Value self, Value *args, int nargs, Tuple *kw) { \
    int mark = gc_root_mark(); \
    Value r = name##_body(self, args, nargs, kw); \
    gc_root_restore(mark); \
    return r; \
  }

static int nkw_of(Tuple *kw) { return kw ? (int)kw->len : 0; }
static const char *kw_name(Tuple *kw, int i) { return V_AS(Str, kw->items[i])->data; }

/* Calls the special method `name` of v's type, bound to v. VNULL without error when absent. */
static Value call_special(Value v, Str *name, Value *args, int nargs, bool *found) {
  GC_ROOT_SCOPE;
  Type *t = v_type(v);
  Value f = type_lookup(t, name);
  *found = f != VNULL;
  if (!f) return VNULL;
  Value bound = descr_bind(f, v, t);
  if (!bound) return VNULL;
  int mark = gc_root_mark();
  gc_root(&bound);
  Value r = obj_call(bound, args, nargs, NULL);
  gc_root_restore(mark);
  return r;
}

static bool attr_name(Value v, Str **out) {
  if (!IS_STR(v)) {
    err_format(Exc_TypeError, "attribute name must be string, not '%s'", type_name(v_type(v)));
    return false;
  }
  *out = str_intern(V_AS(Str, v));
  return true;
}

/* Sorts a list of strs in place through list.sort. */
static bool sort_list(List *l) {
  GC_ROOT_SCOPE;
  Value lv = OBJ_V(l);
  int mark = gc_root_mark();
  gc_root(&lv);
  Value m = obj_getattr(lv, s_sort);
  bool ok = m && obj_call0(m) != VNULL;
  gc_root_restore(mark);
  return ok;
}

/* -- print and input ----------------------------------------------------------------------------- */
static bool write_to(Value file, Value s) {
  if (v_is(file, &Type_file)) return file_write_str(file, s);
  return obj_call_method(file, N.write, &s, 1) != VNULL;
}

static bool sep_or_end(Value v, const char *what, Value *out, const char *dflt) {
  if (!v || v == V_NONE) { *out = str_from_cstr(dflt); return true; }
  if (!IS_STR(v)) {
    err_format(Exc_TypeError, "%s must be None or a string, not %s", what, type_name(v_type(v)));
    return false;
  }
  *out = v;
  return true;
}

/* One write of the whole line to a real file; piece by piece, as CPython, to other objects. */
static Value bi_print_body(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  int nkw = nkw_of(kw), npos = nargs - nkw;
  Value sepv = VNULL, endv = VNULL, file = VNULL, flush = VNULL;
  for (int i = 0; i < nkw; i++) {
    const char *k = kw_name(kw, i);
    Value v = args[npos + i];
    if (!strcmp(k, "sep")) sepv = v;
    else if (!strcmp(k, "end")) endv = v;
    else if (!strcmp(k, "file")) file = v;
    else if (!strcmp(k, "flush")) flush = v;
    else return err_format(Exc_TypeError, "'%s' is an invalid keyword argument for print()", k);
  }
  Value sep, end;
  if (!sep_or_end(sepv, "sep", &sep, " ") || !sep_or_end(endv, "end", &end, "\n")) return VNULL;
  if (!file || file == V_NONE) {
    file = sys_get_stdout();
    if (!file) return VNULL;
    if (file == V_NONE) return V_NONE;
  }
  gc_root(&file);
  gc_root(&sep);
  gc_root(&end);
  if (v_is(file, &Type_file)) {
    StrBuilder b;
    sb_init(&b);
    for (int i = 0; i < npos; i++) {
      if (i) sb_putstr(&b, sep);
      Value s = obj_str(args[i]);
      if (!s) { sb_free(&b); return VNULL; }
      sb_putstr(&b, s);
    }
    sb_putstr(&b, end);
    Value line = sb_finish(&b);
    if (!file_write_str(file, line)) return VNULL;
  } else {
    for (int i = 0; i < npos; i++) {
      if (i && !write_to(file, sep)) return VNULL;
      Value s = obj_str(args[i]);
      if (!s || !write_to(file, s)) return VNULL;
    }
    if (!write_to(file, end)) return VNULL;
  }
  if (flush) {
    int t = obj_truthy(flush);
    if (t < 0) return VNULL;
    if (t && !obj_call_method(file, N.flush, NULL, 0)) return VNULL;
  }
  return V_NONE;
}
ROOT_SCOPE(bi_print)

static Value bi_input_body(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!args_check("input", nargs, kw, 0, 1)) return VNULL;
  Value out = sys_get_stdout();
  if (!out) return VNULL;
  gc_root(&out);
  if (nargs && out != V_NONE) {
    Value p = obj_str(args[0]);
    if (!p || !write_to(out, p)) return VNULL;
  }
  if (out != V_NONE) {
    Value fl = obj_getattr_opt(out, N.flush);
    if (fl && !obj_call0(fl)) return VNULL;
    if (err_occurred()) return VNULL;
  }
  Value in = sys_get_stdin();
  if (!in) return VNULL;
  if (in == V_NONE) return err_format(Exc_RuntimeError, "input(): lost sys.stdin");
  Value line = obj_call_method(in, N.readline, NULL, 0);
  if (!line) return VNULL;
  if (!IS_STR(line)) return err_format(Exc_TypeError, "object.readline() returned non-string");
  Str *s = V_AS(Str, line);
  if (s->len == 0) return err_format(Exc_EOFError, "EOF when reading a line");
  if (s->data[s->len - 1] == '\n') return str_new(s->data, (size_t)s->len - 1);
  return line;
}
ROOT_SCOPE(bi_input)

/* -- Simple one-argument functions ---------------------------------------------------------------- */
static Value bi_len(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("len", nargs, kw, 1, 1)) return VNULL;
  int64_t n = obj_len(args[0]);
  return n < 0 ? VNULL : int_from_i64(n);
}

static Value bi_abs(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("abs", nargs, kw, 1, 1)) return VNULL;
  Value x = args[0];
  if (v_is_int(x) || v_is(x, &Type_int) || v_is(x, &Type_bool)) return int_abs(x);
  if (IS_FLOAT(x)) return float_new(fabs(V_AS(Float, x)->v));
  bool found;
  Value r = call_special(x, N.__abs__, NULL, 0, &found);
  if (!found) return err_format(Exc_TypeError, "bad operand type for abs(): '%s'", type_name(v_type(x)));
  return r;
}

static Value bi_repr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("repr", nargs, kw, 1, 1)) return VNULL;
  return obj_repr(args[0]);
}

static Value bi_ascii(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("ascii", nargs, kw, 1, 1)) return VNULL;
  Value r = obj_repr(args[0]);
  if (!r || str_is_ascii(V_AS(Str, r))) return r;
  Str *s = V_AS(Str, r);
  StrBuilder b;
  sb_init(&b);
  for (int64_t i = 0; i < s->len;) {
    size_t adv;
    uint32_t c = utf8_decode(s->data + i, &adv);
    i += (int64_t)adv;
    if (c < 0x80) { sb_putc(&b, (char)c); continue; }
    char e[16];
    if (c <= 0xFF) snprintf(e, sizeof e, "\\x%02x", c);
    else if (c <= 0xFFFF) snprintf(e, sizeof e, "\\u%04x", c);
    else snprintf(e, sizeof e, "\\U%08x", c);
    sb_puts(&b, e);
  }
  return sb_finish(&b);
}

static Value radix(const char *name, Value *args, int nargs, Tuple *kw, int base) {
  if (!args_check(name, nargs, kw, 1, 1)) return VNULL;
  Value i = int_index(args[0]);
  if (!i) return VNULL;
  return int_to_str(i, base, true);
}

static Value bi_bin(Value self, Value *a, int n, Tuple *k) { (void)self; return radix("bin", a, n, k, 2); }
static Value bi_oct(Value self, Value *a, int n, Tuple *k) { (void)self; return radix("oct", a, n, k, 8); }
static Value bi_hex(Value self, Value *a, int n, Tuple *k) { (void)self; return radix("hex", a, n, k, 16); }

static bool is_callable(Value v) {
  if (!v_is_obj(v)) return false;
  Type *t = V_OBJ(v)->type;
  if (t == &Type_function || t == &Type_builtin || t == &Type_method || t->call) return true;
  if (type_is_subtype(t, &Type_type)) return true;
  return type_lookup(t, N.__call__) != VNULL;
}

static Value bi_callable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("callable", nargs, kw, 1, 1)) return VNULL;
  return v_bool(is_callable(args[0]));
}

static Value bi_chr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("chr", nargs, kw, 1, 1)) return VNULL;
  int64_t c;
  if (v_is_int(args[0])) c = v_int(args[0]);
  else {
    Value i = int_index(args[0]);
    if (!i) return VNULL;
    if (!int_as_i64(i, &c) || c < INT32_MIN || c > INT32_MAX)
      return err_format(Exc_OverflowError, "Python int too large to convert to C int");
  }
  if (c < 0 || c > 0x10FFFF) return err_format(Exc_ValueError, "chr() arg not in range(0x110000)");
  return str_from_codepoint((uint32_t)c);
}

static Value bi_ord(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("ord", nargs, kw, 1, 1)) return VNULL;
  Value v = args[0];
  const char *p;
  int64_t n;
  if (IS_STR(v)) {
    Str *s = V_AS(Str, v);
    if (s->nchars != 1)
      return err_format(Exc_TypeError, "ord() expected a character, but string of length %lld found", (long long)s->nchars);
    size_t adv;
    return v_from_int(utf8_decode(s->data, &adv));
  }
  if (bytes_view(v, &p, &n)) {
    if (n != 1) return err_format(Exc_TypeError, "ord() expected a character, but string of length %lld found", (long long)n);
    return v_from_int((unsigned char)p[0]);
  }
  return err_format(Exc_TypeError, "ord() expected string of length 1, but %s found", type_name(v_type(v)));
}

static Value bi_hash(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("hash", nargs, kw, 1, 1)) return VNULL;
  int64_t h;
  if (!obj_hash(args[0], &h)) return VNULL;
  return int_from_i64(h);
}

/* id: the address of an object; a tagged int gets its tagged word, which is odd and so never
   equals an object's (aligned) address. */
static Value bi_id(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("id", nargs, kw, 1, 1)) return VNULL;
  uint64_t id = (uint64_t)args[0];
  if (id <= (uint64_t)INT64_MAX) return int_from_i64((int64_t)id);
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%" PRIu64, id);
  return int_from_digits(buf, (size_t)n, 10);
}

static Value bi_format(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"value", "format_spec"};
  Value out[2];
  if (nkw_of(kw) == 0 && !args_check("format", nargs, kw, 1, 2)) return VNULL;
  if (!args_parse("format", args, nargs, kw, names, 1, 2, out)) return VNULL;
  Value spec = out[1] ? out[1] : OBJ_V(str_empty());
  if (!IS_STR(spec)) return err_format(Exc_TypeError, "format() argument 2 must be str, not %s", type_name(v_type(spec)));
  return obj_format(out[0], spec);
}

/* -- Arithmetic ------------------------------------------------------------------------------------- */
static Value bi_divmod(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("divmod", nargs, kw, 2, 2)) return VNULL;
  Value a = args[0], b = args[1];
  Value r = int_divmod(a, b);
  if (r != V_NOTIMPL) return r;
  if (IS_FLOAT(a) || IS_FLOAT(b)) {
    r = float_divmod(a, b);
    if (r != V_NOTIMPL) return r;
  }
  bool found;
  r = call_special(a, N.__divmod__, &b, 1, &found);
  if (found && r != V_NOTIMPL) return r;
  if (found && !r) return VNULL;
  if (v_type(a) != v_type(b)) {
    r = call_special(b, N.__rdivmod__, &a, 1, &found);
    if (found && r != V_NOTIMPL) return r;
    if (found && !r) return VNULL;
  }
  return err_format(Exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and '%s'", type_name(v_type(a)),
                    type_name(v_type(b)));
}

static Value bi_pow(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"base", "exp", "mod"};
  Value out[3];
  if (!args_parse("pow", args, nargs, kw, names, 2, 3, out)) return VNULL;
  if (!out[2] || out[2] == V_NONE) return obj_binop(OP_Pow, out[0], out[1]);
  Value a = out[0];
  Type *t = v_type(a);
  if ((t->flags & TPF_HEAPTYPE) && type_lookup(t, str_intern_cstr("__pow__"))) {
    bool found;
    return call_special(a, str_intern_cstr("__pow__"), out + 1, 2, &found);
  }
  /* Numbers that are not all ints: the 3rd argument is the trouble; anything else: the types. */
  bool numbers = true;
  for (int i = 0; i < 3; i++)
    numbers = numbers && (v_isinstance(out[i], &Type_int) || v_isinstance(out[i], &Type_float));
  if (!numbers)
    return err_format(Exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                      type_name(v_type(out[0])), type_name(v_type(out[1])), type_name(v_type(out[2])));
  return int_pow3(out[0], out[1], out[2]);
}

static Value bi_round(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"number", "ndigits"};
  Value out[2];
  if (!args_parse("round", args, nargs, kw, names, 1, 2, out)) return VNULL;
  Value x = out[0];
  Value nd = out[1] && out[1] != V_NONE ? out[1] : VNULL;
  bool found;
  Value r = call_special(x, N.__round__, nd ? &nd : NULL, nd ? 1 : 0, &found);
  if (!found) return err_format(Exc_TypeError, "type %s doesn't define __round__ method", type_name(v_type(x)));
  return r;
}

/* -- Attributes ------------------------------------------------------------------------------------- */
static Value bi_getattr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("getattr", nargs, kw, 2, 3)) return VNULL;
  Str *name;
  if (!attr_name(args[1], &name)) return VNULL;
  Value r = obj_getattr(args[0], name);
  if (!r && nargs == 3 && err_matches(Exc_AttributeError)) {
    err_clear();
    return args[2];
  }
  return r;
}

static Value bi_hasattr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("hasattr", nargs, kw, 2, 2)) return VNULL;
  Str *name;
  if (!attr_name(args[1], &name)) return VNULL;
  Value r = obj_getattr(args[0], name);
  if (r) return V_TRUE;
  if (err_matches(Exc_AttributeError)) { err_clear(); return V_FALSE; }
  return VNULL;
}

static Value bi_setattr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("setattr", nargs, kw, 3, 3)) return VNULL;
  Str *name;
  if (!attr_name(args[1], &name)) return VNULL;
  return obj_setattr(args[0], name, args[2]) ? V_NONE : VNULL;
}

static Value bi_delattr(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("delattr", nargs, kw, 2, 2)) return VNULL;
  Str *name;
  if (!attr_name(args[1], &name)) return VNULL;
  return obj_delattr(args[0], name) ? V_NONE : VNULL;
}

/* -- isinstance / issubclass ------------------------------------------------------------------------- */
static bool is_class(Value v) { return v_is_obj(v) && v_isinstance(v, &Type_type); }

/* 1 / 0, or -1 with TypeError when cls is neither a class nor a tuple of them. */
static int isinstance_of(Value v, Value cls, int depth) {
  if (is_class(cls)) return v_isinstance(v, V_AS(Type, cls));
  if (IS_TUPLE(cls) && depth < C_REENTRY_MAX) {
    Tuple *t = V_AS(Tuple, cls);
    for (int64_t i = 0; i < t->len; i++) {
      int r = isinstance_of(v, t->items[i], depth + 1);
      if (r != 0) return r;
    }
    return 0;
  }
  err_format(Exc_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
  return -1;
}

static int issubclass_of(Type *c, Value cls, int depth) {
  if (is_class(cls)) return type_is_subtype(c, V_AS(Type, cls));
  if (IS_TUPLE(cls) && depth < C_REENTRY_MAX) {
    Tuple *t = V_AS(Tuple, cls);
    for (int64_t i = 0; i < t->len; i++) {
      int r = issubclass_of(c, t->items[i], depth + 1);
      if (r != 0) return r;
    }
    return 0;
  }
  err_format(Exc_TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
  return -1;
}

static Value bi_isinstance(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("isinstance", nargs, kw, 2, 2)) return VNULL;
  int r = isinstance_of(args[0], args[1], 0);
  return r < 0 ? VNULL : v_bool(r);
}

static Value bi_issubclass(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("issubclass", nargs, kw, 2, 2)) return VNULL;
  if (!is_class(args[0])) return err_format(Exc_TypeError, "issubclass() arg 1 must be a class");
  int r = issubclass_of(V_AS(Type, args[0]), args[1], 0);
  return r < 0 ? VNULL : v_bool(r);
}

/* -- Iteration ------------------------------------------------------------------------------------- */
static Value bi_iter(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("iter", nargs, kw, 1, 2)) return VNULL;
  if (nargs == 1) return obj_iter(args[0]);
  if (!is_callable(args[0])) return err_format(Exc_TypeError, "iter(v, w): v must be callable");
  return calliter_new(args[0], args[1]);
}

static Value bi_next(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("next", nargs, kw, 1, 2)) return VNULL;
  Value it = args[0];
  Type *t = v_type(it);
  if (!t->next && !((t->flags & TPF_HEAPTYPE) && type_lookup(t, N.__next__)))
    return err_format(Exc_TypeError, "'%s' object is not an iterator", type_name(t));
  /* The slot directly: a generator's StopIteration carries its return value. */
  Value r = (t->next && !(t->flags & TPF_HEAPTYPE)) ? t->next(it) : obj_next(it);
  if (r) return r;
  if (err_occurred()) {
    if (nargs == 2 && err_matches(Exc_StopIteration)) { err_clear(); return args[1]; }
    return VNULL;
  }
  if (nargs == 2) return args[1];
  return err_set_value(Exc_StopIteration, VNULL);
}

/* all/any: stop at the first item whose truth is `stop_at`. */
static Value all_any(const char *name, Value *args, int nargs, Tuple *kw, int stop_at) {
  GC_ROOT_SCOPE;
  if (!args_check(name, nargs, kw, 1, 1)) return VNULL;
  Value it = obj_iter(args[0]);
  if (!it) return VNULL;
  gc_root(&it);
  int m = gc_root_mark();
  Value x;
  while ((x = obj_next(it))) {
    int t = obj_truthy(x);
    gc_root_restore(m);
    if (t < 0) return VNULL;
    if (t == stop_at) return v_bool(stop_at);
  }
  if (err_occurred()) return VNULL;
  return v_bool(!stop_at);
}

static Value bi_all_body(Value self, Value *a, int n, Tuple *k) { (void)self; return all_any("all", a, n, k, 0); }
ROOT_SCOPE(bi_all)
static Value bi_any_body(Value self, Value *a, int n, Tuple *k) { (void)self; return all_any("any", a, n, k, 1); }
ROOT_SCOPE(bi_any)

/* min/max: op is CMP_LT for min, CMP_GT for max. */
static Value min_max(const char *name, Value *args, int nargs, Tuple *kw, int op) {
  GC_ROOT_SCOPE;
  int nkw = nkw_of(kw), npos = nargs - nkw;
  Value key = VNULL, dflt = VNULL;
  for (int i = 0; i < nkw; i++) {
    const char *k = kw_name(kw, i);
    if (!strcmp(k, "key")) key = args[npos + i];
    else if (!strcmp(k, "default")) dflt = args[npos + i];
    else return err_format(Exc_TypeError, "'%s' is an invalid keyword argument for %s()", k, name);
  }
  if (key == V_NONE) key = VNULL;
  if (npos == 0) return err_format(Exc_TypeError, "%s expected at least 1 argument, got 0", name);
  if (npos > 1 && dflt)
    return err_format(Exc_TypeError, "Cannot specify a default for %s() with multiple positional arguments", name);
  Value it = VNULL, best = VNULL, bestk = VNULL, item = VNULL, k = VNULL;
  gc_root(&it);
  gc_root(&best);
  gc_root(&bestk);
  gc_root(&item);
  gc_root(&k);
  if (npos == 1) {
    it = obj_iter(args[0]);
    if (!it) return VNULL;
  }
  for (int i = 0;; i++) {
    if (it) {
      item = obj_next(it);
      if (!item) {
        if (err_occurred()) return VNULL;
        break;
      }
    } else {
      if (i >= npos) break;
      item = args[i];
    }
    k = key ? obj_call1(key, item) : item;
    if (!k) return VNULL;
    if (!best) { best = item; bestk = k; continue; }
    int c = obj_compare_bool(k, bestk, op);
    if (c < 0) return VNULL;
    if (c) { best = item; bestk = k; }
  }
  if (best) return best;
  if (dflt) return dflt;
  return err_format(Exc_ValueError, "%s() arg is an empty sequence", name);
}

static Value bi_max_body(Value self, Value *a, int n, Tuple *k) { (void)self; return min_max("max", a, n, k, CMP_GT); }
ROOT_SCOPE(bi_max)
static Value bi_min_body(Value self, Value *a, int n, Tuple *k) { (void)self; return min_max("min", a, n, k, CMP_LT); }
ROOT_SCOPE(bi_min)

/* sum: small ints add in an int64 and floats in a double until something else comes. */
static Value bi_sum_body(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  static const char *const names[] = {"", "start"};
  Value out[2];
  if (nargs - nkw_of(kw) < 1) return err_format(Exc_TypeError, "sum() takes at least 1 positional argument (0 given)");
  if (!args_parse("sum", args, nargs, kw, names, 1, 2, out)) return VNULL;
  Value result = out[1] ? out[1] : v_from_int(0);
  if (IS_STR(result)) return err_format(Exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
  if (v_is(result, &Type_bytes)) return err_format(Exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
  if (v_is(result, &Type_bytearray))
    return err_format(Exc_TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]");
  Value it = obj_iter(out[0]), item = VNULL;
  if (!it) return VNULL;
  gc_root(&it);
  gc_root(&result);
  gc_root(&item);
  int m = gc_root_mark();
  for (;;) {
    item = obj_next(it);
    if (!item) return err_occurred() ? VNULL : result;
    if (v_is_int(result) && v_is_int(item)) {
      int64_t s;
      if (!__builtin_add_overflow(v_int(result), v_int(item), &s) && s >= SMALL_MIN && s <= SMALL_MAX) {
        result = v_from_int(s);
        continue;
      }
    } else if (IS_FLOAT(result) && (IS_FLOAT(item) || v_is_int(item))) {
      double d = V_AS(Float, result)->v;
      double x = IS_FLOAT(item) ? V_AS(Float, item)->v : (double)v_int(item);
      /* accumulate floats without a box per step */
      for (;;) {
        d += x;
        item = obj_next(it);
        if (!item) {
          if (err_occurred()) return VNULL;
          return float_new(d);
        }
        if (IS_FLOAT(item)) x = V_AS(Float, item)->v;
        else if (v_is_int(item) && v_int(item) > -(1LL << 53) && v_int(item) < (1LL << 53)) x = (double)v_int(item);
        else break;
      }
      result = float_new(d);
    }
    Value r = obj_binop(OP_Add, result, item);
    gc_root_restore(m);
    if (!r) return VNULL;
    result = r;
  }
}
ROOT_SCOPE(bi_sum)

static Value bi_sorted_body(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  int nkw = nkw_of(kw), npos = nargs - nkw;
  if (npos != 1) return err_format(Exc_TypeError, "sorted expected 1 argument, got %d", npos);
  List *l = list_from_iterable(args[0]);
  if (!l) return VNULL;
  Value lv = OBJ_V(l);
  gc_root(&lv);
  Value m = obj_getattr(lv, s_sort);
  if (!m) return VNULL;
  gc_root(&m);
  if (!obj_call(m, args + 1, nkw, kw)) return VNULL;
  return lv;
}
ROOT_SCOPE(bi_sorted)

/* -- Namespaces: vars, dir, locals, globals -------------------------------------------------------- */
static Value bi_vars(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("vars", nargs, kw, 0, 1)) return VNULL;
  if (nargs == 0) return interp_locals();
  Value d = obj_getattr(args[0], N.__dict__);
  if (!d && err_matches(Exc_AttributeError)) {
    err_clear();
    return err_format(Exc_TypeError, "vars() argument must have __dict__ attribute");
  }
  return d;
}

static void add_keys(Dict *names, Dict *d) {
  int64_t pos = 0;
  Value k, v;
  while (dict_next(d, &pos, &k, &v))
    if (IS_STR(k)) dict_set(names, k, V_NONE);
}

static Value sorted_keys(Dict *names) {
  List *l = list_new(names->used);
  if (!l) return VNULL;
  int64_t pos = 0;
  Value k, v;
  while (dict_next(names, &pos, &k, &v)) list_append(l, k);
  return sort_list(l) ? OBJ_V(l) : VNULL;
}

static void add_type_names(Dict *names, Type *t) {
  for (int64_t i = 0; t->mro && i < t->mro->len; i++) {
    Type *b = V_AS(Type, t->mro->items[i]);
    if (b->dict) add_keys(names, b->dict);
  }
}

static Value bi_dir_body(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  (void)self;
  if (!args_check("dir", nargs, kw, 0, 1)) return VNULL;
  Value names = OBJ_V(dict_new());
  gc_root(&names);
  Dict *nd = V_AS(Dict, names);
  if (nargs == 0) {
    Value loc = interp_locals();
    if (!loc) return VNULL;
    if (IS_DICT(loc)) add_keys(nd, V_AS(Dict, loc));
    return sorted_keys(nd);
  }
  Value o = args[0];
  Type *t = v_type(o);
  if (v_is(o, &Type_module)) {
    add_keys(nd, V_AS(Module, o)->dict);
    return sorted_keys(nd);
  }
  if (is_class(o)) {
    add_type_names(nd, V_AS(Type, o));
    return sorted_keys(nd);
  }
  Value custom = type_lookup(t, s_dir);
  if (custom && !(v_is(custom, &Type_builtin) && V_AS(Builtin, custom)->owner == &Type_object)) {
    bool found;
    Value r = call_special(o, s_dir, NULL, 0, &found);
    if (!r) return VNULL;
    gc_root(&r);
    List *l = list_from_iterable(r);
    if (!l) return VNULL;
    return sort_list(l) ? OBJ_V(l) : VNULL;
  }
  Value d = obj_getattr_opt(o, N.__dict__);
  if (!d && err_occurred()) return VNULL;
  if (d && IS_DICT(d)) add_keys(nd, V_AS(Dict, d));
  add_type_names(nd, t);
  return sorted_keys(nd);
}
ROOT_SCOPE(bi_dir)

static Value bi_locals(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("locals", nargs, kw, 0, 0)) return VNULL;
  return interp_locals();
}

static Value bi_globals(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("globals", nargs, kw, 0, 0)) return VNULL;
  return interp_globals();
}

static Value bi_exit(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("exit", nargs, kw, 0, 1)) return VNULL;
  return err_set_value(Exc_SystemExit, nargs ? args[0] : VNULL);
}

/* -- The namespace --------------------------------------------------------------------------------- */
static const MethodDef builtin_functions[] = {
  {"print", bi_print, NULL}, {"input", bi_input, NULL}, {"len", bi_len, NULL}, {"abs", bi_abs, NULL},
  {"repr", bi_repr, NULL}, {"ascii", bi_ascii, NULL}, {"bin", bi_bin, NULL}, {"oct", bi_oct, NULL},
  {"hex", bi_hex, NULL}, {"callable", bi_callable, NULL}, {"chr", bi_chr, NULL}, {"ord", bi_ord, NULL},
  {"hash", bi_hash, NULL}, {"id", bi_id, NULL}, {"format", bi_format, NULL}, {"divmod", bi_divmod, NULL},
  {"pow", bi_pow, NULL}, {"round", bi_round, NULL}, {"getattr", bi_getattr, NULL},
  {"hasattr", bi_hasattr, NULL}, {"setattr", bi_setattr, NULL}, {"delattr", bi_delattr, NULL},
  {"isinstance", bi_isinstance, NULL}, {"issubclass", bi_issubclass, NULL}, {"iter", bi_iter, NULL},
  {"next", bi_next, NULL}, {"all", bi_all, NULL}, {"any", bi_any, NULL}, {"max", bi_max, NULL},
  {"min", bi_min, NULL}, {"sum", bi_sum, NULL}, {"sorted", bi_sorted, NULL}, {"vars", bi_vars, NULL},
  {"dir", bi_dir, NULL}, {"locals", bi_locals, NULL}, {"globals", bi_globals, NULL},
  {"exit", bi_exit, NULL}, {"quit", bi_exit, NULL}, {NULL, NULL, NULL}};

/* The user-visible built-in types, by Python name. */
#define VISIBLE_TYPES(_) \
  _(type) _(object) _(int) _(bool) _(float) _(complex) _(str) _(bytes) _(bytearray) _(tuple) _(list) _(dict) \
  _(set) _(frozenset) _(range) _(slice) _(enumerate) _(zip) _(filter) _(reversed) _(classmethod) \
  _(staticmethod) _(property) _(super)

static void set_name(Dict *d, const char *name, Value v) { dict_set_str(d, str_intern_cstr(name), v); }

void builtins_init(Dict *d) {
  s_sort = str_intern_cstr("sort");
  s_dir = str_intern_cstr("__dir__");
  gc_add_global_root((Value *)&s_sort);
  gc_add_global_root((Value *)&s_dir);
#define SET_TYPE(c) set_name(d, #c, OBJ_V(&Type_##c));
  VISIBLE_TYPES(SET_TYPE)
#undef SET_TYPE
  set_name(d, "map", OBJ_V(&Type_map_));
#define SET_EXC(name, base) set_name(d, #name, OBJ_V(Exc_##name));
  BUILTIN_EXCEPTIONS(SET_EXC)
#undef SET_EXC
  set_name(d, "EnvironmentError", OBJ_V(Exc_OSError));
  set_name(d, "IOError", OBJ_V(Exc_OSError));
  set_name(d, "None", V_NONE);
  set_name(d, "True", V_TRUE);
  set_name(d, "False", V_FALSE);
  set_name(d, "Ellipsis", V_ELLIPSIS);
  set_name(d, "NotImplemented", V_NOTIMPL);
  set_name(d, "__debug__", V_TRUE);
  dict_set_str(d, N.__name__, str_from_cstr("builtins"));
  for (const MethodDef *f = builtin_functions; f->name; f++) {
    Builtin *b = V_AS(Builtin, builtin_new(f->name, f->fn, VNULL));
    b->doc = f->doc;
    set_name(d, f->name, OBJ_V(b));
  }
}
