/**
 * Draws logo.png: our own artwork (no Microsoft artwork), a white envelope over a calendar page's rings on a blue rounded
 * square, 128×128 RGBA. Deterministic, so spec/logo.spec.ts can prove the committed file is this drawing.
 * `npm run logo` writes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const SIZE = 128;
const SAMPLES = 4; // 4×4 samples a pixel: smooth edges

type Rgb = readonly [number, number, number];
const BLUE_TOP: Rgb = [32, 111, 204];
const BLUE_BOTTOM: Rgb = [18, 72, 150];
const WHITE: Rgb = [255, 255, 255];
const FOLD: Rgb = [196, 214, 238];

/** Signed distance from (x, y) to a rounded rectangle: negative inside. */
function roundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): number {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
  const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from (x, y) to the segment (ax, ay)–(bx, by). */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The colour and opacity at one sample point, painted back to front. */
function sample(x: number, y: number): [number, number, number, number] {
  if (roundedRect(x, y, 4, 4, 124, 124, 26) > 0) return [0, 0, 0, 0];
  const t = (y - 4) / 120;
  let colour: Rgb = [0, 1, 2].map((i) => BLUE_TOP[i] + (BLUE_BOTTOM[i] - BLUE_TOP[i]) * t) as unknown as Rgb;
  // Two calendar rings above the envelope.
  if (roundedRect(x, y, 40, 26, 48, 44, 4) <= 0 || roundedRect(x, y, 80, 26, 88, 44, 4) <= 0) colour = WHITE;
  // The envelope: a white body, its flap drawn as two folds meeting in the middle.
  if (roundedRect(x, y, 26, 38, 102, 96, 7) <= 0) {
    colour = WHITE;
    const fold = Math.min(segment(x, y, 30, 43, 64, 72), segment(x, y, 98, 43, 64, 72));
    if (fold <= 3) colour = FOLD;
  }
  return [colour[0], colour[1], colour[2], 255];
}

/** The RGBA pixels, row by row. */
export function pixels(): Buffer {
  const out = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py += 1) {
    for (let px = 0; px < SIZE; px += 1) {
      let r = 0; let g = 0; let b = 0; let a = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const [cr, cg, cb, ca] = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const at = (py * SIZE + px) * 4;
      if (a > 0) {
        out[at] = Math.round(r / a); out[at + 1] = Math.round(g / a); out[at + 2] = Math.round(b / a);
      }
      out[at + 3] = Math.round(a / (SAMPLES * SAMPLES));
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The logo as a PNG file: 8-bit RGBA, no filtering, maximum compression. */
export function drawLogo(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rgba = pixels();
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y += 1) rgba.copy(rows, y * (1 + SIZE * 4) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([
    PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', '..', 'logo.png');
  fs.writeFileSync(file, drawLogo());
  process.stdout.write(`wrote ${file}\n`);
}
