/* jitd_compile.c: the compile step of `pypy-jitd`, trace in, blob out.
 *
 * The optimizer passes and the x86-64 code generator (on x64_emit) will live behind this one
 * function. Until they exist it refuses every trace with COMPILE_FAILED "backend not
 * implemented": a worker then keeps interpreting, which is always correct, whereas a fake blob
 * would be published to the shared cache and run by every worker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jitd.h"

uint32_t jitd_compile_trace(const IrTrace *t, const WireLoopKey *key, JitdBlob *out, char *err,
                            size_t errlen)
{
  memset(out, 0, sizeof *out);
  if (key->arch != WIRE_ARCH_X86_64) {
    snprintf(err, errlen, "target architecture %u not served (x86-64 only)", key->arch);
    return WIRE_E_UNSUPPORTED;
  }
  (void)t;
  snprintf(err, errlen, "backend not implemented");
  return WIRE_E_COMPILE_FAILED;
}

void jitd_blob_free(JitdBlob *b)
{
  free(b->bytes);
  memset(b, 0, sizeof *b);
}
