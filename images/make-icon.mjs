// Writes images/icon.png (128x128, RGBA): the Marketplace icon of the task. Run it again after
// changing the drawing: `node images/make-icon.mjs`. Needs nothing but Node.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const BACKGROUND = [0x1f, 0x4e, 0x79, 0xff];
const PANE = [0xf2, 0xf6, 0xfa, 0xff];
const ACCENT = [0x4c, 0xb7, 0x82, 0xff];
const CLEAR = [0, 0, 0, 0];

/** Colour of one pixel: a rounded tile holding four window panes and a build bar. */
function colourAt(x, y) {
  const radius = 20;
  const cx = Math.min(Math.max(x, radius), SIZE - 1 - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - 1 - radius);
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return CLEAR;

  const inPane = (left, top) => x >= left && x < left + 36 && y >= top && y < top + 36;
  if (inPane(24, 20) || inPane(68, 20) || inPane(24, 62) || inPane(68, 62)) return PANE;
  if (y >= 106 && y < 114 && x >= 24 && x < 104) return ACCENT;
  return BACKGROUND;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
header[10] = 0; // deflate
header[11] = 0; // adaptive filtering
header[12] = 0; // no interlace

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (none), then the pixels
  for (let x = 0; x < SIZE; x++) Buffer.from(colourAt(x, y)).copy(row, 1 + x * 4);
  rows.push(row);
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
