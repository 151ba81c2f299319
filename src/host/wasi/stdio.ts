// Standard streams for WASI fds 0-2: hooks supplied by the embedder.

/** Receives a copy of every chunk the guest writes. */
export type OutputSink = (bytes: Uint8Array) => void;

/** Whole input up front, or a pull function returning at most `max` bytes (null or empty at EOF). */
export type InputSource = Uint8Array | string | ((max: number) => Uint8Array | null);

export interface InputStream {
  read(max: number): Uint8Array;
}

export function inputStream(src: InputSource | undefined): InputStream {
  if (typeof src === 'function') {
    return { read: (max) => src(max) ?? new Uint8Array(0) };
  }
  let data = typeof src === 'string' ? new TextEncoder().encode(src) : src ?? new Uint8Array(0);
  let pos = 0;
  return {
    read(max) {
      const chunk = data.subarray(pos, pos + max);
      pos += chunk.length;
      return chunk;
    },
  };
}

interface ProcessLike {
  stdout?: { write(b: Uint8Array): unknown };
  stderr?: { write(b: Uint8Array): unknown };
}

/** Default sink for fd 1 or 2: the host process's stream when there is one,
 *  otherwise the console, a line at a time. */
export function defaultSink(fd: 1 | 2): OutputSink {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const stream = fd === 1 ? proc?.stdout : proc?.stderr;
  if (stream) return (b) => { stream.write(b); };
  const decoder = new TextDecoder();
  let line = '';
  return (b) => {
    line += decoder.decode(b, { stream: true });
    let nl: number;
    while ((nl = line.indexOf('\n')) >= 0) {
      (fd === 1 ? console.log : console.error)(line.slice(0, nl));
      line = line.slice(nl + 1);
    }
  };
}
