/** Every operation the emulator serves. */
import type { Operation } from '../operation.ts';
import { accountOperations } from './account.ts';
import { billingOperations } from './billing.ts';
import { credentialOperations } from './credentials.ts';
import { deviceAndTokenOperations } from './devices-and-tokens.ts';
import { identifierOperations } from './identifiers.ts';
import { organizationOperations } from './organizations.ts';
import { userOperations } from './users.ts';

/** The route table of the fetch handler. */
export const operations: readonly Operation[] = [
  ...userOperations,
  ...accountOperations,
  ...identifierOperations,
  ...credentialOperations,
  ...organizationOperations,
  ...billingOperations,
  ...deviceAndTokenOperations,
];
