/* Indirect calls: a register-machine bytecode interpreter that dispatches
 * every instruction through a table of function pointers (call_indirect). */
#define BENCH_RT_IMPL
#include "rt.h"

typedef struct Vm Vm;
typedef struct {
  uint8_t op, a, b, c;
} Insn;
typedef void (*Handler)(Vm *vm, const Insn *in);

struct Vm {
  uint32_t r[8];
  uint32_t pc;
  int halted;
};

enum { OP_LI, OP_MOV, OP_ADD, OP_ADDI, OP_SUB, OP_AND, OP_SHRI, OP_MUL3P1, OP_JZ, OP_JNZ, OP_JLT, OP_JMP, OP_HALT, OP_COUNT };

static void op_li(Vm *vm, const Insn *in) { vm->r[in->a] = (uint32_t)in->b | (uint32_t)in->c << 8; vm->pc++; }
static void op_mov(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b]; vm->pc++; }
static void op_add(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] + vm->r[in->c]; vm->pc++; }
static void op_addi(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] + in->c; vm->pc++; }
static void op_sub(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] - vm->r[in->c]; vm->pc++; }
static void op_and(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] & vm->r[in->c]; vm->pc++; }
static void op_shri(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] >> in->c; vm->pc++; }
static void op_mul3p1(Vm *vm, const Insn *in) { vm->r[in->a] = vm->r[in->b] * 3 + 1; vm->pc++; }
static void op_jz(Vm *vm, const Insn *in) { vm->pc = vm->r[in->a] == 0 ? in->b : vm->pc + 1; }
static void op_jnz(Vm *vm, const Insn *in) { vm->pc = vm->r[in->a] != 0 ? in->b : vm->pc + 1; }
static void op_jlt(Vm *vm, const Insn *in) { vm->pc = vm->r[in->a] < vm->r[in->b] ? in->c : vm->pc + 1; }
static void op_jmp(Vm *vm, const Insn *in) { vm->pc = in->a; }
static void op_halt(Vm *vm, const Insn *in) { (void)in; vm->halted = 1; }

/* Not const and filled at run time, so the compiler cannot devirtualise dispatch. */
static Handler handlers[OP_COUNT];

/* Sum of Collatz step counts for 1..r1 (r1 preset by the caller):
 *   r0 = total, r2 = i, r3 = x, r4 = 1, r5 = scratch */
static const Insn program[] = {
    /* 0 */ {OP_LI, 0, 0, 0},
    /* 1 */ {OP_LI, 2, 1, 0},
    /* 2 */ {OP_LI, 4, 1, 0},
    /* 3 */ {OP_JLT, 1, 2, 16},   /* loop: if n < i goto done */
    /* 4 */ {OP_MOV, 3, 2, 0},    /* x = i */
    /* 5 */ {OP_SUB, 5, 3, 4},    /* step: scratch = x - 1 */
    /* 6 */ {OP_JZ, 5, 14, 0},    /* x == 1: goto next */
    /* 7 */ {OP_ADDI, 0, 0, 1},   /* total++ */
    /* 8 */ {OP_AND, 5, 3, 4},    /* scratch = x & 1 */
    /* 9 */ {OP_JNZ, 5, 12, 0},   /* odd: goto 12 */
    /* 10 */ {OP_SHRI, 3, 3, 1},  /* x >>= 1 */
    /* 11 */ {OP_JMP, 5, 0, 0},
    /* 12 */ {OP_MUL3P1, 3, 3, 0}, /* x = 3x + 1 */
    /* 13 */ {OP_JMP, 5, 0, 0},
    /* 14 */ {OP_ADDI, 2, 2, 1},  /* next: i++ */
    /* 15 */ {OP_JMP, 3, 0, 0},
    /* 16 */ {OP_HALT, 0, 0, 0},
};

uint32_t run(uint32_t n) {
  handlers[OP_LI] = op_li;
  handlers[OP_MOV] = op_mov;
  handlers[OP_ADD] = op_add;
  handlers[OP_ADDI] = op_addi;
  handlers[OP_SUB] = op_sub;
  handlers[OP_AND] = op_and;
  handlers[OP_SHRI] = op_shri;
  handlers[OP_MUL3P1] = op_mul3p1;
  handlers[OP_JZ] = op_jz;
  handlers[OP_JNZ] = op_jnz;
  handlers[OP_JLT] = op_jlt;
  handlers[OP_JMP] = op_jmp;
  handlers[OP_HALT] = op_halt;
  Vm vm = {{0}, 0, 0};
  vm.r[1] = n;
  while (!vm.halted) {
    const Insn *in = &program[vm.pc];
    handlers[in->op](&vm, in);
  }
  return vm.r[0] ^ (vm.r[3] << 16);
}
