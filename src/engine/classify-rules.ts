/**
 * The failure rules: one table, read top to bottom, first rule that matches wins.
 *
 * Which text is looked at (see classify.ts): the final error report of the log — the last
 * `ERROR:` / `error:` line, everything after it, and the output of the build step whose
 * `#N ERROR` line precedes it. Earlier text (a warning BuildKit recovered from, an earlier
 * step's output) never decides. Only a log without any error line is searched whole.
 *
 * Precedence, highest first:
 *
 *  1. user fatal-patterns (permanent): the user's word is final.
 *  2. permanent rules that beat lock text. Some hosts report a host/image Windows build
 *     mismatch as the same 0x20 sharing violation (microsoft/hcsshim#2553); no retry can fix
 *     it, so the mismatch wins when both appear. Access denied on the daemon's pipe beats
 *     "connection error" (transient): waiting never grants the caller rights.
 *  3. lock: a sharing (0x20) or lock (0x21) violation, or Access is denied on a layer or
 *     snapshot rename/remove. Lock text counts only inside the final failure. When a lock stops
 *     a RUN step before its command runs, BuildKit puts the lock in the error chain and gives no
 *     exit code. A RUN step that exited non-zero (`run-step-failed`, group 6) is a lock only
 *     when the failing step itself printed the Win32 sharing violation (cmd.exe does, e.g. when
 *     an antivirus holds a file); lock text from earlier steps or recovered warnings does not
 *     count.
 *  4. transient: daemon not reachable yet, registry 429/5xx, network resets and timeouts.
 *  5. user retry-patterns (transient), placed before every remaining permanent rule so that a
 *     user can make a flaky RUN step (a download inside the container) retryable.
 *  6. the remaining permanent rules, most specific first; `access-denied` is last.
 *
 * The table keeps its classes in that order: permanent, lock, transient, permanent. User
 * retry-patterns are inserted after the last transient rule.
 *
 * Patterns see one log line at a time (a longer line is cut into 4 KiB pieces) and the break
 * between a line and the next one (1 KiB of each side, joined with and without a space) so that
 * a message wrapped over two lines still matches. No pattern crosses a line break, nests
 * quantifiers or has an unbounded gap (gaps are written `[^\n]{0,N}?`), so each test costs at
 * most the text length times the largest gap.
 */
import type { VerdictClass } from './classify.js';

export interface Rule {
  readonly id: string;
  readonly class: Exclude<VerdictClass, 'unknown'>;
  readonly reason: string;
  readonly pattern: RegExp;
}

/** A Win32 sharing violation (0x20) or lock violation (0x21), in each form Windows tools print. */
const SHARING = group(
  'being used by another process',
  'another process has locked a portion of the file',
  String.raw`0x8007002[01]\b`,
  String.raw`\(0x2[01]\)`,
  'ERROR_(?:SHARING|LOCK)_VIOLATION',
);

/** Folders where Windows container engines keep layers and snapshots. */
const LAYER_STORE = group('windowsfilter', String.raw`io\.containerd\.snapshotter`, 'layerdb');

/** The reason phrases of the HTTP server errors a registry answers when it is overloaded. */
const SERVER_ERROR = group(
  'Internal Server Error',
  'Bad Gateway',
  'Service (?:Temporarily )?Unavailable',
  'Gateway Time-?out',
);

/** What an engine does to a layer when it says `failed to <step> layer`. */
const LAYER_STEP = group(
  'register',
  'extract',
  'mount',
  'unpack',
  'commit',
  'apply',
  'activate',
  'prepare',
  'import',
);

