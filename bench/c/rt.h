/* The few runtime bits the workloads need, written for -nostdlib wasm32 builds.
 * The same sources also build natively (gcc/clang on the host) to compute the
 * reference checksums; there libc supplies memcpy and friends. */
#ifndef BENCH_RT_H
#define BENCH_RT_H

#include <stdint.h>
#include <stddef.h>

#ifdef __wasm__
/* clang may lower struct copies and loop idioms to calls of these, so they
 * must exist even when a workload never names them. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#ifdef BENCH_RT_IMPL
#ifdef __wasm_bulk_memory__
/* With bulk memory these builtins become memory.copy / memory.fill. */
void *memcpy(void *dst, const void *src, size_t n) { return __builtin_memcpy(dst, src, n); }
void *memmove(void *dst, const void *src, size_t n) { return __builtin_memmove(dst, src, n); }
void *memset(void *dst, int c, size_t n) { return __builtin_memset(dst, c, n); }
#else
void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}
void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    d += n;
    s += n;
    while (n--) *--d = *--s;
  }
  return dst;
}
void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}
#endif
int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y) return *x - *y;
  return 0;
}
#endif /* BENCH_RT_IMPL */
#else
#include <string.h>
#endif /* __wasm__ */

/* Every workload's entry point: run the workload at size n, return a checksum. */
uint32_t run(uint32_t n);

/* Fold a 64-bit value to 32 bits for checksums. */
static inline uint32_t fold64(uint64_t x) { return (uint32_t)x ^ (uint32_t)(x >> 32); }

/* Exact bits of a double, so checksums of f64 results are bit-for-bit. */
static inline uint64_t f64_bits(double d) {
  union { double d; uint64_t u; } v;
  v.d = d;
  return v.u;
}

static inline uint32_t mix32(uint32_t h, uint32_t x) {
  h ^= x;
  h *= 0x01000193u; /* FNV-1a prime */
  return h;
}

#endif
