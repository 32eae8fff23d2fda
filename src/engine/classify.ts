/**
 * Decides why a build failed, from the tail of its output, so the retry loop knows whether a
 * retry can help. The rules and their precedence live in classify-rules.ts.
 */
import { RULES } from './classify-rules.js';

export { RULES, type Rule } from './classify-rules.js';

export type VerdictClass = 'lock' | 'transient' | 'permanent' | 'unknown';

export interface Verdict {
  readonly class: VerdictClass;
  /** Rule id; `user-fatal-pattern` / `user-retry-pattern` for user patterns; `no-match`. */
  readonly rule: string;
  /** The matched log line(s), ANSI-stripped and trimmed, at most ~500 characters. */
  readonly evidence: string;
  /** Windows paths named in the lock error lines, in order of appearance, without duplicates. */
  readonly lockedPaths: readonly string[];
}

export interface ClassifyOptions {
  readonly retryPatterns?: readonly RegExp[];
  readonly fatalPatterns?: readonly RegExp[];
}

const EVIDENCE_MAX = 500;
/** Longest text a single pattern test sees; longer lines are cut into pieces of this size. */
const PIECE_MAX = 4096;
/** How much of each side of a line break a joined test sees; a wrapped match spans the break. */
const JOIN_REACH = 1024;
/** How far above the final error line the failing step's `#N ERROR` line may be. */
const STEP_LOOKBACK = 80;
/** How many of the failing step's own output lines are considered. */
const STEP_LINES_MAX = 400;

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const CI_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)[ \t]/;
const PROGRESS_PREFIX = /^#\d+ +\d+(?:\.\d+)? +/;
/** A line that starts an error report: buildx/buildctl, a docker daemon answer, a logrus line. */
const ERROR_HEADER = new RegExp(
  [
    String.raw`^(?:#\d+ +)?(?:ERROR\b|error:|Error:|Error response from daemon\b|ERRO\[|FATA\[)`,
    String.raw`^(?:time="[^"\n]{0,64}" +)?level=(?:error|fatal)\b`,
  ].join('|'),
);
const STEP_ERROR = /^#(\d+) +ERROR\b/;

interface Candidate {
  readonly id: string;
  readonly class: Exclude<VerdictClass, 'unknown'>;
  readonly pattern: RegExp;
  /** User patterns are tested line by line, as their users wrote them. */
  readonly perLine?: boolean;
}

interface Hit {
  readonly text: string;
  readonly index: number;
  readonly length: number;
  /** Line indexes the matched text came from. */
  readonly lines: readonly number[];
  readonly rank: number;
}

/** Classifies a failed build's output (buildctl or buildx, plain progress) into a verdict. */
export function classify(log: string, options: ClassifyOptions = {}): Verdict {
  const lines = splitLines(log);
  const view = new LogView(lines, decisiveLines(lines));

  for (const candidate of orderCandidates(options)) {
    const hit = view.findLast(candidate.pattern, candidate.perLine === true);
    if (hit === undefined) continue;
    return {
      class: candidate.class,
      rule: candidate.id,
      evidence: excerpt(hit),
      lockedPaths: candidate.class === 'lock' ? collectLockedPaths(view) : [],
    };
  }

  return { class: 'unknown', rule: 'no-match', evidence: unknownEvidence(lines), lockedPaths: [] };
}

/**
 * Windows paths in `text` (drive-letter, `\\?\C:\...` and `\\?\Volume{...}\...` forms), with
 * JSON-escaped backslashes undone, `\\?\` dropped before a drive letter, trailing punctuation
 * removed, in order of appearance and without case-insensitive duplicates.
 */
export function extractWindowsPaths(text: string): string[] {
  const found = new PathSet();
  const roots = /(?<![A-Za-z0-9])[A-Za-z]:(?=\\)|(?<=\?\\{1,2})Volume\{[0-9A-Fa-f-]{36}\}(?=\\)/g;
  for (const root of text.matchAll(roots)) {
    const start = root.index;
    const bodyStart = start + root[0].length;
    const path = readPathBody(text, bodyStart);
    if (path === undefined) continue;
    const prefix = root[0].startsWith('Volume') ? `\\\\?\\${root[0]}` : root[0];
    found.add(prefix + path);
  }
  return found.values();
}

/** One cleaned log line: ANSI codes, CR, a CI timestamp and surrounding blanks removed. */
function splitLines(log: string): string[] {
  const lines: string[] = [];
  for (const raw of log.replace(ANSI, '').split(/\r\n|\r|\n/)) {
    const line = raw.replace(CI_TIMESTAMP, '').trim();
    if (line.length <= PIECE_MAX) {
      lines.push(line);
      continue;
    }
    // LIMITATION: a match that spans more than two pieces of one very long line is not seen.
    for (let at = 0; at < line.length; at += PIECE_MAX) lines.push(line.slice(at, at + PIECE_MAX));
  }
  return lines;
}

