;; Creates "result.txt" in the first preopened directory (fd 3) and writes one
;; line to it. When the file cannot be created, exits with the WASI errno.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; The opened fd at 0, an iovec at 16, the written count at 24, the name at 64,
  ;; the text at 128.
  (data (i32.const 64) "result.txt")
  (data (i32.const 128) "written by wasm\n")
  (func (export "_start")
    (local $errno i32)
    ;; dirfd 3, oflags creat|trunc (1|8), rights fd_write (bit 6).
    (local.set $errno
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 64) (i32.const 10)
        (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 0)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (i32.store (i32.const 16) (i32.const 128))
    (i32.store (i32.const 20) (i32.const 16))
    (drop (call $fd_write (i32.load (i32.const 0)) (i32.const 16) (i32.const 1) (i32.const 24)))))
