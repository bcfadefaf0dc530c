/**
 * Faults the simulator can inject, one per failure a live checker meets in the field. Transport
 * faults act on the TCP connection before SSH starts; session faults act inside the CLI.
 */
export type FaultKind =
  /** Accept TCP, then reset it at once. */
  | 'reset'
  /** Accept TCP and never send the SSH banner. */
  | 'silent'
  /** Send the SSH banner only after `delayMs`. */
  | 'slow-banner'
  /** Send part of a command's output, then cut the connection. */
  | 'drop-mid-command'
  /** Never answer a command: no output, no prompt. */
  | 'hung-command'
  /** Stop reading and answering on the connection (not even keepalives), as a dead link does. */
  | 'freeze'
  /** Print a prompt no AsyncOS release prints. */
  | 'wrong-prompt'
  /** Page every few lines with `-Press Any Key For More-` in a terminal, whatever its size. */
  | 'pager'
  /** Encode output in ISO-8859-1 and put non-ASCII text in it. */
  | 'latin1';

export interface Fault {
  kind: FaultKind;
  /** Only this command (first word) triggers the fault; all commands when absent. */
  command?: string;
  delayMs?: number;
  /** For `drop-mid-command`: bytes of output sent before the cut. */
  afterBytes?: number;
  /** For `pager`: lines per page. */
  pageLines?: number;
}

export function faultFor(faults: readonly Fault[], kind: FaultKind, command?: string): Fault | undefined {
  return faults.find((f) => f.kind === kind && (f.command === undefined || command === undefined || f.command === command));
}

/** Parses `kind[:command][@number]`, the form the simulator's command line accepts. */
export function parseFault(spec: string): Fault {
  const m = /^([a-z0-9-]+)(?::([a-z]+))?(?:@(\d+))?$/.exec(spec.trim());
  const kinds: FaultKind[] = ['reset', 'silent', 'slow-banner', 'drop-mid-command', 'hung-command', 'freeze', 'wrong-prompt', 'pager', 'latin1'];
  if (!m || !kinds.includes(m[1] as FaultKind)) throw new Error(`unknown fault "${spec}"; known: ${kinds.join(', ')}`);
  const fault: Fault = { kind: m[1] as FaultKind };
  if (m[2]) fault.command = m[2];
  if (m[3]) {
    const n = Number(m[3]);
    if (fault.kind === 'pager') fault.pageLines = n;
    else if (fault.kind === 'drop-mid-command') fault.afterBytes = n;
    else fault.delayMs = n;
  }
  return fault;
}
