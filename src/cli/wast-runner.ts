// The spec-test runner's core: run one WAST script's commands against the
// engine, each exactly once, and classify each as passed, failed or skipped.
//
// Semantics follow the official harness (the reference interpreter's run.ml):
// - results compare exactly (floats by bits; NaN classes per lane; reference kinds);
// - assert_malformed must fail while parsing (quote/text) or decoding (binary),
//   assert_invalid while validating, assert_unlinkable while linking, and
//   assert_trap/assert_exhaustion with a trap; a failure at another stage fails the command;
// - error messages match when the engine's message (without location decorations)
//   starts with the expected text.
// Anything unexpected thrown by the engine fails the one command, never the file.

import type { Module } from '../ast.js';
import { CompileError, LinkError, RuntimeError } from '../errors.js';
import type { RawValue } from '../exec/value.js';
import type { Resolver } from '../exec/host.js';
import { createSpectest, type PrintSink } from '../host/spectest.js';
import type { Action, Command, ModuleSource, Script } from '../text/script.js';
import { MissingPartError, type Engine, type JsApi } from './engine.js';
import { compareResults, formatRaw } from './wast-expect.js';
import { topLevelForms } from './wast-forms.js';
import { skipReason } from './wast-skips.js';

export type RunMode = 'full' | 'validation';
export type Status = 'passed' | 'failed' | 'skipped';

/** The verdict on one top-level command. */
export interface Outcome {
  line: number;
  /** The command's keyword (`module`, `assert_return`, ...). */
  command: string;
  status: Status;
  /** Why it failed (expected vs got) or was skipped. */
  detail?: string;
  /** The first line of the command's text, for reports. */
  source?: string;
}

export interface FileReport {
  passed: number;
  failed: number;
  skipped: number;
  /** Number of top-level forms in the file (the independent count). */
  forms: number;
  outcomes: Outcome[];
}

export interface RunOptions {
  mode?: RunMode;
  /** Where spectest.print* output goes (default: discarded). */
  print?: PrintSink;
  /** Passed to the engine's Instance options. */
  maxCallDepth?: number;
  /** Told before each command starts (its line) and after it ends (its outcome): lets a
   *  watcher in another thread say which command hung. */
  onStart?: (line: number) => void;
  onOutcome?: (o: Outcome) => void;
  /** Decode binary modules with the custom-page-sizes proposal's limits flag (off by default:
   *  core binary.wast asserts that flag is malformed). runScript sets it for that proposal's folder. */
  customPageSizes?: boolean;
  /** Validate with the custom-descriptors proposal's relaxed br_on_cast rule (off by default: core
   *  br_on_cast.wast asserts the 3.0 rule). runScript sets it for that proposal's folder. */
  customDescriptors?: boolean;
}

type CompiledModule = InstanceType<JsApi['Module']>;

/** The stage at which compiling/instantiating a module failed. */
type Stage = 'parse' | 'decode' | 'validate' | 'compile' | 'link' | 'trap' | 'exception' | 'crash' | 'missing';

class StageError extends Error {
  constructor(readonly stage: Stage, override readonly cause: unknown) {
    super(`${stage} error: ${describeError(cause)}`);
  }
}

/** A script-level problem (unknown module name, ...): the command fails. */
class ScriptError extends Error {}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** The engine's message without decorations: byte offsets, trap locations, `line:col:` prefixes. */
export function plainMessage(e: unknown): string {
  let m: string;
  if (e instanceof CompileError) m = e.reason;
  else if (e instanceof RuntimeError) m = e.reason;
  else if (e instanceof Error) m = e.message;
  else m = String(e);
  // Leading "file:line:col: " or "line:col: " location.
  m = m.replace(/^(?:[^\s:]+:)?\d+:\d+:\s*/, '');
  return m;
}

/** The official rule: the actual message must start with the expected text. */
export function messageMatches(actual: string, expected: string): boolean {
  return actual.startsWith(expected);
}

function stageOf(e: unknown, fallback: Stage): Stage {
  if (e instanceof MissingPartError) return 'missing';
  if (e instanceof CompileError) return fallback;
  return 'crash';
}

/** Run `fn` as stage `stage`: its CompileErrors are attributed to that stage. */
function at<T>(stage: Stage, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StageError) throw e;
    throw new StageError(stageOf(e, stage), e);
  }
}

const STAGE_WORDS: Record<Stage, string> = {
  parse: 'a text parse error', decode: 'a decode error', validate: 'a validation error',
  compile: 'a compile error from WebAssembly.Module', link: 'a link error', trap: 'a trap',
  exception: 'an uncaught wasm exception', crash: 'an engine crash', missing: 'a missing engine part',
};

