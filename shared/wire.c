/* wire.c: encoding and decoding of worker <-> server messages (format: docs/WIRE.md).
 *
 * Bytes are written and read one field at a time through little-endian put/get helpers, so
 * no struct layout, padding or pointer ever reaches the wire and the host's endianness does
 * not matter. A trace is sent as seven counts followed by its seven sections; the decoder
 * checks each count against its IR_*_MAX and the exact size they imply against the payload
 * length before it allocates anything, then rebuilds the snapshot starts from the counts (they
 * are not sent, so they cannot disagree) and hands the trace to ir_validate.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "wire.h"

_Static_assert(WIRE_TRACE_MSG_MAX <= WIRE_MSG_MAX, "the largest valid trace must fit a message");
_Static_assert(IR_SNAPSHOTS_MAX <= IR_NOSNAP, "snapshot indexes must fit snap_or_aux");
_Static_assert(sizeof(IrIns) == 16, "IrIns is 16 bytes");

static const char *const status_names[WIRE_S__COUNT] = {
#define WS_NAME(name, text) #name,
  WIRE_STATUSES(WS_NAME)
#undef WS_NAME
};

static const char *const status_texts[WIRE_S__COUNT] = {
#define WS_TEXT(name, text) text,
  WIRE_STATUSES(WS_TEXT)
#undef WS_TEXT
};

const char *wire_status_name(WireStatus s) { return (unsigned)s < WIRE_S__COUNT ? status_names[s] : "?"; }
const char *wire_status_text(WireStatus s) { return (unsigned)s < WIRE_S__COUNT ? status_texts[s] : "?"; }

static bool known_type(uint32_t t)
{
  switch (t) {
#define WT_CASE(name, n) case n:
  WIRE_TYPES(WT_CASE)
#undef WT_CASE
    return true;
  default: return false;
  }
}

static bool known_reply_status(uint32_t s)
{
  switch (s) {
#define WR_CASE(name, n) case n:
  WIRE_REPLY_STATUSES(WR_CASE)
#undef WR_CASE
    return true;
  default: return false;
  }
}

static bool known_error(uint32_t c)
{
  switch (c) {
#define WE_CASE(name, n) case n:
  WIRE_ERRORS(WE_CASE)
#undef WE_CASE
    return true;
  default: return false;
  }
}

/* -- Little-endian writer ------------------------------------------------------------ */
typedef struct Out { uint8_t *p; } Out;

static void put8(Out *o, uint8_t v) { *o->p++ = v; }
static void put16(Out *o, uint16_t v) { put8(o, (uint8_t)v); put8(o, (uint8_t)(v >> 8)); }
static void put32(Out *o, uint32_t v) { put16(o, (uint16_t)v); put16(o, (uint16_t)(v >> 16)); }
static void put64(Out *o, uint64_t v) { put32(o, (uint32_t)v); put32(o, (uint32_t)(v >> 32)); }
static void putn(Out *o, const void *p, size_t n)
{
  if (n) memcpy(o->p, p, n);
  o->p += n;
}

/* -- Little-endian reader: every get checks the bound ------------------------------- */
typedef struct In { const uint8_t *p, *end; } In;

static bool need(In *in, size_t n) { return (size_t)(in->end - in->p) >= n; }
static uint8_t get8(In *in) { return *in->p++; }
static uint16_t get16(In *in) { uint16_t v = get8(in); return (uint16_t)(v | (uint16_t)get8(in) << 8); }
static uint32_t get32(In *in) { uint32_t v = get16(in); return v | (uint32_t)get16(in) << 16; }
static uint64_t get64(In *in) { uint64_t v = get32(in); return v | (uint64_t)get32(in) << 32; }
static void getn(In *in, void *p, size_t n)
{
  if (n) memcpy(p, in->p, n);
  in->p += n;
}

/* -- Framing --------------------------------------------------------------------- */
static uint64_t checksum(const uint8_t *hdr, const uint8_t *payload, size_t n)
{
  return XXH3_64bits_withSeed(payload, n, XXH3_64bits(hdr, 24));
}

