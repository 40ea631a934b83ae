/* jitd_server.c: the request loop of `pypy-jitd` (jitd.h).
 *
 * Slots. The NNG rep0 socket is read through N contexts, one per slot; a slot carries one
 * request from receive to reply and moves IDLE -> RECV -> WORK [-> WAIT] -> SEND -> RECV.
 * N = threads x JITD_SLOTS_PER_THREAD (at most JITD_INFLIGHT_MAX) bounds what is in flight.
 *
 * Threads, and who may touch what:
 *   - NNG's threads run the aio callbacks, which only queue the slot on the ready list (under
 *     ready_lock) and wake the loop (uv_async_send): nothing else is safe there.
 *   - The libuv loop thread owns slot states, counters, replies on the wire and the log. It
 *     answers a header-only message (PING) itself, since decoding it costs nothing, so a health
 *     check is answered while every compile thread is busy.
 *   - libuv's pool threads run process(): decode, cache lookup, dedupe, compile, publish.
 *
 * Dedupe. Identical requests (same type and payload: the trace is symbolic, so two workers
 * running the same program send identical bytes) are compiled once. The first becomes the
 * leader and registers the payload's XXH3-128 in the in-flight table; a later one finding it
 * there attaches itself as a waiter and gives its pool thread back at once (it never blocks a
 * thread). The leader, when done, takes its waiters out of the table; its finish() on the loop
 * thread answers them (CACHED with the same blob, or the same error). Since a waiter's own
 * after-work callback and the leader's may run in either order, a waiter is answered by
 * whichever of the two comes second (work_done and result_ready, both loop-thread fields).
 * A leader publishes before it leaves the table, and a new leader looks the cache up again after
 * registering, so a request never misses both the table and the published blob.
 *
 * Shutdown (SIGTERM, SIGINT): receives are cancelled, requests in flight finish and are
 * answered, then the contexts and the socket close and the loop ends.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <uv.h>
#include <xxhash.h>

#include "cache.h"
#include "jitd.h"
#include "pypylog.h"

/* The largest reply: an ERROR_REPLY with a full message. */
#define REPLY_MAX (WIRE_HEADER_SIZE + 8u + WIRE_ERRMSG_MAX)

typedef enum { SLOT_IDLE, SLOT_RECV, SLOT_WORK, SLOT_WAIT, SLOT_SEND } SlotState;

/* What became of a request (for the log and the counters). */
typedef enum { OUT_NONE, OUT_PONG, OUT_BAD, OUT_DROPPED, OUT_HIT, OUT_COMPILED, OUT_DEDUPED,
               OUT_ERROR } Outcome;

/* The answer to a trace request, also handed to the leader's waiters. */
typedef JitdResult Result;

typedef struct Server Server;

typedef struct Slot {
  Server *srv;
  unsigned index;
  nng_ctx ctx;
  bool ctx_open;
  nng_aio *aio;
  uv_work_t work;
  SlotState state;         /* loop thread */
  struct Slot *next_ready; /* ready list, under ready_lock */
  nng_msg *req;            /* the request, until processed */
  uint64_t t_recv, t_start;
  /* Filled by process(). */
  WireHeader hdr;
  Outcome outcome;
  Result res;
  uint8_t reply[REPLY_MAX];
  size_t reply_len; /* 0: no reply (dropped) */
  char log[JITD_LOGLINE_MAX];
  size_t loglen;
  /* Dedupe. */
  bool waiting;               /* attached to a leader (set by process()) */
  bool work_done, result_ready; /* loop thread, for a waiter */
  struct Slot *waiters;       /* a leader's waiters, taken from the table */
  struct Slot *next_waiter;
} Slot;

typedef struct Inflight {
  bool used;
  uint8_t hash[16];
  Slot *waiters;
} Inflight;

