/* wire.h: the messages between a worker and pypy-jitd (format: docs/WIRE.md).
 *
 * Every message is a 32-byte header and a payload, little-endian, packed, with no pointers:
 *   magic "PJSW" | version u16 | type u16 | flags u32 | payload length u32 | request id u64 |
 *   checksum u64 = XXH3-64 of the payload, seeded with XXH3-64 of header bytes 0..23
 * so a flipped bit anywhere, the request id included, is caught. Encoders write into the
 * caller's buffer; the decoder treats its input as hostile: every failure has its own status,
 * every count is checked against its IR_*_MAX and against the payload length before anything
 * is allocated, and a decoded trace has passed ir_validate.
 */
#ifndef PJS_WIRE_H
#define PJS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* -- Limits and constants ---------------------------------------------------------- */
#define WIRE_MAGIC "PJSW"
#define WIRE_VERSION 2u          /* bump on any change of layout or meaning (2: FRAME_GET/SET) */
#define WIRE_HEADER_SIZE 32u
/* A message, header included. The largest trace the IR limits allow is about 1.9 MiB
   (WIRE_TRACE_MSG_MAX); 4 MiB leaves room and still bounds a server's per-message memory. */
#define WIRE_MSG_MAX (4u << 20)
#define WIRE_ERRMSG_MAX 1024u    /* bytes of an ERROR_REPLY's message: one log line */
#define WIRE_BLOB_MAX (1u << 30) /* a blob size a reply may state (the cache has its own limit) */

/* Fixed parts of payloads. */
#define WIRE_KEY_SIZE 40u        /* code hash 16, pc, arch, cpu features u64, abi, trace flags */
#define WIRE_BRIDGE_SIZE 24u     /* parent blob id 16, guard index, reserved */
#define WIRE_COUNTS_SIZE 28u     /* seven u32 section counts */
#define WIRE_CONST_SIZE 40u
#define WIRE_INS_SIZE 16u
#define WIRE_FRAME_SIZE 12u
#define WIRE_REPLY_SIZE 48u
#define WIRE_TRACE_MSG_MAX                                                                     \
  ((uint64_t)WIRE_HEADER_SIZE + WIRE_KEY_SIZE + WIRE_BRIDGE_SIZE + WIRE_COUNTS_SIZE +           \
   IR_STRPOOL_MAX + 4ull * IR_ARGS_MAX + (uint64_t)WIRE_CONST_SIZE * IR_CONSTS_MAX +            \
   (uint64_t)WIRE_INS_SIZE * IR_OPS_MAX + 4ull * IR_SNAPSHOTS_MAX +                             \
   (uint64_t)WIRE_FRAME_SIZE * IR_SNAP_FRAMES_MAX + 4ull * IR_SNAP_ENTRIES_MAX)

/* Message types: name, number on the wire. */
#define WIRE_TYPES(_) \
  _(TRACE_REQUEST, 1) _(BRIDGE_REQUEST, 2) _(COMPILE_REPLY, 3) _(ERROR_REPLY, 4) \
  _(PING, 5) _(PONG, 6)

typedef enum {
#define WT_ENUM(name, n) WIRE_##name = n,
  WIRE_TYPES(WT_ENUM)
#undef WT_ENUM
} WireType;

/* Header flags. */
enum { WIRE_F_SYNC = 1u << 0 }; /* the client waits for this reply (--jit sync): do it first */
#define WIRE_FLAGS_KNOWN WIRE_F_SYNC

/* Target architectures. */
enum { WIRE_ARCH_X86_64 = 1 };

/* Decoder and encoder statuses: name, text. */
#define WIRE_STATUSES(_) \
  _(OK, "ok") \
  _(TRUNCATED, "message shorter than its header, its stated length or its sections") \
  _(OVERSIZED, "message or stated payload over WIRE_MSG_MAX") \
  _(BAD_MAGIC, "not a PJSW message") \
  _(BAD_VERSION, "unsupported format version") \
  _(BAD_TYPE, "unknown message type") \
  _(BAD_FLAGS, "unknown header flags") \
  _(BAD_CHECKSUM, "checksum mismatch") \
  _(COUNT_OVER_LIMIT, "a section count over its limit") \
  _(TRAILING_BYTES, "bytes after the message or its last section") \
  _(BAD_FIELD, "reserved field not zero, unknown code, or inconsistent field") \
  _(INVALID_TRACE, "trace rejected by ir_validate") \
  _(NOMEM, "out of memory") \
  _(BUFFER_TOO_SMALL, "encode buffer too small")

typedef enum {
#define WS_ENUM(name, text) WIRE_S_##name,
  WIRE_STATUSES(WS_ENUM)
#undef WS_ENUM
  WIRE_S__COUNT
} WireStatus;

const char *wire_status_name(WireStatus s); /* "BAD_CHECKSUM" */
const char *wire_status_text(WireStatus s);

