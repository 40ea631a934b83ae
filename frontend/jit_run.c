/* jit_run.c: loops in the worker: hot back-edges, entering compiled code, exits, bridges, and the
 * jit-summary and jit-backend-counts logs.
 *
 * A loop is found by its back-edge's inline cache entry (e[0]: kind counts back-edges, key holds
 * the JitLoop). At the threshold the loop's blob is looked up in the cache (a warm worker links
 * it right away, compiling nothing); otherwise it is recorded and sent to the compiler. Compiled
 * code runs until an exit, which has written the frames it resumes in; an exit taken
 * trace_eagerness times records a bridge from there.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "jit_int.h"
#include "jitopts.h"
#include "opcodes.h"
#include "pypylog.h"

int32_t jit_hot_count = INT32_MAX;
JitStats jit_stats;

static JitLoop *loops;
static uint32_t nloops;

void jit_init(void)
{
  jit_hot_count = jit_params.enabled ? (int32_t)(jit_params.threshold ? jit_params.threshold : 1)
                                     : INT32_MAX;
  if (!jit_params.enabled) return;
  jit_client_init();
}

JitLoop *jit_loop_for(Code *co, uint32_t header, InlineCache *c)
{
  if (c->e[0].key) return (JitLoop *)(uintptr_t)c->e[0].key;
  if (!loops) loops = calloc(JIT_LOOPS_MAX, sizeof *loops);
  if (!loops || nloops >= JIT_LOOPS_MAX) return NULL;
  JitLoop *l = &loops[nloops++];
  l->code = co;
  l->header = header;
  l->state = LOOP_COUNTING;
  l->ic = c;
  c->e[0].key = (uint64_t)(uintptr_t)l;
  return l;
}

void jit_loop_linked(JitLoop *loop, JitLink *l)
{
  loop->link = l;
  loop->state = LOOP_LINKED;
  loop->ic->e[0].kind = jit_hot_count; /* the next back-edge enters the code */
}

void jit_log_abort(const char *fmt, const char *what)
{
  if (!pypylog_on[PL_JIT_ABORT]) return;
  pypylog_start(PL_JIT_ABORT);
  pypylog_printf(fmt, what);
  pypylog_printf("\n");
  pypylog_stop(PL_JIT_ABORT);
}

void jit_loop_failed(JitLoop *loop, const char *why)
{
  loop->state = LOOP_FAILED;
  if (pypylog_on[PL_JIT_ABORT]) {
    pypylog_start(PL_JIT_ABORT);
    pypylog_printf("loop at %s #%u left to the interpreter: %s\n", loop->code->name->data, loop->header, why);
    pypylog_stop(PL_JIT_ABORT);
  }
}

/* A warm cache: the loop was compiled by another worker (or an earlier run). */
static bool link_from_cache(JitLoop *loop)
{
  CacheKey k;
  uint8_t id[CACHE_ID_SIZE];
  if (!jit_cache || !jit_cache_key(loop->code, loop->header, NULL, 0, &k)) return false;
  jit_register_code(loop->code);
  if (cache_lookup(jit_cache, &k, id) != CACHE_OK) { jit_stats.cache_misses++; return false; }
  char err[256];
  JitLink *l = jit_link_blob(id, loop, NULL, 0, err, sizeof err);
  if (!l) return false;
  jit_stats.cache_hits++;
  jit_loop_linked(loop, l);
  return true;
}

/* Rebuilds the interpreter's view after exit k of link l: the exit wrote the windows of the
   frames it resumes in; inlined calls get their frame records back (the function is in the
   caller's callable slot, just below the callee's window: [f, NULL, args] or [f, self, ...]). */
