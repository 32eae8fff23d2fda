import { azureGuard, githubGuard, plainGuard } from '../../src/hosts/output-guards.js';
import type { OutputGuard } from '../../src/hosts/host.js';

function pass(guard: OutputGuard, chunks: string[]): string {
  let out = guard.begin();
  for (const chunk of chunks) out += guard.transform(Buffer.from(chunk)).toString();
  return out + guard.end();
}

describe('githubGuard', () => {
  it('brackets the output in stop-commands and leaves the bytes alone', () => {
    const out = pass(githubGuard('tok'), ['::error::forged\n', '::set-output name=x::y\n']);
    expect(out).toBe('::stop-commands::tok\n::error::forged\n::set-output name=x::y\n::tok::\n');
  });

  it('closes on its own line when the output did not end with a newline', () => {
    expect(pass(githubGuard('tok'), ['partial'])).toBe('::stop-commands::tok\npartial\n::tok::\n');
  });

  it('uses a fresh random token each time', () => {
    expect(githubGuard().begin()).not.toBe(githubGuard().begin());
  });
});

describe('azureGuard', () => {
  it.each([
    ['##vso[task.setvariable variable=x]y\n', '## vso[task.setvariable variable=x]y\n'],
    [
      '#5 0.1 ##vso[task.complete result=Succeeded]\n',
      '#5 0.1 ## vso[task.complete result=Succeeded]\n',
    ],
    ['##[error]forged\n', '## [error]forged\n'],
    ['plain # line ## not a command\n', 'plain # line ## not a command\n'],
  ])('neutralises %j', (input, expected) => {
    expect(pass(azureGuard(), [input])).toBe(expected);
  });

  it('catches a command split across chunks', () => {
    expect(pass(azureGuard(), ['abc ##v', 'so[task.complete]\n'])).toBe(
      'abc ## vso[task.complete]\n',
    );
  });

  it('ends an unterminated last line', () => {
    expect(pass(azureGuard(), ['tail ##vso[x]'])).toBe('tail ## vso[x]\n');
  });

  it('keeps multi-byte characters split across chunks', () => {
    const bytes = Buffer.from('é\n');
    const guard = azureGuard();
    const out =
      guard.transform(bytes.subarray(0, 1)).toString() +
      guard.transform(bytes.subarray(1)).toString() +
      guard.end();
    expect(out).toBe('é\n');
  });
});

describe('plainGuard', () => {
  it('changes nothing', () => {
    expect(pass(plainGuard(), ['::error::x\n##vso[y]\n'])).toBe('::error::x\n##vso[y]\n');
  });
});
