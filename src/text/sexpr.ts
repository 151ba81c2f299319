// S-expressions: the token stream grouped by parentheses. Both the module parser
// and the script parser work on this tree, so malformed nesting is reported once.

import { TextError, type Token } from './lexer.js';

/** An annotation and where it stood: before `items[index]` of its list. */
export interface Annotation {
  token: Token;
  index: number;
}

export interface SList {
  kind: 'list';
  items: SNode[];
  /** Annotations directly inside this list (kept out of `items`). */
  annots?: Annotation[];
  line: number;
  col: number;
  /** Source offsets of '(' and one past ')'. */
  start: number;
  end: number;
}

export type SNode = SList | Token;

export function isList(n: SNode | undefined): n is SList {
  return n !== undefined && n.kind === 'list';
}

/** Group tokens into a root list (line 1, column 1) holding the top-level nodes. */
export function buildTree(tokens: Token[]): SList {
  const rootList: SList = { kind: 'list', items: [], line: 1, col: 1, start: 0, end: 0 };
  const root = rootList.items;
  const stack: SList[] = [];
  for (const t of tokens) {
    if (t.kind === 'annot') {
      const parent = stack.length ? stack[stack.length - 1] : rootList;
      (parent.annots ??= []).push({ token: t, index: parent.items.length });
      continue;
    }
    if (t.kind === 'lparen') {
      stack.push({ kind: 'list', items: [], line: t.line, col: t.col, start: t.start, end: t.end });
    } else if (t.kind === 'rparen') {
      const l = stack.pop();
      if (!l) throw new TextError('unexpected token', t.line, t.col);
      l.end = t.end;
      (stack.length ? stack[stack.length - 1].items : root).push(l);
    } else {
      (stack.length ? stack[stack.length - 1].items : root).push(t);
    }
  }
  if (stack.length) {
    const l = stack[stack.length - 1];
    throw new TextError('unexpected end of input', l.line, l.col);
  }
  return rootList;
}

/** The head keyword of a list, e.g. "func" for `(func ...)`, or undefined. */
export function head(l: SList): string | undefined {
  const h = l.items[0];
  return h && h.kind === 'keyword' ? h.text : undefined;
}

/** A cursor over a list's items (or any node array). */
export class Cursor {
  i = 0;
  constructor(readonly items: SNode[], readonly at: { line: number; col: number }) {}

  peek(k = 0): SNode | undefined {
    return this.items[this.i + k];
  }
  next(): SNode | undefined {
    return this.items[this.i++];
  }
  done(): boolean {
    return this.i >= this.items.length;
  }
  /** Location of the current item (or the list itself at its end), for errors. */
  where(): { line: number; col: number } {
    const n = this.items[this.i] ?? this.items[this.items.length - 1];
    return n ? { line: n.line, col: n.col } : this.at;
  }
  error(msg: string, n?: SNode): never {
    const w = n ? { line: n.line, col: n.col } : this.where();
    throw new TextError(msg, w.line, w.col);
  }
  /** The next item if it is a keyword equal to `kw` (consumed), else false. */
  eatKeyword(kw: string): boolean {
    const n = this.peek();
    if (n && n.kind === 'keyword' && n.text === kw) { this.i++; return true; }
    return false;
  }
  /** The next item if it is an id (consumed), else undefined. */
  eatId(): Token | undefined {
    const n = this.peek();
    if (n && n.kind === 'id') { this.i++; return n; }
    return undefined;
  }
  /** True when the next item is a list with head keyword `kw`. */
  peekList(kw: string, k = 0): boolean {
    const n = this.peek(k);
    return isList(n) && head(n) === kw;
  }
  expectEnd(): void {
    if (!this.done()) this.error('unexpected token');
  }
}
