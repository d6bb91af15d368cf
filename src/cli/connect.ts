// The client every command uses: the secret key from the environment or --secret-key-file, and the
// connection flags (--base-url, --allow-unversioned-base-url, --rate-limit) as client options.
import { readFile } from 'node:fs/promises';
import {
  CLIENT_VERSION,
  type ClerkUsersClient,
  createClerkClient,
  isClerkInputError,
  type RateLimit,
} from '../index.ts';
import type { RunContext } from './context.ts';
import { UsageError } from './usage-error.ts';
import type { Value } from './values.ts';

/** A client, and the key it holds (to redact it from every message, and to fingerprint a resumable export). */
export interface Connection {
  client: ClerkUsersClient;
  secretKey: string;
  /** The API root the client calls (the flag as given, or the library's default). */
  baseUrl: string | undefined;
}

/** Creates the client from the connection settings. Throws {@link UsageError} for a missing key or an unusable URL. */
export async function connect(
  settings: Record<string, Value>,
  context: Pick<RunContext, 'io' | 'redactor'>,
): Promise<Connection> {
  const env = context.io.env;
  const secretKeyFile = settings.secretKeyFile as string | undefined;
  const baseUrl = settings.baseUrl as string | undefined;
  let secretKey = env.CLERK_SECRET_KEY;
  if (secretKeyFile !== undefined) {
    try {
      secretKey = await readFile(secretKeyFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new UsageError(
        `cannot read --secret-key-file ${JSON.stringify(secretKeyFile)} (${code})`,
        'Give a file that holds only the secret key (sk_live_… or sk_test_…).',
      );
    }
  }
  context.redactor.add(secretKey);
  if (secretKey === undefined || secretKey.trim() === '') {
    throw new UsageError(
      'no secret key: set CLERK_SECRET_KEY or pass --secret-key-file FILE',
      'Find the key under API keys in the Clerk dashboard; it is never taken as a flag, to keep it out of shell history.',
    );
  }
  try {
    const client = createClerkClient({
      secretKey,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(settings.allowUnversionedBaseUrl === true ? { allowUnversionedBaseUrl: true } : {}),
      ...(settings.rateLimit !== undefined ? { rateLimit: settings.rateLimit as RateLimit | 'auto' } : {}),
      userAgent: `clerk-users-cli/${CLIENT_VERSION}`,
    });
    return { client, secretKey: secretKey.trim(), baseUrl };
  } catch (error) {
    if (isClerkInputError(error) && error.code === 'base_url_without_version') {
      // The library names its option; on the command line the way out is a flag.
      throw new UsageError(
        `--base-url ${JSON.stringify(baseUrl)} does not end in an API version segment such as /v1`,
        'Add the version (e.g. /v1), or add --allow-unversioned-base-url if a mock or proxy serves the API at this root (npm run mock does).',
      );
    }
    throw error;
  }
}
