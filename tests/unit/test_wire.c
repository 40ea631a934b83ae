/* Unit tests for shared/wire.c: byte- and field-exact round trips of every message type, and
 * hostile input: every truncation, every single-bit flip, counts over their limits, wrong
 * magic/version/type/flags/checksum, trailing bytes, and random byte strings. */
#include "../../shared/wire.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const uint8_t CODE_HASH[16] = {0xc0, 0xde, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
static const uint8_t PARENT[16] = {0xb1, 0x0b, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};

static WireLoopKey test_key(void)
{
  WireLoopKey k;
  memset(&k, 0, sizeof k);
  memcpy(k.code_hash, CODE_HASH, 16);
  k.pc = 32;
  k.arch = WIRE_ARCH_X86_64;
  k.cpu_features = 0x8000000000000013ull;
  k.abi_version = 7;
  return k;
}

/* A loop using every constant kind, memory ops, calls, floats and an inlined frame. */
static void build_trace(IrTrace *t, bool bridge)
{
  ir_trace_init(t);
  memcpy(t->code_hash, CODE_HASH, 16);
  t->pc = 32;
  t->flags = bridge ? IR_TRACE_BRIDGE : 0;
  uint8_t ch[16] = {0x11, 0x22};
  IrRef i = ir_input(t, IRK_INT), obj = ir_input(t, IRK_REF), x = ir_input(t, IRK_FLOAT);
  IrRef code = ir_const_code(t, CODE_HASH, "main", "prog.py", 3);
  IrRef inner = ir_const_code(t, ch, "step", "prog.py", 9);
  IrRef cls = ir_const_class(t, "prog", "Body", ch);
  const char *attrs[] = {"x", "vx"};
  IrRef in3[3] = {i, obj, x};
  if (!bridge) ir_emit(t, IR_LABEL, ir_const_args(t, in3, 3), 0, 0);
  ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code, 32, 4);
  uint32_t s0 = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, 32, 3);
  ir_snapshot_entry(t, i);
  ir_snapshot_entry(t, obj);
  ir_snapshot_entry(t, IR_SNAP_UNCHANGED);
  ir_snapshot_end(t);
  ir_guard(t, IR_GUARD_CLASS, obj, cls, s0);
  ir_guard(t, IR_GUARD_MAP, obj, ir_const_map(t, cls, attrs, 2), s0);
  ir_guard(t, IR_GUARD_DICT_VERSION, ir_const_global(t, "prog", "dt"), 0, s0);
  ir_guard(t, IR_GUARD_TYPE_VERSION, ir_const_builtin_type(t, "float"), 0, s0);
  IrRef fx = ir_emit_k(t, IR_GETFIELD, IRK_FLOAT, 8, obj, 16, 0);
  IrRef sum = ir_emit(t, IR_FLOAT_ADD, fx, ir_const_float(t, -0.25), 0);
  IrRef y = ir_emit(t, IR_FLOAT_MUL, sum, x, 0);
  ir_emit_k(t, IR_SETFIELD, IRK_VOID, 8, obj, 16, y);
  IrRef box = ir_emit(t, IR_NEW_FLOAT, y, 0, 0);
  IrRef l3[3] = {box, ir_const_str(t, "s\0x\xff", 4), ir_const_none(t)};
  IrRef r = ir_emit_k(t, IR_CALL, IRK_REF, 0, ir_const_helper(t, "obj_binop"), ir_const_args(t, l3, 3), IR_NOREF);
  uint32_t s1 = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, 40, 2);
  ir_snapshot_entry(t, i);
  ir_snapshot_entry(t, ir_const_bool(t, true));
  ir_snapshot_frame(t, inner, 6, 2);
  ir_snapshot_entry(t, r);
  ir_snapshot_entry(t, IR_SNAP_DEAD);
  ir_snapshot_end(t);
  ir_guard(t, IR_GUARD_NONNULL, r, 0, s1);
  IrRef i2 = ir_emit(t, IR_INT_ADD_OVF, i, ir_const_int(t, INT64_MIN), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, s1);
  IrRef out[3] = {i2, obj, y};
  if (bridge) ir_guard(t, IR_FINISH, 0, 0, s1);
  else ir_emit(t, IR_JUMP, ir_const_args(t, out, 3), 0, 0);
  ck_assert_int_eq(ir_trace_status(t), IR_S_OK);
  char err[256];
  ck_assert_msg(ir_validate(t, err, sizeof err) == IR_S_OK, "%s", err);
}