static void resume(Frame *f, JitLink *l, uint32_t k)
{
  const BlobExit *e = (const BlobExit *)(l->base + l->h->exits_off) + k;
  const BlobFrame *fr = (const BlobFrame *)(l->base + l->h->frames_off) + e->frame_start;
  Value *window = f->localsplus;
  f->pc = f->code->insns + fr[0].pc;
  f->sp = window + fr[0].nslots;
  for (uint32_t j = 1; j < e->nframes; j++) {
    Code *co = jit_code_by_hash(fr[j].code_hash);
    Value *lp = window + fr[j].base;
    Value *ret = lp[-1] ? lp - 1 : lp - 2;
    Frame *nf = interp_push_inlined(co, V_AS(Function, *ret), lp, ret);
    nf->pc = co->insns + fr[j].pc;
    nf->sp = lp + fr[j].nslots;
  }
}

static void maybe_record_bridge(Frame *f, JitLink *l, uint32_t k)
{
  if (l->bridged[k] || l->bridge_tries[k] >= JIT_BRIDGE_TRIES_MAX || jit_recording) return;
  if (l->exit_counts[k] < (uint32_t)jit_params.trace_eagerness) return;
  const BlobExit *e = (const BlobExit *)(l->base + l->h->exits_off) + k;
  /* The safepoint exit resumes at the back-edge so the collector runs: never bridged. */
  if (e->nframes == 0 || INSN_OP(*f->pc) == OP_JUMP_BACKWARD) return;
  /* A trace that ends by leaving the function (FINISH at a return): nothing to add. */
  if (INSN_OP(*f->pc) == OP_RETURN_VALUE) return;
  l->bridge_tries[k]++;
  /* A warm cache may have this bridge already (another worker took this exit before). */
  CacheKey key;
  uint8_t id[CACHE_ID_SIZE];
  char err[256];
  if (jit_cache && jit_cache_key(l->loop->code, l->loop->header, l, k, &key) &&
      cache_lookup(jit_cache, &key, id) == CACHE_OK) {
    if (jit_link_blob(id, l->loop, l, k, err, sizeof err)) {
      jit_stats.cache_hits++;
      return;
    }
    jit_log_abort("cached bridge not linked: %s", err);
  }
  /* f is the top frame; the loop's frame is e->nframes - 1 below it (frames are contiguous). */
  RecordStart s = {f - (e->nframes - 1), l->loop, l, k, (uint32_t)(f->pc - f->code->insns), e->nframes};
  jit_record_start(&s);
}

static uint64_t cycles_now(void)
{
#if defined(__x86_64__)
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (uint64_t)hi << 32 | lo;
#else
  return 0;
#endif
}

static uint64_t jit_activity(void)
{
  return jit_stats.recorded + jit_stats.aborted + jit_stats.bridges_recorded + jit_stats.sent +
         jit_stats.linked + jit_stats.bridges_linked;
}

/* After each window of entries: is the code worth entering? */
static void judge_profit(JitLoop *loop)
{
  uint64_t per_entry = loop->cycles / JIT_PROFIT_WINDOW, activity = jit_activity();
  bool settled = activity == loop->window_activity && !jit_client_busy();
  loop->cycles = 0;
  loop->window_activity = activity;
  if (!settled || per_entry >= JIT_PROFIT_MIN_CYCLES) return;
  char why[96];
  snprintf(why, sizeof why, "leaves its code too soon (%" PRIu64 " cycles per entry)", per_entry);
  jit_loop_failed(loop, why);
  loop->ic->e[0].kind = INT32_MIN;
}

/* Runs the loop's code from its header; returns after an exit with f resumable. */
static bool run(Frame *f, JitLoop *loop)
{
  JitLink *root = loop->link;
  if (!interp_has_room(f->localsplus, root->max_slots, root->max_frames)) return false;
  BlobEntryFn fn = (BlobEntryFn)(uintptr_t)(root->base + root->h->code_off + root->h->entry_off);
  loop->entries++;
  jit_stats.entries++;
  /* GUARD_NOT_INVALIDATED: compiled code leaves when a collection is due (never with gc off). */
  jit_gc_limit = gc_enabled ? gc_threshold : (size_t)-1;
  uint64_t t0 = cycles_now();
  BlobResult r = fn((uint64_t *)f->localsplus, root->slots);
  loop->cycles += cycles_now() - t0;
  jit_stats.exits++;
  JitLink *l = jit_link_of_slots(r.slots);
  uint32_t k = (uint32_t)r.exit;
  if (!l || k >= l->h->nexits) {
    fprintf(stderr, "pypy-client: compiled code returned a bad exit; aborting\n");
    abort();
  }
  resume(f, l, k);
  l->exit_counts[k]++;
  maybe_record_bridge(interp_top_frame(), l, k);
  if (loop->entries % JIT_PROFIT_WINDOW == 0) judge_profit(loop);
  return true;
}

