// The disassembler: a function as WAT (one instruction per line, folded by block
// nesting, each line with its byte offset), optionally marking the instruction a
// debugger is stopped at; a whole module through the text printer.

import type { Module, ValType } from '../ast.js';
import { Op } from '../binary/opcodes.js';
import { printInstr, printModule } from '../text/print.js';

export interface DisasmOptions {
  /** Body index of the instruction to mark with `=>`. */
  mark?: number;
  /** Print only instructions within this many lines of the mark. */
  context?: number;
}

function valTypeText(t: ValType): string {
  if (typeof t === 'string') return t;
  const heap = typeof t.heap === 'number' ? String(t.heap) : t.heap;
  return t.nullable ? `(ref null ${heap})` : `(ref ${heap})`;
}

function idText(name: string): string {
  return /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/.test(name) ? `$${name}` : `$"${name}"`;
}

/** Number of imported functions (they come first in the function index space). */
function importedFuncs(m: Module): number {
  return m.imports.filter((i) => i.desc.kind === 'func').length;
}

/** The function header: name, parameters, results and locals. */
export function functionHeader(m: Module, funcIndex: number): string[] {
  const def = m.funcs[funcIndex - importedFuncs(m)];
  if (!def) return [`(func ${funcIndex} (import))`];
  const ft = m.types[def.type]?.comp;
  const names = m.names?.locals.get(funcIndex);
  const fname = m.names?.funcs.get(funcIndex);
  let head = `(func ${fname !== undefined ? idText(fname) : String(funcIndex)}`;
  let li = 0;
  if (ft && ft.kind === 'func') {
    for (const p of ft.params) {
      const n = names?.get(li++);
      head += ` (param${n !== undefined ? ' ' + idText(n) : ''} ${valTypeText(p)})`;
    }
    for (const r of ft.results) head += ` (result ${valTypeText(r)})`;
  }
  const out = [head];
  for (const g of def.locals) {
    for (let c = 0; c < g.count; c++) {
      const n = names?.get(li++);
      out.push(`  (local${n !== undefined ? ' ' + idText(n) : ''} ${valTypeText(g.type)})`);
    }
  }
  return out;
}

const OPENS = new Set<number>([Op.block, Op.loop, Op.if, Op.try, Op.try_table]);
const MIDDLES = new Set<number>([Op.else, Op.catch, Op.catch_all]);

/** One function as WAT lines: `offset  instr`, nested blocks indented, the marked instruction prefixed `=>`. */
export function disassembleFunction(m: Module, funcIndex: number, opts: DisasmOptions = {}): string {
  const def = m.funcs[funcIndex - importedFuncs(m)];
  if (!def) return `;; function ${funcIndex} is imported\n`;
  const lines = functionHeader(m, funcIndex).map((l) => `${' '.repeat(10)}${l}`);
  let depth = 1;
  const body: string[] = [];
  def.body.forEach((ins, i) => {
    const last = i === def.body.length - 1;
    if (ins.op === Op.end || ins.op === Op.delegate || MIDDLES.has(ins.op)) depth = Math.max(1, depth - 1);
    const text = last && ins.op === Op.end ? ')' : printInstr(ins, m, funcIndex);
    const off = ins.offset >= 0 ? ins.offset.toString(16).padStart(6, '0') : `#${i}`.padStart(6);
    const marker = opts.mark === i ? '=>' : '  ';
    body.push(`${marker}${off}  ${'  '.repeat(depth)}${text}`);
    if (OPENS.has(ins.op) || MIDDLES.has(ins.op)) depth++;
  });
  let shown = body;
  if (opts.mark !== undefined && opts.context !== undefined) {
    const from = Math.max(0, opts.mark - opts.context), to = Math.min(body.length, opts.mark + opts.context + 1);
    shown = body.slice(from, to);
    return shown.join('\n') + '\n';
  }
  return [...lines, ...shown].join('\n') + '\n';
}

/** A whole module as WAT (names from the name section). */
export function disassembleModule(m: Module): string {
  return printModule(m);
}
