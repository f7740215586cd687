// Whether anything a test started outlived it: the live (not zombie) members of a process group,
// read from /proc (Linux), since a container's PID 1 may never reap orphans and kill(-pgid, 0)
// counts zombies as alive.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the group's processes that are still running (zombies left out). */
export function liveGroupMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after it.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') live.push(Number(name));
  }
  return live;
}
