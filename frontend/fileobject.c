/* fileobject.c: file objects over stdio streams.
 *
 * Data written is never lost: a file object that becomes garbage is closed (so flushed) when
 * the collector frees it, and stdio flushes every still-open stream at exit, which the runtime
 * reaches on normal ends, sys.exit() and uncaught exceptions alike.
 */
#include <errno.h>
#include <strings.h>
#include <stdlib.h>
#include <unistd.h>

#include "bytesobject.h"
#include "errors.h"
#include "fileobject.h"
#include "strobject.h"
#include "typeobject.h"

/* Bytes read at a time when reading a whole file. */
#define FILE_READ_CHUNK 65536

static void file_traverse(Obj *o, VisitFn visit) {
  visit(&((File *)o)->name);
  visit(&((File *)o)->mode);
  visit(&((File *)o)->encoding);
}

static void file_finalize(Obj *o) {
  File *f = (File *)o;
  if (!f->closed && f->fp) {
    if (f->owned) fclose(f->fp);
    else fflush(f->fp);
  }
  f->closed = true;
}

static Value new_file(FILE *fp, Value name, Value mode, bool binary, bool readable, bool writable, bool owned) {
  File *f = (File *)gc_alloc(&Type_file, sizeof(File));
  f->fp = fp;
  f->name = name;
  f->mode = mode;
  f->binary = binary;
  f->readable = readable;
  f->writable = writable;
  f->owned = owned;
  return OBJ_V(f);
}

Value file_from_stdio(FILE *fp, const char *name, const char *mode) {
  Value f = new_file(fp, str_from_cstr(name), str_from_cstr(mode), false, mode[0] == 'r', mode[0] != 'r', false);
  V_AS(File, f)->translate = true;
  return f;
}

/* io.UnsupportedOperation: reading a file opened for writing, and the like. */
static Type *Exc_UnsupportedOperation;

static Value unsupported(const char *what) { return err_format(Exc_UnsupportedOperation, "%s", what); }

static bool check_open(File *f) {
  if (f->closed) {
    err_format(Exc_ValueError, "I/O operation on closed file.");
    return false;
  }
  return true;
}

