/**
 * Windows command lines. The service manager keeps one string per service (`BinaryPathName`), so
 * comparing a registered service with the wanted one means splitting and joining with the rules
 * the Microsoft C runtime uses (the same rules Go's `syscall.EscapeArg` writes for).
 */

/** Quotes one argument so that the C runtime reads it back unchanged. */
export function quoteWindowsArg(arg: string): string {
  if (arg === '') return '""';
  if (!/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes += 1;
      continue;
    }
    // Backslashes are literal unless they precede a quote, so only then are they doubled.
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** Joins an argv into one Windows command line. */
export function joinWindowsCommandLine(argv: readonly string[]): string {
  return argv.map(quoteWindowsArg).join(' ');
}

/** Splits a Windows command line into argv (CommandLineToArgvW rules for the arguments). */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let inQuotes = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (!inQuotes && (ch === ' ' || ch === '\t')) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
      i += 1;
      continue;
    }
    inArg = true;
    if (ch === '\\') {
      let count = 0;
      while (line[i] === '\\') {
        count += 1;
        i += 1;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(count / 2));
        if (count % 2 === 1) {
          current += '"';
          i += 1;
        }
      } else {
        current += '\\'.repeat(count);
      }
      continue;
    }
    if (ch === '"') {
      if (inQuotes && line[i + 1] === '"') {
        current += '"';
        i += 2;
        continue;
      }
      inQuotes = !inQuotes;
      i += 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  if (inArg) args.push(current);
  return args;
}

/**
 * Splits a service's `BinaryPathName` into the program and its arguments. An unquoted program path
 * with spaces (an old installer habit) is recognised by its `.exe` ending.
 */
export function splitServiceCommandLine(pathName: string): { program: string; args: string[] } {
  const trimmed = pathName.trim();
  if (!trimmed.startsWith('"')) {
    const match = /^(.*?\.exe)(?=\s|$)/i.exec(trimmed);
    if (match && /\s/.test(match[1])) {
      return { program: match[1], args: splitWindowsCommandLine(trimmed.slice(match[1].length)) };
    }
  }
  const [program = '', ...args] = splitWindowsCommandLine(trimmed);
  return { program, args };
}
