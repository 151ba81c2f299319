/* SIMD: built with -msimd128. Uses GCC/Clang vector extensions (portable, so
 * the native reference build computes the same lanes) for an f32x4 Mandelbrot
 * and i16x8/i32x4 integer filtering, plus plain loops clang auto-vectorises. */
#define BENCH_RT_IMPL
#include "rt.h"

typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));

#define MAX_DIM 2048
static uint8_t image[MAX_DIM * MAX_DIM];
static uint8_t blurred[MAX_DIM * MAX_DIM];
static uint32_t column_sums[MAX_DIM];

static inline i16x8 load_i16x8(const int16_t *p) { i16x8 r; memcpy(&r, p, 16); return r; }
static inline u8x16 load_u8x16(const uint8_t *p) { u8x16 r; memcpy(&r, p, 16); return r; }
static inline void store_u8x16(uint8_t *p, u8x16 v) { memcpy(p, &v, 16); }

/* Escape-time iteration counts for 4 horizontally adjacent pixels at once. */
static i32x4 mandel4(f32x4 cr, f32x4 ci, int max_iter) {
  f32x4 zr = {0, 0, 0, 0}, zi = {0, 0, 0, 0};
  i32x4 count = {0, 0, 0, 0};
  const f32x4 four = {4, 4, 4, 4}, two = {2, 2, 2, 2};
  for (int it = 0; it < max_iter; it++) {
    f32x4 zr2 = zr * zr, zi2 = zi * zi;
    i32x4 inside = (zr2 + zi2) <= four; /* lanes are -1 while still bounded */
    if ((inside[0] | inside[1] | inside[2] | inside[3]) == 0) break;
    count -= inside;
    zi = two * zr * zi + ci;
    zr = zr2 - zi2 + cr;
  }
  return count;
}

/* 3-tap horizontal box filter on 16 pixels at a time in i16x8 arithmetic. */
static void blur_row(uint8_t *dst, const uint8_t *src, uint32_t width) {
  int16_t wide[MAX_DIM + 16];
  for (uint32_t x = 0; x < width; x++) wide[x + 1] = src[x];
  wide[0] = src[0];
  wide[width + 1] = src[width - 1];
  uint32_t x = 0;
  for (; x + 8 <= width; x += 8) {
    i16x8 l = load_i16x8(wide + x), c = load_i16x8(wide + x + 1), r = load_i16x8(wide + x + 2);
    i16x8 s = l + c + c + r; /* weights 1-2-1 */
    s = (s + 2) >> 2;
    for (int k = 0; k < 8; k++) dst[x + k] = (uint8_t)s[k];
  }
  for (; x < width; x++) dst[x] = (uint8_t)((wide[x] + 2 * wide[x + 1] + wide[x + 2] + 2) >> 2);
}

uint32_t run(uint32_t n) {
  if (n > MAX_DIM) n = MAX_DIM;
  n &= ~15u;
  if (n < 16) n = 16;
  const float step = 3.0f / (float)n;
  for (uint32_t y = 0; y < n; y++) {
    float ciy = -1.5f + step * (float)y;
    f32x4 ci = {ciy, ciy, ciy, ciy};
    for (uint32_t x = 0; x < n; x += 4) {
      float x0 = -2.0f + step * (float)x;
      f32x4 cr = {x0, x0 + step, x0 + 2 * step, x0 + 3 * step};
      i32x4 c = mandel4(cr, ci, 64);
      for (int k = 0; k < 4; k++) image[y * n + x + k] = (uint8_t)(c[k] * 4);
    }
  }
  for (uint32_t y = 0; y < n; y++) blur_row(blurred + y * n, image + y * n, n);
  /* Saturating brighten in u8x16 lanes: min(p + p/4, 255) without overflow. */
  const u8x16 limit = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
  for (uint32_t i = 0; i < n * n; i += 16) {
    u8x16 p = load_u8x16(blurred + i);
    u8x16 q = p >> 2;
    u8x16 room = limit - p;
    u8x16 take_q = (u8x16)(q < room); /* lanes all-ones where q is smaller */
    u8x16 add = (q & take_q) | (room & ~take_q);
    store_u8x16(blurred + i, p + add);
  }
  /* A plain loop for the auto-vectoriser: per-column sums. */
  for (uint32_t x = 0; x < n; x++) column_sums[x] = 0;
  for (uint32_t y = 0; y < n; y++)
    for (uint32_t x = 0; x < n; x++) column_sums[x] += (uint32_t)blurred[y * n + x] * (y + 1);
  uint32_t h = 2166136261u;
  for (uint32_t x = 0; x < n; x++) h = mix32(h, column_sums[x]);
  return h;
}
