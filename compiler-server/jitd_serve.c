/* jitd_serve.c: serving one request, independent of the transport: the cache lookup, the
 * compile and the publish that pypy-jitd runs on its pool threads, and jitd_serve_message, which
 * a worker runs on its own compile thread when no server is configured (the in-process mode,
 * docs/ARCHITECTURE.md): the same code, the same cache, the same blobs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "jitd.h"
#include "pypylog.h"

unsigned jitd_test_delay_ms;

uint32_t jitd_us_since(uint64_t t0_ns)
{
  uint64_t d = (uv_hrtime() - t0_ns) / 1000u;
  return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

void jitd_cache_key(const WireMsg *m, CacheKey *k)
{
  memset(k, 0, sizeof *k);
  memcpy(k->code_hash, m->key.code_hash, 16);
  k->pc = m->key.pc;
  k->arch = m->key.arch;
  k->cpu_features = m->key.cpu_features;
  k->abi_version = m->key.abi_version;
  if (m->hdr.type == WIRE_BRIDGE_REQUEST) {
    k->kind = CACHE_KIND_BRIDGE;
    memcpy(k->parent_blob, m->parent_blob, 16);
    k->guard = m->guard_index;
  } else {
    k->kind = CACHE_KIND_LOOP;
  }
}

/* A cache hit as a result: the blob must still read back whole (which also verifies it; a
   corrupt one is quarantined and counts as a miss). */
bool jitd_lookup(Cache *cache, const CacheKey *k, JitdResult *r, CacheStatus *why)
{
  uint8_t id[CACHE_ID_SIZE];
  *why = cache_lookup(cache, k, id);
  if (*why != CACHE_OK) return false;
  void *bytes = NULL;
  size_t len = 0;
  *why = cache_read_blob(cache, id, &bytes, &len);
  free(bytes);
  if (*why != CACHE_OK || len == 0 || len > WIRE_BLOB_MAX) return false;
  (void)cache_touch(cache, id); /* LRU age only: a failure changes nothing served */
  memset(r, 0, sizeof *r);
  r->reply.status = WIRE_R_CACHED;
  memcpy(r->reply.blob_id, id, 16);
  r->reply.blob_size = len;
  return true;
}

void jitd_compile_and_publish(Cache *cache, const WireMsg *m, const CacheKey *k, JitdResult *r)
{
  memset(r, 0, sizeof *r);
  JitdBlob blob;
  if (jitd_test_delay_ms) uv_sleep(jitd_test_delay_ms);
  r->error = jitd_compile_trace(&m->trace, &m->key, &blob, r->msg, sizeof r->msg);
  if (r->error) return;
  if (blob.len == 0 || blob.len > CACHE_BLOB_MAX) {
    r->error = WIRE_E_INTERNAL;
    snprintf(r->msg, sizeof r->msg, "backend produced a blob of %zu bytes", blob.len);
    jitd_blob_free(&blob);
    return;
  }
  uint64_t t0 = uv_hrtime();
  CacheStatus cs = cache_publish(cache, k, blob.bytes, blob.len, r->reply.blob_id);
  if (cs != CACHE_OK) {
    r->error = WIRE_E_CACHE_ERROR;
    snprintf(r->msg, sizeof r->msg, "publish: %s", cache_strerror(cs));
  } else {
    r->reply.status = WIRE_R_COMPILED;
    r->reply.blob_size = blob.len;
    r->reply.optimize_us = blob.optimize_us;
    r->reply.backend_us = blob.backend_us;
    r->reply.publish_us = jitd_us_since(t0);
  }
  jitd_blob_free(&blob);
}


size_t jitd_serve_message(Cache *cache, const uint8_t *req, size_t len, uint8_t *reply, size_t cap)
{
  WireMsg m;
  char err[256];
  size_t out = 0;
  uint64_t t0 = uv_hrtime();
  WireStatus st = wire_decode(req, len, &m, err, sizeof err);
  if (st != WIRE_S_OK) {
    char msg[WIRE_ERRMSG_MAX + 1];
    snprintf(msg, sizeof msg, "%s: %s", wire_status_name(st), err);
    if (wire_encode_error(reply, cap, &out, m.hdr.request_id, WIRE_E_BAD_MESSAGE, msg) != WIRE_S_OK) out = 0;
    return out;
  }
  if (m.hdr.type != WIRE_TRACE_REQUEST && m.hdr.type != WIRE_BRIDGE_REQUEST) {
    wire_msg_free(&m);
    if (wire_encode_error(reply, cap, &out, m.hdr.request_id, WIRE_E_BAD_MESSAGE, "not a request") != WIRE_S_OK) out = 0;
    return out;
  }
  CacheKey k;
  CacheStatus why;
  JitdResult r;
  jitd_cache_key(&m, &k);
  if (!jitd_lookup(cache, &k, &r, &why)) jitd_compile_and_publish(cache, &m, &k, &r);
  WireStatus ws;
  if (r.error) {
    ws = wire_encode_error(reply, cap, &out, m.hdr.request_id, r.error, r.msg);
  } else {
    r.reply.queue_us = jitd_us_since(t0);
    ws = wire_encode_reply(reply, cap, &out, m.hdr.request_id, &r.reply);
  }
  wire_msg_free(&m);
  return ws == WIRE_S_OK ? out : 0;
}

void jitd_log_trace(PypylogCategory c, const IrTrace *t)
{
  pypylog_start(c);
  ir_dump(pypylog_file, t);
  pypylog_stop(c);
}

void jitd_log_line(PypylogCategory c, const char *line)
{
  pypylog_start(c);
  pypylog_printf("%s\n", line);
  pypylog_stop(c);
}
