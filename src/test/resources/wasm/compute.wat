;; Sums the integers below 20,000,000 with a little memory traffic, then writes
;; the low byte of the sum to stdout as one character: the benchmark's typical
;; workload, which runs for some tens of milliseconds when compiled.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.const 20000000)))
        (i32.store (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 65535))
          (local.get $sum))
        (local.set $sum (i32.add (local.get $sum)
          (i32.load (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 65535)))))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store8 (i32.const 32) (i32.add (i32.const 65) (i32.and (local.get $sum) (i32.const 15))))
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 1))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
