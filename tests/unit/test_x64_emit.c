/* Unit tests for compiler-server/x64_emit.c.
 *
 * Every instruction form is checked twice: against a hard-coded byte string, and (when Capstone
 * is available) against Capstone's Intel-syntax reading of the bytes, an independent decoder.
 * With Capstone, sweeps over all registers, bases, indexes, scales and displacement boundaries
 * build the expected text programmatically. Without it (PJS_HAVE_CAPSTONE 0), the byte
 * vectors alone keep every form checked.
 */
#include "x64_emit.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The build says whether Capstone is linked; a bare compiler command finds out by itself. */
#ifndef PJS_HAVE_CAPSTONE
#if defined(__has_include)
#if __has_include(<capstone/capstone.h>)
#define PJS_HAVE_CAPSTONE 1
#endif
#endif
#endif
#if defined(PJS_HAVE_CAPSTONE) && PJS_HAVE_CAPSTONE
#define HAVE_CS 1
#include <capstone/capstone.h>
#else
#define HAVE_CS 0
#endif

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* -- Helpers ------------------------------------------------------------------------ */

static size_t parse_hex(const char *hex, uint8_t *out, size_t cap)
{
  size_t n = 0;
  while (*hex) {
    if (*hex == ' ') {
      hex++;
      continue;
    }
    unsigned v;
    ck_assert_msg(sscanf(hex, "%2x", &v) == 1 && n < cap, "bad hex vector '%s'", hex);
    out[n++] = (uint8_t)v;
    hex += 2;
  }
  return n;
}

static void to_hex(const uint8_t *p, size_t n, char *out, size_t cap)
{
  size_t k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n && k + 4 < cap; i++) k += (size_t)snprintf(out + k, cap - k, i ? " %02x" : "%02x", p[i]);
}

#if HAVE_CS
static csh cs_handle;

static csh cs(void)
{
  if (!cs_handle) {
    ck_assert_int_eq(cs_open(CS_ARCH_X86, CS_MODE_64, &cs_handle), CS_ERR_OK);
    ck_assert_int_eq(cs_option(cs_handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL), CS_ERR_OK);
  }
  return cs_handle;
}

/* Capstone's reading of code[0..len) at address addr: "mnemonic operands" per instruction,
 * joined with "; ". Bytes left undecoded show as "<undecoded>". */
static void disasm(const uint8_t *code, size_t len, uint64_t addr, char *out, size_t cap)
{
  cs_insn *insn;
  size_t n = cs_disasm(cs(), code, len, addr, 0, &insn);
  size_t used = 0, k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    k += (size_t)snprintf(out + k, cap - k, "%s%s%s%s", i ? "; " : "", insn[i].mnemonic,
                          insn[i].op_str[0] ? " " : "", insn[i].op_str);
    used += insn[i].size;
    if (k >= cap) break;
  }
  if (n) cs_free(insn, n);
  if (used != len && k < cap) snprintf(out + k, cap - k, "%s<undecoded>", k ? "; " : "");
}
#endif

/* The buffer's bytes must equal hex and, with Capstone, decode to text. */
static void expect_code(const X64Buf *b, const char *what, const char *hex, const char *text)
{
  uint8_t want[64];
  char got_hex[256];
  ck_assert_msg(x64_ok(b), "%s: error '%s'", what, x64_err_name(x64_error(b)));
  size_t n = parse_hex(hex, want, sizeof want);
  to_hex(b->code, b->len, got_hex, sizeof got_hex);
  ck_assert_msg(b->len == n && (n == 0 || memcmp(b->code, want, n) == 0), "%s: bytes %s, want %s",
                what, got_hex, hex);
#if HAVE_CS
  char got[512];
  disasm(b->code, b->len, 0, got, sizeof got);
  ck_assert_msg(strcmp(got, text) == 0, "%s (%s): Capstone reads '%s', want '%s'", what, got_hex,
                got, text);
#else
  (void)text;
#endif
}

