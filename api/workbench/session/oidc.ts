/**
 * Sign-in to the workbench through the identity provider: OpenID Connect, authorization code with PKCE (openid-client).
 * The provider is the one whose keys the API already trusts (`AUTH_JWKS_URL`, `AUTH_ISSUER`, `AUTH_AUDIENCE`): the
 * session keeps the access token it issues for the API (a JWT for `OIDC_RESOURCE`, default `AUTH_AUDIENCE`, carrying
 * `role`, `unit`, `group`), or its ID token when the access token is not a JWT; either is then checked exactly as the
 * API checks a bearer token. What a sign-in needs between the redirect and the callback (state, nonce, the PKCE
 * verifier, where to go next) waits in a short-lived, signed HttpOnly cookie on the callback's path. The redirect URI is
 * `PUBLIC_URL/workbench/signin/callback`, from the setting alone: a request's Host header never makes it.
 */
import { secureOrLoopback } from '../../../lib/infra/loopback';
import type * as OpenId from 'openid-client';
import type { ApiConfig } from '../../config';

type OpenIdClient = typeof OpenId;

export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** The problem with the OIDC settings, if any (the API refuses to start with it). */
export function oidcSettingsProblem(config: ApiConfig): string | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  if (!config.OIDC_CLIENT_ID)
    return 'OIDC_ISSUER is set, so set OIDC_CLIENT_ID (the workbench as the provider knows it)';
  if (!config.AUTH_JWKS_URL) {
    return 'OIDC_ISSUER is set, so set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE: the API must trust the provider’s tokens';
  }
  if (!config.PUBLIC_URL) {
    return 'OIDC_ISSUER is set, so set PUBLIC_URL (the address people reach the workbench at): the sign-in’s redirect URI is PUBLIC_URL/workbench/signin/callback, never taken from a request';
  }
  if (!/^https?:\/\/[^/]/.test(config.PUBLIC_URL) || !URL.canParse(config.PUBLIC_URL)) {
    return `PUBLIC_URL must be an http(s) URL, not ${config.PUBLIC_URL}`;
  }
  let url: URL;
  try {
    url = new URL(config.OIDC_ISSUER);
  } catch {
    return `OIDC_ISSUER is not a URL: ${config.OIDC_ISSUER}`;
  }
  // Plain http only to a local provider (and the tests).
  if (!secureOrLoopback(url)) {
    return `OIDC_ISSUER must use https (plain http only to a loopback host), not ${url.origin}`;
  }
  return undefined;
}

export class OidcSignIn {
  private configuration?: Promise<OpenId.Configuration>;
  private lib?: Promise<OpenIdClient>;

  constructor(private readonly config: ApiConfig) {}

  private client(): Promise<OpenIdClient> {
    // openid-client is an ES module; it is loaded when the first person signs in this way.
    this.lib ??= import('openid-client');
    return this.lib;
  }

  /** The provider's metadata (discovery), fetched once; a failed fetch is tried again at the next sign-in. */
  private async discovered() {
    const client = await this.client();
    const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = this.config;
    const issuer = new URL(OIDC_ISSUER!);
    this.configuration ??= client
      .discovery(
        issuer,
        OIDC_CLIENT_ID!,
        OIDC_CLIENT_SECRET,
        OIDC_CLIENT_SECRET ? client.ClientSecretPost(OIDC_CLIENT_SECRET) : client.None(),
        issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw err;
      });
    return this.configuration;
  }

  private get resource(): string | undefined {
    return this.config.OIDC_RESOURCE ?? this.config.AUTH_AUDIENCE;
  }

  /**
   * Where to send the browser, and what to keep until it comes back. `reauthenticate`: the provider asks the person to
   * sign in again (prompt=login), e.g. with the second factor their first sign-in lacked.
   */
  async start(
    redirectUri: string,
    next: string,
    reauthenticate = false,
  ): Promise<{ url: string; transaction: OidcTransaction }> {
    const client = await this.client();
    const configuration = await this.discovered();
    const verifier = client.randomPKCECodeVerifier();
    const transaction = { state: client.randomState(), nonce: client.randomNonce(), verifier, next };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.OIDC_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
      ...(this.resource ? { resource: this.resource } : {}),
      ...(reauthenticate ? { prompt: 'login' } : {}),
    });
    return { url: url.href, transaction };
  }

  /** The callback: the code exchanged for tokens (state, nonce and PKCE checked); answers the token for the API. */
  async finish(callbackUrl: URL, redirectUri: string, transaction: OidcTransaction): Promise<string> {
    const client = await this.client();
    const configuration = await this.discovered();
    const tokens = await client.authorizationCodeGrant(
      configuration,
      callbackUrl,
      {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      },
      { redirect_uri: redirectUri, ...(this.resource ? { resource: this.resource } : {}) },
    );
    const isJwt = (t: string | undefined) => typeof t === 'string' && t.split('.').length === 3;
    const token = isJwt(tokens.access_token) ? tokens.access_token : tokens.id_token;
    if (!token) throw new Error('the provider answered no token the API can verify');
    return token;
  }
}
