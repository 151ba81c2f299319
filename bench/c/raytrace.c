/* A larger program: a small Whitted-style ray tracer in f64 (spheres and a
 * checkered floor, shadows, reflections), rendering an n x (3n/4) image. */
#define BENCH_RT_IMPL
#include "rt.h"

typedef struct { double x, y, z; } Vec;

static inline Vec v(double x, double y, double z) { Vec r = {x, y, z}; return r; }
static inline Vec add(Vec a, Vec b) { return v(a.x + b.x, a.y + b.y, a.z + b.z); }
static inline Vec sub(Vec a, Vec b) { return v(a.x - b.x, a.y - b.y, a.z - b.z); }
static inline Vec scale(Vec a, double s) { return v(a.x * s, a.y * s, a.z * s); }
static inline Vec mul(Vec a, Vec b) { return v(a.x * b.x, a.y * b.y, a.z * b.z); }
static inline double dot(Vec a, Vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static inline Vec norm(Vec a) { return scale(a, 1.0 / __builtin_sqrt(dot(a, a))); }

typedef struct {
  Vec center;
  double radius;
  Vec color;
  double reflect;
} Sphere;

#define NSPHERES 5
static const Sphere spheres[NSPHERES] = {
    {{0.0, 1.0, 5.0}, 1.0, {0.9, 0.2, 0.2}, 0.3},
    {{-2.2, 0.7, 6.0}, 0.7, {0.2, 0.9, 0.3}, 0.1},
    {{2.0, 0.8, 4.2}, 0.8, {0.2, 0.3, 0.95}, 0.5},
    {{-0.6, 0.35, 3.2}, 0.35, {0.95, 0.9, 0.2}, 0.0},
    {{1.0, 2.6, 7.5}, 1.3, {0.8, 0.8, 0.8}, 0.7},
};
static const Vec light_pos = {-4.0, 8.0, -2.0};

/* Nearest hit along the ray: returns the distance (or -1), the sphere index in
 * *which (NSPHERES = the floor plane y = 0). */
static double intersect(Vec o, Vec d, int *which) {
  double best = 1e30;
  int hit = -1;
  for (int i = 0; i < NSPHERES; i++) {
    Vec oc = sub(o, spheres[i].center);
    double b = dot(oc, d);
    double c = dot(oc, oc) - spheres[i].radius * spheres[i].radius;
    double disc = b * b - c;
    if (disc < 0) continue;
    double s = __builtin_sqrt(disc);
    double t = -b - s;
    if (t < 1e-6) t = -b + s;
    if (t > 1e-6 && t < best) {
      best = t;
      hit = i;
    }
  }
  if (d.y < -1e-9) {
    double t = -o.y / d.y;
    /* The distance cap keeps hit points small enough for the int32 checker cells. */
    if (t > 1e-6 && t < best && t < 1e4) {
      best = t;
      hit = NSPHERES;
    }
  }
  *which = hit;
  return hit < 0 ? -1.0 : best;
}

static Vec trace(Vec o, Vec d, int depth) {
  int which;
  double t = intersect(o, d, &which);
  if (t < 0) {
    double sky = 0.5 + 0.5 * d.y;
    return v(0.4 * sky, 0.6 * sky, 0.9 * sky + 0.1);
  }
  Vec p = add(o, scale(d, t));
  Vec n, color;
  double reflect;
  if (which == NSPHERES) {
    n = v(0, 1, 0);
    /* Checkerboard: parity of the integer cell, computed without floor(). */
    int32_t cx = (int32_t)(p.x + 20000.0), cz = (int32_t)(p.z + 20000.0);
    color = ((cx + cz) & 1) ? v(0.9, 0.9, 0.9) : v(0.15, 0.15, 0.15);
    reflect = 0.2;
  } else {
    n = norm(sub(p, spheres[which].center));
    color = spheres[which].color;
    reflect = spheres[which].reflect;
  }
  Vec to_light = sub(light_pos, p);
  double light_dist = __builtin_sqrt(dot(to_light, to_light));
  Vec l = scale(to_light, 1.0 / light_dist);
  double diffuse = dot(n, l);
  if (diffuse < 0) diffuse = 0;
  int blocker;
  double st = intersect(add(p, scale(n, 1e-4)), l, &blocker);
  if (st > 0 && st < light_dist) diffuse *= 0.25;
  /* Phong highlight with exponent 16 by repeated squaring (no pow in -nostdlib). */
  Vec h = norm(sub(l, d));
  double spec = dot(n, h);
  if (spec < 0) spec = 0;
  spec *= spec; spec *= spec; spec *= spec; spec *= spec;
  Vec result = add(scale(color, 0.1 + 0.9 * diffuse), v(spec * 0.6, spec * 0.6, spec * 0.6));
  if (depth < 3 && reflect > 0) {
    Vec rd = sub(d, scale(n, 2 * dot(d, n)));
    Vec rc = trace(add(p, scale(n, 1e-4)), norm(rd), depth + 1);
    result = add(scale(result, 1 - reflect), scale(mul(rc, color), reflect * 1.5));
  }
  return result;
}

static uint32_t to_byte(double c) {
  if (c < 0) c = 0;
  if (c > 1) c = 1;
  return (uint32_t)(c * 255.0 + 0.5);
}

uint32_t run(uint32_t n) {
  uint32_t width = n, height = n * 3 / 4;
  uint32_t h = 2166136261u;
  Vec eye = v(0.0, 1.6, -1.5);
  for (uint32_t y = 0; y < height; y++)
    for (uint32_t x = 0; x < width; x++) {
      double u = ((double)x + 0.5) / (double)width * 2.0 - 1.0;
      double w = 1.0 - ((double)y + 0.5) / (double)height * 2.0;
      Vec d = norm(v(u * 1.2, w * 0.9 - 0.15, 1.5));
      Vec c = trace(eye, d, 0);
      h = mix32(h, to_byte(c.x) | to_byte(c.y) << 8 | to_byte(c.z) << 16);
    }
  return h;
}
