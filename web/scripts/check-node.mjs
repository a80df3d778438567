// The build needs node >= 20.19 (Vite 8); fail with one clear line rather than an obscure stack trace.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`web/ needs node >= 20.19 (found ${process.versions.node}); install a newer Node.js and npm`);
  process.exit(1);
}
