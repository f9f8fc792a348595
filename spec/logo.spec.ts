import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { PNG_SIGNATURE, SIZE, crc32, pixels } from '../dev/logo/draw';

interface Chunk { type: string; data: Buffer }

/** The chunks of a PNG file, each checked against its CRC. */
function chunks(file: Buffer): Chunk[] {
  assert.ok(file.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG signature');
  const out: Chunk[] = [];
  for (let at = 8; at < file.length;) {
    assert.ok(at + 12 <= file.length, `truncated chunk at byte ${at}`);
    const length = file.readUInt32BE(at);
    const body = file.subarray(at + 4, at + 8 + length);
    assert.equal(body.length, 4 + length, `truncated chunk at byte ${at}`);
    const type = body.subarray(0, 4).toString('ascii');
    assert.equal(file.readUInt32BE(at + 8 + length), crc32(body), `${type}: bad CRC`);
    out.push({ type, data: body.subarray(4) });
    at += 12 + length;
  }
  return out;
}

/** Undoes PNG's per-row filters (types 0-4) for 8-bit RGBA. */
function unfilter(raw: Buffer, width: number, height: number): Buffer {
  const stride = width * 4;
  assert.equal(raw.length, height * (1 + stride), 'image data of the wrong size');
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (1 + stride)];
    assert.ok(filter <= 4, `row ${y}: unknown filter ${filter}`);
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (1 + stride) + 1 + x];
      const left = x >= 4 ? out[y * stride + x - 4] : 0;
      const up = y > 0 ? out[(y - 1) * stride + x] : 0;
      const corner = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4] : 0;
      const paeth = (): number => {
        const p = left + up - corner;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      };
      const predicted = [0, left, up, Math.floor((left + up) / 2), paeth()][filter];
      out[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return out;
}

describe('logo.png', () => {
  const file = fs.readFileSync(path.join(__dirname, '..', 'logo.png'));
  const parts = chunks(file);

  it('is a PNG whose chunks are intact: IHDR first, image data, IEND last', () => {
    assert.equal(parts[0].type, 'IHDR');
    assert.ok(parts.some((c) => c.type === 'IDAT'));
    assert.equal(parts[parts.length - 1].type, 'IEND');
  });

  it('is 128×128, 8-bit RGBA, not interlaced', () => {
    const header = parts[0].data;
    assert.equal(header.readUInt32BE(0), 128);
    assert.equal(header.readUInt32BE(4), 128);
    assert.deepEqual([...header.subarray(8)], [8, 6, 0, 0, 0]);
  });

  it('is our own drawing (dev/logo/draw.ts), pixel for pixel', () => {
    const data = zlib.inflateSync(Buffer.concat(parts.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    const image = unfilter(data, SIZE, SIZE);
    assert.ok(image.equals(pixels()), 'logo.png is not what dev/logo/draw.ts draws (npm run logo)');
  });
});
