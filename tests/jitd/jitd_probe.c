/* jitd_probe.c: a small `pypy-jitd` client for tests/jitd/test_jitd.sh.
 *
 *   jitd_probe ADDR ping         PING, expects PONG
 *   jitd_probe ADDR trace [N]    a tiny counting loop built with the IR builder (to N)
 *   jitd_probe ADDR truncated    that trace's message cut in half
 *   jitd_probe ADDR reply        a PONG sent to the server (a message type it does not take)
 *   jitd_probe ADDR random N     N messages of random bytes (a quarter of them start with a valid
 *                                magic and version, so the server can answer them)
 *
 * One line per reply on stdout: "PONG", "ERROR <code>: <message>", "COMPILE_REPLY <status>
 * blob <id> size <n>", or "NO REPLY". Exit status: 0 when every reply decoded and matched its
 * request id (random: when nothing failed to decode), 1 otherwise, 2 for bad usage.
 */
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir.h"
#include "wire.h"

/* How long a request waits for its reply. A trace is answered in milliseconds; the margin is for
   loaded CI machines. */
#define PROBE_RECV_TIMEOUT_MS 10000
/* A random message the server cannot attribute is dropped unanswered: wait this long for it. */
#define PROBE_RANDOM_TIMEOUT_MS 300
/* Random messages in flight at once, each on its own context. */
#define PROBE_BATCH 16
/* Longest random message. */
#define PROBE_RANDOM_MAX 300

static uint64_t next_id;