/* COMPILE_REPLY statuses: name, number. */
#define WIRE_REPLY_STATUSES(_) \
  _(COMPILED, 1) /* compiled now and published */ \
  _(CACHED, 2)   /* an identical trace was already compiled (or in flight): same blob */

typedef enum {
#define WR_ENUM(name, n) WIRE_R_##name = n,
  WIRE_REPLY_STATUSES(WR_ENUM)
#undef WR_ENUM
} WireReplyStatus;

/* ERROR_REPLY codes: name, number. */
#define WIRE_ERRORS(_) \
  _(BAD_MESSAGE, 1)    /* the request did not decode (the message says how) */ \
  _(UNSUPPORTED, 2)    /* arch, CPU features or ABI version not served */ \
  _(COMPILE_FAILED, 3) /* optimizer or backend gave up on this trace */ \
  _(OVERLOADED, 4)     /* queue full: retry later */ \
  _(CACHE_ERROR, 5)    /* could not publish */ \
  _(INTERNAL, 6)

typedef enum {
#define WE_ENUM(name, n) WIRE_E_##name = n,
  WIRE_ERRORS(WE_ENUM)
#undef WE_ENUM
} WireErrorCode;

/* -- Message contents ----------------------------------------------------------------- */
typedef struct WireHeader {
  uint16_t version, type;
  uint32_t flags;
  uint32_t payload_len;
  uint64_t request_id;
  uint64_t checksum;
} WireHeader;

/* The loop key: what the cache index is keyed on. code_hash and pc equal the trace's. */
typedef struct WireLoopKey {
  uint8_t code_hash[16];
  uint32_t pc;
  uint32_t arch;          /* WIRE_ARCH_*, nonzero */
  uint64_t cpu_features;  /* bits the code may use (the server's choice of encodings) */
  uint32_t abi_version;   /* runtime ABI: object layouts and helper signatures */
} WireLoopKey;

typedef struct WireCompileReply {
  uint32_t status;        /* WireReplyStatus */
  uint8_t blob_id[16];    /* xxh3-128 of the blob's bytes */
  uint64_t blob_size;     /* 1..WIRE_BLOB_MAX */
  uint32_t queue_us, optimize_us, backend_us, publish_us; /* server timings */
} WireCompileReply;

typedef struct WireErrorReply {
  uint32_t code;                     /* WireErrorCode */
  char message[WIRE_ERRMSG_MAX + 1]; /* NUL-terminated, no NUL inside */
} WireErrorReply;

/* A decoded message: hdr always; the rest by hdr.type. trace is owned (wire_msg_free). */
typedef struct WireMsg {
  WireHeader hdr;
  WireLoopKey key;          /* TRACE_REQUEST, BRIDGE_REQUEST */
  uint8_t parent_blob[16];  /* BRIDGE_REQUEST */
  uint32_t guard_index;     /* BRIDGE_REQUEST: ordinal of the guard among the parent's guards */
  IrTrace trace;            /* TRACE_REQUEST, BRIDGE_REQUEST */
  WireCompileReply reply;   /* COMPILE_REPLY */
  WireErrorReply error;     /* ERROR_REPLY */
} WireMsg;

/* -- Encoding: into buf[0..cap), *len = bytes written. cap may exceed WIRE_MSG_MAX. ------- */
/* The trace must pass ir_validate (else WIRE_S_INVALID_TRACE), have the key's code hash and
   pc, and IR_TRACE_BRIDGE set exactly for bridges. */
WireStatus wire_encode_trace(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             uint32_t flags, const WireLoopKey *key, const IrTrace *t);
WireStatus wire_encode_bridge(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                              uint32_t flags, const WireLoopKey *key, const uint8_t parent_blob[16],
                              uint32_t guard_index, const IrTrace *t);
WireStatus wire_encode_reply(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             const WireCompileReply *r);
/* msg is cut at WIRE_ERRMSG_MAX bytes. */
WireStatus wire_encode_error(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id,
                             uint32_t code, const char *msg);
WireStatus wire_encode_ping(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id);
WireStatus wire_encode_pong(uint8_t *buf, size_t cap, size_t *len, uint64_t request_id);

/* Bytes a trace or bridge request takes on the wire, header included. */
size_t wire_trace_msg_size(const IrTrace *t);

/* -- Decoding ------------------------------------------------------------------------ */
/* Checks framing only (magic, version, type, flags, length, checksum) and fills *h: enough
   to route a message or to answer a bad one with its request id. */
WireStatus wire_decode_header(const uint8_t *buf, size_t len, WireHeader *h);
/* A whole message. On failure out->trace is empty, and err (if given) says what failed. On
   success with a trace, the caller frees it with wire_msg_free. */
WireStatus wire_decode(const uint8_t *buf, size_t len, WireMsg *out, char *err, size_t errlen);
void wire_msg_free(WireMsg *m);

#endif