struct Server {
  const JitdConfig *cfg;
  uv_loop_t loop;
  uv_async_t wake;
  uv_signal_t sigterm, sigint;
  nng_socket sock;
  nng_listener listener;
  bool sock_open, listening, stopping, torn_down;
  Cache *cache;
  char ipc_path[JITD_ADDR_MAX]; /* socket file to remove at exit, "" for tcp:// */
  Slot *slots;
  unsigned nslots;
  uv_mutex_t ready_lock;
  Slot *ready_head, *ready_tail;
  uv_mutex_t inflight_lock;
  Inflight inflight[JITD_INFLIGHT_MAX];
  /* Counters (loop thread). */
  uint64_t n_requests, n_pong, n_bad, n_dropped, n_hits, n_compiled, n_deduped, n_errors,
      n_send_failed;
};

/* Tests only: a compile made this much slower, so that identical requests overlap and the
   dedupe path runs (PYPY_JITD_TEST_DELAY_MS, read at start-up, at most JITD_TEST_DELAY_MAX_MS). */
#define JITD_TEST_DELAY_ENV "PYPY_JITD_TEST_DELAY_MS"
#define JITD_TEST_DELAY_MAX_MS 10000u


/* PYPYLOG is one FILE written from the loop thread and from the cache's report callback (any
   thread): sections must not interleave. */
static uv_mutex_t log_lock;

/* -- Small helpers ---------------------------------------------------------------- */

