import type { paths } from '../generated/schema.ts';
import type { QueryOf } from './exact-types.ts';

/** The query object of `GET path` as generated (`order_by` a plain string), or never when there is none. */
type GeneratedGetQueryOf<P extends keyof paths> = paths[P] extends { get: infer Op }
  ? Op extends { parameters: { query?: infer Q } }
    ? [NonNullable<Q>] extends [never]
      ? never
      : NonNullable<Q>
    : never
  : never;

/**
 * The query object of `GET path` as the client takes it (`order_by` narrowed to the path's fields),
 * or never when that path has no GET or no query parameters.
 */
export type GetQueryOf<P extends keyof paths> = QueryOf<P, 'get'>;

/** Paths whose GET declares the query parameter `Name` (read from the generated types, so no cycle through `order_by`). */
export type PathsWithQueryParameter<Name extends string> = {
  [P in keyof paths]: [GeneratedGetQueryOf<P>] extends [never] ? never : Name extends keyof GeneratedGetQueryOf<P> ? P : never;
}[keyof paths];