/* -- open() -------------------------------------------------------------------------------------- */
Value file_open(Value self, Value *args, int nargs, Tuple *kwnames) {
  (void)self;
  static const char *const names[] = {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener", NULL};
  Value a[8];
  if (!args_parse("open", args, nargs, kwnames, names, 1, 8, a)) return VNULL;
  if (!IS_STR(a[0])) return err_format(Exc_TypeError, "expected str, bytes or os.PathLike object, not %s", type_name(v_type(a[0])));
  const char *mode = "r";
  if (a[1]) {
    if (!IS_STR(a[1])) return err_format(Exc_TypeError, "open() argument 'mode' must be str, not %s", type_name(v_type(a[1])));
    mode = STR_DATA(a[1]);
  }
  bool r = false, w = false, ap = false, x = false, plus = false, b = false, t = false;
  for (const char *p = mode; *p; p++) {
    switch (*p) {
      case 'r': r = true; break;
      case 'w': w = true; break;
      case 'a': ap = true; break;
      case 'x': x = true; break;
      case '+': plus = true; break;
      case 'b': b = true; break;
      case 't': t = true; break;
      default: return err_format(Exc_ValueError, "invalid mode: '%s'", mode);
    }
  }
  if (r + w + ap + x != 1 || (b && t))
    return err_format(Exc_ValueError, "must have exactly one of create/read/write/append mode");
  /* Data another file object wrote but did not flush (a file the program forgot to close,
     not collected yet) reaches the OS before this file is opened: a program that reads back
     what it wrote sees it, as under CPython's reference counting. */
  fflush(NULL);
  char cmode[8];
  snprintf(cmode, sizeof cmode, "%s%s", r ? "r" : w ? "w" : ap ? "a" : "wx", plus ? "+" : "");
  FILE *fp = fopen(STR_DATA(a[0]), cmode);
  if (!fp) return err_from_errno(errno, a[0]);
  if (r) {
    /* fopen succeeds on directories for reading; CPython says IsADirectoryError. */
    int c = fgetc(fp);
    if (c == EOF && ferror(fp) && errno == EISDIR) {
      fclose(fp);
      return err_from_errno(EISDIR, a[0]);
    }
    if (c != EOF) ungetc(c, fp);
    clearerr(fp);
  }
  Value fv = new_file(fp, a[0], a[1] ? a[1] : str_from_cstr("r"), b, r || plus, !r || plus, true);
  File *file = V_AS(File, fv);
  if (!b) {
    if (a[3] && a[3] != V_NONE) {
      if (!IS_STR(a[3])) return err_format(Exc_TypeError, "open() argument 'encoding' must be str or None, not %s", type_name(v_type(a[3])));
      file->encoding = a[3];
    }
    file->translate = !a[5] || a[5] == V_NONE;
  } else if (a[3] && a[3] != V_NONE) {
    fclose(fp);
    file->closed = true;
    return err_format(Exc_ValueError, "binary mode doesn't take an encoding argument");
  }
  return fv;
}

/* -- Methods -------------------------------------------------------------------------------------- */
static bool is_utf8_name(Value enc) {
  if (!enc) return true;
  const char *e = STR_DATA(enc);
  return strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0;
}

static bool valid_utf8(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!len || i + len > n || (len == 2 && c < 0xC2)) return false;
    for (size_t k = 1; k < len; k++)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/* Text read from a file: decoded (UTF-8 unless the file says otherwise; bad bytes raise
   UnicodeDecodeError through bytes.decode's messages) with universal newlines. */
static Value wrap_read(File *f, const char *p, size_t n) {
  if (f->binary) return bytes_new(p, n);
  Value s;
  if (is_utf8_name(f->encoding) && valid_utf8((const unsigned char *)p, n)) {
    s = str_new(p, n);
  } else {
    Value enc = f->encoding ? f->encoding : str_from_cstr("utf-8");
    s = obj_call_method(bytes_new(p, n), str_intern_cstr("decode"), &enc, 1);
    if (!s) return VNULL;
  }
  if (!f->translate || !memchr(STR_DATA(s), '\r', (size_t)STR_LEN(s))) return s;
  StrBuilder b;
  sb_init(&b);
  const char *d = STR_DATA(s);
  for (int64_t i = 0; i < STR_LEN(s); i++) {
    if (d[i] != '\r') sb_putc(&b, d[i]);
    else {
      sb_putc(&b, '\n');
      if (i + 1 < STR_LEN(s) && d[i + 1] == '\n') i++;
    }
  }
  return sb_finish(&b);
}

static Value file_read(Value self, Value *args, int nargs, Tuple *kw) {
  File *f = V_AS(File, self);
  if (!args_check("read", nargs, kw, 0, 1) || !check_open(f)) return VNULL;
  if (!f->readable) return unsupported("not readable");
  int64_t limit = -1;
  if (nargs == 1 && args[0] != V_NONE && !index_of(args[0], &limit)) return VNULL;
  StrBuilder b;
  sb_init(&b);
  char buf[FILE_READ_CHUNK];
  while (limit < 0 || (int64_t)b.len < limit) {
    size_t want = sizeof buf;
    if (limit >= 0 && (size_t)(limit - (int64_t)b.len) < want) want = (size_t)(limit - (int64_t)b.len);
    size_t got = fread(buf, 1, want, f->fp);
    if (got) sb_put(&b, buf, got);
    if (got < want) break;
  }
  Value v = wrap_read(f, b.data ? b.data : "", b.len);
  sb_free(&b);
  return v;
}

static Value read_line(File *f) {
  StrBuilder b;
  sb_init(&b);
  int c;
  while ((c = fgetc(f->fp)) != EOF) {
    sb_putc(&b, (char)c);
    if (c == '\n') break;
  }
  Value v = wrap_read(f, b.data ? b.data : "", b.len);
  sb_free(&b);
  return v;
}

static Value file_readline(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  File *f = V_AS(File, self);
  if (!args_check("readline", nargs, kw, 0, 1) || !check_open(f)) return VNULL;
  if (!f->readable) return unsupported("not readable");
  return read_line(f);
}

static Value file_readlines(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  File *f = V_AS(File, self);
  if (!args_check("readlines", nargs, kw, 0, 1) || !check_open(f)) return VNULL;
  List *l = list_new(0);
  for (;;) {
    Value line = read_line(f);
    if ((f->binary ? obj_len(line) : STR_LEN(line)) == 0) break;
    list_append(l, line);
  }
  return OBJ_V(l);
}

bool file_write_str(Value file, Value s) {
  File *f = V_AS(File, file);
  if (!check_open(f)) return false;
  if (!is_utf8_name(f->encoding)) {
    Value enc = f->encoding;
    Value b = obj_call_method(s, str_intern_cstr("encode"), &enc, 1);
    if (!b) return false;
    const char *p;
    int64_t n;
    bytes_view(b, &p, &n);
    if (fwrite(p, 1, (size_t)n, f->fp) != (size_t)n) {
      err_from_errno(errno, VNULL);
      return false;
    }
    return true;
  }
  size_t n = (size_t)STR_LEN(s);
  if (fwrite(STR_DATA(s), 1, n, f->fp) != n) {
    err_from_errno(errno, VNULL);
    return false;
  }
  if (f->fp == stderr) fflush(stderr);
  return true;
}

static Value file_write(Value self, Value *args, int nargs, Tuple *kw) {
  File *f = V_AS(File, self);
  if (!args_check("write", nargs, kw, 1, 1) || !check_open(f)) return VNULL;
  if (!f->writable) return unsupported("not writable");
  if (f->binary) {
    if (!v_is(args[0], &Type_bytes) && !v_is(args[0], &Type_bytearray))
      return err_format(Exc_TypeError, "a bytes-like object is required, not '%s'", type_name(v_type(args[0])));
    const char *p;
    int64_t n;
    bytes_view(args[0], &p, &n);
    if (fwrite(p, 1, (size_t)n, f->fp) != (size_t)n) return err_from_errno(errno, VNULL);
    return v_from_int((int64_t)n);
  }
  if (!IS_STR(args[0])) return err_format(Exc_TypeError, "write() argument must be str, not %s", type_name(v_type(args[0])));
  if (!file_write_str(self, args[0])) return VNULL;
  return v_from_int(V_AS(Str, args[0])->nchars);
}

static Value file_writelines(Value self, Value *args, int nargs, Tuple *kw) {
  GC_ROOT_SCOPE;
  if (!args_check("writelines", nargs, kw, 1, 1)) return VNULL;
  Value it = obj_iter(args[0]);
  if (!it) return VNULL;
  gc_root(&it);
  Value x;
  while ((x = obj_next(it)))
    if (!file_write(self, &x, 1, NULL)) return VNULL;
  return err_occurred() ? VNULL : V_NONE;
}

static Value file_flush(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  File *f = V_AS(File, self);
  if (!args_check("flush", nargs, kw, 0, 0) || !check_open(f)) return VNULL;
  fflush(f->fp);
  return V_NONE;
}

static Value file_close(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args;
  if (!args_check("close", nargs, kw, 0, 0)) return VNULL;
  File *f = V_AS(File, self);
  if (!f->closed) {
    if (f->owned) fclose(f->fp);
    else fflush(f->fp);
    f->closed = true;
  }
  return V_NONE;
}

static Value file_enter(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  return check_open(V_AS(File, self)) ? self : VNULL;
}

static Value file_exit(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  return file_close(self, NULL, 0, NULL) ? V_FALSE : VNULL;
}

static Value file_fileno(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_from_int(fileno(f->fp)) : VNULL;
}

static Value file_isatty(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_bool(isatty(fileno(f->fp))) : VNULL;
}

static Value file_seek(Value self, Value *args, int nargs, Tuple *kw) {
  File *f = V_AS(File, self);
  if (!args_check("seek", nargs, kw, 1, 2) || !check_open(f)) return VNULL;
  int64_t off, whence = 0;
  if (!index_of(args[0], &off) || (nargs == 2 && !index_of(args[1], &whence))) return VNULL;
  if (fseek(f->fp, (long)off, (int)whence) != 0) return err_from_errno(errno, VNULL);
  return v_from_int(ftell(f->fp));
}

static Value file_tell(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_from_int(ftell(f->fp)) : VNULL;
}

static Value file_iter(Value self) { return check_open(V_AS(File, self)) ? self : VNULL; }

static Value file_next(Value self) {
  File *f = V_AS(File, self);
  if (!check_open(f)) return VNULL;
  Value line = read_line(f);
  if ((f->binary ? obj_len(line) : STR_LEN(line)) == 0) return VNULL;
  return line;
}

static Value file_getattr(Value self, Str *name) {
  File *f = V_AS(File, self);
  if (name == N.name) return f->name;
  if (strcmp(name->data, "mode") == 0) return f->mode;
  if (strcmp(name->data, "closed") == 0) return v_bool(f->closed);
  if (strcmp(name->data, "encoding") == 0) return f->binary ? type_generic_getattr(self, name) : str_from_cstr("UTF-8");
  return type_generic_getattr(self, name);
}

static Value file_repr(Value self) {
  File *f = V_AS(File, self);
  Value nr = obj_repr(f->name);
  if (!nr) return VNULL;
  char buf[1024];
  snprintf(buf, sizeof buf, "<_io.TextIOWrapper name=%.*s mode='%.*s' encoding='UTF-8'>", (int)STR_LEN(nr), STR_DATA(nr),
           (int)STR_LEN(f->mode), STR_DATA(f->mode));
  return str_from_cstr(buf);
}

static Value file_readable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_bool(f->readable) : VNULL;
}