static void note(Slot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Slot *s, const char *fmt, ...)
{
  if (s->loglen >= sizeof s->log - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(s->log + s->loglen, sizeof s->log - s->loglen, fmt, ap);
  va_end(ap);
  if (n > 0) s->loglen += (size_t)n < sizeof s->log - s->loglen ? (size_t)n : sizeof s->log - s->loglen - 1;
}

static const char *type_name(uint16_t type)
{
  switch (type) {
#define WT_NAME(name, n) case n: return #name;
    WIRE_TYPES(WT_NAME)
#undef WT_NAME
  }
  return "?";
}

static const char *error_name(uint32_t code)
{
  switch (code) {
#define WE_NAME(name, n) case n: return #name;
    WIRE_ERRORS(WE_NAME)
#undef WE_NAME
  }
  return "?";
}

static void hex16(const uint8_t id[16], char out[CACHE_HEX_SIZE]) { cache_hex(id, out); }

static void cache_report(void *ud, const char *kind, const char *name, const char *why)
{
  (void)ud;
  if (!pypylog_on[PL_JIT_CACHE]) return;
  uv_mutex_lock(&log_lock);
  pypylog_start(PL_JIT_CACHE);
  pypylog_printf("pypy-jitd: %s %s failed verification: %s\n", kind, name, why);
  pypylog_stop(PL_JIT_CACHE);
  fflush(pypylog_file);
  uv_mutex_unlock(&log_lock);
}

static void log_section(const char *text)
{
  if (!pypylog_on[PL_JITD_SERVER]) return;
  uv_mutex_lock(&log_lock);
  pypylog_start(PL_JITD_SERVER);
  pypylog_printf("%s", text);
  pypylog_stop(PL_JITD_SERVER);
  fflush(pypylog_file);
  uv_mutex_unlock(&log_lock);
}

/* -- Replies (process() and the loop thread) ------------------------------------------- */

static void reply_error(Slot *s, uint32_t code, const char *msg)
{
  if (wire_encode_error(s->reply, sizeof s->reply, &s->reply_len, s->hdr.request_id, code, msg) !=
      WIRE_S_OK)
    s->reply_len = 0;
  note(s, "reply: ERROR %s: %s\n", error_name(code), msg);
}

/* The reply of a trace request from its result (a waiter gets the leader's blob as CACHED). */
static void reply_result(Slot *s, const Result *r, bool as_cached)
{
  if (r->error) {
    reply_error(s, r->error, r->msg);
    return;
  }
  WireCompileReply rep = r->reply;
  if (as_cached) {
    rep.status = WIRE_R_CACHED;
    rep.optimize_us = rep.backend_us = rep.publish_us = 0;
  }
  rep.queue_us = jitd_us_since(s->t_recv);
  if (wire_encode_reply(s->reply, sizeof s->reply, &s->reply_len, s->hdr.request_id, &rep) !=
      WIRE_S_OK)
    s->reply_len = 0;
  char hex[CACHE_HEX_SIZE];
  hex16(rep.blob_id, hex);
  note(s, "reply: %s blob %s, %" PRIu64 " bytes\n",
       rep.status == WIRE_R_CACHED ? "CACHED" : "COMPILED", hex, rep.blob_size);
}

/* -- Processing (pool threads) ----------------------------------------------------------- */

static Inflight *inflight_find(Server *srv, const uint8_t hash[16])
{
  for (unsigned i = 0; i < JITD_INFLIGHT_MAX; i++)
    if (srv->inflight[i].used && memcmp(srv->inflight[i].hash, hash, 16) == 0)
      return &srv->inflight[i];
  return NULL;
}

static void process_trace(Slot *s, const WireMsg *m, const uint8_t *payload)
{
  Server *srv = s->srv;
  char hex[CACHE_HEX_SIZE];
  hex16(m->key.code_hash, hex);
  note(s, "key: code %s pc %u arch %u cpu %#" PRIx64 " abi %u, %u ops, %u consts\n", hex,
       m->key.pc, m->key.arch, m->key.cpu_features, m->key.abi_version, m->trace.nins,
       m->trace.nconsts);
  if (m->hdr.type == WIRE_BRIDGE_REQUEST) {
    hex16(m->parent_blob, hex);
    note(s, "bridge: parent %s guard %u\n", hex, m->guard_index);
  }
  CacheKey k;
  jitd_cache_key(m, &k);
  CacheStatus why;
  if (jitd_lookup(srv->cache, &k, &s->res, &why)) {
    s->outcome = OUT_HIT;
    reply_result(s, &s->res, false);
    return;
  }
  if (why == CACHE_BAD_ARG) {
    s->outcome = OUT_BAD;
    reply_error(s, WIRE_E_BAD_MESSAGE, "loop key rejected by the cache");
    return;
  }
  if (why != CACHE_NOT_FOUND) note(s, "cache lookup: %s (compiling anyway)\n", cache_strerror(why));

  uint8_t hash[16];
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits_withSeed(payload, m->hdr.payload_len, m->hdr.type));
  memcpy(hash, c.digest, 16);

  uv_mutex_lock(&srv->inflight_lock);
  Inflight *e = inflight_find(srv, hash);
  if (e) {
    /* Attach and return: from here on the leader's finish() may touch this slot. */
    note(s, "identical trace in flight: waiting for it\n");
    s->waiting = true;
    s->next_waiter = e->waiters;
    e->waiters = s;
    uv_mutex_unlock(&srv->inflight_lock);
    return;
  }
  for (unsigned i = 0; i < JITD_INFLIGHT_MAX && !e; i++)
    if (!srv->inflight[i].used) e = &srv->inflight[i];
  if (e) { /* always found: entries <= slots <= JITD_INFLIGHT_MAX */
    e->used = true;
    memcpy(e->hash, hash, 16);
    e->waiters = NULL;
  }
  uv_mutex_unlock(&srv->inflight_lock);

  if (jitd_lookup(srv->cache, &k, &s->res, &why)) { /* published by a leader that just left the table */
    s->outcome = OUT_HIT;
  } else {
    jitd_compile_and_publish(srv->cache, m, &k, &s->res);
    s->outcome = s->res.error ? OUT_ERROR : OUT_COMPILED;
  }
  if (e) {
    uv_mutex_lock(&srv->inflight_lock);
    s->waiters = e->waiters;
    e->used = false;
    e->waiters = NULL;
    uv_mutex_unlock(&srv->inflight_lock);
  }
  reply_result(s, &s->res, s->outcome == OUT_HIT);
}

