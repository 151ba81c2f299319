// The opcode table: one row per instruction of WebAssembly 3.0 (plus the legacy
// exception-handling encoding). The decoder, encoder, text parser and disassembler
// are all driven by it. An opcode's code is its byte, or (prefix << 12) | sub for
// the prefixed families 0xFB (GC), 0xFC (misc), 0xFD (SIMD), 0xFE (threads).

/** How an instruction's immediates are encoded, and which `Instr` fields hold them. */
export type ImmKind =
  | 'none'
  | 'block'         // blockType                        (block, loop, if, try)
  | 'try_table'     // blockType, catches
  | 'label'         // idx = label                      (br, br_if, br_on_null, br_on_non_null, rethrow, delegate)
  | 'br_table'      // labels (default last)
  | 'func'          // idx = func                       (call, return_call, ref.func)
  | 'call_indirect' // idx = type, idx2 = table
  | 'type'          // idx = type                       (call_ref, struct.new, array.new, array.get, ...)
  | 'local'         // idx = local
  | 'global'        // idx = global
  | 'table'         // idx = table
  | 'memory'        // idx = memory                     (memory.size, memory.grow, memory.fill)
  | 'tag'           // idx = tag                        (throw, legacy catch)
  | 'elem'          // idx = elem                       (elem.drop)
  | 'data'          // idx = data                       (data.drop)
  | 'memarg'        // mem
  | 'memarg_lane'   // mem, lane
  | 'i32' | 'i64' | 'f32' | 'f64' | 'v128' // value
  | 'lane'          // lane
  | 'shuffle'       // lanes
  | 'select_t'      // types
  | 'heap'          // heap                             (ref.null, ref.test, ref.cast)
  | 'br_on_cast'    // idx = label, ref, ref2
  | 'table_init'    // idx = elem, idx2 = table
  | 'table_copy'    // idx = dst table, idx2 = src table
  | 'memory_init'   // idx = data, idx2 = memory
  | 'memory_copy'   // idx = dst memory, idx2 = src memory
  | 'field'         // idx = type, idx2 = field         (struct.get*, struct.set)
  | 'array_fixed'   // idx = type, idx2 = count
  | 'type_data'     // idx = type, idx2 = data          (array.new_data, array.init_data)
  | 'type_elem'     // idx = type, idx2 = elem          (array.new_elem, array.init_elem)
  | 'type_type'     // idx = dst type, idx2 = src type  (array.copy)
  | 'zero';         // a reserved 0x00 byte, no field   (atomic.fence)

export interface OpInfo {
  code: number;
  name: string;
  imm: ImmKind;
  /** For memory accesses: log2 of the natural alignment (max allowed align). */
  natAlign?: number;
}

export const PREFIX_GC = 0xfb;
export const PREFIX_MISC = 0xfc;
export const PREFIX_SIMD = 0xfd;
export const PREFIX_ATOMIC = 0xfe;

export function prefixed(prefix: number, sub: number): number {
  return (prefix << 12) | sub;
}

const rows: OpInfo[] = [];
function op(code: number, name: string, imm: ImmKind = 'none', natAlign?: number): void {
  rows.push(natAlign === undefined ? { code, name, imm } : { code, name, imm, natAlign });
}
function ops(start: number, names: string, imm: ImmKind = 'none'): void {
  let c = start;
  for (const n of names.trim().split(/\s+/)) {
    if (n !== '-') op(c, n, imm);
    c++;
  }
}

// ---- control ----
op(0x00, 'unreachable');
op(0x01, 'nop');
op(0x02, 'block', 'block');
op(0x03, 'loop', 'block');
op(0x04, 'if', 'block');
op(0x05, 'else');
op(0x06, 'try', 'block');          // legacy exception handling
op(0x07, 'catch', 'tag');          // legacy
op(0x08, 'throw', 'tag');
op(0x09, 'rethrow', 'label');      // legacy
op(0x0a, 'throw_ref');
op(0x0b, 'end');
op(0x0c, 'br', 'label');
op(0x0d, 'br_if', 'label');
op(0x0e, 'br_table', 'br_table');
op(0x0f, 'return');
op(0x10, 'call', 'func');
op(0x11, 'call_indirect', 'call_indirect');
op(0x12, 'return_call', 'func');
op(0x13, 'return_call_indirect', 'call_indirect');
op(0x14, 'call_ref', 'type');
op(0x15, 'return_call_ref', 'type');
op(0x18, 'delegate', 'label');     // legacy
op(0x19, 'catch_all');             // legacy
op(0x1a, 'drop');
op(0x1b, 'select');
op(0x1c, 'select_t', 'select_t');  // text: `select (result t*)`
op(0x1f, 'try_table', 'try_table');

