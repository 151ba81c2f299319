;; Hello world for WASI preview1: `./bin/wasm-run examples/hello.wat`
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; The text at offset 16; an iovec {ptr=16, len=14} at offset 0.
  (data (i32.const 16) "Hello, world!\n")
  (data (i32.const 0) "\10\00\00\00\0e\00\00\00")
  (func (export "_start")
    ;; fd 1 (stdout), 1 iovec at 0, bytes written stored at 8.
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
