export declare const specPath: string;
export declare function prismEntry(): string;
export declare function freePort(): Promise<number>;
/** Rejects (code `EADDRINUSE` when taken) unless the port can be bound on 127.0.0.1. */
export declare function assertPortFree(port: number): Promise<void>;
export interface RunningPrism {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  /** Resolves when Prism exits, whatever the reason. */
  exited: Promise<{ code: number | null; signal: string | null }>;
}
export declare function startPrism(options?: {
  port?: number;
  logLevel?: string;
  timeoutMs?: number;
  spec?: string;
  onLog?: (text: string) => void;
}): Promise<RunningPrism>;
