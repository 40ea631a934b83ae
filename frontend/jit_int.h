/* jit_int.h: the JIT's parts in the worker, shared by jit_*.c only.
 *
 *   jit_record.c   the recorder: one iteration of a loop (or a bridge) as IR
 *   jit_link.c     blobs: map from the cache, resolve imports into slots, link bridges
 *   jit_run.c      loops: counters, entering compiled code, exits, bridges, PYPYLOG
 *   jit_client.c   the channel to the compiler: pypy-jitd over NNG, or the same server code
 *                  on a thread of this process
 */
#ifndef PJS_JIT_INT_H
#define PJS_JIT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "blob.h"
#include "cache.h"
#include "ir.h"
#include "jit.h"
#include "object.h"

/* Loops whose recording aborted this many times are not recorded again. */
#define JIT_ABORTS_MAX 3u
/* A loop whose compiled code runs, on average over a window of entries, fewer cycles per entry
   than entering and leaving it costs is left to the interpreter (the JIT must not slow a
   program down). A window in which anything was recorded, sent or linked, or that ends with a
   request unanswered, is not judged: the loop's bridges may be on their way. */
#define JIT_PROFIT_WINDOW 4096u
#define JIT_PROFIT_MIN_CYCLES 600u
/* Bridges: a guard whose bridge failed to record or compile this many times keeps exiting. */
#define JIT_BRIDGE_TRIES_MAX 2u
/* Loops known to this process (each JitLoop is one loop header of one code object). */
#define JIT_LOOPS_MAX 4096u
/* Linked blobs of this process (loops and bridges). */
#define JIT_LINKS_MAX 16384u

typedef enum { LOOP_COUNTING, LOOP_RECORDING, LOOP_PENDING, LOOP_LINKED, LOOP_FAILED } LoopState;

typedef struct JitLink JitLink;

typedef struct JitLoop {
  Code *code;
  uint32_t header;  /* instruction index of the loop header (the back-edge's target) */
  uint32_t depth;   /* operand stack depth at the header */
  LoopState state;
  uint32_t aborts;
  JitLink *link;    /* the loop's blob, once linked */
  uint64_t entries; /* times the interpreter entered it */
  uint64_t cycles;  /* time stamp counter ticks spent in its code this window */
  uint64_t window_activity; /* JIT activity counted when the window began */
  uint64_t request; /* id of the compile request in flight (LOOP_PENDING) */
  InlineCache *ic;  /* its back-edge's counter (in the code object: lives as long as it) */
} JitLoop;

struct JitLink {
  uint8_t id[CACHE_ID_SIZE];
  CacheMapping map;        /* the blob, read+exec */
  const BlobHeader *h;
  const uint8_t *base;     /* the blob's first byte */
  uint64_t *slots;         /* BLOB_NSLOTS words, private, read+write, never executable */
  JitLoop *loop;           /* the root loop (bridges: of their parent) */
  JitLink *parent;         /* bridges */
  uint32_t parent_exit;
  uint32_t *exit_counts;   /* per exit: times taken */
  uint8_t *bridge_tries;   /* per exit: bridge recordings started */
  bool *bridged;           /* per exit: a bridge is linked */
  uint32_t max_slots;      /* window slots its exits write, from the loop frame's first */
  uint32_t max_frames;     /* frames an exit resumes in */
};

/* -- jit_record.c -- */
typedef struct RecordStart {
  Frame *frame;    /* the loop's frame */
  JitLoop *loop;
  JitLink *parent; /* bridges: the blob and exit the bridge leaves from; NULL for loops */
  uint32_t exit;
  uint32_t pc;     /* where recording starts, in the top frame */
  uint32_t nframes; /* frames from the loop's to the top one (a bridge may start in a callee
                       the trace had inlined: its frames follow the loop's); 0 means 1 */
} RecordStart;
bool jit_record_start(const RecordStart *s); /* false: not started (reason logged) */
void jit_record_abort(const char *why, ...) __attribute__((format(printf, 1, 2)));

/* -- jit_link.c -- */
/* Maps blob id from the cache, checks it, resolves its imports (false: not usable here, with
   the reason in err), allocates its slots. For a bridge, links it into parent's exit. */
JitLink *jit_link_blob(const uint8_t id[CACHE_ID_SIZE], JitLoop *loop, JitLink *parent,
                       uint32_t parent_exit, char *err, size_t errlen);
JitLink *jit_link_of_slots(uint64_t *slots);
void jit_register_class(Type *t); /* the recorder names a class: resolvable by this process */
Code *jit_code_by_hash(const uint8_t hash[16]);
void jit_code_hash(const Code *co, uint8_t out[16]);
const char *jit_builtin_type_name(const Type *t); /* NULL for types without a symbol */
extern Cache *jit_cache;
extern size_t jit_gc_limit; /* the "gc_limit" helper variable */
/* Prints the blob's code (jit-backend): Capstone when available, else hex. */
void jit_dump_blob(const JitLink *l);
void jit_log_counts(void); /* jit-backend-counts */

/* -- jit_client.c -- */
/* Sends a trace; false when it could not be sent (reason in err). sync: waits for the reply. */
bool jit_submit(const IrTrace *t, JitLoop *loop, JitLink *parent, uint32_t exit, bool sync,
                char *err, size_t errlen);
void jit_poll(void);        /* handles replies that arrived (links their blobs) */
bool jit_client_waiting(void); /* the compiler did not answer lately: do not record now */
bool jit_client_busy(void);    /* some compile request is not answered yet */
void jit_client_init(void);
void jit_client_shutdown(void);
bool jit_cache_key(const Code *co, uint32_t pc, const JitLink *parent, uint32_t exit, CacheKey *k);

/* -- jit_run.c: counters and summary -- */
typedef struct JitStats {
  uint64_t recorded, aborted, bridges_recorded, sent, compiled, cache_hits, cache_misses, errors,
      linked, bridges_linked, link_failed, entries, exits, rtt_us_total, rtt_count;
} JitStats;
extern JitStats jit_stats;
void jit_loop_linked(JitLoop *loop, JitLink *l);   /* a reply linked the loop's blob */
void jit_loop_failed(JitLoop *loop, const char *why);
void jit_log_abort(const char *fmt, const char *what); /* one jit-abort line */
JitLoop *jit_loop_for(Code *co, uint32_t header, InlineCache *c);

#endif