// ---- variables and tables ----
op(0x20, 'local.get', 'local');
op(0x21, 'local.set', 'local');
op(0x22, 'local.tee', 'local');
op(0x23, 'global.get', 'global');
op(0x24, 'global.set', 'global');
op(0x25, 'table.get', 'table');
op(0x26, 'table.set', 'table');

// ---- memory ----
op(0x28, 'i32.load', 'memarg', 2);
op(0x29, 'i64.load', 'memarg', 3);
op(0x2a, 'f32.load', 'memarg', 2);
op(0x2b, 'f64.load', 'memarg', 3);
op(0x2c, 'i32.load8_s', 'memarg', 0);
op(0x2d, 'i32.load8_u', 'memarg', 0);
op(0x2e, 'i32.load16_s', 'memarg', 1);
op(0x2f, 'i32.load16_u', 'memarg', 1);
op(0x30, 'i64.load8_s', 'memarg', 0);
op(0x31, 'i64.load8_u', 'memarg', 0);
op(0x32, 'i64.load16_s', 'memarg', 1);
op(0x33, 'i64.load16_u', 'memarg', 1);
op(0x34, 'i64.load32_s', 'memarg', 2);
op(0x35, 'i64.load32_u', 'memarg', 2);
op(0x36, 'i32.store', 'memarg', 2);
op(0x37, 'i64.store', 'memarg', 3);
op(0x38, 'f32.store', 'memarg', 2);
op(0x39, 'f64.store', 'memarg', 3);
op(0x3a, 'i32.store8', 'memarg', 0);
op(0x3b, 'i32.store16', 'memarg', 1);
op(0x3c, 'i64.store8', 'memarg', 0);
op(0x3d, 'i64.store16', 'memarg', 1);
op(0x3e, 'i64.store32', 'memarg', 2);
op(0x3f, 'memory.size', 'memory');
op(0x40, 'memory.grow', 'memory');

// ---- numeric ----
op(0x41, 'i32.const', 'i32');
op(0x42, 'i64.const', 'i64');
op(0x43, 'f32.const', 'f32');
op(0x44, 'f64.const', 'f64');
ops(0x45, 'i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u');
ops(0x50, 'i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u');
ops(0x5b, 'f32.eq f32.ne f32.lt f32.gt f32.le f32.ge');
ops(0x61, 'f64.eq f64.ne f64.lt f64.gt f64.le f64.ge');
ops(0x67, `i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u
  i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr`);
ops(0x79, `i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u
  i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr`);
ops(0x8b, 'f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign');
ops(0x99, 'f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign');
ops(0xa7, `i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
  i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
  f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64
  f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32
  i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64
  i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s`);

// ---- reference ----
op(0xd0, 'ref.null', 'heap');
op(0xd1, 'ref.is_null');
op(0xd2, 'ref.func', 'func');
op(0xd3, 'ref.eq');
op(0xd4, 'ref.as_non_null');
op(0xd5, 'br_on_null', 'label');
op(0xd6, 'br_on_non_null', 'label');

// ---- GC (0xFB) ----
const gc = (sub: number, name: string, imm: ImmKind = 'none') => op(prefixed(PREFIX_GC, sub), name, imm);
gc(0, 'struct.new', 'type');
gc(1, 'struct.new_default', 'type');
gc(2, 'struct.get', 'field');
gc(3, 'struct.get_s', 'field');
gc(4, 'struct.get_u', 'field');
gc(5, 'struct.set', 'field');
gc(6, 'array.new', 'type');
gc(7, 'array.new_default', 'type');
gc(8, 'array.new_fixed', 'array_fixed');
gc(9, 'array.new_data', 'type_data');
gc(10, 'array.new_elem', 'type_elem');
gc(11, 'array.get', 'type');
gc(12, 'array.get_s', 'type');
gc(13, 'array.get_u', 'type');
gc(14, 'array.set', 'type');
gc(15, 'array.len');
gc(16, 'array.fill', 'type');
gc(17, 'array.copy', 'type_type');
gc(18, 'array.init_data', 'type_data');
gc(19, 'array.init_elem', 'type_elem');
gc(20, 'ref.test', 'heap');         // (ref ht)
gc(21, 'ref.test_null', 'heap');    // (ref null ht); text `ref.test (ref null ht)`
gc(22, 'ref.cast', 'heap');         // (ref ht)
gc(23, 'ref.cast_null', 'heap');    // (ref null ht); text `ref.cast (ref null ht)`
gc(24, 'br_on_cast', 'br_on_cast');
gc(25, 'br_on_cast_fail', 'br_on_cast');
gc(26, 'any.convert_extern');
gc(27, 'extern.convert_any');
gc(28, 'ref.i31');
gc(29, 'i31.get_s');
gc(30, 'i31.get_u');
// custom-descriptors proposal (0xFB 32-38)
gc(32, 'struct.new_desc', 'type');
gc(33, 'struct.new_default_desc', 'type');
gc(34, 'ref.get_desc', 'type');
gc(35, 'ref.cast_desc_eq', 'heap');          // (ref ht)
gc(36, 'ref.cast_desc_eq_null', 'heap');     // (ref null ht); text `ref.cast_desc_eq (ref null ht)`
gc(37, 'br_on_cast_desc_eq', 'br_on_cast');
gc(38, 'br_on_cast_desc_eq_fail', 'br_on_cast');

