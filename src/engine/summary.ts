import type { AttemptsResult } from './attempts.js';
import type { Settings } from './settings.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function secondsCell(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The attempts table for the job or build summary, in Markdown. */
export function renderAttemptsTable(result: AttemptsResult, settings: Settings): string {
  const status = result.succeeded ? 'succeeded' : 'failed';
  const lines = [
    `### wcow-build: build ${status} after ${result.attempts.length} of ${settings.maxAttempts} attempt(s)`,
    '',
    '| Attempt | Result | Class | Rule | Duration | Queue wait | Wait after |',
    '| ---: | --- | --- | --- | ---: | ---: | --- |',
  ];
  for (const attempt of result.attempts) {
    const ok = attempt.failureClass === undefined;
    const wait =
      attempt.waitAfterMs > 0 || attempt.waitReason !== ''
        ? `${secondsCell(attempt.waitAfterMs)} (${attempt.waitReason})`
        : '';
    lines.push(
      `| ${attempt.number} | ${ok ? 'success' : `exit ${attempt.exitCode ?? 'killed'}`} | ${ok ? '' : attempt.failureClass} | ${cell(attempt.rule ?? '')} | ${secondsCell(attempt.durationMs)} | ${secondsCell(attempt.queueWaitMs)} | ${wait} |`,
    );
  }
  lines.push(
    '',
    `Queue wait in all: ${secondsCell(result.queueWaitMs)}. Lock retries: ${result.lockRetries}.`,
  );
  if (!result.succeeded && result.verdict !== undefined) {
    lines.push('', '```text', result.verdict.evidence, '```');
  }
  return `${lines.join('\n')}\n`;
}
