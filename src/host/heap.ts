// malloc/free/calloc/realloc managed by the host inside a module's own linear
// memory. The heap takes pages the module does not use: it grows the memory
// and carves blocks out of the new pages. Bookkeeping stays on the host side,
// so a guest overrunning a block cannot corrupt the allocator.

import type { LinearMemory } from '../exec/host.js';

const ALIGN = 16;

interface Block { addr: number; size: number }

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export class HostHeap {
  /** Free blocks, sorted by address, never adjacent (always coalesced). */
  private readonly free: Block[] = [];
  /** Live allocations: address → size. */
  private readonly live = new Map<number, number>();

  /** Bytes currently allocated. */
  get allocatedBytes(): number {
    let n = 0;
    for (const s of this.live.values()) n += s;
    return n;
  }

  /** Size of the live block at `ptr`, or undefined. */
  sizeOf(ptr: number): number | undefined {
    return this.live.get(ptr);
  }

  malloc(mem: LinearMemory, n: number): number {
    if (!Number.isFinite(n) || n < 0 || n > 0xffff_0000) return 0;
    const size = alignUp(Math.max(n, 1), ALIGN);
    let i = this.free.findIndex((b) => b.size >= size);
    if (i < 0) {
      if (!this.addPages(mem, size)) return 0;
      i = this.free.findIndex((b) => b.size >= size);
      if (i < 0) return 0;
    }
    const b = this.free[i]!;
    const addr = b.addr;
    if (b.size === size) this.free.splice(i, 1);
    else { b.addr += size; b.size -= size; }
    this.live.set(addr, size);
    return addr;
  }

  calloc(mem: LinearMemory, count: number, size: number): number {
    const total = count * size;
    if (!Number.isSafeInteger(total) || total > 0xffff_0000) return 0;
    const p = this.malloc(mem, total);
    if (p !== 0) mem.bytes.fill(0, p, p + total);
    return p;
  }

  /** Returns false when `ptr` is not a live block (a double free or a wild pointer). */
  freeBlock(ptr: number): boolean {
    if (ptr === 0) return true;
    const size = this.live.get(ptr);
    if (size === undefined) return false;
    this.live.delete(ptr);
    this.insertFree({ addr: ptr, size });
    return true;
  }

  /** realloc; returns 0 (leaving the old block alone) when out of memory, -1 for a bad pointer. */
  realloc(mem: LinearMemory, ptr: number, n: number): number {
    if (ptr === 0) return this.malloc(mem, n);
    const old = this.live.get(ptr);
    if (old === undefined) return -1;
    if (n === 0) { this.freeBlock(ptr); return 0; }
    if (alignUp(n, ALIGN) <= old) return ptr;
    const p = this.malloc(mem, n);
    if (p === 0) return 0;
    mem.bytes.copyWithin(p, ptr, ptr + old);
    this.freeBlock(ptr);
    return p;
  }

  private insertFree(blk: Block): void {
    let i = 0;
    while (i < this.free.length && this.free[i]!.addr < blk.addr) i++;
    this.free.splice(i, 0, blk);
    // Merge with the following block, then with the preceding one.
    const next = this.free[i + 1];
    if (next && blk.addr + blk.size === next.addr) { blk.size += next.size; this.free.splice(i + 1, 1); }
    const prev = this.free[i - 1];
    if (prev && prev.addr + prev.size === blk.addr) { prev.size += blk.size; this.free.splice(i, 1); }
  }

  /** Grow the memory by enough pages for `size` bytes and add them as free space. */
  private addPages(mem: LinearMemory, size: number): boolean {
    const pages = mem.size();
    const pageSize = pages > 0 ? mem.bytes.length / pages : 65536;
    // Grow generously (at least 1 MiB) so small allocations do not grow the memory each time.
    const want = Math.ceil(Math.max(size, 1 << 20) / pageSize);
    let old = mem.grow(want);
    let got = want;
    if (old < 0) {
      got = Math.ceil(size / pageSize);
      old = mem.grow(got);
      if (old < 0) return false;
    }
    // Address 0 is NULL: never hand it out.
    const start = old === 0 ? ALIGN : old * pageSize;
    this.insertFree({ addr: start, size: (old + got) * pageSize - start });
    return true;
  }
}
