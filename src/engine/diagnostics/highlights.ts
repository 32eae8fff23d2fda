import type { AttemptRecord } from '../attempt-record.js';
import type { FailureClass } from '../settings.js';
import type { Fact, FactKind } from './types.js';

/** What the highlights are ranked for: the last attempt's failure class, or why else we collect. */
export type HighlightCase = FailureClass | 'cancelled' | 'success';

/**
 * How much more a kind of fact explains a failure of each class, on top of its own weight. For a
 * lock the holder comes first, then what makes locks persist (build mismatch, Defender, drivers).
 */
const BOOSTS: Readonly<Record<HighlightCase, Partial<Record<FactKind, number>>>> = {
  lock: {
    'lock-holder': 60,
    'lock-no-holder': 30,
    'os-mismatch': 20,
    'defender-exposed': 35,
    'defender-state': 15,
    'defender-detection': 20,
    'filter-drivers': 30,
    'disk-free': 5,
  },
  permanent: { 'tool-error': 60, 'os-mismatch': 20, 'disk-low': 10 },
  transient: { 'tool-error': 40, 'service-state': 20, 'daemon-error': 20, panic: 10 },
  timeout: { timeout: 60, 'build-cache': 15, 'disk-low': 10, 'service-state': 10 },
  unknown: { 'tool-error': 40, 'service-state': 10 },
  cancelled: { cancelled: 60 },
  success: {},
};

/** The `count` facts most likely to explain the failure, best first, without repeats. */
export function pickHighlights(facts: readonly Fact[], which: HighlightCase, count = 3): string[] {
  const boosts = BOOSTS[which];
  const ranked = facts
    .map((fact, index) => ({ fact, index, score: fact.weight + (boosts[fact.kind] ?? 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const texts: string[] = [];
  for (const { fact } of ranked) {
    if (!texts.includes(fact.text)) texts.push(fact.text);
    if (texts.length === count) break;
  }
  return texts;
}

/** Which case the highlights are for: the last failed attempt's class, else the reason. */
export function highlightCase(attempts: readonly AttemptRecord[], reason: string): HighlightCase {
  if (reason === 'cancelled') return 'cancelled';
  const last = attempts[attempts.length - 1];
  return last?.failureClass ?? 'success';
}

/** Facts the attempts themselves tell: the tool's error line, a timeout, a cancellation. */
export function attemptFacts(attempts: readonly AttemptRecord[], reason: string): Fact[] {
  const facts: Fact[] = [];
  const last = attempts[attempts.length - 1];
  if (reason === 'cancelled') {
    const during =
      last === undefined ? 'before the first attempt' : `during or after attempt ${last.number}`;
    facts.push({ kind: 'cancelled', text: `The job was cancelled ${during}.`, weight: 50 });
  }
  if (last === undefined || last.failureClass === undefined) return facts;

  const evidence = last.evidence ?? '';
  const rule = last.rule ? `, rule \`${last.rule}\`` : '';
  if (last.failureClass === 'timeout') {
    facts.push({
      kind: 'timeout',
      text: `Attempt ${last.number} was stopped by attempt-timeout after ${formatDuration(last.durationMs)}.`,
      weight: 50,
    });
  } else if (evidence !== '') {
    facts.push({
      kind: 'tool-error',
      text: `Attempt ${last.number} failed (${last.failureClass}${rule}): ${errorLine(evidence)}`,
      weight: 50,
    });
  }
  if (/0xc0370101|does not match the (operating system of the )?host/i.test(evidence)) {
    facts.push({
      kind: 'os-mismatch',
      text: 'The container OS build does not match the host (0xc0370101): use a base image of the host build or Hyper-V isolation.',
      weight: 70,
    });
  }
  if (/not enough space on the disk|no space left on device/i.test(evidence)) {
    facts.push({
      kind: 'disk-low',
      text: `The build ran out of disk space: ${errorLine(evidence)}`,
      weight: 75,
    });
  }
  return facts;
}

/** The most telling line of a tool's error output, at most 300 characters. */
export function errorLine(evidence: string): string {
  const lines = evidence
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line = [...lines]
    .reverse()
    .find((candidate) => /error|failed|denied|cannot|not found/i.test(candidate));
  const chosen = line ?? lines[lines.length - 1] ?? evidence.trim();
  return chosen.length <= 300 ? chosen : `${chosen.slice(0, 299)}…`;
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