/* Writes the header for a payload already at buf + WIRE_HEADER_SIZE. */
static void seal(uint8_t *buf, uint16_t type, uint32_t flags, uint64_t request_id, size_t payload)
{
  Out o = {buf};
  putn(&o, WIRE_MAGIC, 4);
  put16(&o, WIRE_VERSION);
  put16(&o, type);
  put32(&o, flags);
  put32(&o, (uint32_t)payload);
  put64(&o, request_id);
  put64(&o, checksum(buf, buf + WIRE_HEADER_SIZE, payload));
}

static WireStatus room(size_t cap, size_t msg, uint32_t flags)
{
  if (flags & ~(uint32_t)WIRE_FLAGS_KNOWN) return WIRE_S_BAD_FLAGS;
  if (msg > WIRE_MSG_MAX) return WIRE_S_OVERSIZED;
  return msg > cap ? WIRE_S_BUFFER_TOO_SMALL : WIRE_S_OK;
}

WireStatus wire_decode_header(const uint8_t *buf, size_t len, WireHeader *h)
{
  memset(h, 0, sizeof *h);
  for (size_t i = 0; i < len && i < 4; i++)
    if (buf[i] != (uint8_t)WIRE_MAGIC[i]) return WIRE_S_BAD_MAGIC;
  if (len < WIRE_HEADER_SIZE) return WIRE_S_TRUNCATED;
  In in = {buf + 4, buf + WIRE_HEADER_SIZE};
  h->version = get16(&in);
  h->type = get16(&in);
  h->flags = get32(&in);
  h->payload_len = get32(&in);
  h->request_id = get64(&in);
  h->checksum = get64(&in);
  if (h->version != WIRE_VERSION) return WIRE_S_BAD_VERSION;
  if (!known_type(h->type)) return WIRE_S_BAD_TYPE;
  if (h->flags & ~(uint32_t)WIRE_FLAGS_KNOWN) return WIRE_S_BAD_FLAGS;
  if (len > WIRE_MSG_MAX || h->payload_len > WIRE_MSG_MAX - WIRE_HEADER_SIZE) return WIRE_S_OVERSIZED;
  if (len - WIRE_HEADER_SIZE < h->payload_len) return WIRE_S_TRUNCATED;
  if (len - WIRE_HEADER_SIZE > h->payload_len) return WIRE_S_TRAILING_BYTES;
  if (checksum(buf, buf + WIRE_HEADER_SIZE, h->payload_len) != h->checksum) return WIRE_S_BAD_CHECKSUM;
  return WIRE_S_OK;
}

/* -- Traces ---------------------------------------------------------------------- */
static uint64_t sections_size(uint32_t nstr, uint32_t nargs, uint32_t nconsts, uint32_t nins,
                              uint32_t nsnaps, uint32_t nframes, uint32_t nentries)
{
  return (uint64_t)nstr + 4ull * nargs + (uint64_t)WIRE_CONST_SIZE * nconsts +
         (uint64_t)WIRE_INS_SIZE * nins + 4ull * nsnaps + (uint64_t)WIRE_FRAME_SIZE * nframes +
         4ull * nentries;
}

size_t wire_trace_msg_size(const IrTrace *t)
{
  bool bridge = (t->flags & IR_TRACE_BRIDGE) != 0;
  return (size_t)(WIRE_HEADER_SIZE + WIRE_KEY_SIZE + (bridge ? WIRE_BRIDGE_SIZE : 0) +
                  WIRE_COUNTS_SIZE +
                  sections_size(t->nstr, t->nargs, t->nconsts, t->nins, t->nsnaps, t->nframes,
                                t->nentries));
}

