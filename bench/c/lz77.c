/* A larger program: an LZ77 compressor (hash chains over a 32 KiB window) and
 * its decompressor, round-tripping n bytes of generated text. */
#define BENCH_RT_IMPL
#include "rt.h"

#define MAX_INPUT (4u << 20)
#define WINDOW 32768u
#define HASH_BITS 15
#define MIN_MATCH 4u
#define MAX_MATCH 131u /* fits the 7-bit length field: (tag & 127) + MIN_MATCH */
#define MAX_CHAIN 24
#define MAX_LITERALS 128u

static uint8_t input[MAX_INPUT];
static uint8_t packed[MAX_INPUT + MAX_INPUT / 64 + 16];
static uint8_t output[MAX_INPUT];
static int32_t head[1 << HASH_BITS];
static int32_t prev[WINDOW];

static const char *const words[] = {
    "the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "wasm ", "engine ",
    "stack ", "machine ", "memory ", "table ", "global ", "function ", "module ", "import ", "export ", "and ",
    "of ", "to ", "in ", "a ", "is ", "that ", "for ", "it ", "with ", "as ",
    "value ", "type ", ". ", ", ", "\n", "interpreter ", "decoder ", "validator ", "bytes ", "offset "};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static uint32_t generate(uint32_t n) {
  uint32_t x = 0x12345678u, len = 0;
  while (len < n) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    /* Skew towards a few common words, like real text. */
    uint32_t w = (x % 7 < 4) ? (x >> 8) % 10 : (x >> 8) % NWORDS;
    for (const char *p = words[w]; *p && len < n; p++) input[len++] = (uint8_t)*p;
    if ((x & 0xff) == 7 && len < n) input[len++] = (uint8_t)('0' + (x >> 24) % 10);
  }
  return len;
}

static inline uint32_t hash4(const uint8_t *p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

static uint32_t emit_literals(uint8_t *out, const uint8_t *lit, uint32_t count) {
  uint32_t o = 0;
  while (count > 0) {
    uint32_t run = count > MAX_LITERALS ? MAX_LITERALS : count;
    out[o++] = (uint8_t)(run - 1);
    memcpy(out + o, lit, run);
    o += run;
    lit += run;
    count -= run;
  }
  return o;
}

static uint32_t compress(uint32_t n) {
  for (uint32_t i = 0; i < (1u << HASH_BITS); i++) head[i] = -1;
  uint32_t o = 0, pos = 0, lit_start = 0;
  while (pos < n) {
    uint32_t best_len = 0, best_dist = 0;
    if (pos + MIN_MATCH <= n) {
      uint32_t h = hash4(input + pos);
      int32_t cand = head[h];
      uint32_t limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
      for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++) {
        uint32_t dist = pos - (uint32_t)cand;
        if (dist > WINDOW - 1) break;
        uint32_t l = 0;
        while (l < limit && input[cand + l] == input[pos + l]) l++;
        if (l > best_len) {
          best_len = l;
          best_dist = dist;
          if (l == limit) break;
        }
        cand = prev[cand & (WINDOW - 1)];
      }
      prev[pos & (WINDOW - 1)] = head[h];
      head[h] = (int32_t)pos;
    }
    if (best_len >= MIN_MATCH) {
      o += emit_literals(packed + o, input + lit_start, pos - lit_start);
      packed[o++] = (uint8_t)(0x80 | (best_len - MIN_MATCH));
      packed[o++] = (uint8_t)best_dist;
      packed[o++] = (uint8_t)(best_dist >> 8);
      /* Index the positions inside the match too, so later matches can find them. */
      for (uint32_t k = 1; k < best_len; k++) {
        uint32_t p = pos + k;
        if (p + MIN_MATCH <= n) {
          uint32_t h = hash4(input + p);
          prev[p & (WINDOW - 1)] = head[h];
          head[h] = (int32_t)p;
        }
      }
      pos += best_len;
      lit_start = pos;
    } else {
      pos++;
    }
  }
  o += emit_literals(packed + o, input + lit_start, pos - lit_start);
  return o;
}

/* Returns the decompressed length, or 0xffffffff on a malformed stream. */
static uint32_t decompress(uint32_t packed_len, uint32_t cap) {
  uint32_t i = 0, o = 0;
  while (i < packed_len) {
    uint32_t tag = packed[i++];
    if (tag < 0x80) {
      uint32_t run = tag + 1;
      if (i + run > packed_len || o + run > cap) return 0xffffffffu;
      memcpy(output + o, packed + i, run);
      i += run;
      o += run;
    } else {
      if (i + 2 > packed_len) return 0xffffffffu;
      uint32_t len = (tag & 0x7f) + MIN_MATCH;
      uint32_t dist = (uint32_t)packed[i] | (uint32_t)packed[i + 1] << 8;
      i += 2;
      if (dist == 0 || dist > o || o + len > cap) return 0xffffffffu;
      /* Byte by byte: the source may overlap the bytes being written. */
      for (uint32_t k = 0; k < len; k++, o++) output[o] = output[o - dist];
    }
  }
  return o;
}

uint32_t run(uint32_t n) {
  if (n > MAX_INPUT) n = MAX_INPUT;
  uint32_t len = generate(n);
  uint32_t plen = compress(len);
  uint32_t dlen = decompress(plen, MAX_INPUT);
  if (dlen != len || memcmp(output, input, len) != 0) return 0; /* round trip failed */
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < plen; i++) h = mix32(h, packed[i]);
  return h ^ plen;
}
