// The two annotations with meaning in a module: `(@custom "name" place? "data"*)`
// (a custom section) and `(@name "string")` (a name-section name that need not be
// a valid $id). Other annotations are ignored. Their bodies are lexed only here,
// so errors are reported as "@custom annotation: ..." at the annotation.

import { TextError, tokenize, utf8Decode, type Token } from './lexer.js';
import { buildTree, isList, head } from './sexpr.js';

/** Where a custom section goes: before/after a section kind, or first/last. */
export interface CustomPlacement {
  before: boolean;
  /** A section keyword (type, import, func, ...), or 'first' / 'last'. */
  section: string;
}

export interface CustomAnnotation {
  name: string;
  data: Uint8Array;
  place: CustomPlacement;
}

export const SECTION_KEYWORDS: ReadonlySet<string> = new Set([
  'type', 'import', 'func', 'table', 'memory', 'global', 'export', 'start', 'elem', 'code', 'data', 'datacount', 'tag',
]);

function fail(tok: Token, what: string, reason: string): never {
  throw new TextError(`@${what} annotation: ${reason}`, tok.line, tok.col);
}

/** Lex an annotation body; lexical errors become errors of the annotation. */
function bodyNodes(tok: Token, what: string) {
  try {
    return buildTree(tokenize(tok.body ?? '')).items;
  } catch (e) {
    if (e instanceof TextError) fail(tok, what, e.reason);
    throw e;
  }
}

export function parseCustomAnnotation(tok: Token): CustomAnnotation {
  const items = bodyNodes(tok, 'custom');
  const first = items[0];
  if (!first || first.kind !== 'string') fail(tok, 'custom', 'missing section name');
  const name = utf8Decode(first.bytes!);
  if (name === null) fail(tok, 'custom', 'malformed UTF-8 encoding');
  let place: CustomPlacement = { before: false, section: 'last' };
  let i = 1;
  const p = items[i];
  if (isList(p)) {
    i++;
    const h = head(p);
    if (h !== 'before' && h !== 'after') fail(tok, 'custom', 'malformed placement');
    const sec = p.items[1];
    if (!sec || sec.kind !== 'keyword') fail(tok, 'custom', 'malformed section kind');
    const ok = SECTION_KEYWORDS.has(sec.text) || (h === 'before' && sec.text === 'first') || (h === 'after' && sec.text === 'last');
    if (!ok) fail(tok, 'custom', 'malformed section kind');
    if (p.items.length > 2) fail(tok, 'custom', 'unexpected token');
    place = { before: h === 'before', section: sec.text };
  }
  const parts: Uint8Array[] = [];
  for (; i < items.length; i++) {
    const s = items[i];
    if (s.kind !== 'string') fail(tok, 'custom', 'unexpected token');
    parts.push(s.bytes!);
  }
  let len = 0;
  for (const x of parts) len += x.length;
  const data = new Uint8Array(len);
  let o = 0;
  for (const x of parts) { data.set(x, o); o += x.length; }
  return { name, data, place };
}

export function parseNameAnnotation(tok: Token): string {
  const items = bodyNodes(tok, 'name');
  const s = items[0];
  if (!s || s.kind !== 'string' || items.length !== 1) fail(tok, 'name', 'unexpected token');
  const name = utf8Decode(s.bytes!);
  if (name === null) fail(tok, 'name', 'malformed UTF-8 encoding');
  return name;
}
