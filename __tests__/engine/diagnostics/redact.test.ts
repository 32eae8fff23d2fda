import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BundleWriter, ScopeClosedError } from '../../../src/engine/diagnostics/bundle-writer.js';
import { Redactor, secretForms } from '../../../src/engine/diagnostics/redact.js';

const SECRET = 'pa"ss\\w0rd-Zq81';

function streamAll(
  redactor: Redactor,
  input: Buffer,
  chunkSize: number,
  discardBefore = 0,
): Buffer {
  const state = redactor.stream(discardBefore);
  const parts: Buffer[] = [];
  for (let at = 0; at < input.length; at += chunkSize)
    parts.push(state.push(input.subarray(at, at + chunkSize)));
  parts.push(state.end());
  return Buffer.concat(parts);
}

describe('secretForms', () => {
  it('covers the plain, JSON, URL, base64 and UTF-16 forms', () => {
    const forms = secretForms(SECRET).map((form) => form.toString('latin1'));
    expect(forms).toEqual(
      expect.arrayContaining([
        SECRET,
        'pa\\"ss\\\\w0rd-Zq81',
        encodeURIComponent(SECRET),
        Buffer.from(SECRET).toString('base64'),
        Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
        Buffer.from(SECRET, 'utf16le').toString('latin1'),
      ]),
    );
  });

  it('keeps only the plain and JSON forms of a secret under 4 characters', () => {
    expect(secretForms('a"b').map((form) => form.toString())).toEqual(['a"b', 'a\\"b']);
    expect(secretForms('abc').map((form) => form.toString())).toEqual(['abc']);
  });
});

describe('Redactor', () => {
  const redactor = new Redactor(
    [SECRET, 'other-secret-value', '   ', ''],
    [{ username: 'bot', password: SECRET }],
  );

  it('replaces every form, ignoring blank values', () => {
    const basic = Buffer.from(`bot:${SECRET}`).toString('base64');
    const text = `a ${SECRET} b ${JSON.stringify({ p: SECRET })} c Basic ${basic} d other-secret-value e`;
    expect(redactor.redactText(text)).toBe('a *** b {"p":"***"} c Basic *** d *** e');
    expect(redactor.stats).toEqual({
      values: 2,
      patterns: redactor.needles.length,
      shortValues: 0,
    });
  });

  it('merges overlapping secrets into one mask', () => {
    const overlapping = new Redactor(['abcdef', 'defghi']);
    expect(overlapping.redactText('xxabcdefghixx')).toBe('xx***xx');
  });

  it('redacts a short secret wherever it occurs and counts it', () => {
    const short = new Redactor(['ab']);
    expect(short.redactText('cab drab')).toBe('c*** dr***');
    expect(short.stats.shortValues).toBe(1);
  });

  it('streams with the same result whatever the chunk size, across chunk and line boundaries', () => {
    const input = Buffer.from(
      `line one ${SECRET}\n${'x'.repeat(37)}${SECRET}${SECRET}\nother-secret-value\ntail ${SECRET}`,
    );
    const expected = redactor.redactBuffer(input).output;
    for (let size = 1; size <= input.length; size++) {
      expect({ size, output: streamAll(redactor, input, size).toString() }).toEqual({
        size,
        output: expected.toString(),
      });
    }
  });

  it('recognises a secret that spans lines', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34\n-----END KEY-----';
    const multi = new Redactor([pem]);
    const input = Buffer.from(`before\n${pem}\nafter\n`);
    for (const size of [1, 5, 16, 40])
      expect(streamAll(multi, input, size).toString()).toBe('before\n***\nafter\n');
  });

  it('masks a secret that straddles the point where output begins', () => {
    const input = Buffer.from(`head ${SECRET} tail`);
    const cutInside = input.indexOf(SECRET) + 4;
    for (const size of [1, 3, 64]) {
      expect(streamAll(redactor, input, size, cutInside).toString()).toBe('*** tail');
    }
    expect(streamAll(redactor, input, 7, input.indexOf(' tail')).toString()).toBe(' tail');
  });
});

describe('BundleWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-writer-'));
  });

  it('copies a tail cut inside a secret without leaking the part after the cut', async () => {
    const source = path.join(dir, 'source.log');
    const content = `${'x'.repeat(100)}${SECRET}${'y'.repeat(100)}`;
    fs.writeFileSync(source, content);
    const writer = new BundleWriter(path.join(dir, 'bundle'), new Redactor([SECRET]));
    fs.mkdirSync(writer.folder);
    const scope = writer.scope('test');
    const copied = await scope.copyTail(source, 'out.log', 100 + SECRET.length - 5);
    const text = fs.readFileSync(path.join(writer.folder, 'out.log'), 'utf8');
    expect(text).toBe(
      `[wcow-build: the first 105 of ${content.length} bytes were left out to keep the bundle within its size cap]\n***${'y'.repeat(100)}`,
    );
    expect(copied).toEqual({
      sourceBytes: content.length,
      fromByte: 105,
      bytes: Buffer.byteLength(text),
    });
    expect(writer.files).toEqual([
      { path: 'out.log', bytes: Buffer.byteLength(text), collector: 'test', redactions: 1 },
    ]);
  });

  it('refuses writes once a scope is closed, and keeps files outside the folder', async () => {
    const writer = new BundleWriter(path.join(dir, 'bundle'), new Redactor([]));
    fs.mkdirSync(writer.folder);
    const scope = writer.scope('late');
    scope.close();
    await expect(scope.writeText('late.txt', 'too late')).rejects.toThrow(ScopeClosedError);
    await expect(writer.scope('evil').writeText('../escape.txt', 'x')).rejects.toThrow(
      /outside the bundle folder/,
    );
    expect(fs.readdirSync(writer.folder)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'escape.txt'))).toBe(false);
  });

  it('shortens a written file to its tail and updates the index', async () => {
    const writer = new BundleWriter(path.join(dir, 'bundle'), new Redactor([]));
    fs.mkdirSync(writer.folder);
    await writer.scope('c').writeText('big.txt', `${'a'.repeat(500)}THE END`);
    const bytes = await writer.keepTail('big.txt', 7);
    const text = fs.readFileSync(path.join(writer.folder, 'big.txt'), 'utf8');
    expect(text).toMatch(
      /^\[wcow-build: the first 500 of 507 bytes were left out[^\n]*\]\nTHE END$/,
    );
    expect(writer.files[0].bytes).toBe(bytes);
  });
});