static WireStatus encode_trace(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                               uint32_t flags, const WireLoopKey *key, const uint8_t *parent_blob,
                               uint32_t guard_index, const IrTrace *t)
{
  bool bridge = parent_blob != NULL;
  *len = 0;
  if (ir_validate(t, NULL, 0) != IR_S_OK) return WIRE_S_INVALID_TRACE;
  if (bridge != ((t->flags & IR_TRACE_BRIDGE) != 0) || key->pc != t->pc || key->arch == 0 ||
      memcmp(key->code_hash, t->code_hash, 16) != 0 || (bridge && guard_index >= IR_OPS_MAX))
    return WIRE_S_BAD_FIELD;
  size_t size = wire_trace_msg_size(t);
  WireStatus s = room(cap, size, flags);
  if (s != WIRE_S_OK) return s;

  Out o = {buf + WIRE_HEADER_SIZE};
  putn(&o, key->code_hash, 16);
  put32(&o, key->pc);
  put32(&o, key->arch);
  put64(&o, key->cpu_features);
  put32(&o, key->abi_version);
  put32(&o, t->flags);
  if (bridge) {
    putn(&o, parent_blob, 16);
    put32(&o, guard_index);
    put32(&o, 0);
  }
  put32(&o, t->nstr);
  put32(&o, t->nargs);
  put32(&o, t->nconsts);
  put32(&o, t->nins);
  put32(&o, t->nsnaps);
  put32(&o, t->nframes);
  put32(&o, t->nentries);
  putn(&o, t->strpool, t->nstr);
  for (uint32_t i = 0; i < t->nargs; i++) put32(&o, t->args[i]);
  for (uint32_t i = 0; i < t->nconsts; i++) {
    const IrConst *c = &t->consts[i];
    put8(&o, c->kind);
    put8(&o, c->sub);
    put16(&o, c->reserved);
    put32(&o, c->n);
    for (int j = 0; j < 2; j++) {
      put32(&o, c->s[j].off);
      put32(&o, c->s[j].len);
    }
    if (c->kind == IRC_INT || c->kind == IRC_FLOAT) { /* a number: little-endian, then 0 */
      put64(&o, c->u.bits);
      put64(&o, 0);
    } else {
      putn(&o, c->u.hash, 16);
    }
  }
  for (uint32_t i = 0; i < t->nins; i++) {
    const IrIns *in = &t->ins[i];
    put8(&o, in->op);
    put8(&o, in->kind);
    put16(&o, in->snap_or_aux);
    put32(&o, in->a);
    put32(&o, in->b);
    put32(&o, in->c);
  }
  for (uint32_t i = 0; i < t->nsnaps; i++) put32(&o, t->snaps[i].nframes);
  for (uint32_t i = 0; i < t->nframes; i++) {
    put32(&o, t->frames[i].code);
    put32(&o, t->frames[i].pc);
    put32(&o, t->frames[i].nslots);
  }
  for (uint32_t i = 0; i < t->nentries; i++) put32(&o, t->entries[i]);

  seal(buf, bridge ? WIRE_BRIDGE_REQUEST : WIRE_TRACE_REQUEST, flags, request_id,
       size - WIRE_HEADER_SIZE);
  *len = size;
  return WIRE_S_OK;
}

WireStatus wire_encode_trace(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             uint32_t flags, const WireLoopKey *key, const IrTrace *t)
{
  return encode_trace(buf, cap, len, request_id, flags, key, NULL, 0, t);
}

WireStatus wire_encode_bridge(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                              uint32_t flags, const WireLoopKey *key, const uint8_t parent_blob[16],
                              uint32_t guard_index, const IrTrace *t)
{
  *len = 0;
  if (!parent_blob) return WIRE_S_BAD_FIELD;
  return encode_trace(buf, cap, len, request_id, flags, key, parent_blob, guard_index, t);
}

