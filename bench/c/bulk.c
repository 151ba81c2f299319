/* Bulk memory: overlapping copies and fills of varying sizes over a 1 MiB
 * buffer. Built with -mbulk-memory, so the copies are memory.copy and the
 * fills memory.fill. */
#define BENCH_RT_IMPL
#include "rt.h"

#define BUF_SIZE (1u << 20)
#define MAX_LEN (1u << 16)
static uint8_t buf[BUF_SIZE];

uint32_t run(uint32_t n) {
  for (uint32_t i = 0; i < BUF_SIZE; i++) buf[i] = (uint8_t)(i * 31 + (i >> 8));
  uint32_t x = 0x9e3779b9u, h = 2166136261u;
  for (uint32_t r = 0; r < n; r++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    uint32_t len = (x & (MAX_LEN - 1)) + 1;
    uint32_t src = (x >> 7) % (BUF_SIZE - len);
    uint32_t dst = (x >> 3) % (BUF_SIZE - len);
    /* Sizes vary at run time, so these stay bulk operations and are not unrolled. */
    memmove(buf + dst, buf + src, len);
    if ((r & 3) == 0) memset(buf + src, (int)(r & 0xff), len >> 2);
    h = mix32(h, buf[dst]);
    h = mix32(h, buf[(src + len / 2) % BUF_SIZE]);
  }
  for (uint32_t i = 0; i < BUF_SIZE; i += 4093) h = mix32(h, buf[i]);
  return h;
}
