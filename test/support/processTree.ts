import { readdirSync, readFileSync } from 'node:fs';

/** A process as Linux's /proc shows it: enough to find what a command started and check it is gone. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
  const close = stat.lastIndexOf(')');
  const [state = '', ppid = '0', pgid = '0'] = stat.slice(close + 2).split(' ');
  let command = stat.slice(stat.indexOf('(') + 1, close);
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || command;
  } catch {
    /* gone meanwhile: keep comm */
  }
  return { pid, ppid: Number(ppid), pgid: Number(pgid), state, command };
}

export function listProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/** Every process below `root` (children, their children, ...), also those in other process groups. */
export function descendantsOf(root: number): ProcessInfo[] {
  const all = listProcesses();
  const found: ProcessInfo[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

/** Still running: exists and is not a zombie (a zombie has ended and only waits to be reaped). */
export function isRunning(pid: number): boolean {
  const p = readProcess(pid);
  return p !== undefined && p.state !== 'Z';
}
