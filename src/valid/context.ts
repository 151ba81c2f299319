// Module-level facts the instruction validator looks things up in: the index
// spaces with their types, encoded once per module.

import type { TypeContext } from './typectx.js';

export interface ModuleContext {
  tc: TypeContext;
  /** Type index per function (imports first). */
  funcTypes: Int32Array;
  /** Address type (I32/I64 code) and element type code per table. */
  tableAddr: Uint8Array;
  tableElem: Int32Array;
  /** Address type code per memory. */
  memAddr: Uint8Array;
  /** Value type code and mutability per global. */
  globalType: Int32Array;
  globalMut: Uint8Array;
  /** Number of globals visible (constant expressions see fewer than function bodies). */
  globalCount: number;
  /** Type index per tag. */
  tagTypes: Int32Array;
  /** Element type code per element segment. */
  elemTypes: Int32Array;
  /** Number of data segments. */
  dataCount: number;
  /** False when a binary module lacks the data count section (memory.init/data.drop need it). */
  hasDataCount: boolean;
  /** 1 for functions that may be referenced by ref.func in bodies. */
  declaredRefs: Uint8Array;
  /** custom-descriptors proposal: br_on_cast's target need only share the source's hierarchy. */
  customDescriptors: boolean;
}
