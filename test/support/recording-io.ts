// A command's Io that keeps what it printed: stdout lines in `out`, stderr lines in `err`.
import type { Io } from '../../main/commands/output';

export function recordingIo(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    readStdin: async () => '',
  };
  return { io, out, err };
}