/* Runs one emitter statement on a fresh buffer B and checks its bytes and text. */
#define EXPECT(stmt, hex, text) \
  do { \
    X64Buf b_; \
    X64Buf *B = &b_; \
    x64_init(B, 0); \
    stmt; \
    expect_code(B, #stmt, hex, text); \
    x64_free(B); \
  } while (0)

#if HAVE_CS
/* Capstone's number style: decimal up to 9, hex above; negative with a minus sign. */
static void fmt_num(char *out, size_t cap, int64_t v)
{
  uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  snprintf(out, cap, m > 9 ? "%s0x%" PRIx64 : "%s%" PRIu64, v < 0 ? "-" : "", m);
}

/* Capstone's spelling of a memory operand, e.g. "qword ptr [rbx + rcx*8 - 0x10]". */
static void fmt_mem(char *out, size_t cap, const char *size, X64Mem m)
{
  char idx[32] = "", disp[32] = "";
  if (m.index != X64_NOREG) {
    if (m.scale == 1)
      snprintf(idx, sizeof idx, " + %s", x64_reg_name(m.index));
    else
      snprintf(idx, sizeof idx, " + %s*%u", x64_reg_name(m.index), m.scale);
  }
  if (m.disp != 0) {
    char num[24];
    fmt_num(num, sizeof num, m.disp < 0 ? -(int64_t)m.disp : m.disp);
    snprintf(disp, sizeof disp, " %c %s", m.disp < 0 ? '-' : '+', num);
  }
  snprintf(out, cap, "%s%s[%s%s%s]", size, *size ? " ptr " : "", x64_reg_name(m.base), idx, disp);
}

/* Text check only, for the sweeps: Capstone's reading of B must be text. */
static void expect_text(const X64Buf *b, const char *text)
{
  char got[512], got_hex[256];
  ck_assert_msg(x64_ok(b), "%s: error '%s'", text, x64_err_name(x64_error(b)));
  disasm(b->code, b->len, 0, got, sizeof got);
  to_hex(b->code, b->len, got_hex, sizeof got_hex);
  ck_assert_msg(strcmp(got, text) == 0, "%s: Capstone reads '%s', want '%s'", got_hex, got, text);
}
#endif

/* Target of the jump or call at code[at]: our own reading of the few forms the encoder
 * emits (EB/7x rel8, E9/E8 rel32, 0F 8x rel32); *len receives the instruction's length. */
static int64_t jump_target(const X64Buf *b, size_t at, size_t *len)
{
  const uint8_t *p = b->code + at;
  int32_t rel;
  if (p[0] == 0xeb || (p[0] & 0xf0) == 0x70) {
    *len = 2;
    return (int64_t)(at + 2) + (int8_t)p[1];
  }
  size_t op = p[0] == 0x0f ? 2 : 1;
  ck_assert_msg(p[0] == 0xe9 || p[0] == 0xe8 || (p[0] == 0x0f && (p[1] & 0xf0) == 0x80),
                "no jump at %zu", at);
  memcpy(&rel, p + op, 4);
  *len = op + 4;
  return (int64_t)(at + op + 4) + rel;
}

/* Checks the jump at code[at] goes to target, by our reading and Capstone's. */
static size_t expect_jump(const X64Buf *b, size_t at, int64_t target, const char *mnemonic)
{
  size_t len;
  ck_assert_int_eq(jump_target(b, at, &len), target);
#if HAVE_CS
  cs_insn *insn;
  size_t n = cs_disasm(cs(), b->code + at, len, at, 1, &insn);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(insn[0].size, len);
  ck_assert_str_eq(insn[0].mnemonic, mnemonic);
  ck_assert_int_eq((int64_t)strtoull(insn[0].op_str, NULL, 0), target);
  cs_free(insn, n);
#else
  (void)mnemonic;
#endif
  return len;
}

/* -- Tables -------------------------------------------------------------------------- */

START_TEST(test_tables_names_and_numbers)
{
  ck_assert_str_eq(x64_reg_name(X64_RAX), "rax");
  ck_assert_str_eq(x64_reg_name(X64_R15), "r15");
  ck_assert_str_eq(x64_reg_name((X64Reg)16), "?");
  ck_assert_str_eq(x64_xmm_name(X64_XMM13), "xmm13");
  ck_assert_int_eq(X64_RSP, 4);
  ck_assert_int_eq(X64_R12, 12);
  ck_assert_int_eq(X64_CC_E, 4);
  ck_assert_int_eq(X64_CC_G, 15);
  ck_assert_str_eq(x64_cc_name(X64_CC_AE), "ae");
  ck_assert_int_eq(x64_cc_not(X64_CC_L), X64_CC_GE);
  ck_assert_int_eq(x64_cc_not(X64_CC_E), X64_CC_NE);
  ck_assert_int_eq(x64_cc_not(X64_CC_A), X64_CC_BE);
  ck_assert_str_eq(x64_err_name(X64_ERR_OVERFLOW), "code exceeds the buffer's size limit");
}
END_TEST

/* -- Moves --------------------------------------------------------------------------- */

START_TEST(test_mov_register_and_immediate_forms)
{
  EXPECT(x64_mov_rr(B, X64_RAX, X64_RBX), "48 89 d8", "mov rax, rbx");
  EXPECT(x64_mov_rr(B, X64_R15, X64_RSP), "49 89 e7", "mov r15, rsp");
  EXPECT(x64_mov_rr(B, X64_R8, X64_R13), "4d 89 e8", "mov r8, r13");
  EXPECT(x64_mov_rr(B, X64_RBP, X64_R12), "4c 89 e5", "mov rbp, r12");
  EXPECT(x64_mov_ri32(B, X64_RAX, -1), "48 c7 c0 ff ff ff ff", "mov rax, -1");
  EXPECT(x64_mov_ri32(B, X64_R11, INT32_MIN), "49 c7 c3 00 00 00 80", "mov r11, -0x80000000");
  EXPECT(x64_mov_ri32(B, X64_RCX, INT32_MAX), "48 c7 c1 ff ff ff 7f", "mov rcx, 0x7fffffff");
  EXPECT(x64_mov_ri32(B, X64_RSP, 0), "48 c7 c4 00 00 00 00", "mov rsp, 0");
  EXPECT(x64_movabs_ri(B, X64_RAX, 0x123456789abcdef0), "48 b8 f0 de bc 9a 78 56 34 12",
         "movabs rax, 0x123456789abcdef0");
  EXPECT(x64_movabs_ri(B, X64_R15, -2), "49 bf fe ff ff ff ff ff ff ff",
         "movabs r15, 0xfffffffffffffffe");
  EXPECT(x64_movabs_ri(B, X64_R8, 1), "49 b8 01 00 00 00 00 00 00 00", "movabs r8, 1");
  /* x64_mov_ri picks the shortest form. */
  EXPECT(x64_mov_ri(B, X64_RAX, 5), "b8 05 00 00 00", "mov eax, 5");
  EXPECT(x64_mov_ri(B, X64_R9, 0xffffffff), "41 b9 ff ff ff ff", "mov r9d, 0xffffffff");
  EXPECT(x64_mov_ri(B, X64_RDX, -5), "48 c7 c2 fb ff ff ff", "mov rdx, -5");
  EXPECT(x64_mov_ri(B, X64_RSI, INT32_MIN), "48 c7 c6 00 00 00 80", "mov rsi, -0x80000000");
  EXPECT(x64_mov_ri(B, X64_RDI, (int64_t)1 << 32), "48 bf 00 00 00 00 01 00 00 00",
         "movabs rdi, 0x100000000");
  EXPECT(x64_mov_ri(B, X64_R12, INT64_MIN), "49 bc 00 00 00 00 00 00 00 80",
         "movabs r12, 0x8000000000000000");
  EXPECT(x64_push(B, X64_RBP), "55", "push rbp");
  EXPECT(x64_push(B, X64_R12), "41 54", "push r12");
  EXPECT(x64_pop(B, X64_RAX), "58", "pop rax");
  EXPECT(x64_pop(B, X64_R15), "41 5f", "pop r15");
}
END_TEST

START_TEST(test_mov_memory_addressing_quirks)
{
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, 8)), "48 8b 43 08", "mov rax, qword ptr [rbx + 8]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, 0)), "48 8b 03", "mov rax, qword ptr [rbx]");
  /* RSP and R12 as a base need a SIB byte; RBP and R13 need a disp8 even for 0. */
  EXPECT(x64_mov_rm(B, X64_RCX, x64_mem(X64_RSP, 0)), "48 8b 0c 24", "mov rcx, qword ptr [rsp]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_R12, 16)), "49 8b 44 24 10",
         "mov rax, qword ptr [r12 + 0x10]");
  EXPECT(x64_mov_rm(B, X64_RDX, x64_mem(X64_RBP, 0)), "48 8b 55 00", "mov rdx, qword ptr [rbp]");
  EXPECT(x64_mov_rm(B, X64_R9, x64_mem(X64_R13, 0)), "4d 8b 4d 00", "mov r9, qword ptr [r13]");
  EXPECT(x64_mov_rm(B, X64_R8, x64_mem(X64_R15, -8)), "4d 8b 47 f8", "mov r8, qword ptr [r15 - 8]");
  /* disp8 / disp32 boundaries. */
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, 127)), "48 8b 43 7f",
         "mov rax, qword ptr [rbx + 0x7f]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, -128)), "48 8b 43 80",
         "mov rax, qword ptr [rbx - 0x80]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, 128)), "48 8b 83 80 00 00 00",
         "mov rax, qword ptr [rbx + 0x80]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, -129)), "48 8b 83 7f ff ff ff",
         "mov rax, qword ptr [rbx - 0x81]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, INT32_MAX)), "48 8b 83 ff ff ff 7f",
         "mov rax, qword ptr [rbx + 0x7fffffff]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem(X64_RBX, INT32_MIN)), "48 8b 83 00 00 00 80",
         "mov rax, qword ptr [rbx - 0x80000000]");
  EXPECT(x64_mov_rm(B, X64_RSI, x64_mem(X64_RSP, 128)), "48 8b b4 24 80 00 00 00",
         "mov rsi, qword ptr [rsp + 0x80]");
  EXPECT(x64_mov_rm(B, X64_RSI, x64_mem(X64_R13, -129)), "49 8b b5 7f ff ff ff",
         "mov rsi, qword ptr [r13 - 0x81]");
  /* Base + index*scale. R12 may be an index (only RSP may not); RBP/R13 bases keep disp8 0. */
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem_idx(X64_RBX, X64_RCX, 8, 0)), "48 8b 04 cb",
         "mov rax, qword ptr [rbx + rcx*8]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem_idx(X64_RSP, X64_R12, 1, 0)), "4a 8b 04 24",
         "mov rax, qword ptr [rsp + r12]");
  EXPECT(x64_mov_rm(B, X64_RAX, x64_mem_idx(X64_RBP, X64_R8, 2, 0)), "4a 8b 44 45 00",
         "mov rax, qword ptr [rbp + r8*2]");
  EXPECT(x64_mov_rm(B, X64_R15, x64_mem_idx(X64_R13, X64_R15, 4, -8)), "4f 8b 7c bd f8",
         "mov r15, qword ptr [r13 + r15*4 - 8]");
  EXPECT(x64_mov_rm(B, X64_R12, x64_mem_idx(X64_R12, X64_RBP, 8, 0x1000)), "4d 8b a4 ec 00 10 00 00",
         "mov r12, qword ptr [r12 + rbp*8 + 0x1000]");
  EXPECT(x64_mov_rm(B, X64_RDX, x64_mem_idx(X64_R8, X64_R13, 2, INT32_MIN)), "4b 8b 94 68 00 00 00 80",
         "mov rdx, qword ptr [r8 + r13*2 - 0x80000000]");
  EXPECT(x64_mov_mr(B, x64_mem(X64_RSP, 8), X64_RAX), "48 89 44 24 08",
         "mov qword ptr [rsp + 8], rax");
  EXPECT(x64_mov_mr(B, x64_mem_idx(X64_R15, X64_RAX, 8, INT32_MAX), X64_R13), "4d 89 ac c7 ff ff ff 7f",
         "mov qword ptr [r15 + rax*8 + 0x7fffffff], r13");
  EXPECT(x64_mov_mr(B, x64_mem(X64_RBP, -16), X64_RBP), "48 89 6d f0",
         "mov qword ptr [rbp - 0x10], rbp");
  EXPECT(x64_mov_mi32(B, x64_mem(X64_RAX, 8), 5), "48 c7 40 08 05 00 00 00",
         "mov qword ptr [rax + 8], 5");
  EXPECT(x64_mov_mi32(B, x64_mem(X64_R12, 0), -1), "49 c7 04 24 ff ff ff ff",
         "mov qword ptr [r12], -1");
  EXPECT(x64_mov_mi32(B, x64_mem_idx(X64_R13, X64_R9, 4, -200), INT32_MAX),
         "4b c7 84 8d 38 ff ff ff ff ff ff 7f", "mov qword ptr [r13 + r9*4 - 0xc8], 0x7fffffff");
}
END_TEST