bool jit_back_edge(Frame *f, InlineCache *c)
{
  if (!jit_params.enabled) { c->e[0].kind = 0; return false; }
  jit_poll();
  uint32_t header = (uint32_t)(f->pc - f->code->insns);
  JitLoop *loop = jit_loop_for(f->code, header, c);
  if (!loop) { c->e[0].kind = INT32_MIN; return false; }
  switch (loop->state) {
  case LOOP_LINKED:
    if (jit_recording) return false;
    return run(f, loop);
  case LOOP_COUNTING:
    c->e[0].kind = 0;
    if (jit_recording) return false;
    loop->depth = (uint32_t)(f->sp - f->localsplus) -
                  (uint32_t)(f->code->nlocals + f->code->ncells + f->code->nfree);
    if (link_from_cache(loop)) { c->e[0].kind = jit_hot_count; return false; }
    if (jit_client_waiting()) return false;
    {
      RecordStart s = {f, loop, NULL, 0, header, 1};
      if (!jit_record_start(&s)) jit_loop_failed(loop, "frame not supported (cells or too big)");
    }
    return false;
  case LOOP_PENDING:
  case LOOP_RECORDING:
    c->e[0].kind = jit_hot_count - 64; /* poll for the reply again in a while */
    return false;
  case LOOP_FAILED:
  default:
    c->e[0].kind = INT32_MIN; /* never again */
    return false;
  }
}

static void log_summary(void)
{
  if (!pypylog_on[PL_JIT_SUMMARY]) return;
  pypylog_start(PL_JIT_SUMMARY);
  pypylog_printf("Tracing:      \t%" PRIu64 "\n", jit_stats.recorded + jit_stats.aborted);
  pypylog_printf("  recorded:   \t%" PRIu64 " (bridges started %" PRIu64 ")\n", jit_stats.recorded,
                 jit_stats.bridges_recorded);
  pypylog_printf("  aborted:    \t%" PRIu64 "\n", jit_stats.aborted);
  pypylog_printf("Sent:         \t%" PRIu64 "\n", jit_stats.sent);
  pypylog_printf("  compiled:   \t%" PRIu64 "\n", jit_stats.compiled);
  pypylog_printf("  errors:     \t%" PRIu64 "\n", jit_stats.errors);
  pypylog_printf("Cache hits:   \t%" PRIu64 "\n", jit_stats.cache_hits);
  pypylog_printf("Cache misses: \t%" PRIu64 "\n", jit_stats.cache_misses);
  pypylog_printf("Linked:       \t%" PRIu64 " (bridges %" PRIu64 ", failed %" PRIu64 ")\n",
                 jit_stats.linked, jit_stats.bridges_linked, jit_stats.link_failed);
  pypylog_printf("Entries:      \t%" PRIu64 "\n", jit_stats.entries);
  pypylog_printf("Exits:        \t%" PRIu64 "\n", jit_stats.exits);
  if (jit_stats.rtt_count)
    pypylog_printf("Round trip:   \t%" PRIu64 " us average over %" PRIu64 "\n",
                   jit_stats.rtt_us_total / jit_stats.rtt_count, jit_stats.rtt_count);
  pypylog_stop(PL_JIT_SUMMARY);
}

void jit_shutdown(void)
{
  if (!jit_params.enabled) return;
  jit_client_shutdown();
  jit_log_counts();
  log_summary();
}
