/**
 * Keeping terminal-resize signals away from native TensorFlow while the autoencoder trains (issue 15j).
 *
 * libtensorflow 2.21 contains oneDNN 3.7.3, whose f32 GEMM runs with the stack pointer on a heap buffer
 * when a product sums over more values than its on-stack workspace holds (the training step's
 * weight gradients sum over the batch). A signal handled in that window writes its frame into the heap and the process later aborts
 * ("corrupted size vs. prev_size") or segfaults: oneDNN issue #4845, fixed in oneDNN 3.11.2.
 * Node listens for SIGWINCH whenever stdout is a terminal, so resizing the terminal during training
 * could crash a run. With no SIGWINCH listener Node closes its signal watcher and libuv restores the
 * default disposition (ignore), so the kernel discards the signal instead of interrupting a thread.
 * No arithmetic changes: results are the same to the bit.
 */

/**
 * Runs `fn` with the process not listening for SIGWINCH, then puts the listeners back (also when `fn`
 * throws) and, if there were any, emits one SIGWINCH to them so the terminal's size is read again.
 * @example const fit = await withoutResizeSignal(() => train());
 */
export async function withoutResizeSignal<T>(fn: () => Promise<T>): Promise<T> {
  // rawListeners keeps `once` wrappers as they were registered.
  const listeners = process.rawListeners('SIGWINCH') as NodeJS.SignalsListener[];
  if (listeners.length === 0) return fn();
  process.removeAllListeners('SIGWINCH');
  try {
    return await fn();
  } finally {
    for (const listener of listeners) process.on('SIGWINCH', listener);
    // The terminal may have been resized meanwhile: let Node (process.stdout.columns) and others catch up.
    process.emit('SIGWINCH', 'SIGWINCH');
  }
}
