/* i64 arithmetic: splitmix64 and xorshift64* streams mixed with 64-bit
 * multiplies, divisions, rotations and bit counts. */
#define BENCH_RT_IMPL
#include "rt.h"

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint64_t xorshift64star(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545f4914f6cdd1dull;
}

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint32_t run(uint32_t n) {
  uint64_t s1 = 0x0123456789abcdefull, s2 = 0xfedcba9876543210ull;
  uint64_t acc = 0;
  int64_t signed_acc = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t a = splitmix64(&s1);
    uint64_t b = xorshift64star(&s2);
    uint64_t d = (b >> 40) | 1; /* odd, nonzero divisor */
    acc += rotl64(a, (int)(b & 63) | 1) ^ (a / d) ^ (b % d);
    acc ^= (uint64_t)__builtin_popcountll(a ^ b) << (i & 31);
    acc += (uint64_t)__builtin_clzll(a | 1) + (uint64_t)__builtin_ctzll(b | (1ull << 63));
    int64_t sa = (int64_t)a >> 3, sb = (int64_t)(d | 3);
    signed_acc += sa / sb - (sa % sb);
  }
  return fold64(acc) ^ fold64((uint64_t)signed_acc);
}
