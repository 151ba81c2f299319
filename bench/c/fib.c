/* Recursive calls: the doubly recursive Fibonacci function. */
#define BENCH_RT_IMPL
#include "rt.h"

/* noinline keeps every level a real wasm call. */
__attribute__((noinline)) static uint32_t fib(uint32_t n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

uint32_t run(uint32_t n) { return fib(n); }
