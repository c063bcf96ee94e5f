import { describe, expect, it } from 'vitest';
import { collectSooner } from '../../src/cli/heap.js';

describe('collectSooner', () => {
  it('leaves the heap alone when the user gave Node a heap flag, on the command line or in NODE_OPTIONS, in either spelling', () => {
    expect(collectSooner(['--max-old-space-size=2048'], '')).toBe(false);
    expect(collectSooner([], '--require x.js --heap-growing-percent=50')).toBe(false);
    expect(collectSooner(['--max_old_space_size=512'], '')).toBe(false);
    expect(collectSooner([], '--optimize-for-size')).toBe(false);
    expect(collectSooner(['--max-heap-size=900'], '')).toBe(false);
  });

  it('sets the growth heuristic otherwise (flags that are not about the heap do not count)', () => {
    expect(collectSooner(['--enable-source-maps'], '--no-warnings')).toBe(true);
    expect(collectSooner([], '')).toBe(true);
  });
});
