// proc_exit unwinds the guest by throwing this through the engine to the embedder.

export class WasiExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`WASI program exited with code ${code}`);
    this.name = 'WasiExit';
    this.code = code;
  }
}
