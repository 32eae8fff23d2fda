export const id = 557;
export const ids = [557];
export const modules = {

/***/ 62680:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N5: () => (/* binding */ runPowerShell)
/* harmony export */ });
/* unused harmony exports PowerShellError, DATA_VARIABLE, powerShellArgs */
/** A PowerShell script failed, printed no JSON, or did not finish in time. */
class PowerShellError extends Error {
    name = 'PowerShellError';
}
/** The environment variable that carries `data` to the script. */
const DATA_VARIABLE = 'WCOW_BUILD_DATA';
const PRELUDE = [
    "$ErrorActionPreference = 'Stop'",
    '$ProgressPreference = "SilentlyContinue"',
    `$data = if ($env:${DATA_VARIABLE}) { $env:${DATA_VARIABLE} | ConvertFrom-Json } else { $null }`,
].join('\n');
/** The argv that runs a script: no profile, no prompts, the script encoded, never spliced. */
function powerShellArgs(script) {
    const encoded = Buffer.from(`${PRELUDE}\n${script}`, 'utf16le').toString('base64');
    return [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-ExecutionPolicy',
        'Bypass',
        '-EncodedCommand',
        encoded,
    ];
}
/**
 * Runs a script with Windows PowerShell and parses the JSON it prints last. Values reach the
 * script only as data, so no input can change the script's text.
 */
async function runPowerShell(script, options) {
    const env = {
        ...(options.env ?? process.env),
        [DATA_VARIABLE]: JSON.stringify(options.data ?? null),
    };
    const result = await options.exec('powershell', powerShellArgs(script), {
        env,
        timeoutMs: options.timeoutMs ?? 60_000,
    });
    if (result.startError !== undefined) {
        throw new PowerShellError(`powershell could not start: ${result.startError}`);
    }
    if (result.timedOut) {
        throw new PowerShellError(`powershell did not finish within ${options.timeoutMs ?? 60_000} ms`);
    }
    if (result.exitCode !== 0) {
        const detail = (result.stderr.trim() || result.stdout.trim())
            .split(/\r?\n/)
            .slice(-5)
            .join(' | ');
        throw new PowerShellError(`powershell exited with code ${result.exitCode}: ${detail}`);
    }
    const text = result.stdout.trim();
    const start = text.search(/[[{]/);
    try {
        return JSON.parse(start >= 0 ? text.slice(start) : text);
    }
    catch {
        throw new PowerShellError(`powershell printed no JSON: ${text.slice(0, 200)}`);
    }
}


/***/ }),

/***/ 99557:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareHost: () => (/* binding */ prepareHost),
  restoreHost: () => (/* binding */ restoreHost)
});

// UNUSED EXPORTS: HostPreparationError, noHostChanges, planHostPreparation

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./lib/engine/errors.js
var errors = __webpack_require__(44899);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./lib/windows/zip.js



/** A zip archive is malformed, unsafe or uses a feature this reader does not support. */
class ZipError extends Error {
    name = 'ZipError';
}
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
        let c = n;
        for (let k = 0; k < 8; k += 1)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
/** CRC-32 as zip uses it. */
function crc32(data) {
    let crc = 0xffffffff;
    for (const byte of data)
        crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
/**
 * Extracts a zip archive (stored or deflated entries) into `destDir` and returns the relative
 * paths of the files written. Entries that would land outside `destDir` are refused before
 * anything is written, and every file is checked against its CRC-32.
 *
 * LIMITATION: no zip64, no encryption; the small CNI plugin archive needs neither.
 */
async function extractZip(file, destDir) {
    const data = await promises_.readFile(file);
    const entries = readCentralDirectory(data);
    const files = [];
    for (const entry of entries) {
        const name = safeEntryName(entry.name);
        if (name.endsWith('/'))
            continue;
        files.push({ name, body: readEntry(data, entry) });
    }
    for (const { name, body } of files) {
        const target = external_node_path_.join(destDir, ...name.split('/'));
        await promises_.mkdir(external_node_path_.dirname(target), { recursive: true });
        await promises_.writeFile(target, body, { mode: 0o755 });
    }
    return files.map((entry) => entry.name);
}
function readCentralDirectory(data) {
    const lowest = Math.max(0, data.length - 22 - 0xffff);
    let eocd = -1;
    for (let at = data.length - 22; at >= lowest; at -= 1) {
        if (data.readUInt32LE(at) === EOCD_SIGNATURE) {
            eocd = at;
            break;
        }
    }
    if (eocd < 0)
        throw new ZipError('not a zip archive (no end of central directory record)');
    const count = data.readUInt16LE(eocd + 10);
    let offset = data.readUInt32LE(eocd + 16);
    if (count === 0xffff || offset === 0xffffffff)
        throw new ZipError('zip64 archives are not supported');
    const entries = [];
    for (let i = 0; i < count; i += 1) {
        if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
            throw new ZipError(`central directory entry ${i} is damaged`);
        }
        const flags = data.readUInt16LE(offset + 8);
        const nameLength = data.readUInt16LE(offset + 28);
        const extraLength = data.readUInt16LE(offset + 30);
        const commentLength = data.readUInt16LE(offset + 32);
        const entry = {
            method: data.readUInt16LE(offset + 10),
            crc: data.readUInt32LE(offset + 16),
            compressedSize: data.readUInt32LE(offset + 20),
            size: data.readUInt32LE(offset + 24),
            localOffset: data.readUInt32LE(offset + 42),
            name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
        };
        if (flags & 0x1)
            throw new ZipError(`${entry.name} is encrypted`);
        if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
            throw new ZipError(`${entry.name} needs zip64, which is not supported`);
        }
        entries.push(entry);
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}
function readEntry(data, entry) {
    const at = entry.localOffset;
    if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_SIGNATURE) {
        throw new ZipError(`${entry.name}: local header is damaged`);
    }
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const raw = data.subarray(start, start + entry.compressedSize);
    if (raw.length !== entry.compressedSize)
        throw new ZipError(`${entry.name} is truncated`);
    let body;
    if (entry.method === 0)
        body = Buffer.from(raw);
    else if (entry.method === 8)
        body = (0,external_node_zlib_.inflateRawSync)(raw);
    else
        throw new ZipError(`${entry.name} uses compression method ${entry.method}, which is not supported`);
    if (body.length !== entry.size || crc32(body) !== entry.crc) {
        throw new ZipError(`${entry.name} does not match its CRC-32; the archive is damaged`);
    }
    return body;
}
function safeEntryName(raw) {
    const name = raw.replace(/\\/g, '/');
    const parts = name.split('/');
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || parts.includes('..') || name === '') {
        throw new ZipError(`entry '${raw}' would be written outside the target folder`);
    }
    return (parts.filter((part) => part !== '.' && part !== '').join('/') + (name.endsWith('/') ? '/' : ''));
}

;// CONCATENATED MODULE: ./lib/windows/archive.js




/**
 * Unpacks a verified archive into a staging folder next to `destDir` (same volume, so files can be
 * renamed into place), then moves every file into `destDir`. A file already there is renamed
 * aside first and put back if any later move fails, so a failed install leaves the old files.
 * Returns the installed files (absolute paths).
 */