/* Decodes and answers one message; leaves reply/reply_len (0: drop) and the log text. */
static void process(Slot *s)
{
  s->t_start = uv_hrtime();
  const uint8_t *buf = nng_msg_body(s->req);
  size_t len = nng_msg_len(s->req);
  WireMsg m;
  char err[256];
  WireStatus st = wire_decode(buf, len, &m, err, sizeof err);
  s->hdr = m.hdr;
  note(s, "request %#" PRIx64 ": %s, %zu bytes, queued %u us\n", m.hdr.request_id,
       st == WIRE_S_OK ? type_name(m.hdr.type) : "?", len, jitd_us_since(s->t_recv));
  if (st != WIRE_S_OK) {
    /* A request id is known once the whole header is there and is ours (an old peer's
       BAD_VERSION, a bad checksum): answer. Otherwise nobody can match a reply: drop. */
    bool have_id = len >= WIRE_HEADER_SIZE && memcmp(buf, WIRE_MAGIC, 4) == 0;
    char msg[WIRE_ERRMSG_MAX + 1];
    snprintf(msg, sizeof msg, "%s: %s", wire_status_name(st), err);
    if (have_id) {
      s->outcome = OUT_BAD;
      reply_error(s, WIRE_E_BAD_MESSAGE, msg);
    } else {
      s->outcome = OUT_DROPPED;
      s->reply_len = 0;
      note(s, "dropped (no request id): %s\n", msg);
    }
  } else {
    switch (m.hdr.type) {
    case WIRE_PING:
      s->outcome = OUT_PONG;
      if (wire_encode_pong(s->reply, sizeof s->reply, &s->reply_len, m.hdr.request_id) != WIRE_S_OK)
        s->reply_len = 0;
      note(s, "reply: PONG\n");
      break;
    case WIRE_TRACE_REQUEST:
    case WIRE_BRIDGE_REQUEST:
      process_trace(s, &m, buf + WIRE_HEADER_SIZE);
      break;
    default: /* a reply sent to the server */
      s->outcome = OUT_BAD;
      reply_error(s, WIRE_E_BAD_MESSAGE, "unexpected message type: the server takes requests");
      break;
    }
  }
  wire_msg_free(&m);
}

/* -- Slots (loop thread) --------------------------------------------------------------- */

static void maybe_teardown(Server *srv);

static void post_recv(Slot *s)
{
  if (s->srv->stopping) {
    s->state = SLOT_IDLE;
    maybe_teardown(s->srv);
    return;
  }
  s->state = SLOT_RECV;
  s->loglen = 0;
  s->log[0] = '\0';
  s->outcome = OUT_NONE;
  s->reply_len = 0;
  s->waiting = s->work_done = s->result_ready = false;
  s->waiters = s->next_waiter = NULL;
  nng_aio_set_timeout(s->aio, NNG_DURATION_INFINITE);
  nng_ctx_recv(s->ctx, s->aio);
}

/* Logs the request and sends its reply (or drops it), then receives again. */
static void send_reply(Slot *s)
{
  Server *srv = s->srv;
  switch (s->outcome) {
  case OUT_PONG: srv->n_pong++; break;
  case OUT_BAD: srv->n_bad++; break;
  case OUT_DROPPED: srv->n_dropped++; break;
  case OUT_HIT: srv->n_hits++; break;
  case OUT_COMPILED: srv->n_compiled++; break;
  case OUT_DEDUPED: srv->n_deduped++; break;
  case OUT_ERROR: srv->n_errors++; break;
  case OUT_NONE: break;
  }
  note(s, "done in %u us\n", jitd_us_since(s->t_recv));
  log_section(s->log);
  if (s->req) {
    nng_msg_free(s->req);
    s->req = NULL;
  }
  nng_msg *msg;
  if (s->reply_len == 0 || nng_msg_alloc(&msg, 0) != 0) {
    post_recv(s); /* the requester times out and retries */
    return;
  }
  if (nng_msg_append(msg, s->reply, s->reply_len) != 0) {
    nng_msg_free(msg);
    post_recv(s);
    return;
  }
  s->state = SLOT_SEND;
  nng_aio_set_msg(s->aio, msg);
  nng_aio_set_timeout(s->aio, JITD_SEND_TIMEOUT_MS);
  nng_ctx_send(s->ctx, s->aio);
}

