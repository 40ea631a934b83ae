/* fileobject.h: file objects (open(), sys.stdin/stdout/stderr) over stdio streams. */
#ifndef PJS_FILEOBJECT_H
#define PJS_FILEOBJECT_H

#include <stdio.h>

#include "object.h"

typedef struct File {
  Obj h;
  FILE *fp;
  Value name, mode;
  bool binary, readable, writable, closed, owned;
} File;

void file_init(void);
Value file_from_stdio(FILE *fp, const char *name, const char *mode); /* not closed at collection */
Value file_open(Value self, Value *args, int nargs, Tuple *kwnames); /* builtins.open */
bool file_write_str(Value file, Value s);                             /* fast path for print */

#endif
