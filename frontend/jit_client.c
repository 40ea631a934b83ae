/* jit_client.c: the worker's channel to the compiler.
 *
 * One channel thread takes encoded requests in order and gets each one answered: by pypy-jitd
 * over NNG (req0) when --jit-server / $PYPY_JIT_SERVER names one, else by the server's own code
 * (jitd_serve_message) run on this thread against the same cache: a fresh machine gets a JIT
 * with no set-up, no background daemon to manage, and blobs any later pypy-jitd or worker
 * shares (docs/ARCHITECTURE.md, "In-process mode"). The interpreter never waits for the thread
 * except in --jit sync: it keeps interpreting and jit_poll, at hot back-edges, links the blobs
 * of the answers that arrived. A server that does not answer costs nothing but the JIT: the
 * request fails after JIT_SERVER_TIMEOUT_MS, the loop goes back to counting, and new requests
 * wait out a backoff that doubles up to JIT_BACKOFF_MAX_MS.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>

#include "jit_build_id.h"
#include "jit_int.h"
#include "jitd.h"
#include "jitopts.h"
#include "pypylog.h"
#include "wire.h"

/* A round trip longer than this (compile included) fails: the loop is retried later. */
#define JIT_SERVER_TIMEOUT_MS 10000
/* A request not even sent within this (no server connected) fails sooner. */
#define JIT_SEND_TIMEOUT_MS 1000
#define JIT_BACKOFF_MIN_MS 100u
#define JIT_BACKOFF_MAX_MS 10000u
/* Requests queued at once; more are dropped (their loops retry later). */
#define JIT_QUEUE_MAX 64u
#define JIT_REPLY_MAX (WIRE_HEADER_SIZE + WIRE_REPLY_SIZE + WIRE_ERRMSG_MAX + 64u)

typedef struct Request {
  uint64_t id;
  JitLoop *loop;
  JitLink *parent;
  uint32_t exit;
  uint8_t *msg;
  size_t len;
  uint8_t reply[JIT_REPLY_MAX];
  size_t reply_len; /* 0: no answer (server unreachable) */
  uint64_t t_sent_ns;
  bool done;
  struct Request *next;
} Request;

static pthread_t thread;
static bool thread_started, channel_ready, stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER, answered = PTHREAD_COND_INITIALIZER;
static Request *queue_head, *queue_tail, *done_head;
static unsigned queued;
static uint64_t next_id = 1;
static Cache *server_cache; /* in-process mode: the writer handle the server code publishes with */
static nng_socket sock;
static bool remote;
static uint64_t backoff_until_ns;
static uint64_t outstanding; /* requests sent and not yet handled (the interpreter thread's count) */
static unsigned backoff_ms;

static uint64_t now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void log_cache(const char *fmt, const char *a, const char *b)
{
  if (!pypylog_on[PL_JIT_CACHE]) return;
  pypylog_start(PL_JIT_CACHE);
  pypylog_printf(fmt, a, b);
  pypylog_stop(PL_JIT_CACHE);
}

/* -- The channel thread ------------------------------------------------------------------------ */

static size_t round_trip(const Request *r, uint8_t *reply, size_t cap)
{
  if (!remote) return jitd_serve_message(server_cache, r->msg, r->len, reply, cap);
  if (nng_send(sock, r->msg, r->len, 0) != 0) return 0;
  for (;;) {
    void *buf = NULL;
    size_t len = 0;
    if (nng_recv(sock, &buf, &len, NNG_FLAG_ALLOC) != 0) return 0;
    WireHeader h;
    bool mine = wire_decode_header(buf, len, &h) == WIRE_S_OK && h.request_id == r->id;
    size_t n = mine && len <= cap ? len : 0;
    if (n) memcpy(reply, buf, n);
    nng_free(buf, len);
    if (mine) return n;
  }
}

static void *channel_main(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!queue_head && !stopping) pthread_cond_wait(&wake, &lock);
    if (stopping) break;
    Request *r = queue_head;
    queued--;
    queue_head = r->next;
    if (!queue_head) queue_tail = NULL;
    pthread_mutex_unlock(&lock);
    r->reply_len = round_trip(r, r->reply, sizeof r->reply);
    pthread_mutex_lock(&lock);
    r->done = true;
    r->next = done_head;
    __atomic_store_n(&done_head, r, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&answered);
  }
  pthread_mutex_unlock(&lock);
  return NULL;
}

