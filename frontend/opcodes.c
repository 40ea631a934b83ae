/* opcodes.c: the per-op tables generated from OPCODES. */
#include <stdint.h>

#include "opcodes.h"

const char *const opcode_names[] = {
#define OP_NAME(name, cache, jump) #name,
  OPCODES(OP_NAME)
#undef OP_NAME
};
const unsigned char opcode_has_cache[] = {
#define OP_CACHE(name, cache, jump) cache,
  OPCODES(OP_CACHE)
#undef OP_CACHE
};
const unsigned char opcode_is_jump[] = {
#define OP_JUMP(name, cache, jump) jump,
  OPCODES(OP_JUMP)
#undef OP_JUMP
};
