/* _sremodule.c: the _sre module, the C half of `re` (lib/re.py is the Python half).
 *
 *   _sre.compile(pattern, flags, error) -> (program, flags, groups, groupindex)
 *   program.match(string, pos, endpos, mode)  mode 0 match, 1 fullmatch, 2 search
 *   program.scanner(string, pos, endpos)       .search() / .match() walk successive matches
 * A match comes back as a tuple of code point indices (start0, end0, start1, end1, ...,
 * lastindex), -1 for a group that did not take part; re.py wraps it in a Match object.
 *
 * The engine (re_engine.h) works on byte offsets. A str that is all ASCII has byte == code
 * point; otherwise offsets are converted by counting code points from a known pair (the
 * scanner keeps one for its position, so finditer over a long string stays linear).
 */
#include <stdlib.h>

#include "import.h"
#include "re_engine.h"
#include "strobject.h"

typedef struct ProgObj { Obj h; ReProg *prog; } ProgObj;
typedef struct ScannerObj {
  Obj h;
  Value prog, string;
  int64_t pos_b, pos_cp, end_b; /* where the next match is looked for; endpos as bytes */
  bool must_advance, done;
} ScannerObj;

/* -- Offsets ------------------------------------------------------------------------------------ */
static int64_t clamp(int64_t v, int64_t len) { return v < 0 ? 0 : v > len ? len : v; }

/* Code point index of byte offset b, counting from a known (byte, code point) pair. */
static int64_t cp_of(const Str *s, int64_t base_b, int64_t base_cp, int64_t b) {
  if (str_is_ascii(s)) return b;
  const unsigned char *d = (const unsigned char *)s->data;
  int64_t cp = base_cp;
  if (b >= base_b) {
    for (int64_t k = base_b; k < b; k++) cp += (d[k] & 0xC0) != 0x80;
  } else {
    for (int64_t k = b; k < base_b; k++) cp -= (d[k] & 0xC0) != 0x80;
  }
  return cp;
}

static Value run_error(int rc) {
  if (rc == RE_BUDGET)
    return err_format(Exc_RecursionError, "maximum regular expression backtracking exceeded");
  return err_no_memory();
}

/* Runs the program; returns the result tuple, None, or VNULL + error. */
static Value do_exec(ReProg *p, Str *s, int64_t pos_b, int64_t pos_cp, int64_t end_b, ReMode mode,
                     bool must_advance, int64_t *start_out, int64_t *end_out) {
  int ng = re_groups(p);
  int64_t stackmarks[32], *marks = stackmarks;
  if (2 * (ng + 1) > 32) {
    marks = malloc(sizeof(int64_t) * (size_t)(2 * (ng + 1)));
    if (!marks) return err_no_memory();
  }
  int lastindex = -1;
  int rc = re_exec(p, s->data, end_b, pos_b, mode, must_advance, marks, &lastindex);
  Value out;
  if (rc == RE_FOUND) {
    *start_out = marks[0];
    *end_out = marks[1];
    Tuple *t = tuple_new(2 * (ng + 1) + 1);
    for (int k = 0; k < 2 * (ng + 1); k++)
      t->items[k] = v_from_int(marks[k] < 0 ? -1 : cp_of(s, pos_b, pos_cp, marks[k]));
    t->items[2 * (ng + 1)] = v_from_int(lastindex);
    out = OBJ_V(t);
  } else if (rc == RE_NOTFOUND) {
    out = V_NONE;
  } else {
    out = run_error(rc);
  }
  if (marks != stackmarks) free(marks);
  return out;
}

static bool get_str(Value v, Str **out) {
  if (!IS_STR(v) && !v_isinstance(v, &Type_str)) {
    err_format(Exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(v_type(v)));
    return false;
  }
  *out = V_AS(Str, v);
  return true;
}

static bool get_int(Value v, int64_t *out) { return index_of(v, out); }

/* -- Program ------------------------------------------------------------------------------------ */
static void prog_finalize(Obj *o) { re_free(((ProgObj *)o)->prog); }

static Value prog_match(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("match", nargs, kw, 4, 4)) return VNULL;
  Str *s;
  int64_t pos, endpos, mode;
  if (!get_str(args[0], &s) || !get_int(args[1], &pos) || !get_int(args[2], &endpos) || !get_int(args[3], &mode))
    return VNULL;
  pos = clamp(pos, s->nchars);
  endpos = clamp(endpos, s->nchars);
  if (endpos < pos) return V_NONE;
  int64_t pos_b = (int64_t)str_offset(s, pos);
  int64_t end_b = endpos == s->nchars ? s->len : (int64_t)str_offset(s, endpos);
  int64_t b, e;
  return do_exec(V_AS(ProgObj, self)->prog, s, pos_b, pos, end_b, (ReMode)mode, false, &b, &e);
}

