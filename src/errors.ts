// The engine's error classes, named as in the WebAssembly JS API.

/** Malformed or invalid module (decoding, text parsing or validation). */
export class CompileError extends Error {
  /** Byte offset in the binary (or -1), when known. */
  readonly offset: number;
  constructor(message: string, offset = -1) {
    super(offset >= 0 ? `${message} (at byte offset ${offset})` : message);
    this.name = 'CompileError';
    this.offset = offset;
  }
  /** The message without the offset suffix: the spec suite's wording. */
  get reason(): string {
    const i = this.message.lastIndexOf(' (at byte offset ');
    return i >= 0 ? this.message.slice(0, i) : this.message;
  }
}

/** Instantiation failed: missing or mistyped imports, out-of-bounds segments at link time. */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

/** A trap. `reason` is the spec wording ("integer divide by zero", ...). */
export class RuntimeError extends Error {
  readonly reason: string;
  /** Wasm function index (in the module's function index space) where the trap happened, or -1. */
  readonly funcIndex: number;
  /** Function name from the name section, when there is one. */
  readonly funcName: string | undefined;
  /** Byte offset of the trapping instruction, or -1. */
  readonly offset: number;
  /** Wasm backtrace, innermost first: "name or func[i]@offset". */
  readonly wasmStack: string[];
  constructor(reason: string, funcIndex = -1, funcName?: string, offset = -1, wasmStack: string[] = []) {
    const where = funcIndex >= 0 ? ` (in ${funcName ?? `func[${funcIndex}]`}${offset >= 0 ? ` at offset ${offset}` : ''})` : '';
    super(reason + where);
    this.name = 'RuntimeError';
    this.reason = reason;
    this.funcIndex = funcIndex;
    this.funcName = funcName;
    this.offset = offset;
    this.wasmStack = wasmStack;
  }
}
