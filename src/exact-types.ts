// biome-ignore-all lint/complexity/noBannedTypes: `{}` is meant here: "no extra options" as a default, and the empty type that an optional key extends
/**
 * The client's method types: openapi-fetch's, made exact.
 *
 * openapi-fetch infers the whole second argument as one type parameter and only checks that it is
 * assignable to the operation's options, so a misspelt key in `body`, `params.query` or
 * `params.path` (`first_namex`, `offsett`) compiles and is silently sent or dropped (a known
 * upstream limitation). Here the three parts are inferred on their own and
 * every key the operation does not declare is mapped to {@link UnknownKey}, so the error sits on the
 * typo itself. The rest of the options object is a plain (non-generic) type, so a misspelt option
 * (`parms`, `sigal`) is an excess-property error too. `order_by` is narrowed per endpoint to the
 * fields of `ORDER_BY_FIELDS` (src/order-by.ts); the spec keeps Clerk's plain string.
 *
 * Typing only: the runtime object is openapi-fetch's client, cast once in createClerkClient.
 * Results reuse openapi-fetch's own `FetchResponse`, so `data` / `error` are exactly as before.
 */
import type {
  BodySerializer,
  ClientOptions,
  FetchResponse,
  HeadersOptions,
  Middleware,
  ParseAs,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import type { OrderByPath, OrderByValue } from './order-by.ts';
import type {
  BodyOf,
  GeneratedQueryOf,
  HttpMethod,
  OperationOf,
  ParametersOf,
  PathParamsOf,
  PathsWithMethod,
} from './schema-types.ts';

// Only openapi-fetch itself is imported: its helper package is not our dependency, so a consumer's
// package manager need not make it resolvable from here.

/**
 * `Q` with `order_by` narrowed to `P`'s fields; homomorphic, so optionality and the spec's docs stay.
 * @example type Query = WithTypedOrderBy<'/users', { order_by?: string }>;
 */
export type WithTypedOrderBy<P, Q> = P extends OrderByPath
  ? { [K in keyof Q]: K extends 'order_by' ? OrderByValue<P> : Q[K] }
  : Q;

/**
 * The query parameters `M path` declares (never when it has none), with `order_by` typed per path.
 * @example
 * const query: QueryOf<'/users', 'get'> = { limit: 10, order_by: '-created_at' };
 */
export type QueryOf<P extends keyof paths, M extends HttpMethod> = [GeneratedQueryOf<P, M>] extends [never]
  ? never
  : WithTypedOrderBy<P, GeneratedQueryOf<P, M>>;

/** Whether the operation `O` requires a body. @example type Yes = IsBodyRequired<OperationOf<'/users', 'post'>>; */
export type IsBodyRequired<O> = O extends { requestBody: object } ? true : false;

/**
 * The type an undeclared key is given. Nothing a caller writes is assignable to it, so the error
 * names the key: `Type 'number' is not assignable to type 'UnknownKey<"offsett">'`.
 */
export interface UnknownKey<K extends PropertyKey> {
  /** The undeclared key; the symbol is not exported, so no value can be written with it. */
  readonly [unknownKey]: K;
}
declare const unknownKey: unique symbol;

/**
 * `T` (as the caller wrote it) where every key that `Shape` does not declare must be an
 * {@link UnknownKey}, i.e. cannot be written at all. A `T` with an index signature
 * (`Record<string, …>`, built at run time) has no keys to check and is left to plain
 * assignability, as in openapi-fetch.
 */
export type Exactly<T, Shape> = string extends keyof T
  ? T
  : number extends keyof T
    ? T
    : T & { [K in Exclude<keyof T, keyof Shape>]: UnknownKey<K> };

/**
 * `params`: `path` and `query` exact, the other locations as generated. Spelt out rather than mapped
 * over the generated keys: TypeScript does not infer through a mapped type whose keys are not yet
 * known, so `PathT` / `QueryT` would silently fall back to their defaults.
 */
/**
 * The `params` object of `M path`.
 * @example
 * type Params = ParamsInit<'/users/{user_id}', 'get', { user_id: string }, never>;
 */
export type ParamsInit<P extends keyof paths, M extends HttpMethod, PathT, QueryT> = ([PathParamsOf<P, M>] extends [
  never,
]
  ? { path?: never }
  : { path: Exactly<PathT, PathParamsOf<P, M>> }) &
  ([QueryOf<P, M>] extends [never]
    ? { query?: never }
    : IsQueryRequired<OperationOf<P, M>> extends true
      ? { query: Exactly<QueryT, QueryOf<P, M>> }
      : { query?: Exactly<QueryT, QueryOf<P, M>> }) &
  Omit<ParametersOf<OperationOf<P, M>>, 'path' | 'query'>;

/** Whether the operation `O` requires a query. @example type No = IsQueryRequired<OperationOf<'/users', 'get'>>; */
export type IsQueryRequired<O> = O extends { parameters: { query: object } } ? true : false;

/** Keys that must be present in `T`. @example type K = RequiredKeys<{ a: 1; b?: 2 }>; // 'a' */
export type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/**
 * `params`, required when `M path` has a required parameter.
 * @example
 * type P = ParamsOption<'/users', 'get', never, {}>;
 */
export type ParamsOption<P extends keyof paths, M extends HttpMethod, PathT, QueryT> = [
  RequiredKeys<ParametersOf<OperationOf<P, M>>>,
] extends [never]
  ? { params?: ParamsInit<P, M, PathT, QueryT> }
  : { params: ParamsInit<P, M, PathT, QueryT> };

/**
 * `body`, required when `M path` requires one.
 * @example
 * type B = BodyOption<'/users', 'post', { email_address: string[] }>;
 */
export type BodyOption<P extends keyof paths, M extends HttpMethod, BodyT> = [BodyOf<P, M>] extends [never]
  ? { body?: never }
  : IsBodyRequired<OperationOf<P, M>> extends true
    ? { body: Exactly<BodyT, BodyOf<P, M>> }
    : { body?: Exactly<BodyT, BodyOf<P, M>> };

/**
 * The per-request options besides `params` and `body`: the same as openapi-fetch's (RequestInit
 * such as `signal`, plus `headers`, `parseAs`, serializers, `fetch`, `middleware`, `baseUrl`).
 */
export interface CallOptions<O, A extends ParseAs> extends Omit<RequestInit, 'body' | 'headers'> {
  /** Overrides the client's `baseUrl` for this request. */
  baseUrl?: string;
  /** How to serialize `params.query`. */
  querySerializer?: QuerySerializer<O> | QuerySerializerOptions;
  /** How to serialize `body`. */
  bodySerializer?: BodySerializer<O>;
  /** How to fill the path template from `params.path`. */
  pathSerializer?: PathSerializer;
  /** How to read the success body (default `'json'`); `data` is typed accordingly. */
  parseAs?: A;
  /** A `fetch` for this request only. */
  fetch?: ClientOptions['fetch'];
  /** Headers for this request, merged over the client's. */
  headers?: HeadersOptions;
  /** Middleware for this request only. */
  middleware?: Middleware[];
}

/**
 * The options object of `M path`, exact in `params.path`, `params.query` and `body`. `PathT`,
 * `QueryT`, `BodyT` and `A` are what the caller wrote (inferred by the method signatures); `Extra`
 * holds options a layer of this client reads besides openapi-fetch's.
 */
export type ExactInit<
  P extends keyof paths,
  M extends HttpMethod,
  PathT = PathParamsOf<P, M>,
  QueryT = QueryOf<P, M>,
  BodyT = BodyOf<P, M>,
  A extends ParseAs = 'json',
  Extra extends object = {},
> = ParamsOption<P, M, PathT, QueryT> & BodyOption<P, M, BodyT> & CallOptions<OperationOf<P, M>, A> & Extra;

/**
 * Whether the options object must be passed: a required path/query parameter or body.
 * @example
 * type Yes = IsInitRequired<'/users/{user_id}', 'get'>;
 */
export type IsInitRequired<P extends keyof paths, M extends HttpMethod> = [
  RequiredKeys<ParametersOf<OperationOf<P, M>>>,
] extends [never]
  ? IsBodyRequired<OperationOf<P, M>>
  : true;

/**
 * The options argument of a call: optional unless {@link IsInitRequired}.
 * @example
 * type A = ExactInitArgs<'/users', 'get', {}>;
 */
export type ExactInitArgs<P extends keyof paths, M extends HttpMethod, Init> =
  IsInitRequired<P, M> extends true ? [init: Init] : [init?: Init];

/** What a call resolves to: openapi-fetch's own result type, so `data` / `error` are unchanged. */
export type ExactResponse<P extends keyof paths, M extends HttpMethod, A extends ParseAs = 'json'> = FetchResponse<
  OperationOf<P, M>,
  { parseAs: A },
  `${string}/${string}`
>;

/** One HTTP method of the client, e.g. `GET`; `Extra` as in {@link ExactInit}. */
export type ExactMethod<M extends HttpMethod, Extra extends object = {}> = <
  P extends PathsWithMethod<M>,
  PathT extends PathParamsOf<P, M> = PathParamsOf<P, M>,
  QueryT extends QueryOf<P, M> = QueryOf<P, M>,
  BodyT extends BodyOf<P, M> = BodyOf<P, M>,
  A extends ParseAs = 'json',
>(
  url: P,
  ...init: ExactInitArgs<P, M, ExactInit<P, M, PathT, QueryT, BodyT, A, Extra>>
) => Promise<ExactResponse<P, M, A>>;

/** `client.request(method, path, init)`, with the same checks as the per-method calls. */
export type ExactRequestMethod<Extra extends object = {}> = <
  M extends HttpMethod,
  P extends PathsWithMethod<M>,
  PathT extends PathParamsOf<P, M> = PathParamsOf<P, M>,
  QueryT extends QueryOf<P, M> = QueryOf<P, M>,
  BodyT extends BodyOf<P, M> = BodyOf<P, M>,
  A extends ParseAs = 'json',
>(
  method: M,
  url: P,
  ...init: ExactInitArgs<P, M, ExactInit<P, M, PathT, QueryT, BodyT, A, Extra>>
) => Promise<ExactResponse<P, M, A>>;

/**
 * openapi-fetch's client for the spec's `paths`, with exact `params.path`, `params.query` and
 * `body`, and `order_by` typed per endpoint. `Extra`: per-call options this client reads besides
 * openapi-fetch's (they are typed, not allowed as arbitrary keys).
 * @example
 * const { data } = await clerk.PATCH('/users/{user_id}', { params: { path: { user_id } }, body: { first_name: 'Ada' } });
 */
export interface ExactClient<Extra extends object = {}> {
  /** Calls `method path`; prefer the per-method calls below. */
  request: ExactRequestMethod<Extra>;
  /** Calls a GET endpoint. */
  GET: ExactMethod<'get', Extra>;
  /** Calls a PUT endpoint. */
  PUT: ExactMethod<'put', Extra>;
  /** Calls a POST endpoint. */
  POST: ExactMethod<'post', Extra>;
  /** Calls a DELETE endpoint. */
  DELETE: ExactMethod<'delete', Extra>;
  /** Calls an OPTIONS endpoint (the spec has none). */
  OPTIONS: ExactMethod<'options', Extra>;
  /** Calls a HEAD endpoint (the spec has none). */
  HEAD: ExactMethod<'head', Extra>;
  /** Calls a PATCH endpoint. */
  PATCH: ExactMethod<'patch', Extra>;
  /** Calls a TRACE endpoint (the spec has none). */
  TRACE: ExactMethod<'trace', Extra>;
  /** Registers middleware for every later request. */
  use(...middleware: Middleware[]): void;
  /** Unregisters middleware. */
  eject(...middleware: Middleware[]): void;
}