START_TEST(test_mov_narrow_loads_stores_and_lea)
{
  EXPECT(x64_mov32_rm(B, X64_RAX, x64_mem(X64_RBX, 4)), "8b 43 04", "mov eax, dword ptr [rbx + 4]");
  EXPECT(x64_mov32_rm(B, X64_R10, x64_mem_idx(X64_R13, X64_R8, 4, 0)), "47 8b 54 85 00",
         "mov r10d, dword ptr [r13 + r8*4]");
  EXPECT(x64_mov32_mr(B, x64_mem(X64_RDI, 12), X64_R8), "44 89 47 0c",
         "mov dword ptr [rdi + 0xc], r8d");
  EXPECT(x64_mov32_mr(B, x64_mem(X64_RSP, -4), X64_RSI), "89 74 24 fc",
         "mov dword ptr [rsp - 4], esi");
  EXPECT(x64_mov32_mi(B, x64_mem(X64_RDI, 8), 0x12345678), "c7 47 08 78 56 34 12",
         "mov dword ptr [rdi + 8], 0x12345678");
  EXPECT(x64_mov32_mi(B, x64_mem(X64_R11, 0), -1), "41 c7 03 ff ff ff ff",
         "mov dword ptr [r11], 0xffffffff");
  EXPECT(x64_movsxd_rm(B, X64_RAX, x64_mem(X64_RSI, 0)), "48 63 06", "movsxd rax, dword ptr [rsi]");
  EXPECT(x64_movsxd_rm(B, X64_R14, x64_mem(X64_R12, 300)), "4d 63 b4 24 2c 01 00 00",
         "movsxd r14, dword ptr [r12 + 0x12c]");
  EXPECT(x64_movzx8_rm(B, X64_RAX, x64_mem(X64_RBX, 0)), "0f b6 03", "movzx eax, byte ptr [rbx]");
  EXPECT(x64_movzx8_rm(B, X64_R8, x64_mem(X64_R12, 1)), "45 0f b6 44 24 01",
         "movzx r8d, byte ptr [r12 + 1]");
  EXPECT(x64_movzx16_rm(B, X64_RCX, x64_mem(X64_RBP, -2)), "0f b7 4d fe",
         "movzx ecx, word ptr [rbp - 2]");
  EXPECT(x64_movzx16_rm(B, X64_R15, x64_mem_idx(X64_RAX, X64_R11, 2, 128)), "46 0f b7 bc 58 80 00 00 00",
         "movzx r15d, word ptr [rax + r11*2 + 0x80]");
  EXPECT(x64_movsx8_rm(B, X64_RAX, x64_mem(X64_RBX, 0)), "48 0f be 03", "movsx rax, byte ptr [rbx]");
  EXPECT(x64_movsx8_rm(B, X64_R9, x64_mem(X64_R13, -128)), "4d 0f be 4d 80",
         "movsx r9, byte ptr [r13 - 0x80]");
  EXPECT(x64_movsx16_rm(B, X64_R15, x64_mem_idx(X64_RAX, X64_RBX, 2, 0)), "4c 0f bf 3c 58",
         "movsx r15, word ptr [rax + rbx*2]");
  EXPECT(x64_movzx8_rr(B, X64_RAX, X64_RAX), "0f b6 c0", "movzx eax, al");
  EXPECT(x64_movzx8_rr(B, X64_RSI, X64_RSI), "40 0f b6 f6", "movzx esi, sil");
  EXPECT(x64_movzx8_rr(B, X64_RDX, X64_RSP), "40 0f b6 d4", "movzx edx, spl");
  EXPECT(x64_movzx8_rr(B, X64_R9, X64_R12), "45 0f b6 cc", "movzx r9d, r12b");
  EXPECT(x64_lea(B, X64_RAX, x64_mem_idx(X64_RBX, X64_RCX, 4, 16)), "48 8d 44 8b 10",
         "lea rax, [rbx + rcx*4 + 0x10]");
  EXPECT(x64_lea(B, X64_RSP, x64_mem(X64_RSP, -8)), "48 8d 64 24 f8", "lea rsp, [rsp - 8]");
  EXPECT(x64_lea(B, X64_R13, x64_mem_idx(X64_R13, X64_R13, 1, 0)), "4f 8d 6c 2d 00",
         "lea r13, [r13 + r13]");
  EXPECT(x64_lea(B, X64_R8, x64_mem(X64_RBP, INT32_MIN)), "4c 8d 85 00 00 00 80",
         "lea r8, [rbp - 0x80000000]");
}
END_TEST

/* -- Integer arithmetic ------------------------------------------------------------ */

START_TEST(test_alu_register_and_memory_forms)
{
  EXPECT(x64_add_rr(B, X64_RAX, X64_RBX), "48 01 d8", "add rax, rbx");
  EXPECT(x64_or_rr(B, X64_R8, X64_R9), "4d 09 c8", "or r8, r9");
  EXPECT(x64_and_rr(B, X64_RSP, X64_R15), "4c 21 fc", "and rsp, r15");
  EXPECT(x64_sub_rr(B, X64_R13, X64_RBP), "49 29 ed", "sub r13, rbp");
  EXPECT(x64_xor_rr(B, X64_RDX, X64_RDX), "48 31 d2", "xor rdx, rdx");
  EXPECT(x64_cmp_rr(B, X64_R12, X64_RAX), "49 39 c4", "cmp r12, rax");
  EXPECT(x64_add_rm(B, X64_RAX, x64_mem(X64_R13, 8)), "49 03 45 08", "add rax, qword ptr [r13 + 8]");
  EXPECT(x64_or_rm(B, X64_RCX, x64_mem(X64_RSP, 0)), "48 0b 0c 24", "or rcx, qword ptr [rsp]");
  EXPECT(x64_and_rm(B, X64_R10, x64_mem_idx(X64_RBX, X64_R12, 8, -1)), "4e 23 54 e3 ff",
         "and r10, qword ptr [rbx + r12*8 - 1]");
  EXPECT(x64_sub_rm(B, X64_RDI, x64_mem(X64_RBP, 0x100)), "48 2b bd 00 01 00 00",
         "sub rdi, qword ptr [rbp + 0x100]");
  EXPECT(x64_xor_rm(B, X64_R15, x64_mem(X64_R15, 0)), "4d 33 3f", "xor r15, qword ptr [r15]");
  EXPECT(x64_cmp_rm(B, X64_RAX, x64_mem(X64_R12, -8)), "49 3b 44 24 f8",
         "cmp rax, qword ptr [r12 - 8]");
  EXPECT(x64_add_mr(B, x64_mem(X64_RAX, 16), X64_RBX), "48 01 58 10", "add qword ptr [rax + 0x10], rbx");
  EXPECT(x64_or_mr(B, x64_mem(X64_R12, 0), X64_R8), "4d 09 04 24", "or qword ptr [r12], r8");
  EXPECT(x64_and_mr(B, x64_mem(X64_RBP, 0), X64_RCX), "48 21 4d 00", "and qword ptr [rbp], rcx");
  EXPECT(x64_sub_mr(B, x64_mem_idx(X64_RSI, X64_RDI, 2, 0), X64_R14), "4c 29 34 7e",
         "sub qword ptr [rsi + rdi*2], r14");
  EXPECT(x64_xor_mr(B, x64_mem(X64_R13, 1), X64_RSP), "49 31 65 01", "xor qword ptr [r13 + 1], rsp");
  EXPECT(x64_cmp_mr(B, x64_mem(X64_RDX, -300), X64_R9), "4c 39 8a d4 fe ff ff",
         "cmp qword ptr [rdx - 0x12c], r9");
}
END_TEST

START_TEST(test_alu_immediate_imm8_imm32_boundaries)
{
  EXPECT(x64_add_ri(B, X64_RAX, 127), "48 83 c0 7f", "add rax, 0x7f");
  EXPECT(x64_add_ri(B, X64_RAX, -128), "48 83 c0 80", "add rax, -0x80");
  EXPECT(x64_add_ri(B, X64_RAX, 128), "48 81 c0 80 00 00 00", "add rax, 0x80");
  EXPECT(x64_add_ri(B, X64_RAX, 1), "48 83 c0 01", "add rax, 1");
  EXPECT(x64_sub_ri(B, X64_RCX, -129), "48 81 e9 7f ff ff ff", "sub rcx, -0x81");
  EXPECT(x64_sub_ri(B, X64_RSP, 8), "48 83 ec 08", "sub rsp, 8");
  EXPECT(x64_cmp_ri(B, X64_R15, INT32_MIN), "49 81 ff 00 00 00 80", "cmp r15, -0x80000000");
  EXPECT(x64_cmp_ri(B, X64_R12, 0), "49 83 fc 00", "cmp r12, 0");
  EXPECT(x64_and_ri(B, X64_RBX, INT32_MAX), "48 81 e3 ff ff ff 7f", "and rbx, 0x7fffffff");
  EXPECT(x64_and_ri(B, X64_R13, -8), "49 83 e5 f8", "and r13, 0xfffffffffffffff8");
  EXPECT(x64_or_ri(B, X64_RBP, 1), "48 83 cd 01", "or rbp, 1");
  EXPECT(x64_or_ri(B, X64_R8, 0x10000), "49 81 c8 00 00 01 00", "or r8, 0x10000");
  EXPECT(x64_xor_ri(B, X64_R8, -1), "49 83 f0 ff", "xor r8, 0xffffffffffffffff");
  EXPECT(x64_xor_ri(B, X64_RDI, 255), "48 81 f7 ff 00 00 00", "xor rdi, 0xff");
  EXPECT(x64_cmp_mi(B, x64_mem(X64_RAX, 8), 5), "48 83 78 08 05", "cmp qword ptr [rax + 8], 5");
  EXPECT(x64_add_mi(B, x64_mem(X64_RSP, 0), -128), "48 83 04 24 80", "add qword ptr [rsp], -0x80");
  EXPECT(x64_sub_mi(B, x64_mem(X64_RBP, 0), 128), "48 81 6d 00 80 00 00 00",
         "sub qword ptr [rbp], 0x80");
  EXPECT(x64_or_mi(B, x64_mem_idx(X64_R13, X64_R12, 8, -0x100), 0x12345),
         "4b 81 8c e5 00 ff ff ff 45 23 01 00", "or qword ptr [r13 + r12*8 - 0x100], 0x12345");
  EXPECT(x64_and_mi(B, x64_mem(X64_R15, 127), INT32_MIN), "49 81 67 7f 00 00 00 80",
         "and qword ptr [r15 + 0x7f], 0xffffffff80000000");
  EXPECT(x64_xor_mi(B, x64_mem(X64_R8, 0), INT32_MAX), "49 81 30 ff ff ff 7f",
         "xor qword ptr [r8], 0x7fffffff");
  EXPECT(x64_cmp_mi(B, x64_mem(X64_R12, -129), 127), "49 83 bc 24 7f ff ff ff 7f",
         "cmp qword ptr [r12 - 0x81], 0x7f");
}
END_TEST

