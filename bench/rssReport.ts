/**
 * Preloaded (`node -r`) into a child that runs the real CLI: on exit it
 * reports the process's peak resident set size, which only the process
 * itself (or the kernel) knows, on stderr after a marker.
 */
import { RSS_MARKER } from './util';

process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n${RSS_MARKER}${JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 })}\n`);
});
