import { describe, expect, it } from 'vitest';
import { LinkLedger, MAX_PENDING, RECONNECT_DELAYS_MS } from '../../src/shared/link-ledger';

describe('LinkLedger', () => {
  it('numbers messages in order and keeps them until acknowledged', () => {
    const ledger = new LinkLedger<string>();
    expect(['a', 'b', 'c'].map((message) => ledger.add(message))).toEqual([
      { n: 0, message: 'a' },
      { n: 1, message: 'b' },
      { n: 2, message: 'c' },
    ]);
    ledger.acknowledge(1);
    expect(ledger.unacknowledged).toEqual([{ n: 2, message: 'c' }]);
    // A late acknowledgement of what is gone changes nothing; numbering goes on.
    ledger.acknowledge(0);
    expect(ledger.add('d')).toEqual({ n: 3, message: 'd' });
    ledger.acknowledge(3);
    expect(ledger.unacknowledged).toEqual([]);
  });

  it('refuses a message past the limit of unacknowledged ones', () => {
    const ledger = new LinkLedger<number>();
    for (let i = 0; i < MAX_PENDING; i++) expect(ledger.add(i)).toBeDefined();
    expect(ledger.add(MAX_PENDING)).toBeUndefined();
    const small = new LinkLedger<number>(2);
    small.add(0);
    small.add(1);
    small.acknowledge(0);
    expect(small.add(2)).toEqual({ n: 2, message: 2 });
  });

  it('waits longer before each attempt to reconnect, gives up after the last, and starts over on an answer', () => {
    const ledger = new LinkLedger<string>();
    const delays = RECONNECT_DELAYS_MS.map(() => ledger.nextReconnectDelay());
    expect(delays).toEqual(RECONNECT_DELAYS_MS);
    expect(ledger.nextReconnectDelay()).toBeUndefined();
    ledger.acknowledge(-1);
    expect(ledger.nextReconnectDelay()).toBe(RECONNECT_DELAYS_MS[0]);
    expect(new LinkLedger<string>(10, [5]).nextReconnectDelay()).toBe(5);
  });
});
