// WASI preview1 for wagonette (engine-independent; no Node imports here —
// the real-file-system backend is in ./nodefs.js).

export { wasi, WASI_MODULE, WASI_UNSTABLE_MODULE, type WasiOptions, type WasiResolver, type FsDir } from './wasi.js';
export { WasiExit } from './exit.js';
export { Errno, WasiError } from './errno.js';
export { MemFs, type MemFsOptions } from './memfs.js';
export type { FileSystem, FileHandle, FileStat, DirEntry, OpenFlags } from './fs.js';
export type { InputSource, OutputSink } from './stdio.js';
