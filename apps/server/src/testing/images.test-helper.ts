import { crc32, deflateSync } from 'node:zlib'

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A real PNG of `width` × `height` grey pixels. */
export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 128)])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** A real baseline JPEG of `width` × `height` grey pixels (one-bit Huffman codes, flat blocks). */
export function jpeg(width: number, height: number): Buffer {
  const seg = (marker: number, data: number[]) => [0xff, marker, 0, data.length + 2, ...data]
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8)
  const bits = '00'.repeat(blocks)
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1')
  const scan = Array.from({ length: padded.length / 8 }, (_, i) =>
    Number.parseInt(padded.slice(i * 8, i * 8 + 8), 2),
  )
  const huffman = (tableClass: number) =>
    seg(0xc4, [tableClass << 4, 1, ...Array<number>(15).fill(0), 0])
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xdb, [0, ...Array<number>(64).fill(1)]),
    ...seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...huffman(0),
    ...huffman(1),
    ...seg(0xda, [1, 1, 0, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ])
}
