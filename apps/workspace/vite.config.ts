import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The operator workspace is served by the server under `/app/`; in dev, `/api` (HTTP and WebSocket) goes to it. */
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    port: 5174,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
