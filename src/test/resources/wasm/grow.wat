;; Grows its memory one page at a time with no maximum of its own; when a grow
;; is refused it exits with code 12, so a refusal the job survives is visible.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
        (then (call $proc_exit (i32.const 12))))
      (br $again))))
