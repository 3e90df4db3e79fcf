import { describe, expect, it } from 'vitest';
import { parsePopupMessage, parseUpdate } from '../../src/shared/ui-port-message';

describe('parsePopupMessage', () => {
  it('takes a request to watch a tab, with exactly its fields', () => {
    expect(parsePopupMessage({ type: 'watch-tab', tabId: 12, extra: true })).toEqual({ type: 'watch-tab', tabId: 12 });
  });

  it('refuses anything else', () => {
    for (const message of [
      null,
      'watch-tab',
      { type: 'inspect-tab', tabId: 1 },
      { type: 'watch-tab' },
      { type: 'watch-tab', tabId: '1' },
      { type: 'watch-tab', tabId: -1 },
      { type: 'watch-tab', tabId: 1.5 },
    ]) {
      expect(parsePopupMessage(message)).toBeUndefined();
    }
  });
});

describe('parseUpdate', () => {
  type Update = { type: 'all' } | { type: 'removed'; id: string };
  it('takes an update of a known kind and nothing else', () => {
    expect(parseUpdate<Update>({ type: 'removed', id: 'a' }, ['all', 'removed'])).toEqual({ type: 'removed', id: 'a' });
    expect(parseUpdate<Update>({ type: 'other' }, ['all', 'removed'])).toBeUndefined();
    expect(parseUpdate<Update>(null, ['all', 'removed'])).toBeUndefined();
  });
});