/**
 * The indexes of the lines that decide: the final error report (from the last error line to
 * the end) plus the output of the step whose `#N ERROR` line opens it. Without any error line,
 * every line.
 */
function decisiveLines(lines: readonly string[]): number[] {
  let last = -1;
  for (let i = lines.length - 1; i >= 0 && last < 0; i--) if (ERROR_HEADER.test(lines[i])) last = i;
  if (last < 0) return lines.map((_, i) => i);

  let start = last;
  let step: string | undefined;
  for (let i = last; i >= Math.max(0, last - STEP_LOOKBACK); i--) {
    const match = STEP_ERROR.exec(lines[i]);
    if (match) {
      start = i;
      step = match[1];
      break;
    }
  }

  const picked: number[] = [];
  if (step !== undefined) {
    const prefix = `#${step} `;
    for (let i = start - 1; i >= 0 && picked.length < STEP_LINES_MAX; i--) {
      if (lines[i].startsWith(prefix)) picked.push(i);
    }
    picked.reverse();
  }
  for (let i = start; i < lines.length; i++) picked.push(i);
  return picked;
}

/** Precedence: user fatal-patterns, built-in rules, user retry-patterns after the transients. */
function orderCandidates(options: ClassifyOptions): Candidate[] {
  let retryAt = 0;
  RULES.forEach((rule, i) => {
    if (rule.class === 'transient') retryAt = i + 1;
  });
  const fatal = (options.fatalPatterns ?? []).map((pattern): Candidate => ({
    id: 'user-fatal-pattern',
    class: 'permanent',
    pattern: reusable(pattern),
    perLine: true,
  }));
  const retry = (options.retryPatterns ?? []).map((pattern): Candidate => ({
    id: 'user-retry-pattern',
    class: 'transient',
    pattern: reusable(pattern),
    perLine: true,
  }));
  return [...fatal, ...RULES.slice(0, retryAt), ...retry, ...RULES.slice(retryAt)];
}

/** A copy without the g and y flags, whose `lastIndex` state would make `exec` skip matches. */
function reusable(pattern: RegExp): RegExp {
  return /[gy]/.test(pattern.flags)
    ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    : pattern;
}

/**
 * The decisive lines of a log as three texts: the lines themselves, and each line joined with
 * the next one (with and without a space). Built-in rules scan each text in one pass; their
 * patterns never cross a line break, so a match always lies within one line or one join.
 */
class LogView {
  private readonly texts: readonly Corpus[];

  constructor(
    readonly lines: readonly string[],
    scope: readonly number[],
  ) {
    const single: Segment[] = [];
    const spaced: Segment[] = [];
    const tight: Segment[] = [];
    scope.forEach((i, k) => {
      single.push({ text: lines[i], lines: [i], rank: 2 * i + 1, split: Infinity });
      if (scope[k + 1] !== i + 1) return;
      // A wrap may fall between words (the space was lost) or inside one; try both joins.
      // LIMITATION: a signature wrapped over three or more lines is not seen whole.
      const end = lines[i].slice(-JOIN_REACH);
      const next = lines[i + 1].replace(PROGRESS_PREFIX, '').slice(0, JOIN_REACH);
      spaced.push({
        text: `${end} ${next}`,
        lines: [i, i + 1],
        rank: 2 * i,
        split: end.length + 1,
      });
      tight.push({ text: end + next, lines: [i, i + 1], rank: 2 * i, split: end.length });
    });
    this.texts = [new Corpus(single), new Corpus(spaced), new Corpus(tight)];
  }

  /** The latest match; a line alone wins over the same line joined with the next. */
  findLast(pattern: RegExp, perLine: boolean): Hit | undefined {
    let best: Hit | undefined;
    for (const corpus of this.texts) {
      const hit = perLine ? corpus.lastPerSegment(pattern) : corpus.lastInOnePass(pattern);
      if (hit && (best === undefined || hit.rank > best.rank)) best = hit;
    }
    return best;
  }

  /** Indexes of every line that takes part in a match of `pattern`. */
  linesMatching(pattern: RegExp): Set<number> {
    const found = new Set<number>();
    for (const corpus of this.texts)
      for (const hit of corpus.all(pattern)) hit.lines.forEach((i) => found.add(i));
    return found;
  }
}

interface Segment {
  readonly text: string;
  readonly lines: readonly number[];
  /** Orders segments by position in the log: later lines rank higher, a lone line above a join. */
  readonly rank: number;
  /** Where the second line of a join starts. */
  readonly split: number;
}

/** Segments joined by line breaks, so that one regular expression scan covers all of them. */
class Corpus {
  private readonly text: string;
  private readonly starts: number[] = [];

  constructor(private readonly segments: readonly Segment[]) {
    let at = 0;
    for (const segment of segments) {
      this.starts.push(at);
      at += segment.text.length + 1;
    }
    this.text = segments.map((segment) => segment.text).join('\n');
  }

