// Counting a script's top-level forms without parsing them: an independent
// check that the spec runner accounts for every command exactly once, and the
// count charged as failures when a whole file cannot be parsed.

/** One top-level parenthesised form: its head keyword and the 1-based line of its '('. */
export interface TopLevelForm {
  head: string;
  line: number;
}

/** Index just past a balanced `(...)` group starting at `i` (strings and comments respected). */
function skipGroup(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === ';' && text[i + 1] === ';') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '(' && text[i + 1] === ';') { i = skipBlockComment(text, i); continue; }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** Index just past a block comment `(; ... ;)` starting at `i` (block comments nest). */
export function skipBlockComment(text: string, i: number): number {
  let nest = 0;
  while (i < text.length) {
    if (text[i] === '(' && text[i + 1] === ';') { nest++; i += 2; continue; }
    if (text[i] === ';' && text[i + 1] === ')') { i += 2; if (--nest === 0) return i; continue; }
    i++;
  }
  return i;
}

/** How many newlines text[from, to) holds. */
export function newlinesIn(text: string, from: number, to: number): number {
  let lines = 0;
  for (let k = from; k < to; k++) if (text[k] === '\n') lines++;
  return lines;
}

/** The keyword after a '(' at `i`, skipping blanks, comments and annotations; '' if none. */
function headAfter(text: string, i: number): string {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith(';;', i)) { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (text.startsWith('(;', i)) { i = skipBlockComment(text, i); continue; }
    if (text.startsWith('(@', i)) { i = skipGroup(text, i); continue; }
    break;
  }
  let k = i;
  while (k < text.length && !/[\s()";]/.test(text[k]!)) k++;
  return text.slice(i, k);
}

/** Module fields: a script made of these alone is one implicit module (as in the reference interpreter). */
const MODULE_FIELDS = new Set(['type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data']);

/** Top-level forms of a .wast text, skipping comments, strings and annotations `(@...)`. */
export function topLevelForms(text: string): TopLevelForm[] {
  const forms: TopLevelForm[] = [];
  let depth = 0;
  let line = 1;
  let annotationDepth = -1; // depth at which a top-level annotation opened, or -1
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ';' && text[i + 1] === ';') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '(' && text[i + 1] === ';') {
      const end = skipBlockComment(text, i);
      line += newlinesIn(text, i, end);
      i = end;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
        i++;
      }
      i++;
      continue;
    }
    if (c === '(') {
      if (depth === 0) {
        const head = headAfter(text, i + 1);
        if (head.startsWith('@')) annotationDepth = 0;
        else forms.push({ head, line });
      }
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth > 0) depth--;
      if (depth === annotationDepth) annotationDepth = -1;
      i++;
      continue;
    }
    i++;
  }
  if (forms.length > 0 && forms.every((f) => MODULE_FIELDS.has(f.head))) return [{ head: 'module', line: forms[0]!.line }];
  return forms;
}
