import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for the SDK's default credential chain in the function bundles (an esbuild alias of
 * `@aws-sdk/credential-provider-node`, see infra/bundling.ts). Lambda hands a function its role's
 * credentials in the environment, as the local stack does; the chain's other sources (profile files,
 * SSO, web identity, container and instance metadata) never apply there, and with their clients they
 * were about 110 KB of each bundle, evaluated at every cold start.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);

/** Environment credentials do not expire while the execution environment lives. */
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
