/* jit.h: the JIT as the interpreter sees it (docs/ARCHITECTURE.md, "The JIT").
 *
 * Every loop back-edge (JUMP_BACKWARD) counts in its inline cache entry; a loop that reaches
 * jit_params.threshold is recorded (the interpreter dispatches every instruction through the
 * recorder until the loop closes or the recording aborts), sent to the compiler (pypy-jitd, or
 * the same server code in-process), and once its blob is linked, the back-edge enters it. An exit
 * from compiled code has written the interpreter frames it resumes in; the interpreter continues
 * there.
 */
#ifndef PJS_JIT_H
#define PJS_JIT_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"

/* Back-edge counter state in a JUMP_BACKWARD's cache entry e[0]: kind counts, key holds the
   JitLoop once the loop is known. The interpreter calls jit_back_edge when kind reaches
   jit_hot_count (a linked loop keeps it there, so every back-edge enters the code). */
extern int32_t jit_hot_count;

void jit_init(void);     /* after the runtime is up; reads jit_params */
void jit_shutdown(void); /* jit-summary, jit-backend-counts; waits for the compile thread */

/* A hot back-edge of frame f (f->pc at the loop header, f->sp saved). May record, compile, link,
   or run compiled code; returns true when it ran code (the frames from f up may have changed:
   reload the top frame). */
bool jit_back_edge(Frame *f, InlineCache *c);

/* Recording: the interpreter calls jit_record_insn before each instruction while
   jit_recording is set (f->sp saved; pc is the instruction). Returns the label to continue
   with: always the instruction's own handler. */
extern bool jit_recording;
void jit_record_insn(Frame *f, uint32_t *pc);

/* Makes code findable by its content hash (functions register theirs when made). */
void jit_register_code(Code *co);

/* The interpreter's side of frame rebuilding after an exit (interp.c). */
Frame *interp_top_frame(void);
/* Room for nframes more frames and window slots [from, from + slots) (compiled code that
   inlines calls is entered only with the room its exits may need). */
bool interp_has_room(const Value *from, uint32_t slots, uint32_t nframes);
Frame *interp_push_inlined(Code *co, Function *fn, Value *localsplus, Value *ret_slot);
void interp_set_recording(bool on); /* switches the dispatch table */

#endif