static Value prog_scanner(Value self, Value *args, int nargs, Tuple *kw) {
  if (!args_check("scanner", nargs, kw, 3, 3)) return VNULL;
  Str *s;
  int64_t pos, endpos;
  if (!get_str(args[0], &s) || !get_int(args[1], &pos) || !get_int(args[2], &endpos)) return VNULL;
  pos = clamp(pos, s->nchars);
  endpos = clamp(endpos, s->nchars);
  ScannerObj *sc = (ScannerObj *)gc_alloc(&Type_re_Scanner, sizeof(ScannerObj));
  sc->prog = self;
  sc->string = args[0];
  sc->pos_cp = pos;
  sc->pos_b = (int64_t)str_offset(s, pos);
  sc->end_b = (int64_t)str_offset(s, endpos);
  sc->done = endpos < pos;
  return OBJ_V(sc);
}

static const MethodDef prog_methods[] = {
  {"match", prog_match, "match(string, pos, endpos, mode): marks tuple or None"},
  {"scanner", prog_scanner, "scanner(string, pos, endpos)"},
  {NULL},
};

/* -- Scanner ------------------------------------------------------------------------------------ */
static void scanner_traverse(Obj *o, VisitFn visit) {
  ScannerObj *sc = (ScannerObj *)o;
  visit(&sc->prog);
  visit(&sc->string);
}

static Value scanner_step(Value self, ReMode mode) {
  ScannerObj *sc = V_AS(ScannerObj, self);
  if (sc->done) return V_NONE;
  Str *s = V_AS(Str, sc->string);
  int64_t b = 0, e = 0;
  Value r = do_exec(V_AS(ProgObj, sc->prog)->prog, s, sc->pos_b, sc->pos_cp, sc->end_b, mode, sc->must_advance, &b, &e);
  if (r == V_NONE) sc->done = true;
  if (!r || r == V_NONE) return r;
  sc->must_advance = e == b; /* an empty match: the next one must not be empty here too */
  sc->pos_cp = cp_of(s, sc->pos_b, sc->pos_cp, e);
  sc->pos_b = e;
  return r;
}

static Value scanner_search(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("search", nargs, kw, 0, 0)) return VNULL;
  return scanner_step(self, RE_SEARCH);
}

static Value scanner_match(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("match", nargs, kw, 0, 0)) return VNULL;
  return scanner_step(self, RE_MATCH);
}

static const MethodDef scanner_methods[] = {
  {"search", scanner_search, "the next match at or after the position, or None"},
  {"match", scanner_match, "a match exactly at the position, or None"},
  {NULL},
};

/* -- Module functions --------------------------------------------------------------------------- */
static Value raise_compile_error(Value errcls, Value pattern, const ReError *err) {
  GC_ROOT_SCOPE;
  Value msg = str_from_cstr(err->msg);
  gc_root(&msg);
  Value args[3] = {msg, pattern, err->pos < 0 ? V_NONE : v_from_int(err->pos)};
  Value exc = obj_call(errcls, args, 3, NULL);
  if (!exc) return VNULL;
  return err_set_obj(exc);
}

static Value sre_compile(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  if (!args_check("compile", nargs, kw, 3, 3)) return VNULL;
  Str *s;
  int64_t flags;
  if (!IS_STR(args[0]) && !v_isinstance(args[0], &Type_str))
    return err_format(Exc_TypeError, "first argument must be string or compiled pattern");
  s = V_AS(Str, args[0]);
  if (!get_int(args[1], &flags)) return VNULL;
  uint32_t *cps = malloc(sizeof(uint32_t) * (size_t)(s->nchars + 1));
  if (!cps) return err_no_memory();
  int64_t n = 0;
  for (int64_t i = 0; i < s->len; n++) {
    size_t adv;
    cps[n] = utf8_decode(s->data + i, &adv);
    i += (int64_t)adv;
  }
  ReError err = {{0}, -1};
  ReProg *p = re_compile(cps, n, (int)flags, &err);
  free(cps);
  if (!p) return raise_compile_error(args[2], args[0], &err);
  ProgObj *po = (ProgObj *)gc_alloc(&Type_re_Program, sizeof(ProgObj));
  po->prog = p;
  Dict *gi = dict_new();
  for (int k = 0; k < re_ngroupnames(p); k++) {
    int g;
    const char *name = re_groupname(p, k, &g);
    if (!dict_set(gi, str_from_cstr(name), v_from_int(g))) return VNULL;
  }
  return tuple_pack(4, OBJ_V(po), v_from_int(re_flags(p)), v_from_int(re_groups(p)), OBJ_V(gi));
}

static const MethodDef sre_functions[] = {
  {"compile", sre_compile, "compile(pattern, flags, error): (program, flags, groups, groupindex)"},
  {NULL},
};

Value _sre_module_init(void) {
  static bool types_ready;
  if (!types_ready) {
    types_ready = true;
    Type_re_Program.finalize = prog_finalize;
    type_add_methods(&Type_re_Program, prog_methods);
    Type_re_Scanner.traverse = scanner_traverse;
    type_add_methods(&Type_re_Scanner, scanner_methods);
  }
  Value m = module_new("_sre");
  module_add_functions(m, sre_functions);
  module_set(m, "MAXREPEAT", v_from_int(4294967295LL));
  module_set(m, "MAXGROUPS", v_from_int(2147483647LL));
  return m;
}
