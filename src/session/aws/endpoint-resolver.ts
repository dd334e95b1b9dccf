import { KernelError } from '../../errors.js';
import type { StaticCredentialsSpec } from '../session-service.js';
import type { ResolvedSetting } from '../settings/setting-types.js';

/**
 * Where AWS calls go and who signs them, decided in one place: an endpoint URL is used as it is,
 * with the user's credential chain; `%endpoint local` (the setting's value 'local') is the
 * embedded local Glue endpoint, started on demand through the port below, whose URL serves Glue
 * and STS and whose account's keys sign the calls unless the notebook chose other credentials.
 * The setting itself stays 'local', so `%endpoint local` run again is no change.
 */

/** Which accounts the local endpoint runs with, and what named them (for error hints). */
export interface LocalAccountsChoice {
  /** Absolute path of an accounts file; undefined: the built-in account. */
  file?: string;
  namedBy?: string;
}

/** A running local endpoint, as the session layer uses it. */
export interface LocalEndpointTarget {
  url: string;
  /** The keys of its first user with keys: the caller unless the notebook chose others. */
  credentials: StaticCredentialsSpec;
  /** The session role used when none is set: the built-in account's, none with an accounts file. */
  defaultRole?: string;
  /** The built-in account's id when it runs with it (AccessDenied then explains how to choose). */
  builtInAccount?: string;
}

/**
 * The embedded local endpoint as a port: the composition root implements it (app/), so the session
 * layer knows nothing of the endpoint's code. `start` with the accounts in use returns the running
 * endpoint; with other accounts it replaces it.
 */
export interface LocalEndpointPort {
  start(accounts: LocalAccountsChoice): Promise<LocalEndpointTarget>;
}

/** The endpoint part of an AwsTarget (aws-access.ts). */
export interface EndpointTarget {
  endpoint?: string;
  stsEndpoint?: string;
  /** Signs calls instead of the user's credential chain (the local endpoint's account keys). */
  caller?: StaticCredentialsSpec;
  /** The hint an AccessDenied from this target gets instead of its own. */
  accessDeniedHint?: string;
}

/** The value of the endpoint setting that names the embedded local endpoint. */
export const LOCAL_ENDPOINT = 'local';

export class EndpointResolver {
  private local: { accounts: string | undefined; target: LocalEndpointTarget } | undefined;

  constructor(private readonly port: LocalEndpointPort | undefined) {}

  /**
   * Before a call that reaches AWS: with the endpoint 'local', starts the local endpoint with the
   * accounts chosen (again when they changed). True when the calls now go to another local
   * endpoint than before: its account's keys then replace the credentials chosen for the last one.
   */
  async prepare(
    endpoint: string | undefined,
    accounts: ResolvedSetting<string | undefined> | undefined,
  ): Promise<boolean> {
    if (endpoint !== LOCAL_ENDPOINT) return false;
    if (!this.port) {
      throw new KernelError('config', 'This kernel has no local Glue endpoint.', {
        hint: 'Give an endpoint URL with %endpoint URL.',
      });
    }
    const file = accounts?.value;
    const target = await this.port.start({
      file,
      namedBy:
        accounts?.source === 'magic' ? '%endpoint local --accounts' : 'GLUE_KERNEL_LOCAL_ACCOUNTS',
    });
    const previous = this.local;
    if (previous && previous.accounts === file && previous.target.url === target.url) return false;
    this.local = { accounts: file, target };
    return true;
  }

  /** The endpoint part of the target for this endpoint setting and STS endpoint. */
  resolve(endpoint: string | undefined, stsEndpoint: string | undefined): EndpointTarget {
    if (endpoint !== LOCAL_ENDPOINT) return { endpoint, stsEndpoint };
    const target = this.running();
    return {
      endpoint: target.url,
      stsEndpoint: target.url,
      caller: target.credentials,
      ...(target.builtInAccount === undefined
        ? {}
        : { accessDeniedHint: builtInAccountHint(target.builtInAccount) }),
    };
  }

  /** The session role the endpoint setting brings when none is set (the built-in account's). */
  defaultRole(endpoint: string | undefined): string | undefined {
    return endpoint === LOCAL_ENDPOINT ? this.local?.target.defaultRole : undefined;
  }

  private running(): LocalEndpointTarget {
    if (!this.local) {
      // prepare() runs before every call that reaches AWS: this is a bug, not a setting.
      throw new KernelError('internal', 'The local Glue endpoint was used before it started.');
    }
    return this.local.target;
  }
}

/**
 * AWS refusing the built-in account (it has only its own role) almost always means the notebook
 * was written for an accounts file it did not choose: say how to choose one.
 */
function builtInAccountHint(account: string): string {
  return (
    `The local endpoint runs with its built-in account (${account}) only. If the notebook ` +
    'was written for an accounts file, choose it in its first cell: %endpoint local --accounts FILE ' +
    "(relative to the notebook's folder), or set GLUE_KERNEL_LOCAL_ACCOUNTS before Jupyter starts; " +
    'see docs/local-accounts.md.'
  );
}
