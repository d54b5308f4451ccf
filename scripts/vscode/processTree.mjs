// Finding and signalling the processes a run started, by process group and by parentage (read from /proc),
// so that helpers which left the group are still found. A process is identified by its pid and its start time,
// so that a pid the system has since given to someone else's process is never signalled.
import { readdirSync, readFileSync } from 'node:fs';

/** pid, parent pid and start time (clock ticks since boot) from /proc/PID/stat, or undefined if it is gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), ppid: Number(fields[1]), start: fields[19] };
  } catch {
    return undefined;
  }
}

/** Every descendant of a process, from /proc, as { pid, start }. */
export function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s) continue;
    if (!children.has(s.ppid)) children.set(s.ppid, []);
    children.get(s.ppid).push(s);
  }
  const found = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push({ pid: child.pid, start: child.start });
      queue.push(child.pid);
    }
  }
  return found;
}

/** A process and its descendants as they are now, to signal later. */
export function snapshot(pid) {
  const self = stat(pid);
  return [...(self ? [{ pid: self.pid, start: self.start }] : []), ...descendants(pid)];
}

/** True while this exact process (same pid and start time) is running. */
export function stillRunning(entry) {
  return stat(entry.pid)?.start === entry.start;
}

export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the processes of a snapshot that are still the same processes. */
export function signalAll(entries, signal) {
  for (const entry of entries) {
    if (!stillRunning(entry)) continue;
    try {
      process.kill(entry.pid, signal);
    } catch {
      // Ended in between.
    }
  }
}

/**
 * Signals a process group led by `pid` (which this run started and still owns, so its group id cannot have been
 * reused) and every current descendant of its leader. Returns the snapshot it signalled.
 */
export function killTree(pid, signal) {
  const entries = snapshot(pid);
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
  signalAll(entries, signal);
  return entries;
}

/** A process's command line (arguments joined by spaces), or '' if it is gone. */
export function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}
