// Builds one chunk of UTF-8 bytes from many strings, encoding each string straight into a growing buffer. A batch
// of list rows becomes bytes in one pass: no long concatenated string for the socket to measure and encode again.

/** Bytes per UTF-16 code unit at most in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;
const LINE_FEED = 0x0a;

export class Utf8Chunk {
  private buffer: Buffer;
  private length = 0;

  /** `capacity`: the bytes expected (the chunk grows past it when needed). */
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, capacity));
  }

  append(text: string): void {
    if (this.buffer.length - this.length < text.length * MAX_BYTES_PER_UNIT) this.reserve(Buffer.byteLength(text));
    this.length += this.buffer.write(text, this.length);
  }

  /** `text` and a line feed. */
  appendLine(text: string): void {
    if (this.buffer.length - this.length < text.length * MAX_BYTES_PER_UNIT + 1) this.reserve(Buffer.byteLength(text) + 1);
    this.length += this.buffer.write(text, this.length);
    this.buffer[this.length++] = LINE_FEED;
  }

  /** The bytes appended so far (the chunk is not to be appended to afterwards). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.buffer.length - this.length >= bytes) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
