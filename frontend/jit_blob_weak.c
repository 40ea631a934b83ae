/* TEMPORARY until shared/blob.c lands. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "blob.h"
__attribute__((weak)) bool blob_check(const void *bytes, size_t len, char *err, size_t errlen) { (void)bytes; (void)len; snprintf(err, errlen, "no blob_check"); return false; }
__attribute__((weak)) void blob_link_defaults(const BlobHeader *h, const uint8_t *b, uint64_t *s) { (void)h; (void)b; (void)s; }
