/** Unit-test setup: unmount what each component test rendered. */
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