static uint8_t *encode_trace(const IrTrace *t, size_t *len)
{
  size_t cap = wire_trace_msg_size(t);
  uint8_t *buf = malloc(cap);
  WireLoopKey key = test_key();
  WireStatus s = (t->flags & IR_TRACE_BRIDGE)
                     ? wire_encode_bridge(buf, cap, len, 0x1122334455667788ull, WIRE_F_SYNC, &key, PARENT, 3, t)
                     : wire_encode_trace(buf, cap, len, 0x1122334455667788ull, WIRE_F_SYNC, &key, t);
  ck_assert_str_eq(wire_status_name(s), "OK");
  ck_assert_uint_eq(*len, cap);
  return buf;
}

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> 8 * i); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> 8 * i); }

/* Recomputes the checksum after a test has edited the payload or header, as an attacker who
   knows the format would. */
static void reseal(uint8_t *buf, size_t len)
{
  put32(buf + 12, (uint32_t)(len - WIRE_HEADER_SIZE));
  put64(buf + 24, XXH3_64bits_withSeed(buf + WIRE_HEADER_SIZE, len - WIRE_HEADER_SIZE, XXH3_64bits(buf, 24)));
}

static WireStatus decode(const uint8_t *buf, size_t len)
{
  WireMsg m;
  char err[256];
  WireStatus s = wire_decode(buf, len, &m, err, sizeof err);
  if (s == WIRE_S_OK) {
    if (m.hdr.type == WIRE_TRACE_REQUEST || m.hdr.type == WIRE_BRIDGE_REQUEST)
      ck_assert_int_eq(ir_validate(&m.trace, NULL, 0), IR_S_OK);
  } else {
    ck_assert_uint_eq(m.trace.nins, 0); /* nothing left behind on failure */
  }
  wire_msg_free(&m);
  return s;
}

static void assert_same_trace(const IrTrace *a, const IrTrace *b)
{
  ck_assert_uint_eq(a->nins, b->nins);
  ck_assert_uint_eq(a->nconsts, b->nconsts);
  ck_assert_uint_eq(a->nstr, b->nstr);
  ck_assert_uint_eq(a->nargs, b->nargs);
  ck_assert_uint_eq(a->nsnaps, b->nsnaps);
  ck_assert_uint_eq(a->nframes, b->nframes);
  ck_assert_uint_eq(a->nentries, b->nentries);
  ck_assert_uint_eq(a->pc, b->pc);
  ck_assert_uint_eq(a->flags, b->flags);
  ck_assert(memcmp(a->code_hash, b->code_hash, 16) == 0);
  ck_assert(memcmp(a->ins, b->ins, a->nins * sizeof(IrIns)) == 0);
  ck_assert(memcmp(a->consts, b->consts, a->nconsts * sizeof(IrConst)) == 0);
  ck_assert(memcmp(a->strpool, b->strpool, a->nstr) == 0);
  ck_assert(memcmp(a->args, b->args, a->nargs * sizeof(IrRef)) == 0);
  ck_assert(memcmp(a->snaps, b->snaps, a->nsnaps * sizeof(IrSnap)) == 0);
  ck_assert(memcmp(a->frames, b->frames, a->nframes * sizeof(IrSnapFrame)) == 0);
  ck_assert(memcmp(a->entries, b->entries, a->nentries * sizeof(IrRef)) == 0);
}

