// The tray's four icons, drawn in code as small PNGs (no design tools on the build machines, and
// nothing to keep in sync under build/). Each state differs in shape as well as colour, so it
// reads for colour-blind merchants and on monochrome trays.
import { deflateSync } from 'node:zlib';
import type { TrayIconName } from './tray';

type Rgb = readonly [number, number, number];

interface IconSpec {
  colour: Rgb;
  /** 0 draws a filled disc; otherwise a ring this fraction of the radius thick. */
  ring: number;
  /** A diagonal bar across the ring: "no connection". */
  slash: boolean;
  /** A notch cut out of the top right: "something is missing". */
  notch: boolean;
}

const specs: Record<TrayIconName, IconSpec> = {
  normal: { colour: [71, 85, 105], ring: 0.34, slash: false, notch: false },
  'new-sale': { colour: [22, 163, 74], ring: 0, slash: false, notch: false },
  'receiver-down': { colour: [217, 119, 6], ring: 0.34, slash: false, notch: true },
  offline: { colour: [107, 114, 128], ring: 0.22, slash: true, notch: false },
};

/** How much of the point (x, y), in units of the radius around the centre, the shape covers. */
function covers(spec: IconSpec, x: number, y: number): boolean {
  const r = Math.hypot(x, y);
  if (spec.slash && Math.abs(x + y) / Math.SQRT2 < 0.14 && r < 1) return true;
  if (r > 1) return false;
  if (spec.notch && x > 0.15 && y < -0.15) return false;
  return spec.ring === 0 || r >= 1 - spec.ring;
}

const SAMPLES = 4;

/** RGBA rows of a `size`×`size` icon, each pixel's alpha its supersampled coverage. */
function draw(spec: IconSpec, size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = size / 2 - 0.5;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES - size / 2) / radius;
          const y = (py + (sy + 0.5) / SAMPLES - size / 2) / radius;
          if (covers(spec, x, y)) hits += 1;
        }
      }
      const at = (py * size + px) * 4;
      pixels.set([...spec.colour, Math.round((255 * hits) / (SAMPLES * SAMPLES))], at);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A truecolour-with-alpha PNG of RGBA rows (each row prefixed with filter type 0, none). */
export function encodePng(rgba: Buffer, size: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** 16 px for ordinary displays and 32 px for HiDPI ones (Electron picks by scale factor). */
export function trayIconPngs(name: TrayIconName): { x1: Buffer; x2: Buffer } {
  const spec = specs[name];
  return { x1: encodePng(draw(spec, 16), 16), x2: encodePng(draw(spec, 32), 32) };
}