/* After process(): answers the request and the leader's waiters, or parks a waiter. */
static void finish(Slot *s)
{
  if (s->req) {
    nng_msg_free(s->req);
    s->req = NULL;
  }
  if (s->waiting) {
    s->work_done = true;
    if (!s->result_ready) {
      s->state = SLOT_WAIT;
      return;
    }
    send_reply(s);
    return;
  }
  for (Slot *w = s->waiters, *next; w; w = next) {
    next = w->next_waiter;
    w->outcome = OUT_DEDUPED;
    note(w, "leader's result (request %#" PRIx64 "):\n", s->hdr.request_id);
    reply_result(w, &s->res, true);
    w->result_ready = true;
    if (w->work_done) send_reply(w);
  }
  s->waiters = NULL;
  send_reply(s);
}

static void work_cb(uv_work_t *req) { process(req->data); }

static void after_work_cb(uv_work_t *req, int status)
{
  (void)status; /* never cancelled: the server does not call uv_cancel */
  finish(req->data);
}

static void start_request(Slot *s)
{
  s->t_recv = uv_hrtime();
  s->srv->n_requests++;
  /* A header-only message (PING) is decoded here: it costs nothing and keeps PING answered
     while every pool thread compiles. */
  if (nng_msg_len(s->req) <= WIRE_HEADER_SIZE) {
    s->state = SLOT_WORK;
    process(s);
    finish(s);
    return;
  }
  s->state = SLOT_WORK;
  s->work.data = s;
  if (uv_queue_work(&s->srv->loop, &s->work, work_cb, after_work_cb) != 0) {
    process(s);
    finish(s);
  }
}

static void on_aio(Slot *s)
{
  int rv = nng_aio_result(s->aio);
  if (s->state == SLOT_RECV) {
    if (rv == 0) {
      s->req = nng_aio_get_msg(s->aio);
      start_request(s);
      return;
    }
    if (rv != NNG_ECANCELED && rv != NNG_ECLOSED && pypylog_on[PL_JITD_SERVER]) {
      char line[128];
      snprintf(line, sizeof line, "receive failed: %s\n", nng_strerror(rv));
      log_section(line);
    }
    if (rv == NNG_ECLOSED) s->srv->stopping = true;
    post_recv(s);
  } else if (s->state == SLOT_SEND) {
    if (rv != 0) {
      nng_msg *msg = nng_aio_get_msg(s->aio);
      if (msg) nng_msg_free(msg);
      s->srv->n_send_failed++;
    }
    post_recv(s);
  }
}

/* NNG thread: hand the slot to the loop. */
static void aio_cb(void *arg)
{
  Slot *s = arg;
  Server *srv = s->srv;
  uv_mutex_lock(&srv->ready_lock);
  s->next_ready = NULL;
  if (srv->ready_tail) srv->ready_tail->next_ready = s;
  else srv->ready_head = s;
  srv->ready_tail = s;
  uv_mutex_unlock(&srv->ready_lock);
  uv_async_send(&srv->wake);
}

static void wake_cb(uv_async_t *h)
{
  Server *srv = h->data;
  for (;;) {
    uv_mutex_lock(&srv->ready_lock);
    Slot *s = srv->ready_head;
    if (s) {
      srv->ready_head = s->next_ready;
      if (!srv->ready_head) srv->ready_tail = NULL;
    }
    uv_mutex_unlock(&srv->ready_lock);
    if (!s) break;
    on_aio(s);
  }
}

/* -- Shutdown ---------------------------------------------------------------------------- */

static void close_socket(Server *srv)
{
  for (unsigned i = 0; i < srv->nslots; i++) {
    if (srv->slots[i].aio) nng_aio_free(srv->slots[i].aio); /* waits for its callback */
    srv->slots[i].aio = NULL;
    if (srv->slots[i].ctx_open) nng_ctx_close(srv->slots[i].ctx);
    srv->slots[i].ctx_open = false;
  }
  if (srv->sock_open) nng_close(srv->sock);
  srv->sock_open = false;
  if (srv->ipc_path[0] && unlink(srv->ipc_path) != 0 && errno != ENOENT && pypylog_on[PL_JITD_SERVER])
    log_section("could not remove the socket file\n");
}