/* -- A trace: while i < 1000: i += 1, as the recorder writes it ------------------------ */
static const uint8_t CODE_HASH[16] = {0x70, 0x72, 0x6f, 0x62, 0x65, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

static int build_loop(IrTrace *t, WireLoopKey *key, uint32_t limit)
{
  ir_trace_init(t);
  memcpy(t->code_hash, CODE_HASH, 16);
  uint32_t pc = limit == 1000 ? 12u : 13u; /* another limit: another loop */
  t->pc = pc;
  IrRef code = ir_const_code(t, CODE_HASH, "<module>", "probe.py", 1);
  ir_emit(t, IR_LABEL, ir_const_args(t, NULL, 0), 0, 0);
  ir_emit_k(t, IR_DEBUG_MERGE_POINT, IRK_VOID, 0, code, pc, 2);
  uint32_t snap = ir_snapshot_begin(t);
  ir_snapshot_frame(t, code, pc, 1);
  ir_snapshot_entry(t, IR_SNAP_UNCHANGED);
  ir_snapshot_end(t);
  IrRef p = ir_emit_k(t, IR_FRAME_GET, IRK_REF, 0, 0, 0, 0);
  ir_guard(t, IR_GUARD_TAGGED_INT, p, 0, snap);
  IrRef i = ir_emit(t, IR_UNBOX_INT, p, 0, 0);
  IrRef i2 = ir_emit(t, IR_INT_ADD_OVF, i, ir_const_int(t, 1), 0);
  ir_guard(t, IR_GUARD_NO_OVERFLOW, 0, 0, snap);
  IrRef lt = ir_emit(t, IR_INT_LT, i2, ir_const_int(t, limit), 0);
  ir_guard(t, IR_GUARD_TRUE, lt, 0, snap);
  ir_emit(t, IR_FRAME_SET, 0, ir_emit(t, IR_BOX_INT, i2, 0, 0), 0);
  ir_guard(t, IR_GUARD_NOT_INVALIDATED, 0, 0, snap);
  ir_emit(t, IR_JUMP, ir_const_args(t, NULL, 0), 0, 0);
  char err[256];
  if (ir_trace_status(t) != IR_S_OK || ir_validate(t, err, sizeof err) != IR_S_OK) {
    fprintf(stderr, "jitd_probe: bad trace: %s\n", err);
    return -1;
  }
  memset(key, 0, sizeof *key);
  memcpy(key->code_hash, CODE_HASH, 16);
  key->pc = pc;
  key->arch = WIRE_ARCH_X86_64;
  key->abi_version = 1;
  return 0;
}

static uint8_t *encode_loop(size_t *len, uint64_t id, uint32_t limit)
{
  IrTrace t;
  WireLoopKey key;
  if (build_loop(&t, &key, limit) != 0) return NULL;
  size_t cap = wire_trace_msg_size(&t);
  uint8_t *buf = malloc(cap);
  if (buf && wire_encode_trace(buf, cap, len, id, 0, &key, &t) != WIRE_S_OK) {
    free(buf);
    buf = NULL;
  }
  ir_trace_free(&t);
  return buf;
}

/* -- Replies ----------------------------------------------------------------------- */
static const char *error_name(uint32_t code)
{
  switch (code) {
#define WE_NAME(name, n) case n: return #name;
    WIRE_ERRORS(WE_NAME)
#undef WE_NAME
  }
  return "?";
}

/* Prints the reply; 0 if it decoded and answers request id (any id when id is 0). */
static int print_reply(const uint8_t *buf, size_t len, uint64_t id)
{
  WireMsg m;
  char err[256];
  WireStatus s = wire_decode(buf, len, &m, err, sizeof err);
  if (s != WIRE_S_OK) {
    printf("UNDECODABLE REPLY: %s: %s\n", wire_status_name(s), err);
    return 1;
  }
  int rc = 0;
  if (id && m.hdr.request_id != id) {
    printf("WRONG REQUEST ID %#llx (sent %#llx)\n", (unsigned long long)m.hdr.request_id,
           (unsigned long long)id);
    rc = 1;
  }
  switch (m.hdr.type) {
  case WIRE_PONG: printf("PONG\n"); break;
  case WIRE_ERROR_REPLY: printf("ERROR %s: %s\n", error_name(m.error.code), m.error.message); break;
  case WIRE_COMPILE_REPLY:
    printf("COMPILE_REPLY %s blob ", m.reply.status == WIRE_R_CACHED ? "CACHED" : "COMPILED");
    for (int i = 0; i < 16; i++) printf("%02x", m.reply.blob_id[i]);
    printf(" size %llu\n", (unsigned long long)m.reply.blob_size);
    break;
  default: printf("UNEXPECTED REPLY TYPE %u\n", m.hdr.type); rc = 1; break;
  }
  wire_msg_free(&m);
  return rc;
}

/* One request on the socket, waiting for its reply. */
static int request(nng_socket sock, const uint8_t *buf, size_t len, uint64_t id)
{
  int rv = nng_send(sock, (void *)buf, len, 0);
  if (rv != 0) {
    printf("SEND FAILED: %s\n", nng_strerror(rv));
    return 1;
  }
  void *rep;
  size_t replen;
  rv = nng_recv(sock, &rep, &replen, NNG_FLAG_ALLOC);
  if (rv != 0) {
    printf("NO REPLY (%s)\n", nng_strerror(rv));
    return 1;
  }
  rv = print_reply(rep, replen, id);
  nng_free(rep, replen);
  return rv;
}

/* -- Random messages, PROBE_BATCH at a time ------------------------------------------ */
static int random_messages(nng_socket sock, unsigned n)
{
  nng_ctx ctx[PROBE_BATCH];
  nng_aio *aio[PROBE_BATCH];
  for (int i = 0; i < PROBE_BATCH; i++) {
    if (nng_ctx_open(&ctx[i], sock) != 0 || nng_aio_alloc(&aio[i], NULL, NULL) != 0) {
      printf("cannot open contexts\n");
      return 1;
    }
  }
  unsigned answered = 0, unanswered = 0, bad = 0;
  for (unsigned done = 0; done < n;) {
    unsigned batch = n - done < PROBE_BATCH ? n - done : PROBE_BATCH;
    for (unsigned i = 0; i < batch; i++) {
      uint8_t buf[PROBE_RANDOM_MAX];
      size_t len = (size_t)rand() % sizeof buf;
      for (size_t j = 0; j < len; j++) buf[j] = (uint8_t)rand();
      if ((done + i) % 4 == 0 && len >= 8) memcpy(buf, "PJSW\x01\x00", 6);
      nng_msg *msg;
      if (nng_msg_alloc(&msg, 0) != 0 || nng_msg_append(msg, buf, len) != 0) return 1;
      nng_aio_set_msg(aio[i], msg);
      nng_aio_set_timeout(aio[i], PROBE_RECV_TIMEOUT_MS);
      nng_ctx_send(ctx[i], aio[i]);
    }
    for (unsigned i = 0; i < batch; i++) {
      nng_aio_wait(aio[i]);
      if (nng_aio_result(aio[i]) != 0) {
        nng_msg_free(nng_aio_get_msg(aio[i]));
        printf("SEND FAILED: %s\n", nng_strerror(nng_aio_result(aio[i])));
        return 1;
      }
      nng_aio_set_timeout(aio[i], PROBE_RANDOM_TIMEOUT_MS);
      nng_ctx_recv(ctx[i], aio[i]);
    }
    for (unsigned i = 0; i < batch; i++) {
      nng_aio_wait(aio[i]);
      if (nng_aio_result(aio[i]) != 0) {
        unanswered++;
        continue;
      }
      nng_msg *msg = nng_aio_get_msg(aio[i]);
      WireMsg m;
      char err[256];
      if (wire_decode(nng_msg_body(msg), nng_msg_len(msg), &m, err, sizeof err) != WIRE_S_OK ||
          m.hdr.type != WIRE_ERROR_REPLY || m.error.code != WIRE_E_BAD_MESSAGE)
        bad++;
      else
        answered++;
      wire_msg_free(&m);
      nng_msg_free(msg);
    }
    done += batch;
  }
  for (int i = 0; i < PROBE_BATCH; i++) {
    nng_aio_free(aio[i]);
    nng_ctx_close(ctx[i]);
  }
  printf("random: %u sent, %u answered BAD_MESSAGE, %u unanswered, %u other replies\n", n,
         answered, unanswered, bad);
  return bad ? 1 : 0;
}

/* -- Main ---------------------------------------------------------------------------- */
int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: jitd_probe ADDR ping|trace [N]|truncated|reply|random N\n");
    return 2;
  }
  const char *addr = argv[1], *cmd = argv[2];
  next_id = ((uint64_t)getpid() << 32) | 1u;
  srand((unsigned)getpid());
  nng_socket sock;
  int rv = nng_req0_open(&sock);
  if (rv == 0) rv = nng_socket_set_ms(sock, NNG_OPT_RECVTIMEO, PROBE_RECV_TIMEOUT_MS);
  if (rv == 0) rv = nng_dial(sock, addr, NULL, 0);
  if (rv != 0) {
    printf("CANNOT CONNECT to %s: %s\n", addr, nng_strerror(rv));
    return 1;
  }
  uint8_t small[WIRE_HEADER_SIZE];
  size_t len;
  uint64_t id = next_id++;
  int rc;
  if (strcmp(cmd, "ping") == 0) {
    wire_encode_ping(small, sizeof small, &len, id);
    rc = request(sock, small, len, id);
  } else if (strcmp(cmd, "reply") == 0) {
    wire_encode_pong(small, sizeof small, &len, id);
    rc = request(sock, small, len, id);
  } else if (strcmp(cmd, "trace") == 0 || strcmp(cmd, "truncated") == 0) {
    /* An optional limit makes another trace (not in the cache yet). */
    uint32_t limit = argc == 4 ? (uint32_t)strtoul(argv[3], NULL, 10) : 1000u;
    uint8_t *buf = encode_loop(&len, id, limit);
    if (!buf) return 1;
    if (strcmp(cmd, "truncated") == 0) len /= 2;
    rc = request(sock, buf, len, id);
    free(buf);
  } else if (strcmp(cmd, "random") == 0 && argc == 4) {
    rc = random_messages(sock, (unsigned)strtoul(argv[3], NULL, 10));
  } else {
    fprintf(stderr, "jitd_probe: unknown command '%s'\n", cmd);
    return 2;
  }
  nng_close(sock);
  return rc;
}
