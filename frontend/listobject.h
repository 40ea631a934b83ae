/* listobject.h: list and tuple beyond object.h. */
#ifndef PJS_LISTOBJECT_H
#define PJS_LISTOBJECT_H

#include "object.h"

bool list_reserve(List *l, int64_t cap);
void list_free_items(List *l);             /* drop the item array (inline or malloc'd) */
void list_init_types(void);
void tuple_init_types(void);

#endif
