// The debugging API: step debugger, disassembler, tracing and fuel.

export { Debugger, type Breakpoint, type DebuggerOptions, type RunResult, type StartOptions, type TraceEvent } from './debugger.js';
export { DebugSession, type FrameInfo, type LocalInfo, type SessionState, type StopReason } from './session.js';
export { disassembleFunction, disassembleModule, functionHeader, type DisasmOptions } from './disasm.js';
export { formatTrace, traceInstance, limitFuel } from './trace.js';
export { formatValue as formatDebugValue, type DebugValue } from './values.js';
export type { ShownType, StopPoint, StackSlot } from './points.js';
