;; Like grow.wat, but the module declares its own maximum of 4 pages.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 4)
  (func (export "_start")
    (loop $again
      (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
        (then (call $proc_exit (i32.const 12))))
      (br $again))))
