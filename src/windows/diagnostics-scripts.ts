import { runPowerShell, type PowerShellOptions } from './powershell.js';

/*
 * The PowerShell side of the Windows diagnostics collectors. Each script only reads: it takes its
 * values from `$data`, prints one JSON object and leaves all judgement to TypeScript. A comment
 * line names the script so that logs (and test stand-ins) can tell them apart.
 */

/** Options for one diagnostics script: how to run it and when to give up. */
export type ScriptOptions = Omit<PowerShellOptions, 'data'>;

/** The OS version as the registry records it; the revision (UBR) is what patches change. */
export interface OsVersionInfo {
  readonly productName: string;
  readonly displayVersion: string;
  readonly editionId: string;
  readonly installationType: string;
  readonly currentBuild: string;
  readonly ubr: number;
  readonly buildLabEx: string;
}

const OS_VERSION = String.raw`# wcow-diagnostics: os-version
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
export function readOsVersion(options: ScriptOptions): Promise<OsVersionInfo> {
  return runPowerShell<OsVersionInfo>(OS_VERSION, options);
}

/** One service as Win32_Service describes it, with its process start time. */
export interface ServiceInfo {
  readonly name: string;
  readonly found: boolean;
  readonly displayName?: string;
  readonly state?: string;
  readonly startMode?: string;
  readonly pathName?: string;
  readonly processId?: number;
  readonly processStartedAt?: string | null;
  readonly startName?: string;
  readonly exitCode?: number;
  readonly serviceSpecificExitCode?: number;
  readonly delayedAutoStart?: boolean;
}

const SERVICES = String.raw`# wcow-diagnostics: services
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
export async function readServices(
  names: readonly string[],
  options: ScriptOptions,
): Promise<ServiceInfo[]> {
  const result = await runPowerShell<{ services: ServiceInfo[] }>(SERVICES, {
    ...options,
    data: { names },
  });
  return result.services ?? [];
}

/** One Get-WinEvent query: a log, optionally narrowed to providers and levels. */
export interface EventQuery {
  readonly name: string;
  readonly logName: string;
  readonly providers?: readonly string[];
  /** 1 critical, 2 error, 3 warning, 4 information. */
  readonly levels?: readonly number[];
}

export interface EventEntry {
  readonly time: string;
  readonly id: number;
  /** 1 critical, 2 error, 3 warning, 4 information (the display name is localised). */
  readonly level: number;
  readonly levelName: string;
  readonly provider: string;
  readonly message: string;
}

export interface EventQueryResult {
  readonly name: string;
  readonly logName: string;
  readonly events: readonly EventEntry[];
  /** Set when the log could not be read (absent on this edition, access denied). */
  readonly error?: string | null;
}

const EVENT_LOGS = String.raw`# wcow-diagnostics: event-logs
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
export async function readEventLogs(
  queries: readonly EventQuery[],
  since: number,
  limits: { maxEvents: number; maxMessage: number },
  options: ScriptOptions,
): Promise<EventQueryResult[]> {
  const data = { queries, since, maxEvents: limits.maxEvents, maxMessage: limits.maxMessage };
  const result = await runPowerShell<{ queries: EventQueryResult[] }>(EVENT_LOGS, {
    ...options,
    data,
  });
  return result.queries ?? [];
}

/** A process that holds a file open, as the Restart Manager reports it. */
export interface FileHolder {
  readonly pid: number;
  readonly app: string;
  readonly service: string;
  /** RM_APP_TYPE name: Service, Console, MainWindow, Critical, ... */
  readonly type: string;
  readonly processName?: string | null;
  readonly path?: string | null;
}

export interface LockCheck {
  readonly path: string;
  /** How many files were asked about (a folder stands for the files in it). */
  readonly files: number;
  readonly holders: readonly FileHolder[];
  readonly error?: string | null;
}

// RmGetList is asked twice: once for the count, then with room for it (ERROR_MORE_DATA = 234).
const RESTART_MANAGER_SOURCE = String.raw`
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

const LOCK_HOLDERS = String.raw`# wcow-diagnostics: lock-holders
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
export async function findFileHolders(
  paths: readonly string[],
  maxFiles: number,
  options: ScriptOptions,
): Promise<LockCheck[]> {
  const data = { paths, maxFiles };
  const result = await runPowerShell<{ checks: LockCheck[] }>(LOCK_HOLDERS, { ...options, data });
  return result.checks ?? [];
}

/** Defender's state and exclusions; each half may be missing (no Defender, no rights). */
export interface DefenderInfo {
  readonly status: {
    readonly amRunningMode: string;
    readonly antivirusEnabled: boolean;
    readonly realTimeProtectionEnabled: boolean;
    readonly onAccessProtectionEnabled: boolean;
    readonly behaviorMonitorEnabled: boolean;
    readonly productVersion: string;
    readonly signatureVersion: string;
  } | null;
  readonly statusError: string | null;
  readonly preference: {
    readonly disableRealtimeMonitoring: boolean;
    readonly exclusionPath: readonly string[];
    readonly exclusionProcess: readonly string[];
    readonly exclusionExtension: readonly string[];
  } | null;
  readonly preferenceError: string | null;
}

const DEFENDER = String.raw`# wcow-diagnostics: defender
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
export function readDefender(options: ScriptOptions): Promise<DefenderInfo> {
  return runPowerShell<DefenderInfo>(DEFENDER, options);
}

export interface VolumeInfo {
  readonly root: string;
  /** The first path asked about that lies on this volume. */
  readonly path: string;
  readonly format?: string;
  readonly totalBytes?: number;
  readonly freeBytes?: number;
  readonly error?: string;
}

const VOLUMES = String.raw`# wcow-diagnostics: volumes
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
export async function readVolumes(
  paths: readonly string[],
  options: ScriptOptions,
): Promise<VolumeInfo[]> {
  const result = await runPowerShell<{ volumes: VolumeInfo[] }>(VOLUMES, {
    ...options,
    data: { paths },
  });
  return result.volumes ?? [];
}
