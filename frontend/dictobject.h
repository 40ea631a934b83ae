/* dictobject.h: dict beyond object.h. */
#ifndef PJS_DICTOBJECT_H
#define PJS_DICTOBJECT_H

#include "object.h"

Dict *dict_new_type(Type *t);
void dict_init_empty(Obj *o);
Value dict_get_hashed(Dict *d, Value key, int64_t hash);
bool dict_set_hashed(Dict *d, Value key, int64_t hash, Value v);
int dict_del_hashed(Dict *d, Value key, int64_t hash);
bool dict_next(Dict *d, int64_t *pos, Value *key, Value *value); /* insertion order */
void dict_clear(Dict *d);
Dict *dict_copy(Dict *src);
void dict_init_types(void);

#endif
