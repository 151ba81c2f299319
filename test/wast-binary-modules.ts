// Extracts the `(module binary "...")` forms of .wast scripts, with what the
// script expects of each: decodes fine, or is malformed with a given message.
// Only the small part of the script syntax needed for that: s-expressions,
// strings with WAT escapes, and comments.

import { newlinesIn, skipBlockComment } from '../src/cli/wast-forms.js';

export interface BinaryCase {
  file: string;
  line: number;
  bytes: Uint8Array;
  /** Expected error text (a prefix of the real message) for assert_malformed; null: must decode. */
  malformed: string | null;
}

type Sexp = { list: Sexp[]; line: number } | { str: Uint8Array; line: number } | { atom: string; line: number };

const utf8 = new TextEncoder();

function parse(src: string): Sexp[] {
  const stack: { list: Sexp[]; line: number }[] = [{ list: [], line: 1 }];
  let line = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i]!;
    if (ch === '\n') { line++; i++; continue; }
    if (ch === ' ' || ch === '\t' || ch === '\r') { i++; continue; }
    if (ch === ';' && src[i + 1] === ';') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (ch === '(' && src[i + 1] === ';') {
      const end = skipBlockComment(src, i);
      line += newlinesIn(src, i, end);
      i = end;
      continue;
    }
    if (ch === '(') { stack.push({ list: [], line }); i++; continue; }
    if (ch === ')') {
      const done = stack.pop()!;
      stack[stack.length - 1]!.list.push(done);
      i++;
      continue;
    }
    if (ch === '"') {
      const out: number[] = [];
      i++;
      while (i < n && src[i] !== '"') {
        const c = src[i]!;
        if (c === '\\') {
          const e = src[i + 1]!;
          if (/[0-9a-fA-F]/.test(e)) { out.push(parseInt(src.slice(i + 1, i + 3), 16)); i += 3; continue; }
          const simple: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, '"': 34, "'": 39 };
          if (e in simple) { out.push(simple[e]!); i += 2; continue; }
          if (e === 'u') {
            const close = src.indexOf('}', i);
            const cp = parseInt(src.slice(i + 3, close), 16);
            out.push(...utf8.encode(String.fromCodePoint(cp)));
            i = close + 1;
            continue;
          }
          throw new Error(`bad escape at line ${line}`);
        }
        const cp = src.codePointAt(i)!;
        const s = String.fromCodePoint(cp);
        out.push(...utf8.encode(s));
        if (c === '\n') line++;
        i += s.length;
      }
      i++;
      stack[stack.length - 1]!.list.push({ str: Uint8Array.from(out), line });
      continue;
    }
    let j = i + 1;
    while (j < n && !/[\s()"]/.test(src[j]!) && !(src[j] === ';' && src[j + 1] === ';')) j++;
    stack[stack.length - 1]!.list.push({ atom: src.slice(i, j), line });
    i = j;
  }
  return stack[0]!.list;
}

function head(s: Sexp): string | null {
  return 'list' in s && s.list.length > 0 && 'atom' in s.list[0]! ? s.list[0].atom : null;
}

/** The bytes of a `(module [definition] [$id] binary "..."*)` form, or null for other forms. */
function binaryModule(s: Sexp): Uint8Array | null {
  if (head(s) !== 'module' || !('list' in s)) return null;
  let k = 1;
  while (k < s.list.length) {
    const x = s.list[k]!;
    if ('atom' in x && (x.atom === 'definition' || x.atom.startsWith('$'))) { k++; continue; }
    break;
  }
  const b = s.list[k];
  if (!b || !('atom' in b) || b.atom !== 'binary') return null;
  const parts = s.list.slice(k + 1).map((x) => ('str' in x ? x.str : new Uint8Array()));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { bytes.set(p, o); o += p.length; }
  return bytes;
}

function textOf(s: Sexp | undefined): string {
  return s && 'str' in s ? new TextDecoder().decode(s.str) : '';
}

export function binaryCases(file: string, src: string): BinaryCase[] {
  const out: BinaryCase[] = [];
  const visit = (s: Sexp) => {
    if (!('list' in s)) return;
    const h = head(s);
    if (h === 'assert_malformed') {
      const bytes = binaryModule(s.list[1]!);
      if (bytes) out.push({ file, line: s.line, bytes, malformed: textOf(s.list[2]) });
      return;
    }
    const bytes = binaryModule(s);
    if (bytes) { out.push({ file, line: s.line, bytes, malformed: null }); return; }
    for (const x of s.list) visit(x);
  };
  for (const s of parse(src)) visit(s);
  return out;
}
