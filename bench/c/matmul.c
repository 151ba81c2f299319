/* f64 numerics: dense n x n matrix multiply (i-k-j order). */
#define BENCH_RT_IMPL
#include "rt.h"

#define MAX_DIM 512
static double a[MAX_DIM * MAX_DIM], b[MAX_DIM * MAX_DIM], c[MAX_DIM * MAX_DIM];

uint32_t run(uint32_t n) {
  if (n > MAX_DIM) n = MAX_DIM;
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t j = 0; j < n; j++) {
      a[i * n + j] = (double)((i * 7 + j * 3) % 17) / (double)(j + 1) - 0.5;
      b[i * n + j] = (double)((i + j * 5) % 13) * 0.25 + 1.0 / (double)(i + 2);
      c[i * n + j] = 0.0;
    }
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (uint32_t j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  uint64_t h = 0;
  for (uint32_t i = 0; i < n * n; i++) h = (h ^ f64_bits(c[i])) * 0x100000001b3ull;
  return fold64(h);
}
