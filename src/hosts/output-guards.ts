import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { OutputGuard } from './host.js';

/** Passes output through unchanged (the CLI has no runner commands). */
export function plainGuard(): OutputGuard {
  return { begin: () => '', transform: (chunk) => chunk, end: () => '' };
}

/**
 * GitHub: brackets the output in `::stop-commands::<token>` ... `::<token>::` with a random
 * token, so the runner ignores every workflow command the build prints, and the bytes pass
 * through unchanged.
 */
export function githubGuard(token = randomBytes(16).toString('hex')): OutputGuard {
  let endsWithNewline = true;
  return {
    begin: () => `::stop-commands::${token}\n`,
    transform: (chunk) => {
      if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 0x0a;
      return chunk;
    },
    end: () => `${endsWithNewline ? '' : '\n'}::${token}::\n`,
  };
}

/** Longest text held back when a line does not end, so a split `##vso[` is still caught. */
const AZURE_CARRY_LIMIT = 64 * 1024;
const AZURE_COMMAND = /##(vso)?\[/g;

/**
 * Azure Pipelines: the agent acts on `##vso[` and `##[` wherever they appear in a line, and has
 * no stop-commands, so each is rewritten as `## vso[` / `## [`. Whole lines are rewritten; a
 * partial last line waits for its end (or for the carry limit).
 */
export function azureGuard(): OutputGuard {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  const neutralise = (text: string): string =>
    text.indexOf('##') === -1
      ? text
      : text.replace(AZURE_COMMAND, (match) => `## ${match.slice(2)}`);
  return {
    begin: () => '',
    transform: (chunk) => {
      const text = carry + decoder.write(chunk);
      let cut = text.lastIndexOf('\n') + 1;
      if (cut === 0 && text.length > AZURE_CARRY_LIMIT) cut = text.length - 8;
      carry = text.slice(cut);
      return neutralise(text.slice(0, cut));
    },
    end: () => {
      const rest = neutralise(carry + decoder.end());
      carry = '';
      return rest === '' || rest.endsWith('\n') ? rest : `${rest}\n`;
    },
  };
}