async function installArchive(archive, format, destDir) {
    const staging = `${destDir.replace(/[\\/]+$/, '')}.wcow-staging-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    await promises_.mkdir(staging, { recursive: true });
    try {
        const files = format === 'zip' ? await extractZip(archive, staging) : await extractTarGz(archive, staging);
        if (files.length === 0)
            throw new Error(`${archive} contains no files`);
        return await moveIntoPlace(staging, files, destDir);
    }
    finally {
        await promises_.rm(staging, { recursive: true, force: true });
    }
}
async function extractTarGz(archive, staging) {
    const files = [];
    // Loaded when an archive is unpacked: most steps install nothing.
    const { x: extractTar } = await __webpack_require__.e(/* import() */ 697).then(__webpack_require__.bind(__webpack_require__, 98697));
    // strict turns tar's warnings (absolute or `..` paths, bad headers) into errors; links and
    // devices are skipped because a release archive of executables has no use for them.
    await extractTar({
        file: archive,
        cwd: staging,
        strict: true,
        filter: (_entryPath, entry) => {
            const type = 'type' in entry ? entry.type : entry.isDirectory() ? 'Directory' : 'File';
            return type === 'File' || type === 'OldFile' || type === 'Directory';
        },
        onReadEntry: (entry) => {
            if (entry.type === 'File' || entry.type === 'OldFile')
                files.push(entry.path.replace(/\\/g, '/'));
        },
    });
    return files;
}
async function moveIntoPlace(staging, files, destDir) {
    const moved = [];
    try {
        for (const rel of files) {
            const parts = rel.split('/').filter((part) => part !== '' && part !== '.');
            const src = external_node_path_.join(staging, ...parts);
            const dest = external_node_path_.join(destDir, ...parts);
            await promises_.mkdir(external_node_path_.dirname(dest), { recursive: true });
            let backup;
            if (await exists(dest)) {
                // Windows lets a running executable be renamed but not deleted or overwritten.
                backup = `${dest}.wcow-old`;
                await promises_.rm(backup, { force: true });
                await promises_.rename(dest, backup);
            }
            moved.push({ dest, backup });
            await promises_.rename(src, dest);
        }
    }
    catch (error) {
        for (const { dest, backup } of moved.reverse()) {
            await promises_.rm(dest, { force: true }).catch(() => undefined);
            if (backup)
                await promises_.rename(backup, dest).catch(() => undefined);
        }
        throw error;
    }
    for (const { backup } of moved) {
        if (backup)
            await promises_.rm(backup, { force: true }).catch(() => undefined);
    }
    return moved.map(({ dest }) => dest);
}
/** True when the path exists (file or folder). */
async function exists(file) {
    try {
        await promises_.access(file);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./lib/windows/daemon.js
/** Parses the JSON list of workers; `null` (no workers) gives an empty list. */
function parseWorkers(stdout) {
    const text = stdout.trim();
    if (text === '' || text === 'null')
        return [];
    const value = JSON.parse(text);
    if (!Array.isArray(value))
        throw new Error('buildctl printed JSON that is not a list of workers');
    return value;
}
/** The argv that asks the daemon for its workers. */
function workersArgs(address) {
    return ['--addr', address, 'debug', 'workers', '--format', '{{json .}}'];
}
/** Asks the daemon at `address` for its workers once; never throws. */
async function probeDaemon(buildctl, address, ctx) {
    const result = await ctx.exec(buildctl, workersArgs(address), {
        env: ctx.env,
        timeoutMs: 20_000,
    });
    if (result.startError !== undefined) {
        return { answering: false, detail: `${buildctl} could not start: ${result.startError}` };
    }
    if (result.timedOut)
        return { answering: false, detail: 'buildctl did not answer within 20 s' };
    if (result.exitCode !== 0) {
        const lines = result.stderr
            .trim()
            .split(/\r?\n/)
            .filter((line) => line.trim() !== '');
        return {
            answering: false,
            detail: lines.at(-1) ?? `buildctl exited with code ${result.exitCode}`,
        };
    }
    let workers;
    try {
        workers = parseWorkers(result.stdout);
    }
    catch (error) {
        return { answering: true, detail: `unreadable worker list: ${error.message}` };
    }
    const windowsWorker = workers.find((worker) => (worker.platforms ?? []).some((p) => p.os === 'windows'));
    if (windowsWorker) {
        const platforms = (windowsWorker.platforms ?? [])
            .map((p) => [p.os, p.architecture].join('/') + (p['os.version'] ? ` (${p['os.version']})` : ''))
            .join(', ');
        return {
            answering: true,
            windowsWorker,
            detail: `worker ${windowsWorker.id} for ${platforms}`,
        };
    }
    const seen = workers.map((worker) => worker.id).join(', ');
    return {
        answering: true,
        detail: workers.length === 0 ? 'no workers yet' : `no Windows worker (workers: ${seen})`,
    };
}

// EXTERNAL MODULE: ./lib/windows/powershell.js
var powershell = __webpack_require__(62680);
;// CONCATENATED MODULE: ./lib/windows/scripts.js
/**
 * The PowerShell the host preparation runs. Each script reads its values from `$data` (never
 * spliced into the text), prints one JSON document and decides nothing: the decisions are made in
 * TypeScript. The first line names the script (`# wcow:<name>`) so logs and test stand-ins can
 * tell them apart.
 */
/** Service state for `$data.names`: Win32_Service facts plus the services each depends on. */
const SERVICES_SCRIPT = `# wcow:services
$all = @(Get-CimInstance -ClassName Win32_Service)
$out = foreach ($name in @($data.names)) {
  $svc = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
  if ($null -eq $svc) { [pscustomobject]@{ name = $name; exists = $false }; continue }
  $deps = @((Get-Service -Name $svc.Name).ServicesDependedOn | ForEach-Object { $_.Name })
  [pscustomobject]@{
    name = $svc.Name; exists = $true; state = [string]$svc.State; startMode = [string]$svc.StartMode
    pathName = [string]$svc.PathName; processId = [int]$svc.ProcessId; dependencies = $deps
  }
}
ConvertTo-Json -InputObject @($out) -Depth 4 -Compress`;
/** Stops one process by id (a service stuck in a pending state ignores stop requests). */
const STOP_PROCESS_SCRIPT = `# wcow:stop-process
Stop-Process -Id ([int]$data.processId) -Force
ConvertTo-Json -InputObject @{ stopped = $true } -Compress`;
/** Defender status and the current exclusions; `available = $false` when Defender is absent. */
const DEFENDER_STATE_SCRIPT = `# wcow:defender-state
if ($null -eq (Get-Command -Name Get-MpComputerStatus -ErrorAction SilentlyContinue)) {
  ConvertTo-Json -InputObject @{ available = $false; reason = 'the Defender cmdlets are not installed' } -Compress
  return
}
try { $status = Get-MpComputerStatus; $pref = Get-MpPreference }
catch { ConvertTo-Json -InputObject @{ available = $false; reason = $_.Exception.Message } -Compress; return }
ConvertTo-Json -Depth 3 -Compress -InputObject @{
  available = $true
  amServiceEnabled = [bool]$status.AMServiceEnabled
  realTimeProtectionEnabled = [bool]$status.RealTimeProtectionEnabled
  amRunningMode = [string]$status.AMRunningMode
  isTamperProtected = [bool]$status.IsTamperProtected
  exclusionPath = @($pref.ExclusionPath | Where-Object { $_ })
  exclusionProcess = @($pref.ExclusionProcess | Where-Object { $_ })
}`;
/** Adds (`$data.action = 'add'`) or removes exclusions one by one and reports each refusal. */
const DEFENDER_CHANGE_SCRIPT = `# wcow:defender-change
$failures = @()
foreach ($item in @($data.paths | Where-Object { $_ })) {
  try {
    if ($data.action -eq 'add') { Add-MpPreference -ExclusionPath $item } else { Remove-MpPreference -ExclusionPath $item }
  } catch { $failures += [pscustomobject]@{ kind = 'path'; value = $item; message = $_.Exception.Message } }
}
foreach ($item in @($data.processes | Where-Object { $_ })) {
  try {
    if ($data.action -eq 'add') { Add-MpPreference -ExclusionProcess $item } else { Remove-MpPreference -ExclusionProcess $item }
  } catch { $failures += [pscustomobject]@{ kind = 'process'; value = $item; message = $_.Exception.Message } }
}
ConvertTo-Json -InputObject @{ failures = @($failures) } -Depth 3 -Compress`;
/** The HNS network named `$data.name` (the NAT network the CNI config must match). */
const NAT_NETWORK_SCRIPT = `# wcow:nat-network
if ($null -eq (Get-Command -Name Get-HnsNetwork -ErrorAction SilentlyContinue)) {
  ConvertTo-Json -InputObject @{ found = $false; reason = 'Get-HnsNetwork is not available (HostNetworkingService module missing)' } -Compress
  return
}
$net = @(Get-HnsNetwork | Where-Object { $_.Name -eq $data.name }) | Select-Object -First 1
if ($null -eq $net) { ConvertTo-Json -InputObject @{ found = $false; reason = 'no HNS network with that name' } -Compress; return }
ConvertTo-Json -Compress -InputObject @{
  found = $true; type = [string]$net.Type
  subnet = [string]$net.Subnets[0].AddressPrefix; gateway = [string]$net.Subnets[0].GatewayAddress
}`;

;// CONCATENATED MODULE: ./lib/windows/host-paths.js

/**
 * Joins below a base folder with the flavour of the base: a drive or UNC path is joined the
 * Windows way even when this process runs elsewhere (plans for a Windows host made on Linux);
 * any other base is a folder of this machine (tests point the Windows variables at temp folders).
 */
function joinHostPath(base, ...parts) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(base)
        ? external_node_path_.win32.join(base, ...parts)
        : external_node_path_.join(base, ...parts);
}
/** The folder that holds a file, in the flavour of its path. */
function hostDirname(file) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(file) ? external_node_path_.win32.dirname(file) : external_node_path_.dirname(file);
}
/** Resolves the host paths from the environment (`ProgramFiles`, `ProgramData`). */
function host_paths_resolveHostPaths(env) {
    const programFiles = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    const containerdDir = joinHostPath(programFiles, 'containerd');
    const buildkitDir = joinHostPath(programFiles, 'buildkit');
    const cniBinDir = joinHostPath(containerdDir, 'cni', 'bin');
    const cniConfDir = joinHostPath(containerdDir, 'cni', 'conf');
    const logDir = joinHostPath(programData, 'wcow-build', 'logs');
    return {
        programFiles,
        programData,
        containerdDir,
        containerdExe: joinHostPath(containerdDir, 'bin', 'containerd.exe'),
        ctrExe: joinHostPath(containerdDir, 'bin', 'ctr.exe'),
        shimExe: joinHostPath(containerdDir, 'bin', 'containerd-shim-runhcs-v1.exe'),
        buildkitDir,
        buildkitdExe: joinHostPath(buildkitDir, 'bin', 'buildkitd.exe'),
        buildctlExe: joinHostPath(buildkitDir, 'bin', 'buildctl.exe'),
        cniBinDir,
        cniConfDir,
        cniConfPath: joinHostPath(cniConfDir, '0-containerd-nat.conf'),
        natPluginExe: joinHostPath(cniBinDir, 'nat.exe'),
        logDir,
        containerdLog: joinHostPath(logDir, 'containerd.log'),
        buildkitdLog: joinHostPath(logDir, 'buildkitd.log'),
        containerdRoot: joinHostPath(programData, 'containerd', 'root'),
        containerdState: joinHostPath(programData, 'containerd', 'state'),
        buildkitdRoot: joinHostPath(programData, 'buildkitd'),
    };
}
/** Windows paths compare without case and without a trailing separator. */
function normalizeWindowsPath(value) {
    return value.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}
/** True when `file` lies inside `folder` (Windows comparison rules). */
function isInsideFolder(file, folder) {
    const f = normalizeWindowsPath(file);
    const d = normalizeWindowsPath(folder);
    return f.startsWith(`${d}\\`);
}

;// CONCATENATED MODULE: ./lib/windows/defender.js



