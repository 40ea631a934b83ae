/* jitd.h: `pypy-jitd`, the compiler server (docs/ARCHITECTURE.md, "Compiler server").
 *
 * Workers send TRACE_REQUEST / BRIDGE_REQUEST messages (shared/wire.h) to an NNG rep0 socket;
 * the server validates each one, answers from the code cache when the loop is already compiled,
 * compiles an identical trace only once however many workers ask for it at the same time, and
 * publishes what it compiles to the cache before replying with the blob's id.
 *
 * Threads: a libuv loop owns the process (signals, the request slots' state, logging); NNG's own
 * threads only hand completed receives and sends over to the loop; requests are decoded and
 * compiled on libuv's thread pool, several at once.
 */
#ifndef PJS_JITD_H
#define PJS_JITD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "ir.h"
#include "pypylog.h"
#include "wire.h"

/* -- Limits (each a named, documented constant) ----------------------------------- */

/* Compile threads (libuv's pool): the default keeps a laptop responsive while a second trace
   compiles; 64 is past any machine's useful parallelism for traces of a few thousand ops. */
#define JITD_THREADS_DEFAULT 2u
#define JITD_THREADS_MAX 64u
/* Receive slots per compile thread: a slot holds one request from receive to reply, so with
   more slots than threads a PING or a cache hit is answered while every thread compiles. */
#define JITD_SLOTS_PER_THREAD 4u
/* Requests in flight at once (received, not yet answered). Each holds at most one message of
   WIRE_MSG_MAX bytes until it is decoded, so this bounds the server's message memory at
   64 x 4 MiB; more requests wait in NNG's queues (back-pressure on the workers). */
#define JITD_INFLIGHT_MAX 64u
/* A reply that cannot be delivered in this long (the worker is gone or stalled) is dropped, so
   a slot never stays busy forever. */
#define JITD_SEND_TIMEOUT_MS 5000
/* Start-up: how long a server found at our ipc address has to answer a PING before its socket
   counts as stale (a live server answers PING from its loop thread, in microseconds). */
#define JITD_LIVE_CHECK_MS 1000
/* Longest listen address, "ipc://" and the socket path included; an ipc path must also fit
   sockaddr_un (107 bytes), which NNG checks. */
#define JITD_ADDR_MAX 512u
/* Bytes of one request's log text (the jitd-server section). */
#define JITD_LOGLINE_MAX 2048u

/* -- Running the server ---------------------------------------------------------- */

typedef struct JitdConfig {
  const char *listen;    /* "ipc://PATH" or "tcp://HOST:PORT" */
  const char *cache_dir; /* a resolved directory (cache_resolve_dir) */
  unsigned threads;      /* 1..JITD_THREADS_MAX */
} JitdConfig;

/* Exit statuses of jitd_run. */
enum { JITD_EXIT_OK = 0, JITD_EXIT_FAIL = 1, JITD_EXIT_USAGE = 2 };

/* The per-user default address: ipc://$XDG_RUNTIME_DIR/pypy-jitd.sock (when set and absolute),
   else ipc:///tmp/pypy-jitd-$UID.sock. Returns 0, or -1 if it does not fit cap. */
int jitd_default_listen(char *out, size_t cap);

/* Opens the cache, listens, and serves until SIGTERM or SIGINT; then stops receiving, finishes
   the requests in flight, closes the socket (removing an ipc socket file) and returns
   JITD_EXIT_OK. On a start-up failure returns JITD_EXIT_FAIL or JITD_EXIT_USAGE (a bad address
   or cache path) with a one-line message in err. */
int jitd_run(const JitdConfig *cfg, char *err, size_t errlen);

/* -- The compile step -------------------------------------------------------------- */

/* What a compile produces: the blob's bytes (code, exit table, import table, snapshot data),
   malloc'd, published to the cache as they are. */
typedef struct JitdBlob {
  uint8_t *bytes;
  size_t len;
  uint32_t optimize_us, backend_us;
} JitdBlob;

/* Optimizes and compiles one validated trace (loop or bridge) for key's target. Returns 0 with
   *out filled, or a WireErrorCode (COMPILE_FAILED, UNSUPPORTED, INTERNAL) with a one-line
   reason in err. Called on pool threads, several at once: it must keep no shared state.
   For now there is no optimizer or backend, and every trace gets COMPILE_FAILED "backend not
   implemented" (jitd_compile.c); the backend replaces this function. */
uint32_t jitd_compile_trace(const IrTrace *t, const WireLoopKey *key, JitdBlob *out, char *err,
                            size_t errlen);
void jitd_blob_free(JitdBlob *b);

/* -- Serving one request (jitd_serve.c): the server's pool threads and the in-process mode -- */

typedef struct JitdResult {
  uint32_t error; /* 0: reply holds a blob; else a WireErrorCode and msg */
  WireCompileReply reply;
  char msg[WIRE_ERRMSG_MAX + 1];
} JitdResult;

void jitd_cache_key(const WireMsg *m, CacheKey *k);
/* A cache hit as a result: the blob must still read back whole (which also verifies it; a
   corrupt one is quarantined and counts as a miss). */
bool jitd_lookup(Cache *cache, const CacheKey *k, JitdResult *r, CacheStatus *why);
void jitd_compile_and_publish(Cache *cache, const WireMsg *m, const CacheKey *k, JitdResult *r);
/* Decodes a request, answers it from the cache or compiles and publishes it; writes the reply
   message into reply[0..cap) and returns its length (0: no reply could be encoded). */
size_t jitd_serve_message(Cache *cache, const uint8_t *req, size_t len, uint8_t *reply, size_t cap);
/* Tests only (PYPY_JITD_TEST_DELAY_MS): every compile sleeps this long first. */
extern unsigned jitd_test_delay_ms;
uint32_t jitd_us_since(uint64_t t0_ns); /* microseconds since a uv_hrtime() */
void jitd_log_trace(PypylogCategory c, const IrTrace *t); /* a trace as a PYPYLOG section */
void jitd_log_line(PypylogCategory c, const char *line);

#endif
