/* Integer loops over memory: the sieve of Eratosthenes over n bytes. */
#define BENCH_RT_IMPL
#include "rt.h"

#define MAX_N (1u << 24)
static uint8_t composite[MAX_N];

uint32_t run(uint32_t n) {
  if (n > MAX_N) n = MAX_N;
  for (uint32_t i = 0; i < n; i++) composite[i] = 0;
  for (uint32_t i = 2; i * i < n; i++)
    if (!composite[i])
      for (uint32_t j = i * i; j < n; j += i) composite[j] = 1;
  /* Count and fingerprint the primes so a wrong sieve cannot pass. */
  uint32_t count = 0, h = 2166136261u;
  for (uint32_t i = 2; i < n; i++)
    if (!composite[i]) {
      count++;
      h = mix32(h, i);
    }
  return h ^ count;
}
