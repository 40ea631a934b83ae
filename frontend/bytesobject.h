/* bytesobject.h: bytes (immutable), bytearray (mutable), and the text codecs (UTF-8, ASCII,
   Latin-1) shared with str's encode and str(b, encoding). */
#ifndef PJS_BYTESOBJECT_H
#define PJS_BYTESOBJECT_H

#include "object.h"

typedef struct Bytes { Obj h; int64_t len; int64_t hash; char data[]; } Bytes; /* data NUL-terminated */
typedef struct ByteArray { Obj h; int64_t len, cap; char *data; } ByteArray;   /* data malloc'd */

Value bytes_new(const char *p, size_t n);
Bytes *bytes_alloc(size_t n);                       /* young, zeroed; fill data before a safepoint */
Value bytearray_new(const char *p, size_t n);
bool bytes_view(Value v, const char **p, int64_t *n); /* bytes or bytearray: its bytes; else false */

/* Codecs: encoding and errors names as Python spells them ("utf-8", "latin_1", "strict", ...).
   UnicodeDecodeError / UnicodeEncodeError / LookupError with CPython's messages. */
Value codec_decode(const char *p, size_t n, const char *encoding, const char *errors); /* a str */
Value codec_encode(Str *s, const char *encoding, const char *errors);                   /* bytes */

void bytes_init(void);

/* From str_methods.c (str's slots and methods); strobject.h owns the str core. */
void str_methods_init(void);
Value str_join(Value sep, Value iterable);
Value str_getitem(Value s, Value key);
Value str_repeat(Str *s, int64_t n);
Value str_binop(int op, Value a, Value b);
Value static_builtin(const char *name, CFunc fn);  /* a staticmethod wrapping a C function */

#endif
