import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  appendFileCommand,
  escapeProperty,
  formatCommand,
  formatFileCommand,
  readFileCommands,
  readInput,
} from '../../src/hosts/github-protocol.js';

describe('GitHub workflow commands', () => {
  it.each<[string, string, Record<string, string | number | undefined>, string]>([
    ['debug', 'argv: ["a"]', {}, '::debug::argv: ["a"]'],
    ['error', 'line one\nline two 100%', {}, '::error::line one%0Aline two 100%25'],
    [
      'warning',
      'retrying',
      { title: 'wcow-build: lock, retrying' },
      '::warning title=wcow-build%3A lock%2C retrying::retrying',
    ],
    [
      'warning',
      'x',
      { title: 't', file: 'Dockerfile', line: 3 },
      '::warning title=t,file=Dockerfile,line=3::x',
    ],
    ['warning', 'x', { title: undefined, file: '' }, '::warning::x'],
    ['add-mask', 'p@ss\r\nword', {}, '::add-mask::p@ss%0D%0Aword'],
    ['endgroup', '', {}, '::endgroup::'],
  ])('formats %s %j', (name, message, properties, expected) => {
    expect(formatCommand(name, message, properties)).toBe(`${expected}${os.EOL}`);
  });

  it('escapes property separators', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

describe('GitHub file commands', () => {
  it('writes a heredoc block with the given delimiter', () => {
    expect(formatFileCommand('metadata', '{"a":1}\nsecond', 'ghadelimiter_x')).toBe(
      `metadata<<ghadelimiter_x${os.EOL}{"a":1}\nsecond${os.EOL}ghadelimiter_x${os.EOL}`,
    );
  });

  it('refuses a value that contains its delimiter', () => {
    expect(() => formatFileCommand('x', 'a ghadelimiter_x b', 'ghadelimiter_x')).toThrow(
      /delimiter/,
    );
  });

  it('appends to the file the runner names, with a fresh random delimiter each time', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-gh-file-')), 'output');
    fs.writeFileSync(file, '');
    appendFileCommand({ GITHUB_OUTPUT: file }, 'GITHUB_OUTPUT', 'result', 'success');
    appendFileCommand({ GITHUB_OUTPUT: file }, 'GITHUB_OUTPUT', 'attempts', '2');
    const lines = fs.readFileSync(file, 'utf8').split(os.EOL);
    expect(lines[0]).toMatch(/^result<<ghadelimiter_[0-9a-f-]{36}$/);
    expect(lines.slice(1, 3)).toEqual(['success', lines[0].slice('result<<'.length)]);
    expect(lines[3]).toMatch(/^attempts<<ghadelimiter_/);
    expect(lines[3]).not.toBe(`attempts<<${lines[0].slice('result<<'.length)}`);
  });

  it('says which runner is needed when the file variable is missing', () => {
    expect(() => appendFileCommand({}, 'GITHUB_STATE', 'a', 'b')).toThrow(
      /GITHUB_STATE is not set/,
    );
  });
});

describe('readInput', () => {
  it('reads INPUT_<NAME> as the runner sets it, dashes kept, trimmed', () => {
    expect(readInput({ 'INPUT_MAX-ATTEMPTS': ' 4 \n' }, 'max-attempts')).toBe('4');
    expect(readInput({}, 'tags')).toBe('');
  });
});

describe('readFileCommands', () => {
  it('reads back what appendFileCommand wrote, multi-line values included', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-gh-read-')), 'state');
    fs.writeFileSync(file, '');
    appendFileCommand({ GITHUB_STATE: file }, 'GITHUB_STATE', 'a', 'one');
    appendFileCommand({ GITHUB_STATE: file }, 'GITHUB_STATE', 'b', `two${os.EOL}lines`);
    expect(readFileCommands(file)).toEqual({ a: 'one', b: `two${os.EOL}lines` });
  });
});