static void maybe_teardown(Server *srv)
{
  if (!srv->stopping || srv->torn_down) return;
  for (unsigned i = 0; i < srv->nslots; i++)
    if (srv->slots[i].state != SLOT_IDLE) return;
  srv->torn_down = true;
  close_socket(srv);
  char text[512];
  snprintf(text, sizeof text,
           "shutdown: %" PRIu64 " requests: %" PRIu64 " pong, %" PRIu64 " cache hits, %" PRIu64
           " compiled, %" PRIu64 " deduplicated, %" PRIu64 " compile errors, %" PRIu64
           " bad, %" PRIu64 " dropped, %" PRIu64 " replies undelivered\n",
           srv->n_requests, srv->n_pong, srv->n_hits, srv->n_compiled, srv->n_deduped,
           srv->n_errors, srv->n_bad, srv->n_dropped, srv->n_send_failed);
  log_section(text);
  uv_close((uv_handle_t *)&srv->wake, NULL);
  uv_close((uv_handle_t *)&srv->sigterm, NULL);
  uv_close((uv_handle_t *)&srv->sigint, NULL);
}

static void signal_cb(uv_signal_t *h, int signum)
{
  Server *srv = h->data;
  if (srv->stopping) return;
  if (pypylog_on[PL_JITD_SERVER]) {
    char line[64];
    snprintf(line, sizeof line, "signal %d: stopping\n", signum);
    log_section(line);
  }
  srv->stopping = true;
  for (unsigned i = 0; i < srv->nslots; i++)
    if (srv->slots[i].state == SLOT_RECV) nng_aio_cancel(srv->slots[i].aio);
  maybe_teardown(srv); /* in case every slot was idle already */
}

/* -- Start-up ------------------------------------------------------------------------------ */

