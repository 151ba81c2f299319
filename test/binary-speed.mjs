// Decoder/encoder throughput on the start-up workload (bench/gen-big-module.ts,
// ~11 MB), measured on the compiled JavaScript (vitest's module transform makes
// hot paths ~3x slower, so this is a plain script, not a test).
//
//   npx tsc -p . --outDir /tmp/wagonette-dist && node test/binary-speed.mjs /tmp/wagonette-dist
//   (or after `npm run build`: node test/binary-speed.mjs)
//
// Prints the best of 8 runs as wall-clock and CPU-time throughput; on a shared
// machine the CPU-time figure is the steadier one.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { generateBigModule } = await load('bench/gen-big-module.js');
const { decodeModule } = await load('src/binary/decode.js');
const { encodeModule } = await load('src/binary/encode.js');
const { streamBody } = await load('src/binary/instr-stream.js');

const { bytes } = generateBigModule();
const mb = bytes.length / 1e6;
function measure(label, f) {
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < 8; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall = Math.min(wall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  console.log(`${label.padEnd(36)} ${(mb / wall * 1000).toFixed(1).padStart(6)} MB/s wall (${wall.toFixed(0)} ms)  ${(mb / cpu * 1000).toFixed(1).padStart(6)} MB/s cpu (${cpu.toFixed(0)} ms)`);
}

console.log(`module ${mb.toFixed(2)} MB, load average ${loadavg()[0].toFixed(1)}`);
measure('decode (bodies checked, built lazily)', () => decodeModule(bytes));
measure('decode + stream every instruction', () => {
  const m = decodeModule(bytes);
  let n = 0;
  for (const f of m.funcs) {
    const s = streamBody(f);
    while (s.next()) n++;
  }
  if (n === 0) throw new Error('no instructions');
});
measure('decode (bodies built eagerly)', () => decodeModule(bytes, { eagerBodies: true }));
const m = decodeModule(bytes, { eagerBodies: true });
measure('encode', () => encodeModule(m));