START_TEST(test_test_imul_unary_division)
{
  EXPECT(x64_test_rr(B, X64_RAX, X64_RAX), "48 85 c0", "test rax, rax");
  EXPECT(x64_test_rr(B, X64_R8, X64_RBX), "49 85 d8", "test r8, rbx");
  EXPECT(x64_test_rr(B, X64_RSP, X64_R13), "4c 85 ec", "test rsp, r13");
  EXPECT(x64_test_ri(B, X64_RCX, 0xff), "48 f7 c1 ff 00 00 00", "test rcx, 0xff");
  EXPECT(x64_test_ri(B, X64_R14, INT32_MIN), "49 f7 c6 00 00 00 80", "test r14, -0x80000000");
  EXPECT(x64_test_ri(B, X64_RAX, 1), "48 f7 c0 01 00 00 00", "test rax, 1");
  EXPECT(x64_imul_rr(B, X64_RAX, X64_R10), "49 0f af c2", "imul rax, r10");
  EXPECT(x64_imul_rr(B, X64_R12, X64_RBP), "4c 0f af e5", "imul r12, rbp");
  EXPECT(x64_imul_rm(B, X64_RDX, x64_mem_idx(X64_RBP, X64_R9, 8, 0x40)), "4a 0f af 54 cd 40",
         "imul rdx, qword ptr [rbp + r9*8 + 0x40]");
  EXPECT(x64_imul_rm(B, X64_R13, x64_mem(X64_RSP, 0)), "4c 0f af 2c 24", "imul r13, qword ptr [rsp]");
  EXPECT(x64_imul_rri(B, X64_RAX, X64_RBX, 127), "48 6b c3 7f", "imul rax, rbx, 0x7f");
  EXPECT(x64_imul_rri(B, X64_RAX, X64_RBX, -128), "48 6b c3 80", "imul rax, rbx, -0x80");
  EXPECT(x64_imul_rri(B, X64_R9, X64_R12, 128), "4d 69 cc 80 00 00 00", "imul r9, r12, 0x80");
  EXPECT(x64_imul_rri(B, X64_RSP, X64_R13, INT32_MIN), "49 69 e5 00 00 00 80",
         "imul rsp, r13, -0x80000000");
  EXPECT(x64_imul_rri(B, X64_R15, X64_R15, INT32_MAX), "4d 69 ff ff ff ff 7f",
         "imul r15, r15, 0x7fffffff");
  EXPECT(x64_neg(B, X64_RAX), "48 f7 d8", "neg rax");
  EXPECT(x64_neg(B, X64_R13), "49 f7 dd", "neg r13");
  EXPECT(x64_not(B, X64_R8), "49 f7 d0", "not r8");
  EXPECT(x64_not(B, X64_RSP), "48 f7 d4", "not rsp");
  EXPECT(x64_cqo(B), "48 99", "cqo");
  EXPECT(x64_idiv(B, X64_RCX), "48 f7 f9", "idiv rcx");
  EXPECT(x64_idiv(B, X64_R11), "49 f7 fb", "idiv r11");
  EXPECT(x64_imul1(B, X64_RCX), "48 f7 e9", "imul rcx");
  EXPECT(x64_imul1(B, X64_R10), "49 f7 ea", "imul r10");
  EXPECT(x64_mul1(B, X64_RCX), "48 f7 e1", "mul rcx");
  EXPECT(x64_mul1(B, X64_R11), "49 f7 e3", "mul r11");
  EXPECT((x64_mov_rr(B, X64_RAX, X64_RDI), x64_cqo(B), x64_idiv(B, X64_RSI)),
         "48 89 f8 48 99 48 f7 fe", "mov rax, rdi; cqo; idiv rsi");
}
END_TEST

START_TEST(test_shifts)
{
  EXPECT(x64_shl_ri(B, X64_RAX, 1), "48 d1 e0", "shl rax, 1");
  EXPECT(x64_shl_ri(B, X64_RAX, 3), "48 c1 e0 03", "shl rax, 3");
  EXPECT(x64_shl_ri(B, X64_R12, 32), "49 c1 e4 20", "shl r12, 0x20");
  EXPECT(x64_shr_ri(B, X64_R9, 63), "49 c1 e9 3f", "shr r9, 0x3f");
  EXPECT(x64_shr_ri(B, X64_RBP, 1), "48 d1 ed", "shr rbp, 1");
  EXPECT(x64_sar_ri(B, X64_RDX, 17), "48 c1 fa 11", "sar rdx, 0x11");
  EXPECT(x64_sar_ri(B, X64_R15, 1), "49 d1 ff", "sar r15, 1");
  EXPECT(x64_shl_rcl(B, X64_RAX), "48 d3 e0", "shl rax, cl");
  EXPECT(x64_shr_rcl(B, X64_RBX), "48 d3 eb", "shr rbx, cl");
  EXPECT(x64_sar_rcl(B, X64_R12), "49 d3 fc", "sar r12, cl");
  EXPECT(x64_sar_rcl(B, X64_RSP), "48 d3 fc", "sar rsp, cl");
}
END_TEST

START_TEST(test_setcc_and_cmov)
{
  EXPECT(x64_setcc(B, X64_CC_E, X64_RAX), "0f 94 c0", "sete al");
  EXPECT(x64_setcc(B, X64_CC_NE, X64_RSP), "40 0f 95 c4", "setne spl");
  EXPECT(x64_setcc(B, X64_CC_G, X64_RDI), "40 0f 9f c7", "setg dil");
  EXPECT(x64_setcc(B, X64_CC_L, X64_R15), "41 0f 9c c7", "setl r15b");
  EXPECT(x64_setcc(B, X64_CC_O, X64_RBX), "0f 90 c3", "seto bl");
  EXPECT(x64_setcc(B, X64_CC_P, X64_R8), "41 0f 9a c0", "setp r8b");
  EXPECT(x64_setcc_zx(B, X64_CC_A, X64_RCX), "0f 97 c1 0f b6 c9", "seta cl; movzx ecx, cl");
  EXPECT(x64_setcc_zx(B, X64_CC_LE, X64_RBP), "40 0f 9e c5 40 0f b6 ed", "setle bpl; movzx ebp, bpl");
  EXPECT(x64_setcc_zx(B, X64_CC_B, X64_R13), "41 0f 92 c5 45 0f b6 ed", "setb r13b; movzx r13d, r13b");
  EXPECT(x64_cmov_rr(B, X64_CC_E, X64_RAX, X64_RBX), "48 0f 44 c3", "cmove rax, rbx");
  EXPECT(x64_cmov_rr(B, X64_CC_GE, X64_R8, X64_R15), "4d 0f 4d c7", "cmovge r8, r15");
  EXPECT(x64_cmov_rr(B, X64_CC_NS, X64_RSP, X64_R12), "49 0f 49 e4", "cmovns rsp, r12");
  EXPECT(x64_cmov_rm(B, X64_CC_B, X64_RDX, x64_mem(X64_RSP, 8)), "48 0f 42 54 24 08",
         "cmovb rdx, qword ptr [rsp + 8]");
  EXPECT(x64_cmov_rm(B, X64_CC_NO, X64_R11, x64_mem_idx(X64_R13, X64_RAX, 4, 0)), "4d 0f 41 5c 85 00",
         "cmovno r11, qword ptr [r13 + rax*4]");
}
END_TEST

