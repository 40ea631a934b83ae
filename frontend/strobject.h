/* strobject.h: str beyond object.h: building strings, code points, repr. */
#ifndef PJS_STROBJECT_H
#define PJS_STROBJECT_H

#include <stdio.h>

#include "object.h"

/* A malloc'd growable byte buffer that becomes a Str at the end (sb_finish frees it). */
typedef struct StrBuilder { char *data; size_t len, cap; } StrBuilder;
void sb_init(StrBuilder *b);
void sb_put(StrBuilder *b, const char *p, size_t n);
void sb_putc(StrBuilder *b, char c);
void sb_puts(StrBuilder *b, const char *s);
void sb_putstr(StrBuilder *b, Value str);
Value sb_finish(StrBuilder *b);
void sb_free(StrBuilder *b);

Str *str_alloc(size_t len);          /* young Str with room for len bytes; fill data, then: */
void str_finish(Str *s);             /* counts code points, sets the ASCII flag */
void str_finish_known(Str *s, int64_t nchars, bool ascii);
Str *str_char(unsigned c);           /* shared one-character ASCII strings */
Str *str_empty(void);
Value str_from_codepoint(uint32_t cp);
size_t str_offset(const Str *s, int64_t i); /* byte offset of code point i */
Value str_repr_of(const Str *s);
bool unicode_is_decimal(uint32_t cp);  /* Unicode category Nd */
size_t utf8_encode(uint32_t cp, char out[4]);
uint32_t utf8_decode(const char *p, size_t *adv);
void str_init_types(void);
#define STR_DATA(v) (V_AS(Str, (v))->data)
#define STR_LEN(v) (V_AS(Str, (v))->len)

#endif
