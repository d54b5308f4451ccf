// Finding and signalling the processes a run started, by process group and by parentage (read from /proc),
// so that helpers which left the group are still found. Used by the harness and its watchdog.
import { readdirSync, readFileSync } from 'node:fs';

/** Every descendant of a process, from /proc. */
export function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces; the parent pid is the second field after it.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals a process group and every descendant of its leader; returns the pids it signalled. */
export function killTree(pid, signal, { except = [] } = {}) {
  const pids = [pid, ...descendants(pid)].filter((p) => !except.includes(p));
  if (!except.includes(pid)) {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      // Already gone.
    }
  }
  return pids;
}