static WireStatus errf(char *err, size_t errlen, WireStatus s, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static WireStatus errf(char *err, size_t errlen, WireStatus s, const char *fmt, ...)
{
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return s;
}

/* Allocates n elements (at least one, so calloc(0) never looks like a failure). */
static bool alloc_n(void **p, uint32_t *cap, uint32_t n, size_t sz)
{
  *p = calloc(n ? n : 1, sz);
  *cap = n;
  return *p != NULL;
}

static WireStatus decode_trace(In *in, WireMsg *m, char *err, size_t errlen)
{
  IrTrace *t = &m->trace;
  bool bridge = m->hdr.type == WIRE_BRIDGE_REQUEST;
  size_t fixed = WIRE_KEY_SIZE + (bridge ? WIRE_BRIDGE_SIZE : 0) + WIRE_COUNTS_SIZE;
  if (!need(in, fixed)) return errf(err, errlen, WIRE_S_TRUNCATED, "trace header: %zu bytes",
                                    (size_t)(in->end - in->p));
  getn(in, m->key.code_hash, 16);
  m->key.pc = get32(in);
  m->key.arch = get32(in);
  m->key.cpu_features = get64(in);
  m->key.abi_version = get32(in);
  uint32_t tflags = get32(in);
  if (m->key.arch == 0) return errf(err, errlen, WIRE_S_BAD_FIELD, "arch 0");
  if (tflags & ~(uint32_t)IR_TRACE_FLAGS_KNOWN || bridge != ((tflags & IR_TRACE_BRIDGE) != 0))
    return errf(err, errlen, WIRE_S_BAD_FIELD, "trace flags 0x%x in a %s", tflags,
                bridge ? "bridge request" : "trace request");
  if (bridge) {
    getn(in, m->parent_blob, 16);
    m->guard_index = get32(in);
    if (get32(in) != 0) return errf(err, errlen, WIRE_S_BAD_FIELD, "bridge reserved field");
    if (m->guard_index >= IR_OPS_MAX)
      return errf(err, errlen, WIRE_S_BAD_FIELD, "guard index %u", m->guard_index);
  }

  /* Counts: limits first, then the exact size they imply, then allocation. */
  static const struct { const char *name; uint32_t max; } sec[7] = {
    {"string pool", IR_STRPOOL_MAX},    {"args", IR_ARGS_MAX},
    {"constants", IR_CONSTS_MAX},       {"instructions", IR_OPS_MAX},
    {"snapshots", IR_SNAPSHOTS_MAX},    {"frames", IR_SNAP_FRAMES_MAX},
    {"entries", IR_SNAP_ENTRIES_MAX},
  };
  uint32_t n[7];
  for (int i = 0; i < 7; i++) {
    n[i] = get32(in);
    if (n[i] > sec[i].max)
      return errf(err, errlen, WIRE_S_COUNT_OVER_LIMIT, "%s: %u > %u", sec[i].name, n[i], sec[i].max);
  }
  uint64_t want = sections_size(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
  uint64_t have = (uint64_t)(in->end - in->p);
  if (want > have) return errf(err, errlen, WIRE_S_TRUNCATED, "sections need %llu bytes, %llu left",
                               (unsigned long long)want, (unsigned long long)have);
  if (want < have) return errf(err, errlen, WIRE_S_TRAILING_BYTES, "%llu bytes after the sections",
                               (unsigned long long)(have - want));

  memcpy(t->code_hash, m->key.code_hash, 16);
  t->pc = m->key.pc;
  t->flags = tflags;
  if (!alloc_n((void **)&t->strpool, &t->cap_str, n[0], 1) ||
      !alloc_n((void **)&t->args, &t->cap_args, n[1], sizeof(IrRef)) ||
      !alloc_n((void **)&t->consts, &t->cap_consts, n[2], sizeof(IrConst)) ||
      !alloc_n((void **)&t->ins, &t->cap_ins, n[3], sizeof(IrIns)) ||
      !alloc_n((void **)&t->snaps, &t->cap_snaps, n[4], sizeof(IrSnap)) ||
      !alloc_n((void **)&t->frames, &t->cap_frames, n[5], sizeof(IrSnapFrame)) ||
      !alloc_n((void **)&t->entries, &t->cap_entries, n[6], sizeof(IrRef)))
    return errf(err, errlen, WIRE_S_NOMEM, "trace arrays");

  getn(in, t->strpool, n[0]);
  t->nstr = n[0];
  for (uint32_t i = 0; i < n[1]; i++) t->args[i] = get32(in);
  t->nargs = n[1];
  for (uint32_t i = 0; i < n[2]; i++) {
    IrConst *c = &t->consts[i];
    c->kind = get8(in);
    c->sub = get8(in);
    c->reserved = get16(in);
    c->n = get32(in);
    for (int j = 0; j < 2; j++) {
      c->s[j].off = get32(in);
      c->s[j].len = get32(in);
    }
    if (c->kind == IRC_INT || c->kind == IRC_FLOAT) {
      c->u.bits = get64(in);
      if (get64(in) != 0) return errf(err, errlen, WIRE_S_BAD_FIELD, "constant %u: padding", i);
    } else {
      getn(in, c->u.hash, 16);
    }
  }
  t->nconsts = n[2];
  for (uint32_t i = 0; i < n[3]; i++) {
    IrIns *x = &t->ins[i];
    x->op = get8(in);
    x->kind = get8(in);
    x->snap_or_aux = get16(in);
    x->a = get32(in);
    x->b = get32(in);
    x->c = get32(in);
  }
  t->nins = n[3];
  for (uint32_t i = 0; i < n[4]; i++) t->snaps[i].nframes = get32(in);
  t->nsnaps = n[4];
  for (uint32_t i = 0; i < n[5]; i++) {
    t->frames[i].code = get32(in);
    t->frames[i].pc = get32(in);
    t->frames[i].nslots = get32(in);
  }
  t->nframes = n[5];
  for (uint32_t i = 0; i < n[6]; i++) t->entries[i] = get32(in);
  t->nentries = n[6];

  /* Snapshot starts and entry counts follow from the frame counts and slot counts. */
  uint32_t fr = 0, en = 0;
  for (uint32_t s = 0; s < t->nsnaps; s++) {
    IrSnap *sn = &t->snaps[s];
    if (sn->nframes == 0 || sn->nframes > IR_SNAP_DEPTH_MAX || sn->nframes > t->nframes - fr)
      return errf(err, errlen, WIRE_S_BAD_FIELD, "snapshot %u: %u frames", s, sn->nframes);
    uint32_t slots = 0;
    for (uint32_t f = fr; f < fr + sn->nframes; f++) {
      if (t->frames[f].nslots > IR_FRAME_SLOTS_MAX)
        return errf(err, errlen, WIRE_S_BAD_FIELD, "frame %u: %u slots", f, t->frames[f].nslots);
      slots += t->frames[f].nslots;
    }
    if (slots > t->nentries - en)
      return errf(err, errlen, WIRE_S_BAD_FIELD, "snapshot %u: entries past the section", s);
    sn->frame_start = fr;
    sn->entry_start = en;
    sn->nentries = slots;
    fr += sn->nframes;
    en += slots;
  }
  if (fr != t->nframes || en != t->nentries)
    return errf(err, errlen, WIRE_S_BAD_FIELD, "frames or entries owned by no snapshot");

  char why[200];
  IrStatus is = ir_validate(t, why, sizeof why);
  if (is != IR_S_OK) return errf(err, errlen, WIRE_S_INVALID_TRACE, "%s (%s)", why, ir_status_name(is));
  return WIRE_S_OK;
}

/* -- Replies and pings -------------------------------------------------------------- */
WireStatus wire_encode_reply(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             const WireCompileReply *r)
{
  *len = 0;
  if (!known_reply_status(r->status) || r->blob_size == 0 || r->blob_size > WIRE_BLOB_MAX)
    return WIRE_S_BAD_FIELD;
  WireStatus s = room(cap, WIRE_HEADER_SIZE + WIRE_REPLY_SIZE, 0);
  if (s != WIRE_S_OK) return s;
  Out o = {buf + WIRE_HEADER_SIZE};
  put32(&o, r->status);
  put32(&o, 0);
  putn(&o, r->blob_id, 16);
  put64(&o, r->blob_size);
  put32(&o, r->queue_us);
  put32(&o, r->optimize_us);
  put32(&o, r->backend_us);
  put32(&o, r->publish_us);
  seal(buf, WIRE_COMPILE_REPLY, 0, request_id, WIRE_REPLY_SIZE);
  *len = WIRE_HEADER_SIZE + WIRE_REPLY_SIZE;
  return WIRE_S_OK;
}

WireStatus wire_encode_error(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             uint32_t code, const char *msg)
{
  *len = 0;
  if (!known_error(code)) return WIRE_S_BAD_FIELD;
  size_t n = msg ? strlen(msg) : 0;
  if (n > WIRE_ERRMSG_MAX) n = WIRE_ERRMSG_MAX;
  WireStatus s = room(cap, WIRE_HEADER_SIZE + 8 + n, 0);
  if (s != WIRE_S_OK) return s;
  Out o = {buf + WIRE_HEADER_SIZE};
  put32(&o, code);
  put32(&o, (uint32_t)n);
  putn(&o, msg, n);
  seal(buf, WIRE_ERROR_REPLY, 0, request_id, 8 + n);
  *len = WIRE_HEADER_SIZE + 8 + n;
  return WIRE_S_OK;
}

static WireStatus encode_empty(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                               uint16_t type)
{
  *len = 0;
  WireStatus s = room(cap, WIRE_HEADER_SIZE, 0);
  if (s != WIRE_S_OK) return s;
  seal(buf, type, 0, request_id, 0);
  *len = WIRE_HEADER_SIZE;
  return WIRE_S_OK;
}

WireStatus wire_encode_ping(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id)
{
  return encode_empty(buf, cap, len, request_id, WIRE_PING);
}

WireStatus wire_encode_pong(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id)
{
  return encode_empty(buf, cap, len, request_id, WIRE_PONG);
}

/* -- Whole messages ---------------------------------------------------------------- */
void wire_msg_free(WireMsg *m) { ir_trace_free(&m->trace); }

WireStatus wire_decode(const uint8_t *buf, size_t len, WireMsg *m, char *err, size_t errlen)
{
  memset(m, 0, sizeof *m);
  ir_trace_init(&m->trace);
  if (err && errlen) err[0] = '\0';
  WireStatus s = wire_decode_header(buf, len, &m->hdr);
  if (s != WIRE_S_OK) return errf(err, errlen, s, "header: %s", wire_status_text(s));
  In in = {buf + WIRE_HEADER_SIZE, buf + WIRE_HEADER_SIZE + m->hdr.payload_len};
  switch (m->hdr.type) {
  case WIRE_TRACE_REQUEST:
  case WIRE_BRIDGE_REQUEST:
    s = decode_trace(&in, m, err, errlen);
    break;
  case WIRE_COMPILE_REPLY: {
    WireCompileReply *r = &m->reply;
    if (!need(&in, WIRE_REPLY_SIZE)) { s = errf(err, errlen, WIRE_S_TRUNCATED, "reply"); break; }
    r->status = get32(&in);
    uint32_t reserved = get32(&in);
    getn(&in, r->blob_id, 16);
    r->blob_size = get64(&in);
    r->queue_us = get32(&in);
    r->optimize_us = get32(&in);
    r->backend_us = get32(&in);
    r->publish_us = get32(&in);
    if (reserved || !known_reply_status(r->status) || r->blob_size == 0 || r->blob_size > WIRE_BLOB_MAX)
      s = errf(err, errlen, WIRE_S_BAD_FIELD, "reply status %u, size %llu", r->status,
               (unsigned long long)r->blob_size);
    break;
  }
  case WIRE_ERROR_REPLY: {
    if (!need(&in, 8)) { s = errf(err, errlen, WIRE_S_TRUNCATED, "error reply"); break; }
    m->error.code = get32(&in);
    uint32_t n = get32(&in);
    if (n > WIRE_ERRMSG_MAX) { s = errf(err, errlen, WIRE_S_COUNT_OVER_LIMIT, "message of %u bytes", n); break; }
    if (!need(&in, n)) { s = errf(err, errlen, WIRE_S_TRUNCATED, "error message"); break; }
    getn(&in, m->error.message, n);
    m->error.message[n] = '\0';
    if (!known_error(m->error.code) || memchr(m->error.message, '\0', n))
      s = errf(err, errlen, WIRE_S_BAD_FIELD, "error code %u or NUL in message", m->error.code);
    break;
  }
  default: /* PING, PONG: no payload */
    break;
  }
  if (s == WIRE_S_OK && in.p != in.end)
    s = errf(err, errlen, WIRE_S_TRAILING_BYTES, "%zu bytes after the payload", (size_t)(in.end - in.p));
  if (s != WIRE_S_OK) ir_trace_free(&m->trace);
  return s;
}
