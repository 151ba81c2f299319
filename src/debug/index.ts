// The debugging API: step debugger, disassembler, tracing and fuel.
//
//   const dbg = new Debugger(instance);          // swaps in debug-compiled code
//   dbg.breakAt('fib', 0x40);                     // by name or index; byte offset, or entry
//   const s = dbg.start('fib', [5]);              // paused before the first instruction
//   s.step(); s.stepOver(); s.stepOut();          // each returns 'paused' | {done} | {trap}
//   s.frames(); s.locals(); s.stack(); s.setLocal('n', 3); s.readMemory(0, 16);
//   s.continue();
//   dbg.detach();                                 // normal code again, at full speed
//
// With no debugger attached nothing here is on the execution path: the interpreter
// only meets DEBUG codes in the separately compiled debug form.

export { Debugger, type Breakpoint, type DebuggerOptions, type RunResult, type StartOptions, type TraceEvent } from './debugger.js';
export { DebugSession, type FrameInfo, type LocalInfo, type SessionState, type StopReason } from './session.js';
export { disassembleFunction, disassembleModule, functionHeader, type DisasmOptions } from './disasm.js';
export { formatTrace, traceInstance, limitFuel } from './trace.js';
export { formatValue as formatDebugValue, type DebugValue } from './values.js';
export type { ShownType, StopPoint, StackSlot } from './points.js';