/** Runs one script's commands in order, holding the script's instances and registry. */
class ScriptRun {
  private readonly registry = new Map<string, Record<string, unknown>>();
  private readonly instances = new Map<string, object>();
  private readonly definitions = new Map<string, CompiledModule>();
  private current: object | undefined;
  private lastDefinition: CompiledModule | undefined;
  private readonly resolvers: Resolver[];

  constructor(private readonly engine: Engine, private readonly opts: RunOptions) {
    const registry = this.registry;
    this.resolvers = [{
      name: 'wast-registry',
      resolve(req) {
        const ns = registry.get(req.module);
        return ns && Object.prototype.hasOwnProperty.call(ns, req.name) ? ns[req.name] : undefined;
      },
    }];
  }

  private spectestReady = false;
  private ensureSpectest(): void {
    if (this.spectestReady) return;
    this.spectestReady = true;
    this.registry.set('spectest', createSpectest(this.engine.W, this.opts.print));
  }

  get mode(): RunMode {
    return this.opts.mode ?? 'full';
  }

  /** Parse or decode, then validate, a module source; in full mode the result is a WebAssembly.Module.
   *  Binary modules are decoded here and text modules parsed, so each stage's errors are told apart;
   *  WebAssembly.Module then only validates the AST it is given. */
  compile(src: ModuleSource): CompiledModule | undefined {
    const e = this.engine;
    let ast: Module;
    switch (src.kind) {
      case 'text':
        if (!src.module) throw new StageError(stageOf(src.error, 'parse'), src.error);
        ast = src.module;
        break;
      case 'quote':
        ast = at('parse', () => e.parseQuoteModule(src.text));
        break;
      case 'binary':
        ast = at('decode', () => e.decodeModule(src.bytes, { customPageSizes: this.opts.customPageSizes === true }));
        break;
    }
    const validation = { customDescriptors: this.opts.customDescriptors === true };
    if (this.mode === 'validation') {
      at('validate', () => e.validateModule(ast, validation));
      return undefined;
    }
    return at('validate', () => new e.W.Module(ast, validation));
  }

  instantiate(module: CompiledModule): object {
    this.ensureSpectest();
    try {
      const opts = this.opts.maxCallDepth !== undefined ? { maxCallDepth: this.opts.maxCallDepth } : undefined;
      return new this.engine.W.Instance(module, this.resolvers, opts);
    } catch (err) {
      if (err instanceof LinkError) throw new StageError('link', err);
      if (err instanceof RuntimeError) throw new StageError('trap', err);
      if (err instanceof this.engine.WasmException) throw new StageError('exception', err);
      if (err instanceof MissingPartError) throw new StageError('missing', err);
      if (err instanceof CompileError) throw new StageError('compile', err);
      throw new StageError('crash', err);
    }
  }

  /** Line of the last module command that failed, for explaining later "no module" failures. */
  failedModuleLine: number | undefined;
  private readonly failedNames = new Map<string, number>();

  /** Remember a failed module/instance command. */
  noteFailure(c: Command): void {
    if (c.type !== 'module' && c.type !== 'instance') return;
    if (c.type === 'instance' || !c.definition) this.failedModuleLine = c.line;
    if (c.name !== undefined) {
      this.failedNames.set(c.name, c.line);
      // A stale instance of an earlier module with the same name must not stand in for it.
      if (c.type === 'instance' || !c.definition) this.instances.delete(c.name);
      else this.definitions.delete(c.name);
    }
  }

  private instanceNamed(name: string | undefined): object {
    if (name === undefined) {
      if (!this.current) {
        throw new ScriptError(`no current module instance${this.failedModuleLine !== undefined ? ` (the module at line ${this.failedModuleLine} failed)` : ''}`);
      }
      return this.current;
    }
    const inst = this.instances.get(name);
    if (!inst) {
      const line = this.failedNames.get(name);
      throw new ScriptError(`unknown module instance ${name}${line !== undefined ? ` (its module at line ${line} failed)` : ''}`);
    }
    return inst;
  }

  private toArg(v: RawValue): RawValue {
    if (v.type === 'ref' && v.ref !== null && typeof v.ref === 'object') {
      const n = (v.ref as { hostRef?: unknown }).hostRef;
      if (typeof n === 'number') return { type: 'ref', ref: this.engine.hostRef(n) };
    }
    return v;
  }

  /** Perform an action; engine errors propagate to the caller. */
  act(a: Action): RawValue[] {
    const inst = this.instanceNamed(a.module);
    if (a.kind === 'invoke') return this.engine.invokeExport(inst, a.name, a.args.map((v) => this.toArg(v)));
    return [this.engine.readGlobal(inst, a.name)];
  }

