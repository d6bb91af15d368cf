/** Every operation the emulator serves. */
import type { Operation } from '../operation.ts';
import { userOperations } from './users.ts';

/** The route table of the fetch handler. */
export const operations: readonly Operation[] = [...userOperations];