/* -- Control transfer ----------------------------------------------------------------- */

START_TEST(test_indirect_jumps_calls_and_traps)
{
  EXPECT(x64_jmp_r(B, X64_RAX), "ff e0", "jmp rax");
  EXPECT(x64_jmp_r(B, X64_R11), "41 ff e3", "jmp r11");
  EXPECT(x64_jmp_m(B, x64_mem(X64_RAX, 8)), "ff 60 08", "jmp qword ptr [rax + 8]");
  EXPECT(x64_jmp_m(B, x64_mem_idx(X64_R12, X64_RBX, 8, 0)), "41 ff 24 dc", "jmp qword ptr [r12 + rbx*8]");
  EXPECT(x64_call_r(B, X64_RAX), "ff d0", "call rax");
  EXPECT(x64_call_r(B, X64_R15), "41 ff d7", "call r15");
  EXPECT(x64_call_m(B, x64_mem(X64_R13, -16)), "41 ff 55 f0", "call qword ptr [r13 - 0x10]");
  EXPECT(x64_call_m(B, x64_mem(X64_RSP, 0x200)), "ff 94 24 00 02 00 00",
         "call qword ptr [rsp + 0x200]");
  EXPECT(x64_call_at(B, 0x100), "e8 fb 00 00 00", "call 0x100");
  EXPECT((x64_int3(B), x64_call_at(B, 0)), "cc e8 fa ff ff ff", "int3; call 0");
  EXPECT(x64_ret(B), "c3", "ret");
  EXPECT(x64_int3(B), "cc", "int3");
  EXPECT(x64_ud2(B), "0f 0b", "ud2");
}
END_TEST

START_TEST(test_nops_of_every_length_and_align)
{
  EXPECT(x64_nop(B, 0), "", "");
  EXPECT(x64_nop(B, 1), "90", "nop");
  EXPECT(x64_nop(B, 2), "66 90", "nop");
  EXPECT(x64_nop(B, 3), "0f 1f 00", "nop dword ptr [rax]");
  EXPECT(x64_nop(B, 4), "0f 1f 40 00", "nop dword ptr [rax]");
  EXPECT(x64_nop(B, 5), "0f 1f 44 00 00", "nop dword ptr [rax + rax]");
  EXPECT(x64_nop(B, 6), "66 0f 1f 44 00 00", "nop word ptr [rax + rax]");
  EXPECT(x64_nop(B, 7), "0f 1f 80 00 00 00 00", "nop dword ptr [rax]");
  EXPECT(x64_nop(B, 8), "0f 1f 84 00 00 00 00 00", "nop dword ptr [rax + rax]");
  EXPECT(x64_nop(B, 9), "66 0f 1f 84 00 00 00 00 00", "nop word ptr [rax + rax]");
  EXPECT(x64_nop(B, 12), "66 0f 1f 84 00 00 00 00 00 0f 1f 00",
         "nop word ptr [rax + rax]; nop dword ptr [rax]");
  EXPECT((x64_ret(B), x64_align(B, 8)), "c3 0f 1f 80 00 00 00 00", "ret; nop dword ptr [rax]");
  EXPECT((x64_ud2(B), x64_align(B, 4)), "0f 0b 66 90", "ud2; nop");
  EXPECT((x64_cqo(B), x64_cqo(B), x64_align(B, 4)), "48 99 48 99", "cqo; cqo");
  EXPECT(x64_align(B, 16), "", "");

  X64Buf b;
  x64_init(&b, 0);
  for (size_t i = 1; i <= 40; i++) {
    x64_int3(&b);
    x64_align(&b, 32);
    ck_assert_uint_eq(b.len % 32, 0);
  }
  x64_align(&b, 3);
  ck_assert_int_eq(x64_error(&b), X64_ERR_OPERAND);
  x64_free(&b);
}
END_TEST

/* -- SSE2 ----------------------------------------------------------------------------- */

START_TEST(test_sse2_double_forms)
{
  EXPECT(x64_movsd_xm(B, X64_XMM0, x64_mem(X64_RAX, 0)), "f2 0f 10 00", "movsd xmm0, qword ptr [rax]");
  EXPECT(x64_movsd_xm(B, X64_XMM15, x64_mem(X64_R12, 8)), "f2 45 0f 10 7c 24 08",
         "movsd xmm15, qword ptr [r12 + 8]");
  EXPECT(x64_movsd_xm(B, X64_XMM3, x64_mem_idx(X64_RBP, X64_R8, 8, -1024)), "f2 42 0f 10 9c c5 00 fc ff ff",
         "movsd xmm3, qword ptr [rbp + r8*8 - 0x400]");
  EXPECT(x64_movsd_mx(B, x64_mem(X64_RBP, -8), X64_XMM8), "f2 44 0f 11 45 f8",
         "movsd qword ptr [rbp - 8], xmm8");
  EXPECT(x64_movsd_mx(B, x64_mem(X64_R13, 0), X64_XMM1), "f2 41 0f 11 4d 00",
         "movsd qword ptr [r13], xmm1");
  EXPECT(x64_movsd_xx(B, X64_XMM1, X64_XMM2), "f2 0f 10 ca", "movsd xmm1, xmm2");
  EXPECT(x64_movsd_xx(B, X64_XMM9, X64_XMM0), "f2 44 0f 10 c8", "movsd xmm9, xmm0");
  EXPECT(x64_movapd_xx(B, X64_XMM3, X64_XMM12), "66 41 0f 28 dc", "movapd xmm3, xmm12");
  EXPECT(x64_movq_xr(B, X64_XMM0, X64_RAX), "66 48 0f 6e c0", "movq xmm0, rax");
  EXPECT(x64_movq_xr(B, X64_XMM10, X64_R13), "66 4d 0f 6e d5", "movq xmm10, r13");
  EXPECT(x64_movq_xr(B, X64_XMM2, X64_RSP), "66 48 0f 6e d4", "movq xmm2, rsp");
  EXPECT(x64_movq_rx(B, X64_RAX, X64_XMM0), "66 48 0f 7e c0", "movq rax, xmm0");
  EXPECT(x64_movq_rx(B, X64_R8, X64_XMM15), "66 4d 0f 7e f8", "movq r8, xmm15");
  EXPECT(x64_addsd_xx(B, X64_XMM0, X64_XMM1), "f2 0f 58 c1", "addsd xmm0, xmm1");
  EXPECT(x64_addsd_xm(B, X64_XMM8, x64_mem(X64_RSP, 0)), "f2 44 0f 58 04 24",
         "addsd xmm8, qword ptr [rsp]");
  EXPECT(x64_subsd_xx(B, X64_XMM15, X64_XMM14), "f2 45 0f 5c fe", "subsd xmm15, xmm14");
  EXPECT(x64_subsd_xm(B, X64_XMM2, x64_mem(X64_RSP, 16)), "f2 0f 5c 54 24 10",
         "subsd xmm2, qword ptr [rsp + 0x10]");
  EXPECT(x64_mulsd_xx(B, X64_XMM14, X64_XMM7), "f2 44 0f 59 f7", "mulsd xmm14, xmm7");
  EXPECT(x64_mulsd_xm(B, X64_XMM4, x64_mem_idx(X64_RAX, X64_RCX, 8, 0)), "f2 0f 59 24 c8",
         "mulsd xmm4, qword ptr [rax + rcx*8]");
  EXPECT(x64_divsd_xx(B, X64_XMM0, X64_XMM9), "f2 41 0f 5e c1", "divsd xmm0, xmm9");
  EXPECT(x64_divsd_xm(B, X64_XMM1, x64_mem(X64_R13, 0)), "f2 41 0f 5e 4d 00",
         "divsd xmm1, qword ptr [r13]");
  EXPECT(x64_sqrtsd_xx(B, X64_XMM0, X64_XMM0), "f2 0f 51 c0", "sqrtsd xmm0, xmm0");
  EXPECT(x64_sqrtsd_xm(B, X64_XMM11, x64_mem(X64_RDI, 128)), "f2 44 0f 51 9f 80 00 00 00",
         "sqrtsd xmm11, qword ptr [rdi + 0x80]");
  EXPECT(x64_ucomisd_xx(B, X64_XMM0, X64_XMM9), "66 41 0f 2e c1", "ucomisd xmm0, xmm9");
  EXPECT(x64_ucomisd_xm(B, X64_XMM12, x64_mem(X64_R12, -8)), "66 45 0f 2e 64 24 f8",
         "ucomisd xmm12, qword ptr [r12 - 8]");
  EXPECT(x64_xorpd_xx(B, X64_XMM5, X64_XMM5), "66 0f 57 ed", "xorpd xmm5, xmm5");
  EXPECT(x64_xorpd_xm(B, X64_XMM0, x64_mem(X64_R15, 0x20)), "66 41 0f 57 47 20",
         "xorpd xmm0, xmmword ptr [r15 + 0x20]");
  EXPECT(x64_andpd_xx(B, X64_XMM0, X64_XMM15), "66 41 0f 54 c7", "andpd xmm0, xmm15");
  EXPECT(x64_andpd_xm(B, X64_XMM9, x64_mem(X64_RSP, 16)), "66 44 0f 54 4c 24 10",
         "andpd xmm9, xmmword ptr [rsp + 0x10]");
  EXPECT(x64_movd_mx(B, x64_mem(X64_R11, 4), X64_XMM15), "66 45 0f 7e 7b 04",
         "movd dword ptr [r11 + 4], xmm15");
  EXPECT(x64_movd_mx(B, x64_mem(X64_RAX, 0), X64_XMM1), "66 0f 7e 08", "movd dword ptr [rax], xmm1");
  EXPECT(x64_cvtsi2sd(B, X64_XMM0, X64_RAX), "f2 48 0f 2a c0", "cvtsi2sd xmm0, rax");
  EXPECT(x64_cvtsi2sd(B, X64_XMM11, X64_R14), "f2 4d 0f 2a de", "cvtsi2sd xmm11, r14");
  EXPECT(x64_cvttsd2si(B, X64_RAX, X64_XMM0), "f2 48 0f 2c c0", "cvttsd2si rax, xmm0");
  EXPECT(x64_cvttsd2si(B, X64_R12, X64_XMM13), "f2 4d 0f 2c e5", "cvttsd2si r12, xmm13");
}
END_TEST

