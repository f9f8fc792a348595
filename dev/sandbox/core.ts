/** What route handlers see of the sandbox: its state and a way to run a request in-process (for `$batch`). */
import type { BehaviourKnobs } from './behaviour';
import type { SandboxRequest } from './http/request';
import type { SandboxResponse } from './http/router';
import type { FaultDecision, FaultEngine } from './faults';
import type { ObjectStore } from './objects';
import type { Store } from './store/Store';
import type { TokenService } from './tokens';
import type { SandboxClock, SandboxUser } from './types';

export interface DirectoryUser extends SandboxUser {
  givenName: string;
  surname: string;
  jobTitle: string;
  officeLocation: string;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string;
  /** `onPremises` mailboxes answer 404 MailboxNotEnabledForRESTAPI on mailbox routes. */
  mailbox: 'exchangeOnline' | 'onPremises';
  /** A shared mailbox the signed-in user has full access to (work accounts only). */
  shared?: boolean;
}

export interface Mailbox {
  user: DirectoryUser;
  store: Store;
  /** Raw path prefix as the client sent it, `/v1.0/me` or `/v1.0/users/{id|upn}`: links keep the client's form. */
  root: string;
  /** The signed-in user's own mailbox (`/me`, or `/users/` with their id or UPN). */
  own: boolean;
}

/** A mailbox the sandbox models with a store of its own. */
export interface ModelledMailbox {
  user: DirectoryUser;
  store: Store;
}

export interface InProcessRequest {
  method: string;
  /** A path with query, relative to `/v1.0` (`/me/messages?$top=1`) or absolute on the sandbox host. */
  url: string;
  headers?: Record<string, string>;
  /** A Buffer is sent as is; anything else is serialised as JSON. */
  body?: unknown;
}

export interface SandboxCore {
  readonly url: string;
  readonly seed: number;
  readonly clock: SandboxClock;
  /** The signed-in user's mailbox. */
  readonly store: Store;
  /** Every modelled mailbox: the signed-in user's first, then the shared one. */
  readonly mailboxes: readonly ModelledMailbox[];
  /** The shared mailbox user (it is in `users` too). */
  readonly sharedUser: DirectoryUser;
  readonly behaviour: BehaviourKnobs;
  readonly tokens: TokenService;
  readonly faults: FaultEngine;
  readonly objects: ObjectStore;
  readonly objectStorageToken: string;
  readonly users: readonly DirectoryUser[];
  /** The signed-in user (the owner of `store`). */
  readonly me: DirectoryUser;
  /** A directory user by id, UPN or mail; personal accounts see no shared mailbox. */
  findUser(idOrUpn: string): DirectoryUser | undefined;
  /** The store of a modelled mailbox, undefined for users whose mailbox is not modelled. */
  storeOf(user: DirectoryUser): Store | undefined;
  /** Per-sandbox state of a route module, created on first use. */
  state<T>(key: string, create: () => T): T;
  /** Runs on `stop()` (timers, outgoing connections). */
  onStop(fn: () => void | Promise<void>): void;
  /** Runs a request through routing, auth and the handler, without a socket. Counted per route like HTTP ones. */
  dispatch(req: SandboxRequest, options?: { fault?: FaultDecision }): Promise<SandboxResponse>;
  /** Builds a request for `dispatch`, e.g. from a `$batch` item (inherits nothing from the outer request). */
  request(init: InProcessRequest): SandboxRequest;
  /**
   * The route a request would take and its fault class, e.g. to draw a fault for a `$batch` item:
   * `dispatch(req, { fault: faults.decide(name, faultClass) })` (only status faults apply without a socket).
   */
  routeOf(req: SandboxRequest): { name: string; faultClass: 'graph' | 'explicit' };
}
