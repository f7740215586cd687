// The page's CSP has no 'unsafe-eval', and zod decides whether to compile a parser with
// new Function when a schema is built. Import this module before any that builds schemas.
import { z } from 'zod';

z.config({ jitless: true });