/* -- Sweeps (Capstone) -------------------------------------------------------------- */

#if HAVE_CS
static const X64Reg all_gprs[] = {
#define GPR_ROW(name, lo, n) X64_##name,
  X64_GPRS(GPR_ROW)
#undef GPR_ROW
};

static const X64Xmm all_xmms[] = {
#define XMM_ROW(name, lo, n) X64_##name,
  X64_XMMS(XMM_ROW)
#undef XMM_ROW
};

static const int32_t sweep_disps[] = {0, 1, -1, 127, -128, 128, -129, INT32_MAX, INT32_MIN};

START_TEST(test_sweep_register_pairs)
{
  static const char *const alu_names[] = {
#define ALU_NAME(name, d, mr, rm) #name,
    X64_ALU_OPS(ALU_NAME)
#undef ALU_NAME
  };
  char want[128];
  for (size_t i = 0; i < 16; i++) {
    for (size_t j = 0; j < 16; j++) {
      X64Reg d = all_gprs[i], s = all_gprs[j];
      X64Buf b;
      x64_init(&b, 0);
      x64_mov_rr(&b, d, s);
      snprintf(want, sizeof want, "mov %s, %s", x64_reg_name(d), x64_reg_name(s));
      expect_text(&b, want);
      for (int op = 0; op < X64_ALU__COUNT; op++) {
        b.len = 0;
        x64_alu_rr(&b, (X64Alu)op, d, s);
        snprintf(want, sizeof want, "%s %s, %s", alu_names[op], x64_reg_name(d), x64_reg_name(s));
        expect_text(&b, want);
      }
      b.len = 0;
      x64_imul_rr(&b, d, s);
      snprintf(want, sizeof want, "imul %s, %s", x64_reg_name(d), x64_reg_name(s));
      expect_text(&b, want);
      b.len = 0;
      x64_test_rr(&b, d, s);
      snprintf(want, sizeof want, "test %s, %s", x64_reg_name(d), x64_reg_name(s));
      expect_text(&b, want);
      b.len = 0;
      x64_movq_xr(&b, all_xmms[i], s);
      snprintf(want, sizeof want, "movq %s, %s", x64_xmm_name(all_xmms[i]), x64_reg_name(s));
      expect_text(&b, want);
      b.len = 0;
      x64_movq_rx(&b, d, all_xmms[j]);
      snprintf(want, sizeof want, "movq %s, %s", x64_reg_name(d), x64_xmm_name(all_xmms[j]));
      expect_text(&b, want);
      b.len = 0;
      x64_addsd_xx(&b, all_xmms[i], all_xmms[j]);
      snprintf(want, sizeof want, "addsd %s, %s", x64_xmm_name(all_xmms[i]), x64_xmm_name(all_xmms[j]));
      expect_text(&b, want);
      x64_free(&b);
    }
  }
}
END_TEST

START_TEST(test_sweep_every_base_index_scale_disp)
{
  static const unsigned scales[] = {1, 2, 4, 8};
  char mem[96], want[160];
  X64Buf b;
  x64_init(&b, 0);
  for (size_t bi = 0; bi < 16; bi++) {
    for (int ii = -1; ii < 16; ii++) {
      if (ii == X64_RSP) continue;
      for (size_t si = 0; si < NELEM(scales); si++) {
        if (ii < 0 && si > 0) continue;
        for (size_t di = 0; di < NELEM(sweep_disps); di++) {
          X64Mem m = x64_mem_idx(all_gprs[bi], (X64Reg)ii, scales[si], sweep_disps[di]);
          X64Reg r = all_gprs[(bi + 5 + (size_t)ii) & 15];
          fmt_mem(mem, sizeof mem, "qword", m);
          b.len = 0;
          x64_mov_rm(&b, r, m);
          snprintf(want, sizeof want, "mov %s, %s", x64_reg_name(r), mem);
          expect_text(&b, want);
          b.len = 0;
          x64_mov_mr(&b, m, r);
          snprintf(want, sizeof want, "mov %s, %s", mem, x64_reg_name(r));
          expect_text(&b, want);
          b.len = 0;
          x64_movsd_xm(&b, all_xmms[(bi + 3) & 15], m);
          snprintf(want, sizeof want, "movsd %s, %s", x64_xmm_name(all_xmms[(bi + 3) & 15]), mem);
          expect_text(&b, want);
          fmt_mem(mem, sizeof mem, "", m);
          b.len = 0;
          x64_lea(&b, r, m);
          snprintf(want, sizeof want, "lea %s, %s", x64_reg_name(r), mem);
          expect_text(&b, want);
        }
      }
    }
  }
  x64_free(&b);
}
END_TEST

START_TEST(test_sweep_immediates_and_single_register_forms)
{
  static const char *const gpr32_names[16] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi",
                                               "edi", "r8d", "r9d", "r10d", "r11d", "r12d",
                                               "r13d", "r14d", "r15d"};
  static const int32_t imms[] = {0, 1, -1, 9, 10, 127, -128, 128, -129, 255, INT32_MAX, INT32_MIN};
  char want[128], num[32];
  X64Buf b;
  x64_init(&b, 0);
  for (size_t i = 0; i < 16; i++) {
    X64Reg r = all_gprs[i];
    const char *n = x64_reg_name(r);
    for (size_t k = 0; k < NELEM(imms); k++) {
            int32_t v = imms[k];
      fmt_num(num, sizeof num, v);
      b.len = 0;
      x64_cmp_ri(&b, r, v);
      snprintf(want, sizeof want, "cmp %s, %s", n, num);
      expect_text(&b, want);
      ck_assert_uint_eq(b.len, (v >= -128 && v <= 127 ? 4u : 7u));
      b.len = 0;
      x64_imul_rri(&b, r, all_gprs[15 - i], v);
      snprintf(want, sizeof want, "imul %s, %s, %s", n, x64_reg_name(all_gprs[15 - i]), num);
      expect_text(&b, want);
      b.len = 0;
      x64_mov_ri(&b, r, v);
      if (v >= 0)
        snprintf(want, sizeof want, "mov %s, %s", gpr32_names[i], num);
      else
        snprintf(want, sizeof want, "mov %s, %s", n, num);
      expect_text(&b, want);
    }
    b.len = 0;
    x64_push(&b, r);
    x64_pop(&b, r);
    x64_neg(&b, r);
    x64_not(&b, r);
    x64_idiv(&b, r);
    x64_jmp_r(&b, r);
    x64_call_r(&b, r);
    snprintf(want, sizeof want, "push %s; pop %s; neg %s; not %s; idiv %s; jmp %s; call %s", n, n, n, n,
             n, n, n);
    expect_text(&b, want);
    b.len = 0;
    x64_shl_ri(&b, r, 5);
    x64_shr_rcl(&b, r);
    x64_sar_ri(&b, r, 1);
    snprintf(want, sizeof want, "shl %s, 5; shr %s, cl; sar %s, 1", n, n, n);
    expect_text(&b, want);
  }
  x64_free(&b);
}
END_TEST