/** Reads Defender's status and exclusions; never throws (an unreadable Defender is unavailable). */
async function readDefenderState(ctx) {
    let raw;
    try {
        raw = await (0,powershell/* runPowerShell */.N5)(DEFENDER_STATE_SCRIPT, { exec: ctx.exec, env: ctx.env });
    }
    catch (error) {
        return {
            available: false,
            reason: error.message,
            exclusionPath: null,
            exclusionProcess: null,
        };
    }
    return {
        ...raw,
        exclusionPath: readList(raw.exclusionPath),
        exclusionProcess: readList(raw.exclusionProcess),
    };
}
// Without the right to read exclusions, Get-MpPreference returns a single "N/A: ..." entry.
function readList(value) {
    const list = value === undefined || value === null ? [] : [value].flat();
    return list.some((item) => item.startsWith('N/A:')) ? null : list;
}
/** Real-time scanning is what takes file locks, so only then do exclusions matter. */
function isScanningFiles(state) {
    const mode = (state.amRunningMode ?? 'Normal').toLowerCase();
    return (state.available &&
        state.amServiceEnabled !== false &&
        state.realTimeProtectionEnabled === true &&
        !mode.includes('passive') &&
        mode !== 'not running');
}
/** Decides whether to add exclusions for `defender-exclusions` (auto, true, false). */
function decideExclusions(mode, state) {
    if (mode === 'false')
        return { manage: false, reason: 'defender-exclusions is false' };
    if (!state.available) {
        return {
            manage: false,
            reason: `Microsoft Defender is not available (${state.reason ?? 'unknown reason'})`,
        };
    }
    if (mode === 'true')
        return { manage: true, reason: 'defender-exclusions is true' };
    if (!isScanningFiles(state)) {
        const detail = `real-time protection ${state.realTimeProtectionEnabled ? 'on' : 'off'}, ` +
            `running mode ${state.amRunningMode ?? 'unknown'}`;
        return { manage: false, reason: `Defender does not scan files in real time (${detail})` };
    }
    return { manage: true, reason: 'Defender real-time protection is on' };
}
/** The wanted entries that are not in the existing list (Windows comparison rules). */
function missingEntries(wanted, existing) {
    const have = new Set(existing.map(normalizeWindowsPath));
    const seen = new Set();
    const missing = [];
    for (const entry of wanted) {
        const key = normalizeWindowsPath(entry);
        if (key === '' || have.has(key) || seen.has(key))
            continue;
        seen.add(key);
        missing.push(entry);
    }
    return missing;
}
/** Adds or removes exclusions one at a time; returns the entries Defender refused. */
async function changeExclusions(action, set, ctx) {
    const result = await (0,powershell/* runPowerShell */.N5)(DEFENDER_CHANGE_SCRIPT, {
        exec: ctx.exec,
        env: ctx.env,
        data: { action, paths: set.paths, processes: set.processes },
    });
    return result.failures === undefined ? [] : [result.failures].flat();
}
/** What an administrator should do when Defender refused exclusions. */
function adviceForRefusal(state, failures) {
    const text = failures.map((failure) => failure.message).join(' ');
    if (/0x80070005|access (is )?denied|administrator/i.test(text)) {
        return 'The agent does not run with administrator rights; run it elevated or add the exclusions yourself.';
    }
    if (state?.isTamperProtected) {
        return ('Tamper protection is on and may block local exclusion changes; add the exclusions through ' +
            'your Defender management (Intune, Group Policy) or turn on defender-exclusions: false.');
    }
    return 'Add the exclusions yourself or set defender-exclusions: false.';
}
/** The PowerShell an administrator can run to make the same change by hand. */
function manualCommand(action, set) {
    const verb = action === 'add' ? 'Add-MpPreference' : 'Remove-MpPreference';
    const list = (items) => items.map((item) => `'${item.replace(/'/g, "''")}'`).join(', ');
    const parts = [];
    if (set.paths.length > 0)
        parts.push(`${verb} -ExclusionPath ${list(set.paths)}`);
    if (set.processes.length > 0)
        parts.push(`${verb} -ExclusionProcess ${list(set.processes)}`);
    return parts.join('; ');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./lib/windows/releases.js
/**
 * Which release archives the host preparation downloads and how each one's SHA-256 is known.
 *
 * - containerd publishes `<archive>.sha256sum` next to every archive (`<hex>  <name>`).
 * - BuildKit publishes no checksum file; next to every archive it publishes
 *   `<archive base>.sbom.json`, an in-toto statement whose `subject` lists the archive by name
 *   with its sha256 digest (the release job writes the archive and the statement together).
 * - microsoft/windows-container-networking publishes no checksum at all, so its archive is only
 *   accepted with a SHA-256 pinned here or given by the caller.
 *
 * A pin (built in or given) always wins over a published document. When neither exists the
 * download is refused: a release is never installed unverified.
 */
/** GitHub's release downloads; a mirror with the same `<owner>/<repo>/releases/download` layout may replace it. */
const DEFAULT_RELEASES_BASE = 'https://github.com';
/** The Windows NAT CNI plugin release that is installed when `nat.exe` is missing. */
const CNI_VERSION = '0.3.1';
/**
 * SHA-256 values pinned in code, by archive file name. Only values read from a real record are
 * listed; an archive that is missing here and has no published checksum is refused.
 */
const PINNED_SHA256 = {
    // LIMITATION: Microsoft publishes no checksum for this archive. The value below was recorded
    // by a third-party project (a signed manifest of verified downloads), not by Microsoft; it has
    // not been checked against a download from here. A wrong pin fails closed.
    'windows-container-networking-cni-amd64-v0.3.1.zip': {
        sha256: '4f36ee6905ada238ca2a9e1bfb8a1fb2912c2d88c4b6e5af4c41a42db70d7d68',
        origin: 'pinned in wcow-build (recorded from a third-party verified download)',
    },
};
/** A checksum or checksum document could not be had, so the download is refused. */
class ChecksumUnavailableError extends Error {
    name = 'ChecksumUnavailableError';
}
/** The downloaded bytes do not match the expected SHA-256; nothing was extracted. */
class ChecksumMismatchError extends Error {
    name = 'ChecksumMismatchError';
}
/** Maps Node's `process.arch` to the release naming; undefined when no release exists for it. */
function releases_releaseArch(nodeArch) {
    if (nodeArch === 'x64')
        return 'amd64';
    if (nodeArch === 'arm64')
        return 'arm64';
    return undefined;
}
/** Describes one release archive: its URL and where its SHA-256 comes from. */
function releaseArtifact(tool, version, arch, base = DEFAULT_RELEASES_BASE, extraPins = {}) {
    const root = base.replace(/\/+$/, '');
    let fileName;
    let url;
    let published;
    if (tool === 'containerd') {
        fileName = `containerd-${version}-windows-${arch}.tar.gz`;
        url = `${root}/containerd/containerd/releases/download/v${version}/${fileName}`;
        published = { kind: 'sha256sum', url: `${url}.sha256sum` };
    }
    else if (tool === 'buildkit') {
        const stem = `buildkit-v${version}.windows-${arch}`;
        fileName = `${stem}.tar.gz`;
        url = `${root}/moby/buildkit/releases/download/v${version}/${fileName}`;
        published = {
            kind: 'in-toto',
            url: `${root}/moby/buildkit/releases/download/v${version}/${stem}.sbom.json`,
        };
    }
    else {
        fileName = `windows-container-networking-cni-${arch}-v${version}.zip`;
        url = `${root}/microsoft/windows-container-networking/releases/download/v${version}/${fileName}`;
        published = {
            kind: 'none',
            reason: 'microsoft/windows-container-networking publishes no checksum and no SHA-256 is pinned ' +
                `for ${fileName}`,
        };
    }
    const given = extraPins[fileName];
    const builtIn = PINNED_SHA256[fileName];
    const checksum = given !== undefined
        ? { kind: 'pinned', sha256: given.toLowerCase(), origin: 'given by the caller' }
        : builtIn !== undefined
            ? { kind: 'pinned', sha256: builtIn.sha256, origin: builtIn.origin }
            : published;
    return {
        tool,
        version,
        arch,
        fileName,
        url,
        format: tool === 'cni' ? 'zip' : 'tar.gz',
        checksum,
    };
}
/** Reads the digest for `fileName` from a `sha256sum`-style document. */
function parseSha256Sum(text, fileName) {
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*)$/.exec(line.trim());
        if (match && baseName(match[2].trim()) === fileName)
            return match[1].toLowerCase();
    }
    throw new ChecksumUnavailableError(`the checksum file lists no SHA-256 for ${fileName}`);
}
/** Reads the sha256 digest of `fileName` from an in-toto statement's `subject` list. */
function parseInTotoSubject(text, fileName) {
    let statement;
    try {
        statement = JSON.parse(text);
    }
    catch {
        throw new ChecksumUnavailableError('the in-toto statement is not valid JSON');
    }
    const subjects = statement.subject;
    if (!Array.isArray(subjects)) {
        throw new ChecksumUnavailableError('the in-toto statement has no subject list');
    }
    for (const subject of subjects) {
        const digest = subject.digest?.sha256;
        if (typeof subject.name === 'string' &&
            baseName(subject.name) === fileName &&
            typeof digest === 'string') {
            if (/^[0-9a-fA-F]{64}$/.test(digest))
                return digest.toLowerCase();
        }
    }
    throw new ChecksumUnavailableError(`the in-toto statement names no sha256 digest for ${fileName}`);
}
/**
 * The SHA-256 an archive must have: pinned, or read from the document its publisher puts next to
 * it. Throws ChecksumUnavailableError (fail closed) when there is none.
 */
async function releases_resolveChecksum(artifact, fetchText) {
    const source = artifact.checksum;
    if (source.kind === 'pinned')
        return source.sha256;
    if (source.kind === 'none') {
        throw new ChecksumUnavailableError(`${artifact.fileName} cannot be verified: ${source.reason}. Install it yourself, or give ` +
            'its SHA-256 as a pinned checksum.');
    }
    let text;
    try {
        text = await fetchText(source.url);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ChecksumUnavailableError(`the published checksum of ${artifact.fileName} could not be read from ${source.url}: ${reason}`);
    }
    return source.kind === 'sha256sum'
        ? parseSha256Sum(text, artifact.fileName)
        : parseInTotoSubject(text, artifact.fileName);
}
function baseName(name) {
    return name.replace(/^.*[\\/]/, '');
}

;// CONCATENATED MODULE: ./lib/windows/download.js







/** A download failed for a reason other than a wrong checksum. */
class DownloadError extends Error {
    name = 'DownloadError';
}
const TEXT_LIMIT = 1024 * 1024;
/** Reads a small text document (checksum files); follows redirects; throws DownloadError. */
async function download_fetchText(url, timeoutMs = 60_000) {
    const response = await request(url, timeoutMs);
    const text = await response.text();
    if (text.length > TEXT_LIMIT)
        throw new DownloadError(`${url} is larger than ${TEXT_LIMIT} bytes`);
    return text;
}
/** The SHA-256 of a file, in lower-case hex. */
async function hashFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}
/**
 * Downloads `url` to `dest`, hashing while it streams into a temporary file next to `dest`. Only
 * bytes whose SHA-256 equals `sha256` ever reach `dest`; otherwise the temporary file is removed
 * and ChecksumMismatchError is thrown.
 */
