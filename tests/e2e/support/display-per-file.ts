/** Each test file's virtual display (started on first use, see ./xvfb.ts) ends with the file. */

import { afterAll } from 'vitest';
import { stopDisplay } from './xvfb';

afterAll(stopDisplay);
