import type { paths } from '../generated/schema.ts';

/** The query object of `GET path`, or never when that path has no GET or no query parameters. */
export type GetQueryOf<P extends keyof paths> = paths[P] extends { get: infer Op }
  ? Op extends { parameters: { query?: infer Q } }
    ? [NonNullable<Q>] extends [never]
      ? never
      : NonNullable<Q>
    : never
  : never;

/** Paths whose GET declares the query parameter `Name`. */
export type PathsWithQueryParameter<Name extends string> = {
  [P in keyof paths]: [GetQueryOf<P>] extends [never] ? never : Name extends keyof GetQueryOf<P> ? P : never;
}[keyof paths];
