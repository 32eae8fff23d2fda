import {
  joinWindowsCommandLine,
  quoteWindowsArg,
  splitServiceCommandLine,
  splitWindowsCommandLine,
} from '../../src/windows/command-line.js';

describe('quoteWindowsArg', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['C:\\Program Files\\x.exe', '"C:\\Program Files\\x.exe"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['a\\\\"b c', '"a\\\\\\\\\\"b c"'],
    ['no\\space\\', 'no\\space\\'],
  ])('%j -> %s', (arg, quoted) => {
    expect(quoteWindowsArg(arg)).toBe(quoted);
  });
});

describe('splitWindowsCommandLine', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['"C:\\Program Files\\c.exe" --run-service', ['C:\\Program Files\\c.exe', '--run-service']],
    ['"a\\"b"', ['a"b']],
    ['a\\\\b', ['a\\\\b']],
    ['"a\\\\" b', ['a\\', 'b']],
    ['"" x', ['', 'x']],
    ['"a""b"', ['a"b']],
    ['\t x \t', ['x']],
  ])('%j', (line, argv) => {
    expect(splitWindowsCommandLine(line)).toEqual(argv);
  });

  it('reads back every argv it was given', () => {
    const argvs = [
      [
        'C:\\Program Files\\buildkit\\bin\\buildkitd.exe',
        '--run-service',
        '--group',
        'HOST\\build users',
      ],
      ['x', '', 'tail\\', 'in "quotes"', 'C:\\end with space\\'],
    ];
    for (const argv of argvs)
      expect(splitWindowsCommandLine(joinWindowsCommandLine(argv))).toEqual(argv);
  });
});

describe('splitServiceCommandLine', () => {
  it('reads a quoted program', () => {
    expect(
      splitServiceCommandLine(
        '"C:\\Program Files\\containerd\\bin\\containerd.exe" --run-service --log-file C:\\l.log',
      ),
    ).toEqual({
      program: 'C:\\Program Files\\containerd\\bin\\containerd.exe',
      args: ['--run-service', '--log-file', 'C:\\l.log'],
    });
  });

  it('reads an unquoted program path with spaces by its .exe ending', () => {
    expect(
      splitServiceCommandLine('C:\\Program Files\\containerd\\containerd.exe --run-service'),
    ).toEqual({
      program: 'C:\\Program Files\\containerd\\containerd.exe',
      args: ['--run-service'],
    });
  });

  it('gives an empty program for an empty line', () => {
    expect(splitServiceCommandLine('')).toEqual({ program: '', args: [] });
  });
});
