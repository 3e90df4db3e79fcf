/** A failed test keeps the run's folder (./run-folder.ts): its profiles hold what the extension had stored. */

import { beforeEach } from 'vitest';
import { keepRunFolder } from './run-folder';

beforeEach(({ onTestFailed }) => {
  onTestFailed(keepRunFolder);
});
