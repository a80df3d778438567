import { defineConfig } from "vite";

// The console is served by the Atlas server: index.html at "/", everything else under "/console/"
// (a prefix no API route uses). `npm run dev` proxies the API to a server on localhost:8080.
const atlas = process.env.ATLAS_URL ?? "http://localhost:8080";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    assetsDir: "console",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    proxy: {
      "^/atlas\\.v1\\.": atlas,
      "/content": atlas,
      "/docs": atlas,
    },
  },
});