/* -- Round trips ---------------------------------------------------------------- */
static void round_trip(bool bridge)
{
  IrTrace t;
  build_trace(&t, bridge);
  size_t len;
  uint8_t *buf = encode_trace(&t, &len);
  ck_assert(memcmp(buf, "PJSW", 4) == 0);

  WireMsg m;
  char err[256];
  ck_assert_msg(wire_decode(buf, len, &m, err, sizeof err) == WIRE_S_OK, "%s", err);
  ck_assert_uint_eq(m.hdr.type, bridge ? WIRE_BRIDGE_REQUEST : WIRE_TRACE_REQUEST);
  ck_assert_uint_eq(m.hdr.version, WIRE_VERSION);
  ck_assert_uint_eq(m.hdr.flags, WIRE_F_SYNC);
  ck_assert_uint_eq(m.hdr.request_id, 0x1122334455667788ull);
  ck_assert_uint_eq(m.hdr.payload_len, len - WIRE_HEADER_SIZE);
  WireLoopKey key = test_key();
  ck_assert(memcmp(m.key.code_hash, key.code_hash, 16) == 0);
  ck_assert_uint_eq(m.key.pc, key.pc);
  ck_assert_uint_eq(m.key.arch, key.arch);
  ck_assert_uint_eq(m.key.cpu_features, key.cpu_features);
  ck_assert_uint_eq(m.key.abi_version, key.abi_version);
  if (bridge) {
    ck_assert(memcmp(m.parent_blob, PARENT, 16) == 0);
    ck_assert_uint_eq(m.guard_index, 3);
  }
  assert_same_trace(&t, &m.trace);

  /* Re-encoding the decoded trace gives the same bytes. */
  size_t len2;
  uint8_t *buf2 = encode_trace(&m.trace, &len2);
  ck_assert_uint_eq(len, len2);
  ck_assert(memcmp(buf, buf2, len) == 0);
  /* A decoded trace can be extended: constants deduplicate against the decoded ones. */
  uint32_t n = m.trace.nconsts;
  ir_const_helper(&m.trace, "obj_binop");
  ck_assert_uint_eq(m.trace.nconsts, n);
  free(buf2);
  wire_msg_free(&m);
  free(buf);
  ir_trace_free(&t);
}

START_TEST(test_wire_trace_round_trip_is_exact) { round_trip(false); }
END_TEST

START_TEST(test_wire_bridge_round_trip_is_exact) { round_trip(true); }
END_TEST

START_TEST(test_wire_identical_traces_encode_identically)
{
  IrTrace a, b;
  build_trace(&a, false);
  build_trace(&b, false);
  size_t la, lb;
  uint8_t *ba = encode_trace(&a, &la), *bb = encode_trace(&b, &lb);
  ck_assert_uint_eq(la, lb);
  ck_assert(memcmp(ba, bb, la) == 0);
  free(ba);
  free(bb);
  ir_trace_free(&a);
  ir_trace_free(&b);
}
END_TEST

