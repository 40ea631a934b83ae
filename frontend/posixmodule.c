/* posixmodule.c: the posix module, the system calls under lib/os.py and lib/posixpath.py.
 *
 * Each function is one system call; failures raise the OSError subclass for errno with
 * CPython's message ("[Errno 2] No such file or directory: 'x'"). environ is a snapshot of
 * the process environment taken when the module is first imported, as a dict of str.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "import.h"
#include "intobject.h"
#include "strobject.h"

extern char **environ;

/* A path argument as a NUL-terminated C string: str only (bytes paths are not supported). */
static bool path_arg(const char *fname, Value v, char *out, size_t cap) {
  if (!IS_STR(v)) {
    err_format(Exc_TypeError, "%s: path should be string, bytes or os.PathLike, not %s", fname,
               type_name(v_type(v)));
    return false;
  }
  if ((size_t)STR_LEN(v) >= cap) {
    err_format(Exc_ValueError, "%s: path too long", fname);
    return false;
  }
  if (memchr(STR_DATA(v), 0, (size_t)STR_LEN(v))) {
    err_format(Exc_ValueError, "%s: embedded null character in path", fname);
    return false;
  }
  memcpy(out, STR_DATA(v), (size_t)STR_LEN(v));
  out[STR_LEN(v)] = 0;
  return true;
}

static Value one_path_call(const char *fname, Value *args, int nargs, Tuple *kw, int (*fn)(const char *)) {
  static const char *const names[] = {"path"};
  Value p;
  char path[PATH_MAX];
  if (!args_parse(fname, args, nargs, kw, names, 1, 1, &p) || !path_arg(fname, p, path, sizeof path)) return VNULL;
  if (fn(path) != 0) return err_from_errno(errno, p);
  return V_NONE;
}

static Value px_remove(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return one_path_call("remove", args, nargs, kw, unlink);
}

static Value px_unlink(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return one_path_call("unlink", args, nargs, kw, unlink);
}

static Value px_rmdir(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return one_path_call("rmdir", args, nargs, kw, rmdir);
}

static int chdir_fn(const char *p) { return chdir(p); }
static Value px_chdir(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  return one_path_call("chdir", args, nargs, kw, chdir_fn);
}

static Value px_mkdir(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"path", "mode"};
  Value a[2] = {VNULL, VNULL};
  char path[PATH_MAX];
  int64_t mode = 0777;
  if (!args_parse("mkdir", args, nargs, kw, names, 1, 2, a) || !path_arg("mkdir", a[0], path, sizeof path)) return VNULL;
  if (a[1] && !index_of(a[1], &mode)) return VNULL;
  if (mkdir(path, (mode_t)mode) != 0) return err_from_errno(errno, a[0]);
  return V_NONE;
}

static Value px_rename(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"src", "dst"};
  Value a[2];
  char src[PATH_MAX], dst[PATH_MAX];
  if (!args_parse("rename", args, nargs, kw, names, 2, 2, a) || !path_arg("rename", a[0], src, sizeof src) ||
      !path_arg("rename", a[1], dst, sizeof dst))
    return VNULL;
  if (rename(src, dst) != 0) return err_from_errno(errno, a[0]);
  return V_NONE;
}

static Value px_getcwd(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("getcwd", nargs, kw, 0, 0)) return VNULL;
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) return err_from_errno(errno, VNULL);
  return str_from_cstr(buf);
}

static Value px_getuid(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  (void)args;
  if (!args_check("getuid", nargs, kw, 0, 0)) return VNULL;
  return v_from_int(getuid());
}

static Value px_getpid(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self; (void)args;
  if (!args_check("getpid", nargs, kw, 0, 0)) return VNULL;
  return v_from_int(getpid());
}

/* listdir: in directory order, like CPython (the caller sorts when it wants an order). */
static Value px_listdir(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"path"};
  Value p = VNULL;
  char path[PATH_MAX] = ".";
  if (!args_parse("listdir", args, nargs, kw, names, 0, 1, &p)) return VNULL;
  if (p && p != V_NONE && !path_arg("listdir", p, path, sizeof path)) return VNULL;
  DIR *d = opendir(path);
  if (!d) return err_from_errno(errno, p && p != V_NONE ? p : str_from_cstr("."));
  List *l = list_new(0);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    list_append(l, str_from_cstr(e->d_name));
  }
  closedir(d);
  return OBJ_V(l);
}

/* _stat(path) -> (mode, size, mtime) or None when the path does not exist / is not reachable;
   raises only for bad arguments. Behind os.path.exists/isfile/isdir. */
static Value px_stat_or_none(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  char path[PATH_MAX];
  if (!args_check("_stat", nargs, kw, 1, 1)) return VNULL;
  if (!IS_STR(args[0])) return V_NONE;
  if (!path_arg("stat", args[0], path, sizeof path)) { err_clear(); return V_NONE; }
  struct stat st;
  if (stat(path, &st) != 0) return V_NONE;
  return tuple_pack(3, v_from_int(st.st_mode), int_from_i64(st.st_size), float_new((double)st.st_mtime));
}

/* stat(path) -> (mode, size, mtime); OSError when it fails. */
static Value px_stat(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  static const char *const names[] = {"path"};
  Value p;
  char path[PATH_MAX];
  if (!args_parse("stat", args, nargs, kw, names, 1, 1, &p) || !path_arg("stat", p, path, sizeof path)) return VNULL;
  struct stat st;
  if (stat(path, &st) != 0) return err_from_errno(errno, p);
  return tuple_pack(3, v_from_int(st.st_mode), int_from_i64(st.st_size), float_new((double)st.st_mtime));
}

static Value px_strerror(Value self, Value *args, int nargs, Tuple *kw) {
  (void)self;
  int64_t n;
  if (!args_check("strerror", nargs, kw, 1, 1) || !index_of(args[0], &n)) return VNULL;
  return str_from_cstr(strerror((int)n));
}

static const MethodDef posix_functions[] = {
  {"remove", px_remove, "Remove a file (same as unlink())."},
  {"unlink", px_unlink, "Remove a file (same as remove())."},
  {"rmdir", px_rmdir, "Remove a directory."},
  {"mkdir", px_mkdir, "Create a directory."},
  {"chdir", px_chdir, "Change the current working directory to the specified path."},
  {"rename", px_rename, "Rename a file or directory."},
  {"getcwd", px_getcwd, "Return a unicode string representing the current working directory."},
  {"getpid", px_getpid, "Return the current process id."},
  {"getuid", px_getuid, "Return the current process's user id."},
  {"listdir", px_listdir, "Return a list containing the names of the files in the directory."},
  {"stat", px_stat, "stat(path) -> (st_mode, st_size, st_mtime)"},
  {"_stat", px_stat_or_none, "_stat(path) -> (st_mode, st_size, st_mtime) or None"},
  {"strerror", px_strerror, "Translate an error code to a message string."},
  {NULL, NULL, NULL},
};

static Value environ_snapshot(void) {
  Dict *d = dict_new();
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq) continue;
    Value k = str_new(*e, (size_t)(eq - *e));
    dict_set(d, k, str_from_cstr(eq + 1));
  }
  return OBJ_V(d);
}

Value posix_module_init(void) {
  Value m = module_new("posix");
  module_add_functions(m, posix_functions);
  module_set(m, "environ", environ_snapshot());
  return m;
}
