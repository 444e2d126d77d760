;; Divides by zero, which traps.
(module
  (memory (export "memory") 1)
  (func $divide (param $n i32) (param $d i32) (result i32)
    (i32.div_s (local.get $n) (local.get $d)))
  (func (export "_start")
    (drop (call $divide (i32.const 1) (i32.const 0)))))
