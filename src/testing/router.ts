/** Finds the operation for a method and path, and decodes its path parameters. */
import type { Operation } from './operation.ts';

interface CompiledRoute {
  operation: Operation;
  segments: string[];
  literalCount: number;
}

/** A match: the operation, or `undefined` with the decoded parameters of none. */
export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/** Compiles a route table once; literal segments win over parameters (`/users/count` over `/users/{user_id}`). */
export function createRouter(
  operations: readonly Operation[],
): (method: string, path: string) => RouteMatch | 'malformed' | undefined {
  const routes: CompiledRoute[] = operations.map((operation) => {
    const segments = operation.template.split('/').slice(1);
    return { operation, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
  });
  routes.sort((a, b) => b.literalCount - a.literalCount);
  return (method, path) => {
    const parts = path.split('/').slice(1);
    for (const route of routes) {
      if (route.operation.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < parts.length && matched; i++) {
        const segment = route.segments[i] as string;
        const part = parts[i] as string;
        if (segment.startsWith('{')) {
          if (part === '') matched = false;
          else {
            try {
              params[segment.slice(1, -1)] = decodeURIComponent(part);
            } catch {
              return 'malformed';
            }
          }
        } else if (segment !== part) matched = false;
      }
      if (matched) return { operation: route.operation, params };
    }
    return undefined;
  };
}