static Value file_writable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_bool(f->writable) : VNULL;
}

static Value file_seekable(Value self, Value *args, int nargs, Tuple *kw) {
  (void)args; (void)nargs; (void)kw;
  File *f = V_AS(File, self);
  return check_open(f) ? v_bool(ftell(f->fp) >= 0) : VNULL;
}

static const MethodDef file_methods[] = {
  {"readable", file_readable, NULL}, {"writable", file_writable, NULL}, {"seekable", file_seekable, NULL},
  {"read", file_read, NULL}, {"readline", file_readline, NULL}, {"readlines", file_readlines, NULL},
  {"write", file_write, NULL}, {"writelines", file_writelines, NULL}, {"flush", file_flush, NULL},
  {"close", file_close, NULL}, {"__enter__", file_enter, NULL}, {"__exit__", file_exit, NULL},
  {"fileno", file_fileno, NULL}, {"isatty", file_isatty, NULL}, {"seek", file_seek, NULL},
  {"tell", file_tell, NULL}, {NULL, NULL, NULL}};

void file_init(void) {
  Dict *ns = dict_new();
  dict_set_str(ns, N.__module__, str_from_cstr("io"));
  Exc_UnsupportedOperation = type_new_heap(str_intern_cstr("UnsupportedOperation"),
                                           V_AS(Tuple, tuple_pack(2, OBJ_V(Exc_OSError), OBJ_V(Exc_ValueError))),
                                           ns, &Type_type);
  gc_add_global_root((Value *)&Exc_UnsupportedOperation);
  Type_file.traverse = file_traverse;
  Type_file.finalize = file_finalize;
  Type_file.iter = file_iter;
  Type_file.next = file_next;
  Type_file.getattr = file_getattr;
  Type_file.repr = file_repr;
  type_add_methods(&Type_file, file_methods);
}
