// Preloaded into a server process by cold-start.test.ts: answers an IPC message with the npm packages whose
// CommonJS modules have been loaded so far (require.cache also holds the CommonJS modules that ESM imported).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('message', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) packages.add(match[1]);
  }
  process.send?.([...packages]);
});