// ---- misc (0xFC) ----
const misc = (sub: number, name: string, imm: ImmKind = 'none') => op(prefixed(PREFIX_MISC, sub), name, imm);
['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u']
  .forEach((n, i) => misc(i, n));
misc(8, 'memory.init', 'memory_init');
misc(9, 'data.drop', 'data');
misc(10, 'memory.copy', 'memory_copy');
misc(11, 'memory.fill', 'memory');
misc(12, 'table.init', 'table_init');
misc(13, 'elem.drop', 'elem');
misc(14, 'table.copy', 'table_copy');
misc(15, 'table.grow', 'table');
misc(16, 'table.size', 'table');
misc(17, 'table.fill', 'table');
// wide-arithmetic proposal (0xFC 19-22)
misc(19, 'i64.add128');
misc(20, 'i64.sub128');
misc(21, 'i64.mul_wide_s');
misc(22, 'i64.mul_wide_u');

// ---- threads proposal (0xFE) ----
const atomicOp = (sub: number, name: string, natAlign?: number) =>
  op(prefixed(PREFIX_ATOMIC, sub), name, natAlign === undefined ? 'zero' : 'memarg', natAlign);
atomicOp(0x00, 'memory.atomic.notify', 2);
atomicOp(0x01, 'memory.atomic.wait32', 2);
atomicOp(0x02, 'memory.atomic.wait64', 3);
atomicOp(0x03, 'atomic.fence');
// Loads 0x10-0x16, stores 0x17-0x1d, then seven rows per read-modify-write operator,
// each in the same order of access widths.
const ATOMIC_LOADS: [string, number][] = [['i32.atomic.load', 2], ['i64.atomic.load', 3],
  ['i32.atomic.load8_u', 0], ['i32.atomic.load16_u', 1], ['i64.atomic.load8_u', 0], ['i64.atomic.load16_u', 1],
  ['i64.atomic.load32_u', 2]];
ATOMIC_LOADS.forEach(([n, a], i) => atomicOp(0x10 + i, n, a));
ATOMIC_LOADS.forEach(([n, a], i) => atomicOp(0x17 + i, n.replace('load', 'store').replace('_u', ''), a));
['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'].forEach((rmw, k) => {
  ATOMIC_LOADS.forEach(([n, a], i) => {
    const shape = /^(i32|i64)\.atomic\.load(\d*)/.exec(n)!;
    atomicOp(0x1e + k * 7 + i, `${shape[1]}.atomic.rmw${shape[2]}.${rmw}${shape[2] ? '_u' : ''}`, a);
  });
});

// ---- SIMD (0xFD) ----
const simd = (sub: number, name: string, imm: ImmKind = 'none', natAlign?: number) =>
  op(prefixed(PREFIX_SIMD, sub), name, imm, natAlign);
simd(0, 'v128.load', 'memarg', 4);
simd(1, 'v128.load8x8_s', 'memarg', 3);
simd(2, 'v128.load8x8_u', 'memarg', 3);
simd(3, 'v128.load16x4_s', 'memarg', 3);
simd(4, 'v128.load16x4_u', 'memarg', 3);
simd(5, 'v128.load32x2_s', 'memarg', 3);
simd(6, 'v128.load32x2_u', 'memarg', 3);
simd(7, 'v128.load8_splat', 'memarg', 0);
simd(8, 'v128.load16_splat', 'memarg', 1);
simd(9, 'v128.load32_splat', 'memarg', 2);
simd(10, 'v128.load64_splat', 'memarg', 3);
simd(11, 'v128.store', 'memarg', 4);
simd(12, 'v128.const', 'v128');
simd(13, 'i8x16.shuffle', 'shuffle');
simd(14, 'i8x16.swizzle');
simd(15, 'i8x16.splat');
simd(16, 'i16x8.splat');
simd(17, 'i32x4.splat');
simd(18, 'i64x2.splat');
simd(19, 'f32x4.splat');
simd(20, 'f64x2.splat');
simd(21, 'i8x16.extract_lane_s', 'lane');
simd(22, 'i8x16.extract_lane_u', 'lane');
simd(23, 'i8x16.replace_lane', 'lane');
simd(24, 'i16x8.extract_lane_s', 'lane');
simd(25, 'i16x8.extract_lane_u', 'lane');
simd(26, 'i16x8.replace_lane', 'lane');
simd(27, 'i32x4.extract_lane', 'lane');
simd(28, 'i32x4.replace_lane', 'lane');
simd(29, 'i64x2.extract_lane', 'lane');
simd(30, 'i64x2.replace_lane', 'lane');
simd(31, 'f32x4.extract_lane', 'lane');
simd(32, 'f32x4.replace_lane', 'lane');
simd(33, 'f64x2.extract_lane', 'lane');
simd(34, 'f64x2.replace_lane', 'lane');
ops(prefixed(PREFIX_SIMD, 35), `i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
  i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
  i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
  f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge
  f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
  v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true`);
