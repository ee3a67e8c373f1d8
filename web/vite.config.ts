import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The API `npm run dev:web` proxies to: `daihou serve` (or `npm start`) on port 3000 unless told otherwise. */
const apiTarget = process.env.DAIHOU_API ?? 'http://localhost:3000';

export default defineConfig(({ command }) => {
  // A build is for production whatever NODE_ENV the caller has (vitest sets it to "test"); otherwise
  // React's development build and JSX runtime end up in web/dist, several times slower.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: here,
    base: '/',
    plugins: [react()],
    build: {
      outDir: path.join(here, 'dist'),
      emptyOutDir: true,
      // antd alone is ~1 MB unminified; the initial route stays light by lazy-loading pages instead.
      chunkSizeWarningLimit: 1200,
      rolldownOptions: {
        output: {
          // Long-lived vendor chunks, so an app change does not bust their cache; echarts stays in its
          // own chunk, which only the dashboard page imports.
          codeSplitting: {
            groups: [
              { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 3 },
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack)[\\/]/, priority: 2 },
            ],
          },
        },
      },
    },
    server: {
      port: 5173,
      strictPort: true,
      proxy: { '/api': { target: apiTarget, changeOrigin: false } },
    },
  };
});
