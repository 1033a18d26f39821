import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Rebuilds the widget when any of its sources is newer than the last build, so `npm start`
 * always serves what is in the tree, without rebuilding (and briefly emptying dist/public under
 * a running worker) when nothing changed, as after `npm test`'s own build.
 */
const sources = ["widget/src", "contract", "scripts/build.mjs", "package-lock.json"];
const stamp = "dist/widget-build.json";

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export async function buildIfStale() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (Math.max(...sources.filter(existsSync).map(newest)) <= built) return false;
  // A child process, so this Node (the one `npm start` put on the PATH) runs vite.
  const result = spawnSync(process.execPath, [join("scripts", "build.mjs")], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the widget build failed");
  return true;
}