/* -- Set-up ---------------------------------------------------------------------------------- */

static bool open_remote(const char *addr)
{
  if (nng_req0_open(&sock) != 0) return false;
  nng_setopt_ms(sock, NNG_OPT_RECVTIMEO, JIT_SERVER_TIMEOUT_MS);
  nng_setopt_ms(sock, NNG_OPT_SENDTIMEO, JIT_SEND_TIMEOUT_MS);
  nng_setopt_ms(sock, NNG_OPT_RECONNMINT, JIT_BACKOFF_MIN_MS);
  nng_setopt_ms(sock, NNG_OPT_RECONNMAXT, JIT_BACKOFF_MAX_MS);
  /* Non-blocking dial: a server that is not up yet is dialed again in the background. */
  if (nng_dial(sock, addr, NULL, NNG_FLAG_NONBLOCK) != 0) {
    nng_close(sock);
    return false;
  }
  return true;
}

void jit_client_init(void)
{
  char dir[CACHE_PATH_MAX], why[512];
  const char *addr = jit_server_address ? jit_server_address : getenv("PYPY_JIT_SERVER");
  remote = addr && *addr;
  CacheStatus cs = cache_resolve_dir(NULL, dir, sizeof dir);
  if (cs == CACHE_OK && !remote) cs = cache_open(dir, CACHE_OPEN_WRITE, &server_cache);
  if (cs == CACHE_OK) cs = cache_open(dir, CACHE_OPEN_READ, &jit_cache);
  if (cs != CACHE_OK) {
    snprintf(why, sizeof why, "%s", cache_strerror(cs));
    log_cache("cache %s unusable (%s): the JIT is off\n", dir, why);
    jit_params.enabled = false;
    jit_hot_count = INT32_MAX;
    return;
  }
  if (remote && !open_remote(addr)) {
    log_cache("server %s: cannot dial (%s): the JIT is off\n", addr, "bad address");
    jit_params.enabled = false;
    jit_hot_count = INT32_MAX;
    return;
  }
  log_cache("cache %s, compiler %s\n", dir, remote ? addr : "in-process");
  channel_ready = true;
}

/* The channel thread starts with the first request: a program that never compiles stays
   single-threaded (glibc's malloc and stdio skip their locks then). */
static bool start_thread(void)
{
  if (!thread_started && channel_ready) thread_started = pthread_create(&thread, NULL, channel_main, NULL) == 0;
  return thread_started;
}

void jit_client_shutdown(void)
{
  if (thread_started) {
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    /* A remote round trip in progress ends within its timeouts; closing the socket ends it now. */
    if (remote) nng_close(sock);
    pthread_join(thread, NULL);
    thread_started = false;
  } else if (remote && channel_ready) {
    nng_close(sock);
  }
  if (server_cache) cache_close(server_cache);
  server_cache = NULL;
}

/* -- Requests --------------------------------------------------------------------------------- */

bool jit_cache_key(const Code *co, uint32_t pc, const JitLink *parent, uint32_t exit, CacheKey *k)
{
  memset(k, 0, sizeof *k);
  jit_code_hash(co, k->code_hash);
  k->pc = pc;
  k->arch = CACHE_ARCH_X86_64;
  k->cpu_features = 0; /* baseline x86-64 (SSE2) only */
  /* The runtime ABI and this build of the JIT: another build's code is never looked up. */
  k->abi_version = BLOB_ABI_VERSION ^ PJS_JIT_BUILD_ID;
  if (parent) {
    k->kind = CACHE_KIND_BRIDGE;
    memcpy(k->parent_blob, parent->id, 16);
    k->guard = exit;
  }
  return true;
}

