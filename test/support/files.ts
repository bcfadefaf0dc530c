import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Every file below `directory` whose name ends in `ending`, sorted by path so test order is stable. */
export function filesUnder(directory: string, ending: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, ending));
    else if (entry.name.endsWith(ending)) out.push(full);
  }
  return out.sort();
}
