// Zod 4 compiles object parsers with `new Function` unless told not to. The renderer's CSP has no
// 'unsafe-eval', so that would be a CSP violation on every start. This module must be evaluated
// before any schema is constructed (zod reads the flag at schema creation): import it first.
import * as z from 'zod';

z.config({ jitless: true });
