/**
 * Passes the recorder's slices on one after another, in the order they were recorded. A
 * slice that cannot be read or stored would leave a hole in the file, so the first failure
 * is reported once and nothing after it is passed on; the queue itself never rejects, so
 * the end of the recording is always sent after the last slice.
 */

export class SliceQueue<Message> {
  private tail: Promise<void> = Promise.resolve();
  private seq = 0;
  private failed = false;

  constructor(
    private readonly store: (seq: number, data: ArrayBuffer) => Promise<Message>,
    private readonly send: (message: Message) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  push(slice: Blob): void {
    this.tail = this.tail.then(async () => {
      if (this.failed) return;
      try {
        this.send(await this.store(this.seq, await slice.arrayBuffer()));
        this.seq++;
      } catch (error) {
        this.failed = true;
        this.onFailure(error);
      }
    });
  }

  /** Resolves once every slice pushed so far was passed on (or given up). */
  settled(): Promise<void> {
    return this.tail;
  }
}
