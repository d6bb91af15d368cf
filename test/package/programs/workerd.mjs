// workerd (Cloudflare's Workers runtime): bundled with esbuild into one module, run by `workerd test`.
// Arguments arrive as the ARGS text binding; the results go to stdout through console.log.
import * as lib from 'clerk-users';
import { smoke } from './smoke.mjs';

export default {
  async test(_controller, env) {
    try {
      console.log(JSON.stringify(await smoke(lib, JSON.parse(env.ARGS))));
    } catch (error) {
      console.log(JSON.stringify({ fatal: String(error?.stack ?? error) }));
      throw error;
    }
  },
};
