/* Bitwise hashing in i32: table-driven CRC-32 (IEEE, reflected) over a buffer. */
#define BENCH_RT_IMPL
#include "rt.h"

#define BUF_SIZE 65536
static uint8_t buf[BUF_SIZE];
static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, uint32_t len) {
  crc = ~crc;
  for (uint32_t i = 0; i < len; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

/* n rounds over a 64 KiB buffer; each round perturbs one byte so rounds differ. */
uint32_t run(uint32_t n) {
  make_table();
  uint32_t x = 12345;
  for (uint32_t i = 0; i < BUF_SIZE; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (uint8_t)(x >> 16);
  }
  uint32_t crc = 0;
  for (uint32_t r = 0; r < n; r++) {
    buf[(r * 7919u) % BUF_SIZE] ^= (uint8_t)r;
    crc = crc32(crc, buf, BUF_SIZE);
  }
  return crc;
}
