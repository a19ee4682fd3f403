import { z } from 'zod';

/**
 * The workspace's Content-Security-Policy forbids eval: zod must not even probe for `new Function` (the
 * caught probe is still reported as a violation). Schemas parse the same without the JIT. Imported first
 * by `main.tsx`, so it runs before any module parses.
 */
z.config({ jitless: true });
