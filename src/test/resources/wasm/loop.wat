;; Never ends by itself: only a stop (timeout, cancel) ends it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (br $forever))))
