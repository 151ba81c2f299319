// The binary format: decoder, encoder and the LEB128 primitives they share.
export { decodeModule, decodeUtf8 } from './decode.js';
export type { DecodeOptions } from './decode.js';
export { encodeModule, writeInstr, writeExpr } from './encode.js';
export { decodeNames, encodeNames } from './names.js';
export {
  readU32, readS32, readS33, readU64, readS64, readU64Number,
  writeU32, writeS32, writeS33, writeU64, writeU64Number, writeS64,
} from './leb128.js';
export type { ByteCursor, ByteSink } from './leb128.js';
export { ByteWriter } from './writer.js';
export { SectionId } from './sections.js';
export { streamBody, bodySource } from './instr-stream.js';
export type { InstrStream, BodySource } from './instr-stream.js';
