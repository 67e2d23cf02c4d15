import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The library a frame belongs to: an npm package, a directory of this repo, or undefined (Node core, native code). */
function ownerOf(frame: ProfileNode['callFrame'], root: string): string | undefined {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1]!;
  const file = frame.url.startsWith('file://') ? frame.url.slice('file://'.length) : frame.url;
  if (!file.startsWith(root)) return undefined;
  const relative = path.relative(root, file);
  return relative.startsWith('bench/') ? '(benchmark instrumentation)' : path.dirname(relative);
}

/**
 * CPU of a V8 CPU profile (a `.cpuprofile` file) by the library responsible, in ms, largest
 * first: each sample goes to the innermost frame on its stack that belongs to an npm package
 * or to this repo, so Node's own code (streams, sockets, fetch) and native code count for the
 * library that called them. Idle time is left out; garbage collection and V8's own work stay
 * apart.
 */
export function cpuByLibrary(file: string, root: string): Array<{ category: string; ms: number }> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const categoryCache = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const cached = categoryCache.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let category: string;
    if (name === '(idle)') category = '(idle)';
    else if (name === '(garbage collector)') category = 'V8 garbage collector';
    else if (name === '(program)') category = 'V8 / native, no JavaScript on the stack';
    else {
      let owner: string | undefined;
      for (let at: number | undefined = id; at !== undefined && owner === undefined; at = parent.get(at)) {
        owner = ownerOf(byId.get(at)!.callFrame, root);
      }
      category = owner ?? 'Node core, no library on the stack';
    }
    categoryCache.set(id, category);
    return category;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const category = categoryOf(id);
    if (category === '(idle)') return;
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([category, ms]) => ({ category, ms })).sort((a, b) => b.ms - a.ms);
}