int jitd_default_listen(char *out, size_t cap)
{
  const char *rt = getenv("XDG_RUNTIME_DIR");
  int n;
  if (rt && rt[0] == '/') n = snprintf(out, cap, "ipc://%s/pypy-jitd.sock", rt);
  else n = snprintf(out, cap, "ipc:///tmp/pypy-jitd-%u.sock", (unsigned)getuid());
  return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int fail(char *err, size_t errlen, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int status, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return status;
}

/* Opens the socket and creates (does not start) the listener: a bad address is reported before
   anything else, the cache directory included, is created. */
static int open_socket(Server *srv, char *err, size_t errlen)
{
  const char *addr = srv->cfg->listen;
  bool ipc = strncmp(addr, "ipc://", 6) == 0;
  if (!ipc && strncmp(addr, "tcp://", 6) != 0)
    return fail(err, errlen, JITD_EXIT_USAGE, "--listen '%s': use ipc://PATH or tcp://HOST:PORT", addr);
  if (strlen(addr) >= JITD_ADDR_MAX)
    return fail(err, errlen, JITD_EXIT_USAGE, "--listen: address longer than %u bytes", JITD_ADDR_MAX - 1);
  int rv = nng_rep0_open(&srv->sock);
  if (rv != 0) return fail(err, errlen, JITD_EXIT_FAIL, "cannot open the socket: %s", nng_strerror(rv));
  srv->sock_open = true;
  /* NNG's own limit (1 MiB by default) must let the largest valid message through, and no more. */
  rv = nng_socket_set_size(srv->sock, NNG_OPT_RECVMAXSZ, WIRE_MSG_MAX);
  if (rv == 0) rv = nng_listener_create(&srv->listener, srv->sock, addr);
  if (rv != 0)
    return fail(err, errlen, rv == NNG_EADDRINVAL || rv == NNG_ENOTSUP ? JITD_EXIT_USAGE : JITD_EXIT_FAIL,
                "--listen '%s': %s", addr, nng_strerror(rv));
  if (ipc) {
    /* Only this user may send traces: whoever can write the socket chooses code the workers run
       (its compiled form, at least). */
    rv = nng_listener_set_int(srv->listener, NNG_OPT_IPC_PERMISSIONS, 0600);
    if (rv != 0) return fail(err, errlen, JITD_EXIT_FAIL, "ipc permissions: %s", nng_strerror(rv));
  }
  return JITD_EXIT_OK;
}

/* Is a server answering at this ipc address? Asked with a real NNG request (PING), because of
   an NNG 1.5 bug (nanomsg/nng#1518, fixed in 1.6): when bind finds the path taken, NNG's own
   stale-socket check connects and hangs up mid-handshake, and that breaks the live server's
   listener for good. So a second pypy-jitd must not even try to listen over a live one. */
static bool ipc_server_answers(const char *addr)
{
  struct stat st;
  if (stat(addr + 6, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  nng_socket req;
  if (nng_req0_open(&req) != 0) return false;
  bool answered = false;
  uint8_t ping[WIRE_HEADER_SIZE];
  size_t len;
  void *rep = NULL;
  size_t replen = 0;
  if (nng_socket_set_ms(req, NNG_OPT_RECVTIMEO, JITD_LIVE_CHECK_MS) == 0 &&
      nng_socket_set_ms(req, NNG_OPT_SENDTIMEO, JITD_LIVE_CHECK_MS) == 0 &&
      nng_dial(req, addr, NULL, 0) == 0 &&
      wire_encode_ping(ping, sizeof ping, &len, 0) == WIRE_S_OK &&
      nng_send(req, ping, len, 0) == 0 && nng_recv(req, &rep, &replen, NNG_FLAG_ALLOC) == 0) {
    answered = true;
    nng_free(rep, replen);
  }
  nng_close(req);
  return answered;
}

static int start_listening(Server *srv, char *err, size_t errlen)
{
  const char *addr = srv->cfg->listen;
  bool ipc = strncmp(addr, "ipc://", 6) == 0;
  if (ipc && ipc_server_answers(addr))
    return fail(err, errlen, JITD_EXIT_FAIL, "cannot listen on '%s': another pypy-jitd is running there", addr);
  int rv = nng_listener_start(srv->listener, 0);
  if (rv != 0)
    return fail(err, errlen, rv == NNG_EADDRINVAL ? JITD_EXIT_USAGE : JITD_EXIT_FAIL,
                "cannot listen on '%s': %s%s", addr, nng_strerror(rv),
                rv == NNG_EADDRINUSE ? " (is another pypy-jitd running?)" : "");
  srv->listening = true;
  if (ipc) snprintf(srv->ipc_path, sizeof srv->ipc_path, "%s", addr + 6);
  return JITD_EXIT_OK;
}

static int open_slots(Server *srv, char *err, size_t errlen)
{
  unsigned n = srv->cfg->threads * JITD_SLOTS_PER_THREAD;
  if (n > JITD_INFLIGHT_MAX) n = JITD_INFLIGHT_MAX;
  srv->slots = calloc(n, sizeof *srv->slots);
  if (!srv->slots) return fail(err, errlen, JITD_EXIT_FAIL, "out of memory");
  srv->nslots = n;
  for (unsigned i = 0; i < srv->nslots; i++) {
    Slot *s = &srv->slots[i];
    s->srv = srv;
    s->index = i;
    int rv = nng_ctx_open(&s->ctx, srv->sock);
    s->ctx_open = rv == 0;
    if (rv == 0) rv = nng_aio_alloc(&s->aio, aio_cb, s);
    if (rv != 0) return fail(err, errlen, JITD_EXIT_FAIL, "cannot open a context: %s", nng_strerror(rv));
  }
  return JITD_EXIT_OK;
}

int jitd_run(const JitdConfig *cfg, char *err, size_t errlen)
{
  if (cfg->threads < 1 || cfg->threads > JITD_THREADS_MAX)
    return fail(err, errlen, JITD_EXIT_USAGE, "--threads: must be 1..%u", JITD_THREADS_MAX);
  Server *srv = calloc(1, sizeof *srv);
  if (!srv) return fail(err, errlen, JITD_EXIT_FAIL, "out of memory");
  srv->cfg = cfg;
  int status = JITD_EXIT_FAIL;
  bool loop_ok = false, locks_ok = false;

  /* libuv reads the pool size once, at the first uv_queue_work. */
  char nthreads[16];
  snprintf(nthreads, sizeof nthreads, "%u", cfg->threads);
  setenv("UV_THREADPOOL_SIZE", nthreads, 1);
  signal(SIGPIPE, SIG_IGN);
  const char *delay = getenv(JITD_TEST_DELAY_ENV);
  if (delay) {
    unsigned long ms = strtoul(delay, NULL, 10);
    jitd_test_delay_ms = ms > JITD_TEST_DELAY_MAX_MS ? JITD_TEST_DELAY_MAX_MS : (unsigned)ms;
  }

  if (uv_mutex_init(&log_lock) || uv_mutex_init(&srv->ready_lock) || uv_mutex_init(&srv->inflight_lock)) {
    status = fail(err, errlen, JITD_EXIT_FAIL, "cannot create locks");
    goto out;
  }
  locks_ok = true;
  if ((status = open_socket(srv, err, errlen)) != JITD_EXIT_OK) goto out;
  cache_set_report(cache_report, NULL);
  CacheStatus cs = cache_open(cfg->cache_dir, CACHE_OPEN_WRITE, &srv->cache);
  if (cs != CACHE_OK) {
    status = fail(err, errlen, cs == CACHE_PATH || cs == CACHE_UNSAFE ? JITD_EXIT_USAGE : JITD_EXIT_FAIL,
                  "--cache '%s': %s", cfg->cache_dir, cache_strerror(cs));
    goto out;
  }
  if (uv_loop_init(&srv->loop) != 0) {
    status = fail(err, errlen, JITD_EXIT_FAIL, "cannot create the event loop");
    goto out;
  }
  loop_ok = true;
  srv->wake.data = srv->sigterm.data = srv->sigint.data = srv;
  if (uv_async_init(&srv->loop, &srv->wake, wake_cb) || uv_signal_init(&srv->loop, &srv->sigterm) ||
      uv_signal_init(&srv->loop, &srv->sigint) || uv_signal_start(&srv->sigterm, signal_cb, SIGTERM) ||
      uv_signal_start(&srv->sigint, signal_cb, SIGINT)) {
    status = fail(err, errlen, JITD_EXIT_FAIL, "cannot set up the event loop's handles");
    goto out;
  }
  if ((status = start_listening(srv, err, errlen)) != JITD_EXIT_OK) goto out;
  if ((status = open_slots(srv, err, errlen)) != JITD_EXIT_OK) goto out;

  if (pypylog_on[PL_JITD_SERVER]) {
    char text[JITD_ADDR_MAX + CACHE_PATH_MAX + 128];
    snprintf(text, sizeof text, "listening on %s, cache %s, %u threads, %u slots\n", cfg->listen,
             cache_path(srv->cache), cfg->threads, srv->nslots);
    log_section(text);
  }
  for (unsigned i = 0; i < srv->nslots; i++) post_recv(&srv->slots[i]);
  uv_run(&srv->loop, UV_RUN_DEFAULT);
  status = JITD_EXIT_OK;

out:
  if (!srv->torn_down) {
    close_socket(srv); /* a start-up failure: nothing was received */
    if (loop_ok) {
      uv_handle_t *hs[] = {(uv_handle_t *)&srv->wake, (uv_handle_t *)&srv->sigterm,
                           (uv_handle_t *)&srv->sigint};
      for (size_t i = 0; i < 3; i++)
        if (hs[i]->loop == &srv->loop && !uv_is_closing(hs[i])) uv_close(hs[i], NULL);
      uv_run(&srv->loop, UV_RUN_DEFAULT);
    }
  }
  if (loop_ok) uv_loop_close(&srv->loop);
  if (srv->cache) cache_close(srv->cache);
  cache_set_report(NULL, NULL);
  free(srv->slots);
  if (locks_ok) {
    uv_mutex_destroy(&srv->inflight_lock);
    uv_mutex_destroy(&srv->ready_lock);
    uv_mutex_destroy(&log_lock);
  }
  free(srv);
  return status;
}
