/* cache_fill: builds a small cache for tests/cache/test_pypy_cache.sh.
 *   pjs_cache_fill DIR N   publishes N loops (blob i holds 100 * (i + 1) bytes; loop 0's blob is
 *                          also published under a second key) and one bridge off loop 0's blob,
 *                          then prints "blob <id>" for every blob it published.
 */
#include "cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: pjs_cache_fill DIR N\n");
    return 2;
  }
  int n = atoi(argv[2]);
  Cache *c;
  CacheStatus s = cache_open(argv[1], CACHE_OPEN_WRITE, &c);
  if (s != CACHE_OK) {
    fprintf(stderr, "pjs_cache_fill: %s: %s\n", argv[1], cache_strerror(s));
    return 1;
  }
  uint8_t first[CACHE_ID_SIZE], id[CACHE_ID_SIZE];
  char hex[CACHE_HEX_SIZE];
  static uint8_t buf[100 * 1000];
  for (int i = 0; i < n && i < 1000; i++) {
    CacheKey k;
    memset(&k, 0, sizeof k);
    for (int j = 0; j < 16; j++) k.code_hash[j] = (uint8_t)(i + j);
    k.pc = (uint32_t)(4 * i + 2);
    k.arch = CACHE_ARCH_X86_64;
    k.cpu_features = 0x3;
    k.abi_version = 1;
    k.kind = CACHE_KIND_LOOP;
    size_t len = 100 * (size_t)(i + 1);
    for (size_t j = 0; j < len; j++) buf[j] = (uint8_t)(j * 7 + (size_t)i);
    if ((s = cache_publish(c, &k, buf, len, id)) != CACHE_OK) goto fail;
    cache_hex(id, hex);
    printf("blob %s\n", hex);
    if (i == 0) {
      memcpy(first, id, sizeof id);
      k.pc = 9999; /* the same code under a second key: stored once */
      if ((s = cache_publish(c, &k, buf, len, id)) != CACHE_OK) goto fail;
    }
  }
  if (n > 0) {
    CacheKey b;
    memset(&b, 0, sizeof b);
    b.arch = CACHE_ARCH_X86_64;
    b.abi_version = 1;
    b.kind = CACHE_KIND_BRIDGE;
    memcpy(b.parent_blob, first, sizeof first);
    b.guard = 5;
    static const uint8_t code[] = {0xC3};
    if ((s = cache_publish(c, &b, code, sizeof code, id)) != CACHE_OK) goto fail;
    cache_hex(id, hex);
    printf("blob %s\n", hex);
  }
  cache_close(c);
  return 0;
fail:
  fprintf(stderr, "pjs_cache_fill: publish: %s\n", cache_strerror(s));
  cache_close(c);
  return 1;
}
