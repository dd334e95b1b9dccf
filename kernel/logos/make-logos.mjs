// Draws the kernel logos (a white "G" ring on Glue purple) as PNGs with node:zlib only.
// Run once: node kernel/logos/make-logos.mjs ; the PNGs are committed.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

function logo(size) {
  const rows = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = [0]; // filter: none
    for (let x = 0; x < size; x++) {
      const dx = x - c;
      const dy = y - c;
      const r = Math.hypot(dx, dy) / (size / 2);
      const angle = Math.atan2(dy, dx);
      const inBadge = r <= 0.98;
      const inRing = r >= 0.42 && r <= 0.66 && !(angle > -0.9 && angle < 0.05);
      const inBar = dy >= -size * 0.06 && dy <= size * 0.06 && dx >= 0 && dx <= size * 0.33;
      const white = inBadge && (inRing || inBar);
      const [red, green, blue, alpha] = !inBadge
        ? [0, 0, 0, 0]
        : white
          ? [255, 255, 255, 255]
          : [123, 63, 191, 255];
      row.push(red, green, blue, alpha);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [32, 64]) {
  writeFileSync(new URL(`./logo-${size}x${size}.png`, import.meta.url), logo(size));
}
