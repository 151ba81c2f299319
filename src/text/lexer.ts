// The WebAssembly text-format lexer: source text to tokens with line/column.
// Comments are skipped. An annotation `(@id ...)` becomes one 'annot' token
// carrying its id and raw body text (its contents need not be valid tokens);
// the tree builder sets annotations aside so the parsers never see them.

import { CompileError } from '../errors.js';
import { isNumberLexeme } from './numbers.js';

export type TokenKind = 'lparen' | 'rparen' | 'keyword' | 'id' | 'string' | 'reserved' | 'annot';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: including quotes; for ids: including `$`). */
  text: string;
  line: number;
  col: number;
  /** Source offset of the first character, and one past the last. */
  start: number;
  end: number;
  /** Strings: the decoded bytes. Ids: the name (UTF-8 checked) without `$`. Annotations: the id. */
  bytes?: Uint8Array;
  name?: string;
  /** Annotations: the source text between the id and the closing ')'. */
  body?: string;
}

/** A text-format syntax error with "line:col: message" wording; `reason` is the spec message. */
export class TextError extends CompileError {
  readonly line: number;
  readonly col: number;
  readonly textReason: string;
  constructor(reason: string, line: number, col: number) {
    super(`${line}:${col}: ${reason}`);
    this.line = line;
    this.col = col;
    this.textReason = reason;
  }
  override get reason(): string {
    return this.textReason;
  }
}

// Characters allowed in keywords, ids and numbers (spec "idchar").
function isIdChar(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;   // 0-9
  if (c >= 0x41 && c <= 0x5a) return true;   // A-Z
  if (c >= 0x61 && c <= 0x7a) return true;   // a-z
  switch (c) {
    case 0x21: case 0x23: case 0x24: case 0x25: case 0x26: case 0x27: case 0x2a: case 0x2b:
    case 0x2d: case 0x2e: case 0x2f: case 0x3a: case 0x3c: case 0x3d: case 0x3e: case 0x3f:
    case 0x40: case 0x5c: case 0x5e: case 0x5f: case 0x60: case 0x7c: case 0x7e:
      return true;
  }
  return false;
}

/** Characters that may appear in a reserved token besides idchars and strings. */
function isReservedChar(c: number): boolean {
  return c === 0x2c || c === 0x3b || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d; // , [ ] { }
}