  /** Run one command; returns the outcome without its line/command fields. */
  run(c: Command): { status: Status; detail?: string } {
    const validationOnly = this.mode === 'validation';
    const skipInValidation = { status: 'skipped' as const, detail: 'validation mode runs only modules, assert_invalid and binary assert_malformed' };
    switch (c.type) {
      case 'module': {
        // A module that fails leaves no current module behind: later actions on it fail too.
        if (!c.definition && !validationOnly) this.current = undefined;
        const mod = this.compile(c.source);
        if (validationOnly) return { status: 'passed' };
        if (c.definition) {
          this.lastDefinition = mod;
          if (c.name !== undefined) this.definitions.set(c.name, mod!);
          return { status: 'passed' };
        }
        const inst = this.instantiate(mod!);
        this.current = inst;
        if (c.name !== undefined) this.instances.set(c.name, inst);
        return { status: 'passed' };
      }
      case 'instance': {
        if (validationOnly) return skipInValidation;
        const def = c.module !== undefined ? this.definitions.get(c.module) : this.lastDefinition;
        if (!def) throw new ScriptError(`unknown module definition ${c.module ?? '(none defined)'}`);
        this.current = undefined;
        const inst = this.instantiate(def);
        this.current = inst;
        if (c.name !== undefined) this.instances.set(c.name, inst);
        return { status: 'passed' };
      }
      case 'register': {
        if (validationOnly) return skipInValidation;
        const inst = this.instanceNamed(c.name) as { exports?: Record<string, unknown> };
        if (!inst.exports) throw new ScriptError('instance has no exports object');
        this.registry.set(c.as, inst.exports);
        return { status: 'passed' };
      }
      case 'action':
        if (validationOnly) return skipInValidation;
        this.act(c.action);
        return { status: 'passed' };
      case 'assert_return': {
        if (validationOnly) return skipInValidation;
        const got = this.act(c.action);
        const diff = compareResults(c.expected, got, this.engine);
        return diff === null ? { status: 'passed' } : { status: 'failed', detail: diff };
      }
      case 'assert_trap':
      case 'assert_exhaustion': {
        if (validationOnly) return skipInValidation;
        if (c.type === 'assert_trap' && c.action === null) {
          if (!c.module) throw new ScriptError('assert_trap without action or module');
          const mod = this.compile(c.module)!;
          try {
            this.instantiate(mod);
          } catch (e) {
            if (e instanceof StageError && e.stage === 'trap') return this.checkMessage(e.cause, c.message);
            throw e;
          }
          return { status: 'failed', detail: `expected trap "${c.message}", but instantiation succeeded` };
        }
        let got: RawValue[];
        try {
          got = this.act(c.action!);
        } catch (e) {
          if (e instanceof RuntimeError) return this.checkMessage(e, c.message);
          throw e;
        }
        return { status: 'failed', detail: `expected trap "${c.message}", got ${got.map((v) => formatRaw(v, this.engine)).join(' ') || '(no results)'}` };
      }
      case 'assert_exception': {
        if (validationOnly) return skipInValidation;
        let got: RawValue[];
        try {
          got = this.act(c.action);
        } catch (e) {
          if (e instanceof this.engine.WasmException) return { status: 'passed' };
          throw e;
        }
        return { status: 'failed', detail: `expected an exception, got ${got.map((v) => formatRaw(v, this.engine)).join(' ') || '(no results)'}` };
      }
      case 'assert_malformed':
      case 'assert_invalid':
      case 'assert_unlinkable':
        return this.runModuleAssertion(c);
    }
  }

  private checkMessage(e: unknown, expected: string): { status: Status; detail?: string } {
    const msg = plainMessage(e);
    return messageMatches(msg, expected)
      ? { status: 'passed' }
      : { status: 'failed', detail: `expected message "${expected}", got "${msg}"` };
  }

