/* fileobject.h: file objects (open(), sys.stdin/stdout/stderr) over stdio streams. */
#ifndef PJS_FILEOBJECT_H
#define PJS_FILEOBJECT_H

#include <stdio.h>

#include "object.h"

typedef struct File {
  Obj h;
  FILE *fp;
  Value name, mode;
  Value encoding;       /* text mode: str, or VNULL for UTF-8 */
  bool binary, readable, writable, closed, owned;
  bool translate;       /* text mode, newline=None: \r\n and \r read as \n */
} File;

void file_init(void);
Value file_from_stdio(FILE *fp, const char *name, const char *mode); /* not closed at collection */
Value file_open(Value self, Value *args, int nargs, Tuple *kwnames); /* builtins.open */
bool file_write_str(Value file, Value s);                             /* fast path for print */

#endif
