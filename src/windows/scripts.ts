/**
 * The PowerShell the host preparation runs. Each script reads its values from `$data` (never
 * spliced into the text), prints one JSON document and decides nothing: the decisions are made in
 * TypeScript. The first line names the script (`# wcow:<name>`) so logs and test stand-ins can
 * tell them apart.
 */

/** Service state for `$data.names`: Win32_Service facts plus the services each depends on. */
export const SERVICES_SCRIPT = `# wcow:services
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
export const STOP_PROCESS_SCRIPT = `# wcow:stop-process
Stop-Process -Id ([int]$data.processId) -Force
ConvertTo-Json -InputObject @{ stopped = $true } -Compress`;

/** Defender status and the current exclusions; `available = $false` when Defender is absent. */
export const DEFENDER_STATE_SCRIPT = `# wcow:defender-state
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
export const DEFENDER_CHANGE_SCRIPT = `# wcow:defender-change
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
export const NAT_NETWORK_SCRIPT = `# wcow:nat-network
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