static void handle_reply(Request *r)
{
  uint64_t rtt = (now_ns() - r->t_sent_ns) / 1000u;
  WireMsg m;
  char err[256] = "no answer from the compiler";
  bool ok = false;
  if (r->reply_len && wire_decode(r->reply, r->reply_len, &m, err, sizeof err) == WIRE_S_OK) {
    if (m.hdr.type == WIRE_COMPILE_REPLY) {
      jit_stats.rtt_us_total += rtt;
      jit_stats.rtt_count++;
      if (m.reply.status == WIRE_R_COMPILED) jit_stats.compiled++;
      else jit_stats.cache_hits++;
      JitLink *l = jit_link_blob(m.reply.blob_id, r->loop, r->parent, r->exit, err, sizeof err);
      if (l && !r->parent) jit_loop_linked(r->loop, l);
      ok = l != NULL;
    } else if (m.hdr.type == WIRE_ERROR_REPLY) {
      jit_stats.errors++;
      snprintf(err, sizeof err, "compiler: %.200s", m.error.message);
    }
    wire_msg_free(&m);
    backoff_ms = 0;
  } else if (!r->reply_len) {
    jit_stats.errors++;
    backoff_ms = backoff_ms ? (backoff_ms * 2 > JIT_BACKOFF_MAX_MS ? JIT_BACKOFF_MAX_MS : backoff_ms * 2)
                            : JIT_BACKOFF_MIN_MS;
    backoff_until_ns = now_ns() + (uint64_t)backoff_ms * 1000000u;
    if (!r->parent) r->loop->state = LOOP_COUNTING; /* retried once the server answers again */
    ok = true;
  }
  if (!ok && !r->parent) jit_loop_failed(r->loop, err);
  else if (!ok && pypylog_on[PL_JIT_ABORT]) {
    pypylog_start(PL_JIT_ABORT);
    pypylog_printf("bridge not linked: %s\n", err);
    pypylog_stop(PL_JIT_ABORT);
  }
  outstanding--;
  free(r->msg);
  free(r);
}

void jit_poll(void)
{
  if (!__atomic_load_n(&done_head, __ATOMIC_ACQUIRE)) return; /* seen late: the next poll */
  pthread_mutex_lock(&lock);
  Request *r = done_head;
  done_head = NULL;
  pthread_mutex_unlock(&lock);
  while (r) {
    Request *next = r->next;
    handle_reply(r);
    r = next;
  }
}

static Request *make_request(const IrTrace *t, JitLoop *loop, JitLink *parent, uint32_t exit,
                             bool sync, char *err, size_t errlen)
{
  Request *r = calloc(1, sizeof *r);
  size_t cap = wire_trace_msg_size(t);
  if (r) r->msg = malloc(cap);
  if (!r || !r->msg) {
    free(r);
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  r->id = next_id++;
  r->loop = loop;
  r->parent = parent;
  r->exit = exit;
  CacheKey k;
  jit_cache_key(loop->code, t->pc, parent, exit, &k);
  WireLoopKey key = {.pc = k.pc, .arch = WIRE_ARCH_X86_64, .cpu_features = k.cpu_features,
                     .abi_version = k.abi_version};
  memcpy(key.code_hash, k.code_hash, 16);
  uint32_t flags = sync ? WIRE_F_SYNC : 0;
  WireStatus ws = parent ? wire_encode_bridge(r->msg, cap, &r->len, r->id, flags, &key, parent->id, exit, t)
                         : wire_encode_trace(r->msg, cap, &r->len, r->id, flags, &key, t);
  if (ws != WIRE_S_OK) {
    snprintf(err, errlen, "encode: %s", wire_status_text(ws));
    free(r->msg);
    free(r);
    return NULL;
  }
  return r;
}

bool jit_client_waiting(void) { return backoff_until_ns && now_ns() < backoff_until_ns; }
bool jit_client_busy(void) { return outstanding != 0; }

bool jit_submit(const IrTrace *t, JitLoop *loop, JitLink *parent, uint32_t exit, bool sync,
                char *err, size_t errlen)
{
  if (!start_thread()) { snprintf(err, errlen, "no compiler channel"); return false; }
  if (backoff_until_ns && now_ns() < backoff_until_ns) {
    if (!parent) loop->state = LOOP_COUNTING;
    return true; /* the server did not answer lately: retry after the backoff */
  }
  Request *r = make_request(t, loop, parent, exit, sync, err, errlen);
  if (!r) return false;
  r->t_sent_ns = now_ns();
  pthread_mutex_lock(&lock);
  if (queued >= JIT_QUEUE_MAX) {
    pthread_mutex_unlock(&lock);
    free(r->msg);
    free(r);
    if (!parent) loop->state = LOOP_COUNTING;
    return true;
  }
  if (queue_tail) queue_tail->next = r;
  else queue_head = r;
  queue_tail = r;
  queued++;
  outstanding++;
  jit_stats.sent++;
  pthread_cond_signal(&wake);
  if (sync)
    while (!r->done) pthread_cond_wait(&answered, &lock);
  pthread_mutex_unlock(&lock);
  if (sync) jit_poll();
  return true;
}