simd(84, 'v128.load8_lane', 'memarg_lane', 0);
simd(85, 'v128.load16_lane', 'memarg_lane', 1);
simd(86, 'v128.load32_lane', 'memarg_lane', 2);
simd(87, 'v128.load64_lane', 'memarg_lane', 3);
simd(88, 'v128.store8_lane', 'memarg_lane', 0);
simd(89, 'v128.store16_lane', 'memarg_lane', 1);
simd(90, 'v128.store32_lane', 'memarg_lane', 2);
simd(91, 'v128.store64_lane', 'memarg_lane', 3);
simd(92, 'v128.load32_zero', 'memarg', 2);
simd(93, 'v128.load64_zero', 'memarg', 3);
ops(prefixed(PREFIX_SIMD, 94), `f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
  i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u
  f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest
  i8x16.shl i8x16.shr_s i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u
  f64x2.ceil f64x2.floor
  i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u
  f64x2.trunc
  i8x16.avgr_u
  i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
  i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
  i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
  i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u
  f64x2.nearest
  i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u - i16x8.avgr_u
  i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
  i32x4.abs i32x4.neg - i32x4.all_true i32x4.bitmask - -
  i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
  i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add - - i32x4.sub - - - i32x4.mul
  i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s -
  i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
  i64x2.abs i64x2.neg - i64x2.all_true i64x2.bitmask - -
  i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
  i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add - - i64x2.sub - - - i64x2.mul
  i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
  i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
  f32x4.abs f32x4.neg - f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
  f64x2.abs f64x2.neg - f64x2.sqrt f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
  i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
  i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
  i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
  i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero
  f32x4.relaxed_madd f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd
  i8x16.relaxed_laneselect i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect
  f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max
  i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s i32x4.relaxed_dot_i8x16_i7x16_add_s`);

/** All opcodes, in table order. */
export const OPCODES: readonly OpInfo[] = rows;

/** Opcode info by code. */
export const OP_BY_CODE: ReadonlyMap<number, OpInfo> = new Map(rows.map((r) => [r.code, r]));
/** Opcode info by text name (`ref.test_null`/`ref.cast_null`/`select_t` are internal names, see above). */
export const OP_BY_NAME: ReadonlyMap<string, OpInfo> = new Map(rows.map((r) => [r.name, r]));

/** Opcode code by name; throws on a name not in the table (a programming error). */
export function opcode(name: string): number {
  const r = OP_BY_NAME.get(name);
  if (!r) throw new Error(`no opcode named ${name}`);
  return r.code;
}

/** Named codes for the instructions the engine's own code refers to. */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05,
  try: 0x06, catch: 0x07, throw: 0x08, rethrow: 0x09, throw_ref: 0x0a, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11,
  return_call: 0x12, return_call_indirect: 0x13, call_ref: 0x14, return_call_ref: 0x15,
  delegate: 0x18, catch_all: 0x19, drop: 0x1a, select: 0x1b, select_t: 0x1c, try_table: 0x1f,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  table_get: 0x25, table_set: 0x26,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
  i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c, i64_add: 0x7c, i64_sub: 0x7d, i64_mul: 0x7e,
  ref_null: 0xd0, ref_is_null: 0xd1, ref_func: 0xd2, ref_eq: 0xd3, ref_as_non_null: 0xd4,
  br_on_null: 0xd5, br_on_non_null: 0xd6,
  struct_new: prefixed(PREFIX_GC, 0), struct_new_default: prefixed(PREFIX_GC, 1),
  array_new: prefixed(PREFIX_GC, 6), array_new_default: prefixed(PREFIX_GC, 7),
  array_new_fixed: prefixed(PREFIX_GC, 8),
  any_convert_extern: prefixed(PREFIX_GC, 26), extern_convert_any: prefixed(PREFIX_GC, 27),
  ref_i31: prefixed(PREFIX_GC, 28),
  v128_const: prefixed(PREFIX_SIMD, 12),
} as const;