  private runModuleAssertion(c: Extract<Command, { type: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' }>): { status: Status; detail?: string } {
    // Malformed custom annotations are rejected by the text front end, so those run as
    // ordinary assert_malformed. Invalid custom-section contents are not checked.
    if (c.custom && c.type !== 'assert_malformed') {
      return { status: 'skipped', detail: 'invalid custom-section contents are not checked (engines may ignore them)' };
    }
    const textual = c.source.kind !== 'binary';
    if (this.mode === 'validation' && (c.type === 'assert_unlinkable' || (c.type === 'assert_malformed' && textual))) {
      return { status: 'skipped', detail: 'validation mode runs only modules, assert_invalid and binary assert_malformed' };
    }
    const want: Stage = c.type === 'assert_invalid' ? 'validate'
      : c.type === 'assert_unlinkable' ? 'link'
      : textual ? 'parse' : 'decode';
    try {
      const mod = this.compile(c.source);
      if (want === 'link') this.instantiate(mod!);
    } catch (e) {
      if (!(e instanceof StageError)) throw e;
      if (e.stage === want) return this.checkMessage(e.cause, c.message);
      return { status: 'failed', detail: `expected ${STAGE_WORDS[want]} "${c.message}", got ${STAGE_WORDS[e.stage]}: ${describeError(e.cause)}` };
    }
    return { status: 'failed', detail: `expected ${STAGE_WORDS[want]} "${c.message}", but the module was accepted` };
  }
}

function failureText(e: unknown): string {
  if (e instanceof StageError) return `unexpected ${STAGE_WORDS[e.stage]}: ${describeError(e.cause)}`;
  if (e instanceof ScriptError) return e.message;
  if (e instanceof RuntimeError) return `unexpected trap: ${e.message}`;
  if (e instanceof MissingPartError) return e.message;
  if (e instanceof LinkError || e instanceof CompileError) return `unexpected ${describeError(e)}`;
  if (e instanceof Error && e.name === 'WasmException') return `unexpected wasm exception: ${e.message}`;
  return `engine crash: ${describeError(e)}${e instanceof Error && e.stack ? ` @ ${e.stack.split('\n')[1]?.trim() ?? ''}` : ''}`;
}

/** A proposal's folder runs with that proposal's decoding/validation rules on. */
function proposalOptions(path: string, opts: RunOptions): RunOptions {
  if (/custom-page-sizes/.test(path)) return { ...opts, customPageSizes: true };
  if (/custom-descriptors/.test(path)) return { ...opts, customDescriptors: true };
  return opts;
}

/** Run a parsed script. `forms` lists the file's top-level forms, to account for any the parser dropped. */
export function runScript(engine: Engine, script: Script, opts: RunOptions = {}, forms?: { head: string; line: number }[]): FileReport {
  const path = script.filename ?? '';
  const run = new ScriptRun(engine, proposalOptions(path, opts));
  const outcomes: Outcome[] = [];
  for (const c of script.commands) {
    let r: { status: Status; detail?: string };
    const skip = skipReason(path, c.type, 'message' in c ? c.message : undefined);
    opts.onStart?.(c.line);
    try {
      r = skip !== undefined ? { status: 'skipped', detail: skip } : run.run(c);
    } catch (e) {
      r = { status: 'failed', detail: failureText(e) };
    }
    if (r.status === 'failed') run.noteFailure(c);
    const outcome: Outcome = { line: c.line, command: 'custom' in c && c.custom ? `${c.type}_custom` : c.type, ...r };
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
  }
  if (forms) {
    // Forms the parser produced no command for count as failed, so no command goes unaccounted.
    // Matched per line, as a multiset: several forms may share a line.
    const commandsOnLine = new Map<number, number>();
    for (const c of script.commands) commandsOnLine.set(c.line, (commandsOnLine.get(c.line) ?? 0) + 1);
    for (const f of forms) {
      const left = commandsOnLine.get(f.line) ?? 0;
      if (left > 0) commandsOnLine.set(f.line, left - 1);
      else outcomes.push({ line: f.line, command: f.head, status: 'failed', detail: 'the WAST parser produced no command for this form' });
    }
    outcomes.sort((a, b) => a.line - b.line);
  }
  return tally(outcomes, forms?.length ?? script.commands.length);
}

function tally(outcomes: Outcome[], forms: number): FileReport {
  const r: FileReport = { passed: 0, failed: 0, skipped: 0, forms, outcomes };
  for (const o of outcomes) r[o.status]++;
  return r;
}

/** Run a .wast text: parse it, then run it; a script that cannot be parsed fails every command. */
export function runWastText(engine: Engine, text: string, filename: string, opts: RunOptions = {}): FileReport {
  const forms = topLevelForms(text);
  let script: Script;
  try {
    script = engine.parseWast(text, filename);
  } catch (e) {
    const why = `the script could not be parsed: ${describeError(e)}`;
    const failed: Outcome[] = forms.map((f) => ({ line: f.line, command: f.head, status: 'failed', detail: why }));
    // Text with no recognisable command at all still fails once: never a silent zero.
    if (failed.length === 0) failed.push({ line: 1, command: '(script)', status: 'failed', detail: why });
    return withSources(tally(failed, forms.length), text);
  }
  return withSources(runScript(engine, { ...script, filename }, opts, forms), text);
}

/** Attach each failed or skipped command's first source line. */
function withSources(r: FileReport, text: string): FileReport {
  const lines = text.split('\n');
  for (const o of r.outcomes) {
    if (o.status === 'passed') continue;
    const l = (lines[o.line - 1] ?? '').trim();
    o.source = l.length > 120 ? l.slice(0, 117) + '...' : l;
  }
  return r;
}
