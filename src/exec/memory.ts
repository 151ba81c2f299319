// A linear memory instance: a Uint8Array over an ArrayBuffer that is replaced
// (copied) on growth. The old buffer is detached, as the JS API requires.

import type { MemType } from '../ast.js';
import type { LinearMemory } from './host.js';

/** Largest memory the engine will allocate, in bytes, unless configured otherwise. */
export const DEFAULT_MEMORY_CAP_BYTES = 2 ** 32;

/** Bumped whenever any memory's buffer is replaced: the interpreter re-reads its cached views only then. */
export let memoryEpoch = 0;

export class MemoryInst implements LinearMemory {
  readonly type: MemType;
  readonly pageSize: number;
  bytes: Uint8Array;
  view: DataView;
  /** 32-bit word view of the same buffer (aligned fast paths in the interpreter). */
  words: Int32Array;
  /** Maximum size in pages: the type's max, clamped to the address space and the engine cap. */
  readonly maxPages: number;
  /** Called after each successful growth (the JS API refreshes its buffer object). */
  onGrow: (() => void) | null = null;

  constructor(type: MemType, capBytes = DEFAULT_MEMORY_CAP_BYTES) {
    this.type = type;
    this.pageSize = 2 ** (type.pageSizeLog2 ?? 16);
    const addrLimit = type.address === 'i64' ? 2 ** 64 : 2 ** 32;
    const typeMax = type.limits.max ?? addrLimit / this.pageSize;
    this.maxPages = Math.min(typeMax, Math.floor(Math.min(addrLimit, capBytes) / this.pageSize));
    const min = type.limits.min;
    if (min > this.maxPages) throw new RangeError('memory size exceeds the engine limit');
    const buf = new ArrayBuffer(min * this.pageSize);
    this.bytes = new Uint8Array(buf);
    this.view = new DataView(buf);
    this.words = new Int32Array(buf, 0, buf.byteLength >> 2);
  }

  get buffer(): ArrayBuffer {
    return this.bytes.buffer as ArrayBuffer;
  }

  size(): number {
    return this.bytes.length / this.pageSize;
  }

  /** Grow by `delta` pages. Returns the old size, or -1 if over the limit or allocation fails. */
  grow(delta: number): number {
    const old = this.size();
    if (delta < 0 || !Number.isFinite(delta)) return -1;
    if (old + delta > this.maxPages) return -1;
    if (delta === 0) {
      if (this.onGrow) this.refresh(this.bytes.length);
      return old;
    }
    try {
      this.refresh((old + delta) * this.pageSize);
    } catch {
      return -1;
    }
    return old;
  }

  /** Move the contents to a new buffer of `len` bytes and detach the old one. */
  private refresh(len: number): void {
    memoryEpoch++;
    const oldBuf = this.bytes.buffer as ArrayBuffer;
    const nb = new ArrayBuffer(len);
    const bytes = new Uint8Array(nb);
    bytes.set(this.bytes);
    this.bytes = bytes;
    this.view = new DataView(nb);
    this.words = new Int32Array(nb, 0, len >> 2);
    detach(oldBuf);
    if (this.onGrow) this.onGrow();
  }
}

/** Detach an ArrayBuffer so stale views of it read as empty (JS-API growth semantics). */
function detach(buf: ArrayBuffer): void {
  const sc = (globalThis as { structuredClone?: (v: unknown, o: unknown) => unknown }).structuredClone;
  if (sc) {
    try { sc(buf, { transfer: [buf] }); } catch { /* not detachable: leave it */ }
  }
}
