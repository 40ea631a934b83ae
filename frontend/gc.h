/* gc.h: the collector's interface beyond what object.h declares. */
#ifndef PJS_GC_H
#define PJS_GC_H

#include "object.h"

typedef void (*GcRootScanner)(VisitFn visit);
typedef struct GcStats {
  uint64_t minor_count, major_count;
  double minor_seconds, major_seconds;
} GcStats;

void gc_add_root_scanner(GcRootScanner fn); /* called at each collection to visit more roots */
const GcStats *gc_stats(void);
size_t gc_live_objects(void);               /* objects not yet found dead: old + young */

/* Finalization. An object with GCF_FINALIZER that a collection finds unreachable is kept alive
   for that collection (with all it reaches), its flag is cleared, and it is queued; after the
   collection the interpreter runs gc_run_pending(), which calls each queued object's
   finalizer (__del__, or close() for a suspended generator) and the callbacks of weak
   references whose referent died. The next collection that finds it unreachable frees it. */
typedef struct Weakref { Obj h; Value referent; Value callback; int64_t hash; } Weakref;
void gc_register_weakref(Weakref *w);      /* referent is not traversed: the GC clears it */
void gc_set_finalizer(Obj *o);              /* sets GCF_FINALIZER; clearing the bit is enough to undo */
void gc_run_pending(void);
bool gc_has_pending(void);
void gc_set_finalizer_runner(void (*run)(Value obj, Value callback)); /* callback VNULL: obj's finalizer; else callback(obj) */
extern bool gc_enabled;

#endif
