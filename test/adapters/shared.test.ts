/**
 * adapters/shared: errors as a builder shows them, and connections from a builder's credential fields.
 */
import { describe, expect, it } from 'vitest';
import { accessTokenConnection, connectionFrom } from '../../adapters/shared/connections.ts';
import { builderError } from '../../adapters/shared/errors.ts';
import { createConnector } from '../../connector.ts';
import { ValidationError } from '../../lib/errors.ts';

describe('builderError', () => {
  it("gives a connector error's message, code, kind, what to do and the bad fields", () => {
    const error = new ValidationError('userId is required.', [{ path: 'userId', message: 'Required' }]);
    expect(builderError(error)).toEqual({
      message: 'userId is required.',
      code: 'INVALID_INPUT',
      kind: 'validation',
      whatToDo: 'Correct the fields named in details.issues, then run it again.',
      issues: [{ path: 'userId', message: 'Required' }],
    });
  });

  // Catches a stack or a secret reaching the builder from an error that is not ours.
  it('turns any other error into INTERNAL_ERROR without its stack or the secrets named', () => {
    const shown = builderError(new TypeError('cannot read "x" of undefined with token 00abcSECRET'), ['00abcSECRET']);
    expect(shown).toMatchObject({ code: 'INTERNAL_ERROR', kind: 'internal' });
    expect(shown.message).toContain('cannot read "x" of undefined');
    expect(JSON.stringify(shown)).not.toContain('00abcSECRET');
    expect(JSON.stringify(shown)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('connections from credential fields', () => {
  it("keeps only the connection type's own fields, without empty ones (n8n adds its own keys to a credential)", () => {
    expect(
      connectionFrom('oauthClientCredentials', {
        domain: 'acme.okta.com',
        clientId: '0oa1',
        privateKey: 'PEM',
        keyId: '',
        scopes: 'okta.users.read',
        oauthTokenData: { access_token: 'x' },
      }),
    ).toEqual({
      type: 'oauthClientCredentials',
      fields: { domain: 'acme.okta.com', clientId: '0oa1', privateKey: 'PEM', scopes: 'okta.users.read' },
    });
  });

  it('hands a builder-held access token to the runtime as a platform-held Bearer credential', async () => {
    const connection = accessTokenConnection('acme.okta.com', 'eyJ.token');
    expect(connection).toEqual({
      type: 'namedCredential',
      fields: { domain: 'acme.okta.com', authorization: 'Bearer eyJ.token' },
    });
    // The runtime accepts it as it is (no request is sent for an input error).
    await expect(createConnector().runAction('getUser', { connection, input: {} })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