  *all(pattern: RegExp): Generator<Hit> {
    for (const match of this.text.matchAll(globalCopy(pattern)))
      yield this.hitAt(match.index, match[0].length);
  }

  lastInOnePass(pattern: RegExp): Hit | undefined {
    let last: Hit | undefined;
    for (const hit of this.all(pattern)) last = hit;
    return last;
  }

  /** For user patterns, which may use ^, $ or classes that would cross a line break. */
  lastPerSegment(pattern: RegExp): Hit | undefined {
    for (let s = this.segments.length - 1; s >= 0; s--) {
      const match = pattern.exec(this.segments[s].text);
      if (match) return this.hitAt(this.starts[s] + match.index, match[0].length);
    }
    return undefined;
  }

  private hitAt(offset: number, length: number): Hit {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    const segment = this.segments[low];
    const index = offset - this.starts[low];
    // A match inside one half of a join is that line's own match; only a spanning one joins both.
    const [first, second] = segment.lines;
    const lines =
      second === undefined || (index < segment.split && index + length > segment.split)
        ? segment.lines
        : [index < segment.split ? first : second];
    return { text: segment.text, index, length, lines, rank: segment.rank };
  }
}

const globalCopies = new WeakMap<RegExp, RegExp>();

function globalCopy(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (copy === undefined) {
    copy = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
    globalCopies.set(pattern, copy);
  }
  copy.lastIndex = 0;
  return copy;
}

// LIMITATION: paths are read line by line, so a path broken by a hard line wrap is reported only
// up to the end of its first line.
function collectLockedPaths(view: LogView): string[] {
  const lines = new Set<number>();
  for (const rule of RULES)
    if (rule.class === 'lock') view.linesMatching(rule.pattern).forEach((i) => lines.add(i));
  const found = new PathSet();
  for (const i of [...lines].sort((a, b) => a - b))
    for (const path of extractWindowsPaths(view.lines[i])) found.add(path);
  return found.values();
}

/** The matched text, cut to at most EVIDENCE_MAX characters around the match. */
function excerpt(hit: Hit): string {
  if (hit.text.length <= EVIDENCE_MAX) return hit.text;
  const room = EVIDENCE_MAX - 2;
  const from = Math.max(
    0,
    Math.min(hit.index - Math.floor((room - hit.length) / 2), hit.text.length - room),
  );
  const cut = hit.text.slice(from, from + room);
  return `${from > 0 ? '…' : ''}${cut}${from + room < hit.text.length ? '…' : ''}`;
}

function unknownEvidence(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) if (ERROR_HEADER.test(lines[i])) return cap(lines[i]);
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i] !== '') return cap(lines[i]);
  return '';
}

function cap(text: string): string {
  return text.length <= EVIDENCE_MAX ? text : `${text.slice(0, EVIDENCE_MAX - 1)}…`;
}

/** Characters that end a path in an error message. */
const PATH_STOP = '"\'`<>|?*:,;[]{}';
/** How far past a space to look for the backslash that shows a path goes on (`Program Files\`). */
const SPACE_LOOKAHEAD = 64;

/**
 * The path after a root (`C:` or `Volume{...}`) starting at `from`, which is on a backslash;
 * undefined when nothing but the root is there.
 */
function readPathBody(text: string, from: number): string | undefined {
  const escaped = text.startsWith('\\\\', from);
  let end = from;
  while (end < text.length) {
    const c = text[end];
    if (c === ' ' && continuesAfterSpace(text, end)) {
      end++;
      continue;
    }
    if (c <= ' ' || PATH_STOP.includes(c)) break;
    end++;
  }
  let body = text.slice(from, end);
  if (escaped) body = body.replace(/\\\\/g, '\\');
  body = trimPathEnd(body);
  return body.length > 1 ? body : undefined;
}

/** A space continues a path only when a backslash follows within a few plain words. */
function continuesAfterSpace(text: string, space: number): boolean {
  if (text[space + 1] === ' ') return false;
  const limit = Math.min(text.length, space + 1 + SPACE_LOOKAHEAD);
  for (let j = space + 1; j < limit; j++) {
    const c = text[j];
    if (c === '\\') return true;
    if (c === ' ' && text[j + 1] === ' ') return false;
    if (c !== ' ' && (c < ' ' || c === '=' || PATH_STOP.includes(c))) return false;
  }
  return false;
}

function trimPathEnd(body: string): string {
  let end = body.length;
  while (end > 1) {
    const c = body[end - 1];
    if (c === '.' || c === '\\' || (c === ')' && !body.slice(0, end).includes('('))) end--;
    else break;
  }
  return body.slice(0, end);
}

/** Paths in order of first appearance, compared case-insensitively as Windows does. */
class PathSet {
  private readonly seen = new Map<string, string>();

  add(path: string): void {
    const key = path.toLowerCase();
    if (!this.seen.has(key)) this.seen.set(key, path);
  }

  values(): string[] {
    return [...this.seen.values()];
  }
}
