import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Built into dist/ with hashed names under dist/assets/; the backend serves dist/ and
// falls back to index.html for app routes.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  worker: { format: "es" },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