START_TEST(test_wire_replies_round_trip)
{
  uint8_t buf[2048];
  size_t len;
  WireMsg m;
  WireCompileReply r = {WIRE_R_CACHED, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                        4096, 10, 2000, 300, 4};
  ck_assert_int_eq(wire_encode_reply(buf, sizeof buf, &len, 99, &r), WIRE_S_OK);
  ck_assert_uint_eq(len, WIRE_HEADER_SIZE + WIRE_REPLY_SIZE);
  ck_assert_int_eq(wire_decode(buf, len, &m, NULL, 0), WIRE_S_OK);
  ck_assert_uint_eq(m.hdr.type, WIRE_COMPILE_REPLY);
  ck_assert_uint_eq(m.hdr.request_id, 99);
  ck_assert_uint_eq(m.reply.status, r.status);
  ck_assert(memcmp(m.reply.blob_id, r.blob_id, 16) == 0);
  ck_assert_uint_eq(m.reply.blob_size, r.blob_size);
  ck_assert_uint_eq(m.reply.queue_us, r.queue_us);
  ck_assert_uint_eq(m.reply.optimize_us, r.optimize_us);
  ck_assert_uint_eq(m.reply.backend_us, r.backend_us);
  ck_assert_uint_eq(m.reply.publish_us, r.publish_us);
  wire_msg_free(&m);

  ck_assert_int_eq(wire_encode_error(buf, sizeof buf, &len, 7, WIRE_E_BAD_MESSAGE, "checksum mismatch"), WIRE_S_OK);
  ck_assert_int_eq(wire_decode(buf, len, &m, NULL, 0), WIRE_S_OK);
  ck_assert_uint_eq(m.hdr.type, WIRE_ERROR_REPLY);
  ck_assert_uint_eq(m.error.code, WIRE_E_BAD_MESSAGE);
  ck_assert_str_eq(m.error.message, "checksum mismatch");
  wire_msg_free(&m);

  /* A long message is cut at WIRE_ERRMSG_MAX. */
  char longmsg[WIRE_ERRMSG_MAX + 100];
  memset(longmsg, 'e', sizeof longmsg - 1);
  longmsg[sizeof longmsg - 1] = '\0';
  ck_assert_int_eq(wire_encode_error(buf, sizeof buf, &len, 7, WIRE_E_INTERNAL, longmsg), WIRE_S_OK);
  ck_assert_int_eq(wire_decode(buf, len, &m, NULL, 0), WIRE_S_OK);
  ck_assert_uint_eq(strlen(m.error.message), WIRE_ERRMSG_MAX);
  wire_msg_free(&m);

  ck_assert_int_eq(wire_encode_ping(buf, sizeof buf, &len, 5), WIRE_S_OK);
  ck_assert_uint_eq(len, WIRE_HEADER_SIZE);
  ck_assert_int_eq(wire_decode(buf, len, &m, NULL, 0), WIRE_S_OK);
  ck_assert_uint_eq(m.hdr.type, WIRE_PING);
  ck_assert_int_eq(wire_encode_pong(buf, sizeof buf, &len, 5), WIRE_S_OK);
  ck_assert_int_eq(wire_decode(buf, len, &m, NULL, 0), WIRE_S_OK);
  ck_assert_uint_eq(m.hdr.type, WIRE_PONG);

  /* Encoders refuse what the decoder would refuse. */
  r.status = 9;
  ck_assert_int_eq(wire_encode_reply(buf, sizeof buf, &len, 1, &r), WIRE_S_BAD_FIELD);
  r.status = WIRE_R_COMPILED;
  r.blob_size = 0;
  ck_assert_int_eq(wire_encode_reply(buf, sizeof buf, &len, 1, &r), WIRE_S_BAD_FIELD);
  ck_assert_int_eq(wire_encode_error(buf, sizeof buf, &len, 1, 999, "x"), WIRE_S_BAD_FIELD);
  ck_assert_int_eq(wire_encode_ping(buf, 31, &len, 1), WIRE_S_BUFFER_TOO_SMALL);
}
END_TEST