START_TEST(test_sweep_every_condition_code)
{
  char want[64];
  X64Buf b;
  x64_init(&b, 0);
  for (int cc = 0; cc < 16; cc++) {
    const char *c = x64_cc_name((X64Cond)cc);
    b.len = 0;
    x64_setcc(&b, (X64Cond)cc, X64_RDX);
    x64_cmov_rr(&b, (X64Cond)cc, X64_R9, X64_RBX);
    snprintf(want, sizeof want, "set%s dl; cmov%s r9, rbx", c, c);
    expect_text(&b, want);
  }
  x64_free(&b);
}
END_TEST
#endif

/* -- Labels ------------------------------------------------------------------------- */

START_TEST(test_label_forward_jumps_patched_on_bind)
{
  X64Buf b;
  x64_init(&b, 0);
  X64Label l = x64_label_new(&b);
  ck_assert_int_eq(x64_label_offset(&b, l), -1);
  x64_jmp(&b, l, X64_NEAR);             /* 0: e9 rel32 */
  x64_jcc(&b, X64_CC_NE, l, X64_NEAR);  /* 5: 0f 85 rel32 */
  x64_jcc(&b, X64_CC_L, l, X64_SHORT);  /* 11: 7c rel8 */
  x64_jmp(&b, l, X64_SHORT);            /* 13: eb rel8 */
  x64_call(&b, l);                      /* 15: e8 rel32 */
  ck_assert(!x64_ok(&b));
  ck_assert_int_eq(x64_error(&b), X64_ERR_UNBOUND);
  x64_nop(&b, 7);
  x64_bind(&b, l);
  x64_ret(&b);
  ck_assert(x64_ok(&b));
  ck_assert_int_eq(x64_label_offset(&b, l), 27);
  size_t at = 0;
  at += expect_jump(&b, at, 27, "jmp");
  ck_assert_uint_eq(at, 5);
  at += expect_jump(&b, at, 27, "jne");
  ck_assert_uint_eq(at, 11);
  at += expect_jump(&b, at, 27, "jl");
  at += expect_jump(&b, at, 27, "jmp");
  ck_assert_uint_eq(at, 15);
  at += expect_jump(&b, at, 27, "call");
  ck_assert_uint_eq(at, 20);
  x64_free(&b);
}
END_TEST

START_TEST(test_label_backward_jumps_pick_rel8_when_it_fits)
{
  X64Buf b;
  x64_init(&b, 0);
  X64Label top = x64_label_new(&b);
  x64_bind(&b, top);
  x64_nop(&b, 126);
  x64_jmp(&b, top, X64_NEAR);           /* 126: rel8 -128, the farthest that fits */
  ck_assert_uint_eq(b.len, 128);
  ck_assert_uint_eq(b.code[126], 0xeb);
  ck_assert_uint_eq(b.code[127], 0x80);
  expect_jump(&b, 126, 0, "jmp");
  x64_jcc(&b, X64_CC_GE, top, X64_NEAR); /* 128: rel8 would be -130: rel32 */
  ck_assert_uint_eq(b.len, 134);
  expect_jump(&b, 128, 0, "jge");
  x64_jmp(&b, top, X64_NEAR);           /* 134: e9 rel32 */
  expect_jump(&b, 134, 0, "jmp");
  x64_call(&b, top);
  expect_jump(&b, 139, 0, "call");
  x64_call_at(&b, 126);
  expect_jump(&b, 144, 126, "call");
  X64Label mid = x64_label_new(&b);
  x64_bind(&b, mid);
  x64_jcc(&b, X64_CC_B, mid, X64_SHORT); /* a jump to itself: rel8 -2 */
  ck_assert_uint_eq(b.code[149], 0x72);
  ck_assert_uint_eq(b.code[150], 0xfe);
  expect_jump(&b, 149, 149, "jb");
  ck_assert(x64_ok(&b));
  x64_free(&b);
}
END_TEST

START_TEST(test_label_every_condition_code_both_sizes)
{
  static const char *const jnames[16] = {"jo", "jno", "jb", "jae", "je", "jne", "jbe", "ja",
                                          "js", "jns", "jp", "jnp", "jl", "jge", "jle", "jg"};
  X64Buf b;
  x64_init(&b, 0);
  X64Label l = x64_label_new(&b);
  for (int cc = 0; cc < 16; cc++) {
    x64_jcc(&b, (X64Cond)cc, l, X64_NEAR);
    x64_jcc(&b, (X64Cond)cc, l, X64_SHORT);
  }
  x64_bind(&b, l);
  ck_assert(x64_ok(&b));
  size_t at = 0;
  for (int cc = 0; cc < 16; cc++) {
    ck_assert_uint_eq(b.code[at], 0x0f);
    ck_assert_uint_eq(b.code[at + 1], 0x80 + (unsigned)cc);
    at += expect_jump(&b, at, (int64_t)b.len, jnames[cc]);
    ck_assert_uint_eq(b.code[at], 0x70 + (unsigned)cc);
    at += expect_jump(&b, at, (int64_t)b.len, jnames[cc]);
  }
  ck_assert_uint_eq(at, b.len);
  x64_free(&b);
}
END_TEST

START_TEST(test_label_short_jump_out_of_range_is_an_error)
{
  X64Buf b;
  /* Forward: 127 bytes is the farthest a short jump reaches. */
  x64_init(&b, 0);
  X64Label l = x64_label_new(&b);
  x64_jmp(&b, l, X64_SHORT);
  x64_nop(&b, 127);
  x64_bind(&b, l);
  ck_assert(x64_ok(&b));
  expect_jump(&b, 0, 129, "jmp");
  x64_free(&b);

  x64_init(&b, 0);
  l = x64_label_new(&b);
  x64_jcc(&b, X64_CC_E, l, X64_SHORT);
  x64_nop(&b, 128);
  x64_bind(&b, l);
  ck_assert_int_eq(x64_error(&b), X64_ERR_RANGE);
  x64_free(&b);

  /* Backward with an explicit short hint. */
  x64_init(&b, 0);
  l = x64_label_new(&b);
  x64_bind(&b, l);
  x64_nop(&b, 127);
  x64_jmp(&b, l, X64_SHORT);
  ck_assert_int_eq(x64_error(&b), X64_ERR_RANGE);
  ck_assert_uint_eq(b.len, 127);
  x64_free(&b);
}
END_TEST

START_TEST(test_label_misuse_is_an_error)
{
  X64Buf b;
  x64_init(&b, 0);
  X64Label l = x64_label_new(&b);
  x64_bind(&b, l);
  x64_bind(&b, l);
  ck_assert_int_eq(x64_error(&b), X64_ERR_LABEL);
  x64_free(&b);

  x64_init(&b, 0);
  x64_jmp(&b, 7, X64_NEAR);
  ck_assert_int_eq(x64_error(&b), X64_ERR_LABEL);
  ck_assert_uint_eq(b.len, 0);
  x64_free(&b);

  x64_init(&b, 0);
  x64_bind(&b, 0);
  ck_assert_int_eq(x64_error(&b), X64_ERR_LABEL);
  x64_free(&b);

  /* A jump whose label is never bound leaves the buffer not ok. */
  x64_init(&b, 0);
  l = x64_label_new(&b);
  x64_jcc(&b, X64_CC_O, l, X64_NEAR);
  x64_ret(&b);
  ck_assert(!x64_ok(&b));
  ck_assert_int_eq(x64_error(&b), X64_ERR_UNBOUND);
  x64_free(&b);

  x64_init(&b, 0);
  x64_call_at(&b, X64_CODE_MAX);
  ck_assert_int_eq(x64_error(&b), X64_ERR_RANGE);
  x64_free(&b);
}
END_TEST

START_TEST(test_label_many_labels_and_fixups)
{
  /* Each of 5000 labels gets two forward jumps and one backward jump. */
  enum { N = 5000 };
  X64Buf b;
  x64_init(&b, 0);
  static X64Label ls[N];
  static size_t at[N][3];
  for (int i = 0; i < N; i++) ls[i] = x64_label_new(&b);
  for (int i = 0; i < N; i++) {
    at[i][0] = b.len;
    x64_jcc(&b, (X64Cond)(i & 15), ls[i], X64_NEAR);
    at[i][1] = b.len;
    x64_jmp(&b, ls[i], X64_NEAR);
    if (i >= 2) x64_bind(&b, ls[i - 2]);
  }
  x64_bind(&b, ls[N - 2]);
  x64_bind(&b, ls[N - 1]);
  for (int i = 0; i < N; i++) {
    at[i][2] = b.len;
    x64_jmp(&b, ls[i], X64_NEAR);
  }
  ck_assert(x64_ok(&b));
  for (int i = 0; i < N; i++) {
    size_t len;
    int64_t pos = x64_label_offset(&b, ls[i]);
    ck_assert_int_ge(pos, 0);
    for (int k = 0; k < 3; k++) ck_assert_int_eq(jump_target(&b, at[i][k], &len), pos);
  }
  x64_free(&b);
}
END_TEST