async function downloadVerified(url, dest, sha256, timeoutMs = 15 * 60_000) {
    const partial = `${dest}.partial`;
    await promises_.mkdir(hostDirname(dest), { recursive: true });
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const tee = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        },
    });
    try {
        const response = await request(url, timeoutMs);
        if (response.body === null)
            throw new DownloadError(`${url} answered without a body`);
        const body = external_node_stream_.Readable.fromWeb(response.body);
        await (0,external_node_stream_promises_.pipeline)(body, tee, (0,external_node_fs_.createWriteStream)(partial));
    }
    catch (error) {
        await promises_.rm(partial, { force: true });
        if (error instanceof DownloadError)
            throw error;
        throw new DownloadError(`download of ${url} failed: ${error.message}`);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256.toLowerCase()) {
        await promises_.rm(partial, { force: true });
        throw new ChecksumMismatchError(`${url} has SHA-256 ${actual}, expected ${sha256}; the download was discarded and nothing ` +
            'was extracted. Check the version and the mirror (WCOW_BUILD_RELEASES_URL) you download from.');
    }
    await promises_.rename(partial, dest);
    return { bytes };
}
async function request(url, timeoutMs) {
    let response;
    try {
        // LIMITATION: Node's fetch ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY=1 (Node 24); hosts
        // behind a proxy need that variable or a mirror reachable without one.
        response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    }
    catch (error) {
        const cause = error.cause?.message;
        throw new DownloadError(`${url} could not be fetched: ${error.message}${cause ? ` (${cause})` : ''}`);
    }
    if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new DownloadError(`${url} answered HTTP ${response.status} ${response.statusText}`.trim());
    }
    return response;
}
/** Where an archive is kept between jobs: `<tool cache>/wcow-build/<tool>/<version>/<arch>`. */
function download_archiveCacheDir(toolCacheDir, artifact) {
    return joinHostPath(toolCacheDir, 'wcow-build', artifact.tool, artifact.version, artifact.arch);
}
/**
 * Returns a local copy of the archive whose SHA-256 is `sha256`: from the tool cache, else from
 * the host's download cache, else downloaded (and then saved to both). Every copy is verified.
 */
async function ensureArchive(artifact, sha256, options) {
    const dir = download_archiveCacheDir(options.toolCacheDir, artifact);
    const file = joinHostPath(dir, artifact.fileName);
    const key = `wcow-build-${artifact.fileName}-${sha256.slice(0, 16)}`;
    if (await isVerified(file, sha256, options))
        return { file, source: 'tool-cache' };
    if (options.downloadCache) {
        try {
            const restored = await options.downloadCache.restore([dir], key);
            if (restored && (await isVerified(file, sha256, options))) {
                options.log.info(`Restored ${artifact.fileName} from the download cache (key ${key}).`);
                return { file, source: 'download-cache' };
            }
        }
        catch (error) {
            options.log.debug(`Download cache restore of ${key} failed: ${error.message}`);
        }
    }
    const attempts = options.attempts ?? 3;
    for (let attempt = 1;; attempt += 1) {
        try {
            const started = options.clock.now();
            const { bytes } = await downloadVerified(artifact.url, file, sha256);
            options.log.info(`Downloaded ${artifact.url} (${bytes} bytes, SHA-256 ${sha256} verified) in ` +
                `${options.clock.now() - started} ms.`);
            break;
        }
        catch (error) {
            if (!(error instanceof DownloadError) || attempt >= attempts)
                throw error;
            const delay = 2000 * attempt;
            options.log.info(`${error.message}; trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${attempts}).`);
            await options.clock.sleep(delay);
        }
    }
    if (options.downloadCache) {
        try {
            await options.downloadCache.save([dir], key);
            options.log.debug(`Saved ${artifact.fileName} to the download cache (key ${key}).`);
        }
        catch (error) {
            options.log.debug(`Download cache save of ${key} failed: ${error.message}`);
        }
    }
    return { file, source: 'download' };
}
async function isVerified(file, sha256, options) {
    try {
        await promises_.access(file);
    }
    catch {
        return false;
    }
    const actual = await hashFile(file);
    if (actual === sha256) {
        options.log.debug(`Using cached ${file} (SHA-256 verified).`);
        return true;
    }
    options.log.info(`Cached archive ${file} has SHA-256 ${actual}, expected ${sha256}; it was removed and will be ` +
        'downloaded again.');
    await promises_.rm(file, { force: true });
    return false;
}

;// CONCATENATED MODULE: ./lib/windows/command-line.js
/**
 * Windows command lines. The service manager keeps one string per service (`BinaryPathName`), so
 * comparing a registered service with the wanted one means splitting and joining with the rules
 * the Microsoft C runtime uses (the same rules Go's `syscall.EscapeArg` writes for).
 */
