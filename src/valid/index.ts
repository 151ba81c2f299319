// The validator's public surface.
export { validateModule } from './validate.js';
export { ValidationError } from './error.js';
export type { FuncInfo, ModuleInfo } from './info.js';
