import { runPowerShell } from './powershell.js';
import { NAT_NETWORK_SCRIPT } from './scripts.js';
import type { WindowsContext } from './services.js';

/** The HNS network the NAT plugin attaches containers to (Docker and the Containers feature create it). */
export const NAT_NETWORK_NAME = 'nat';

export interface NatNetwork {
  readonly found: boolean;
  readonly reason?: string;
  readonly type?: string;
  readonly subnet?: string;
  readonly gateway?: string;
}

/** Reads the HNS NAT network; never throws (not found carries the reason). */
export async function readNatNetwork(ctx: WindowsContext): Promise<NatNetwork> {
  try {
    return await runPowerShell<NatNetwork>(NAT_NETWORK_SCRIPT, {
      exec: ctx.exec,
      env: ctx.env,
      data: { name: NAT_NETWORK_NAME },
    });
  } catch (error) {
    return { found: false, reason: (error as Error).message };
  }
}

/** The NAT network configuration BuildKit hands to the `nat` plugin for RUN steps. */
export function natCniConfig(subnet: string, gateway: string): string {
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

export type CniConfDecision =
  | { readonly action: 'none'; readonly reason: string }
  | { readonly action: 'create' | 'replace'; readonly content: string; readonly reason: string };

/**
 * Decides what to do with the CNI config file: create it when missing; replace it only when it
 * is a NAT config whose subnet or gateway no longer matches the live network (RUN steps would
 * have no network); leave any other existing file alone.
 */
export function decideCniConf(existing: string | null, nat: NatNetwork): CniConfDecision {
  if (!nat.found || !nat.subnet || !nat.gateway) {
    return {
      action: 'none',
      reason: `the HNS network '${NAT_NETWORK_NAME}' was not found (${nat.reason ?? 'no subnet'})`,
    };
  }
  const content = natCniConfig(nat.subnet, nat.gateway);
  if (existing === null) return { action: 'create', content, reason: 'no CNI config yet' };
  let parsed: { type?: unknown; ipam?: { subnet?: unknown; routes?: { gateway?: unknown }[] } };
  try {
    parsed = JSON.parse(existing) as typeof parsed;
  } catch {
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
