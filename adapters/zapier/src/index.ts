/**
 * @module The package's two Zapier apps (Zapier gives an integration one authentication scheme, auth.ts): `app`,
 * with the API token and OAuth service app connections (the package's `main`, index.js), and `oauth2App`, signed in
 * through Zapier's OAuth2 with PKCE (oauth2.js). Each file of the package passes the samples build.ts wrote.
 */
import { createApp, type Samples } from './app.ts';

export const app = (samples: Samples) => createApp('custom', samples);
export const oauth2App = (samples: Samples) => createApp('oauth2', samples);