START_TEST(test_wire_encode_refuses_bad_input)
{
  IrTrace t;
  build_trace(&t, false);
  size_t cap = wire_trace_msg_size(&t), len;
  uint8_t *buf = malloc(cap);
  WireLoopKey key = test_key();
  ck_assert_int_eq(wire_encode_trace(buf, cap - 1, &len, 1, 0, &key, &t), WIRE_S_BUFFER_TOO_SMALL);
  ck_assert_int_eq(wire_encode_trace(buf, cap, &len, 1, 0x100, &key, &t), WIRE_S_BAD_FLAGS);
  ck_assert_int_eq(wire_encode_bridge(buf, cap, &len, 1, 0, &key, PARENT, 0, &t), WIRE_S_BAD_FIELD);
  key.pc = 33;
  ck_assert_int_eq(wire_encode_trace(buf, cap, &len, 1, 0, &key, &t), WIRE_S_BAD_FIELD);
  key = test_key();
  t.ins[t.nins - 2].a = t.nins; /* breaks SSA */
  ck_assert_int_eq(wire_encode_trace(buf, cap, &len, 1, 0, &key, &t), WIRE_S_INVALID_TRACE);
  ck_assert_uint_eq(len, 0);
  free(buf);
  ir_trace_free(&t);
}
END_TEST

/* -- Hostile input ---------------------------------------------------------------- */
START_TEST(test_wire_rejects_every_truncation)
{
  IrTrace t;
  build_trace(&t, false);
  size_t len;
  uint8_t *buf = encode_trace(&t, &len);
  for (size_t n = 0; n < len; n++) {
    uint8_t *copy = malloc(n ? n : 1); /* exact size: ASan sees any over-read */
    memcpy(copy, buf, n);
    ck_assert_msg(decode(copy, n) == WIRE_S_TRUNCATED, "length %zu", n);
    free(copy);
  }
  free(buf);
  ir_trace_free(&t);
}
END_TEST

static void flip_every_bit(bool bridge)
{
  IrTrace t;
  build_trace(&t, bridge);
  size_t len, decoded = 0;
  uint8_t *buf = encode_trace(&t, &len);
  for (size_t i = 0; i < len; i++)
    for (int bit = 0; bit < 8; bit++) {
      buf[i] ^= (uint8_t)(1u << bit);
      if (decode(buf, len) == WIRE_S_OK) decoded++; /* decode() checked it is valid */
      buf[i] ^= (uint8_t)(1u << bit);
    }
  /* The checksum covers the header too, so not even a flip in the request id gets through. */
  ck_assert_uint_eq(decoded, 0);
  free(buf);
  ir_trace_free(&t);
}

START_TEST(test_wire_rejects_every_bit_flip_of_a_trace) { flip_every_bit(false); }
END_TEST

START_TEST(test_wire_rejects_every_bit_flip_of_a_bridge) { flip_every_bit(true); }
END_TEST

