/* blob.c: checking a blob as hostile bytes, and its default exit slots (shared/blob.h). */
#include <stdio.h>
#include <string.h>

#include "blob.h"

static bool bad(char *err, size_t errlen, const char *what)
{
  if (err && errlen) snprintf(err, errlen, "blob: %s", what);
  return false;
}

/* [off, off + n * size) lies in [lo, len) without overflow. */
static bool section(uint64_t off, uint64_t n, uint64_t size, uint64_t lo, uint64_t len)
{
  return off >= lo && off <= len && n <= (len - off) / (size ? size : 1) && off % 4 == 0;
}

static bool imports_ok(const BlobHeader *h, const uint8_t *base)
{
  const BlobImport *im = (const BlobImport *)(base + h->imports_off);
  for (uint32_t i = 0; i < h->nimports; i++) {
    if (im[i].what < BLOB_IMPORT_ADDR || im[i].what > BLOB_IMPORT_VERSION_ADDR) return false;
    if (im[i].kind >= IRC__COUNT) return false;
    if (im[i].s0_off > h->strpool_len || im[i].s0_len > h->strpool_len - im[i].s0_off) return false;
    if (im[i].s1_off > h->strpool_len || im[i].s1_len > h->strpool_len - im[i].s1_off) return false;
    if (im[i].kind == IRC_SYM_MAP && im[i].n >= i) return false; /* its class comes first */
  }
  return true;
}

static bool exits_ok(const BlobHeader *h, const uint8_t *base)
{
  const BlobExit *ex = (const BlobExit *)(base + h->exits_off);
  for (uint32_t i = 0; i < h->nexits; i++) {
    if (ex[i].nframes == 0 || ex[i].nframes > IR_SNAP_DEPTH_MAX) return false;
    if (ex[i].frame_start > h->nframes || ex[i].nframes > h->nframes - ex[i].frame_start) return false;
    if (ex[i].tail_off >= h->code_len) return false;
  }
  const BlobFrame *fr = (const BlobFrame *)(base + h->frames_off);
  for (uint32_t i = 0; i < h->nframes; i++)
    if (fr[i].nslots > IR_FRAME_SLOTS_MAX || fr[i].base > IR_WINDOW_SLOTS_MAX) return false;
  return true;
}

bool blob_check(const void *bytes, size_t len, char *err, size_t errlen)
{
  const uint8_t *base = bytes;
  if (!bytes || len < sizeof(BlobHeader)) return bad(err, errlen, "shorter than its header");
  if ((uintptr_t)base % 8) return bad(err, errlen, "misaligned");
  const BlobHeader *h = bytes;
  if (memcmp(h->magic, BLOB_MAGIC, 4) != 0) return bad(err, errlen, "bad magic");
  if (h->version != BLOB_VERSION) return bad(err, errlen, "unsupported blob version");
  if (h->abi_version != BLOB_ABI_VERSION) return bad(err, errlen, "other runtime ABI");
  if (h->flags & ~(uint32_t)BLOB_F_BRIDGE) return bad(err, errlen, "unknown flags");
  if (h->code_len == 0 || h->code_len > BLOB_CODE_MAX || !section(h->code_off, h->code_len, 1, sizeof *h, len))
    return bad(err, errlen, "code out of bounds");
  if (h->entry_off >= h->code_len || h->loop_off >= h->code_len)
    return bad(err, errlen, "entry outside the code");
  uint64_t code_end = (uint64_t)h->code_off + h->code_len;
  if (h->nimports > BLOB_IMPORTS_MAX || !section(h->imports_off, h->nimports, sizeof(BlobImport), code_end, len))
    return bad(err, errlen, "imports out of bounds");
  uint64_t imp_end = h->imports_off + (uint64_t)h->nimports * sizeof(BlobImport);
  if (h->nexits > BLOB_EXITS_MAX || !section(h->exits_off, h->nexits, sizeof(BlobExit), imp_end, len))
    return bad(err, errlen, "exits out of bounds");
  uint64_t ex_end = h->exits_off + (uint64_t)h->nexits * sizeof(BlobExit);
  if (h->nframes > BLOB_FRAMES_MAX || !section(h->frames_off, h->nframes, sizeof(BlobFrame), ex_end, len))
    return bad(err, errlen, "frames out of bounds");
  uint64_t fr_end = h->frames_off + (uint64_t)h->nframes * sizeof(BlobFrame);
  if (h->strpool_len > BLOB_STRPOOL_MAX || h->strpool_off < fr_end || h->strpool_off > len ||
      h->strpool_len > len - h->strpool_off)
    return bad(err, errlen, "string pool out of bounds");
  if (!imports_ok(h, base)) return bad(err, errlen, "malformed import");
  if (!exits_ok(h, base)) return bad(err, errlen, "malformed exit or frame");
  return true;
}

void blob_link_defaults(const BlobHeader *h, const uint8_t *blob_base, uint64_t *slots)
{
  const BlobExit *ex = (const BlobExit *)(blob_base + h->exits_off);
  for (uint32_t k = 0; k < h->nexits; k++) {
    slots[BLOB_EXIT_SLOT(h, k)] = (uint64_t)(uintptr_t)(blob_base + h->code_off + ex[k].tail_off);
    slots[BLOB_EXIT_SLOT(h, k) + 1] = (uint64_t)(uintptr_t)slots;
  }
  slots[BLOB_LOOP_SLOT(h)] = 0;
  slots[BLOB_LOOP_SLOT(h) + 1] = 0;
}
