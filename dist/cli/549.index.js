export const id = 549;
export const ids = [549];
export const modules = {

/***/ 549:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  collectAndAttach: () => (/* binding */ collectAndAttach)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./lib/engine/errors.js
var errors = __webpack_require__(899);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(466);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
;// CONCATENATED MODULE: ./lib/engine/diagnostics/bundle-writer.js




/** Read size for copies: large enough to be fast, small enough for bounded memory. */
const CHUNK_BYTES = 1024 * 1024;
/** A write refused because the collector that asked for it was already cut off. */
class ScopeClosedError extends Error {
    name = 'ScopeClosedError';
}
/** The bundle folder and the index of what was written into it. */
class BundleWriter {
    folder;
    redactor;
    records = new Map();
    constructor(folder, redactor) {
        this.folder = folder;
        this.redactor = redactor;
    }
    /** The files written so far, in write order. */
    get files() {
        return [...this.records.values()];
    }
    /** Absolute path of a bundle file. */
    resolve(name) {
        const target = external_node_path_.resolve(this.folder, name);
        if (!target.startsWith(external_node_path_.resolve(this.folder) + external_node_path_.sep)) {
            throw new Error(`bundle file name ${name} points outside the bundle folder`);
        }
        return target;
    }
    /** A scope for one collector; `close()` makes later writes fail and drops unfinished files. */
    scope(collector) {
        let open = true;
        const controller = new AbortController();
        const guard = async (name, write) => {
            if (!open)
                throw new ScopeClosedError(`collector ${collector} was cut off; ${name} not written`);
            const target = this.resolve(name);
            await external_node_fs_.promises.mkdir(external_node_path_.dirname(target), { recursive: true });
            let redactions;
            try {
                redactions = await write(target);
            }
            catch (error) {
                await external_node_fs_.promises.rm(target, { force: true });
                throw error;
            }
            if (!open) {
                await external_node_fs_.promises.rm(target, { force: true });
                throw new ScopeClosedError(`collector ${collector} was cut off while writing ${name}`);
            }
            const bytes = (await external_node_fs_.promises.stat(target)).size;
            this.record({ path: toBundlePath(name), bytes, collector, redactions });
        };
        const writeText = (name, text) => guard(name, async (target) => {
            const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
            await external_node_fs_.promises.writeFile(target, output);
            return count;
        });
        return {
            close() {
                open = false;
                controller.abort();
            },
            writeText,
            writeJson: (name, value) => writeText(name, `${JSON.stringify(value, jsonReplacer, 2)}\n`),
            copyTail: async (source, name, maxBytes) => {
                let result = { sourceBytes: 0, fromByte: 0, bytes: 0 };
                await guard(name, async (target) => {
                    const copied = await this.copyRedacted(source, target, maxBytes, controller.signal);
                    result = copied.result;
                    return copied.redactions;
                });
                return result;
            },
        };
    }
    /** Streams the tail of `source` through the redactor into `target`. */
    async copyRedacted(source, target, maxBytes, signal) {
        const sourceBytes = (await external_node_fs_.promises.stat(source)).size;
        const fromByte = Math.max(0, sourceBytes - maxBytes);
        // Start early by the longest pattern so a secret straddling the cut is still recognised.
        const readFrom = Math.max(0, fromByte - Math.max(0, this.redactor.longest - 1));
        const state = this.redactor.stream(fromByte - readFrom);
        const out = external_node_fs_.createWriteStream(target);
        if (fromByte > 0)
            out.write(cutNotice(fromByte, sourceBytes));
        const redact = new external_node_stream_.Transform({
            transform(chunk, _encoding, done) {
                done(null, state.push(chunk));
            },
            flush(done) {
                done(null, state.end());
            },
        });
        const input = external_node_fs_.createReadStream(source, { start: readFrom, highWaterMark: CHUNK_BYTES });
        await (0,promises_.pipeline)(input, redact, out, { signal });
        const bytes = (await external_node_fs_.promises.stat(target)).size;
        return { result: { sourceBytes, fromByte, bytes }, redactions: state.count };
    }
    /**
     * Shortens a written file to its last `keepBytes` (plus a first line saying so). The content is
     * already redacted, so any suffix of it is too.
     */
    async keepTail(name, keepBytes) {
        const target = this.resolve(name);
        const size = (await external_node_fs_.promises.stat(target)).size;
        if (size <= keepBytes)
            return size;
        const temporary = `${target}.cut`;
        const out = external_node_fs_.createWriteStream(temporary);
        out.write(cutNotice(size - keepBytes, size));
        await (0,promises_.pipeline)(external_node_fs_.createReadStream(target, { start: size - keepBytes, highWaterMark: CHUNK_BYTES }), out);
        await external_node_fs_.promises.rename(temporary, target);
        const bytes = (await external_node_fs_.promises.stat(target)).size;
        const record = this.records.get(toBundlePath(name));
        if (record !== undefined)
            this.records.set(record.path, { ...record, bytes });
        return bytes;
    }
    /** Writes a file outside any collector scope: the index itself. */
    async writeOwn(name, text, collector) {
        const target = this.resolve(name);
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(target), { recursive: true });
        const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
        await external_node_fs_.promises.writeFile(target, output);
        this.record({ path: toBundlePath(name), bytes: output.length, collector, redactions: count });
        return output.length;
    }
    record(file) {
        this.records.set(file.path, file);
    }
}
function cutNotice(cutBytes, totalBytes) {
    return `[wcow-build: the first ${cutBytes} of ${totalBytes} bytes were left out to keep the bundle within its size cap]\n`;
}
function toBundlePath(name) {
    return name.split(external_node_path_.sep).join('/');
}
/** JSON for values JSON cannot show: regular expressions as their source, big numbers as text. */
function jsonReplacer(_key, value) {
    if (value instanceof RegExp)
        return value.source;
    if (typeof value === 'bigint')
        return value.toString();
    return value;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: ./lib/windows/powershell.js
var powershell = __webpack_require__(680);
;// CONCATENATED MODULE: ./lib/windows/diagnostics-scripts.js

const OS_VERSION = String.raw `# wcow-diagnostics: os-version
$cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
[ordered]@{
  productName = [string]$cv.ProductName
  displayVersion = [string]$cv.DisplayVersion
  editionId = [string]$cv.EditionID
  installationType = [string]$cv.InstallationType
  currentBuild = [string]$cv.CurrentBuild
  ubr = [int]$cv.UBR
  buildLabEx = [string]$cv.BuildLabEx
} | ConvertTo-Json -Compress`;
/** Reads the OS product, build and revision from the registry. */
function readOsVersion(options) {
    return (0,powershell/* runPowerShell */.N5)(OS_VERSION, options);
}
const SERVICES = String.raw `# wcow-diagnostics: services
$wanted = @($data.names)
$all = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $wanted -contains $_.Name })
$out = foreach ($name in $wanted) {
  $s = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
  if ($null -eq $s) { [ordered]@{ name = $name; found = $false }; continue }
  $started = $null
  if ($s.ProcessId -gt 0) {
    $p = Get-Process -Id $s.ProcessId -ErrorAction SilentlyContinue
    if ($p -and $p.StartTime) { $started = $p.StartTime.ToUniversalTime().ToString('o') }
  }
  [ordered]@{
    name = $s.Name; found = $true; displayName = $s.DisplayName; state = $s.State
    startMode = $s.StartMode; pathName = $s.PathName; processId = [int]$s.ProcessId
    processStartedAt = $started; startName = $s.StartName; exitCode = [int]$s.ExitCode
    serviceSpecificExitCode = [int]$s.ServiceSpecificExitCode; delayedAutoStart = [bool]$s.DelayedAutoStart
  }
}
@{ services = @($out) } | ConvertTo-Json -Depth 4 -Compress`;
/** Reads the named services' state and configuration. */
async function readServices(names, options) {
    const result = await (0,powershell/* runPowerShell */.N5)(SERVICES, {
        ...options,
        data: { names },
    });
    return result.services ?? [];
}
const EVENT_LOGS = String.raw `# wcow-diagnostics: event-logs
$since = [DateTimeOffset]::FromUnixTimeMilliseconds([int64]$data.since).LocalDateTime
$out = foreach ($q in @($data.queries)) {
  $filter = @{ LogName = [string]$q.logName; StartTime = $since }
  if ($q.providers) { $filter.ProviderName = [string[]]@($q.providers) }
  if ($q.levels) { $filter.Level = [int[]]@($q.levels) }
  try {
    $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents ([int]$data.maxEvents) -ErrorAction Stop | ForEach-Object {
      $text = [string]$_.Message
      if ($text.Length -gt [int]$data.maxMessage) { $text = $text.Substring(0, [int]$data.maxMessage) }
      [ordered]@{
        time = $_.TimeCreated.ToUniversalTime().ToString('o'); id = $_.Id; level = [int]$_.Level
        levelName = [string]$_.LevelDisplayName; provider = $_.ProviderName; message = $text
      }
    })
    [ordered]@{ name = $q.name; logName = $q.logName; events = $events; error = $null }
  } catch {
    if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') {
      [ordered]@{ name = $q.name; logName = $q.logName; events = @(); error = $null }
    } else {
      [ordered]@{ name = $q.name; logName = $q.logName; events = @(); error = $_.Exception.Message }
    }
  }
}
@{ queries = @($out) } | ConvertTo-Json -Depth 5 -Compress`;
/** Reads event log entries written since `since` (ms since epoch), newest first. */
async function readEventLogs(queries, since, limits, options) {
    const data = { queries, since, maxEvents: limits.maxEvents, maxMessage: limits.maxMessage };
    const result = await (0,powershell/* runPowerShell */.N5)(EVENT_LOGS, {
        ...options,
        data,
    });
    return result.queries ?? [];
}
// RmGetList is asked twice: once for the count, then with room for it (ERROR_MORE_DATA = 234).
const RESTART_MANAGER_SOURCE = String.raw `
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

public static class WcowRestartManager {
  [StructLayout(LayoutKind.Sequential)]
  private struct UniqueProcess {
    public int ProcessId;
    public System.Runtime.InteropServices.ComTypes.FILETIME StartTime;
  }

  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  private struct ProcessInfo {
    public UniqueProcess Process;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string AppName;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 64)] public string ServiceShortName;
    public int ApplicationType;
    public uint AppStatus;
    public uint SessionId;
    [MarshalAs(UnmanagedType.Bool)] public bool Restartable;
  }

  [DllImport("rstrtmgr.dll", CharSet = CharSet.Unicode)]
  private static extern int RmStartSession(out uint session, int flags, StringBuilder key);

  [DllImport("rstrtmgr.dll")]
  private static extern int RmEndSession(uint session);

  [DllImport("rstrtmgr.dll", CharSet = CharSet.Unicode)]
  private static extern int RmRegisterResources(uint session, uint fileCount, string[] files,
    uint processCount, UniqueProcess[] processes, uint serviceCount, string[] services);

  [DllImport("rstrtmgr.dll")]
  private static extern int RmGetList(uint session, out uint needed, ref uint count,
    [In, Out] ProcessInfo[] info, ref uint rebootReasons);

  public sealed class Holder {
    public int Pid;
    public string App;
    public string Service;
    public int Type;
  }

  public static List<Holder> Find(string[] files) {
    uint session;
    int rc = RmStartSession(out session, 0, new StringBuilder(33));
    if (rc != 0) throw new Win32Exception(rc);
    try {
      rc = RmRegisterResources(session, (uint)files.Length, files, 0, null, 0, null);
      if (rc != 0) throw new Win32Exception(rc);
      uint needed = 0, count = 0, reasons = 0;
      ProcessInfo[] info = null;
      while (true) {
        rc = RmGetList(session, out needed, ref count, info, ref reasons);
        if (rc == 0) break;
        if (rc != 234) throw new Win32Exception(rc);
        count = needed;
        info = new ProcessInfo[needed];
      }
      var holders = new List<Holder>();
      for (int i = 0; i < count; i++) {
        holders.Add(new Holder {
          Pid = info[i].Process.ProcessId, App = info[i].AppName,
          Service = info[i].ServiceShortName, Type = info[i].ApplicationType
        });
      }
      return holders;
    } finally {
      RmEndSession(session);
    }
  }
}
`;
const LOCK_HOLDERS = String.raw `# wcow-diagnostics: lock-holders
$source = @'${RESTART_MANAGER_SOURCE}'@
Add-Type -TypeDefinition $source -Language CSharp
$types = @{ 0 = 'Unknown'; 1 = 'MainWindow'; 2 = 'OtherWindow'; 3 = 'Service'; 4 = 'Explorer'; 5 = 'Console'; 1000 = 'Critical' }
$out = foreach ($item in @($data.paths)) {
  $path = [string]$item
  try {
    if (Test-Path -LiteralPath $path -PathType Container) {
      $files = @(Get-ChildItem -LiteralPath $path -File -Recurse -Depth 2 -Force -ErrorAction SilentlyContinue |
        Select-Object -First ([int]$data.maxFiles) | ForEach-Object { $_.FullName })
    } elseif (Test-Path -LiteralPath $path) {
      $files = @($path)
    } else {
      [ordered]@{ path = $path; files = 0; holders = @(); error = 'The file no longer exists.' }
      continue
    }
    $holders = @()
    if ($files.Count -gt 0) {
      $holders = @([WcowRestartManager]::Find([string[]]$files) | ForEach-Object {
        $p = Get-Process -Id $_.Pid -ErrorAction SilentlyContinue
        [ordered]@{
          pid = $_.Pid; app = $_.App; service = $_.Service; type = $types[$_.Type]
          processName = if ($p) { $p.ProcessName } else { $null }
          path = if ($p) { $p.Path } else { $null }
        }
      })
    }
    [ordered]@{ path = $path; files = $files.Count; holders = $holders; error = $null }
  } catch {
    [ordered]@{ path = $path; files = 0; holders = @(); error = $_.Exception.Message }
  }
}
@{ checks = @($out) } | ConvertTo-Json -Depth 5 -Compress`;
/**
 * Asks the Restart Manager which processes hold each path open. A folder stands for up to
 * `maxFiles` files inside it (layer folders are locked file by file).
 */
async function findFileHolders(paths, maxFiles, options) {
    const data = { paths, maxFiles };
    const result = await (0,powershell/* runPowerShell */.N5)(LOCK_HOLDERS, { ...options, data });
    return result.checks ?? [];
}
const DEFENDER = String.raw `# wcow-diagnostics: defender
$status = $null; $statusError = $null; $preference = $null; $preferenceError = $null
try {
  $s = Get-MpComputerStatus -ErrorAction Stop
  $status = [ordered]@{
    amRunningMode = [string]$s.AMRunningMode; antivirusEnabled = [bool]$s.AntivirusEnabled
    realTimeProtectionEnabled = [bool]$s.RealTimeProtectionEnabled
    onAccessProtectionEnabled = [bool]$s.OnAccessProtectionEnabled
    behaviorMonitorEnabled = [bool]$s.BehaviorMonitorEnabled
    productVersion = [string]$s.AMProductVersion; signatureVersion = [string]$s.AntivirusSignatureVersion
  }
} catch { $statusError = $_.Exception.Message }
try {
  $p = Get-MpPreference -ErrorAction Stop
  $preference = [ordered]@{
    disableRealtimeMonitoring = [bool]$p.DisableRealtimeMonitoring
    exclusionPath = @($p.ExclusionPath | Where-Object { $_ })
    exclusionProcess = @($p.ExclusionProcess | Where-Object { $_ })
    exclusionExtension = @($p.ExclusionExtension | Where-Object { $_ })
  }
} catch { $preferenceError = $_.Exception.Message }
[ordered]@{ status = $status; statusError = $statusError; preference = $preference; preferenceError = $preferenceError } |
  ConvertTo-Json -Depth 4 -Compress`;
/** Reads Defender's status (Get-MpComputerStatus) and exclusions (Get-MpPreference). */
function readDefender(options) {
    return (0,powershell/* runPowerShell */.N5)(DEFENDER, options);
}
const VOLUMES = String.raw `# wcow-diagnostics: volumes
$seen = @{}
$out = foreach ($item in @($data.paths)) {
  $path = [string]$item
  try { $root = [System.IO.Path]::GetPathRoot($path) } catch { continue }
  if (-not $root -or $seen.ContainsKey($root.ToUpperInvariant())) { continue }
  $seen[$root.ToUpperInvariant()] = $true
  try {
    $drive = New-Object System.IO.DriveInfo $root
    [ordered]@{ root = $root; path = $path; format = $drive.DriveFormat; totalBytes = $drive.TotalSize; freeBytes = $drive.AvailableFreeSpace }
  } catch {
    [ordered]@{ root = $root; path = $path; error = $_.Exception.Message }
  }
}
@{ volumes = @($out) } | ConvertTo-Json -Depth 3 -Compress`;
/** Reads size and free space of the volumes the given paths lie on, one entry per volume. */
async function readVolumes(paths, options) {
    const result = await (0,powershell/* runPowerShell */.N5)(VOLUMES, {
        ...options,
        data: { paths },
    });
    return result.volumes ?? [];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/base-image.js
/** Windows release names in image tags and the build each one is. Order matters: first wins. */
const TAG_BUILDS = [
    [/ltsc2025/i, 26100],
    [/ltsc2022/i, 20348],
    [/ltsc2019/i, 17763],
    [/ltsc2016/i, 14393],
    [/(^|\D)24h2(\D|$)/i, 26100],
    [/(^|\D)23h2(\D|$)/i, 25398],
    [/(^|\D)20h2(\D|$)/i, 19042],
    [/(^|\D)2004(\D|$)/, 19041],
    [/(^|\D)1909(\D|$)/, 18363],
    [/(^|\D)1903(\D|$)/, 18362],
    [/(^|\D)1809(\D|$)/, 17763],
    [/(^|\D)1803(\D|$)/, 17134],
    [/(^|\D)1709(\D|$)/, 16299],
    [/(^|\D)1607(\D|$)/, 14393],
];
/** LTSC builds whose images later hosts keep running in process isolation (stable ABI). */
const STABLE_LTSC = [20348, 26100];
/** The Windows build an image reference's tag names, when it names one. */
function windowsBuildOfRef(ref) {
    if (!/windows|nanoserver|servercore|mcr\.microsoft\.com/i.test(ref))
        return undefined;
    const name = ref.split('@')[0];
    const lastSegment = name.slice(name.lastIndexOf('/') + 1);
    const colon = lastSegment.indexOf(':');
    if (colon < 0)
        return undefined;
    const tag = lastSegment.slice(colon + 1);
    const explicit = /10\.0\.(\d{5})/.exec(tag);
    if (explicit)
        return Number(explicit[1]);
    return TAG_BUILDS.find(([pattern]) => pattern.test(tag))?.[1];
}
/**
 * Whether a container of `imageBuild` can run process-isolated on a host of `hostBuild`. Before
 * Windows Server 2022 the builds must be equal; from 20348 on a host also runs images from the
 * newest stable LTSC below it up to its own build.
 */
function processIsolationCompatible(hostBuild, imageBuild) {
    if (hostBuild < STABLE_LTSC[0])
        return hostBuild === imageBuild;
    const floor = [...STABLE_LTSC].reverse().find((ltsc) => ltsc < hostBuild) ?? hostBuild;
    return imageBuild >= floor && imageBuild <= hostBuild;
}
/**
 * The base images of every stage of a Dockerfile, with `ARG` defaults and `--build-arg` values
 * substituted; stages built FROM an earlier stage are left out.
 */
function baseImagesOf(dockerfile, buildArgs) {
    const args = new Map();
    for (const arg of buildArgs) {
        const at = arg.indexOf('=');
        if (at > 0)
            args.set(arg.slice(0, at), arg.slice(at + 1));
    }
    const stages = new Set();
    const images = [];
    let inStages = false;
    for (const line of logicalLines(dockerfile)) {
        const [instruction, ...rest] = line.trim().split(/\s+/);
        const keyword = instruction?.toUpperCase();
        if (keyword === 'ARG' && !inStages) {
            const [name, value] = (rest[0] ?? '').split(/=(.*)/s, 2);
            if (name !== '' && !args.has(name) && value !== undefined)
                args.set(name, unquote(value));
        }
        if (keyword !== 'FROM')
            continue;
        inStages = true;
        const words = rest.filter((word) => !word.startsWith('--'));
        const ref = substitute(words[0] ?? '', args);
        if (words[1]?.toUpperCase() === 'AS' && words[2] !== undefined)
            stages.add(words[2].toLowerCase());
        if (ref === '' || ref.toLowerCase() === 'scratch' || stages.has(ref.toLowerCase()))
            continue;
        images.push({ ref, build: windowsBuildOfRef(ref) });
    }
    return images;
}
/** Dockerfile lines with continuations joined; honours the `# escape=` directive. */
function logicalLines(text) {
    const escape = /^#\s*escape\s*=\s*(\S)/im.exec(text.split(/\r?\n/, 5).join('\n'))?.[1] ?? '\\';
    const lines = [];
    let current = '';
    for (const raw of text.split(/\r?\n/)) {
        if (/^\s*#/.test(raw) && current === '')
            continue;
        const trimmed = raw.trimEnd();
        if (trimmed.endsWith(escape)) {
            current += `${trimmed.slice(0, -1)} `;
            continue;
        }
        lines.push(current + trimmed);
        current = '';
    }
    if (current !== '')
        lines.push(current);
    return lines;
}
function substitute(value, args) {
    return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, braced, fallback, bare) => {
        const name = (braced ?? bare);
        return args.get(name) || fallback || '';
    });
}
function unquote(value) {
    return value.replace(/^(["'])(.*)\1$/, '$2');
}

// EXTERNAL MODULE: ./lib/engine/diagnostics/redact.js
var redact = __webpack_require__(288);
;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/helpers.js

/** Output kept of one helper command: enough for any listing, small beside the logs. */
const MAX_COMMAND_OUTPUT = 2 * 1024 * 1024;
/** Runs a helper command under the collector's deadline; never throws. */
function runCommand(context, command, args) {
    return context.exec(command, args, {
        env: context.env,
        timeoutMs: context.remainingMs(),
        maxOutput: MAX_COMMAND_OUTPUT,
    });
}
/** The command line and what it printed, as a text file reads best. */
function formatCommand(command, args, result) {
    const status = result.startError !== undefined
        ? `could not start: ${result.startError}`
        : result.timedOut
            ? `killed after ${result.durationMs} ms (time limit)`
            : `exit code ${result.exitCode}, ${result.durationMs} ms`;
    const lines = [`$ ${[command, ...args].join(' ')}`, `# ${status}`];
    if (result.stdout !== '')
        lines.push('', result.stdout.trimEnd());
    if (result.stderr !== '')
        lines.push('', '# stderr', result.stderr.trimEnd());
    return `${lines.join('\n')}\n`;
}
/** Runs a helper command and saves its output into the bundle. */
async function saveCommand(context, name, command, args) {
    const result = await runCommand(context, command, args);
    await context.files.writeText(name, formatCommand(command, args, result));
    return result;
}
/** Whether a command ran and exited 0. */
function succeeded(result) {
    return result.startError === undefined && !result.timedOut && result.exitCode === 0;
}
/** The first line that says what went wrong with a failed command. */
function failureLine(result) {
    if (result.startError !== undefined)
        return result.startError;
    if (result.timedOut)
        return `no answer within ${result.durationMs} ms`;
    const text = result.stderr.trim() || result.stdout.trim();
    const line = text
        .split(/\r?\n/)
        .find((candidate) => /error|denied|refused|cannot|failed/i.test(candidate));
    return truncate((line ?? text.split(/\r?\n/)[0] ?? `exit code ${result.exitCode}`).trim(), 300);
}
/** At most `max` characters of `text`, marked when cut. */
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
/** Bytes as a short human figure (binary units, as Windows Explorer shows them). */
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
/** The machine-wide data folder on Windows. */
function programData(env) {
    return env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
}
/** Joins Windows path parts whatever OS runs the code (paths for Windows tools, not for fs). */
function windowsPath(...parts) {
    return external_node_path_.win32.join(...parts);
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/common.js








/** The attempts as a timeline: what each one was, how long it took and what came after. */
const timelineCollector = {
    id: 'timeline',
    title: 'Attempt timeline',
    async collect(context) {
        await context.files.writeJson('timeline.json', timelineOf(context.attempts));
        return { note: `${context.attempts.length} attempt(s)` };
    },
};
/** The timeline entries written to timeline.json. */
function timelineOf(attempts) {
    return attempts.map((attempt) => ({
        attempt: attempt.number,
        startedAt: new Date(attempt.startedAt).toISOString(),
        durationMs: attempt.durationMs,
        exitCode: attempt.exitCode,
        class: attempt.failureClass ?? 'success',
        rule: attempt.rule ?? null,
        evidence: attempt.evidence ?? null,
        lockedPaths: attempt.lockedPaths,
        queueWaitMs: attempt.queueWaitMs,
        waitAfterMs: attempt.waitAfterMs,
        waitReason: attempt.waitReason,
        log: attemptLogName(attempt),
        logBytes: attempt.logBytes,
    }));
}
/** Name of an attempt's log inside the bundle. */
function attemptLogName(attempt) {
    return `attempt-${attempt.number}.log`;
}
/** The settings the step ran with, the registry password masked. */
const settingsCollector = {
    id: 'settings',
    title: 'Settings',
    async collect(context) {
        await context.files.writeJson('settings.json', sanitizeSettings(context.settings));
        return {};
    },
};
/** Settings as JSON can show them, with no secret value in them. */
function sanitizeSettings(settings) {
    const login = settings.registryLogin;
    return {
        ...settings,
        registryLogin: login === undefined
            ? null
            : { server: login.server, username: login.username, password: redact/* MASK */.v5 },
        retryPatterns: settings.retryPatterns.map((pattern) => pattern.source),
        fatalPatterns: settings.fatalPatterns.map((pattern) => pattern.source),
    };
}
const TOOL_VERSIONS = [
    ['containerd', 'containerd', ['--version']],
    ['buildkitd', 'buildkitd', ['--version']],
    ['buildctl', 'buildctl', ['--version']],
    ['buildx', 'docker', ['buildx', 'version']],
];
/**
 * OS build with revision, the daemons' and clients' versions, and the base image check.
 * LIMITATION: the tools are looked up on PATH, and a base image's build is read from its tag
 * (ltsc2022, 10.0.17763...); an image named only by digest or by a custom tag is not checked.
 */
const versionsCollector = {
    id: 'versions',
    title: 'Versions',
    async collect(context) {
        const facts = [];
        const osInfo = await readOs(context);
        const results = await Promise.all(TOOL_VERSIONS.map(async ([tool, command, args]) => {
            const result = await runCommand(context, command, args);
            const line = [command, ...args].join(' ');
            const entry = succeeded(result)
                ? { command: line, version: result.stdout.trim().split(/\r?\n/)[0] }
                : { command: line, error: failureLine(result) };
            return [tool, entry];
        }));
        const tools = Object.fromEntries(results);
        const baseImages = readBaseImages(context);
        await context.files.writeJson('versions.json', { os: osInfo.details, tools, baseImages });
        if (osInfo.build !== undefined) {
            facts.push({ kind: 'host-build', text: `Host OS build ${osInfo.label}.`, weight: 5 });
            const mismatched = baseImages.filter((image) => image.build !== undefined && !processIsolationCompatible(osInfo.build, image.build));
            if (mismatched.length > 0) {
                const images = mismatched
                    .map((image) => `\`${image.ref}\` (build ${image.build})`)
                    .join(', ');
                facts.push({
                    kind: 'os-mismatch',
                    text: `Host is Windows build ${osInfo.label} but the Dockerfile's base ${images} does not match it: ` +
                        'process isolation needs a matching build; use a matching base image or Hyper-V isolation.',
                    weight: 70,
                });
            }
        }
        return { facts };
    },
};
async function readOs(context) {
    if (context.platform === 'win32') {
        const options = { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
        // The tools' versions are worth keeping even when the registry cannot be read.
        const info = await readOsVersion(options).catch((error) => (0,errors/* describeError */.Uc)(error));
        if (typeof info === 'string')
            return { details: { error: info }, label: 'unknown' };
        const label = `${info.currentBuild}.${info.ubr}`;
        return {
            details: { ...info, version: `10.0.${label}` },
            build: Number(info.currentBuild),
            label,
        };
    }
    const details = {
        type: external_node_os_.type(),
        release: external_node_os_.release(),
        version: external_node_os_.version(),
        arch: external_node_os_.arch(),
    };
    return { details, label: details.release };
}
function readBaseImages(context) {
    const { settings, cwd } = context;
    const contextDir = external_node_path_.resolve(cwd, settings.context);
    const file = settings.file === '' ? external_node_path_.join(contextDir, 'Dockerfile') : external_node_path_.resolve(cwd, settings.file);
    try {
        const text = external_node_fs_.readFileSync(file, 'utf8').slice(0, 256 * 1024);
        return baseImagesOf(text, settings.buildArgs);
    }
    catch {
        return [];
    }
}
/** The daemon's workers and build cache, through the client the build used. */
const buildkitCollector = {
    id: 'buildkit',
    title: 'BuildKit workers and disk usage',
    async collect(context) {
        const { settings } = context;
        const facts = [];
        const [command, workersArgs, usageArgs] = settings.builder === 'buildx'
            ? [
                'docker',
                ['buildx', 'inspect', ...builderFlag(settings)],
                ['buildx', 'du', '--verbose', ...builderFlag(settings)],
            ]
            : [
                'buildctl',
                [...addressFlags(settings), 'debug', 'workers', '--verbose'],
                [...addressFlags(settings), 'du', '--verbose'],
            ];
        const workers = await saveCommand(context, 'buildkit/workers.txt', command, workersArgs);
        if (!succeeded(workers)) {
            facts.push({
                kind: 'service-state',
                text: `${command} could not query the daemon at ${settings.buildkitAddress}: ${failureLine(workers)}`,
                weight: 55,
            });
            return { facts, note: 'the daemon did not answer; disk usage skipped' };
        }
        const usage = await saveCommand(context, 'buildkit/disk-usage.txt', command, usageArgs);
        const total = /^Total:\s*(\S+)/m.exec(usage.stdout)?.[1];
        if (total !== undefined) {
            facts.push({ kind: 'build-cache', text: `BuildKit's cache holds ${total}.`, weight: 10 });
        }
        return { facts };
    },
};
function addressFlags(settings) {
    const flags = ['--addr', settings.buildkitAddress];
    if (settings.buildkitTlsDir !== '')
        flags.push('--tlsdir', settings.buildkitTlsDir);
    return flags;
}
function builderFlag(settings) {
    return settings.buildxBuilder === '' ? [] : ['--builder', settings.buildxBuilder];
}
/** Below either figure a volume counts as nearly full: Windows base layers need gigabytes. */
const LOW_FREE_BYTES = 5 * 1024 ** 3;
const LOW_FREE_SHARE = 0.05;
/** Size and free space of the volumes the build and its daemons use. */
const diskCollector = {
    id: 'disk',
    title: 'Disk space',
    async collect(context) {
        const volumes = context.platform === 'win32'
            ? await readVolumes(involvedPaths(context), {
                exec: context.exec,
                env: context.env,
                timeoutMs: context.remainingMs(),
            })
            : await readPosixVolumes(context);
        await context.files.writeJson('disk.json', { volumes });
        return { facts: diskFacts(volumes) };
    },
};
/** The folders whose volumes matter: state, context, temp, and the daemons' data. */
function involvedPaths(context) {
    const { settings, env, cwd } = context;
    const temp = env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || env.TEMP || external_node_os_.tmpdir();
    const common = [settings.stateDir, external_node_path_.resolve(cwd, settings.context), temp];
    const daemons = context.platform === 'win32'
        ? [windowsPath(programData(env), 'containerd'), windowsPath(programData(env), 'buildkitd')]
        : ['/var/lib/containerd', '/var/lib/buildkit'];
    return [...new Set([...common, ...daemons].filter((item) => item !== ''))];
}
async function readPosixVolumes(context) {
    const paths = involvedPaths(context).filter((item) => external_node_fs_.existsSync(item));
    const result = await saveCommand(context, 'disk.txt', 'df', ['-Pk', ...paths]);
    if (!succeeded(result) && result.stdout === '')
        throw new Error(`df failed: ${failureLine(result)}`);
    const volumes = [];
    const seen = new Set();
    const lines = result.stdout.trim().split(/\r?\n/).slice(1);
    lines.forEach((line, index) => {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 6)
            return;
        const root = fields.slice(5).join(' ');
        if (seen.has(root))
            return;
        seen.add(root);
        volumes.push({
            root,
            path: paths[index] ?? root,
            format: fields[0],
            totalBytes: Number(fields[1]) * 1024,
            freeBytes: Number(fields[3]) * 1024,
        });
    });
    return volumes;
}
/** The volume with least room, as a fact: low when under 5 GiB or 5 %. */
function diskFacts(volumes) {
    const known = volumes.filter((volume) => volume.freeBytes !== undefined && volume.totalBytes !== undefined);
    if (known.length === 0)
        return [];
    const tightest = [...known].sort((a, b) => a.freeBytes - b.freeBytes)[0];
    const free = tightest.freeBytes;
    const total = tightest.totalBytes;
    const figure = `${formatBytes(free)} free of ${formatBytes(total)} on ${tightest.root} (holds ${tightest.path})`;
    if (free < LOW_FREE_BYTES || free < total * LOW_FREE_SHARE) {
        return [{ kind: 'disk-low', text: `Disk nearly full: ${figure}.`, weight: 75 }];
    }
    return [{ kind: 'disk-free', text: `Disk space: ${truncate(figure, 200)}.`, weight: 5 }];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/windows.js





const WINDOWS = ['win32'];
/** The two daemons this step runs as services, and where they keep data when not told. */
const DAEMONS = [
    {
        name: 'containerd',
        defaultRoot: (env) => windowsPath(programData(env), 'containerd', 'root'),
    },
    {
        name: 'buildkitd',
        defaultRoot: (env) => windowsPath(programData(env), 'buildkitd', '.buildstate'),
    },
];
function scriptOptions(context) {
    return { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
}
/**
 * Service state and configuration of containerd and buildkitd, their log tails and panic logs.
 * LIMITATION: the data root and log file are read from the service's command line (`--root`,
 * `--log-file`); a root set only in the daemon's config file is not seen, and the default root
 * is searched for panic.log instead.
 */
const servicesCollector = {
    id: 'services',
    title: 'containerd and buildkitd services',
    platforms: WINDOWS,
    async collect(context) {
        // Without the service manager's view, sc output and logs at default places still help.
        let services = [];
        let error;
        try {
            services = await readServices(DAEMONS.map((daemon) => daemon.name), scriptOptions(context));
        }
        catch (failure) {
            error = (0,errors/* describeError */.Uc)(failure);
        }
        await context.files.writeJson('services/services.json', { services, error: error ?? null });
        await Promise.all(DAEMONS.map(async (daemon) => {
            const calls = [
                ['qc', daemon.name],
                ['queryex', daemon.name],
            ].map(async (args) => formatCommand('sc', args, await runCommand(context, 'sc', args)));
            await context.files.writeText(`services/sc-${daemon.name}.txt`, (await Promise.all(calls)).join('\n'));
        }));
        const facts = services.flatMap((service) => serviceFacts(service, context.jobStartedAt));
        const notes = [];
        for (const daemon of DAEMONS) {
            const service = services.find((candidate) => candidate.name === daemon.name);
            const args = splitCommandLine(service?.pathName ?? '');
            const root = flagValue(args, '--root') ?? daemon.defaultRoot(context.env);
            const logFile = flagValue(args, '--log-file') ?? defaultLogFile(context, daemon.name);
            facts.push(...(await copyDaemonFiles(context, daemon.name, logFile, root, notes)));
        }
        if (error !== undefined)
            notes.unshift(`service query failed: ${error}`);
        return { facts, note: notes.join('; ') || undefined };
    },
};
function defaultLogFile(context, name) {
    const candidate = external_node_path_.join(context.settings.stateDir, 'logs', `${name}.log`);
    return external_node_fs_.existsSync(candidate) ? candidate : undefined;
}
async function copyDaemonFiles(context, name, logFile, root, notes) {
    const facts = [];
    if (logFile === undefined)
        notes.push(`${name}: no --log-file and no log in the state folder`);
    else if (!external_node_fs_.existsSync(logFile))
        notes.push(`${name}: log file ${logFile} does not exist`);
    else
        await context.files.copyTail(logFile, `daemon-logs/${name}.log`, context.maxLogTailBytes);
    for (const panicName of ['panic.log', 'panic.log.old']) {
        const file = external_node_path_.join(root, panicName);
        let size;
        try {
            size = (await external_node_fs_.promises.stat(file)).size;
        }
        catch {
            continue;
        }
        if (size === 0)
            continue;
        await context.files.copyTail(file, `daemon-logs/${name}-${panicName}`, context.maxLogTailBytes);
        if (panicName === 'panic.log') {
            const head = (await external_node_fs_.promises.readFile(file, 'utf8')).slice(0, 4096);
            const line = head.split(/\r?\n/).find((candidate) => /panic|fatal/i.test(candidate)) ??
                head.split(/\r?\n/)[0];
            facts.push({
                kind: 'panic',
                text: `${name} wrote a panic log (${formatBytes(size)}): ${truncate(line.trim(), 200)}`,
                weight: 80,
            });
        }
    }
    return facts;
}
/** Facts about a service: missing, not running, or restarted since the job began. */
function serviceFacts(service, jobStartedAt) {
    if (!service.found) {
        return [
            { kind: 'service-state', text: `The ${service.name} service is not installed.`, weight: 45 },
        ];
    }
    if (service.state !== 'Running') {
        const exit = service.exitCode ? ` (exit code ${service.exitCode})` : '';
        return [
            {
                kind: 'service-state',
                text: `The ${service.name} service is ${service.state}${exit}.`,
                weight: 60,
            },
        ];
    }
    const started = service.processStartedAt ? Date.parse(service.processStartedAt) : NaN;
    if (Number.isFinite(started) && started > jobStartedAt) {
        return [
            {
                kind: 'service-state',
                text: `The ${service.name} process started during the job (at ${service.processStartedAt}): it restarted or crashed.`,
                weight: 50,
            },
        ];
    }
    return [];
}
/** Splits a Windows command line: double quotes group, backslashes stay as they are. */
function splitCommandLine(line) {
    const words = [];
    let current = '';
    let quoted = false;
    let started = false;
    for (const char of line) {
        if (char === '"') {
            quoted = !quoted;
            started = true;
        }
        else if (/\s/.test(char) && !quoted) {
            if (started)
                words.push(current);
            current = '';
            started = false;
        }
        else {
            current += char;
            started = true;
        }
    }
    if (started)
        words.push(current);
    return words;
}
/** The value of `--name value` or `--name=value`, when given. */
function flagValue(args, name) {
    for (let index = 0; index < args.length; index++) {
        if (args[index] === name)
            return args[index + 1];
        if (args[index].startsWith(`${name}=`))
            return args[index].slice(name.length + 1);
    }
    return undefined;
}
/**
 * The event logs worth reading for a container build, narrowed to keep them readable.
 * LIMITATION: at most the 300 newest entries per log, each message cut at 2000 characters.
 */
const EVENT_QUERIES = [
    { name: 'application-daemons', logName: 'Application', providers: ['containerd', 'buildkitd'] },
    { name: 'system', logName: 'System', levels: [1, 2, 3] },
    { name: 'hyper-v-compute-operational', logName: 'Microsoft-Windows-Hyper-V-Compute-Operational' },
    { name: 'hyper-v-compute-admin', logName: 'Microsoft-Windows-Hyper-V-Compute-Admin' },
    { name: 'wcifs', logName: 'Microsoft-Windows-Containers-Wcifs/Operational' },
    { name: 'wcnfs', logName: 'Microsoft-Windows-Containers-Wcnfs/Operational' },
    { name: 'defender', logName: 'Microsoft-Windows-Windows Defender/Operational' },
];
/** Defender event ids that report a detection or an action taken on one. */
const DEFENDER_DETECTIONS = new Set([1006, 1007, 1008, 1015, 1116, 1117, 1118, 1119]);
/** Event log entries since the job started. */
const eventLogsCollector = {
    id: 'event-logs',
    title: 'Windows event logs since the job started',
    platforms: WINDOWS,
    async collect(context) {
        const results = await readEventLogs(EVENT_QUERIES, context.jobStartedAt, { maxEvents: 300, maxMessage: 2000 }, scriptOptions(context));
        for (const result of results)
            await context.files.writeJson(`event-logs/${result.name}.json`, result);
        const unread = results.filter((result) => result.error).map((result) => result.name);
        return {
            facts: eventFacts(results),
            note: unread.length > 0 ? `not readable: ${unread.join(', ')}` : undefined,
        };
    },
};
/** Facts from event logs: detections, daemon and driver errors, services that died. */
function eventFacts(results) {
    const facts = [];
    const byName = new Map(results.map((result) => [result.name, result.events]));
    const errors = (name) => (byName.get(name) ?? []).filter((event) => event.level >= 1 && event.level <= 2);
    const firstLine = (message) => truncate(message.split(/\r?\n/)[0].trim(), 200);
    const detections = (byName.get('defender') ?? []).filter((event) => DEFENDER_DETECTIONS.has(event.id));
    if (detections.length > 0) {
        const latest = detections[0];
        facts.push({
            kind: 'defender-detection',
            text: `Defender reported ${detections.length} detection event(s) during the job; latest (${latest.id} at ${latest.time}): ${firstLine(latest.message)}`,
            weight: 60,
        });
    }
    for (const [name, label, weight] of [
        ['application-daemons', 'containerd/buildkitd', 35],
        ['hyper-v-compute-operational', 'Hyper-V compute (HCS)', 35],
        ['hyper-v-compute-admin', 'Hyper-V compute (HCS)', 35],
        ['wcifs', 'the container filter driver (wcifs)', 40],
        ['wcnfs', 'the container name-space filter (wcnfs)', 40],
    ]) {
        const found = errors(name);
        if (found.length === 0)
            continue;
        facts.push({
            kind: 'daemon-error',
            text: `${label} logged ${found.length} error(s) during the job; latest at ${found[0].time}: ${firstLine(found[0].message)}`,
            weight,
        });
    }
    const died = (byName.get('system') ?? []).filter((event) => (event.id === 7031 || event.id === 7034) && /containerd|buildkit/i.test(event.message));
    if (died.length > 0) {
        facts.push({
            kind: 'service-state',
            text: `The service manager saw a daemon terminate unexpectedly (event ${died[0].id} at ${died[0].time}): ${firstLine(died[0].message)}`,
            weight: 70,
        });
    }
    return facts;
}
/** Strips what error text wraps around a path: `\\?\` prefixes, quotes, trailing punctuation. */
function normalizeLockedPath(value) {
    return value
        .trim()
        .replace(/^["'{[]+|["'}\]),.:;]+$/g, '')
        .replace(/^\\\\\?\\/, '')
        .replace(/\\\\/g, '\\');
}
/** Most paths asked about in one run: a lock error names one or two. */
const MAX_LOCKED_PATHS = 20;
/** Files registered per folder: enough for a layer folder's top levels. */
const MAX_FILES_PER_FOLDER = 500;
/**
 * Which processes hold the files the lock errors named (Restart Manager).
 * LIMITATION: this is a snapshot taken when diagnostics run, after the last attempt; a holder
 * that had already let go is not seen, which is itself a hint (see lockFacts).
 */
const lockHoldersCollector = {
    id: 'lock-holders',
    title: 'Processes holding the locked files',
    platforms: WINDOWS,
    async collect(context) {
        const paths = [
            ...new Set(context.attempts.flatMap((attempt) => attempt.lockedPaths).map(normalizeLockedPath)),
        ]
            .filter((item) => item !== '')
            .slice(0, MAX_LOCKED_PATHS);
        if (paths.length === 0)
            return { note: 'no lock error named a file' };
        const checks = await findFileHolders(paths, MAX_FILES_PER_FOLDER, scriptOptions(context));
        await context.files.writeJson('lock-holders.json', {
            checkedAt: new Date(context.clock.now()).toISOString(),
            checks,
        });
        return { facts: lockFacts(checks) };
    },
};
/** Who held each locked path, or that nobody did any more. */
function lockFacts(checks) {
    return checks.map((check) => {
        if (check.error) {
            return {
                kind: 'lock-no-holder',
                text: `Could not check \`${check.path}\`: ${truncate(check.error, 200)}`,
                weight: 15,
            };
        }
        if (check.holders.length === 0) {
            return {
                kind: 'lock-no-holder',
                text: `No process held \`${check.path}\` when diagnostics ran: the holder had let go by then ` +
                    '(typically a scanner, backup or indexing agent, or the daemon itself between retries).',
                weight: 20,
            };
        }
        const holders = check.holders.slice(0, 3).map((holder) => {
            const name = holder.processName
                ? `${holder.processName}.exe`
                : holder.app || 'unknown process';
            const service = holder.service ? `, service ${holder.service}` : '';
            return `${name} (pid ${holder.pid}${service})`;
        });
        const more = check.holders.length > 3 ? ` and ${check.holders.length - 3} more` : '';
        return {
            kind: 'lock-holder',
            text: `\`${check.path}\` was held by ${holders.join(', ')}${more} when diagnostics ran.`,
            weight: 50,
        };
    });
}
/** Minifilters that ship with Windows or Defender; anything else is third-party. */
const INBOX_FILTERS = new Set([
    'bindflt',
    'wcifs',
    'wcnfs',
    'wdfilter',
    'storqosflt',
    'cldflt',
    'filecrypt',
    'luafv',
    'npsvctrig',
    'wof',
    'fileinfo',
    'unionfs',
    'applockerfltr',
    'bfs',
    'winsetupmon',
    'mssecflt',
    'cimfs',
    'ucpd',
    'dfsrro',
    'datascrn',
    'quota',
    'srmsvc',
    'fsdepends',
    'prjflt',
    'iorate',
    'mpkslsrv',
    'rsfx0800',
].map((name) => name.toLowerCase()));
/** Parses `fltmc filters` output (name, instances, altitude, frame). */
function parseFltmc(text) {
    const drivers = [];
    for (const line of text.split(/\r?\n/)) {
        const match = /^(\S+)\s+(\d+)\s+([\d.]+)\s+\d+\s*$/.exec(line.trim());
        if (match)
            drivers.push({ name: match[1], instances: Number(match[2]), altitude: match[3] });
    }
    return drivers;
}
/** The loaded filesystem minifilters (`fltmc filters`). */
const filterDriversCollector = {
    id: 'filter-drivers',
    title: 'Loaded filesystem filter drivers',
    platforms: WINDOWS,
    async collect(context) {
        const result = await saveCommand(context, 'filter-drivers.txt', 'fltmc', ['filters']);
        if (!succeeded(result))
            throw new Error(`fltmc filters failed: ${failureLine(result)}`);
        const drivers = parseFltmc(result.stdout);
        await context.files.writeJson('filter-drivers.json', { drivers });
        const foreign = drivers.filter((driver) => !INBOX_FILTERS.has(driver.name.toLowerCase()));
        if (foreign.length === 0)
            return { note: `${drivers.length} filters, all inbox` };
        const names = foreign
            .map((driver) => `${driver.name} (altitude ${driver.altitude})`)
            .join(', ');
        return {
            facts: [
                {
                    kind: 'filter-drivers',
                    text: `Third-party filesystem filter drivers are loaded: ${names}; such drivers can hold layer files open.`,
                    weight: 35,
                },
            ],
        };
    },
};
/**
 * Defender's real-time state and whether the daemons' folders are excluded.
 * LIMITATION: the folders checked are the default daemon folders under ProgramData and the
 * `exclusion-paths` input, not roots moved elsewhere by a daemon's config file.
 */
const defenderCollector = {
    id: 'defender',
    title: 'Microsoft Defender status and exclusions',
    platforms: WINDOWS,
    async collect(context) {
        const info = await readDefender(scriptOptions(context));
        await context.files.writeJson('defender.json', info);
        if (info.status === null) {
            const reason = truncate(info.statusError ?? 'no status', 200);
            return {
                facts: [
                    { kind: 'defender-state', text: `Defender status unavailable: ${reason}`, weight: 10 },
                ],
            };
        }
        if (!info.status.realTimeProtectionEnabled) {
            return {
                facts: [
                    { kind: 'defender-state', text: 'Defender real-time protection is off.', weight: 10 },
                ],
            };
        }
        const folders = [
            windowsPath(programData(context.env), 'containerd'),
            windowsPath(programData(context.env), 'buildkitd'),
            ...context.settings.exclusionPaths,
        ];
        const exclusions = info.preference?.exclusionPath ?? [];
        if (info.preference === null || exclusions.some((item) => /^N\/A/i.test(item))) {
            return {
                facts: [
                    {
                        kind: 'defender-state',
                        text: 'Defender real-time protection is on; its exclusions could not be read (needs administrator rights).',
                        weight: 20,
                    },
                ],
            };
        }
        const uncovered = folders.filter((folder) => !isExcluded(folder, exclusions, context.env));
        if (uncovered.length === 0) {
            return {
                facts: [
                    {
                        kind: 'defender-state',
                        text: "Defender real-time protection is on; the daemons' folders are excluded.",
                        weight: 10,
                    },
                ],
            };
        }
        return {
            facts: [
                {
                    kind: 'defender-exposed',
                    text: `Defender real-time protection is on and ${uncovered.map((item) => `\`${item}\``).join(', ')} not excluded: the scanner can hold layer files open.`,
                    weight: 40,
                },
            ],
        };
    },
};
/** Whether a folder lies under one of Defender's path exclusions (they cover subfolders). */
function isExcluded(folder, exclusions, env) {
    const normal = (value) => value
        .replace(/%([^%]+)%/g, (match, name) => env[name] ?? match)
        .replace(/\//g, '\\')
        .replace(/\\+$/, '')
        .toLowerCase();
    const target = normal(folder);
    return exclusions.some((exclusion) => {
        const base = normal(exclusion);
        return base !== '' && (target === base || target.startsWith(`${base}\\`));
    });
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/highlights.js
/**
 * How much more a kind of fact explains a failure of each class, on top of its own weight. For a
 * lock the holder comes first, then what makes locks persist (build mismatch, Defender, drivers).
 */
const BOOSTS = {
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
function pickHighlights(facts, which, count = 3) {
    const boosts = BOOSTS[which];
    const ranked = facts
        .map((fact, index) => ({ fact, index, score: fact.weight + (boosts[fact.kind] ?? 0) }))
        .sort((a, b) => b.score - a.score || a.index - b.index);
    const texts = [];
    for (const { fact } of ranked) {
        if (!texts.includes(fact.text))
            texts.push(fact.text);
        if (texts.length === count)
            break;
    }
    return texts;
}
/** Which case the highlights are for: the last failed attempt's class, else the reason. */
function highlightCase(attempts, reason) {
    if (reason === 'cancelled')
        return 'cancelled';
    const last = attempts[attempts.length - 1];
    return last?.failureClass ?? 'success';
}
/** Facts the attempts themselves tell: the tool's error line, a timeout, a cancellation. */
function attemptFacts(attempts, reason) {
    const facts = [];
    const last = attempts[attempts.length - 1];
    if (reason === 'cancelled') {
        const during = last === undefined ? 'before the first attempt' : `during or after attempt ${last.number}`;
        facts.push({ kind: 'cancelled', text: `The job was cancelled ${during}.`, weight: 50 });
    }
    if (last === undefined || last.failureClass === undefined)
        return facts;
    const evidence = last.evidence ?? '';
    const rule = last.rule ? `, rule \`${last.rule}\`` : '';
    if (last.failureClass === 'timeout') {
        facts.push({
            kind: 'timeout',
            text: `Attempt ${last.number} was stopped by attempt-timeout after ${formatDuration(last.durationMs)}.`,
            weight: 50,
        });
    }
    else if (evidence !== '') {
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
function errorLine(evidence) {
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
function formatDuration(ms) {
    if (ms < 60_000)
        return `${Math.round(ms / 1000)} s`;
    return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/run-collectors.js

const TIMED_OUT = Symbol('timed-out');
/** How long a cut-off collector's helper processes get to die (their own timeouts kill them). */
const REAP_GRACE_MS = 2000;
/**
 * Runs the collectors a few at a time, each under its own time limit. A collector that throws or
 * overruns is recorded and left behind: its scope is closed so nothing it writes later reaches
 * the bundle, and its helper processes die with their exec timeouts.
 */
async function runCollectors(collectors, shared, writer, limitMs, concurrency) {
    const records = new Array(collectors.length);
    const facts = [];
    let next = 0;
    const worker = async () => {
        while (next < collectors.length) {
            const index = next++;
            const collector = collectors[index];
            const outcome = await runOne(collector, shared, writer, limitMs);
            records[index] = outcome.record;
            facts.push(...outcome.facts);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, collectors.length)) }, worker));
    return { records, facts };
}
async function runOne(collector, shared, writer, limitMs) {
    const base = { id: collector.id, title: collector.title, limitMs };
    if (collector.platforms !== undefined && !collector.platforms.includes(shared.platform)) {
        const reason = `applies to ${collector.platforms.join(', ')} only; this host is ${shared.platform}`;
        return { record: { ...base, status: 'skipped', durationMs: 0, reason, files: [] }, facts: [] };
    }
    const started = shared.clock.now();
    const controller = new AbortController();
    const scope = writer.scope(collector.id);
    const remainingMs = () => Math.max(1, limitMs - (shared.clock.now() - started));
    const running = new Set();
    // Every helper process dies by the collector's deadline at the latest, whatever it asked for.
    const exec = (command, args, options = {}) => {
        const asked = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : Infinity;
        const run = shared.exec(command, args, {
            ...options,
            timeoutMs: Math.min(asked, remainingMs()),
        });
        running.add(run);
        void run.finally(() => running.delete(run)).catch(() => undefined);
        return run;
    };
    const context = {
        ...shared,
        exec,
        signal: controller.signal,
        remainingMs,
        files: scope,
    };
    const timer = new AbortController();
    const deadline = shared.clock
        .sleep(limitMs, timer.signal)
        .then(() => TIMED_OUT);
    const filesOf = () => writer.files.filter((file) => file.collector === collector.id).map((file) => file.path);
    const work = Promise.resolve().then(() => collector.collect(context));
    // A collector that is cut off may still fail later, when nobody waits for it any more.
    work.catch(() => undefined);
    try {
        const result = await Promise.race([work, deadline]);
        const durationMs = shared.clock.now() - started;
        if (result === TIMED_OUT) {
            controller.abort();
            scope.close();
            await reap(running, shared);
            const reason = `did not finish within its ${limitMs} ms limit; cut off, the files it had finished are kept`;
            shared.log.info(`Diagnostics: ${collector.title} ${reason}.`);
            return {
                record: { ...base, status: 'timed-out', durationMs, reason, files: filesOf() },
                facts: [],
            };
        }
        scope.close();
        const record = {
            ...base,
            status: 'ok',
            durationMs,
            note: result.note,
            files: filesOf(),
        };
        shared.log.debug(`Diagnostics: ${collector.id} took ${durationMs} ms.`);
        return { record, facts: result.facts ?? [] };
    }
    catch (error) {
        controller.abort();
        scope.close();
        const reason = (0,errors/* describeError */.Uc)(error);
        shared.log.debug(`Diagnostics: ${collector.id} failed: ${reason}`);
        const durationMs = shared.clock.now() - started;
        return {
            record: { ...base, status: 'failed', durationMs, reason, files: filesOf() },
            facts: [],
        };
    }
    finally {
        timer.abort();
    }
}
/** Waits, briefly, for a cut-off collector's helper processes to be killed and reaped. */
async function reap(running, shared) {
    if (running.size === 0)
        return;
    const grace = new AbortController();
    await Promise.race([
        Promise.allSettled([...running]),
        shared.clock.sleep(REAP_GRACE_MS, grace.signal),
    ]);
    grace.abort();
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/size-cap.js
/** Room a cut file needs for its first line saying what was left out. */
const CUT_NOTICE_BYTES = 160;
/**
 * The largest size each item may keep so that all of them fit `budget`, cutting the largest
 * first ("water-filling"): items at or below the returned cap stay whole. Infinity = no cut.
 */
function capFor(sizes, budget) {
    const sorted = [...sizes].sort((a, b) => a - b);
    let remaining = Math.max(0, budget);
    for (let index = 0; index < sorted.length; index++) {
        const share = remaining / (sorted.length - index);
        if (sorted[index] > share)
            return Math.floor(share);
        remaining -= sorted[index];
    }
    return Infinity;
}
/** Bytes kept of an item of `size` under `cap`, leaving room for the cut notice. */
function keepUnder(size, cap) {
    return size <= cap ? size : Math.max(0, cap - CUT_NOTICE_BYTES);
}
/**
 * Cuts the bundle's written files (keeping their tails) until they fit `budget` bytes. Returns
 * one record per file it cut.
 */
async function fitFiles(writer, budget, exclude) {
    const files = writer.files.filter((file) => !exclude.has(file.path));
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    if (total <= budget)
        return [];
    const cap = capFor(files.map((file) => file.bytes), budget);
    const cuts = [];
    for (const file of files) {
        if (file.bytes <= cap)
            continue;
        const bytesAfter = await writer.keepTail(file.path, keepUnder(file.bytes, cap));
        cuts.push({
            path: file.path,
            bytesBefore: file.bytes,
            bytesAfter,
            reason: 'size cap: kept the tail',
        });
    }
    return cuts;
}
/** Merges cut records of the same file: first size before, last size after. */
function mergeCuts(cuts) {
    const merged = new Map();
    for (const cut of cuts) {
        const earlier = merged.get(cut.path);
        merged.set(cut.path, earlier === undefined ? cut : { ...earlier, bytesAfter: cut.bytesAfter });
    }
    return [...merged.values()];
}

// EXTERNAL MODULE: ./lib/engine/secret-files.js
var secret_files = __webpack_require__(898);
;// CONCATENATED MODULE: ./lib/engine/diagnostics/artifact-name.js
/** Characters an artifact name may not hold on either host, and control characters. */
const INVALID = /["<>:|*?\\/\r\n\t\x00-\x1f]+/g;
/** Longest name kept; both hosts accept more, but a name is for reading. */
const MAX_LENGTH = 200;
/**
 * The default diagnostics artifact name, unique per run, job and attempt. `extra` separates jobs
 * that share a job id (matrix legs). Characters no artifact name may hold become `-`.
 */
function defaultArtifactName(runId, job, attempt, extra = '') {
    const parts = ['wcow-diagnostics', runId, job, extra, attempt].filter((part) => part.trim() !== '');
    return sanitizeArtifactName(parts.join('-'));
}
/** A name with every character that artifact services refuse replaced by `-`. */
function sanitizeArtifactName(name) {
    const clean = name
        .replace(INVALID, '-')
        .replace(/\s+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    return (clean || 'wcow-diagnostics').slice(0, MAX_LENGTH);
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/summary.js
/**
 * Markdown for the job summary: where the bundle is, the facts most likely to explain the
 * failure, and what the collection itself could not do.
 */
function renderDiagnosticsSummary(result, artifact) {
    const lines = ['### wcow-build diagnostics', ''];
    if (artifact?.url)
        lines.push(`The diagnostics bundle is attached as [${escapeText(artifact.name)}](${artifact.url}).`);
    else if (artifact)
        lines.push(`The diagnostics bundle is attached as artifact \`${artifact.name}\`.`);
    else if (result.folder !== '')
        lines.push(`The diagnostics bundle was not attached; it is in \`${result.folder}\` on the build host.`);
    else
        lines.push('No diagnostics bundle could be made; see the step log.');
    if (result.highlights.length > 0) {
        lines.push('', '**Most likely explanations**', '');
        result.highlights.forEach((text, index) => lines.push(`${index + 1}. ${escapeText(text)}`));
    }
    const { manifest } = result;
    const count = (status) => manifest.collectors.filter((record) => record.status === status);
    const problems = [...count('failed'), ...count('timed-out')].map((record) => `${record.id} ${record.status}`);
    const size = `${manifest.files.length + 1} files, ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} MiB`;
    const trouble = problems.length > 0 ? `; incomplete: ${problems.join(', ')}` : '';
    const cut = manifest.cuts.length > 0 ? `; ${manifest.cuts.length} file(s) cut to fit the size cap` : '';
    lines.push('', `<sub>${size}${trouble}${cut}. Start with manifest.json in the bundle.</sub>`, '');
    return lines.join('\n');
}
/** Escapes HTML outside code spans, so a message cannot inject markup into the summary. */
function escapeText(text) {
    return text
        .split(/(`[^`]*`)/)
        .map((part) => part.startsWith('`')
        ? part
        : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
        .join('');
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/index.js













const DEFAULT_COLLECTOR_TIMEOUT_MS = 30_000;
/** Collectors run at once: PowerShell starts are slow, a few in parallel keep the total short. */
const CONCURRENCY = 4;
/** Room kept for manifest.json when the size cap is planned. */
const MANIFEST_RESERVE = 64 * 1024;
/** Largest tail of one daemon log: logs of earlier days are rarely the story. */
const MAX_DAEMON_LOG_BYTES = 8 * 1024 * 1024;
/** Every standard collector; those for another platform are recorded as skipped. */
function standardCollectors() {
    return [
        timelineCollector,
        settingsCollector,
        versionsCollector,
        buildkitCollector,
        diskCollector,
        servicesCollector,
        eventLogsCollector,
        lockHoldersCollector,
        filterDriversCollector,
        defenderCollector,
    ];
}
/**
 * Collects the diagnostics bundle: runs each collector under its own time limit, copies the
 * attempts' logs, redacts every secret from every file and keeps the whole under `maxBytes`.
 * Never throws: what went wrong is in the manifest and the log.
 */
async function collectDiagnostics(input) {
    const started = input.clock.now();
    const redactor = new redact/* Redactor */.pO(secretValues(input), credentials(input.settings));
    let folder = '';
    try {
        folder = await createBundleFolder(input.outDir, started);
        return await collectInto(folder, input, redactor, started);
    }
    catch (error) {
        const reason = redactor.redactText((0,errors/* describeError */.Uc)(error));
        input.log.warning(`Diagnostics could not be collected (${reason}); the build's own result stands.`);
        const manifest = baseManifest(input, redactor, started, { error: reason });
        return { folder, manifest, highlights: [] };
    }
}
async function collectInto(folder, input, redactor, started) {
    const log = redactingLog(input.log, redactor);
    log.info(`Collecting diagnostics (${input.reason}) into ${folder}`);
    if (redactor.stats.shortValues > 0) {
        log.warning(`${redactor.stats.shortValues} secret value(s) are shorter than ${redact/* SHORT_SECRET_LENGTH */.Zr} characters; ` +
            'they are redacted wherever they occur, which makes the bundle harder to read. Use longer secrets.');
    }
    const writer = new BundleWriter(folder, redactor);
    const limitMs = input.collectorTimeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS;
    const shared = {
        settings: input.settings,
        attempts: input.attempts,
        platform: input.platform,
        env: input.env,
        exec: input.exec,
        clock: input.clock,
        jobStartedAt: input.jobStartedAt,
        cwd: input.cwd ?? process.cwd(),
        maxLogTailBytes: Math.min(MAX_DAEMON_LOG_BYTES, Math.floor(input.maxBytes / 8)),
        log,
    };
    const collected = await runCollectors(input.collectors ?? standardCollectors(), shared, writer, limitMs, CONCURRENCY);
    const logs = await copyAttemptLogs(input, shared, writer, limitMs);
    const facts = [...attemptFacts(input.attempts, input.reason), ...collected.facts];
    const highlights = pickHighlights(facts, highlightCase(input.attempts, input.reason)).map((text) => redactor.redactText(text));
    const records = [...collected.records, logs.record];
    const manifest = await writeManifest(input, writer, started, {
        collectors: records,
        cuts: logs.cuts,
        missing: logs.missing,
        highlights,
    });
    const ok = records.filter((record) => record.status === 'ok').length;
    const ran = records.filter((record) => record.status !== 'skipped').length;
    log.info(`Diagnostics: ${manifest.files.length + 1} files, ${manifest.totalBytes} bytes; ${ok} of ${ran} collectors ` +
        `finished; ${manifest.cuts.length} file(s) cut for size; took ${manifest.durationMs} ms.`);
    return { folder, manifest, highlights };
}
/**
 * Copies every attempt's log, redacted, as one more time-limited collector. The size cap is
 * planned here, when every other file is known: the largest files (usually these logs) are cut
 * first and keep their tails, where the error is.
 */
async function copyAttemptLogs(input, shared, writer, limitMs) {
    const missing = [];
    const sources = [];
    for (const attempt of input.attempts) {
        try {
            sources.push({ attempt, size: (await external_node_fs_.promises.stat(attempt.logFile)).size });
        }
        catch (error) {
            missing.push({
                path: attemptLogName(attempt),
                reason: `log ${attempt.logFile} unreadable: ${(0,errors/* describeError */.Uc)(error)}`,
            });
        }
    }
    const budget = input.maxBytes - MANIFEST_RESERVE;
    const cap = capFor([...writer.files.map((file) => file.bytes), ...sources.map((source) => source.size)], budget);
    const cuts = await fitFiles(writer, budget - sources.reduce((sum, source) => sum + Math.min(source.size, cap), 0), new Set());
    const logsCollector = {
        id: 'build-logs',
        title: 'Build logs of every attempt',
        async collect(context) {
            for (const { attempt, size } of sources) {
                const keep = keepUnder(size, cap);
                const copied = await context.files.copyTail(attempt.logFile, attemptLogName(attempt), keep);
                if (copied.fromByte > 0) {
                    cuts.push({
                        path: attemptLogName(attempt),
                        bytesBefore: size,
                        bytesAfter: copied.bytes,
                        reason: 'size cap: kept the tail',
                    });
                }
            }
            return { note: `${sources.length} log(s)` };
        },
    };
    // The logs are the heart of the bundle and may be large: they get a longer limit.
    const outcome = await runCollectors([logsCollector], shared, writer, limitMs * 4, 1);
    return { record: outcome.records[0], cuts, missing };
}
/**
 * Writes manifest.json last, and cuts more when the bundle with its index is still over the cap
 * (redaction can change sizes a little). A few rounds settle the index's own size.
 */
async function writeManifest(input, writer, started, parts) {
    const own = new Set(['manifest.json']);
    let cuts = [...parts.cuts];
    let manifestBytes = 0;
    let manifest = baseManifest(input, writer.redactor, started, {});
    for (let round = 0; round < 5; round++) {
        const files = writer.files.filter((file) => !own.has(file.path));
        const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0) + manifestBytes;
        manifest = {
            ...baseManifest(input, writer.redactor, started, {}),
            durationMs: input.clock.now() - started,
            totalBytes,
            ...parts,
            cuts: mergeCuts(cuts),
            files,
            redaction: {
                ...writer.redactor.stats,
                replacements: files.reduce((sum, file) => sum + file.redactions, 0),
            },
        };
        // The index returned is the one written: redacted, so that no caller can log a secret from it.
        manifest = JSON.parse(writer.redactor.redactText(JSON.stringify(manifest)));
        const written = await writer.writeOwn('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, 'manifest');
        const actual = totalBytes - manifestBytes + written;
        if (actual > input.maxBytes) {
            cuts = [...cuts, ...(await fitFiles(writer, input.maxBytes - written - 1024, own))];
        }
        else if (written === manifestBytes) {
            break;
        }
        manifestBytes = written;
    }
    return manifest;
}
function baseManifest(input, redactor, started, extra) {
    return {
        schema: 1,
        tool: 'wcow-build',
        reason: input.reason,
        platform: input.platform,
        createdAt: new Date(started).toISOString(),
        jobStartedAt: new Date(input.jobStartedAt).toISOString(),
        durationMs: input.clock.now() - started,
        maxBytes: input.maxBytes,
        totalBytes: 0,
        collectors: [],
        files: [],
        cuts: [],
        missing: [],
        redaction: { ...redactor.stats, replacements: 0 },
        highlights: [],
        ...extra,
    };
}
/** Creates a fresh folder for this bundle, so that no earlier file is ever attached with it. */
async function createBundleFolder(outDir, now) {
    await external_node_fs_.promises.mkdir(outDir, { recursive: true });
    const stamp = new Date(now)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    for (let index = 1;; index++) {
        const folder = external_node_path_.join(outDir, `wcow-diagnostics-${stamp}${index === 1 ? '' : `-${index}`}`);
        try {
            await external_node_fs_.promises.mkdir(folder);
            return folder;
        }
        catch (error) {
            if (error.code !== 'EEXIST' || index > 100)
                throw error;
        }
    }
}
/** The values to redact: those given, plus the registry password and build secrets' values. */
function secretValues(input) {
    const values = [...input.secrets];
    const { settings, env } = input;
    if (settings.registryLogin !== undefined)
        values.push(settings.registryLogin.password);
    for (const spec of settings.secrets) {
        if (spec.env !== undefined && env[spec.env])
            values.push(env[spec.env]);
        if (spec.src !== undefined)
            values.push(...(0,secret_files/* secretFileValues */.F)(external_node_path_.resolve(input.cwd ?? process.cwd(), spec.src)));
    }
    return values;
}
/** A log that never passes on a secret, whatever a collector's error message holds. */
function redactingLog(log, redactor) {
    return {
        debug: (message) => log.debug(redactor.redactText(message)),
        info: (message) => log.info(redactor.redactText(message)),
        warning: (message) => log.warning(redactor.redactText(message)),
    };
}
function credentials(settings) {
    return settings.registryLogin === undefined ? [] : [settings.registryLogin];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics-step.js


/**
 * The per-collector limit: WCOW_BUILD_COLLECTOR_TIMEOUT_MS when set (slow hosts, tests),
 * otherwise the engine's default.
 */
function collectorTimeout(env) {
    const value = Number(env.WCOW_BUILD_COLLECTOR_TIMEOUT_MS);
    return Number.isFinite(value) && value > 0 ? value : undefined;
}
/**
 * Collects the bundle and attaches it to the run. Best effort: nothing here changes the step's
 * result; an upload that fails leaves the folder in place and says where.
 */
async function collectAndAttach(host, settings, deps, request) {
    await host.group('Diagnostics', async () => {
        try {
            const result = await collectDiagnostics({
                settings,
                attempts: request.attempts,
                outDir: request.outDir,
                platform: deps.platform,
                env: request.env ?? host.env,
                exec: deps.exec,
                clock: deps.clock,
                secrets: request.secrets,
                jobStartedAt: host.context.jobStartedAt,
                maxBytes: settings.diagnosticsMaxBytes,
                reason: request.reason,
                log: host,
                collectorTimeoutMs: collectorTimeout(host.env),
            });
            host.setOutput('diagnostics-path', result.folder);
            host.info(`Diagnostics bundle: ${result.folder}`);
            let artifact;
            if (host.kind !== 'cli') {
                const name = settings.diagnosticsName
                    ? sanitizeArtifactName(settings.diagnosticsName)
                    : defaultArtifactName(host.context.runId, host.context.job, host.context.attempt, host.context.instance);
                try {
                    artifact = await host.uploadArtifact(name, result.folder, settings.diagnosticsRetentionDays);
                    host.setOutput('diagnostics-artifact', artifact.name);
                    host.info(`Diagnostics attached to the run as artifact ${artifact.name}.`);
                }
                catch (error) {
                    host.warning(`Could not upload the diagnostics artifact ${name}: ${(0,errors/* describeError */.Uc)(error)}. The bundle is kept at ${result.folder}.`);
                }
            }
            await host.writeSummary(renderDiagnosticsSummary(result, artifact));
        }
        catch (error) {
            host.warning(`Diagnostics could not be collected: ${(0,errors/* describeError */.Uc)(error)}`);
        }
    });
}


/***/ })

};