export const RULES: readonly Rule[] = [
  // 2. Permanent, beats lock and transient text.
  {
    id: 'os-version-mismatch',
    class: 'permanent',
    reason: 'The image needs another Windows build than the host has; use a matching base image.',
    pattern: anyOf(
      '0xc0370101',
      'operating system does not match the host operating system',
      'operating system of the container does not match',
    ),
  },
  {
    id: 'daemon-pipe-access-denied',
    class: 'permanent',
    reason:
      'The client may not open the daemon pipe; run elevated or allow the group in buildkitd.',
    pattern: anyOf(String.raw`\bpipe[\\/]+[\w.-]{1,80}: Access is denied`),
  },

  // 3. Lock.
  {
    id: 'hcs-layer-sharing-violation',
    class: 'lock',
    reason: 'A Windows layer operation (hcsshim ...Layer) hit a file held by another process.',
    pattern: anyOf(String.raw`hcsshim::\w{0,40}Layer\b[^\n]{0,400}?${SHARING}`),
  },
  {
    id: 'layer-sharing-violation',
    class: 'lock',
    reason: 'Registering, mounting or committing a layer hit a file held by another process.',
    pattern: anyOf(
      String.raw`${LAYER_STORE}[^\n]{0,600}?${SHARING}`,
      String.raw`failed to ${LAYER_STEP} (?:layer|snapshot)[^\n]{0,600}?${SHARING}`,
    ),
  },
  {
    id: 'layer-rename-access-denied',
    class: 'lock',
    reason: 'Renaming or removing a layer or snapshot folder was denied while it was still held.',
    // (?=(...))\1 settles on the first layer folder name and never backtracks into it.
    pattern: anyOf(
      String.raw`\b(?:rename|remove|unlinkat) (?=([^\n]{0,200}?${LAYER_STORE}))\1` +
        String.raw`[^\n]{0,400}?: Access is denied`,
    ),
  },
  {
    id: 'sharing-violation',
    class: 'lock',
    reason: 'A file was held by another process (Win32 sharing or lock violation).',
    pattern: anyOf(
      'cannot access the file because it is being used by another process',
      'another process has locked a portion of the file',
      'ERROR_(?:SHARING|LOCK)_VIOLATION',
      String.raw`0x8007002[01]\b`,
      String.raw`\(0x2[01]\)`,
    ),
  },

  // 4. Transient.
  {
    id: 'device-not-ready',
    class: 'transient',
    reason: 'A layer disk was not ready (0x15); it usually is a moment later.',
    pattern: anyOf('The device is not ready', String.raw`\(0x15\)`, String.raw`0x80070015\b`),
  },
  {
    id: 'daemon-pipe-missing',
    class: 'transient',
    reason: 'The daemon pipe does not exist: the daemon is not running (yet).',
    pattern: anyOf(
      String.raw`pipe[\\/]+[\w.-]{1,80}: The system cannot find the file specified`,
      'named pipe error: The system cannot find the file specified',
    ),
  },
  {
    id: 'daemon-unreachable',
    class: 'transient',
    reason: 'The build client could not connect to the daemon.',
    pattern: anyOf(
      'failed to list workers',
      'listing workers',
      'failed to dial gRPC',
      'error reading server preface',
      'transport: error while dialing',
      'connection error: desc',
      'error during connect',
    ),
  },
  {
    id: 'daemon-connection-lost',
    class: 'transient',
    reason: 'The connection to the daemon closed during the build.',
    pattern: anyOf(
      'transport is closing',
      'the client connection is closing',
      'code = Unavailable',
      'error reading from server',
    ),
  },
  {
    id: 'registry-rate-limited',
    class: 'transient',
    reason: 'The registry rate-limited the pull or push (429 / toomanyrequests).',
    pattern: anyOf(
      String.raw`\b429 Too Many Requests\b`,
      String.raw`\btoomanyrequests\b`,
      'pull rate limit',
    ),
  },
  {
    id: 'registry-unavailable',
    class: 'transient',
    reason: 'The registry answered with a server error (500, 502, 503, 504).',
    pattern: anyOf(String.raw`\b50[0234] ${SERVER_ERROR}\b`),
  },
  {
    id: 'network-error',
    class: 'transient',
    reason: 'The network dropped or timed out (reset, refused, i/o or TLS timeout, EOF).',
    pattern: anyOf(
      'connection reset by peer',
      'connection refused',
      'i/o timeout',
      'TLS handshake timeout',
      'net/http: request canceled',
      String.raw`(?:https?://|\btcp )[^\n]{0,600}?: (?:unexpected )?EOF\b`,
    ),
  },
  {
    id: 'deadline-exceeded',
    class: 'transient',
    reason: 'An operation ran out of time (context deadline exceeded), typically while resolving.',
    pattern: anyOf('context deadline exceeded', String.raw`\bDeadlineExceeded\b`),
  },

  // 6. Permanent, most specific first.
  {
    id: 'disk-full',
    class: 'permanent',
    reason: 'The disk is full (0x70, no space left on device); free space or prune the cache.',
    pattern: anyOf(
      'There is not enough space on the disk',
      'no space left on device',
      String.raw`0x80070070\b`,
      String.raw`\(0x70\)`,
    ),
  },
  {
    id: 'dockerfile-invalid',
    class: 'permanent',
    reason: 'The Dockerfile does not parse, or names a stage or target that does not exist.',
    pattern: anyOf(
      'dockerfile parse error',
      'unknown instruction',
      'failed to parse stage name',
      'failed to parse dockerfile',
      String.raw`target stage "[^"\n]{0,200}" could not be found`,
    ),
  },
  {
    id: 'dockerfile-not-found',
    class: 'permanent',
    reason: 'The Dockerfile could not be read from the build context.',
    pattern: anyOf('failed to read dockerfile'),
  },
  {
    id: 'run-step-failed',
    class: 'permanent',
    reason: 'A RUN command ran and exited non-zero; the command itself failed.',
    pattern: anyOf(
      String.raw`did not complete successfully: exit code: \d+`,
      String.raw`executor failed running \[[^\n]{0,4000}?\]: exit code:? \d+`,
      String.raw`returned a non-zero code: \d+`,
    ),
  },
  {
    id: 'no-platform-match',
    class: 'permanent',
    reason: 'The image has no variant for this platform or Windows build.',
    pattern: anyOf(
      'no match for platform in manifest',
      String.raw`no matching manifest for [^\n]{0,200}? in the manifest list`,
    ),
  },
  {
    id: 'image-not-found',
    class: 'permanent',
    reason: 'The image, tag or repository does not exist (or is private and not logged in).',
    pattern: anyOf(
      'manifest unknown',
      'repository does not exist',
      'pull access denied',
      String.raw`failed to resolve source metadata for [^\n]{0,400}?: not found`,
      String.raw`failed to create LLB definition: [^\n]{0,400}?: not found`,
    ),
  },
  {
    id: 'registry-unauthorized',
    class: 'permanent',
    reason: 'The registry refused the credentials (401, insufficient scope, access denied).',
    pattern: anyOf(
      String.raw`\b401 Unauthorized\b`,
      'authorization status: 401',
      'insufficient_scope',
      'authentication required',
      'unauthorized: ',
      'denied: requested access to the resource is denied',
    ),
  },
  {
    id: 'copy-source-not-found',
    class: 'permanent',
    reason: 'A COPY or ADD source is not in the build context or stage.',
    pattern: anyOf(
      String.raw`failed to calculate checksum of ref [^\n]{0,160}?: "[^"\n]{0,1000}": not found`,
      'COPY failed: (?:file not found|stat |no source files)',
    ),
  },
  {
    id: 'invalid-reference',
    class: 'permanent',
    reason: 'An image name or tag is not a valid reference.',
    pattern: anyOf('invalid reference format'),
  },
  {
    id: 'invalid-flag',
    class: 'permanent',
    reason: 'The build command got an unknown or malformed flag.',
    pattern: anyOf(
      'unknown flag: ',
      'unknown shorthand flag',
      'flag needs an argument',
      String.raw`invalid argument "[^"\n]{0,200}" for "[^"\n]{0,80}" flag`,
    ),
  },
  {
    id: 'hcs-layer-error',
    class: 'permanent',
    reason:
      'A Windows layer operation failed in a way retrying does not change (driver, path, layer).',
    pattern: anyOf(String.raw`hcsshim::\w{0,40}Layer\b[^\n]{0,40}?failed`),
  },
  {
    id: 'access-denied',
    class: 'permanent',
    reason: 'Access was denied outside layer and snapshot folders; a retry does not grant rights.',
    pattern: anyOf('Access is denied'),
  },
];

/** A case-insensitive pattern matching any of the alternatives (regular expression sources). */
function anyOf(...alternatives: string[]): RegExp {
  return new RegExp(alternatives.join('|'), 'i');
}

/** A non-capturing group of alternatives, to embed in a larger pattern. */
function group(...alternatives: string[]): string {
  return `(?:${alternatives.join('|')})`;
}
