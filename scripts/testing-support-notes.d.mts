/** operationId -> [what the emulator does, what it does not model]. */
export declare const SUPPORT_NOTES: Record<string, [string, string]>;
