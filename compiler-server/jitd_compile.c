/* jitd_compile.c: the compile step of `pypy-jitd`, trace in, blob out: the optimizer, then the
 * x86-64 code generator, then a check of the blob as a worker will check it (defense in depth:
 * a blob that would not link is never published).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "blob.h"
#include "jitd.h"
#include "pypylog.h"
#include "optimize.h"
#include "x64_codegen.h"

uint32_t jitd_compile_trace(const IrTrace *t, const WireLoopKey *key, JitdBlob *out, char *err,
                            size_t errlen)
{
  memset(out, 0, sizeof *out);
  if (key->arch != WIRE_ARCH_X86_64) {
    snprintf(err, errlen, "target architecture %u not served (x86-64 only)", key->arch);
    return WIRE_E_UNSUPPORTED;
  }
  uint64_t t0 = uv_hrtime();
  /* An optimizer that gives up is not an error: the trace as recorded is correct code. */
  IrTrace opt;
  ir_trace_init(&opt);
  char oerr[256];
  const IrTrace *use = t;
  if (optimize_trace(t, &opt, NULL, oerr, sizeof oerr) == 0) use = &opt;
  else if (pypylog_on[PL_JIT_ABORT]) jitd_log_line(PL_JIT_ABORT, oerr);
  out->optimize_us = jitd_us_since(t0);
  t0 = uv_hrtime();
  uint8_t *bytes;
  size_t len;
  int rc = x64_compile(use, &bytes, &len, err, errlen);
  if (rc == 0 && pypylog_on[PL_JIT_LOG_OPT]) jitd_log_trace(PL_JIT_LOG_OPT, use);
  ir_trace_free(&opt);
  if (rc != 0) return WIRE_E_COMPILE_FAILED;
  if (!blob_check(bytes, len, err, errlen)) {
    free(bytes);
    return WIRE_E_INTERNAL;
  }
  out->bytes = bytes;
  out->len = len;
  out->backend_us = jitd_us_since(t0);
  return 0;
}

void jitd_blob_free(JitdBlob *b)
{
  free(b->bytes);
  memset(b, 0, sizeof *b);
}
