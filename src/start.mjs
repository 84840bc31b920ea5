// `npm start`: runs src/main.ts from one JavaScript file bundled by esbuild (tsx's own compiler) and kept under
// node_modules/.cache/cna-start, rebuilt when any file under src/ (or the dependencies, or Node) changes. Loading the
// app as some 560 modules through tsx's loader took seconds at every start; as one file it takes a fraction of that
// (docs/scaling.md, cold paths). The packages stay outside the bundle (node_modules, as before); each module keeps its
// own location for what it finds beside itself (views, locales, migrations, worker scripts): `import.meta.url` is
// written into each file as the file's own URL. Should bundling fail (a read-only install), the app starts through tsx.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const srcDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(srcDir, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "cna-start");

/** What the bundle is made from: every file under src/ (path, size, time), the lock file and Node's version. */
function sourceStamp() {
  const hash = crypto.createHash("sha256").update(process.version);
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(root, full)}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk(srcDir);
  for (const file of ["package.json", "package-lock.json"]) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) hash.update(`${file}\0${fs.statSync(full).mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 20);
}

/** A bundle older than this, of other sources, is removed (a start of those sources may still be reading a newer one). */
const STALE_MS = 24 * 60 * 60 * 1000;

async function bundle(outdir) {
  const esbuild = await import("esbuild");
  // Written beside, then moved in place: a start running at the same time never reads half a bundle.
  const building = path.join(cacheDir, `building-${process.pid}`);
  fs.rmSync(building, { recursive: true, force: true });
  await esbuild.build({
    // The app, and what the report rendering thread runs (render-pool.ts starts it from this bundle when there is one).
    entryPoints: { main: path.join(srcDir, "main.ts"), "render-job": path.join(srcDir, "reports", "render-job.ts") },
    outdir: building,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // What the app imports on first use (the PDF and Word renderers, workbooks, the demo) stays in chunks of its own,
    // loaded then, with the packages they import.
    splitting: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    packages: "external",
    // As tsx runs the sources: function and class names kept (error names, logs).
    keepNames: true,
    sourcemap: "linked",
    // (Stack traces name the sources when Node runs with --enable-source-maps: reading the maps costs every start.)
    logLevel: "silent",
    plugins: [
      {
        name: "own-location",
        setup(build) {
          build.onLoad({ filter: /\.(ts|mjs|js)$/ }, async (args) => {
            if (!args.path.startsWith(srcDir + path.sep)) return undefined;
            const text = await fs.promises.readFile(args.path, "utf8");
            return {
              contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
              loader: args.path.endsWith(".ts") ? "ts" : "js",
              resolveDir: path.dirname(args.path),
            };
          });
        },
      },
    ],
  });
  try {
    fs.renameSync(building, outdir);
  } catch (error) {
    // Another start made the same bundle first.
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(path.join(outdir, "main.mjs"))) throw error;
  }
  for (const name of fs.readdirSync(cacheDir)) {
    const full = path.join(cacheDir, name);
    if (full !== outdir && Date.now() - fs.statSync(full).mtimeMs > STALE_MS) fs.rmSync(full, { recursive: true, force: true });
  }
}

async function entry() {
  if (process.env.START_FROM_SOURCES === "true") return null;
  try {
    const outdir = path.join(cacheDir, sourceStamp());
    const main = path.join(outdir, "main.mjs");
    if (!fs.existsSync(main) || !fs.existsSync(path.join(outdir, "render-job.mjs"))) {
      fs.mkdirSync(cacheDir, { recursive: true });
      await bundle(outdir);
    }
    return main;
  } catch (error) {
    console.error(`Starting from the TypeScript sources (the bundle could not be made: ${error?.message ?? error})`);
    return null;
  }
}

const bundled = await entry();
if (bundled) {
  process.env.CNA_BUNDLE_DIR = path.dirname(bundled);
  await import(pathToFileURL(bundled).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(path.join(srcDir, "main.ts")).href);
}
