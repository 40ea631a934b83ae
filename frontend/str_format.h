/* str_format.h: the string-formatting glue between objects and fmt.h: `str % args`,
   str.format / str.format_map, and format() (obj_format, declared in object.h). */
#ifndef PJS_STR_FORMAT_H
#define PJS_STR_FORMAT_H

#include "object.h"

void str_format_init(void);   /* registers int.__format__, str.__format__ and bool's */

/* fmt % args: args a tuple, a single value, or a mapping for %(key)s. fmt must be a str. */
Value str_mod(Value fmt, Value args);
/* str.format(*args, **kwargs) and str.format_map(mapping), as str methods (self is the str). */
Value str_format_method(Value self, Value *args, int nargs, Tuple *kwnames);
Value str_format_map_method(Value self, Value *args, int nargs, Tuple *kwnames);

#endif