/* -- Operand checking and the size limit -------------------------------------------- */

START_TEST(test_bad_operands_are_refused_without_writing)
{
  X64Buf b;
#define REFUSED(stmt) \
  do { \
    x64_init(&b, 0); \
    stmt; \
    ck_assert_msg(x64_error(&b) == X64_ERR_OPERAND && b.len == 0, "%s: error %d len %zu", #stmt, \
                  x64_error(&b), b.len); \
    x64_free(&b); \
  } while (0)
  REFUSED(x64_mov_rm(&b, X64_RAX, x64_mem_idx(X64_RBX, X64_RSP, 1, 0)));
  REFUSED(x64_mov_rm(&b, X64_RAX, x64_mem_idx(X64_RBX, X64_RCX, 3, 0)));
  REFUSED(x64_mov_rm(&b, X64_RAX, x64_mem_idx(X64_RBX, X64_RCX, 0, 0)));
  REFUSED(x64_mov_rm(&b, X64_RAX, x64_mem(X64_NOREG, 0)));
  REFUSED(x64_mov_rm(&b, (X64Reg)16, x64_mem(X64_RAX, 0)));
  REFUSED(x64_mov_rr(&b, X64_RAX, (X64Reg)-1));
  REFUSED(x64_push(&b, (X64Reg)99));
  REFUSED(x64_shl_ri(&b, X64_RAX, 64));
  REFUSED(x64_setcc(&b, (X64Cond)16, X64_RAX));
  REFUSED(x64_jcc(&b, (X64Cond)-1, 0, X64_NEAR));
  REFUSED(x64_alu_rr(&b, X64_ALU__COUNT, X64_RAX, X64_RBX));
  REFUSED(x64_shift_rcl(&b, X64_SHIFT__COUNT, X64_RAX));
  REFUSED(x64_sse_xx(&b, X64_SSE__COUNT, X64_XMM0, X64_XMM1));
  REFUSED(x64_addsd_xx(&b, (X64Xmm)16, X64_XMM1));
  REFUSED(x64_align(&b, 0));
  REFUSED(x64_align(&b, 8192));
#undef REFUSED
  /* The first error sticks and later emitters do nothing. */
  x64_init(&b, 0);
  x64_ret(&b);
  x64_mov_rr(&b, (X64Reg)20, X64_RAX);
  x64_ret(&b);
  ck_assert_uint_eq(b.len, 1);
  ck_assert_int_eq(x64_error(&b), X64_ERR_OPERAND);
  x64_free(&b);
}
END_TEST

START_TEST(test_overflow_refused_without_writing_past_the_end)
{
  X64Buf b;
  x64_init(&b, 8); /* the allocation is exactly 8 bytes: ASan catches any write past it */
  x64_mov_rr(&b, X64_RAX, X64_RBX);
  x64_mov_rr(&b, X64_RCX, X64_RDX);
  ck_assert(x64_ok(&b));
  ck_assert_uint_eq(b.len, 6);
  x64_movabs_ri(&b, X64_RAX, 1); /* 10 bytes: does not fit, nothing of it is written */
  ck_assert_int_eq(x64_error(&b), X64_ERR_OVERFLOW);
  ck_assert(!x64_ok(&b));
  ck_assert_uint_eq(b.len, 6);
  ck_assert_uint_le(b.cap, 8);
  x64_int3(&b); /* would fit, but the error sticks */
  x64_nop(&b, 1);
  ck_assert_uint_eq(b.len, 6);
  static const uint8_t want[] = {0x48, 0x89, 0xd8, 0x48, 0x89, 0xd1};
  ck_assert(memcmp(b.code, want, sizeof want) == 0);
  x64_free(&b);

  /* Filling the buffer exactly is fine; one more byte is not. */
  x64_init(&b, 6);
  x64_nop(&b, 4);
  x64_ud2(&b);
  ck_assert(x64_ok(&b));
  ck_assert_uint_eq(b.len, 6);
  x64_ret(&b);
  ck_assert_int_eq(x64_error(&b), X64_ERR_OVERFLOW);
  ck_assert_uint_eq(b.len, 6);
  x64_free(&b);

  /* A nop run is all or nothing; a refused jump leaves no fixup behind. */
  x64_init(&b, 4);
  x64_nop(&b, 5);
  ck_assert_int_eq(x64_error(&b), X64_ERR_OVERFLOW);
  ck_assert_uint_eq(b.len, 0);
  x64_free(&b);
  x64_init(&b, 4);
  X64Label l = x64_label_new(&b);
  x64_jmp(&b, l, X64_NEAR);
  ck_assert_int_eq(x64_error(&b), X64_ERR_OVERFLOW);
  ck_assert_uint_eq(b.npending, 0);
  ck_assert_uint_eq(b.len, 0);
  x64_bind(&b, l);
  ck_assert_uint_eq(b.len, 0);
  x64_free(&b);

  /* Every emitter at every fill level of a tiny buffer: never past the end. */
  for (size_t max = 1; max <= 16; max++) {
    for (size_t fill = 0; fill <= max; fill++) {
      x64_init(&b, max);
      x64_nop(&b, fill);
      x64_mov_mi32(&b, x64_mem_idx(X64_R13, X64_R12, 8, INT32_MIN), INT32_MAX);
      x64_movsd_xm(&b, X64_XMM15, x64_mem(X64_R12, 0x1000));
      x64_jcc(&b, X64_CC_E, x64_label_new(&b), X64_NEAR);
      x64_setcc_zx(&b, X64_CC_E, X64_RSI);
      x64_align(&b, 16);
      ck_assert_uint_le(b.len, max);
      ck_assert_uint_le(b.cap, max);
      x64_free(&b);
    }
  }
}
END_TEST

START_TEST(test_buffer_grows_up_to_code_max)
{
  X64Buf b;
  x64_init(&b, X64_CODE_MAX * 4);
  ck_assert_uint_eq(b.max, X64_CODE_MAX);
  size_t n = 0;
  while (x64_ok(&b)) {
    x64_mov_ri32(&b, (X64Reg)(n & 15), (int32_t)n); /* 7 bytes each */
    n++;
  }
  ck_assert_int_eq(x64_error(&b), X64_ERR_OVERFLOW);
  ck_assert_uint_eq(b.len, (X64_CODE_MAX / 7) * 7);
  ck_assert_uint_le(b.cap, X64_CODE_MAX);
  for (size_t i = 0; i < n - 1; i += 4099) {
    const uint8_t *p = b.code + i * 7;
    int32_t v;
    memcpy(&v, p + 3, 4);
    ck_assert_uint_eq(p[0], (i & 15) >= 8 ? 0x49 : 0x48);
    ck_assert_uint_eq(p[1], 0xc7);
    ck_assert_uint_eq(p[2], 0xc0 | (i & 7));
    ck_assert_int_eq(v, (int32_t)i);
  }
  x64_free(&b);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("x64_emit");
  TCase *tc = tcase_create("x64_emit");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_tables_names_and_numbers);
  tcase_add_test(tc, test_mov_register_and_immediate_forms);
  tcase_add_test(tc, test_mov_memory_addressing_quirks);
  tcase_add_test(tc, test_mov_narrow_loads_stores_and_lea);
  tcase_add_test(tc, test_alu_register_and_memory_forms);
  tcase_add_test(tc, test_alu_immediate_imm8_imm32_boundaries);
  tcase_add_test(tc, test_test_imul_unary_division);
  tcase_add_test(tc, test_shifts);
  tcase_add_test(tc, test_setcc_and_cmov);
  tcase_add_test(tc, test_indirect_jumps_calls_and_traps);
  tcase_add_test(tc, test_nops_of_every_length_and_align);
  tcase_add_test(tc, test_sse2_double_forms);
#if HAVE_CS
  tcase_add_test(tc, test_sweep_register_pairs);
  tcase_add_test(tc, test_sweep_every_base_index_scale_disp);
  tcase_add_test(tc, test_sweep_immediates_and_single_register_forms);
  tcase_add_test(tc, test_sweep_every_condition_code);
#endif
  tcase_add_test(tc, test_label_forward_jumps_patched_on_bind);
  tcase_add_test(tc, test_label_backward_jumps_pick_rel8_when_it_fits);
  tcase_add_test(tc, test_label_every_condition_code_both_sizes);
  tcase_add_test(tc, test_label_short_jump_out_of_range_is_an_error);
  tcase_add_test(tc, test_label_misuse_is_an_error);
  tcase_add_test(tc, test_label_many_labels_and_fixups);
  tcase_add_test(tc, test_bad_operands_are_refused_without_writing);
  tcase_add_test(tc, test_overflow_refused_without_writing_past_the_end);
  tcase_add_test(tc, test_buffer_grows_up_to_code_max);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
#if HAVE_CS
  if (cs_handle) cs_close(&cs_handle);
#endif
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