/** Quotes one argument so that the C runtime reads it back unchanged. */
function quoteWindowsArg(arg) {
    if (arg === '')
        return '""';
    if (!/[\s"]/.test(arg))
        return arg;
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
function joinWindowsCommandLine(argv) {
    return argv.map(quoteWindowsArg).join(' ');
}
/** Splits a Windows command line into argv (CommandLineToArgvW rules for the arguments). */
function splitWindowsCommandLine(line) {
    const args = [];
    let current = '';
    let inArg = false;
    let inQuotes = false;
    let i = 0;
    while (i < line.length) {
        const ch = line[i];
        if (!inQuotes && (ch === ' ' || ch === '\t')) {
            if (inArg)
                args.push(current);
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
            }
            else {
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
    if (inArg)
        args.push(current);
    return args;
}
/**
 * Splits a service's `BinaryPathName` into the program and its arguments. An unquoted program path
 * with spaces (an old installer habit) is recognised by its `.exe` ending.
 */
function splitServiceCommandLine(pathName) {
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

;// CONCATENATED MODULE: ./lib/windows/cni.js


/** The HNS network the NAT plugin attaches containers to (Docker and the Containers feature create it). */
const NAT_NETWORK_NAME = 'nat';
/** Reads the HNS NAT network; never throws (not found carries the reason). */
async function readNatNetwork(ctx) {
    try {
        return await (0,powershell/* runPowerShell */.N5)(NAT_NETWORK_SCRIPT, {
            exec: ctx.exec,
            env: ctx.env,
            data: { name: NAT_NETWORK_NAME },
        });
    }
    catch (error) {
        return { found: false, reason: error.message };
    }
}
/** The NAT network configuration BuildKit hands to the `nat` plugin for RUN steps. */
function natCniConfig(subnet, gateway) {
    const config = {
        cniVersion: '0.3.0',
        name: NAT_NETWORK_NAME,
        type: 'nat',
        master: 'Ethernet',
        ipam: { subnet, routes: [{ gateway }] },
        capabilities: { portMappings: true, dns: true },
    };
    return `${JSON.stringify(config, null, 2)}\n`;
}
/**
 * Decides what to do with the CNI config file: create it when missing; replace it only when it
 * is a NAT config whose subnet or gateway no longer matches the live network (RUN steps would
 * have no network); leave any other existing file alone.
 */
function decideCniConf(existing, nat) {
    if (!nat.found || !nat.subnet || !nat.gateway) {
        return {
            action: 'none',
            reason: `the HNS network '${NAT_NETWORK_NAME}' was not found (${nat.reason ?? 'no subnet'})`,
        };
    }
    const content = natCniConfig(nat.subnet, nat.gateway);
    if (existing === null)
        return { action: 'create', content, reason: 'no CNI config yet' };
    let parsed;
    try {
        parsed = JSON.parse(existing);
    }
    catch {
        return { action: 'none', reason: 'an existing CNI config that is not JSON was left as it is' };
    }
    if (parsed.type !== 'nat') {
        return {
            action: 'none',
            reason: `an existing CNI config of type ${String(parsed.type)} was left as it is`,
        };
    }
    const subnet = parsed.ipam?.subnet;
    const gateway = parsed.ipam?.routes?.[0]?.gateway;
    if (subnet === nat.subnet && gateway === nat.gateway) {
        return { action: 'none', reason: `the CNI config matches the NAT network (${nat.subnet})` };
    }
    return {
        action: 'replace',
        content,
        reason: `the CNI config names ${String(subnet)} via ${String(gateway)}, the NAT network is ${nat.subnet} via ${nat.gateway}`,
    };
}

;// CONCATENATED MODULE: ./lib/windows/services.js



/** States from which a service does not move on by itself. */
const STUCK_STATES = [
    'Start Pending',
    'Stop Pending',
    'Continue Pending',
    'Pause Pending',
    'Paused',
];
/** Reads the named services; one PowerShell run for all of them. */
async function queryServices(names, ctx) {
    const list = await (0,powershell/* runPowerShell */.N5)(SERVICES_SCRIPT, {
        exec: ctx.exec,
        env: ctx.env,
        data: { names },
    });
    const result = new Map();
    for (const info of Array.isArray(list) ? list : [list]) {
        result.set(info.name.toLowerCase(), {
            ...info,
            dependencies: info.dependencies === undefined || info.dependencies === null
                ? []
                : [info.dependencies].flat(),
        });
    }
    for (const name of names) {
        if (!result.has(name.toLowerCase()))
            result.set(name.toLowerCase(), { name, exists: false });
    }
    return result;
}
/** The program a service runs and its arguments. */
function serviceCommand(info) {
    return splitServiceCommandLine(info.pathName ?? '');
}
/** Runs sc.exe; its exit code is the Win32 error code. */
async function runSc(args, ctx) {
    ctx.log.debug(`sc.exe ${args.join(' ')}`);
    const result = await ctx.exec('sc.exe', args, { env: ctx.env, timeoutMs: 60_000 });
    if (result.startError !== undefined)
        throw new Error(`sc.exe could not start: ${result.startError}`);
    return result;
}
/** The error text of an sc.exe failure, on one line. */
function describeScFailure(result) {
    const text = `${result.stdout}\n${result.stderr}`
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join(' ');
    return `exit code ${result.exitCode}${text === '' ? '' : `: ${text}`}`;
}
/** Asks the service manager to start a service; true when it was started or already running. */
async function startService(name, ctx) {
    const result = await runSc(['start', name], ctx);
    // 1056: an instance of the service is already running.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1056,
        detail: describeScFailure(result),
    };
}
/** Asks the service manager to stop a service; true when it is stopping or was not started. */
async function stopService(name, ctx) {
    const result = await runSc(['stop', name], ctx);
    // 1062: the service has not been started.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1062,
        detail: describeScFailure(result),
    };
}
/** Changes one setting of a service with `sc.exe config <name> <key>= <value>`. */
async function configureService(name, key, value, ctx) {
    const result = await runSc(['config', name, `${key}=`, value], ctx);
    if (result.exitCode !== 0) {
        throw new Error(`sc.exe config ${name} ${key}= ${value} failed with ${describeScFailure(result)}`);
    }
}
/** Stops a process by id through PowerShell. */
async function stopProcess(processId, ctx) {
    await (0,powershell/* runPowerShell */.N5)(STOP_PROCESS_SCRIPT, { exec: ctx.exec, env: ctx.env, data: { processId } });
}

;// CONCATENATED MODULE: ./lib/windows/warmup.js
/** BuildKit's containerd worker keeps its images and snapshots in this containerd namespace. */
const BUILDKIT_NAMESPACE = 'buildkit';
/**
 * Writes an image reference in full, as containerd stores it: `nanoserver:ltsc2022` is not
 * understood by ctr, `docker.io/library/nanoserver:ltsc2022` is.
 */
function normalizeImageRef(ref) {
    let name = ref.trim();
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    if (slash < 0)
        name = `docker.io/library/${name}`;
    else if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
        name = `docker.io/${name}`;
    const last = name.slice(name.lastIndexOf('/') + 1);
    if (!last.includes(':') && !last.includes('@'))
        name = `${name}:latest`;
    return name;
}
/** The argv of `ctr` that pulls (and unpacks) an image into BuildKit's namespace. */
function pullArgs(ref) {
    return ['--namespace', BUILDKIT_NAMESPACE, 'images', 'pull', ref];
}
/** The images BuildKit's namespace already holds; null when containerd cannot be asked. */
async function listImages(ctr, ctx) {
    const result = await ctx.exec(ctr, ['--namespace', BUILDKIT_NAMESPACE, 'images', 'list', '--quiet'], {
        env: ctx.env,
        timeoutMs: 60_000,
    });
    if (result.exitCode !== 0) {
        ctx.log.debug(`ctr images list failed: ${result.startError ?? result.stderr.trim()}`);
        return null;
    }
    return result.stdout
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}

;// CONCATENATED MODULE: ./lib/windows/plan.js








const DAEMONS = ['containerd', 'buildkitd'];
/** The pipe containerd listens on by default on Windows. */
const CONTAINERD_ADDRESS = 'npipe:////./pipe/containerd-containerd';
const DEFAULT_BUILDKIT_PIPE = 'npipe:////./pipe/buildkitd';
/** Facts for a fresh Windows host: nothing installed, nothing registered, nothing probed. */
function plan_freshHostFacts() {
    const absent = (name) => ({ name, exists: false });
    return {
        fresh: true,
        installedVersions: { containerd: null, buildkitd: null },
        services: { containerd: absent('containerd'), buildkitd: absent('buildkitd') },
        foreignVersions: {},
        natPluginInstalled: false,
        cniConf: null,
        nat: null,
        logDirExists: false,
        defender: null,
        images: null,
    };
}
/** True when the daemon address is a named pipe on this host, which the preparation can serve. */
function isLocalPipe(address) {
    return address.toLowerCase().startsWith('npipe://');
}
/** The arguments (after the program) that each service runs with. */
function serviceArgs(name, settings, paths) {
    if (name === 'containerd')
        return ['--log-file', paths.containerdLog];
    const args = [
        '--service-name',
        'buildkitd',
        '--containerd-worker=true',
        `--containerd-worker-addr=${CONTAINERD_ADDRESS}`,
        `--containerd-cni-config-path=${paths.cniConfPath}`,
        `--containerd-cni-binary-dir=${paths.cniBinDir}`,
        '--debug',
        '--log-file',
        paths.buildkitdLog,
    ];
    if (settings.buildkitGroup !== '')
        args.push('--group', settings.buildkitGroup);
    if (settings.buildkitAddress.toLowerCase() !== DEFAULT_BUILDKIT_PIPE)
        args.push('--addr', settings.buildkitAddress);
    return args;
}
/** The binaries the host runs: wcow-build's own, or those of services it does not manage. */
function resolveBinaries(facts, paths) {
    const pick = (name, ours, ourDir) => {
        const info = facts.services[name];
        const { program } = serviceCommand(info);
        return isManaged(info, ourDir) || program === '' ? ours : program;
    };
    const containerd = pick('containerd', paths.containerdExe, paths.containerdDir);
    const buildkitd = pick('buildkitd', paths.buildkitdExe, paths.buildkitDir);
    const containerdBin = hostDirname(containerd);
    const buildkitBin = hostDirname(buildkitd);
    return {
        containerd,
        shim: joinHostPath(containerdBin, 'containerd-shim-runhcs-v1.exe'),
        ctr: joinHostPath(containerdBin, 'ctr.exe'),
        buildkitd,
        buildctl: joinHostPath(buildkitBin, 'buildctl.exe'),
        containerdDir: containerd === paths.containerdExe ? paths.containerdDir : containerdBin,
        buildkitDir: buildkitd === paths.buildkitdExe ? paths.buildkitDir : buildkitBin,
    };
}
/** Decides every change from the facts; pure, so the plan and the run cannot disagree. */
function buildPlan(input) {
    const { facts, settings, paths, arch } = input;
    const notes = [];
    const warnings = [];
    const downloads = [];
    const files = [];
    const services = [];
    const bins = resolveBinaries(facts, paths);
    const pinned = {
        containerd: settings.containerdVersion,
        buildkitd: settings.buildkitVersion,
    };
    const installed = { containerd: false, buildkitd: false };
    for (const name of DAEMONS) {
        const info = facts.services[name];
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!isManaged(info, ourDir)) {
            const version = facts.foreignVersions[name] ?? null;
            const program = serviceCommand(info).program;
            if (version !== pinned[name]) {
                warnings.push(`Service ${name} runs ${program} (version ${version ?? 'unknown'}), not ${pinned[name]}; wcow-build ` +
                    'leaves services it did not install alone. To let it install the pinned version, remove the ' +
                    `service (sc.exe delete ${name}) or set ${name === 'containerd' ? 'containerd' : 'buildkit'}-version.`);
            }
            if (!serviceCommand(info).args.includes('--log-file')) {
                warnings.push(`Service ${name} runs without --log-file, so its log goes nowhere; diagnostics will lack it.`);
            }
            continue;
        }
        if (facts.installedVersions[name] !== pinned[name]) {
            const tool = name === 'containerd' ? 'containerd' : 'buildkit';
            const { url, fileName } = input.urlOf(tool, pinned[name]);
            downloads.push({
                tool,
                version: pinned[name],
                fileName,
                url,
                sha256: null,
                checksumSource: '',
                installDir: ourDir,
                stopsService: info.exists && info.state !== 'Stopped' ? name : undefined,
            });
            installed[name] = true;
        }
    }
    if (!facts.natPluginInstalled) {
        if (arch === 'amd64') {
            const { url, fileName } = input.urlOf('cni', CNI_VERSION);
            downloads.push({
                tool: 'cni',
                version: CNI_VERSION,
                fileName,
                url,
                sha256: null,
                checksumSource: '',
                installDir: paths.cniBinDir,
            });
        }
        else {
            // LIMITATION: microsoft/windows-container-networking publishes the NAT plugin for amd64 only.
            warnings.push(`No Windows NAT CNI plugin is published for ${arch}; RUN steps get no network unless nat.exe is ` +
                `placed in ${paths.cniBinDir}.`);
        }
    }
    if (!facts.logDirExists) {
        files.push({
            path: paths.logDir,
            action: 'create-folder',
            purpose: 'containerd and buildkitd service logs',
        });
    }
    if (facts.nat === null) {
        files.push({
            path: paths.cniConfPath,
            action: 'create',
            purpose: `NAT network config for RUN steps, with the subnet and gateway of the HNS network '${NAT_NETWORK_NAME}'`,
        });
    }
    else {
        const decision = decideCniConf(facts.cniConf, facts.nat);
        if (decision.action === 'none') {
            if (!facts.nat.found)
                warnings.push(`RUN steps get no network: ${decision.reason}.`);
        }
        else {
            files.push({
                path: paths.cniConfPath,
                action: decision.action,
                purpose: decision.reason,
                content: decision.content,
            });
        }
    }
    for (const name of DAEMONS) {
        services.push(planService(name, facts, settings, paths, installed[name]));
    }
    return {
        version: 1,
        platform: 'win32',
        arch,
        freshHostAssumed: facts.fresh,
        daemonAddress: settings.buildkitAddress,
        downloads,
        files,
        services,
        waitFor: {
            command: [bins.buildctl, ...workersArgs(settings.buildkitAddress)],
            timeoutSeconds: settings.serviceTimeoutMs / 1000,
            until: 'the daemon lists a worker for os windows',
        },
        exclusions: planExclusions(facts, settings, paths, bins, notes, warnings),
        warmup: settings.warmupImages
            .map(normalizeImageRef)
            .filter((image) => !(facts.images ?? []).includes(image))
            .map((image) => ({ image, command: [bins.ctr, ...pullArgs(image)] })),
        notes,
        warnings,
        tools: { buildctl: bins.buildctl, ctr: bins.ctr },
    };
}
function planService(name, facts, settings, paths, reinstalled) {
    const info = facts.services[name];
    const exe = name === 'containerd' ? paths.containerdExe : paths.buildkitdExe;
    const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
    const args = serviceArgs(name, settings, paths);
    const wanted = [exe, '--run-service', ...args];
    const managed = isManaged(info, ourDir);
    const actions = [];
    const reasons = [];
    const dependsOn = name === 'buildkitd' ? 'containerd' : undefined;
    if (managed) {
        if (!info.exists) {
            actions.push('register');
            reasons.push(`${name} is not registered as a service`);
        }
        else if (!sameCommand(serviceCommand(info), wanted)) {
            actions.push('reconfigure');
            reasons.push(`its command line is ${info.pathName ?? '(none)'}`);
        }
        if (info.exists && info.startMode !== 'Auto') {
            actions.push('set-automatic');
            reasons.push(`its start mode is ${info.startMode ?? 'unknown'}`);
        }
        if (dependsOn && !(info.dependencies ?? []).some((dep) => dep.toLowerCase() === dependsOn)) {
            actions.push('set-dependency');
            reasons.push(`it must start after ${dependsOn}`);
        }
    }
    const state = info.state ?? 'Stopped';
    if (!info.exists || state === 'Stopped') {
        actions.push('start');
        reasons.push(info.exists ? 'it is stopped' : 'it will be registered stopped');
    }
    else if (STUCK_STATES.includes(state)) {
        actions.push('restart');
        reasons.push(`it is stuck in state ${state}`);
    }
    else if (state === 'Running' && (reinstalled || actions.includes('reconfigure'))) {
        actions.push('restart');
        reasons.push(reinstalled ? 'its binaries are replaced' : 'its command line changes');
    }
    return {
        name,
        managed,
        actions,
        reasons,
        registerCommand: [exe, '--register-service', ...args],
        serviceCommandLine: joinWindowsCommandLine(wanted),
        logFile: name === 'containerd' ? paths.containerdLog : paths.buildkitdLog,
        dependsOn,
    };
}
/** A service is wcow-build's to configure when it is absent or runs a binary from its folder. */
function isManaged(info, ourDir) {
    return !info.exists || isInsideFolder(serviceCommand(info).program, ourDir);
}
function sameCommand(actual, wanted) {
    const [program, ...args] = wanted;
    return (normalizeWindowsPath(actual.program) === normalizeWindowsPath(program) &&
        actual.args.length === args.length &&
        actual.args.every((arg, i) => arg === args[i]));
}
/** The exclusions wanted on this host: daemon data, install and log folders, and their processes. */
function wantedExclusions(settings, paths, bins) {
    return {
        paths: [
            paths.containerdRoot,
            paths.containerdState,
            paths.buildkitdRoot,
            bins.containerdDir,
            bins.buildkitDir,
            paths.logDir,
            ...settings.exclusionPaths,
        ],
        processes: [bins.containerd, bins.shim, bins.buildkitd, bins.buildctl],
    };
}
function planExclusions(facts, settings, paths, bins, notes, warnings) {
    const wanted = wantedExclusions(settings, paths, bins);
    if (settings.defenderExclusions === 'false') {
        notes.push('Defender exclusions are off (defender-exclusions: false).');
        return null;
    }
    if (facts.defender === null) {
        const condition = settings.defenderExclusions === 'true'
            ? 'when Microsoft Defender is installed'
            : 'only when Defender real-time protection is on';
        return { condition, ...wanted };
    }
    const decision = decideExclusions(settings.defenderExclusions, facts.defender);
    if (!decision.manage) {
        notes.push(`No Defender exclusions: ${decision.reason}.`);
        return null;
    }
    if (facts.defender.exclusionPath === null || facts.defender.exclusionProcess === null) {
        warnings.push('Defender hides its exclusion list from this account, so none are added (the post step could ' +
            'not tell added ones from existing ones).');
        return null;
    }
    return {
        condition: decision.reason,
        paths: missingEntries(wanted.paths, facts.defender.exclusionPath),
        processes: missingEntries(wanted.processes, facts.defender.exclusionProcess),
    };
}

;// CONCATENATED MODULE: ./lib/windows/probe.js







/**
 * Reads the version from `containerd --version` or `buildkitd --version`, which print
 * `<name> <module path> v<version> <revision>`; a `+unknown` build suffix is dropped.
 */
function parseToolVersion(output) {
    for (const token of output.trim().split(/\s+/).slice(1)) {
        const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\+\S*)?$/.exec(token);
        if (match)
            return match[1];
    }
    return null;
}
/** Runs `<exe> --version`; null when the file is missing or prints no version. */
async function readToolVersion(exe, ctx) {
    if (!(await exists(exe)))
        return null;
    const result = await ctx.exec(exe, ['--version'], { env: ctx.env, timeoutMs: 30_000 });
    if (result.exitCode !== 0) {
        ctx.log.debug(`${exe} --version failed: ${result.startError ?? result.stderr.trim()}`);
        return null;
    }
    return parseToolVersion(result.stdout);
}
/** Reads everything the plan depends on; changes nothing. */
async function probe_probeHost(ctx, paths, settings) {
    const found = await queryServices(DAEMONS, ctx);
    const services = {
        containerd: found.get('containerd'),
        buildkitd: found.get('buildkitd'),
    };
    const installedVersions = {
        containerd: await readToolVersion(paths.containerdExe, ctx),
        buildkitd: await readToolVersion(paths.buildkitdExe, ctx),
    };
    const foreignVersions = {};
    for (const name of DAEMONS) {
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!isManaged(services[name], ourDir)) {
            foreignVersions[name] = await readToolVersion(serviceCommand(services[name]).program, ctx);
        }
    }
    const facts = {
        fresh: false,
        installedVersions,
        services,
        foreignVersions,
        natPluginInstalled: await exists(paths.natPluginExe),
        cniConf: await readText(paths.cniConfPath),
        nat: await readNatNetwork(ctx),
        logDirExists: await exists(paths.logDir),
        defender: settings.defenderExclusions === 'false' ? null : await readDefenderState(ctx),
        images: null,
    };
    if (settings.warmupImages.length === 0 || services.containerd.state !== 'Running')
        return facts;
    return { ...facts, images: await listImages(resolveBinaries(facts, paths).ctr, ctx) };
}
async function readText(file) {
    try {
        return await promises_.readFile(file, 'utf8');
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./lib/windows/prepare.js












/** Preparation failed; `changes` holds what was changed before, for the post step to undo. */
class HostPreparationError extends errors/* SetupError */.w3 {
    changes;
    constructor(message, changes) {
        super(message);
        this.changes = changes;
    }
}
const POLL_MS = 1000;
const STATE_WAIT_MS = 30_000;
const WARMUP_TIMEOUT_MS = 30 * 60_000;
/** An empty record of host changes. */
function noHostChanges() {
    return {
        version: 1,
        installed: [],
        files: [],
        services: [],
        exclusions: { paths: [], processes: [] },
        warmedUp: [],
        tools: {},
    };
}
/**
 * Prepares a Windows host for BuildKit: installs what is missing, registers and starts the
 * services, waits for the daemon to answer, warms it up and adds Defender exclusions. Throws a
 * SetupError (HostPreparationError) only when the daemon cannot be brought to answer.
 *
 * Two jobs on one machine must not prepare it at the same time: the main step holds the
 * host-wide `host-preparation` queue slot around this call.
 */
async function prepareHost(options) {
    const changes = noHostChanges();
    const skip = skipReason(options);
    if (skip !== undefined) {
        changes.skipped = skip.code;
        if (skip.code === 'setup-false')
            options.log.debug(skip.message);
        else
            options.log.info(skip.message);
        return changes;
    }
    const arch = releases_releaseArch(options.arch);
    if (arch === undefined) {
        throw new HostPreparationError(`No containerd or BuildKit release exists for architecture ${options.arch}; prepare the host ` +
            'yourself and set setup: false.', changes);
    }
    try {
        await new Preparation(options, arch, changes).run();
    }
    catch (error) {
        if (error instanceof HostPreparationError)
            throw error;
        throw new HostPreparationError(`Host preparation failed: ${(0,errors/* describeError */.Uc)(error)}`, changes);
    }
    return changes;
}
/**
 * Removes exactly the Defender exclusions `prepareHost` added, unless keep-exclusions; never throws.
 *
 * LIMITATION: exclusions are per machine, the record is per job. When two agents share a machine,
 * a job that found the exclusions already present (added by the other job) records none, and the
 * other job's post step removes them while it still builds. Such hosts should use
 * keep-exclusions: true.
 */
async function restoreHost(options, changes) {
    const { log } = options;
    try {
        const added = {
            paths: stringList(changes?.exclusions?.paths),
            processes: stringList(changes?.exclusions?.processes),
        };
        const count = added.paths.length + added.processes.length;
        if (count === 0) {
            log.debug('No Defender exclusions were added, so none are removed.');
            return;
        }
        const listing = [...added.paths, ...added.processes].join(', ');
        if (options.settings.keepExclusions) {
            log.info(`keep-exclusions is true: the ${count} Defender exclusions added earlier stay (${listing}).`);
            return;
        }
        if (options.platform !== 'win32')
            return;
        await log.group('Restore host: Defender exclusions', async () => {
            const ctx = { exec: options.exec, env: options.env, log };
            let failures;
            try {
                failures = await changeExclusions('remove', added, ctx);
            }
            catch (error) {
                failures = [
                    ...added.paths.map((value) => ({
                        kind: 'path',
                        value,
                        message: (0,errors/* describeError */.Uc)(error),
                    })),
                    ...added.processes.map((value) => ({
                        kind: 'process',
                        value,
                        message: (0,errors/* describeError */.Uc)(error),
                    })),
                ];
            }
            const failed = new Set(failures.map((failure) => `${failure.kind}:${failure.value}`));
            for (const value of added.paths) {
                if (!failed.has(`path:${value}`))
                    log.info(`Removed Defender exclusion path ${value}.`);
            }
            for (const value of added.processes) {
                if (!failed.has(`process:${value}`))
                    log.info(`Removed Defender exclusion process ${value}.`);
            }
            if (failures.length > 0) {
                const left = {
                    paths: failures.filter((f) => f.kind === 'path').map((f) => f.value),
                    processes: failures.filter((f) => f.kind === 'process').map((f) => f.value),
                };
                log.warning(`Defender did not remove ${failures.length} exclusion(s) wcow-build added ` +
                    `(${failures[0].message}). Remove them by hand as administrator: ${manualCommand('remove', left)}`);
            }
        });
    }
    catch (error) {
        log.warning(`Undoing the host changes failed: ${(0,errors/* describeError */.Uc)(error)}. The job result is unchanged.`);
    }
}
/**
 * Lists, as JSON, every change `prepareHost` would make on this host (or on a fresh Windows host
 * with `assumeFreshHost`), with each download's URL and SHA-256; changes nothing.
 */
async function planHostPreparation(options) {
    const skip = skipReason(options);
    if (skip !== undefined)
        return skippedPlan(options, skip.message);
    const arch = releaseArch(options.arch);
    if (arch === undefined)
        return skippedPlan(options, `no containerd or BuildKit release exists for ${options.arch}`);
    const paths = resolveHostPaths(options.env);
    const ctx = { exec: options.exec, env: options.env, log: options.log };
    const facts = options.assumeFreshHost
        ? freshHostFacts()
        : await probeHost(ctx, paths, options.settings);
    const plan = makePlan(options, arch, paths, facts);
    for (const download of plan.downloads) {
        const artifact = artifactFor(options, arch, download.tool, download.version);
        download.checksumSource = describeChecksumSource(artifact.checksum);
        download.cacheDir = archiveCacheDir(options.toolCacheDir, artifact);
        try {
            download.sha256 = await resolveChecksum(artifact, (url) => fetchText(url));
        }
        catch (error) {
            download.checksumError = describeError(error);
        }
    }
    return plan;
}
function skipReason(options) {
    if (options.settings.setup === 'false') {
        return { code: 'setup-false', message: 'setup is false: the host is left as it is.' };
    }
    if (options.platform !== 'win32') {
        return {
            code: 'not-windows',
            message: `Host preparation applies to Windows hosts; this host runs ${options.platform}, so nothing was changed.`,
        };
    }
    if (!isLocalPipe(options.settings.buildkitAddress)) {
        return {
            code: 'remote-daemon',
            message: `buildkit-address ${options.settings.buildkitAddress} is not a named pipe on this host, so the host ` +
                'is not prepared (the daemon runs elsewhere).',
        };
    }
    return undefined;
}
function skippedPlan(options, reason) {
    return {
        version: 1,
        platform: options.platform,
        arch: options.arch,
        freshHostAssumed: false,
        skipped: reason,
        daemonAddress: options.settings.buildkitAddress,
        downloads: [],
        files: [],
        services: [],
        waitFor: null,
        exclusions: null,
        warmup: [],
        notes: [],
        warnings: [],
        tools: { buildctl: 'buildctl', ctr: 'ctr' },
    };
}
function artifactFor(options, arch, tool, version) {
    return releaseArtifact(tool, version, arch, options.releasesBaseUrl ?? DEFAULT_RELEASES_BASE, options.pinnedSha256);
}
function makePlan(options, arch, paths, facts) {
    return buildPlan({
        facts,
        settings: options.settings,
        paths,
        arch,
        urlOf: (tool, version) => {
            const artifact = artifactFor(options, arch, tool, version);
            return { url: artifact.url, fileName: artifact.fileName };
        },
    });
}
function describeChecksumSource(source) {
    switch (source.kind) {
        case 'pinned':
            return `pinned (${source.origin})`;
        case 'sha256sum':
            return `published checksum file ${source.url}`;
        case 'in-toto':
            return `published in-toto statement ${source.url} (subject digest)`;
        default:
            return `none: ${source.reason}`;
    }
}
function asSentence(text) {
    return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
function stringList(value) {
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
/** One run of the preparation: the phases share the host paths, the facts and the record. */
class Preparation {
    options;
    arch;
    changes;
    ctx;
    paths;
    log;
    settings;
    facts = plan_freshHostFacts();
    /** Services stopped so that binaries could be replaced, with the reason to start them again. */
    stoppedForInstall = new Map();
    /** Services changed since the probe; the others are known from the probe without asking again. */
    touched = new Set();
    constructor(options, arch, changes) {
        this.options = options;
        this.arch = arch;
        this.changes = changes;
        this.ctx = { exec: options.exec, env: options.env, log: options.log };
        this.paths = host_paths_resolveHostPaths(options.env);
        this.log = options.log;
        this.settings = options.settings;
    }
    async run() {
        const plan = await this.log.group('Prepare host: inspect', () => this.inspect());
        await this.log.group('Prepare host: Defender exclusions', () => this.addExclusions(plan));
        if (plan.downloads.length > 0) {
            await this.log.group('Prepare host: install', () => this.install(plan));
        }
        if (plan.files.length > 0) {
            await this.log.group('Prepare host: network and logs', () => this.writeFiles(plan));
        }
        await this.log.group('Prepare host: services', () => this.startServices(plan));
        if (plan.warmup.length > 0) {
            await this.log.group('Prepare host: warm-up', () => this.warmUp(plan));
        }
    }
    record(change, message) {
        change();
        this.log.info(message);
        this.options.onChange?.(this.changes);
    }
    async inspect() {
        this.facts = await probe_probeHost(this.ctx, this.paths, this.settings);
        const plan = makePlan(this.options, this.arch, this.paths, this.facts);
        this.changes.tools = { ...plan.tools };
        for (const name of DAEMONS) {
            const info = this.facts.services[name];
            const service = info.exists ? `service ${info.state}, start ${info.startMode}` : 'no service';
            const foreign = name in this.facts.foreignVersions;
            const version = foreign
                ? `${this.facts.foreignVersions[name] ?? 'unknown version'} at ${info.pathName ?? ''}`
                : (this.facts.installedVersions[name] ?? 'not installed');
            this.log.info(`${name}: ${version} (${service}).`);
        }
        const planned = [
            ...plan.downloads.map((d) => `install ${d.tool} ${d.version}`),
            ...plan.files.map((f) => `${f.action} ${f.path}`),
            ...plan.services.flatMap((s) => s.actions.map((action) => `${action} ${s.name}`)),
        ];
        this.log.info(planned.length === 0 ? 'Nothing to install or configure.' : `Planned: ${planned.join('; ')}.`);
        // The plan's notes are for `setup --plan`; each phase logs its own decision.
        for (const warning of plan.warnings)
            this.log.warning(warning);
        return plan;
    }
    async addExclusions(plan) {
        const state = this.facts.defender;
        if (state === null) {
            this.log.info('Defender exclusions: off (defender-exclusions: false).');
            return;
        }
        const decision = decideExclusions(this.settings.defenderExclusions, state);
        if (!decision.manage) {
            this.log.info(`Defender exclusions: none added; ${decision.reason}.`);
            return;
        }
        const wanted = plan.exclusions;
        if (wanted === null)
            return; // the plan's warning already says why (hidden exclusion list)
        if (wanted.paths.length + wanted.processes.length === 0) {
            this.log.info(`Defender exclusions: all already present (${decision.reason}).`);
            return;
        }
        let failures;
        try {
            failures = await changeExclusions('add', wanted, this.ctx);
        }
        catch (error) {
            failures = [{ kind: 'path', value: '*', message: (0,errors/* describeError */.Uc)(error) }];
        }
        const after = await readDefenderState(this.ctx);
        const added = presentNow(wanted, after, failures);
        for (const value of added.paths) {
            this.record(() => this.changes.exclusions.paths.push(value), `Added Defender exclusion path ${value}.`);
        }
        for (const value of added.processes) {
            this.record(() => this.changes.exclusions.processes.push(value), `Added Defender exclusion process ${value}.`);
        }
        const refused = {
            paths: wanted.paths.filter((p) => !added.paths.includes(p)),
            processes: wanted.processes.filter((p) => !added.processes.includes(p)),
        };
        const count = refused.paths.length + refused.processes.length;
        if (count > 0) {
            const why = failures.length > 0 ? failures[0].message : 'Defender did not keep them';
            this.log.warning(`Defender refused ${count} exclusion(s) (${why}). ${adviceForRefusal(after.available ? after : state, failures)} ` +
                `By hand, as administrator: ${manualCommand('add', refused)}`);
        }
    }
    async install(plan) {
        for (const download of plan.downloads) {
            try {
                await this.installOne(download);
            }
            catch (error) {
                const reason = asSentence((0,errors/* describeError */.Uc)(error));
                if (download.tool === 'cni') {
                    this.log.warning(`The Windows NAT CNI plugin was not installed: ${reason} RUN steps get no network until ` +
                        `nat.exe is in ${download.installDir}.`);
                    continue;
                }
                const name = download.tool === 'containerd' ? 'containerd' : 'buildkitd';
                const current = this.facts.installedVersions[name];
                if (current !== null) {
                    this.log.warning(`${download.tool} ${download.version} was not installed: ${reason} Going on with ${current}.`);
                    continue;
                }
                throw new HostPreparationError(`${download.tool} ${download.version} could not be installed: ${reason}`, this.changes);
            }
        }
    }
    async installOne(download) {
        const artifact = artifactFor(this.options, this.arch, download.tool, download.version);
        const sha256 = await releases_resolveChecksum(artifact, (url) => download_fetchText(url));
        this.log.info(`${artifact.fileName} must have SHA-256 ${sha256} (${describeChecksumSource(artifact.checksum)}).`);
        const { file, source } = await ensureArchive(artifact, sha256, {
            toolCacheDir: this.options.toolCacheDir,
            downloadCache: this.options.downloadCache,
            clock: this.options.clock,
            log: this.log,
        });
        if (download.stopsService !== undefined)
            await this.stopForInstall(download.stopsService);
        const files = await installArchive(file, artifact.format, download.installDir);
        this.record(() => this.changes.installed.push({
            tool: artifact.tool,
            version: artifact.version,
            url: artifact.url,
            sha256,
            source,
            dir: download.installDir,
            files,
        }), `Installed ${artifact.tool} ${artifact.version} into ${download.installDir} (${files.length} files, archive from ${source}).`);
        if (artifact.tool === 'cni')
            return;
        const exe = artifact.tool === 'containerd' ? this.paths.containerdExe : this.paths.buildkitdExe;
        const version = await readToolVersion(exe, this.ctx);
        if (version !== artifact.version) {
            throw new Error(`the installed ${exe} reports version ${version ?? 'none'}, not ${artifact.version}.`);
        }
    }
    async stopForInstall(name, detail = 'to replace its binaries') {
        // The service manager refuses to stop containerd while buildkitd, which depends on it, runs.
        if (name === 'containerd')
            await this.stopForInstall('buildkitd', "to replace containerd's binaries");
        this.touched.add(name);
        const info = await this.query(name);
        if (!info.exists || info.state === 'Stopped')
            return;
        await this.stop(info);
        this.stoppedForInstall.set(name, detail.replace(/^to replace/, 'after replacing'));
        this.record(() => this.changes.services.push({ name, action: 'stopped', detail }), `Stopped service ${name} ${detail}.`);
    }
    async writeFiles(plan) {
        for (const file of plan.files) {
            if (file.action === 'create-folder') {
                await promises_.mkdir(file.path, { recursive: true });
                this.record(() => this.changes.files.push({ path: file.path, action: 'created-folder' }), `Created folder ${file.path} (${file.purpose}).`);
                continue;
            }
            if (file.content === undefined)
                continue;
            const previous = await promises_.readFile(file.path, 'utf8').catch(() => undefined);
            await promises_.mkdir(hostDirname(file.path), { recursive: true });
            await promises_.writeFile(file.path, file.content, 'utf8');
            const action = previous === undefined ? 'created' : 'replaced';
            this.record(() => this.changes.files.push({ path: file.path, action, previousContent: previous }), `${action === 'created' ? 'Created' : 'Replaced'} ${file.path}: ${file.purpose}.`);
        }
    }
    async startServices(plan) {
        for (const service of plan.services) {
            await this.configure(service);
            await this.ensureRunning(service.name, service.actions.includes('restart'), service.reasons.join('; '));
        }
        await this.waitForDaemon(plan);
    }
    async configure(service) {
        const { name } = service;
        if (service.actions.some((action) => action !== 'start' && action !== 'restart'))
            this.touched.add(name);
        for (const action of service.actions) {
            if (action === 'register') {
                const [program, ...args] = service.registerCommand;
                this.log.debug(`argv: ${JSON.stringify(service.registerCommand)}`);
                const result = await this.options.exec(program, args, {
                    env: this.options.env,
                    timeoutMs: 60_000,
                });
                if (result.exitCode !== 0) {
                    const detail = result.startError ??
                        (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).at(-1);
                    throw new HostPreparationError(`Registering the ${name} service failed (${detail}). The agent needs administrator rights to ` +
                        'register services; run it elevated or register the services yourself (see wcow-build setup --plan).', this.changes);
                }
                this.record(() => this.changes.services.push({
                    name,
                    action: 'registered',
                    detail: `automatic start, log file ${service.logFile}`,
                    commandLine: service.serviceCommandLine,
                }), `Registered service ${name}: ${service.serviceCommandLine}`);
            }
            else if (action === 'reconfigure') {
                const previous = this.facts.services[name].pathName;
                await configureService(name, 'binPath', service.serviceCommandLine, this.ctx);
                this.record(() => this.changes.services.push({
                    name,
                    action: 'reconfigured',
                    detail: 'command line set to the one wcow-build registers',
                    commandLine: service.serviceCommandLine,
                    previousCommandLine: previous,
                }), `Changed the command line of service ${name} from ${previous ?? '(none)'} to ${service.serviceCommandLine}`);
            }
            else if (action === 'set-automatic') {
                await configureService(name, 'start', 'auto', this.ctx);
                const was = this.facts.services[name].startMode ?? 'unknown';
                this.record(() => this.changes.services.push({
                    name,
                    action: 'set-automatic',
                    detail: `start mode was ${was}`,
                }), `Set service ${name} to start automatically (was ${was}).`);
            }
            else if (action === 'set-dependency' && service.dependsOn !== undefined) {
                const existing = [...(this.facts.services[name].dependencies ?? [])];
                const value = [...existing, service.dependsOn].join('/');
                await configureService(name, 'depend', value, this.ctx);
                this.record(() => this.changes.services.push({
                    name,
                    action: 'set-dependency',
                    detail: `depends on ${value}`,
                }), `Made service ${name} depend on ${value}.`);
            }
        }
    }
    async query(name) {
        const found = await queryServices([name], this.ctx);
        return found.get(name) ?? { name, exists: false };
    }
    /** Starts a stopped service, restarts a stuck one (or one that must restart), and waits for Running. */
    async ensureRunning(name, restart, reason) {
        let info = this.touched.has(name) ? await this.query(name) : this.facts.services[name];
        this.touched.add(name);
        if (!info.exists) {
            throw new HostPreparationError(`Service ${name} is not registered; it cannot be started.`, this.changes);
        }
        const state = info.state ?? 'Stopped';
        const stuck = STUCK_STATES.includes(state);
        if (state === 'Running' && !restart)
            return;
        if (state === 'Running' || stuck) {
            await this.stop(info);
            await this.start(name, 'restarted', stuck ? `it was stuck in state ${state}` : reason);
        }
        else {
            const detail = this.stoppedForInstall.get(name) ?? `it was ${state.toLowerCase()}`;
            await this.start(name, 'started', detail);
        }
        info = await this.waitForState(name, (s) => s === 'Running' || s === 'Stopped', this.stateWaitMs());
        if (info.state === 'Stopped') {
            const log = name === 'containerd' ? this.paths.containerdLog : this.paths.buildkitdLog;
            throw new HostPreparationError(`Service ${name} stopped right after it was started; read ${log} on the host for the reason.`, this.changes);
        }
        if (info.state !== 'Running') {
            this.log.info(`Service ${name} is still ${info.state}; waiting for the daemon to answer instead.`);
        }
    }
    async start(name, action, detail) {
        const result = await startService(name, this.ctx);
        if (!result.ok) {
            throw new HostPreparationError(`Service ${name} could not be started (sc.exe start: ${result.detail}).`, this.changes);
        }
        this.record(() => this.changes.services.push({ name, action, detail }), `${action === 'started' ? 'Started' : 'Restarted'} service ${name} (${detail}).`);
    }
    /** Stops a service; kills its process when it does not stop (a stuck service ignores requests). */
    async stop(info) {
        const name = info.name;
        const asked = await stopService(name, this.ctx);
        let now = asked.ok
            ? await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs())
            : info;
        if (now.state !== 'Stopped') {
            const pid = now.processId ?? info.processId ?? 0;
            if (pid <= 0) {
                throw new HostPreparationError(`Service ${name} does not stop (${asked.detail}) and has no process to end.`, this.changes);
            }
            this.log.info(`Service ${name} does not stop (${asked.ok ? now.state : asked.detail}); ending process ${pid}.`);
            await stopProcess(pid, this.ctx);
            now = await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs());
            if (now.state !== 'Stopped') {
                throw new HostPreparationError(`Service ${name} is still ${now.state} after its process was ended.`, this.changes);
            }
        }
    }
    /** How long to wait for a service state: 30 s, less when service-timeout is short. */
    stateWaitMs() {
        return Math.min(STATE_WAIT_MS, this.settings.serviceTimeoutMs / 4);
    }
    async waitForState(name, done, limitMs) {
        const deadline = this.options.clock.now() + limitMs;
        for (;;) {
            const info = await this.query(name);
            if (done(info.state ?? 'Stopped') || this.options.clock.now() >= deadline)
                return info;
            await this.options.clock.sleep(Math.min(POLL_MS, deadline - this.options.clock.now()));
        }
    }
    async waitForDaemon(plan) {
        const { clock } = this.options;
        const address = this.settings.buildkitAddress;
        const timeout = this.settings.serviceTimeoutMs;
        const started = clock.now();
        const deadline = started + timeout;
        let restarted = false;
        let last = '';
        for (;;) {
            const probe = await probeDaemon(plan.tools.buildctl, address, this.ctx);
            if (probe.windowsWorker) {
                this.log.info(`BuildKit answers at ${address} after ${Math.round((clock.now() - started) / 1000)} s: ${probe.detail}.`);
                return;
            }
            if (probe.detail !== last)
                this.log.debug(`BuildKit not ready: ${probe.detail}`);
            last = probe.detail;
            const now = clock.now();
            if (now >= deadline) {
                throw new HostPreparationError(`BuildKit at ${address} did not list a Windows worker within ${timeout / 1000} s (service-timeout); ` +
                    `last answer: ${last}. Read ${this.paths.buildkitdLog} and ${this.paths.containerdLog} on the host, ` +
                    'or raise service-timeout.', this.changes);
            }
            if (!restarted && now - started >= timeout / 2) {
                restarted = true;
                await this.restartSilentDaemon(Math.round((now - started) / 1000), last);
            }
            await clock.sleep(Math.min(POLL_MS, deadline - now));
        }
    }
    /** Halfway through the wait, a daemon that runs but does not answer is restarted once. */
    async restartSilentDaemon(seconds, last) {
        const containerd = await this.query('containerd');
        if (containerd.state !== 'Running')
            await this.ensureRunning('containerd', false, 'it was not running');
        await this.ensureRunning('buildkitd', true, `BuildKit did not answer for ${seconds} s (${last})`);
    }
    async warmUp(plan) {
        const ctr = plan.tools.ctr;
        const present = this.facts.images ?? (await listImages(ctr, this.ctx)) ?? [];
        for (const { image, command } of plan.warmup) {
            if (present.includes(image)) {
                this.log.info(`${image} is already in BuildKit's image store.`);
                continue;
            }
            const started = this.options.clock.now();
            this.log.debug(`argv: ${JSON.stringify(command)}`);
            const result = await this.options.exec(command[0], command.slice(1), {
                env: this.options.env,
                timeoutMs: WARMUP_TIMEOUT_MS,
                maxOutput: 64 * 1024,
            });
            if (result.exitCode === 0) {
                const seconds = Math.round((this.options.clock.now() - started) / 1000);
                this.record(() => this.changes.warmedUp.push(image), `Pulled ${image} into BuildKit's image store in ${seconds} s.`);
                continue;
            }
            const detail = result.timedOut
                ? `no result within ${WARMUP_TIMEOUT_MS / 60_000} min`
                : (result.startError ??
                    result.stderr.trim().split(/\r?\n/).at(-1) ??
                    `exit code ${result.exitCode}`);
            // LIMITATION: ctr reads no registry credentials, so images from private registries are not warmed up.
            this.log.warning(`Warm-up of ${image} failed (${detail}); the build pulls it itself. Images that need a registry ` +
                'login cannot be warmed up.');
        }
    }
}
/** The wanted exclusions Defender now lists and did not refuse. */
function presentNow(wanted, after, failures) {
    const refused = new Set(failures.map((failure) => `${failure.kind}:${normalizeWindowsPath(failure.value)}`));
    const has = (list, kind, value) => {
        if (refused.has(`${kind}:${normalizeWindowsPath(value)}`) || refused.has(`path:*`))
            return false;
        // When the list cannot be read back, an entry that raised no error is taken as added.
        return (list === null ||
            list.some((entry) => normalizeWindowsPath(entry) === normalizeWindowsPath(value)));
    };
    return {
        paths: wanted.paths.filter((value) => has(after.available ? after.exclusionPath : null, 'path', value)),
        processes: wanted.processes.filter((value) => has(after.available ? after.exclusionProcess : null, 'process', value)),
    };
}


/***/ })

};
