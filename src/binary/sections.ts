// Section ids and their required order in a module binary (WebAssembly 3.0:
// the tag section sits between memory and global, data count before code).

export const SectionId = {
  custom: 0, type: 1, import: 2, func: 3, table: 4, memory: 5, global: 6, export: 7,
  start: 8, elem: 9, code: 10, data: 11, dataCount: 12, tag: 13,
} as const;

/** Rank of each known section id in the module order (index = id); custom sections rank 0. */
export const SECTION_ORDER: readonly (number | undefined)[] = (() => {
  const order: number[] = [];
  const seq = [
    SectionId.type, SectionId.import, SectionId.func, SectionId.table, SectionId.memory,
    SectionId.tag, SectionId.global, SectionId.export, SectionId.start, SectionId.elem,
    SectionId.dataCount, SectionId.code, SectionId.data,
  ];
  order[SectionId.custom] = 0;
  seq.forEach((id, i) => { order[id] = i + 1; });
  return order;
})();
