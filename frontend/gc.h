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
extern bool gc_enabled;

#endif
