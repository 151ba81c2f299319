// A validation failure: a CompileError that also says which function it is in.

import { CompileError } from '../errors.js';

export class ValidationError extends CompileError {
  /** Function index (in the function index space) of the offending body, or -1 outside function bodies. */
  readonly funcIndex: number;
  constructor(message: string, offset: number, funcIndex: number) {
    super(message, offset);
    this.funcIndex = funcIndex;
  }
}