START_TEST(test_wire_rejects_bad_framing)
{
  IrTrace t;
  build_trace(&t, false);
  size_t len;
  uint8_t *buf = encode_trace(&t, &len);
  uint8_t *b = malloc(len + 8);
  WireMsg m;

#define FRAMING(expect, edit, n)                                      \
  do {                                                                \
    memcpy(b, buf, len);                                              \
    edit;                                                             \
    ck_assert_str_eq(wire_status_name(decode(b, n)), wire_status_name(expect)); \
  } while (0)
  FRAMING(WIRE_S_BAD_MAGIC, b[0] = 'X', len);
  FRAMING(WIRE_S_BAD_MAGIC, b[2] = 's', 3);                 /* even when short */
  FRAMING(WIRE_S_BAD_VERSION, (b[4] = WIRE_VERSION + 1, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_TYPE, (b[6] = 0, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_TYPE, (b[6] = 7, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_FLAGS, (b[9] = 1, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_CHECKSUM, b[len - 1] ^= 0x80, len);
  FRAMING(WIRE_S_BAD_CHECKSUM, b[20] ^= 1, len);           /* request id */
  FRAMING(WIRE_S_TRAILING_BYTES, b[len] = 0, len + 1);      /* after the stated payload */
  FRAMING(WIRE_S_TRAILING_BYTES, (b[len] = 0, reseal(b, len + 1)), len + 1); /* after the sections */
  FRAMING(WIRE_S_OVERSIZED, put32(b + 12, WIRE_MSG_MAX), len);
  FRAMING(WIRE_S_TRUNCATED, (put32(b + 12, (uint32_t)len), put64(b + 24, 0)), len);
  /* A whole trace message given as a reply or a ping: the payload does not parse as one. */
  FRAMING(WIRE_S_TRAILING_BYTES, (b[6] = WIRE_PING, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_FIELD, (b[6] = WIRE_COMPILE_REPLY, reseal(b, len)), len);
  FRAMING(WIRE_S_BAD_FIELD, (b[6] = WIRE_BRIDGE_REQUEST, reseal(b, len)), len);
  /* A buffer over WIRE_MSG_MAX is refused before its length is looked at. */
  uint8_t *huge = calloc(1, (size_t)WIRE_MSG_MAX + 1);
  memcpy(huge, buf, WIRE_HEADER_SIZE);
  ck_assert_int_eq(wire_decode(huge, (size_t)WIRE_MSG_MAX + 1, &m, NULL, 0), WIRE_S_OVERSIZED);
  free(huge);
#undef FRAMING
  free(b);
  free(buf);
  ir_trace_free(&t);
}
END_TEST

START_TEST(test_wire_rejects_counts_over_limits_before_allocating)
{
  IrTrace t;
  build_trace(&t, false);
  size_t len;
  uint8_t *buf = encode_trace(&t, &len);
  uint8_t *b = malloc(len);
  const size_t counts = WIRE_HEADER_SIZE + WIRE_KEY_SIZE;
  const uint32_t max[7] = {IR_STRPOOL_MAX, IR_ARGS_MAX, IR_CONSTS_MAX, IR_OPS_MAX,
                           IR_SNAPSHOTS_MAX, IR_SNAP_FRAMES_MAX, IR_SNAP_ENTRIES_MAX};
  for (int i = 0; i < 7; i++) {
    /* Over the limit: rejected as such, whatever the payload holds. */
    const uint32_t over[3] = {max[i] + 1, 0x7fffffffu, 0xffffffffu};
    for (int j = 0; j < 3; j++) {
      memcpy(b, buf, len);
      put32(b + counts + 4u * i, over[j]);
      reseal(b, len);
      ck_assert_int_eq(decode(b, len), WIRE_S_COUNT_OVER_LIMIT);
    }
    /* At the limit: more than the payload holds, so truncated (nothing allocated yet). */
    memcpy(b, buf, len);
    put32(b + counts + 4u * i, max[i]);
    reseal(b, len);
    ck_assert_int_eq(decode(b, len), WIRE_S_TRUNCATED);
  }
  /* An error message longer than WIRE_ERRMSG_MAX. */
  uint8_t e[64];
  size_t elen;
  ck_assert_int_eq(wire_encode_error(e, sizeof e, &elen, 1, WIRE_E_INTERNAL, "boom"), WIRE_S_OK);
  put32(e + WIRE_HEADER_SIZE + 4, WIRE_ERRMSG_MAX + 1);
  reseal(e, elen);
  ck_assert_int_eq(decode(e, elen), WIRE_S_COUNT_OVER_LIMIT);
  put32(e + WIRE_HEADER_SIZE + 4, 5);
  reseal(e, elen);
  ck_assert_int_eq(decode(e, elen), WIRE_S_TRUNCATED);
  free(b);
  free(buf);
  ir_trace_free(&t);
}
END_TEST

/* A checksummed message with an invalid trace inside: the validator stops it. */
START_TEST(test_wire_rejects_invalid_trace_with_valid_checksum)
{
  IrTrace t;
  build_trace(&t, false);
  size_t len;
  uint8_t *buf = encode_trace(&t, &len);
  size_t ins_at = len - 4u * t.nentries - WIRE_FRAME_SIZE * t.nframes - 4u * t.nsnaps - WIRE_INS_SIZE * t.nins;
  /* Each instruction's op byte set to INT_ADD, one at a time. */
  size_t invalid = 0;
  for (uint32_t i = 0; i < t.nins; i++) {
    uint8_t save = buf[ins_at + WIRE_INS_SIZE * i];
    buf[ins_at + WIRE_INS_SIZE * i] = IR_INT_ADD;
    reseal(buf, len);
    WireStatus s = decode(buf, len);
    invalid += s == WIRE_S_INVALID_TRACE;
    ck_assert(s == WIRE_S_INVALID_TRACE || t.ins[i].op == IR_INT_ADD);
    buf[ins_at + WIRE_INS_SIZE * i] = save;
  }
  ck_assert_uint_gt(invalid, 0);
  reseal(buf, len);
  ck_assert_int_eq(decode(buf, len), WIRE_S_OK);
  /* A snapshot claiming more frames than exist. */
  put32(buf + len - 4u * t.nentries - WIRE_FRAME_SIZE * t.nframes - 4u * t.nsnaps, 9);
  reseal(buf, len);
  ck_assert_int_eq(decode(buf, len), WIRE_S_BAD_FIELD);
  free(buf);
  ir_trace_free(&t);
}
END_TEST

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

START_TEST(test_wire_rejects_random_bytes)
{
  IrTrace t;
  build_trace(&t, false);
  size_t tlen;
  uint8_t *valid = encode_trace(&t, &tlen);
  size_t accepted = 0;
  for (int i = 0; i < 10000; i++) {
    size_t n = (size_t)(rng() % 2048);
    uint8_t *b = malloc(n ? n : 1);
    for (size_t j = 0; j < n; j++) b[j] = (uint8_t)rng();
    int mode = i % 4;
    /* 0: raw noise; 1: a valid header prefix; 2: a real header, random payload, resealed;
       3: a valid trace with a random run of bytes overwritten, resealed. */
    if (mode >= 1 && n >= WIRE_HEADER_SIZE) {
      memcpy(b, "PJSW\x01\x00", 6);
      b[6] = (uint8_t)(1 + rng() % 6);
      b[7] = 0;
      memset(b + 8, 0, 4);
      if (mode >= 2) reseal(b, n);
    }
    if (mode == 3) {
      free(b);
      n = tlen;
      b = malloc(n);
      memcpy(b, valid, n);
      size_t at = WIRE_HEADER_SIZE + rng() % (n - WIRE_HEADER_SIZE), run = 1 + rng() % 8;
      for (size_t j = at; j < at + run && j < n; j++) b[j] = (uint8_t)rng();
      reseal(b, n);
    }
    accepted += decode(b, n) == WIRE_S_OK; /* decode() checks whatever passes is valid */
    free(b);
  }
  /* Resealed noise may form a PING/PONG (no payload) or a trace whose edit kept it valid;
     raw noise never decodes. Everything accepted has been validated above. */
  ck_assert_uint_lt(accepted, 10000 / 4);
  free(valid);
  ir_trace_free(&t);
}
END_TEST

static Suite *wire_suite(void)
{
  Suite *s = suite_create("wire");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_wire_trace_round_trip_is_exact);
  tcase_add_test(tc, test_wire_bridge_round_trip_is_exact);
  tcase_add_test(tc, test_wire_identical_traces_encode_identically);
  tcase_add_test(tc, test_wire_replies_round_trip);
  tcase_add_test(tc, test_wire_encode_refuses_bad_input);
  tcase_add_test(tc, test_wire_rejects_every_truncation);
  tcase_add_test(tc, test_wire_rejects_every_bit_flip_of_a_trace);
  tcase_add_test(tc, test_wire_rejects_every_bit_flip_of_a_bridge);
  tcase_add_test(tc, test_wire_rejects_bad_framing);
  tcase_add_test(tc, test_wire_rejects_counts_over_limits_before_allocating);
  tcase_add_test(tc, test_wire_rejects_invalid_trace_with_valid_checksum);
  tcase_add_test(tc, test_wire_rejects_random_bytes);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(wire_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