/** Encode a JS string (which holds Unicode scalar values) as UTF-8. */
export function utf8Encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Decode UTF-8, or return null when the bytes are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {}

  private error(msg: string, at = this.pos): never {
    // Column of `at` on the current line (at is never before lineStart in practice).
    throw new TextError(msg, this.line, Math.max(0, at - this.lineStart) + 1);
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  /** All tokens of the source (comments removed). */
  tokenize(): Token[] {
    const out: Token[] = [];
    for (let t = this.next(); t; t = this.next()) out.push(t);
    return out;
  }

  /** Skip whitespace and comments; return the next token, or null at the end. */
  next(): Token | null {
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) return null;
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0d) { this.pos++; continue; }
      if (c === 0x0a) { this.newline(this.pos); this.pos++; continue; }
      if (c === 0x3b && s.charCodeAt(this.pos + 1) === 0x3b) { // ;; line comment
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 0x0a && s.charCodeAt(this.pos) !== 0x0d) {
          if (isLoneLowSurrogate(s, this.pos)) this.error('malformed UTF-8 encoding');
          this.pos++;
        }
        continue;
      }
      if (c === 0x28 && s.charCodeAt(this.pos + 1) === 0x3b) { this.blockComment(); continue; }
      if (c === 0x28 && s.charCodeAt(this.pos + 1) === 0x40) return this.annotation();
      break;
    }
    const start = this.pos;
    const line = this.line;
    const col = start - this.lineStart + 1;
    const c = s.charCodeAt(start);
    if (c === 0x28) { this.pos++; return { kind: 'lparen', text: '(', line, col, start, end: this.pos }; }
    if (c === 0x29) { this.pos++; return { kind: 'rparen', text: ')', line, col, start, end: this.pos }; }
    if (c === 0x22) {
      const bytes = this.string();
      return this.checkReserved(this.finishAtom({ kind: 'string', text: s.slice(start, this.pos), line, col, start, end: this.pos, bytes }));
    }
    if (c === 0x24 && s.charCodeAt(start + 1) === 0x22) { // $"..." quoted id
      this.pos++;
      const bytes = this.quotedName('empty identifier');
      const name = utf8Decode(bytes);
      if (name === null) this.error('malformed UTF-8 encoding', start);
      if (bytes.length === 0) this.error('empty identifier', start);
      return this.checkReserved(this.finishAtom({ kind: 'id', text: s.slice(start, this.pos), line, col, start, end: this.pos, name }));
    }
    if (isIdChar(c) || isReservedChar(c)) {
      if (isReservedChar(c)) this.pos++;
      while (this.pos < s.length && isIdChar(s.charCodeAt(this.pos))) this.pos++;
      const text = s.slice(start, this.pos);
      let kind: TokenKind = 'reserved';
      if (c === 0x24) {
        if (text.length === 1) this.error('empty identifier', start);
        kind = 'id';
      } else if (c >= 0x61 && c <= 0x7a) {
        kind = 'keyword';
      }
      const tok: Token = { kind, text, line, col, start, end: this.pos };
      if (kind === 'id') tok.name = text.slice(1);
      return this.checkReserved(this.finishAtom(tok));
    }
    if (c >= 0xd800 && c <= 0xdfff && isLoneLowSurrogate(s, start)) this.error('malformed UTF-8 encoding');
    this.error('illegal character');
  }

  /** Reserved tokens other than numbers are errors wherever they appear (as in the reference lexer). */
  private checkReserved(tok: Token): Token {
    if (tok.kind === 'reserved' && !isNumberLexeme(tok.text)) {
      throw new TextError(`unknown operator ${tok.text}`, tok.line, tok.col);
    }
    return tok;
  }

  /** An atom directly followed by a string or reserved characters is one reserved token. */
  private finishAtom(tok: Token): Token {
    const s = this.src;
    let merged = false;
    for (;;) {
      if (this.pos >= s.length) break;
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) { this.string(); merged = true; continue; }
      if (c === 0x3b && s.charCodeAt(this.pos + 1) === 0x3b) break; // a line comment starts
      if (isIdChar(c) || isReservedChar(c)) { this.pos++; merged = true; continue; }
      break;
    }
    if (!merged) return tok;
    return { kind: 'reserved', text: s.slice(tok.start, this.pos), line: tok.line, col: tok.col, start: tok.start, end: this.pos };
  }

  private blockComment(): void {
    const s = this.src;
    const open = this.pos;
    let depth = 1;
    this.pos += 2;
    while (depth > 0) {
      if (this.pos >= s.length) this.error('unclosed comment', open);
      const c = s.charCodeAt(this.pos);
      if (c === 0x28 && s.charCodeAt(this.pos + 1) === 0x3b) { depth++; this.pos += 2; continue; }
      if (c === 0x3b && s.charCodeAt(this.pos + 1) === 0x29) { depth--; this.pos += 2; continue; }
      if (c === 0x0a) this.newline(this.pos);
      if (isLoneLowSurrogate(s, this.pos)) this.error('malformed UTF-8 encoding');
      this.pos++;
    }
  }

  /** Lex `(@id ...)` with balanced parentheses; strings and comments inside are skipped as such. */
  private annotation(): Token {
    const s = this.src;
    const open = this.pos;
    const line = this.line;
    const col = open - this.lineStart + 1;
    this.pos += 2;
    const idStart = this.pos;
    let id: string;
    if (s.charCodeAt(this.pos) === 0x22) {
      const bytes = this.quotedName('empty annotation id');
      if (bytes.length === 0) this.error('empty annotation id', open);
      const name = utf8Decode(bytes);
      if (name === null) this.error('malformed UTF-8 encoding', open);
      id = name;
    } else {
      while (this.pos < s.length && isIdChar(s.charCodeAt(this.pos))) this.pos++;
      if (this.pos === idStart) this.error('empty annotation id', open);
      id = s.slice(idStart, this.pos);
    }
    const bodyStart = this.pos;
    let depth = 1;
    while (depth > 0) {
      if (this.pos >= s.length) this.error('unclosed annotation', open);
      const c = s.charCodeAt(this.pos);
      const d = s.charCodeAt(this.pos + 1);
      if (c === 0x28 && d === 0x3b) { this.blockComment(); continue; }
      if (c === 0x3b && d === 0x3b) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 0x0a && s.charCodeAt(this.pos) !== 0x0d) this.pos++;
        continue;
      }
      if (c === 0x22) { this.string(); continue; }
      if (c >= 0xdc00 && c <= 0xdfff) this.error('malformed UTF-8 encoding');
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c >= 0x7f) this.error('illegal character');
      if (c === 0x28) depth++;
      else if (c === 0x29) depth--;
      else if (c === 0x0a) this.newline(this.pos);
      this.pos++;
    }
    return { kind: 'annot', text: id, name: id, line, col, start: open, end: this.pos, body: s.slice(bodyStart, this.pos - 1) };
  }

  /** The string of a quoted id; a string that does not lex counts as no name at all. */
  private quotedName(emptyMessage: string): Uint8Array {
    const at = this.pos;
    try {
      return this.string();
    } catch (e) {
      if (e instanceof TextError && !e.textReason.startsWith('malformed UTF-8')) this.error(emptyMessage, at);
      throw e;
    }
  }

  /** Lex a string literal starting at the opening quote; returns its bytes. */
  private string(): Uint8Array {
    const s = this.src;
    const open = this.pos;
    this.pos++;
    const out: number[] = [];
    for (;;) {
      if (this.pos >= s.length) this.error('unclosed string', open);
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) { this.pos++; break; }
      if (c === 0x0a) this.error('unclosed string', open);
      if (c < 0x20 || c === 0x7f) this.error('illegal character');
      if (c !== 0x5c) {
        const cp = s.codePointAt(this.pos)!;
        if (cp < 0x80) out.push(cp);
        else {
          if (cp >= 0xd800 && cp <= 0xdfff) this.error('malformed UTF-8 encoding');
          for (const b of utf8Encode(String.fromCodePoint(cp))) out.push(b);
        }
        this.pos += cp > 0xffff ? 2 : 1;
        continue;
      }
      // Escape sequence.
      const e = s.charCodeAt(this.pos + 1);
      this.pos += 2;
      switch (e) {
        case 0x74: out.push(0x09); continue; // \t
        case 0x6e: out.push(0x0a); continue; // \n
        case 0x72: out.push(0x0d); continue; // \r
        case 0x22: out.push(0x22); continue;
        case 0x27: out.push(0x27); continue;
        case 0x5c: out.push(0x5c); continue;
        case 0x75: { // \u{hex}
          if (s.charCodeAt(this.pos) !== 0x7b) this.error('illegal escape', this.pos - 2);
          const close = s.indexOf('}', this.pos);
          const hex = close < 0 ? '' : s.slice(this.pos + 1, close);
          if (!/^[0-9a-fA-F](_?[0-9a-fA-F])*$/.test(hex)) this.error('illegal escape', this.pos - 2);
          const cp = parseInt(hex.replace(/_/g, ''), 16);
          if (!(cp < 0xd800 || (cp >= 0xe000 && cp < 0x110000))) this.error('malformed UTF-8 encoding', this.pos - 2);
          for (const b of utf8Encode(String.fromCodePoint(cp))) out.push(b);
          this.pos = close + 1;
          continue;
        }
      }
      const h1 = hexDigit(e), h2 = hexDigit(s.charCodeAt(this.pos));
      if (h1 < 0 || h2 < 0) this.error('illegal escape', this.pos - 2);
      out.push(h1 * 16 + h2);
      this.pos++;
    }
    return Uint8Array.from(out);
  }
}

/**
 * Invalid UTF-8 bytes of quoted module text are carried as lone low surrogates
 * (see decodeSourceBytes); a low surrogate without a high one before it is such a byte.
 */
function isLoneLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00 || c > 0xdfff) return false;
  const p = i > 0 ? s.charCodeAt(i - 1) : 0;
  return !(p >= 0xd800 && p <= 0xdbff);
}

/**
 * Decode source bytes as UTF-8 without losing invalid bytes: each byte of an invalid
 * sequence becomes U+DC80..U+DCFF ("surrogate escape"), which the lexer rejects
 * with "malformed UTF-8 encoding" wherever it appears.
 */
export function decodeSourceBytes(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let len = 0;
    let cp = 0;
    if (c < 0x80) { out += String.fromCharCode(c); i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
    let ok = len > 0 && i + len <= b.length;
    for (let k = 1; ok && k < len; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if (ok && ((len === 3 && cp < 0x800) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) { out += String.fromCharCode(0xdc00 | c); i++; continue; }
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

export function tokenize(src: string): Token[] {
  return new Lexer(src).tokenize();
}
